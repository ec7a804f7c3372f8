"""What leaves the learner's computer: the prep pack, and the results file for a class report.

The **prep pack** gathers the learner's own material from the progress store into one page to
read the night before and to print: company research, the first-interview review, STAR stories
with the coach's signals, questions to ask each interviewer, thank-you note drafts, follow-up
dates (with a calendar file) and quiz results. It is written as Markdown and as HTML (a clean,
printable page). Every piece of learner text is escaped (:mod:`course_lib.markup`): a learner's
``<script>`` shows as text.

The **results file** is what a learner hands to a facilitator: JSON, versioned, pseudonymous
(a pseudonym and a random id, nothing personal), scores and signals only — the learner's own
texts go in only if they choose ``include_texts``. :mod:`course_lib.classroom` reads a folder of
them.

Pure: no widgets. The quiz scores, the STAR coach and the planner are used when present.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from course_lib.markup import escape, markdown_text, paragraphs
from course_lib.worksheets import as_text

if TYPE_CHECKING:
    from course_lib.progress import Store

RESULTS_FORMAT = "second-interview-course/results"
RESULTS_VERSION = 1
PACK_NAME = "second-interview-prep-pack"
CALENDAR_NAME = "follow-up-dates.ics"
FORMATS = ("md", "html")

STAR_PARTS = ("situation", "task", "action", "result")

# The exercises each notebook asks for beyond its quiz (quizzes name their notebook in data/):
# progress-store sections that count as done once they hold something.
ACTIVITIES = {
    "01_what_it_means.ipynb": ("worksheet:check_a_statistic",),
    "02_purpose_and_expectations.ipynb": ("worksheet:second_round_plan",),
    "03_prepare.ipynb": ("worksheet:company_research", "worksheet:first_interview"),
    "04_star_method.ipynb": ("star",),
    "05_in_the_room.ipynb": ("worksheet:paraphrase", "worksheet:questions_to_ask"),
    "06_after_the_interview.ipynb": ("planner",),
}


# --- the learner's material, read from the store -------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One labelled piece of the learner's text."""

    label: str
    text: str


@dataclass(frozen=True)
class Story:
    """A STAR story and what the coach noticed in it (``signals`` is None without the coach)."""

    id: str
    question: str
    text: str
    signals: dict | None = None


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
    stories: tuple[Story, ...] = ()
    questions: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (interviewer, questions)
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


def _label(key: str) -> str:
    return key.replace("_", " ").replace("-", " ").strip().capitalize() or key


def worksheet_entries(store: Store, name: str, content=None) -> tuple[Entry, ...]:
    """A worksheet's saved boxes, labelled and in the worksheet's order; boxes the worksheet no
    longer has are kept too (under their id), since the learner wrote them."""
    saved = store.items(f"worksheet:{name}")
    sheets = getattr(getattr(_content(content), "worksheets", None), "worksheets", None) or []
    fields = next((s.fields for s in sheets if s.id == name), [])
    labels = {f.id: f.label for f in fields}
    order = [f.id for f in fields] + [k for k in saved if k not in labels]
    return tuple(Entry(labels.get(k, _label(k)), as_text(saved[k])) for k in order if as_text(saved.get(k)).strip())


def _coach():
    """The STAR coach's analyze(), or None when this copy of the course has no coach."""
    try:
        from course_lib.star import analyze
    except ImportError:
        return None
    return analyze


def coach_signals(text: str, analyze=None) -> dict | None:
    """The coach's signals for a story (``course_lib.star.analyze``), as plain data; None without
    the coach or without text."""
    analyze = analyze or _coach()
    if analyze is None or not text.strip():
        return None
    report = analyze(text)
    return {
        "parts_present": [p for p in STAR_PARTS if p in report.parts_present],
        "ownership": None if report.ownership is None else round(report.ownership, 2),
        "quantified_result": report.quantified_result,
        "hypothetical": report.hypothetical,
        "speaking_minutes": round(report.speaking_minutes, 2),
        "score": report.score,
        "tips": [tip.text for tip in report.tips[:3]],
    }


def _story(key: str, value) -> Story | None:
    """A story from its saved value (section ``star``, key: the story id): plain text, or a record
    with the ``question`` (or ``title``) and the ``text`` (or ``answer``, or the four parts
    ``situation``, ``task``, ``action``, ``result`` as the guided boxes keep them)."""
    if isinstance(value, str):
        return Story(key, "", value) if value.strip() else None
    if not isinstance(value, dict):
        return None
    text = value.get("text") if isinstance(value.get("text"), str) else value.get("answer")
    if not isinstance(text, str) or not text.strip():
        text = "\n\n".join(value[p] for p in STAR_PARTS if isinstance(value.get(p), str) and value[p].strip())
    question = next((value[k] for k in ("question", "title") if isinstance(value.get(k), str)), "")
    return Story(key, question, text) if text.strip() else None


def stories(store: Store) -> list[Story]:
    """The learner's saved STAR stories (without signals)."""
    return [s for k, v in store.items("star").items() if (s := _story(k, v)) is not None]


def _questions(store: Store, content) -> tuple[tuple[str, tuple[str, ...]], ...]:
    saved = store.items("worksheet:questions_to_ask")
    bank = getattr(_content(content), "questions_to_ask", None)
    labels = {i.id: i.label for i in bank.interviewers} if bank else {}
    plan = saved.get("plan")
    if not isinstance(plan, dict):  # the builder saved no plan yet: the learner's own questions
        plan = {k: v for k, v in saved.items() if k in labels}
    out = []
    for who, asked in plan.items():
        lines = asked if isinstance(asked, list) else as_text(asked).splitlines()
        lines = tuple(q.strip() for q in map(as_text, lines) if q.strip())
        if lines:
            out.append((labels.get(who, _label(who)), lines))
    return tuple(out)


def _quizzes(store: Store, content) -> tuple[QuizLine, ...]:
    from course_lib.quizzes import score_course

    lines = []
    for s in score_course(store, content).quizzes:
        if s.answered:
            lines.append(QuizLine(s.quiz.title, s.answered, s.total, s.percent, s.held,
                                  tuple(q.prompt for q in s.to_revisit)))
    return tuple(lines)


def _planner(store: Store) -> tuple[tuple[Entry, ...], tuple[Reminder, ...], str | None]:
    """Thank-you drafts, follow-up dates and the calendar, from what the planner views saved
    (keys ``interview_date``, ``decision_date``, ``company`` and ``thank_you:<n>``)."""
    from course_lib import planner

    saved = store.items("planner")
    drafts = []
    for key, value in saved.items():
        if key.startswith("thank_you:") and isinstance(value, dict) and as_text(value.get("note")).strip():
            who = as_text(value.get("name")).strip() or f"interviewer {key.partition(':')[2]}"
            drafts.append(Entry(who, as_text(value["note"])))
    try:
        plan = planner.follow_up_plan(saved.get("interview_date"), saved.get("decision_date"),
                                      company=as_text(saved.get("company")))
    except (TypeError, ValueError):  # no interview date yet, or dates that do not fit together
        return tuple(drafts), (), None
    reminders = tuple(Reminder(r.title, r.window(), r.detail) for r in plan.reminders)
    return tuple(drafts), reminders, planner.to_ics(plan)


def gather(store: Store, *, content=None, now: datetime | None = None) -> PrepPack:
    """Read everything the prep pack shows from ``store``."""
    content = _content(content)
    now = now or datetime.now(timezone.utc)
    notes = []
    analyze = _coach()
    if analyze is None:
        notes.append("The STAR coach is not part of this copy of the course, so stories are shown without its signals.")
    found = [Story(s.id, s.question, s.text, coach_signals(s.text, analyze)) for s in stories(store)]
    try:
        quizzes = _quizzes(store, content)
    except ImportError:
        quizzes = ()
        notes.append("Quiz scores are not part of this copy of the course.")
    try:
        drafts, reminders, calendar = _planner(store)
    except ImportError:
        drafts, reminders, calendar = (), (), None
        notes.append("The follow-up planner is not part of this copy of the course.")
    return PrepPack(
        pseudonym=store.pseudonym,
        made=f"{now.day} {now:%B %Y}",
        second_round_plan=worksheet_entries(store, "second_round_plan", content),
        company_research=worksheet_entries(store, "company_research", content),
        first_interview=worksheet_entries(store, "first_interview", content),
        stories=tuple(found),
        questions=_questions(store, content),
        thank_you_notes=drafts,
        reminders=reminders,
        calendar=calendar,
        quizzes=quizzes,
        notes=tuple(notes),
    )


# --- rendering -----------------------------------------------------------------------------------
# Each part of the pack: (title, the notebook where the learner fills it, attribute of PrepPack).
_EMPTY = "Nothing saved yet: {where} has the exercise."


def _percent(value) -> str:
    return "–" if value is None else f"{round(value)} %"


def _signal_lines(signals: dict) -> list[tuple[bool | None, str]]:
    """The coach's signals as (good?, sentence) pairs, in the order a coach would go through them."""
    parts = signals["parts_present"]
    missing = [p for p in STAR_PARTS if p not in parts]
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


def to_markdown(pack: PrepPack) -> str:
    """The prep pack as Markdown (learner text escaped so it shows exactly as typed)."""
    md = markdown_text
    out = [f"# Second-interview prep pack", "", f"For {md(pack.pseudonym)}, made on {pack.made}.", ""]

    def entries(title, items, where):
        out.extend([f"## {title}", ""])
        if not items:
            out.extend([_EMPTY.format(where=where), ""])
        for e in items:
            out.extend([f"### {md(e.label)}", "", md(e.text), ""])

    entries("Your second round", pack.second_round_plan, "notebook 02")
    entries("The company", pack.company_research, "notebook 03")
    entries("Your first interview", pack.first_interview, "notebook 03")

    out.extend(["## Your STAR stories", ""])
    if not pack.stories:
        out.extend([_EMPTY.format(where="notebook 04 (the STAR coach)"), ""])
    for n, s in enumerate(pack.stories, 1):
        out.extend([f"### Story {n}" + (f": {md(s.question)}" if s.question else ""), "", md(s.text), ""])
        if s.signals:
            out.append("What the coach noticed:")
            out.append("")
            out.extend(f"- {'✓' if good else '✗' if good is False else '•'} {md(text)}" for good, text in _signal_lines(s.signals))
            out.extend(f"- Tip: {md(t)}" for t in s.signals["tips"])
            out.append("")

    out.extend(["## Questions to ask", ""])
    if not pack.questions:
        out.extend([_EMPTY.format(where="notebook 05 (the questions builder)"), ""])
    for who, asked in pack.questions:
        out.extend([f"### {md(who)}", ""])
        out.extend(f"{i}. {md(q)}" for i, q in enumerate(asked, 1))
        out.append("")

    out.extend(["## After the interview", ""])
    if not pack.reminders and not pack.thank_you_notes:
        out.extend([_EMPTY.format(where="notebook 06 (thank-you notes and the follow-up planner)"), ""])
    if pack.reminders:
        out.extend(["### Dates", ""])
        out.extend(f"- **{md(r.title)}**: {md(r.when)}. {md(r.detail)}" for r in pack.reminders)
        if pack.calendar:
            out.append(f"- The dates are in the calendar file `{CALENDAR_NAME}` next to this page.")
        out.append("")
    for e in pack.thank_you_notes:
        out.extend([f"### Thank-you note to {md(e.label)}", "", md(e.text), ""])

    out.extend(["## Quiz results", ""])
    if not pack.quizzes:
        out.extend(["No quiz answered yet.", ""])
    else:
        out.extend(["| Quiz | Answered | First-try score |", "| --- | --- | --- |"])
        out.extend(f"| {md(q.title)} | {q.answered} of {q.total} | "
                   f"{'held until the reveal' if q.held else _percent(q.percent)} |" for q in pack.quizzes)
        out.append("")
        revisit = [(q.title, p) for q in pack.quizzes for p in q.to_revisit]
        if revisit:
            out.extend(["To revisit:", ""])
            out.extend(f"- {md(p)} ({md(t)})" for t, p in revisit)
            out.append("")
    for note in pack.notes:
        out.extend([f"_{md(note)}_", ""])
    return "\n".join(out).rstrip() + "\n"


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


def to_html(pack: PrepPack) -> str:
    """The prep pack as one self-contained, printable HTML page (learner text escaped)."""
    p = paragraphs

    def text(t):
        return f'<div class="learner"><p>{p(t, limit=None)}</p></div>'

    def entries(title, items, where):
        body = "".join(f'<div class="entry"><h3>{escape(e.label)}</h3>{text(e.text)}</div>' for e in items)
        return f"<section><h2>{title}</h2>{body or _empty(where)}</section>"

    parts = [
        entries("Your second round", pack.second_round_plan, "notebook 02"),
        entries("The company", pack.company_research, "notebook 03"),
        entries("Your first interview", pack.first_interview, "notebook 03"),
    ]
    stories_html = []
    for n, s in enumerate(pack.stories, 1):
        head = f"Story {n}" + (f": {escape(s.question)}" if s.question else "")
        signals = ""
        if s.signals:
            items = "".join(
                f'<li><span class="{"good" if good else "bad" if good is False else "note"}">'
                f'{"✓" if good else "✗" if good is False else "•"}</span> {escape(line)}</li>'
                for good, line in _signal_lines(s.signals))
            items += "".join(f"<li>Tip: {escape(t)}</li>" for t in s.signals["tips"])
            signals = f'<p>What the coach noticed:</p><ul class="signals">{items}</ul>'
        stories_html.append(f'<article class="story"><h3>{head}</h3>{text(s.text)}{signals}</article>')
    parts.append(f"<section><h2>Your STAR stories</h2>{''.join(stories_html) or _empty('notebook 04 (the STAR coach)')}</section>")

    questions = "".join(
        f"<h3>{escape(who)}</h3><ol>{''.join(f'<li>{escape(q)}</li>' for q in asked)}</ol>" for who, asked in pack.questions)
    parts.append(f"<section><h2>Questions to ask</h2>{questions or _empty('notebook 05 (the questions builder)')}</section>")

    after = ""
    if pack.reminders:
        rows = "".join(f"<li><strong>{escape(r.title)}</strong>: {escape(r.when)}. {escape(r.detail)}</li>"
                       for r in pack.reminders)
        calendar = (f'<p class="note">The dates are in the calendar file <code>{CALENDAR_NAME}</code> next to this page.</p>'
                    if pack.calendar else "")
        after += f"<h3>Dates</h3><ul>{rows}</ul>{calendar}"
    after += "".join(f'<div class="entry"><h3>Thank-you note to {escape(e.label)}</h3>{text(e.text)}</div>'
                     for e in pack.thank_you_notes)
    parts.append("<section><h2>After the interview</h2>"
                 f"{after or _empty('notebook 06 (thank-you notes and the follow-up planner)')}</section>")

    if pack.quizzes:
        rows = "".join(f"<tr><td>{escape(q.title)}</td><td>{q.answered} of {q.total}</td>"
                       f"<td>{'held until the reveal' if q.held else _percent(q.percent)}</td></tr>" for q in pack.quizzes)
        revisit = "".join(f"<li>{escape(prompt)} <span class=\"note\">({escape(q.title)})</span></li>"
                          for q in pack.quizzes for prompt in q.to_revisit)
        quizzes = ('<table><thead><tr><th scope="col">Quiz</th><th scope="col">Answered</th>'
                   f'<th scope="col">First-try score</th></tr></thead><tbody>{rows}</tbody></table>'
                   + (f"<p>To revisit:</p><ul>{revisit}</ul>" if revisit else ""))
    else:
        quizzes = '<p class="empty">No quiz answered yet.</p>'
    parts.append(f"<section><h2>Quiz results</h2>{quizzes}</section>")
    parts.extend(f'<p class="note"><em>{escape(n)}</em></p>' for n in pack.notes)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Second-interview prep pack: {escape(pack.pseudonym)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>Second-interview prep pack</h1><p class="meta">For {escape(pack.pseudonym)}, '
        f"made on {escape(pack.made)}.</p></header>\n<main>\n" + "\n".join(parts) + "\n</main>\n</body>\n</html>\n"
    )


def _empty(where: str) -> str:
    return f'<p class="empty">{escape(_EMPTY.format(where=where))}</p>'


def render(pack: PrepPack, fmt: str) -> str:
    """The pack as 'md' or 'html' text."""
    if fmt not in FORMATS:
        raise ValueError(f"the prep pack is written as 'md' or 'html', not {fmt!r}")
    return to_markdown(pack) if fmt == "md" else to_html(pack)


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
    targets[0].parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt, path in zip(formats, targets):
        path.write_text(render(pack, fmt), encoding="utf-8")
        written.append(path)
    if pack.calendar:
        path = targets[0].parent / CALENDAR_NAME
        path.write_text(pack.calendar, encoding="utf-8", newline="")  # iCalendar keeps its CRLF line ends
        written.append(path)
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
    for notebook, sections in ACTIVITIES.items():
        tally = done.setdefault(notebook, [0, 0])
        for section in sections:
            tally[0] += bool(store.items(section))
            tally[1] += 1
    return {n: {"done": d, "of": of} for n, (d, of) in done.items() if of}


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
    }
    for s in found:
        signals = coach_signals(s.text, analyze) or {}
        signals.pop("tips", None)  # tips are sentences about the learner's text: texts only
        results["star"].append({"id": s.id, "words": len(s.text.split()), **signals})
    if include_texts:
        results["texts"] = {
            "worksheets": {name.removeprefix("worksheet:"): {k: as_text(v) for k, v in store.items(name).items()}
                           for name in store.sections("worksheet:")},
            "star": {s.id: {"question": s.question, "text": s.text} for s in found},
            "planner": store.items("planner"),
        }
    return results


def write_results(store: Store, path, *, include_texts: bool = False, content=None) -> Path:
    """Write the learner's results file to ``path``: a .json file, or a folder to put it in."""
    results = build_results(store, include_texts=include_texts, content=content)
    path = Path(path)
    if path.is_dir() or not path.suffix:
        path = path / results_file_name(results)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def results_file_name(results: dict) -> str:
    """'results-curious-heron-42-1a2b3c4d.json': the pseudonym, made safe for a file name, and the
    start of the learner id — two learners who picked the same pseudonym must not overwrite each
    other's file in a shared collection folder, while a learner who saves again replaces their own."""
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", results["pseudonym"].lower()).strip("-") or "learner"
    learner = re.sub(r"[^a-z0-9]+", "", str(results["learner"]).lower())[:8]
    return f"results-{slug}-{learner}.json"
