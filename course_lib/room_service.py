"""The live room as a small web service on the facilitator's laptop: ``python -m course_lib room``.

One Tornado process holds one :class:`course_lib.room.Room` in memory. Learners' laptops send JSON
to it; the facilitator opens the projector page. Routes:

* ``POST /api/join``, ``/api/answer``, ``/api/signals``: a learner's messages (the room token inside);
* ``GET /api/state?token=…``: what a joined laptop follows (mode, quizzes revealed);
* ``GET /projector?key=…``: the projector page; it polls ``GET /api/projector?key=…`` and, when
  the room changes, fetches its board from ``GET /api/board?key=…&quiz=…``: the HTML of
  :mod:`course_lib.room_board`, the same drawing as the projector notebook's;
* ``POST /api/reveal``, ``/api/mode``, ``/api/end``: the facilitator's buttons (the facilitator
  token inside, never printed anywhere but the facilitator's terminal);
* ``GET /join/<code>``: what the join link shows in a browser (how to join from the course).

Every POST must be ``application/json`` (a page on another site cannot send that without the
browser asking first) and at most :data:`course_lib.room.MAX_MESSAGE_BYTES`. A refused message gets
a 4xx answer with one sentence, and changes nothing. The service binds 127.0.0.1 unless asked to
listen on the local network. On a laptop (not a hub) each client address has limits
(:class:`course_lib.room.AddressLimits`): requests per second and learners joined; over them, a 429.
Nothing is written to disk but the results files at the end.
"""

from __future__ import annotations

import json
import logging
import socket
from dataclasses import dataclass
from pathlib import Path

import tornado.httpserver
import tornado.ioloop
import tornado.netutil
import tornado.web

from course_lib import room as rm
from course_lib import room_board as rb
from course_lib.charts import INK, PALETTE
from course_lib.markup import escape

MAX_BODY_BYTES = 64 * 1024  # what Tornado reads at all; the room refuses anything over 4 KB itself
POLL_MS = 200  # how often the projector asks for news (an unchanged room answers with an empty 204)

_SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # the page's address holds the facilitator token
    "X-Frame-Options": "DENY",
}


class _Base(tornado.web.RequestHandler):
    room: rm.Room
    facilitator = False  # a facilitator's route (on a hub: for the facilitators only)
    param = "token"  # the query argument a GET's token comes in

    def initialize(self, service: "RoomService") -> None:
        self.service = service
        self.room = service.room

    def set_default_headers(self) -> None:
        for name, value in _SECURITY_HEADERS.items():
            self.set_header(name, value)

    def prepare(self) -> None:
        limits = self.service.limits
        if limits is not None:
            try:
                limits.request(self.request.remote_ip)
            except rm.RoomError as e:
                self.refuse(e)  # finished here: the route's own method is not called

    def write_error(self, status_code: int, **kwargs) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps({"error": self._reason}))

    def refuse(self, error: rm.RoomError) -> None:
        self.set_status(error.status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps({"error": str(error)}))

    def head(self) -> str:
        """More for a page's <head> (on a hub: the token its scripts send back with each request)."""
        return ""

    def credential(self):
        """The token a GET came with (on a hub the hub's login stands in for a facilitator's key)."""
        return self.get_query_argument(self.param, None)

    def reply(self, data) -> None:
        if self.get_status() == 204:
            self.finish()
            return
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(data if isinstance(data, str) else json.dumps(data))


class _Post(_Base):
    """A JSON message in, the room's answer out (``act`` does the room's part)."""

    def act(self, message: dict):
        raise NotImplementedError

    def post(self) -> None:
        kind = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        try:
            if kind != "application/json":
                raise _Unsupported("send JSON (Content-Type: application/json)")
            message = rm.parse_message(self.request.body)
            if self.facilitator and self.credential() is not None:
                message = {**message, "key": self.credential()}
            result = self.act(message)
        except rm.RoomError as e:
            self.refuse(e)
            return
        self.reply(result if result is not None else {"ok": True})


class _Unsupported(rm.RoomError):
    status = 415


class Join(_Post):
    def act(self, message):
        limits, address = self.service.limits, self.request.remote_ip
        if limits is not None:
            limits.may_join(address, message.get("learner"))
        followed = self.room.join(message)
        if limits is not None:
            limits.joined(address, message["learner"])
        return followed


class Answer(_Post):
    def act(self, message):
        return {"counted": self.room.answer(message)}


class Signals(_Post):
    def act(self, message):
        self.room.signals(message)


class Reveal(_Post):
    facilitator = True
    param = "key"

    def act(self, message):
        self.room.reveal(message)


class Mode(_Post):
    facilitator = True
    param = "key"

    def act(self, message):
        self.room.set_mode(message)


class End(_Post):
    facilitator = True
    param = "key"

    def act(self, message):
        written = self.room.end(message.get("key"), self.service.out)
        self.service.ended(written)
        return {"written": len(written), "folder": str(self.service.out)}


class _Get(_Base):
    """A state read with a token in the address (``param``); ``read`` does the room's part."""

    def read(self, token):
        raise NotImplementedError

    def get(self) -> None:
        try:
            self.reply(self.read(self.credential()))
        except rm.RoomError as e:
            self.refuse(e)


class State(_Get):
    def read(self, token):
        return self.room.learner_state(token)


class ProjectorState(_Get):
    """The projector's state; with ``since=<version>`` and nothing new, an empty 204 (so a
    projector asking five times a second costs next to nothing)."""

    facilitator = True
    param = "key"

    def read(self, key):
        state = self.service.projector_json(key)
        if self.get_query_argument("since", None) == str(self.room.version):
            self.set_status(204)
            return ""
        return state


class Board(_Get):
    """The board of the quiz on screen and the STAR signals, as HTML drawn by
    :mod:`course_lib.room_board` (every text escaped there; no pseudonym is ever on it)."""

    facilitator = True
    param = "key"

    def read(self, key):
        state = self.room.projector_state(key)
        return rb.board_html(state, self.get_query_argument("quiz", None)) + rb.signals_html(state)

    def reply(self, data) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(data)


class Projector(_Base):
    facilitator = True
    param = "key"

    def get(self) -> None:
        try:
            self.room.projector_state(self.credential())  # the key, checked
        except rm.RoomError as e:
            self.set_status(e.status)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            reason = str(e)
            self.finish(_page("Not the projector", f"<h1>Not the projector</h1><p>{escape(reason[:1].upper() + reason[1:])}. "
                              "Open the projector link printed in the facilitator's terminal.</p>"))
            return
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
        self.finish(_page(f"Room {self.room.code}", PROJECTOR_BODY.format(code=escape(self.room.code)),
                          script="projector.js", head=self.head()))


class JoinPage(_Base):
    def get(self, code: str) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Content-Security-Policy", "default-src 'self'")
        known = code.upper() == self.room.code
        self.set_status(200 if known else 404)
        how = ("press “Join this hub's room”" if self.settings.get("room_prefix")  # on a hub: one click
               else "paste this page's whole address into it")
        text = (f"<h1>Room {escape(self.room.code)}</h1><p>To join, open notebook 00 of the course, find "
                f"“Join a room” (or press “In a live room? Join it here” under any quiz) and {how}.</p>") if known else (
                "<h1>No such room</h1><p>Check the room code on the projector.</p>")
        self.finish(_page("Join a room", text, root="../"))


class Asset(_Base):
    def initialize(self, service: "RoomService", body: str, kind: str) -> None:
        super().initialize(service)
        self.body, self.kind = body, kind

    def get(self) -> None:
        self.set_header("Content-Type", self.kind)
        self.finish(self.body)


def _page(title: str, body: str, *, script: str | None = None, root: str = "", head: str = "") -> str:
    """A page; ``root`` leads from its address to the service's own (addresses stay relative, so
    the pages work the same under a hub's /services/<name>/)."""
    tag = f'<script src="{script}" defer></script>' if script else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<link rel="stylesheet" href="{root}projector.css">{head}{tag}</head><body><main>{body}</main></body></html>')


PROJECTOR_BODY = """
<h1>Room <span class="code">{code}</span></h1>
<p class="big"><span id="joined">0</span> joined · mode: <strong id="mode-name">workshop</strong></p>
<div class="controls">
  <fieldset><legend>Mode for every joined laptop</legend>
    <label><input type="radio" name="mode" value="workshop"> Workshop: feedback after the reveal</label>
    <label><input type="radio" name="mode" value="self-paced"> Self-paced: feedback at once</label>
  </fieldset>
  <p><label for="quiz">Quiz on screen</label> <select id="quiz"></select></p>
  <p><button type="button" id="reveal">Reveal this quiz</button>
     <button type="button" id="end">End the session and save results files</button></p>
  <p><label for="minutes">Countdown, in minutes</label> <input id="minutes" type="number" min="1" max="60" value="2">
     <button type="button" id="countdown">Start the countdown</button>
     <span class="timer" role="timer" aria-label="Time left" id="timer"></span></p>
</div>
<p id="status" role="status" aria-live="polite"></p>
<div id="board"></div>
"""

PROJECTOR_CSS = f"""
html {{ font-size: 22px; }}
body {{ font-family: system-ui, sans-serif; color: {INK}; background: #ffffff; margin: 0 auto; max-width: 70rem;
        padding: 1rem 1.5rem; line-height: 1.4; }}
h1 {{ font-size: 2.2rem; margin: .3rem 0; }} h2 {{ font-size: 1.6rem; }} h3 {{ font-size: 1.25rem; margin-bottom: .3rem; }}
.code {{ letter-spacing: .15em; font-family: ui-monospace, monospace; }}
.big {{ font-size: 1.4rem; }}
fieldset {{ border: 2px solid {INK}; padding: .4rem .8rem; }}
label {{ margin-right: 1rem; }}
button, select {{ font-size: 1rem; padding: .4rem .8rem; border: 2px solid {INK}; background: #ffffff; color: {INK};
                 border-radius: .3rem; }}
button:focus-visible, select:focus-visible, input:focus-visible {{ outline: 3px solid {PALETTE["blue"]}; outline-offset: 2px; }}
button:disabled {{ color: #595959; border-color: #595959; }}
.timer {{ font-size: 2rem; font-weight: bold; font-variant-numeric: tabular-nums; margin-left: 1rem; }}
input[type=number] {{ font-size: 1rem; width: 4rem; padding: .3rem; border: 2px solid {INK}; }}
{rb.board_css("main")}
"""

PROJECTOR_JS = """
"use strict";
(function () {
  const key = new URLSearchParams(location.search).get("key") || "";
  const $ = (id) => document.getElementById(id);
  // on a hub, the hub's login cookie counts only with this token beside it (none on a laptop)
  const xsrf = (document.querySelector('meta[name="xsrf"]') || {}).content;
  const extra = xsrf ? {"X-XSRFToken": xsrf} : {};
  let version = -1, chosen = null, state = null, drawn = 0;

  function render() {
    $("joined").textContent = state.joined + (state.joined === 1 ? " learner" : " learners");
    $("mode-name").textContent = state.mode;
    document.querySelectorAll("input[name=mode]").forEach((r) => { r.checked = r.value === state.mode; });
    const select = $("quiz");
    if (chosen === null && state.quizzes.length) chosen = state.quizzes[0].id;
    select.replaceChildren(...state.quizzes.map((q) => {
      const o = document.createElement("option");
      o.textContent = q.title + " (" + q.answered + " answers)";
      o.value = q.id; o.selected = q.id === chosen; return o;
    }));
    const quiz = state.quizzes.find((q) => q.id === chosen);
    if (!quiz) return;
    $("reveal").disabled = quiz.revealed;
    $("reveal").textContent = quiz.revealed ? "Revealed" : "Reveal this quiz";
  }

  // The board is drawn by the room service, as in the projector notebook (every text escaped
  // there). It is no live region: a screen reader is not read the whole board at each change.
  async function drawBoard() {
    const asked = ++drawn;  // a later question (another quiz chosen meanwhile) wins
    try {
      const r = await fetch("api/board?key=" + encodeURIComponent(key) + "&quiz=" + encodeURIComponent(chosen || ""),
                            {cache: "no-store", headers: extra});
      const html = r.ok ? await r.text() : null;
      if (html !== null && asked === drawn) $("board").innerHTML = html;
    } catch (e) { /* the next change of the room draws it again */ }
  }

  async function poll() {
    try {
      const r = await fetch("api/projector?key=" + encodeURIComponent(key) + "&since=" + version, {cache: "no-store", headers: extra});
      if (r.status === 410) { $("status").textContent = "The session has ended."; return; }
      if (r.status === 200) {
        const s = await r.json();
        if (s.version !== version) { version = s.version; state = s; render(); await drawBoard(); }
      }
    } catch (e) { $("status").textContent = "The room service does not answer; is it still running?"; }
    setTimeout(poll, POLL_MS);
  }

  async function send(path, body) {
    const r = await fetch(path, {method: "POST", headers: Object.assign({"Content-Type": "application/json"}, extra),
                                 body: JSON.stringify(Object.assign({key: key}, body))});
    const data = await r.json().catch(() => ({}));
    if (!r.ok) $("status").textContent = "Not done: " + (data.error || r.status);
    return r.ok ? data : null;
  }

  // a countdown for a timed exercise: on the projector only (the room keeps nothing of it)
  let ends = null, ticking = null;
  function tick() {
    const left = Math.max(0, Math.round((ends - Date.now()) / 1000));
    $("timer").textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    if (left === 0) {
      clearInterval(ticking); ticking = null;
      $("countdown").textContent = "Start the countdown";
      $("status").textContent = "Time is up.";
    }
  }
  $("countdown").addEventListener("click", () => {
    if (ticking) {
      clearInterval(ticking); ticking = null; $("timer").textContent = "";
      $("countdown").textContent = "Start the countdown";
      $("status").textContent = "Countdown stopped.";
      return;
    }
    const minutes = Math.min(60, Math.max(1, Number($("minutes").value) || 2));
    ends = Date.now() + minutes * 60000;
    ticking = setInterval(tick, 250); tick();
    $("countdown").textContent = "Stop the countdown";
    $("status").textContent = "Countdown started: " + minutes + (minutes === 1 ? " minute." : " minutes.");
  });

  $("quiz").addEventListener("change", (e) => { chosen = e.target.value; render(); drawBoard(); });
  $("reveal").addEventListener("click", async () => {
    if (await send("api/reveal", {quiz: chosen})) $("status").textContent = "Revealed on every joined laptop.";
  });
  document.querySelectorAll("input[name=mode]").forEach((r) => r.addEventListener("change", async () => {
    if (await send("api/mode", {mode: r.value})) $("status").textContent = "Every joined laptop is now in " + r.value + " mode.";
  }));
  $("end").addEventListener("click", async () => {
    if (!confirm("End the session? The results files are saved and the room forgets everything else.")) return;
    const done = await send("api/end", {});
    if (done) {
      $("status").textContent = "Session ended: " + done.written + " results files saved in " + done.folder + ".";
      document.querySelectorAll("button, input, select").forEach((c) => { c.disabled = true; });
    }
  });
  poll();
})();
""".replace("POLL_MS", str(POLL_MS))


class RoomService:
    """One room, its Tornado application and where its results files go."""

    def __init__(self, room: rm.Room, out: Path | str, *, on_end=None, prefix: str = "/", wrap=None,
                 extra=(), settings=None, limits: rm.AddressLimits | None = None):
        """``prefix``: where the routes live (a hub service's /services/<name>/); ``wrap``: what
        every handler class goes through first (the hub's login, :mod:`course_lib.room_hub`);
        ``extra``: more (path, handler) routes; ``settings``: more Tornado settings; ``limits``:
        per-address limits (a laptop room's; None on a hub)."""
        self.room = room
        self.limits = limits
        self.out = Path(out)
        self.on_end = on_end
        self._cache: tuple[int, str] | None = None
        args = {"service": self}
        routes = [
            ("api/join", Join, args), ("api/answer", Answer, args), ("api/signals", Signals, args),
            ("api/state", State, args), ("api/projector", ProjectorState, args), ("api/board", Board, args),
            ("api/reveal", Reveal, args), ("api/mode", Mode, args), ("api/end", End, args),
            ("projector", Projector, args), ("join/([A-Za-z0-9]{1,20})", JoinPage, args),
            ("projector.js", Asset, {**args, "body": PROJECTOR_JS, "kind": "text/javascript; charset=utf-8"}),
            ("projector.css", Asset, {**args, "body": PROJECTOR_CSS, "kind": "text/css; charset=utf-8"}),
            *((path, handler, args) for path, handler in extra),
        ]
        wrap = wrap or (lambda handler: handler)
        self.app = tornado.web.Application(
            [(prefix + path, wrap(handler), kwargs) for path, handler, kwargs in routes],
            xsrf_cookies=False, autoreload=False, debug=False, **(settings or {}))

    def projector_json(self, key) -> str:
        """The projector state as JSON, made once per change of the room however many poll."""
        state = self.room.projector_state(key)
        if self._cache is None or self._cache[0] != state["version"]:
            self._cache = (state["version"], json.dumps(state, ensure_ascii=False))
        return self._cache[1]

    def ended(self, written: list[Path]) -> None:
        self._cache = None
        if self.on_end:
            self.on_end(written)

    def listen(self, port: int, address: str) -> int:
        """Start listening; the port actually bound (``port`` 0: a free one)."""
        server = tornado.httpserver.HTTPServer(self.app, max_body_size=MAX_BODY_BYTES, idle_connection_timeout=60)
        sockets = tornado.netutil.bind_sockets(port, address=address, family=socket.AF_INET)
        server.add_sockets(sockets)
        return sockets[0].getsockname()[1]


def lan_address() -> str:
    """This laptop's address on the local network (no packet is sent to find it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
        except OSError:
            return "127.0.0.1"


LAN_WARNING = (
    "Warning: --lan makes the room reachable from every device on this network, not only this laptop. "
    "Anyone on the network who has the join link can join and answer under a pseudonym; anyone who has "
    "the projector link can reveal, switch the mode and end the session. Learners' pseudonyms and first "
    "tries travel unencrypted (plain HTTP) over the network. Use it on a network you trust (a classroom, "
    "not a café), and stop the room when the session ends.")


def _say(text: str) -> None:
    print(text, flush=True)  # at once, also when the terminal is a pipe


PORT = 8765  # a laptop room's port when none is given


def listen_address(lan: bool) -> str:
    """Where a laptop room listens: every network of the laptop with ``lan``, else this laptop only."""
    return "0.0.0.0" if lan else "127.0.0.1"


def run(*, port: int = PORT, lan: bool = False, out: Path | str = "room-results", mode: str = rm.WORKSHOP,
        print_=_say) -> int:
    """Start a room and serve it until the session is ended from the projector (or Ctrl+C)."""
    address = listen_address(lan)

    def links(room, bound):
        join, projector = laptop_links(room, bound, lan=lan)
        return ([LAN_WARNING] if lan else []) + [
            f"Room code: {room.code}",
            f"Join link for learners (paste it into “Join a room” in notebook 00): {join}",
            f"Projector, for you only (it can reveal and end the session): {projector}"]

    return serve(laptop_service, port=port, address=address,
                 out=out, mode=mode, print_=print_, links=links,
                 busy=f"port {port} is not free on {address}", hint="Try another with --port.")


def laptop_service(room, out, on_end) -> RoomService:
    """A laptop room's service: per-address limits, no hub."""
    return RoomService(room, out, on_end=on_end, limits=rm.AddressLimits())


def laptop_links(room: rm.Room, port: int, *, lan: bool) -> tuple[str, str]:
    """A laptop room's join link (for learners) and projector link (the facilitator's only)."""
    base = f"http://{lan_address() if lan else '127.0.0.1'}:{port}"
    return f"{base}{room.join_path()}", f"{base}/projector?key={room.facilitator_token}"


@dataclass
class RoomThread:
    """A laptop room served by a background thread of this process (the projector notebook's
    kernel): it lives as long as the process, or until its session is ended."""

    room: rm.Room
    port: int
    join_link: str
    projector: str
    out: Path
    _loop: object

    def stop(self) -> None:
        """Stop serving (nothing is saved: as Ctrl+C in a terminal)."""
        self._loop.call_soon_threadsafe(self._loop.stop)


def start_in_thread(*, out: Path | str = "room-results", lan: bool = False, port: int = PORT,
                    mode: str = rm.WORKSHOP, quizzes=None) -> RoomThread:
    """Start a laptop room on its own event loop in a daemon thread (its Room is only ever touched
    by that loop), on ``port`` or, if that one is taken, any free port. Ending the session from the
    projector stops the thread. ContentError if the course's content has errors; OSError if no
    port can be had."""
    import asyncio
    import threading

    if quizzes is None:
        from course_lib.content import load_content

        quizzes = load_content().quizzes
    address = listen_address(lan)
    ready, box = threading.Event(), {}

    def serve_here():
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            room = rm.Room(quizzes, mode=mode)
            service = laptop_service(room, out, lambda _written: loop.call_later(0.5, loop.stop))
            try:
                bound = service.listen(port, address)
            except OSError:
                bound = service.listen(0, address)  # the usual port is taken (another room?): any free one
            box.update(room=room, port=bound, loop=loop)
        except Exception as e:  # noqa: BLE001 - handed to the caller's thread
            box["error"] = e
            return
        finally:
            ready.set()
        loop.run_forever()

    threading.Thread(target=serve_here, daemon=True, name="course-room-service").start()
    ready.wait(30)
    if "error" in box or "room" not in box:
        raise box.get("error") or OSError("the room service did not start")
    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # refusals are the room doing its job
    join, projector = laptop_links(box["room"], box["port"], lan=lan)
    return RoomThread(box["room"], box["port"], join, projector, Path(out), box["loop"])


def serve(build, *, port: int, address: str, out, mode: str, print_, links, busy: str | None = None,
          hint: str = "") -> int:
    """Load the course's quizzes, ``build(room, out, on_end)`` the service, listen on ``address``,
    print ``links(room, bound_port)`` and serve until the session ends (or Ctrl+C)."""
    from course_lib.content import ContentError, load_content

    try:
        quizzes = load_content().quizzes
    except ContentError as e:
        print_("The room did not start: the course's content has errors.\n" + "\n".join(e.errors))
        return 1
    # A refused message is the room doing its job: not a line in the facilitator's terminal each
    # time (a flood would bury the links). Errors of the service itself are still printed.
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    loop = tornado.ioloop.IOLoop.current()
    written: list[Path] = []

    def on_end(files):
        written.extend(files)
        loop.call_later(0.5, loop.stop)  # let the projector hear the answer first

    room = rm.Room(quizzes, mode=mode)
    service = build(room, out, on_end)
    try:
        bound = service.listen(port, address)
    except OSError as e:
        print_(f"The room did not start: {busy or f'port {port} is not free on {address}'} ({e.strerror or e}). {hint}".rstrip())
        return 1
    for line in links(room, bound):
        print_(line)
    print_(f"Results files will be saved in {Path(out).resolve()} when you end the session. Stop with Ctrl+C "
           "(nothing is saved then).")
    try:
        loop.start()
    except KeyboardInterrupt:
        print_("Stopped. Nothing was saved.")
        return 0
    print_(f"Session ended: {len(written)} results file{'s' if len(written) != 1 else ''} saved in "
           f"{Path(out).resolve()}. Read them with: python -m course_lib class-report {Path(out)}")
    return 0
