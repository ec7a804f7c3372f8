"""How long choosing a warm-up takes for a learner with 500 answered questions (target: 5 ms median).

The course has about 60 questions; a learner with 500 stands for a much bigger course. Each of the
seven quizzes of notebooks 01–07 is copied up to 500 questions in all, every one answered once
(a mix of wrong, partly right and right, over the past ten days) and a fifth of them reviewed.
What is timed is what the warm-up cell does before it draws anything: read the store, schedule every
card, pick the due ones from earlier notebooks, most overdue first.

Run: .venv/bin/python benchmarks/bench_review.py   (prints the median of 51 runs, in ms)
"""

import dataclasses
import os
import random
import statistics
import sys
import tempfile
import timeit
from datetime import datetime, timedelta, timezone

os.environ["COURSE_PROGRESS_DIR"] = tempfile.mkdtemp(prefix="bench-review-")

from course_lib.content import load_content  # noqa: E402
from course_lib.progress import open_store  # noqa: E402
from course_lib.quizzes import section_name  # noqa: E402
from course_lib.review import ReviewDeck  # noqa: E402

ANSWERED = 500
TARGET_MS = 5.0
NOW = datetime(2026, 12, 10, 9, 0, tzinfo=timezone.utc)


def big_content(content, total: int):
    """The course's content with its quizzes of 01–07 copied up to ``total`` questions."""
    quizzes = [q for q in content.quizzes.values() if not q.notebook.startswith("00")]
    per_quiz = -(-total // len(quizzes))
    grown = {}
    for quiz in quizzes:
        questions = [q.model_copy(update={"id": f"{q.id}-{n}"})
                     for n in range(per_quiz) for q in [quiz.questions[n % len(quiz.questions)]]]
        grown[quiz.id] = quiz.model_copy(update={"questions": questions})
    return dataclasses.replace(content, quizzes=grown)


def answer_all(store, content, total: int) -> list:
    rng = random.Random(7)
    questions = [(quiz, q) for quiz in content.quizzes.values() for q in quiz.questions][:total]
    for quiz, q in questions:
        at = NOW - timedelta(days=rng.uniform(0, 10))
        score = rng.choice([0.0, 0.5, 1.0, 1.0])
        store.save(section_name(quiz.id), q.id, {
            "choice": list(q.answer), "checked": True, "hints": 0, "answer_shown": False,
            "attempts": [{"choice": list(q.answer), "score": score, "mode": "practice", "at": at.isoformat()}]})
    return questions


def median_ms(action, runs: int = 51) -> float:
    return 1000 * statistics.median(timeit.repeat(action, number=1, repeat=runs))


def main() -> int:
    store = open_store()
    content = big_content(load_content(), ANSWERED)
    questions = answer_all(store, content, ANSWERED)
    deck = ReviewDeck(store, content, clock=lambda: NOW)
    for card in deck.due()[: ANSWERED // 5]:  # a fifth of the cards reviewed once
        deck.answer(card, list(card.question.answer))
    cards = deck.cards()
    assert len(cards) == len(questions) == ANSWERED, (len(cards), len(questions))

    def choose():
        return ReviewDeck(store, content, clock=lambda: NOW).warm_up("07_review.ipynb")

    chosen = choose()
    ms = median_ms(choose)
    print(f"choose the warm-up from {ANSWERED} answered questions ({len(chosen)} chosen of "
          f"{len(deck.due(before_notebook='07_review.ipynb'))} due): {ms:.2f} ms median (target {TARGET_MS:g} ms)")
    print(f"every due card, for review due: {median_ms(lambda: deck.due()):.2f} ms median")
    return 0 if ms <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
