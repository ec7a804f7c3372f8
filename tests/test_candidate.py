"""One candidate, start to finish: Sam's worked example beside each exercise. His content proves
itself (worksheet field ids, the STAR coach, the questions builder, the thank-you builder, the
planner), each broken piece is named with file, item and field, the view opens and closes by its
button and escapes everything, and each notebook shows it just before its exercise."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

import course_lib
from course_lib import candidate, model_answer, planner, testing
from course_lib.content import ContentError, load_content, validate
from course_lib.drills import REWRITE_RULES
from course_lib.markup import unwrap

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "content"
WORKED = candidate.load()
SAM = WORKED.candidate


# --- the content ---------------------------------------------------------------------------------
def test_his_note_is_the_model_note_not_a_second_one():
    assert WORKED.note == model_answer.load().thank_you_note
    assert WORKED.note.interviewer in [p.name for p in SAM.interviewers]
    assert (WORKED.note.company, WORKED.note.role) == (SAM.advert.company, SAM.advert.role)


def test_his_note_passes_every_check_of_the_builder_timing_included():
    checks = candidate.note_checks(SAM, WORKED.note)
    assert [c.label for c in checks.checks if c.passed is not True] == []
    assert checks["Sent within 24 hours"].passed is True  # the timing is checked, not skipped


@pytest.mark.parametrize("story", SAM.stories, ids=[s.id for s in SAM.stories])
def test_each_story_passes_the_star_coach_as_a_worked_rewrite_must(story):
    report = candidate.story_reading(story)
    assert model_answer.star_problems(report, REWRITE_RULES) == []
    assert {"situation", "task", "action", "result"} <= report.parts_present and not report.hypothetical


def test_there_are_two_stories_and_they_are_not_the_model_answers():
    assert len(SAM.stories) == 2
    models = {unwrap(a.model_answer) for a in model_answer.load().answers}
    assert not {unwrap(s.answer) for s in SAM.stories} & models


def test_his_worksheet_answers_fill_every_box_of_the_real_worksheets():
    sheets = {s.id: s for s in load_content().worksheets.worksheets}
    for sheet_id in candidate.WORKSHEETS.values():
        assert set(SAM.worksheets[sheet_id]) == {f.id for f in sheets[sheet_id].fields}


def test_his_follow_up_dates_are_the_planners_from_the_interview_date():
    plan = candidate.follow_up(SAM)
    assert plan == planner.follow_up_plan(SAM.follow_up.interview, SAM.follow_up.decision, company="FarmFresh")
    assert plan["thank_you"].day == SAM.follow_up.interview + timedelta(days=1)
    assert plan["follow_up_1"].day > SAM.follow_up.decision
    # the note thanks Priya for "Tuesday": the stored interview date is one
    assert "Tuesday" in WORKED.note.note and f"{SAM.follow_up.interview:%A}" == "Tuesday"


def test_his_questions_come_first_and_no_one_is_asked_the_same_thing():
    plan = candidate.question_plan(SAM, WORKED.bank)
    assert list(plan.labels) == [p.kind for p in SAM.interviewers]
    for person in SAM.interviewers:
        mine = plan.lists[person.kind]
        assert [s.text for s in mine[:len(person.questions)]] == list(person.questions)
        assert all(s.own for s in mine[:len(person.questions)])
    asked = [q for qs in plan.as_dict().values() for q in qs]
    assert len(asked) == len(set(asked)) and not plan.repeats


# --- validation: each broken piece is named with the file, the item and the field -----------------
def test_the_valid_fixture_validates(data_copy):
    shutil.copy(FIXTURES / "candidate_valid.yaml", data_copy / "candidate.yaml")
    ok, text = validate(data_copy)
    assert ok, text
    assert load_content(data_copy).candidate.name == "Sam Taylor"


BROKEN = [
    ("candidate_unknown_field.yaml", [
        "data/candidate.yaml: worksheet 'company_research': 'mision' is not a field of that worksheet in "
        "worksheets.yaml (its fields: mission, values, recent_news, competitors, your_fit)",
        "data/candidate.yaml: worksheet 'company_research': 'mission' is missing: a worked example fills in every box"]),
    ("candidate_unknown_interviewer.yaml", [
        "data/candidate.yaml: interviewer 'Tom Reid': 'kind' is 'driver', which is not an interviewer in "
        "questions_to_ask.yaml (known: hr, hiring_manager, peer, executive)"]),
    ("candidate_wrong_weekday.yaml", [
        "data/candidate.yaml: follow_up: the thank-you note in model_answers.yaml names Tuesday, but 'interview' "
        "(2026-05-13) is a Wednesday"]),
    ("candidate_repeated_question.yaml", [
        "data/candidate.yaml: interviewers: 'questions' asks “When a route does not work on the road, how do you like "
        "the planner to hear about it?” of HR or recruiter and Future colleague: ask each person something different"]),
    ("candidate_story_not_star.yaml", [
        "data/candidate.yaml: story 'new-system': 'answer' does not pass the STAR coach as a worked example must ("]),
]


@pytest.mark.parametrize("fixture, expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_validate_names_what_is_wrong(data_copy, fixture, expected):
    shutil.copy(FIXTURES / fixture, data_copy / "candidate.yaml")
    load_content(data_copy)  # the file itself is well formed: only reading it against the rest fails
    ok, text = validate(data_copy)
    lines = text.splitlines()[:-1]
    assert not ok and len(lines) == len(expected), text
    for line, start in zip(lines, expected):
        assert line.startswith(start), line


def test_a_story_told_as_a_habit_names_the_coachs_evidence(data_copy):
    shutil.copy(FIXTURES / "candidate_story_not_star.yaml", data_copy / "candidate.yaml")
    ok, text = validate(data_copy)
    assert 'Says "I", not "we"' in text and "Tells what you did" in text


@pytest.mark.parametrize("fixture, expected", [
    ("candidate_missing_field.yaml", "data/candidate.yaml: advert: 'company' is missing"),
    ("candidate_decision_first.yaml", "data/candidate.yaml: follow_up: 'decision' (2026-05-02) is before 'interview' "
                                      "(2026-05-12)"),
], ids=["missing_field", "decision_first"])
def test_a_broken_file_is_named_with_item_and_field(data_copy, fixture, expected):
    shutil.copy(FIXTURES / fixture, data_copy / "candidate.yaml")
    with pytest.raises(ContentError) as caught:
        load_content(data_copy)
    assert len(caught.value.errors) == 1 and expected in caught.value.errors[0], caught.value.errors


def test_a_missing_note_or_worksheet_is_reported_not_crashed_on(data_copy):
    text = (FIXTURES / "candidate_valid.yaml").read_text(encoding="utf-8")
    first = text.index("  first_interview:\n")
    (data_copy / "candidate.yaml").write_text(text[:first] + text[text.index("\nstories:"):], encoding="utf-8")
    ok, report = validate(data_copy)
    assert not ok and "data/candidate.yaml: worksheets: 'first_interview' is missing" in report


# --- what the learner sees -------------------------------------------------------------------------
@pytest.mark.parametrize("exercise", list(candidate.EXERCISES))
def test_each_exercise_has_its_headings_one_level_below_its_own(exercise):
    html = candidate.body_html(WORKED, exercise)
    level = candidate.EXERCISES[exercise].level
    levels = {int(tag[2]) for tag in re.findall(r"<h[1-6]", html)}
    assert levels <= {level + 1}, (exercise, levels)


def test_what_each_body_shows():
    text = {e: testing.html_text(candidate.body_html(WORKED, e)) for e in candidate.EXERCISES}
    assert "FarmFresh takes fruit" in text["company_research"] and "Mission" in text["company_research"]
    assert "A video call of 40 minutes with Priya Shah" in text["first_interview"]
    assert all(s.question in text["star_coach"] for s in SAM.stories)
    assert text["star_coach"].count("7 of 7 done") == 2  # every check of the coach, for both stories
    assert "Priya Shah, operations manager" in text["questions_builder"]
    assert "Dear Priya," in text["thank_you_builder"] and "8 of 8 done" in text["thank_you_builder"]
    assert "Tuesday 12 May 2026" in text["follow_up_planner"]
    assert "Wednesday 13 May 2026" in text["follow_up_planner"]  # the planner's thank-you day


def test_the_body_escapes_every_piece_of_content_text():
    hostile = "<script>alert(1)</script> ✨ שלום"
    sam = SAM.model_copy(update={
        "name": hostile, "first_interview": hostile,
        "advert": SAM.advert.model_copy(update={"text": hostile, "company": hostile}),
        "stories": [SAM.stories[0].model_copy(update={"question": hostile})],
        "interviewers": [SAM.interviewers[0].model_copy(update={"name": hostile, "questions": [hostile]})],
        "worksheets": {k: {f: hostile for f in v} for k, v in SAM.worksheets.items()},
    })
    worked = candidate.WorkedExample(sam, WORKED.note, WORKED.worksheets, WORKED.bank)
    for exercise in candidate.EXERCISES:
        html = candidate.body_html(worked, exercise)
        assert "<script>" not in html, exercise
    assert "&lt;script&gt;" in candidate.body_html(worked, "company_research")


def test_an_unknown_exercise_names_the_known_ones():
    with pytest.raises(KeyError, match="known: company_research, first_interview"):
        candidate.body_html(WORKED, "cv")
    with pytest.raises(KeyError, match="no worked example 'cv'"):
        course_lib.worked_example("cv")


# --- the view -------------------------------------------------------------------------------------
def test_closed_at_first_then_shown_and_hidden_by_its_button():
    view = course_lib.worked_example("follow_up_planner")
    assert repr(view) == "Worked example: Sam's follow-up plan" and "course-worked-example" in view._dom_classes
    assert not view.is_open and testing.shown(view, "example").value == ""  # made when first opened
    assert testing.control(view, "toggle").description == "Show Sam's version"
    testing.press(view, "Show Sam's version")
    assert view.is_open and "Tuesday 12 May 2026" in testing.shown_text(view, "example")
    testing.press(view, "Hide Sam's version")
    assert not view.is_open
    with pytest.raises(LookupError):
        testing.press(view, "Hide Sam's version")  # only the button that makes sense is there


@pytest.mark.parametrize("exercise", list(candidate.EXERCISES))
def test_every_worked_example_opens(exercise):
    view = course_lib.worked_example(exercise)
    testing.press(view, "Show Sam's version")
    shown = testing.shown_text(view, "example")
    assert shown and "Sam" in testing.html_text(view.heading.value)
    assert f"<h{candidate.EXERCISES[exercise].level}>" in view.heading.value


# --- the notebooks --------------------------------------------------------------------------------
EXERCISE_CALLS = {
    "company_research": 'course.worksheet("company_research")',
    "first_interview": 'course.worksheet("first_interview")',
    "star_coach": "course.star_coach()",
    "questions_builder": "course.questions_builder()",
    "thank_you_builder": "course.thank_you_builder()",
    "follow_up_planner": "course.follow_up_planner()",
}


@pytest.mark.parametrize("exercise", list(candidate.EXERCISES))
def test_each_notebook_shows_the_worked_example_just_before_its_exercise(exercise):
    notebook = json.loads((ROOT / "notebooks" / candidate.EXERCISES[exercise].notebook).read_text(encoding="utf-8"))
    code = ["".join(c["source"]).strip() for c in notebook["cells"] if c["cell_type"] == "code"]
    call = f'course.worked_example("{exercise}")'
    assert code.count(call) == 1, call
    assert code[code.index(call) + 1] == EXERCISE_CALLS[exercise]


def test_sam_is_introduced_before_his_first_worked_example():
    notebook = json.loads((ROOT / "notebooks" / "03_prepare.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in notebook["cells"]]
    first = next(i for i, c in enumerate(cells) if "course.worked_example(" in c)
    assert any("Sam" in c and "FarmFresh" in c for c in cells[:first])
    assert date(2026, 5, 12) == SAM.follow_up.interview


@pytest.mark.parametrize("exercise", list(candidate.EXERCISES))
def test_its_heading_is_one_level_below_the_section_it_sits_in(exercise):
    notebook = json.loads((ROOT / "notebooks" / candidate.EXERCISES[exercise].notebook).read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in notebook["cells"]]
    at = cells.index(f'course.worked_example("{exercise}")')
    headings = [m for c in cells[:at] for m in re.findall(r"^(#{1,6}) ", c, re.MULTILINE)]
    assert len(headings[-1]) + 1 == candidate.EXERCISES[exercise].level
