"""The progress panel: where answers are kept, the pseudonym (saved as typed) and a reset that
asks first and keeps a backup."""

import pytest

import course_lib
from course_lib import testing
from course_lib.progress import ProgressWarning, Store


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "progress.sqlite3")
    yield s
    s.close()


def shown_text(view) -> str:
    return testing.html_text(" ".join(w.value for w in testing.walk(view) if hasattr(w, "value")
                                      and isinstance(w.value, str) and w.__class__.__name__ == "HTML"))


def test_the_panel_says_where_progress_is_kept(store):
    store.save("quiz:02-purpose", "q1", {"choice": ["a"]})
    view = course_lib.progress_panel(store=store)
    assert repr(view) == "Your progress: where it is kept, your pseudonym, and starting again"
    assert {"course-widget", "course-progress"} <= set(view._dom_classes)
    assert str(store.path) in shown_text(view) and "1 answer saved so far" in shown_text(view)
    assert view.pseudonym.value == store.pseudonym


def test_the_count_of_answers_follows_the_answers_given(store):
    view = course_lib.progress_panel(store=store)
    assert "0 answers saved so far" in shown_text(view)
    store.save("quiz:02-purpose", "q1", {"choice": ["a"]})
    assert "1 answer saved so far" in shown_text(view)


def test_typing_a_pseudonym_saves_it(store):
    view = course_lib.progress_panel(store=store)
    view.pseudonym.value = "Night Owl"
    assert store.pseudonym == "Night Owl"
    assert "Saved" in testing.html_text(view.pseudonym_status.value)


def test_an_unusable_pseudonym_is_not_saved_and_the_panel_says_why(store):
    store.set_pseudonym("Night Owl")
    view = course_lib.progress_panel(store=store)
    view.pseudonym.value = "ana@example.org"
    status = testing.html_text(view.pseudonym_status.value)
    assert "Not saved" in status and "email" in status and "Night Owl" in status
    assert store.pseudonym == "Night Owl"
    view.pseudonym.value = "<img src=x onerror=alert(1)>"
    assert store.pseudonym == "<img src=x onerror=alert(1)>"
    assert "<img" not in view.pseudonym_status.value


def test_pick_a_random_name(store):
    store.set_pseudonym("Night Owl")
    view = course_lib.progress_panel(store=store)
    testing.press(view, "Pick a random name")
    assert store.pseudonym != "Night Owl" and view.pseudonym.value == store.pseudonym


def test_reset_asks_first_and_no_changes_nothing(store):
    store.save("star", "s1", "I fixed the build.")
    view = course_lib.progress_panel(store=store)
    with pytest.raises(LookupError):
        testing.press(view, "Yes, reset my progress")  # hidden until asked
    testing.press(view, "Reset my progress")
    testing.press(view, "No, keep everything")
    assert store.items("star") == {"s1": "I fixed the build."}
    assert "Nothing was changed" in testing.html_text(view.result.value)


def test_reset_keeps_a_backup_and_says_where(store):
    store.save("star", "s1", "I fixed the build.")
    name = store.pseudonym
    view = course_lib.progress_panel(store=store)
    testing.press(view, "Reset my progress")
    testing.press(view, "Yes, reset my progress")
    assert store.count() == 0 and store.pseudonym == name
    [backup] = (store.path.parent / "backups").glob("progress-before-reset-*.sqlite3")
    message = testing.html_text(view.result.value)
    assert "Your progress was reset" in message and str(backup) in message
    assert "0 answers saved so far" in shown_text(view)
    testing.find_button(view, "Reset my progress")  # ready again


def test_a_notice_from_the_store_is_shown_as_text(tmp_path):
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"<script>alert(1)</script>")
    with pytest.warns(ProgressWarning):
        store = Store(path)
    view = course_lib.progress_panel(store=store)
    assert "Nothing was deleted" in testing.html_text(view.notice.value)
    assert "<script" not in view.notice.value
    store.close()


# --- backups -------------------------------------------------------------------------------------
def test_with_no_backups_the_panel_says_so_and_offers_no_restore(store):
    view = course_lib.progress_panel(store=store)
    assert "None yet" in testing.html_text(view.backups_intro.value)
    with pytest.raises(LookupError):
        testing.press(view, "Restore this backup")


def test_restore_asks_first_then_brings_the_answers_back_and_keeps_the_current_ones(store):
    store.save("star", "s1", "I fixed the build.")
    store.save("quiz:02-purpose", "q1", ["a"])
    view = course_lib.progress_panel(store=store)
    testing.press(view, "Reset my progress")
    testing.press(view, "Yes, reset my progress")
    store.save("star", "s9", "Written after the reset.")
    assert testing.choose_backup(view, 1).endswith("· 2 answers · kept before a reset")

    testing.press(view, "Restore this backup")
    question = testing.html_text(view.restore_question.value)
    assert "(1 answer) are replaced by the ones it holds (2 answers)" in question
    testing.press(view, "No, keep my current answers")
    assert store.items("star") == {"s9": "Written after the reset."}
    assert "Nothing was changed" in testing.html_text(view.result.value)

    testing.press(view, "Restore this backup")
    testing.press(view, "Yes, restore this backup")
    assert store.items("star") == {"s1": "I fixed the build."} and store.count() == 2
    [kept] = (store.path.parent / "backups").glob("progress-before-restore-*.sqlite3")
    message = testing.html_text(view.result.value)
    assert "are back" in message and str(kept) in message
    assert "2 answers saved so far" in shown_text(view)
    # The answers replaced are the newest backup now, one press away.
    assert [label.split(" · ", 1)[1] for label, _ in view.backup_choice.options] == [
        "1 answer · kept before a restore", "2 answers · kept before a reset"]
    assert view.backup_choice.value == str(kept)
    testing.find_button(view, "Restore this backup")  # ready again


def test_a_damaged_backup_cannot_be_chosen_for_restoring_and_the_panel_says_why(store):
    store.save("star", "s1", "I fixed the build.")
    broken = store.path.parent / "backups" / "progress-before-reset-2026-01-05T10-00-00Z.sqlite3"
    broken.parent.mkdir()
    broken.write_bytes(b"SQLite format 3\x00" + b"<img src=x onerror=alert(1)>" * 200)
    view = course_lib.progress_panel(store=store)
    assert "cannot be restored: the file is damaged" in testing.choose_backup(view, 1)
    assert "This copy cannot be restored: the file is damaged" in testing.html_text(view.backup_status.value)
    with pytest.raises(RuntimeError, match="disabled"):
        testing.press(view, "Restore this backup")
    assert store.items("star") == {"s1": "I fixed the build."}


def test_a_backup_spoiled_after_it_was_listed_is_refused_in_a_sentence(store):
    store.save("star", "s1", "I fixed the build.")
    backup = store.backup()
    store.save("star", "s2", "Added later.")
    view = course_lib.progress_panel(store=store)
    testing.choose_backup(view, 1)
    testing.press(view, "Restore this backup")
    backup.write_bytes(b"<script>alert(1)</script>")  # spoiled between the question and the answer
    testing.press(view, "Yes, restore this backup")
    assert testing.html_text(view.result.value) == (
        "That backup cannot be restored: it is not a progress file of this course. Nothing was changed.")
    assert "<script" not in view.result.value
    assert store.items("star") == {"s1": "I fixed the build.", "s2": "Added later."}
    assert view.restore.disabled  # the list now shows it as it is
