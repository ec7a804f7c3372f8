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
