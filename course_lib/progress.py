"""The learner's progress store: every answer saved as it is given, restored on re-run.

SQLite from the standard library, one file per learner. ``entries`` holds the latest value of
each (section, key) — what a re-run notebook shows — and ``history`` keeps every value ever
saved, so an answer is never lost when a newer one replaces it.

Sections name what is stored: ``quiz:<quiz id>`` (key: question id), ``worksheet:<name>``
(key: field), ``star`` (key: story id), ``planner``, ``profile``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path

from course_lib.paths import PROGRESS_DIR_VAR

APP_NAME = "second-interview-course"
FILE_NAME = "progress.sqlite3"
SCHEMA_VERSION = 1

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
"""


def default_dir() -> Path:
    """$COURSE_PROGRESS_DIR, else the learner's own data folder (per operating system)."""
    override = os.environ.get(PROGRESS_DIR_VAR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """One learner's progress. Safe to use from several notebooks (processes) at once."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        # isolation_level=None: we open transactions ourselves, so each save is one atomic write.
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA busy_timeout=30000")
        self._create_schema()

    def _create_schema(self) -> None:
        with self._transaction() as db:
            for statement in filter(str.strip, _SCHEMA.split(";")):
                db.execute(statement)
            db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )

    class _Tx:
        def __init__(self, store):
            self.store = store

        def __enter__(self):
            self.store._lock.acquire()
            self.store._db.execute("BEGIN IMMEDIATE")
            return self.store._db

        def __exit__(self, exc_type, exc, tb):
            try:
                self.store._db.execute("ROLLBACK" if exc_type else "COMMIT")
            finally:
                self.store._lock.release()
            return False

    def _transaction(self):
        return Store._Tx(self)

    # --- reading and writing -------------------------------------------------------------
    def save(self, section: str, key: str, value) -> None:
        """Store ``value`` (anything JSON can hold) as the latest for (section, key), and log it."""
        payload = json.dumps(value, ensure_ascii=False)
        now = _now()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO entries (section, key, value, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (section, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (section, key, payload, now),
            )
            db.execute(
                "INSERT INTO history (section, key, value, saved_at) VALUES (?, ?, ?, ?)",
                (section, key, payload, now),
            )

    def load(self, section: str, key: str, default=None):
        row = self._db.execute(
            "SELECT value FROM entries WHERE section = ? AND key = ?", (section, key)
        ).fetchone()
        return default if row is None else json.loads(row[0])

    def items(self, section: str) -> dict:
        """Every (key -> latest value) saved in ``section``, in the order they were first saved."""
        rows = self._db.execute(
            "SELECT key, value FROM entries WHERE section = ? ORDER BY rowid", (section,)
        ).fetchall()
        return {key: json.loads(value) for key, value in rows}

    def sections(self, prefix: str = "") -> list[str]:
        rows = self._db.execute(
            "SELECT DISTINCT section FROM entries WHERE section LIKE ? ESCAPE '\\' ORDER BY section",
            (prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
        ).fetchall()
        return [r[0] for r in rows]

    def history(self, section: str, key: str) -> list:
        rows = self._db.execute(
            "SELECT value FROM history WHERE section = ? AND key = ? ORDER BY id", (section, key)
        ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def close(self) -> None:
        self._db.close()


_open: dict[Path, Store] = {}


def open_store(path: Path | str | None = None) -> Store:
    """The store at ``path`` (a file), or the default learner's store; one open Store per file."""
    file = Path(path) if path is not None else default_dir() / FILE_NAME
    file = file.expanduser().resolve()
    if file not in _open:
        _open[file] = Store(file)
    return _open[file]
