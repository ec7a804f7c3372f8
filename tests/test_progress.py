"""The progress store: answers kept across restarts and processes, and never lost on a bad day
(a damaged file, a read-only folder, a store from an earlier version of the course)."""

from __future__ import annotations

import ctypes
import json
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from contextlib import closing
from pathlib import Path

import pytest

from course_lib import progress
from course_lib.content import load_content
from course_lib.progress import ProgressWarning, Store, StoreUnavailable, open_store

FIXTURES = Path(__file__).parent / "fixtures" / "progress"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "progress.sqlite3")
    yield s
    s.close()


def build_store(path: Path, script: str) -> Path:
    db = sqlite3.connect(path)
    db.executescript((FIXTURES / script).read_text())
    db.close()
    return path


def layout(path: Path) -> list[tuple]:
    """Tables and indexes of a store, for comparing a migrated store with a fresh one."""
    db = sqlite3.connect(path)
    try:
        rows = db.execute(
            "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
        columns = {t: db.execute(f"PRAGMA table_info({t})").fetchall() for _, t, _ in rows if _ == "table"}
    finally:
        db.close()
    return rows + sorted(columns.items())


# --- the basics ------------------------------------------------------------------------------
def test_typing_keeps_one_history_snapshot_per_minute_not_per_keystroke(store, monkeypatch):
    clock = iter(["2026-01-05T10:00:00+00:00", "2026-01-05T10:00:01+00:00", "2026-01-05T10:00:30+00:00",
                  "2026-01-05T10:01:10+00:00", "2026-01-05T10:01:11+00:00"])
    monkeypatch.setattr(progress, "_now", lambda: next(clock))
    for text in ["I", "I le", "I led", "I led the", "I led the team"]:
        store.save("worksheet:company_research", "mission", text, typing=True)
    assert store.load("worksheet:company_research", "mission") == "I led the team"
    # a snapshot from the first minute, and the latest text from the second
    assert store.history("worksheet:company_research", "mission") == ["I led", "I led the team"]


def test_a_deliberate_save_after_typing_is_its_own_history_row(store):
    store.save("star", "s1", "draft", typing=True)
    store.save("star", "s1", "final")
    assert store.history("star", "s1") == ["draft", "final"]


def test_save_load_items_sections_history(store):
    store.save("quiz:02-purpose", "q1", ["a"])
    store.save("quiz:02-purpose", "q2", {"choice": ["b", "c"]})
    store.save("quiz:02-purpose", "q1", ["b"])
    store.save("worksheet:company_research", "mission", "Make rail travel simple <b>now</b> 🚆")
    assert store.load("quiz:02-purpose", "q1") == ["b"]
    assert store.load("quiz:02-purpose", "missing", default="none") == "none"
    assert store.items("quiz:02-purpose") == {"q1": ["b"], "q2": {"choice": ["b", "c"]}}
    assert store.sections("quiz:") == ["quiz:02-purpose"]
    assert store.sections() == ["quiz:02-purpose", "worksheet:company_research"]
    assert store.history("quiz:02-purpose", "q1") == [["a"], ["b"]]
    assert store.load("worksheet:company_research", "mission") == "Make rail travel simple <b>now</b> 🚆"
    assert store.count() == 3


def test_views_hear_of_every_change_after_it_is_saved(store):
    class View:
        def __init__(self):
            self.heard = []

        def changed(self, section):
            self.heard.append((section, store.count()))  # the change is already saved when heard

    view = View()
    store.on_change(view.changed)
    store.save("quiz:02-purpose", "q1", ["a"])
    store.save("worksheet:company_research", "mission", "Make rail travel simple", typing=True)
    store.save("worksheet:company_research", "mission", "Make rail travel simple for all", typing=True)
    assert store.pseudonym  # made once: heard once
    assert store.pseudonym
    backup = store.reset(confirm=True)
    store.restore(backup, confirm=True)
    assert view.heard == [("quiz:02-purpose", 1), ("worksheet:company_research", 2),
                          ("worksheet:company_research", 2), ("profile", 2), (None, 0), (None, 2)]


def test_a_view_that_is_gone_is_forgotten_and_a_failing_one_blocks_nothing(store):
    class View:
        def __init__(self, fail=False):
            self.heard, self.fail = [], fail

        def changed(self, section):
            self.heard.append(section)
            if self.fail:
                raise KeyError("no such row")

    gone, failing, kept = View(), View(fail=True), View()
    for view in (gone, failing, kept):
        store.on_change(view.changed)
    del gone
    with pytest.warns(RuntimeWarning, match=r"could not update \('no such row'\); your answer is saved"):
        store.save("star", "s1", "I fixed the build.")
    assert store.load("star", "s1") == "I fixed the build."
    assert failing.heard == kept.heard == ["star"]
    assert len(store._listeners) == 2


def test_sections_prefix_is_literal(store):
    store.save("quiz:a_b", "q", 1)
    store.save("quiz:axb", "q", 1)
    assert store.sections("quiz:a_") == ["quiz:a_b"]


def test_a_value_json_cannot_hold_is_refused_and_nothing_is_lost(store):
    store.save("star", "s1", "first")
    with pytest.raises(TypeError):
        store.save("star", "s1", object())
    assert store.load("star", "s1") == "first"
    assert store.history("star", "s1") == ["first"]


def test_long_text_is_kept_whole(store):
    text = "I led the migration. " * 5000  # 100 KB
    store.save("star", "long", text)
    assert store.load("star", "long") == text


def test_open_store_opens_each_file_once(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(tmp_path))
    first = open_store()
    assert open_store() is first
    assert open_store(tmp_path / "progress.sqlite3") is first
    assert first.path == tmp_path / "progress.sqlite3"
    first.close()
    second = open_store()
    assert second is not first
    second.close()


# --- restart: a new kernel finds the answers -------------------------------------------------
ANSWER_CELLS = [
    "import course_lib as course\nfrom course_lib import testing",
    "quiz = course.quiz('02-purpose')\nfirst = quiz.session.questions[0]",
    "print(testing.chosen(quiz, first.id), testing.feedback_text(quiz, first.id)[:10])",
    "sheet = course.worksheet('company_research')\nprint(repr(sheet.fields['mission'].value))",
]
FIRST_RUN_ONLY = [  # what the learner does the first time
    "testing.answer(quiz, first.id, list(first.answer))\ntesting.fill_field(sheet, 'mission', 'Rail made simple 🚆')",
]


def test_answers_are_back_after_a_kernel_restart(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(tmp_path))  # the kernels inherit it
    printed = []
    for cells in (ANSWER_CELLS + FIRST_RUN_ONLY, ANSWER_CELLS):  # each run starts a fresh kernel
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
        NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
        printed.append([nb.cells[i].outputs[0]["text"].strip() for i in (2, 3)])
    content = load_content()
    right = content.quizzes["02-purpose"].questions[0].answer
    assert printed[0] == ["()", "''"]
    assert printed[1] == [f"{tuple(right)} ✓ Correct.", "'Rail made simple 🚆'"]


# --- two notebooks writing at once -----------------------------------------------------------
WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from course_lib.progress import Store
    path, name, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    store = Store(path)
    Path(f"{go}.{name}").touch()       # ready
    while not go.exists():             # start together
        time.sleep(0.001)
    for i in range(1000):
        store.save(f"quiz:{name}", f"q{i}", {"choice": [i]})
        store.save("shared", "last-writer", name)
    """
)


def test_two_processes_writing_1000_answers_each_lose_nothing(tmp_path):
    path = tmp_path / "progress.sqlite3"
    Store(path).close()  # created once, as a first notebook would
    go = tmp_path / "go"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(go)], cwd=ROOT, stderr=subprocess.PIPE)
        for name in ("a", "b")
    ]
    for name in ("a", "b"):
        while not Path(f"{go}.{name}").exists():
            assert all(w.poll() is None for w in writers), "a writer stopped before starting"
    go.touch()
    for w in writers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err.decode()
    store = Store(path)
    for name in ("a", "b"):
        answers = store.items(f"quiz:{name}")
        assert len(answers) == 1000
        assert answers == {f"q{i}": {"choice": [i]} for i in range(1000)}
    assert len(store.history("shared", "last-writer")) == 2000
    assert sorted(set(store.history("shared", "last-writer"))) == ["a", "b"]
    store.close()


# --- a damaged or unreadable store is moved aside, never deleted -------------------------------
def _aside(folder: Path, label: str) -> list[Path]:
    return sorted(folder.glob(f"progress-{label}-*.sqlite3"))


def test_a_file_of_garbage_is_moved_aside_and_a_fresh_store_started(tmp_path):
    path = tmp_path / "progress.sqlite3"
    garbage = b"this is not a database " * 100
    path.write_bytes(garbage)
    with pytest.warns(ProgressWarning, match="could not be opened"):
        store = Store(path)
    [kept] = _aside(tmp_path, "foreign")
    assert kept.read_bytes() == garbage
    assert str(kept) in store.notice and "Nothing was deleted" in store.notice
    store.save("quiz:x", "q", 1)
    assert store.load("quiz:x", "q") == 1
    store.close()


def test_a_damaged_store_is_moved_aside_with_its_journal(tmp_path):
    path = tmp_path / "progress.sqlite3"
    good = Store(path)
    for i in range(300):
        good.save("worksheet:company_research", f"field{i}", "x" * 200)
    good.close()
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # a page in the middle overwritten
    path.write_bytes(bytes(data))
    Path(f"{path}-wal").write_bytes(b"")
    with pytest.warns(ProgressWarning, match="damaged"):
        store = Store(path)
    [kept] = _aside(tmp_path, "damaged")
    assert kept.read_bytes() == bytes(data)
    assert Path(f"{kept}-wal").exists()
    assert store.count() == 0
    store.close()


def test_a_folder_where_the_file_should_be_is_moved_aside(tmp_path):
    path = tmp_path / "progress.sqlite3"
    path.mkdir()
    (path / "inside.txt").write_text("kept")
    with pytest.warns(ProgressWarning, match="it is not a file"):
        store = Store(path)
    [kept] = _aside(tmp_path, "unreadable")
    assert (kept / "inside.txt").read_text() == "kept"
    store.close()


def test_another_programs_database_is_moved_aside(tmp_path):
    path = tmp_path / "progress.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE songs (title TEXT)")
    db.commit()
    db.close()
    with pytest.warns(ProgressWarning, match="not a progress file"):
        Store(path).close()
    assert len(_aside(tmp_path, "foreign")) == 1


def test_a_store_from_a_newer_course_is_kept_untouched(tmp_path):
    path = tmp_path / "progress.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.warns(ProgressWarning, match="newer version of the course"):
        Store(path).close()
    [kept] = _aside(tmp_path, "newer")
    assert kept.read_bytes() == before


def test_moving_aside_twice_in_a_second_overwrites_nothing(tmp_path):
    path = tmp_path / "progress.sqlite3"
    for text in (b"first garbage file", b"second garbage file"):
        path.write_bytes(text)
        with pytest.warns(ProgressWarning):
            Store(path).close()
        path.unlink()
    assert sorted(p.read_bytes() for p in _aside(tmp_path, "foreign")) == [b"first garbage file", b"second garbage file"]


# --- a store from an earlier version of the course ---------------------------------------------
def test_a_format_0_store_is_migrated_with_every_answer(tmp_path):
    path = build_store(tmp_path / "progress.sqlite3", "v0_store.sql")
    with pytest.warns(ProgressWarning, match="earlier version of the course"):
        store = Store(path)
    assert store.items("quiz:02-purpose") == {"fit-vs-skills": ["b"], "who-you-meet": ["a", "c"]}
    assert store.load("worksheet:company_research", "mission") == "Make rail travel simple for everyone"
    assert store.load("star", "missed-deadline")["text"].startswith("I told my manager")
    assert store.load("worksheet:first_interview", "went_well") == "They liked my portfolio"
    assert store.pseudonym == "Quiet Owl 07"
    assert store.history("quiz:02-purpose", "fit-vs-skills") == [["b"]]
    [backup] = (tmp_path / "backups").glob("progress-before-format-*.sqlite3")
    assert str(backup) in store.notice
    with closing(sqlite3.connect(backup)) as db:
        assert db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 6
    store.close()
    fresh = tmp_path / "fresh" / "progress.sqlite3"
    Store(fresh).close()
    assert layout(path) == layout(fresh)


def test_a_format_1_store_keeps_its_history(tmp_path):
    path = build_store(tmp_path / "progress.sqlite3", "v1_store.sql")
    with pytest.warns(ProgressWarning):
        store = Store(path)
    assert store.history("quiz:01-meaning", "funnel") == [["a"], ["c"]]
    store.save("quiz:01-meaning", "funnel", ["b"])
    assert store.history("quiz:01-meaning", "funnel") == [["a"], ["c"], ["b"]]
    store.close()
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(progress.SCHEMA_VERSION),)
    Store(path).close()  # opening again: no migration, no warning (warnings are errors here)


# --- a read-only location ----------------------------------------------------------------------
def _without_admin_rights():
    """In the child process: give up the right to write where permissions forbid it (root has it)."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "cannot drop administrator rights")


def run_as_learner(code: str, tmp_path: Path) -> dict:
    """Run ``code`` in a child process that obeys file permissions; it prints a JSON result."""
    if not hasattr(os, "geteuid"):
        pytest.skip("file permissions are checked this way on Unix only")
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent(code))
    result = subprocess.run(
        [sys.executable, "-W", "error::UserWarning", str(script)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, preexec_fn=_without_admin_rights,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_read_only_folder_falls_back_to_a_writable_one_with_the_answers(tmp_path):
    locked, spare = tmp_path / "locked", tmp_path / "spare"
    original = Store(locked / "progress.sqlite3")
    original.save("quiz:01-meaning", "funnel", ["c"])
    original.close()
    locked.chmod(0o555)
    try:
        result = run_as_learner(
            f"""
            import json, warnings
            from course_lib.progress import Store, ProgressWarning
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                store = Store({str(locked / "progress.sqlite3")!r}, fallbacks=[{str(spare)!r}])
            store.save("quiz:01-meaning", "dates", ["a"])
            print(json.dumps({{"path": str(store.path), "notice": store.notice,
                              "warnings": [w.category.__name__ for w in caught],
                              "answers": store.items("quiz:01-meaning")}}))
            """,
            tmp_path,
        )
    finally:
        locked.chmod(0o755)
    assert result["path"] == str(spare / "progress.sqlite3")
    assert result["warnings"] == ["ProgressWarning"]
    assert "cannot be written to" in result["notice"] and "copied" in result["notice"]
    assert result["answers"] == {"funnel": ["c"], "dates": ["a"]}
    original = Store(locked / "progress.sqlite3")
    assert original.items("quiz:01-meaning") == {"funnel": ["c"]}  # the original is untouched
    original.close()


def test_a_read_only_file_is_kept_and_a_writable_copy_used(tmp_path):
    path = tmp_path / "progress.sqlite3"
    original = Store(path)
    original.save("star", "s1", "I fixed the build.")
    original.close()
    path.chmod(0o444)
    result = run_as_learner(
        f"""
        import json, warnings
        from course_lib.progress import Store
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            store = Store({str(path)!r}, fallbacks=[])
        store.save("star", "s2", "I led the retro.")
        print(json.dumps({{"notice": store.notice, "stories": store.items("star")}}))
        """,
        tmp_path,
    )
    assert "read-only" in result["notice"]
    assert result["stories"] == {"s1": "I fixed the build.", "s2": "I led the retro."}
    [kept] = _aside(tmp_path, "read-only")
    assert str(kept) in result["notice"]


def test_a_read_only_file_that_is_also_damaged_is_kept_twice_over(tmp_path):
    path = tmp_path / "progress.sqlite3"
    good = Store(path)
    for i in range(300):
        good.save("star", f"s{i}", "x" * 200)
    good.close()
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    path.chmod(0o444)
    result = run_as_learner(
        f"""
        import json, warnings
        from course_lib.progress import Store
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            store = Store({str(path)!r}, fallbacks=[])
        store.save("star", "new", "I start again.")
        print(json.dumps({{"notice": store.notice, "stories": store.items("star")}}))
        """,
        tmp_path,
    )
    assert "read-only" in result["notice"] and "damaged" in result["notice"]
    assert result["stories"] == {"new": "I start again."}
    [original] = _aside(tmp_path, "read-only")
    [copy] = _aside(tmp_path, "damaged")
    assert original.read_bytes() == copy.read_bytes() == bytes(data)


def test_an_unreadable_file_is_moved_aside(tmp_path):
    path = tmp_path / "progress.sqlite3"
    Store(path).close()
    path.chmod(0o000)
    result = run_as_learner(
        f"""
        import json, warnings
        from course_lib.progress import Store
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            store = Store({str(path)!r}, fallbacks=[])
        print(json.dumps({{"notice": store.notice}}))
        """,
        tmp_path,
    )
    assert "would not let the course read it" in result["notice"]
    assert len(_aside(tmp_path, "unreadable")) == 1


def test_no_writable_folder_at_all_says_so_plainly(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(StoreUnavailable, match="none of these folders can be written to"):
        Store(blocker / "sub" / "progress.sqlite3", fallbacks=[blocker / "other"])


# --- pseudonym, learner id, reset ----------------------------------------------------------------
def test_a_random_friendly_pseudonym_is_made_once(store):
    name = store.pseudonym
    assert len(name.split()) == 3 and name.split()[2].isdigit()
    assert store.pseudonym == name
    assert store.load("profile", "pseudonym") == name
    assert progress.learner_pseudonym(store) == name


def test_the_learner_picks_a_pseudonym(store):
    assert store.set_pseudonym("  Night   Owl ") == "Night Owl"
    assert store.pseudonym == "Night Owl"


@pytest.mark.parametrize(
    "bad, words",
    [("", "Type a pseudonym"), ("x" * 41, "at most 40"), ("ana@example.org", "email"), ("a\x00b", "control"),
     (42, "short piece of text")],
)
def test_an_unusable_pseudonym_is_refused_and_the_old_one_kept(store, bad, words):
    store.set_pseudonym("Night Owl")
    with pytest.raises(ValueError, match=words):
        store.set_pseudonym(bad)
    assert store.pseudonym == "Night Owl"


def test_the_learner_seed_survives_a_new_pseudonym(store):
    seed = progress.learner_seed(store)
    store.set_pseudonym("Someone Else")
    assert progress.learner_seed(store) == seed
    assert len(store.learner_id) == 16


def test_reset_needs_confirmation_and_keeps_a_backup(store):
    store.save("quiz:02-purpose", "q1", ["a"])
    store.save("star", "s1", "I fixed it.")
    name = store.pseudonym
    with pytest.raises(ValueError, match="confirm=True"):
        store.reset()
    assert store.count() == 2
    backup = store.reset(confirm=True)
    assert store.count() == 0 and store.history("star", "s1") == []
    assert store.pseudonym == name  # the pseudonym is not progress
    saved = Store(backup)
    assert saved.items("star") == {"s1": "I fixed it."}
    saved.close()
    assert backup.parent == store.path.parent / "backups"


def test_progress_info_is_stable_text(store):
    info = progress.progress_info(store=store)
    assert repr(info) == repr(progress.progress_info(store=store))
    assert "course.progress_panel()" in repr(info)
    assert "<code>course.progress_panel()</code>" in info._repr_html_()


def test_progress_info_shows_a_notice_as_text(tmp_path):
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"<img src=x onerror=alert(1)>")
    with pytest.warns(ProgressWarning):
        store = Store(path)
    html = progress.progress_info(store=store)._repr_html_()
    assert "Nothing was deleted" in html and "<img" not in html
    store.close()


# --- backups, listed and restored ----------------------------------------------------------------
def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_restore_brings_a_backup_back_and_keeps_the_current_answers_as_a_new_backup(store):
    store.save("quiz:02-purpose", "q1", ["a"])
    store.save("quiz:02-purpose", "q1", ["b"])
    store.save("star", "s1", "I fixed the build.")
    before_reset = store.reset(confirm=True)
    store.set_pseudonym("Night Owl")
    store.save("star", "s9", "A story written after the reset.")

    with pytest.raises(ValueError, match="confirm=True"):
        store.restore(before_reset)
    assert store.items("star") == {"s9": "A story written after the reset."}

    kept = store.restore(before_reset, confirm=True)
    assert store.items("quiz:02-purpose") == {"q1": ["b"]} and store.history("quiz:02-purpose", "q1") == [["a"], ["b"]]
    assert store.items("star") == {"s1": "I fixed the build."} and store.history("star", "s9") == []
    assert store.pseudonym == "Night Owl"  # the pseudonym is not progress: it stays as it is now
    assert kept.parent == store.path.parent / "backups" and kept.name.startswith("progress-before-restore-")

    store.restore(kept, confirm=True)  # and back again: nothing was lost
    assert store.items("star") == {"s9": "A story written after the reset."}
    assert store.items("quiz:02-purpose") == {}


def test_backups_say_when_they_were_made_how_many_answers_they_hold_and_why(tmp_path):
    store = Store(tmp_path / "progress.sqlite3")
    store.save("quiz:02-purpose", "q1", ["a"])
    store.save("star", "s1", "I fixed the build.")
    store.set_pseudonym("Night Owl")  # the profile is not counted as an answer
    reset_backup = store.reset(confirm=True)
    old_format = build_store(tmp_path / "backups" / "progress-before-format-2-2026-01-05T10-00-00Z.sqlite3",
                             "v0_store.sql")
    (tmp_path / "progress-foreign-2026-01-04T09-00-00Z.sqlite3").write_bytes(b"not a database at all")
    (tmp_path / "notes.sqlite3").write_bytes(b"")  # not the course's: not listed
    files_before = _files(tmp_path / "backups") | _files(tmp_path)

    listed = store.backups()
    foreign_file = tmp_path / "progress-foreign-2026-01-04T09-00-00Z.sqlite3"
    assert [b.path for b in listed] == [reset_backup, old_format, foreign_file]
    newest, migrated, foreign = listed
    assert (newest.answers, newest.kind, newest.restorable) == (2, "kept before a reset", True)
    assert abs((datetime.now(timezone.utc) - newest.made).total_seconds()) < 60
    assert migrated.answers == 5 and migrated.kind == "kept before the course updated its progress file"
    assert migrated.made == datetime(2026, 1, 5, 10, 0, tzinfo=timezone.utc)
    assert (foreign.answers, foreign.restorable) == (None, False)
    assert foreign.describe().endswith("cannot be restored: it is not a progress file of this course · "
                                       "set aside because it is not a progress file of this course")
    assert "2 answers · kept before a reset" in newest.describe()
    assert _files(tmp_path / "backups") | _files(tmp_path) == files_before  # listing changes no file
    store.close()


def test_a_backup_in_an_earlier_format_is_restored_in_the_latest(store):
    name = store.pseudonym
    store.save("star", "mine", "Saved today.")
    old = build_store(store.path.parent / "old.sqlite3", "v0_store.sql")
    store.restore(old, confirm=True)
    assert store.items("quiz:02-purpose") == {"fit-vs-skills": ["b"], "who-you-meet": ["a", "c"]}
    assert store.load("star", "mine") is None
    assert store.pseudonym == name  # the current pseudonym wins over the backup's "Quiet Owl 07"
    assert store.restore(store.backups()[0], confirm=True)  # today's story is one restore away
    assert store.load("star", "mine") == "Saved today."


@pytest.mark.parametrize("spoil, reason", [
    ("damaged", "the file is damaged"),
    ("garbage", "it is not a progress file of this course"),
    ("missing", "the file is no longer there"),
    ("current", None),
])
def test_a_backup_that_cannot_be_used_is_refused_in_a_sentence_and_nothing_changes(store, spoil, reason):
    for i in range(300):
        store.save("star", f"s{i}", "x" * 200)
    backup = store.backup()
    store.save("star", "today", "The answer given today.")
    if spoil == "damaged":
        data = bytearray(backup.read_bytes())
        data[4096:8192] = b"\xff" * 4096
        backup.write_bytes(bytes(data))
    elif spoil == "garbage":
        backup.write_bytes(b"<img src=x onerror=alert(1)>")
    elif spoil == "missing":
        backup.unlink()
    else:
        backup = store.path
    answers, files = store.items("star"), _files(backup.parent)

    with pytest.raises(progress.RestoreError) as refused:
        store.restore(backup, confirm=True)
    message = str(refused.value)
    assert message.endswith("Nothing was changed.") and "\n" not in message
    assert (reason or "your current progress") in message
    assert store.items("star") == answers and _files(backup.parent) == files


def test_when_the_current_answers_cannot_be_kept_first_nothing_is_restored(store):
    store.save("star", "s1", "I fixed the build.")
    backup = store.reset(confirm=True)
    store.save("star", "today", "The answer given today.")

    class DiskFull:  # the store's connection, failing halfway through the copy
        def __init__(self, db):
            self.db = db

        def backup(self, target, **_):
            target.execute("CREATE TABLE half (x)")
            raise sqlite3.OperationalError("database or disk is full")

        def __getattr__(self, name):
            return getattr(self.db, name)

    files = _files(backup.parent)
    store._db = DiskFull(store._db)
    try:
        with pytest.raises(progress.RestoreError, match=r"could not be kept first \(the computer's disk is full\)"):
            store.restore(backup, confirm=True)
    finally:
        store._db = store._db.db
    assert _files(backup.parent) == files  # no half copy left behind as if it were a backup
    assert store.items("star") == {"today": "The answer given today."}


def test_in_a_read_only_backups_folder_backups_are_listed_but_not_restored_over_the_current(tmp_path):
    path = tmp_path / "progress.sqlite3"
    store = Store(path)
    store.save("star", "s1", "I fixed the build.")
    store.reset(confirm=True)
    store.save("star", "today", "The answer given today.")
    store.close()
    folder = tmp_path / "backups"
    files = _files(folder)
    folder.chmod(0o555)
    try:
        result = run_as_learner(
            f"""
            import json
            from course_lib.progress import RestoreError, Store
            store = Store({str(path)!r}, fallbacks=[])
            listed = store.backups()
            try:
                store.restore(listed[0], confirm=True)
                refusal = None
            except RestoreError as error:
                refusal = str(error)
            print(json.dumps({{"listed": [[b.answers, b.kind] for b in listed], "refusal": refusal,
                              "stories": store.items("star")}}))
            """,
            tmp_path,
        )
    finally:
        folder.chmod(0o755)
    assert result["listed"] == [[1, "kept before a reset"]]
    assert "could not be kept first" in result["refusal"] and "Nothing was changed" in result["refusal"]
    assert result["stories"] == {"today": "The answer given today."}
    assert _files(folder) == files  # not even a journal file left by reading the backup


# --- a shared machine: the store is the learner's alone ------------------------------------------
def _mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def open_umask():
    """Every process may read and write what is created (umask 0), as on a badly set-up machine."""
    earlier = os.umask(0)
    yield
    os.umask(earlier)


def test_store_journal_backups_and_files_moved_aside_are_private_whatever_the_umask(tmp_path, open_umask):
    folder = tmp_path / "new" / "course"
    store = Store(folder / "progress.sqlite3")
    store.save("star", "s1", "My answer")
    backup = store.backup()
    assert _mode(folder) == _mode(folder.parent) == 0o700
    for path in (store.path, f"{store.path}-wal", f"{store.path}-shm", backup):
        assert _mode(path) == 0o600, path
    assert _mode(backup.parent) == 0o700
    store.close()
    damaged = tmp_path / "old" / "progress.sqlite3"
    damaged.parent.mkdir()
    damaged.write_bytes(b"not a store")
    damaged.chmod(0o644)
    with pytest.warns(ProgressWarning):
        Store(damaged).close()
    (aside,) = _aside(damaged.parent, "foreign")
    assert _mode(aside) == 0o600 and _mode(damaged) == 0o600


def test_a_store_made_readable_by_an_earlier_version_is_made_private(tmp_path):
    path = tmp_path / "progress.sqlite3"
    Store(path).close()
    path.chmod(0o644)
    Store(path).close()
    assert _mode(path) == 0o600


def test_exports_from_the_command_line_are_private_whatever_the_umask(store, tmp_path, open_umask):
    from course_lib.cli import main

    store.save("star", "s1", "Last spring I fixed the build. We shipped on time.")
    assert main(["results", "--store", str(store.path), "--out", str(tmp_path / "out" / "results.json")]) == 0
    assert main(["export", "--store", str(store.path), "--format", "md", "--out", str(tmp_path / "pack")]) == 0
    progress.open_store(store.path).close()  # the commands' own handle on the store
    assert _mode(tmp_path / "out") == _mode(tmp_path / "pack") == 0o700
    written = [p for p in (tmp_path / "out").iterdir()] + [p for p in (tmp_path / "pack").iterdir()]
    assert written and all(_mode(p) == 0o600 for p in written), [(p, oct(_mode(p))) for p in written]


@pytest.fixture
def shared_tmp(tmp_path, monkeypatch):
    """A stand-in for /tmp (every user may create folders in it), and a store folder the course may
    not use, so that the store falls back to the folder of its own in that shared space."""
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.setattr(progress.tempfile, "tempdir", str(shared))
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setattr(progress, "_user_dir", lambda: blocker / "data")
    own = shared / f"{progress.APP_NAME}-{os.getuid()}"
    return blocker / "course" / "progress.sqlite3", own


def test_the_last_resort_folder_is_made_private_and_the_learner_told(shared_tmp):
    wanted, own = shared_tmp
    with pytest.warns(ProgressWarning, match="may be emptied when the computer restarts"):
        store = Store(wanted)
    assert store.path == own / "progress.sqlite3"
    assert _mode(own) == 0o700 and _mode(store.path) == 0o600
    store.close()


def _planted(own: Path) -> bytes:
    """Another user's store, with answers of theirs, waiting where the learner's store would go."""
    own.mkdir()
    planted = Store(own / "progress.sqlite3", fallbacks=[])
    planted.save("star", "s1", "planted")
    planted.close()
    return (own / "progress.sqlite3").read_bytes()


def test_a_last_resort_folder_open_to_others_is_refused_with_a_clear_message(shared_tmp):
    wanted, own = shared_tmp
    before = _planted(own)
    own.chmod(0o777)
    with pytest.raises(StoreUnavailable) as refused:
        Store(wanted)
    message = str(refused.value)
    assert f"{own} is open to other users of this computer (permissions drwxrwxrwx)" in message
    assert f"chmod 700 {own}" in message and "COURSE_PROGRESS_DIR" in message
    assert (own / "progress.sqlite3").read_bytes() == before  # not opened, not changed


def test_a_last_resort_folder_of_another_user_is_refused(shared_tmp, monkeypatch):
    wanted, own = shared_tmp
    before = _planted(own)
    if os.geteuid() == 0:
        os.chown(own, 4242, 4242)  # really someone else's
    else:
        from course_lib import private_files

        monkeypatch.setattr(private_files, "_me", lambda: os.geteuid() + 1)
    with pytest.raises(StoreUnavailable, match="belongs to another user of this computer"):
        Store(wanted)
    assert (own / "progress.sqlite3").read_bytes() == before


def test_a_link_in_place_of_the_last_resort_folder_is_refused(shared_tmp, tmp_path):
    wanted, own = shared_tmp
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    own.symlink_to(elsewhere)
    with pytest.raises(StoreUnavailable, match="is not a plain folder"):
        Store(wanted)
    assert list(elsewhere.iterdir()) == []


def test_a_linked_store_file_is_moved_aside_as_a_link_never_the_file_it_points_to(tmp_path):
    elsewhere = tmp_path / "thesis"
    elsewhere.mkdir()
    (elsewhere / "chapter.txt").write_text("Two years of work.")
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "progress.sqlite3").symlink_to(elsewhere / "chapter.txt")
    with pytest.warns(ProgressWarning, match="not a progress file"):
        store = open_store(folder / "progress.sqlite3")
    try:
        assert store.path == folder.resolve() / "progress.sqlite3"
        assert (elsewhere / "chapter.txt").read_text() == "Two years of work."
        assert sorted(p.name for p in elsewhere.iterdir()) == ["chapter.txt"]  # nothing renamed out there
        (aside,) = _aside(folder, "foreign")
        assert aside.is_symlink() and aside.resolve() == (elsewhere / "chapter.txt").resolve()
        store.save("star", "s1", "A fresh start")
    finally:
        store.close()


# --- a full disk, a store held by another program: one sentence, nothing lost ------------------------
def _fill_up(store: Store) -> None:
    """The store's disk is full: no page may be added to it (SQLite's SQLITE_FULL, as on a full disk)."""
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_stops_a_save_with_one_sentence_and_loses_nothing(store):
    store.save("star", "s1", "Saved before the disk filled up")
    _fill_up(store)
    with pytest.raises(progress.StoreWriteError) as full:
        store.save("star", "s2", "x" * 200_000)
    message = str(full.value)
    assert message.startswith("Your progress could not be saved because the computer's disk is full")
    assert "everything saved before is kept" in message and "\n" not in message
    assert full.value.reason == "the computer's disk is full"
    store._db.execute("PRAGMA max_page_count = 1073741823")  # space again
    assert store.items("star") == {"s1": "Saved before the disk filled up"}
    store.save("star", "s2", "Saved once there was space")
    assert store.load("star", "s2") == "Saved once there was space"


def test_a_store_held_too_long_by_another_program_gives_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "BUSY_SECONDS", 0.2)
    store = Store(tmp_path / "progress.sqlite3")
    store.save("star", "s1", "kept")
    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(progress.StoreWriteError, match="another window of the course has held your progress file"):
            store.save("star", "s2", "waits")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.items("star") == {"s1": "kept"}
    store.save("star", "s2", "saved once it was free")
    store.close()


def _file_size_limited(limit: int):
    """In the child process: no file may grow beyond ``limit`` bytes, as if the disk were full."""
    import resource
    import signal

    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write that goes too far fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.parametrize("command", [["results", "--out"], ["export", "--format", "html", "--out"]])
def test_the_command_line_on_a_full_disk_says_so_in_one_sentence_and_loses_nothing(tmp_path, command):
    path = tmp_path / "course" / "progress.sqlite3"
    store = Store(path)
    store.save("star", "s1", "Written before the disk filled up.")
    store.close()
    result = subprocess.run(
        [sys.executable, "-m", "course_lib", *command, str(tmp_path / "out"), "--store", str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, preexec_fn=_file_size_limited(2000))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert "was not written. Your progress could not be opened because the disk refused to write" in result.stderr
    assert sorted(p.name for p in path.parent.iterdir() if "unreadable" in p.name) == []  # nothing moved aside
    store = Store(path)
    assert store.items("star") == {"s1": "Written before the disk filled up."}
    store.close()


def test_the_command_line_with_a_store_held_by_another_program_says_so(store, tmp_path, monkeypatch, capsys):
    from course_lib.cli import main

    monkeypatch.setattr(progress, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert main(["results", "--store", str(tmp_path / "progress.sqlite3"), "--out", str(tmp_path / "r")]) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        progress.open_store(store.path).close()  # the command's own handle on the store
    err = capsys.readouterr().err
    assert err.startswith("The results file was not written. Your progress could not be saved because another window")
    assert err.count("\n") == 1


def test_a_test_session_leaves_no_store_behind(tmp_path):
    """The session's own store folder and each passing test's stores are removed at the end."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "COURSE_PROGRESS_DIR"}
    env["TMPDIR"] = str(scratch)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_progress.py::test_save_load_items_sections_history",
         "tests/test_progress.py::test_store_journal_backups_and_files_moved_aside_are_private_whatever_the_umask"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    left = [p for p in scratch.rglob("*") if p.is_file()]
    assert left == [] and not list(scratch.glob("course-progress-test-*")), left
