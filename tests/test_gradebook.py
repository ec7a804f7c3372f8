"""The teacher's table: one row per learner, names from a roster, who has not handed in, and a CSV
a gradebook imports (safe to open: no learner text runs as a formula)."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest

from course_lib import classroom, gradebook
from course_lib.cli import main

SAMPLE = Path(__file__).parent.parent / "notebooks" / "facilitator"
HOSTILE = "<img src=x onerror=alert(1)>"


def results(learner: str, pseudonym: str, quizzes: dict, notebooks: dict | None = None, **changes) -> dict:
    """A results file with the given quizzes: {quiz id: {question id: first-try score}} or
    (scores, held)."""
    data = {"format": "second-interview-course/results", "version": 1, "learner": learner, "pseudonym": pseudonym,
            "exported_at": "2026-12-01T10:00:00+00:00", "includes_texts": False, "star": [],
            "notebooks": notebooks or {"00_start_here.ipynb": {"done": 2, "of": 2},
                                       "01_what_it_means.ipynb": {"done": 3, "of": 9}},
            "quizzes": {}}
    for quiz_id, scores in quizzes.items():
        scores, held = scores if isinstance(scores, tuple) else (scores, False)
        data["quizzes"][quiz_id] = {"held": held, "questions": scores}
    data.update(changes)
    return data


def write(folder: Path, name: str, data: dict) -> None:
    (folder / name).write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def handed_in(tmp_path):
    folder = tmp_path / "handed-in"
    folder.mkdir()
    write(folder, "ana.json", results("aaaaaaaa", "Quiet Owl", {"01-meaning": {"a": 1.0, "b": 0.5, "c": 0.0},
                                                                "04-star": {"a": 1.0}},
                                      review={"cards": 4, "reviewed": 3, "stuck": 2, "reviews": 5}))
    write(folder, "ben.json", results("bbbbbbbb", "=HYPERLINK(\"x\")", {"01-meaning": {"a": 1.0},
                                                                        "07-review": ({"a": None, "b": None}, True)}))
    write(folder, "cal.json", results("cccccccc", HOSTILE, {}))
    return folder


ROSTER = "pseudonym,name\nquiet  owl,Ana Silva\n=HYPERLINK(\"x\"),Ben Okafor\n\nSleepy Fox,Dana Kim\n"


def test_each_learner_has_a_row_with_notebooks_finished_and_first_try_scores(handed_in):
    table = gradebook.class_table(classroom.roll_up(handed_in))
    rows = {r.pseudonym: r for r in table.rows}
    assert len(rows) == 3
    ana = rows["Quiet Owl"]
    assert (ana.name, ana.notebooks_finished, ana.notebooks) == ("Quiet Owl", 1, 2)
    assert ana.quizzes["01-meaning"] == gradebook.QuizCell(3, 50.0)
    assert ana.course_score == pytest.approx(100 * 2.5 / 4)  # every answered question, each weighing one
    ben = rows['=HYPERLINK("x")']
    assert ben.quizzes["07-review"].text() == "held" and ben.course_score == 100.0  # held: not in the score
    assert rows[HOSTILE].course_score is None and rows[HOSTILE].quizzes == {}
    course_quizzes = [q for q in table.quizzes if q[:2].isdigit()]
    assert course_quizzes == sorted(course_quizzes)  # the course's order, 00 to 07


def test_a_roster_names_the_rows_and_lists_who_has_not_handed_in(handed_in):
    roster = gradebook.parse_roster(ROSTER, "roster.csv")
    table = gradebook.class_table(classroom.roll_up(handed_in), roster)
    assert [r.name for r in table.rows] == [HOSTILE, "Ana Silva", "Ben Okafor"]  # by name
    assert table.not_handed_in == [("Dana Kim", "Sleepy Fox")]
    assert table.unknown == [HOSTILE]
    html = gradebook.table_html(table)
    assert "Dana Kim" in html and "not handed in" in html and "1 on the roster has not handed in" in html
    assert HOSTILE not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert '<th scope="col">Learner</th>' in html and "<caption>" in html
    assert "<td>2 of 3 reviewed</td>" in html


def test_the_csv_reads_back_in_a_spreadsheet_with_numbers_and_no_formulas(handed_in):
    roster = gradebook.parse_roster(ROSTER, "roster.csv")
    text = gradebook.table_csv(gradebook.class_table(classroom.roll_up(handed_in), roster))
    assert text.startswith("\ufeff")  # so a spreadsheet reads accents and emoji as UTF-8
    lines = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    by_name = {line["name"]: line for line in lines}
    assert set(by_name) == {"Ana Silva", "Ben Okafor", HOSTILE, "Dana Kim"}
    ana = by_name["Ana Silva"]
    assert (ana["01-meaning answered"], ana["01-meaning first-try score (%)"]) == ("3", "50.0")
    assert ana["handed in"] == "yes" and ana["course first-try score (%)"] == "62.5"
    assert (ana["review cards"], ana["reviewed"], ana["still right when reviewed"]) == ("4", "3", "2")
    assert by_name["Ben Okafor"]["reviewed"] == ""  # a file from before the spaced review
    assert by_name["Ben Okafor"]["pseudonym"] == "'=HYPERLINK(\"x\")"  # shown as text, never run
    assert by_name["Ben Okafor"]["07-review first-try score (%)"] == "held"
    assert by_name["Dana Kim"]["handed in"] == "no" and by_name["Dana Kim"]["results file"] == ""
    cells = [cell for line in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in line]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


@pytest.mark.parametrize("text, message", [
    ("", "roster.csv is empty"),
    ("name,email\nAna,a@x\n", "roster.csv, line 1: no 'pseudonym' column"),
    ("pseudonym,name\nQuiet Owl,\n", "roster.csv, line 2: the 'name' is empty"),
    ("pseudonym,name\nQuiet Owl,Ana\n\nquiet owl,Ann\n", "roster.csv, line 4: the pseudonym 'quiet owl' is already on line 2"),
    ('pseudonym,name\n"Quiet Owl,Ana\n', "roster.csv: not a CSV file the course can read"),
])
def test_a_roster_that_cannot_be_used_is_one_line_naming_file_line_and_column(text, message):
    with pytest.raises(gradebook.RosterError) as caught:
        gradebook.parse_roster(text, "roster.csv")
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_a_roster_from_a_spreadsheet_is_read_and_bad_files_are_refused(tmp_path):
    saved = tmp_path / "roster.csv"
    saved.write_bytes("\ufeffPseudonym;x,Name\r\nQuiet Owl,Chloé 😀\r\n".replace(";x", "").encode("utf-8"))
    assert gradebook.read_roster(saved).name_for("QUIET OWL") == "Chloé 😀"
    saved.write_bytes("pseudonym,name\nQuiet Owl,Chlo\xe9\n".encode("latin-1"))
    with pytest.raises(gradebook.RosterError, match="not UTF-8 text: save it from the spreadsheet as 'CSV UTF-8'"):
        gradebook.read_roster(saved)
    saved.write_bytes(b"pseudonym,name\n" + b"x" * gradebook.ROSTER_MAX_BYTES)
    with pytest.raises(gradebook.RosterError, match="a roster is at most 1 MB"):
        gradebook.read_roster(saved)
    with pytest.raises(gradebook.RosterError, match="could not be read"):
        gradebook.read_roster(tmp_path / "missing.csv")


def test_the_notebook_shows_a_bad_roster_as_one_line_not_a_traceback(handed_in, tmp_path):
    report = classroom.roll_up(handed_in)
    (tmp_path / "roster.csv").write_text("name\nAna\n", encoding="utf-8")
    shown = gradebook.learner_table(report, roster=tmp_path / "roster.csv")
    assert "The table is not shown:" in shown._repr_html_() and "no 'pseudonym' column" in repr(shown)
    assert isinstance(gradebook.learner_table(report), gradebook.Table)


def test_the_sample_class_has_names_for_everyone_and_two_who_have_not_handed_in():
    report = classroom.roll_up(SAMPLE / "sample_results")
    table = gradebook.learner_table(report, roster=SAMPLE / "sample_roster.csv")
    assert len(table.rows) == report.learners and not table.unknown
    assert [name for name, _p in table.not_handed_in] == ["Omar Farouk", "Priya Nair"]


def test_class_report_writes_the_table_as_csv_and_in_the_page_both_private(handed_in, tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    page, table = tmp_path / "out" / "report.html", tmp_path / "out" / "table.csv"
    old = os.umask(0o022)
    try:
        code = main(["class-report", str(handed_in), "--out", str(page), "--roster", str(roster), "--csv", str(table)])
    finally:
        os.umask(old)
    assert code == 0 and f"Written: {page} and {table}" in capsys.readouterr().out
    for path in (page, table):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    html = page.read_text(encoding="utf-8")
    assert "<h2>One row per learner</h2>" in html and "Ana Silva" in html and "Dana Kim" in html
    assert "Ben Okafor" in table.read_text(encoding="utf-8-sig")


def test_class_report_with_a_bad_roster_writes_nothing_and_says_why(handed_in, tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("pseudonym,name\nQuiet Owl,\n", encoding="utf-8")
    page = tmp_path / "report.html"
    page.write_text("the earlier report", encoding="utf-8")
    code = main(["class-report", str(handed_in), "--out", str(page), "--roster", str(roster), "--csv",
                 str(tmp_path / "t.csv")])
    err = capsys.readouterr().err
    assert code == 1 and "No class report was written:" in err and "line 2: the 'name' is empty" in err
    assert page.read_text(encoding="utf-8") == "the earlier report" and not (tmp_path / "t.csv").exists()
