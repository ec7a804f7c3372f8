"""What the room's projector notebook draws (course_lib.room_board): counts and bars with their
numbers, right answers named in words after the reveal only, every text escaped; the countdown."""

from course_lib import room_board as rp
from course_lib.content import load_content
from course_lib.room import Room


def _room():
    return Room(load_content().quizzes, code="ABC234", token="room-token", facilitator_token="fac-token")


def _first(room):
    quiz = next(iter(room.quizzes.values()))
    return quiz, next(q for q in quiz.questions if q.kind == "single")


def test_the_board_shows_how_many_answered_and_the_spread_with_numbers():
    room = _room()
    quiz, question = _first(room)
    for n, option in enumerate([question.answer[0]] * 3 + [o.id for o in question.options if o.id != question.answer[0]][:1]):
        room.join({"token": "room-token", "learner": f"learner{n}", "pseudonym": f"<img src=x onerror=alert(1)>{n}"})
        room.answer({"token": "room-token", "learner": f"learner{n}", "quiz": quiz.id, "question": question.id,
                     "choice": [option]})
    state = room.projector_state("fac-token")
    html = rp.board_html(state, quiz.id)
    assert "4 answered" in html and "3 (75%)" in html and "1 (25%)" in html
    # a bar's width is a class of the board's style sheet (the projector page allows no inline style)
    assert "course-room-w75" in html and " style=" not in html
    assert all(f".course-room-w{n} {{ width: {n}%; }}" in rp.board_css("main") for n in (0, 75, 100))
    assert "right answer" not in html and "course-room-right" not in html  # nothing given away
    assert "onerror" not in html + rp.room_line(state)  # no pseudonym is ever shown
    assert rp.room_line(state) == "4 learners joined · mode: workshop"
    room.reveal({"key": "fac-token", "quiz": quiz.id})
    html = rp.board_html(room.projector_state("fac-token"), quiz.id)
    rights = sum(len(q.answer) for q in quiz.questions if q.kind != "ordering")
    assert html.count("(right answer)") == rights and "(revealed)" in html  # said in words, not by colour alone


def test_every_text_is_escaped_and_an_unknown_quiz_asks_for_a_choice():
    state = {"joined": 1, "mode": "workshop", "signals": {"stories": 0, "learners": 0, "signals": []},
             "quizzes": [{"id": "q", "title": "<b>T</b>", "revealed": False, "answered": 0, "questions": [
                 {"id": "a", "kind": "single", "prompt": "<script>x</script>", "answered": 0,
                  "options": [{"id": "o", "text": "<i>o</i>", "count": 0}]}]}]}
    html = rp.board_html(state, "q")
    assert "<b>" not in html and "<script>" not in html and "<i>" not in html and "&lt;script&gt;" in html
    assert "Choose a quiz" in rp.board_html(state, "nothing")
    assert rp.room_line(state) == "1 learner joined · mode: workshop"


def test_ordering_questions_show_scores_only_after_the_reveal():
    room = _room()
    quiz = next(q for q in room.quizzes.values() if any(x.kind == "ordering" for x in q.questions))
    html = rp.board_html(room.projector_state("fac-token"), quiz.id)
    assert "Order answers are shown after the reveal" in html
    room.reveal({"key": "fac-token", "quiz": quiz.id})
    assert "All steps in order" in rp.board_html(room.projector_state("fac-token"), quiz.id)


def test_the_star_signals_are_counts_with_their_labels():
    html = rp.signals_html(_room().projector_state("fac-token"))
    assert "0 stories from 0 learners" in html and "A number in the result" in html


class Clock:
    now = 100.0

    def __call__(self):
        return self.now


def test_the_countdown_says_the_time_left_and_when_it_is_up():
    clock = Clock()
    countdown = rp.Countdown(clock)
    assert countdown.text() == "" and not countdown.running
    assert countdown.start(1) == 1 and countdown.text() == "1:00"
    clock.now += 15
    assert countdown.text() == "0:45" and countdown.running and not countdown.up
    clock.now += 60
    assert countdown.text() == "0:00" and countdown.up and not countdown.running
    assert countdown.start(500) == 60 and countdown.start(0) == 2 and countdown.start(-3) == 1
    countdown.stop()
    assert countdown.text() == ""
