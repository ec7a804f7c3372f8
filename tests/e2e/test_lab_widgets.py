"""The course's interactive widgets used in JupyterLab as a learner uses them, not only drawn.

Each test opens one notebook, runs it, drives its widgets through the keyboard and the mouse,
and checks what the learner sees against the course's own logic (course_lib.stats, .questions,
.star, .planner, .quizzes). Where a widget saves anything, the kernel is restarted from the menu
and the notebook run again: the learner's work must be back.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

import axe
import course_ui
import keyboard
from course_ui import FEEDBACK_TIMEOUT_MS
from notebook_ui import LabNotebook, expect_clean, whole_page_on_screen

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

NOTEBOOKS = course_ui.NOTEBOOKS_DIR
QUIZ_CALL = re.compile(r"""course\.quiz\(\s*(["'][^"']+["'])\s*\)""")


def open_and_run(page, lab, path: str) -> LabNotebook:
    nb = LabNotebook(page, lab.url, lab.token, path).open()
    nb.run_all()
    expect_clean(nb)
    return nb


def restart_and_run(nb: LabNotebook) -> None:
    """Kernel → Restart Kernel…, then run everything again, as a learner coming back does."""
    nb.restart_kernel()
    nb.run_all()
    expect_clean(nb)


def snapshot(flow: course_ui.Flow, artifacts, when: str = "") -> None:
    """A picture of the widget alone, for a person to look at (drawn whole, however tall)."""
    name = flow.kind.replace(" ", "-") + (f"-{when}" if when else "")
    with whole_page_on_screen(flow.page):
        flow.panel.screenshot(path=str(artifacts / "lab-widgets" / f"{name}.png"))


def use_then_come_back(nb: LabNotebook, artifacts, *flows: course_ui.Flow) -> None:
    """Each task done as a learner does it (a picture of each widget after), then the kernel
    restarted and the notebook run again: what the learner gave is back in every widget."""
    for flow in flows:
        flow.do()
    for flow in flows:
        snapshot(flow, artifacts)
    axe.expect_no_failures(axe.audit(nb, f"JupyterLab {nb.name}, used: {', '.join(f.kind for f in flows)}"))
    restart_and_run(nb)
    for flow in flows:
        flow.check_kept()


def test_the_funnel_works_by_keyboard_and_the_numbers_follow(page, lab, learner, artifacts):
    nb = open_and_run(page, lab, "notebooks/01_what_it_means.ipynb")
    funnel = keyboard.KeyboardFunnel(page, nb.root)
    funnel.do()
    snapshot(funnel, artifacts)
    axe.expect_no_failures(axe.audit(nb, f"JupyterLab {nb.name}, used: funnel explorer"))


def test_mock_practice_and_story_bank_keep_every_story(page, lab, learner, artifacts):
    """Coach: save a story. Bank: edit it. Mock practice: the clock counts down, the answer is read.
    After a restart: the edit, the practice answer, and (pressing Save in the coach again) a new
    story beside the edited one, never over it."""
    nb = open_and_run(page, lab, "notebooks/04_star_method.ipynb")
    coach = course_ui.StarFlow(page, nb.root)
    bank = course_ui.StoryBankFlow(page, nb.root, saved=coach.text)
    mock = course_ui.MockPracticeFlow(page, nb.root)
    use_then_come_back(nb, artifacts, coach, bank, mock)
    coach.panel.get_by_role("button", name="Save to my story bank").click()
    expect(coach.panel.locator(".course-star-message")).to_contain_text(
        "Saved to your story bank as story 2.", timeout=FEEDBACK_TIMEOUT_MS)
    bank.check_kept(count=2)  # the edit is still story 1; the coach's text is story 2
    bank.story(2)
    expect(bank.editor).to_have_value(coach.text, timeout=FEEDBACK_TIMEOUT_MS)
    snapshot(bank, artifacts, "after-restart")


@pytest.fixture
def workshop_notebook(site) -> str:
    """A copy of notebook 05 whose quiz cell passes mode="workshop", beside the other copies."""
    nb = json.loads((NOTEBOOKS / "05_in_the_room.ipynb").read_text(encoding="utf-8"))
    changed = 0
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and QUIZ_CALL.search(source):
            cell["source"] = QUIZ_CALL.sub(r'course.quiz(\1, mode="workshop")', source)
            changed += 1
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    assert changed == 1, f"notebook 05 has {changed} quiz cells, expected one"
    nb["metadata"].pop("widgets", None)
    path = site / "notebooks" / "05_in_the_room-workshop.ipynb"
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return f"notebooks/{path.name}"


def test_questions_builder_and_workshop_quiz(page, lab, learner, artifacts, workshop_notebook):
    """Questions builder: pick interviewers, add your own questions, hostile text stays text. Quiz
    in workshop mode: saved without feedback, a wrong code refused, the right one reveals. Both
    kept after a restart."""
    nb = open_and_run(page, lab, workshop_notebook)
    use_then_come_back(nb, artifacts, course_ui.QuestionsFlow(page, nb.root),
                       course_ui.WorkshopQuizFlow(page, nb.root))


def test_thank_you_checks_match_the_planner_for_a_good_and_a_poor_note(page, lab, learner, artifacts):
    nb = open_and_run(page, lab, "notebooks/06_after_the_interview.ipynb")
    use_then_come_back(nb, artifacts, course_ui.ThankYouFlow(page, nb.root))
