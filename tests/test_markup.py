"""Text made safe for HTML: content files' hard-wrapped paragraphs read as paragraphs."""

from course_lib.markup import paragraphs, prose, unwrap

WRAPPED = """Last November our team of five had a backlog of 600 emails, and
the sale was two weeks away.

  I sorted the emails by topic first.
I wrote a short script that tagged them.



We cleared the backlog in eight days.
"""


def test_unwrap_joins_the_lines_of_each_paragraph_and_keeps_the_paragraphs():
    assert unwrap(WRAPPED) == (
        "Last November our team of five had a backlog of 600 emails, and the sale was two weeks away.\n\n"
        "I sorted the emails by topic first. I wrote a short script that tagged them.\n\n"
        "We cleared the backlog in eight days.")
    assert unwrap("One line.") == "One line."
    assert unwrap("") == unwrap(None) == unwrap(" \n \n") == ""
    assert unwrap("A line\r\nwrapped on Windows.\r\n\r\nNext.") == "A line wrapped on Windows.\n\nNext."


def test_prose_is_one_escaped_paragraph_per_paragraph_with_no_line_breaks():
    html = prose(WRAPPED)
    assert html.count("<p>") == 3 and "<br>" not in html
    assert html.startswith("<p>Last November our team of five had a backlog of 600 emails, and the sale")
    assert prose("<img src=x onerror=alert(1)>\nstays text") == "<p>&lt;img src=x onerror=alert(1)&gt; stays text</p>"
    assert prose("") == ""


def test_a_learners_own_text_keeps_its_line_breaks():
    assert paragraphs("Dear Ana,\nthank you.") == "Dear Ana,<br>thank you."
