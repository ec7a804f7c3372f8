"""The prep-pack panel: writes the pack and the results file, and offers them as download links
that carry the files themselves (so they work in JupyterLab and in Voilà)."""

import json

import pytest

import course_lib
from course_lib import testing
from course_lib.progress import Store


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "progress.sqlite3")
    s.set_pseudonym("Night Owl")
    s.save("worksheet:company_research", "mission", "Make rail simple <script>alert(1)</script>")
    s.save("planner", "interview_date", "2026-11-20")
    yield s
    s.close()


def test_the_panel_has_a_short_stable_repr(store):
    view = course_lib.prep_pack(store=store)
    assert repr(view) == "Prep pack: make it and download it"
    assert {"course-widget", "course-prep-pack"} <= set(view._dom_classes)


def test_make_my_prep_pack_writes_the_files_and_offers_them(store, tmp_path):
    view = course_lib.prep_pack(store=store, folder=str(tmp_path / "pack"))
    testing.press(view, "Make my prep pack")
    files = testing.downloads(view.output.value)
    assert sorted(files) == ["follow-up-dates.ics", "second-interview-prep-pack.html", "second-interview-prep-pack.md"]
    for name, text in files.items():
        assert (tmp_path / "pack" / name).read_text(encoding="utf-8") == text
    assert "Make rail simple &lt;script&gt;" in files["second-interview-prep-pack.html"]
    assert str(tmp_path / "pack") in testing.html_text(view.output.value)


def test_the_results_file_leaves_texts_out_unless_ticked(store, tmp_path):
    view = course_lib.prep_pack(store=store, folder=str(tmp_path / "out"))
    testing.press(view, "Save my results file")
    [(name, text)] = testing.downloads(view.output.value).items()
    assert name.startswith("results-night-owl-") and "texts" not in json.loads(text)
    view.include_texts.value = True
    testing.press(view, "Save my results file")
    [(_, text)] = testing.downloads(view.output.value).items()
    assert json.loads(text)["texts"]["worksheets"]["company_research"]["mission"].startswith("Make rail simple")
    assert "with your texts" in testing.html_text(view.output.value)


def test_a_folder_that_cannot_be_written_is_said_plainly(store, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    view = course_lib.prep_pack(store=store, folder=str(blocker / "pack"))
    testing.press(view, "Make my prep pack")
    message = testing.html_text(view.output.value)
    assert message.startswith("Nothing was written to") and "Type another folder" in message
