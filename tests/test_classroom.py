"""The class report: a folder of results files rolled up, and every file it cannot count listed
with the reason (malformed, foreign, duplicate, empty)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import stat
import sys
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib import charts, classroom, export, star
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
        if fixture.is_file():  # (hostile/ holds the files of the tests further down)
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
        "a-ana-monday.json": ("conflict", "the same learner id and pseudonym (“Ana”) as z-ana.json, exported later, "
                                          "which counts instead (the newest export of a learner counts)"),
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


# --- files from a class are untrusted: one bad file costs one line, never the report -----------------
def _class_sample():
    """benchmarks/class_sample.py, which makes the hostile files (a script, not a package)."""
    if "class_sample" not in sys.modules:
        root = Path(__file__).resolve().parent.parent
        spec = importlib.util.spec_from_file_location("class_sample", root / "benchmarks" / "class_sample.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["class_sample"] = module
        spec.loader.exec_module(module)
    return sys.modules["class_sample"]


def results(learner_id="0123456789abcdef", pseudonym="Quiet Owl 07", **changes) -> dict:
    """A valid results file (as a dict) of one learner, with ``changes``."""
    data = json.loads((FIXTURES / "missing_learner.json").read_text())
    data.update(learner=learner_id, pseudonym=pseudonym, **changes)
    return data


def skipped(report) -> dict[str, tuple[str, str]]:
    return {s.file: (s.kind, s.reason) for s in report.skipped}


@pytest.fixture
def hostile_folder(tmp_path, content, quiz):
    """Two good learners, and one file of each kind that once broke, hung or skewed the report."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name in ("Ana", "Ben"):
        store = learner(tmp_path, name, quiz, [True, False], [STRONG])
        write(folder, f"good-{name.lower()}.json", export.build_results(store, content=content, now=NOW))
        store.close()
    made = _class_sample().add_hostile_files(folder, folder / "good-ana.json")
    return folder, made


@pytest.mark.timeout(120)  # before, the link to /dev/zero and the pipe made the report wait for ever
def test_every_hostile_file_costs_one_line_and_the_good_ones_count(hostile_folder, tmp_path):
    folder, made = hostile_folder
    out = tmp_path / "report.html"
    report, _ = classroom.write_class_report(folder, out)
    assert report.used == ["good-ana.json", "good-ben.json"] and report.learners == 2
    lines = skipped(report)
    assert set(lines) == set(made), lines
    reasons = {name: reason for name, (_kind, reason) in lines.items()}
    assert reasons["huge_number.json"] == "not valid JSON (a number far too long)"
    assert "over 20,000 lists and mappings" in reasons["deep_nesting.json"]
    assert reasons["formula_name.json"].startswith("'notebooks' names “$\\foo$”: an id is at most 100")
    assert reasons["lone_surrogate.json"].startswith("'quizzes → 02-purpose' names “?”")
    assert reasons["endless.json"].startswith("a link to another file")
    assert reasons["pipe.json"] == "not a regular file (a pipe, a device or a socket)"
    assert reasons["r\ufffdsultats.json"].startswith("not valid JSON")
    assert reasons["many_notebooks.json"] == "'notebooks' holds 12,000 notebooks; a results file holds at most 50"
    assert reasons["empty_stories.json"] == "'star' holds 1,000 STAR stories; a results file holds at most 50"
    assert reasons["too_large.json"] == "too large (6.3 MB; a results file is at most 5 MB)"
    assert lines["impostor.json"][0] == "conflict"
    page = out.read_text(encoding="utf-8")
    assert "r\ufffdsultats.json" in page and "Files skipped" in page
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # pseudonyms and scores: the facilitator's eyes only


def test_a_deeply_nested_file_under_the_bracket_limit_is_caught_too():
    with pytest.raises(classroom.Malformed, match="nested too deep"):
        classroom.parse_results(b"[" * 15_000 + b"]" * 15_000)


def test_a_name_that_is_not_utf8_is_shown_and_the_report_is_written(tmp_path, content, capsys):
    folder = tmp_path / os.fsdecode(b"class-\xff")
    folder.mkdir()
    write(folder, os.fsdecode(b"caf\xe9.json"), results())
    out = tmp_path / "report.html"
    assert main(["class-report", str(folder), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Counted 1 learner from" in printed and "class-\ufffd" in printed
    page = out.read_text(encoding="utf-8")
    assert "caf\ufffd.json" not in page  # a counted file is not listed...
    assert "class-\ufffd" in page  # ...but the folder's name is shown, readable


def test_a_failed_report_leaves_the_earlier_one_whole(tmp_path, monkeypatch):
    write(tmp_path, "a.json", results())
    out = tmp_path / "out" / "report.html"
    classroom.write_class_report(tmp_path, out)
    earlier = out.read_bytes()

    def fails_halfway(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fails_halfway)
    with pytest.raises(OSError, match="No space left"):
        classroom.write_class_report(tmp_path, out)
    assert out.read_bytes() == earlier
    assert os.listdir(out.parent) == ["report.html"]  # no half-written file left beside it


@pytest.mark.parametrize("label", ["$\\foo$", "costs $5 or $10", "caf\udce9 \ud800"])
def test_chart_labels_are_drawn_as_text_never_as_formulas(label):
    report = classroom.ClassReport("class")
    report.learners = 1
    report.notebooks["x.ipynb"] = classroom.NotebookTally(completed=1)
    report.questions[("q", "a")] = classroom.QuestionTally("q", "a", right=1, total=1.0)
    labels = classroom.Labels({"x.ipynb": label}, ("x.ipynb",), {("q", "a"): label})
    for name in ("completion", "questions"):
        ax = classroom.CHARTS[name](report, labels=labels)
        tick = ax.get_yticklabels()[0]
        assert tick.get_text() == label.encode("utf-8", "replace").decode("utf-8") and not tick.get_parse_math()
        assert charts.render(ax).png.startswith(b"\x89PNG")  # before: mathtext's ValueError, or a TypeError


def test_a_folder_holding_too_much_is_read_up_to_its_limit(tmp_path, monkeypatch):
    for n in range(3):
        write(tmp_path, f"{n}.json", results(learner_id=f"learner{n}", pseudonym=f"L{n}"))
    size = (tmp_path / "0.json").stat().st_size
    monkeypatch.setattr(classroom, "MAX_FOLDER_BYTES", 2 * size)
    report = classroom.roll_up(tmp_path)
    assert report.used == ["0.json", "1.json"]
    assert "the most one report reads" in skipped(report)["2.json"][1]


# --- one learner counts once ------------------------------------------------------------------------
def test_a_file_carrying_another_learners_id_cannot_replace_them(tmp_path):
    write(tmp_path, "ana.json", results("a1a1a1a1a1a1a1a1", "Ana", exported_at="2026-11-20T10:00:00+00:00",
                                        quizzes={"q": {"questions": {"x": 1.0}}}))
    write(tmp_path, "zed.json", results("a1a1a1a1a1a1a1a1", "Zed", exported_at="2026-11-22T10:00:00+00:00",
                                        quizzes={"q": {"questions": {"x": 0.0}}}))
    report = classroom.roll_up(tmp_path)
    assert report.used == ["ana.json"]
    assert report.questions[("q", "x")].right == 1  # Ana's answers, not the later file's
    kind, reason = skipped(report)["zed.json"]
    assert kind == "conflict"
    assert "“Zed” here" in reason and "“Ana” there" in reason and "ana.json, exported first, counts" in reason
    page = classroom.summary_html(report, classroom.Labels())
    assert "<strong>Check:</strong> 1 file carries a learner id that another file carries too" in page


def test_a_learner_who_exports_again_counts_once_with_the_newest_shown_as_a_conflict(tmp_path):
    write(tmp_path, "monday.json", results(exported_at="2026-11-20T10:00:00+00:00"))
    write(tmp_path, "wednesday.json", results(exported_at="2026-11-22T10:00:00+00:00", notebooks={}))
    report = classroom.roll_up(tmp_path)
    assert report.used == ["wednesday.json"] and report.learners == 1
    assert skipped(report)["monday.json"][0] == "conflict"


def _story(**signals) -> dict:
    full = {"parts_present": list(star.PARTS), "ownership": 0.9, "quantified_result": True,
            "hypothetical": False, "speaking_minutes": 1.8, "score": 90}
    return {**full, **signals}


def test_one_learners_many_stories_weigh_as_one_learner(tmp_path):
    for n in range(19):
        write(tmp_path, f"l{n:02d}.json", results(f"learner{n:02d}", f"L{n}", star=[_story()]))
    write(tmp_path, "many.json", results("learnerXX", "Many", star=[{}] * 40))  # under the limit, all empty
    report = classroom.roll_up(tmp_path)
    assert (report.story_learners, report.stories) == (20, 59)
    assert report.signal_share("all_parts") == pytest.approx(19 / 20)  # not 19 of 59 stories
    assert report.signal_learners["all_parts"] == 19
    assert report.star_scores == [90] * 19  # each learner's best story, once
    assert "95 %" in classroom.summary_html(report, classroom.Labels())
    write(tmp_path, "flood.json", results("learnerYY", "Flood", star=[{}] * 1000))
    report = classroom.roll_up(tmp_path)
    assert skipped(report)["flood.json"][0] == "malformed" and report.story_learners == 20


def test_a_learner_with_mixed_stories_gives_their_share(tmp_path):
    write(tmp_path, "a.json", results("aaaa", "A", star=[_story(), _story(hypothetical=True)]))
    write(tmp_path, "b.json", results("bbbb", "B", star=[_story()]))
    report = classroom.roll_up(tmp_path)
    assert report.signal_share("real_event") == pytest.approx((0.5 + 1) / 2)
    view = classroom.class_chart(report, "star")
    assert "A real event, not a hypothetical: 75 % (2 of 2 learners in at least one story)" in view.alt_text


# --- the schema's limits, and any bytes at all ----------------------------------------------------------
@pytest.mark.parametrize("change, words", [
    (lambda r: r.update(learner="a b"), "'learner' names “a b”"),
    (lambda r: r.update(learner="x" * 101), "at most 100"),
    (lambda r: r.update(pseudonym="Ana\nSkipped evil.json"), "printable"),
    (lambda r: r.update(exported_at="2026-11-20T10:00:00" + "0" * 50), "not a date"),
    (lambda r: r.update(exported_at="0001-01-01T00:00:00+14:00"), "not a date"),
    (lambda r: r.update(quizzes={f"q{i}": {"questions": {}} for i in range(51)}), "holds 51 quizzes"),
    (lambda r: r.update(quizzes={"q": {"questions": {f"x{i}": 1 for i in range(201)}}}), "holds 201 questions"),
    (lambda r: r.update(quizzes={"q<script>": {"questions": {}}}), "names “q<script>”"),
])
def test_the_schema_has_limits(change, words):
    data = results()
    change(data)
    with pytest.raises(classroom.Malformed, match=words):
        classroom.check_results(data)


def test_the_review_counts_are_read_and_checked(tmp_path, content, quiz):
    from course_lib.review import ReviewDeck

    store = learner(tmp_path, "Ana", quiz, [True, False])
    deck = ReviewDeck(store, content, clock=lambda: NOW + timedelta(days=30))
    first = deck.due()[0]
    deck.answer(first, list(first.question.answer))
    made = export.build_results(store, content=content, now=NOW + timedelta(days=30))
    store.close()
    assert made["review"] == {"cards": 2, "reviewed": 1, "stuck": 1, "reviews": 1}
    assert classroom.parse_results(json.dumps(made).encode())["review"] == made["review"]
    older = results()
    older.pop("review", None)
    assert "review" not in classroom.check_results(older)  # a file from before the review
    for bad in ({"cards": 1, "reviewed": 2, "stuck": 0, "reviews": 2}, {"cards": 3, "reviewed": 1, "stuck": 2, "reviews": 1},
                {"cards": 3, "reviewed": 2, "stuck": 0, "reviews": 1}, {"cards": True, "reviewed": 0, "stuck": 0, "reviews": 0},
                {"cards": 1, "reviewed": 0, "stuck": 0}, {"cards": -1, "reviewed": 0, "stuck": 0, "reviews": 0},
                {"cards": 10**9, "reviewed": 0, "stuck": 0, "reviews": 0}, [1, 2], "three"):
        with pytest.raises(classroom.Malformed, match="'review'"):
            classroom.check_results(results(review=bad))


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=30)
_field_values = {key: _json for key in ("version", "learner", "pseudonym", "exported_at", "notebooks", "quizzes", "star",
                                                  "review")}


@settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    _json,
    st.fixed_dictionaries({"format": st.just(export.RESULTS_FORMAT)}, optional=_field_values),
    st.builds(lambda base, changes: {**base, **changes}, st.just(results()), st.dictionaries(
        st.sampled_from(sorted(_field_values)), _json, max_size=3)),
    st.builds(lambda story: results(star=[story]), st.dictionaries(
        st.sampled_from(["parts_present", "ownership", "speaking_minutes", "score", "quantified_result",
                         "hypothetical"]), _json)),
))
def test_fuzz_any_json_is_counted_or_skipped_with_a_reason_in_bounded_time_and_memory(data):
    raw = json.dumps(data).encode("utf-8")
    tracemalloc.start()
    start = time.perf_counter()
    try:
        checked = classroom.parse_results(raw)
    except (classroom.Malformed, classroom.Foreign) as reason:
        assert str(reason) and "\n" not in str(reason) and len(str(reason)) < 300
    else:  # what is accepted is counted and shown without an error
        report = classroom.ClassReport("fuzz")
        classroom._add(report, checked)
        classroom.summary_html(report, classroom.Labels())
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert time.perf_counter() - start < 1.0
    assert peak < 20 * 1024 * 1024


@settings(max_examples=200, deadline=1000)
@given(st.binary(max_size=2000))
def test_fuzz_any_bytes_are_read_or_refused_with_a_reason(raw):
    try:
        classroom.parse_results(raw)
    except (classroom.Malformed, classroom.Foreign):
        pass
