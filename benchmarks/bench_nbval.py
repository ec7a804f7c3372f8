"""The whole nbval run over notebooks/ against its floor, measured in the same run.

Floor, for N notebooks: N x (start a kernel, import pandas, matplotlib and ipywidgets, stop it) —
the least any notebook check can cost. Goal: nbval <= 1.5 x the floor.

The nbval run is `make test-notebooks`'s command. Floor and run alternate for --rounds rounds and
the best of each is kept: on a shared machine the best time is the one least disturbed by others.
Usage: .venv/bin/python benchmarks/bench_nbval.py [--rounds 3]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NBVAL = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:hypothesispytest", "notebooks"]


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
    result = subprocess.run(NBVAL, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"nbval failed:\n{result.stdout[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    files = notebooks()
    floors, runs = [], []
    for number in range(1, rounds + 1):
        floors.append(floor(len(files)))
        runs.append(nbval_run())
        print(f"round {number}: floor {floors[-1]:.1f} s, nbval {runs[-1]:.1f} s, ratio {runs[-1] / floors[-1]:.2f}x")
    print(f"notebooks: {len(files)}")
    print(f"floor (kernel start + pandas/matplotlib/ipywidgets import, x{len(files)}), best of {rounds}: {min(floors):.1f} s")
    print(f"nbval over notebooks/ ({' '.join(NBVAL[1:])}), best of {rounds}: {min(runs):.1f} s")
    print(f"ratio: {min(runs) / min(floors):.2f}x (goal <= 1.5x)")


if __name__ == "__main__":
    main()
