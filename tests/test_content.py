"""Content validation: every broken file gives one plain line naming file, item and field."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_lib.content import ContentError, load_content, validate

FIXTURES = Path(__file__).parent / "fixtures" / "content"
REAL_DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the course's data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(REAL_DATA, target)
    return target


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
