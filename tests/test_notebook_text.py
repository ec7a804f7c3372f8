"""The notebooks' text agrees with itself, with the data and with where it is read: one verdict
vocabulary, one figure per fact, each statistic with its own study, and no instruction to run a
code cell where there are none (the app view)."""

import re
from pathlib import Path

import pytest
import yaml

from course_lib import links, stats

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LEARNER_NOTEBOOKS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
APP_TEMPLATE = ROOT / "share" / "jupyter" / "voila" / "templates" / "course" / "index.html.j2"
LAB_ONLY = "course-lab-only"


def _text(path: Path) -> str:
    return "\n\n".join(cell.source for cell in links.read_notebook(path).cells)


def _everywhere() -> dict[str, str]:
    return {p.relative_to(NOTEBOOKS).as_posix(): _text(p) for p in links.Notebooks(NOTEBOOKS).all()}


def _without_lab_only(markdown: str) -> str:
    """The text the app view shows: what is marked JupyterLab-only taken out."""
    return re.sub(rf'<(span|div) class="{LAB_ONLY}">.*?</\1>', "", markdown, flags=re.DOTALL)


# --- where it is read: JupyterLab or the app view --------------------------------------------------
def test_the_app_view_hides_what_is_marked_jupyterlab_only():
    css = re.sub(r"\s+", " ", APP_TEMPLATE.read_text(encoding="utf-8"))
    assert re.search(rf"\.{LAB_ONLY} \{{ display: none !important; \}}", css)


@pytest.mark.parametrize("path", LEARNER_NOTEBOOKS, ids=[p.name for p in LEARNER_NOTEBOOKS])
def test_the_app_view_never_asks_to_run_a_code_cell(path):
    shown = _without_lab_only(_text(path))
    for words in ("Shift + Enter", "code cell", "grey cell", "grey box", "Run All Cells"):
        assert words not in shown, f"{path.name} tells an app-view reader: {words!r}"


def test_jupyterlab_readers_still_get_the_instructions():
    for path in LEARNER_NOTEBOOKS:
        assert "Shift + Enter" in _text(path), path.name
    assert len(re.findall(rf'class="{LAB_ONLY}"', "".join(map(_text, LEARNER_NOTEBOOKS)))) >= len(LEARNER_NOTEBOOKS)


# --- one vocabulary, one figure ----------------------------------------------------------------------
def test_every_verdict_is_one_of_the_five():
    labels = {stats.verdict_label(v).lower() for v in stats.VERDICTS}
    for name, text in _everywhere().items():
        for verdict in re.findall(r"Verdict:\s*\**([^*.:\n]+)", text):
            assert verdict.strip().lower() in labels, f"{name}: verdict {verdict!r} is not one of {sorted(labels)}"


def test_one_star_answer_length_everywhere():
    ranges = {name: set(re.findall(r"(\d{3}) (?:to|–) (\d{3}) words", text)) for name, text in _everywhere().items()}
    found = set().union(*ranges.values())
    assert found == {("200", "320")}, {n: r for n, r in ranges.items() if r}


def test_the_questions_credited_to_mit_are_the_ones_the_data_credits_to_mit():
    data = yaml.safe_load((ROOT / "data" / "questions_to_ask.yaml").read_text(encoding="utf-8"))
    mit = [q for q in data["questions"] if "mit.edu" in q["source"]]
    text = _text(NOTEBOOKS / "05_in_the_room.ipynb")
    after = text.split("](https://capd.mit.edu", 1)[1].split("\n\n", 2)[1]  # the list after the MIT sentence
    assert len(re.findall(r"^- ", after, flags=re.MULTILINE)) == len(mit) == 3


def test_each_time_to_hire_figure_keeps_its_own_study():
    for name, text in _everywhere().items():
        for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
            if "5.6 to 6.8" in sentence or "2.7 to 4.2" in sentence:
                assert "2017" not in sentence, f"{name}: {sentence}"
            if "23.8" in sentence:
                assert "2015" not in sentence, f"{name}: {sentence}"


def test_thank_you_skipping_is_told_as_an_estimate():
    text = _text(NOTEBOOKS / "06_after_the_interview.ipynb")
    assert "most candidates skip it" not in text
    assert "estimate" in text.split("## Thank-you notes", 1)[1].split("### What a good note holds")[0]


# --- one story of the 2 %, on one base ---------------------------------------------------------------
def test_the_funnel_text_and_the_data_share_one_base():
    base = stats.load().funnel().applicants
    text = _text(NOTEBOOKS / "01_what_it_means.ipynb")
    funnel = text.split("## The hiring funnel", 1)[1].split("## What the numbers really say")[0]
    claim = text.split("### Claim 1", 1)[1].split("### Claim 2")[0]
    assert f"{base:.0f} applications" in funnel and f"About {base:.0f} people apply" in funnel
    assert "5 of 250, which is 2 %" in claim and "**first** interview" in claim
    assert "close to 2 %" not in text and "per hundred applicants" not in text


# --- the article's FAQ on follow-up assessments is taught --------------------------------------------
def test_follow_up_assessments_are_taught_after_the_interview():
    notebook = links.read_notebook(NOTEBOOKS / "06_after_the_interview.ipynb")
    assert "A-follow-up-assessment" in notebook.anchors()
    section = _text(NOTEBOOKS / "06_after_the_interview.ipynb").split("### A follow-up assessment", 1)[1].split("###")[0]
    for part in ("**What it tells you.**", "**How to respond.**", "**What the article claims.**", "It is not an offer"):
        assert part in section
