"""The STAR coach's views, driven from Python as a learner would: typing updates the marks and the
tips, hostile text stays text, nothing written is lost, stories come back after a restart, and
mock practice counts down and then reads the answer."""

from __future__ import annotations

import random
import re
import time

import pytest

import course_lib
from course_lib import star_widget, testing
from course_lib.star_widget import MockPractice
from course_lib.stories import DRAFTS, SECTION
from test_stories import SCENE_AS_STEPS  # a scene the coach reads as a step

STORY = ("Last spring our payment service failed for one in twenty customers every evening. "
         "As the on-call engineer, it was my job to find the cause. "
         "I pulled the logs and found that a backup job was locking a table. "
         "I moved the backup to 3 a.m. and added an alert. "
         "Failed payments dropped to zero the next evening.")
HOSTILE = "Last year I saw <img src=x onerror=alert(1)> and <script>document.title='owned'</script> in a form."


@pytest.fixture
def questions():
    return star_widget._questions()


def mock(store, questions, **kwargs):
    return MockPractice(store, questions, ticker=None, rng=random.Random(4), **kwargs)


# --- the coach -------------------------------------------------------------------------------
def test_the_coach_has_a_stable_repr_css_classes_and_starts_empty(store):
    coach = course_lib.star_coach(store=store)
    assert repr(coach) == "STAR coach"
    assert {"course-widget", "course-star-coach"} <= set(coach._dom_classes)
    assert "course-star-input" in coach.editor.free._dom_classes
    assert "course-star-feedback" in coach.editor.feedback._dom_classes
    assert testing.marked_sentences(coach) == [] and "No answer to read yet" in testing.star_feedback_html(coach)
    testing.type_answer(coach, STORY)
    assert repr(coach) == "STAR coach"  # never the learner's data


def test_typing_marks_each_sentence_and_updates_the_tips(store):
    coach = course_lib.star_coach("team-goal", store=store)
    testing.type_answer(coach, "We would plan the work. We would share it out.")
    assert [label for label, _ in testing.marked_sentences(coach)] == ["Action", "Action"]
    first_tips = testing.star_tips(coach)
    assert first_tips[0].startswith("Sentences 1 and 2 say what you would do")

    testing.type_answer(coach, STORY)
    marked = testing.marked_sentences(coach)
    assert [label for label, _ in marked] == ["Situation", "Task", "Action", "Action", "Result"]
    assert marked[0][1].startswith("Last spring our payment service")
    assert testing.star_tips(coach) != first_tips
    assert testing.star_checklist(coach)["All four parts"] == "Done"
    html = testing.star_feedback_html(coach)
    assert "Target: 1.5 to 2 minutes" in html and 'class="course-star-time"' in html


def test_feedback_waits_for_a_pause_in_typing_then_follows_on_its_own(store):
    coach = course_lib.star_coach(store=store)
    coach.editor.free.value = STORY  # typed, not flushed: the timer thread brings the reading
    assert coach.editor.debouncer.pending
    deadline = time.monotonic() + 10
    while not testing.marked_sentences(coach) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(testing.marked_sentences(coach)) == 5
    assert store.load(DRAFTS, "coach")["text"] == STORY


def test_hostile_text_is_shown_as_text(store):
    coach = course_lib.star_coach(store=store)
    testing.type_answer(coach, HOSTILE)
    html = testing.star_feedback_html(coach)
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert testing.marked_sentences(coach)[0][1] == HOSTILE


def test_a_hundred_kilobytes_of_text_is_read_quickly_and_kept_whole(store):
    coach = course_lib.star_coach(store=store)
    text = (STORY + "\n\n") * (100_000 // len(STORY) + 1)
    started = time.perf_counter()
    testing.type_answer(coach, text)
    took = time.perf_counter() - started
    html = testing.star_feedback_html(coach)
    assert took < 20, f"{took:.1f} s"  # generous: a busy machine, not a speed test (see benchmarks/)
    assert "more characters not shown" in html and len(html) < 300_000
    assert store.load(DRAFTS, "coach")["text"] == text  # the stored text is never cut


def test_guided_boxes_and_the_switch_keep_every_word(store):
    coach = course_lib.star_coach(store=store)
    testing.type_answer(coach, STORY)
    testing.switch_mode(coach, "guided")
    boxes = {part: box.value for part, box in coach.editor.boxes.items()}
    assert boxes["situation"].startswith("Last spring") and boxes["result"].startswith("Failed payments")
    assert "backup job" in boxes["action"]
    testing.type_parts(coach, {"task": "I wanted to look good.", "result": "It went well, I think."})
    status = testing.star_status(coach)
    assert status.startswith("Draft saved")
    saved = store.load(DRAFTS, "coach")
    assert saved["mode"] == "guided" and saved["parts"]["task"] == "I wanted to look good."
    testing.switch_mode(coach, "free")
    assert coach.editor.free.value.startswith("Last spring") and "I wanted to look good." in coach.editor.free.value


def test_guided_mode_says_where_the_coach_reads_a_box_differently(store):
    coach = course_lib.star_coach(store=store)
    testing.switch_mode(coach, "guided")
    testing.type_parts(coach, {"situation": "Last year our team was behind schedule.",
                               "action": "I was asked to lead the recovery plan.",
                               "result": "We finished two weeks early."})
    html = testing.star_feedback_html(coach)
    assert "in your Action box, reads as Task" in html


def test_guided_mode_never_calls_a_part_in_its_box_not_found(store):
    coach = course_lib.star_coach(store=store)
    testing.switch_mode(coach, "guided")
    testing.type_parts(coach, SCENE_AS_STEPS)
    html = testing.star_feedback_html(coach)
    assert "Not sure: sentence 1 reads as Situation or Action" in html and "Not found: Situation" not in html
    assert "in your Situation box, reads as Action" in html
    assert "course-star-boxes-offer" not in html
    testing.switch_mode(coach, "free")  # the same words as free text: the coach alone decides
    html = testing.star_feedback_html(coach)
    assert "Not found: Situation" in html and "Switch to <strong>Guided: S, T, A, R</strong>" in html


def test_the_guided_boxes_are_offered_only_when_a_part_is_not_found(store):
    coach = course_lib.star_coach(store=store)
    testing.type_answer(coach, STORY)  # all four parts found
    assert "course-star-boxes-offer" not in testing.star_feedback_html(coach)


def test_an_unknown_question_is_a_clear_error(store):
    with pytest.raises(KeyError, match="no behavioural or situational question 'nope'.*team-goal"):
        course_lib.star_coach("nope", store=store)


def test_a_situational_question_softens_the_would_tip(store):
    coach = course_lib.star_coach("first-30-60-90", store=store)
    testing.type_answer(coach, "I would meet every member of the team. I would then agree a plan with my manager.")
    assert "fits this question" in testing.star_tips(coach)[0]


# --- saving and restoring --------------------------------------------------------------------
def test_nothing_typed_is_lost_without_pressing_anything(store):
    coach = course_lib.star_coach("time-you-failed", store=store)
    testing.type_answer(coach, STORY)
    assert testing.star_status(coach).startswith("Draft saved · not yet in your story bank")
    again = course_lib.star_coach(store=store)  # a restarted kernel runs the cell again
    assert again.editor.free.value == STORY
    assert again.question.value == "time-you-failed"
    assert testing.star_status(again).startswith("Restored from your last visit")
    assert len(testing.marked_sentences(again)) == 5


def test_save_to_my_story_bank_then_restore_the_bank_after_a_restart(store):
    coach = course_lib.star_coach("team-goal", store=store)
    testing.type_answer(coach, STORY)
    testing.press(coach, "Save to my story bank")
    assert testing.star_message(coach) == "✓ Saved to your story bank as story 1."
    saved = store.load(SECTION, "story-1")
    assert saved["text"] == STORY and saved["question_id"] == "team-goal" and saved["question"].startswith("Tell me")

    testing.type_answer(coach, STORY + " I learned to check scheduled jobs first.")
    assert "press Save to update" in testing.star_status(coach)
    testing.press(coach, "Save to my story bank")
    assert testing.star_message(coach) == "✓ Story 1 in your story bank is updated."
    assert len(store.items(SECTION)) == 1 and store.history(SECTION, "story-1")[0]["text"] == STORY

    bank = course_lib.story_bank(store=store)  # a new widget on the same store, as after a restart
    assert repr(bank) == "Your story bank"
    assert [label for label, _ in bank.choice.options][0].startswith("1. Tell me about a time you worked")
    assert len(testing.marked_sentences(bank)) == 6


@pytest.mark.parametrize("restarted", [False, True], ids=["same-session", "after-a-restart"])
def test_stories_are_editable_in_the_bank_and_never_overwritten_by_the_coach(store, restarted):
    coach = course_lib.star_coach(store=store)
    testing.type_answer(coach, STORY)
    testing.press(coach, "Save to my story bank")
    bank = course_lib.story_bank(store=store)
    testing.choose_story(bank, 1)
    testing.type_answer(bank, STORY + " Since then I check every schedule.")
    assert testing.star_status(bank).startswith("Saved in your story bank")
    assert store.load(SECTION, "story-1")["text"].endswith("every schedule.")

    if restarted:  # a new coach on the same store: it still knows the text it filed
        coach = course_lib.star_coach(store=store)
        assert coach.editor.free.value == STORY
    testing.type_answer(coach, STORY + " A different ending.")
    testing.press(coach, "Save to my story bank")  # the bank's edit is not overwritten: a new story
    assert testing.star_message(coach) == "✓ Saved to your story bank as story 2."
    assert store.load(SECTION, "story-1")["text"].endswith("every schedule.")
    assert len(bank.choice.options) == 2  # the bank on show lists it at once


def test_after_a_restart_the_coach_still_updates_its_own_story(store):
    coach = course_lib.star_coach(store=store)
    testing.type_answer(coach, STORY)
    testing.press(coach, "Save to my story bank")

    again = course_lib.star_coach(store=store)
    testing.type_answer(again, STORY + " I learned to check scheduled jobs first.")
    assert "press Save to update" in testing.star_status(again)
    testing.press(again, "Save to my story bank")
    assert testing.star_message(again) == "✓ Story 1 in your story bank is updated."
    assert len(store.items(SECTION)) == 1


def test_new_story_files_the_current_answer_first(store):
    coach = course_lib.star_coach(store=store)
    testing.type_answer(coach, STORY)
    testing.press(coach, "New story")
    assert testing.star_message(coach).startswith("Saved to your story bank as story 1.")
    assert coach.editor.free.value == "" and store.load(SECTION, "story-1")["text"] == STORY
    testing.press(coach, "Save to my story bank")
    assert testing.star_message(coach) == "Write your answer first: there is nothing to save yet."


def test_the_bank_says_when_it_is_empty(store):
    bank = course_lib.story_bank(store=store)
    assert "No stories yet" in testing.html_text(bank.summary.value)
    with pytest.raises(LookupError):
        testing.choose_story(bank, 1)


def test_a_failing_store_says_the_text_was_not_saved_and_keeps_it(broken_store):
    coach = star_widget.StarCoach(broken_store, star_widget._questions())
    testing.type_answer(coach, STORY)
    assert testing.star_status(coach).startswith("Not saved (disk full)")
    assert coach.editor.free.value == STORY and len(testing.marked_sentences(coach)) == 5


# --- timed mock practice ---------------------------------------------------------------------
def test_mock_practice_counts_down_then_reads_the_answer(store, questions):
    view = mock(store, questions)
    assert repr(view) == "Timed mock practice (2 minutes)"
    assert view.answer.disabled  # nothing to type into before Start
    testing.press(view, "Start")
    assert view.current is not None and testing.html_text(view.countdown.value) == "2:00 left"
    testing.type_answer(view, STORY)
    view.started_at -= 30
    view.tick()
    assert testing.html_text(view.countdown.value) == "1:30 left" and view.bar.value == pytest.approx(30, abs=1)
    testing.run_out_the_clock(view)
    assert view.finished and view.answer.disabled
    assert testing.html_text(view.countdown.value) == "Time is up."
    assert len(testing.marked_sentences(view)) == 5
    testing.press(view, "Save to my story bank")
    assert testing.star_message(view) == "✓ Saved to your story bank as story 1."
    assert store.load(SECTION, "story-1")["question_id"] == view.current.id


def test_keys_that_reach_the_kernel_after_the_clock_stopped_still_count(store, questions):
    view = mock(store, questions)
    testing.press(view, "Start")
    testing.type_answer(view, "I would call the cust")
    testing.press(view, "I'm done")
    view.answer.value = "I would call the customer."  # the browser's last batch of keys, arriving late
    view.debouncer.flush()
    assert testing.marked_sentences(view) == [("Action", "I would call the customer.")]
    testing.press(view, "Save to my story bank")
    view.answer.value = "I would call the customer. Then I would listen."
    view.debouncer.flush()
    assert store.load(SECTION, "story-1")["text"].endswith("Then I would listen.")


def test_mock_practice_picks_by_kind_and_format(store, questions):
    view = mock(store, questions)
    view.kind.value, view.format.value = "situational", "presentation"
    for _ in range(10):
        testing.press(view, "Another question" if view.current else "Start")
        assert view.current.category == "situational"
        assert "presentation" in view.current.formats or "any" in view.current.formats
    only_work_samples = mock(store, [q for q in questions if "any" not in q.formats])
    only_work_samples.kind.value = "logistics"
    testing.press(only_work_samples, "Start")
    assert "No question of that kind" in testing.star_message(only_work_samples)
    assert only_work_samples.current is None


def test_an_unsaved_practice_answer_is_filed_before_the_next_question(store, questions):
    view = mock(store, questions)
    testing.press(view, "Start")
    testing.type_answer(view, STORY)
    testing.press(view, "I'm done")
    testing.press(view, "Another question")
    assert store.load(SECTION, "story-1")["text"] == STORY and view.answer.value == ""


def test_a_practice_answer_comes_back_after_a_restart(store, questions):
    view = mock(store, questions)
    testing.press(view, "Start")
    testing.type_answer(view, STORY)  # the kernel dies here, mid-countdown
    again = mock(store, questions)
    assert again.answer.value == STORY and again.finished
    assert len(testing.marked_sentences(again)) == 5
    testing.press(again, "Save to my story bank")
    assert mock(store, questions).current is None  # filed: nothing left to restore


def test_a_fit_question_says_the_star_parts_matter_less(store, questions):
    view = mock(store, questions)
    view.kind.value = "fit"
    testing.press(view, "Start")
    testing.type_answer(view, "I have followed your work on rural broadband for years.")
    testing.press(view, "I'm done")
    assert "not a request for a story" in testing.star_feedback_html(view)


def test_mock_practice_refuses_a_silly_length(store, questions):
    with pytest.raises(ValueError, match="seconds must be a whole number from 10 to 1800"):
        MockPractice(store, questions, seconds=0)
    assert repr(course_lib.mock_practice(store=store, seconds=90)) == "Timed mock practice (90 seconds)"


def test_the_real_countdown_ticks_on_its_own(store, questions):
    view = MockPractice(store, questions, seconds=10)
    testing.press(view, "Start")
    deadline = time.monotonic() + 10
    while testing.html_text(view.countdown.value) == "0:10 left" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert re.fullmatch(r"0:0\d left", testing.html_text(view.countdown.value))
    testing.press(view, "I'm done")
    assert view.finished


# --- examples --------------------------------------------------------------------------------
def test_every_example_shows_next_to_the_coachs_reading():
    viewer = course_lib.star_examples()
    assert repr(viewer) == "STAR examples (13 annotated answers)"
    qualities = set()
    for value in [v for _, v in viewer.choice.options]:
        viewer.choice.value = value
        html = viewer.view.value
        example = viewer.examples[value]
        qualities.add(example.quality)
        assert "What a careful reader notices" in html and "How the coach reads it" in html
        assert html.count("<li>") >= len(example.notes)
        assert 'class="course-star-sentence ' in html
        # The answer reads as paragraphs: the file's line breaks (made to fit an editor) are gone.
        answer = re.search(r"<blockquote>(.*?)</blockquote>", html, re.S).group(1)
        assert "<br>" not in answer and answer.count("<p>") == len(re.split(r"\n\s*\n", example.answer.strip()))
        reading = re.search(r'<div class="course-star-answer">(.*?)</div>', html, re.S).group(1)
        assert "<br>" not in reading.replace("<br><br>", "")  # a break between paragraphs only
    assert qualities == {"strong", "weak"}
