"""A learner's laptop in a live room: the room they joined, their first tries sent to it, the
facilitator's reveal brought back.

The join link is kept in the progress store (section ``room``, key ``link``) by :class:`SavedRoom`,
so every notebook's quizzes know the room once the learner has joined it (in notebook 00, or in
any quiz: :func:`follow` says what a quiz shows, the room line or an offer to join). :class:`RoomLink` does
the talking, always in a background thread with a short timeout (:mod:`course_lib.room_client`):

* :meth:`RoomLink.first_try`: a quiz question's first try, sent as it is saved. The answer is in the
  progress store already; the room only counts it. If the room does not answer, nothing else
  happens but one line in the quiz saying so (:attr:`RoomLink.line`);
* :meth:`RoomLink.story`: a saved STAR story's coach signals, only if the learner ticked the box
  for it (:meth:`SavedRoom.send_signals`); never the story's text;
* :meth:`RoomLink.poll`: asks the room which quizzes it has revealed; the answer waits in
  :attr:`RoomLink.revealed` for the quiz's next interaction to pick it up (the quiz never waits).

Pure: no widgets (the join box is :mod:`course_lib.room_widget`).
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone

from course_lib.room_client import JoinLink, RoomClient, RoomClientError, hub_join_link, parse_join_link

SECTION, KEY, SIGNALS_KEY = "room", "link", "star-signals"
POLL_EVERY = 2.0  # seconds between two polls of the room, however often the learner clicks


class SavedRoom:
    """The room this learner joined, in the progress store."""

    def __init__(self, store):
        self.store = store

    def read(self) -> JoinLink | None:
        """The joined room's link, or None (never joined, left, or something unreadable saved)."""
        value = self.store.load(SECTION, KEY)
        try:
            return parse_join_link(value["url"]) if isinstance(value, dict) else None
        except (ValueError, KeyError, TypeError):
            return None

    def save(self, link: JoinLink) -> None:
        self.store.save(SECTION, KEY, {"url": link.url, "joined_at": datetime.now(timezone.utc).isoformat(timespec="seconds")})

    def leave(self) -> None:
        self.store.save(SECTION, KEY, None)

    def sends_signals(self) -> bool:
        """Whether the learner chose to send their STAR stories' coach signals (never the texts)."""
        return self.store.load(SECTION, SIGNALS_KEY) is True

    def send_signals(self, choice: bool) -> None:
        self.store.save(SECTION, SIGNALS_KEY, bool(choice))


def connect(store, text: str, *, client=RoomClient) -> JoinLink:
    """Join the room a link names under the learner's pseudonym (keep the link with
    :meth:`SavedRoom.save` once this worked). ValueError (a bad link) or RoomClientError (no room,
    or it said no), each a plain sentence."""
    link = parse_join_link(text)
    client(link).join(store.learner_id, store.pseudonym)
    return link


def connect_hub(store, *, env=None, client=RoomClient) -> JoinLink:
    """Join the room service of the JupyterHub this server runs on, with the hub's login (no link,
    no code); RoomClientError, a plain sentence, when there is none or it said no."""
    link = hub_join_link(env)
    client(link, env=env).join(store.learner_id, store.pseudonym)
    return link


class RoomLink:
    """One store's link to its room for this kernel (see the module docstring)."""

    def __init__(self, store, link: JoinLink, *, client=RoomClient, clock=time.monotonic):
        self.store = store
        self.link = link
        self.client = client(link)
        self.clock = clock
        self.line = self._joined_line()
        self.ok = True
        self.revealed: set[str] = set()
        self.mode: str | None = None
        self._joined = False
        self._last_poll = float("-inf")
        self._lock = threading.Lock()
        self.threads: list[threading.Thread] = []  # the ones started, for tests to wait on

    def _joined_line(self) -> str:
        # under every quiz, so it also says how to stop (the join box, with its Leave, is in 00)
        return (f"You are in room {self.link.code}: your first tries go to its projector. "
                "To stop, press “Leave the room” in notebook 00.")

    def _start(self, work, *args) -> None:
        thread = threading.Thread(target=work, args=args, daemon=True, name="course-room")
        self.threads = [t for t in self.threads if t.is_alive()] + [thread]
        thread.start()

    def _failed(self, error: RoomClientError) -> None:
        self.ok = False
        self.line = f"{error} Your answers are kept on this computer as always."

    def _send(self, call, *args) -> None:
        """Join (once) and make ``call(learner id, *args)`` on the room client; the outcome becomes
        the quiz's room line."""
        try:
            with self._lock:
                if not self._joined:
                    self.client.join(self.store.learner_id, self.store.pseudonym)
                    self._joined = True
            call(self.store.learner_id, *args)
        except RoomClientError as e:
            self._joined = False  # the room may have restarted: join again next time
            self._failed(e)
        except Exception as e:  # noqa: BLE001 - a background thread must never end a quiz
            self._failed(RoomClientError(f"The room could not be reached ({type(e).__name__})."))
        else:
            self.ok = True
            self.line = self._joined_line()

    def first_try(self, quiz: str, question: str, choice) -> None:
        """Send a first try to the room in the background (QuizSession's ``on_first_try``)."""
        self._start(self._send, self.client.answer, quiz, question, list(choice))
        self.poll()

    def story(self, story: str, text: str, declared=()) -> bool:
        """Send a saved STAR story's coach signals in the background, if the learner chose to;
        the text itself never leaves. True if something was sent."""
        if not SavedRoom(self.store).sends_signals():
            return False
        from course_lib.export import coach_signals
        from course_lib.room import STORY_KEYS

        signals = coach_signals(text, declared=declared)
        if signals is None:
            return False
        self._start(self._send, self.client.signals, story, {k: signals[k] for k in STORY_KEYS if k in signals})
        return True

    def _ask(self) -> None:
        try:
            state = self.client.state()
        except RoomClientError as e:
            self._failed(e)
            return
        revealed = state.get("revealed")
        if isinstance(revealed, list):
            self.revealed = {q for q in revealed if isinstance(q, str)}
        mode = state.get("mode")
        self.mode = mode if isinstance(mode, str) else None

    def poll(self) -> None:
        """Ask the room, in the background, what it has revealed (at most every POLL_EVERY seconds)."""
        now = self.clock()
        if now - self._last_poll < POLL_EVERY:
            return
        self._last_poll = now
        self._start(self._ask)

    def wait(self, timeout: float = 10.0) -> None:
        """Wait for the background calls started so far (tests)."""
        for thread in list(self.threads):
            thread.join(timeout)


_LINKS: dict[int, RoomLink] = {}  # one per store in this kernel, so every quiz shares its threads


def room_link(store) -> RoomLink | None:
    """This store's link to the room it joined, or None when it joined none."""
    link = SavedRoom(store).read()
    if link is None:
        _LINKS.pop(id(store), None)
        return None
    known = _LINKS.get(id(store))
    if known is None or known.store is not store or known.link != link:
        known = _LINKS[id(store)] = RoomLink(store, link)
    return known


def follow(session) -> RoomLink | None:
    """The room a quiz session's learner has joined, or None. Once there is one, the session's
    first tries go to it (also when the learner joined it a moment ago, in this quiz or another)."""
    room = room_link(session.store)
    if room is not None:
        session.on_first_try = room.first_try
    return room


def offers_join(room: RoomLink | None) -> bool:
    """What a quiz shows of the live room: an offer to join (True) until the learner has joined
    one, then the room's one line instead (False)."""
    return room is None
