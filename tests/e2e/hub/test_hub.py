"""A class on a real JupyterHub: two students, one quiz, two results files, one class report.

The hub runs on 127.0.0.1 with everything in a temporary folder (see localhub.py and
jupyterhub_config.py). Each student logs in through the hub's own login page in headless
Chromium, fetches the course into their home with the teacher's nbgitpuller link, and answers
the same quiz question differently. The teacher then changes the course; each student clicks the
link again, gets the change, and after a reload and a fresh kernel finds their own answer and
only theirs. Both save a results file into the class's collection folder with the button in
notebook 07, and the teacher runs the class report on that folder. At the end the hub and
everything it started are stopped.

The live room runs as the hub's service (jupyterhub_config.py): alice joins it from notebook 00
with one click, no code, and her first try reaches it; the teacher, named as its facilitator, logs
in through the hub and sees that first try on the projector; bob, a student, is refused the
projector.

Skipped (with the reason) only where Chromium, node or the npm registry is missing; under CI
(CI=true) those are failures, never skips. Chromium is the browser tests' (tests/e2e/conftest.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from localhub import ROOT, HubUnavailable, LocalHub, Student
from course_ui import FEEDBACK_TIMEOUT_MS
from notebook_ui import page_report

# `browser`: the browser tests' own skip (no Chromium, outside CI) applies before any fixture runs.
pytestmark = [pytest.mark.hub, pytest.mark.browser, pytest.mark.timeout(1800)]

START_NOTEBOOK = "00_start_here.ipynb"  # where "Join this hub's room" is
QUIZ_NOTEBOOK = "01_what_it_means.ipynb"
EXPORT_NOTEBOOK = "07_review.ipynb"
STUDENTS = ("alice", "bob")  # alice answers right, bob answers wrong
TEACHER_NOTE = "Note from your teacher: hand in your results file by Friday."
ARTIFACTS = ROOT / "test-artifacts" / "e2e" / "hub"  # screenshots and the hub's log when the test fails


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _cannot_run(reason: str):
    if _in_ci():
        pytest.fail(f"{reason}. CI must run the JupyterHub test.")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    hub = LocalHub(tmp_path_factory.mktemp("hub"))
    try:
        hub.start()
    except HubUnavailable as e:
        _cannot_run(str(e))
    try:
        yield hub
    finally:
        forced = hub.stop()  # raises if anything the hub started is still running
        if forced:
            print("Stopped after the hub's own shutdown:", *forced, sep="\n  ")


def quiz_question():
    """The quiz in QUIZ_NOTEBOOK, its first single-choice question, a right and a wrong option."""
    from course_lib.content import load_content

    source = (ROOT / "notebooks" / QUIZ_NOTEBOOK).read_text(encoding="utf-8")
    found = re.search(r'course\.quiz\(\\?"([^"\\]+)\\?"', source)
    assert found, f"{QUIZ_NOTEBOOK} has no course.quiz(...) cell"
    quiz = load_content().quiz(found.group(1))
    position, question = next((i, q) for i, q in enumerate(quiz.questions) if q.kind in ("single", "true_false"))
    right = next(o for o in question.options if o.id in question.answer)
    wrong = next(o for o in question.options if o.id not in question.answer)
    return quiz, position, question, {"alice": right, "bob": wrong}


def add_note(notebook_file: Path, text: str) -> None:
    """The teacher's change: a Markdown cell at the top of a notebook."""
    import nbformat

    nb = nbformat.read(notebook_file, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(text))
    nbformat.write(nb, notebook_file)


def assert_no_errors(notebook) -> None:
    """No cell failed or warned on the hub (what else a notebook shows is the browser tests' job)."""
    errors = page_report(notebook)["errors"]
    assert errors == [], f"a cell failed or warned on the hub:\n{errors[0]}"


def question_box(notebook, quiz_id: str, question_id: str, position: int):
    """The question's box in the quiz, brought into view with Next as a student would."""
    quiz = notebook.root.locator(f".course-quiz-{quiz_id}")
    box = quiz.locator(f".course-quiz-q-{question_id}")
    for _ in range(position):
        quiz.locator(".course-quiz-nav").get_by_role("button", name="Next").click()
    box.wait_for()
    return box


def saved_answers(hub: LocalHub, student: str, quiz_id: str, question_id: str) -> list:
    """Every choice ever saved for the question in the student's own progress store."""
    from course_lib.progress import FILE_NAME, open_store

    file = hub.progress_dir(student) / FILE_NAME
    assert file.exists(), f"{student}'s progress store is not in their home ({file})"
    return [entry["choice"] for entry in open_store(file).history(f"quiz:{quiz_id}", question_id)]


ROOM_STUDENT = "alice"


def join_the_hubs_room(student: Student) -> None:
    """In notebook 00, the hub's room with one click: the hub's login is the ticket."""
    from playwright.sync_api import expect

    notebook = student.open_notebook(START_NOTEBOOK)
    notebook.run_all()
    assert_no_errors(notebook)
    box = notebook.root.locator(".course-room")
    box.get_by_role("button", name="Join this hub's room").click()
    expect(box).to_contain_text("Joined room", timeout=FEEDBACK_TIMEOUT_MS)


def the_projector_shows_one_first_try(hub: LocalHub, browser, bob: Student, quiz) -> None:
    """The teacher logs in through the hub straight to the room's projector (the hub's OAuth, no
    key in the address) and sees alice's first try; bob, logged in as a student, is refused."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{hub.url}/hub/login?next=" + urllib.parse.quote("/services/room/projector"))
        page.fill("#username_input", hub.facilitators[0])
        page.fill("#password_input", hub.password)
        page.click("#login_submit")
        page.wait_for_url(re.compile(r"/services/room/projector"), timeout=60_000)
        expect(page.locator("#joined")).to_have_text("1 learner", timeout=FEEDBACK_TIMEOUT_MS)
        page.locator("#quiz").select_option(quiz.id)
        expect(page.locator("#quiz")).to_contain_text(f"{quiz.title} (1 answers)", timeout=FEEDBACK_TIMEOUT_MS)
        assert ROOM_STUDENT not in page.locator("main").inner_text()  # a pseudonym, never the hub name
        # a facilitator's button works through the hub's login (its token goes with the request)
        page.get_by_role("button", name="Reveal this quiz").click()
        expect(page.locator("#status")).to_have_text("Revealed on every joined laptop.", timeout=FEEDBACK_TIMEOUT_MS)
    finally:
        context.close()
    # bob's browser goes through the hub's OAuth like the teacher's, and the room then says no
    refused = bob.page.goto(f"{hub.room_url}/projector")
    assert refused.status == 403 and "facilitators" in refused.text(), refused.status


def test_a_class_on_jupyterhub(hub, browser, tmp_path):
    """``browser``: the browser tests' Chromium (one Playwright per test session); each student
    gets their own context in it, so their logins never mix."""
    from playwright.sync_api import expect

    quiz, position, question, answers = quiz_question()
    verdict = {name: "Correct." if option.id in question.answer else "Not quite." for name, option in answers.items()}
    collect = tmp_path / "class-results"  # the folder the teacher collects results in
    collect.mkdir()

    students = {name: Student(hub, browser, name) for name in STUDENTS}
    try:
        # Each student logs in, fetches the course and answers the same question differently.
        # Alice first joins the hub's live room from notebook 00: one click, no code.
        for name, student in students.items():
            student.log_in()
            student.get_course()
            if name == ROOM_STUDENT:
                join_the_hubs_room(student)
            notebook = student.open_notebook(QUIZ_NOTEBOOK)
            notebook.run_all()
            assert_no_errors(notebook)
            box = question_box(notebook, quiz.id, question.id, position)
            box.get_by_role("radio", name=answers[name].text, exact=True).check()
            box.get_by_role("button", name="Check").click()
            expect(box.locator(".course-quiz-feedback")).to_contain_text(verdict[name], timeout=FEEDBACK_TIMEOUT_MS)

        # Alice's first try reached the room: the teacher sees it on the projector; bob may not look.
        the_projector_shows_one_first_try(hub, browser, students["bob"], quiz)

        # Idle kernels are stopped after 20 minutes, set as docs/classroom.md shows (one line per server).
        culling = "Culling kernels with idle durations > 1200 seconds"
        assert hub.log.read_text(errors="replace").count(culling) == len(STUDENTS)

        # Each answer went into that student's own store, in their own home, and nowhere else.
        for name, option in answers.items():
            choices = saved_answers(hub, name, quiz.id, question.id)
            assert choices and all(choice == [option.id] for choice in choices), choices

        # The teacher changes a notebook. Each student clicks the link again, which brings the
        # change in; then, after a reload and a fresh kernel, sees their own answer and only theirs.
        add_note(hub.course_repo / "notebooks" / EXPORT_NOTEBOOK, TEACHER_NOTE)
        hub.commit_course("A note for the class")
        for name, student in students.items():
            student.get_course()
            notebook = student.open_notebook(QUIZ_NOTEBOOK)
            notebook.restart_kernel()
            notebook.run_all()
            assert_no_errors(notebook)
            box = question_box(notebook, quiz.id, question.id, position)
            for option in question.options:
                radio = box.get_by_role("radio", name=option.text, exact=True)
                if option.id == answers[name].id:
                    expect(radio).to_be_checked(timeout=FEEDBACK_TIMEOUT_MS)
                else:
                    expect(radio).not_to_be_checked(timeout=FEEDBACK_TIMEOUT_MS)
            expect(box.locator(".course-quiz-feedback")).to_contain_text(verdict[name], timeout=FEEDBACK_TIMEOUT_MS)

        # Both save their results file into the class's collection folder (notebook 07's button).
        for name, student in students.items():
            notebook = student.open_notebook(EXPORT_NOTEBOOK)
            expect(notebook.root).to_contain_text(TEACHER_NOTE)  # the update arrived
            notebook.run_all()
            assert_no_errors(notebook)
            panel = notebook.root.locator(".course-prep-pack")
            panel.locator(".course-export-folder input").fill(str(collect))
            panel.locator("button.course-export-results").click()
            expect(panel.locator(".course-export-output")).to_contain_text(
                "Your results file is ready", timeout=FEEDBACK_TIMEOUT_MS)
    except Exception:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for name, student in students.items():
            student.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        shutil.copy(hub.log, ARTIFACTS / "jupyterhub.log")
        raise
    finally:
        for student in students.values():
            student.close()

    # One results file per student, each with that student's own score for the question.
    from course_lib.classroom import roll_up

    results = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(collect.glob("*.json"))]
    assert len(results) == 2, f"expected one results file per student in {collect}, found {len(results)}"
    first_try = sorted(r["quizzes"][quiz.id]["questions"][question.id] for r in results)
    assert first_try == [0, 1]

    # The teacher runs the class report on the folder.
    report = tmp_path / "report.html"
    env = {k: v for k, v in os.environ.items() if k != "COURSE_PROGRESS_DIR"}
    done = subprocess.run(
        [sys.executable, "-m", "course_lib", "class-report", str(collect), "--out", str(report)],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Counted 2 learners" in done.stdout
    counted = roll_up(collect)
    assert counted.learners == 2 and not counted.skipped
    tally = counted.questions[(quiz.id, question.id)]
    assert (tally.answered, tally.right, tally.wrong) == (2, 1, 1)
    html = report.read_text(encoding="utf-8")
    assert "<strong>2</strong> learners counted" in html
    # The question's row: 2 answers, 50 % right first time, 50 % average first-try score.
    row = re.search(rf"{re.escape(quiz.id)} · {re.escape(question.id)}</small></td>"
                    r"<td>(\d+)</td><td>([^<]+)</td><td>([^<]+)</td>", html)
    assert row, "the report has no row for the question both students answered"
    assert row.groups() == ("2", "50 %", "50 %")
