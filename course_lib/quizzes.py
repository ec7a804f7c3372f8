"""Quizzes: grading answers into feedback that teaches, and scores across the course.

Pure logic, no widgets (the view is :mod:`course_lib.quiz_widget`). Questions come from
data/quizzes/*.yaml through :mod:`course_lib.content`; a learner's answers live in the progress
store. Nothing heavy is imported until a quiz is used.

How answers are scored
----------------------
Every question is worth one point.

* **Single choice** and **true/false**: 1 for the right option, 0 otherwise.
* **Multiple select** ("choose all that apply"): each right option you tick earns an equal share
  of the point; each wrong option you tick takes one share away; the score never drops below 0::

      score = max(0, (right options ticked - wrong options ticked) / number of right options)

  With two right options: one right tick scores 0.5; both right ticks plus one wrong tick 0.5;
  one right and one wrong tick 0. Ticking every box never pays.
* **Ordering** ("put the steps in order"): the score counts the fewest steps you would have to
  pick up and put somewhere else to fix your order. Each such move costs an equal share, and a
  list of n steps in reverse order (n - 1 moves) scores 0::

      score = 1 - moves / (number of steps - 1)

  Situation, Task, Result, Action instead of Situation, Task, Action, Result needs one move:
  1 - 1/3 = 0.67. The feedback marks which steps are already in order and which to move.
* A question's score is the score of your **first** checked answer. In practice mode you may try
  again as often as you like and the feedback explains every option, but the first try is the
  honest measure of what you knew, so it is what quiz, notebook and course scores add up.
  A question you did not get fully right the first time is listed "to revisit", with a link to
  the section that teaches it.

Modes
-----
``practice`` (the default): feedback at once, unlimited tries, hints, and "Show the answer" after a
first try. ``workshop`` (also called ``assessment``): one try per question, no hints, and
feedback held until the facilitator reveals it. Choose with ``course.quiz(..., mode="workshop")``
or for a whole room with the environment variable ``COURSE_QUIZ_MODE=workshop``.

Revealing answers in a room without a server: every quiz has a short reveal code (such as
``cedar-42``), printed by ``course.reveal_codes()`` and ``python -m course_lib quiz-codes``.
When the room is ready, the facilitator says or writes the code; each learner types it into the
quiz's "Reveal code" box, and every answer's feedback appears. The code only paces the room; it is
not a secret (anyone who reads this repository can find it).

With a live room (``python -m course_lib room``, joined in notebook 00: :mod:`course_lib.room_link`),
each first try also goes to the room's projector, and the facilitator's Reveal button reveals the
quiz on every joined laptop at its next click (:meth:`QuizSession.reveal_from_room`).

What is saved
-------------
Store section ``quiz:<quiz id>``, key = question id, value (saved as the learner chooses and
checks, so nothing waits for a Save button)::

    {"choice": ["b"],                  # what is chosen now (ordering: the whole order)
     "checked": true,                  # the feedback shown is for this choice
     "attempts": [{"choice": ["a"], "score": 0.0, "mode": "practice", "at": "2026-...Z"}, ...],
     "hints": 1,                       # hints shown
     "answer_shown": false}            # practice: the learner asked to see the answer

A workshop reveal is saved in section ``quiz-reveal``, key = quiz id. The store's history keeps
every earlier value, so no answer is ever lost.
"""

from __future__ import annotations

import hashlib
import math
import os
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from course_lib.markup import escape

if TYPE_CHECKING:  # only for type hints: importing content pulls in pydantic
    from course_lib.content import Content, Option, Question, Quiz
    from course_lib.progress import Store

MODE_VAR = "COURSE_QUIZ_MODE"
PRACTICE, WORKSHOP = "practice", "workshop"
_MODE_NAMES = {"practice": PRACTICE, "workshop": WORKSHOP, "assessment": WORKSHOP}
REVEAL_SECTION = "quiz-reveal"

KIND_INSTRUCTIONS = {
    "single": "Choose one answer.",
    "multiple": "Choose all that apply.",
    "true_false": "True or false?",
    "ordering": "Put these in order: choose what goes in each place.",
}
_NOTHING_CHOSEN = {
    "single": "Choose an answer first, then press Check.",
    "multiple": "Tick at least one option first, then press Check.",
    "true_false": "Choose True or False first, then press Check.",
    "ordering": "Put every step in a place first, then press Check.",
}


def section_name(quiz_id: str) -> str:
    """The progress-store section that holds a quiz's answers."""
    return f"quiz:{quiz_id}"


def resolve_mode(mode: str | None = None) -> str:
    """'practice' or 'workshop', from ``mode``, else $COURSE_QUIZ_MODE, else practice."""
    given, source = (mode, "mode") if mode is not None else (os.environ.get(MODE_VAR), MODE_VAR)
    if given is None or not str(given).strip():
        return PRACTICE
    try:
        return _MODE_NAMES[str(given).strip().lower()]
    except KeyError:
        raise ValueError(f"{source} is {given!r}; use 'practice' (the default) or 'workshop'.") from None


def _is_full(score: float) -> bool:
    return math.isclose(score, 1.0)


def _percent(score: float) -> str:
    return f"{round(score * 100)} %"


# --- answers that cannot be graded -------------------------------------------------------------
class AnswerError(ValueError):
    """An answer that cannot be graded. The message is a gentle sentence for the learner."""


class NoAnswer(AnswerError):
    """Nothing was chosen (or, for ordering, not every place was filled)."""


def normalise(question: Question, response) -> tuple[str, ...]:
    """The learner's response as a tuple of option ids, or AnswerError saying what is wrong.

    Accepts an option id, a list of ids, or (true/false) a bool. Multiple-select answers come
    back in the question's own option order; ordering answers in the learner's order.
    """
    ids = [o.id for o in question.options]
    if response is None:
        items = []
    elif isinstance(response, (str, bool)):
        items = [response]
    else:
        items = list(response)
    items = [str(i).lower() if isinstance(i, bool) else i for i in items]
    if not items:
        raise NoAnswer(_NOTHING_CHOSEN[question.kind])
    unknown = [i for i in items if i not in ids]
    if unknown:
        raise AnswerError(f"{unknown[0]!r} is not one of this question's options.")
    if question.kind in ("single", "true_false"):
        if len(set(items)) != 1:
            raise AnswerError("Choose only one answer.")
        return (items[0],)
    if question.kind == "multiple":
        return tuple(i for i in ids if i in set(items))
    if len(items) != len(set(items)):
        raise AnswerError("Each step goes in one place only: a step appears twice.")
    if len(items) != len(ids):
        raise NoAnswer(_NOTHING_CHOSEN["ordering"])
    return tuple(items)


# --- feedback ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class OptionFeedback:
    """One option, what the learner did with it, and why it is right or not quite."""

    id: str
    text: str
    explanation: str
    chosen: bool  # the learner chose it (ordering: every step is placed, so always True)
    right: bool  # part of the right answer (ordering: already in order with the others)
    placed: int | None = None  # ordering: the place the learner gave it (1 = first)
    belongs: int | None = None  # ordering: the place it belongs

    @property
    def verdict(self) -> str:
        """'right' (chosen, right), 'wrong' (chosen, not right), 'missed' (right, not chosen), 'other'."""
        if self.chosen:
            return "right" if self.right else "wrong"
        return "missed" if self.right else "other"


_LABELS = {  # what each verdict is called, in words (colour never carries it alone)
    "right": ("course-good", "✓ Your choice: right."),
    "wrong": ("course-bad", "✗ Your choice: not quite."),
    "missed": ("course-good", "✓ Also right (you did not choose it)."),
    "the-answer": ("course-good", "✓ The right answer."),
    "other": ("course-note", "Not right."),
}


def section_link(section: str, *, from_notebook: str | None = None) -> tuple[str, str]:
    """(href, link text) for a section such as '04_star_method.ipynb#The-STAR-method'.

    The text says where the link goes: 'The STAR method (notebook 04)', or '(in this notebook)'.
    """
    file, _, anchor = section.partition("#")
    words = anchor.replace("-", " ").strip() or file
    if from_notebook and file == from_notebook:
        return f"#{anchor}", f"{words} (in this notebook)"
    number = re.match(r"(\d+)_", file.rsplit("/", 1)[-1])
    return section, f"{words} ({f'notebook {number.group(1)}' if number else file})"


def link_html(section: str | None, *, from_notebook: str | None = None, prefix: str = "Read more: ") -> str:
    if not section:
        return ""
    href, text = section_link(section, from_notebook=from_notebook)
    return f'{escape(prefix)}<a class="course-section-link" href="{escape(href)}">{escape(text)}</a>'


@dataclass(frozen=True)
class Feedback:
    """The result of grading one answer: renders itself, and tests can assert on it.

    ``correct`` and ``score`` (0..1) say how it went; ``options`` hold every option with its
    explanation (ordering: in the learner's order). ``html(reveal=...)`` decides how much to show:
    a wrong answer in practice explains only what the learner chose, so trying again still teaches.
    """

    question_id: str
    kind: str
    choice: tuple[str, ...]
    score: float
    options: tuple[OptionFeedback, ...]
    summary: str | None = None  # the question's own explanation: its point in a sentence or two
    section: str | None = None
    notebook: str | None = None  # the notebook the quiz sits in (links into it become '#anchor')
    moves: int = 0  # ordering: the fewest steps to move to fix the order

    @property
    def correct(self) -> bool:
        return _is_full(self.score)

    @property
    def headline(self) -> str:
        return "Correct." if self.correct else "Partly right." if self.score > 0 else "Not quite."

    @property
    def detail(self) -> str:
        """One plain sentence on how the answer went (beyond right or wrong)."""
        if self.kind == "multiple":
            right = sum(o.right for o in self.options)
            hits = sum(o.verdict == "right" for o in self.options)
            wrong = sum(o.verdict == "wrong" for o in self.options)
            text = f"You chose {hits} of the {right} right option{'s' if right != 1 else ''}"
            if wrong:
                text += f" and {wrong} that {'does' if wrong == 1 else 'do'} not fit"
            return f"{text}. Score: {_percent(self.score)}."
        if self.kind == "ordering":
            if self.correct:
                return "Every step is in its place."
            n = len(self.options)
            return (f"{n - self.moves} of {n} steps are in order with each other; moving {self.moves} "
                    f"step{'s' if self.moves != 1 else ''} would fix it. Score: {_percent(self.score)}.")
        return ""

    def explanation_for(self, option_id: str) -> str:
        for o in self.options:
            if o.id == option_id:
                return o.explanation
        raise KeyError(f"no option {option_id!r} in question {self.question_id!r}")

    def html(self, *, reveal: bool | None = None) -> str:
        """The feedback as HTML. ``reveal`` (default: when correct) explains every option."""
        reveal = self.correct if reveal is None else reveal
        tone = "good" if self.correct else "partial" if self.score > 0 else "bad"
        mark = {"good": "✓", "partial": "◐", "bad": "✗"}[tone]
        text_tone = {"good": "course-good", "partial": "course-note", "bad": "course-bad"}[tone]
        parts = [f'<div class="course-feedback course-box course-feedback-{tone}" role="status">',
                 f'<p><strong class="{text_tone}">{mark} {escape(self.headline)}</strong> {escape(self.detail)}</p>']
        parts += self._ordering_html(reveal) if self.kind == "ordering" else self._options_html(reveal)
        if reveal and self.summary:
            parts.append(f'<p class="course-feedback-summary">{escape(self.summary)}</p>')
        if self.section:
            parts.append(f"<p>{link_html(self.section, from_notebook=self.notebook)}</p>")
        parts.append("</div>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.html()

    def _options_html(self, reveal: bool) -> list[str]:
        shown = [o for o in self.options if reveal or o.chosen]
        items = []
        for o in shown:
            one_answer = o.verdict == "missed" and self.kind != "multiple"
            tone, label = _LABELS["the-answer" if one_answer else o.verdict]
            items.append(f'<li class="course-option course-option-{o.verdict}"><span class="{tone}">{label}</span> '
                         f"“{escape(o.text)}” — {escape(o.explanation)}</li>")
        out = [f'<ul class="course-feedback-options">{"".join(items)}</ul>']
        missed = sum(o.verdict == "missed" for o in self.options)
        if not reveal and self.kind == "multiple" and missed:
            out.append(f"<p>There {'is' if missed == 1 else 'are'} {missed} more right "
                       f"option{'s' if missed != 1 else ''} to find.</p>")
        return out

    def _ordering_html(self, reveal: bool) -> list[str]:
        if reveal:  # the right order, each step explained, with where the learner put it
            steps = sorted(self.options, key=lambda o: o.belongs)
            items = [f'<li class="course-option course-option-{o.verdict}">“{escape(o.text)}” '
                     f"<span class=\"course-note\">(you put it in place {o.placed})</span> — {escape(o.explanation)}</li>"
                     for o in steps]
            return ["<p>The right order:</p>", f'<ol class="course-feedback-options">{"".join(items)}</ol>']
        items = []
        for o in self.options:  # the learner's order; explain only the steps already in order
            if o.right:
                items.append(f'<li class="course-option course-option-right"><span class="course-good">✓ In order.</span> '
                             f"“{escape(o.text)}” — {escape(o.explanation)}</li>")
            else:
                items.append(f'<li class="course-option course-option-wrong"><span class="course-bad">✗ Move this step.</span> '
                             f"“{escape(o.text)}”</li>")
        return ["<p>Your order:</p>", f'<ol class="course-feedback-options">{"".join(items)}</ol>']


def _in_order(ranks: list[int]) -> list[int]:
    """Positions of the longest run of items already in the right order relative to each other.

    Of several equally long runs, the one leaving most items in their exact place wins, so the
    feedback asks the learner to move the steps that are visibly out of place.
    """
    n = len(ranks)
    best = [(1, int(ranks[i] == i)) for i in range(n)]  # (length, items in exact place) of a run ending at i
    previous = [-1] * n
    for i in range(n):
        for j in range(i):
            if ranks[j] < ranks[i]:
                candidate = (best[j][0] + 1, best[j][1] + int(ranks[i] == i))
                if candidate > best[i]:
                    best[i], previous[i] = candidate, j
    end = max(range(n), key=lambda i: best[i])
    run = []
    while end != -1:
        run.append(end)
        end = previous[end]
    return run[::-1]


def grade(question: Question, response, *, notebook: str | None = None) -> Feedback:
    """Grade ``response`` (see :func:`normalise`) and explain it. Raises AnswerError/NoAnswer."""
    choice = normalise(question, response)
    common = dict(question_id=question.id, kind=question.kind, choice=choice, summary=question.explanation,
                  section=question.section, notebook=notebook)
    by_id = {o.id: o for o in question.options}
    if question.kind == "ordering":
        rank = {oid: i for i, oid in enumerate(question.answer)}
        kept = set(_in_order([rank[c] for c in choice]))
        moves = len(choice) - len(kept)
        options = tuple(
            OptionFeedback(c, by_id[c].text, by_id[c].explanation, chosen=True, right=i in kept,
                           placed=i + 1, belongs=rank[c] + 1)
            for i, c in enumerate(choice)
        )
        return Feedback(score=1 - moves / (len(choice) - 1), options=options, moves=moves, **common)
    right, chosen = set(question.answer), set(choice)
    if question.kind == "multiple":
        score = max(0.0, (len(chosen & right) - len(chosen - right)) / len(right))
    else:
        score = 1.0 if choice[0] in right else 0.0
    options = tuple(OptionFeedback(o.id, o.text, o.explanation, chosen=o.id in chosen, right=o.id in right)
                    for o in question.options)
    return Feedback(score=score, options=options, **common)


# --- what is kept in the progress store --------------------------------------------------------
def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _readable(attempt) -> bool:
    """A saved attempt that can be counted: a score from 0 to 1 and a list of choices."""
    score = attempt.get("score") if isinstance(attempt, dict) else None
    return isinstance(score, (int, float)) and not isinstance(score, bool) and 0 <= score <= 1 \
        and isinstance(attempt.get("choice"), list)


@dataclass
class Record:
    """One question's saved state (see the module docstring for the stored form)."""

    choice: tuple[str, ...] = ()
    checked: bool = False
    attempts: list[dict] = field(default_factory=list)
    hints: int = 0
    answer_shown: bool = False

    @classmethod
    def from_value(cls, value) -> Record:
        """Read a stored value, tolerating damage: what cannot be read is left out, never raised."""
        if not isinstance(value, dict):
            return cls()
        choice = value.get("choice")
        attempts = [dict(a, choice=[str(c) for c in a["choice"]]) for a in value.get("attempts") or [] if _readable(a)]
        hints = value.get("hints")
        return cls(
            choice=tuple(str(c) for c in choice) if isinstance(choice, list) else (),
            checked=value.get("checked") is True,
            attempts=attempts,
            hints=hints if isinstance(hints, int) and not isinstance(hints, bool) and hints > 0 else 0,
            answer_shown=value.get("answer_shown") is True,
        )

    @staticmethod
    def first_try(value) -> tuple[dict, list[dict], int] | None:
        """(first attempt, every attempt, hints shown) read from a stored value, without building a
        Record: what spaced review reads for every answered question. None before any attempt."""
        if not isinstance(value, dict):
            return None
        attempts = [a for a in value.get("attempts") or [] if _readable(a)]
        if not attempts:
            return None
        hints = value.get("hints")
        return attempts[0], attempts, hints if type(hints) is int and hints > 0 else 0

    def to_value(self) -> dict:
        return {"choice": list(self.choice), "checked": self.checked, "attempts": self.attempts,
                "hints": self.hints, "answer_shown": self.answer_shown}

    @property
    def first_score(self) -> float | None:
        return self.attempts[0]["score"] if self.attempts else None

    @property
    def latest_score(self) -> float | None:
        return self.attempts[-1]["score"] if self.attempts else None


# --- reveal codes for workshops ---------------------------------------------------------------
_CODE_WORDS = ("apple", "birch", "cedar", "delta", "ember", "fern", "harbor", "iris", "jade", "kite",
               "lemon", "maple", "north", "olive", "pearl", "quartz", "river", "sage", "tulip", "umber",
               "violet", "willow", "yarrow", "zinnia", "acorn", "brook", "clover", "dune", "elm", "flint",
               "grove", "heath")


def reveal_code(quiz_id: str) -> str:
    """The short code a facilitator gives the room to reveal a quiz's feedback, e.g. 'cedar-42'."""
    digest = hashlib.sha256(f"reveal:{quiz_id}".encode()).digest()
    return f"{_CODE_WORDS[digest[0] % len(_CODE_WORDS)]}-{digest[1] % 90 + 10}"


def _same_code(given: str, expected: str) -> bool:
    def plain(code):
        return re.sub(r"[\s_-]+", "", str(code)).lower()
    return bool(plain(given)) and plain(given) == plain(expected)


def is_revealed(store: Store, quiz_id: str) -> bool:
    value = store.load(REVEAL_SECTION, quiz_id)
    return isinstance(value, dict) and value.get("revealed") is True


# --- one learner working through one quiz -----------------------------------------------------
class QuizSession:
    """What the quiz widget shows, and every answer kept in the progress store as it is given.

    Each call reads the question's record fresh from the store and writes it back, so two open
    views of one quiz (a cell run twice) never erase each other's attempts.
    """

    def __init__(self, quiz: Quiz, store: Store, *, mode: str | None = None, seed: int | None = None,
                 on_first_try=None):
        """``on_first_try(quiz id, question id, choice)``: called once a question's first try is
        saved (a live room sends it on; it must not wait, and what it raises is ignored)."""
        from course_lib.progress import learner_seed

        self.quiz = quiz
        self.store = store
        self.on_first_try = on_first_try
        self.mode = resolve_mode(mode)
        self.seed = learner_seed(store) if seed is None else seed
        self._section = section_name(quiz.id)

    @property
    def questions(self) -> list[Question]:
        return list(self.quiz.questions)

    def question(self, question_id: str) -> Question:
        for q in self.quiz.questions:
            if q.id == question_id:
                return q
        raise KeyError(f"no question {question_id!r} in quiz {self.quiz.id!r}")

    # reading
    def record(self, question: Question) -> Record:
        return Record.from_value(self.store.load(self._section, question.id))

    def _save(self, question: Question, record: Record) -> None:
        self.store.save(self._section, question.id, record.to_value())

    def _rng(self, question: Question) -> random.Random:
        return random.Random(f"{self.seed}:{self.quiz.id}:{question.id}")

    def options(self, question: Question) -> list[Option]:
        """The options in the order this learner sees them: shuffled, the same after a restart.

        True/false keeps True first. Ordering questions start in an order that is not the answer.
        """
        options = list(question.options)
        if question.kind == "true_false":
            return sorted(options, key=lambda o: o.id != "true")
        rng = self._rng(question)
        rng.shuffle(options)
        if question.kind == "ordering" and [o.id for o in options] == list(question.answer):
            options = options[1:] + options[:1]  # never start in the right order
        return options

    def choice(self, question: Question) -> tuple[str, ...]:
        """What is chosen now (restored from the store); an ordering starts in the shuffled order."""
        ids = {o.id for o in question.options}
        saved = tuple(c for c in self.record(question).choice if c in ids)
        if question.kind == "ordering" and sorted(saved) != sorted(ids):
            return tuple(o.id for o in self.options(question))
        return saved

    @property
    def revealed(self) -> bool:
        return is_revealed(self.store, self.quiz.id)

    @property
    def held(self) -> bool:
        """Workshop mode before the reveal: answers are kept, feedback waits."""
        return self.mode == WORKSHOP and not self.revealed

    def locked(self, question: Question) -> bool:
        """In a workshop each question is answered once."""
        return self.mode == WORKSHOP and bool(self.record(question).attempts)

    def feedback(self, question: Question) -> Feedback | None:
        """The feedback to show now for the saved answer, or None (not checked, changed, or held)."""
        record = self.record(question)
        if self.held or not record.checked or not record.attempts:
            return None
        try:
            return grade(question, record.attempts[-1]["choice"], notebook=self.quiz.notebook)
        except AnswerError:  # the question changed since it was answered: ask again
            return None

    def reveal_all(self, question: Question) -> bool:
        """Explain every option (not only the chosen ones)?"""
        record = self.record(question)
        if self.mode == WORKSHOP:
            return self.revealed
        return record.answer_shown or (record.latest_score is not None and _is_full(record.latest_score))

    def hints(self, question: Question) -> list[str]:
        """The hints shown so far."""
        return list(question.hints[: self.record(question).hints])

    def can_hint(self, question: Question) -> bool:
        return self.mode == PRACTICE and self.record(question).hints < len(question.hints)

    def can_show_answer(self, question: Question) -> bool:
        record = self.record(question)
        return self.mode == PRACTICE and bool(record.attempts) and not self.reveal_all(question)

    # writing
    def choose(self, question: Question, response) -> None:
        """Save what the learner has chosen so far (even before Check): nothing waits for a button."""
        if self.locked(question):
            return
        ids = [o.id for o in question.options]
        items = [response] if isinstance(response, (str, bool)) else list(response or ())
        choice = tuple(str(i).lower() if isinstance(i, bool) else i for i in items)
        choice = tuple(c for c in choice if c in ids)
        record = self.record(question)
        if choice == record.choice:
            return
        record.choice, record.checked = choice, False
        self._save(question, record)

    def check(self, question: Question, response) -> Feedback:
        """Grade and save an answer. Checking the same answer twice counts one attempt.

        Raises NoAnswer when nothing is chosen, AnswerError when a workshop answer is already in.
        """
        if self.locked(question):
            raise AnswerError("Your answer is saved. In a workshop each question is answered once.")
        feedback = grade(question, response, notebook=self.quiz.notebook)
        record = self.record(question)
        repeat = record.checked and record.attempts and tuple(record.attempts[-1]["choice"]) == feedback.choice
        if repeat and record.choice == feedback.choice:
            return feedback  # nothing new to save
        if not repeat:
            record.attempts.append({"choice": list(feedback.choice), "score": feedback.score,
                                    "mode": self.mode, "at": _now()})
        record.choice, record.checked = feedback.choice, True
        self._save(question, record)
        if not repeat and len(record.attempts) == 1 and self.on_first_try is not None:
            try:
                self.on_first_try(self.quiz.id, question.id, feedback.choice)
            except Exception:  # noqa: BLE001 - the answer is saved; a room's trouble never stops a quiz
                pass
        return feedback

    def try_again(self, question: Question) -> None:
        """Practice: clear the choice (an ordering keeps its order) and hide the feedback."""
        if self.mode != PRACTICE:
            return
        record = self.record(question)
        if question.kind != "ordering":
            record.choice = ()
        record.checked = False
        self._save(question, record)

    def next_hint(self, question: Question) -> str | None:
        """Show one more hint (practice only); None when there is none left."""
        if not self.can_hint(question):
            return None
        record = self.record(question)
        record.hints += 1
        self._save(question, record)
        return question.hints[record.hints - 1]

    def show_answer(self, question: Question) -> None:
        """Practice, after a first try: explain every option. The first-try score is kept."""
        if not self.can_show_answer(question):
            return
        record = self.record(question)
        record.answer_shown = True
        self._save(question, record)

    def reveal(self, code: str) -> bool:
        """Workshop: reveal every question's feedback if ``code`` is this quiz's reveal code."""
        if not _same_code(code, reveal_code(self.quiz.id)):
            return False
        self.store.save(REVEAL_SECTION, self.quiz.id, {"revealed": True, "at": _now()})
        return True

    def reveal_from_room(self) -> bool:
        """Workshop: the live room's facilitator revealed this quiz; True if that is news here."""
        if self.revealed:
            return False
        self.store.save(REVEAL_SECTION, self.quiz.id, {"revealed": True, "at": _now(), "by": "room"})
        return True

    def score(self) -> QuizScore:
        return score_quiz(self.quiz, self.store)


# --- scores -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class QuestionScore:
    question: Question
    attempts: int
    first_score: float | None  # None: not answered yet
    latest_score: float | None

    @property
    def answered(self) -> bool:
        return self.first_score is not None


def _shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class QuizScore:
    """A learner's first-try scores on one quiz, and which questions to revisit."""

    quiz: Quiz
    questions: tuple[QuestionScore, ...]
    held: bool = False  # workshop answers waiting for the facilitator's reveal

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def answered(self) -> int:
        return sum(q.answered for q in self.questions)

    @property
    def points(self) -> float:
        return sum(q.first_score for q in self.questions if q.answered)

    @property
    def percent(self) -> float | None:
        """First-try score as a share of the questions answered; None before any answer."""
        return 100 * self.points / self.answered if self.answered else None

    @property
    def to_revisit(self) -> list[Question]:
        return [q.question for q in self.questions if q.answered and not _is_full(q.first_score)]

    @property
    def not_answered(self) -> list[Question]:
        return [q.question for q in self.questions if not q.answered]

    def sentence(self) -> str:
        if not self.answered:
            return f"No answers yet ({self.total} questions)."
        if self.held:
            return f"You answered {self.answered} of {self.total}. Scores appear when your facilitator reveals the answers."
        return (f"You answered {self.answered} of {self.total}. First-try score: {round(self.points, 1):g} of {self.answered} "
                f"({round(self.percent)} %).")

    def html(self, *, from_notebook: str | None = None) -> str:
        """The end-of-quiz summary: the score and the questions to revisit, with links."""
        parts = [f'<div class="course-quiz-summary"><p><strong>{escape(self.quiz.title)}</strong>. '
                 f"{escape(self.sentence())}</p>"]
        if not self.held:
            parts.append(_question_list("To revisit (not fully right the first time):", self.to_revisit, from_notebook))
        parts.append(_question_list("Not answered yet:", self.not_answered, from_notebook))
        parts.append("</div>")
        return "\n".join(p for p in parts if p)

    def _repr_html_(self) -> str:
        return self.html(from_notebook=self.quiz.notebook)

    def to_dict(self) -> dict:
        return {"quiz": self.quiz.id, "notebook": self.quiz.notebook, "total": self.total,
                "answered": self.answered, "points": None if self.held else self.points, "held": self.held,
                "questions": {q.question.id: {"attempts": q.attempts,
                                              "first_score": None if self.held else q.first_score}
                              for q in self.questions}}


def _question_list(title: str, questions: list[Question], from_notebook: str | None) -> str:
    if not questions:
        return ""
    items = "".join(
        f"<li>{escape(_shorten(q.prompt))}{' — ' + link_html(q.section, from_notebook=from_notebook, prefix='') if q.section else ''}</li>"
        for q in questions
    )
    return f"<p>{escape(title)}</p><ul>{items}</ul>"


def score_quiz(quiz: Quiz, store: Store) -> QuizScore:
    saved = store.items(section_name(quiz.id))
    rows, workshop = [], False
    for q in quiz.questions:
        record = Record.from_value(saved.get(q.id))
        workshop = workshop or any(a.get("mode") == WORKSHOP for a in record.attempts)
        rows.append(QuestionScore(q, len(record.attempts), record.first_score, record.latest_score))
    return QuizScore(quiz, tuple(rows), held=workshop and not is_revealed(store, quiz.id))


@dataclass(frozen=True)
class CourseScores:
    """The learner's first-try scores for every quiz, per notebook and for the whole course."""

    quizzes: tuple[QuizScore, ...]  # in course order

    @property
    def _counted(self) -> list[QuizScore]:
        return [q for q in self.quizzes if not q.held]

    @property
    def total(self) -> int:
        return sum(q.total for q in self.quizzes)

    @property
    def answered(self) -> int:
        return sum(q.answered for q in self.quizzes)

    @property
    def points(self) -> float:
        return sum(q.points for q in self._counted)

    @property
    def percent(self) -> float | None:
        answered = sum(q.answered for q in self._counted)
        return 100 * self.points / answered if answered else None

    def by_notebook(self) -> dict[str, list[QuizScore]]:
        out: dict[str, list[QuizScore]] = {}
        for q in self.quizzes:
            out.setdefault(q.quiz.notebook, []).append(q)
        return out

    def notebook_percent(self, notebook: str) -> float | None:
        counted = [q for q in self.by_notebook().get(notebook, []) if not q.held]
        answered = sum(q.answered for q in counted)
        return 100 * sum(q.points for q in counted) / answered if answered else None

    def sentence(self) -> str:
        if not self.answered:
            return f"No quiz answers yet: {self.total} questions in {len(self.quizzes)} quizzes are waiting for you."
        text = f"You answered {self.answered} of {self.total} questions across the course."
        if self.percent is not None:
            text += f" First-try score: {round(self.percent)} %."
        return text

    def html(self) -> str:
        rows = []
        for notebook, scores in self.by_notebook().items():
            for s in scores:
                pct = ("not started" if not s.answered else "held until the reveal" if s.held
                       else f"{round(s.percent)} %")
                revisit = "" if s.held else "<br>".join(
                    link_html(q.section, prefix="") if q.section else escape(_shorten(q.prompt, 60))
                    for q in s.to_revisit)
                href, _ = section_link(notebook)
                rows.append(f"<tr><td>{escape(s.quiz.title)}<br><a href=\"{escape(href)}\">{escape(notebook)}</a></td>"
                            f"<td>{s.answered} of {s.total}</td><td>{escape(pct)}</td><td>{revisit or '–'}</td></tr>")
        return (f'<div class="course-scores-summary"><p>{escape(self.sentence())}</p>'
                '<table class="course-scores-table"><thead><tr><th scope="col">Quiz</th><th scope="col">Answered</th>'
                '<th scope="col">First-try score</th><th scope="col">Revisit</th></tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table></div>")

    def _repr_html_(self) -> str:
        return self.html()

    def __repr__(self) -> str:
        return f"Quiz scores: {self.answered} of {self.total} questions answered"

    def to_dict(self) -> dict:
        return {"total": self.total, "answered": self.answered, "points": self.points,
                "quizzes": [q.to_dict() for q in self.quizzes]}


def _course_order(content: Content) -> list[Quiz]:
    order = [n.file for n in content.course_map.notebooks] if content.course_map else []
    position = {file: i for i, file in enumerate(order)}
    return sorted(content.quizzes.values(), key=lambda q: (position.get(q.notebook, len(order)), q.notebook, q.id))


def score_course(store: Store, content: Content | None = None) -> CourseScores:
    """Every quiz's scores from the store, in the order of the course map."""
    if content is None:
        from course_lib.content import load_content

        content = load_content()
    return CourseScores(tuple(score_quiz(q, store) for q in _course_order(content)))


@dataclass(frozen=True)
class RevealCodes:
    """The reveal code of every quiz, for the facilitator (see the module docstring)."""

    codes: tuple[tuple[str, str, str], ...]  # (quiz id, title, code)

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{escape(title)}</td><td><code>{escape(qid)}</code></td><td><strong>{escape(code)}</strong></td></tr>"
                       for qid, title, code in self.codes)
        return ('<table class="course-reveal-codes"><thead><tr><th scope="col">Quiz</th><th scope="col">Id</th>'
                f'<th scope="col">Reveal code</th></tr></thead><tbody>{rows}</tbody></table>')

    def __str__(self) -> str:
        ids = max((len(qid) for qid, _, _ in self.codes), default=0)
        codes = max((len(code) for _, _, code in self.codes), default=0)
        return "\n".join(f"{qid:<{ids}}  {code:<{codes}}  {title}" for qid, title, code in self.codes)

    def __repr__(self) -> str:
        return f"Reveal codes for {len(self.codes)} quizzes"


def reveal_codes(content: Content | None = None) -> RevealCodes:
    if content is None:
        from course_lib.content import load_content

        content = load_content()
    return RevealCodes(tuple((q.id, q.title, reveal_code(q.id)) for q in _course_order(content)))
