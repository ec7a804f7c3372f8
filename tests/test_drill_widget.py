"""The rewrite drills' view (notebook 04), driven from Python as a learner would: pick a drill, rewrite
its weak answer in the coach's editor, see which checks moved from to do to done, reveal the worked
rewrite, and find the rewrite again after a restart."""

import pytest

import course_lib
from course_lib import drills, testing
from course_lib.drill_widget import HIDE_WORKED, SHOW_WORKED, RewriteDrills
from course_lib.markup import unwrap
from course_lib.star_widget import StoryEditor
from course_lib.widgets import is_shown

DRILLS = drills.load()
NO_RESULT = next(d for d in DRILLS if d.weakness == "no-result")
WE = next(d for d in DRILLS if d.weakness == "we")
HOSTILE = "Last year I saw <img src=x onerror=alert(1)> and <script>document.title='owned'</script> in a form."


def test_the_view_lists_every_drill_and_starts_from_the_first_weak_answer(store):
    view = course_lib.rewrite_drills(store=store)
    assert repr(view) == f"Rewrite drills ({len(DRILLS)} weak answers to rewrite)"
    assert {"course-widget", "course-drills"} <= set(view._dom_classes)
    choice = testing.control(view, "drill")
    assert [value for _, value in choice.options] == [d.id for d in DRILLS]
    assert isinstance(testing.control(view, "answer"), StoryEditor)  # the coach's own editor
    first = DRILLS[0]
    assert first.question in testing.shown_text(view, "drill")
    assert view.editor.text == unwrap(first.weak_answer)
    assert testing.star_status(view).startswith("The weak answer, ready to rewrite")
    # before any change, BEFORE and AFTER agree, and the weakness is still flagged
    assert all(before == after for before, after in testing.drill_comparison(view).values())
    assert testing.drill_summary(view)[0].startswith("✗ The coach still flags the weakness")


def test_a_rewrite_moves_checks_from_to_do_to_done_and_is_saved(store):
    view = course_lib.rewrite_drills(store=store)
    testing.control(view, "drill").value = NO_RESULT.id
    testing.type_answer(view, unwrap(NO_RESULT.rewrite))
    compared = testing.drill_comparison(view)
    assert compared["All four parts"] == ("To do", "Done")
    assert compared["Result has a number"] == ("To do", "Done")
    assert all(after == "Done" for _, after in compared.values())
    summary = testing.drill_summary(view)
    assert summary[0].startswith("✓ The weakness of this drill (No result) is fixed")
    assert summary[1].startswith("✓ Moved from to do to done: “All four parts”, “Result has a number”")
    assert testing.star_status(view).startswith("Rewrite saved")
    assert drills.DrillRewrites(store).rewrite(NO_RESULT.id).text == unwrap(NO_RESULT.rewrite)
    # the coach's notes on each check are beside its verdict, on both sides
    assert "Not found: Result. If it is there, give it a sentence of its own" in testing.shown_text(view, "compare")
    assert "Number in sentence" in testing.shown_text(view, "compare")


def test_each_drill_keeps_its_own_rewrite_and_it_comes_back_after_a_restart(store):
    view = course_lib.rewrite_drills(store=store)
    testing.control(view, "drill").value = WE.id
    testing.type_answer(view, "I planned the north rounds myself.")
    testing.control(view, "drill").value = NO_RESULT.id
    assert view.editor.text == unwrap(NO_RESULT.weak_answer)  # not the other drill's rewrite

    again = RewriteDrills(store, DRILLS)  # a new view on the same store, as after a kernel restart
    testing.control(again, "drill").value = WE.id
    assert again.editor.text == "I planned the north rounds myself."
    assert testing.star_status(again).startswith("Your rewrite, kept from your last visit")


def test_typing_not_yet_read_is_saved_to_the_drill_it_was_typed_for(store):
    view = course_lib.rewrite_drills(store=store)
    testing.control(view, "drill").value = WE.id
    view.editor.free.value = "I mapped the shops."  # typed, and the drill changed before the pause
    testing.control(view, "drill").value = NO_RESULT.id
    assert drills.DrillRewrites(store).rewrite(WE.id).text == "I mapped the shops."
    assert drills.DrillRewrites(store).rewrite(NO_RESULT.id) is None


def test_the_worked_rewrite_shows_behind_its_button_with_why_each_change_helps(store):
    view = course_lib.rewrite_drills(store=store)
    worked = testing.shown(view, "worked")
    assert not is_shown(worked)
    testing.press(view, SHOW_WORKED)
    assert is_shown(worked)
    text = testing.shown_text(view, "worked")
    assert " ".join(unwrap(DRILLS[0].rewrite).split()[:10]) in text and "Why each change helps" in text
    testing.press(view, HIDE_WORKED)
    assert not is_shown(worked)
    testing.press(view, SHOW_WORKED)
    testing.control(view, "drill").value = WE.id  # another drill starts with its worked rewrite hidden
    assert not is_shown(worked) and testing.find_button(view, SHOW_WORKED)
    assert " ".join(unwrap(WE.rewrite).split()[:10]) in testing.shown_text(view, "worked")


@pytest.mark.parametrize("text", ["", HOSTILE, "🙂" * 500, "مرحبا. لقد فعلت ذلك.", "x" * 100_000])
def test_any_text_is_read_and_shown_as_text(store, text):
    view = course_lib.rewrite_drills(store=store)
    testing.type_answer(view, text)
    html = testing.shown(view, "compare").value
    assert "<img" not in html and "<script" not in html
    assert drills.DrillRewrites(store).rewrite(DRILLS[0].id).text == text


def test_a_failing_store_says_the_rewrite_was_not_saved_and_keeps_it(broken_store):
    view = RewriteDrills(broken_store, DRILLS)
    testing.type_answer(view, unwrap(DRILLS[0].rewrite))
    assert testing.star_status(view).startswith("Not saved (disk full)")
    assert view.editor.text == unwrap(DRILLS[0].rewrite)
    assert testing.drill_comparison(view)["All four parts"] == ("To do", "Done")
