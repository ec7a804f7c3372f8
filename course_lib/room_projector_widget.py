"""The live room on the projector from a notebook (``notebooks/facilitator/room_projector.ipynb``,
made to be opened in the app view): start a room in this notebook's kernel, or connect to one
started in a terminal, then show its answers as they come in, reveal, switch the mode, time an
exercise and end the session.

A thin view. The room is the laptop room of ``python -m course_lib room``, served by a background
thread of the kernel (:func:`course_lib.room_service.start_in_thread`); the view talks to it over
HTTP with the projector page's own routes and key (:class:`course_lib.room_client.FacilitatorClient`),
so a room started here and one started in a terminal are used the same way, and the room's state
is only ever touched by its own thread. What is drawn comes from :mod:`course_lib.room_board`.
A background thread asks the room for news twice a second and ticks the countdown; the buttons
act at once.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import ipywidgets as w

from course_lib import room_board as rp
from course_lib.markup import escape
from course_lib.room import MODES, WORKSHOP
from course_lib.room_client import FacilitatorClient, Refused, RoomClientError, parse_projector_link
from course_lib.widgets import Message, Panel, show

POLL_EVERY = 0.5  # seconds between two questions to the room (an unchanged room answers with nothing)
WIDE = {"description_width": "initial"}

# Large type and clear bars, readable from the back of a room; the course's focus ring still applies.
STYLE = f"""<style>
.course-widget.course-room-projector {{ max-width: 1200px; font-size: 20px; --jp-widgets-font-size: 20px;
  --jp-widgets-inline-height: 40px; }}
.course-room-projector .widget-html-content {{ font-size: 20px; line-height: 1.4; }}
/* ipywidgets sizes a radio's row for one small line: rows as tall as the text, radios 24 px (WCAG 2.5.8) */
.course-room-projector .widget-radio-box label, .course-room-projector .jupyter-widget-radio-box label {{
  height: auto; min-height: 36px; line-height: 1.4; padding: 6px 0; white-space: normal; display: flex; align-items: center; }}
.course-room-projector input[type="radio"] {{ width: 24px; height: 24px; margin: 0 .5em 0 0; flex-shrink: 0; order: -1; }}
.course-room-projector .course-room-code {{ font-size: 2.2em; font-weight: bold; margin: .2em 0; }}
.course-room-projector .course-room-code strong {{ letter-spacing: .15em; font-family: ui-monospace, monospace; }}
.course-room-projector .course-room-join {{ font-size: 1em; word-break: break-all; }}
.course-room-projector .course-room-line {{ font-size: 1.4em; font-weight: bold; margin: .2em 0; }}
.course-room-projector .course-room-timer {{ font-size: 2em; font-weight: bold; font-variant-numeric: tabular-nums; }}
.course-room-projector h2 {{ font-size: 1.5em; }} .course-room-projector h3 {{ font-size: 1.15em; margin-bottom: .2em; }}
{rp.board_css(".course-room-projector")}
</style>"""


class RoomProjector(Panel):
    """Start or connect to a live room, then its projector (see the module docstring)."""

    def __init__(self, *, start=None, client=FacilitatorClient, poll_every: float = POLL_EVERY, clock=time.monotonic):
        """``start(out=, lan=)``: starts a room, returning what has ``join_link`` and ``projector``
        (default :func:`course_lib.room_service.start_in_thread`); ``client(base, key)``: talks
        to it."""
        self._start, self._client_class, self.poll_every = start, client, poll_every
        self.client: FacilitatorClient | None = None
        self.state: dict | None = None
        self.join_link = ""
        self.countdown = rp.Countdown(clock)
        self._said_up = False
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self._syncing = False  # the mode switch set from the room's state, not by a click

        self.before = self._before_box()
        self.after = self._after_box()
        self.message = Message()  # before the room: what went wrong starting or connecting
        self.message.add_class("course-live")
        super().__init__([w.HTML(STYLE, layout=w.Layout(display="none")), self.before, self.message, self.after],
                         name="room-projector", label="The live room's projector")

    def _before_box(self) -> w.VBox:
        """Before the room: start one here, or connect to one started in a terminal."""
        self.folder = w.Text(value="room-results", description="Results folder", style=WIDE)
        self.lan = w.Checkbox(value=False, indent=False, layout=w.Layout(width="auto"),
                              description="Let laptops on this network join, not only this computer")
        from course_lib.room_service import LAN_WARNING

        self.lan_warning = w.HTML(f'<p class="course-box course-bad">{escape(LAN_WARNING)}</p>')
        show(self.lan_warning, False)
        self.lan.observe(lambda change: show(self.lan_warning, change["new"]), names="value")
        self.start_button = w.Button(description="Start the room", tooltip="Start a live room in this notebook",
                                     layout=w.Layout(width="auto"))
        self.start_button.on_click(lambda _: self._on_start())
        self.link = w.Text(description="Projector link", placeholder="http://…/projector?key=…", style=WIDE,
                           layout=w.Layout(width="34em"))
        self.connect_button = w.Button(description="Connect to this room", layout=w.Layout(width="auto"),
                                       tooltip="Show a room started in a terminal with python -m course_lib room")
        self.connect_button.on_click(lambda _: self._on_connect())
        before = w.VBox([w.HBox([self.folder, self.start_button]), self.lan, self.lan_warning,
                         w.HBox([self.link, self.connect_button])])
        before.add_class("course-room-before")
        return before

    def _after_box(self) -> w.VBox:
        """The room: its code and line, the buttons that reach the laptops, the board."""
        self.code = w.HTML()
        self.line = w.HTML()
        self.line.add_class("course-room-joined")
        self.mode = w.RadioButtons(options=[("Workshop: feedback after the reveal", WORKSHOP),
                                            ("Self-paced: feedback at once", MODES[1])],
                                   description="Mode for every joined laptop", style=WIDE, layout=w.Layout(width="auto"))
        self.mode.observe(self._on_mode, names="value")
        self.quiz = w.Dropdown(description="Quiz on screen", style=WIDE, layout=w.Layout(width="auto"))
        self.quiz.observe(lambda _: self._draw(), names="value")
        self.reveal = w.Button(description="Reveal this quiz", tooltip="Show its feedback on every joined laptop",
                               layout=w.Layout(width="auto"))
        self.reveal.on_click(lambda _: self._on_reveal())
        self.end = w.Button(description="End the session and save results files", layout=w.Layout(width="auto"),
                            tooltip="Save one results file per learner; the room then forgets everything else")
        self.end.on_click(lambda _: self._ask_to_end(True))
        self.end_sure = w.Button(description="Yes: end it and save the results files", layout=w.Layout(width="auto"))
        self.end_sure.on_click(lambda _: self._on_end())
        self.end_keep = w.Button(description="No: keep the room open", layout=w.Layout(width="auto"))
        self.end_keep.on_click(lambda _: self._ask_to_end(False))
        self.end_question = w.VBox([w.HTML("<p><strong>End the session?</strong> The results files are saved and the "
                                           "room forgets everything else.</p>"), w.HBox([self.end_sure, self.end_keep])])
        self.end_question.add_class("course-room-end")
        show(self.end_question, False)
        self.minutes = w.BoundedIntText(value=2, min=rp.Countdown.MIN, max=rp.Countdown.MAX, style=WIDE,
                                        description="Countdown, in minutes", layout=w.Layout(width="16em"))
        self.timer_button = w.Button(description="Start the countdown", layout=w.Layout(width="auto"))
        self.timer_button.on_click(lambda _: self._on_timer())
        self.timer = w.HTML('<span class="course-room-timer" role="timer" aria-label="Time left"></span>')
        self.status = Message()
        self.status.add_class("course-live")
        self.status.add_class("course-room-status")
        self.board = w.HTML()
        self.board.add_class("course-room-board")
        self.star = w.HTML()
        self.star.add_class("course-room-star")
        after = w.VBox([self.code, self.line, self.mode, w.HBox([self.quiz, self.reveal]),
                        w.HBox([self.minutes, self.timer_button, self.timer]), w.HBox([self.end]), self.end_question,
                        self.status, self.board, self.star])
        after.add_class("course-room-after")
        show(after, False)
        return after

    def controls(self) -> dict:
        return {"folder": self.folder, "lan": self.lan, "start": self.start_button, "link": self.link,
                "connect": self.connect_button, "mode": self.mode, "quiz": self.quiz, "reveal": self.reveal,
                "end": self.end, "end_sure": self.end_sure, "end_keep": self.end_keep, "minutes": self.minutes,
                "countdown": self.timer_button}

    def shows(self) -> dict:
        return {"message": self.message, "code": self.code, "line": self.line, "status": self.status,
                "board": self.board, "star": self.star, "timer": self.timer}

    # --- starting or connecting ----------------------------------------------------------------
    def _on_start(self) -> None:
        from course_lib.content import ContentError

        start = self._start
        if start is None:
            from course_lib.room_service import start_in_thread as start
        folder = self.folder.value.strip() or "room-results"
        try:
            running = start(out=folder, lan=self.lan.value)
        except ContentError as e:
            self.message.say("The room did not start: the course's content has errors. " + " ".join(e.errors[:3]), "bad")
            return
        except OSError as e:
            self.message.say(f"The room did not start ({e.strerror or e}).", "bad")
            return
        self.join_link = running.join_link
        self._open(running.projector, f"Room started. Results files will be saved in {Path(folder).resolve()} when "
                                      "you end the session.")

    def _on_connect(self) -> None:
        self.join_link = ""
        self._open(self.link.value, "Connected to the room.")

    def _open(self, projector_link: str, said: str) -> None:
        try:
            base, key = parse_projector_link(projector_link)
            client = self._client_class(base, key)
            state = client.state()
        except ValueError as e:
            self.message.say(str(e), "bad")
            return
        except RoomClientError as e:
            self.message.say(str(e), "bad")
            return
        self.client, self.link.value = client, ""
        self.join_link = self.join_link or f"{base}{state['join']}"
        self.quiz.options = [(q["title"], q["id"]) for q in state["quizzes"]]
        self.quiz.value = state["quizzes"][0]["id"] if state["quizzes"] else None
        self.message.clear()
        show(self.before, False)
        show(self.after, True)
        self._take(state)
        self.status.say(said, "good")
        self._watcher = threading.Thread(target=self._watch, daemon=True, name="course-room-projector")
        self._watcher.start()

    # --- keeping up with the room ----------------------------------------------------------------
    def _watch(self) -> None:
        while not self._stop.wait(self.poll_every):
            self.refresh()
            self._tick()

    def refresh(self) -> None:
        """Ask the room for news once and show them (the watcher does this twice a second)."""
        if self.client is None or self._stop.is_set():
            return
        try:
            state = self.client.state(since=self.state["version"] if self.state else None)
        except Refused as e:
            if e.status == 410:
                self._ended("The session has ended.")
            return
        except RoomClientError:
            self.status.say("The room does not answer: is it still running?", "bad")
            return
        if state is not None:
            self._take(state)

    def _take(self, state: dict) -> None:
        self.state = state
        code = escape(state["room"])
        join = (f'<p>Learners join with this link, in “Join a room” in notebook 00 or under any quiz:<br>'
                f'<code class="course-room-join">{escape(self.join_link)}</code></p>') if self.join_link else ""
        self.code.value = f'<p class="course-room-code">Room <strong>{code}</strong></p>{join}'
        self.line.value = f'<p class="course-room-line">{rp.room_line(state)}</p>'
        if self.mode.value != state["mode"]:
            self._syncing = True
            try:
                self.mode.value = state["mode"]
            finally:
                self._syncing = False
        self._draw()

    def _draw(self) -> None:
        if self.state is None:
            return
        quiz = rp.find_quiz(self.state, self.quiz.value)
        revealed = bool(quiz and quiz["revealed"])
        self.reveal.disabled = revealed or quiz is None
        self.reveal.description = "Revealed" if revealed else "Reveal this quiz"
        self.board.value = rp.board_html(self.state, self.quiz.value)
        self.star.value = rp.signals_html(self.state)

    # --- the facilitator's buttons -----------------------------------------------------------
    def _act(self, call, *args) -> bool:
        try:
            call(*args)
        except RoomClientError as e:
            self.status.say(f"Not done: {e}", "bad")
            return False
        self.refresh()
        return True

    def _on_reveal(self) -> None:
        if self.client and self.quiz.value and self._act(self.client.reveal, self.quiz.value):
            self.status.say("Revealed on every joined laptop.", "good")

    def _on_mode(self, change) -> None:
        if self._syncing or self.client is None:
            return
        if self._act(self.client.set_mode, change["new"]):
            self.status.say(f"Every joined laptop is now in {change['new']} mode.", "good")

    def _ask_to_end(self, asking: bool) -> None:
        show(self.end_question, asking)
        show(self.end, not asking)
        (self.end_keep if asking else self.end).focus()  # the safe choice first

    def _on_end(self) -> None:
        if self.client is None:
            return
        try:
            done = self.client.end()
        except RoomClientError as e:
            self.status.say(f"Not done: {e}", "bad")
            return
        n = int(done.get("written", 0))
        self._ended(f"Session ended: {n} results file{'s' if n != 1 else ''} saved in {done.get('folder', '')}. "
                    "Open the class results notebook on that folder to see them.")

    def _ended(self, said: str) -> None:
        self._stop.set()
        self.countdown.stop()
        self.timer_button.description = "Start the countdown"
        self._tick()  # no frozen time left on the screen
        for control in (self.mode, self.quiz, self.reveal, self.end, self.end_sure, self.end_keep, self.minutes,
                        self.timer_button):
            control.disabled = True
        show(self.end_question, False)
        show(self.end, True)
        self.status.say(said, "good")

    # --- the countdown -----------------------------------------------------------------------
    def _on_timer(self) -> None:
        self._said_up = False
        if self.countdown.running:
            self.countdown.stop()
            self.timer_button.description = "Start the countdown"
            self.status.say("Countdown stopped.", "note")
        else:
            minutes = self.countdown.start(self.minutes.value)
            self.timer_button.description = "Stop the countdown"
            self.status.say(f"Countdown started: {minutes} minute{'s' if minutes != 1 else ''}.", "note")
        self._tick()

    def _tick(self) -> None:
        html = f'<span class="course-room-timer" role="timer" aria-label="Time left">{self.countdown.text()}</span>'
        if self.timer.value != html:
            self.timer.value = html
        if self.countdown.up and not self._said_up:  # "0:00" stays on screen until a new start
            self._said_up = True
            self.timer_button.description = "Start the countdown"
            self.status.say("Time is up.", "note")

    def close(self) -> None:
        self._stop.set()
        super().close()


def room_projector() -> RoomProjector:
    """The projector notebook: start (or connect to) the live room and show it."""
    return RoomProjector()
