"""A made-up class, for the class-report benchmark and the facilitator notebook's sample folder.

``simulate_learners(n, folder)`` runs ``n`` invented learners through the real course code: each
answers the quizzes (through the quiz engine, right more or less often by ability), writes a few
STAR stories (read by the real coach), and exports a results file with the real exporter.
``derive_class(folder, n)`` grows a folder to ``n`` files by varying those results — new learner
ids and pseudonyms, scores re-drawn from the class's own spread — which is fast enough for 1,000.

``facilitator_sample`` makes the sample folder of the facilitator notebook:

    .venv/bin/python benchmarks/class_sample.py notebooks/facilitator/sample_results
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

# Invented answers of different quality (the coach reads them; none is a real person's).
STORIES = [
    ("A time you met a tight deadline",
     "Last spring our warehouse system failed two days before the busiest week. I was the shift lead, and "
     "I had to keep 300 orders a day moving. I set up a paper picking list, trained six pickers in an hour "
     "and checked every order myself at the door. We shipped all 1,800 orders on time and lost no customer."),
    ("A time you disagreed with a colleague",
     "We usually discuss things as a team. I would listen first and then we would find a middle way. "
     "Good communication is important to me."),
    ("A time you improved a process",
     "At the library I noticed returns piled up every Monday. My task was to clear them before opening. "
     "I sorted the trolleys by floor and asked two volunteers to come in at eight. "
     "The pile was gone by ten, and waiting times for reserved books fell from four days to one."),
    ("A time you failed",
     "In my first job we lost a client. We had missed three reports in a row. We talked to them and we "
     "apologised, and we changed how we plan."),
    ("A time you handled a difficult customer",
     "Two years ago I worked on the help desk of a regional bus company. One Monday a regular passenger "
     "called, very angry: his monthly pass had been charged twice, and the bank had refused his rent payment "
     "because of it. He had already called three times and been passed between departments. "
     "My task was clear: stop the passing around, fix the charge, and keep him as a customer. "
     "First I listened without interrupting and repeated his problem back to him, so he knew I had understood. "
     "I told him I would own the case until it was closed and gave him my direct number. "
     "I checked the payment log and found the double charge within ten minutes. "
     "Refunds normally took five working days, so I asked my team lead to approve a same-day refund, "
     "and I wrote the reasons down for her in three lines so that she could decide quickly. "
     "She agreed. I called the passenger back before noon, confirmed the refund, and offered to write a letter "
     "to his bank explaining the error, which I sent that afternoon. "
     "He thanked us, renewed his pass the next month, and later sent a kind note to the company. "
     "I also noticed the double charge came from a known fault in the card reader, so I logged it with IT; "
     "after their fix, double-charge calls fell from about twenty a month to two. "
     "What I learned is that an angry caller mostly wants one person to take charge, so now I say early on "
     "what I will do and by when."),
    ("Your proudest achievement",
     "I organised a charity run for our school. I found the sponsors, planned the route with the council "
     "and recruited 40 marshals. 600 people ran, and we raised 12,000 pounds for the children's ward."),
]


def simulate_learner(store, rng: random.Random, content) -> None:
    """One invented learner answering through the course's own engine."""
    from course_lib.quizzes import QuizSession

    ability = rng.uniform(0.35, 0.95)
    reach = rng.randint(3, len(content.quizzes))  # how far into the course they got
    for quiz in list(content.quizzes.values())[:reach]:
        session = QuizSession(quiz, store, mode="practice", seed=rng.randrange(10**6))
        for q in quiz.questions:
            if rng.random() < 0.1:
                continue  # skipped a question
            if rng.random() < ability:
                response = list(q.answer)
            elif q.kind == "ordering":
                response = rng.sample([o.id for o in q.options], len(q.options))
            else:
                response = [rng.choice([o.id for o in q.options])]
            session.check(q, response)
    for n, (question, text) in enumerate(rng.sample(STORIES, rng.randint(0, 3)), 1):
        store.save("star", f"story-{n}", {"question": question, "text": text})
    if rng.random() < 0.7:
        store.save("worksheet:company_research", "mission", "They make rail travel simple.")
    if rng.random() < 0.5:
        store.save("planner", "interview_date", "2026-11-20")


def simulate_learners(n: int, folder, *, seed: int = 7) -> list[Path]:
    """``n`` invented learners, each with a results file in ``folder``."""
    from course_lib import export
    from course_lib.content import load_content
    from course_lib.progress import Store

    content, rng = load_content(), random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="course-class-sample-") as tmp:
        for i in range(n):
            store = Store(Path(tmp) / f"learner-{i}.sqlite3", fallbacks=[])
            store.set_pseudonym(f"Learner {i + 1:02d}")
            simulate_learner(store, rng, content)
            written.append(export.write_results(store, folder / f"results-learner-{i + 1:02d}.json", content=content))
            store.close()
    return written


def derive_class(folder, n: int, *, seed: int = 11) -> None:
    """Grow ``folder`` to ``n`` results files by varying the ones in it (see the module docstring)."""
    rng = random.Random(seed)
    folder = Path(folder)
    base = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    start = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
    for i in range(len(base), n):
        results = json.loads(json.dumps(rng.choice(base)))
        results["learner"] = f"{rng.getrandbits(64):016x}"
        results["pseudonym"] = f"Learner {i + 1:04d}"
        results["exported_at"] = (start + timedelta(minutes=i)).isoformat()
        for quiz in results["quizzes"].values():
            for question in quiz["questions"]:
                quiz["questions"][question] = rng.choice([0.0, 0.5, 1.0, 1.0, 1.0])
        (folder / f"results-{i + 1:04d}.json").write_text(json.dumps(results), encoding="utf-8")


def facilitator_sample(folder, n: int = 14) -> None:
    """The sample folder of notebooks/facilitator/class_results.ipynb: ``n`` learners, plus one file
    of each kind the report skips (an exact copy, an older export, a broken file, a stray note)."""
    folder = Path(folder)
    simulate_learners(n, folder)
    (folder / "results-learner-03_sent-twice.json").write_bytes((folder / "results-learner-03.json").read_bytes())
    older = json.loads((folder / "results-learner-05.json").read_text(encoding="utf-8"))
    older["exported_at"] = (datetime.fromisoformat(older["exported_at"]) - timedelta(days=3)).isoformat()
    for quiz in older["quizzes"].values():
        quiz["questions"] = {}
    (folder / "results-learner-05-monday.json").write_text(json.dumps(older, indent=2), encoding="utf-8")
    text = (folder / "results-learner-07.json").read_text(encoding="utf-8")
    (folder / "results-learner-15.json").write_text(text[: len(text) // 2], encoding="utf-8")  # cut off mid-way
    (folder / "room 4 notes.txt").write_text("Bring name badges and the projector cable.\n", encoding="utf-8")


HOSTILE_FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "results" / "hostile"


def add_hostile_files(folder, victim) -> dict[str, str]:
    """One file of each kind that once broke, hung or skewed the class report, added to ``folder``
    beside the good files; ``victim`` is one of the good files, whose learner id the impostor
    copies. Returns {file name as the report shows it: what it is}. The small ones are fixtures in
    tests/fixtures/results/hostile/; the big and special ones (a link to an endless device, a pipe,
    a name that is not UTF-8, megabytes) are made here, so nothing of the kind is committed."""
    import os

    folder, victim = Path(folder), Path(victim)
    made = {}
    for fixture in sorted(HOSTILE_FIXTURES.glob("*.json")):
        (folder / fixture.name).write_bytes(fixture.read_bytes())
    made.update({"huge_number.json": "a number of 5,000 digits", "formula_name.json": "a notebook named $\\foo$",
                 "lone_surrogate.json": "a question id that is a lone surrogate"})
    (folder / "deep_nesting.json").write_text("[" * 100_000 + "]" * 100_000, encoding="ascii")
    made["deep_nesting.json"] = "100,000 nested brackets"
    os.symlink("/dev/zero", folder / "endless.json")
    made["endless.json"] = "a link to /dev/zero"
    os.mkfifo(folder / "pipe.json")
    made["pipe.json"] = "a named pipe that no one writes to"
    (folder / os.fsdecode(b"r\xe9sultats.json")).write_bytes(b"{")  # Latin-1 bytes: not a UTF-8 name
    made["r\ufffdsultats.json"] = "a file name that is not UTF-8"
    base = json.loads(victim.read_text(encoding="utf-8"))
    many = dict(base, learner="7e57ab1e00000001", notebooks={f"notebook-{i:05d}.ipynb": {"done": 0, "of": 1}
                                                              for i in range(12_000)})
    (folder / "many_notebooks.json").write_text(json.dumps(many), encoding="utf-8")
    made["many_notebooks.json"] = f"12,000 notebook names ({len(json.dumps(many)) // 1000} kB)"
    impostor = dict(base, pseudonym="Not Them", quizzes={},
                    exported_at=(datetime.fromisoformat(base["exported_at"]) + timedelta(days=1)).isoformat())
    (folder / "impostor.json").write_text(json.dumps(impostor), encoding="utf-8")
    made["impostor.json"] = f"another learner's id ({victim.name}), exported later under another pseudonym"
    stories = dict(base, learner="7e57ab1e00000002", star=[{}] * 1000)
    (folder / "empty_stories.json").write_text(json.dumps(stories), encoding="utf-8")
    made["empty_stories.json"] = "1,000 empty STAR stories"
    with open(folder / "too_large.json", "wb") as f:  # 6 MB, sparse: costs no disk
        f.truncate(6 * 1024 * 1024)
    made["too_large.json"] = "a 6 MB file"
    return made


if __name__ == "__main__":
    out = Path(sys.argv[1])
    facilitator_sample(out, int(sys.argv[2]) if len(sys.argv) > 2 else 14)
    print(f"Written to {out}")
