"""The live room's logic (course_lib.room): joining, first tries, reveal, mode, limits, the end."""

import json
import stat

import pytest

from course_lib import classroom, room as rm
from course_lib.content import load_content
from course_lib.room import Room


@pytest.fixture(scope="module")
def quizzes():
    return load_content().quizzes


class Clock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def room(quizzes, clock):
    return Room(quizzes, clock=clock, code="ABC234", token="room-token", facilitator_token="fac-token")


def first_question(quizzes, kind="single"):
    for quiz in quizzes.values():
        for q in quiz.questions:
            if q.kind == kind:
                return quiz, q
    raise AssertionError(kind)


def join(room, learner="a1b2c3d4", pseudonym="curious-heron-42"):
    return room.join({"token": "room-token", "learner": learner, "pseudonym": pseudonym})


def answer(room, quiz, question, choice, learner="a1b2c3d4"):
    return room.answer({"token": "room-token", "learner": learner, "quiz": quiz.id, "question": question.id,
                        "choice": list(choice)})


def spread(room, quiz, question):
    state = room.projector_state("fac-token")
    q = next(x for x in next(x for x in state["quizzes"] if x["id"] == quiz.id)["questions"] if x["id"] == question.id)
    return q


def test_a_new_room_has_a_readable_code_and_secret_tokens(quizzes):
    a, b = Room(quizzes), Room(quizzes)
    assert len(a.code) == 6 and set(a.code) <= set(rm.CODE_ALPHABET)
    assert not set("01OIL") & set(rm.CODE_ALPHABET)
    assert a.token != b.token and a.facilitator_token != a.token and len(a.token) >= 20


def test_joining_counts_learners_once_and_keeps_only_the_pseudonym(room):
    state = join(room)
    assert state == {"room": "ABC234", "mode": "workshop", "revealed": [], "version": 1}
    join(room)  # a restarted notebook joins again
    join(room, learner="e5f6a7b8", pseudonym="calm-otter-7")
    assert room.projector_state("fac-token")["joined"] == 2
    assert room.learners["a1b2c3d4"].pseudonym == "curious-heron-42"


@pytest.mark.parametrize("message, status", [
    ({"token": "other-room", "learner": "a1", "pseudonym": "x"}, 403),
    ({"learner": "a1", "pseudonym": "x"}, 403),
    ({"token": "room-token", "learner": "a 1", "pseudonym": "x"}, 400),
    ({"token": "room-token", "learner": "<b>", "pseudonym": "x"}, 400),
    ({"token": "room-token", "learner": "a1", "pseudonym": ""}, 400),
    ({"token": "room-token", "learner": "a1", "pseudonym": "line\nbreak"}, 400),
    ({"token": "room-token", "learner": "a1", "pseudonym": "x" * 101}, 400),
    ({"token": "room-token", "learner": "a1", "pseudonym": 7}, 400),
])
def test_a_join_that_breaks_the_rules_is_refused_and_changes_nothing(room, message, status):
    with pytest.raises(rm.RoomError) as e:
        room.join(message)
    assert e.value.status == status
    assert room.learners == {} and room.version == 0


def test_one_learner_id_under_two_pseudonyms_is_a_conflict(room):
    join(room)
    with pytest.raises(rm.Conflict):
        join(room, pseudonym="someone-else")
    assert room.learners["a1b2c3d4"].pseudonym == "curious-heron-42"


def test_a_pseudonym_may_hold_emoji_rtl_and_markup_as_text(room):
    join(room, pseudonym="<script>ünï 🙂 שלום")
    assert room.results()[0]["pseudonym"] == "<script>ünï 🙂 שלום"


def test_first_tries_are_counted_with_the_spread_of_options(room, quizzes):
    quiz, q = first_question(quizzes)
    right = q.answer[0]
    wrong = next(o.id for o in q.options if o.id != right)
    join(room)
    join(room, learner="b2", pseudonym="b")
    join(room, learner="c3", pseudonym="c")
    assert answer(room, quiz, q, [right]) is True
    assert answer(room, quiz, q, [wrong], learner="b2") is True
    assert answer(room, quiz, q, [right], learner="c3") is True
    assert answer(room, quiz, q, [wrong]) is False  # a second try: the first one stands
    row = spread(room, quiz, q)
    assert row["answered"] == 3
    counts = {o["id"]: o["count"] for o in row["options"]}
    assert counts[right] == 2 and counts[wrong] == 1 and sum(counts.values()) == 3
    assert "scores" not in row and all("right" not in o for o in row["options"])  # nothing given away yet


def test_multiple_select_counts_every_option_ticked(room, quizzes):
    quiz, q = first_question(quizzes, "multiple")
    join(room)
    ticked = [o.id for o in q.options[:2]]
    answer(room, quiz, q, ticked)
    row = spread(room, quiz, q)
    assert row["answered"] == 1 and sum(o["count"] for o in row["options"]) == 2


@pytest.mark.parametrize("change", [
    {"quiz": "no-such-quiz"}, {"question": "no-such-question"}, {"choice": ["zz"]}, {"choice": []},
    {"choice": "a"}, {"choice": [1]}, {"choice": ["a"] * 51}, {"quiz": ["x"]},
])
def test_unknown_ids_and_odd_choices_are_refused(room, quizzes, change):
    quiz, q = first_question(quizzes)
    join(room)
    message = {"token": "room-token", "learner": "a1b2c3d4", "quiz": quiz.id, "question": q.id,
               "choice": [q.answer[0]], **change}
    version = room.version
    with pytest.raises(rm.RoomError) as e:
        room.answer(message)
    assert e.value.status == 400 and room.version == version
    assert spread(room, quiz, q)["answered"] == 0


def test_an_answer_before_joining_or_with_another_rooms_token_is_refused(room, quizzes):
    quiz, q = first_question(quizzes)
    with pytest.raises(rm.NotJoined):
        answer(room, quiz, q, [q.answer[0]])
    join(room)
    with pytest.raises(rm.Forbidden):
        room.answer({"token": "room-tokeN", "learner": "a1b2c3d4", "quiz": quiz.id, "question": q.id,
                     "choice": [q.answer[0]]})
    assert spread(room, quiz, q)["answered"] == 0


def test_a_flooding_learner_is_slowed_down_and_others_are_not(room, quizzes, clock):
    join(room)
    join(room, learner="b2", pseudonym="b")
    message = {"token": "room-token", "learner": "a1b2c3d4", "story": "s1", "signals": {"ownership": 0.5}}
    sent = 0
    with pytest.raises(rm.TooFast) as e:
        for _ in range(1000):
            room.signals(message)
            sent += 1
    assert e.value.status == 429 and sent == rm.RATE_BURST - 1  # the join took one
    room.signals({**message, "learner": "b2"})  # another learner is not affected
    clock.now += 1.0  # a second later, two more messages
    room.signals(message)
    room.signals(message)
    with pytest.raises(rm.TooFast):
        room.signals(message)


def test_reveal_shows_the_right_answer_and_the_scores_and_reaches_learners(room, quizzes):
    quiz, q = first_question(quizzes)
    join(room)
    answer(room, quiz, q, [q.answer[0]])
    with pytest.raises(rm.Forbidden):
        room.reveal({"key": "room-token", "quiz": quiz.id})  # a learner's token cannot reveal
    with pytest.raises(rm.RoomError):
        room.reveal({"key": "fac-token", "quiz": "no-such-quiz"})
    room.reveal({"key": "fac-token", "quiz": quiz.id})
    assert room.learner_state("room-token")["revealed"] == [quiz.id]
    row = spread(room, quiz, q)
    assert row["scores"] == {"right": 1, "partly": 0, "not_right": 0}
    assert {o["id"] for o in row["options"] if o["right"]} == set(q.answer)


def test_the_mode_switch_is_the_facilitators_and_learners_follow_it(room):
    with pytest.raises(rm.Forbidden):
        room.set_mode({"key": "room-token", "mode": rm.SELF_PACED})
    with pytest.raises(rm.RoomError):
        room.set_mode({"key": "fac-token", "mode": "exam"})
    room.set_mode({"key": "fac-token", "mode": rm.SELF_PACED})
    assert room.learner_state("room-token")["mode"] == "self-paced"


def test_star_signals_are_counted_and_a_text_is_never_accepted(room):
    join(room)
    join(room, learner="b2", pseudonym="b")
    full = {"parts_present": ["situation", "task", "action", "result"], "ownership": 0.8,
            "speaking_minutes": 1.7, "quantified_result": True, "hypothetical": False, "score": 90}
    room.signals({"token": "room-token", "learner": "a1b2c3d4", "story": "s1", "signals": full})
    room.signals({"token": "room-token", "learner": "a1b2c3d4", "story": "s1", "signals": full})  # replaced
    room.signals({"token": "room-token", "learner": "b2", "story": "s1", "signals": {"parts_present": ["task"]}})
    counts = room.projector_state("fac-token")["signals"]
    shown = {s["key"]: s["stories"] for s in counts["signals"]}
    assert counts["stories"] == 2 and counts["learners"] == 2
    assert shown["all_parts"] == 1 and shown["part:task"] == 2 and shown["target_length"] == 1
    for bad in ({"text": "My story"}, {"ownership": 2}, {"parts_present": ["intro"]}, "x"):
        with pytest.raises(rm.RoomError):
            room.signals({"token": "room-token", "learner": "b2", "story": "s2", "signals": bad})
    assert room.projector_state("fac-token")["signals"]["stories"] == 2


def test_the_projector_needs_the_facilitator_token(room):
    for key in (None, "room-token", "", "fac-token "):
        with pytest.raises(rm.Forbidden):
            room.projector_state(key)


def test_the_end_writes_results_files_the_class_report_reads_and_keeps_nothing(room, quizzes, tmp_path, clock):
    quiz, q = first_question(quizzes)
    wrong = next(o.id for o in q.options if o.id not in q.answer)
    join(room)
    join(room, learner="b2", pseudonym="<b>bold</b>")
    answer(room, quiz, q, [q.answer[0]])
    answer(room, quiz, q, [wrong], learner="b2")
    room.signals({"token": "room-token", "learner": "b2", "story": "s1",
                  "signals": {"parts_present": ["situation", "task", "action", "result"]}})
    with pytest.raises(rm.Forbidden):
        room.end("room-token", tmp_path / "out")
    written = room.end("fac-token", tmp_path / "out")
    assert len(written) == 2
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        data = classroom.parse_results(path.read_bytes())
        assert data["exported_at"] == "2027-01-15T08:00:00+00:00"
    report = classroom.roll_up(tmp_path / "out")
    assert report.learners == 2 and not report.skipped and report.held == 0
    tally = report.questions[(quiz.id, q.id)]
    assert (tally.right, tally.wrong) == (1, 1)
    assert report.stories == 1 and report.signals["all_parts"] == 1
    # nothing else kept, and the room takes no more messages
    assert room.learners == {} and room.ended
    for call in (lambda: join(room), lambda: room.projector_state("fac-token"), lambda: room.learner_state("room-token")):
        with pytest.raises(rm.Closed) as e:
            call()
        assert e.value.status == 410


def test_parse_message_refuses_what_is_not_a_small_json_object():
    assert rm.parse_message(b'{"a": 1}') == {"a": 1}
    for raw, status in ((b"x" * (rm.MAX_MESSAGE_BYTES + 1), 413), (b"{", 400), (b"[1]", 400), (b"\xff", 400),
                        (b"[" * 2000 + b"]" * 2000, 400), (b"", 400)):
        with pytest.raises(rm.RoomError) as e:
            rm.parse_message(raw)
        assert e.value.status == status


def test_the_room_is_full_at_its_limit(room, monkeypatch):
    monkeypatch.setattr(rm, "MAX_LEARNERS", 3)
    for n in range(3):
        join(room, learner=f"l{n}", pseudonym=f"p{n}")
    with pytest.raises(rm.TooFast):
        join(room, learner="l9", pseudonym="p9")
    join(room, learner="l0", pseudonym="p0")  # one already in may come back
    assert len(room.learners) == 3


def test_results_file_json_round_trip(room, quizzes):
    quiz, q = first_question(quizzes)
    join(room)
    answer(room, quiz, q, [q.answer[0]])
    (data,) = room.results()
    assert classroom.parse_results(json.dumps(data).encode()) == data
    assert data["quizzes"][quiz.id]["questions"] == {q.id: 1.0}


def test_an_end_that_cannot_write_keeps_the_room_as_it_was(room, quizzes, tmp_path):
    quiz, q = first_question(quizzes)
    join(room)
    answer(room, quiz, q, [q.answer[0]])
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with pytest.raises(rm.NotWritten) as e:
        room.end("fac-token", blocked)
    assert e.value.status == 500 and "keeps everything" in str(e.value)
    assert not room.ended and spread(room, quiz, q)["answered"] == 1
    assert len(room.end("fac-token", tmp_path / "out")) == 1  # and a second try works


def test_one_device_is_slowed_down_and_the_others_and_the_laptop_itself_are_not(clock):
    limits = rm.AddressLimits(clock=clock, burst=3, rate=1.0)
    for _ in range(3):
        limits.request("192.168.1.30")
    with pytest.raises(rm.TooFast) as e:
        limits.request("192.168.1.30")
    assert e.value.status == 429 and "device" in str(e.value)
    limits.request("192.168.1.31")  # another device: its own share
    for _ in range(100):
        limits.request("127.0.0.1")  # the facilitator's laptop (the projector polls from it)
        limits.request("::1")
    clock.now += 1.0  # one second later: one more request
    limits.request("192.168.1.30")
    with pytest.raises(rm.TooFast):
        limits.request("192.168.1.30")


def test_a_device_may_join_a_few_learners_and_rejoin_them_any_time(clock):
    limits = rm.AddressLimits(clock=clock, joins=2)
    for learner in ("a1", "a2"):
        limits.may_join("10.0.0.5", learner)
        limits.joined("10.0.0.5", learner)
    with pytest.raises(rm.TooFast) as e:
        limits.may_join("10.0.0.5", "a3")
    assert e.value.status == 429 and "2 learners" in str(e.value)
    limits.may_join("10.0.0.5", "a1")  # a restarted notebook joins again: fine
    limits.may_join("10.0.0.6", "a3")  # another device
    for n in range(10):
        limits.joined("127.0.0.1", f"l{n}")
        limits.may_join("127.0.0.1", f"m{n}")  # the laptop itself: no cap


def test_the_limits_forget_quiet_devices_when_they_know_too_many(clock):
    limits = rm.AddressLimits(clock=clock, burst=2, rate=1.0, remember=3)
    for n in range(3):
        limits.request(f"10.0.0.{n}")
        limits.request(f"10.0.0.{n}")
    limits.request("10.0.0.9")  # all three are busy: none is forgotten (a busy device stays slowed)
    with pytest.raises(rm.TooFast):
        limits.request("10.0.0.0")
    clock.now += 10
    limits.request("10.0.0.10")  # now they are quiet: forgotten, and nothing is lost by that
    assert set(limits._buckets) == {"10.0.0.10"}


def test_the_results_files_list_the_notebooks_answered_in_the_room_as_a_laptop_counts_them(room, quizzes, tmp_path):
    from course_lib import gradebook
    from course_lib.export import ACTIVITIES

    quiz, q = first_question(quizzes)
    other = next(x for x in quizzes.values() if x.notebook != quiz.notebook)
    join(room)
    join(room, learner="b2", pseudonym="bea")
    answer(room, quiz, q, [q.answer[0]])
    for question in other.questions:  # every question of the other notebook's quiz
        answer(room, other, question, list(question.answer), learner="b2")
    files = {data["learner"]: data for data in room.results()}
    steps = {nb: len(ACTIVITIES.get(nb, ())) + sum(len(x.questions) for x in quizzes.values() if x.notebook == nb)
             for nb in (quiz.notebook, other.notebook)}
    assert files["a1b2c3d4"]["notebooks"] == {quiz.notebook: {"done": 1, "of": steps[quiz.notebook]}}
    assert files["b2"]["notebooks"] == {other.notebook: {"done": len(other.questions), "of": steps[other.notebook]}}
    # what the class report and the teacher's table make of them: the notebooks started, none more
    room.end("fac-token", tmp_path / "out")
    report = classroom.roll_up(tmp_path / "out")
    assert set(report.notebooks) == {quiz.notebook, other.notebook}
    assert [report.notebooks[nb].started for nb in (quiz.notebook, other.notebook)] == [1, 1]
    rows = {r.pseudonym: r for r in gradebook.class_table(report).rows}
    assert (rows["bea"].notebooks, rows["bea"].notebooks_finished) == (1, 0)  # its exercises: not seen in a room
