"""The warm-up in JupyterLab, as a learner meets it in notebook 02: three questions of notebook 01
answered wrongly three days ago are due; the learner answers the most overdue one right, sees the
quiz's own feedback, and after a kernel restart and a re-run that card is no longer in the warm-up
while the other two are (its new date was saved)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

import axe
import course_ui
from course_ui import FEEDBACK_TIMEOUT_MS
from notebook_ui import LabNotebook, expect_clean

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

NOTEBOOK = course_ui.NOTEBOOKS_DIR / "02_purpose_and_expectations.ipynb"


def seed(progress_dir, questions) -> None:
    """Wrong first tries of ``questions`` (quiz 01-meaning), three days ago, the first the oldest."""
    from course_lib.progress import FILE_NAME, open_store
    from course_lib.quizzes import section_name

    store = open_store(progress_dir / FILE_NAME)
    try:
        for hours, q in enumerate(questions):
            wrong = next(o.id for o in q.options if o.id not in q.answer)
            at = datetime.now(timezone.utc) - timedelta(days=3) + timedelta(hours=hours)
            store.save(section_name("01-meaning"), q.id, {
                "choice": [wrong], "checked": True, "hints": 0, "answer_shown": False,
                "attempts": [{"choice": [wrong], "score": 0.0, "mode": "practice", "at": at.isoformat()}]})
    finally:
        store.close()


def saved_due(progress_dir, key: str) -> datetime:
    from course_lib.progress import FILE_NAME, open_store
    from course_lib.review import SECTION

    store = open_store(progress_dir / FILE_NAME)
    try:
        return datetime.fromisoformat(store.load(SECTION, key)["card"]["due"])
    finally:
        store.close()


def test_a_warm_up_answer_moves_the_card_and_survives_a_restart(page, lab, learner, artifacts):
    quiz = course_ui.content().quiz("01-meaning")
    questions = [q for q in quiz.questions if q.kind in ("single", "true_false")][:3]
    seed(learner, questions)
    first = questions[0]
    right = next(o for o in first.options if o.id == first.answer[0])

    nb = LabNotebook(page, lab.url, lab.token, f"notebooks/{NOTEBOOK.name}").open()
    nb.run_all()
    expect_clean(nb, NOTEBOOK)
    warm_up = nb.root.locator(".course-warm-up")
    expect(warm_up.locator(".course-review-status")).to_contain_text("Card 1 of 3 · from notebook 01",
                                                                     timeout=FEEDBACK_TIMEOUT_MS)
    box = warm_up.locator(f".course-quiz-q-{first.id}")
    box.get_by_role("radio", name=right.text, exact=True).check()
    expect(box).to_have_class(re.compile(rf"\bcourse-chosen-{re.escape(right.id)}\b"), timeout=FEEDBACK_TIMEOUT_MS)
    box.get_by_role("button", name="Check", exact=True).click()
    feedback = box.locator(".course-quiz-feedback")
    expect(feedback.locator(".course-feedback > p > strong").first).to_have_text("✓ Correct.",
                                                                                timeout=FEEDBACK_TIMEOUT_MS)
    expect(feedback).to_contain_text(right.explanation)
    expect(box.get_by_role("button", name="Check", exact=True)).to_be_disabled()
    nb.screenshot(artifacts / "lab" / "warm-up-answered.png")
    axe.expect_no_failures(axe.audit(nb, "JupyterLab 02 warm-up, a card answered"))
    assert saved_due(learner, f"01-meaning/{first.id}") > datetime.now(timezone.utc) + timedelta(hours=12)

    nb.restart_kernel()
    nb.run_all()
    expect_clean(nb, NOTEBOOK)
    expect(warm_up.locator(".course-review-status")).to_contain_text("Card 1 of 2", timeout=FEEDBACK_TIMEOUT_MS)
    expect(warm_up.locator(f".course-quiz-q-{first.id}")).to_have_count(0)
    expect(warm_up.locator(f".course-quiz-q-{questions[1].id}")).to_be_visible()
