"""The whole nbval run over notebooks/ against its floor, measured in the same run.

Floor, for N notebooks: N x (start a kernel, import pandas, matplotlib and ipywidgets, stop it) —
the least any notebook check can cost. Goal: nbval <= 1.5 x the floor.
Usage: .venv/bin/python benchmarks/bench_nbval.py
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def notebooks() -> list[Path]:
    return sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def floor(n: int) -> float:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import pandas, matplotlib, ipywidgets")])
    start = time.perf_counter()
    for _ in range(n):
        NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    return time.perf_counter() - start


def nbval_run() -> float:
    env = {**os.environ, "COURSE_PROGRESS_DIR": tempfile.mkdtemp(prefix="bench-nbval-")}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "notebooks"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"nbval failed:\n{result.stdout[-2000:]}")
    return elapsed


def main() -> None:
    files = notebooks()
    base = floor(len(files))
    run = nbval_run()
    print(f"notebooks: {len(files)}")
    print(f"floor (kernel start + pandas/matplotlib/ipywidgets import, x{len(files)}): {base:.1f} s")
    print(f"nbval over notebooks/: {run:.1f} s")
    print(f"ratio: {run / base:.2f}x (goal <= 1.5x)")


if __name__ == "__main__":
    main()
