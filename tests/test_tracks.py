"""Tracks: the order (the track's items first, then the rest, each in its own order), the draw of
mock practice, the learner's choice kept in the store, and the content's tags checked."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

import course_lib
from course_lib import testing, tracks
from course_lib.content import ContentError, load_content, validate
from course_lib.progress import Store

FIXTURES = Path(__file__).parent / "fixtures" / "content"
REAL_DATA = Path(__file__).resolve().parents[1] / "data"


def item(ident, *tags):
    return SimpleNamespace(id=ident, tracks=list(tags))


ITEMS = [item("a"), item("b", "manager"), item("c", "graduate"), item("d", "manager", "graduate"), item("e")]


# --- the order -------------------------------------------------------------------------------
def test_the_tracks_items_come_first_then_the_rest_each_in_its_own_order():
    assert [i.id for i in tracks.ordered(ITEMS, "manager")] == ["b", "d", "a", "c", "e"]
    assert [i.id for i in tracks.ordered(ITEMS, "graduate")] == ["c", "d", "a", "b", "e"]


def test_no_track_or_a_track_with_no_items_keeps_the_original_order():
    for track in (None, tracks.UNSAID, "technical", "not-a-track"):
        assert [i.id for i in tracks.ordered(ITEMS, track)] == ["a", "b", "c", "d", "e"]
    assert tracks.ordered([], "manager") == []


def test_nothing_is_left_out_or_repeated():
    for track in tracks.TRACKS:
        assert sorted(i.id for i in tracks.ordered(ITEMS, track)) == ["a", "b", "c", "d", "e"]


def test_mock_practice_draws_the_tracks_questions_first_then_the_others_then_any():
    rng, asked = random.Random(1), []
    for _ in range(5):
        asked.append(tracks.draw(ITEMS, "manager", asked, rng).id)
    assert set(asked[:2]) == {"b", "d"} and set(asked[2:]) == {"a", "c", "e"}
    assert tracks.draw(ITEMS, "manager", asked, rng).id in "abcde"  # all had: any may come up again
    assert tracks.draw([], "manager", [], rng) is None


def test_without_a_track_mock_practice_draws_as_it_did_before_tracks():
    assert [tracks.draw(ITEMS, None, [], random.Random(4)).id for _ in range(3)] == \
        [random.Random(4).choice(ITEMS).id] * 3


def test_the_note_says_how_many_come_first_and_for_whom():
    assert tracks.first_note(ITEMS, "manager", "questions") == (
        "The first 2 questions are for managers and team leaders, the track you chose in notebook 00; all the "
        "others follow.")
    assert tracks.first_note(ITEMS[:2], "manager", "examples").startswith("The first of the examples is for managers")
    assert tracks.first_note(ITEMS, "technical", "questions") == tracks.first_note(ITEMS, None, "questions") == ""


def test_the_picker_offers_prefer_not_to_say_first_then_every_track():
    assert tracks.choices()[0] == ("Prefer not to say", tracks.UNSAID)
    assert [t for _, t in tracks.choices()[1:]] == list(tracks.TRACKS)
    assert tracks.label("career-changer") == "Career changer" and tracks.label(None) == "Prefer not to say"


# --- the learner's choice ----------------------------------------------------------------------
def test_the_track_is_kept_changed_and_survives_a_restart_and_a_reset(tmp_path):
    path = tmp_path / "progress.sqlite3"
    store = Store(path)
    assert tracks.SavedTrack(store).read() == tracks.UNSAID and tracks.learner_track(store) is None
    tracks.SavedTrack(store).save("technical")
    tracks.SavedTrack(store).save("career-changer")
    store.close()
    again = Store(path)  # a kernel restart opens the store afresh
    assert tracks.learner_track(again) == "career-changer"
    again.reset(confirm=True)  # a reset clears answers, not who the learner is
    assert tracks.learner_track(again) == "career-changer"
    tracks.SavedTrack(again).save(tracks.UNSAID)
    assert tracks.learner_track(again) is None
    with pytest.raises(ValueError, match="unknown track 'astronaut'"):
        tracks.SavedTrack(again).save("astronaut")


def test_an_unreadable_saved_track_counts_as_prefer_not_to_say(store):
    store.save(tracks.SECTION, tracks.KEY, {"not": "a track"})
    assert tracks.SavedTrack(store).read() == tracks.UNSAID
    store.save(tracks.SECTION, tracks.KEY, "retired-track")
    assert tracks.learner_track(store) is None


# --- the content -------------------------------------------------------------------------------
def test_every_track_has_enough_questions_and_star_examples():
    content = load_content(REAL_DATA)
    assert tracks.problems(content) == []
    for track, row in tracks.counts(content).items():
        assert row["questions"] >= 8 and row["STAR examples"] >= 2, track


def test_an_unknown_track_name_is_named_with_file_item_and_field(data_copy):
    shutil.copy(FIXTURES / "tracks_unknown_name.yaml", data_copy / "question_bank.yaml")
    with pytest.raises(ContentError) as caught:
        load_content(data_copy)
    assert caught.value.errors == [
        "data/question_bank.yaml: question 'five-ten-years': 'tracks' names 'graduates', which is not a track of "
        "the course (known: graduate, career-changer, experienced, manager, technical)"]


def test_a_track_named_twice_on_one_item_is_reported(data_copy):
    text = (data_copy / "star_examples.yaml").read_text(encoding="utf-8")
    (data_copy / "star_examples.yaml").write_text(
        text.replace("tracks: [career-changer]", "tracks: [career-changer, career-changer]", 1), encoding="utf-8")
    with pytest.raises(ContentError, match=r"data/star_examples.yaml: example 'career-change-strong': "
                                           r"'tracks': track 'career-changer' used more than once"):
        load_content(data_copy)


def test_a_track_with_too_few_questions_fails_validation(data_copy):
    shutil.copy(FIXTURES / "tracks_too_few.yaml", data_copy / "question_bank.yaml")
    load_content(data_copy)  # the file itself is sound
    ok, text = validate(data_copy)
    assert not ok
    short = [line for line in text.splitlines() if line.startswith("data/question_bank.yaml: track")]
    assert short == [
        f"data/question_bank.yaml: track '{t}' has {n} of the 8 questions it needs tagged for it in 'tracks': "
        f"tag more questions with '{t}', or add some"
        for t, n in (("graduate", 7), ("career-changer", 1), ("experienced", 0), ("manager", 1), ("technical", 0))]


def test_a_track_with_too_few_star_examples_fails_validation(data_copy):
    path = data_copy / "star_examples.yaml"
    path.write_text(re.sub(r"tracks: \[manager, experienced\]", "tracks: [experienced]", path.read_text("utf-8"), count=1),
                    encoding="utf-8")
    ok, text = validate(data_copy)
    assert not ok and text.splitlines()[0] == (
        "data/star_examples.yaml: track 'manager' has 1 of the 2 STAR examples it needs tagged for it in 'tracks': "
        "tag more STAR examples with 'manager', or add some")


# --- the views -----------------------------------------------------------------------------------
def test_the_picker_saves_the_choice_and_says_what_it_changes(store):
    picker = course_lib.track_picker(store=store)
    assert repr(picker) == "Your track" and "course-track" in picker._dom_classes
    choice = testing.control(picker, "track")
    assert choice.value == tracks.UNSAID and "keeps the course's own order" in testing.shown_text(picker, "message")
    choice.value = "graduate"
    assert tracks.learner_track(store) == "graduate"
    assert testing.shown_text(picker, "message").startswith("Saved. Notebook 04 lists what was chosen for graduates")
    assert testing.control(course_lib.track_picker(store=store), "track").value == "graduate"  # shown again


def test_the_picker_says_when_the_choice_was_not_saved(broken_store):
    picker = course_lib.track_picker(store=broken_store)
    testing.control(picker, "track").value = "manager"
    assert 'class="course-bad"' in testing.shown(picker, "message").value


def expected_order(items, track):
    tagged = [i.id for i in items if track in i.tracks]
    return tagged + [i.id for i in items if i.id not in tagged]


@pytest.mark.parametrize("track", list(tracks.TRACKS))
def test_notebook_04s_lists_put_the_tracks_items_first(store, track):
    content = load_content(REAL_DATA)
    tracks.SavedTrack(store).save(track)
    coach = course_lib.star_coach(store=store)
    star_questions = [q for q in content.question_bank.questions if q.category in ("behavioural", "situational")]
    assert [v for _, v in testing.control(coach, "question").options] == expected_order(star_questions, track)
    assert testing.control(coach, "question").value == expected_order(star_questions, track)[0]
    people = tracks.TRACKS[track].people
    assert f"questions are for {people}, the track you chose in notebook 00" in coach.track_html.value
    examples = course_lib.star_examples(store=store)
    assert [v for _, v in examples.choice.options] == expected_order(content.star_examples.examples, track)
    answers = course_lib.model_answers(store=store)
    assert [v for _, v in answers.choice.options] == expected_order(content.model_answers.answers, track)
    mock = course_lib.mock_practice(store=store)
    mock.ticker = None
    wanted = {q.id for q in content.question_bank.questions if track in q.tracks}
    for _ in range(len(wanted)):
        testing.press(mock, "Another question" if mock.current else "Start")
        assert mock.current.id in wanted
    testing.press(mock, "Another question")
    assert mock.current.id not in wanted  # then the others follow


def test_without_a_track_notebook_04_keeps_the_files_order_and_says_nothing(store):
    content = load_content(REAL_DATA)
    examples = course_lib.star_examples(store=store)
    assert [v for _, v in examples.choice.options] == [e.id for e in content.star_examples.examples]
    assert examples.note.value == "" and course_lib.mock_practice(store=store).track_html.value == ""


def test_notebook_04s_lists_follow_a_track_changed_in_the_same_notebook(store):
    content = load_content(REAL_DATA)
    coach, examples = course_lib.star_coach("team-goal", store=store), course_lib.star_examples(store=store)
    answers, mock = course_lib.model_answers(store=store), course_lib.mock_practice(store=store)
    mock.ticker = None
    testing.type_answer(coach, "Last spring I led the move.")
    picker = course_lib.track_picker(store=store)
    for track in ("technical", "manager", tracks.UNSAID):
        testing.control(picker, "track").value = track
        wanted = None if track == tracks.UNSAID else track
        star_questions = [q for q in content.question_bank.questions if q.category in ("behavioural", "situational")]
        assert [v for _, v in coach.question.options] == expected_order(star_questions, wanted)
        assert coach.question.value == "team-goal"  # the question being answered stays, and its answer
        assert coach.editor.text == "Last spring I led the move."
        assert [v for _, v in examples.choice.options] == expected_order(content.star_examples.examples, wanted)
        assert [v for _, v in answers.choice.options] == expected_order(content.model_answers.answers, wanted)
        people = tracks.TRACKS[track].people if wanted else None
        for note in (coach.track_html, examples.note, answers.note, mock.track_html):
            assert (people in note.value) if wanted else note.value == ""
        if wanted:
            testing.press(mock, "Another question" if mock.current else "Start")
            assert wanted in mock.current.tracks
