"""Planner: business days, thank-you and follow-up dates, the .ics file, and the note checker."""

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import planner

NOW = datetime(2026, 11, 20, 15, 30, tzinfo=timezone.utc)
MON, TUE, WED, THU, FRI, SAT, SUN = (date(2026, 11, 16) + timedelta(days=k) for k in range(7))


# --- business days ---------------------------------------------------------------------------
@pytest.mark.parametrize("start, n, expected", [
    (FRI, 1, date(2026, 11, 23)),            # Friday + 1 -> Monday
    (SAT, 1, date(2026, 11, 23)),            # weekend start -> Monday
    (SUN, 0, SUN),                           # 0 is the day itself
    (THU, 5, date(2026, 11, 26)),            # a working week later, same weekday
    (SAT, 5, date(2026, 11, 27)),            # 5 business days after a Saturday: the Friday
    (SUN, 10, date(2026, 12, 4)),
    (date(2026, 1, 30), 1, date(2026, 2, 2)),    # month end over a weekend
    (date(2026, 12, 31), 2, date(2027, 1, 4)),   # year end: Thu 31 -> Fri 1 -> Mon 4
    (date(2028, 2, 28), 1, date(2028, 2, 29)),   # leap day is a Tuesday
    (date(2026, 2, 27), 1, date(2026, 3, 2)),    # February's end on a Friday
])
def test_add_business_days(start, n, expected):
    assert planner.add_business_days(start, n) == expected


def test_holidays_are_skipped():
    christmas = [date(2026, 12, 25), date(2026, 12, 28)]
    assert planner.add_business_days(date(2026, 12, 24), 1, christmas) == date(2026, 12, 29)
    assert planner.business_days_between(date(2026, 12, 24), date(2026, 12, 29), christmas) == 1


def naive_add(start, n, holidays=()):
    day, left = start, n
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            left -= 1
    return day


@settings(max_examples=300, deadline=None)
@given(start=st.dates(date(1990, 1, 1), date(2090, 1, 1)), n=st.integers(0, 400),
       holidays=st.lists(st.dates(date(1990, 1, 1), date(2092, 1, 1)), max_size=5))
def test_add_business_days_matches_counting_day_by_day(start, n, holidays):
    result = planner.add_business_days(start, n, holidays)
    assert result == naive_add(start, n, set(holidays))
    assert planner.business_days_between(start, result, holidays) == n
    if n:
        assert planner.is_business_day(result, holidays)


def test_bad_business_day_arguments():
    with pytest.raises(ValueError, match="at least 0"):
        planner.add_business_days(MON, -1)
    with pytest.raises(ValueError, match="whole number"):
        planner.add_business_days(MON, 1.5)
    with pytest.raises(TypeError, match="must be a date"):
        planner.add_business_days(20261120, 1)


def test_dates_may_be_iso_text_or_datetimes():
    assert planner.as_date("2026-11-20") == FRI
    assert planner.as_date(datetime(2026, 11, 20, 23, 59)) == FRI
    with pytest.raises(ValueError, match="not a date like 2026-11-20"):
        planner.as_date("20/11/2026", "interview date")


# --- the plan ----------------------------------------------------------------------------------
def test_without_a_decision_date_follow_up_after_five_to_seven_business_days():
    plan = planner.follow_up_plan(THU)
    assert plan["thank_you"].day == FRI and plan["thank_you"].latest == SAT
    assert plan["follow_up_1"].day == date(2026, 11, 26)      # Thu + 5 business days
    assert plan["follow_up_1"].latest == date(2026, 11, 30)   # Thu + 7 business days: Monday
    assert plan["follow_up_2"].day == date(2026, 12, 3)       # about a week after the first
    assert [r.kind for r in plan.reminders] == ["thank_you", "follow_up_1", "follow_up_2"]


def test_with_a_decision_date_wait_a_day_or_two_past_it():
    plan = planner.follow_up_plan(MON, date(2026, 11, 27))  # they decide on a Friday
    assert plan["follow_up_1"].day == date(2026, 11, 30)     # the Monday after
    assert plan["follow_up_1"].latest == date(2026, 12, 1)
    assert plan["follow_up_2"].day == date(2026, 12, 7)
    assert "Friday 27 November 2026" in plan["follow_up_1"].detail


def test_follow_ups_are_on_business_days_and_about_a_week_apart():
    for offset in range(14):
        interview = MON + timedelta(days=offset)
        for decision in (None, interview + timedelta(days=offset % 9)):
            plan = planner.follow_up_plan(interview, decision)
            first, second = plan["follow_up_1"], plan["follow_up_2"]
            for r in (first, second):
                assert planner.is_business_day(r.day) and r.day <= r.latest
            assert 7 <= (second.day - first.day).days <= 9
            assert first.day > plan["thank_you"].latest  # never chase before thanking


def test_a_decision_on_the_interview_day_still_leaves_room_for_the_thank_you():
    plan = planner.follow_up_plan(THU, THU)
    assert plan["thank_you"].latest == SAT
    assert plan["follow_up_1"].day == date(2026, 11, 23)


def test_impossible_decision_dates_are_refused_clearly():
    with pytest.raises(ValueError, match=r"decision date \(2026-11-01\) is before the interview \(2026-11-20\)"):
        planner.follow_up_plan(FRI, date(2026, 11, 1))
    with pytest.raises(ValueError, match="check the year"):
        planner.follow_up_plan(FRI, date(2027, 12, 1))
    assert planner.follow_up_plan("2026-11-20", "").decision is None


def test_plan_html_shows_dates_and_escapes_the_company():
    plan = planner.follow_up_plan(FRI, company="<img src=x onerror=alert(1)>")
    html = plan._repr_html_()
    assert "<img" not in html and "&lt;img" in html
    assert 'data-kind="follow_up_1" data-date="2026-11-27"' in html
    assert "journalismjobs.com" in html and "stolaf.edu" in html


# --- iCalendar -------------------------------------------------------------------------------
def parse_ics(text):
    """An independent reader: unfold, then split into (name, params, value) with TEXT unescaped."""
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", ""), "every line ends with CRLF"
    for raw in text.split("\r\n")[:-1]:
        assert len(raw.encode("utf-8")) <= 75, raw
        raw.encode("utf-8").decode("utf-8")  # no character split across lines
    unfolded = re.sub(r"\r\n[ \t]", "", text).split("\r\n")[:-1]
    lines = []
    for line in unfolded:
        head, value = line.split(":", 1)
        name, *params = head.split(";")
        value = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)
        lines.append((name, params, value))
    return lines


def events(lines):
    found, current, depth = [], None, 0
    for name, params, value in lines:
        if name == "BEGIN":
            depth += 1
            if value == "VEVENT":
                current = {}
        elif name == "END":
            depth -= 1
            if value == "VEVENT":
                found.append(current)
                current = None
        elif current is not None and depth == 2:
            current[name] = (params, value)
    assert depth == 0
    return found


def test_the_calendar_file_is_valid_and_reads_back():
    plan = planner.follow_up_plan(THU, company="Acme")
    lines = parse_ics(plan.ics(now=NOW))
    assert lines[0] == ("BEGIN", [], "VCALENDAR") and lines[-1] == ("END", [], "VCALENDAR")
    header = {n: v for n, _, v in lines[:6]}
    assert header["VERSION"] == "2.0" and header["PRODID"]
    evs = events(lines)
    assert len(evs) == 3
    for ev, reminder in zip(evs, plan.reminders):
        assert ev["DTSTAMP"][1] == "20261120T153000Z"
        assert ev["DTSTART"] == (["VALUE=DATE"], reminder.day.strftime("%Y%m%d"))
        assert ev["DTEND"] == (["VALUE=DATE"], (reminder.day + timedelta(days=1)).strftime("%Y%m%d"))
        assert ev["SUMMARY"][1] == reminder.title
        assert ev["UID"][1].endswith("@second-interview-course")
    assert len({ev["UID"][1] for ev in evs}) == 3


def test_uids_are_stable_so_a_new_download_updates_instead_of_duplicating():
    one = [v for n, _, v in parse_ics(planner.follow_up_plan(THU, company="Acme").ics(now=NOW)) if n == "UID"]
    two = [v for n, _, v in parse_ics(planner.follow_up_plan(THU, FRI, company="acme").ics(now=NOW)) if n == "UID"]
    other = [v for n, _, v in parse_ics(planner.follow_up_plan(FRI, company="Acme").ics(now=NOW)) if n == "UID"]
    assert one == two and not set(one) & set(other)


@pytest.mark.parametrize("company", [
    "Smith, Jones; Partners \\ Co",
    "Line one\nline two\r\nthree",
    "😀" * 40 + "é" * 50,
    "שלום עולם, מה נשמע; טוב",
    "<script>alert(1)</script>",
    "tab\there \x07bell",
])
def test_text_is_escaped_folded_and_reads_back(company):
    plan = planner.follow_up_plan(THU, company=company)
    evs = events(parse_ics(plan.ics(now=NOW)))
    expected = planner.follow_up_plan(THU, company=company)["thank_you"].title
    assert evs[0]["SUMMARY"][1] == expected.replace("\r\n", "\n").replace("\r", "\n").replace("\x07", "")


def test_escaping_and_folding_rules():
    assert planner.ics_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = planner.fold("DESCRIPTION:" + "é" * 100)
    pieces = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if k else p for k, p in enumerate(pieces)) == "DESCRIPTION:" + "é" * 100
    assert planner.fold("short") == "short"


def test_a_huge_company_name_is_shortened_in_titles_but_the_file_stays_valid():
    plan = planner.follow_up_plan(THU, company="x" * 100_000)
    assert len(plan["thank_you"].title) < 120
    events(parse_ics(plan.ics(now=NOW)))


def test_now_must_carry_a_time_zone():
    with pytest.raises(ValueError, match="time zone"):
        planner.follow_up_plan(THU).ics(now=datetime(2026, 11, 20, 12, 0))


# --- the thank-you note --------------------------------------------------------------------------
GOOD = """Dear Priya,

Thank you for meeting me on Thursday to talk about the planner role at FarmFresh. I especially enjoyed \
hearing about the new warehouse in Leeds and the drivers it will need. The conversation made me even \
more enthusiastic about joining your team. My experience planning routes for a busy bakery would help \
from the first week. Please let me know if I can send you anything else.

Best wishes,
Sam Jones"""


def check(note=GOOD, **kwargs):
    defaults = {"interviewer": "Priya Shah", "discussed": "the Leeds warehouse", "interview": THU, "sent": FRI}
    return planner.check_note(note, **{**defaults, **kwargs})


def test_a_good_note_passes_every_check():
    report = check()
    assert report.ok and report.done == len(report.checks) == 8, report.checks
    assert "'leeds'" in report["Names a specific point"].detail


def test_sentences_ignore_greeting_sign_off_and_titles():
    assert len(planner.sentences(GOOD)) == 5
    assert planner.sentences("Dear Dr. Ruiz,\nThanks to Ms. Shah and Mr. Lee, e.g. the team. Bye now!") == [
        "Thanks to Ms. Shah and Mr. Lee, e.g. the team.", "Bye now!"]
    assert planner.sentences("I look forward to hearing from you\nBest,\nSam") == [
        "I look forward to hearing from you"]


@pytest.mark.parametrize("sent, passed, words", [
    (THU, True, "within 24 hours"),
    (FRI, True, "within 24 hours"),
    (SAT, False, "last day of the 48-hour"),
    (date(2026, 11, 25), False, "6 days ago"),
    (WED, None, "send the note by Friday 20 November 2026"),
])
def test_timing(sent, passed, words):
    result = check(sent=sent)["Sent within 24 hours"]
    assert result.passed is passed and words in result.detail


def test_timing_needs_the_interview_date():
    assert check(interview=None)["Sent within 24 hours"].passed is None


def test_missing_parts_are_named():
    bare = "Hello Priya.\nI am writing after the interview. It was on Thursday. I hope you are well."
    report = check(bare, discussed="")
    for label in ("Thanks them", "Names a specific point", "Restates your enthusiasm", "Says what you bring",
                  "5–6 sentences"):
        assert report[label].passed is False, label
    assert report["5–6 sentences"].detail.startswith("4 sentences")  # "Hello Priya." ends with a full stop
    assert not report.ok


def test_a_specific_point_can_also_be_a_reference_to_the_conversation():
    note = GOOD.replace("hearing about the new warehouse in Leeds", "what you said about the weekend rota")
    assert check(note, discussed="")["Names a specific point"].passed is True
    assert check(note, discussed="")["Names a specific point"].detail == "You refer to the conversation: 'you said'."


def test_too_long_is_flagged():
    long = GOOD.replace("Please let me know", "I also liked the office. The coffee was good. Please let me know")
    assert check(long)["5–6 sentences"].passed is False


def test_one_note_per_interviewer():
    copy = GOOD.replace("Priya", "Tom")
    report = check(copy, interviewer="Tom Ellis", others=[("Priya Shah", GOOD)])
    assert report["One note per interviewer"].passed is False
    assert "the note to Priya Shah" in report["One note per interviewer"].detail
    twice = check(others=[("priya  SHAH", "Something else entirely, written differently.")])
    assert "also for priya SHAH" in twice["One note per interviewer"].detail
    unnamed = check(interviewer="Tom Ellis")
    assert unnamed["One note per interviewer"].passed is False
    assert "Address it to Tom Ellis" in unnamed["One note per interviewer"].detail


def test_placeholders_left_in_a_draft_are_named():
    report = check(GOOD + " [your strongest skill]")
    assert report["Ready to send"].passed is False and "[your strongest skill]" in report["Ready to send"].detail


def test_an_empty_note_has_nothing_to_check():
    report = check("   ")
    assert report.checks == () and "Nothing written yet" in report._repr_html_()


def test_drafts_differ_per_interviewer_and_pass_once_the_gaps_are_filled():
    people = [f"Person{k} Name{k}" for k in range(8)]
    topics = ["the Leeds warehouse", "routing software", "weekend rota", "driver training",
              "the budget", "customer complaints", "the new van fleet", "winter planning"]
    notes = [planner.draft_note(p, t, role="planner", company="FarmFresh", variant=k)
             for k, (p, t) in enumerate(zip(people, topics))]
    assert check(notes[0], interviewer=people[0], discussed=topics[0])["Ready to send"].passed is False
    filled = [n.replace("[your strongest skill]", "route planning").replace("[Your name]", "Sam") for n in notes]
    for k, note in enumerate(filled):
        others = [(people[j], filled[j]) for j in range(8) if j != k]
        report = check(note, interviewer=people[k], discussed=topics[k], others=others)
        assert report.ok and report.done == 8, (k, [c for c in report.checks if not c.passed])


def test_a_draft_without_details_leaves_gaps_to_fill():
    draft = planner.draft_note("", "")
    assert "Dear [their name]," in draft and "[one thing you talked about]" in draft


HOSTILE = ["<img src=x onerror=alert(1)>", "😀" * 5000, "مرحبا، شكرا لك على وقتك. " * 50,
           "Thank you. " * 10_000, "x" * 100_000, "\x00\x01 [" * 1000]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_or_huge_notes_never_crash_and_are_escaped(text):
    report = planner.check_note(text, interviewer=text, discussed=text, interview=THU, sent=FRI,
                                others=[(text, text), ("<b>x</b>", text)])
    html = report._repr_html_()
    assert "<img" not in html and "<b>x" not in html
    assert len(html) < 60_000
    planner.draft_note(text, text, role=text, company=text, variant=3)


def test_a_note_far_too_long_is_said_to_be_too_long():
    huge = GOOD + " More." * 20_000
    report = check(huge)
    assert report["5–6 sentences"].passed is False
    assert "far too long" in report["5–6 sentences"].detail and "only the first 20,000" in report["5–6 sentences"].detail
    assert report["Thanks them"].passed is True  # the rest is still read from the start of the note


# --- what the planner views save ----------------------------------------------------------------
def test_the_saved_planner_reads_each_thank_you_key_once_whatever_it_holds(store):
    from course_lib.planner import PlannerRecord, SavedPlanner, ThankYouNote

    store.save("planner", "thank_you:3", {"name": "Sam", "note": "Thanks!", "discussed": ["odd"]})
    store.save("planner", "thank_you:1", "not a record")
    store.save("planner", "thank_you:x", {"name": "never shown"})
    store.save("planner", "thank_you:0", {"name": "nor this"})
    store.save("planner", "interview_date", "next Tuesday")
    store.save("planner", "decision_date", "2026-12-01")
    store.save("planner", "company", None)
    record = SavedPlanner(store).read()
    assert record.notes == (ThankYouNote(1), ThankYouNote(2), ThankYouNote(3, "Sam", '["odd"]', "Thanks!"))
    assert record.written_notes() == [record.notes[2]]
    assert (record.interview_date, record.decision_date, record.company) == (None, date(2026, 12, 1), "")
    assert record.plan() is None  # no interview date
    assert SavedPlanner(store).read() == record and PlannerRecord().notes == ()


def test_the_saved_planner_writes_what_the_views_read_back(store):
    from course_lib.planner import SavedPlanner, ThankYouNote

    saved = SavedPlanner(store)
    assert not saved.started()
    saved.save_date("interview_date", date(2026, 11, 19))
    saved.save_date("decision_date", date(2026, 11, 1))  # before the interview: no plan
    saved.save_text("company", "FarmFresh")
    saved.save_note(ThankYouNote(2, "Priya", "the depot", "Dear Priya"))
    record = saved.read()
    assert record.plan() is None and record.company == "FarmFresh" and record.notes[1].name == "Priya"
    saved.save_date("decision_date", None)
    plan = saved.read().plan()
    saved.save_plan(plan)
    assert store.load("planner", "follow_up") == {r.kind: r.day.isoformat() for r in plan.reminders}
    assert saved.started() and saved.texts()["thank_you:2"]["note"] == "Dear Priya"
    with pytest.raises(KeyError, match="not 'when'"):
        saved.save_date("when", None)
    with pytest.raises(KeyError, match="not 'note'"):
        saved.save_text("note", "")
