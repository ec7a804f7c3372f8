"""The questions builder: who you meet, your own questions, varied suggestions; saved as typed."""

import pytest

from course_lib import testing
from course_lib.questions_widget import questions_builder

SECTION = "worksheet:questions_to_ask"


def test_repr_and_css_classes(store):
    view = questions_builder(store=store)
    assert repr(view) == "Questions to ask: builder"
    assert {"course-widget", "course-questions"} <= set(view._dom_classes)


def test_everyone_is_shown_three_questions_and_none_twice(store):
    shown = testing.shown_questions(questions_builder(store=store))
    assert list(shown) == ["hr", "hiring_manager", "peer", "executive"]
    texts = [q for qs in shown.values() for q in qs]
    assert all(len(qs) == 3 for qs in shown.values())
    assert len(texts) == len(set(texts))


def test_own_questions_come_first_are_saved_and_restored(store):
    view = questions_builder(store=store)
    status = testing.fill_field(view, "peer", "What do you do for lunch?\nHow big is the team?")
    assert status.startswith("Saved")
    shown = testing.shown_questions(view)
    assert shown["peer"][:2] == ["What do you do for lunch?", "How big is the team?"]
    assert len(shown["peer"]) == 3
    assert store.load(SECTION, "peer") == "What do you do for lunch?\nHow big is the team?"
    assert store.load(SECTION, "plan")["peer"] == shown["peer"]
    again = questions_builder(store=store)
    assert testing.shown_questions(again) == shown
    assert again.fields["peer"].box.value == "What do you do for lunch?\nHow big is the team?"


def test_choosing_who_you_meet_is_saved(store):
    view = questions_builder(store=store)
    testing.meet(view, ["hr", "executive"])
    assert list(testing.shown_questions(view)) == ["hr", "executive"]
    assert store.load(SECTION, "meeting") == ["hr", "executive"]
    assert list(store.load(SECTION, "plan")) == ["hr", "executive"]
    assert list(testing.shown_questions(questions_builder(store=store))) == ["hr", "executive"]
    testing.meet(view, [])
    assert "Tick at least one person" in testing.html_text(view.plan_html.value)


def test_suggest_other_questions_changes_the_mix_and_remembers_it(store):
    view = questions_builder(store=store)
    before = testing.shown_questions(view)
    mixes = {str(before)}
    for _ in range(4):
        testing.press(view, "Suggest other questions")
        mixes.add(str(testing.shown_questions(view)))
    assert len(mixes) >= 3
    assert store.load(SECTION, "variant") == 4
    assert str(testing.shown_questions(questions_builder(store=store))) == str(testing.shown_questions(view))


def test_the_same_own_question_for_two_people_is_pointed_out(store):
    view = questions_builder(store=store)
    testing.fill_field(view, "hr", "What is the dress code?")
    testing.fill_field(view, "peer", "what is the dress code")
    text = testing.html_text(view.plan_html.value)
    assert "To do: you plan to ask “What is the dress code?” of HR or recruiter and Future colleague" in text


def test_hostile_text_is_escaped(store):
    view = questions_builder(store=store)
    testing.fill_field(view, "hr", "<img src=x onerror=alert(1)>\n" + "😀" * 30_000)
    assert "<img" not in view.plan_html.value and "&lt;img src=x" in view.plan_html.value
    assert testing.shown_questions(view)["hr"][0] == "<img src=x onerror=alert(1)>"


def test_odd_saved_values_fall_back_to_defaults(store):
    store.save(SECTION, "meeting", "everyone")
    store.save(SECTION, "variant", "two")
    store.save(SECTION, "hr", ["A list?", "Of questions?"])
    view = questions_builder(store=store)
    shown = testing.shown_questions(view)
    assert list(shown) == ["hr", "hiring_manager", "peer", "executive"]
    assert shown["hr"][:2] == ["A list?", "Of questions?"]
