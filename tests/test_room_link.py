"""Joining a live room from the course (course_lib.room_link, room_widget and the quiz's hook):
first tries reach the room in the background, a reveal comes back at the next click, and an
unreachable room never holds a quiz up."""

import json
import socket
import time
import urllib.request

import pytest

from course_lib import room_link as rl
from course_lib import testing
from course_lib.content import load_content
from course_lib.quiz_widget import quiz
from course_lib.quizzes import QuizSession
from course_lib.room_client import parse_join_link, start_room_process
from course_lib.room_widget import join_room
from course_lib.widgets import is_shown

HOSTILE = "<img src=x onerror=alert(1)> שלום 🙂"


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    room = start_room_process(tmp_path_factory.mktemp("room") / "results")
    yield room
    room.stop()


def projector(served):
    with urllib.request.urlopen(f"{served.link.base}/api/projector?key={served.key}", timeout=10) as reply:
        return json.loads(reply.read())


def answered(served, quiz_id, question_id):
    state = projector(served)
    quiz_ = next(q for q in state["quizzes"] if q["id"] == quiz_id)
    return next(q for q in quiz_["questions"] if q["id"] == question_id)["answered"]


def single(content, quiz_id):
    return next(q for q in content.quiz(quiz_id).questions if q.kind == "single")


def closed_port_link():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/join/ABC234?token=abcdefghijklmnop"


def test_the_join_link_is_read_strictly():
    link = parse_join_link("  http://192.168.1.20:8765/join/k7px3m?token=Ab_-12345678  ")
    assert (link.base, link.code, link.token) == ("http://192.168.1.20:8765", "K7PX3M", "Ab_-12345678")
    for bad in ("", "K7PX3M", "ftp://x/join/ABC234?token=abcdefghij", "http://x/join/ABC234",
                "http://x/other/ABC234?token=abcdefghij", "http://x/join/ABC234?token=<script>",
                "http://x:99999/join/ABC234?token=abcdefghij", "http://" + "x" * 600):
        with pytest.raises(ValueError):
            parse_join_link(bad)


def test_the_saved_room_is_read_back_and_damage_is_no_room(store):
    saved = rl.SavedRoom(store)
    assert saved.read() is None
    link = parse_join_link("http://127.0.0.1:9/join/ABC234?token=abcdefghijk")
    saved.save(link)
    assert saved.read() == link
    store.save(rl.SECTION, rl.KEY, {"url": 5})
    assert saved.read() is None
    saved.save(link)
    saved.leave()
    assert saved.read() is None and rl.room_link(store) is None


def set_mode(served, mode):
    request = urllib.request.Request(f"{served.link.base}/api/mode", method="POST",
                                     data=json.dumps({"key": served.key, "mode": mode}).encode(),
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).close()


def test_joining_in_00_then_a_first_try_reaches_the_projector_and_a_second_does_not(served, store, content):
    set_mode(served, "self-paced")  # practice: a second try is possible
    store.set_pseudonym("Heron")
    box = join_room(store=store)
    testing.control(box, "link").value = served.link.url
    testing.press(box, "Join the room")
    assert "Joined room" in testing.shown_text(box, "message")
    view = quiz("04-star", store=store, content=content)
    q = single(content, "04-star")
    before = answered(served, "04-star", q.id)
    testing.answer(view, q.id, next(o.id for o in q.options if o.id not in q.answer))
    view.room.wait()
    assert answered(served, "04-star", q.id) == before + 1
    testing.try_again(view, q.id)
    testing.answer(view, q.id, q.answer[0])
    view.room.wait()
    assert answered(served, "04-star", q.id) == before + 1  # the first try only
    assert "You are in room" in testing.shown_text(view, "room")
    assert "To stop, press “Leave the room” in notebook 00." in testing.shown_text(view, "room")


def test_a_quiz_follows_the_rooms_mode_unless_it_was_given_one(served, store, content, monkeypatch):
    monkeypatch.setattr(rl, "POLL_EVERY", 0.0)
    set_mode(served, "self-paced")
    rl.SavedRoom(store).save(served.link)
    view = quiz("04-star", store=store, content=content)
    fixed = quiz("05-in-the-room", store=store, content=content, mode="practice")
    view.room.wait()
    set_mode(served, "workshop")
    testing.press(view, "Next")  # asks the room...
    view.room.wait()
    testing.press(view, "Back")  # ...and follows it
    assert view.session.mode == "workshop" and "Workshop mode" in testing.shown_text(view, "heading")
    q = single(content, "04-star")
    testing.answer(view, q.id, q.answer[0])
    assert "facilitator reveals" in testing.feedback_text(view, q.id)
    testing.press(fixed, "Next")
    fixed.room.wait()
    testing.press(fixed, "Back")
    assert fixed.session.mode == "practice"  # a quiz given its mode keeps it
    set_mode(served, "self-paced")
    view.room.wait()
    testing.press(view, "Next")
    view.room.wait()
    testing.press(view, "Back")
    assert view.session.mode == "practice" and testing.feedback_text(view, q.id).startswith("✓")


def test_the_rooms_reveal_reaches_a_workshop_quiz_at_its_next_click(served, store, content, monkeypatch):
    monkeypatch.setattr(rl, "POLL_EVERY", 0.0)
    set_mode(served, "workshop")
    rl.SavedRoom(store).save(served.link)
    view = quiz("02-purpose", store=store, content=content, mode="workshop")
    assert not is_shown(view.reveal_row)  # the room's reveal replaces the typed code
    q = single(content, "02-purpose")
    testing.answer(view, q.id, q.answer[0])
    assert "facilitator reveals" in testing.feedback_text(view, q.id)
    request = urllib.request.Request(f"{served.link.base}/api/reveal", method="POST",
                                     data=json.dumps({"key": served.key, "quiz": "02-purpose"}).encode(),
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).close()
    view.room.wait()
    testing.press(view, "Next")  # the poll this click starts brings the reveal...
    view.room.wait()
    testing.press(view, "Back")  # ...and the next click shows it
    assert "facilitator reveals" not in testing.feedback_text(view, q.id)
    assert testing.feedback_text(view, q.id).startswith("✓")
    assert view.session.revealed


def test_an_unreachable_room_never_holds_a_quiz_up_and_says_so_in_one_line(store, content):
    rl.SavedRoom(store).save(parse_join_link(closed_port_link()))
    view = quiz("04-star", store=store, content=content, mode="workshop")
    q = single(content, "04-star")
    started = time.perf_counter()
    testing.answer(view, q.id, next(o.id for o in q.options if o.id not in q.answer))
    assert time.perf_counter() - started < 0.5  # the quiz did not wait for the network
    view.room.wait()
    testing.press(view, "Next")
    line = testing.shown_text(view, "room")
    assert "does not answer" in line and "kept on this computer" in line
    assert view.session.record(q).first_score == 0.0  # kept locally as always
    assert is_shown(view.reveal_row)  # the typed reveal code is the way round


def test_first_try_hook_is_called_once_and_its_failure_is_ignored(store, content):
    calls = []

    def hook(*args):
        calls.append(args)
        raise RuntimeError("the room broke")

    session = QuizSession(content.quiz("04-star"), store, on_first_try=hook)
    q = content.quiz("04-star").questions[2]
    wrong = next(o.id for o in q.options if o.id not in q.answer)
    session.check(q, wrong)
    session.try_again(q)
    session.check(q, q.answer[0])
    assert calls == [("04-star", q.id, (wrong,))]
    assert session.record(q).first_score == 0.0


def test_the_join_box_refuses_a_bad_link_and_an_unreachable_room_and_escapes_the_pseudonym(served, store):
    store.set_pseudonym(HOSTILE)
    box = join_room(store=store)
    testing.control(box, "link").value = "not a link"
    testing.press(box, "Join the room")
    assert "http://" in testing.shown_text(box, "message") and rl.SavedRoom(store).read() is None
    testing.control(box, "link").value = closed_port_link()
    testing.press(box, "Join the room")
    assert "does not answer" in testing.shown_text(box, "message") and rl.SavedRoom(store).read() is None
    testing.control(box, "link").value = served.link.url
    testing.press(box, "Join the room")
    assert "<img" not in testing.shown(box, "message").value and "&lt;img" in testing.shown(box, "message").value
    assert rl.SavedRoom(store).read() == served.link
    testing.press(box, "Leave the room")
    assert rl.SavedRoom(store).read() is None and "left the room" in testing.shown_text(box, "message")


STORY = ("Last spring our payment service failed for one in twenty customers every evening. "
         "As the on-call engineer, it was my job to find the cause. "
         "I pulled the logs and found that a backup job was locking a table. "
         "I moved the backup to 3 a.m. and added an alert. "
         "Failed payments dropped to zero the next evening.")


def test_star_signals_go_to_the_room_only_when_chosen_and_never_the_text(served, store):
    import course_lib

    box = join_room(store=store)
    testing.control(box, "link").value = served.link.url
    testing.press(box, "Join the room")
    before = projector(served)["signals"]["stories"]
    coach = course_lib.star_coach(store=store)
    testing.type_answer(coach, STORY)
    testing.press(coach, "Save to my story bank")
    rl.room_link(store).wait()
    assert projector(served)["signals"]["stories"] == before  # not chosen: nothing sent
    testing.control(box, "signals").value = True
    assert rl.SavedRoom(store).sends_signals() and "text stays here" in testing.shown_text(box, "message")
    testing.type_answer(coach, STORY + " I wrote it up for the team.")
    testing.press(coach, "Save to my story bank")
    rl.room_link(store).wait()
    state = projector(served)
    assert state["signals"]["stories"] == before + 1
    shown = {s["key"]: s["stories"] for s in state["signals"]["signals"]}
    assert shown["all_parts"] >= 1 and shown["quantified_result"] >= 1
    assert "payment" not in json.dumps(state)  # the text never reached the room
    testing.control(box, "signals").value = False
    assert not rl.SavedRoom(store).sends_signals()


def test_a_quiz_offers_to_join_until_joined_and_joining_there_sends_its_next_first_try(served, store, content,
                                                                                         monkeypatch):
    import ipywidgets as w

    focused = []
    monkeypatch.setattr(w.DOMWidget, "focus", lambda self: focused.append(self))
    set_mode(served, "self-paced")
    store.set_pseudonym("Heron")
    view = quiz("04-star", store=store, content=content)
    assert rl.offers_join(view.room) and view.room is None
    assert not is_shown(testing.shown(view, "room"))
    testing.press(view, "In a live room? Join it here")  # folded until asked for
    box = view.join_box
    assert focused == [testing.control(box, "link")]  # the keyboard goes where the link is typed
    testing.press(view, "Hide the join box")
    testing.press(view, "In a live room? Join it here")
    testing.control(box, "link").value = served.link.url
    testing.press(box, "Join the room")
    assert focused[-1] is view.view(0).check  # the button it was on is gone: back to the question
    assert rl.SavedRoom(store).read() == served.link  # kept, as a join in notebook 00
    assert view.room is not None and not rl.offers_join(view.room)
    assert not is_shown(view.join_area) and "You are in room" in testing.shown_text(view, "room")
    q = single(content, "04-star")
    before = answered(served, "04-star", q.id)
    testing.answer(view, q.id, q.answer[0])  # this quiz's next first try goes to the room at once
    view.room.wait()
    assert answered(served, "04-star", q.id) == before + 1
    other = quiz("02-purpose", store=store, content=content)  # another quiz knows the room too
    assert other.room is view.room and not is_shown(other.join_area)


def test_a_quiz_opened_before_joining_elsewhere_picks_the_room_up_at_its_next_click(served, store, content):
    store.set_pseudonym("Heron")
    view = quiz("04-star", store=store, content=content)
    assert is_shown(view.join_area)
    elsewhere = join_room(store=store)  # notebook 00, or another quiz
    testing.control(elsewhere, "link").value = served.link.url
    testing.press(elsewhere, "Join the room")
    testing.press(view, "Next")
    assert view.room is not None and view.session.on_first_try == view.room.first_try
    assert not is_shown(view.join_area) and is_shown(testing.shown(view, "room"))
