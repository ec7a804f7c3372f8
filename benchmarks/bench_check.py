"""How long `python start.py check` takes on a computer that is already set up, and which check
costs what. A facilitator asks a room to run it the night before, so it should take seconds.

Runs the whole command RUNS times (median and slowest), then the checks that run in .venv's own
Python once more, timed one by one. The progress store is a temporary folder, so a real learner's
store is never touched. Usage: .venv/bin/python benchmarks/bench_check.py [RUNS]
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(runs: int = 3) -> None:
    env = dict(os.environ, COURSE_PROGRESS_DIR=tempfile.mkdtemp(prefix="bench-check-"))
    # The interpreter that made .venv runs start.py, as a learner's would.
    base = subprocess.run([str(ROOT / ".venv/bin/python"), "-c", "import sys; print(sys._base_executable)"],
                          capture_output=True, text=True, check=True).stdout.strip()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([base, "start.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            sys.exit("check did not pass:\n" + done.stdout + done.stderr)
    print(f"python start.py check (already set up): median {statistics.median(times):.1f} s, "
          f"slowest {max(times):.1f} s over {runs} runs")
    inside = subprocess.run([str(ROOT / ".venv/bin/python"), "start.py", "_inside-check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)
    for name, ok, _, seconds in json.loads(inside.stdout.splitlines()[-1]):
        print(f"  {name:<15} {seconds:5.2f} s {'ok' if ok else 'FAIL'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
