"""The warm-up and review-due views, driven as a learner would (course_lib.testing)."""

from datetime import timedelta

import pytest

import course_lib as course
from course_lib import review, testing
from course_lib.quizzes import QuizSession, score_course
from course_lib.review_widget import warm_up
from test_review import START, Clock, content, first_try, right, wrong  # noqa: F401 (content: a fixture)

HOSTILE = "<img src=x onerror=alert(1)> مرحبا 🎉"


@pytest.fixture
def due_store(store, content):
    """Three questions of 01 and two of 02 answered wrongly on START: all due a day later."""
    for q in content.quiz("01-meaning").questions[:3]:
        first_try(store, "01-meaning", q.id, 0.0)
    for q in content.quiz("02-purpose").questions[:2]:
        first_try(store, "02-purpose", q.id, 0.0, START + timedelta(hours=1))
    return store


def test_the_cells_are_one_call(monkeypatch):
    monkeypatch.delenv(review.WARM_UPS_VAR, raising=False)
    assert course.warm_up is warm_up
    assert course.review_due.__module__ == "course_lib.review_widget"


def test_a_warm_up_with_nothing_due_says_so_in_one_line(store, content):
    view = warm_up("03_prepare.ipynb", store=store, content=content, mode="practice", clock=Clock())
    assert testing.shown_text(view, "heading") == ""
    assert testing.shown_text(view, "summary").startswith("Warm-up: nothing to review yet.")
    first_try(store, "01-meaning", "invite-meaning", 1.0)
    view = warm_up("03_prepare.ipynb", store=store, content=content, mode="practice", clock=Clock())
    text = testing.shown_text(view, "summary")
    assert text == "Warm-up: nothing from earlier notebooks is due for review now. " \
                   "The next question comes back on Thursday 3 December."
    assert testing.review_card(view) is None


def test_answering_a_warm_up_card_shows_the_quizs_feedback_and_moves_it_on(due_store, content):
    clock = Clock(START + timedelta(days=2))
    view = warm_up("03_prepare.ipynb", store=due_store, content=content, mode="practice", clock=clock)
    assert len(view.cards) == 5
    assert "Card 1 of 5 · from notebook 01" in testing.shown_text(view, "status")
    card = testing.review_card(view)
    feedback = testing.review_answer(view, right(card.question))
    assert feedback.startswith("✓ Correct.")
    assert card.question.explanation.split()[0] in feedback  # every option explained, and the point
    if card.question.section:  # its link says it leads to notebook 01, not "in this notebook" (03)
        shown = testing.output_html(view.current().feedback)
        assert "(in this notebook)" not in shown and "(notebook 01)" in shown
    with pytest.raises(RuntimeError, match="disabled"):  # one answer per card
        testing.press(testing.control(view, f"card:{card.key}"), "Check")
    deck = review.ReviewDeck(due_store, content, clock=clock)
    assert card.key not in [c.key for c in deck.due()]
    # the second card wrong: shows what was chosen and why, and comes back tomorrow
    testing.review_next(view)
    second = testing.review_card(view)
    assert testing.review_answer(view, wrong(second.question)).startswith("✗ Not quite.")
    assert [c.due for c in deck.cards() if c.key == second.key] == [clock.now + timedelta(days=1)]
    for _ in range(4):  # cards 3, 4 and 5, then Finish
        testing.review_next(view)
    assert testing.review_card(view) is None
    assert testing.shown_text(view, "summary").startswith("Done: you reviewed 2 of 5, 1 right.")


def test_a_warm_up_never_changes_scores(due_store, content):
    before = score_course(due_store, content).to_dict()
    view = warm_up("03_prepare.ipynb", store=due_store, content=content, mode="practice",
                   clock=Clock(START + timedelta(days=2)))
    testing.review_answer(view, right(testing.review_card(view).question))
    assert score_course(due_store, content).to_dict() == before


def test_choosing_nothing_asks_for_an_answer(due_store, content):
    view = warm_up("03_prepare.ipynb", store=due_store, content=content, mode="practice",
                   clock=Clock(START + timedelta(days=2)))
    card = testing.review_card(view)
    box = testing.control(view, f"card:{card.key}")
    testing.press(box, "Check")
    assert "first" in testing.html_text(view.current().message.value)
    assert due_store.items(review.SECTION) == {}


def test_options_keep_the_order_the_learner_saw_in_the_quiz(due_store, content):
    view = warm_up("03_prepare.ipynb", store=due_store, content=content, mode="practice",
                   clock=Clock(START + timedelta(days=2)))
    card = testing.review_card(view)
    quiz_order = [o.id for o in QuizSession(card.quiz, due_store).options(card.question)]
    shown = view.current()
    ids = [v for _, v in shown.radios.options] if hasattr(shown, "radios") else list(shown.checkboxes)
    assert ids == quiz_order


def test_warm_ups_are_off_in_a_workshop_until_turned_on(due_store, content, monkeypatch):
    monkeypatch.delenv(review.WARM_UPS_VAR, raising=False)
    off = warm_up("03_prepare.ipynb", store=due_store, content=content, mode="workshop")
    assert testing.shown_text(off, "status") == "Warm-ups are turned off for this session."
    assert repr(off) == "Warm-up: turned off"
    monkeypatch.setenv(review.WARM_UPS_VAR, "on")
    on = warm_up("03_prepare.ipynb", store=due_store, content=content, mode="workshop",
                 clock=Clock(START + timedelta(days=2)))
    assert len(on.cards) == 5


def test_review_due_holds_every_due_card_and_the_interview_date(due_store, content):
    clock = Clock(START + timedelta(days=2))
    view = course.review_due(store=due_store, content=content, clock=clock)
    assert len(view.cards) == 5
    assert "5 questions are due for review" in testing.shown_text(view, "heading")
    assert testing.shown_text(view, "history") == "No reviews yet."
    testing.review_answer(view, right(testing.review_card(view).question))
    # an interview in four days: the card just reviewed is brought before it
    interview = (clock.now + timedelta(days=4)).date()
    testing.set_dates(view, interview)
    assert "at least once more before" in testing.shown_text(view, "message")
    deck = review.ReviewDeck(due_store, content, clock=clock)
    assert deck.interview_date == interview
    assert all(c.due.date() < interview for c in deck.cards())
    assert len(view.cards) == 4  # reloaded: the card reviewed is no longer due
    assert "You have reviewed 1 of your 5 cards: 1 was right" in testing.shown_text(view, "history")
    testing.set_dates(view, None)
    assert deck.interview_date is None
    assert "own schedule" in testing.shown_text(view, "message")


def test_a_date_that_cannot_be_saved_is_said(broken_store, content):
    view = course.review_due(store=broken_store, content=content, clock=Clock())
    testing.set_dates(view, (START + timedelta(days=3)).date())
    assert "disk full" in testing.shown_text(view, "message")


def test_hostile_question_text_is_escaped(store, content, monkeypatch):
    quiz = content.quiz("01-meaning")
    question = quiz.questions[0].model_copy(update={"prompt": HOSTILE})
    hostile = quiz.model_copy(update={"questions": [question, *quiz.questions[1:]]})
    monkeypatch.setitem(content.quizzes, "01-meaning", hostile)
    first_try(store, "01-meaning", question.id, 0.0)
    view = course.review_due(store=store, content=content, clock=Clock(START + timedelta(days=2)))
    html = view.current().prompt.value
    assert "<img" not in html and "&lt;img" in html and "🎉" in html
