"""The warm-up in the app view (Voilà), as a learner meets it in notebook 04 two days after the
first quizzes: questions of notebooks 01 and 03 answered wrongly are due; the learner answers the
most overdue one with the keyboard alone, sees the quiz's own feedback, and after a reload (a new
kernel) that card has left the warm-up with the new date FSRS gave it, while the others are still due."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

import axe
import course_ui
import keyboard
from course_ui import FEEDBACK_TIMEOUT_MS
from notebook_ui import VoilaPage
from test_lab_review import saved_due, seed

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

NOTEBOOK = "notebooks/04_star_method.ipynb"


class KeyboardCard(keyboard.KeyboardOnly, course_ui.Flow):
    """Only for the keyboard: a warm-up card is answered as a quiz question is."""

    kind, css = "warm-up card (keyboard only)", "course-warm-up"

    def do(self) -> None:  # the steps are in the test
        self.focus_problems = []


def test_a_warm_up_in_the_app_view_is_answered_by_keyboard_and_the_card_moves(page, voila, learner, artifacts):
    quiz = course_ui.content().quiz("01-meaning")
    questions = [q for q in quiz.questions if q.kind in ("single", "true_false")][:3]
    seed(learner, questions)
    first = questions[0]
    right = next(o for o in first.options if o.id == first.answer[0])

    app = VoilaPage(page, voila.url, NOTEBOOK).open()
    warm_up = app.root.locator(".course-warm-up")
    expect(warm_up.locator(".course-review-status")).to_contain_text("Card 1 of 3 · from notebook 01",
                                                                     timeout=FEEDBACK_TIMEOUT_MS)
    card = KeyboardCard(page, app.root)
    card.do()
    box = warm_up.locator(f".course-quiz-q-{first.id}")
    card.choose(box.get_by_role("radio", name=right.text, exact=True))
    expect(box).to_have_class(re.compile(rf"\bcourse-chosen-{re.escape(right.id)}\b"), timeout=FEEDBACK_TIMEOUT_MS)
    card.press(box.get_by_role("button", name="Check", exact=True))
    feedback = box.locator(".course-quiz-feedback")
    expect(feedback.locator(".course-feedback > p > strong").first).to_have_text("✓ Correct.",
                                                                                timeout=FEEDBACK_TIMEOUT_MS)
    expect(feedback).to_contain_text(right.explanation)
    link = feedback.locator("a.course-section-link")  # the section is notebook 01's, not this one's
    expect(link).to_contain_text("(notebook 01)")
    expect(link).to_have_attribute("href", re.compile(r"^01_what_it_means\.ipynb#"))
    assert not card.focus_problems, "\n".join(card.focus_problems)
    app.screenshot(artifacts / "voila" / "warm-up-answered.png")
    axe.expect_no_failures(axe.audit(app, "app view 04 warm-up, a card answered"))
    due = saved_due(learner, f"01-meaning/{first.id}")
    assert due > datetime.now(timezone.utc) + timedelta(hours=12)  # right, with no hint: days away

    app = VoilaPage(page, voila.url, NOTEBOOK).open()  # a reload: a new kernel reads the store
    warm_up = app.root.locator(".course-warm-up")
    expect(warm_up.locator(".course-review-status")).to_contain_text("Card 1 of 2", timeout=FEEDBACK_TIMEOUT_MS)
    expect(warm_up.locator(f".course-quiz-q-{first.id}")).to_have_count(0)
    expect(warm_up.locator(f".course-quiz-q-{questions[1].id}")).to_be_visible()
    assert saved_due(learner, f"01-meaning/{first.id}") == due
