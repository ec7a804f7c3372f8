"""The live room's projector page in Chromium, as a facilitator runs it: the counts move as
simulated learners join and answer, the reveal and mode buttons reach the learners, the end of
the session saves the results files; axe audits the page before and after use. And a learner in
JupyterLab: their first try reaches the projector, and its reveal reaches their workshop quiz; a
learner who has not joined joins from a quiz (not in notebook 00) and its next first try counts."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

import axe

from course_lib import classroom
from course_lib.content import load_content
from course_lib.room_client import RoomClient, start_room_process

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

TIMEOUT_MS = 10_000


@dataclass
class PlainPage:
    page: object  # what axe.audit needs of a view: its page


@pytest.fixture
def served(tmp_path):
    room = start_room_process(tmp_path / "results")
    yield room
    room.stop()


@pytest.fixture
def projector_page(browser):
    # axe is injected as an inline script, which the page's Content-Security-Policy forbids
    # (rightly): the test's own context sets the policy aside for that one script.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def question_on(page, prompt: str):
    """A question of the board as a person finds it: the list item under its heading."""
    heading = page.get_by_role("heading", name=re.compile(re.escape(prompt[:40])))
    return page.get_by_role("listitem").filter(has=heading).first


def answer_all(link, learners, quiz_id, question, option):
    def one(n):
        client = RoomClient(link, timeout=10)
        client.answer(f"learner{n}", quiz_id, question.id, [option])

    threads = [threading.Thread(target=one, args=(n,)) for n in learners]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)


def test_the_projector_shows_the_counts_move_and_its_buttons_reach_the_learners(served, projector_page, tmp_path):
    page = projector_page
    quiz = next(iter(load_content().quizzes.values()))
    question = next(q for q in quiz.questions if q.kind == "single")
    right = question.answer[0]
    wrong = next(o for o in question.options if o.id != right)
    right_text = next(o.text for o in question.options if o.id == right)
    page.goto(served.projector)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Room {served.link.code}")
    expect(page.locator("#joined")).to_have_text("0 learners", timeout=TIMEOUT_MS)
    first = axe.audit(PlainPage(page), "room projector, empty")

    clients = RoomClient(served.link, timeout=10)
    for n in range(6):
        clients.join(f"learner{n}", f"<b>learner {n}</b>")
    expect(page.locator("#joined")).to_have_text("6 learners", timeout=TIMEOUT_MS)
    box = question_on(page, question.prompt)
    expect(box.get_by_text("0 answered", exact=True)).to_be_visible()
    answer_all(served.link, range(3), quiz.id, question, right)
    expect(box.get_by_text("3 answered", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    answer_all(served.link, range(3, 5), quiz.id, question, wrong.id)
    expect(box.get_by_text("5 answered", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    right_row = box.get_by_role("listitem").filter(has_text=right_text[:40]).first
    expect(right_row.get_by_text("3 (60%)", exact=True)).to_be_visible()
    said_right = box.get_by_role("listitem").filter(has_text="(right answer)")
    expect(said_right).to_have_count(0)  # nothing given away before the reveal
    assert "<b>" not in page.content().replace("&lt;b&gt;", "")  # no learner string is markup (none is shown)

    assert clients.state()["revealed"] == []
    page.get_by_role("button", name="Reveal this quiz").click()
    expect(page.get_by_role("status")).to_have_text("Revealed on every joined laptop.", timeout=TIMEOUT_MS)
    assert clients.state()["revealed"] == [quiz.id]
    expect(said_right).to_have_count(1, timeout=TIMEOUT_MS)  # said in words, not by colour alone
    expect(said_right).to_contain_text(right_text[:40])
    expect(page.get_by_role("button", name="Revealed")).to_be_disabled()

    page.get_by_role("radio", name=re.compile("Self-paced")).check()
    expect(page.get_by_role("status")).to_contain_text("self-paced mode", timeout=TIMEOUT_MS)
    assert clients.state()["mode"] == "self-paced"
    after = axe.audit(PlainPage(page), "room projector, after a reveal")
    axe.expect_no_failures(first, after)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="End the session and save results files").click()
    expect(page.get_by_role("status")).to_contain_text("Session ended: 6 results files saved", timeout=TIMEOUT_MS)
    assert served.process.wait(20) == 0
    report = classroom.roll_up(tmp_path / "results")
    assert report.learners == 6 and report.questions[(quiz.id, question.id)].answered == 5


def test_the_projector_is_large_and_keyboard_usable(served, projector_page):
    page = projector_page
    page.goto(served.projector)
    expect(page.locator("#joined")).to_have_text("0 learners", timeout=TIMEOUT_MS)
    answered = page.get_by_text(re.compile(r"^\d+ answered$")).first
    size = answered.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 20  # readable from the back of a room
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.name || document.activeElement.id")
    assert focused in ("mode", "quiz", "reveal")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_the_countdown_counts_down_and_says_when_time_is_up(served, projector_page):
    page = projector_page
    page.clock.install()
    page.goto(served.projector)
    page.get_by_label("Countdown, in minutes").fill("1")
    page.get_by_role("button", name="Start the countdown").click()
    expect(page.get_by_role("timer", name="Time left")).to_have_text("1:00")
    expect(page.get_by_role("status")).to_have_text("Countdown started: 1 minute.")
    page.clock.run_for(15_000)
    expect(page.get_by_role("timer", name="Time left")).to_have_text("0:45")
    page.clock.run_for(46_000)
    expect(page.get_by_role("timer", name="Time left")).to_have_text("0:00")
    expect(page.get_by_role("status")).to_have_text("Time is up.")
    expect(page.get_by_role("button", name="Start the countdown")).to_be_visible()


def quiz_notebook(site, name: str, call: str) -> str:
    """A notebook of one quiz cell (``call``), saved in the site as ``name``."""
    import json as _json

    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": ['import course_lib as course\n', call]}
    nb = {"cells": [cell], "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                       "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    path = site / "notebooks" / name
    path.write_text(_json.dumps(nb), encoding="utf-8")
    return f"notebooks/{path.name}"


@pytest.fixture
def room_notebook(site) -> str:
    """A notebook with one workshop quiz, as a facilitator's copy of notebook 05 would have."""
    return quiz_notebook(site, "room_quiz.ipynb", 'course.quiz("05-in-the-room", mode="workshop")')


def test_a_first_try_in_jupyterlab_reaches_the_projector_and_its_reveal_comes_back(page, lab, learner, served,
                                                                                    room_notebook, browser):
    import course_ui
    from notebook_ui import LabNotebook, expect_clean

    from course_lib.progress import FILE_NAME, Store
    from course_lib.room_link import SavedRoom

    store = Store(learner / FILE_NAME)  # the learner joined in notebook 00 (its box is tested elsewhere)
    SavedRoom(store).save(served.link)
    store.close()
    nb = LabNotebook(page, lab.url, lab.token, room_notebook).open()
    nb.run_all()
    expect_clean(nb)
    flow = course_ui.WorkshopQuizFlow(page, nb.root)
    flow.chosen = flow._wrong()
    flow._give(flow.chosen)
    flow._press("Check")
    expect(flow.feedback).to_have_text("Your answer is saved. Feedback appears when your facilitator reveals the answers.",
                                       timeout=TIMEOUT_MS)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    projector = context.new_page()
    try:
        projector.goto(served.projector)
        projector.get_by_label("Quiz on screen").select_option("05-in-the-room")
        quiz = load_content().quiz("05-in-the-room")
        box = question_on(projector, quiz.questions[0].prompt)
        expect(box.get_by_text("1 answered", exact=True)).to_be_visible(timeout=TIMEOUT_MS)  # the first try arrived
        projector.get_by_role("button", name="Reveal this quiz").click()
        expect(projector.get_by_role("status")).to_have_text("Revealed on every joined laptop.", timeout=TIMEOUT_MS)
    finally:
        context.close()

    # the quiz takes the reveal at a click (it asks the room at most every two seconds, in the background)
    heading = nb.root.locator(".course-quiz .course-note").first
    for _ in range(10):
        flow.panel.get_by_role("button", name="Next", exact=True).click()
        page.wait_for_timeout(700)
        flow.panel.get_by_role("button", name="Back", exact=True).click()
        if "has revealed" in (heading.text_content() or ""):
            break
    flow._expect_revealed()
    expect(flow.panel.locator(".course-quiz-room")).to_contain_text(f"You are in room {served.link.code}")


def test_a_learner_joins_from_a_quiz_and_its_next_first_try_reaches_the_room(page, lab, learner, served, site):
    import course_ui
    from notebook_ui import LabNotebook, expect_clean

    path = quiz_notebook(site, "join_from_quiz.ipynb", 'course.quiz("04-star", mode="practice")')
    nb = LabNotebook(page, lab.url, lab.token, path).open()
    nb.run_all()
    expect_clean(nb)
    flow = course_ui.QuizFlow(page, nb.root)
    offer = flow.panel.get_by_role("button", name="In a live room? Join it here")
    expect(offer).to_be_visible()
    expect(flow.panel.locator(".course-quiz-room")).to_be_hidden()
    offer.focus()
    page.keyboard.press("Enter")  # keyboard usable
    expect(flow.panel.get_by_role("button", name="Hide the join box")).to_be_visible(timeout=TIMEOUT_MS)
    field = flow.panel.get_by_role("textbox", name="Join link")
    expect(field).to_be_focused(timeout=TIMEOUT_MS)  # the keyboard is where the link goes
    page.keyboard.insert_text(served.link.url)
    opened = axe.audit(nb, "JupyterLab quiz, join box opened")
    field.focus()
    page.keyboard.press("Tab")  # the Join button, next to the field
    expect(flow.panel.get_by_role("button", name="Join the room")).to_be_focused()
    page.keyboard.press("Enter")
    expect(flow.panel.locator(".course-quiz-room")).to_contain_text(f"You are in room {served.link.code}",
                                                                   timeout=TIMEOUT_MS)
    expect(flow.panel.locator(".course-quiz-join")).to_be_hidden()
    # the button the keyboard was on has gone: focus goes back to the question on screen
    expect(flow.panel.get_by_role("button", name="Check", exact=True)).to_be_focused(timeout=TIMEOUT_MS)
    flow.chosen = flow._wrong()
    flow._give(flow.chosen)
    flow._press("Check")
    expect(flow.headline).to_have_text(re.compile(r"^✗ Not quite\.|^◐ Partly right\."), timeout=TIMEOUT_MS)
    quiz = load_content().quiz("04-star")
    for _ in range(50):  # the first try goes in the background
        state = _projector(served)
        counted = next(q for q in state["quizzes"] if q["id"] == quiz.id)["questions"][0]["answered"]
        if counted == 1:
            break
        page.wait_for_timeout(200)
    assert state["joined"] == 1 and counted == 1
    axe.expect_no_failures(opened, axe.audit(nb, "JupyterLab quiz, joined from it"))


def _projector(served) -> dict:
    import json
    import urllib.request

    with urllib.request.urlopen(f"{served.link.base}/api/projector?key={served.key}", timeout=10) as reply:
        return json.loads(reply.read())


def test_the_projector_notebook_in_the_app_view_starts_a_room_shows_the_counts_and_reveals(page, voila, artifacts,
                                                                                         tmp_path):
    from notebook_ui import VoilaPage

    app = VoilaPage(page, voila.url, "notebooks/facilitator/room_projector.ipynb").open()
    assert not app.code_shown()
    view = page.locator(".course-room-projector")
    first = axe.audit(app, "app view room_projector, before the room")
    view.get_by_label("Results folder").fill(str(tmp_path / "results"))
    view.get_by_role("button", name="Start the room").click()
    join = view.locator(".course-room-join")
    expect(join).to_contain_text("/join/", timeout=TIMEOUT_MS)
    from course_lib.room_client import parse_join_link

    link = parse_join_link(join.inner_text())
    expect(view.locator(".course-room-code")).to_contain_text(f"Room {link.code}")
    expect(view.locator(".course-room-line")).to_have_text("0 learners joined · mode: workshop")
    quiz = next(iter(load_content().quizzes.values()))
    question = quiz.questions[0]
    right = question.answer[0]
    wrong = next(o.id for o in question.options if o.id != right)
    learners = RoomClient(link, timeout=10)
    for n in range(3):
        learners.join(f"learner{n}", f"<img src=x onerror=alert({n})>")
    expect(view.locator(".course-room-line")).to_have_text("3 learners joined · mode: workshop", timeout=TIMEOUT_MS)
    box = view.locator(".course-room-question").first
    expect(box.locator(".course-room-answered")).to_have_text("0 answered")
    answer_all(link, range(2), quiz.id, question, right)
    answer_all(link, range(2, 3), quiz.id, question, wrong)
    expect(box.locator(".course-room-answered")).to_have_text("3 answered", timeout=TIMEOUT_MS)  # the counts move
    expect(box.locator(".course-room-option").first.locator(".course-room-number")).to_have_text(
        re.compile(r"^\d+ \(\d+%\)$"))
    expect(box.locator(".course-room-right")).to_have_count(0)
    app.screenshot(artifacts / "voila" / "room_projector-answers.png")

    view.get_by_role("button", name="Reveal this quiz").click()
    expect(view.locator(".course-room-status")).to_have_text("Revealed on every joined laptop.", timeout=TIMEOUT_MS)
    assert learners.state()["revealed"] == [quiz.id]  # the reveal reached the room
    expect(box.locator(".course-room-right")).to_contain_text("(right answer)")
    expect(view.get_by_role("button", name="Revealed")).to_be_disabled()
    view.get_by_role("radio", name=re.compile("Self-paced")).check()
    expect(view.locator(".course-room-status")).to_contain_text("self-paced mode", timeout=TIMEOUT_MS)
    assert learners.state()["mode"] == "self-paced"
    size = box.locator(".course-room-answered").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 20  # readable from the back of a room
    after = axe.audit(app, "app view room_projector, answers revealed")
    app.screenshot(artifacts / "voila" / "room_projector-revealed.png")

    view.get_by_role("button", name="End the session and save results files").click()
    keep = view.get_by_role("button", name="No: keep the room open")
    expect(keep).to_be_focused(timeout=TIMEOUT_MS)  # the safe answer first, for the keyboard too
    view.get_by_role("button", name="Yes: end it and save the results files").click()
    expect(view.locator(".course-room-status")).to_contain_text("Session ended: 3 results files saved",
                                                                timeout=TIMEOUT_MS)
    report = classroom.roll_up(tmp_path / "results")
    assert report.learners == 3 and report.questions[(quiz.id, question.id)].answered == 3
    axe.expect_no_failures(first, after)


def test_the_projector_notebook_is_run_with_the_keyboard_alone(page, voila, tmp_path):
    from keyboard import KeyboardOnly
    from notebook_ui import VoilaPage

    @dataclass
    class ProjectorByKeyboard(KeyboardOnly):
        page: object
        panel: object

        def __str__(self) -> str:
            return "room projector notebook (keyboard only)"

    VoilaPage(page, voila.url, "notebooks/facilitator/room_projector.ipynb").open()
    view = page.locator(".course-room-projector")
    keys = ProjectorByKeyboard(page, view)
    keys.focus_problems = []
    keys.enter(view.get_by_label("Results folder"), str(tmp_path / "results"))
    keys.press(view.get_by_role("button", name="Start the room"))
    expect(view.locator(".course-room-join")).to_contain_text("/join/", timeout=TIMEOUT_MS)
    keys.choose(view.get_by_role("radio", name=re.compile("Self-paced")))
    expect(view.locator(".course-room-status")).to_contain_text("self-paced mode", timeout=TIMEOUT_MS)
    keys.press(view.get_by_role("button", name="Reveal this quiz"))
    expect(view.locator(".course-room-status")).to_have_text("Revealed on every joined laptop.", timeout=TIMEOUT_MS)
    keys.press(view.get_by_role("button", name="Start the countdown"))
    expect(view.locator(".course-room-timer")).not_to_have_text("", timeout=TIMEOUT_MS)
    keys.press(view.get_by_role("button", name="End the session and save results files"))
    expect(view.get_by_role("button", name="No: keep the room open")).to_be_focused(timeout=TIMEOUT_MS)
    page.keyboard.press("Enter")  # the safe answer: the room stays open
    expect(view.get_by_role("button", name="End the session and save results files")).to_be_visible()
    keys.expect_no_trap()
    assert not keys.focus_problems, "\n".join(keys.focus_problems)
