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
    box_spans,
    joined,
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


# The scene told as the speaker's first steps: the coach reads it as an action.
SCENE_AS_STEPS = {"situation": "I walked into the kitchen at seven and saw water all over the floor.",
                  "action": "I turned off the stopcock and rang the plumber.",
                  "result": "We opened on time and lost only an hour of prep."}


def test_the_boxes_are_found_where_the_join_puts_them():
    text = joined(SCENE_AS_STEPS)
    spans = box_spans(text, SCENE_AS_STEPS)
    assert [(text[a:b], part) for a, b, part in spans] == [(v, p) for p, v in SCENE_AS_STEPS.items()]
    assert Answer(text, GUIDED, SCENE_AS_STEPS).declared == spans
    assert Answer(text).declared == ()  # free text declares nothing
    assert box_spans("", {"task": "   ", "action": 3}) == ()


def test_a_part_in_its_box_is_never_called_not_found():
    answer = Answer(joined(SCENE_AS_STEPS), GUIDED, SCENE_AS_STEPS)
    free = star.analyze(answer.text)
    assert "situation" not in free.parts_present | free.parts_unsure  # the coach alone: not found
    report = star.analyze(answer.text, declared=answer.declared)
    first = report.sentences[0]
    assert (first.part, first.alternative, first.tag) == ("action", "situation", "S or A?")  # its reading stays
    assert report.parts_unsure == {"situation"} and report.parts_present == free.parts_present
    check = report.checklist()["All four parts"].detail
    assert "Not sure: sentence 1 reads as Situation or Action" in check and "Not found: Situation" not in check
    assert "Not found: Task" in check  # an empty box declares nothing


def test_a_box_changes_nothing_the_coach_reads_elsewhere_or_already_agrees_with():
    boxes = dict(SCENE_AS_STEPS, situation="Last winter a pipe burst in our kitchen.",
                 task="I turned off the stopcock and rang the plumber.", action="")
    answer = Answer(joined(boxes), GUIDED, boxes)
    report = star.analyze(answer.text, declared=answer.declared)
    assert [s.part for s in report.sentences] == [s.part for s in star.analyze(answer.text).sentences]
    assert report.sentences[0].alternative is None  # the scene, read as the scene: no doubt added
    # the task box holds a step: the coach says so, and "action" is found, so the box adds a doubt, not a part
    assert report.sentences[1].part == "action" and report.parts_unsure == {"task"}


def test_a_sentence_the_coach_places_nowhere_takes_its_box():
    boxes = {"situation": "Retail is always busy.", "action": "I rang the plumber.", "result": "We opened on time."}
    text = joined(boxes)
    assert star.analyze(text).sentences[0].part is None
    report = star.analyze(text, declared=box_spans(text, boxes) + ((0, 5, "nonsense"),))
    assert report.sentences[0].part == "situation" and "situation" in report.parts_present
