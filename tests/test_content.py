"""Content validation: every broken file gives one plain line naming file, item and field."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_lib.content import ContentError, load_content, validate

FIXTURES = Path(__file__).parent / "fixtures" / "content"
REAL_DATA = Path(__file__).resolve().parents[1] / "data"


def test_the_course_content_is_valid():
    ok, text = validate(REAL_DATA)
    assert ok, text
    assert text.endswith(")") and ": OK" in text


def test_a_valid_quiz_loads(data_copy):
    shutil.copy(FIXTURES / "valid_quiz.yaml", data_copy / "quizzes" / "zz_valid.yaml")
    quiz = load_content(data_copy).quiz("fixture-valid")
    assert [q.id for q in quiz.questions] == ["fit-vs-skills"]
    assert quiz.questions[0].answer == ["b"]


# (fixture file, where it goes in data/, words every reported line must hold)
BROKEN = [
    ("yaml_syntax.yaml", "quizzes", ["data/quizzes/yaml_syntax.yaml", "YAML syntax error at line 2"]),
    ("empty.yaml", "quizzes", ["data/quizzes/empty.yaml", "the file is empty"]),
    ("not_utf8.yaml", "quizzes", ["data/quizzes/not_utf8.yaml", "line 2 is not UTF-8", "0xe9"]),
    ("missing_field.yaml", "quizzes",
     ["data/quizzes/missing_field.yaml: question 'fit-vs-skills', option 'b': 'explanation' is missing"]),
    ("unknown_field.yaml", "quizzes",
     ["question 'fit-vs-skills', option 'b': 'explnation' is not a known field (did you mean 'explanation'?)"]),
    ("duplicate_ids.yaml", "quizzes", ["question 'fit-vs-skills'", "option id 'a' used more than once"]),
    ("no_correct.yaml", "quizzes", ["question 'fit-vs-skills': 'answer' is missing"]),
    ("answer_not_in_options.yaml", "quizzes",
     ["question 'fit-vs-skills': answer 'e' is not among the options (a, b)"]),
    ("empty_options.yaml", "quizzes", ["question 'fit-vs-skills': 'options' is empty"]),
    ("percent_out_of_range.csv", "statistics",
     ["data/statistics/percent_out_of_range.csv: row 3 ('fixture-too-big')", "a percentage must be between 0 and 100"]),
    ("non_numeric.csv", "statistics",
     ["row 2 ('fixture-words'): 'value' must be a number, not 'eighty-eight'"]),
    ("unknown_verdict.csv", "statistics", ["row 2 ('fixture-verdict'): 'verdict' is 'probably true', but must be"]),
    ("missing_source.csv", "statistics", ["row 2 ('fixture-nosource'): 'source' is empty"]),
]


@pytest.mark.parametrize("fixture, folder, expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_file_is_named_with_item_and_field(data_copy, fixture, folder, expected):
    shutil.copy(FIXTURES / fixture, data_copy / folder / fixture)
    with pytest.raises(ContentError) as caught:
        load_content(data_copy)
    lines = caught.value.errors
    ours = [line for line in lines if fixture in line]
    assert len(ours) == 1, lines  # one plain line for one problem
    for words in expected:
        assert words in ours[0], ours[0]
    assert "Traceback" not in ours[0] and "\n" not in ours[0]


# --- model answers: one file, data/model_answers.yaml; each fixture breaks one thing in a valid one --------
BROKEN_MODEL_ANSWERS = [
    ("model_answers_missing_field.yaml",
     "data/model_answers.yaml: answer 'salary-expectations': 'weak_answer' is missing"),
    ("model_answers_unknown_kind.yaml",
     "data/model_answers.yaml: answer 'salary-expectations': 'kind' is 'practical', but must be 'fit', "
     "'behavioural', 'situational' or 'logistics'"),
    ("model_answers_note_typo.yaml",
     "data/model_answers.yaml: thank_you_note: 'interviwer' is not a known field (did you mean 'interviewer'?)"),
    ("model_answers_not_a_link.yaml",
     "data/model_answers.yaml: answer 'salary-expectations': 'section' is 'notebook 2, the salary part', but must "
     "be a notebook file, '#' and a heading's anchor"),
]


def test_a_valid_model_answers_file_loads(data_copy):
    shutil.copy(FIXTURES / "model_answers_valid.yaml", data_copy / "model_answers.yaml")
    answers = load_content(data_copy).model_answers
    assert [a.id for a in answers.answers] == ["salary-expectations"]
    assert answers.thank_you_note.interviewer == "Priya Shah"


@pytest.mark.parametrize("fixture, expected", BROKEN_MODEL_ANSWERS, ids=[b[0] for b in BROKEN_MODEL_ANSWERS])
def test_a_broken_model_answer_is_named_with_item_and_field(data_copy, fixture, expected):
    shutil.copy(FIXTURES / fixture, data_copy / "model_answers.yaml")
    with pytest.raises(ContentError) as caught:
        load_content(data_copy)
    assert len(caught.value.errors) == 1 and caught.value.errors[0].startswith(expected), caught.value.errors


def test_a_model_answer_id_or_question_used_twice_is_reported(data_copy):
    text = (FIXTURES / "model_answers_valid.yaml").read_text(encoding="utf-8")
    head, answer, note = text.partition("answers:\n")[0], text.split("answers:\n", 1)[1].split("thank_you_note:")[0], \
        "thank_you_note:" + text.split("thank_you_note:", 1)[1]
    (data_copy / "model_answers.yaml").write_text(f"{head}answers:\n{answer}{answer}{note}", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(data_copy)
    assert caught.value.errors == ["data/model_answers.yaml: answer id 'salary-expectations' used more than once "
                                   "(ids must be unique)"]


# The model answers are read as the coach and the builder read a learner's: a story that is no story, or
# a note the builder would send back, is reported by `validate` (the loaded file itself is valid).
MODEL_ANSWERS_THAT_FAIL = [
    ("model_answers_not_a_story.yaml",
     "data/model_answers.yaml: answer 'salary-expectations': 'model_answer' is marked behavioural, but the STAR "
     "coach does not read it as a complete story (All four parts: Found: Action. Not found: Situation, Task, Result. "
     "If one is there, give it a sentence of its own, so a listener hears it too.)"),
    ("model_answers_note_without_thanks.yaml",
     "data/model_answers.yaml: thank_you_note: 'note' fails the thank-you builder's check 'Thanks them' (Thank them "
     "for their time, near the start.)"),
]




def test_every_problem_is_reported_not_just_the_first(data_copy):
    for name in ("empty.yaml", "answer_not_in_options.yaml"):
        shutil.copy(FIXTURES / name, data_copy / "quizzes" / name)
    with pytest.raises(ContentError) as caught:
        load_content(data_copy)
    assert len(caught.value.errors) == 2


def test_a_stray_file_is_reported(data_copy):
    (data_copy / "quizes").mkdir()
    shutil.copy(FIXTURES / "valid_quiz.yaml", data_copy / "quizes" / "x.yaml")
    with pytest.raises(ContentError, match="data/quizes/x.yaml: not a content file the course reads"):
        load_content(data_copy)


def test_a_quiz_id_used_twice_is_reported(data_copy):
    shutil.copy(FIXTURES / "valid_quiz.yaml", data_copy / "quizzes" / "zz_a.yaml")
    shutil.copy(FIXTURES / "valid_quiz.yaml", data_copy / "quizzes" / "zz_b.yaml")
    with pytest.raises(ContentError, match="zz_b.yaml: quiz id 'fixture-valid' is already used"):
        load_content(data_copy)


def test_a_missing_folder_is_a_plain_error(tmp_path):
    ok, text = validate(tmp_path / "nowhere")
    assert not ok and "no such folder" in text


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "course_lib", *args], capture_output=True, text=True)


def test_cli_validate_prints_a_summary_for_good_content():
    result = _cli("validate", str(REAL_DATA))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and ": OK" in result.stdout


@pytest.mark.parametrize("fixture, folder, expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_cli_validate_lists_errors_and_exits_1(data_copy, fixture, folder, expected):
    shutil.copy(FIXTURES / fixture, data_copy / folder / fixture)
    result = _cli("validate", str(data_copy))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert expected[0] in result.stderr


# --- links a learner can click: quiz sections, the course map, links between notebooks -----------------
from course_lib import links  # noqa: E402

REAL_NOTEBOOKS = REAL_DATA.parent / "notebooks"


@pytest.fixture
def course_copy(tmp_path):
    """A copy of data/ and notebooks/ side by side, as in the project, that a test may break."""
    shutil.copytree(REAL_DATA, tmp_path / "data")
    shutil.copytree(REAL_NOTEBOOKS, tmp_path / "notebooks")
    return tmp_path


def _problems(data: Path, **kwargs) -> list[str]:
    ok, text = validate(data, **kwargs)
    assert not ok, text
    return text.splitlines()[:-1]  # the last line counts the problems


def test_every_link_in_the_course_resolves():
    ok, text = validate(REAL_DATA)
    assert ok, text
    assert f"links to {REAL_NOTEBOOKS} checked" in text
    # and there are links to check: every quiz question with a 'read more' link, every notebook
    assert sum(1 for q in load_content(REAL_DATA).quizzes.values() for x in q.questions if x.section) > 40


# (fixture file, where it goes, the lines it must give: file, item and broken target in each)
BROKEN_LINKS = [
    ("link_to_missing_heading.yaml", "data/quizzes", [
        "data/quizzes/link_to_missing_heading.yaml: question 'what-it-signals': 'section' links to "
        "'01_what_it_means.ipynb#What-an-invitation-back-means', but 01_what_it_means.ipynb has no heading with "
        "the anchor 'What-an-invitation-back-means' (did you mean 'What-an-invitation-back-tells-you'?)"]),
    ("link_to_missing_notebook.yaml", "data/quizzes", [
        "data/quizzes/link_to_missing_notebook.yaml: 'notebook' is '08_negotiation.ipynb', but there is no file "
        "notebooks/08_negotiation.ipynb",
        "data/quizzes/link_to_missing_notebook.yaml: question 'counter-offer': 'section' links to "
        "'08_negotiation.ipynb#Asking-for-time', but there is no file notebooks/08_negotiation.ipynb"]),
    ("course_map_missing_notebook.yaml", "data/course_map.yaml", [
        "data/course_map.yaml: notebook 3 ('Negotiating the offer'): 'file' is '08_negotiation.ipynb', but there "
        "is no file notebooks/08_negotiation.ipynb"]),
    ("model_answers_link_to_missing_heading.yaml", "data/model_answers.yaml", [
        "data/model_answers.yaml: answer 'salary-expectations': 'section' links to "
        "'02_purpose_and_expectations.ipynb#Practical-questions', but 02_purpose_and_expectations.ipynb has no "
        "heading with the anchor 'Practical-questions' (did you mean 'Practical-questions-and-curveballs'?)"]),
    ("broken_links.ipynb", "notebooks/facilitator/links.ipynb", [  # links are relative to the notebook
        "notebooks/facilitator/links.ipynb: cell 1 ('links-00'): link '01_what_it_means.ipynb#The-hiring-funnel' is "
        "broken: there is no file notebooks/facilitator/01_what_it_means.ipynb",
        "notebooks/facilitator/links.ipynb: cell 2 ('links-01'): link '02_purpose.ipynb' is broken: there is no "
        "file notebooks/facilitator/02_purpose.ipynb",
        "notebooks/facilitator/links.ipynb: cell 2 ('links-01'): link '06_after_the_interview.ipynb#The-long-wait' "
        "is broken: there is no file notebooks/facilitator/06_after_the_interview.ipynb",
        "notebooks/facilitator/links.ipynb: cell 4 ('links-03'): link '#Nowhere' is broken: links.ipynb has no "
        "heading with the anchor 'Nowhere'"]),
    ("broken_links.ipynb", "notebooks/links.ipynb", [
        "notebooks/links.ipynb: cell 2 ('links-01'): link '02_purpose.ipynb' is broken: there is no file "
        "notebooks/02_purpose.ipynb",
        "notebooks/links.ipynb: cell 2 ('links-01'): link '06_after_the_interview.ipynb#The-long-wait' is broken: "
        "06_after_the_interview.ipynb has no heading with the anchor 'The-long-wait' (did you mean 'The-wait'?)",
        "notebooks/links.ipynb: cell 4 ('links-03'): link '#Nowhere' is broken: links.ipynb has no heading with "
        "the anchor 'Nowhere'"]),
]


@pytest.mark.parametrize("fixture, place, expected", BROKEN_LINKS, ids=[b[1] for b in BROKEN_LINKS])
def test_a_broken_link_names_file_item_and_target(course_copy, fixture, place, expected):
    shutil.copy(FIXTURES / fixture, course_copy / place)
    assert _problems(course_copy / "data") == expected


def test_a_heading_renamed_in_a_notebook_breaks_the_links_to_it(course_copy):
    path = course_copy / "notebooks" / "01_what_it_means.ipynb"
    path.write_text(path.read_text(encoding="utf-8").replace('"## The hiring funnel\\n', '"## The funnel\\n'),
                    encoding="utf-8")
    problems = _problems(course_copy / "data")
    expected = [f"{quiz.notebook}: question '{q.id}'" for quiz in load_content(REAL_DATA).quizzes.values()
                for q in quiz.questions if q.section == "01_what_it_means.ipynb#The-hiring-funnel"]
    assert problems and all("01_what_it_means.ipynb has no heading with the anchor 'The-hiring-funnel' "
                            "(did you mean 'The-funnel'?)" in line for line in problems)
    assert len(problems) == len(expected) >= 1


def test_an_unreadable_notebook_is_one_line(course_copy):
    (course_copy / "notebooks" / "half.ipynb").write_text('{"cells": [', encoding="utf-8")
    assert _problems(course_copy / "data") == [
        "notebooks/half.ipynb: not a readable notebook (JSONDecodeError: Expecting value: line 1 column 12 (char 11))"]


def test_a_data_folder_without_notebooks_beside_it_is_checked_against_the_ones_given(course_copy, tmp_path):
    lonely = tmp_path / "elsewhere" / "data"
    shutil.copytree(course_copy / "data", lonely)
    shutil.copy(FIXTURES / "link_to_missing_heading.yaml", lonely / "quizzes")
    ok, text = validate(lonely)  # nothing to check the links against: said, not failed
    assert ok and "links not checked: no notebooks folder beside the data folder" in text
    assert _problems(lonely, notebooks_dir=course_copy / "notebooks")[0].startswith(
        "data/quizzes/link_to_missing_heading.yaml: question 'what-it-signals'")
    assert _problems(lonely, notebooks_dir=tmp_path / "nowhere") == [
        f"{tmp_path / 'nowhere'}: no such folder (expected the course's notebooks, which the content links to)"]


def test_cli_validate_checks_links_for_a_data_folder_given_on_the_command_line(course_copy):
    shutil.copy(FIXTURES / "course_map_missing_notebook.yaml", course_copy / "data" / "course_map.yaml")
    result = _cli("validate", str(course_copy / "data"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "data/course_map.yaml: notebook 3 ('Negotiating the offer'): 'file' is '08_negotiation.ipynb'" in result.stderr
    elsewhere = course_copy / "other"
    shutil.copytree(REAL_NOTEBOOKS, elsewhere)
    (elsewhere / "08_negotiation.ipynb").write_text((REAL_NOTEBOOKS / "00_start_here.ipynb").read_text("utf-8"), "utf-8")
    result = _cli("validate", str(course_copy / "data"), "--notebooks", str(elsewhere))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("heading, expected", [
    ("How much does fit count?", "How-much-does-fit-count?"),
    ("Your turn: **plan** your [second round](02.ipynb)", "Your-turn:-plan-your-second-round"),
    ("`validate` and snake_case_names", "validate-and-snake_case_names"),
    ("Q&amp;A \\*starred\\* _here_", "Q&A-*starred*-here"),
    ("![logo](logo.png) Next steps", "Next-steps"),
])
def test_a_heading_anchor_is_made_as_jupyterlab_makes_it(heading, expected):
    assert links.anchor(heading) == expected
    assert links.heading_anchors(f"text\n\n### {heading}\n\n```\n# not a heading\n```\n") == [expected]


def test_link_targets_skip_code_and_images():
    text = "[a](x.ipynb) `[b](y.ipynb)` ![c](z.png) <a href='w.ipynb#T'>d</a>\n\n[e]: v.ipynb\n\n```\n[f](u.ipynb)\n```"
    assert links.link_targets(text) == ["x.ipynb", "v.ipynb", "w.ipynb#T"]


# --- rewrite drills: one file, data/star_drills.yaml; each fixture breaks one thing in a valid one ------------
def test_a_valid_drills_file_loads(data_copy):
    shutil.copy(FIXTURES / "star_drills_valid.yaml", data_copy / "star_drills.yaml")
    drills = load_content(data_copy).star_drills
    assert [(d.id, d.weakness) for d in drills.drills] == [("team-goal-we", "we")]
    assert validate(data_copy)[0]


BROKEN_DRILLS = [
    ("star_drills_unknown_weakness.yaml",
     "data/star_drills.yaml: drill 'team-goal-we': 'weakness' is 'vague', but must be 'no-result', 'we', 'no-task', "
     "'long-setup', 'hypothetical' or 'no-number'"),
    ("star_drills_missing_field.yaml", "data/star_drills.yaml: drill 'team-goal-we': 'rewrite' is missing"),
]


@pytest.mark.parametrize("fixture, expected", BROKEN_DRILLS, ids=[b[0] for b in BROKEN_DRILLS])
def test_a_broken_drill_is_named_with_item_and_field(data_copy, fixture, expected):
    shutil.copy(FIXTURES / fixture, data_copy / "star_drills.yaml")
    with pytest.raises(ContentError) as caught:
        load_content(data_copy)
    assert caught.value.errors == [expected]


# A drill proves itself to the coach: its weak answer must show the weakness it names, and its worked
# rewrite must pass. Either failing is reported by `validate` (the loaded file itself is valid).
DRILLS_THAT_FAIL = [
    ("star_drills_not_flagged.yaml",
     "data/star_drills.yaml: drill 'team-goal-we': 'weak_answer' is meant to show the weakness 'we', but the STAR "
     "coach does not flag it (no 'we' tip; its tips: short-action, short)"),
    ("star_drills_rewrite_fails.yaml",
     "data/star_drills.yaml: drill 'team-goal-we': 'rewrite' does not pass the STAR coach's checks (Result has a "
     "number: No number in sentence 6.)"),
]


READ_AS_A_LEARNERS = ([(f, "model_answers.yaml", e) for f, e in MODEL_ANSWERS_THAT_FAIL]
                      + [(f, "star_drills.yaml", e) for f, e in DRILLS_THAT_FAIL])


@pytest.mark.parametrize("fixture, target, expected", READ_AS_A_LEARNERS, ids=[r[0] for r in READ_AS_A_LEARNERS])
def test_content_the_coach_or_the_builder_would_send_back_is_reported(data_copy, fixture, target, expected):
    shutil.copy(FIXTURES / fixture, data_copy / target)
    load_content(data_copy)  # the file is well formed
    ok, text = validate(data_copy)
    assert not ok and text.splitlines() == [expected, "1 problem found."]
