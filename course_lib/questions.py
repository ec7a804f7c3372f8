"""Questions to ask the interviewers: suggestions per interviewer, varied, with the learner's own.

Round two often means meeting several people — HR, the hiring manager, a future colleague, a
senior leader — and each can answer different questions well. Asking everyone the same thing
wastes the conversations, so :func:`suggest` never gives one question to two interviewers. The
learner's own questions come first in each list; suggestions fill the rest.

How a suggestion is chosen, in order of preference (transparent on purpose):
1. a topic this interviewer has not got yet (so one person's list is varied);
2. a question fewer of the interviewers you meet can answer (so the rare ones go where they fit);
3. the order in data/questions_to_ask.yaml, or a shuffled order for "suggest others" (``variant``).
Pure: no widgets. The builder view is in questions_widget.py; what it saves is read and written
by :class:`SavedQuestions`.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from course_lib.markup import escape, source_link
from course_lib.worksheets import as_text, readable, words

SECTION = "worksheet:questions_to_ask"
PER_INTERVIEWER = 3
_BULLET = re.compile(r"^\s*(?:[-*•·‣◦]+|\d{1,3}[.)])\s*")


@dataclass(frozen=True)
class Suggestion:
    text: str
    own: bool  # the learner wrote it
    topic: str | None = None
    source: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class Repeat:
    text: str
    interviewers: tuple[str, ...]  # labels of everyone it is planned for


@dataclass(frozen=True)
class QuestionPlan:
    labels: dict[str, str]  # interviewer id -> label, in the order they are met
    lists: dict[str, tuple[Suggestion, ...]]
    repeats: tuple[Repeat, ...] = ()  # the learner's own questions planned for more than one person
    short: tuple[str, ...] = ()  # interviewers who got fewer than asked for (too few questions left)
    cares_about: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, list[str]]:
        """{interviewer id: [question text, ...]}: what the store and the prep pack keep."""
        return {i: [s.text for s in self.lists[i]] for i in self.labels}

    def __repr__(self) -> str:
        return f"Questions to ask: {len(self.labels)} interviewers, {sum(map(len, self.lists.values()))} questions"

    def _repr_html_(self) -> str:
        parts = []
        for i, label in self.labels.items():
            items = "".join(
                f'<li data-own="{str(s.own).lower()}">{escape(s.text)} '
                f'<small>{"(your own)" if s.own else source_link(s.source)}</small></li>'
                for s in self.lists[i]
            ) or ('<li class="course-questions-empty"><em>No questions left to suggest: '
                 "write your own above.</em></li>")
            cares = f'<br><small>Judging: {escape(self.cares_about[i])}</small>' if i in self.cares_about else ""
            parts.append(f'<div class="course-questions-for" data-interviewer="{escape(i)}">'
                         f"<strong>{escape(label)}</strong>{cares}<ol>{items}</ol></div>")
        for r in self.repeats:
            parts.append(f'<p class="course-box course-bad">To do: you plan to ask “{escape(r.text)}” of '
                         f"{escape(' and '.join(r.interviewers))}. Ask each person something different.</p>")
        return '<div class="course-question-plan">' + "".join(parts) + "</div>"


def normalise(question: str) -> str:
    """Lower-case words only, so 'What's next?' and 'what's next' count as the same question."""
    return " ".join(words(question))


def own_questions(text: str) -> list[str]:
    """The learner's questions from a text box: one per line, bullets and numbers removed, no repeats."""
    seen, found = set(), []
    for line in (text or "").splitlines():
        question = _BULLET.sub("", line).strip()
        key = normalise(question)
        if question and key not in seen:
            seen.add(key)
            found.append(question)
    return found


def suggest(bank, *, meeting=None, own=None, per_interviewer: int = PER_INTERVIEWER,
            variant: int = 0) -> QuestionPlan:
    """Suggest up to ``per_interviewer`` questions for each interviewer in ``meeting``.

    ``bank`` is the content's QuestionsToAsk; ``meeting`` the interviewer ids the learner will meet
    (default: all, in the file's order); ``own`` maps an interviewer id to the learner's own
    questions (a list, or text with one question per line). ``variant`` 0 keeps the file's order;
    any other number gives a different, repeatable mix.
    """
    if isinstance(per_interviewer, bool) or not isinstance(per_interviewer, int) or per_interviewer < 0:
        raise ValueError(f"per_interviewer must be a whole number of at least 0, not {per_interviewer!r}")
    known = {i.id: i for i in bank.interviewers}
    order = list(known) if meeting is None else list(dict.fromkeys(meeting))
    unknown = [i for i in order if i not in known]
    if unknown:
        raise ValueError(f"unknown interviewer {', '.join(map(repr, unknown))} (known: {', '.join(known)})")
    own = own or {}
    extra = [i for i in own if i not in known]
    if extra:
        raise ValueError(f"own questions for unknown interviewer {', '.join(map(repr, extra))} (known: {', '.join(known)})")
    mine = {i: own_questions(as_lines(own.get(i))) for i in order}

    lists: dict[str, list[Suggestion]] = {i: [Suggestion(q, True) for q in mine[i]] for i in order}
    taken = {normalise(q) for qs in mine.values() for q in qs}  # never suggest what they already wrote
    candidates = {}
    for i in order:
        pool = [q for q in bank.questions if i in q.interviewers and normalise(q.text) not in taken]
        if variant:
            random.Random(f"{variant}:{i}").shuffle(pool)
        candidates[i] = pool
    reach = {q.id: sum(1 for i in order if i in q.interviewers) for q in bank.questions}

    used: set[str] = set()
    for round_ in range(per_interviewer):
        turn = order[round_ % len(order):] + order[:round_ % len(order)] if order else []
        for i in turn:
            if len(lists[i]) >= per_interviewer:
                continue
            topics = {s.topic for s in lists[i]}
            free = [(q.topic in topics, reach[q.id], n, q) for n, q in enumerate(candidates[i]) if q.id not in used]
            if not free:
                continue
            q = min(free, key=lambda t: t[:3])[3]
            used.add(q.id)
            lists[i].append(Suggestion(q.text, False, q.topic, q.source, q.id))

    return QuestionPlan(
        labels={i: known[i].label for i in order},
        lists={i: tuple(lists[i]) for i in order},
        repeats=_repeats(order, mine, known),
        short=tuple(i for i in order if len(lists[i]) < per_interviewer),
        cares_about={i: known[i].cares_about for i in order},
    )


def _repeats(order, mine, known) -> tuple[Repeat, ...]:
    """The learner's own questions planned for more than one interviewer."""
    planned: dict[str, list[str]] = {}
    first_text: dict[str, str] = {}
    for i in order:
        for q in mine[i]:
            planned.setdefault(normalise(q), []).append(i)
            first_text.setdefault(normalise(q), q)
    return tuple(Repeat(first_text[k], tuple(known[i].label for i in who))
                 for k, who in planned.items() if len(who) > 1 and k)


def as_lines(value) -> str:
    """Text with one question per line, from text or a list of questions (None: empty)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else "\n".join(str(v) for v in value)


def load_bank(content=None):
    """The content's questions to ask (data/questions_to_ask.yaml)."""
    if content is None:
        from course_lib.content import QuestionsToAsk, load_content

        content = load_content(only=(QuestionsToAsk,))
    if content.questions_to_ask is None:
        raise KeyError("no data/questions_to_ask.yaml in the course's content")
    return content.questions_to_ask


# --- what the builder saves --------------------------------------------------------------------
# Section ``worksheet:questions_to_ask``: ``meeting`` (the interviewer ids ticked), one key per
# interviewer id (the learner's own questions, one per line), ``variant`` (which mix of suggestions
# is shown) and ``plan`` (the final lists, {interviewer id: [questions]}, which the prep pack reads).
@dataclass(frozen=True)
class SavedChoices:
    meeting: tuple[str, ...] | None  # None: nothing (readable) saved, so everyone
    variant: int
    own: dict[str, str]  # interviewer id -> the learner's own questions, one per line


class SavedQuestions:
    """The questions builder's part of the progress store (see the keys above)."""

    def __init__(self, store):
        self.store = store

    def read(self, interviewer_ids) -> SavedChoices:
        saved = self.store.items(SECTION)
        meeting = saved.get("meeting")
        if not isinstance(meeting, list) or not all(isinstance(m, str) for m in meeting):
            meeting = None
        variant = saved.get("variant")
        ok = isinstance(variant, int) and not isinstance(variant, bool) and variant >= 0
        return SavedChoices(None if meeting is None else tuple(meeting), variant if ok else 0,
                            {i: as_lines(saved.get(i)) for i in interviewer_ids})

    def save_own(self, interviewer_id: str, text: str) -> None:
        self.store.save(SECTION, interviewer_id, text, typing=True)

    def save_meeting(self, interviewer_ids) -> None:
        self.store.save(SECTION, "meeting", list(interviewer_ids))

    def save_variant(self, variant: int) -> None:
        self.store.save(SECTION, "variant", variant)

    def save_plan(self, plan: QuestionPlan) -> None:
        self.store.save(SECTION, "plan", plan.as_dict())

    def planned(self, labels: dict[str, str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(interviewer label, questions) for each interviewer with questions: the builder's saved
        plan, or — before it saved one — the learner's own questions (``labels``: id -> label)."""
        saved = self.store.items(SECTION)
        plan = saved.get("plan")
        if not isinstance(plan, dict):
            plan = {k: v for k, v in saved.items() if k in labels}
        found = []
        for who, asked in plan.items():
            lines = asked if isinstance(asked, list) else as_text(asked).splitlines()
            lines = tuple(q.strip() for q in map(as_text, lines) if q.strip())
            if lines:
                found.append((labels.get(who) or readable(who), lines))
        return tuple(found)
