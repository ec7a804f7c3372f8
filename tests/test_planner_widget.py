"""The thank-you note builder and the follow-up planner: saved as typed, checked live, safe to show."""

import re
from datetime import date

import pytest

from course_lib import testing
from course_lib.planner_widget import MAX_INTERVIEWERS, follow_up_planner, thank_you_builder

THU, FRI = date(2026, 11, 19), date(2026, 11, 20)


def builder(store, today=FRI):
    return thank_you_builder(store=store, today=today)


# --- the thank-you builder ---------------------------------------------------------------------
def test_thank_you_builder_repr_and_classes(store):
    view = builder(store)
    assert repr(view) == "Thank-you note builder"
    assert {"course-widget", "course-thank-you"} <= set(view._dom_classes)
    assert len(view.notes) == 1


def test_name_and_topic_give_a_draft_that_is_checked_live(store):
    view = builder(store)
    testing.set_dates(view, THU)
    testing.fill_field(view, "company", "FarmFresh")
    testing.fill_field(view, "1:name", "Priya Shah")
    testing.fill_field(view, "1:discussed", "the Leeds warehouse")
    testing.press(view, "Start from a draft")
    note = view.fields["1:note"].value
    assert note.startswith("Dear Priya Shah,") and "the Leeds warehouse" in note and "FarmFresh" in note
    feedback = testing.checks_text(view, 1)
    assert "7 of 8 done" in feedback and "To do: Ready to send" in feedback
    assert "Done: Sent within 24 hours" in feedback
    testing.fill_field(view, "1:note", note.replace("[your strongest skill]", "route planning")
                       .replace("[Your name]", "Sam"))
    assert "8 of 8 done" in testing.checks_text(view, 1)
    saved = store.load("planner", "thank_you:1")
    assert saved["name"] == "Priya Shah" and saved["discussed"] == "the Leeds warehouse"
    assert "route planning" in saved["note"]
    assert store.load("planner", "interview_date") == "2026-11-19"
    assert store.load("planner", "company") == "FarmFresh"


def test_a_draft_never_replaces_what_the_learner_wrote(store):
    view = builder(store)
    testing.fill_field(view, "1:note", "My own words.")
    testing.press(view, "Start from a draft")
    assert view.fields["1:note"].value == "My own words."
    assert "did not replace it" in testing.html_text(view.notes[0]["draft_message"].value)


def test_timing_follows_the_interview_date_and_today(store):
    view = builder(store, today=date(2026, 11, 25))
    testing.fill_field(view, "1:note", "Thank you.")
    assert "Not checked yet: Sent within 24 hours" in testing.checks_text(view, 1)
    testing.set_dates(view, THU)
    assert "To do: Sent within 24 hours The interview was 6 days ago" in testing.checks_text(view, 1)


def test_one_note_per_interviewer_is_checked_across_the_notes(store):
    view = builder(store)
    testing.press(view, "Add another interviewer")
    assert len(view.notes) == 2
    for n, name, topic in ((1, "Priya Shah", "the Leeds warehouse"), (2, "Tom Ellis", "the routing software")):
        testing.fill_field(view, f"{n}:name", name)
        testing.fill_field(view, f"{n}:discussed", topic)
        testing.press(view.blocks.children[n - 1], "Start from a draft")
    assert view.fields["1:note"].value != view.fields["2:note"].value
    assert "Done: One note per interviewer" in testing.checks_text(view, 2)
    testing.fill_field(view, "2:note", view.fields["1:note"].value.replace("Priya Shah", "Tom Ellis"))
    assert "To do: One note per interviewer" in testing.checks_text(view, 2)
    assert "the note to Priya Shah" in testing.checks_text(view, 2)
    assert "To do: One note per interviewer" in testing.checks_text(view, 1)  # both are told


def test_notes_come_back_on_rerun(store):
    view = builder(store)
    testing.press(view, "Add another interviewer")
    testing.fill_field(view, "2:name", "Tom Ellis")
    testing.fill_field(view, "2:note", "Dear Tom, thanks.")
    testing.set_dates(view, THU)
    again = builder(store)
    assert len(again.notes) == 2
    assert again.fields["2:name"].value == "Tom Ellis"
    assert again.fields["2:note"].value == "Dear Tom, thanks."
    assert again.interview.value == THU


def test_at_most_eight_interviewers(store):
    view = builder(store)
    for _ in range(MAX_INTERVIEWERS - 1):
        testing.press(view, "Add another interviewer")
    assert len(view.notes) == MAX_INTERVIEWERS
    with pytest.raises(RuntimeError, match="disabled"):
        testing.press(view, "Add another interviewer")


@pytest.mark.parametrize("text", ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>",
                                  "😀" * 1000, "שלום, תודה רבה", "y" * 100_000])
def test_hostile_or_huge_text_never_crashes_and_is_escaped(store, text):
    view = builder(store)
    testing.set_dates(view, THU)
    for part in ("name", "discussed", "note"):
        testing.fill_field(view, f"1:{part}", text)
    html = view.notes[0]["feedback"].value
    assert "<img" not in html and "<script" not in html
    assert store.load("planner", "thank_you:1")["note"] == text


def test_a_failed_save_is_reported_and_the_text_stays(store, monkeypatch):
    view = builder(store)

    def full(*args, **options):
        raise OSError("disk full")

    monkeypatch.setattr(store, "save", full)
    status = testing.fill_field(view, "1:note", "Thank you for your time.")
    assert status.startswith("Not saved (disk full)")
    assert view.fields["1:note"].value == "Thank you for your time."


# --- the follow-up planner -----------------------------------------------------------------------
def test_planner_repr_and_classes(store):
    view = follow_up_planner(store=store)
    assert repr(view) == "Follow-up planner"
    assert {"course-widget", "course-planner"} <= set(view._dom_classes)
    assert "Choose your interview date" in testing.html_text(view.dates.value)
    assert testing.calendar_file(view) == ""


def test_dates_are_shown_saved_and_offered_as_a_calendar_file(store):
    view = follow_up_planner(store=store)
    testing.set_dates(view, THU)
    assert testing.shown_dates(view) == {"thank_you": FRI, "follow_up_1": date(2026, 11, 26),
                                         "follow_up_2": date(2026, 12, 3)}
    testing.set_dates(view, THU, date(2026, 11, 27))
    assert testing.shown_dates(view)["follow_up_1"] == date(2026, 11, 30)
    assert store.load("planner", "decision_date") == "2026-11-27"
    assert store.load("planner", "follow_up") == {"thank_you": "2026-11-20", "follow_up_1": "2026-11-30",
                                                  "follow_up_2": "2026-12-07"}
    ics = testing.calendar_file(view)
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.count("BEGIN:VEVENT") == 3
    assert "DTSTART;VALUE=DATE:20261130" in ics
    assert 'download="interview-follow-up.ics"' in view.download.value


def test_an_impossible_decision_date_is_explained_and_kept(store):
    view = follow_up_planner(store=store)
    testing.set_dates(view, FRI, date(2026, 11, 1))
    text = testing.html_text(view.dates.value)
    assert text.startswith("To do: the decision date (2026-11-01) is before the interview (2026-11-20)")
    assert testing.calendar_file(view) == "" and testing.shown_dates(view) == {}
    assert store.load("planner", "decision_date") == "2026-11-01"  # what they picked is not lost


def test_dates_come_back_and_are_shared_with_the_thank_you_builder(store):
    notes = builder(store)
    testing.set_dates(notes, THU)
    view = follow_up_planner(store=store)
    assert view.interview.value == THU and testing.shown_dates(view)["thank_you"] == FRI
    testing.set_dates(view, THU, None)
    assert store.load("planner", "decision_date") is None


def test_an_unreadable_saved_date_starts_empty(store):
    store.save("planner", "interview_date", "next Tuesday")
    view = follow_up_planner(store=store)
    assert view.interview.value is None
    assert store.history("planner", "interview_date") == ["next Tuesday"]


@pytest.mark.parametrize("company", ["<img src=x onerror=alert(1)>", "Smith, Jones; Co\nLtd", "😀" * 500,
                                     "z" * 100_000])
def test_the_company_name_is_escaped_on_screen_and_in_the_calendar(store, company):
    view = follow_up_planner(store=store)
    testing.set_dates(view, THU)
    testing.fill_field(view, "company", company)
    assert "<img" not in view.dates.value
    ics = testing.calendar_file(view)
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    summary = re.search(r"SUMMARY:(.*?)\r\n(?! )", ics, re.S).group(1).replace("\r\n ", "")
    if "," in company:
        assert "Smith\\, Jones\\; Co\\nLtd" in summary


def test_the_interview_date_is_picked_once_for_both_views(store):
    notes, plan = builder(store), follow_up_planner(store=store)
    testing.set_dates(plan, THU)
    assert notes.interview.value == THU  # the other view follows while the notebook is open
    assert store.history("planner", "interview_date") == ["2026-11-19"]  # saved once, not twice
    notes.interview.value = FRI
    assert testing.shown_dates(plan)["thank_you"] == date(2026, 11, 21)
    assert store.history("planner", "interview_date") == ["2026-11-19", "2026-11-20"]
