"""Model answers: the questions round two asks are all there, each links to where the course teaches
it, every behavioural model answer reads as a complete STAR story to the coach, and the model
thank-you note passes every check the thank-you builder makes."""

from datetime import date
from pathlib import Path

import pytest

from course_lib import links, model_answer, planner
from course_lib.content import ModelAnswer

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ANSWERS = model_answer.load()
BEHAVIOURAL = [a for a in ANSWERS.answers if a.kind == "behavioural"]

# The questions the second round asks that the first often does not: each must have a model answer.
REQUIRED = (
    "Why should we hire you over the other finalists?",
    "What would you do in your first 90 days?",
    "What are your salary expectations?",
    "What is your biggest weakness?",
    "Why are you leaving your current job?",
    "What questions do you have for us?",
)


def test_every_required_question_has_a_model_and_a_weak_answer_with_reasons():
    by_question = {a.question: a for a in ANSWERS.answers}
    assert set(REQUIRED) <= set(by_question), set(REQUIRED) - set(by_question)
    for answer in ANSWERS.answers:
        assert answer.model_answer.strip() != answer.weak_answer.strip(), answer.id
        assert answer.why_it_works and answer.why_it_fails, answer.id


@pytest.mark.parametrize("answer", ANSWERS.answers, ids=[a.id for a in ANSWERS.answers])
def test_each_links_to_a_heading_that_exists(answer):
    assert links.Notebooks(NOTEBOOKS).problem(answer.section, base=NOTEBOOKS) is None


def test_behavioural_answers_are_marked():
    # the weakness question is answered with a story, and one classic behavioural question stands beside it
    assert {a.id for a in BEHAVIOURAL} >= {"biggest-weakness", "deadlines-clashed"}


@pytest.mark.parametrize("answer", BEHAVIOURAL, ids=[a.id for a in BEHAVIOURAL])
def test_each_behavioural_model_answer_passes_the_star_coach(answer):
    report = model_answer.star_reading(answer)
    assert model_answer.star_problems(report) == []
    assert {"situation", "task", "action", "result"} <= report.parts_present
    assert report.ownership >= 0.5 and not report.hypothetical


def test_the_star_rules_catch_what_a_model_answer_must_not_do():
    weak = next(a for a in BEHAVIOURAL if a.id == "deadlines-clashed")
    told_as_habit = model_answer.star_reading(weak.model_copy(update={"model_answer": weak.weak_answer}))
    assert any(p.startswith("Tells what you did:") for p in model_answer.star_problems(told_as_habit))
    we_story = weak.model_answer.replace("I ", "we ").replace("I'", "we'").replace(" my ", " our ")
    problems = model_answer.star_problems(model_answer.star_reading(weak.model_copy(update={"model_answer": we_story})))
    assert any(p.startswith('Says "I", not "we":') for p in problems)
    assert model_answer.star_problems(model_answer.star_reading(weak.model_copy(update={"model_answer": "."}))) != []


def test_only_behavioural_answers_are_read_by_the_coach():
    for answer in ANSWERS.answers:
        assert (model_answer.star_reading(answer) is None) == (answer.kind != "behavioural")


def test_the_model_thank_you_note_passes_every_check_of_the_builder():
    note = ANSWERS.thank_you_note
    same_day = date(2026, 11, 19)
    checks = model_answer.note_checks(note, interview=same_day, sent=same_day)
    assert checks.ok and checks.done == len(checks.checks) >= 8, repr(checks)
    # the same note the builder checks: its own function, with the note's reader and topic
    assert checks == planner.check_note(note.note, interviewer=note.interviewer, discussed=note.discussed,
                                        interview=same_day, sent=same_day)
    broken = note.model_copy(update={"note": note.note.replace("Thank you for", "[Greeting] for")})
    assert not model_answer.note_checks(broken).ok


def test_an_answer_is_shown_with_its_link_its_reasons_and_the_words_for_each_side():
    answer = next(a for a in ANSWERS.answers if a.id == "why-leaving")
    html = model_answer.answer_html(answer)
    assert 'class="course-section-link" href="02_purpose_and_expectations.ipynb#Fit-and-motivation"' in html
    assert "A model answer" in html and "A common weak answer" in html  # words, not colour alone
    assert "Why it works" in html and "Why it fails" in html
    assert html.count("<li>") == len(answer.why_it_works) + len(answer.why_it_fails)
    assert "does not ask for a story" in html and "course-star-report" not in html
    story = model_answer.answer_html(BEHAVIOURAL[0])
    assert "How the STAR coach reads the model answer" in story and "course-star-report" in story
    inside = model_answer.answer_html(BEHAVIOURAL[0], from_notebook=BEHAVIOURAL[0].section.split("#")[0])
    assert 'href="#' in inside and "(in this notebook)" in inside


def test_content_file_text_is_escaped():
    hostile = "<img src=x onerror=alert(1)>"
    answer = ModelAnswer(id="x", question=f"Why {hostile}?", kind="behavioural", section="04_star_method.ipynb#A",
                         model_answer=f"I did {hostile}.", why_it_works=[hostile], weak_answer=hostile,
                         why_it_fails=[hostile])
    note = ANSWERS.thank_you_note.model_copy(update={"note": hostile, "interviewer": hostile})
    for html in (model_answer.answer_html(answer), model_answer.note_html(note)):
        assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_note_is_shown_with_its_line_breaks_and_the_builders_checks():
    html = model_answer.note_html(ANSWERS.thank_you_note)
    assert "Dear Priya,<br><br>Thank you" in html and "Best wishes,<br>Sam Taylor" in html
    assert "What the thank-you builder finds" in html and 'data-passed="false"' not in html
    assert "Sent within 24 hours" not in html  # the timing needs the learner's own dates
