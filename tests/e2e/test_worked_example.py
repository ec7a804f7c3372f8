"""Sam's worked examples in the app view: each is closed at first; its button, reached and pressed
with the keyboard, shows what Sam wrote and is renamed to hide it again. With every one open the
page keeps one outline of headings and passes the axe-core audit."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import axe
from course_ui import FEEDBACK_TIMEOUT_MS
from notebook_ui import VoilaPage, wait_until_live

from course_lib import candidate

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

# a few words each worked example shows once opened
SHOWS = {
    "company_research": "FarmFresh takes fruit",
    "first_interview": "A video call of 40 minutes",
    "star_coach": "7 of 7 done",
    "questions_builder": "Priya Shah, operations manager",
    "thank_you_builder": "8 of 8 done",
    "follow_up_planner": "Tuesday 12 May 2026",
}


def test_each_worked_example_opens_by_keyboard_and_passes_the_audit(page, voila, artifacts):
    app = VoilaPage(page, voila.url, "e2e/worked_examples.ipynb").open()
    wait_until_live(app)
    panels = app.root.locator(".course-worked-example")
    expect(panels).to_have_count(len(candidate.EXERCISES))
    axe.expect_no_failures(axe.audit(app, "app view worked examples, closed"))
    for n, (exercise, about) in enumerate(candidate.EXERCISES.items()):
        panel = panels.nth(n)
        expect(panel.locator(f"h{about.level}")).to_have_text(about.title)
        body = panel.locator(".course-worked-example-body")
        expect(body).to_be_hidden()
        button = panel.get_by_role("button", name="Show Sam's version")
        button.focus()
        page.keyboard.press("Enter")
        expect(body).to_contain_text(SHOWS[exercise], timeout=FEEDBACK_TIMEOUT_MS)
        expect(panel.get_by_role("button", name="Hide Sam's version")).to_be_visible()
    app.screenshot(artifacts / "voila" / "worked_examples.png")
    assert not axe.outline_problems(page), axe.outline_problems(page)
    axe.expect_no_failures(axe.audit(app, "app view worked examples, open"))

    panel = panels.first  # and closed again
    panel.get_by_role("button", name="Hide Sam's version").click()
    expect(panel.locator(".course-worked-example-body")).to_be_hidden(timeout=FEEDBACK_TIMEOUT_MS)
    expect(panel.get_by_role("button", name="Show Sam's version")).to_be_visible()
