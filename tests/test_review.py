"""Spaced review: cards from answered questions, FSRS schedules, warm-ups, the interview date,
review history, and scores left alone. Time moves through an injected clock (no sleeping)."""

from datetime import date, datetime, timedelta, timezone

import pytest

from course_lib import review
from course_lib.content import load_content
from course_lib.planner import SavedPlanner
from course_lib.quizzes import WORKSHOP, NoAnswer, QuizSession, score_course, section_name

START = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def content():
    return load_content()


class Clock:
    """A clock the test moves on by hand."""

    def __init__(self, now=START):
        self.now = now

    def __call__(self):
        return self.now

    def travel(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


def first_try(store, quiz_id, question_id, score, at=START, *, mode="practice", hints=0):
    """Save a quiz record as the quiz would, with its first try at ``at``."""
    store.save(section_name(quiz_id), question_id, {
        "choice": ["x"], "checked": True, "hints": hints, "answer_shown": False,
        "attempts": [{"choice": ["x"], "score": score, "mode": mode, "at": at.isoformat(timespec="seconds")}]})


def right(question):
    return list(question.answer)


def wrong(question):
    return [next(o.id for o in question.options if o.id not in question.answer)]


def card(deck, key):
    return next(c for c in deck.cards() if c.key == key)


# --- ratings ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("score, hinted, rating", [
    (0.0, False, review.AGAIN), (0.5, False, review.HARD), (1.0, True, review.HARD), (1.0, False, review.GOOD)])
def test_an_answer_becomes_a_rating(score, hinted, rating):
    assert review.rating_for(score, hinted=hinted) == rating


# --- first tries ---------------------------------------------------------------------------------------
def test_only_answered_questions_are_cards(store, content, clock):
    deck = review.ReviewDeck(store, content, clock=clock)
    assert deck.cards() == []
    first_try(store, "01-meaning", "invite-meaning", 1.0)
    assert [c.key for c in deck.cards()] == ["01-meaning/invite-meaning"]


def test_a_wrong_first_try_is_due_sooner_than_a_right_one(store, content, clock):
    first_try(store, "01-meaning", "invite-meaning", 0.0)
    first_try(store, "01-meaning", "round-two-differs", 0.5)
    first_try(store, "01-meaning", "both-sides-decide", 1.0)
    deck = review.ReviewDeck(store, content, clock=clock)
    wrong_due = card(deck, "01-meaning/invite-meaning").due
    partly_due = card(deck, "01-meaning/round-two-differs").due
    right_due = card(deck, "01-meaning/both-sides-decide").due
    assert wrong_due - START == timedelta(days=1)
    assert partly_due <= right_due and wrong_due < right_due
    assert deck.due() == []  # nothing is due the moment it is answered
    clock.travel(days=1)
    assert [c.key for c in deck.due()] == ["01-meaning/invite-meaning", "01-meaning/round-two-differs"]


def test_due_cards_come_most_overdue_first(store, content, clock):
    first_try(store, "02-purpose", "lunch-counts", 0.0, START)
    first_try(store, "01-meaning", "invite-meaning", 0.0, START + timedelta(hours=5))
    first_try(store, "01-meaning", "both-sides-decide", 0.0, START - timedelta(days=3))
    clock.travel(days=2)
    keys = [c.key for c in review.ReviewDeck(store, content, clock=clock).due()]
    assert keys == ["01-meaning/both-sides-decide", "02-purpose/lunch-counts", "01-meaning/invite-meaning"]


# --- warm-ups ------------------------------------------------------------------------------------
def test_a_warm_up_holds_due_cards_from_earlier_notebooks_only(store, content, clock):
    for quiz_id in ("01-meaning", "02-purpose", "03-prepare"):
        for q in content.quiz(quiz_id).questions[:3]:
            first_try(store, quiz_id, q.id, 0.0)
    clock.travel(days=3)
    deck = review.ReviewDeck(store, content, clock=clock)
    assert {c.notebook for c in deck.warm_up("03_prepare.ipynb")} <= {"01_what_it_means.ipynb",
                                                                       "02_purpose_and_expectations.ipynb"}
    assert len(deck.warm_up("03_prepare.ipynb")) == review.WARM_UP_CARDS
    assert [c.notebook for c in deck.warm_up("02_purpose_and_expectations.ipynb")] == ["01_what_it_means.ipynb"] * 3
    assert deck.warm_up("01_what_it_means.ipynb") == []
    assert len(deck.due()) == 9
    with pytest.raises(ValueError, match="not a notebook of the course map"):
        deck.warm_up("99_nowhere.ipynb")


def test_warm_ups_are_off_in_a_workshop_unless_the_facilitator_turns_them_on(monkeypatch):
    monkeypatch.delenv(review.WARM_UPS_VAR, raising=False)
    monkeypatch.delenv("COURSE_QUIZ_MODE", raising=False)
    assert review.warm_ups_on() is True
    assert review.warm_ups_on("workshop") is False
    monkeypatch.setenv("COURSE_QUIZ_MODE", "workshop")
    assert review.warm_ups_on() is False
    monkeypatch.setenv(review.WARM_UPS_VAR, "on")
    assert review.warm_ups_on() is True
    monkeypatch.setenv(review.WARM_UPS_VAR, "off")
    assert review.warm_ups_on("practice") is False
    monkeypatch.setenv(review.WARM_UPS_VAR, "sometimes")
    with pytest.raises(ValueError, match="COURSE_WARM_UPS"):
        review.warm_ups_on()


def test_a_held_workshop_quiz_does_not_give_its_answers_away(store, content, clock):
    first_try(store, "01-meaning", "invite-meaning", 0.0, mode=WORKSHOP)
    clock.travel(days=5)
    deck = review.ReviewDeck(store, content, clock=clock)
    assert deck.cards() == []
    session = QuizSession(content.quiz("01-meaning"), store, mode=WORKSHOP)
    from course_lib.quizzes import reveal_code
    assert session.reveal(reveal_code("01-meaning"))
    assert [c.key for c in deck.due()] == ["01-meaning/invite-meaning"]


# --- reviews -------------------------------------------------------------------------------------
def test_reviews_move_the_schedule_and_are_kept_apart_from_scores(store, content, clock):
    quiz = content.quiz("01-meaning")
    q = quiz.questions[0]
    session = QuizSession(quiz, store)
    session.check(q, wrong(q))  # the real quiz, at the real time: the first try
    scores_before = score_course(store, content).to_dict()
    clock.now = datetime.now(timezone.utc) + timedelta(days=1, minutes=1)
    deck = review.ReviewDeck(store, content, clock=clock)
    [due] = deck.due()
    feedback = deck.answer(due, right(q))
    assert feedback.correct and "Correct." in feedback.html()
    after_right = card(deck, due.key)
    assert after_right.due > clock.now + timedelta(days=1)  # right: later than a day
    assert after_right.reviews[-1]["rating"] == review.GOOD
    assert deck.due() == []
    # a wrong review brings it back the next day
    clock.now = after_right.due
    deck.answer(card(deck, due.key), wrong(q))
    after_wrong = card(deck, due.key)
    assert after_wrong.due - clock.now == timedelta(days=1)
    assert [r["rating"] for r in after_wrong.reviews] == [review.GOOD, review.AGAIN]
    # the quiz and the course still count the first try, and only it
    assert score_course(store, content).to_dict() == scores_before
    assert session.record(q).first_score == 0.0 and len(session.record(q).attempts) == 1


def test_good_reviews_space_out_further_each_time(store, content, clock):
    q = content.quiz("01-meaning").questions[0]
    first_try(store, "01-meaning", q.id, 1.0)
    deck = review.ReviewDeck(store, content, clock=clock)
    gaps = []
    for _ in range(3):
        c = card(deck, f"01-meaning/{q.id}")
        gaps.append(c.due - c.last_seen)
        clock.now = c.due
        deck.answer(c, right(q))
    assert gaps[0] < gaps[1] < gaps[2]


def test_an_empty_answer_is_not_a_review(store, content, clock):
    q = content.quiz("01-meaning").questions[0]
    first_try(store, "01-meaning", q.id, 0.0)
    clock.travel(days=2)
    deck = review.ReviewDeck(store, content, clock=clock)
    with pytest.raises(NoAnswer):
        deck.answer(deck.due()[0], [])
    assert store.items(review.SECTION) == {}


def test_damaged_saved_reviews_fall_back_to_the_first_try(store, content, clock):
    first_try(store, "01-meaning", "invite-meaning", 0.0)
    store.save(review.SECTION, "01-meaning/invite-meaning", {"card": "broken", "reviews": [{"score": 9}]})
    deck = review.ReviewDeck(store, content, clock=clock)
    assert card(deck, "01-meaning/invite-meaning").due == START + timedelta(days=1)


# --- the interview date --------------------------------------------------------------------------
def test_the_interview_date_pulls_every_card_before_it(store, content, clock):
    q = content.quiz("01-meaning").questions[0]
    first_try(store, "01-meaning", q.id, 1.0)
    deck = review.ReviewDeck(store, content, clock=clock)
    for _ in range(2):  # two good reviews: the next one is days away
        c = card(deck, f"01-meaning/{q.id}")
        clock.now = c.due
        deck.answer(c, right(q))
    free_due = card(deck, f"01-meaning/{q.id}").due
    interview = (clock.now + timedelta(days=3)).date()
    assert free_due.date() >= interview
    deck.save_interview_date(interview)
    assert SavedPlanner(store).read().interview_date == interview  # the planner's own date
    pulled = card(deck, f"01-meaning/{q.id}").due
    assert pulled == datetime.combine(interview - timedelta(days=1), datetime.min.time(), tzinfo=timezone.utc)
    assert pulled < free_due
    # reviewed on the last day: its own date again; after the interview the date stops counting
    clock.now = pulled + timedelta(hours=8)
    deck.answer(card(deck, f"01-meaning/{q.id}"), right(q))
    assert card(deck, f"01-meaning/{q.id}").due.date() > interview
    clock.now = datetime.combine(interview + timedelta(days=1), datetime.min.time(), tzinfo=timezone.utc)
    assert deck.last_chance() is None


def test_a_card_answered_on_the_last_day_is_not_pulled_back(store, content, clock):
    deck = review.ReviewDeck(store, content, clock=clock)
    deck.save_interview_date(START.date() + timedelta(days=1))
    first_try(store, "01-meaning", "invite-meaning", 1.0)
    assert card(deck, "01-meaning/invite-meaning").due > START


# --- history and the clock -----------------------------------------------------------------------
def test_history_counts_what_has_stuck(store, content, clock):
    quiz = content.quiz("01-meaning")
    for q in quiz.questions[:3]:
        first_try(store, "01-meaning", q.id, 0.0)
    clock.travel(days=2)
    deck = review.ReviewDeck(store, content, clock=clock)
    assert deck.history().to_dict() == {"cards": 3, "reviewed": 0, "stuck": 0, "reviews": 0}
    a, b, _ = deck.due()
    qa = a.question
    deck.answer(a, wrong(qa))
    clock.travel(minutes=5)
    deck.answer(card(deck, a.key), right(qa))
    deck.answer(b, wrong(b.question))
    history = deck.history()
    assert history.to_dict() == {"cards": 3, "reviewed": 2, "stuck": 1, "reviews": 3}
    assert history.due == 1
    assert "1 was right" in history.sentence()


def test_the_schedule_survives_reopening_the_store(tmp_path, content, clock):
    from course_lib.progress import Store

    store = Store(tmp_path / "p.sqlite3")
    first_try(store, "01-meaning", "invite-meaning", 0.0)
    clock.travel(days=1)
    deck = review.ReviewDeck(store, content, clock=clock)
    q = content.quiz("01-meaning").questions[0]  # invite-meaning
    deck.answer(deck.due()[0], right(q))
    due = card(deck, "01-meaning/invite-meaning").due
    store.close()
    again = Store(tmp_path / "p.sqlite3")
    try:
        assert card(review.ReviewDeck(again, content, clock=clock), "01-meaning/invite-meaning").due == due
    finally:
        again.close()


def test_interview_date_in_the_past_changes_nothing(store, content, clock):
    first_try(store, "01-meaning", "both-sides-decide", 1.0)
    deck = review.ReviewDeck(store, content, clock=clock)
    before = card(deck, "01-meaning/both-sides-decide").due
    deck.save_interview_date(date(2026, 11, 1))
    assert card(deck, "01-meaning/both-sides-decide").due == before
