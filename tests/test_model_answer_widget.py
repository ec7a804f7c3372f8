"""The model answers view (notebook 04) and the model thank-you note (notebook 06)."""

from datetime import date

import course_lib
from course_lib import model_answer, testing
from course_lib.planner_widget import thank_you_builder


def test_model_answers_show_each_question_when_chosen():
    view = course_lib.model_answers()
    answers = model_answer.load().answers
    assert repr(view) == f"Model answers ({len(answers)} questions)"
    assert {"course-widget", "course-model-answers"} <= set(view._dom_classes)
    choice = testing.control(view, "answer")
    assert [label for label, _ in choice.options] == [a.question for a in answers]
    for answer in answers:
        choice.value = answer.id
        text = testing.shown_text(view, "answer")
        assert answer.question in text
        assert " ".join(answer.model_answer.split()[:8]) in " ".join(text.split())
        assert " ".join(answer.weak_answer.split()[:5]) in " ".join(text.split())
        assert f'href="{answer.section}"' in testing.shown(view, "answer").value


def test_links_into_the_notebook_shown_in_stay_on_the_page():
    view = course_lib.model_answers(from_notebook="04_star_method.ipynb")
    testing.control(view, "answer").value = "deadlines-clashed"
    assert 'href="#The-STAR-method"' in testing.shown(view, "answer").value


def test_the_model_note_is_shown_with_every_check_done():
    view, note = course_lib.model_thank_you_note(), model_answer.load().thank_you_note
    assert repr(view) == f"Model thank-you note to {note.interviewer}" and "course-model-note" in view._dom_classes
    text = testing.shown_text(view, "note")
    assert text.startswith(f"To {note.interviewer}") and "Dear Priya," in text
    assert "7 of 7 done" in text and "To do" not in text


def test_the_model_note_typed_into_the_builder_passes_every_check(store):
    note = model_answer.load().thank_you_note
    today = date(2026, 11, 19)
    builder = thank_you_builder(store=store, today=today)
    testing.set_dates(builder, today)
    for field, text in (("1:name", note.interviewer), ("1:discussed", note.discussed), ("1:note", note.note)):
        testing.fill_field(builder, field, text)
    shown = testing.shown(builder, "feedback:1").value
    assert shown.count('data-passed="true"') == 8 and 'data-passed="false"' not in shown, testing.checks_text(builder, 1)
