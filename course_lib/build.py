"""Re-execute the course's notebooks and save outputs and widget state (``make notebooks``).

Notebooks are committed with outputs so a reader sees charts and quizzes before running
anything, and nbval proves the stored outputs are still what the code produces. They are run
in an empty, temporary progress store, so no one's answers end up in the committed files.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from course_lib import charts
from course_lib.paths import PROGRESS_DIR_VAR, notebooks_dir


def all_notebooks() -> list[Path]:
    return sorted(p for p in notebooks_dir().rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def build_notebooks(paths=None, *, timeout: int = 300) -> int:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    failures = 0
    removed = charts.remove_stale_charts()
    if removed:
        print(f"{removed} kept chart(s) out of date: removed, drawn afresh below")
    with tempfile.TemporaryDirectory(prefix="course-progress-") as store:
        previous = os.environ.get(PROGRESS_DIR_VAR)
        os.environ[PROGRESS_DIR_VAR] = store  # the kernels inherit it
        os.environ[charts.KEEP_VAR] = "1"  # and keep every chart they draw (see charts.KEPT_DIR)
        try:
            for path in [Path(p) for p in paths] if paths else all_notebooks():
                nb = nbformat.read(path, as_version=4)
                client = NotebookClient(
                    nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
                    store_widget_state=True,
                )
                try:
                    client.execute()
                except CellExecutionError as e:
                    failures += 1
                    print(f"{path}: a cell failed:\n{e}", file=sys.stderr)
                    continue
                nbformat.write(nb, path)
                print(f"{path}: executed and saved")
        finally:
            os.environ.pop(charts.KEEP_VAR, None)
            if previous is None:
                os.environ.pop(PROGRESS_DIR_VAR, None)
            else:
                os.environ[PROGRESS_DIR_VAR] = previous
    return 1 if failures else 0
