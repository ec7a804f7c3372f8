"""The item-writing lint: each flag is caught on its own fixture, and the course's quizzes pass it.

The course-wide figures at the end hold the quizzes to the item-writing guidelines (Haladyna,
Downing & Rodriguez 2002), so a later edit cannot quietly bring back 'pick the longest option'.
"""

import shutil
from pathlib import Path

import pytest

from course_lib import cli
from course_lib.content import load_content
from course_lib.lint import GUIDELINES, Flag, figures, key_is_unbalanced, lint, report
from course_lib.stats import VERDICTS

FIXTURES = Path(__file__).parent / "fixtures" / "content"
REAL_DATA = Path(__file__).resolve().parents[1] / "data"


def data_with(tmp_path, *fixtures: str) -> Path:
    """A data folder holding only the given quiz fixtures."""
    quizzes = tmp_path / "data" / "quizzes"
    quizzes.mkdir(parents=True)
    for name in fixtures:
        shutil.copy(FIXTURES / name, quizzes / name)
    return tmp_path / "data"


# (fixture, the rule it breaks, the question named (None: the whole quiz), words the line must hold)
CAUGHT = [
    ("lint_right_longest.yaml", "right-option-longest", "offer-reply", ["the right option is 87 characters, the others 14 on average"]),
    ("lint_one_wrong_option.yaml", "one-wrong-option", "listening", ["1 of the 5 options is wrong"]),
    ("lint_all_of_the_above.yaml", "all-or-none-of-the-above", "good-question", ["option 'every'"]),
    ("lint_absolute_words.yaml", "absolute-words", "rejection-proof", ["'always'"]),
    ("lint_hedge_words.yaml", "hedge-words", "lunch-counts", ["'usually'"]),
    ("lint_explanation_repeats.yaml", "explanation-repeats-option", "star-length",
     ["option 'two-minutes'", "adds 0 words"]),
    ("lint_unbalanced_key.yaml", "unbalanced-key", None, ["0 of the 3 true/false items in this quiz"]),
    ("lint_stem_words.yaml", "stem-words-in-right-only", "panel-attention", ["attention, panel"]),
    ("lint_unknown_statistic.yaml", "unknown-statistic", "which-verdict", ["'statistic' is 'no-such-claim'"]),
]


@pytest.mark.parametrize("fixture, rule, question, words", CAUGHT, ids=[c[1] for c in CAUGHT])
def test_each_flag_is_caught_on_its_own_fixture(tmp_path, fixture, rule, question, words):
    flags, _ = lint(data_with(tmp_path, fixture))
    assert [(f.rule, f.question) for f in flags] == [(rule, question)]
    line = flags[0].line
    quiz_id = load_content(tmp_path / "data").quizzes.popitem()[0]
    assert line.startswith(f"data/quizzes/{fixture}: quiz '{quiz_id}'")
    assert (f"question '{question}'" in line) == (question is not None)
    assert f"[{rule}: {GUIDELINES[rule]}]" in line
    for w in words:
        assert w in line


def test_a_clean_quiz_has_no_flags_so_each_fixture_differs_from_it_by_one_fault(tmp_path):
    flags, figs = lint(data_with(tmp_path, "lint_clean.yaml"))
    assert flags == []
    assert str(figs.keyed_true) == "1 of 2 (50 %)"


def test_the_command_prints_one_line_per_flag_and_fails(tmp_path, capsys):
    data = data_with(tmp_path, *(c[0] for c in CAUGHT), "lint_clean.yaml")
    assert cli.main(["lint", str(data)]) == 1
    err = capsys.readouterr().err.splitlines()
    flagged = [line for line in err if line.startswith("data/quizzes/")]
    assert len(flagged) == len(CAUGHT)
    # Together the fixtures hold 2 'true' in 7 true/false items: the course-wide key is flagged too.
    assert "data/quizzes: every quiz: 2 of the 7 true/false items in the course are keyed 'true' " \
           "[unbalanced-key" in "\n".join(err)
    assert f"{len(CAUGHT) + 1} flags in {len(CAUGHT) + 1} items." in err


def test_the_command_passes_the_course_and_prints_the_figures(capsys):
    assert cli.main(["lint", str(REAL_DATA)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("No item-writing flags.")
    assert "single-choice items" in out and "about a statistic's verdict" in out


def test_content_that_does_not_validate_is_not_linted(tmp_path, capsys):
    data = data_with(tmp_path, "lint_clean.yaml")
    shutil.copy(FIXTURES / "no_correct.yaml", data / "quizzes" / "no_correct.yaml")
    assert cli.main(["lint", str(data)]) == 1
    assert "fix these first" in capsys.readouterr().err


@pytest.mark.parametrize("trues, falses, unbalanced", [
    (1, 0, False), (0, 1, False),  # one item cannot be balanced
    (2, 0, True), (1, 1, False), (0, 3, True), (1, 2, False),
    (3, 1, True), (2, 2, False), (6, 4, False), (7, 3, True), (3, 7, True),
])
def test_a_key_is_unbalanced_when_it_leans_beyond_chance(trues, falses, unbalanced):
    assert key_is_unbalanced([True] * trues + [False] * falses) is unbalanced


def test_a_flag_line_without_a_question_names_the_quiz_only():
    line = Flag("data/quizzes/x.yaml", "x", None, "unbalanced-key", "3 of 3 keyed 'true'").line
    assert line.startswith("data/quizzes/x.yaml: quiz 'x': 3 of 3")
    assert "question" not in line.split("[")[0]


# --- the course's own quizzes ------------------------------------------------------------------
CONTENT = load_content(REAL_DATA)
COURSE_FIGURES = figures(CONTENT.quizzes.values())


def test_the_course_quizzes_have_no_flags():
    flags, _ = lint(REAL_DATA)
    assert flags == [], report(flags, COURSE_FIGURES)


def test_the_right_option_is_the_longest_in_at_most_a_third_of_single_choice_items():
    assert COURSE_FIGURES.right_is_longest.total >= 20
    assert COURSE_FIGURES.right_is_longest.value <= 1 / 3, COURSE_FIGURES.right_is_longest


def test_at_most_a_quarter_of_choose_all_items_have_one_wrong_option():
    assert COURSE_FIGURES.all_but_one.total >= 8
    assert COURSE_FIGURES.all_but_one.value <= 1 / 4, COURSE_FIGURES.all_but_one
    for quiz in CONTENT.quizzes.values():  # two or three right of five
        for q in (q for q in quiz.questions if q.kind == "multiple"):
            assert (len(q.options), len(q.answer) in (2, 3)) == (5, True), f"{quiz.id}/{q.id}"


def test_the_true_false_key_is_between_35_and_65_percent_true():
    assert COURSE_FIGURES.keyed_true.total >= 8
    assert 0.35 <= COURSE_FIGURES.keyed_true.value <= 0.65, COURSE_FIGURES.keyed_true


def test_at_most_one_item_in_five_asks_for_a_statistics_verdict():
    assert COURSE_FIGURES.statistic_verdict.value <= 1 / 5, COURSE_FIGURES.statistic_verdict
    review = figures([CONTENT.quiz("07-review")]).statistic_verdict
    assert review.value <= 1 / 5, review


def test_every_item_that_names_a_verdict_is_counted_as_a_statistic_item():
    """The share above is only honest if no verdict question goes untagged."""
    labels = [v.label.lower() for v in VERDICTS.values()]
    for quiz in CONTENT.quizzes.values():
        for q in quiz.questions:
            text = " ".join([q.prompt, *(o.text for o in q.options)]).lower()
            if any(label in text for label in labels):
                assert q.statistic, f"{quiz.id}/{q.id} names a verdict but has no 'statistic' tag"
