"""What every widget view shares: the panel they live in, the course's widget styles, and the few
ways a view speaks to the learner.

A view is thin: it reads a logic object, shows it, and saves what the learner gives through its
feature's record of the progress store (``StoryBank``, ``SavedPlanner``, ...) from its callbacks
(never by printing while a cell runs, which nbval cannot compare). Every top-level view is a :class:`Panel`:

* its text form is short and stable ("Quiz: Purpose and expectations (8 questions)"), so the
  stored notebook output compares equal under nbval whatever the learner did;
* it carries CSS classes ``course-widget`` and ``course-<name>`` so browser tests and styles
  can find it;
* it brings the course's stylesheet: a visible focus ring and colours that meet WCAG AA
  contrast. Colour never carries meaning alone: feedback always says it in words too, and links
  are underlined;
* a part whose text changes after an action (feedback, "Saved") carries the class ``course-live``:
  the app view's template makes it a live region, so a screen reader announces the new text;
* it names its parts by role (:class:`View`): ``controls()`` — what the learner works, and
  ``shows()`` — what it tells them. :mod:`course_lib.testing` drives a view through these.

The vocabulary views share, so they behave alike: :func:`try_save` (save, and on failure the
sentence to show, the learner's text kept), :class:`StatusLine` (the line under a text box:
"Saved · 12 words"), :class:`Message` (what a view says after an action, by tone),
:func:`show` (show or hide a part) and :class:`Picker` (a list to pick one item from, and what it
shows). A view whose lists put the learner's track first (``course_lib.tracks``) is a
:class:`FollowsTrack` (a :class:`TrackedPicker` for a Picker): it re-orders itself, keeping what is
picked (:func:`reorder`), when the learner changes their track, and :func:`track_note` says why.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import ipywidgets as w

from course_lib import tracks
from course_lib.markup import escape

# Colours (Okabe-Ito based, darkened where needed for 4.5:1 contrast on white).
GOOD = "#00704a"   # 5.9:1 on white
BAD = "#a6321d"    # 6.0:1 on white
NOTE = "#0b5c8f"   # 6.9:1 on white
INK = "#1f1f1f"

STYLE = f"""
<style>
.course-widget {{ color: {INK}; font-size: 15px; line-height: 1.45; max-width: 900px; }}
/* ipywidgets removes the outline of text boxes and lists with `outline: none !important`: one class
   more than its rule, so the focus ring shows on every control. A date box reached with Tab puts
   the focus on its day, month or year inside it, which :focus-visible does not see: the ring goes
   round the whole date widget instead. */
.course-widget :focus-visible, .course-widget .jupyter-widgets :focus-visible,
.course-widget .jupyter-widget-datepicker:focus-within, .course-widget .widget-datepicker:focus-within {{
  outline: 3px solid {NOTE} !important; outline-offset: 2px; }}
.course-widget .course-good {{ color: {GOOD}; font-weight: 600; }}
.course-widget .course-bad {{ color: {BAD}; font-weight: 600; }}
.course-widget .course-note {{ color: {NOTE}; }}
.course-widget .course-box {{ border-left: 4px solid {NOTE}; padding: 4px 10px; margin: 4px 0; background: #f4f8fb; }}
.course-widget .course-box.course-good {{ border-color: {GOOD}; }}
.course-widget .course-box.course-bad {{ border-color: {BAD}; }}
.course-widget .widget-label, .course-widget label {{ color: {INK}; }}
/* ipywidgets' green button (white on #388e3c, 4.1:1) and grey section headers (4.45:1) fall short of
   4.5:1: the course's own green and ink instead. */
.course-widget .jupyter-button.mod-success {{ background-color: {GOOD}; color: #ffffff; }}
.course-widget .jupyter-widget-Collapse-header, .course-widget .jupyter-widget-Collapse-header span {{ color: {INK}; }}
.course-widget .widget-html-content {{ line-height: 1.45; }}
.course-widget a, .jp-RenderedMarkdown a {{ color: {NOTE}; text-decoration: underline; }}
/* On a narrow screen (a phone, or 400 % zoom: 320 CSS px) nothing needs sideways scrolling: a row of
   controls wraps instead of squeezing them, no control is wider than its panel, and the words of a
   button or a tick box wrap rather than being cut off. */
@media (max-width: 600px) {{
  .course-widget .widget-hbox, .course-widget .jupyter-widget-hbox {{ flex-wrap: wrap; }}
  .course-widget .jupyter-widgets {{ max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px)); }}
  .course-widget .jupyter-button {{ flex-shrink: 0; white-space: normal; height: auto;
    min-height: var(--jp-widgets-inline-height); }}
  .course-widget .widget-checkbox, .course-widget .jupyter-widget-checkbox {{ height: auto; }}
  .course-widget .widget-label-basic, .course-widget .widget-label-basic span {{ white-space: normal; overflow: visible; }}
}}
/* A download link is a target at least 24 px high (WCAG 2.5.8), even in a list of them. */
.course-widget a[download] {{ display: inline-block; min-height: 24px; line-height: 24px; }}
/* A full-width text box or list fits its panel (ipywidgets puts a margin outside the 100 %), and
   learners write in the course's own font, not the browser's typewriter default for text areas. */
.course-widget .widget-textarea, .course-widget .jupyter-widget-textarea,
.course-widget .widget-text, .course-widget .jupyter-widget-text,
.course-widget .widget-dropdown, .course-widget .jupyter-widget-dropdown {{
  max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px)); }}
.course-widget textarea {{ font-family: inherit; font-size: 15px; line-height: 1.45; }}
</style>
"""


def style() -> w.HTML:
    """An invisible widget that brings the course's stylesheet along with a view."""
    return w.HTML(STYLE, layout=w.Layout(display="none"))


@runtime_checkable
class View(Protocol):
    """What every course view offers besides being a widget: its parts by role.

    ``controls()``: what the learner works, e.g. ``{"field:company": SavedText, "date:interview":
    DatePicker, "answer": StoryEditor}``; ``shows()``: what the view tells them, e.g. ``{"feedback":
    HTML, "status": HTML, "message": HTML}``. A role with a ``:key`` names one of several (a box by
    its field id, a thank-you note by interviewer number)."""

    def controls(self) -> dict: ...

    def shows(self) -> dict: ...


class Panel(w.VBox):
    """The box every course view lives in (see the module docstring). A view overrides
    :meth:`controls` and :meth:`shows` (the :class:`View` protocol)."""

    def __init__(self, children=(), *, name: str, label: str, **kwargs):
        super().__init__([style(), *children], **kwargs)
        self.add_class("course-widget")
        self.add_class(f"course-{name}")
        self._label = label

    def controls(self) -> dict:
        raise NotImplementedError(f"{type(self).__name__} does not name its controls")

    def shows(self) -> dict:
        raise NotImplementedError(f"{type(self).__name__} does not name what it shows")

    def __repr__(self) -> str:
        return self._label


class Picker(Panel):
    """A list to pick one item from, and what the picked item shows (the STAR examples, the model
    answers). A subclass says how an item reads in the list (:meth:`option`) and the HTML it shows
    (:meth:`render`); the list and what it shows share one role in ``controls()`` and ``shows()``."""

    def __init__(self, items, *, intro: str, description: str, role: str, name: str, label: str, note: str = ""):
        self.items = {item.id: item for item in items}
        self.role = role
        self.choice = w.Dropdown(options=[(self.option(item), item.id) for item in items], description=description,
                                 layout=w.Layout(width="100%"), style={"description_width": "initial"})
        self.view = w.HTML()
        self.view.add_class(f"course-{name}-shown")
        self.note = w.HTML(note)  # a line above the list that may change (which come first, and why)
        super().__init__([w.HTML(intro), self.note, self.choice, self.view], name=name, label=label)
        self.choice.observe(lambda change: self._show(change["new"]), names="value")
        self._show(self.choice.value)

    def controls(self) -> dict:
        return {self.role: self.choice}

    def shows(self) -> dict:
        return {self.role: self.view}

    def option(self, item) -> str:
        raise NotImplementedError(f"{type(self).__name__} does not say how an item reads in the list")

    def render(self, item) -> str:
        raise NotImplementedError(f"{type(self).__name__} does not say what an item shows")

    def _show(self, item_id: str) -> None:
        self.view.value = self.render(self.items[item_id])

    def reorder(self, items) -> None:
        """List the same items in a new order, keeping the one picked."""
        reorder(self.choice, [(self.option(item), item.id) for item in items])


def reorder(dropdown: w.Dropdown, options) -> None:
    """Give ``dropdown`` its choices in a new order and keep the one picked. (ipywidgets passes
    through the first choice on the way: an observer that must not react checks ``reordering``.)"""
    picked = dropdown.value
    dropdown.reordering = True
    try:
        dropdown.options = options
        dropdown.value = picked
    finally:
        dropdown.reordering = False


class FollowsTrack:
    """A view that lists the learner's track's items first (``course_lib.tracks``) and follows the
    track when the learner changes it (the track picker, in the same notebook): ``track`` is the
    one it shows, and :meth:`retrack` puts it in the new order."""

    track: str | None = None

    def follow_track(self, store) -> None:
        self._track_store = store
        store.on_change(self._track_changed)  # held weakly: the store never keeps the view alive

    def _track_changed(self, section) -> None:
        if section not in (None, tracks.SECTION):
            return
        track = tracks.learner_track(self._track_store)
        if track != self.track:
            self.track = track
            self.retrack(track)

    def retrack(self, track: str | None) -> None:
        raise NotImplementedError(f"{type(self).__name__} does not say how it follows the track")


class TrackedPicker(FollowsTrack, Picker):
    """A :class:`Picker` whose list puts the learner's track's items first, with a line saying so,
    and follows the track in ``store`` (the STAR examples, the model answers). ``what`` names the
    items in that line ("examples")."""

    def __init__(self, items, *, store=None, track: str | None = None, what: str, **kwargs):
        self.in_file_order, self.track, self.what = list(items), track, what
        items = tracks.ordered(self.in_file_order, track)
        super().__init__(items, note=track_note(items, track, what), **kwargs)
        if store is not None:
            self.follow_track(store)

    def retrack(self, track: str | None) -> None:
        items = tracks.ordered(self.in_file_order, track)
        self.reorder(items)
        self.note.value = track_note(items, track, self.what)


def roles(prefix: str, widgets: dict) -> dict:
    """``{"prefix:key": widget}`` for a view's several controls of one role."""
    return {f"{prefix}:{key}": widget for key, widget in widgets.items()}


# --- showing and hiding ------------------------------------------------------------------------
def show(widget, shown: bool = True) -> None:
    """Show ``widget`` (or hide it, ``shown=False``): hidden parts take no room and no focus."""
    widget.layout.display = None if shown else "none"


def is_shown(widget) -> bool:
    layout = getattr(widget, "layout", None)
    return getattr(layout, "display", None) != "none" and getattr(layout, "visibility", None) != "hidden"


# --- saying things -----------------------------------------------------------------------------
def track_note(items, track: str | None, what: str, *, drawn: bool = False) -> str:
    """The line above a list the learner's track orders (``course_lib.tracks``): which ``what``
    ("questions", "examples") come first and why; ``drawn`` for questions drawn at random. ""
    without a track, or when no item is tagged for it."""
    note = tracks.first_note(items, track, what, drawn=drawn)
    return f'<p class="course-box course-note course-track-note">{escape(note)}</p>' if note else ""


TONES = ("good", "bad", "note")
KEEP_TEXT = "Your text is still here: copy it somewhere safe."


def try_save(save, *args, kept: str = KEEP_TEXT) -> str | None:
    """Run ``save(*args)``; None when it worked, else the sentence to show ("Not saved (disk full).
    Your text is still here: ..."). The store can fail (disk full, a locked file): the learner is
    told, and what they typed stays on screen."""
    try:
        save(*args)
    except Exception as error:
        if getattr(error, "reason", None):  # progress.StoreWriteError: already one whole sentence
            return f"{error} {kept}".strip()
        return f"Not saved ({error}). {kept}".strip()
    return None


def message_html(text: str = "", tone: str = "note", *, box: bool = False, html: str = "") -> str:
    """A message by tone ('good', 'bad', 'note'): ``text`` escaped, or ``html`` already safe."""
    if tone not in TONES:
        raise ValueError(f"tone is one of {', '.join(TONES)}, not {tone!r}")
    body = html or escape(text)
    if not body:
        return ""
    css = f"course-box course-{tone}" if box else f"course-{tone}"
    return f'<p class="{css}" role="status">{body}</p>'


class Message(w.HTML):
    """Where a view says what just happened ("Saved to your story bank as story 2.")."""

    def say(self, text: str = "", tone: str = "note", *, box: bool = False, html: str = "") -> None:
        self.value = message_html(text, tone, box=box, html=html)

    def clear(self) -> None:
        self.value = ""


class StatusLine(w.HTML):
    """The small line under a text box: whether it is saved, then details (length, time aloud)."""

    def show(self, state: str = "", *, problem: bool = False, details=()) -> None:
        css = "course-bad" if problem else "course-good"
        parts = [f'<span class="course-saved {css}">{escape(state)}</span>'] if state else []
        parts.extend(escape(d) for d in details)
        self.value = f"<small>{' · '.join(parts)}</small>"
