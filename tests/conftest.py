"""Fixtures shared by the unit tests."""

import pytest

from course_lib.progress import Store


@pytest.fixture
def store(tmp_path):
    """An empty progress store of the test's own, closed afterwards."""
    s = Store(tmp_path / "progress.sqlite3")
    yield s
    s.close()
