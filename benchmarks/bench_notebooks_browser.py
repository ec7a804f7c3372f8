"""How long a learner waits for each notebook in JupyterLab, against an empty notebook.

    .venv/bin/python benchmarks/bench_notebooks_browser.py [--rounds N] [NOTEBOOK ...]

For each learner notebook (notebooks/00-07, or the ones named): open it in JupyterLab in headless
Chromium, wait for the kernel, clear and run all, and wait until every widget is live and every
picture has loaded. The floor is the same for tests/e2e/notebooks/empty.ipynb (one `pass` cell),
measured in the same run, rounds interleaved so both see the same machine load. Each run starts a
new kernel and an empty progress store. Prints the median seconds and the ratio to the floor
(goal: at most 2x).

With ``--warm-up-cost``, each notebook that opens with a warm-up (02-07) is also timed as a copy
with the warm-up call taken out, in the same rounds, and the share the warm-up adds is printed
(goal: at most 10 %).

Needs Debian's Chromium (/usr/bin/chromium); without it, says how to get it and stops.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

import jupyter_servers as servers  # noqa: E402
from notebook_ui import LabNotebook, output_problems  # noqa: E402

GOAL = 2.0
WARM_UP_GOAL = 0.10
EMPTY = "e2e/empty.ipynb"


def without_warm_up(site: Path, name: str) -> str | None:
    """A copy of notebook ``name`` in the served site with its warm-up call taken out (the cell keeps
    ``import course_lib as course``); None if it has no warm-up."""
    import json

    nb = json.loads((site / "notebooks" / name).read_text(encoding="utf-8"))
    found = False
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and any("course.warm_up(" in line for line in cell["source"]):
            cell["source"] = [line for line in cell["source"] if "course.warm_up(" not in line]
            found = True
    if not found:
        return None
    copy = f"{Path(name).stem}_no_warm_up.ipynb"
    (site / "notebooks" / copy).write_text(json.dumps(nb), encoding="utf-8")
    return f"notebooks/{copy}"


def time_one(context, lab, progress: Path, path: str) -> tuple[float, float, float]:
    """Seconds to open ``path`` (kernel ready), to run all, and until every widget is live and every
    picture loaded after that (a new kernel and an empty progress store each time)."""
    lab.shut_down_kernels()
    for item in progress.iterdir():
        shutil.rmtree(item) if item.is_dir() else item.unlink()
    page = context.new_page()
    try:
        start = time.perf_counter()
        nb = LabNotebook(page, lab.url, lab.token, path).open()
        opened = time.perf_counter()
        nb.run_all()
        ran = time.perf_counter()
        problems = output_problems(nb)
        live = time.perf_counter()
    finally:
        page.close(run_before_unload=False)
    if problems:
        raise RuntimeError(f"{path} did not run clean: {problems[:3]}")
    return opened - start, ran - opened, live - ran


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="runs per notebook (median reported)")
    parser.add_argument("--warm-up-cost", action="store_true",
                        help="also time each notebook without its warm-up, and print the share it adds")
    parser.add_argument("notebooks", nargs="*", help="notebook files (default: notebooks/00-07)")
    args = parser.parse_args()
    missing = servers.chromium_missing_message()
    if missing:
        print(f"skipped: {missing}")
        return 0
    names = [Path(n).name for n in args.notebooks] or [p.name for p in sorted((ROOT / "notebooks").glob("0[0-7]_*.ipynb"))]
    paths = [EMPTY] + [f"notebooks/{n}" for n in names]

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        tmp = Path(tmp)
        progress = tmp / "progress"
        progress.mkdir()
        site = servers.make_site(tmp / "site")
        pairs = {}  # notebook path -> the same without its warm-up
        if args.warm_up_cost:
            pairs = {f"notebooks/{n}": copy for n in names if (copy := without_warm_up(site, n))}
            paths += list(pairs.values())
        lab = servers.start_lab(tmp / "lab", progress, root=site)
        times: dict[str, list[tuple[float, float, float]]] = {p: [] for p in paths}
        try:
            with sync_playwright() as playwright:
                browser = servers.launch_chromium(playwright)
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.on("page", lambda page: page.on("dialog", lambda d: d.accept()))
                time_one(context, lab, progress, EMPTY)  # warm-up: browser cache, first kernel start
                for _ in range(args.rounds):
                    for path in paths:
                        times[path].append(time_one(context, lab, progress, path))
                browser.close()
        finally:
            lab.stop()

    def median(path: str, phase: int | None = None) -> float:
        return statistics.median(sum(t) if phase is None else t[phase] for t in times[path])

    floor = median(EMPTY)
    print(f"open -> run all -> every widget live: median seconds of {args.rounds} run(s), JupyterLab, headless Chromium")
    print(f"{'notebook':36} {'open':>6} {'run':>6} {'live':>6} {'total':>7} {'ratio':>6}")
    worst = 0.0
    for path in paths:
        name = "(empty notebook: the floor)" if path == EMPTY else Path(path).name
        ratio = median(path) / floor
        worst = max(worst, ratio)
        flag = f"  over the {GOAL:.0f}x goal" if ratio > GOAL else ""
        print(f"{name:36} {median(path, 0):6.2f} {median(path, 1):6.2f} {median(path, 2):6.2f} "
              f"{median(path):7.2f} {ratio:6.2f}{flag}")
    print(f"worst ratio {worst:.2f} (goal <= {GOAL:.0f}x)")
    for path, bare in pairs.items():
        added = median(path) / median(bare) - 1
        flag = "" if added <= WARM_UP_GOAL else f"  over the {WARM_UP_GOAL:.0%} goal"
        print(f"the warm-up adds {added:+.1%} to {Path(path).name} ({median(bare):.2f} s -> {median(path):.2f} s){flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
