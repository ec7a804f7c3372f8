"""Worksheets: the saved notes of notebooks 02, 03 and 05, the checklists to tick, and feedback
on a paraphrase.

The worksheets themselves are content (data/worksheets.yaml). A learner's text is kept in the
progress store, section ``worksheet:<worksheet id>``, one key per field id; a ``checklist``
worksheet keeps a tick (true or false) per field id instead. This module holds the logic the
worksheet view needs, with no widgets: finding a worksheet, reading saved answers and ticks,
counting length, and the paraphrase check of the active-listening exercise.

The paraphrase check is deliberately simple and says what it looked at. A paraphrase before an
answer should (1) be in the learner's own words, not a copy of the question, (2) be short — one
sentence, under 25 words, about ten seconds aloud at the ≈150 words a minute of conversation
(Street & Brady 1982, in the course's domain notes) — and (3) check understanding, so the
interviewer can confirm or correct it (a question, or a phrase such as "is that right").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from course_lib.checklist import Check, Checklist

SECTION_PREFIX = "worksheet:"
# Private worksheets go into the learner's own prep pack only, never into the results file handed
# to a facilitator (not their texts, not even whether they were used): the pay figures (06), and
# what may touch health, disability or family (05). Kept out even if a copy of
# data/worksheets.yaml lost its 'private: true'.
ALWAYS_PRIVATE = frozenset({"offer_plan", "adjustments_request", "unasked_questions"})

PARAPHRASE_MAX_WORDS = 25  # about ten seconds aloud at 150 words a minute
PARAPHRASE_MIN_WORDS = 4  # fewer cannot show what you understood
COPIED_RUN = 5  # this many of the question's words in a row, in order, reads as a copy
COPIED_SHARE = 0.8  # or this share of your words taken from the question
_MAX_WORDS_COMPARED = 300  # a paraphrase longer than this has failed "short" long before

# A word: letters or digits of any script, with the combining marks some scripts write inside
# words (accents, Hebrew points, Arabic vowel signs), and inner apostrophes ("you'd").
_MARKS = "\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_WORD = re.compile(rf"[^\W_][^\W_{_MARKS}]*(?:[{_MARKS}]+[^\W_]*)*(?:['’][^\W_]+)*")
_CHECKING = re.compile(
    r"\b(is that right|is that correct|is that what you|did i get|have i got|if i understand|"
    r"if i've understood|do you mean|are you asking|you(?:'d| would) like to know|you want to know|"
    r"you(?:'re| are) asking|just to check|to make sure|shall i|would you like|correct me)\b",
    re.IGNORECASE,
)
_ENDS_WITH_QUESTION = re.compile(r"\?[\"'”’)\]]*\s*$")


def section(name: str) -> str:
    """The progress-store section a worksheet's answers are saved in."""
    return f"{SECTION_PREFIX}{name}"


def get_worksheet(name: str, content=None):
    """The worksheet called ``name`` from data/worksheets.yaml (or from ``content``)."""
    if content is None:
        from course_lib.content import Worksheets, load_content

        content = load_content(only=(Worksheets,))  # a broken quiz file elsewhere does not stop a worksheet
    sheets = content.worksheets.worksheets if content.worksheets else []
    for sheet in sheets:
        if sheet.id == name:
            return sheet
    known = ", ".join(s.id for s in sheets) or "none"
    raise KeyError(f"no worksheet {name!r} in data/worksheets.yaml (known: {known})")


def as_text(value) -> str:
    """Saved text as a string; anything else that ended up in the store is shown, not dropped."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    import json

    return json.dumps(value, ensure_ascii=False)


@dataclass(frozen=True)
class Entry:
    """One box of a worksheet as the learner filled it: its label (the field id, made readable,
    for a box the worksheet no longer has) and the text."""

    label: str
    text: str


# What a hand-edited or older store may hold for a ticked box, besides ``true``.
_TICKED_WORDS = {"true", "yes", "done", "ticked", "x", "✓"}


def is_ticked(value) -> bool:
    """Whether a saved checklist value means "ticked": ``True``, or a word such as "done"."""
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() in _TICKED_WORDS


def checklist(sheet, ticks: dict[str, bool]) -> Checklist:
    """A checklist worksheet as the learner ticked it: one check per field, its advice as detail."""
    return Checklist(sheet.title, tuple(Check(f.label, bool(ticks.get(f.id)), f.prompt) for f in sheet.fields),
                     empty_message="Nothing to tick.")


def readable(key: str) -> str:
    """'old_field' -> 'Old field': a key shown to a reader."""
    return key.replace("_", " ").replace("-", " ").strip().capitalize() or key


class SavedWorksheets:
    """The learner's worksheets in the progress store: section ``worksheet:<id>``, one key a field
    id, the text as typed. Anything else found there (an older course's list, a number) is read
    as text, never dropped."""

    def __init__(self, store):
        self.store = store

    def answers(self, sheet) -> dict[str, str]:
        """The latest text for each field of ``sheet`` (empty for fields not yet written)."""
        saved = self.store.items(section(sheet.id))
        return {f.id: as_text(saved.get(f.id)) for f in sheet.fields}

    def save(self, name: str, field_id: str, text: str) -> None:
        self.store.save(section(name), field_id, text, typing=True)

    def ticks(self, sheet) -> dict[str, bool]:
        """A checklist worksheet's boxes: ticked or not, for each of its fields."""
        saved = self.store.items(section(sheet.id))
        return {f.id: is_ticked(saved.get(f.id)) for f in sheet.fields}

    def tick(self, name: str, field_id: str, ticked: bool) -> None:
        self.store.save(section(name), field_id, bool(ticked))

    def checklist(self, sheet) -> Checklist:
        """The checklist ``sheet`` with the learner's ticks (see :func:`checklist`)."""
        return checklist(sheet, self.ticks(sheet))

    def entries(self, name: str, sheet=None) -> tuple[Entry, ...]:
        """Worksheet ``name``'s filled boxes, labelled and in the worksheet's order (``sheet``); boxes
        the worksheet no longer has come last, under their id, since the learner wrote them."""
        saved = self.store.items(section(name))
        labels = {f.id: f.label for f in (sheet.fields if sheet is not None else ())}
        order = list(labels) + [k for k in saved if k not in labels]
        return tuple(Entry(labels.get(k) or readable(k), as_text(saved[k]))
                     for k in order if as_text(saved.get(k)).strip())

    def started(self, name: str) -> bool:
        return bool(self.store.items(section(name)))

    def texts(self, leave_out=()) -> dict[str, dict[str, str]]:
        """Every worksheet's boxes as text, {worksheet id: {field id: text}}, but for the worksheets
        named in ``leave_out`` (the private ones: see :func:`private_ids`)."""
        skip = set(leave_out)
        return {name.removeprefix(SECTION_PREFIX): {k: as_text(v) for k, v in self.store.items(name).items()}
                for name in self.store.sections(SECTION_PREFIX) if name.removeprefix(SECTION_PREFIX) not in skip}


def private_ids(content) -> frozenset[str]:
    """The ids of the worksheets marked ``private`` (pay figures, health or family): they go into the
    learner's own prep pack, never into the results file, whatever the learner chooses to share."""
    sheets = getattr(getattr(content, "worksheets", None), "worksheets", None) or []
    return frozenset(s.id for s in sheets if s.private) | ALWAYS_PRIVATE



def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased (letters and digits of any script; "you'd" is one word)."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def count_words(text: str) -> int:
    return len(_WORD.findall(text or ""))


def length_text(text: str) -> str:
    """'No text yet', or '12 words · 64 characters' (characters as a reader counts them)."""
    if not text or not text.strip():
        return "No text yet"
    n_words, n_chars = count_words(text), len(text)
    return f"{n_words:,} word{'s' if n_words != 1 else ''} · {n_chars:,} character{'s' if n_chars != 1 else ''}"


def filled(sheet, answers: dict[str, str]) -> int:
    """How many of the worksheet's fields hold some text."""
    return sum(1 for f in sheet.fields if answers.get(f.id, "").strip())


def _longest_shared_run(question: list[str], mine: list[str]) -> list[str]:
    """The longest run of consecutive words that appears, in order, in both lists."""
    best_len, best_end = 0, 0
    previous = [0] * (len(question) + 1)
    for word in mine:
        current = [0] * (len(question) + 1)
        for j, q in enumerate(question, start=1):
            if word == q:
                current[j] = previous[j - 1] + 1
                if current[j] > best_len:
                    best_len, best_end = current[j], j
        previous = current
    return question[best_end - best_len:best_end]


def check_paraphrase(question: str, paraphrase: str) -> Checklist:
    """Feedback on a paraphrase of ``question``: own words, short, checks understanding."""
    title = "Your paraphrase"
    if not paraphrase or not paraphrase.strip():
        return Checklist(title, (), empty_message="Not written yet: feedback appears as you type.")
    q_words, mine = words(question), words(paraphrase)
    compared = mine[:_MAX_WORDS_COMPARED]

    run = _longest_shared_run(q_words, compared)
    question_words = set(q_words)
    taken = [w for w in compared if w in question_words]
    share = len(taken) / len(compared) if compared else 0.0
    if mine == q_words:
        own = Check("In your own words", False, "This is the question itself. Say what it asks in your words.")
    elif len(run) >= min(COPIED_RUN, len(q_words)):
        own = Check("In your own words", False,
                    f"You repeat {len(run)} of the question's words in a row: '{' '.join(run)}'. "
                    "Put that part in your own words.")
    elif len(compared) >= PARAPHRASE_MIN_WORDS and share >= COPIED_SHARE:
        own = Check("In your own words", False,
                    f"{share:.0%} of your words come from the question, only reordered. Use your own.")
    else:
        detail = (f"At most {len(run)} of the question's words in a row ('{' '.join(run)}')."
                  if run else "None of the question's words repeated.")
        own = Check("In your own words", True, detail)

    n = len(mine)
    if n < PARAPHRASE_MIN_WORDS:
        short = Check("Short", False,
                      f"{n} word{'s' if n != 1 else ''}: too short to show what you understood. Aim for one sentence.")
    elif n > PARAPHRASE_MAX_WORDS:
        short = Check("Short", False,
                      f"{n:,} words. Keep it to one sentence under {PARAPHRASE_MAX_WORDS} words "
                      "(about ten seconds aloud): it is a check, not the answer.")
    else:
        short = Check("Short", True, f"{n} words: about {max(1, round(n / 2.5))} seconds aloud.")

    phrase = _CHECKING.search(paraphrase[:5000])
    if phrase:
        checks = Check("Checks your understanding", True, f"You ask them to confirm: '{phrase.group(0)}'.")
    elif _ENDS_WITH_QUESTION.search(paraphrase.rstrip()[-20:]):
        checks = Check("Checks your understanding", True, "It ends as a question, so they can confirm or correct it.")
    else:
        checks = Check("Checks your understanding", False,
                       "Make it a question they can answer with 'yes' or a correction, "
                       "e.g. end with 'is that right?'")
    return Checklist(title, (own, short, checks))
