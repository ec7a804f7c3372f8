"""Text made safe for HTML and Markdown: content files' hard-wrapped paragraphs read as paragraphs, and
learner text shows exactly as typed, never as markup."""

import html as _html

import mistune
import pytest
from hypothesis import given, settings, strategies as st

from course_lib.markup import markdown_inline, markdown_text, paragraphs, printable, prose, unwrap
from course_lib.testing import html_text

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


# --- Markdown: learner text stays text ---------------------------------------------------------
# Pieces of Markdown and control characters a learner could type, mixed into random text.
MARKDOWN_PIECES = ["```", "~~~", "#", "## ", "- ", "+ ", "* ", "1. ", "2) ", "[a](b)", "![i](u)", "<b>", "<!--",
                   "<script>", "\n", "\n\n", "    ", "\t", "|", "*", "_", "\x00", "\x1b", "\r", "\r\n", "&amp;",
                   "&lt;", "\\", "===", "---", "> ", "`", "$", "<http://x.y>", "[x]: /u", "\u2028", "\x85", "\x0c"]
learner_text = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(MARKDOWN_PIECES)), max_size=25).map("".join)
RENDER = mistune.create_markdown(plugins=["table", "strikethrough"])


def shown(markdown: str) -> str:
    """What a reader sees of ``markdown``. mistune leaves entity references as they are written
    (&lt; shows as &lt;) where a CommonMark viewer decodes them, hence the second unescape."""
    return _html.unescape(html_text(RENDER(markdown)))


@pytest.mark.parametrize("text", [
    "```python\nprint(1)", "~~~\nthe rest of the pack", "# Not a heading", "Title\n===", "Title\n---", "- a list",
    "+ a list", "1. first\n2) second", "[a link](https://example.org)", "![a picture](https://example.org/x.png)",
    "<img src=x onerror=alert(1)>", "| a | b |\n|---|---|", "    four spaces of code", "*bold* and _em_", "$x^2$",
    "[ref]: https://example.org", "<https://example.org>",
])
def test_markdown_in_learner_text_stays_text(text):
    html = RENDER(markdown_text(text))
    for tag in ("<pre", "<code", "<h1", "<h2", "<ul", "<ol", "<a ", "<img", "<table", "<em", "<strong", "<script",
                "<hr"):
        assert tag not in html, (text, html)
    assert shown(markdown_text(text)) == " ".join(text.split())


def test_control_characters_are_dropped_and_line_ends_kept():
    assert printable("a\x00b\x1b[0mc\x7f\x85d\ud800") == "ab[0mcd"
    assert printable("one\r\ntwo\rthree") == "one\ntwo\nthree"
    assert markdown_text("a\x00b\r\nc") == "ab\\\nc"
    assert markdown_inline("two\nlines") == "two lines"


@settings(max_examples=400, deadline=None)
@given(learner_text)
def test_any_learner_text_shows_exactly_as_typed_in_markdown(text):
    """Whatever the text holds, a reader sees its words (control characters dropped, runs of spaces
    and line breaks as one space) and nothing else: no heading closed, no code, no link."""
    expected = " ".join(printable(text).split())
    assert shown(markdown_text(text)) == expected
    assert shown("### " + markdown_inline(text)) == expected
