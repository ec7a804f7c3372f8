"""Memory of one student's server on JupyterHub after running the whole course (for sizing a hub).

Starts the local JupyterHub of tests/e2e/hub (127.0.0.1, temporary folder), logs one student in
through the login page in headless Chromium, fetches the course with the nbgitpuller link, then
opens every course notebook in turn and runs all its cells, as a student working through the course does. JupyterLab keeps each notebook's
kernel running when the student moves on, so at the end the server holds one kernel per
notebook: the most a student's server needs unless kernels are shut down or culled.

Prints the resident memory (RSS, as `top` shows it; PSS splits pages shared between processes
fairly) of the single-user server and of each kernel, and the processor time they used, read
from /proc. Linux only.
Usage: .venv/bin/python benchmarks/bench_hub_memory.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e" / "hub"))

from localhub import (  # noqa: E402
    ROOT, HubUnavailable, LocalHub, Student, children, chromium_missing_message, command_line, cpu_seconds,
    launch_chromium, memory,
)
from notebook_ui import output_problems  # noqa: E402

MB = 1024 * 1024


def kernels(server: int) -> list[int]:
    return [p for p in children(server) if "ipykernel_launcher" in command_line(p)]


def fmt(figures: dict[str, int]) -> str:
    return f"RSS {figures['rss'] / MB:6.0f} MB   PSS {figures['pss'] / MB:6.0f} MB"


def total(pids) -> dict[str, int]:
    sums = {"rss": 0, "pss": 0}
    for pid in pids:
        for key, value in memory(pid).items():
            sums[key] += value
    return sums


def main() -> int:
    reason = chromium_missing_message()
    if reason:
        print(f"skipped: {reason}")
        return 0
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-hub-") as work:
        hub = LocalHub(Path(work))
        try:
            hub.start()
        except HubUnavailable as e:
            print(f"skipped: {e}")
            return 0
        started = time.monotonic()
        try:
            with sync_playwright() as pw:
                browser = launch_chromium(pw)
                student = Student(hub, browser, "student")
                student.log_in()
                student.get_course()  # the nbgitpuller link, as in class
                server = hub.server_pid("student")
                idle = memory(server)
                per_notebook = []
                for nb_file in notebooks:
                    before = set(kernels(server))
                    notebook = student.open_notebook(nb_file.name)
                    notebook.run_all()
                    problems = output_problems(notebook)
                    new = [p for p in kernels(server) if p not in before]
                    per_notebook.append((nb_file.name, new, problems))
                student.close()
                browser.close()
            running = kernels(server)
            server_now = memory(server)
            everything = total([server, *running])
            kernel_figures = {name: total(pids) for name, pids, _ in per_notebook}
            cpu = sum(cpu_seconds(p) for p in [server, *running])
            largest = max(kernel_figures.values(), key=lambda f: f["rss"], default={"rss": 0, "pss": 0})
        finally:
            forced = hub.stop()
        elapsed = time.monotonic() - started

    import jupyterhub
    import jupyterlab

    print(f"One student's server after running the whole course ({len(notebooks)} notebooks), "
          f"JupyterHub {jupyterhub.__version__}, JupyterLab {jupyterlab.__version__}, Python {sys.version.split()[0]}")
    print(f"  {'server just after login (no kernel)':<46}{fmt(idle)}")
    print(f"  {'server after the course':<46}{fmt(server_now)}")
    for name, pids, problems in per_notebook:
        note = f"   ({len(problems)} problem(s): {problems[0][:80]})" if problems else ""
        print(f"  {'kernel of ' + name:<46}{fmt(kernel_figures[name])}{note}")
    print(f"  {f'server + all {len(running)} kernels still running':<46}{fmt(everything)}")
    one = {k: server_now[k] + largest[k] for k in server_now}
    print(f"  {'server + the largest kernel only':<46}{fmt(one)}")
    print(f"  processor time used by the server and its kernels: {cpu:.0f} s")
    print(f"  ({elapsed:.0f} s; processes still running after the hub stopped: {len(forced)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
