"""The workshop guide's agendas (timings that add up, buffers, cut notes) and the one-page handout."""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import course_lib as course
from course_lib import agenda
from course_lib.cli import main
from course_lib.content import ContentError, load_content

FIXTURES = Path(__file__).parent / "fixtures" / "content"


def data_with(tmp_path, fixture: str) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(FIXTURES / fixture, folder / "workshop_agendas.yaml")
    return folder


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], False

    def handle_starttag(self, tag, attrs):
        self._skip = tag in ("style", "title")

    def handle_endtag(self, tag):
        self._skip = False

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.mark.parametrize("minutes", [60, 90])
def test_each_agendas_blocks_add_up_to_its_length_and_it_keeps_a_buffer(minutes):
    a = course.workshop_agenda(minutes).agenda
    assert sum(b.minutes for b in a.blocks) == minutes
    assert any(b.buffer for b in a.blocks)
    starts = [start for start, _ in agenda.schedule(a)]
    assert starts[0] == 0 and starts[-1] + a.blocks[-1].minutes == minutes
    # fewer switches than the agendas before the room, which moved through five or more notebooks
    assert agenda.notebook_switches(a) <= 3
    assert all(b.say for b in a.blocks)
    assert sum(1 for b in a.blocks if b.cut) >= 3  # something to drop when the room runs late
    assert "debrief" in a.blocks[-1].title.lower() and len(a.debrief) >= 2


def test_the_agenda_table_shows_clock_times_talking_points_and_cut_notes():
    html = course.workshop_agenda(90)._repr_html_()
    assert "<caption>A 90-minute session: 90 minutes, 2 notebook switches</caption>" in html
    for clock in ("0:00", "0:08", "0:20", "1:22"):
        assert f">{clock}</td>" in html
    assert html.count("<strong>If late:</strong>") == sum(1 for b in course.workshop_agenda(90).agenda.blocks if b.cut)
    assert html.count('scope="col"') == 5
    assert "By the end, each person can" in html and "Debrief questions" in html


def test_an_agenda_that_does_not_exist_is_refused_with_the_ones_that_do():
    with pytest.raises(ValueError, match=r"no 45-minute agenda .*known: 60, 90"):
        course.workshop_agenda(45)


def test_minutes_that_do_not_add_up_name_the_file_the_agenda_and_the_field(tmp_path):
    with pytest.raises(ContentError) as e:
        load_content(data_with(tmp_path, "agendas_minutes_short.yaml"))
    assert e.value.errors == ["data/workshop_agendas.yaml: agenda 'ninety': the blocks' minutes add up to 88, "
                              "not the agenda's 90"]


def test_a_block_with_no_notebook_names_the_agenda_the_block_and_the_field(tmp_path):
    folder = data_with(tmp_path, "agendas_valid.yaml")
    path = folder / "workshop_agendas.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('minutes: 8\n        notebook: "04"\n', "minutes: 8\n", 1), encoding="utf-8")
    with pytest.raises(ContentError) as e:
        load_content(folder)
    assert e.value.errors == ["data/workshop_agendas.yaml: agenda 'sixty', block 5: 'notebook' is missing "
                              "(only a buffer block may leave it out)"]


def test_the_valid_fixture_loads_and_an_agenda_with_no_buffer_is_refused(tmp_path):
    folder = data_with(tmp_path, "agendas_valid.yaml")
    assert len(load_content(folder).workshop_agendas.agendas) == 2
    path = folder / "workshop_agendas.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("buffer: true", "notebook: \"01\""), encoding="utf-8")
    with pytest.raises(ContentError, match=r"agenda 'sixty': no block is a buffer"):
        load_content(folder)


def test_the_handout_is_one_short_page_with_print_css_and_a_blank_for_the_code():
    html = agenda.handout_html()
    text = visible_text(html)
    assert len(text.split()) <= 200, len(text.split())  # short enough for one printed sheet
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert "@media print" in html and "@page" in html and "break-inside: avoid" in html
    assert "Room code:" in text and "Three things to do" in text
    assert html.count("<li>") == 3
    assert text.count("blank, to fill in") == 2  # the code and the join link, named for a screen reader
    assert "Where your answers are kept" in text and "prep pack" in text


@pytest.mark.parametrize("code", ['<img src=x onerror=alert(1)>', "K7PX3M" * 1000, "مرحبا 🎉", "   "])
def test_the_room_code_is_escaped_and_kept_short_whatever_is_typed(code):
    html = agenda.handout_html(code)
    assert "<img" not in html
    assert len(html) < len(agenda.handout_html()) + 200
    if code.strip():
        assert "blank, to fill in" not in html.split("Room code:")[1].split("</p>")[0]


def test_the_materials_list_links_the_handout_as_a_download():
    html = course.workshop_materials()._repr_html_()
    assert 'download="workshop-handout.html"' in html and "data:text/html;charset=utf-8;base64," in html
    assert "wheelhouse" in html and "python -m course_lib room" in html


def test_the_handout_command_writes_a_private_file_and_fills_in_the_code(tmp_path, capsys):
    assert main(["handout", "--out", str(tmp_path), "--code", "K7PX3M"]) == 0
    written = tmp_path / agenda.HANDOUT_FILE
    assert "K7PX3M" in written.read_text(encoding="utf-8")
    assert "Written:" in capsys.readouterr().out
    assert (written.stat().st_mode & 0o077) == 0


def test_the_handout_command_says_why_when_it_cannot_write(tmp_path, capsys):
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    assert main(["handout", "--out", str(tmp_path / "a-file" / "h.html")]) == 1
    assert re.search(r"The handout was not written\. ", capsys.readouterr().err)
