"""How much time `import course_lib` adds over a bare interpreter (goal: <= 0.15 s).

Runs both commands alternately, many times, and compares medians, so a noisy machine affects
both sides alike. Also lists any heavy library that the import pulled in (there should be none).
Usage: .venv/bin/python benchmarks/bench_import.py [RUNS]
"""

import statistics
import subprocess
import sys
import time

HEAVY = ("pandas", "matplotlib", "ipywidgets", "pydantic", "yaml", "numpy", "IPython")


def run(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def main(runs: int = 30) -> None:
    bare, course = [], []
    for _ in range(runs):
        bare.append(run("pass"))
        course.append(run("import course_lib"))
    added = statistics.median(course) - statistics.median(bare)
    check = "import course_lib, sys; print(','.join(m for m in %r if m in sys.modules))" % (HEAVY,)
    pulled = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True).stdout.strip()
    print(f"bare interpreter: median {statistics.median(bare) * 1000:.1f} ms over {runs} runs")
    print(f"import course_lib: median {statistics.median(course) * 1000:.1f} ms")
    print(f"added by course_lib: {added * 1000:.1f} ms (goal <= 150 ms) -> {'OK' if added <= 0.15 else 'TOO SLOW'}")
    print(f"heavy libraries imported: {pulled or 'none'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
