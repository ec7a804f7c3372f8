"""The track picker (notebooks 00 and 04): who the learner is, so notebook 04 shows what fits them
first. Notebook 04's lists follow a change made in 04 at once (they listen to the store); one made
in 00, which runs in a kernel of its own, shows when 04 runs again.

A thin view over :class:`course_lib.tracks.SavedTrack`: one list, saved the moment it changes.
Browser tests find it by the CSS class ``course-track``.
"""

from __future__ import annotations

import ipywidgets as w

from course_lib import tracks
from course_lib.progress import store_or_open
from course_lib.widgets import Message, Panel, try_save


class TrackPicker(Panel):
    """Pick a track, or "prefer not to say" (notebook 00's text says why); what it changes is said
    in one sentence under the list."""

    def __init__(self, store):
        self.saved = tracks.SavedTrack(store)
        self.choice = w.Dropdown(options=tracks.choices(), value=self.saved.read(), description="I am",
                                 layout=w.Layout(width="26em"), style={"description_width": "initial"})
        self.message = Message()
        self.message.add_class("course-live")
        super().__init__([self.choice, self.message], name="track", label="Your track")
        self._say(self.choice.value)
        self.choice.observe(self._chosen, names="value")

    def controls(self) -> dict:
        return {"track": self.choice}

    def shows(self) -> dict:
        return {"message": self.message}

    def _chosen(self, change) -> None:
        failed = try_save(self.saved.save, change["new"], kept="")
        if failed:
            self.message.say(failed, "bad")
        else:
            self._say(change["new"], saved=True)

    def _say(self, track: str, *, saved: bool = False) -> None:
        done, tone = ("Saved. ", "good") if saved else ("", "note")
        if track == tracks.UNSAID:
            self.message.say(f"{done}Notebook 04 keeps the course's own order.", tone)
        else:
            self.message.say(f"{done}Notebook 04 lists what was chosen for {tracks.TRACKS[track].people} first.",
                             tone)


def track_picker(*, store=None) -> TrackPicker:
    """Who the learner is (graduate, career changer, ...), kept in the progress store."""
    return TrackPicker(store_or_open(store))
