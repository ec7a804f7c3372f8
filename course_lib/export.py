"""What leaves the learner's computer: the prep pack, and the results file for a class report.

The **prep pack** gathers the learner's own material from the progress store into one page to
read the night before and to print: company research, the first-interview review, the video-call
checklist, the plan for a take-home task, STAR stories
with the coach's signals, questions to ask each interviewer, the adjustments to ask for and how to
meet a question that should not be asked, thank-you note drafts, follow-up dates (with a calendar
file), the learner's own numbers for an offer and quiz results. It is written as Markdown and as HTML (a clean,
printable page). Every piece of learner text is escaped (:mod:`course_lib.markup`): a learner's
``<script>`` shows as text.

The **results file** is what a learner hands to a facilitator: JSON, versioned, pseudonymous
(a pseudonym and a random id, nothing personal), scores and signals only — the learner's own
texts go in only if they choose ``include_texts``, and a *private* worksheet's never
(:func:`~course_lib.worksheets.private_ids`: the pay figures, and what may touch health, disability
or family), nor whether it was used. Its ``review`` holds counts of the spaced review
(:class:`course_lib.review.ReviewHistory`): cards, cards reviewed, cards right at their latest review
("stuck") and review answers in all; scores stay first tries. :mod:`course_lib.classroom` reads a folder of
them.

Pure: no widgets. The learner's material is read through each feature's own record of it
(:class:`~course_lib.worksheets.SavedWorksheets`, :class:`~course_lib.stories.StoryBank`,
:class:`~course_lib.questions.SavedQuestions`, :class:`~course_lib.planner.SavedPlanner`, the quiz
scores); this module only gathers and renders. The pack is one list of sections (:func:`sections`)
that :func:`to_markdown` and :func:`to_html` each render. Every file leaves through :func:`_write`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from course_lib.checklist import Checklist
from course_lib.markup import escape, markdown_inline, markdown_text, paragraphs, printable
from course_lib.private_files import private_folder, write_private
from course_lib.worksheets import Entry, SavedWorksheets, private_ids

# The story bank, the planner, the questions builder and the STAR reader are imported where they
# are used: the class report imports this module for its format constants only, and must start fast.

if TYPE_CHECKING:
    from course_lib.progress import Store

RESULTS_FORMAT = "second-interview-course/results"
RESULTS_VERSION = 1
PACK_NAME = "second-interview-prep-pack"
CALENDAR_NAME = "follow-up-dates.ics"
FORMATS = ("md", "html")

# The exercises each notebook asks for beyond its quiz (quizzes name their notebook in data/):
# each counts as done once the learner saved something in it ("star": a story; "planner": anything
# in the planners; otherwise the worksheet of that id).
ACTIVITIES = {
    "01_what_it_means.ipynb": ("check_a_statistic",),
    "02_purpose_and_expectations.ipynb": ("second_round_plan",),
    "03_prepare.ipynb": ("company_research", "first_interview", "video_call_check", "task_plan"),
    "04_star_method.ipynb": ("star",),
    "05_in_the_room.ipynb": ("paraphrase", "questions_to_ask"),
    "06_after_the_interview.ipynb": ("planner",),
}


# --- the learner's material, read through each feature's record --------------------------------
@dataclass(frozen=True)
class Story:
    """A STAR story and what the coach noticed in it (``signals`` is None without the coach)."""

    id: str
    question: str
    text: str
    signals: dict | None = None
    declared: tuple = ()  # the parts the learner put sentences under (guided boxes): see star.analyze


@dataclass(frozen=True)
class QuizLine:
    title: str
    answered: int
    total: int
    percent: float | None
    held: bool
    to_revisit: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reminder:
    title: str
    when: str
    detail: str


@dataclass(frozen=True)
class PrepPack:
    """Everything the pack shows, gathered once; :func:`to_markdown` and :func:`to_html` render it."""

    pseudonym: str
    made: str  # the date, e.g. "25 November 2026"
    second_round_plan: tuple[Entry, ...] = ()
    company_research: tuple[Entry, ...] = ()
    first_interview: tuple[Entry, ...] = ()
    video_call_check: Checklist | None = None  # None: nothing ticked or unticked yet
    task_plan: tuple[Entry, ...] = ()
    offer_plan: tuple[Entry, ...] = ()  # private: in this pack, never in the results file
    stories: tuple[Story, ...] = ()
    questions: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (interviewer, questions)
    adjustments: tuple[Entry, ...] = ()  # private: the pack only
    unasked_questions: tuple[Entry, ...] = ()  # private: the pack only
    thank_you_notes: tuple[Entry, ...] = ()  # (interviewer, draft)
    reminders: tuple[Reminder, ...] = ()
    calendar: str | None = None  # the .ics text for the reminders
    quizzes: tuple[QuizLine, ...] = ()
    notes: tuple[str, ...] = field(default=())  # what could not be included, and why

    def __repr__(self) -> str:
        return f"Prep pack for {self.pseudonym}"


def _content(content):
    if content is None:
        from course_lib.content import load_content

        content = load_content()
    return content


def worksheet_entries(store: Store, name: str, content=None) -> tuple[Entry, ...]:
    """A worksheet's saved boxes, labelled and in the worksheet's order (see
    :meth:`~course_lib.worksheets.SavedWorksheets.entries`)."""
    sheets = getattr(getattr(_content(content), "worksheets", None), "worksheets", None) or []
    return SavedWorksheets(store).entries(name, next((s for s in sheets if s.id == name), None))


def worksheet_checklist(store: Store, name: str, content=None) -> Checklist | None:
    """A checklist worksheet with the learner's ticks; None when they have not used it yet (or
    this copy of the course has no such worksheet)."""
    sheets = getattr(getattr(_content(content), "worksheets", None), "worksheets", None) or []
    sheet = next((s for s in sheets if s.id == name), None)
    saved = SavedWorksheets(store)
    if sheet is None or not saved.started(name):
        return None
    return saved.checklist(sheet)


def _coach():
    """The STAR coach's analyze(), or None when this copy of the course has no coach."""
    try:
        from course_lib.star import analyze
    except ImportError:
        return None
    return analyze


def coach_signals(text: str, analyze=None, declared=()) -> dict | None:
    """The coach's signals for a story (``course_lib.star.analyze``), as plain data; None without
    the coach or without text. ``declared``: the parts the learner put its sentences under, so the
    signals are the reading the learner saw in the coach."""
    analyze = analyze or _coach()
    if analyze is None or not text.strip():
        return None
    from course_lib.star import PARTS

    report = analyze(text, declared=declared)
    return {
        "parts_present": [p for p in PARTS if p in report.parts_present],
        "ownership": None if report.ownership is None else round(report.ownership, 2),
        "quantified_result": report.quantified_result,
        "hypothetical": report.hypothetical,
        "speaking_minutes": round(report.speaking_minutes, 2),
        "score": report.score,
        "tips": [tip.text for tip in report.tips[:3]],
    }


def stories(store: Store) -> list[Story]:
    """The learner's saved STAR stories, in the story bank's order (without signals)."""
    from course_lib.stories import StoryBank

    return [Story(s.key, s.question, s.text, declared=s.declared) for s in StoryBank(store).stories()]


def _questions(store: Store, content) -> tuple[tuple[str, tuple[str, ...]], ...]:
    from course_lib.questions import SavedQuestions

    bank = getattr(_content(content), "questions_to_ask", None)
    return SavedQuestions(store).planned({i.id: i.label for i in bank.interviewers} if bank else {})


def _quizzes(store: Store, content) -> tuple[QuizLine, ...]:
    from course_lib.quizzes import score_course

    lines = []
    for s in score_course(store, content).quizzes:
        if s.answered:
            lines.append(QuizLine(s.quiz.title, s.answered, s.total, s.percent, s.held,
                                  tuple(q.prompt for q in s.to_revisit)))
    return tuple(lines)


def _planner(store: Store) -> tuple[tuple[Entry, ...], tuple[Reminder, ...], str | None]:
    """Thank-you drafts, follow-up dates and the calendar, from what the planner views saved."""
    from course_lib import planner

    record = planner.SavedPlanner(store).read()
    drafts = tuple(Entry(n.name.strip() or f"interviewer {n.number}", n.note) for n in record.written_notes())
    plan = record.plan()
    if plan is None:  # no interview date yet, or dates that do not fit together
        return drafts, (), None
    reminders = tuple(Reminder(r.title, r.window(), r.detail) for r in plan.reminders)
    return drafts, reminders, planner.to_ics(plan)


def gather(store: Store, *, content=None, now: datetime | None = None) -> PrepPack:
    """Read everything the prep pack shows from ``store``."""
    content = _content(content)
    now = now or datetime.now(timezone.utc)
    notes = []
    analyze = _coach()
    if analyze is None:
        notes.append("The STAR coach is not part of this copy of the course, so stories are shown without its signals.")
    found = [replace(s, signals=coach_signals(s.text, analyze, s.declared)) for s in stories(store)]
    try:
        quizzes = _quizzes(store, content)
    except ImportError:
        quizzes = ()
        notes.append("Quiz scores are not part of this copy of the course.")
    drafts, reminders, calendar = _planner(store)
    return PrepPack(
        pseudonym=store.pseudonym,
        made=f"{now.day} {now:%B %Y}",
        second_round_plan=worksheet_entries(store, "second_round_plan", content),
        company_research=worksheet_entries(store, "company_research", content),
        first_interview=worksheet_entries(store, "first_interview", content),
        video_call_check=worksheet_checklist(store, "video_call_check", content),
        task_plan=worksheet_entries(store, "task_plan", content),
        offer_plan=worksheet_entries(store, "offer_plan", content),
        stories=tuple(found),
        questions=_questions(store, content),
        adjustments=worksheet_entries(store, "adjustments_request", content),
        unasked_questions=worksheet_entries(store, "unasked_questions", content),
        thank_you_notes=drafts,
        reminders=reminders,
        calendar=calendar,
        quizzes=quizzes,
        notes=tuple(notes),
    )


# --- the pack as one list of sections --------------------------------------------------------------
# Blocks a section is made of. Every string in them is plain text (the learner's, or the course's):
# each renderer escapes it for its format.
@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Text:
    """The learner's own text: paragraphs and line breaks kept."""

    text: str


@dataclass(frozen=True)
class Para:
    """A line of the course's own: ``tone`` 'empty' or 'note' (greyed); ``file``, a file name shown
    as code where the text says ``{file}``."""

    text: str
    tone: str = ""
    file: str = ""


@dataclass(frozen=True)
class Item:
    """A list item: ``strong`` before the text, ``aside`` after it."""

    text: str
    strong: str = ""
    aside: str = ""


@dataclass(frozen=True)
class Items:
    items: tuple[Item, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Signals:
    """What the coach noticed: (good?, sentence) lines — marked ✓, ✗ or • (neither) — then tips."""

    lines: tuple[tuple[bool | None, str], ...]
    tips: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Group:
    """Blocks that belong together on paper (one story, one box): kept on one page when printed."""

    blocks: tuple
    kind: str = "entry"  # or "story"


@dataclass(frozen=True)
class Section:
    title: str  # "" for the closing notes, which have no heading
    blocks: tuple


_EMPTY = "Nothing saved yet: {where} has the exercise."


def _percent(value) -> str:
    return "–" if value is None else f"{round(value)} %"


def _signal_lines(signals: dict) -> list[tuple[bool | None, str]]:
    """The coach's signals as (good?, sentence) pairs, in the order a coach would go through them."""
    from course_lib.star import PARTS

    parts = signals["parts_present"]
    missing = [p for p in PARTS if p not in parts]
    lines = [(not missing, "All four parts: Situation, Task, Action, Result." if not missing
              else f"Parts found: {', '.join(parts) or 'none'}; missing: {', '.join(missing)}.")]
    if signals["ownership"] is not None:
        share = round(100 * signals["ownership"])
        lines.append((share >= 50, f"“I” in {share} % of the places where you say who acted (“I” or “we”)."))
    lines.append((signals["quantified_result"], "The result carries a number." if signals["quantified_result"]
                  else "The result carries no number: add one if you can (how much, how many, how fast)."))
    lines.append((not signals["hypothetical"], "Tells what you did." if not signals["hypothetical"]
                  else "Reads as what you would do, not what you did: tell a real event."))
    if signals["speaking_minutes"] is not None:
        minutes = signals["speaking_minutes"]
        lines.append((1.5 <= minutes <= 2.0 if minutes else None,
                      f"About {minutes:.1f} minutes aloud (aim for 1.5 to 2)."))
    if signals["score"] is not None:
        lines.append((None, f"Coach's score: {signals['score']} of 100 (a coaching signal, not a grade)."))
    return lines


def _entries(items, where: str) -> tuple:
    return tuple(Group((Heading(e.label), Text(e.text))) for e in items) or (Para(_EMPTY.format(where=where), "empty"),)


def _story(n: int, s: Story) -> Group:
    blocks = [Heading(f"Story {n}" + (f": {s.question}" if s.question else "")), Text(s.text)]
    if s.signals:
        blocks += [Para("What the coach noticed:"),
                   Signals(tuple(_signal_lines(s.signals)), tuple(s.signals["tips"]))]
    return Group(tuple(blocks), "story")


def _after(pack: PrepPack) -> tuple:
    blocks: list = []
    if pack.reminders:
        blocks += [Heading("Dates"), Items(tuple(Item(f"{r.when}. {r.detail}", strong=r.title) for r in pack.reminders))]
        if pack.calendar:
            blocks.append(Para("The dates are in the calendar file {file} next to this page.", "note", CALENDAR_NAME))
    blocks += [Group((Heading(f"Thank-you note to {e.label}"), Text(e.text))) for e in pack.thank_you_notes]
    return tuple(blocks) or (Para(_EMPTY.format(where="notebook 06 (thank-you notes and the follow-up planner)"),
                                  "empty"),)


def _offer(pack: PrepPack) -> tuple:
    """The learner's pay figures, with a line saying they stay in this pack."""
    blocks = _entries(pack.offer_plan, "notebook 06 (your numbers for an offer)")
    if not pack.offer_plan:
        return blocks
    return (Para("Private: these figures are in your own pack only, never in the results file.", "note"), *blocks)


def _ticks(checklist: Checklist | None, where: str) -> tuple:
    """A ticked list: how many are done, then each step marked done (✓) or to do (✗), in words too."""
    if checklist is None:
        return (Para(_EMPTY.format(where=where), "empty"),)
    return (Para(f"{checklist.summary()}."),
            Signals(tuple((c.passed, f"{c.verdict}: {c.label}") for c in checklist.checks)))


def _quiz_results(pack: PrepPack) -> tuple:
    if not pack.quizzes:
        return (Para("No quiz answered yet.", "empty"),)
    rows = tuple((q.title, f"{q.answered} of {q.total}", "held until the reveal" if q.held else _percent(q.percent))
                 for q in pack.quizzes)
    blocks: list = [Table(("Quiz", "Answered", "First-try score"), rows)]
    revisit = tuple(Item(prompt, aside=q.title) for q in pack.quizzes for prompt in q.to_revisit)
    if revisit:
        blocks += [Para("To revisit:"), Items(revisit)]
    return tuple(blocks)


def sections(pack: PrepPack) -> list[Section]:
    """The prep pack, section by section, as both formats show it."""
    stories_ = tuple(_story(n, s) for n, s in enumerate(pack.stories, 1))
    questions = tuple(b for who, asked in pack.questions for b in (Heading(who), Items(tuple(map(Item, asked)), True)))
    return [
        Section("Your second round", _entries(pack.second_round_plan, "notebook 02")),
        Section("The company", _entries(pack.company_research, "notebook 03")),
        Section("Your first interview", _entries(pack.first_interview, "notebook 03")),
        Section("Before a video interview", _ticks(pack.video_call_check, "notebook 03 (the video-call checklist)")),
        Section("Your take-home task", _entries(pack.task_plan, "notebook 03 (the task planner)")),
        Section("Your STAR stories", stories_ or (Para(_EMPTY.format(where="notebook 04 (the STAR coach)"), "empty"),)),
        Section("Questions to ask", questions or (Para(_EMPTY.format(where="notebook 05 (the questions builder)"),
                                                       "empty"),)),
        Section("Adjustments to ask for", _entries(pack.adjustments, "notebook 05 (the adjustments request)")),
        Section("Questions they should not ask",
                _entries(pack.unasked_questions, "notebook 05 (questions they should not ask)")),
        Section("After the interview", _after(pack)),
        Section("Your numbers for an offer", _offer(pack)),
        Section("Quiz results", _quiz_results(pack)),
        Section("", tuple(Para(note, "note") for note in pack.notes)),
    ]


# --- Markdown ----------------------------------------------------------------------------------------
_MARK = {True: "✓", False: "✗", None: "•"}


def _md_item(item: Item) -> str:
    strong = f"**{markdown_inline(item.strong)}**: " if item.strong else ""
    aside = f" ({markdown_inline(item.aside)})" if item.aside else ""
    return f"{strong}{markdown_inline(item.text)}{aside}"


def _md(block) -> list[str]:
    """One block as Markdown lines (each block ends with a blank line)."""
    if isinstance(block, Heading):
        return [f"### {markdown_inline(block.text)}", ""]
    if isinstance(block, Text):
        return [markdown_text(block.text), ""]
    if isinstance(block, Para):
        text = f" `{block.file}` ".join(markdown_inline(piece) for piece in block.text.split("{file}")).strip()
        return [f"_{text}_" if block.tone == "note" else text, ""]
    if isinstance(block, Items):
        return [f"{f'{n}.' if block.ordered else '-'} {_md_item(i)}" for n, i in enumerate(block.items, 1)] + [""]
    if isinstance(block, Signals):
        return ([f"- {_MARK[good]} {markdown_inline(line)}" for good, line in block.lines]
                + [f"- Tip: {markdown_inline(tip)}" for tip in block.tips] + [""])
    if isinstance(block, Table):
        rows = ["| " + " | ".join(markdown_inline(cell) for cell in row) + " |" for row in (block.header, *block.rows)]
        return [rows[0], "| " + " | ".join("---" for _ in block.header) + " |", *rows[1:], ""]
    return [line for inner in block.blocks for line in _md(inner)]  # a Group


def to_markdown(pack: PrepPack) -> str:
    """The prep pack as Markdown (learner text escaped so it shows exactly as typed)."""
    out = ["# Second-interview prep pack", "", f"For {markdown_inline(pack.pseudonym)}, made on {pack.made}.", ""]
    for section in sections(pack):
        if section.title:
            out += [f"## {section.title}", ""]
        out += [line for block in section.blocks for line in _md(block)]
    return "\n".join(out).rstrip() + "\n"


# --- HTML --------------------------------------------------------------------------------------------
_CSS = """
body { font-family: Georgia, 'Times New Roman', serif; color: #1f1f1f; max-width: 46rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; font-size: 16px; }
h1, h2, h3 { font-family: Helvetica, Arial, sans-serif; line-height: 1.2; }
h1 { font-size: 1.8rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #0b5c8f; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-bottom: .3rem; }
.meta, .empty, .note { color: #4a4a4a; }
.learner { white-space: normal; overflow-wrap: anywhere; }
ul.signals { list-style: none; padding-left: 0; }
ul.signals li { margin: .15rem 0; }
.good { color: #00704a; font-weight: 600; }
.bad { color: #a6321d; font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .3rem .5rem; text-align: left; vertical-align: top; }
section { break-inside: auto; }
article.story, .entry { break-inside: avoid; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .no-print { display: none; }
}
"""
_TONE = {True: "good", False: "bad", None: "note"}


def _h(text) -> str:
    """Text for the HTML page: control characters dropped, escaped, never cut."""
    return escape(printable(text), limit=None)


def _html_item(item: Item) -> str:
    strong = f"<strong>{_h(item.strong)}</strong>: " if item.strong else ""
    aside = f' <span class="note">({_h(item.aside)})</span>' if item.aside else ""
    return f"<li>{strong}{_h(item.text)}{aside}</li>"


def _html(block) -> str:
    if isinstance(block, Heading):
        return f"<h3>{_h(block.text)}</h3>"
    if isinstance(block, Text):
        return f'<div class="learner"><p>{paragraphs(printable(block.text), limit=None)}</p></div>'
    if isinstance(block, Para):
        css = f' class="{block.tone}"' if block.tone else ""
        return f"<p{css}>" + f"<code>{_h(block.file)}</code>".join(map(_h, block.text.split("{file}"))) + "</p>"
    if isinstance(block, Items):
        tag = "ol" if block.ordered else "ul"
        return f"<{tag}>{''.join(map(_html_item, block.items))}</{tag}>"
    if isinstance(block, Signals):
        lines = "".join(f'<li><span class="{_TONE[good]}">{_MARK[good]}</span> {_h(line)}</li>'
                        for good, line in block.lines)
        return f'<ul class="signals">{lines}{"".join(f"<li>Tip: {_h(tip)}</li>" for tip in block.tips)}</ul>'
    if isinstance(block, Table):
        head = "".join(f'<th scope="col">{_h(c)}</th>' for c in block.header)
        rows = "".join("<tr>" + "".join(f"<td>{_h(c)}</td>" for c in row) + "</tr>" for row in block.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    tag = "article" if block.kind == "story" else "div"  # a Group
    return f'<{tag} class="{block.kind}">{"".join(map(_html, block.blocks))}</{tag}>'


def to_html(pack: PrepPack) -> str:
    """The prep pack as one self-contained, printable HTML page (learner text escaped)."""
    parts = []
    for section in sections(pack):
        body = "".join(map(_html, section.blocks))
        parts.append(f"<section><h2>{_h(section.title)}</h2>{body}</section>" if section.title else body)
    who = _h(pack.pseudonym)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Second-interview prep pack: {who}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>Second-interview prep pack</h1><p class="meta">For {who}, made on {_h(pack.made)}.</p></header>\n'
        "<main>\n" + "\n".join(p for p in parts if p) + "\n</main>\n</body>\n</html>\n"
    )


def render(pack: PrepPack, fmt: str) -> str:
    """The pack as 'md' or 'html' text."""
    if fmt not in FORMATS:
        raise ValueError(f"the prep pack is written as 'md' or 'html', not {fmt!r}")
    return to_markdown(pack) if fmt == "md" else to_html(pack)


def make_folder(folder: Path) -> Path:
    """The one place a folder for the learner's files is made (with :func:`_write`, the one place
    a file is written): what the pack, the calendar and the results file go into. A folder the
    course makes is the learner's alone (0700); one that exists is left as it is."""
    return private_folder(folder)


def _write(path: Path, text: str, *, newline: str | None = None) -> Path:
    """The one place a file leaves the course: the prep pack, its calendar and the results file.
    Each is personal data, so it is written readable by the learner only (0600), whatever the umask,
    and atomically. ``newline=None`` writes the system's line ends, as text files do; "" keeps them."""
    if newline is None:
        text = text.replace("\n", os.linesep)
    return write_private(path, text)


def write_prep_pack(store: Store, out, formats=("md", "html"), *, content=None) -> list[Path]:
    """Write the prep pack, and the calendar file when there are dates; returns the files written.

    ``out`` is a folder (the files get their usual names), or — for one format — a file name ending
    in .md or .html (the calendar goes beside it). A pack written earlier is replaced: it was the
    learner's own export, and everything in it is still in the store."""
    formats = (formats,) if isinstance(formats, str) else tuple(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:  # checked before anything is written
        raise ValueError(f"the prep pack is written as 'md' or 'html', not {', '.join(map(repr, unknown)) or 'nothing'}")
    out = Path(out)
    as_file = len(formats) == 1 and out.suffix.lower() in (".md", ".html", ".htm") and not out.is_dir()
    targets = [out] if as_file else [out / f"{PACK_NAME}.{fmt}" for fmt in formats]
    pack = gather(store, content=content)
    make_folder(targets[0].parent)
    written = [_write(path, render(pack, fmt)) for fmt, path in zip(formats, targets)]
    if pack.calendar:  # iCalendar keeps its CRLF line ends
        written.append(_write(targets[0].parent / CALENDAR_NAME, pack.calendar, newline=""))
    return written


# --- the results file --------------------------------------------------------------------------
def _completion(store: Store, content, quiz_scores) -> dict[str, dict[str, int]]:
    """For each learner notebook: how many of its tasks are done, of how many. A task is a quiz
    question answered, or an exercise (worksheet, stories, planner) with something saved."""
    notebooks = [n.file for n in content.course_map.notebooks if n.audience == "learner"] if content.course_map else []
    done: dict[str, list[int]] = {n: [0, 0] for n in notebooks}
    for s in quiz_scores:
        tally = done.setdefault(s.quiz.notebook, [0, 0])
        tally[0] += s.answered
        tally[1] += s.total
    for notebook, activities in ACTIVITIES.items():
        tally = done.setdefault(notebook, [0, 0])
        for activity in activities:
            tally[0] += _started(store, activity)
            tally[1] += 1
    return {n: {"done": d, "of": of} for n, (d, of) in done.items() if of}


def _started(store: Store, activity: str) -> bool:
    from course_lib.planner import SavedPlanner

    if activity == "star":
        return bool(stories(store))
    if activity == "planner":
        return SavedPlanner(store).started()
    return SavedWorksheets(store).started(activity)


def build_results(store: Store, *, include_texts: bool = False, content=None, now: datetime | None = None) -> dict:
    """The learner's results file as a dict (see the module docstring)."""
    from course_lib import __version__
    from course_lib.quizzes import score_course

    content = _content(content)
    now = now or datetime.now(timezone.utc)
    scores = score_course(store, content)
    analyze = _coach()
    found = stories(store)
    results = {
        "format": RESULTS_FORMAT,
        "version": RESULTS_VERSION,
        "course_version": __version__,
        "learner": store.learner_id,
        "pseudonym": store.pseudonym,
        "exported_at": now.isoformat(timespec="seconds"),
        "includes_texts": bool(include_texts),
        "notebooks": _completion(store, content, scores.quizzes),
        "quizzes": {
            s.quiz.id: {
                "notebook": s.quiz.notebook,
                "total": s.total,
                "answered": s.answered,
                "held": s.held,
                "questions": {q.question.id: None if s.held else q.first_score for q in s.questions if q.answered},
            }
            for s in scores.quizzes
        },
        "star": [],
        "review": _review_counts(store, content, now),
    }
    for s in found:
        signals = coach_signals(s.text, analyze, s.declared) or {}
        signals.pop("tips", None)  # tips are sentences about the learner's text: texts only
        results["star"].append({"id": s.id, "words": len(s.text.split()), **signals})
    if include_texts:
        results["texts"] = {
            "worksheets": SavedWorksheets(store).texts(leave_out=private_ids(content)),
            "star": {s.id: {"question": s.question, "text": s.text} for s in found},
            "planner": _planner_texts(store),
        }
    return results


def _review_counts(store: Store, content, now: datetime) -> dict:
    """What has stuck, as counts: {"cards", "reviewed", "stuck", "reviews"} (course_lib.review)."""
    from course_lib.review import ReviewDeck

    return ReviewDeck(store, content, clock=lambda: now).history().to_dict()


def _planner_texts(store: Store) -> dict:
    from course_lib.planner import SavedPlanner

    return SavedPlanner(store).texts()


def write_results(store: Store, path, *, include_texts: bool = False, content=None) -> Path:
    """Write the learner's results file to ``path``: a .json file, or a folder to put it in."""
    results = build_results(store, include_texts=include_texts, content=content)
    path = Path(path)
    if path.is_dir() or not path.suffix:
        path = path / results_file_name(results)
    make_folder(path.parent)
    return _write(path, json.dumps(results, ensure_ascii=False, indent=2))


def results_file_name(results: dict) -> str:
    """'results-curious-heron-42-1a2b3c4d.json': the pseudonym, made safe for a file name, and the
    start of the learner id — two learners who picked the same pseudonym must not overwrite each
    other's file in a shared collection folder, while a learner who saves again replaces their own."""
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", results["pseudonym"].lower()).strip("-") or "learner"
    learner = re.sub(r"[^a-z0-9]+", "", str(results["learner"]).lower())[:8]
    return f"results-{slug}-{learner}.json"
