"""Talking to a live room (:mod:`course_lib.room_service`) from a learner's laptop.

Standard library only (urllib), with a short timeout: a quiz never waits long for the network.
Every failure ends in one of two exceptions with a plain sentence: :class:`Unreachable` (no
answer, a timeout, not a room) or :class:`Refused` (the room answered no, with its reason).
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

TIMEOUT = 2.0  # seconds
MAX_REPLY_BYTES = 1024 * 1024  # a room's answer to a learner is a few hundred bytes

_CODE = re.compile(r"[A-Za-z0-9]{4,12}")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{8,100}")


class RoomClientError(Exception):
    """Something went wrong talking to the room (the message says what, in a sentence)."""


class Unreachable(RoomClientError):
    pass


class Refused(RoomClientError):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class JoinLink:
    base: str  # "http://192.168.1.20:8765", or a hub service's "http://10.0.0.5:10101/services/room"
    code: str
    token: str

    @property
    def url(self) -> str:
        return f"{self.base}/join/{self.code}?token={self.token}"


def _split_link(text, name: str, found: str):
    """A pasted link's parts (urlsplit), or ValueError with a plain sentence naming the link
    (``name``, "join link") and where it is ``found``."""
    text = str(text or "").strip()
    if not text:
        raise ValueError(f"Paste the {name} {found} (it starts with http://).")
    if len(text) > 500:
        raise ValueError(f"That is far longer than a {name}.")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"A {name} starts with http:// and names the room's computer.")
    return parts


def _origin(parts) -> str:
    """``scheme://host:port`` of a link's parts (ValueError for a port that is not a number)."""
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        raise ValueError("The port number in that link is not a number.") from None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}{port}"


def parse_join_link(text) -> JoinLink:
    """The parts of a join link as the room prints it
    (``http://HOST:PORT/join/CODE?token=TOKEN``); ValueError with a plain sentence otherwise."""
    parts = _split_link(text, "join link", "the facilitator shows")
    path = parts.path.rstrip("/").split("/")
    if len(path) < 3 or path[-2] != "join" or not _CODE.fullmatch(path[-1]):
        raise ValueError("That link has no room code in it (it should end in /join/CODE?token=…).")
    token = parse_qs(parts.query).get("token", [""])[0]
    if not _TOKEN.fullmatch(token):
        raise ValueError("That link has no room token in it: copy the whole link, including ?token=….")
    return JoinLink(f"{_origin(parts)}{'/'.join(path[:-2])}", path[-1].upper(), token)


HUB_ROOM_VARIABLE = "COURSE_ROOM_URL"  # set for every student's server in jupyterhub_config.py


def hub_room(env=None) -> tuple[str, str] | None:
    """On a JupyterHub with a room service: the service's address (``$COURSE_ROOM_URL``) and this
    server's hub token (``$JUPYTERHUB_API_TOKEN``), which lets the student in; None elsewhere."""
    env = os.environ if env is None else env
    url, token = env.get(HUB_ROOM_VARIABLE, "").strip().rstrip("/"), env.get("JUPYTERHUB_API_TOKEN", "")
    if not url or not token or urlsplit(url).scheme not in ("http", "https"):
        return None
    return url, token


def hub_join_link(env=None, *, timeout: float = TIMEOUT) -> JoinLink:
    """The hub room's join link, asked of the room with this server's hub login (no code needed).
    RoomClientError when there is no room on this hub, or it does not answer."""
    found = hub_room(env)
    if found is None:
        raise Unreachable("This server has no room service of the hub to join (no $COURSE_ROOM_URL).")
    url, _token = found
    answer = RoomClient(JoinLink(url, "HUB", "x" * 8), timeout=timeout, env=env)._call("/api/hub-join")
    code, token = answer.get("room"), answer.get("token")
    if not (isinstance(code, str) and _CODE.fullmatch(code) and isinstance(token, str) and _TOKEN.fullmatch(token)):
        raise Unreachable(f"What answers at {url} is not a room.")
    return JoinLink(url, code, token)


class RoomClient:
    """One laptop's connection to one room."""

    def __init__(self, link: JoinLink, *, timeout: float = TIMEOUT, env=None):
        self.link = link
        self.timeout = timeout
        hub = hub_room(env)
        # The hub token goes to the hub's own room only, never to a room some link names.
        self.headers = {"Content-Type": "application/json"}
        if hub is not None and hub[0] == link.base:
            self.headers["Authorization"] = f"token {hub[1]}"

    def _call(self, path: str, body: dict | None = None) -> dict:
        return _request(self.link.base, path, None if body is None else {"token": self.link.token, **body},
                        self.headers, self.timeout)

    def join(self, learner: str, pseudonym: str) -> dict:
        return self._call("/api/join", {"learner": learner, "pseudonym": pseudonym})

    def answer(self, learner: str, quiz: str, question: str, choice) -> bool:
        return self._call("/api/answer", {"learner": learner, "quiz": quiz, "question": question,
                                          "choice": list(choice)}).get("counted") is True

    def signals(self, learner: str, story: str, signals: dict) -> None:
        self._call("/api/signals", {"learner": learner, "story": story, "signals": signals})

    def state(self) -> dict:
        """What this laptop follows: {"room", "mode", "revealed": [quiz ids], "version"}."""
        return self._call(f"/api/state?token={quote(self.link.token)}")


def _request(base: str, path: str, body: dict | None, headers: dict, timeout: float) -> dict | None:
    """GET (``body`` None) or POST JSON to a room; its JSON answer, or None for an empty 204
    ("nothing new"). Unreachable or Refused, each a sentence, otherwise."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(base + path, data=data, method="GET" if body is None else "POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            if reply.status == 204:
                return None
            raw = reply.read(MAX_REPLY_BYTES + 1)
    except urllib.error.HTTPError as e:
        raise Refused(_reason(e), e.code) from None
    except (urllib.error.URLError, OSError, ValueError) as e:
        raise Unreachable(f"The room at {base} does not answer ({getattr(e, 'reason', None) or e}).") from None
    try:
        if len(raw) > MAX_REPLY_BYTES:
            raise ValueError
        answer = json.loads(raw)
        if not isinstance(answer, dict):
            raise ValueError
    except ValueError:
        raise Unreachable(f"What answers at {base} is not a room.") from None
    return answer


def parse_projector_link(text) -> tuple[str, str]:
    """The room's address and facilitator key from a projector link as the room prints it
    (``http://HOST:PORT/projector?key=KEY``); ValueError with a plain sentence otherwise."""
    parts = _split_link(text, "projector link", "the room printed in its terminal")
    path = parts.path.rstrip("/")
    if not path.endswith("/projector"):
        raise ValueError("That is not a projector link (it should end in /projector?key=…); the join link is for learners.")
    key = parse_qs(parts.query).get("key", [""])[0]
    if not _TOKEN.fullmatch(key):
        raise ValueError("That link has no facilitator key in it: copy the whole link, including ?key=….")
    return f"{_origin(parts)}{path[:-len('/projector')]}", key


class FacilitatorClient:
    """The projector's side of a room, from Python (the room's projector notebook): the same routes
    and the same facilitator key as the projector page."""

    def __init__(self, base: str, key: str, *, timeout: float = TIMEOUT):
        self.base, self.key, self.timeout = base, key, timeout
        self.headers = {"Content-Type": "application/json"}

    def state(self, since: int | None = None) -> dict | None:
        """The projector's state (:meth:`course_lib.room.Room.projector_state`); None when the room
        has not changed since version ``since``."""
        after = "" if since is None else f"&since={int(since)}"
        return _request(self.base, f"/api/projector?key={quote(self.key)}{after}", None, self.headers, self.timeout)

    def _post(self, path: str, body: dict) -> dict:
        return _request(self.base, path, {"key": self.key, **body}, self.headers, self.timeout) or {}

    def reveal(self, quiz: str) -> None:
        self._post("/api/reveal", {"quiz": quiz})

    def set_mode(self, mode: str) -> None:
        self._post("/api/mode", {"mode": mode})

    def end(self) -> dict:
        """End the session: {"written": n, "folder": where the results files are}."""
        return self._post("/api/end", {})


def _reason(error: urllib.error.HTTPError) -> str:
    try:
        reason = json.loads(error.read(4096)).get("error")
    except (ValueError, AttributeError, OSError):
        reason = None
    return f"The room said no: {reason}." if isinstance(reason, str) else f"The room said no (HTTP {error.code})."


@dataclass
class RoomProcess:
    """A room service started in its own process (tests, benchmarks, a facilitator's script)."""

    process: object  # subprocess.Popen
    link: JoinLink
    projector: str  # the projector page's address, facilitator token included

    @property
    def key(self) -> str:
        return parse_qs(urlsplit(self.projector).query)["key"][0]

    def stop(self) -> None:
        """Stop the room (if the session has not ended it already); its output is closed."""
        import subprocess

        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process.stdout.close()


def start_room_process(out, *, mode: str = "workshop", python: str | None = None, env=None,
                       wait: float = 60.0) -> RoomProcess:
    """``python -m course_lib room --port 0`` in a new process; returns once it prints its links."""
    import subprocess
    import sys
    import threading
    import time

    process = subprocess.Popen([python or sys.executable, "-m", "course_lib", "room", "--port", "0", "--out", str(out),
                                "--mode", mode], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    link = projector = None
    seen = []
    deadline = time.monotonic() + wait
    while (link is None or projector is None) and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        found = re.search(r"(http://\S+/join/\S+)", line)
        link = parse_join_link(found.group(1)) if found else link
        found = re.search(r"(http://\S+/projector\?key=\S+)", line)
        projector = found.group(1) if found else projector
    if link is None or projector is None:
        process.kill()
        process.wait(10)
        process.stdout.close()
        raise RuntimeError("the room did not start:\n" + "".join(seen))
    threading.Thread(target=_drain, args=(process.stdout,), daemon=True).start()  # a full pipe would stall it
    return RoomProcess(process, link, projector)


def _drain(stream) -> None:
    try:
        for _line in stream:
            pass
    except (OSError, ValueError):  # closed by RoomProcess.stop
        pass
