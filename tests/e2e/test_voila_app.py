"""The app view (`make app`: Voilà, code hidden): every learner notebook renders; its quiz, STAR coach,
follow-up planner and prep pack work there with the keyboard alone (tests/e2e/keyboard.py); axe-core
finds no serious or critical problem, before or after use (tests/e2e/axe.py); and at 320 CSS px wide
nothing needs sideways scrolling."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import axe
import course_ui
import keyboard
from notebook_ui import (VoilaPage, cut_off_text, output_problems, reading_column_problems, reflow_problems,
                         text_box_problems)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

NOTEBOOKS = course_ui.learner_notebooks()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_app_view_renders_works_by_keyboard_and_passes_the_audit(page, voila, learner, artifacts, notebook):
    app = VoilaPage(page, voila.url, f"notebooks/{notebook.name}").open()
    problems = output_problems(app, notebook)
    assert not app.code_shown(), f"the app view shows code: {app.code_shown()[:3]}"
    # instructions for JupyterLab (run a code cell: Shift + Enter) are in the page but not shown
    assert app.root.locator(".course-lab-only").count() and not app.root.locator(".course-lab-only:visible").count()
    assert "Shift + Enter" not in app.root.inner_text()
    app.screenshot(artifacts / "voila" / f"{notebook.stem}.png")
    assert not problems, "\n".join(problems)
    column = reading_column_problems(app) + text_box_problems(app)  # one column, at a readable width
    assert not column, "\n".join(column[:10])
    cut_off = cut_off_text(app)  # reported at the end, so the quiz and coach are still tried
    first = axe.audit(app, f"app view {notebook.stem}")
    flows = keyboard.flows_in(page, app.root)  # quiz, STAR coach, checklist, planner, prep pack: keyboard only
    for flow in flows:
        flow.do()
        if isinstance(flow, course_ui.StarFlow) and flow.index == 0:
            coach_shows_when_it_is_unsure(flow)
    audits = [first, axe.audit(app, f"app view {notebook.stem}, used")] if flows else [first]
    reflow = reflow_problems(app, 320)  # WCAG 1.4.10: a phone, or 400 % zoom
    outline = axe.outline_problems(page)
    assert not cut_off, "\n".join(cut_off)
    assert not reflow, "\n".join(reflow[:15])
    assert not outline, "the headings skip a level: " + "; ".join(outline)
    axe.expect_no_failures(*audits)


# The scene and the task in one sentence: the coach shows both rather than calling the scene missing.
TWO_PARTS = ("During my placement I was asked to organise the open day. I booked the rooms and wrote the "
             "programme. Two hundred visitors came.")


SCENE_AS_STEPS = {"situation": "I walked into the kitchen at seven and saw water all over the floor.",
                  "action": "I turned off the stopcock and rang the plumber.",
                  "result": "We opened on time and lost only an hour of prep."}


def coach_shows_when_it_is_unsure(coach: course_ui.StarFlow) -> None:
    coach.type_answer(TWO_PARTS)
    feedback = coach.panel.locator(".course-star-feedback")
    unsure = feedback.locator(".course-star-unsure")
    expect(unsure.locator('[aria-hidden="true"]')).to_have_text("S or T?", timeout=course_ui.FEEDBACK_TIMEOUT_MS)
    expect(unsure.locator(".course-star-spoken")).to_have_text("Situation or Task, not sure")  # what is read out
    expect(feedback.locator(".course-check").first).to_contain_text(
        re.compile(r"Not sure: sentence 1 reads as Situation or Task"))
    expect(feedback).not_to_contain_text("Not found: Situation")
    # In the guided boxes the writer says which part each sentence is: a scene the coach reads as a
    # step is a close call there, never "not found".
    coach.press(coach.panel.get_by_role("button", name="Guided: S, T, A, R"))
    for part, text in {**dict.fromkeys(("situation", "task", "action", "result"), ""), **SCENE_AS_STEPS}.items():
        coach.enter(coach.panel.locator(f".course-star-input-{part} textarea"), text)
    expect(feedback.locator(".course-check").first).to_contain_text(
        "Not sure: sentence 1 reads as Situation or Action", timeout=course_ui.FEEDBACK_TIMEOUT_MS)
    expect(feedback).not_to_contain_text("Not found: Situation")
    expect(feedback.locator(".course-star-box-notes")).to_contain_text("in your Situation box, reads as Action")
    coach.press(coach.panel.get_by_role("button", name="Free text"))
