"""Learner text is untrusted: typed through the real page, markup shows as text and never runs;
very long, emoji and right-to-left text neither crash nor hang a widget, and come back intact.

Uses tests/e2e/notebooks/all_widgets.ipynb, which shows every course widget on one page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import course_ui
from notebook_ui import KERNEL_TIMEOUT_MS, LabNotebook, expect_clean

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

NOTEBOOK = "e2e/all_widgets.ipynb"
HOSTILE = (
    "I fixed the rota. <img src=x onerror=alert(1)> Then <script>alert(2)</script> "
    '<a href="javascript:alert(3)">click</a> and "quotes" & ampersands.'
)
INTERNATIONAL = "Je suis ravie 🎉 — مقابلة ثانية ناجحة — ראיון שני 👩🏽‍💻 — I led 5 people."
LONG = ("I organised the weekly stock count and cut the time it took from six hours to four. " * 1300)[:100_000]


@pytest.fixture
def widgets_page(page, lab, learner):
    nb = LabNotebook(page, lab.url, lab.token, NOTEBOOK).open()
    nb.run_all()
    expect_clean(nb)
    return nb


def injected(nb) -> list[str]:
    """Elements that learner markup would have created had it been inserted as HTML."""
    return nb.page.evaluate(
        """() => [
            ...Array.from(document.querySelectorAll("img[src='x']")).map(e => e.outerHTML),
            ...Array.from(document.querySelectorAll('.jp-OutputArea-output script'))
                  .filter(s => s.textContent.includes('alert(')).map(e => e.outerHTML),
            ...Array.from(document.querySelectorAll("a[href^='javascript:']")).map(e => e.outerHTML),
        ]"""
    )


def test_markup_in_a_star_answer_and_a_worksheet_shows_as_text_everywhere(widgets_page, page):
    nb = widgets_page
    coach = course_ui.StarFlow(page, nb.root)
    coach.text = HOSTILE
    coach.do()  # each sentence marked, tips shown, saved to the story bank
    reading = coach.panel.locator(".course-star-feedback .course-star-answer")
    expect(reading).to_contain_text("<img src=x onerror=alert(1)>")
    expect(reading).to_contain_text("<script>alert(2)</script>")
    expect(nb.root.locator(".course-star-stories")).to_contain_text("I fixed the rota.")
    sheet = course_ui.WorksheetFlow(page, nb.root)
    sheet.text = HOSTILE
    sheet.do()
    assert injected(nb) == []
    pack = course_ui.PrepPackFlow(page, nb.root, before=[coach, sheet])
    pack.do()  # the pack's HTML holds both texts, escaped
    assert injected(nb) == []

    nb.restart_kernel()
    nb.run_all()
    coach.check_kept()  # the texts come back exactly as typed, and read the same
    sheet.check_kept()
    assert injected(nb) == []

    # The printable prep pack, opened in the browser as a learner would: the text, and nothing runs.
    html_file = next(p for p in pack.files if p.suffix == ".html")
    page.goto(html_file.as_uri())
    expect(page.locator("body")).to_contain_text("<img src=x onerror=alert(1)>")
    expect(page.locator("body")).to_contain_text("<script>alert(2)</script>")
    assert injected(nb) == []


def test_long_emoji_and_right_to_left_text_is_saved_and_restored(widgets_page, page):
    nb = widgets_page
    long_sheet = course_ui.WorksheetFlow(page, nb.root)
    long_sheet.text = LONG
    long_sheet.do()  # "Saved" appears: the widget neither crashed nor hung
    expect(long_sheet.status).to_contain_text("100,000 characters", timeout=KERNEL_TIMEOUT_MS)

    long_story = course_ui.StarFlow(page, nb.root)
    long_story.type_answer(LONG)  # the coach reads it all, and shows the first part of it
    expect(long_story.panel.locator(".course-star-answer")).to_contain_text("more characters not shown",
                                                                           timeout=KERNEL_TIMEOUT_MS)
    expect(long_story.status).to_contain_text(f"{len(LONG.split()):,} words")

    # The page still answers a learner straight away: the quiz works after the long text.
    course_ui.QuizFlow(page, nb.root).do()

    short = nb.root.locator(".course-worksheet-field").nth(1).locator("textarea").first
    short.fill(INTERNATIONAL)
    expect(nb.root.locator(".course-worksheet-field").nth(1).locator(".course-saved-status")).to_contain_text(
        "Saved", timeout=KERNEL_TIMEOUT_MS)

    world = course_ui.StarFlow(page, nb.root)
    world.type_answer(INTERNATIONAL)
    world.expect_reading()
    expect(world.panel.locator(".course-star-answer")).to_contain_text("مقابلة ثانية ناجحة")

    nb.restart_kernel()
    nb.run_all()
    long_sheet.check_kept()
    expect(short).to_have_value(INTERNATIONAL)
    world.check_kept()
