"""What every view shares: saving with a message when it fails, the status line, messages by tone,
showing and hiding, and the View protocol (controls and what it shows) that testing.py drives."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date

import ipywidgets as w
import pytest

import course_lib
from course_lib import testing
from course_lib.progress import StoreWriteError
from course_lib.widgets import KEEP_TEXT, Message, Panel, StatusLine, View, is_shown, message_html, show, try_save


def test_try_save_says_what_failed_and_that_the_text_is_kept():
    saved = []
    assert try_save(saved.append, "text") is None and saved == ["text"]

    def full(_text):
        raise OSError("disk full")

    assert try_save(full, "text") == f"Not saved (disk full). {KEEP_TEXT}"
    assert try_save(full, "text", kept="") == "Not saved (disk full)."

    def store_full(_text):
        raise StoreWriteError("Your progress could not be saved because the disk is full: free some space "
                              "and try again; everything saved before is kept.", "the disk is full")

    said = try_save(store_full, "text")
    assert said == ("Your progress could not be saved because the disk is full: free some space and try again; "
                    f"everything saved before is kept. {KEEP_TEXT}")


def test_messages_say_their_tone_in_class_and_words_and_escape_text():
    message = Message()
    message.say("<b>Saved</b>", "good")
    assert message.value == '<p class="course-good" role="status">&lt;b&gt;Saved&lt;/b&gt;</p>'
    message.say(html="Kept in <code>x</code>", tone="bad", box=True)
    assert message.value == '<p class="course-box course-bad" role="status">Kept in <code>x</code></p>'
    message.clear()
    assert message.value == "" and message_html("") == ""
    with pytest.raises(ValueError, match="tone is one of good, bad, note, not 'loud'"):
        message_html("x", "loud")


def test_the_status_line_escapes_and_marks_a_problem():
    line = StatusLine()
    line.show("Saved", details=["3 words"])
    assert line.value == '<small><span class="course-saved course-good">Saved</span> · 3 words</small>'
    line.show("Not <saved>", problem=True)
    assert "course-bad" in line.value and "&lt;saved&gt;" in line.value
    line.show(details=["No text yet"])
    assert line.value == "<small>No text yet</small>"


def test_show_and_hide():
    box = w.HTML()
    show(box, False)
    assert not is_shown(box) and box.layout.display == "none"
    show(box)
    assert is_shown(box)


def _views() -> set[type]:
    """Every Panel subclass the course's view modules define."""
    for info in pkgutil.iter_modules(course_lib.__path__):
        if info.name.endswith("_widget"):
            importlib.import_module(f"course_lib.{info.name}")
    found, todo = set(), [Panel]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("course_lib."):
                found.add(sub)
            todo.append(sub)
    return found


def test_every_view_names_its_controls_and_what_it_shows():
    views = _views()
    assert len(views) >= 12
    missing = sorted(v.__name__ for v in views if not v.__name__.startswith("_")
                     and (v.controls is Panel.controls or v.shows is Panel.shows))
    assert missing == []


@pytest.mark.parametrize("make", [
    lambda s: course_lib.worksheet("paraphrase", store=s),
    lambda s: course_lib.questions_builder(store=s),
    lambda s: course_lib.thank_you_builder(store=s, today=date(2026, 11, 20)),
    lambda s: course_lib.follow_up_planner(store=s),
    lambda s: course_lib.star_coach(store=s),
    lambda s: course_lib.story_bank(store=s),
    lambda s: course_lib.mock_practice(store=s),
    lambda s: course_lib.progress_panel(store=s),
    lambda s: course_lib.prep_pack(store=s),
    lambda s: course_lib.quiz("04-star", store=s),
    lambda s: course_lib.course_scores(store=s),
], ids=["worksheet", "questions", "thank-you", "planner", "coach", "bank", "mock", "progress", "prep-pack", "quiz",
        "scores"])
def test_views_are_views_and_their_parts_are_widgets_on_show(store, make):
    view = make(store)
    assert isinstance(view, View)
    parts = {**view.controls(), **view.shows()}
    assert parts and all(isinstance(part, w.Widget) for part in parts.values())
    inside = {id(x) for x in testing.walk(view, visible_only=False)}
    assert all(id(part) in inside for part in parts.values()), view


def test_a_missing_role_names_the_roles_there_are(store):
    view = course_lib.follow_up_planner(store=store)
    with pytest.raises(LookupError, match="has no control 'answer' \\(controls: date:interview, date:decision"):
        testing.control(view, "answer")
    with pytest.raises(TypeError, match="no decision date"):
        testing.set_dates(course_lib.thank_you_builder(store=store), date(2026, 11, 19), date(2026, 12, 1))
