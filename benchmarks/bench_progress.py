"""How fast the progress store is where a learner feels it: opening it, saving as they type, reading.

    .venv/bin/python benchmarks/bench_progress.py

A notebook calls ``open_store()`` in many cells (the first call checks and opens the file, later
ones reuse it), and a text box saves on every keystroke.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from course_lib.progress import open_store  # noqa: E402


def timed(fn, n: int) -> float:
    """Median seconds of ``n`` calls."""
    runs = []
    for i in range(n):
        start = time.perf_counter()
        fn(i)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="course-bench-progress-") as tmp:
        path = Path(tmp) / "progress.sqlite3"
        start = time.perf_counter()
        store = open_store(path)
        first_open = time.perf_counter() - start
        again = timed(lambda i: open_store(path), 1000)
        text = "I re-planned the delivery routes in the snow. " * 6  # a paragraph, growing as typed
        save = timed(lambda i: store.save("worksheet:company_research", "your_fit", text[: 20 + i % 200]), 1000)
        load = timed(lambda i: store.load("worksheet:company_research", "your_fit"), 1000)
        for q in range(50):
            store.save("quiz:02-purpose", f"q{q}", {"choice": ["a"], "checked": True})
        items = timed(lambda i: store.items("quiz:02-purpose"), 1000)
        store.close()
        reopen = timed(lambda i: open_store(path).close(), 20)  # the checks, each time from cold
    print("progress store")
    print(f"  first open_store() (create, check, set up): {first_open * 1e3:.1f} ms")
    print(f"  open_store() again in the same kernel: {again * 1e6:.1f} µs (median of 1,000)")
    print(f"  open an existing store from cold: {reopen * 1e3:.1f} ms (median of 20)")
    print(f"  save one answer (a keystroke): {save * 1e3:.2f} ms (median of 1,000)")
    print(f"  load one answer: {load * 1e6:.0f} µs; items() of a 50-question quiz: {items * 1e6:.0f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
