"""How fast the worksheet, questions and planner pieces answer, typing included (speed is measured
here, not asserted in tests).

Run: .venv/bin/python benchmarks/bench_planner.py
Prints the median of several runs for each step. Every keystroke in a worksheet or a thank-you
note runs a check and a save, so those figures should stay well under the ~100 ms at which
typing starts to feel slow.
"""

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from course_lib import planner, questions, worksheets  # noqa: E402

NOTE = ("Dear Priya,\n\nThank you for meeting me on Thursday to talk about the planner role. I especially "
        "enjoyed hearing about the new warehouse in Leeds. The conversation made me even more enthusiastic "
        "about joining your team. My experience planning routes would help from the first week. Please let "
        "me know if I can send you anything else.\n\nBest wishes,\nSam")
HUGE = "Thank you, this was great. " * 3800  # about 100 KB


def median_ms(step, runs=7):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    others = [(f"Person {k}", NOTE.replace("Priya", f"Person {k}")) for k in range(7)]
    rows = [
        ("check_note, a 6-sentence note", lambda: planner.check_note(NOTE, interviewer="Priya", discussed="Leeds",
                                                                      interview=date(2026, 11, 19), sent=date(2026, 11, 20))),
        ("check_note, 100 KB note against 7 others", lambda: planner.check_note(HUGE, interviewer="Priya",
                                                                                discussed=HUGE, others=others)),
        ("check_paraphrase, one sentence", lambda: worksheets.check_paraphrase(
            "Why should we hire you?", "So you'd like to know what I would add - is that right?")),
        ("check_paraphrase, 100 KB", lambda: worksheets.check_paraphrase("Why should we hire you?", HUGE)),
        ("follow_up_plan + .ics", lambda: planner.follow_up_plan(date(2026, 11, 19), company="FarmFresh").ics()),
    ]
    from course_lib.content import load_content

    bank = load_content().questions_to_ask
    rows.append(("suggest questions, 4 interviewers", lambda: questions.suggest(bank, variant=3)))

    from course_lib import testing
    from course_lib.planner_widget import follow_up_planner, thank_you_builder
    from course_lib.progress import Store
    from course_lib.questions_widget import questions_builder
    from course_lib.worksheet_widget import worksheet

    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "p.sqlite3")
        rows += [
            ("build worksheet('company_research')", lambda: worksheet("company_research", store=store)),
            ("build questions_builder()", lambda: questions_builder(store=store)),
            ("build thank_you_builder()", lambda: thank_you_builder(store=store)),
            ("build follow_up_planner()", lambda: follow_up_planner(store=store)),
        ]
        sheet = worksheet("paraphrase", store=store)
        counter = iter(range(10**6))
        rows.append(("keystroke in a paraphrase box (check + save)",
                     lambda: testing.fill_field(sheet, "why_hire_you", f"So you'd like to know why me {next(counter)}?")))
        notes = thank_you_builder(store=store)
        for _ in range(7):
            testing.press(notes, "Add another interviewer")
        for n in range(1, 9):
            testing.fill_field(notes, f"{n}:note", NOTE.replace("Priya", f"Person {n}"))
        rows.append(("keystroke in a note, 8 notes open (8 checks + save)",
                     lambda: testing.fill_field(notes, "1:note", NOTE + str(next(counter)))))
        for label, step in rows:
            print(f"{label:<55} {median_ms(step):8.2f} ms")
        store.close()


if __name__ == "__main__":
    main()
