"""The live room: a class's first tries counted as they come in, for the facilitator's projector.

A :class:`Room` is one session. It has a short **room code** (six characters from an alphabet
without look-alikes such as 0/O or 1/I/L), a secret **room token** that learners need to take part
(it is in the join link) and a separate **facilitator token** for the projector's buttons. What a
learner sends is small and checked like a results file (:mod:`course_lib.classroom`):

* **join**: their learner id and pseudonym (the same rules as a results file; nothing else);
* **answer**: one quiz question's first try, by the course's quiz and option ids
  (:mod:`course_lib.content`); unknown ids are refused and a second try at the same question is
  ignored, so the room counts first tries only, as scores do;
* **signals**: a STAR story's coach signals (parts present, "I" share, speaking time, a number in
  the result, a real event), never its text.

The facilitator sees, per question, how many answered and the spread of options; reveals a quiz
(joined learners' workshop feedback then shows); switches the room between workshop and
self-paced mode. At the end, :meth:`Room.end` writes each learner's results file in the format the
class report reads (:data:`course_lib.export.RESULTS_FORMAT`) and forgets everything else. Those
files count every first try the room received, revealed or not (the facilitator has seen them all),
and list the notebooks whose questions the learner answered, counted as a laptop's results file
counts them; the exercises (worksheets, stories, planner), which the room never sees, count as not
done there.

Every message is refused with a :class:`RoomError` (its ``status`` is the HTTP status the service
answers) when it is too large, malformed, carries the wrong token, or comes faster than a person
answers. A refused message changes nothing.

Pure: no web framework, no widgets. The clock is injected (seconds, as :func:`time.time`).
"""

from __future__ import annotations

import hmac
import json
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from course_lib.classroom import (MAX_NAME, MAX_STORIES, SIGNALS, Malformed, check_id, check_pseudonym,
                                  check_results, check_story, story_signals)
from course_lib.export import RESULTS_FORMAT, RESULTS_VERSION, results_file_name

WORKSHOP, SELF_PACED = "workshop", "self-paced"
MODES = (WORKSHOP, SELF_PACED)

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read off a projector
CODE_LENGTH = 6

# Limits. A learner's messages are a few hundred bytes; a real person answers at most a question
# every few seconds. The limits leave room for that and nothing much more.
MAX_MESSAGE_BYTES = 4096  # one message, as sent
MAX_LEARNERS = 300  # one room
MAX_CHOICE = 50  # option ids in one answer
RATE_BURST = 20  # messages a learner may send at once...
RATE_PER_SECOND = 2.0  # ...and then on average per second
ADDRESS_BURST = 40  # requests one device (one client address) may send at once...
ADDRESS_PER_SECOND = 20.0  # ...and then on average per second (a projector polls 5 times a second)
JOINS_PER_ADDRESS = 5  # learners who may join from one device (a laptop shared by a small group)
MAX_ADDRESSES = 2000  # devices the limits remember at once (then the idle ones are forgotten)
LOOPBACK = ("127.0.0.1", "::1")  # the facilitator's own laptop: never limited
STORY_KEYS = ("parts_present", "ownership", "speaking_minutes", "score", "quantified_result", "hypothetical")


class RoomError(ValueError):
    """A message the room refuses; ``status`` is the HTTP status the service answers with."""

    status = 400


class Forbidden(RoomError):
    status = 403  # no token, or another room's


class NotJoined(RoomError):
    status = 404


class Conflict(RoomError):
    status = 409  # a learner id already joined under another pseudonym


class TooLarge(RoomError):
    status = 413


class TooFast(RoomError):
    status = 429


class Closed(RoomError):
    status = 410  # the session has ended


class NotWritten(RoomError):
    status = 500  # the results files could not be written: the room keeps everything


def new_code(rng=secrets) -> str:
    """A room code such as 'K7PX3M'."""
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def parse_message(raw: bytes) -> dict:
    """A message's bytes as a JSON object, or a RoomError saying what is wrong with them."""
    if len(raw) > MAX_MESSAGE_BYTES:
        raise TooLarge(f"a message is at most {MAX_MESSAGE_BYTES:,} bytes")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise RoomError("the message is not JSON") from None
    if not isinstance(data, dict):
        raise RoomError("the message must be a JSON object")
    return data


@dataclass
class _Bucket:
    """A token bucket: ``burst`` messages at once, then ``rate`` per second."""

    tokens: float
    at: float
    burst: float = RATE_BURST
    rate: float = RATE_PER_SECOND

    def take(self, now: float) -> bool:
        self.tokens = min(self.burst, self.tokens + max(0.0, now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


@dataclass
class Learner:
    pseudonym: str
    answers: dict = field(default_factory=dict)  # (quiz, question) -> (choice, score)
    stories: dict = field(default_factory=dict)  # story id -> signals (STORY_KEYS only)


class Room:
    """One live session (see the module docstring)."""

    def __init__(self, quizzes, *, clock=time.time, code: str | None = None, token: str | None = None,
                 facilitator_token: str | None = None, mode: str = WORKSHOP):
        """``quizzes``: the course's quizzes (``load_content().quizzes``, id -> Quiz)."""
        self.quizzes = dict(quizzes)
        self.clock = clock
        self.code = code or new_code()
        self.token = token or secrets.token_urlsafe(16)
        self.facilitator_token = facilitator_token or secrets.token_urlsafe(16)
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        self.mode = mode
        self.revealed: set[str] = set()
        self.learners: dict[str, Learner] = {}
        self.version = 0  # grows with every change: a projector polls for it
        self.ended = False
        self._buckets: dict[str, _Bucket] = {}
        self._options = {(q.id, question.id): question for q in self.quizzes.values() for question in q.questions}
        # per question: answered count, option counts, score tallies (counted as answers come in)
        self._answered: dict[tuple[str, str], int] = {}
        self._spread: dict[tuple[str, str], dict[str, int]] = {}
        self._scores: dict[tuple[str, str], list[int]] = {}  # [right, partly, not right]

    # --- checks shared by every message --------------------------------------------------------
    def _open(self) -> None:
        if self.ended:
            raise Closed("this session has ended")

    def _learner_token(self, given) -> None:
        self._open()
        if not (isinstance(given, str) and hmac.compare_digest(given.encode(), self.token.encode())):
            raise Forbidden("not this room's token")

    def _facilitator(self, given) -> None:
        self._open()
        if not (isinstance(given, str) and hmac.compare_digest(given.encode(), self.facilitator_token.encode())):
            raise Forbidden("not this room's facilitator token")

    def _pace(self, learner_id: str) -> None:
        now = self.clock()
        bucket = self._buckets.get(learner_id)
        if bucket is None:
            bucket = self._buckets[learner_id] = _Bucket(RATE_BURST, now)
        if not bucket.take(now):
            raise TooFast("too many messages; wait a moment")

    def _joined(self, message: dict) -> tuple[str, Learner]:
        self._learner_token(message.get("token"))
        learner_id = _checked(check_id, message.get("learner"), "learner")
        learner = self.learners.get(learner_id)
        if learner is None:
            raise NotJoined("join the room first")
        self._pace(learner_id)
        return learner_id, learner

    # --- learners ------------------------------------------------------------------------------
    def join(self, message: dict) -> dict:
        """{"token", "learner", "pseudonym"} -> what a learner follows (see :meth:`learner_state`).
        Joining again with the same id and pseudonym is fine (a restarted notebook)."""
        self._learner_token(message.get("token"))
        learner_id = _checked(check_id, message.get("learner"), "learner")
        pseudonym = _checked(check_pseudonym, message.get("pseudonym"), "pseudonym")
        known = self.learners.get(learner_id)
        if known is not None and known.pseudonym != pseudonym:
            raise Conflict("this learner id has joined under another pseudonym")
        if known is None and len(self.learners) >= MAX_LEARNERS:
            raise TooFast(f"the room is full ({MAX_LEARNERS} learners)")
        self._pace(learner_id)
        if known is None:
            self.learners[learner_id] = Learner(pseudonym)
            self.version += 1
        return self._followed()

    def answer(self, message: dict) -> bool:
        """{"token", "learner", "quiz", "question", "choice": [option ids]}: a first try. True if
        counted, False if this learner had already answered the question (the first try stands)."""
        _learner_id, learner = self._joined(message)
        quiz_id, question_id = message.get("quiz"), message.get("question")
        question = self._options.get((quiz_id, question_id)) if isinstance(quiz_id, str) and isinstance(question_id, str) else None
        if question is None:
            raise RoomError("no such quiz question in this course")
        choice = message.get("choice")
        if not (isinstance(choice, list) and 0 < len(choice) <= MAX_CHOICE and all(isinstance(c, str) for c in choice)):
            raise RoomError("'choice' must be a list of option ids")
        from course_lib.quizzes import AnswerError, grade

        try:
            feedback = grade(question, choice)
        except AnswerError:
            raise RoomError("not an answer to this question (unknown or missing option ids)") from None
        key = (quiz_id, question_id)
        if key in learner.answers:
            return False
        learner.answers[key] = (feedback.choice, feedback.score)
        self._answered[key] = self._answered.get(key, 0) + 1
        spread = self._spread.setdefault(key, {})
        for option in feedback.choice:
            spread[option] = spread.get(option, 0) + 1
        tally = self._scores.setdefault(key, [0, 0, 0])
        tally[0 if feedback.score >= 1 else 1 if feedback.score > 0 else 2] += 1
        self.version += 1
        return True

    def signals(self, message: dict) -> None:
        """{"token", "learner", "story": id, "signals": {...}}: one STAR story's coach signals
        (only the keys in STORY_KEYS are kept; a text is never accepted). A story sent again replaces
        its earlier signals."""
        _learner_id, learner = self._joined(message)
        story_id = _checked(check_id, message.get("story"), "story")
        signals = message.get("signals")
        if not isinstance(signals, dict) or set(signals) - set(STORY_KEYS):
            raise RoomError(f"'signals' may only hold {', '.join(STORY_KEYS)}")
        _checked(check_story, signals, "signals")
        if story_id not in learner.stories and len(learner.stories) >= MAX_STORIES:
            raise RoomError(f"at most {MAX_STORIES} stories per learner")
        learner.stories[story_id] = dict(signals)
        self.version += 1

    def learner_state(self, token) -> dict:
        """What a joined laptop follows: the mode and the quizzes revealed (the room token needed)."""
        self._learner_token(token)
        return self._followed()

    def _followed(self) -> dict:
        return {"room": self.code, "mode": self.mode, "revealed": sorted(self.revealed), "version": self.version}

    # --- the facilitator -----------------------------------------------------------------------
    def reveal(self, message: dict) -> None:
        """{"key": facilitator token, "quiz": id}: reveal a quiz's feedback on every joined laptop."""
        self._facilitator(message.get("key"))
        quiz_id = message.get("quiz")
        if not (isinstance(quiz_id, str) and quiz_id in self.quizzes):
            raise RoomError("no such quiz in this course")
        if quiz_id not in self.revealed:
            self.revealed.add(quiz_id)
            self.version += 1

    def set_mode(self, message: dict) -> None:
        """{"key": facilitator token, "mode": "workshop" or "self-paced"}."""
        self._facilitator(message.get("key"))
        if message.get("mode") not in MODES:
            raise RoomError(f"'mode' must be one of {', '.join(MODES)}")
        if message["mode"] != self.mode:
            self.mode = message["mode"]
            self.version += 1

    def projector_state(self, key) -> dict:
        """Everything the projector shows: counts only, never a pseudonym or a text. A question's
        right answer and score tallies are shown once its quiz is revealed."""
        self._facilitator(key)
        quizzes = []
        for quiz in self.quizzes.values():
            shown = quiz.id in self.revealed
            questions = []
            for question in quiz.questions:
                key_ = (quiz.id, question.id)
                spread = self._spread.get(key_, {})
                right = set(question.answer)
                row = {"id": question.id, "kind": question.kind, "prompt": question.prompt,
                       "answered": self._answered.get(key_, 0),
                       "options": [{"id": o.id, "text": o.text, "count": spread.get(o.id, 0),
                                    **({"right": o.id in right} if shown and question.kind != "ordering" else {})}
                                   for o in question.options]}
                if shown:
                    row["scores"] = dict(zip(("right", "partly", "not_right"), self._scores.get(key_, [0, 0, 0])))
                questions.append(row)
            quizzes.append({"id": quiz.id, "title": quiz.title, "notebook": quiz.notebook, "revealed": shown,
                            "answered": sum(self._answered.get((quiz.id, q.id), 0) for q in quiz.questions),
                            "questions": questions})
        return {"room": self.code, "mode": self.mode, "joined": len(self.learners), "version": self.version,
                "join": self.join_path(), "signals": self.signal_counts(), "quizzes": quizzes}

    def join_path(self) -> str:
        """The join link's path, token included: the facilitator may show it to the room (a
        projector notebook connected to a room started elsewhere builds the link from it)."""
        return f"/join/{self.code}?token={self.token}"

    def signal_counts(self) -> dict:
        """STAR signals over every story sent: {"stories": n, "learners": n, "signals": [{key, label, stories}]}."""
        counts = {key: 0 for key, _label in SIGNALS}
        stories = learners = 0
        for learner in self.learners.values():
            learners += bool(learner.stories)
            for story in learner.stories.values():
                stories += 1
                for key, shown in story_signals(story).items():
                    counts[key] += shown
        return {"stories": stories, "learners": learners,
                "signals": [{"key": key, "label": label, "stories": counts[key]} for key, label in SIGNALS]}

    # --- the end of the session ----------------------------------------------------------------
    def results(self) -> list[dict]:
        """Each joined learner's results file (as a dict), in the class report's format."""
        from course_lib import __version__

        moment = datetime.fromtimestamp(self.clock(), timezone.utc).isoformat(timespec="seconds")
        files = []
        for learner_id, learner in self.learners.items():
            quizzes: dict = {}
            for (quiz_id, question_id), (_choice, score) in learner.answers.items():
                quiz = self.quizzes[quiz_id]
                entry = quizzes.setdefault(quiz_id, {"notebook": quiz.notebook, "total": len(quiz.questions),
                                                     "answered": 0, "held": False, "questions": {}})
                entry["questions"][question_id] = score
                entry["answered"] += 1
            data = {"format": RESULTS_FORMAT, "version": RESULTS_VERSION, "course_version": __version__,
                    "learner": learner_id, "pseudonym": learner.pseudonym, "exported_at": moment,
                    "includes_texts": False, "source": f"room {self.code}", "notebooks": self._notebooks(quizzes),
                    "quizzes": quizzes,
                    "star": [{"id": story_id, **signals} for story_id, signals in learner.stories.items()]}
            files.append(check_results(data))  # what the class report will accept, or a bug here
        return files

    def _notebooks(self, answered: dict) -> dict:
        """A results file's ``notebooks``: the notebooks whose questions the learner answered, each
        as questions answered of the steps a laptop's results file counts there (every quiz
        question of the notebook, and its exercises, :data:`course_lib.export.ACTIVITIES`, which
        the room never sees and so counts as not done)."""
        from course_lib.export import ACTIVITIES

        done: dict[str, int] = {}
        for entry in answered.values():
            done[entry["notebook"]] = done.get(entry["notebook"], 0) + entry["answered"]
        steps = {name: len(ACTIVITIES.get(name, ())) for name in done}
        for quiz in self.quizzes.values():
            if quiz.notebook in steps:
                steps[quiz.notebook] += len(quiz.questions)
        return {name: {"done": done[name], "of": steps[name]} for name in done}

    def end(self, key, folder) -> list[Path]:
        """Write every learner's results file into ``folder`` (made private if missing), then keep
        nothing: the room forgets its learners and refuses every message from then on."""
        from course_lib.private_files import private_folder, write_private

        self._facilitator(key)
        files = self.results()
        try:
            out = private_folder(Path(folder))
            written = [write_private(out / results_file_name(data), json.dumps(data, ensure_ascii=False, indent=2))
                       for data in files]
        except OSError as e:
            where = f": {e.filename}" if getattr(e, "filename", None) else ""
            raise NotWritten(f"the results files could not be written ({e.strerror or e}{where}); the room keeps "
                             "everything, so free the place up and end the session again") from None
        self.ended = True
        self.learners.clear()
        self._buckets.clear()
        self._answered.clear()
        self._spread.clear()
        self._scores.clear()
        self.version += 1
        return written


class AddressLimits:
    """Per-device limits of the laptop room (``--lan``): how fast one client address may send
    requests, and how many learners may join from it. A refusal is :class:`TooFast` (429) and
    leaves the room as it was. The laptop itself (``exempt``) is never limited. Not used on a hub,
    where every request comes from the hub's proxy, one address."""

    def __init__(self, *, clock=time.time, burst: float = ADDRESS_BURST, rate: float = ADDRESS_PER_SECOND,
                 joins: int = JOINS_PER_ADDRESS, exempt=LOOPBACK, remember: int = MAX_ADDRESSES):
        self.clock = clock
        self.burst, self.rate, self.joins = burst, rate, joins
        self.exempt = frozenset(exempt)
        self.remember = remember
        self._buckets: dict[str, _Bucket] = {}
        self._joined: dict[str, set[str]] = {}  # address -> learner ids joined from it

    def request(self, address: str) -> None:
        """One request from ``address``; TooFast if it sends faster than the limit."""
        if address in self.exempt:
            return
        now = self.clock()
        bucket = self._buckets.get(address)
        if bucket is None:
            if len(self._buckets) >= self.remember:
                self._forget_idle(now)
            bucket = self._buckets[address] = _Bucket(self.burst, now, self.burst, self.rate)
        if not bucket.take(now):
            raise TooFast("too many requests from this device; wait a moment")

    def may_join(self, address: str, learner_id) -> None:
        """Before a join: TooFast if ``address`` already has its share of learners (joining
        again under an id already joined from there is always fine)."""
        if address in self.exempt:
            return
        ids = self._joined.get(address, set())
        if learner_id not in ids and len(ids) >= self.joins:
            raise TooFast(f"at most {self.joins} learner{'s' if self.joins != 1 else ''} may join from one device")

    def joined(self, address: str, learner_id: str) -> None:
        """After a join the room accepted."""
        if address not in self.exempt:
            self._joined.setdefault(address, set()).add(learner_id)

    def _forget_idle(self, now: float) -> None:
        """Forget the buckets that have refilled (their address has been quiet): they hold nothing."""
        full = [a for a, b in self._buckets.items() if b.tokens + (now - b.at) * b.rate >= b.burst]
        for address in full:
            del self._buckets[address]


def _checked(check, value, where: str):
    """``check(value, ...)`` with its Malformed turned into the room's refusal."""
    try:
        return check(value, where)
    except Malformed as e:
        raise RoomError(str(e)) from None


__all__ = ["Room", "AddressLimits", "RoomError", "Forbidden", "NotJoined", "Conflict", "TooLarge", "TooFast", "Closed", "NotWritten",
           "WORKSHOP", "SELF_PACED", "MODES", "MAX_MESSAGE_BYTES", "MAX_LEARNERS", "MAX_NAME", "new_code",
           "parse_message"]
