"""What a room's projector shows, as HTML: the answers to the quiz on screen, the STAR signals,
the room line and the countdown. The one drawing of the board: the projector notebook
(:mod:`course_lib.room_projector_widget`) shows it in ipywidgets, and the projector page
(:mod:`course_lib.room_service`) fetches it from ``GET /api/board`` and puts it in place.

The state is :meth:`course_lib.room.Room.projector_state`: counts and the course's own texts,
never a pseudonym or a learner's text. Every text is escaped all the same. Numbers are always
written beside a bar, and a right answer is named in words as well as drawn in green with a
hatch: colour never carries the meaning alone. A bar's width is one of :func:`board_css`'s
classes, not a style attribute: the projector page's Content-Security-Policy allows no inline style.

Pure: no widgets, no network. The clock is injected.
"""

from __future__ import annotations

import time

from course_lib.charts import INK, PALETTE
from course_lib.markup import escape


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _percent(n: int, of: int) -> int:
    return round(100 * n / of) if of else 0


def _row(label: str, count: int | None, of: int, *, right: bool = False) -> str:
    """One bar: the label, the bar (hidden from screen readers: the numbers say it) and the numbers."""
    width = _percent(count or 0, of)
    label = escape(label) + (" (right answer)" if right else "")
    number = "" if count is None else f"{count} ({_percent(count, of)}%)"
    return (f'<li class="course-room-option{" course-room-right" if right else ""}"><span class="course-room-label">'
            f'{label}</span><span class="course-room-track" aria-hidden="true"><span class="course-room-bar '
            f'course-room-w{width}"></span></span><span class="course-room-number">{number}</span></li>')


def room_line(state: dict) -> str:
    """"12 learners joined · mode: workshop"."""
    return f"{_plural(int(state['joined']), 'learner')} joined · mode: {escape(state['mode'])}"


def find_quiz(state: dict, quiz_id: str | None) -> dict | None:
    return next((q for q in state.get("quizzes", []) if q["id"] == quiz_id), None)


def board_html(state: dict, quiz_id: str | None) -> str:
    """The answers to one quiz, question by question: how many answered and how the options
    spread (after the reveal: the right answers, and for put-in-order questions the scores)."""
    quiz = find_quiz(state, quiz_id)
    if quiz is None:
        return '<p class="course-room-empty">Choose a quiz to show.</p>'
    heading = escape(quiz["title"]) + (" (revealed)" if quiz["revealed"] else "")
    parts = [f'<h2 class="course-room-quiz">{heading}: {_plural(quiz["answered"], "answer")}</h2>']
    for number, question in enumerate(quiz["questions"], 1):
        answered = question["answered"]
        if question["kind"] == "ordering":
            scores = question.get("scores")
            rows = ([_row(label, scores[key], answered) for label, key in
                     (("All steps in order", "right"), ("Partly in order", "partly"), ("Not in order", "not_right"))]
                    if scores else [_row("Order answers are shown after the reveal", None, answered)])
        else:  # the share of those who answered (a "choose all" question may have several ticked)
            rows = [_row(o["text"], o["count"], answered, right=o.get("right") is True) for o in question["options"]]
        parts.append(f'<li class="course-room-question"><h3>{number}. {escape(question["prompt"])}</h3>'
                     f'<p class="course-room-answered">{answered} answered</p><ul>{"".join(rows)}</ul></li>')
    return f'{parts[0]}<ul class="course-room-questions">{"".join(parts[1:])}</ul>'


def signals_html(state: dict) -> str:
    """The STAR signals of the stories learners chose to send (counts only)."""
    signals = state["signals"]
    total = signals["stories"]
    rows = "".join(_row(s["label"], s["stories"], total) for s in signals["signals"])
    return (f'<h2>STAR stories</h2><p class="course-room-star-total">{_plural(total, "story", "stories")} from '
            f'{_plural(signals["learners"], "learner")}</p><ul>{rows}</ul>')


def board_css(scope: str) -> str:
    """The board's look, each rule under ``scope`` (the projector notebook's widget, or the
    projector page's <main>): rows of label, bar and numbers; right answers hatched and ticked."""
    rules = [
        "ul { list-style: none; padding: 0; margin: 0; }",
        ".course-room-question { border-top: 2px solid #d9d9d9; padding: .3em 0 .6em; }",
        ".course-room-answered { font-weight: bold; margin: .2em 0; }",
        ".course-room-option { display: grid; grid-template-columns: minmax(8em, 2fr) 3fr 7em; gap: .5em; "
        "align-items: center; margin: .2em 0; }",
        f".course-room-track {{ background: #f0f0f0; border: 1px solid {INK}; height: 1.1em; display: block; }}",
        f".course-room-bar {{ background: {PALETTE['blue']}; height: 100%; display: block; }}",
        f".course-room-right .course-room-bar {{ background: {PALETTE['green']}; background-image: "
        "repeating-linear-gradient(45deg, transparent 0 6px, rgba(255,255,255,.45) 6px 10px); }",
        '.course-room-right .course-room-label::before { content: "✓ "; }',
        ".course-room-number { font-weight: bold; font-variant-numeric: tabular-nums; }",
        *(f".course-room-w{n} {{ width: {n}%; }}" for n in range(101)),
    ]
    return "\n".join(f"{scope} {rule}" for rule in rules) + (
        f"\n@media (max-width: 600px) {{ {scope} .course-room-option {{ grid-template-columns: 1fr; }} }}")


class Countdown:
    """A countdown for a timed exercise (the room keeps nothing of it): started for some minutes,
    it says the time left as "m:ss" and when it is up."""

    MIN, MAX = 1, 60  # minutes

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.ends: float | None = None

    @property
    def running(self) -> bool:
        return self.ends is not None and self.left() > 0

    @property
    def up(self) -> bool:
        """Started, and its time is up."""
        return self.ends is not None and self.left() == 0

    def start(self, minutes) -> int:
        """Start for ``minutes`` (kept within 1 to 60); the minutes it runs."""
        minutes = min(self.MAX, max(self.MIN, int(minutes or 2)))
        self.ends = self.clock() + 60 * minutes
        return minutes

    def stop(self) -> None:
        self.ends = None

    def left(self) -> int:
        """Whole seconds left (0 once time is up)."""
        return 0 if self.ends is None else max(0, round(self.ends - self.clock()))

    def text(self) -> str:
        """"1:05", or "" when not running."""
        if self.ends is None:
            return ""
        left = self.left()
        return f"{left // 60}:{left % 60:02d}"


__all__ = ["board_html", "board_css", "signals_html", "room_line", "find_quiz", "Countdown"]
