"""Fixtures shared by the unit tests."""

import shutil
from pathlib import Path

import pytest

from course_lib.progress import Store

REAL_DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the course's data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(REAL_DATA, target)
    return target


@pytest.fixture
def store(tmp_path):
    """An empty progress store of the test's own, closed afterwards."""
    s = Store(tmp_path / "progress.sqlite3")
    yield s
    s.close()


class _BrokenStore:
    """A store whose disk is full: reading finds nothing, every write fails."""

    def items(self, section):
        return {}

    def load(self, section, key, default=None):
        return default

    def save(self, section, key, value, **options):
        raise OSError("disk full")

    def on_change(self, listener):
        pass  # nothing is ever saved, so nothing changes

    def setdefault(self, section, key, value):
        raise OSError("disk full")


@pytest.fixture
def broken_store():
    """A progress store that cannot save ('disk full'), for testing that nothing typed is lost."""
    return _BrokenStore()
