"""A learner's store written by an earlier version of the course opens unchanged: every view, the prep
pack and the results file show what they showed then (tests/fixtures/progress/course_store.*)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from course_lib import testing
from course_lib.progress import SCHEMA_VERSION, Store

FIXTURES = Path(__file__).parent / "fixtures" / "progress"
_spec = importlib.util.spec_from_file_location("course_store", FIXTURES / "course_store.py")
course_store = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course_store)


@pytest.fixture
def old_store(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_PROGRESS_DIR", str(tmp_path))
    store = Store(course_store.build(course_store.SCRIPT, tmp_path / "progress.sqlite3"))
    yield store
    store.close()


def test_the_store_opens_as_it_is(old_store):
    assert old_store.notice is None and not old_store.backups()
    assert old_store.pseudonym == "Fixture Heron 7"
    assert old_store.count() == 22


@pytest.mark.parametrize("part", ["bank", "coach", "mock", "worksheets", "questions", "thank_you", "planner",
                                  "pack", "results"])
def test_every_view_shows_what_it_showed_when_the_store_was_written(old_store, part):
    expected = json.loads(course_store.OBSERVED.read_text(encoding="utf-8"))
    assert course_store.observe(old_store)[part] == expected[part]


def test_the_coach_still_updates_the_story_it_filed_and_the_bank_keeps_its_edit(old_store):
    import course_lib as course

    coach = course.star_coach(store=old_store)  # its draft: story 2, changed since it was filed
    assert testing.star_status(coach).startswith("Restored from your last visit")
    testing.press(coach, "Save to my story bank")
    assert testing.star_message(coach) == "✓ Story 2 in your story bank is updated."
    bank = course.story_bank(store=old_store)
    testing.choose_story(bank, 1)  # edited in the bank when the store was written: untouched
    assert bank.editor.free.value.endswith("Since then I check every schedule <first>.")


def test_the_schema_is_the_one_the_store_was_written_with():
    script = course_store.SCRIPT.read_text(encoding="utf-8")
    assert f"'schema_version','{SCHEMA_VERSION}'" in script or f"'schema_version',{SCHEMA_VERSION}" in script
