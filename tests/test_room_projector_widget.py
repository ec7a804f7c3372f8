"""The room's projector notebook (course_lib.room_projector_widget), driven from Python: it starts
a room in this process, learners' first tries show as they come in, the reveal and the mode reach
the learners, the end saves the results files; it connects to a room started elsewhere; a bad link
or a room that is gone is one sentence."""

import time

import pytest

from course_lib import testing
from course_lib.content import load_content
from course_lib.room_client import RoomClient, parse_join_link
from course_lib.room_projector_widget import RoomProjector
from course_lib.room_service import start_in_thread


def _start_on_any_port(out, lan):
    return start_in_thread(out=out, lan=lan, port=0)


def _until(condition, timeout=10.0):
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "not in time"
        time.sleep(0.05)


def test_a_room_started_here_shows_first_tries_live_and_its_buttons_reach_the_learners(tmp_path):
    view = RoomProjector(start=_start_on_any_port, poll_every=0.05)
    assert repr(view) == "The live room's projector"
    testing.control(view, "folder").value = str(tmp_path / "results")
    testing.press(view, "Start the room")
    assert "Room started" in testing.shown_text(view, "status")
    learner = RoomClient(parse_join_link(view.join_link))
    code = learner.link.code
    assert code in testing.shown_text(view, "code") and view.join_link in testing.shown_text(view, "code")
    quiz = next(iter(load_content().quizzes.values()))
    question = quiz.questions[0]
    learner.join("learner1", "<b>ana</b>")
    learner.answer("learner1", quiz.id, question.id, [question.answer[0]])
    _until(lambda: "1 answered" in testing.shown_text(view, "board"))  # the watcher brought it
    assert testing.shown_text(view, "line") == "1 learner joined · mode: workshop"
    assert "ana" not in testing.shown_text(view, "board")
    testing.press(view, "Reveal this quiz")
    assert learner.state()["revealed"] == [quiz.id]
    assert "(right answer)" in testing.shown_text(view, "board") and view.reveal.disabled
    testing.control(view, "mode").value = "self-paced"
    assert learner.state()["mode"] == "self-paced"
    assert "self-paced mode" in testing.shown_text(view, "status")
    testing.press(view, "Start the countdown")
    assert testing.shown_text(view, "timer") == "2:00"
    testing.press(view, "End the session and save results files")
    assert not (tmp_path / "results").exists()  # asked first
    testing.press(view, "Yes: end it and save the results files")
    assert "Session ended: 1 results file saved in" in testing.shown_text(view, "status")
    assert len(list((tmp_path / "results").iterdir())) == 1
    assert view.reveal.disabled and view.end.disabled
    assert testing.shown_text(view, "timer") == ""  # the countdown stops with the session
    view.close()


def test_it_connects_to_a_room_started_elsewhere_and_says_what_is_wrong_with_a_link(tmp_path):
    running = _start_on_any_port(tmp_path, False)
    view = RoomProjector(poll_every=60)
    for bad, said in (("", "Paste the projector link"), (running.join_link, "not a projector link"),
                      (running.projector.split("?")[0], "no facilitator key")):
        testing.control(view, "link").value = bad
        testing.press(view, "Connect to this room")
        assert said in testing.shown_text(view, "message")
    testing.control(view, "link").value = running.projector.replace("key=", "key=x")
    testing.press(view, "Connect to this room")
    assert "The room said no: not this room's facilitator token." in testing.shown_text(view, "message")
    testing.control(view, "link").value = running.projector
    testing.press(view, "Connect to this room")
    assert testing.control(view, "link").value == ""  # the key does not stay on screen
    assert running.room.code in testing.shown_text(view, "code")
    assert running.join_link in testing.shown_text(view, "code")  # to put on the screen from here too
    running.stop()
    _until(lambda: (view.refresh() or "does not answer" in testing.shown_text(view, "status")))
    view.close()


def test_a_room_that_cannot_start_is_one_sentence():
    def busy(out, lan):
        raise OSError(98, "Address already in use")

    view = RoomProjector(start=busy)
    testing.press(view, "Start the room")
    assert testing.shown_text(view, "message") == "The room did not start (Address already in use)."


def test_ticking_the_network_box_shows_what_it_exposes():
    view = RoomProjector()
    warning = view.lan_warning
    assert warning.layout.display == "none"
    testing.control(view, "lan").value = True
    assert warning.layout.display is None and "every device on this network" in warning.value
