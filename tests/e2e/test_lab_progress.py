"""Starting again and going back, in JupyterLab, as a learner does it in notebook 00: answer the
warm-up quiz, reset progress with the panel, see the answer gone after a re-run, restore the backup
with the panel, see the answer back after a re-run."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import course_ui
from course_ui import FEEDBACK_TIMEOUT_MS
from notebook_ui import LabNotebook, expect_clean

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

START = course_ui.NOTEBOOKS_DIR / "00_start_here.ipynb"


def ending(text: str) -> re.Pattern:
    """Text at the end of a dropdown option (ipywidgets shows its spaces as non-breaking ones)."""
    return re.compile(r"\s".join(map(re.escape, text.split(" "))) + "$")


def test_reset_then_restore_brings_the_quiz_answer_back(page, lab, learner, artifacts):
    nb = LabNotebook(page, lab.url, lab.token, f"notebooks/{START.name}").open()
    nb.run_all()
    expect_clean(nb, START)
    [quiz] = course_ui.flows_in(page, nb.root, kinds=(course_ui.QuizFlow,))
    quiz.do()

    panel = nb.root.locator(".course-progress")
    # The panel above counts the answer at once: it follows the store, no re-run needed.
    expect(panel.locator(".course-progress-where")).to_contain_text("(1 answer saved so far)",
                                                                    timeout=FEEDBACK_TIMEOUT_MS)
    panel.get_by_role("button", name="Reset my progress", exact=True).click()
    panel.get_by_role("button", name="Yes, reset my progress", exact=True).click()
    expect(panel.locator(".course-progress-result")).to_contain_text("Your progress was reset",
                                                                     timeout=FEEDBACK_TIMEOUT_MS)
    nb.screenshot(artifacts / "lab" / "progress-after-reset.png")

    # After a restart and a re-run the quiz starts afresh, and the panel lists the backup.
    nb.restart_kernel()
    nb.run_all()
    expect_clean(nb, START)
    expect(quiz.panel.locator(".course-quiz-progress")).to_contain_text("0 answered", timeout=FEEDBACK_TIMEOUT_MS)
    expect(quiz.feedback.locator(".course-feedback")).to_have_count(0)
    expect(quiz.box.get_by_role("radio", checked=True)).to_have_count(0)
    choice = panel.get_by_label("Backup", exact=True)
    expect(choice.locator("option:checked")).to_have_text(ending("· 1 answer · kept before a reset"))

    panel.get_by_role("button", name="Restore this backup", exact=True).click()
    expect(panel.locator(".course-progress-restore-confirm")).to_contain_text(
        "The answers you have now (0 answers) are replaced by the ones it holds (1 answer)")
    nb.screenshot(artifacts / "lab" / "progress-restore-question.png")
    panel.get_by_role("button", name="Yes, restore this backup", exact=True).click()
    expect(panel.locator(".course-progress-result")).to_contain_text("are back", timeout=FEEDBACK_TIMEOUT_MS)
    expect(panel.locator(".course-progress-where")).to_contain_text("(1 answer saved so far)")
    expect(choice.locator("option:checked")).to_have_text(ending("· 0 answers · kept before a restore"))
    nb.screenshot(artifacts / "lab" / "progress-after-restore.png")

    # After a restart and a re-run the quiz shows the answer again, marked correct.
    nb.restart_kernel()
    nb.run_all()
    expect_clean(nb, START)
    quiz.check_kept()
    expect(quiz.panel.locator(".course-quiz-progress")).to_contain_text("1 answered")
