"""The teacher's table: one row per learner from a class report, as a page table and as a CSV file
a gradebook imports (``python -m course_lib class-report FOLDER --out report.html --csv table.csv``).

Each row gives the learner's notebooks finished and, per quiz, how many questions they answered and
their first-try score (the score the course keeps: later tries never change it). A workshop quiz
whose answers are still held until the reveal shows "held" instead of a score.

A **roster** is a CSV file the teacher keeps, with a ``pseudonym`` column and a ``name`` column. With
one, each row shows the learner's name, and the table ends with everyone on the roster who has not
handed in a results file. The roster is read, never copied: names appear only in the report and the
CSV the teacher writes on their own computer (both readable by their owner only).

Pure: no widgets, no matplotlib. Everything learners wrote (pseudonyms, file names) is escaped in
HTML, and a CSV cell that a spreadsheet would run as a formula (it starts with = + - @) is written
as text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from course_lib.classroom import ClassReport, Labels, LearnerRow, _ordered, course_labels, shown_name
from course_lib.markup import escape

ROSTER_MAX_BYTES = 1_000_000  # a roster of thousands of names is a few hundred kB
ROSTER_MAX_ROWS = 5_000
NOT_HANDED_IN = "not handed in"
HELD = "held"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class RosterError(ValueError):
    """The roster cannot be used: one sentence naming the file, the line and the column."""


def _key(pseudonym: str) -> str:
    """Pseudonyms match however they are spaced or capitalised ("learner 01" is "Learner  01")."""
    return " ".join(pseudonym.split()).casefold()


@dataclass(frozen=True)
class Roster:
    """Pseudonym → name, from the teacher's roster file."""

    names: dict[str, str]  # _key(pseudonym) -> name
    pseudonyms: dict[str, str]  # _key(pseudonym) -> the pseudonym as the roster writes it
    source: str = ""

    def name_for(self, pseudonym: str) -> str | None:
        return self.names.get(_key(pseudonym))


def parse_roster(text: str, source: str = "roster") -> Roster:
    """A roster from CSV text (a header row with ``pseudonym`` and ``name``; other columns ignored)."""
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")), strict=True)  # a spreadsheet's UTF-8 mark, if any
    try:
        header = next(rows, None)
        if header is None:
            raise RosterError(f"{source} is empty: its first line names the columns, e.g. pseudonym,name")
        columns = {h.strip().casefold(): i for i, h in enumerate(header)}
        missing = [c for c in ("pseudonym", "name") if c not in columns]
        if missing:
            raise RosterError(f"{source}, line 1: no {' or '.join(repr(c) for c in missing)} column "
                              f"(the first line names the columns, e.g. pseudonym,name)")
        names, pseudonyms, line_of = {}, {}, {}
        for line, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue  # a blank line
            if len(names) >= ROSTER_MAX_ROWS:
                raise RosterError(f"{source}: more than {ROSTER_MAX_ROWS:,} learners; split the class")
            cells = {c: (row[i].strip() if i < len(row) else "") for c, i in columns.items()}
            for column in ("pseudonym", "name"):
                if not cells[column]:
                    raise RosterError(f"{source}, line {line}: the '{column}' is empty")
            key = _key(cells["pseudonym"])
            if key in names:
                raise RosterError(f"{source}, line {line}: the pseudonym {cells['pseudonym']!r} is already on "
                                  f"line {line_of[key]}; each learner needs their own")
            names[key], pseudonyms[key], line_of[key] = cells["name"], cells["pseudonym"], line
    except csv.Error as e:
        raise RosterError(f"{source}: not a CSV file the course can read ({e})") from None
    return Roster(names, pseudonyms, source)


def read_roster(path) -> Roster:
    """The roster at ``path`` (UTF-8 CSV, as a spreadsheet saves it)."""
    path = Path(path)
    shown = shown_name(str(path))
    try:
        size = path.stat().st_size
        if size > ROSTER_MAX_BYTES:
            raise RosterError(f"{shown} is {size / 1e6:.1f} MB; a roster is at most {ROSTER_MAX_BYTES / 1e6:.0f} MB")
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise RosterError(f"{shown} is not UTF-8 text: save it from the spreadsheet as 'CSV UTF-8'") from None
    except OSError as e:
        raise RosterError(f"{shown} could not be read ({e.strerror or e})") from None
    return parse_roster(text, shown)


# --- the table ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class QuizCell:
    answered: int
    score: float | None  # first-try percentage; None when nothing was answered or it is held
    held: bool = False

    def text(self) -> str:
        if self.held:
            return HELD
        return "–" if self.score is None else f"{round(self.score)} %"


@dataclass(frozen=True)
class Row:
    name: str  # from the roster, else the pseudonym
    pseudonym: str
    file: str  # "" for a learner on the roster who has not handed in
    exported_at: str
    notebooks_finished: int
    notebooks: int  # the course's notebooks the file reports on
    quizzes: dict[str, QuizCell]
    course_score: float | None  # first-try percentage over every answered, not held, question
    review: dict | None  # spaced review counts: cards, reviewed, stuck, reviews (None: an older file)

    def review_text(self) -> str:
        if not self.review:
            return "–"
        return f"{self.review['stuck']} of {self.review['reviewed']} reviewed"


@dataclass(frozen=True)
class Table:
    """The teacher's table: rows by name, then the roster's learners with no file."""

    quizzes: tuple[str, ...]  # quiz ids in course order
    rows: list[Row] = field(default_factory=list)
    not_handed_in: list[tuple[str, str]] = field(default_factory=list)  # (name, pseudonym) from the roster
    unknown: list[str] = field(default_factory=list)  # pseudonyms counted but not on the roster

    def _repr_html_(self) -> str:
        return table_html(self)


def _percent(points: float, answered: int) -> float | None:
    return 100 * points / answered if answered else None


def _row(learner: LearnerRow, roster: Roster | None, course_notebooks: set[str]) -> Row:
    cells = {q: QuizCell(answered, None if held else _percent(points, answered), held)
             for q, (answered, points, held) in learner.quizzes.items()}
    counted = [(a, p) for a, p, held in learner.quizzes.values() if not held]
    notebooks = [steps for nb, steps in learner.notebooks.items() if nb in course_notebooks or not course_notebooks]
    finished = sum(1 for done, of in notebooks if of and done == of)
    name = (roster.name_for(learner.pseudonym) if roster else None) or learner.pseudonym
    return Row(name, learner.pseudonym, learner.file, learner.exported_at, finished, len(notebooks), cells,
               _percent(sum(p for _a, p in counted), sum(a for a, _p in counted)), learner.review)


def class_table(report: ClassReport, roster: Roster | None = None, *, labels: Labels | None = None) -> Table:
    """One row per learner the report counted, named from ``roster`` when given; the course's quizzes
    in course order, then any other quiz a file names."""
    labels = labels or course_labels()
    course_quizzes = list(dict.fromkeys(quiz for quiz, _q in labels.question_order))
    seen = {q for learner in report.rows for q in learner.quizzes}
    rows = sorted((_row(learner, roster, set(labels.notebook_order)) for learner in report.rows),
                  key=lambda r: (r.name.casefold(), r.file))
    table = Table(tuple(_ordered(seen | set(course_quizzes), course_quizzes)), rows)
    if roster:
        handed_in = {_key(r.pseudonym) for r in rows}
        table.not_handed_in.extend(sorted(((n, roster.pseudonyms[k]) for k, n in roster.names.items()
                                           if k not in handed_in), key=lambda item: item[0].casefold()))
        table.unknown.extend(r.pseudonym for r in rows if roster.name_for(r.pseudonym) is None)
    return table


# --- as a page table and as CSV -----------------------------------------------------------------
def table_html(table: Table) -> str:
    """The table for the notebook and the report page (every learner-given string escaped)."""
    if not table.rows and not table.not_handed_in:
        return "<p>No learner to show yet.</p>"
    head = "".join(f'<th scope="col">{escape(q)}</th>' for q in table.quizzes)
    body = []
    for r in table.rows:
        cells = "".join(f"<td>{escape(r.quizzes[q].text()) if q in r.quizzes else '–'}</td>" for q in table.quizzes)
        course = "–" if r.course_score is None else f"{round(r.course_score)} %"
        also = f"<br><small>{escape(r.pseudonym)}</small>" if r.name != r.pseudonym else ""
        body.append(f'<tr><th scope="row">{escape(r.name)}{also}</th><td>{r.notebooks_finished} of '
                    f"{r.notebooks}</td>{cells}<td>{course}</td><td>{r.review_text()}</td></tr>")
    for name, pseudonym in table.not_handed_in:
        body.append(f'<tr class="course-not-handed-in"><th scope="row">{escape(name)}<br><small>{escape(pseudonym)}'
                    "</small></th>"
                    f'<td colspan="{len(table.quizzes) + 3}">{NOT_HANDED_IN}</td></tr>')
    notes = []
    if table.not_handed_in:
        notes.append(f"{len(table.not_handed_in)} on the roster {'have' if len(table.not_handed_in) != 1 else 'has'} "
                     "not handed in a results file.")
    if table.unknown:
        notes.append("Not on the roster: " + ", ".join(escape(p) for p in table.unknown) + ".")
    return ('<table class="course-class-learners"><caption>One row per learner: notebooks finished, and the '
            "first-try score in each quiz (“held”: a workshop quiz before its reveal), and how many of the "
            "questions they reviewed later they still got right</caption><thead><tr>"
            f'<th scope="col">Learner</th><th scope="col">Notebooks finished</th>{head}'
            f'<th scope="col">Course (first try)</th><th scope="col">Review: still right</th></tr></thead><tbody>{"".join(body)}</tbody></table>'
            + "".join(f"<p>{n}</p>" for n in notes))


def _cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def table_csv(table: Table) -> str:
    """The table as CSV for a gradebook: one line per learner, numbers as numbers, blank when none."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = ["name", "pseudonym", "handed in", "results file", "exported at", "notebooks finished", "notebooks"]
    for quiz in table.quizzes:
        header += [f"{quiz} answered", f"{quiz} first-try score (%)"]
    review = ["review cards", "reviewed", "still right when reviewed", "reviews"]
    writer.writerow([*header, "course first-try score (%)", *review])
    for r in table.rows:
        line = [r.name, r.pseudonym, "yes", r.file, r.exported_at, r.notebooks_finished, r.notebooks]
        for quiz in table.quizzes:
            cell = r.quizzes.get(quiz)
            line += ["", ""] if cell is None else [cell.answered, HELD if cell.held else _number(cell.score)]
        counts = [r.review[k] for k in ("cards", "reviewed", "stuck", "reviews")] if r.review else [""] * len(review)
        writer.writerow([_cell(v) for v in [*line, _number(r.course_score), *counts]])
    for name, pseudonym in table.not_handed_in:
        writer.writerow([_cell(name), _cell(pseudonym), "no"] + [""] * (len(header) - 2 + len(review)))
    return "\ufeff" + out.getvalue()  # the UTF-8 mark makes spreadsheets read accents and emoji right


@dataclass(frozen=True)
class _Problem:
    """What a notebook shows instead of the table when the roster cannot be used."""

    text: str

    def _repr_html_(self) -> str:
        return f'<p class="course-box course-bad" role="status">{escape(self.text)}</p>'

    def __repr__(self) -> str:
        return self.text


def learner_table(report: ClassReport, roster=None):
    """The teacher's table for a notebook (``course.class_table(report, roster="roster.csv")``):
    ``roster`` is a path to the roster, or None. A roster that cannot be used is shown as one line."""
    try:
        return class_table(report, read_roster(roster) if roster is not None else None)
    except RosterError as e:
        return _Problem(f"The table is not shown: {e}.".replace("..", "."))
