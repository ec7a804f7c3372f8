"""The prep pack and the results file: everything the learner saved is in them, and their text
shows as text — never as markup a browser or Markdown viewer would run."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import mistune
import pytest
from hypothesis import given, settings, strategies as st

from course_lib import export
from course_lib.classroom import check_results
from course_lib.cli import main
from course_lib.content import load_content
from course_lib.progress import Store
from course_lib.quizzes import QuizSession
from course_lib.worksheets import ALWAYS_PRIVATE, Entry, private_ids

SCRIPT = "<script>alert('pack')</script>"
IMG = "<img src=x onerror=alert(1)>"
RTL = "אתה שואל למה כדאי לכם לשכור אותי, נכון?"
STRONG_STORY = (
    "Last spring our warehouse system failed two days before the busiest week. I was the shift lead and had to "
    "keep 300 orders a day moving. I set up a paper picking list, trained six pickers and checked every order. "
    "We shipped all 1,800 orders on time."
)


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "progress.sqlite3")
    yield s
    s.close()


def fill(store: Store, content) -> dict:
    """A learner who did a bit of everything; returns what the pack must show."""
    store.set_pseudonym("Night Owl")
    store.save("worksheet:company_research", "mission", f"Make rail simple {SCRIPT}")
    store.save("worksheet:company_research", "values", f"Openness 🚆 {RTL}")
    store.save("worksheet:company_research", "old_field", "A box the worksheet no longer has")
    store.save("worksheet:first_interview", "went_well", f"The route story {IMG}")
    store.save("star", "deadline", {"question": "A time you met a tight deadline", "text": STRONG_STORY})
    store.save("star", "plain", f"We would talk it over. {SCRIPT}")
    store.save("worksheet:questions_to_ask", "plan", {"hr": ["What does training look like?"],
                                                      "peer": [f"What is a typical day? {IMG}"]})
    store.save("planner", "interview_date", "2026-11-20")
    store.save("planner", "decision_date", "2026-11-27")
    store.save("planner", "company", "Acme & Co")
    store.save("planner", "thank_you:1", {"name": "Priya <b>Shah</b>", "discussed": "the depot",
                                          "note": f"Thank you for the tour. {SCRIPT}"})
    store.save("planner", "thank_you:2", {"name": "", "discussed": "", "note": ""})  # an empty block
    quiz = next(iter(content.quizzes.values()))
    session = QuizSession(quiz, store)
    right, wrong = quiz.questions[0], quiz.questions[1]
    session.check(right, list(right.answer))
    wrong_choice = next(o.id for o in wrong.options if o.id not in wrong.answer)
    session.check(wrong, [wrong_choice])
    return {"quiz": quiz, "right": right, "wrong": wrong}


class Tags(HTMLParser):
    """Every tag and attribute in a page, to prove learner text added none."""

    def __init__(self):
        super().__init__()
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(name for name, _ in attrs)


# --- the prep pack ---------------------------------------------------------------------------
def test_the_pack_holds_everything_the_learner_saved(store, content):
    facts = fill(store, content)
    pack = export.gather(store, content=content)
    assert pack.pseudonym == "Night Owl"
    assert [e.label for e in pack.company_research] == ["Mission", "Values", "Old field"]
    assert [e.label for e in pack.first_interview] == ["What went well"]
    assert [s.id for s in pack.stories] == ["deadline", "plain"]
    assert pack.questions == (("HR or recruiter", ("What does training look like?",)),
                              ("Future colleague", (f"What is a typical day? {IMG}",)))
    assert [e.label for e in pack.thank_you_notes] == ["Priya <b>Shah</b>"]  # the empty block is left out
    assert [r.title for r in pack.reminders][0].startswith("Send thank-you notes")
    assert len(pack.reminders) == 3 and "BEGIN:VCALENDAR" in pack.calendar
    [line] = [q for q in pack.quizzes if q.title == facts["quiz"].title]
    assert (line.answered, line.total, line.percent) == (2, len(facts["quiz"].questions), 50.0)
    assert line.to_revisit == (facts["wrong"].prompt,)

    md, page = export.to_markdown(pack), export.to_html(pack)
    for heading in ("The company", "Your first interview", "Your STAR stories", "Questions to ask",
                    "After the interview", "Quiz results"):
        assert f"## {heading}" in md and f"<h2>{heading}</h2>" in page
    for text in ("Make rail simple", "Openness 🚆", RTL, "A box the worksheet no longer has", "The route story",
                 "trained six pickers", "What does training look like?", "Thank you for the tour.",
                 facts["quiz"].title, "Acme &amp; Co"):
        assert text in md and text in page, text
    assert "Friday 27 November 2026" in page  # the decision date
    assert "What the coach noticed" in md and "What the coach noticed" in page


def test_learner_markup_shows_as_text_in_the_html(store, content):
    fill(store, content)
    page = export.to_html(export.gather(store, content=content))
    tags = Tags()
    tags.feed(page)
    assert "script" not in tags.tags and "img" not in tags.tags and "b" not in tags.tags
    assert "onerror" not in tags.attributes
    assert "&lt;script&gt;alert(&#x27;pack&#x27;)&lt;/script&gt;" in page
    assert "Priya &lt;b&gt;Shah&lt;/b&gt;" in page


def test_learner_markup_shows_as_text_in_the_markdown(store, content):
    fill(store, content)
    md = export.to_markdown(export.gather(store, content=content))
    assert "<script" not in md and "<img" not in md and "<b>" not in md
    assert "&lt;script&gt;alert('pack')&lt;/script&gt;" in md


def test_the_html_page_prints_cleanly(store, content):
    page = export.to_html(export.gather(store, content=content))
    assert "@media print" in page and page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page


def test_an_empty_store_gives_a_pack_that_says_where_to_start(store, content):
    pack = export.gather(store, content=content)
    md = export.to_markdown(pack)
    assert md.count("Nothing saved yet") == 11 and "No quiz answered yet." in md
    assert pack.calendar is None


def test_the_second_round_plan_from_notebook_02_is_in_the_pack(store, content):
    from course_lib.worksheets import get_worksheet

    first_field = get_worksheet("second_round_plan").fields[0].id
    store.save("worksheet:second_round_plan", first_field, "Panel of three")
    md = export.to_markdown(export.gather(store, content=content))
    assert "## Your second round" in md and "Panel of three" in md


def test_long_text_is_kept_whole_in_the_pack(store, content):
    long_text = "I re-planned the routes. " * 4000  # 100 KB
    store.save("worksheet:company_research", "your_fit", long_text)
    pack = export.gather(store, content=content)
    assert long_text.strip() in export.to_html(pack)
    assert long_text.strip() in export.to_markdown(pack)


def test_without_the_coach_stories_come_without_signals(store, content, monkeypatch):
    store.save("star", "s1", STRONG_STORY)
    monkeypatch.setattr(export, "_coach", lambda: None)
    pack = export.gather(store, content=content)
    assert pack.stories[0].signals is None
    assert any("STAR coach is not part" in n for n in pack.notes)
    assert "What the coach noticed" not in export.to_markdown(pack)


def test_dates_that_do_not_fit_give_no_calendar_but_keep_the_notes(store, content):
    store.save("planner", "interview_date", "2026-11-20")
    store.save("planner", "decision_date", "2026-11-01")  # before the interview
    store.save("planner", "thank_you:1", {"name": "Sam", "note": "Thanks!"})
    pack = export.gather(store, content=content)
    assert pack.calendar is None and pack.reminders == ()
    assert [e.text for e in pack.thank_you_notes] == ["Thanks!"]


def test_write_prep_pack_writes_both_formats_and_the_calendar(store, content, tmp_path):
    fill(store, content)
    written = export.write_prep_pack(store, tmp_path / "pack", content=content)
    assert [p.name for p in written] == ["second-interview-prep-pack.md", "second-interview-prep-pack.html",
                                         "follow-up-dates.ics"]
    ics = written[2].read_bytes()
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\nEND:VCALENDAR" in ics
    one = export.write_prep_pack(store, tmp_path / "mine.md", "md", content=content)
    assert [p.name for p in one] == ["mine.md", "follow-up-dates.ics"]
    with pytest.raises(ValueError, match="'pdf'"):
        export.write_prep_pack(store, tmp_path / "x", ("pdf",), content=content)


# --- the results file -----------------------------------------------------------------------------
def test_results_hold_scores_and_signals_but_no_texts(store, content):
    facts = fill(store, content)
    results = export.build_results(store, content=content)
    assert check_results(json.loads(json.dumps(results))) == results
    dumped = json.dumps(results, ensure_ascii=False)
    for text in ("rail simple", "route story", "pickers", "training look like", "tour", "Acme"):
        assert text not in dumped
    assert results["pseudonym"] == "Night Owl" and results["learner"] == store.learner_id
    assert results["includes_texts"] is False and "texts" not in results
    quiz = results["quizzes"][facts["quiz"].id]
    assert quiz["questions"] == {facts["right"].id: 1.0, facts["wrong"].id: 0.0}
    stories = {s["id"]: s for s in results["star"]}
    assert set(stories["deadline"]["parts_present"]) >= {"action", "result"}
    assert stories["deadline"]["quantified_result"] is True and stories["plain"]["hypothetical"] is True
    assert "tips" not in stories["deadline"]
    # four exercises in 03: two worksheets, the video-call checklist and the task planner
    assert results["notebooks"]["03_prepare.ipynb"] == {"done": 2, "of": 4 + len(content.quizzes["03-prepare"].questions)}


def test_results_include_texts_only_when_asked(store, content):
    fill(store, content)
    results = export.build_results(store, include_texts=True, content=content)
    assert results["includes_texts"] is True
    assert results["texts"]["worksheets"]["company_research"]["mission"] == f"Make rail simple {SCRIPT}"
    assert results["texts"]["star"]["deadline"]["text"] == STRONG_STORY
    check_results(results)


def test_write_results_names_the_file_after_the_pseudonym(store, content, tmp_path):
    store.set_pseudonym("Night Owl 7!")
    path = export.write_results(store, tmp_path / "handed-in", content=content)
    assert path.name.startswith("results-night-owl-7-") and path.suffix == ".json"
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == export.RESULTS_FORMAT
    # saving again replaces the learner's own file
    assert export.write_results(store, tmp_path / "handed-in", content=content) == path


def test_two_learners_with_the_same_pseudonym_do_not_overwrite_each_other(content, tmp_path):
    folder = tmp_path / "handed-in"
    written = []
    for name in ("a", "b"):
        learner = Store(tmp_path / f"{name}.sqlite3")
        learner.set_pseudonym("Night Owl")
        written.append(export.write_results(learner, folder, content=content))
        learner.close()
    assert written[0] != written[1] and len(list(folder.iterdir())) == 2


# --- the command line --------------------------------------------------------------------------
def test_cli_export_writes_the_pack(store, content, tmp_path, capsys):
    fill(store, content)
    for fmt in ("md", "html"):
        assert main(["export", "--format", fmt, "--out", str(tmp_path / f"pack.{fmt}"), "--store", str(store.path)]) == 0
        assert (tmp_path / f"pack.{fmt}").read_text(encoding="utf-8").count("Night Owl") >= 1
    assert "Written:" in capsys.readouterr().out
    assert (tmp_path / "follow-up-dates.ics").exists()


def test_cli_export_refuses_an_unknown_format_plainly(store, tmp_path, capsys):
    assert main(["export", "--format", "pdf", "--out", str(tmp_path / "p"), "--store", str(store.path)]) == 1
    assert capsys.readouterr().err.strip() == "--format must be md or html, not 'pdf'."
    assert not (tmp_path / "p").exists()


def test_cli_says_plainly_when_it_cannot_write(store, tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert main(["export", "--format", "md", "--out", str(blocker / "pack.md"), "--store", str(store.path)]) == 1
    assert main(["results", "--out", str(blocker / "r.json"), "--store", str(store.path)]) == 1
    err = capsys.readouterr().err
    assert "The prep pack was not written" in err and "The results file was not written" in err
    assert "Traceback" not in err


def test_cli_results_with_and_without_texts(store, content, tmp_path, capsys):
    fill(store, content)
    assert main(["results", "--out", str(tmp_path / "r.json"), "--store", str(store.path)]) == 0
    assert main(["results", "--out", str(tmp_path / "t.json"), "--include-texts", "--store", str(store.path)]) == 0
    assert "texts" not in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert "texts" in json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    out = capsys.readouterr().out
    assert "no texts" in out and "with your texts" in out


def test_stories_are_read_in_every_saved_shape(store):
    store.save("star", "typed", "I fixed the build.")
    store.save("star", "titled", {"title": "A failure", "answer": "I missed a deadline."})
    store.save("star", "guided", {"question": "A conflict", "situation": "Two leads disagreed.", "task": "",
                                  "action": "I met each of them.", "result": "We agreed a plan in a day."})
    store.save("star", "empty", {"question": "Not written yet", "text": "  "})
    store.save("star", "odd", 42)
    found = {s.id: (s.question, s.text) for s in export.stories(store)}
    assert found == {
        "typed": ("", "I fixed the build."),
        "titled": ("A failure", "I missed a deadline."),
        "guided": ("A conflict", "Two leads disagreed.\n\nI met each of them.\n\nWe agreed a plan in a day."),
    }


# --- the pack's structure holds against any learner text ------------------------------------------
PARSE = mistune.create_markdown(renderer=None, plugins=["table", "strikethrough"])
PIECES = ["```", "~~~", "# ", "- ", "1. ", "[a](b)", "![i](u)", "<b>", "<!--", "\n", "\n\n", "    ", "|", "*", "_",
          "\x00", "\x1b", "\r", "&lt;", "\\", "===", "---", "> ", "`", "<http://x.y>", "[x]: /u", "\x0c"]
texts = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(PIECES)), max_size=20).map("".join)
SIGNALS = {"parts_present": ["situation", "action"], "ownership": 0.5, "quantified_result": False,
           "hypothetical": True, "speaking_minutes": 1.0, "score": 40}


def pack_of(text: str) -> export.PrepPack:
    """A pack with ``text`` wherever a learner's words (or words quoting them) can appear."""
    entries = (Entry(text, text), Entry("Mission", text))
    return export.PrepPack(
        pseudonym=text, made="1 December 2026", second_round_plan=entries, company_research=entries,
        first_interview=entries,
        stories=(export.Story("story-1", text, text, {**SIGNALS, "tips": [text, "Add a number."]}),
                 export.Story("story-2", "", text, None)),
        questions=((text, (text, "What does a typical day look like?")), ("HR or recruiter", (text,))),
        thank_you_notes=(Entry(text, text),),
        reminders=(export.Reminder("Send thank-you notes", text, text),), calendar="BEGIN:VCALENDAR",
        quizzes=(export.QuizLine(text, 1, 2, 50.0, False, (text,)),), notes=("A note of the course's own.",))


def skeleton(tokens, counts=None) -> tuple[list, dict]:
    """The document's structure: headings (level), lists (kind, items), tables (rows), and how many
    of each kind of markup it holds. Paragraphs are left out: they are where learner text goes."""
    shape, counts = [], {} if counts is None else counts
    for token in tokens:
        kind = token["type"]
        counts[kind] = counts.get(kind, 0) + 1
        if kind == "heading":
            shape.append(("heading", token["attrs"]["level"]))
        elif kind == "list":
            shape.append(("list", token["attrs"]["ordered"], len(token["children"])))
        elif kind in ("table", "block_code", "block_html", "block_quote", "thematic_break"):
            shape.append((kind, len(token.get("children", ()))))
        skeleton(token.get("children", ()) if kind != "list" else
                 [t for item in token["children"] for t in item.get("children", ())], counts)
    return shape, {k: v for k, v in counts.items() if k not in ("text", "paragraph", "blank_line", "linebreak",
                                                                "softbreak", "block_text")}


PLAIN = skeleton(PARSE(export.to_markdown(pack_of("plain words"))))


@settings(max_examples=150, deadline=None)
@given(texts)
def test_learner_text_cannot_change_the_markdown_packs_structure(text):
    md = export.to_markdown(pack_of(text))  # no exception escapes
    assert skeleton(PARSE(md)) == PLAIN
    assert not any(c in md for c in "\x00\x1b\x0c\r")


def test_the_plain_pack_has_the_structure_the_test_expects():
    shape, counts = PLAIN
    assert [s for s in shape if s[0] == "heading"][:3] == [("heading", 1), ("heading", 2), ("heading", 3)]
    assert ("table", 2) in shape and counts.get("codespan") == 1 and "link" not in counts and "image" not in counts


def test_control_characters_leave_neither_export(store, content):
    store.save("worksheet:company_research", "mission", "Rail\x00 made\x1b[31m simple\x0c")
    store.save("star", "story-1", {"mode": "free", "text": "I fixed\x00 it.", "question": "Q\x07"})
    pack = export.gather(store, content=content)
    for page in (export.to_markdown(pack), export.to_html(pack)):
        assert not any(c in page for c in "\x00\x1b\x0c\x07")
        assert "Rail made[31m simple" in page.replace("\\[", "[")


def test_both_formats_show_the_same_sections_in_the_same_order(store, content):
    fill(store, content)
    pack = export.gather(store, content=content)
    titles = [s.title for s in export.sections(pack) if s.title]
    md, page = export.to_markdown(pack), export.to_html(pack)
    assert [line[3:] for line in md.splitlines() if line.startswith("## ")] == titles
    assert re.findall(r"<h2>(.*?)</h2>", page) == titles


def test_the_prep_pack_and_results_file_are_private_whatever_the_umask(tmp_path, monkeypatch):
    """Exports are personal data: a loose umask (0o000) still gives folders 0700 and files 0600."""
    import os
    import stat

    from course_lib.export import write_prep_pack, write_results
    from course_lib.progress import Store

    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(tmp_path / "store"))
    store = Store(tmp_path / "store" / "progress.sqlite3")
    old = os.umask(0)
    try:
        written = write_prep_pack(store, tmp_path / "out" / "pack")
        written.append(write_results(store, tmp_path / "out" / "results"))
    finally:
        os.umask(old)
        store.close()
    assert stat.S_IMODE((tmp_path / "out" / "pack").stat().st_mode) == 0o700
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_the_video_call_checklist_is_in_the_pack_done_and_to_do_in_words(store, content):
    from course_lib.worksheets import SavedWorksheets, get_worksheet

    sheet = get_worksheet("video_call_check", content)
    SavedWorksheets(store).tick("video_call_check", "test_call", True)
    SavedWorksheets(store).tick("video_call_check", "drop_plan", False)
    pack = export.gather(store, content=content)
    assert pack.video_call_check.done == 1
    md, page = export.to_markdown(pack), export.to_html(pack)
    assert "## Before a video interview" in md and f"1 of {len(sheet.fields)} done." in md
    assert "- ✓ Done: Test call made" in md and "- ✗ To do: Plan if the call drops" in md
    assert '<span class="good">✓</span> Done: Test call made' in page
    assert md.index("## Your first interview") < md.index("## Before a video interview") < md.index("## Your take-home task")


def test_an_unused_checklist_says_where_to_find_it(store, content):
    md = export.to_markdown(export.gather(store, content=content))
    assert "## Before a video interview\n\nNothing saved yet: notebook 03 (the video-call checklist)" in md
    assert "## Your take-home task\n\nNothing saved yet: notebook 03 (the task planner)" in md


def test_the_task_plan_is_in_the_pack_with_its_labels_and_escaped(store, content):
    store.save("worksheet:task_plan", "leave_out", f"No cost model {SCRIPT}")
    store.save("worksheet:task_plan", "hours", "Four hours")
    pack = export.gather(store, content=content)
    assert [e.label for e in pack.task_plan] == ["The hours you will give it", "What you will leave out"]
    page = export.to_html(pack)
    assert "<script>alert" not in page and "No cost model &lt;script&gt;" in page


def test_a_copy_of_the_course_without_the_checklist_still_makes_a_pack(store, content):
    store.save("worksheet:video_call_check", "test_call", True)
    from dataclasses import replace

    trimmed = replace(content, worksheets=None)
    pack = export.gather(store, content=trimmed)
    assert pack.video_call_check is None
    assert "Nothing saved yet: notebook 03 (the video-call checklist)" in export.to_markdown(pack)


# --- the learner's numbers for an offer: in their own pack, never in the results file -------------
OFFER_FIGURES = {"range_found": "£30,000 to £35,000, from three Leeds adverts", "walk_away": "£29,517",
                 "ask": "£34,250 because of my route planning", "your_words": f"Is there room to move? {SCRIPT}"}


def save_offer_plan(store: Store) -> None:
    for field, text in OFFER_FIGURES.items():
        store.save("worksheet:offer_plan", field, text)


def test_the_offer_numbers_are_in_the_learners_own_pack_and_marked_private(store, content):
    save_offer_plan(store)
    pack = export.gather(store, content=content)
    assert [e.label for e in pack.offer_plan] == ["The range you found, and where", "Your walk-away number",
                                                  "Your ask", "Your words for the call"]
    md, page = export.to_markdown(pack), export.to_html(pack)
    for text in ("£29,517", "£34,250 because of my route planning"):
        assert text in md and text in page
    assert "## Your numbers for an offer\n\n_Private: these figures are in your own pack only" in md
    assert "<script>alert" not in page and "Is there room to move? &lt;script&gt;" in page


def test_an_unused_offer_worksheet_says_where_to_find_it(store, content):
    md = export.to_markdown(export.gather(store, content=content))
    assert "## Your numbers for an offer\n\nNothing saved yet: notebook 06 (your numbers for an offer)" in md


def test_the_offer_numbers_stay_out_even_if_the_worksheet_lost_its_private_mark(store, content):
    from dataclasses import replace

    save_offer_plan(store)
    sheets = [s.model_copy(update={"private": False}) for s in content.worksheets.worksheets]
    unmarked = replace(content, worksheets=content.worksheets.model_copy(update={"worksheets": sheets}))
    assert not any(s.private for s in unmarked.worksheets.worksheets)
    dumped = json.dumps(export.build_results(store, include_texts=True, content=unmarked), ensure_ascii=False)
    assert "offer_plan" not in dumped and "29,517" not in dumped


def test_a_worksheet_marked_private_stays_out_of_the_results_file(store, content):
    from dataclasses import replace

    store.save("worksheet:company_research", "mission", "Make rail simple")
    sheets = [s.model_copy(update={"private": s.id == "company_research"}) for s in content.worksheets.worksheets]
    marked = replace(content, worksheets=content.worksheets.model_copy(update={"worksheets": sheets}))
    results = export.build_results(store, include_texts=True, content=marked)
    assert "company_research" not in results["texts"]["worksheets"]
    assert [e.text for e in export.gather(store, content=marked).company_research] == ["Make rail simple"]


# --- private worksheets: the learner's pack only ------------------------------------------------------
HEALTH = "Ten extra minutes for the written task: I am dyslexic"
FAMILY = "I will say I can work the Thursday late shift"


def fill_private(store: Store) -> None:
    store.save("worksheet:adjustments_request", "need", HEALTH)
    store.save("worksheet:adjustments_request", "words", f"Could I have a printed copy? {SCRIPT}")
    store.save("worksheet:unasked_questions", "children", FAMILY)


def test_the_pay_adjustments_and_unasked_questions_worksheets_are_private(content):
    private = {"offer_plan", "adjustments_request", "unasked_questions"}
    assert ALWAYS_PRIVATE == private == {w.id for w in content.worksheets.worksheets if w.private}
    assert private_ids(content) == private
    assert ALWAYS_PRIVATE <= {w.id for w in content.worksheets.worksheets}  # a renamed worksheet would leak
    counted = {a for activities in export.ACTIVITIES.values() for a in activities}
    assert not counted & ALWAYS_PRIVATE


def test_private_worksheets_are_in_the_learners_prep_pack(store, content):
    fill_private(store)
    pack = export.gather(store, content=content)
    assert [e.label for e in pack.adjustments] == ["What would help", "Your request, in your words"]
    assert [e.text for e in pack.unasked_questions] == [FAMILY]
    md, page = export.to_markdown(pack), export.to_html(pack)
    assert "## Adjustments to ask for" in md and HEALTH in md and FAMILY in md
    assert "## Questions they should not ask" in md
    assert HEALTH in page and "<script>alert" not in page and "printed copy? &lt;script&gt;" in page


def test_an_empty_private_worksheet_says_where_to_find_it(store, content):
    md = export.to_markdown(export.gather(store, content=content))
    assert "## Adjustments to ask for\n\nNothing saved yet: notebook 05 (the adjustments request)" in md


@pytest.mark.parametrize("include_texts", [False, True])
def test_private_worksheets_never_go_into_the_results_file(store, content, tmp_path, include_texts):
    """The pay figures (06), and the adjustments and unasked questions (05): not their texts, not
    their ids, not even whether they were used, in the results built or written."""
    fill(store, content)
    before = export.build_results(store, include_texts=include_texts, content=content)
    fill_private(store)
    save_offer_plan(store)
    results = export.build_results(store, include_texts=include_texts, content=content)
    written = export.write_results(store, tmp_path / "handed-in", include_texts=include_texts, content=content)
    for dumped in (json.dumps(results, ensure_ascii=False), written.read_text(encoding="utf-8")):
        for text in (HEALTH, "dyslexic", FAMILY, "printed copy", "adjustments_request", "unasked_questions",
                     "offer_plan", "29,517", "29517", "34,250", "Leeds adverts", "room to move"):
            assert text not in dumped
    assert results["notebooks"] == before["notebooks"]  # progress counts as before
    if include_texts:  # the other worksheets' texts still go in
        assert results["texts"]["worksheets"]["company_research"]["mission"] == f"Make rail simple {SCRIPT}"


def test_the_cli_results_file_leaves_private_worksheets_out(store, content, tmp_path, capsys):
    fill(store, content)
    fill_private(store)
    assert main(["results", "--out", str(tmp_path / "t.json"), "--include-texts", "--store", str(store.path)]) == 0
    written = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert "company_research" in written["texts"]["worksheets"]
    assert "dyslexic" not in json.dumps(written, ensure_ascii=False)


def test_a_guided_storys_signals_are_the_reading_the_learner_saw(store, content):
    from course_lib.stories import GUIDED, Answer, StoryBank, joined

    boxes = {"situation": "Retail is always busy.", "action": "I opened a second till.",
             "result": "The queue was gone in ten minutes."}
    StoryBank(store).keep(Answer(joined(boxes), GUIDED, boxes), None, None, question="Under pressure")
    story = export.stories(store)[0]
    assert export.coach_signals(story.text)["parts_present"] == ["action", "result"]  # the coach alone
    results = export.build_results(store, content=content)
    assert results["star"][0]["parts_present"] == ["situation", "action", "result"]  # the box's part counts
    assert export.gather(store, content=content).stories[0].signals["parts_present"][0] == "situation"
