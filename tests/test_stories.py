"""The story bank's rules, without any widget: the records in every shape an earlier course left,
filing and numbering, the rule that protects a story edited in the bank, the working copies, and
the guided boxes (sorting sentences into them, and saying where the coach reads a box otherwise)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from course_lib import star
from course_lib.stories import (
    DRAFTS,
    GUIDED,
    SECTION,
    Answer,
    CoachDraft,
    MockDraft,
    Story,
    StoryBank,
    mismatches,
    sort_into_parts,
    story_number,
)

STORY = ("Last spring our payment service failed for one in twenty customers every evening. "
         "As the on-call engineer, it was my job to find the cause. "
         "I pulled the logs and found that a backup job was locking a table. "
         "Failed payments dropped to zero the next evening.")
BOXES = {"situation": "Two leads disagreed.", "task": "", "action": "I met each of them.", "result": "We agreed."}


def test_the_logic_imports_no_widgets():
    code = "import sys, course_lib.stories; sys.exit('ipywidgets' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


# --- records in every saved shape ------------------------------------------------------------------
@pytest.mark.parametrize("saved, text, mode, question", [
    ("I fixed the build.", "I fixed the build.", "free", ""),
    ({"title": "A failure", "answer": "I missed a deadline."}, "I missed a deadline.", "free", "A failure"),
    ({"question": "A conflict", **BOXES}, "Two leads disagreed.\n\nI met each of them.\n\nWe agreed.", GUIDED,
     "A conflict"),
    ({"mode": GUIDED, "text": "joined", "parts": BOXES, "question": "Q"}, "joined", GUIDED, "Q"),
    ({"mode": GUIDED, "text": "", "parts": BOXES}, "Two leads disagreed.\n\nI met each of them.\n\nWe agreed.",
     GUIDED, ""),
    ({"mode": GUIDED, "text": "typed", "parts": {"situation": ""}}, "typed", "free", ""),  # empty boxes: free text
    ({"mode": "free", "text": "typed", "parts": BOXES}, "typed", "free", ""),
    (42, "", "free", ""),
    ({"text": ["not", "text"], "question": 7}, "", "free", ""),
])
def test_a_story_is_read_from_every_shape_an_earlier_course_saved(saved, text, mode, question):
    story = Story.from_saved("story-3", saved)
    assert (story.text, story.mode, story.question, story.number) == (text, mode, question, 3)
    assert (story.parts != {}) == (mode == GUIDED)


def test_story_numbers_come_from_the_key():
    assert [story_number(k) for k in ("story-1", "story-12", "deadline", "story-x", "my-story-2")] == [1, 12, 0, 0, 0]


def test_an_answer_saves_its_boxes_only_in_guided_mode():
    assert Answer("t").saved() == {"mode": "free", "text": "t"}
    assert Answer("t", GUIDED, BOXES).saved() == {"mode": GUIDED, "text": "t", "parts": BOXES}


# --- the bank ------------------------------------------------------------------------------------------
def test_stories_are_listed_numbered_first_then_by_key_and_empty_ones_left_out(store):
    store.save(SECTION, "plain", "Older story.")
    store.save(SECTION, "story-10", {"text": "Tenth."})
    store.save(SECTION, "story-2", {"text": "Second."})
    store.save(SECTION, "story-3", {"text": "   "})
    store.save(SECTION, "deadline", {"title": "A deadline", "answer": "I met it."})
    assert [s.key for s in StoryBank(store).stories()] == ["story-2", "story-10", "deadline", "plain"]


def test_filing_takes_the_next_free_number_and_never_another_storys_key(store):
    bank = StoryBank(store)
    assert bank.file(Answer(STORY), question="Q", question_id="q") == "story-1"
    store.save(SECTION, "story-7", {"text": "kept"})
    assert bank.file(Answer("More.")) == "story-8"
    saved = store.load(SECTION, "story-1")
    assert saved["text"] == STORY and saved["question"] == "Q" and saved["updated"]


def test_filing_skips_a_key_another_notebook_claimed_first(store, monkeypatch):
    bank = StoryBank(store)
    real = store.setdefault

    def other_notebook_first(section, key, value):
        if key == "story-1":  # the other notebook claims story-1 between our count and our claim
            real(section, key, {"text": "theirs"})
        return real(section, key, value)

    monkeypatch.setattr(store, "setdefault", other_notebook_first)
    assert bank.file(Answer("mine")) == "story-2"
    assert store.load(SECTION, "story-1")["text"] == "theirs"


def test_update_keeps_what_else_the_record_holds_and_drops_old_boxes(store):
    store.save(SECTION, "story-1", {"mode": GUIDED, "text": "old", "parts": BOXES, "question": "Q", "tag": "kept"})
    StoryBank(store).update("story-1", Answer("new"))
    saved = store.load(SECTION, "story-1")
    assert {k: saved[k] for k in ("mode", "text", "question", "tag")} == {"mode": "free", "text": "new",
                                                                         "question": "Q", "tag": "kept"}
    assert "parts" not in saved and saved["updated"]


def test_the_coach_updates_its_story_only_while_the_bank_holds_what_it_filed(store):
    bank = StoryBank(store)
    key, updated = bank.keep(Answer(STORY), None, None, question="Q")
    assert (key, updated) == ("story-1", False)
    assert bank.keep(Answer(STORY + " More."), key, STORY) == ("story-1", True)
    bank.update(key, Answer("Edited in the bank."))  # the learner's own edit
    assert bank.keep(Answer("The coach's new text."), key, STORY + " More.") == ("story-2", False)
    assert bank.story("story-1").text == "Edited in the bank."


def test_a_story_gone_from_the_bank_is_filed_again_not_updated(store):
    bank = StoryBank(store)
    assert bank.edited_since_filed("story-5", STORY) and bank.edited_since_filed(None, "")
    assert bank.keep(Answer(STORY), "story-5", STORY) == ("story-1", False)


# --- working copies --------------------------------------------------------------------------------------
def test_the_coachs_working_copy_round_trips(store):
    bank = StoryBank(store)
    draft = CoachDraft("text", GUIDED, BOXES, question_id="team-goal", story="story-1", filed_text="text")
    bank.save_coach_draft(draft)
    assert bank.coach_draft() == draft


def test_an_older_coach_draft_takes_the_filed_text_from_the_bank(store):
    store.save(SECTION, "story-1", {"text": "As filed."})
    store.save(DRAFTS, "coach", {"text": "Typed since.", "story": "story-1", "question_id": "q"})
    draft = StoryBank(store).coach_draft()
    assert (draft.text, draft.story, draft.filed_text) == ("Typed since.", "story-1", "As filed.")
    store.save(DRAFTS, "coach", "plain text from long ago")
    assert StoryBank(store).coach_draft() == CoachDraft("plain text from long ago")


@pytest.mark.parametrize("saved, expected", [
    ({"question_id": "q", "text": "t", "filed": True}, MockDraft("q", "t", True)),
    ("only text", MockDraft(None, "only text", False)),
    ({"question_id": 3, "text": None}, MockDraft()),
    (None, MockDraft()),
])
def test_mock_practices_working_copy_is_read_from_any_shape(store, saved, expected):
    store.save(DRAFTS, "mock", saved)
    assert StoryBank(store).mock_draft() == expected


def test_the_job_advert_is_text_whatever_was_saved(store):
    bank = StoryBank(store)
    assert bank.job_advert() == ""
    bank.save_job_advert("Planner wanted")
    assert bank.job_advert() == "Planner wanted"
    store.save(DRAFTS, "job", ["odd"])
    assert bank.job_advert() == ""


# --- the guided boxes -----------------------------------------------------------------------------------
def test_sentences_go_into_the_box_the_coach_reads_them_as():
    report = star.analyze(STORY)
    boxes = sort_into_parts(report)
    assert list(boxes) == list(star.PARTS)
    assert boxes["situation"].startswith("Last spring") and boxes["result"].startswith("Failed payments")
    assert " ".join(boxes.values()).split() == " ".join(s.text for s in report.sentences).split()


def test_a_sentence_the_coach_cannot_place_stays_with_the_one_before():
    report = star.analyze("Good question. " + STORY)
    assert sort_into_parts(report)["situation"].startswith("Good question.")


def test_a_box_read_as_another_part_is_named_with_its_sentence():
    boxes = {"situation": "Last year our team was behind schedule.", "task": "",
             "action": "I was asked to lead the recovery plan.", "result": "We finished two weeks early."}
    report = star.analyze("\n\n".join(b for b in boxes.values() if b))
    found = mismatches(report, boxes)
    assert [(m.box, m.read_as) for m in found] == [("action", "task")]
    assert str(found[0]) == ("Sentence 2, in your Action box, reads as Task: “I was asked to lead the recovery "
                             "plan.”")
    assert mismatches(star.analyze(""), {}) == []
