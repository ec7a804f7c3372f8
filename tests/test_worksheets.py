"""Worksheets as content, and the paraphrase check of the active-listening exercise."""

import shutil
from pathlib import Path

import pytest

from course_lib import worksheets as worksheet
from course_lib.content import ContentError, load_content

FIXTURES = Path(__file__).parent / "fixtures" / "worksheets"
REAL_DATA = Path(__file__).resolve().parents[1] / "data"

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert('x')</script> so you'd like to know why?",
    "😀🚀 So you'd like to know why me? 👍🏽",
    "אתה שואל למה כדאי לכם לשכור אותי, נכון?",  # right-to-left
    "لماذا يجب أن نوظفك؟ هل هذا صحيح؟",
    "x" * 100_000,
    ("Why should we hire you? " * 5000),
]


def test_the_three_worksheets_exist_with_the_fields_the_notebooks_use():
    content = load_content(REAL_DATA)
    research = worksheet.get_worksheet("company_research", content)
    assert [f.id for f in research.fields] == ["mission", "values", "recent_news", "competitors", "your_fit"]
    review = worksheet.get_worksheet("first_interview", content)
    assert {"asked", "went_well", "concerns", "expand"} <= {f.id for f in review.fields}
    paraphrase = worksheet.get_worksheet("paraphrase", content)
    assert paraphrase.kind == "paraphrase" and len(paraphrase.fields) >= 4
    assert all(f.question and f.source.startswith("https://") for f in paraphrase.fields)
    for sheet in (research, review, paraphrase):
        assert all(f.example.startswith("e.g. ") for f in sheet.fields), "examples are concrete placeholders"


def test_an_unknown_worksheet_is_named_with_the_known_ones():
    with pytest.raises(KeyError, match="no worksheet 'nope'.*company_research"):
        worksheet.get_worksheet("nope", load_content(REAL_DATA))


def test_every_example_paraphrase_passes_the_checks_it_teaches():
    for f in worksheet.get_worksheet("paraphrase", load_content(REAL_DATA)).fields:
        report = worksheet.check_paraphrase(f.question, f.example.removeprefix("e.g. "))
        assert report.ok and report.done == 3, (f.id, report)


# --- broken worksheet files: one plain line naming file, item and field ----------------------
BROKEN = [
    ("paraphrase_without_question.yaml", "worksheets.yaml",
     "data/worksheets.yaml: worksheet 'paraphrase': field 'motivation' has no 'question'"),
    ("question_in_notes.yaml", "worksheets.yaml",
     "worksheet 'company_research': field 'mission' has a 'question', but only a worksheet with kind 'paraphrase'"),
    ("duplicate_field_ids.yaml", "worksheets.yaml",
     "worksheet 'company_research': field id 'mission' used more than once"),
    ("duplicate_worksheet_ids.yaml", "worksheets.yaml", "worksheet id 'notes' used more than once"),
    ("missing_example.yaml", "worksheets.yaml",
     "worksheet 'first_interview': field 'went_well' has no 'example'"),
    ("misspelt_field.yaml", "worksheets.yaml",
     "field 'asked': 'promt' is not a known field (did you mean 'prompt'?)"),
    ("unknown_kind.yaml", "worksheets.yaml", "worksheet 'first_interview': 'kind' is 'essay', but must be"),
    ("empty_fields.yaml", "worksheets.yaml", "worksheet 'notes': 'fields' is empty"),
    ("unknown_interviewer.yaml", "questions_to_ask.yaml",
     "question 'typical-week': interviewer 'ceo' is not among the interviewers (hr, peer)"),
    ("interviewer_without_questions.yaml", "questions_to_ask.yaml", "interviewer 'executive' has no questions"),
    ("question_without_source.yaml", "questions_to_ask.yaml", "question 'training': 'source' is missing"),
]


@pytest.mark.parametrize("fixture, target, expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_worksheet_file_is_named_with_item_and_field(tmp_path, fixture, target, expected):
    data = tmp_path / "data"
    shutil.copytree(REAL_DATA, data)
    shutil.copy(FIXTURES / fixture, data / target)
    with pytest.raises(ContentError) as caught:
        load_content(data)
    ours = [line for line in caught.value.errors if line.startswith(f"data/{target}")]
    assert len(ours) == 1, caught.value.errors
    assert expected in ours[0]
    assert "\n" not in ours[0] and "Traceback" not in ours[0]


# --- counting --------------------------------------------------------------------------------
def test_length_text_counts_words_and_characters():
    assert worksheet.length_text("") == "No text yet"
    assert worksheet.length_text("   \n ") == "No text yet"
    assert worksheet.length_text("one") == "1 word · 3 characters"
    assert worksheet.length_text("Hello, world!") == "2 words · 13 characters"
    assert worksheet.length_text("x" * 100_000) == "1 word · 100,000 characters"


def test_words_handle_contractions_other_scripts_and_emoji():
    assert worksheet.words("You’d like to know?") == ["you'd", "like", "to", "know"]
    assert worksheet.words("לָמָה אתה") == ["לָמָה", "אתה"]  # Hebrew vowel points stay inside the word
    assert worksheet.words("مَرْحَبًا بك") == ["مَرْحَبًا", "بك"]
    assert worksheet.words("😀 🚀") == []
    assert worksheet.count_words("naïve café, 2026") == 3


def test_saved_answers_are_text_even_if_the_store_holds_something_odd(tmp_path):
    from course_lib.progress import Store

    store = Store(tmp_path / "p.sqlite3")
    sheet = worksheet.get_worksheet("first_interview", load_content(REAL_DATA))
    store.save("worksheet:first_interview", "asked", "Why logistics?")
    store.save("worksheet:first_interview", "went_well", ["a", "list"])
    answers = worksheet.SavedWorksheets(store).answers(sheet)
    assert answers["asked"] == "Why logistics?"
    assert answers["went_well"] == '["a", "list"]'  # shown, not dropped
    assert answers["concerns"] == ""
    assert worksheet.filled(sheet, answers) == 2


# --- the paraphrase check ----------------------------------------------------------------------
Q = "Why should we hire you?"


def verdicts(report):
    return {c.label: c.passed for c in report.checks}


def test_an_empty_paraphrase_asks_for_one():
    report = worksheet.check_paraphrase(Q, "  ")
    assert report.checks == () and not report.ok
    assert "Not written yet" in report._repr_html_()


def test_a_copy_of_the_question_is_not_a_paraphrase():
    assert verdicts(worksheet.check_paraphrase(Q, "why should we hire you"))["In your own words"] is False
    report = worksheet.check_paraphrase(Q, "You're asking why should we hire you, right?")
    assert report["In your own words"].passed is False
    assert "'why should we hire you'" in report["In your own words"].detail


def test_the_question_reordered_is_still_a_copy():
    report = worksheet.check_paraphrase(Q, "You hire we should why?")
    assert report["In your own words"].passed is False
    assert "come from the question" in report["In your own words"].detail


def test_a_long_question_may_share_a_few_words_but_not_five_in_a_row():
    q = "Do you know who our competitors are, and what sets us apart from them?"
    fine = worksheet.check_paraphrase(q, "Who else is in your market, and what sets you apart - is that it?")
    assert fine["In your own words"].passed is True
    copied = worksheet.check_paraphrase(q, "So, who our competitors are and what sets us apart?")
    assert copied["In your own words"].passed is False


def test_short_means_one_sentence_under_25_words_and_at_least_four():
    assert worksheet.check_paraphrase(Q, "Why me?")["Short"].passed is False
    ok = worksheet.check_paraphrase(Q, "So you'd like to know what I would add to the team - is that right?")
    assert ok["Short"].passed is True and ok.ok
    long = "So " + "you would like to hear a great deal about me " * 3 + "is that right?"
    report = worksheet.check_paraphrase(Q, long)
    assert report["Short"].passed is False and "under 25 words" in report["Short"].detail


def test_checking_understanding_means_a_question_or_a_checking_phrase():
    statement = worksheet.check_paraphrase(Q, "You want to know what I would add to the team.")
    assert statement["Checks your understanding"].passed is True  # a stated reading they can correct
    plain = worksheet.check_paraphrase(Q, "I will now explain what I would add to the team.")
    assert plain["Checks your understanding"].passed is False
    asked = worksheet.check_paraphrase(Q, "What I would add to the team, compared with others?")
    assert asked["Checks your understanding"].passed is True
    phrase = worksheet.check_paraphrase(Q, "Just to check: what I would add to the team.")
    assert "just to check" in phrase["Checks your understanding"].detail.lower()


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_or_huge_text_never_crashes_and_is_escaped(text):
    report = worksheet.check_paraphrase(Q, text)
    html = report._repr_html_()
    assert "<img" not in html and "<script" not in html
    assert len(html) < 50_000
    assert repr(report).startswith("Your paraphrase")


def test_saved_worksheets_label_their_boxes_in_the_sheets_order_and_keep_unknown_ones(tmp_path):
    from course_lib.progress import Store

    store = Store(tmp_path / "p.sqlite3")
    sheet = worksheet.get_worksheet("first_interview", load_content(REAL_DATA))
    saved = worksheet.SavedWorksheets(store)
    assert not saved.started("first_interview") and saved.entries("first_interview", sheet) == ()
    saved.save("first_interview", "old_box", "Written before the box was renamed")
    saved.save("first_interview", sheet.fields[1].id, "Second box")
    saved.save("first_interview", sheet.fields[0].id, "   ")
    entries = saved.entries("first_interview", sheet)
    assert [(e.label, e.text) for e in entries] == [(sheet.fields[1].label, "Second box"),
                                                    ("Old box", "Written before the box was renamed")]
    assert [e.label for e in saved.entries("first_interview")] == ["Old box", sheet.fields[1].id.replace("_", " ")
                                                                   .capitalize()]
    assert saved.texts() == {"first_interview": {"old_box": "Written before the box was renamed",
                                                 sheet.fields[1].id: "Second box", sheet.fields[0].id: "   "}}
    store.close()


# --- checklists: a box to tick per field --------------------------------------------------------
def test_the_video_call_checklist_and_the_task_planner_are_in_the_content():
    content = load_content(REAL_DATA)
    check = worksheet.get_worksheet("video_call_check", content)
    assert check.kind == "checklist" and len(check.fields) >= 6
    assert {"test_call", "camera_level", "notes_by_camera", "drop_plan"} <= {f.id for f in check.fields}
    assert all(f.example is None and f.prompt for f in check.fields)
    plan = worksheet.get_worksheet("task_plan", content)
    assert plan.kind == "notes"
    assert {"questions", "hours", "deadline", "leave_out"} <= {f.id for f in plan.fields}
    assert all(f.example.startswith("e.g. ") for f in plan.fields)


def test_ticks_are_saved_per_field_and_read_back(tmp_path):
    from course_lib.progress import Store

    store = Store(tmp_path / "p.sqlite3")
    sheet = worksheet.get_worksheet("video_call_check", load_content(REAL_DATA))
    saved = worksheet.SavedWorksheets(store)
    assert not saved.started("video_call_check")
    assert saved.ticks(sheet) == {f.id: False for f in sheet.fields}
    saved.tick("video_call_check", "test_call", True)
    saved.tick("video_call_check", "drop_plan", True)
    saved.tick("video_call_check", "drop_plan", False)
    assert store.load("worksheet:video_call_check", "test_call") is True
    assert saved.started("video_call_check")
    ticks = saved.ticks(sheet)
    assert ticks["test_call"] is True and ticks["drop_plan"] is False and sum(ticks.values()) == 1
    report = saved.checklist(sheet)
    assert report.summary() == f"1 of {len(sheet.fields)} done"
    first = report[sheet.fields[0].label]
    assert first.verdict == "Done" and first.detail == sheet.fields[0].prompt
    assert report[sheet.fields[1].label].verdict == "To do"


@pytest.mark.parametrize("value, ticked", [
    (True, True), (False, False), ("done", True), (" Yes ", True), ("✓", True), ("true", True),
    ("", False), ("no", False), ("maybe", False), (1, False), (None, False), (["done"], False),
    ({"ticked": True}, False)])
def test_a_tick_is_read_from_whatever_the_store_holds(value, ticked):
    assert worksheet.is_ticked(value) is ticked


def test_a_hand_edited_or_odd_checklist_value_never_crashes(tmp_path):
    from course_lib.progress import Store

    store = Store(tmp_path / "p.sqlite3")
    sheet = worksheet.get_worksheet("video_call_check", load_content(REAL_DATA))
    store.save("worksheet:video_call_check", "test_call", "done")
    store.save("worksheet:video_call_check", "camera_level", {"odd": 1})
    store.save("worksheet:video_call_check", "gone_step", True)  # a step the list no longer has
    report = worksheet.SavedWorksheets(store).checklist(sheet)
    assert report.done == 1 and len(report.checks) == len(sheet.fields)


def test_a_checklist_renders_its_ticks_in_words_and_escapes_its_text():
    from types import SimpleNamespace as NS

    sheet = NS(title="<b>List</b>", fields=[NS(id="a", label="<img src=x onerror=alert(1)>", prompt="Step & go"),
                                            NS(id="b", label="Second", prompt="Then this")])
    html = worksheet.checklist(sheet, {"a": True})._repr_html_()
    assert "<img" not in html and "<b>List" not in html and "Step &amp; go" in html
    assert "Done: &lt;img" in html and "To do: Second" in html and "1 of 2 done" in html


CHECKLIST_BROKEN = [
    ("worksheets:\n  - id: call\n    title: Call\n    kind: checklist\n    intro: Tick.\n    fields:\n"
     "      - id: test\n        label: Test call\n        prompt: Call a friend.\n        example: e.g. Sam\n",
     "worksheet 'call': field 'test' has an 'example', but a 'checklist' worksheet"),
    ("worksheets:\n  - id: notes\n    title: Notes\n    intro: Write.\n    fields:\n"
     "      - id: hours\n        label: Hours\n        prompt: How many?\n",
     "worksheet 'notes': field 'hours' has no 'example'"),
    ("worksheets:\n  - id: pay\n    title: Pay\n    private: sometimes\n    intro: Write.\n    fields:\n"
     "      - id: ask\n        label: Ask\n        prompt: How much?\n        example: e.g. 34,000\n",
     "worksheet 'pay': 'private' must be true or false, not 'sometimes'"),
]


@pytest.mark.parametrize("text, expected", CHECKLIST_BROKEN,
                         ids=["example-in-checklist", "notes-without-example", "private-not-true-or-false"])
def test_a_checklist_has_no_examples_and_a_box_to_write_in_has_one(tmp_path, text, expected):
    data = tmp_path / "data"
    shutil.copytree(REAL_DATA, data)
    (data / "worksheets.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(data)
    ours = [line for line in caught.value.errors if line.startswith("data/worksheets.yaml")]
    assert len(ours) == 1 and expected in ours[0], caught.value.errors


# --- a private worksheet: the learner's numbers for an offer --------------------------------------
def test_the_offer_worksheet_is_private_and_says_where_its_numbers_go():
    content = load_content(REAL_DATA)
    sheet = worksheet.get_worksheet("offer_plan", content)
    assert sheet.private and sheet.kind == "notes"
    assert {"range_found", "walk_away", "ask", "beyond_base", "time_to_decide", "your_words"} <= {f.id for f in sheet.fields}
    assert "prep pack" in sheet.intro and "never go into the results file" in sheet.intro
    assert worksheet.private_ids(content) == {"offer_plan", "adjustments_request", "unasked_questions"}
    assert not any(s.private for s in content.worksheets.worksheets if s.id not in worksheet.ALWAYS_PRIVATE)


def test_texts_leave_out_the_worksheets_named(tmp_path):
    from course_lib.progress import Store

    store = Store(tmp_path / "p.sqlite3")
    saved = worksheet.SavedWorksheets(store)
    saved.save("offer_plan", "ask", "£34,000")
    saved.save("task_plan", "hours", "Four")
    assert saved.texts() == {"offer_plan": {"ask": "£34,000"}, "task_plan": {"hours": "Four"}}
    assert saved.texts(leave_out={"offer_plan"}) == {"task_plan": {"hours": "Four"}}
    assert worksheet.private_ids(None) == worksheet.ALWAYS_PRIVATE  # no content: they still stay out
    store.close()
