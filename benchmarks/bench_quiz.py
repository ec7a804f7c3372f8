"""How long the quiz takes where a learner waits: opening a quiz, answering, seeing scores.

Run: .venv/bin/python benchmarks/bench_quiz.py   (prints the median of several runs, in ms)
"""

import os
import statistics
import tempfile
import time

os.environ["COURSE_PROGRESS_DIR"] = tempfile.mkdtemp(prefix="bench-quiz-")

from course_lib import testing  # noqa: E402
from course_lib.content import load_content  # noqa: E402
from course_lib.progress import open_store  # noqa: E402
from course_lib.quizzes import grade, score_course  # noqa: E402
from course_lib.quiz_widget import quiz  # noqa: E402


def median_ms(action, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    store = open_store()
    content = load_content()
    biggest = max(content.quizzes.values(), key=lambda q: len(q.questions))
    questions = [q for quiz_ in content.quizzes.values() for q in quiz_.questions]
    first = next(q for q in biggest.questions if q.kind == "single")
    view = quiz(biggest.id, store=store, content=content)
    wrong = next(o.id for o in first.options if o.id not in first.answer)
    answers = iter([wrong, first.answer[0]] * 10)  # alternate, so every check is a new, saved attempt

    print(f"load and validate data/ ({len(content.quizzes)} quizzes): {median_ms(load_content):.0f} ms")
    print(f"open the {len(biggest.questions)}-question quiz '{biggest.id}' (content loaded): "
          f"{median_ms(lambda: quiz(biggest.id, store=store, content=content)):.0f} ms")
    print(f"course.quiz('{biggest.id}') as a notebook cell calls it: "
          f"{median_ms(lambda: quiz(biggest.id, store=store)):.0f} ms")
    print(f"answer and check one question (saved, feedback shown): "
          f"{median_ms(lambda: testing.answer(view, first.id, next(answers))):.1f} ms")
    print(f"grade every question of the course ({len(questions)}): "
          f"{median_ms(lambda: [grade(q, q.answer) for q in questions]):.1f} ms")
    print(f"course scores from the store: {median_ms(lambda: score_course(store, content)):.1f} ms")


if __name__ == "__main__":
    main()
