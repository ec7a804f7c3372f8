"""How long the STAR coach takes to read an answer (goal: <= 1 ms median for 250 words, <= 5 ms
for 2,000).

Feedback follows every keystroke, so reading must be far quicker than typing. Times
``course_lib.star.analyze`` on a realistic 250-word answer (and, for scale, on a 2,000-word one
and on 100 KB of text) and prints the medians.
Usage: .venv/bin/python benchmarks/bench_star.py [RUNS]
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from course_lib.star import analyze  # noqa: E402

ANSWER = (
    "Last spring, our payment service started failing for about one in twenty customers every evening. "
    "Support was getting dozens of angry emails, and the finance team could not close the day's accounts. "
    "I was the on-call engineer that week, so it was my job to find the cause and stop the failures before "
    "the weekend sale. I pulled the logs for every failed request and noticed that they all hit the same "
    "database replica. Then I reproduced the problem on a test server and found that a nightly backup job "
    "was locking one of the busiest tables for several minutes. I moved the backup to 3 a.m., when traffic "
    "is lowest, and added an alert that warns us whenever a lock lasts longer than ten seconds. I also wrote "
    "a short guide for the team on how to check scheduled jobs first when a problem follows the clock, and "
    "I walked two junior colleagues through it so that they could handle it without me. Failed payments "
    "dropped to zero the next evening, and the weekend sale went ahead with no errors at all. We have not "
    "seen the problem in the eight months since, and support emails about payments fell by 90 %. The guide "
    "is now part of our on-call handbook. I learned to look at what runs on a schedule before I look at the "
    "code, and I still start every investigation by asking when the problem first appeared."
)


def timings_ms(text: str, runs: int, clock=time.perf_counter) -> tuple[float, float]:
    """(median, fastest) time of analyze(text), in milliseconds, by ``clock``."""
    analyze(text)  # warm up: compiled patterns, caches
    times = []
    for _ in range(runs):
        start = clock()
        analyze(text)
        times.append(clock() - start)
    return statistics.median(times) * 1000, min(times) * 1000


def main(runs: int = 2000) -> None:
    words = len(ANSWER.split())
    median, fastest = timings_ms(ANSWER, runs)
    print(f"analyze(), {words}-word answer: median {median:.3f} ms over {runs} runs (goal <= 1 ms); "
          f"fastest {fastest:.3f} ms")
    long_answer = " ".join([ANSWER] * 8)
    median, fastest = timings_ms(long_answer, max(20, runs // 20))
    print(f"analyze(), {len(long_answer.split())}-word answer: median {median:.2f} ms (goal <= 5 ms); "
          f"fastest {fastest:.2f} ms")
    huge = (ANSWER + "\n\n") * (100_000 // len(ANSWER) + 1)
    median, fastest = timings_ms(huge, 5)
    print(f"analyze(), {len(huge) // 1000} KB of text: median {median:.1f} ms; fastest {fastest:.1f} ms")
    # On a shared machine the wall clock also counts time spent waiting for a core; the processor
    # time of this process does not, so it is the fairer figure when the load average is high.
    cpu = time.process_time
    median, _ = timings_ms(ANSWER, runs, cpu)
    long_median, _ = timings_ms(long_answer, max(20, runs // 20), cpu)
    print(f"processor time: {words}-word answer median {median:.3f} ms (goal <= 1 ms); "
          f"{len(long_answer.split())}-word answer median {long_median:.2f} ms (goal <= 5 ms)")
    if hasattr(os, "getloadavg"):  # timings on a shared machine say little without this
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
