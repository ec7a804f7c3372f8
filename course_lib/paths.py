"""Where the course's files are. Environment variables override every location, so tests,
`make notebooks` and facilitators can point the course elsewhere without editing code."""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent

DATA_DIR_VAR = "COURSE_DATA_DIR"
PROGRESS_DIR_VAR = "COURSE_PROGRESS_DIR"


def data_dir() -> Path:
    """The content folder: $COURSE_DATA_DIR, else data/ beside the package."""
    return Path(os.environ.get(DATA_DIR_VAR) or PROJECT_DIR / "data")


def notebooks_dir() -> Path:
    return PROJECT_DIR / "notebooks"
