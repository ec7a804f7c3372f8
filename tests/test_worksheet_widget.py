"""The worksheet view: saves as the learner types, comes back on re-run, shows text safely."""

import re

import ipywidgets
import pytest

import course_lib
from course_lib import testing
from course_lib.worksheet_widget import worksheet
from course_lib.worksheets import ALWAYS_PRIVATE

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>document.title='owned'</script>",
    "😀🚀👍🏽 emoji only",
    "אתה שואל למה כדאי לכם לשכור אותי, נכון?",
    "x" * 100_000,
]


def test_the_view_has_a_short_stable_repr_and_css_classes(store):
    view = worksheet("company_research", store=store)
    assert repr(view) == "Worksheet: Research the company (5 boxes)"
    assert {"course-widget", "course-worksheet", "course-worksheet-company_research"} <= set(view._dom_classes)
    testing.fill_field(view, "mission", "They help farms.")
    assert repr(view) == "Worksheet: Research the company (5 boxes)"  # not the learner's data


def test_the_empty_boxes_show_the_examples(store):
    view = worksheet("first_interview", store=store)
    assert view.fields["asked"].box.placeholder.startswith("e.g. ")
    assert view.fields["asked"].box.description == "What they asked"
    assert testing.saved_status(view, "asked") == "No text yet"


def test_typing_saves_under_the_worksheet_section_and_field_id(store):
    view = worksheet("company_research", store=store)
    assert testing.fill_field(view, "mission", "They help small farms") == "Saved · 4 words · 21 characters"
    testing.fill_field(view, "mission", "They help small farms sell locally.")
    assert store.load("worksheet:company_research", "mission") == "They help small farms sell locally."
    # typed within a minute: one history snapshot, holding the latest text
    assert store.history("worksheet:company_research", "mission") == ["They help small farms sell locally."]
    assert "1 of 5 boxes filled" in testing.html_text(view.progress.value)


def test_a_rerun_restores_every_box(store):
    first = worksheet("first_interview", store=store)
    testing.fill_field(first, "asked", "Why logistics?")
    testing.fill_field(first, "concerns", "No routing software yet.")
    again = worksheet("first_interview", store=store)
    assert again.answers()["asked"] == "Why logistics?"
    assert again.answers()["concerns"] == "No routing software yet."
    assert testing.saved_status(again, "asked").startswith("Restored from your last visit · 2 words")
    assert "2 of 4 boxes filled" in testing.html_text(again.progress.value)


def test_the_paraphrase_worksheet_gives_live_feedback(store):
    view = worksheet("paraphrase", store=store)
    assert "Not written yet" in testing.checks_text(view, "why_hire_you")
    testing.fill_field(view, "why_hire_you", "Why should we hire you?")
    assert "To do: In your own words" in testing.checks_text(view, "why_hire_you")
    testing.fill_field(view, "why_hire_you", "So you'd like to know what I would add to the team - is that right?")
    assert "3 of 3 done" in testing.checks_text(view, "why_hire_you")
    assert "Why should we hire you?" in testing.html_text(view.children[2].children[0].value)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_or_huge_text_is_kept_exactly_and_shown_escaped(store, text):
    view = worksheet("paraphrase", store=store)
    status = testing.fill_field(view, "why_hire_you", text)
    assert status.startswith("Saved")
    assert store.load("worksheet:paraphrase", "why_hire_you") == text  # stored in full, never cut
    html = view.feedback["why_hire_you"].value + view.fields["why_hire_you"].status.value
    assert "<img" not in html and "<script" not in html
    assert worksheet("paraphrase", store=store).answers()["why_hire_you"] == text


def test_a_failed_save_says_so_and_keeps_the_text(broken_store):
    view = worksheet("company_research", store=broken_store)
    status = testing.fill_field(view, "values", "Openness")
    assert status.startswith("Not saved (disk full)")
    assert view.fields["values"].box.value == "Openness" and view.fields["values"].saved is False


def test_store_none_opens_the_learners_store(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(tmp_path / "learner"))
    view = worksheet("company_research")
    testing.fill_field(view, "competitors", "FarmBox")
    assert (tmp_path / "learner").is_dir()
    assert course_lib.open_store().load("worksheet:company_research", "competitors") == "FarmBox"


def test_an_unknown_worksheet_names_the_known_ones(store):
    with pytest.raises(KeyError, match=r"no worksheet .nope.*known: .*company_research, first_interview, paraphrase"):
        worksheet("nope", store=store)


def test_the_notebook_call_works_whatever_was_imported_first(store):
    import course_lib.planner  # noqa: F401  (imports the worksheets logic module first)
    import course_lib.worksheets  # noqa: F401

    assert repr(course_lib.worksheet("paraphrase", store=store)).startswith("Worksheet: Paraphrase")


def test_helpers_refuse_what_a_learner_cannot_do(store):
    view = worksheet("company_research", store=store)
    with pytest.raises(LookupError, match="no box 'nope'"):
        testing.fill_field(view, "nope", "x")
    view.fields["mission"].box.disabled = True
    with pytest.raises(RuntimeError, match="disabled"):
        testing.fill_field(view, "mission", "x")


# --- the checklist view ----------------------------------------------------------------------------
def test_a_checklist_shows_a_named_box_per_step_with_its_advice(store):
    from course_lib.worksheets import get_worksheet

    sheet = get_worksheet("video_call_check")
    view = worksheet("video_call_check", store=store)
    assert repr(view) == f"Checklist: Before a video interview ({len(sheet.fields)} steps)"
    assert {"course-widget", "course-checklist-worksheet", "course-worksheet-video_call_check"} <= set(view._dom_classes)
    boxes = testing.keyed(view, "tick")
    assert list(boxes) == [f.id for f in sheet.fields]
    assert all(box.description == f.label and box.value is False for box, f in zip(boxes.values(), sheet.fields))
    text = " ".join(testing.html_text(c.value) for c in testing.walk(view) if hasattr(c, "value")
                    and isinstance(c.value, str))
    assert sheet.fields[0].prompt.split()[0] in text
    assert testing.shown_text(view, "progress") == f"0 of {len(sheet.fields)} done"


def test_ticking_saves_at_once_and_a_rerun_restores_the_ticks(store):
    view = worksheet("video_call_check", store=store)
    n = len(view.sheet.fields)
    assert testing.tick(view, "test_call") == f"Saved · 1 of {n} done"
    assert testing.tick(view, "camera_level") == f"Saved · 2 of {n} done"
    assert testing.tick(view, "test_call", False) == f"Saved · 1 of {n} done"
    assert store.load("worksheet:video_call_check", "test_call") is False
    assert store.load("worksheet:video_call_check", "camera_level") is True
    again = worksheet("video_call_check", store=store)
    assert again.ticks()["camera_level"] is True and again.ticks()["test_call"] is False
    assert testing.shown_text(again, "progress") == f"Restored from your last visit · 1 of {n} done"


def test_a_failed_tick_says_it_was_not_saved(broken_store):
    view = worksheet("video_call_check", store=broken_store)
    status = testing.tick(view, "alerts_off")
    assert status.startswith("Not saved (disk full)") and status.endswith(f"1 of {len(view.sheet.fields)} done")
    assert view.boxes["alerts_off"].value is True  # the tick stays on screen


def test_the_tick_helper_refuses_what_a_learner_cannot_do(store):
    view = worksheet("video_call_check", store=store)
    with pytest.raises(LookupError, match="no box 'nope' to tick"):
        testing.tick(view, "nope")
    with pytest.raises(TypeError, match="no boxes to tick"):
        testing.tick(worksheet("task_plan", store=store), "hours")
    view.boxes["quiet_room"].disabled = True
    with pytest.raises(RuntimeError, match="cannot tick it"):
        testing.tick(view, "quiet_room")


def test_the_task_planner_saves_its_decisions_like_any_worksheet(store):
    view = worksheet("task_plan", store=store)
    assert repr(view).startswith("Worksheet: Plan a take-home task")
    assert testing.fill_field(view, "hours", "Four hours at most <b>") == "Saved · 5 words · 22 characters"
    assert store.load("worksheet:task_plan", "hours") == "Four hours at most <b>"
    assert "<b>" not in view.progress.value


@pytest.mark.parametrize("name", sorted(ALWAYS_PRIVATE))
def test_a_private_worksheet_says_where_its_notes_go_and_saves_like_any_other(store, name):
    view = worksheet(name, store=store)
    intro = " ".join(testing.html_text(x.value) for x in testing.walk(view)
                     if isinstance(x, ipywidgets.HTML) and "results file" in x.value)
    assert "prep pack" in intro and re.search(r"never (go )?into the results file", intro)
    first = next(iter(view.fields))
    testing.fill_field(view, first, "A quiet room, please <b>")
    assert store.load(f"worksheet:{name}", first) == "A quiet room, please <b>"
    assert "<b>" not in view.progress.value
