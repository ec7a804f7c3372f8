"""The learner's progress store: every answer saved as it is given, restored on re-run.

SQLite from the standard library, one file per learner. ``entries`` holds the latest value of
each (section, key) — what a re-run notebook shows — and ``history`` keeps every value ever
saved, so an answer is never lost when a newer one replaces it.

Sections name what is stored: ``quiz:<quiz id>`` (key: question id), ``worksheet:<name>``
(key: field), ``star`` (key: story id), ``planner``, ``profile``.

Opening a store never loses what it holds, and never stops the course:

* a store written by an earlier version of the course is migrated (a copy of it is kept first);
* a damaged, unreadable or foreign file is moved aside — renamed with a timestamp, never deleted —
  and a fresh store is started;
* a folder the course may not write to is replaced by a writable one (earlier answers are copied
  across); the last resort, a folder in the system's temporary space, must be the learner's own
  and closed to others, or it is refused (another user could have planted a store there);
* a full disk or a file held too long by another program stops a save with one plain sentence
  (:class:`StoreWriteError`) and loses nothing saved before.

The store, its journal, its backups and their folders are readable by the learner only (0600 files,
0700 folders), whatever the umask (see :mod:`course_lib.private_files`). Links are never followed
when a file is moved aside.

Each of these leaves a sentence for the learner in ``store.notice`` and raises a
:class:`ProgressWarning`, so a notebook shows it even when no progress panel is on screen.

Every copy the course keeps — a backup made before a reset, a restore or an update, a file moved
aside — is listed by ``store.backups()`` (when it was made, how many answers it holds), and
``store.restore(backup, confirm=True)`` brings one back after keeping the current answers as a
new backup, so a restore loses nothing either.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import secrets
import shutil
import sqlite3
import tempfile
import threading
import warnings
import weakref
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from course_lib.markup import escape
from course_lib.paths import PROGRESS_DIR_VAR
from course_lib.private_files import NotPrivate, check_own_folder, create_private, private_folder, tighten

APP_NAME = "second-interview-course"
FILE_NAME = "progress.sqlite3"
BACKUP_DIR = "backups"
SCHEMA_VERSION = 2
PROFILE = "profile"
PSEUDONYM_LIMIT = 40

# The latest layout. A new store is created like this; an older one is migrated to it (see
# _MIGRATIONS), and a test checks that both routes end with the same tables and indexes.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    section TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,          -- JSON
    updated_at TEXT NOT NULL,     -- ISO 8601, UTC
    PRIMARY KEY (section, key)
);
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    section TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS history_by_key ON history (section, key, id);
"""


class ProgressWarning(UserWarning):
    """The progress store had to do something the learner should know about (see ``Store.notice``)."""


class StoreUnavailable(RuntimeError):
    """No folder could hold the learner's progress (every candidate refused to be written)."""


class StoreWriteError(OSError):
    """Saving (or opening) failed for a reason outside the course — a full disk, a file held by
    another program — in one plain sentence. What was saved before is untouched. An OSError, so
    every caller that reports a failed write reports this one too. ``reason`` is the cause alone
    ("the computer's disk is full"), for a sentence of the caller's own."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


# How long a save waits for another notebook that is saving at the same moment.
BUSY_SECONDS = 30


def _failure_kind(error: sqlite3.Error) -> str | None:
    """'full', 'busy', 'io' or 'readonly' for an SQLite error that is not the file's fault; None for
    one that is (a damaged file, which is moved aside instead)."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    if name.startswith("SQLITE_FULL") or "is full" in text:
        return "full"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return "busy"
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return "io"
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return "readonly"
    return None


_FAILURES = {
    "full": ("the computer's disk is full", "free some space and try again"),
    "busy": (f"another window of the course has held your progress file for more than {BUSY_SECONDS} seconds",
             "close the notebooks you no longer use (or restart their kernels) and try again"),
    "io": ("the disk refused to write (it may be full, removed or failing)", "check it and try again"),
    "readonly": ("the computer no longer lets the course change your progress file", "check its permissions"),
}


def _write_failure(error: sqlite3.Error, doing: str = "saved") -> StoreWriteError | None:
    """The plain sentence for an SQLite error that is not the file's fault (see _failure_kind)."""
    kind = _failure_kind(error)
    if kind is None:
        return None
    why, fix = _FAILURES[kind]
    return StoreWriteError(f"Your progress could not be {doing} because {why}: {fix}; "
                           "everything saved before is kept.", why)


class _Unusable(Exception):
    """The store file cannot be used as it is: it is moved aside with ``label`` in its new name;
    ``reason`` says why in the learner's words."""

    def __init__(self, label: str, reason: str):
        super().__init__(reason)
        self.label = label
        self.reason = reason


_DAMAGED = ("damaged", "the file is damaged")
_UNREADABLE = ("unreadable", "the computer would not let the course read it")
_FOREIGN = ("foreign", "it is not a progress file of this course")


def default_dir() -> Path:
    """$COURSE_PROGRESS_DIR, else the learner's own data folder (per operating system)."""
    override = os.environ.get(PROGRESS_DIR_VAR)
    if override:
        return Path(override).expanduser()
    return _user_dir()


def _user_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def fallback_dirs() -> list[Path]:
    """Where progress goes when its folder cannot be written: the learner's own data folder, then
    a folder in the system's temporary space (the last resort: it may be emptied on restart)."""
    try:
        user = str(os.getuid())
    except AttributeError:  # Windows
        user = os.environ.get("USERNAME", "learner")
    return [_user_dir(), Path(tempfile.gettempdir()) / f"{APP_NAME}-{user}"]


def _in_shared_space(folder: Path) -> bool:
    """Whether ``folder`` sits straight in the system's temporary space, where every user may
    create folders, so one of the same name may have been made by someone else."""
    return folder.parent.resolve() == Path(tempfile.gettempdir()).resolve()


# While a learner types, history keeps one snapshot per minute rather than one per keystroke.
TYPING_SNAPSHOT_SECONDS = 60


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _stamp() -> str:
    """A timestamp that sorts, reads, and is safe in a file name on every system."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H-%M-%SZ")


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem+suffix``, or with -2, -3... added, so an earlier file is never overwritten."""
    candidate, n = folder / f"{stem}{suffix}", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{n}{suffix}"
    return candidate


def _writable(folder: Path) -> bool:
    """Whether files can be created in ``folder`` (made if missing, for the learner only). Tried, not
    guessed from permission bits: an administrator may write where the bits say no, a read-only
    disk refuses all."""
    try:
        private_folder(folder)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        return False
    return True


_SIDE_FILES = ("-wal", "-shm")  # SQLite's journal beside the store: part of it, moved with it


def _copy_store(source: Path, target: Path) -> None:
    """Copy a store file with its journal, which may hold the latest answers (the copy private)."""
    for suffix in ("", "-wal"):
        if Path(f"{source}{suffix}").is_file():
            create_private(f"{target}{suffix}")
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")


# --- migrations ------------------------------------------------------------------------------
# The earlier layout (schema 0) kept one table, ``answers``, with the latest value only; schema 1
# added the version, the history and timestamps; schema 2 indexes the history by answer.


def _migrate_0_to_1(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE entries (section TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, "
        "updated_at TEXT NOT NULL, PRIMARY KEY (section, key))"
    )
    db.execute(
        "CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, section TEXT NOT NULL, "
        "key TEXT NOT NULL, value TEXT NOT NULL, saved_at TEXT NOT NULL)"
    )
    now = _now()
    # The earlier layout kept no time: what it held counts as saved now. Its values were JSON too,
    # but a hand-edited one might not be: such a value is kept as the text it is.
    for section, key, value in db.execute("SELECT section, key, value FROM answers ORDER BY rowid").fetchall():
        try:
            json.loads(value)
        except (TypeError, ValueError):
            value = json.dumps(value, ensure_ascii=False)
        db.execute("INSERT INTO entries VALUES (?, ?, ?, ?)", (section, key, value, now))
        db.execute(
            "INSERT INTO history (section, key, value, saved_at) VALUES (?, ?, ?, ?)", (section, key, value, now)
        )
    db.execute("DROP TABLE answers")


def _migrate_1_to_2(db: sqlite3.Connection) -> None:
    db.execute("CREATE INDEX history_by_key ON history (section, key, id)")


# from-version -> the step that brings a store to the next version
_MIGRATIONS = {0: _migrate_0_to_1, 1: _migrate_1_to_2}


def _migrate(db: sqlite3.Connection, version: int) -> None:
    """Bring a store of schema ``version`` to the latest, step by step (inside the caller's transaction)."""
    while version < SCHEMA_VERSION:
        _MIGRATIONS[version](db)
        version += 1


def _clear_answers(db: sqlite3.Connection) -> None:
    """Every answer and its history gone; the profile (pseudonym, learner id) stays."""
    db.execute("DELETE FROM entries WHERE section != ?", (PROFILE,))
    db.execute("DELETE FROM history WHERE section != ?", (PROFILE,))


def _tables(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _version(db: sqlite3.Connection) -> int | None:
    """The store's schema version; None for an empty file. Raises _Unusable for a foreign file."""
    tables = _tables(db) - {"sqlite_sequence"}
    if "meta" in tables:
        row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        try:
            version = int(row[0])
        except (TypeError, ValueError):
            raise _Unusable("damaged", "it does not say which version of the course saved it") from None
        if version > SCHEMA_VERSION:
            raise _Unusable(
                "newer",
                f"it was saved by a newer version of the course (progress format {version}); "
                "update the course to use it again",
            )
        return version
    if tables == {"answers"}:
        return 0
    if not tables:
        return None
    raise _Unusable(*_FOREIGN)


# --- the store -------------------------------------------------------------------------------
class Store:
    """One learner's progress. Safe to use from several notebooks (processes) at once.

    ``path`` is where the store is kept; ``requested_path`` where it was asked to be (they differ
    after a fall-back); ``notice`` is a sentence for the learner, or None when all went as expected.
    ``fallbacks`` are the folders tried when the store's own folder cannot be written (default:
    :func:`fallback_dirs`; tests pass their own, and ``[]`` for none).
    """

    def __init__(self, path: Path | str, *, fallbacks: list[Path] | None = None):
        self.requested_path = Path(path)
        self.notice: str | None = None
        self._lock = threading.Lock()
        self._listeners: list[weakref.ref] = []
        self._db: sqlite3.Connection | None = None
        self.path = self.requested_path
        notices = []
        if not _writable(self.path.parent):
            self.path = self._writable_elsewhere(fallbacks)
            notices.append(self._fall_back_from(self.requested_path))
        notices.extend(self._open())
        if notices:
            self.notice = " ".join(notices)
            warnings.warn(self.notice, ProgressWarning, stacklevel=3)

    # --- opening safely ----------------------------------------------------------------------
    def _writable_elsewhere(self, fallbacks) -> Path:
        tried, refused = [self.requested_path.parent], []
        for folder in map(Path, fallback_dirs() if fallbacks is None else fallbacks):
            if folder in tried:
                continue
            tried.append(folder)
            try:
                if _in_shared_space(folder):
                    check_own_folder(folder)
            except NotPrivate as refusal:
                refused.append(str(refusal))
                continue
            except OSError:
                continue
            if _writable(folder):
                return folder / self.requested_path.name
        raise StoreUnavailable(" ".join([
            f"Your progress cannot be saved: none of these folders can be written to: {', '.join(map(str, tried))}.",
            *refused, f"Set {PROGRESS_DIR_VAR} to a folder you can write to."]))

    def _fall_back_from(self, wanted: Path) -> str:
        """Say why the store is not where it was asked to be; bring earlier answers along."""
        copied = False
        if not self.path.exists() and wanted.is_file():
            try:
                _copy_store(wanted, self.path)
                copied = True
            except OSError:
                pass  # unreadable as well: start afresh; the original stays where it is
        text = (
            f"Your progress folder {wanted.parent} cannot be written to, so your answers are saved in "
            f"{self.path.parent} instead."
        )
        if copied:
            text += " Your earlier answers were copied there."
        if Path(tempfile.gettempdir()) in self.path.parents:
            text += (
                " That folder may be emptied when the computer restarts: to keep your answers, set "
                f"{PROGRESS_DIR_VAR} to a folder you can write to."
            )
        return text

    def _open(self) -> list[str]:
        """Connect, check and migrate; a file that cannot be used is moved aside for a fresh one.
        (A read-only file is copied first; if the copy turns out damaged, it is moved aside too.)
        A fresh file that cannot be used either means the disk, not the file, is the trouble: that
        is said in a sentence rather than moving file after file aside."""
        notices = []
        for _attempt in range(3):
            try:
                return notices + self._connect()
            except _Unusable as problem:
                self._disconnect()
                aside = self._move_aside(problem.label)
                if problem.label == "read-only":  # readable: carry on with a copy the course may change
                    _copy_store(aside, self.path)
                    notices.append(
                        "Your progress file could not be changed (it is read-only), so the course keeps your "
                        f"answers in a copy of it. The original is kept as {aside}.")
                else:
                    notices.append(
                        f"Your saved progress could not be opened ({problem.reason}), so a fresh start was made. "
                        f"Nothing was deleted: the old file is kept as {aside}.")
        raise StoreWriteError(f"Your progress could not be opened: even a fresh progress file in {self.path.parent} "
                              "could not be used (is the disk full or failing?). Nothing was deleted.",
                              "the disk is full or failing")

    def _connect(self) -> list[str]:
        self._check_file()
        try:
            if self.path.exists():
                self._inspect()
            if not create_private(self.path):  # SQLite gives its journal the file's permissions
                for suffix in ("", *_SIDE_FILES):
                    tighten(f"{self.path}{suffix}")
            self._db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
            self._db.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
            self._db.execute("PRAGMA journal_mode=WAL")
            # With WAL, NORMAL survives a crashed or restarted kernel (what notebooks meet) and keeps
            # the file sound on power loss; FULL would add a disk flush (~10 ms) to every keystroke saved.
            self._db.execute("PRAGMA synchronous=NORMAL")
            return self._create_or_migrate()
        except sqlite3.OperationalError as e:
            if _failure_kind(e) in ("full", "busy", "io"):
                # a full or failing disk, or another notebook holding the store too long: the file is
                # not at fault, so it stays where it is (a damaged one raises DatabaseError below)
                self._disconnect()
                raise _write_failure(e, "opened") from None
            raise _Unusable(*_UNREADABLE) from e
        except sqlite3.DatabaseError as e:  # "file is not a database", "malformed", ...
            raise _Unusable(*_DAMAGED) from e

    def _inspect(self) -> None:
        """Check the file through a read-only connection: closing a writable one would fold the
        journal into a damaged file before it is moved aside, changing what is kept."""
        from urllib.parse import quote

        db = sqlite3.connect(f"file:{quote(str(self.path))}?mode=ro", uri=True, timeout=30)
        try:
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise _Unusable(*_DAMAGED)
            _version(db)
        finally:
            db.close()

    def _check_file(self) -> None:
        if not os.path.lexists(self.path):
            return
        if not self.path.is_file():
            raise _Unusable("unreadable", "it is not a file")
        try:
            with open(self.path, "rb") as f:
                header = f.read(16)
        except OSError:
            raise _Unusable(*_UNREADABLE) from None
        if header and header != b"SQLite format 3\x00":
            raise _Unusable(*_FOREIGN)
        if not os.access(self.path, os.W_OK):
            raise _Unusable("read-only", "the file is read-only")

    def _create_or_migrate(self) -> list[str]:
        with self._transaction() as db:
            version = _version(db)
            if version is None:
                # One statement at a time: executescript() would commit halfway.
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    db.execute(statement)
                db.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
                return []
            if version == SCHEMA_VERSION:
                return []
        # Older: keep a copy as it was, then migrate step by step in one transaction. Another
        # notebook may migrate at the same moment, so the version is read again inside it.
        backup = self.backup(f"progress-before-format-{SCHEMA_VERSION}")
        with self._transaction() as db:
            _migrate(db, _version(db))
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(SCHEMA_VERSION),),
            )
        return [
            f"Your progress was saved by an earlier version of the course and has been updated; "
            f"a copy of it as it was is kept in {backup}."
        ]

    def _disconnect(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _move_aside(self, label: str) -> Path:
        stem = self.path.name.removesuffix(".sqlite3")
        aside = _free_name(self.path.parent, f"{stem}-{label}-{_stamp()}", ".sqlite3")
        # os.replace renames a link itself, never the file it points to (which may be anywhere)
        os.replace(self.path, aside)
        tighten(aside)
        for suffix in _SIDE_FILES:
            side = Path(f"{self.path}{suffix}")
            if os.path.lexists(side):
                os.replace(side, f"{aside}{suffix}")
                tighten(f"{aside}{suffix}")
        return aside

    # --- transactions ------------------------------------------------------------------------
    # A save that fails (a full disk, a store held too long by another notebook) is rolled back and
    # raised as a StoreWriteError: one sentence, and the answers saved before stay as they were.
    class _Tx:
        def __init__(self, store):
            self.store = store

        def __enter__(self):
            self.store._lock.acquire()
            try:
                self.store._db.execute("BEGIN IMMEDIATE")
            except BaseException as error:
                self.store._lock.release()
                _raise_plain(error)
                raise
            return self.store._db

        def __exit__(self, exc_type, exc, tb):
            db = self.store._db
            try:
                if exc_type is None:
                    try:
                        db.execute("COMMIT")
                    except sqlite3.Error as error:
                        exc = error
                if exc is not None and db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        db.execute("ROLLBACK")  # nothing half-saved: the store stays as it was
            finally:
                self.store._lock.release()
            if exc is not None:
                _raise_plain(exc)
                if exc_type is None:
                    raise exc
            return False

    def _transaction(self):
        return Store._Tx(self)

    def _read(self, sql: str, params=()) -> list:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # --- reading and writing -------------------------------------------------------------
    def save(self, section: str, key: str, value, *, typing: bool = False) -> None:
        """Store ``value`` (anything JSON can hold) as the latest for (section, key), and log it.

        ``typing=True`` is for text saved at every keystroke: the history then keeps one
        snapshot of the text per minute of typing (the newest row is updated in place while it
        is younger than TYPING_SNAPSHOT_SECONDS) instead of one row per key pressed.
        """
        payload = json.dumps(value, ensure_ascii=False)
        now = _now()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO entries (section, key, value, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (section, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (section, key, payload, now),
            )
            last = db.execute(
                "SELECT id, saved_at FROM history WHERE section = ? AND key = ? ORDER BY id DESC LIMIT 1",
                (section, key),
            ).fetchone() if typing else None
            age = None if last is None else (
                datetime.fromisoformat(now) - datetime.fromisoformat(last[1])).total_seconds()
            if age is not None and age < TYPING_SNAPSHOT_SECONDS:
                db.execute("UPDATE history SET value = ? WHERE id = ?", (payload, last[0]))
            else:
                db.execute(
                    "INSERT INTO history (section, key, value, saved_at) VALUES (?, ?, ?, ?)",
                    (section, key, payload, now),
                )
        self._changed(section)

    def setdefault(self, section: str, key: str, value):
        """The saved value of (section, key); if there is none, save ``value`` and return it.
        Atomic: two notebooks asking at once get the same answer."""
        payload = json.dumps(value, ensure_ascii=False)
        with self._transaction() as db:
            row = db.execute("SELECT value FROM entries WHERE section = ? AND key = ?", (section, key)).fetchone()
            if row is not None:
                return json.loads(row[0])
            now = _now()
            db.execute("INSERT INTO entries VALUES (?, ?, ?, ?)", (section, key, payload, now))
            db.execute(
                "INSERT INTO history (section, key, value, saved_at) VALUES (?, ?, ?, ?)", (section, key, payload, now)
            )
        self._changed(section)
        return json.loads(payload)

    # --- views that follow the store ----------------------------------------------------------
    def on_change(self, listener) -> None:
        """Call ``listener(section)`` after every change saved through this store (in this kernel):
        ``section`` is the one changed, or None when a reset or a restore changed them all. So a
        view — the course scores, say — follows the learner's answers without polling.

        Held weakly: a listener whose object (a bound method's owner) is gone is forgotten, so a
        view is never kept alive by the store. Changes made by another process (a notebook in
        another tab) are not announced: they show when a view reads the store again."""
        ref = weakref.WeakMethod(listener) if hasattr(listener, "__self__") else weakref.ref(listener)
        self._listeners.append(ref)

    def _changed(self, section: str | None) -> None:
        """Tell the listeners, once the change is committed. A listener that fails cannot undo or
        block the save: it is reported as a warning and the others still hear of the change."""
        for ref in list(self._listeners):
            listener = ref()
            if listener is None:
                self._listeners.remove(ref)
                continue
            try:
                listener(section)
            except Exception as error:
                warnings.warn(f"A view of your progress could not update ({error}); your answer is saved. "
                              "Run its cell again to see it.", RuntimeWarning, stacklevel=3)

    def load(self, section: str, key: str, default=None):
        rows = self._read("SELECT value FROM entries WHERE section = ? AND key = ?", (section, key))
        return default if not rows else json.loads(rows[0][0])

    def items(self, section: str) -> dict:
        """Every (key -> latest value) saved in ``section``, in the order they were first saved."""
        rows = self._read("SELECT key, value FROM entries WHERE section = ? ORDER BY rowid", (section,))
        return {key: json.loads(value) for key, value in rows}

    def sections(self, prefix: str = "") -> list[str]:
        rows = self._read(
            "SELECT DISTINCT section FROM entries WHERE section LIKE ? ESCAPE '\\' ORDER BY section",
            (prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
        )
        return [r[0] for r in rows]

    def history(self, section: str, key: str) -> list:
        rows = self._read("SELECT value FROM history WHERE section = ? AND key = ? ORDER BY id", (section, key))
        return [json.loads(r[0]) for r in rows]

    def count(self) -> int:
        """How many answers (latest values) the store holds, the profile not counted."""
        return self._read("SELECT COUNT(*) FROM entries WHERE section != ?", (PROFILE,))[0][0]

    # --- the learner's pseudonym -------------------------------------------------------------
    @property
    def pseudonym(self) -> str:
        """The name results are exported under: the learner's choice, else a random friendly one."""
        return self.setdefault(PROFILE, "pseudonym", random_pseudonym())

    def set_pseudonym(self, name: str) -> str:
        """Save the learner's chosen pseudonym (spaces tidied) and return it; ValueError says what
        to change when it cannot be used."""
        self.save(PROFILE, "pseudonym", check_pseudonym(name))
        return self.load(PROFILE, "pseudonym")

    @property
    def learner_id(self) -> str:
        """A random id, made once per store: it tells a facilitator two results files come from
        the same learner without saying who they are."""
        return self.setdefault(PROFILE, "learner_id", secrets.token_hex(8))

    # --- backups and starting again ----------------------------------------------------------
    def backup(self, label: str = "progress") -> Path:
        """A complete, consistent copy of the store in its ``backups`` folder; returns its path.
        A copy that fails halfway (a full disk) is removed, so no half copy passes for a backup."""
        folder = private_folder(self.path.parent / BACKUP_DIR)
        target = _free_name(folder, f"{label}-{_stamp()}", ".sqlite3")
        create_private(target)
        copy = sqlite3.connect(target)
        try:
            with self._lock:
                self._db.backup(copy)
        except BaseException as error:
            copy.close()
            for suffix in ("", *_SIDE_FILES):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            _raise_plain(error)
            raise
        copy.close()
        return target

    def reset(self, *, confirm: bool = False) -> Path:
        """Forget every answer (the pseudonym stays), after keeping a backup; returns the backup's
        path. ``confirm=True`` is required, so that no stray call wipes a learner's work."""
        if confirm is not True:
            raise ValueError("Resetting forgets every saved answer: call reset(confirm=True) to go ahead.")
        backup = self.backup("progress-before-reset")
        with self._transaction() as db:
            _clear_answers(db)
        self._changed(None)
        return backup

    def backups(self) -> list[Backup]:
        """Every copy of this store the course has kept, newest first: the backups (made before a
        reset, a restore or an update of the course) and files moved aside when they could not be
        opened. Each says when it was made, how many answers it holds, and whether it can be
        restored. Read from private copies: listing never changes a backup or its folder."""
        stem = self.path.name.removesuffix(".sqlite3")
        kept = [(p, False) for p in (self.path.parent / BACKUP_DIR).glob("*.sqlite3")]
        kept += [(p, True) for p in self.path.parent.glob(f"{glob.escape(stem)}-*.sqlite3") if _STAMPED.search(p.name)]
        listed = [_describe_backup(p, _why_kept(p, stem, aside=aside)) for p, aside in kept if p.is_file()]
        return sorted(listed, key=lambda b: (b.made, b.path.name), reverse=True)

    def restore(self, backup: Backup | Path | str, *, confirm: bool = False) -> Path:
        """Bring back every answer a backup holds, in place of the current ones, after keeping the
        current ones as a new backup (returned), so nothing is ever lost. The pseudonym and
        learner id stay as they are now. ``confirm=True`` is required, as for :meth:`reset`.

        A backup that cannot be used (damaged, gone, not a progress file), or a current store that
        cannot be backed up first, raises :class:`RestoreError` in a sentence, and nothing changes."""
        if confirm is not True:
            raise ValueError("Restoring replaces your current answers: call restore(backup, confirm=True) to go ahead.")
        path = Path(backup.path if isinstance(backup, Backup) else backup)
        if path.resolve() == self.path.resolve():
            raise RestoreError("That file is your current progress, not a backup of it. Nothing was changed.")
        try:
            entries, history = _read_store_file(path)
        except _Unusable as problem:
            raise RestoreError(f"That backup cannot be restored: {problem.reason}. Nothing was changed.") from None
        try:
            kept = self.backup("progress-before-restore")
        except (OSError, sqlite3.Error) as error:
            raise RestoreError(
                "Nothing was restored: a copy of your current answers could not be kept first "
                f"({_plain(error)}). Nothing was changed.") from None
        with self._transaction() as db:
            profile = {key for (key,) in db.execute("SELECT key FROM entries WHERE section = ?", (PROFILE,))}
            _clear_answers(db)
            for table, rows in (("entries", entries), ("history (section, key, value, saved_at)", history)):
                db.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?)",
                               [row for row in rows if not (row[0] == PROFILE and row[1] in profile)])
        self._changed(None)
        return kept

    def close(self) -> None:
        with self._lock:
            self._disconnect()
        for file, store in list(_open.items()):
            if store is self:
                del _open[file]

    def __repr__(self) -> str:
        return f"<progress store {self.path}>"


# --- backups ---------------------------------------------------------------------------------
class RestoreError(RuntimeError):
    """A backup could not be restored; the message says why in a sentence, and nothing changed."""


_STAMPED = re.compile(r"-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)(?:-\d+)?\.sqlite3$")

# Why a copy was kept, from its name: in the backups folder, the label given to Store.backup();
# beside the store, the label of a file moved aside (see Store._open) and the reason it was.
_BACKUP_REASONS = {"progress-before-reset": "kept before a reset", "progress-before-restore": "kept before a restore"}
_ASIDE_REASONS = {"read-only": "the file was read-only", "damaged": _DAMAGED[1], "unreadable": _UNREADABLE[1],
                  "foreign": _FOREIGN[1], "newer": "it was saved by a newer version of the course"}


@dataclass(frozen=True)
class Backup:
    """One kept copy of the store: when it was ``made`` (UTC), why it was kept (``kind``, in the
    learner's words), how many ``answers`` it holds (the profile not counted; None when it cannot
    be read) and, when it cannot be restored, the ``problem``."""

    path: Path
    made: datetime
    kind: str
    answers: int | None
    problem: str | None = None

    @property
    def restorable(self) -> bool:
        return self.problem is None

    def when(self) -> str:
        """'25 November 2026, 14:05', in the computer's own time zone."""
        local = self.made.astimezone()
        return f"{local.day} {local:%B %Y, %H:%M}"

    def describe(self) -> str:
        """One line for a list: '25 November 2026, 14:05 · 7 answers · kept before a reset'."""
        held = (f"cannot be restored: {self.problem}" if self.problem is not None
                else f"{self.answers} answer{'s' if self.answers != 1 else ''}")
        return f"{self.when()} · {held} · {self.kind}"


def _why_kept(path: Path, stem: str, *, aside: bool) -> str:
    stamp = _STAMPED.search(path.name)
    label = path.name[: stamp.start()] if stamp else path.stem
    if aside:
        reason = _ASIDE_REASONS.get(label.removeprefix(f"{stem}-"))
        return f"set aside because {reason}" if reason else "set aside"
    if label.startswith("progress-before-format-"):
        return "kept before the course updated its progress file"
    return _BACKUP_REASONS.get(label, "a backup copy")


def _describe_backup(path: Path, kind: str) -> Backup:
    stamp = _STAMPED.search(path.name)
    if stamp:
        made = datetime.strptime(stamp.group(1), "%Y-%m-%dT%H-%M-%SZ").replace(tzinfo=timezone.utc)
    else:  # a copy renamed by hand: when it was last changed
        made = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    try:
        entries, _ = _read_store_file(path)
    except _Unusable as problem:
        return Backup(path, made, kind, None, problem.reason)
    return Backup(path, made, kind, sum(1 for row in entries if row[0] != PROFILE))


def _read_store_file(path: Path) -> tuple[list, list]:
    """The entries and history rows of the store file at ``path``, brought to the latest format.

    Read from a private copy in the system's temporary space, so the file, its journal and its
    folder are never changed (a read-only folder is fine). Raises _Unusable, saying why."""
    with tempfile.TemporaryDirectory(prefix=f"{APP_NAME}-") as scratch:
        copy = Path(scratch) / FILE_NAME
        if not path.is_file():
            raise _Unusable("gone", "the file is no longer there")
        try:
            _copy_store(path, copy)
            with open(copy, "rb") as f:
                header = f.read(16)
        except OSError:
            raise _Unusable(*_UNREADABLE) from None
        if header != b"SQLite format 3\x00":
            raise _Unusable(*(_FOREIGN if header else ("empty", "the file is empty")))
        db = sqlite3.connect(copy, isolation_level=None)
        try:
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise _Unusable(*_DAMAGED)
            version = _version(db)
            if version is None:
                raise _Unusable("empty", "it holds no saved progress")
            db.execute("BEGIN")
            _migrate(db, version)
            db.execute("COMMIT")
            return (db.execute("SELECT section, key, value, updated_at FROM entries ORDER BY rowid").fetchall(),
                    db.execute("SELECT section, key, value, saved_at FROM history ORDER BY id").fetchall())
        except sqlite3.DatabaseError:
            raise _Unusable(*_DAMAGED) from None
        finally:
            db.close()


def _raise_plain(error: BaseException) -> None:
    """Raise the plain StoreWriteError for an SQLite error that is not the file's fault."""
    if isinstance(error, sqlite3.Error):
        failure = _write_failure(error)
        if failure is not None:
            raise failure from None


def _plain(error: OSError | sqlite3.Error) -> str:
    """An error as a learner can read it: 'Permission denied: /home/ana/...' without the errno."""
    if isinstance(error, StoreWriteError):
        return error.reason
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror}: {error.filename}" if error.filename else error.strerror
    return str(error)


# --- pseudonyms ------------------------------------------------------------------------------
_ADJECTIVES = (
    "Brave", "Bright", "Calm", "Careful", "Cheerful", "Clever", "Curious", "Eager", "Gentle", "Honest",
    "Keen", "Kind", "Lively", "Patient", "Quick", "Quiet", "Ready", "Steady", "Sunny", "Thoughtful",
)
_ANIMALS = (
    "Badger", "Beaver", "Crane", "Dolphin", "Falcon", "Fox", "Hare", "Heron", "Lynx", "Marten",
    "Otter", "Owl", "Panda", "Puffin", "Robin", "Seal", "Swift", "Tiger", "Whale", "Wren",
)


def random_pseudonym() -> str:
    """A friendly name such as 'Curious Heron 42': 40,000 combinations, no personal data."""
    pick = secrets.choice
    return f"{pick(_ADJECTIVES)} {pick(_ANIMALS)} {secrets.randbelow(100):02d}"


_EMAIL = re.compile(r"\S+@\S+\.\S+")


def check_pseudonym(name) -> str:
    """``name`` with its spaces tidied, or ValueError in words a learner can act on."""
    if not isinstance(name, str):
        raise ValueError("A pseudonym is a short piece of text, such as 'Curious Heron 42'.")
    tidy = " ".join(name.split())
    if not tidy:
        raise ValueError("Type a pseudonym first: any name you like, such as 'Curious Heron 42'.")
    if len(tidy) > PSEUDONYM_LIMIT:
        raise ValueError(f"A pseudonym can be at most {PSEUDONYM_LIMIT} characters; this one has {len(tidy)}.")
    if any(not ch.isprintable() for ch in tidy):
        raise ValueError("A pseudonym can hold letters, digits, spaces and punctuation, but no control characters.")
    if _EMAIL.search(tidy):
        raise ValueError("That looks like an email address. Pick a made-up name instead: no personal data is needed.")
    return tidy


# --- opening the learner's store -------------------------------------------------------------
_open: dict[Path, Store] = {}


def store_file(path: Path | str | None = None) -> Path:
    """The store file asked for: ``path`` (a file), else the default learner's store. Its folder is
    resolved, the file itself not: a link in the store's place is judged (and moved aside) as the
    link it is, so the course never renames a file outside the store's folder."""
    file = (Path(path) if path is not None else default_dir() / FILE_NAME).expanduser()
    return file.parent.resolve() / file.name


def open_store(path: Path | str | None = None) -> Store:
    """The store at ``path`` (a file), or the default learner's store; one open Store per file,
    so a notebook that opens it in every cell pays the checks once."""
    file = store_file(path)
    store = _open.get(file)
    if store is None:
        store = _open[file] = Store(file)
    return store


def store_or_open(store: Store | None = None) -> Store:
    """``store`` when one is given (tests pass a temporary one), else the learner's own store."""
    return store if store is not None else open_store()


# --- a short, stable summary for the start notebook ------------------------------------------
class ProgressInfo:
    """What notebook 00 shows about saving. Its text does not depend on the learner's answers or
    on where the store is, so a stored notebook output stays comparable; only a notice (something
    went wrong and was mended) adds to it."""

    def __init__(self, notice: str | None):
        self.notice = notice

    _TEXT = (
        "Your answers are saved on this computer as you give them: no Save button, nothing to remember. "
        "Close the notebook, come back next week, run it again, and they are back."
    )
    _MORE = "To see where they are kept, change your pseudonym or start again, run course.progress_panel()."

    def __repr__(self) -> str:
        notice = f"\nNote: {self.notice}" if self.notice else ""
        return f"{self._TEXT}\n{self._MORE}{notice}"

    def _repr_html_(self) -> str:
        notice = f'<p class="course-box course-note"><strong>Note:</strong> {escape(self.notice)}</p>' if self.notice else ""
        more = escape(self._MORE).replace("course.progress_panel()", "<code>course.progress_panel()</code>")
        return f'<div class="course-progress-info"><p>{escape(self._TEXT)}</p><p>{more}</p>{notice}</div>'


def progress_info(*, store: Store | None = None) -> ProgressInfo:
    """How the course keeps the learner's answers, in two sentences (plus any notice)."""
    return ProgressInfo(store_or_open(store).notice)


# --- who the learner is (pseudonymous) ---------------------------------------------------------
def learner_pseudonym(store: Store) -> str:
    """The learner's pseudonym (section ``profile``, key ``pseudonym``); created once if missing."""
    return store.pseudonym


def learner_seed(store: Store) -> int:
    """A number fixed for this learner: the same shuffles after every restart. Made from the
    learner id, which never changes, so renaming oneself does not reshuffle the quizzes."""
    import hashlib

    digest = hashlib.sha256(store.learner_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")
