"""The "Join a room" box (notebook 00, and folded in every quiz): paste the facilitator's join link, and from then on each first
try in a quiz goes to the room's projector under the learner's pseudonym.

A thin view over :mod:`course_lib.room_link` (which keeps the room in the progress store and does
the talking). Browser tests find it by the CSS class ``course-room``.
"""

from __future__ import annotations

import ipywidgets as w

from course_lib import room_link as rl
from course_lib.progress import store_or_open
from course_lib.room_client import RoomClientError, hub_room
from course_lib.widgets import Message, Panel, show, try_save


class JoinRoom(Panel):
    """A box for the join link, a Join button and, once joined, a Leave button; one sentence says
    what happened."""

    def __init__(self, store, *, client=None, env=None, on_joined=None):
        """``on_joined()``: called once a join is saved (a quiz then sends its first tries)."""
        self.store = store
        self._on_joined = on_joined
        self.saved = rl.SavedRoom(store)
        self._client = client
        self.link = w.Text(description="Join link", placeholder="http://…/join/CODE?token=…",
                           layout=w.Layout(width="34em"), style={"description_width": "initial"})
        self.join = w.Button(description="Join the room", tooltip="Join the facilitator's live room")
        self.leave = w.Button(description="Leave the room", tooltip="Stop sending first tries to the room")
        self.join.on_click(lambda _: self._on_join())
        # On a JupyterHub with the room service: one click, the hub's login instead of a link.
        self._env = env
        self.hub_join = w.Button(description="Join this hub's room", tooltip="Join the room your class runs on this hub")
        self.hub_join.on_click(lambda _: self._on_join(hub=True))
        self.leave.on_click(lambda _: self._on_leave())
        self.signals = w.Checkbox(value=self.saved.sends_signals(), indent=False, layout=w.Layout(width="auto"),
                                  description="Also send my STAR stories' signals (which parts, “I” or “we”, "
                                              "a number, the time aloud), never their text")
        self.signals.observe(self._on_signals, names="value")
        self.message = Message()
        self.message.add_class("course-live")
        super().__init__([self.hub_join, w.HBox([self.link, self.join]), self.signals, self.leave, self.message], name="room",
                         label="Join a room")
        joined = self.saved.read()
        if joined is not None:
            self.message.say(f"You are in room {joined.code} as “{store.pseudonym}”.", "note")
        show(self.leave, joined is not None)
        show(self.hub_join, hub_room(env) is not None)

    def controls(self) -> dict:
        return {"hub_join": self.hub_join, "link": self.link, "join": self.join, "signals": self.signals, "leave": self.leave}

    def shows(self) -> dict:
        return {"message": self.message}

    def _on_join(self, *, hub: bool = False) -> None:
        kwargs = {"client": self._client} if self._client else {}
        try:
            link = (rl.connect_hub(self.store, env=self._env, **kwargs) if hub
                    else rl.connect(self.store, self.link.value, **kwargs))
        except ValueError as e:
            self.message.say(str(e), "bad")
            return
        except RoomClientError as e:
            self.message.say(f"{e} Check the link with your facilitator; your quizzes work as usual meanwhile.", "bad")
            return
        failed = try_save(self.saved.save, link, kept="")
        if failed:
            self.message.say(failed, "bad")
            return
        self.link.value = ""
        self.message.say(f"Joined room {link.code} as “{self.store.pseudonym}”. From now on each first try in a quiz "
                         "goes to the room's projector (your answers stay on this computer too).", "good")
        show(self.leave, True)
        if self._on_joined is not None:
            self._on_joined()

    def _on_signals(self, change) -> None:
        failed = try_save(self.saved.send_signals, change["new"], kept="")
        if failed:
            self.message.say(failed, "bad")
        elif change["new"]:
            self.message.say("Each STAR story you save in the coach sends its signals to the room; its text stays "
                             "here.", "good")
        else:
            self.message.say("Your STAR stories' signals stay on this computer.", "note")

    def _on_leave(self) -> None:
        failed = try_save(self.saved.leave, kept="")
        if failed:
            self.message.say(failed, "bad")
            return
        self.message.say("You left the room. Your quizzes keep your answers on this computer only.", "note")
        show(self.leave, False)


def join_room(*, store=None) -> JoinRoom:
    """Notebook 00: join a facilitator's live room with the join link they show."""
    return JoinRoom(store_or_open(store))
