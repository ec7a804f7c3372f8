"""The story bank: the STAR stories a learner keeps, and the coach's working copies. Pure: no widgets.

Everything about how stories are saved lives here, so the views (:mod:`course_lib.star_widget`), the
prep pack and the results file (:mod:`course_lib.export`) read and write them one way.

Progress-store layout:

* section ``star``, key ``story-<n>``: a filed story, ``{"mode": "free" | "guided", "text": ...,
  "parts": {part: text} (guided only), "question_id", "question", "updated", "practice"?}``.
  Older copies of the course left plain text, ``{"title", "answer"}``, or the four parts at the top
  level; :meth:`Story.from_saved` reads them all (the one place old shapes are understood).
* section ``star:draft``: the working copies, saved as the learner types — ``coach`` (the coach's
  answer, its question, the story it was filed as and the text filed), ``mock`` (mock practice's
  answer and question) and ``job`` (the job advert pasted into the coach).

The rule that protects a learner's edits: the coach updates the story it filed only while that story
still holds the text the coach filed; a story edited in the bank since is never overwritten, and the
coach files a new one instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from course_lib.star import PART_LABELS, PARTS

SECTION = "star"
DRAFTS = "star:draft"
FREE, GUIDED = "free", "guided"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def story_number(key: str) -> int:
    """The n of ``story-<n>`` (0 for a key of another shape, from an older copy of the course)."""
    tail = key.rsplit("-", 1)[-1]
    return int(tail) if key.startswith("story-") and tail.isdigit() else 0


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def joined(parts: dict) -> str:
    """The guided boxes as one answer: each non-empty box a paragraph, in STAR order."""
    return "\n\n".join(t.strip() for t in (_text(parts.get(p)) for p in PARTS) if t.strip())


# --- an answer, as the editor keeps it ---------------------------------------------------------
@dataclass(frozen=True)
class Answer:
    """An answer as written: free text, or the four guided boxes (``parts``) with ``text`` their join."""

    text: str = ""
    mode: str = FREE
    parts: dict = field(default_factory=dict)

    @classmethod
    def from_saved(cls, value) -> Answer:
        """Any saved answer: a record, plain text (older copies) or anything else (read as empty)."""
        if isinstance(value, str):
            return cls(value)
        if not isinstance(value, dict):
            return cls()
        parts = value.get("parts") if isinstance(value.get("parts"), dict) else {}
        parts = {p: _text(parts.get(p)) for p in PARTS} if parts else {}
        if any(isinstance(value.get(p), str) for p in PARTS) and not parts:  # the boxes at the top level
            parts = {p: _text(value.get(p)) for p in PARTS}
            text = _text(value.get("text")) or _text(value.get("answer")) or joined(parts)
            return cls(text, GUIDED if joined(parts) else FREE, parts if joined(parts) else {})
        text = _text(value.get("text")) or _text(value.get("answer"))
        guided = value.get("mode") == GUIDED and any(parts.values())
        return cls(text or (joined(parts) if guided else ""), GUIDED if guided else FREE, parts if guided else {})

    @property
    def declared(self) -> tuple[tuple[int, int, str], ...]:
        """The parts the writer put their sentences under: the guided boxes' places in ``text``."""
        return box_spans(self.text, self.parts) if self.mode == GUIDED else ()

    def saved(self) -> dict:
        record = {"mode": self.mode, "text": self.text}
        if self.mode == GUIDED:
            record["parts"] = dict(self.parts)
        return record


@dataclass(frozen=True)
class Story(Answer):
    """A filed story: its key (``story-<n>``), the answer, and the question it answers."""

    key: str = ""
    question: str = ""
    question_id: str | None = None
    practice: bool = False
    updated: str = ""

    @classmethod
    def from_saved(cls, key: str, value) -> Story:
        answer = Answer.from_saved(value)
        record = value if isinstance(value, dict) else {}
        question = next((record[k] for k in ("question", "title") if isinstance(record.get(k), str)), "")
        question_id = record.get("question_id") if isinstance(record.get("question_id"), str) else None
        return cls(answer.text, answer.mode, answer.parts, key=key, question=question, question_id=question_id,
                   practice=record.get("practice") is True, updated=_text(record.get("updated")))

    @property
    def number(self) -> int:
        return story_number(self.key)


@dataclass(frozen=True)
class CoachDraft(Answer):
    """The coach's working copy: the answer, its question, and the story it was filed as (if any)
    with the text filed — compared with the bank's copy to see whether the learner edited it there."""

    question_id: str | None = None
    story: str | None = None
    filed_text: str | None = None  # None: a draft from before this was kept

    @classmethod
    def from_saved(cls, value) -> CoachDraft:
        answer = Answer.from_saved(value)
        record = value if isinstance(value, dict) else {}
        story = record.get("story") if isinstance(record.get("story"), str) else None
        filed = record.get("filed_text")
        return cls(answer.text, answer.mode, answer.parts,
                   question_id=record.get("question_id") if isinstance(record.get("question_id"), str) else None,
                   story=story, filed_text=filed if isinstance(filed, str) else None)

    def saved(self) -> dict:
        return {**super().saved(), "question_id": self.question_id, "story": self.story,
                "filed_text": self.filed_text or ""}


@dataclass(frozen=True)
class MockDraft:
    """Mock practice's working copy: the question, the answer, and whether it is in the bank."""

    question_id: str | None = None
    text: str = ""
    filed: bool = False

    @classmethod
    def from_saved(cls, value) -> MockDraft:
        record = value if isinstance(value, dict) else {"text": value}
        question_id = record.get("question_id")
        return cls(question_id if isinstance(question_id, str) else None, _text(record.get("text")),
                   bool(record.get("filed")))

    def saved(self) -> dict:
        return {"question_id": self.question_id, "text": self.text, "filed": self.filed}


# --- the bank ----------------------------------------------------------------------------------
class StoryBank:
    """The learner's stories and working copies in ``store`` (see the module docstring)."""

    def __init__(self, store):
        self.store = store

    # stories
    def stories(self) -> list[Story]:
        """The stories with some text, numbered ones in number order, then any others by key."""
        found = [Story.from_saved(k, v) for k, v in self.store.items(SECTION).items()]
        return sorted((s for s in found if s.text.strip()), key=lambda s: (s.number or 10**9, s.key))

    def story(self, key: str | None) -> Story | None:
        return None if key is None else Story.from_saved(key, self.store.load(SECTION, key))

    def file(self, answer: Answer, **about) -> str:
        """Put ``answer`` (with ``about``: question_id, question, practice) in the bank under a new
        key, and return it. Two notebooks filing at once cannot take the same key: each claims its
        key atomically."""
        record = {**answer.saved(), **about, "updated": now()}
        n = max((story_number(k) for k in self.store.items(SECTION)), default=0) + 1
        while True:
            key = f"story-{n}"
            if self.store.setdefault(SECTION, key, record) == record:
                return key
            n += 1

    def update(self, key: str, answer: Answer, **about) -> None:
        """Replace story ``key``'s answer (and ``about``), keeping what else the record holds."""
        stored = self.store.load(SECTION, key, {})
        kept = {k: v for k, v in stored.items() if k != "parts"} if isinstance(stored, dict) else {}
        self.store.save(SECTION, key, {**kept, **answer.saved(), **about, "updated": now()})

    def edited_since_filed(self, key: str | None, filed_text: str | None) -> bool:
        """Whether story ``key`` no longer holds ``filed_text`` (the learner changed it in the bank,
        or it is gone): then it must not be overwritten."""
        return key is None or self.story(key).text != (filed_text or "")

    def keep(self, answer: Answer, key: str | None, filed_text: str | None, **about) -> tuple[str, bool]:
        """File ``answer`` for the coach: update story ``key`` if it still holds ``filed_text``,
        else file a new story. Returns (the key, whether an existing story was updated)."""
        if key is not None and not self.edited_since_filed(key, filed_text):
            self.update(key, answer, **about)
            return key, True
        return self.file(answer, **about), False

    # working copies
    def coach_draft(self) -> CoachDraft:
        draft = CoachDraft.from_saved(self.store.load(DRAFTS, "coach", {}))
        if draft.story and draft.filed_text is None:  # an older draft: the bank's copy is all there is
            story = self.story(draft.story)
            draft = CoachDraft(draft.text, draft.mode, draft.parts, question_id=draft.question_id,
                               story=draft.story, filed_text=story.text if story else "")
        return draft

    def save_coach_draft(self, draft: CoachDraft) -> None:
        self.store.save(DRAFTS, "coach", draft.saved(), typing=True)

    def mock_draft(self) -> MockDraft:
        return MockDraft.from_saved(self.store.load(DRAFTS, "mock", {}))

    def save_mock_draft(self, draft: MockDraft) -> None:
        self.store.save(DRAFTS, "mock", draft.saved(), typing=True)

    def job_advert(self) -> str:
        return _text(self.store.load(DRAFTS, "job", ""))

    def save_job_advert(self, text: str) -> None:
        self.store.save(DRAFTS, "job", text, typing=True)


# --- the guided boxes --------------------------------------------------------------------------
def sort_into_parts(report) -> dict[str, str]:
    """A free answer's sentences sorted into the four boxes as the coach reads them (``report``:
    :func:`course_lib.star.analyze`'s). A sentence the coach cannot place stays with the one before."""
    boxes: dict[str, list[str]] = {part: [] for part in PARTS}
    last = PARTS[0]
    for sentence in report.sentences:
        last = sentence.part or last
        boxes[last].append(sentence.text.strip())
    return {part: " ".join(found) for part, found in boxes.items()}


@dataclass(frozen=True)
class Mismatch:
    """A sentence in one guided box that the coach reads as another part."""

    number: int
    box: str
    read_as: str
    text: str

    def __str__(self) -> str:
        return (f"Sentence {self.number}, in your {PART_LABELS[self.box]} box, reads as "
                f"{PART_LABELS[self.read_as]}: “{self.text[:120]}”")


def box_spans(text: str, boxes: dict) -> tuple[tuple[int, int, str], ...]:
    """Where each non-empty guided box sits in ``text`` (the boxes joined), as (start, end, part):
    what :func:`course_lib.star.analyze` takes as the parts the writer declared."""
    spans, at = [], 0
    for part in PARTS:
        value = _text(boxes.get(part)).strip()
        start = text.find(value, at) if value else -1
        if start >= 0:
            spans.append((start, start + len(value), part))
            at = start + len(value)
    return tuple(spans)


def mismatches(report, boxes: dict[str, str]) -> list[Mismatch]:
    """Sentences of ``report`` (the reading of the joined ``boxes``) that sit in a box the coach
    reads as another part, in the answer's order."""
    spans = box_spans(report.text, boxes)
    found = []
    for s in report.sentences:
        box = next((part for a, b, part in spans if a <= s.start < b), None)
        if s.part and box and s.part != box:
            found.append(Mismatch(s.number, box, s.part, s.text))
    return found
