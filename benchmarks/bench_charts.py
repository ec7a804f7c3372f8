"""How long each course chart takes to draw and render as PNG, at both sizes, and how long the
funnel explorer takes to answer one slider move (goal: under 1 s each, so a cell feels instant).

    .venv/bin/python benchmarks/bench_charts.py

Each figure is the median of a few runs after one warm-up (the first chart also pays for
importing matplotlib, reported separately).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

RUNS = 3
GOAL_SECONDS = 1.0


def _median_seconds(action) -> float:
    action()  # warm-up
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    code = "import time; t = time.perf_counter(); import course_lib.charts as c; c.show_chart('funnel'); " \
           "print(time.perf_counter() - t)"
    first = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    print(f"first chart in a fresh process (imports matplotlib): {first:.2f} s")

    from course_lib import charts, testing
    from course_lib.funnel_widget import funnel_explorer

    slow = []
    print(f"{'chart':16s} {'normal':>8s} {'projector':>10s}   PNG size (normal)")
    for name in charts.CHARTS:
        seconds = [_median_seconds(lambda size=size: charts.show_chart(name, size=size)) for size in charts.SIZES]
        size_kb = len(charts.show_chart(name).png) / 1024
        print(f"{name:16s} {seconds[0]:7.2f}s {seconds[1]:9.2f}s   {size_kb:.0f} KB")
        slow += [name for s in seconds if s > GOAL_SECONDS]
    view = funnel_explorer()
    values = iter(range(20, 2000, 10))
    move = _median_seconds(lambda: testing.slide(view, "Applicants", next(values)))
    print(f"funnel explorer, one slider move: {move:.2f} s")
    print(f"goal: each under {GOAL_SECONDS:.1f} s -> {'met' if not slow and move <= GOAL_SECONDS else 'missed: ' + ', '.join(slow)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
