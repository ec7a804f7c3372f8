"""The class report: a folder of results files rolled up, and every file it cannot count listed
with the reason (malformed, foreign, duplicate, empty)."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from course_lib import classroom, export
from course_lib.cli import main
from course_lib.content import load_content
from course_lib.progress import Store
from course_lib.quizzes import QuizSession

FIXTURES = Path(__file__).parent / "fixtures" / "results"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
STRONG = ("Last spring our warehouse system failed two days before the busiest week. I was the shift lead and had "
          "to keep 300 orders a day moving. I set up a paper picking list and trained six pickers. "
          "We shipped all 1,800 orders on time.")
HYPOTHETICAL = "I would listen first and then we would find a middle way. I usually talk it over."


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def quiz(content):
    return content.quizzes["02-purpose"]


def learner(tmp_path, name: str, quiz, right: list[bool], stories=()) -> Store:
    store = Store(tmp_path / "stores" / f"{name}.sqlite3")
    store.set_pseudonym(name)
    session = QuizSession(quiz, store)
    for question, ok in zip(quiz.questions, right):
        wrong = next(o.id for o in question.options if o.id not in question.answer)
        session.check(question, list(question.answer) if ok else [wrong])
    for n, text in enumerate(stories, 1):
        store.save("star", f"s{n}", text)
    return store


def write(folder: Path, name: str, results: dict) -> None:
    (folder / name).write_text(json.dumps(results), encoding="utf-8")


@pytest.fixture
def class_folder(tmp_path, content, quiz):
    """Three learners, an older export and a copy, and every kind of file that must be skipped."""
    folder = tmp_path / "handed-in"
    folder.mkdir()
    ana = learner(tmp_path, "Ana", quiz, [True, False], [STRONG])
    ben = learner(tmp_path, "Ben", quiz, [True, True], [HYPOTHETICAL])
    cal = learner(tmp_path, "Cal", quiz, [False])
    write(folder, "z-ana.json", export.build_results(ana, content=content, now=NOW))
    older = export.build_results(ana, content=content, now=NOW - timedelta(days=2))
    older["quizzes"]["02-purpose"]["questions"] = {quiz.questions[0].id: 0.0}
    write(folder, "a-ana-monday.json", older)
    write(folder, "ben.json", export.build_results(ben, content=content, now=NOW))
    shutil.copy(folder / "ben.json", folder / "copy of ben.json")
    write(folder, "cal.json", export.build_results(cal, content=content, now=NOW))
    for fixture in FIXTURES.iterdir():
        shutil.copy(fixture, folder / fixture.name)
    (folder / "<img src=x onerror=alert(1)>.json").write_text("{not json", encoding="utf-8")
    (folder / "photos").mkdir()
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    for s in (ana, ben, cal):
        s.close()
    return folder


def test_three_learners_are_counted_once_each(class_folder, quiz):
    report = classroom.roll_up(class_folder)
    assert report.learners == 3
    assert report.used == ["ben.json", "cal.json", "z-ana.json"]
    first, second = quiz.questions[0].id, quiz.questions[1].id
    q1, q2 = report.questions[("02-purpose", first)], report.questions[("02-purpose", second)]
    assert (q1.right, q1.partly, q1.wrong) == (2, 0, 1)
    assert (q2.right, q2.partly, q2.wrong) == (1, 0, 1)
    assert [(q.quiz, q.question) for q in report.hardest()] == [("02-purpose", second), ("02-purpose", first)]
    tally = report.notebooks[quiz.notebook]
    assert (tally.completed, tally.started, tally.not_started) == (0, 3, 0)
    assert report.notebooks["07_review.ipynb"].not_started == 3


def test_star_signals_are_counted_over_every_story(class_folder):
    report = classroom.roll_up(class_folder)
    assert (report.stories, report.story_learners) == (2, 2)
    assert report.signals["real_event"] == 1  # the hypothetical one is not
    assert report.signals["quantified_result"] == 1
    assert report.signals["part:action"] == 2
    assert len(report.star_scores) == 2


def test_every_file_not_counted_is_listed_with_its_reason(class_folder):
    skipped = {s.file: (s.kind, s.reason) for s in classroom.roll_up(class_folder).skipped}
    assert skipped == {
        "a-ana-monday.json": ("duplicate", "an older export from the same learner as z-ana.json (the newest counts)"),
        "copy of ben.json": ("duplicate", "an exact copy of ben.json"),
        "broken.json": ("malformed", "not valid JSON (line 3, column 1: Expecting property name enclosed in double quotes)"),
        "empty.json": ("malformed", "the file is empty"),
        "missing_learner.json": ("malformed", "'learner' is missing"),
        "score_out_of_range.json": ("malformed", "'quizzes → 02-purpose → fit-vs-skills' must be a score from 0 to 1"),
        "newer_version.json": ("foreign", "made by a newer version of the course (results format 99); update the course to read it"),
        "other_app.json": ("foreign", "not a results file of this course"),
        "notes.txt": ("foreign", "not a .json file"),
        "photos": ("foreign", "a folder, not a results file"),
        "<img src=x onerror=alert(1)>.json": ("malformed", "not valid JSON (line 1, column 2: Expecting property name enclosed in double quotes)"),
    }


def test_of_two_identical_files_the_first_by_name_counts(class_folder):
    shutil.copy(class_folder / "cal.json", class_folder / "a-cal-again.json")
    report = classroom.roll_up(class_folder)
    assert "a-cal-again.json" in report.used and "cal.json" not in report.used
    assert report.learners == 3


def test_an_empty_folder_says_how_to_fill_it(tmp_path):
    report = classroom.roll_up(tmp_path)
    assert report.learners == 0 and report.skipped == []
    assert "No results files to count yet" in classroom.summary_html(report)
    assert repr(report) == f"Class results from {tmp_path}: 0 learners"


def test_a_missing_folder_is_a_plain_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="is not a folder"):
        classroom.roll_up(tmp_path / "nowhere")


@pytest.mark.parametrize("change, words", [
    (lambda r: r.update(notebooks={"x": {"done": 5, "of": 2}}), "outside"),
    (lambda r: r.update(star=[{"parts_present": ["intro"]}]), "may only name"),
    (lambda r: r.update(star=[{"ownership": 2}]), "from 0 to 1"),
    (lambda r: r.update(exported_at="yesterday"), "not a date"),
    (lambda r: r.update(quizzes=[]), "must be a mapping"),
    (lambda r: r["quizzes"].update(q={"questions": {"a": True}}), "score from 0 to 1"),
])
def test_check_results_names_what_is_wrong(change, words):
    results = json.loads((FIXTURES / "missing_learner.json").read_text())
    results["learner"] = "0123456789abcdef"
    classroom.check_results(json.loads(json.dumps(results)))
    change(results)
    with pytest.raises(classroom.Malformed, match=words):
        classroom.check_results(results)


# --- what the facilitator sees -----------------------------------------------------------------
class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.images = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs))


def test_the_summary_shows_tables_and_file_names_as_text(class_folder):
    report = classroom.roll_up(class_folder)
    html = report._repr_html_()
    assert "Completion per notebook" in html and "hardest" in html and "STAR stories" in html
    assert "&lt;img src=x onerror=alert(1)&gt;.json" in html
    tags = Tags()
    tags.feed(html)
    assert "img" not in tags.tags
    assert repr(report) == f"Class results from {class_folder}: 3 learners, 11 files skipped"


def test_class_chart_gives_a_picture_with_its_description(class_folder):
    report = classroom.roll_up(class_folder)
    view = classroom.class_chart(report, "completion")
    assert view.png.startswith(b"\x89PNG") and "3 learners" in view.alt_text
    with pytest.raises(ValueError, match="the charts are: completion, questions, star"):
        classroom.class_chart(report, "pie")


def test_cli_writes_a_report_page_with_three_charts_and_their_descriptions(class_folder, tmp_path, capsys):
    out = tmp_path / "report" / "class.html"
    assert main(["class-report", str(class_folder), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"Counted 3 learners from {class_folder}." in printed
    assert "Skipped empty.json (malformed): the file is empty" in printed
    page = out.read_text(encoding="utf-8")
    tags = Tags()
    tags.feed(page)
    assert len(tags.images) == 3
    for image in tags.images:
        assert image["src"].startswith("data:image/png;base64,") and len(image["alt"]) > 40
    assert "onerror=alert" not in page.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert main(["class-report", str(tmp_path / "nowhere"), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "is not a folder" in err and "Traceback" not in err
