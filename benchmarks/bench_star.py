"""How long the STAR coach takes to read an answer (goal: <= 1 ms median for 250 words, <= 5 ms
for 2,000).

Feedback follows every keystroke, so reading must be far quicker than typing. Times
``course_lib.star.analyze`` on a realistic 250-word answer and a 2,000-word one, read for the
first time and while typing (one keystroke changes the last sentence; the others were read
before), and once on 100 KB of text, and prints the medians.
Usage: .venv/bin/python benchmarks/bench_star.py [RUNS]
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from course_lib import star  # noqa: E402
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


def unique_copies(n: int) -> list[str]:
    """n copies of the answer whose sentences all differ (each gains its copy's number before its
    full stop), so that no sentence is read twice in one answer, as in a real long one."""
    ends = [end - 1 for _, end, _ in star.split_sentences(ANSWER)]
    copies = []
    for k in range(n):
        text = ANSWER
        for end in reversed(ends):
            text = f"{text[:end]} ({k}){text[end:]}"
        copies.append(text)
    return copies


def timings_ms(text: str, runs: int, clock=time.perf_counter, *, typing: bool = False) -> tuple[float, float]:
    """(median, fastest) time of analyze(text), in milliseconds, by ``clock``.

    First reading (typing=False): nothing of the text was read before, so the coach's store of
    sentences already read is emptied before each run. While typing (typing=True): each run
    adds one character to the last sentence, as a keystroke does; the other sentences were read
    at the keystroke before."""
    star._READ_CACHE.clear()
    analyze(text)  # warm up: compiled patterns
    times = []
    for n in range(runs):
        if typing:
            text = text + "abcdefghij"[n % 10]
        else:
            star._READ_CACHE.clear()
        start = clock()
        analyze(text)
        times.append(clock() - start)
    return statistics.median(times) * 1000, min(times) * 1000


def main(runs: int = 2000) -> None:
    words = len(ANSWER.split())
    long_answer = " ".join(unique_copies(8))
    long_words = len(long_answer.split())
    for label, typing in (("first reading", False), ("while typing", True)):
        median, fastest = timings_ms(ANSWER, runs, typing=typing)
        long_median, long_fastest = timings_ms(long_answer, max(20, runs // 20), typing=typing)
        cpu, _ = timings_ms(ANSWER, runs, time.process_time, typing=typing)
        long_cpu, _ = timings_ms(long_answer, max(20, runs // 20), time.process_time, typing=typing)
        print(f"{label}: {words} words median {median:.3f} ms (goal <= 1 ms), fastest {fastest:.3f}; "
              f"{long_words} words median {long_median:.2f} ms (goal <= 5 ms), fastest {long_fastest:.2f}")
        # On a shared machine the wall clock also counts time spent waiting for a core; the
        # processor time of this process does not, so it is the fairer figure under load.
        print(f"  processor time: {words} words median {cpu:.3f} ms; {long_words} words median {long_cpu:.2f} ms")
    # as learners type it into the practice box: no capitals, commas or full stops (one run-on piece)
    typed = " ".join(unique_copies(8)).lower().replace(".", "").replace(",", "")
    median, fastest = timings_ms(typed, max(20, runs // 20))
    print(f"first reading of {long_words} words typed with no full stops: median {median:.2f} ms "
          f"(goal <= 5 ms), fastest {fastest:.2f}")
    huge = "\n\n".join(unique_copies(100_000 // len(ANSWER) + 1))
    median, fastest = timings_ms(huge, 5)
    print(f"first reading of {len(huge) // 1000} KB of text: median {median:.1f} ms; fastest {fastest:.1f} ms")
    if hasattr(os, "getloadavg"):  # timings on a shared machine say little without this
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
