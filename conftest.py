"""Test-session set-up shared by unit tests, nbval and browser tests.

Tests never read or write a real learner's progress: before anything runs, the progress store
is pointed at a temporary folder. Kernels started by nbval inherit the variable.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent
_STORE_FOLDER = pytest.StashKey[str]()  # the temporary store folder this session made


def pytest_configure(config):
    if not os.environ.get("COURSE_PROGRESS_DIR", "").startswith(tempfile.gettempdir()):
        made = tempfile.mkdtemp(prefix="course-progress-test-")
        os.environ["COURSE_PROGRESS_DIR"] = made
        config.stash[_STORE_FOLDER] = made
    os.environ.pop("COURSE_QUIZ_MODE", None)  # notebooks are checked in the default practice mode
    os.environ.pop("COURSE_WARM_UPS", None)  # with warm-ups as learners get them


def pytest_unconfigure(config):
    """The temporary store folder made above goes when the tests end: nothing is left behind."""
    made = config.stash.get(_STORE_FOLDER, None)
    if made:
        shutil.rmtree(made, ignore_errors=True)
        os.environ.pop("COURSE_PROGRESS_DIR", None)


def pytest_ignore_collect(collection_path, config):
    # Only the course's own notebooks are checked by nbval; notebooks that tests use as
    # fixtures (tests/**.ipynb) are opened by those tests, not compared.
    if collection_path.suffix == ".ipynb":
        return ROOT / "notebooks" not in collection_path.parents or ".ipynb_checkpoints" in collection_path.parts
    return None
