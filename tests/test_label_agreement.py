"""benchmarks/label_agreement.py: the agreement of two labelling passes, the human baseline."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def _module():
    sys.path.insert(0, str(ROOT / "benchmarks"))  # it imports star_accuracy beside it
    try:
        spec = importlib.util.spec_from_file_location("label_agreement", ROOT / "benchmarks" / "label_agreement.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return module


ANSWER = """- id: baker
  answer: The oven failed at dawn. I borrowed the cafe's oven. We opened on time.
  sentences: |
    {0} | The oven failed at dawn.
    A | I borrowed the cafe's oven.
    R | We opened on time.
  ownership: i
  quantified_result: {1}
  hypothetical: false
"""


def test_kappa_is_one_for_full_agreement_and_zero_for_chance():
    kappa = _module().kappa
    assert kappa([("a", "a"), ("b", "b")]) == 1.0
    # each labeller says "a" half the time, independently of the other: agreement is chance
    assert kappa([("a", "a"), ("a", "b"), ("b", "a"), ("b", "b")]) == pytest.approx(0.0)


def test_every_disagreement_is_counted_and_listed(tmp_path):
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text(ANSWER.format("S", "false"))
    second.write_text(ANSWER.format("T", "true"))
    counts, lines, _ = _module().compare(first, second)
    assert counts["sentence"] == [2, 3]
    assert counts["parts_present"] == [0, 1]
    assert counts["quantified_result"] == [0, 1]
    assert counts["ownership"] == [1, 1]
    assert lines == ["baker sentence 1: sentence: S | T", "baker: parts_present: S A R | T A R",
                     "baker: quantified_result: False | True"]


def test_passes_that_cut_the_answer_differently_are_refused(tmp_path):
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text(ANSWER.format("S", "false"))
    second.write_text(ANSWER.format("S", "false").replace("    S | The oven failed at dawn.\n", ""))
    with pytest.raises(SystemExit, match="different sentences"):
        _module().compare(first, second)


@pytest.mark.parametrize("name", ["hard", "hard_holdout", "hard_holdout2", "hard_holdout3", "hard_holdout4", "hard_holdout5",
                                  "hard_holdout6"])
def test_the_second_labelling_pass_still_matches_the_answers_it_labelled(name):
    # the independent pass in tests/star_labelled/second_pass/ is the human baseline the README
    # reports: a label changed since (settled or not) must not drift it below what is recorded
    counts, _, _ = _module().compare(ROOT / "tests" / "star_labelled" / f"{name}.yaml",
                                     ROOT / "tests" / "star_labelled" / "second_pass" / f"{name}.yaml")
    agree, total = counts["sentence"]
    assert agree / total >= 0.975
