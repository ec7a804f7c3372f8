import sys

# The oldest Python the pinned packages accept: start.py's PYTHON_FLOOR and pyproject.toml's
# requires-python say the same (tests/test_start.py keeps them equal). Checked before anything is
# imported, so an older Python gets this sentence instead of an ImportError.
PYTHON_FLOOR = (3, 11, 5)

if sys.version_info[:3] < PYTHON_FLOOR:
    sys.exit(
        "This is Python %s (%s), and the course needs Python %s or newer: get it from "
        "https://www.python.org/downloads/, then set the course up with `python start.py` (see README.md)."
        % (".".join(map(str, sys.version_info[:3])), sys.executable, ".".join(map(str, PYTHON_FLOOR)))
    )

from course_lib.cli import main  # noqa: E402 - only once the version is known to be new enough

sys.exit(main())
