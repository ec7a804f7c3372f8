"""The workshop guide's agendas and the attendees' one-page handout.

Both are read from ``data/workshop_agendas.yaml`` (validated in :mod:`course_lib.content`, which
also checks that each agenda's block minutes add up to its length). Pure logic: HTML strings and
plain objects, no widgets. The guide shows an agenda with ``course.workshop_agenda(60)`` and the
materials with the handout's download link with ``course.workshop_materials()``;
``python -m course_lib handout --out handout.html`` writes the handout to print.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from course_lib.markup import download_link, escape

# JupyterLab right-aligns table cells; reading text is easier left-aligned and top-aligned.
_LEFT = 'style="text-align:left; vertical-align:top"'
HANDOUT_FILE = "workshop-handout.html"


def _agendas(data_dir=None):
    from course_lib.content import WorkshopAgendas, load_content

    return load_content(data_dir, only=(WorkshopAgendas,)).workshop_agendas


def clock(minutes: int) -> str:
    """Minutes from the start as the agenda writes them: 0:00, 1:05."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def schedule(agenda) -> list[tuple[int, object]]:
    """(start minute, block) for each block of ``agenda``, in order."""
    start, out = 0, []
    for block in agenda.blocks:
        out.append((start, block))
        start += block.minutes
    return out


def notebook_switches(agenda) -> int:
    """How many times the room moves from one notebook to another (buffers do not count)."""
    opened = [b.notebook for b in agenda.blocks if b.notebook is not None]
    return sum(1 for a, b in zip(opened, opened[1:]) if a != b)


def _list(items) -> str:
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


@dataclass(frozen=True)
class AgendaView:
    agenda: object  # content.Agenda

    def __repr__(self) -> str:
        a = self.agenda
        return (f"{a.title}: {len(a.blocks)} blocks, {sum(b.minutes for b in a.blocks)} minutes, "
                f"{notebook_switches(a)} notebook switches")

    def _repr_html_(self) -> str:
        a = self.agenda
        rows = []
        for start, b in schedule(a):
            where = "No new notebook" if b.buffer else f"Notebook {escape(b.notebook)}"
            cut = f"<p><strong>If late:</strong> {escape(b.cut)}</p>" if b.cut else ""
            rows.append(
                "<tr>"
                f"<td {_LEFT}>{clock(start)}</td><td {_LEFT}>{b.minutes} min</td>"
                f"<td {_LEFT}><strong>{escape(b.title)}</strong><br>{where}</td>"
                f"<td {_LEFT}>{escape(b.does)}<p><strong>Say:</strong></p>{_list(b.say)}{cut}</td>"
                f"<td {_LEFT}>{escape(b.project or 'Nothing new')}</td>"
                "</tr>")
        total = sum(b.minutes for b in a.blocks)
        return (
            f'<div class="course-agenda"><p>{escape(a.summary)}</p>'
            f"<p><strong>By the end, each person can:</strong></p>{_list(a.objectives)}"
            f'<table class="course-agenda-table"><caption>{escape(a.title)}: {total} minutes, '
            f"{notebook_switches(a)} notebook switches</caption>"
            f'<thead><tr><th scope="col" {_LEFT}>Start</th><th scope="col" {_LEFT}>Time</th>'
            f'<th scope="col" {_LEFT}>Block</th><th scope="col" {_LEFT}>What happens</th>'
            f'<th scope="col" {_LEFT}>On the projector</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
            f"<p><strong>Debrief questions:</strong></p>{_list(a.debrief)}"
            f"<p><strong>Homework:</strong> {escape(a.homework)}</p></div>")


def workshop_agenda(minutes: int = 60, *, data_dir=None) -> AgendaView:
    """The agenda of ``minutes`` (60 or 90), as a table with talking points and cut notes."""
    agendas = _agendas(data_dir)
    for a in agendas.agendas:
        if a.minutes == minutes:
            return AgendaView(a)
    known = ", ".join(str(a.minutes) for a in agendas.agendas)
    raise ValueError(f"no {minutes}-minute agenda in data/workshop_agendas.yaml (known: {known})")


_PRINT_CSS = """
@page { size: auto; margin: 12mm; }
body { font-family: system-ui, sans-serif; font-size: 12pt; line-height: 1.4; color: #000;
       background: #fff; max-width: 40em; margin: 1em auto; }
h1 { font-size: 18pt; margin: 0 0 .4em; }
h2 { font-size: 13pt; margin: .9em 0 .3em; }
.code { font-size: 16pt; letter-spacing: .2em; border-bottom: 2px solid #000; display: inline-block;
        min-width: 8em; }
.blank { border-bottom: 1px solid #000; display: inline-block; min-width: 22em; }
.hidden-text { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
               white-space: nowrap; }
ol { padding-left: 1.4em; margin: .3em 0; }
li { margin: .3em 0; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  a { color: #000; text-decoration: none; }
  h1, h2, li, p { break-inside: avoid; }
}
"""


# A line to write on: empty to the eye, named for a screen reader.
_BLANK = '&nbsp;<span class="hidden-text">blank, to fill in</span>'


def handout_html(code: str | None = None, *, data_dir=None) -> str:
    """The attendees' handout as a whole HTML page that prints on one A4 or Letter sheet.

    ``code`` fills in the room code; without it the page leaves a blank to write it in."""
    h = _agendas(data_dir).handout
    code_html = (f'<span class="code">{escape(code.strip(), limit=20)}</span>' if code and code.strip()
                 else f'<span class="code">{_BLANK}</span>')
    steps = "".join(f"<li>{escape(s)}</li>" for s in h.steps)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(h.title)}</title><style>{_PRINT_CSS}</style></head><body><main>"
        f"<h1>{escape(h.title)}</h1>"
        f"<p><strong>Room code:</strong> {code_html}</p>"
        f'<p><strong>Join link:</strong> <span class="blank">{_BLANK}</span></p>'
        f"<h2>Three things to do</h2><ol>{steps}</ol>"
        f"<h2>Where your answers are kept</h2><p>{escape(h.kept)}</p>"
        f"<h2>Your prep pack</h2><p>{escape(h.prep_pack)}</p>"
        "</main></body></html>\n")


def write_handout(path: Path | str, code: str | None = None, *, data_dir=None) -> Path:
    """Write the handout to ``path`` (a file, or a folder to put ``workshop-handout.html`` in)."""
    from course_lib.private_files import write_private

    path = Path(path)
    if path.is_dir():
        path = path / HANDOUT_FILE
    return write_private(path, handout_html(code, data_dir=data_dir))


@dataclass(frozen=True)
class MaterialsView:
    materials: tuple
    handout: str

    def __repr__(self) -> str:
        return f"Materials: {len(self.materials)} items, and the handout to print"

    def _repr_html_(self) -> str:
        link = download_link(HANDOUT_FILE, self.handout, "text/html", text="Download the handout to print")
        return (f'<div class="course-materials">{_list(self.materials)}'
                f"<p>{link} (one page; open it in a browser and print it).</p></div>")


def workshop_materials(*, data_dir=None) -> MaterialsView:
    """What to bring, with a link that downloads the attendees' one-page handout."""
    return MaterialsView(tuple(_agendas(data_dir).materials), handout_html(data_dir=data_dir))
