"""Tracks in JupyterLab, as a learner meets them: say "career changer" in notebook 00, then in
notebook 04 the STAR coach's question list starts with the questions chosen for career changers
(each in the file's order, all the others after them), and timed mock practice asks those first,
then the others. After a kernel restart and a re-run, the same. Then "technical role", chosen in
04's own picker: the question list follows at once. Both pages pass the axe-core audit."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import axe
import course_ui
from course_ui import FEEDBACK_TIMEOUT_MS
from notebook_ui import LabNotebook, expect_clean

from course_lib import tracks

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

START = course_ui.NOTEBOOKS_DIR / "00_start_here.ipynb"
STAR = course_ui.NOTEBOOKS_DIR / "04_star_method.ipynb"
TRACK = "career-changer"


def plain(text: str) -> str:
    """An option's text as written (ipywidgets shows its spaces as non-breaking ones)."""
    return " ".join(text.replace("\xa0", " ").split())


def check_question_list(nb: LabNotebook, track: str) -> None:
    """The coach's question list: the track's story questions first, in the file's order, then the rest."""
    questions = course_ui.content().question_bank.questions
    coach = nb.root.locator(".course-star-coach")
    story_questions = [q for q in questions if q.category in ("behavioural", "situational")]
    first = [q.text for q in story_questions if track in q.tracks]
    rest = [q.text for q in story_questions if track not in q.tracks]
    expect(coach.locator(".course-track-note")).to_contain_text(f"for {tracks.TRACKS[track].people}",
                                                                 timeout=FEEDBACK_TIMEOUT_MS)
    options = [plain(t) for t in coach.get_by_label("Question", exact=True).locator("option").all_text_contents()]
    assert [o.split(": ", 1)[-1] for o in options] == first + rest, options


def check_track_first(nb: LabNotebook) -> None:
    questions = course_ui.content().question_bank.questions
    ours = [q.text for q in questions if TRACK in q.tracks]
    people = tracks.TRACKS[TRACK].people
    check_question_list(nb, TRACK)

    # Mock practice: every one of the track's questions before any other.
    mock = nb.root.locator(".course-star-mock")
    expect(mock.locator(".course-track-note")).to_contain_text(f"The {len(ours)} questions for {people}")
    question = mock.locator(".course-star-mock-question .course-star-question")
    asked = []
    for n in range(len(ours) + 1):
        if n == 0:
            mock.get_by_role("button", name="Start", exact=True).click()
            expect(question).not_to_be_empty(timeout=FEEDBACK_TIMEOUT_MS)
        else:
            before = question.inner_text()
            mock.get_by_role("button", name="Another question", exact=True).click()
            expect(question).not_to_have_text(before, timeout=FEEDBACK_TIMEOUT_MS)
        asked.append(plain(question.inner_text()))
    assert sorted(asked[:-1]) == sorted(ours), asked  # each of the track's questions once
    assert asked[-1] not in ours, asked  # then the others
    mock.get_by_role("button", name="I'm done").click()


def test_a_track_chosen_in_00_comes_first_in_04_after_a_restart_too(page, lab, learner, artifacts):
    start = LabNotebook(page, lab.url, lab.token, f"notebooks/{START.name}").open()
    start.run_all()
    expect_clean(start, START)
    picker = start.root.locator(".course-track")
    choice = picker.get_by_label("I am", exact=True)
    expect(choice.locator("option:checked")).to_have_text(tracks.UNSAID_LABEL)
    choice.select_option(label=tracks.TRACKS[TRACK].label)
    expect(picker).to_contain_text("Saved. Notebook 04 lists what was chosen for career changers first.",
                                   timeout=FEEDBACK_TIMEOUT_MS)
    start.screenshot(artifacts / "lab" / "track-chosen.png")
    axe.expect_no_failures(axe.audit(start, f"JupyterLab {START.name}, track chosen"))

    nb = LabNotebook(page, lab.url, lab.token, f"notebooks/{STAR.name}").open()
    nb.run_all()
    expect_clean(nb, STAR)
    check_track_first(nb)
    nb.screenshot(artifacts / "lab" / "track-first-in-04.png")
    axe.expect_no_failures(axe.audit(nb, f"JupyterLab {STAR.name}, ordered for a track"))

    nb.restart_kernel()
    nb.run_all()
    expect_clean(nb, STAR)
    check_track_first(nb)

    picker = nb.root.locator(".course-track")
    expect(picker.get_by_label("I am", exact=True).locator("option:checked")).to_have_text(tracks.TRACKS[TRACK].label)
    picker.get_by_label("I am", exact=True).select_option(label=tracks.TRACKS["technical"].label)
    check_question_list(nb, "technical")  # at once, with no re-run
