"""Tracks: who the learner is, so the course can show what fits them first.

A learner may say which of the :data:`TRACKS` they belong to (notebook 00), or keep the default,
"prefer not to say" (:data:`UNSAID`). Content items carry the tracks they were written for
(``tracks: [graduate, career-changer]``; an item with no ``tracks`` is for everyone). The views of
notebook 04 then list the items tagged for the learner's track first, and every other item after
them: the course is tailored, never forked (:func:`ordered`).

The track names and labels live here and nowhere else: ``content.py`` checks the data against
them, and the views read them from here. Every track must have enough tagged items to be worth
choosing (:data:`MINIMUMS`, checked by ``validate`` through :func:`problems`).

The learner's choice is kept in the progress store's ``profile`` section by :class:`SavedTrack`,
so a reset of the answers keeps it, like the pseudonym. Pure: no widgets (the picker is in
track_widget.py).
"""

from __future__ import annotations

from typing import NamedTuple


class Track(NamedTuple):
    label: str  # in the picker: "Career changer"
    people: str  # in a sentence: "Questions for career changers come first."


# id -> the track. The order is the order the picker offers them in.
TRACKS = {
    "graduate": Track("Graduate or student", "graduates and students"),
    "career-changer": Track("Career changer", "career changers"),
    "experienced": Track("Experienced professional", "experienced professionals"),
    "manager": Track("Manager or team leader", "managers and team leaders"),
    "technical": Track("Technical role", "people in technical roles"),
}
UNSAID = "unsaid"
UNSAID_LABEL = "Prefer not to say"

SECTION, KEY = "profile", "track"

# The items each track must have tagged for it:
# (content attribute, list field, how many at least, file, what to call them).
MINIMUMS = (
    ("question_bank", "questions", 8, "question_bank.yaml", "questions"),
    ("star_examples", "examples", 2, "star_examples.yaml", "STAR examples"),
)


def choices() -> list[tuple[str, str]]:
    """(label, id) for a picker: "Prefer not to say" first (the default), then every track."""
    return [(UNSAID_LABEL, UNSAID)] + [(t.label, track) for track, t in TRACKS.items()]


def label(track: str | None) -> str:
    """What the learner reads for ``track`` ("Prefer not to say" for none)."""
    return TRACKS[track].label if track in TRACKS else UNSAID_LABEL


def unknown(tracks) -> list[str]:
    """The names in ``tracks`` that are not tracks of the course (for content validation)."""
    return [t for t in tracks if t not in TRACKS]


def tagged(item, track: str | None) -> bool:
    """Whether ``item`` was tagged for ``track`` (an untagged item is for everyone, but tagged for no one)."""
    return track in TRACKS and track in (getattr(item, "tracks", None) or ())


def ordered(items, track: str | None) -> list:
    """``items`` with those tagged for ``track`` first, then the rest, each group in its original
    order. No track (or "prefer not to say"): the original order, unchanged."""
    items = list(items)
    first = [item for item in items if tagged(item, track)]
    return first + [item for item in items if not tagged(item, track)]


def first_note(items, track: str | None, what: str, *, drawn: bool = False) -> str:
    """The sentence a view shows above a list ordered for ``track`` ("The first 3 questions are
    chosen for career changers, ...; all the others follow."); ``drawn``: for questions drawn at
    random (:func:`draw`). "" with no track, or none of ``items`` tagged for it."""
    n = sum(tagged(item, track) for item in items)
    if not n:
        return ""
    chose = f"{TRACKS[track].people}, the track you chose in notebook 00"
    if drawn:
        return (f"The {n} {what} for {chose}, come up first; when you have had them all, any of the others "
                "can come up.")
    first = f"The first {n} {what} are" if n > 1 else f"The first of the {what} is"
    return f"{first} for {chose}; all the others follow."


def draw(items, track: str | None, asked, rng):
    """The next question for mock practice, at random (``rng``): with a track, one tagged for it
    and not yet ``asked`` (ids) while any is left, then one of the others not yet asked, then any.
    No track: any of ``items``, as before there were tracks. None when there are no items."""
    items = list(items)
    if not items:
        return None
    if track in TRACKS:
        asked = set(asked)
        for group in (True, False):
            fresh = [item for item in items if tagged(item, track) is group and item.id not in asked]
            if fresh:
                return rng.choice(fresh)
    return rng.choice(items)


def counts(content) -> dict[str, dict[str, int]]:
    """{track: {"questions": n, "STAR examples": n, "model answers": n}}: the items tagged for each track."""
    found = {}
    for track in TRACKS:
        row = {}
        for attr, field, _least, _file, name in MINIMUMS + (("model_answers", "answers", 0, "", "model answers"),):
            holder = getattr(content, attr, None)
            row[name] = sum(tagged(item, track) for item in getattr(holder, field, ()))
        found[track] = row
    return found


def problems(content) -> list[str]:
    """A line for every track with fewer tagged items than :data:`MINIMUMS` asks, naming the file,
    the track, the count and the minimum. A file not loaded is not checked."""
    found = []
    for attr, field, least, file, name in MINIMUMS:
        holder = getattr(content, attr, None)
        if holder is None:
            continue
        label_ = content.shown_name(file)
        for track in TRACKS:
            n = sum(tagged(item, track) for item in getattr(holder, field))
            if n < least:
                found.append(f"{label_}: track '{track}' has {n} of the {least} {name} it needs tagged for it in "
                             f"'tracks': tag more {name} with '{track}', or add some")
    return found


class SavedTrack:
    """The learner's track in the progress store (section ``profile``, key ``track``)."""

    def __init__(self, store):
        self.store = store

    def read(self) -> str:
        """The saved track, or :data:`UNSAID` when none (or something unreadable) is saved."""
        value = self.store.load(SECTION, KEY)
        return value if isinstance(value, str) and value in TRACKS else UNSAID

    def save(self, track: str) -> None:
        if track != UNSAID and track not in TRACKS:
            raise ValueError(f"unknown track {track!r} (known: {UNSAID}, {', '.join(TRACKS)})")
        self.store.save(SECTION, KEY, track)


def learner_track(store) -> str | None:
    """The learner's track for ordering (None for "prefer not to say")."""
    track = SavedTrack(store).read()
    return None if track == UNSAID else track
