"""Spaced review: every quiz question a learner has answered comes back later, spaced out.

People keep more of what they learn when they have to recall it again, and more still when those
recalls are spread over days rather than bunched together (the testing effect: Roediger and
Karpicke, 2006; the spacing effect: Cepeda et al., 2006, a review of 317 experiments). So each
answered question is a **review card**, scheduled with FSRS (the ``fsrs`` package): a first try
that was wrong or partly right comes back soon, a confident right answer later, and every review
moves the card's next date.

Pure logic, no widgets (the view is :mod:`course_lib.review_widget`). Grading and feedback are the
quiz's own (:func:`course_lib.quizzes.grade`): a review is graded exactly like a quiz answer.

How an answer becomes a rating
------------------------------
FSRS rates each recall Again, Hard, Good or Easy. The course maps a graded answer to one of them:

* wrong (score 0): **Again**: the card comes back the next day;
* partly right (0 < score < 1), or right after asking for a hint: **Hard**;
* right with no hint: **Good**: the card comes back later, and later again after each good review.

Easy is never given: a quiz cannot tell an easy recall from a good one. The scheduler has no
same-day learning steps (a course is visited once a day at most) and no random spread of dates
(fuzzing), so a schedule is the same on every machine and in every test.

The interview date
------------------
When the learner has given their interview date (the one date the follow-up planner of notebook 06
keeps: :class:`course_lib.planner.SavedPlanner`), the schedule fits the days left: a card whose
next date falls on the day before the interview or later is brought forward to the start of that
day (UTC), so every card comes up at least once more before the interview. A card already seen on
that last day keeps its own date. Once the interview date has passed, it no longer counts.

Scores are not touched
----------------------
Review answers are kept apart from quiz answers: quiz, notebook and course scores still add up the
first tries (:mod:`course_lib.quizzes`). What reviews show is what has stuck: how many cards were
reviewed, and how many were right at their latest review (:class:`ReviewHistory`, in notebook 07
and in the results file). A card from a workshop quiz whose answers the facilitator has not revealed
yet does not come up: its review would give the answers away.

Warm-ups and workshops
----------------------
Notebooks 02–07 open with a warm-up: up to :data:`WARM_UP_CARDS` due cards from earlier notebooks,
most overdue first. In workshop mode (``COURSE_QUIZ_MODE=workshop``) warm-ups are off unless the
facilitator sets ``COURSE_WARM_UPS=on`` (``off`` turns them off in practice mode too).

What is saved
-------------
Nothing until a card is reviewed: a card that was never reviewed is scheduled from its quiz
record's first try. Store section ``review``, key ``<quiz id>/<question id>``::

    {"card": {"state": 2, "step": null, "stability": 2.3, "difficulty": 2.1,   # FSRS's card
              "due": "2026-...", "last_review": "2026-..."},
     "reviews": [{"at": "2026-...Z", "score": 1.0, "rating": 3}, ...]}

Time
----
Every function takes a clock (a callable returning an aware UTC datetime; default: the real time),
so tests move time on without waiting.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Callable

from course_lib.quizzes import WORKSHOP, Feedback, Record, grade, is_revealed, resolve_mode, section_name

if TYPE_CHECKING:
    from course_lib.content import Content, Question, Quiz
    from course_lib.progress import Store

SECTION = "review"
WARM_UPS_VAR = "COURSE_WARM_UPS"  # "on" or "off"; unset: on, except in workshop mode
WARM_UP_CARDS = 5  # the most cards a warm-up holds

AGAIN, HARD, GOOD = 1, 2, 3  # FSRS ratings (fsrs.Rating values) the course gives
_EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)  # a first try with no readable time: due at once
_CARD_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review")

Clock = Callable[[], datetime]


# --- time ----------------------------------------------------------------------------------------
def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def system_clock() -> datetime:
    """Now, in UTC."""
    return datetime.now(timezone.utc)


def _parse(moment) -> datetime | None:
    try:
        return _utc(datetime.fromisoformat(moment))
    except (TypeError, ValueError):
        return None


# --- settings ------------------------------------------------------------------------------------
def warm_ups_on(mode: str | None = None) -> bool:
    """Whether warm-ups show: ``$COURSE_WARM_UPS`` (on/off) if set, else on except in workshop mode."""
    given = os.environ.get(WARM_UPS_VAR, "").strip().lower()
    if given in ("on", "yes", "1", "true"):
        return True
    if given in ("off", "no", "0", "false"):
        return False
    if given:
        raise ValueError(f"{WARM_UPS_VAR} is {given!r}; use 'on' or 'off' (unset: on, except in workshop mode).")
    return resolve_mode(mode) != WORKSHOP


# --- ratings and the scheduler -------------------------------------------------------------------
def rating_for(score: float, *, hinted: bool = False) -> int:
    """The FSRS rating of a graded answer (see the module docstring)."""
    if score <= 0:
        return AGAIN
    if not math.isclose(score, 1.0) or hinted:
        return HARD
    return GOOD


@lru_cache(maxsize=1)
def scheduler():
    import fsrs

    return fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


@lru_cache(maxsize=8)
def _first_interval(rating: int) -> timedelta:
    """How long after a first try its card is due: the same for every first try of one rating."""
    import fsrs

    card, _ = scheduler().review_card(fsrs.Card(card_id=0), fsrs.Rating(rating), _EARLIEST)
    return card.due - _EARLIEST


def _first_card(rating: int, at: datetime):
    import fsrs

    card, _ = scheduler().review_card(fsrs.Card(card_id=0), fsrs.Rating(rating), at)
    return card


def _saved_card(value):
    """FSRS's card from a saved value, or None when it cannot be read."""
    import fsrs

    if not isinstance(value, dict) or not all(k in value for k in _CARD_FIELDS):
        return None
    try:
        card = fsrs.Card.from_dict({"card_id": 0, **{k: value[k] for k in _CARD_FIELDS}})
    except (TypeError, ValueError, KeyError):
        return None
    return card if card.due.tzinfo is not None else None


def _card_value(card) -> dict:
    saved = card.to_dict()
    return {k: saved[k] for k in _CARD_FIELDS}


# --- cards ---------------------------------------------------------------------------------------
def card_key(quiz_id: str, question_id: str) -> str:
    return f"{quiz_id}/{question_id}"


@dataclass(slots=True)  # not frozen: a frozen dataclass is five times slower to make, and a warm-up makes hundreds
class ReviewCard:
    """One answered question and when it is next due (read-only by convention)."""

    quiz: Quiz
    question: Question
    due: datetime  # with the interview date taken into account
    last_seen: datetime  # the first try, or the latest review
    first_score: float
    first_rating: int
    reviews: tuple[dict, ...] = ()  # {"at", "score", "rating"}, oldest first

    @property
    def key(self) -> str:
        return card_key(self.quiz.id, self.question.id)

    @property
    def notebook(self) -> str:
        return self.quiz.notebook

    @property
    def stuck(self) -> bool:
        """Reviewed, and fully right at the latest review."""
        return bool(self.reviews) and math.isclose(self.reviews[-1]["score"], 1.0)


def _reviews(value) -> tuple[dict, ...]:
    out = []
    for r in value.get("reviews") or [] if isinstance(value, dict) else []:
        score = r.get("score") if isinstance(r, dict) else None
        if type(score) in (int, float) and 0 <= score <= 1 and _parse(r.get("at")) is not None:
            out.append(r)
    return tuple(out)


@dataclass(frozen=True)
class ReviewHistory:
    """What has stuck, as counts (never texts): the 07 summary and the results file's ``review``."""

    cards: int  # answered questions
    reviewed: int  # cards reviewed at least once
    stuck: int  # reviewed cards right at their latest review
    reviews: int  # review answers in all
    due: int  # cards due now

    def to_dict(self) -> dict:
        return {"cards": self.cards, "reviewed": self.reviewed, "stuck": self.stuck, "reviews": self.reviews}

    def sentence(self) -> str:
        if not self.reviewed:
            return "No reviews yet."
        return (f"You have reviewed {self.reviewed} of your {self.cards} card{'s' if self.cards != 1 else ''}: "
                f"{self.stuck} {'was' if self.stuck == 1 else 'were'} right at the latest review.")


class ReviewDeck:
    """A learner's review cards, read from the progress store, and the reviews they give.

    ``clock``: a callable giving now (default :func:`system_clock`); tests pass their own.
    """

    def __init__(self, store: Store, content: Content | None = None, *, clock: Clock | None = None):
        if content is None:
            from course_lib.content import load_content

            content = load_content()
        from course_lib.quizzes import _course_order

        self.store, self.content = store, content
        self.clock = clock or system_clock
        self.quizzes = _course_order(content)
        order = [n.file for n in content.course_map.notebooks] if content.course_map else []
        self._position = {file: i for i, file in enumerate(order)}

    # --- the interview date ----------------------------------------------------------------
    @property
    def interview_date(self) -> date | None:
        from course_lib.planner import SavedPlanner

        return SavedPlanner(self.store).read().interview_date

    def save_interview_date(self, day: date | None) -> None:
        """Keep the interview date where the follow-up planner keeps it (one date, not two)."""
        from course_lib.planner import SavedPlanner

        SavedPlanner(self.store).save_date("interview_date", day)

    def last_chance(self, now: datetime | None = None) -> datetime | None:
        """The start (UTC) of the day before the interview, while the interview is still ahead."""
        day, now = self.interview_date, now or self.clock()
        if day is None or day <= now.date():
            return None
        return datetime.combine(day - timedelta(days=1), time(0), tzinfo=timezone.utc)

    # --- reading ---------------------------------------------------------------------------
    def cards(self, *, now: datetime | None = None) -> list[ReviewCard]:
        """Every answered question as a card, in course order (held workshop quizzes left out)."""
        now = now or self.clock()
        cap = self.last_chance(now)
        saved = self.store.items(SECTION)
        out = []
        for quiz in self.quizzes:
            answers = self.store.items(section_name(quiz.id))
            if not answers:
                continue
            tries = [(q, Record.first_try(answers.get(q.id))) for q in quiz.questions]
            tries = [(q, t) for q, t in tries if t is not None]
            if any(a.get("mode") == WORKSHOP for _, (_, attempts, _) in tries for a in attempts) \
                    and not is_revealed(self.store, quiz.id):
                continue
            for q, (first, _, hints) in tries:
                out.append(self._card(quiz, q, first, hints, saved.get(card_key(quiz.id, q.id)), cap))
        return out

    def _card(self, quiz, question, first: dict, hints: int, value, cap: datetime | None) -> ReviewCard:
        first_at = _parse(first.get("at")) or _EARLIEST
        rating = rating_for(first["score"], hinted=hints > 0)
        reviews = _reviews(value) if value is not None else ()
        saved = _saved_card(value.get("card")) if reviews else None
        if saved is not None:
            due, seen = saved.due, saved.last_review or _parse(reviews[-1]["at"])
        else:
            due, seen = first_at + _first_interval(rating), first_at
        if cap is not None and due > cap and seen < cap:
            due = cap
        return ReviewCard(quiz, question, due, seen, first["score"], rating, reviews)

    def due(self, *, before_notebook: str | None = None, limit: int | None = None,
            now: datetime | None = None) -> list[ReviewCard]:
        """The cards due now, most overdue first; only from notebooks before ``before_notebook``."""
        now = now or self.clock()
        if before_notebook is not None:
            if before_notebook not in self._position:
                raise ValueError(f"{before_notebook!r} is not a notebook of the course map "
                                 f"({', '.join(self._position)})")
            limit_at = self._position[before_notebook]
            cards = [c for c in self.cards(now=now) if self._position.get(c.notebook, limit_at) < limit_at]
        else:
            cards = self.cards(now=now)
        due = sorted((c for c in cards if c.due <= now), key=lambda c: (c.due, c.key))
        return due if limit is None else due[:limit]

    def warm_up(self, notebook: str, *, now: datetime | None = None) -> list[ReviewCard]:
        """The warm-up for ``notebook``: up to WARM_UP_CARDS due cards from earlier notebooks."""
        return self.due(before_notebook=notebook, limit=WARM_UP_CARDS, now=now)

    def history(self, *, now: datetime | None = None) -> ReviewHistory:
        now = now or self.clock()
        cards = self.cards(now=now)
        reviewed = [c for c in cards if c.reviews]
        return ReviewHistory(cards=len(cards), reviewed=len(reviewed), stuck=sum(c.stuck for c in reviewed),
                             reviews=sum(len(c.reviews) for c in reviewed), due=sum(c.due <= now for c in cards))

    def next_due(self, *, now: datetime | None = None) -> datetime | None:
        """When the next card not yet due falls due (None: no cards, or all due now)."""
        now = now or self.clock()
        later = [c.due for c in self.cards(now=now) if c.due > now]
        return min(later, default=None)

    # --- writing ---------------------------------------------------------------------------
    def answer(self, card: ReviewCard, response) -> Feedback:
        """Grade a review answer as the quiz does, move the card's schedule and save it.

        Raises NoAnswer or AnswerError (from :func:`course_lib.quizzes.grade`) without saving."""
        import fsrs

        feedback = grade(card.question, response, notebook=card.quiz.notebook)
        now = self.clock()
        value = self.store.load(SECTION, card.key)
        reviews = list(_reviews(value))
        fsrs_card = _saved_card(value.get("card")) if reviews and isinstance(value, dict) else None
        if fsrs_card is None:  # never reviewed: the card as its first try left it
            fsrs_card = _first_card(card.first_rating, min(card.last_seen, now))
        rating = rating_for(feedback.score)
        moved, _ = scheduler().review_card(fsrs_card, fsrs.Rating(rating), max(now, fsrs_card.last_review or now))
        reviews.append({"at": now.isoformat(timespec="seconds"), "score": feedback.score, "rating": rating})
        self.store.save(SECTION, card.key, {"card": _card_value(moved), "reviews": reviews})
        return feedback
