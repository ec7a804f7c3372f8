"""One candidate, start to finish (data/candidate.yaml): a worked example beside each exercise.

Sam has planned delivery routes for a bakery for two years and applies to be a logistics planner
at FarmFresh. Beside each exercise (:data:`EXERCISES`) the learner can open what Sam wrote there:
his advert and research, his first-interview notes and review, two STAR stories, his questions for
each person he meets, his thank-you note and his follow-up plan.

There is one source for each piece. His thank-you note is the model note of model_answers.yaml;
his questions are planned by the questions builder (:func:`course_lib.questions.suggest`) from
his own; his follow-up dates are worked out by the planner (:func:`course_lib.planner.follow_up_plan`)
from the interview date, so they can never disagree with it. The content proves itself
(:func:`problems`, run by ``python -m course_lib validate``): his worksheet answers use the
worksheets' own field ids, his stories pass the STAR coach as a worked rewrite must, his questions
are for interviewers the course knows and never repeat, and his note passes every check of the
thank-you builder, timing included. Pure logic: no widgets; the HTML escapes every piece of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from course_lib import model_answer, planner, questions, star
from course_lib.drills import REWRITE_RULES, reading
from course_lib.markup import escape, prose


@dataclass(frozen=True)
class Exercise:
    title: str  # the heading above the worked example
    notebook: str  # where it is shown
    level: int  # its heading's level, one below the section it sits in


# The exercises Sam's worked example sits beside: the id is what a notebook passes to
# ``course.worked_example``.
EXERCISES = {
    "company_research": Exercise("Sam's advert and company research", "03_prepare.ipynb", 4),
    "first_interview": Exercise("Sam's first-interview review", "03_prepare.ipynb", 4),
    "star_coach": Exercise("Sam's two STAR stories", "04_star_method.ipynb", 3),
    "questions_builder": Exercise("Sam's questions for each interviewer", "05_in_the_room.ipynb", 4),
    "thank_you_builder": Exercise("Sam's thank-you note", "06_after_the_interview.ipynb", 4),
    "follow_up_planner": Exercise("Sam's follow-up plan", "06_after_the_interview.ipynb", 3),
}

# The worksheets his answers fill in, by the exercise that shows them.
WORKSHEETS = {"company_research": "company_research", "first_interview": "first_interview"}

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class WorkedExample:
    """The candidate and the content his worked example draws on."""

    candidate: object  # content.Candidate
    note: object  # content.ModelThankYouNote: his thank-you note
    worksheets: object  # content.Worksheets
    bank: object  # content.QuestionsToAsk


def load(data_dir=None) -> WorkedExample:
    """Sam and what his worked example draws on, validated."""
    from course_lib.content import Candidate, ModelAnswers, QuestionsToAsk, Worksheets, load_content

    content = load_content(data_dir, only=(Candidate, ModelAnswers, Worksheets, QuestionsToAsk))
    missing = [name for name, value in (("candidate.yaml", content.candidate), ("model_answers.yaml", content.model_answers),
                                        ("worksheets.yaml", content.worksheets),
                                        ("questions_to_ask.yaml", content.questions_to_ask)) if value is None]
    if missing:
        raise LookupError(f"data/{', data/'.join(missing)} {'is' if len(missing) == 1 else 'are'} missing")
    return WorkedExample(content.candidate, content.model_answers.thank_you_note, content.worksheets,
                         content.questions_to_ask)


# --- what the course's tools make of him -----------------------------------------------------
def follow_up(candidate) -> planner.FollowUpPlan:
    """His follow-up plan, as the planner works it out from his interview and decision dates."""
    dates = candidate.follow_up
    return planner.follow_up_plan(dates.interview, dates.decision, company=candidate.advert.company)


def question_plan(candidate, bank) -> questions.QuestionPlan:
    """His questions, as the questions builder plans them: his own for each person he meets first,
    then the builder's suggestions, none asked of two people."""
    return questions.suggest(bank, meeting=[i.kind for i in candidate.interviewers],
                             own={i.kind: list(i.questions) for i in candidate.interviewers})


def note_checks(candidate, note):
    """The thank-you builder's checks on his note, timing included: he sent it the evening of the interview."""
    day = candidate.follow_up.interview
    return model_answer.note_checks(note, interview=day, sent=day)


def story_reading(story) -> star.StarReport:
    """The STAR coach's reading of one of his stories."""
    return reading(story.answer)


def problems(content) -> list[str]:
    """What ``validate`` reports about data/candidate.yaml in a loaded ``content.Content``, one line
    each naming the file, the item and the field."""
    candidate = content.candidate
    if candidate is None:
        return []
    label = content.shown_name("candidate.yaml")
    found = []
    if content.worksheets is not None:
        found += _worksheet_problems(candidate, content.worksheets, label)
    for story in candidate.stories:
        if failed := model_answer.star_problems(story_reading(story), REWRITE_RULES):
            found.append(f"{label}: story '{story.id}': 'answer' does not pass the STAR coach as a worked example "
                         f"must ({'; '.join(failed)})")
    if content.questions_to_ask is not None:
        found += _question_problems(candidate, content.questions_to_ask, label)
    try:
        follow_up(candidate)
    except ValueError as error:
        found.append(f"{label}: follow_up: the planner cannot plan from these dates ({error})")
    if content.model_answers is not None:
        found += _note_problems(candidate, content.model_answers.thank_you_note, label)
    return found


def _worksheet_problems(candidate, worksheets, label: str) -> list[str]:
    sheets = {sheet.id: sheet for sheet in worksheets.worksheets}
    found = [f"{label}: worksheets: '{sheet}' is missing (the worked example of that exercise shows it)"
             for sheet in WORKSHEETS.values() if sheet not in candidate.worksheets]
    for sheet_id, answers in candidate.worksheets.items():
        sheet = sheets.get(sheet_id)
        if sheet is None:
            found.append(f"{label}: worksheets: '{sheet_id}' is not a worksheet in worksheets.yaml "
                         f"(worksheets: {', '.join(sheets)})")
            continue
        fields = [f.id for f in sheet.fields]
        for field_id in answers:
            if field_id not in fields:
                found.append(f"{label}: worksheet '{sheet_id}': '{field_id}' is not a field of that worksheet in "
                             f"worksheets.yaml (its fields: {', '.join(fields)})")
        if gaps := [f for f in fields if f not in answers]:
            found.append(f"{label}: worksheet '{sheet_id}': {', '.join(map(repr, gaps))} "
                         f"{'is' if len(gaps) == 1 else 'are'} missing: a worked example fills in every box")
    return found


def _question_problems(candidate, bank, label: str) -> list[str]:
    known = [i.id for i in bank.interviewers]
    found = [f"{label}: interviewer '{person.name}': 'kind' is '{person.kind}', which is not an interviewer in "
             f"questions_to_ask.yaml (known: {', '.join(known)})"
             for person in candidate.interviewers if person.kind not in known]
    if not found:
        for repeat in question_plan(candidate, bank).repeats:
            found.append(f"{label}: interviewers: 'questions' asks “{repeat.text}” of "
                         f"{' and '.join(repeat.interviewers)}: ask each person something different")
    return found


def _note_problems(candidate, note, label: str) -> list[str]:
    where = f"{label}: follow_up: the thank-you note in model_answers.yaml"
    found = []
    names = [person.name for person in candidate.interviewers]
    if note.interviewer not in names:
        found.append(f"{where} is to {note.interviewer}, who is not one of the interviewers ({', '.join(names)})")
    advert = candidate.advert
    for part in ("company", "role"):
        if getattr(note, part).casefold() != getattr(advert, part).casefold():
            found.append(f"{where} is about the {part} '{getattr(note, part)}', but the advert's {part} is "
                         f"'{getattr(advert, part)}'")
    day = candidate.follow_up.interview
    for named in dict.fromkeys(m.group(1).capitalize() for m in _WEEKDAY.finditer(note.note)):
        if named != f"{day:%A}":
            found.append(f"{where} names {named}, but 'interview' ({day.isoformat()}) is a {day:%A}")
    # model_answer.problems reports the checks the note fails whatever the dates; here only what his dates add
    undated = {c.label for c in model_answer.note_checks(note).checks if c.passed is False}
    for check in note_checks(candidate, note).checks:
        if check.passed is False and check.label not in undated:
            found.append(f"{where} fails the thank-you builder's check '{check.label}' ({check.detail})")
    return found


# --- shown to the learner --------------------------------------------------------------------
def _h(level: int, text: str) -> str:
    return f"<h{level}>{escape(text)}</h{level}>"


def _answers(sheet, answers: dict) -> str:
    rows = "".join(f"<dt><strong>{escape(f.label)}</strong></dt><dd>{escape(answers[f.id])}</dd>"
                   for f in sheet.fields if f.id in answers)
    return f'<dl class="course-worked-answers">{rows}</dl>'


def _long(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def body_html(worked: WorkedExample, exercise: str) -> str:
    """What Sam wrote for ``exercise`` (one of :data:`EXERCISES`), as HTML; headings one level
    below the worked example's own."""
    if exercise not in EXERCISES:
        raise KeyError(f"no worked example {exercise!r} (known: {', '.join(EXERCISES)})")
    sam, level = worked.candidate, EXERCISES[exercise].level + 1
    first = sam.name.split()[0]
    if exercise in WORKSHEETS:
        sheet = next(s for s in worked.worksheets.worksheets if s.id == WORKSHEETS[exercise])
        answers = _answers(sheet, sam.worksheets[sheet.id])
        if exercise == "company_research":
            advert = sam.advert
            return (_h(level, f"The advert: {advert.role}, {advert.company}, {advert.place}")
                    + f"<blockquote>{prose(advert.text)}</blockquote>"
                    + _h(level, f"{first}'s research") + answers)
        return (_h(level, f"{first}'s notes straight after round one")
                + f"<blockquote>{prose(sam.first_interview)}</blockquote>"
                + _h(level, f"{first}'s review") + answers)
    if exercise == "star_coach":
        parts = []
        for story in sam.stories:
            parts.append(_h(level, story.question) + f"<blockquote>{prose(story.answer)}</blockquote>"
                         + story_reading(story).checklist()._repr_html_())
        return "".join(parts)
    if exercise == "questions_builder":
        bank = {i.id: i for i in worked.bank.interviewers}
        people = "".join(f"<li><strong>{escape(bank[p.kind].label)}:</strong> {escape(p.name)}, {escape(p.job)}</li>"
                         for p in sam.interviewers if p.kind in bank)
        return (_h(level, "Who he meets") + f"<ul>{people}</ul>"
                + _h(level, "His questions")
                + "<p>He wrote one question of his own for each person (marked “your own”). "
                  "The builder added the others, and no one gets the same question twice.</p>"
                + question_plan(sam, worked.bank)._repr_html_())
    if exercise == "thank_you_builder":
        day = sam.follow_up.interview
        return (f"<p>{escape(first)}'s interview was on {escape(_long(day))}, and he sent this note that evening: "
                "the builder checks the timing from those dates.</p>"
                + model_answer.note_html(worked.note, level=level, interview=day, sent=day))
    dates = sam.follow_up
    said = (f" They said they would decide by {escape(_long(dates.decision))}." if dates.decision else
            " They gave no date for a decision.")
    return (f"<p>{escape(first)}'s interview was on {escape(_long(dates.interview))}.{said} "
            "He typed those two dates into the planner, and it worked out the rest.</p>"
            + follow_up(sam)._repr_html_())
