"""The class picture, without a server: learners' results files rolled up for a facilitator.

Each learner writes a results file (:func:`course_lib.export.write_results`, or ``python -m
course_lib results``) and hands it in; the facilitator puts them in one folder. :func:`roll_up`
reads the folder and counts:

* completion per notebook: how many learners finished it, started it, or did not start;
* the score distribution per question: right the first time, partly right, not right — so the
  questions the class found hard stand out;
* the STAR coach's signals over every story: which parts are present, "I" rather than "we", a
  number in the result, a real event rather than a hypothetical, a speaking time of 1.5–2 minutes.

Files that cannot be counted are skipped and listed with the reason, one line each: malformed
(empty, not JSON, too large, a field missing, out of range or beyond the limits below), foreign (not
a results file of this course, from a newer version of it, a link, a pipe or a device), duplicates
(an exact copy) and conflicts (two different files carrying the same learner id: see
:func:`roll_up`). Nothing is written to the folder.

The files come from many people, so they are read as untrusted: regular files only, never a link
(which could point anywhere, even at an endless device), at most ``MAX_FILE_BYTES`` each and
``MAX_FOLDER_BYTES`` in all, a strict schema with limits on ids and counts, and every way parsing can
fail caught. One hostile or broken file costs one line in "files skipped", never the report. One
learner cannot weigh more than one: the STAR signals give each learner's stories one share in all.

Pure: the roll-up reads files and counts; the charts (matplotlib) are drawn on request, and the
HTML report embeds them as pictures with their text descriptions.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import json
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from course_lib.export import RESULTS_FORMAT, RESULTS_VERSION
from course_lib.star import PARTS as STAR_PARTS
from course_lib.markup import escape

TARGET_MINUTES = (1.5, 2.0)  # a STAR answer spoken in 1.5-2 minutes (domain notes: ≈150 words a minute)

# STAR signals in the order the report shows them: (key, label)
SIGNALS = (
    ("part:situation", "Sets the situation"),
    ("part:task", "Names the task"),
    ("part:action", "Tells the action"),
    ("part:result", "Gives the result"),
    ("all_parts", "All four parts"),
    ("mostly_i", "Says “I” more than “we”"),
    ("quantified_result", "A number in the result"),
    ("real_event", "A real event, not a hypothetical"),
    ("target_length", "1.5–2 minutes aloud"),
)


# Limits of what a results file may hold. The course's own files stay far below them (about 10
# notebooks, 10 quizzes of up to 20 questions, a few stories, some kilobytes); they are there so
# that no single file can make the report slow, huge or unreadable.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FOLDER_BYTES = 200 * 1024 * 1024
MAX_BRACKETS = 20_000  # containers ({ and [): a results file holds a few hundred
MAX_NOTEBOOKS = 50
MAX_QUIZZES = 50
MAX_QUESTIONS = 200  # per quiz
MAX_STORIES = 50  # per learner
MAX_NAME = 100  # learner id, pseudonym, notebook file, quiz and question ids
# ids as the course makes them: letters, digits, '.', '_' and '-' (no spaces, no '$', no control
# characters), so nothing a results file names can turn into markup or a drawing command
_ID = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._-]{{0,{MAX_NAME - 1}}}")
CHART_ROWS = 25  # notebooks shown in the completion table and chart


class Malformed(ValueError):
    """A results file that does not hold what a results file holds (the message says where)."""


class Foreign(ValueError):
    """A file that is not a results file of this course."""


def _excerpt(value, limit: int = 30) -> str:
    """A short, printable stand-in for something a file holds, for an error message."""
    text = value if isinstance(value, str) else type(value).__name__
    shown = "".join(ch if ch.isprintable() else "?" for ch in text[:limit])
    return f"“{shown}{'…' if len(text) > limit else ''}”"


def shown_name(name: str, limit: int = 120) -> str:
    """A file or folder name as it can be printed and written to a page: a name that is not valid
    UTF-8 (the system hands it over with stand-in characters) shows U+FFFD where the bad bytes
    were, and control characters (a line break could fake a line of the report) show as '?'."""
    if name.isprintable() and len(name) <= limit:  # nearly every name: nothing to change
        return name
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    text = "".join(ch if ch.isprintable() or ch == " " else "?" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- checking one file ---------------------------------------------------------------------------
def _need(condition: bool, where: str, what: str) -> None:
    if not condition:
        raise Malformed(f"'{where}' {what}")


def _is_int(value) -> bool:
    return type(value) is int  # not bool, which is an int to Python


def _in_range(value, low, high) -> bool:
    return type(value) in (int, float) and low <= value <= high  # NaN is in no range


def check_results(data) -> dict:
    """``data`` if it is a results file this version can read; Foreign or Malformed otherwise.
    (Messages are built only for what is wrong: a class of 1,000 files is checked in a blink.)"""
    if not isinstance(data, dict) or data.get("format") != RESULTS_FORMAT:
        raise Foreign("not a results file of this course")
    version = data.get("version")
    _need(_is_int(version) and version >= 1, "version", "must be a whole number from 1")
    if version > RESULTS_VERSION:
        raise Foreign(f"made by a newer version of the course (results format {version}); update the course to read it")
    _need("learner" in data, "learner", "is missing")
    _check_id(data["learner"], "learner")
    check_pseudonym(data.get("pseudonym"))
    moment = data.get("exported_at")
    try:
        if len(moment) > 40:
            raise ValueError
        _when(data).astimezone(timezone.utc)  # comparable with every other file's
    except (TypeError, ValueError, OverflowError):
        raise Malformed("'exported_at' is not a date and time") from None
    notebooks = data.get("notebooks")
    _need(isinstance(notebooks, dict), "notebooks", "must be a mapping")
    _within(notebooks, MAX_NOTEBOOKS, "notebooks", "notebooks")
    for name, tally in notebooks.items():
        _check_id(name, "notebooks")
        ok = isinstance(tally, dict) and _is_int(tally.get("done")) and _is_int(tally.get("of"))
        _need(ok, f"notebooks → {name}", "needs whole numbers 'done' and 'of'")
        _need(0 <= tally["done"] <= tally["of"] <= 10_000, f"notebooks → {name}", "has 'done' outside 0..'of'")
    quizzes = data.get("quizzes")
    _need(isinstance(quizzes, dict), "quizzes", "must be a mapping")
    _within(quizzes, MAX_QUIZZES, "quizzes", "quizzes")
    for quiz_id, quiz in quizzes.items():
        _check_id(quiz_id, "quizzes")
        _need(isinstance(quiz, dict) and isinstance(quiz.get("questions"), dict), f"quizzes → {quiz_id}",
              "needs 'questions'")
        _need(isinstance(quiz.get("held", False), bool), f"quizzes → {quiz_id} → held", "must be true or false")
        _within(quiz["questions"], MAX_QUESTIONS, f"quizzes → {quiz_id}", "questions")
        for question, score in quiz["questions"].items():
            _check_id(question, f"quizzes → {quiz_id}")
            if score is not None and not _in_range(score, 0, 1):
                raise Malformed(f"'quizzes → {quiz_id} → {question}' must be a score from 0 to 1")
    star = data.get("star")
    _need(isinstance(star, list), "star", "must be a list")
    _within(star, MAX_STORIES, "star", "STAR stories")
    for n, story in enumerate(star, 1):
        check_story(story, f"star → story {n}")
    if "review" in data:  # files from before the spaced review have none
        _check_review(data["review"])
    return data


def check_pseudonym(pseudonym, where: str = "pseudonym") -> str:
    """``pseudonym`` if it is one a results file may carry (1 to MAX_NAME printable characters);
    Malformed otherwise."""
    _need(isinstance(pseudonym, str), where, "is missing")
    if not (0 < len(pseudonym) <= MAX_NAME and pseudonym.isprintable()):
        raise Malformed(f"'{where}' must be up to {MAX_NAME} printable characters, not {_excerpt(pseudonym)}")
    return pseudonym


def check_id(value, where: str) -> str:
    """``value`` if it is an id as the course makes them (see ``_ID``); Malformed otherwise."""
    _check_id(value, where)
    return value


def check_story(story, where: str) -> dict:
    """``story`` if it holds a STAR story's signals as a results file carries them; Malformed
    otherwise (``where`` names it in the message, e.g. "star → story 2")."""
    _need(isinstance(story, dict), where, "must be a mapping")
    parts = story.get("parts_present", [])
    ok = isinstance(parts, list) and len(parts) <= len(_PARTS) and all(isinstance(p, str) for p in parts)
    _need(ok and set(parts) <= _PARTS, f"{where} → parts_present", f"may only name {', '.join(STAR_PARTS)}")
    for key, low, high in _STORY_NUMBERS:
        value = story.get(key)
        if value is not None and not _in_range(value, low, high):
            raise Malformed(f"'{where} → {key}' must be a number from {low} to {high}")
    for key in ("quantified_result", "hypothetical"):
        _need(isinstance(story.get(key, False), bool), f"{where} → {key}", "must be true or false")
    return story


REVIEW_COUNTS = ("cards", "reviewed", "stuck", "reviews")
MAX_CARDS = MAX_QUIZZES * MAX_QUESTIONS
MAX_REVIEWS = 1_000_000


def _check_review(review) -> None:
    """The spaced review's counts: whole numbers with stuck ≤ reviewed ≤ cards, and reviewed ≤ reviews."""
    _need(isinstance(review, dict) and set(review) == set(REVIEW_COUNTS) and all(_is_int(review[k]) for k in REVIEW_COUNTS),
          "review", f"needs exactly the whole numbers {', '.join(REVIEW_COUNTS)}")
    ok = (0 <= review["stuck"] <= review["reviewed"] <= review["cards"] <= MAX_CARDS
          and review["reviewed"] <= review["reviews"] <= MAX_REVIEWS)
    _need(ok, "review", f"must have 0 ≤ stuck ≤ reviewed ≤ cards ≤ {MAX_CARDS:,} and reviewed ≤ reviews ≤ {MAX_REVIEWS:,}")


_PARTS = frozenset(STAR_PARTS)
_STORY_NUMBERS = (("ownership", 0, 1), ("speaking_minutes", 0, 10_000), ("score", 0, 100))


def _check_id(value, where: str, fullmatch=_ID.fullmatch) -> None:
    if not (isinstance(value, str) and fullmatch(value)):
        raise Malformed(f"'{where}' names {_excerpt(value)}: an id is at most {MAX_NAME} letters, digits, "
                        "'.', '_' or '-'")


def _within(items, limit: int, where: str, what: str) -> None:
    if len(items) > limit:
        raise Malformed(f"'{where}' holds {len(items):,} {what}; a results file holds at most {limit}")


def parse_results(raw: bytes) -> dict:
    """A results file's bytes, checked; Malformed or Foreign with a plain reason otherwise. Any
    bytes at all end in one of those three outcomes (a fuzz test checks it), in bounded time."""
    if not raw.strip():
        raise Malformed("the file is empty")
    if len(raw) > MAX_FILE_BYTES:
        raise Malformed(_too_large(len(raw)))
    if raw.count(b"{") + raw.count(b"[") > MAX_BRACKETS:  # before parsing: each costs memory
        raise Malformed(f"holds far more than a results file does (over {MAX_BRACKETS:,} lists and mappings)")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise Malformed("not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise Malformed(f"not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    except ValueError:  # a number of thousands of digits
        raise Malformed("not valid JSON (a number far too long)") from None
    except RecursionError:
        raise Malformed("not valid JSON (lists or mappings nested too deep)") from None
    return check_results(data)


def _too_large(size: int) -> str:
    return f"too large ({size / 1e6:.1f} MB; a results file is at most {MAX_FILE_BYTES / 1e6:.0f} MB)"


def read_results_file(path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of one file handed in, read as untrusted: only a regular file, never through a
    link, never more than ``limit`` bytes. A pipe or a device (which could block or never end) is
    refused before it is read: Foreign or Malformed say why."""
    try:
        info = os.lstat(path)
    except OSError as e:
        raise Malformed(f"could not be read ({e.strerror or e})") from None
    _regular(info)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        if e.errno == errno.ELOOP:  # swapped for a link since it was looked at
            _regular(os.lstat(path))
        raise Malformed(f"could not be read ({e.strerror or e})") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        _regular(info)  # what was opened, in case the file was swapped in between
        if info.st_size > limit:
            raise Malformed(_too_large(info.st_size))
        raw = f.read(limit + 1)
    if len(raw) > limit:
        raise Malformed(_too_large(len(raw)))
    return raw


def _regular(info: os.stat_result) -> None:
    if stat.S_ISLNK(info.st_mode):
        raise Foreign("a link to another file, not a results file itself (put the file itself in the folder)")
    if not stat.S_ISREG(info.st_mode):
        raise Foreign("not a regular file (a pipe, a device or a socket)")


# --- the roll-up -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Skipped:
    file: str
    kind: str  # "malformed", "foreign", "duplicate", "conflict"
    reason: str


@dataclass
class QuestionTally:
    quiz: str
    question: str
    right: int = 0  # full marks on the first try
    partly: int = 0
    wrong: int = 0
    total: float = 0.0  # sum of first-try scores

    @property
    def answered(self) -> int:
        return self.right + self.partly + self.wrong

    @property
    def mean(self) -> float:
        return self.total / self.answered if self.answered else 0.0


@dataclass
class NotebookTally:
    completed: int = 0
    started: int = 0  # started, not completed
    not_started: int = 0


@dataclass(frozen=True)
class LearnerRow:
    """One counted learner, as their file says: what the teacher's table shows (see gradebook)."""

    file: str
    learner: str
    pseudonym: str
    exported_at: str
    notebooks: dict  # notebook file -> (steps done, steps in it)
    quizzes: dict  # quiz id -> (answered, first-try points, held)
    review: dict | None = None  # the spaced review's counts (REVIEW_COUNTS); None in older files

    @classmethod
    def of(cls, file: str, data: dict) -> "LearnerRow":
        quizzes = {}
        for quiz_id, quiz in data["quizzes"].items():
            scores = [s for s in quiz["questions"].values() if s is not None]
            quizzes[quiz_id] = (len(quiz["questions"]), float(sum(scores)), bool(quiz.get("held")))
        return cls(file, data["learner"], data["pseudonym"], data["exported_at"],
                   {name: (t["done"], t["of"]) for name, t in data["notebooks"].items()}, quizzes, data.get("review"))


@dataclass
class ClassReport:
    """What a folder of results files says about the class (see the module docstring)."""

    folder: str
    learners: int = 0
    used: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notebooks: dict[str, NotebookTally] = field(default_factory=dict)
    questions: dict[tuple[str, str], QuestionTally] = field(default_factory=dict)
    stories: int = 0
    story_learners: int = 0
    signals: Counter = field(default_factory=Counter)  # stories showing each signal
    # each learner's share of their own stories showing each signal, summed over learners: every
    # learner with stories weighs one, however many stories they wrote
    learner_shares: Counter = field(default_factory=Counter)
    signal_learners: Counter = field(default_factory=Counter)  # learners with at least one such story
    star_scores: list[int] = field(default_factory=list)  # each learner's best story score
    held: int = 0  # workshop answers still held (not counted until the facilitator reveals them)
    rows: list[LearnerRow] = field(default_factory=list)  # one per counted learner, by file name

    def hardest(self, n: int = 5) -> list[QuestionTally]:
        """The questions with the lowest first-try score (at least one answer each)."""
        answered = [q for q in self.questions.values() if q.answered]
        return sorted(answered, key=lambda q: (q.mean, -q.answered, q.quiz, q.question))[:n]

    def signal_share(self, key: str) -> float:
        """The share of the class's stories showing a signal, each learner counting once: the mean
        over learners of the share of their own stories that show it."""
        return self.learner_shares[key] / self.story_learners if self.story_learners else 0.0

    @property
    def conflicts(self) -> list[Skipped]:
        """Files set aside because another file carries the same learner id."""
        return [s for s in self.skipped if s.kind == "conflict"]

    def __repr__(self) -> str:
        skipped = f", {len(self.skipped)} file{'s' if len(self.skipped) != 1 else ''} skipped" if self.skipped else ""
        return f"Class results from {self.folder}: {self.learners} learner{'s' if self.learners != 1 else ''}{skipped}"

    def _repr_html_(self) -> str:
        return summary_html(self)


def _add(report: ClassReport, data: dict) -> None:
    report.learners += 1
    for name, tally in data["notebooks"].items():
        t = report.notebooks.setdefault(name, NotebookTally())
        if tally["done"] == tally["of"]:
            t.completed += 1
        elif tally["done"]:
            t.started += 1
        else:
            t.not_started += 1
    for quiz_id, quiz in data["quizzes"].items():
        for question, score in quiz["questions"].items():
            if score is None or quiz.get("held"):
                report.held += 1
                continue
            t = report.questions.get((quiz_id, question))
            if t is None:
                t = report.questions[(quiz_id, question)] = QuestionTally(quiz_id, question)
            if score >= 1:
                t.right += 1
            elif score > 0:
                t.partly += 1
            else:
                t.wrong += 1
            t.total += score
    stories = data["star"]
    if not stories:
        return
    report.story_learners += 1
    report.stories += len(stories)
    own = Counter()
    for story in stories:
        own.update(key for key, shown in story_signals(story).items() if shown)
    for key, _label in SIGNALS:
        report.signals[key] += own[key]
        report.learner_shares[key] += own[key] / len(stories)
        report.signal_learners[key] += own[key] > 0
    scores = [story["score"] for story in stories if story.get("score") is not None]
    if scores:
        report.star_scores.append(round(max(scores)))


def story_signals(story: dict) -> dict[str, bool]:
    """Which of the report's signals one story shows."""
    parts = set(story.get("parts_present", ()))
    ownership, minutes = story.get("ownership"), story.get("speaking_minutes")
    return {**{f"part:{p}": p in parts for p in STAR_PARTS},
            "all_parts": parts == set(STAR_PARTS),
            "mostly_i": ownership is not None and ownership > 0.5,
            "quantified_result": story.get("quantified_result") is True,
            "real_event": story.get("hypothetical") is False,
            "target_length": minutes is not None and TARGET_MINUTES[0] <= minutes <= TARGET_MINUTES[1]}


def roll_up(folder) -> ClassReport:
    """Read every results file in ``folder`` (not its subfolders) and count the class's picture
    (in a notebook: ``course.class_report(folder)``, shown as tables).

    Each learner counts once. Two files with the same learner id are a conflict, listed with both
    pseudonyms and which file counted: with the same pseudonym they are the same learner's exports
    and the newest counts; with different pseudonyms the file exported first counts, so that a file
    carrying someone else's id cannot push their results out."""
    folder_path = Path(folder)
    if not folder_path.is_dir():
        raise FileNotFoundError(f"{shown_name(str(folder))} is not a folder: give the folder that holds the "
                                "learners' results files")
    report = ClassReport(shown_name(str(folder), limit=400))
    for name, data in _one_per_learner(_read_folder(folder_path, report), report):
        report.used.append(name)
        report.rows.append(LearnerRow.of(name, data))
        _add(report, data)
    report.skipped.sort(key=lambda s: s.file)
    return report


def _read_folder(folder_path: Path, report: ClassReport) -> list[tuple[str, dict]]:
    """Every results file in the folder that passes the checks, as (shown name, data); each file
    that does not costs one line in ``report.skipped``."""
    good: list[tuple[str, dict]] = []
    seen_bytes: dict[str, str] = {}
    budget = MAX_FOLDER_BYTES
    for entry in sorted(os.scandir(folder_path), key=lambda e: e.name):
        name = shown_name(entry.name)
        if entry.name.startswith("."):  # the system's hidden files (.DS_Store, checkpoints)
            continue
        if entry.is_dir(follow_symlinks=False):
            report.skipped.append(Skipped(name, "foreign", "a folder, not a results file"))
            continue
        if not entry.name.lower().endswith(".json"):
            report.skipped.append(Skipped(name, "foreign", "not a .json file"))
            continue
        try:
            if budget <= 0:
                raise Malformed(f"not read: the folder already held {MAX_FOLDER_BYTES / 1e6:.0f} MB of results "
                                "files, the most one report reads (split the class into two folders)")
            raw = read_results_file(entry.path, min(MAX_FILE_BYTES, budget))
            budget -= len(raw)
            digest = hashlib.sha256(raw).hexdigest()
            if digest in seen_bytes:
                report.skipped.append(Skipped(name, "duplicate", f"an exact copy of {seen_bytes[digest]}"))
                continue
            seen_bytes[digest] = name
            good.append((name, parse_results(raw)))
        except Foreign as e:
            report.skipped.append(Skipped(name, "foreign", str(e)))
        except Malformed as e:
            report.skipped.append(Skipped(name, "malformed", str(e)))
        except OSError as e:
            report.skipped.append(Skipped(name, "malformed", f"could not be read ({e.strerror or e})"))
        except Exception as e:  # the last guard: one file never costs the report (the fuzz test finds none)
            report.skipped.append(Skipped(name, "malformed", f"could not be checked ({type(e).__name__})"))
    return good


def _one_per_learner(good: list[tuple[str, dict]], report: ClassReport) -> list[tuple[str, dict]]:
    """One file per learner id, sorted by file name (the conflict rule is roll_up's docstring);
    each file set aside costs one "conflict" line in ``report.skipped``."""
    counted: dict[str, tuple[str, dict]] = {}
    for name, data in sorted(good, key=lambda item: (_when(item[1]), item[0])):  # oldest export first
        earlier = counted.get(data["learner"])
        if earlier is None:
            counted[data["learner"]] = (name, data)
            continue
        if data["pseudonym"] == earlier[1]["pseudonym"]:  # the same learner exported again: the newest counts
            counted[data["learner"]] = (name, data)
            report.skipped.append(Skipped(earlier[0], "conflict", (
                f"the same learner id and pseudonym ({_quoted(data['pseudonym'])}) as {name}, exported later, "
                f"which counts instead (the newest export of a learner counts)")))
        else:
            report.skipped.append(Skipped(name, "conflict", (
                f"carries the learner id of {earlier[0]} under another pseudonym ({_quoted(data['pseudonym'])} here, "
                f"{_quoted(earlier[1]['pseudonym'])} there); {earlier[0]}, exported first, counts. Ask both learners "
                "which file is theirs")))
    return sorted(counted.values(), key=lambda item: item[0])


def _quoted(pseudonym: str) -> str:
    return f"“{pseudonym}”"


def _when(data: dict) -> datetime:
    moment = datetime.fromisoformat(data["exported_at"])
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.now().astimezone().tzinfo)


# --- names for what was counted ----------------------------------------------------------------
@dataclass(frozen=True)
class Labels:
    """Human names for notebooks and questions, from the course content (ids when it is absent)."""

    notebooks: dict[str, str] = field(default_factory=dict)  # file -> title
    notebook_order: tuple[str, ...] = ()
    questions: dict[tuple[str, str], str] = field(default_factory=dict)  # (quiz, question) -> prompt
    question_order: tuple[tuple[str, str], ...] = ()

    def notebook(self, file: str) -> str:
        return self.notebooks.get(file, file)

    def question(self, key: tuple[str, str]) -> str:
        return self.questions.get(key, f"{key[0]} · {key[1]}")


def course_labels(content=None) -> Labels:
    """Names from ``content`` (default: the course's data/). A class report still works, with ids,
    when the content cannot be read."""
    if content is None:
        from course_lib.content import ContentError, load_content

        try:
            content = load_content()
        except (ContentError, OSError):
            return Labels()
    notebooks = {n.file: n.title for n in content.course_map.notebooks} if content.course_map else {}
    questions = {(q.id, x.id): x.prompt for q in content.quizzes.values() for x in q.questions}
    order = list(notebooks)
    position = {file: i for i, file in enumerate(order)}
    quizzes = sorted(content.quizzes.values(), key=lambda q: (position.get(q.notebook, len(order)), q.notebook, q.id))
    return Labels(notebooks, tuple(order), questions, tuple((q.id, x.id) for q in quizzes for x in q.questions))


def _ordered(keys, order) -> list:
    position = {k: i for i, k in enumerate(order)}
    return sorted(keys, key=lambda k: (position.get(k, len(order)), k))


def _notebook_rows(report: ClassReport, labels: Labels) -> tuple[list[str], int]:
    """The notebooks to show (the course's first, at most CHART_ROWS) and how many are left out."""
    names = _ordered(report.notebooks, labels.notebook_order)
    return names[:CHART_ROWS], max(0, len(names) - CHART_ROWS)


def _encodable(text: str) -> str:
    """Text that can be drawn by matplotlib and written as UTF-8: a lone surrogate (such as a name
    that was not UTF-8 leaves) becomes '?' instead of an error. (Mathtext is switched off where
    labels are drawn: ``parse_math=False``.)"""
    return text.encode("utf-8", "replace").decode("utf-8")


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _share(n: int, of: int) -> str:
    return f"{round(100 * n / of)} %" if of else "–"


# --- the summary (notebook display and the report page) -----------------------------------------
def summary_html(report: ClassReport, labels: Labels | None = None) -> str:
    """Tables of the class's picture, plus the list of skipped files with reasons."""
    labels = labels or course_labels()
    parts = [f'<div class="course-class-report"><p><strong>{report.learners}</strong> learner'
             f"{'s' if report.learners != 1 else ''} counted from {escape(report.folder)}.</p>"]
    if report.conflicts:
        n = len(report.conflicts)
        parts.append(f'<p class="course-box course-note"><strong>Check:</strong> {n} file{"s" if n != 1 else ""} '
                     f"{'carry' if n != 1 else 'carries'} a learner id that another file carries too. Each learner "
                     "counts once; see “Files skipped” for both pseudonyms and which file counted.</p>")
    if report.notebooks:
        names, hidden = _notebook_rows(report, labels)
        rows = "".join(
            f"<tr><td>{escape(labels.notebook(n))}</td><td>{t.completed}</td><td>{t.started}</td><td>{t.not_started}</td>"
            f"<td>{_share(t.completed, report.learners)}</td></tr>"
            for n in names for t in [report.notebooks[n]])
        more = f"<p>{hidden} more notebook names, not part of this course, are not shown.</p>" if hidden else ""
        parts.append('<h3>Completion per notebook</h3><table class="course-class-completion"><thead><tr>'
                     '<th scope="col">Notebook</th><th scope="col">Finished</th><th scope="col">Started</th>'
                     f'<th scope="col">Not started</th><th scope="col">Finished (share)</th></tr></thead><tbody>{rows}</tbody></table>'
                     + more)
    hardest = report.hardest()
    if hardest:
        rows = "".join(
            f"<tr><td>{escape(_short(labels.question((q.quiz, q.question))))}<br><small>{escape(q.quiz)} · "
            f"{escape(q.question)}</small></td><td>{q.answered}</td><td>{_share(q.right, q.answered)}</td>"
            f"<td>{round(100 * q.mean)} %</td></tr>" for q in hardest)
        parts.append('<h3>The questions the class found hardest</h3><table class="course-class-hardest"><thead><tr>'
                     '<th scope="col">Question</th><th scope="col">Answers</th><th scope="col">Right first time</th>'
                     f'<th scope="col">Average first-try score</th></tr></thead><tbody>{rows}</tbody></table>')
    if report.held:
        parts.append(f"<p>{report.held} workshop answers are still held until the facilitator reveals them, "
                     "so they are not counted.</p>")
    if report.stories:
        rows = "".join(f"<tr><td>{escape(label)}</td><td>{report.signal_learners[key]}</td>"
                       f"<td>{round(100 * report.signal_share(key))} %</td></tr>" for key, label in SIGNALS)
        parts.append(f"<h3>STAR stories: what the coach noticed</h3><p>{report.stories} stories from "
                     f"{report.story_learners} learners. Each learner counts once: the share is the average over "
                     "learners of the share of their own stories that show the signal.</p>"
                     "<table class=\"course-class-star\"><thead><tr><th scope=\"col\">Signal</th>"
                     '<th scope="col">Learners with at least one such story</th><th scope="col">Share</th></tr></thead>'
                     f"<tbody>{rows}</tbody></table>")
    if report.skipped:
        items = "".join(f"<li><code>{escape(s.file)}</code> ({escape(s.kind)}): {escape(s.reason)}</li>" for s in report.skipped)
        parts.append(f'<h3>Files skipped</h3><ul class="course-class-skipped">{items}</ul>')
    if not report.learners:
        parts.append("<p>No results files to count yet. Ask each learner to run "
                     "<code>python -m course_lib results --out results.json</code> (or the button in notebook 07) "
                     "and put the files in this folder.</p>")
    parts.append("</div>")
    return "".join(parts)


# --- charts (matplotlib, imported only when one is drawn) --------------------------------------------
def completion_chart(report: ClassReport, ax=None, *, labels: Labels | None = None, size: str = "normal"):
    """Stacked bars: per notebook, how many learners finished, started, or did not start it."""
    from course_lib import charts

    labels, sz = labels or course_labels(), charts._size(size)
    names, _hidden = _notebook_rows(report, labels)
    with charts._style(sz):
        ax = charts._new_axes(ax, sz)
        ys = range(len(names))
        left = [0] * len(names)
        for attr, label, colour, hatch in (("completed", "Finished", charts.PALETTE["green"], ""),
                                           ("started", "Started", charts.PALETTE["sky"], "//"),
                                           ("not_started", "Not started", "#d9d9d9", "..")):
            values = [getattr(report.notebooks[n], attr) for n in names]
            ax.barh(list(ys), values, left=left, color=colour, hatch=hatch, edgecolor="white", label=label, height=0.6)
            left = [a + b for a, b in zip(left, values)]
        # labels are drawn as they are: a '$' in a name is a dollar sign, never the start of a formula
        ax.set_yticks(list(ys), [_encodable(charts._wrap(labels.notebook(n), 34)) for n in names], parse_math=False)
        ax.invert_yaxis()
        ax.set_xlabel("Learners")
        ax.set_xlim(0, max(report.learners, 1))
        ax.set_title(f"Completion per notebook ({report.learners} learners)")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=3)
    described = "; ".join(f"{labels.notebook(n)}: {t.completed} finished, {t.started} started, {t.not_started} not started"
                          for n in names for t in [report.notebooks[n]])
    charts._set_alt(ax, f"Stacked bar chart of completion per notebook for {report.learners} learners. {described}.")
    return ax


def questions_chart(report: ClassReport, ax=None, *, labels: Labels | None = None, n: int = 12, size: str = "normal"):
    """Stacked bars for the ``n`` hardest questions: right first time, partly right, not right."""
    from course_lib import charts

    labels, sz = labels or course_labels(), charts._size(size)
    hardest = report.hardest(n)
    with charts._style(sz):
        if ax is None:  # one row per question, tall enough for a two-line label
            from matplotlib.figure import Figure

            height = max(sz.figsize[1], 1.2 + len(hardest) * sz.font / 12 * 0.62)
            ax = Figure(figsize=(sz.figsize[0], height), dpi=charts.DPI, layout="constrained").add_subplot()
        ys = range(len(hardest))
        left = [0.0] * len(hardest)
        for attr, label, colour, hatch in (("right", "Right first time", charts.PALETTE["green"], ""),
                                           ("partly", "Partly right", charts.PALETTE["yellow"], "//"),
                                           ("wrong", "Not right", charts.PALETTE["vermillion"], "xx")):
            values = [100 * getattr(q, attr) / q.answered for q in hardest]
            ax.barh(list(ys), values, left=left, color=colour, hatch=hatch, edgecolor="white", label=label, height=0.6)
            left = [a + b for a, b in zip(left, values)]
        ax.set_yticks(list(ys), [_encodable(charts._wrap(_short(labels.question((q.quiz, q.question)), 84), 44))
                                 for q in hardest], fontsize=sz.scaled(0.8), parse_math=False)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel("Share of the learners who answered (%)")
        ax.set_title(f"The {len(hardest)} questions the class found hardest (first try)")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=3)
    described = "; ".join(f"{_short(labels.question((q.quiz, q.question)), 60)}: {q.right} of {q.answered} right first time, "
                          f"{q.partly} partly right, {q.wrong} not right" for q in hardest)
    charts._set_alt(ax, f"Stacked bar chart of first-try results for the hardest questions, hardest first. {described}.")
    return ax


def star_chart(report: ClassReport, ax=None, *, size: str = "normal"):
    """Bars: the share of stories showing each of the coach's signals, each learner counting once."""
    from course_lib import charts

    sz = charts._size(size)
    with charts._style(sz):
        ax = charts._new_axes(ax, sz)
        shares = [100 * report.signal_share(key) for key, _ in SIGNALS]
        ys = range(len(SIGNALS))
        ax.barh(list(ys), shares, color=charts.PALETTE["blue"], height=0.6)
        for y, share in zip(ys, shares):
            ax.annotate(f"{round(share)} %", xy=(share, y), xytext=(5, 0), textcoords="offset points", va="center")
        ax.set_yticks(list(ys), [label for _, label in SIGNALS])
        ax.invert_yaxis()
        ax.set_xlim(0, 115)
        ax.set_xlabel(f"Share of stories, each of the {report.story_learners} learners counting once (%)")
        ax.set_title("STAR stories: what the coach noticed")
    described = "; ".join(f"{label}: {round(100 * report.signal_share(key))} % "
                          f"({report.signal_learners[key]} of {report.story_learners} learners in at least one story)"
                          for key, label in SIGNALS)
    charts._set_alt(ax, f"Bar chart of the STAR coach's signals over {report.stories} stories from "
                        f"{report.story_learners} learners, each learner counting once. {described}.")
    return ax


CHARTS = {"completion": completion_chart, "questions": questions_chart, "star": star_chart}


def class_chart(report: ClassReport, name: str, *, size: str = "normal"):
    """One of the class charts (completion, questions, star) as a picture with its text description."""
    from course_lib import charts

    if name not in CHARTS:
        raise ValueError(f"no class chart {name!r}; the charts are: {', '.join(CHARTS)}")
    return charts.render(CHARTS[name](report, size=size), f"class-{name}")


# --- the HTML report page ------------------------------------------------------------------------------
_PAGE_CSS = """
body { font-family: Helvetica, Arial, sans-serif; color: #1f1f1f; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.45; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #999; padding: .25rem .5rem; text-align: left; vertical-align: top; }
figure { margin: 1.5rem 0; break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: .9rem; color: #4a4a4a; }
@media print { body { margin: 0; max-width: none; } }
"""


def report_html(report: ClassReport, *, labels: Labels | None = None, roster=None) -> str:
    """A self-contained HTML page: the summary tables, the charts (PNG, embedded) and the teacher's
    table (one row per learner, named from ``roster``, a gradebook.Roster, when given)."""
    labels = labels or course_labels()
    from course_lib import charts, gradebook

    figures = []
    drawn = [(completion_chart(report, labels=labels), "completion")] if report.notebooks else []
    drawn += [(questions_chart(report, labels=labels), "questions")] if report.questions else []
    drawn += [(star_chart(report), "star")] if report.stories else []
    for ax, name in drawn:
        view = charts.render(ax, f"class-{name}")
        data = base64.b64encode(view.png).decode("ascii")
        figures.append(f'<figure><img src="data:image/png;base64,{data}" alt="{escape(view.alt_text, limit=None)}" '
                       f'width="{view.width}"><figcaption>{escape(view.alt_text, limit=None)}</figcaption></figure>')
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>Class results: {escape(report.folder)}</title>\n<style>{_PAGE_CSS}</style>\n</head>\n<body>\n"
            "<h1>Class results</h1>\n<h2>In numbers</h2>\n" + summary_html(report, labels) + "\n" + "\n".join(figures)
            + "\n<h2>One row per learner</h2>\n" + gradebook.table_html(gradebook.class_table(report, roster, labels=labels))
            + "\n</body>\n</html>\n")


def write_class_report(folder, out, *, roster=None, csv_out=None) -> tuple[ClassReport, Path]:
    """Roll up ``folder`` and write the HTML report to ``out`` (and the teacher's table to ``csv_out``
    if given; ``roster``: a gradebook.Roster): readable by their owner only (they name learners'
    pseudonyms, names and scores), and written whole or not at all, so a failure leaves the previous
    files as they were."""
    from course_lib import gradebook
    from course_lib.private_files import write_private

    report = roll_up(folder)
    labels = course_labels()
    if csv_out is not None:
        write_private(csv_out, _encodable(gradebook.table_csv(gradebook.class_table(report, roster, labels=labels))))
    return report, write_private(out, _encodable(report_html(report, labels=labels, roster=roster)))
