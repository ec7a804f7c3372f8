"""Course content as data: loading and validating everything in data/.

Facilitators edit YAML and CSV files, not Python. Each file kind has a schema (pydantic
models below); every problem becomes one plain line naming the file, the item and the field:

    data/quizzes/02_purpose.yaml: question 'fit-vs-skills', option 'c': 'explanation' is missing

``load_content()`` returns the whole course's content or raises :class:`ContentError` holding
every such line. ``python -m course_lib validate`` prints them. Nothing here is done at import
time, and pydantic and PyYAML are imported only when content is loaded.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from course_lib.paths import data_dir as default_data_dir

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9_-]*$")]


class ContentError(Exception):
    """Raised when content files are broken; ``errors`` holds one plain line per problem."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


class _Model(BaseModel):
    # extra="forbid": a typo such as 'explnation' is reported instead of silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


def _unique(ids, what: str) -> None:
    seen, twice = set(), []
    for i in ids:
        if i in seen and i not in twice:
            twice.append(i)
        seen.add(i)
    if twice:
        raise ValueError(f"{what} {', '.join(repr(t) for t in twice)} used more than once (ids must be unique)")


def _section_link(value: str | None) -> str | None:
    """A 'section' field: a notebook file, '#' and a heading's anchor (``links`` checks it exists)."""
    if value is not None and not re.fullmatch(r"[\w./-]+\.ipynb#[^\s#]+", value):
        raise ValueError(f"'section' is {value!r}, but must be a notebook file, '#' and a heading's "
                         "anchor, e.g. '04_star_method.ipynb#The-STAR-method'")
    return value


def _known_tracks(value: list[str]) -> list[str]:
    """A 'tracks' field: names of the course's tracks (course_lib.tracks), each once; none = for everyone."""
    from course_lib import tracks

    if bad := tracks.unknown(value):
        raise ValueError(f"'tracks' names {', '.join(map(repr, bad))}, which {'is not a track' if len(bad) == 1 else 'are not tracks'} "
                         f"of the course (known: {', '.join(tracks.TRACKS)})")
    _unique(value, "'tracks': track")
    return value


# --- quizzes ---------------------------------------------------------------------------------
class Option(_Model):
    id: Slug
    text: Text
    explanation: Text  # shown after an answer: why it is right, or why it is not quite


class Question(_Model):
    id: Slug
    kind: Literal["single", "multiple", "true_false", "ordering"]
    prompt: Text
    options: list[Option] = Field(min_length=1)
    # single / true_false: one option id; multiple: the ids of every correct option;
    # ordering: every option id in the right order.
    answer: list[Slug] = Field(min_length=1)
    hints: list[Text] = []
    # where the course teaches this: a notebook file and a heading's anchor (its text with
    # spaces as '-', as JupyterLab makes it), e.g. "04_star_method.ipynb#The-STAR-method"
    section: Text | None = None
    # for the final review: which of the article's eight FAQ questions this covers (1-8)
    faq: int | None = Field(default=None, ge=1, le=8)
    # set when the question asks for a statistic's verdict: the claim's id in data/statistics
    # (`python -m course_lib lint` counts these; at most one item in five should be one)
    statistic: Slug | None = None
    # the point of the question in a sentence or two, shown with the feedback once answered
    explanation: Text | None = None

    @field_validator("section")
    @classmethod
    def _section_is_a_link(cls, value):
        return _section_link(value)

    @field_validator("answer", mode="before")
    @classmethod
    def _one_answer_is_a_list(cls, value):
        return [value] if isinstance(value, (str, bool)) else value

    @field_validator("answer", mode="before")
    @classmethod
    def _yaml_booleans_are_ids(cls, value):
        # YAML reads a bare `true` as a boolean; a true/false question's option ids are text.
        if isinstance(value, list):
            return [str(v).lower() if isinstance(v, bool) else v for v in value]
        return value

    @model_validator(mode="after")
    def _answer_fits_options(self):
        ids = [o.id for o in self.options]
        _unique(ids, "option id")
        _unique([o.text for o in self.options], "option text")  # the learner tells options apart by text
        unknown = [a for a in self.answer if a not in ids]
        if unknown:
            raise ValueError(
                f"answer {', '.join(repr(u) for u in unknown)} is not among the options ({', '.join(ids)})"
            )
        if self.kind in ("single", "true_false") and len(self.answer) != 1:
            raise ValueError(f"a '{self.kind}' question has exactly one answer, not {len(self.answer)}")
        if self.kind == "true_false" and sorted(ids) != ["false", "true"]:
            raise ValueError("a 'true_false' question has exactly two options, with ids 'true' and 'false'")
        if self.kind == "multiple":
            _unique(self.answer, "answer")
        if self.kind == "ordering" and sorted(self.answer) != sorted(ids):
            raise ValueError("an 'ordering' answer lists every option id once, in the right order")
        if self.kind != "true_false" and len(ids) < 2:
            raise ValueError("a question needs at least two options")
        return self


class Quiz(_Model):
    id: Slug
    title: Text
    notebook: Text  # the notebook file the quiz belongs to, e.g. "02_purpose_and_expectations.ipynb"
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _question_ids_unique(self):
        _unique([q.id for q in self.questions], "question id")
        return self


# --- question bank and STAR examples ---------------------------------------------------------
class BankQuestion(_Model):
    id: Slug
    text: Text
    category: Literal["fit", "behavioural", "situational", "logistics"]
    formats: list[Literal["any", "panel", "site_visit", "meet_the_team", "presentation", "work_sample", "meal"]] = [
        "any"
    ]
    source: Text | None = None
    tracks: list[Slug] = []  # the learners it was chosen for (course_lib.tracks); none: everyone

    _tracks_known = field_validator("tracks")(_known_tracks)


class QuestionBank(_Model):
    questions: list[BankQuestion] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique(self):
        _unique([q.id for q in self.questions], "question id")
        return self


class StarExample(_Model):
    id: Slug
    question: Text
    job: Text
    quality: Literal["strong", "weak"]
    answer: Text
    notes: list[Text] = Field(min_length=1)  # what a careful reader notices, in the course's words
    tracks: list[Slug] = []  # the learners it was written for (course_lib.tracks); none: everyone

    _tracks_known = field_validator("tracks")(_known_tracks)


class StarExamples(_Model):
    examples: list[StarExample] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique(self):
        _unique([e.id for e in self.examples], "example id")
        return self


# --- model answers ---------------------------------------------------------------------------
QuestionKind = Literal["fit", "behavioural", "situational", "logistics"]  # as in the question bank


class ModelAnswer(_Model):
    id: Slug
    question: Text
    # 'behavioural': the model answer is a STAR story, which the STAR coach must read as complete
    kind: QuestionKind
    section: Text  # where the course teaches the skill, e.g. "04_star_method.ipynb#The-STAR-method"
    model_answer: Text
    why_it_works: list[Text] = Field(min_length=1)  # what a careful reader notices, in the course's words
    weak_answer: Text  # a common weak answer to the same question
    why_it_fails: list[Text] = Field(min_length=1)
    tracks: list[Slug] = []  # the learners it was written for (course_lib.tracks); none: everyone

    _tracks_known = field_validator("tracks")(_known_tracks)

    @field_validator("section")
    @classmethod
    def _section_is_a_link(cls, value):
        return _section_link(value)


class ModelThankYouNote(_Model):
    interviewer: Text  # who the note is for, as the thank-you builder asks
    role: Text
    company: Text
    discussed: Text  # the one thing talked about, as the builder asks
    note: Text  # the whole note, greeting and sign-off included; its line breaks are kept
    why_it_works: list[Text] = Field(min_length=1)


class ModelAnswers(_Model):
    answers: list[ModelAnswer] = Field(min_length=1)
    thank_you_note: ModelThankYouNote

    @model_validator(mode="after")
    def _ids_unique(self):
        _unique([a.id for a in self.answers], "answer id")
        _unique([a.question for a in self.answers], "question")
        return self


# --- one candidate, start to finish (data/candidate.yaml) ------------------------------------
class CandidateAdvert(_Model):
    company: Text
    role: Text
    place: Text
    text: Text  # the advert, short and in the course's own words


class CandidateStory(_Model):
    id: Slug
    question: Text  # the behavioural question it answers
    answer: Text  # the STAR coach must read it as complete, with a number in the result (`validate`)


class CandidateInterviewer(_Model):
    kind: Slug  # an interviewer id in questions_to_ask.yaml (`validate` checks)
    name: Text
    job: Text
    questions: list[Text] = Field(min_length=1)  # the candidate's own questions for this person


class CandidateFollowUp(_Model):
    interview: date  # the planner computes every other date from these two
    decision: date | None = None  # when they said they would decide (Candidate checks it is not before)


class Candidate(_Model):
    name: Text
    about: Text  # who they are, in a sentence or two
    advert: CandidateAdvert
    first_interview: Text  # their notes straight after round one
    # worksheet id -> field id -> what they wrote (ids as in worksheets.yaml: `validate` checks)
    worksheets: dict[Slug, dict[Slug, Text]] = Field(min_length=1)
    stories: list[CandidateStory] = Field(min_length=1)
    interviewers: list[CandidateInterviewer] = Field(min_length=1)
    follow_up: CandidateFollowUp

    @model_validator(mode="after")
    def _ids_unique(self):
        _unique([s.id for s in self.stories], "story id")
        _unique([i.kind for i in self.interviewers], "interviewer kind")
        dates = self.follow_up
        if dates.decision is not None and dates.decision < dates.interview:  # named here, with its item
            raise ValueError(f"follow_up: 'decision' ({dates.decision.isoformat()}) is before 'interview' "
                             f"({dates.interview.isoformat()})")
        return self


# --- rewrite drills (notebook 04) ------------------------------------------------------------
# How a drill's weak answer is weak; course_lib.drills knows which of the STAR coach's tips flags each.
Weakness = Literal["no-result", "we", "no-task", "long-setup", "hypothetical", "no-number"]


class StarDrill(_Model):
    id: Slug
    question: Text  # a real second-interview behavioural question
    speaker: Text  # who answers, e.g. "Sam, route planner at a bakery"
    weakness: Weakness
    weak_answer: Text  # the STAR coach must flag ``weakness`` in it (`validate` checks)
    rewrite: Text  # a worked rewrite of the same story, which the coach must read as complete
    why_it_helps: list[Text] = Field(min_length=1)  # why each change helps, in the course's words


class StarDrills(_Model):
    drills: list[StarDrill] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique(self):
        _unique([d.id for d in self.drills], "drill id")
        return self


# --- course map ------------------------------------------------------------------------------
class MapEntry(_Model):
    file: Text
    title: Text
    minutes: int = Field(ge=0, le=240)
    summary: Text
    goals: list[Text] = []
    audience: Literal["learner", "facilitator"] = "learner"


class CourseMap(_Model):
    notebooks: list[MapEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _files_unique(self):
        _unique([n.file for n in self.notebooks], "notebook file")
        return self


# --- statistics (CSV, one row per figure) ----------------------------------------------------
Verdict = Literal["traceable", "overstated", "plausible_but_dated", "misquoted", "untraced"]


class Statistic(_Model):
    id: Slug
    claim_id: Slug  # the article claim this figure belongs to (or an extra topic, e.g. time-to-hire)
    role: Literal["article", "evidence"]  # what the article says, or what a source measured
    statement: Text  # the claim as the article states it, or what was actually measured
    value: float
    # the top of a range ("4 to 6 interviewed": value 4, value_high 6); blank for a single figure
    value_high: float | None = None
    # ratio: a share as a fraction, 1 in 6 = 0.1667; correlation: how well one measure predicts
    # another, from -1 to 1 (a validity coefficient, e.g. 0.54)
    unit: Literal["percent", "days", "count", "ratio", "correlation"]
    population: Text
    source: Text
    # when the figure was measured or published; an article claim may be undated, a traced figure not
    year: int | None = Field(default=None, ge=1950, le=2100)
    sample_size: int | None = Field(default=None, gt=0)
    url: Text | None = None
    verdict: Verdict
    note: Text
    label: Text | None = None  # a few words for a chart, e.g. "Robert Half 2018"; blank: the statement
    part_of: Slug | None = None  # the row this figure is a part of ("very helpful" within "helpful")

    @field_validator("sample_size", "url", "value_high", "year", "label", "part_of", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _percent_in_range(self):
        for name in ("value", "value_high"):
            number = getattr(self, name)
            if number is None:
                continue
            if self.unit == "percent" and not 0 <= number <= 100:
                raise ValueError(f"'{name}' is {number:g}, but a percentage must be between 0 and 100")
            if self.unit == "ratio" and not 0 <= number <= 1:
                raise ValueError(f"'{name}' is {number:g}, but a ratio is a share between 0 and 1 (1 in 6 = 0.1667)")
            if self.unit == "correlation" and not -1 <= number <= 1:
                raise ValueError(f"'{name}' is {number:g}, but a correlation lies between -1 and 1")
        if self.value_high is not None and self.value_high < self.value:
            raise ValueError(f"'value_high' is {self.value_high:g}, below 'value' ({self.value:g}): "
                             "a range goes from the low figure to the high one")
        if self.role == "evidence" and not self.url:
            raise ValueError("'url' is missing: every traced figure names where it was seen")
        if self.role == "evidence" and self.year is None:
            raise ValueError("'year' is missing: every traced figure says when it was measured or published")
        return self


# --- worksheets and questions to ask ---------------------------------------------------------
class WorksheetField(_Model):
    id: Slug  # the key the learner's text is saved under
    label: Text  # a short heading, e.g. "Mission"
    prompt: Text  # what to write, in a sentence or two ('checklist': how to do the step)
    # shown in the empty box, so the learner sees what a good entry looks like ('checklist': none)
    example: Text | None = None
    question: Text | None = None  # 'paraphrase' worksheets: the interviewer's question to paraphrase
    source: Text | None = None  # where that question was seen


class Worksheet(_Model):
    id: Slug
    title: Text
    kind: Literal["notes", "paraphrase", "checklist"] = "notes"  # checklist: a box to tick per field
    # private: the learner's own (their pay figures): in their prep pack, never in the results file
    private: bool = False
    intro: Text
    source: Text | None = None
    fields: list[WorksheetField] = Field(min_length=1)

    @model_validator(mode="after")
    def _fields_fit_kind(self):
        _unique([f.id for f in self.fields], "field id")
        if self.kind == "paraphrase":
            bare = [f.id for f in self.fields if not f.question]
            if bare:
                raise ValueError(f"field {', '.join(repr(b) for b in bare)} has no 'question' "
                                 "(every field of a 'paraphrase' worksheet names the question to paraphrase)")
        else:
            asked = [f.id for f in self.fields if f.question]
            if asked:
                raise ValueError(f"field {', '.join(repr(a) for a in asked)} has a 'question', "
                                 "but only a worksheet with kind 'paraphrase' uses one")
        if self.kind == "checklist":
            shown = [f.id for f in self.fields if f.example]
            if shown:
                raise ValueError(f"field {', '.join(repr(s) for s in shown)} has an 'example', but a 'checklist' "
                                 "worksheet has boxes to tick, not to write in: put the advice in 'prompt'")
        else:
            bare = [f.id for f in self.fields if not f.example]
            if bare:
                raise ValueError(f"field {', '.join(repr(b) for b in bare)} has no 'example' (every box to write in "
                                 "shows one, so the learner sees what a good entry looks like)")
        return self


class Worksheets(_Model):
    worksheets: list[Worksheet] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique(self):
        _unique([w.id for w in self.worksheets], "worksheet id")
        return self


class InterviewerKind(_Model):
    id: Slug  # e.g. "hiring_manager"
    label: Text  # e.g. "Hiring manager"
    cares_about: Text  # what this person is judging, in one sentence


class QuestionToAsk(_Model):
    id: Slug
    text: Text
    topic: Literal["role", "success", "team", "culture", "growth", "strategy", "process"]
    interviewers: list[Slug] = Field(min_length=1)  # who can answer it well
    source: Text


class QuestionsToAsk(_Model):
    interviewers: list[InterviewerKind] = Field(min_length=1)
    questions: list[QuestionToAsk] = Field(min_length=1)

    @model_validator(mode="after")
    def _interviewers_known_and_served(self):
        known = [i.id for i in self.interviewers]
        _unique(known, "interviewer id")
        _unique([q.id for q in self.questions], "question id")
        for q in self.questions:
            unknown = [i for i in q.interviewers if i not in known]
            if unknown:
                raise ValueError(f"question {q.id!r}: interviewer {', '.join(repr(u) for u in unknown)} "
                                 f"is not among the interviewers ({', '.join(known)})")
        unserved = [i for i in known if not any(i in q.interviewers for q in self.questions)]
        if unserved:
            raise ValueError(f"interviewer {', '.join(repr(u) for u in unserved)} has no questions")
        return self


# --- mind maps (the article's two diagrams, drawn by course_lib.charts) ---------------------
# Short words keep a map legible when projected: a branch label fits on one line of a card.
MapLabel = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class MindMapBranch(_Model):
    label: MapLabel
    leaves: list[MapLabel] = Field(default=[], max_length=4)  # concrete actions or next steps


class MindMap(_Model):
    id: Slug
    title: Text
    centre: MapLabel
    notebook: Text  # where the map teaches, e.g. "06_after_the_interview.ipynb"
    branches: list[MindMapBranch] = Field(min_length=2, max_length=6)  # more would not fit a projected slide


class MindMaps(_Model):
    maps: list[MindMap] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique(self):
        _unique([m.id for m in self.maps], "map id")
        return self


# --- the workshop guide: agendas built around the live room, and the attendees' handout --------
class AgendaBlock(_Model):
    title: Text
    minutes: int = Field(ge=1, le=30)
    does: Text  # what happens, for the facilitator
    say: list[Text] = Field(min_length=1, max_length=3)  # talking points
    notebook: Annotated[str, StringConstraints(pattern=r"^0[0-7]$")] | None = None  # which learner notebook is open
    project: Text | None = None  # what is on the projector
    cut: Text | None = None  # what to drop when the room runs late
    buffer: bool = False  # time kept free to catch up

    @model_validator(mode="after")
    def _buffer_or_notebook(self):
        if not self.buffer and self.notebook is None:
            raise ValueError("'notebook' is missing (only a buffer block may leave it out)")
        return self


class Agenda(_Model):
    id: Slug
    minutes: Literal[60, 90]
    title: Text
    summary: Text
    objectives: list[Text] = Field(min_length=2, max_length=5)
    blocks: list[AgendaBlock] = Field(min_length=3)
    debrief: list[Text] = Field(min_length=2, max_length=5)
    homework: Text

    @model_validator(mode="after")
    def _minutes_add_up(self):
        total = sum(b.minutes for b in self.blocks)
        if total != self.minutes:
            raise ValueError(f"the blocks' minutes add up to {total}, not the agenda's {self.minutes}")
        if not any(b.buffer for b in self.blocks):
            raise ValueError("no block is a buffer: keep at least one ('buffer: true') for a late start")
        return self


class Handout(_Model):
    title: Text
    steps: list[Text] = Field(min_length=3, max_length=3)  # the three things to do
    kept: Text  # where their answers are kept
    prep_pack: Text  # how to get their prep pack


class WorkshopAgendas(_Model):
    materials: list[Text] = Field(min_length=1)
    agendas: list[Agenda] = Field(min_length=1)
    handout: Handout

    @model_validator(mode="after")
    def _ids_unique(self):
        _unique([a.id for a in self.agendas], "agenda id")
        _unique([a.minutes for a in self.agendas], "agenda length")
        return self


# --- the registry: which file holds which kind of content ------------------------------------
@dataclass(frozen=True)
class FileKind:
    pattern: str  # glob relative to the data folder
    model: type
    item_field: str | None  # the list holding the items, for counting ("questions")


FILE_KINDS = (
    FileKind("quizzes/*.yaml", Quiz, "questions"),
    FileKind("question_bank.yaml", QuestionBank, "questions"),
    FileKind("star_examples.yaml", StarExamples, "examples"),
    FileKind("model_answers.yaml", ModelAnswers, "answers"),
    FileKind("star_drills.yaml", StarDrills, "drills"),
    FileKind("candidate.yaml", Candidate, "stories"),
    FileKind("course_map.yaml", CourseMap, "notebooks"),
    FileKind("worksheets.yaml", Worksheets, "worksheets"),
    FileKind("questions_to_ask.yaml", QuestionsToAsk, "questions"),
    FileKind("statistics/*.csv", Statistic, None),  # CSV: every row is one item
    FileKind("mind_maps.yaml", MindMaps, "maps"),
    FileKind("workshop_agendas.yaml", WorkshopAgendas, "agendas"),
)


@dataclass
class Content:
    """Everything in data/, validated."""

    data_dir: Path
    quizzes: dict[str, Quiz] = field(default_factory=dict)
    question_bank: QuestionBank | None = None
    star_examples: StarExamples | None = None
    model_answers: ModelAnswers | None = None
    star_drills: StarDrills | None = None
    candidate: Candidate | None = None
    course_map: CourseMap | None = None
    worksheets: Worksheets | None = None
    questions_to_ask: QuestionsToAsk | None = None
    statistics: list[Statistic] = field(default_factory=list)
    mind_maps: MindMaps | None = None
    workshop_agendas: WorkshopAgendas | None = None
    files: int = 0
    items: int = 0
    quiz_files: dict[str, str] = field(default_factory=dict)  # quiz id -> the file it came from, for messages

    def shown_name(self, file: str) -> str:
        """A data file as messages name it ("data/star_drills.yaml")."""
        root = Path(self.data_dir)
        return _display_name(root / file, root)

    def quiz(self, quiz_id: str) -> Quiz:
        try:
            return self.quizzes[quiz_id]
        except KeyError:
            known = ", ".join(sorted(self.quizzes)) or "none"
            raise KeyError(f"no quiz {quiz_id!r} in {self.data_dir} (known: {known})") from None


# --- turning pydantic's errors into a facilitator's sentence ---------------------------------
_SINGULAR = {"questions": "question", "options": "option", "examples": "example", "notebooks": "notebook",
             "hints": "hint", "goals": "goal", "answer": "answer", "notes": "note", "formats": "format",
             "worksheets": "worksheet", "fields": "field", "interviewers": "interviewer",
             "maps": "map", "branches": "branch", "leaves": "leaf", "answers": "answer",
             "drills": "drill", "stories": "story",
             "agendas": "agenda", "blocks": "block", "say": "talking point", "objectives": "objective",
             "materials": "item", "steps": "step", "debrief": "debrief question"}


def _where(raw, loc) -> tuple[list[str], str | None]:
    """Split a pydantic location into the items it passes through and the field it ends on."""
    items, node, last_field = [], raw, None
    for i, step in enumerate(loc):
        if isinstance(step, int):
            label = _SINGULAR.get(last_field, last_field or "item")
            element = node[step] if isinstance(node, list) and step < len(node) else None
            ident = element.get("id") if isinstance(element, dict) else None
            if last_field in ("options", "questions", "examples") or ident is not None:
                items.append(f"{label} {_excerpt(ident)}" if ident is not None else f"{label} {step + 1}")
            else:  # a plain list of text: name the list and the position
                items.append(f"{label} {step + 1}")
            node = element
            last_field = None
        else:
            if i == len(loc) - 1:
                return items, step
            if isinstance(loc[i + 1], str):  # a mapping inside the item (thank_you_note: ...): name it
                items.append(step)
            node = node.get(step) if isinstance(node, dict) else None
            last_field = step
    return items, last_field


def _message(error: dict, fieldname: str | None, model: type) -> str:
    kind, msg, given = error["type"], error["msg"], error.get("input")
    name = f"'{fieldname}'" if fieldname else "this item"
    if kind == "missing":
        return f"{name} is missing"
    if kind == "extra_forbidden":
        known = [f for f in _fields_at(model, error["loc"][:-1])]
        guess = difflib.get_close_matches(str(fieldname), known, n=1)
        hint = f" (did you mean '{guess[0]}'?)" if guess else f" (known fields: {', '.join(known)})" if known else ""
        return f"{name} is not a known field{hint}"
    if kind == "too_short":
        return f"{name} is empty" if not given else f"{name} {msg.lower()}"
    if kind in ("float_parsing", "int_parsing", "float_type", "int_type", "int_from_float"):
        number = "a whole number" if kind.startswith("int") else "a number"
        return f"{name} must be {number}, not {_excerpt(given)}"
    if kind in ("string_type",):
        return f"{name} must be text, not {_excerpt(given)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"{name} must be true or false, not {_excerpt(given)}"
    if kind == "string_too_short":
        return f"{name} is empty"
    if kind == "string_pattern_mismatch":
        return f"{name} {_excerpt(given)} may only hold lower-case letters, digits, '-' and '_'"
    if kind == "literal_error":
        return f"{name} is {_excerpt(given)}, but must be {msg.split('Input should be ', 1)[-1]}"
    if kind == "value_error":
        text = msg.removeprefix("Value error, ")
        return text if len(text) <= 400 else text[:399] + "…"
    if kind in ("list_type", "model_type", "dict_type"):
        want = {"list_type": "a list", "model_type": "a mapping of fields", "dict_type": "a mapping"}[kind]
        return f"{name} must be {want}, not {type(given).__name__} {_excerpt(given)}"
    return f"{name}: {msg[:200]}"


def _fields_at(model: type, loc) -> list[str]:
    """The field names a model accepts at a location (for 'did you mean')."""
    current = model
    for step in loc:
        if isinstance(step, int) or current is None:
            continue
        info = getattr(current, "model_fields", {}).get(step)
        current = None
        if info is not None:
            # a list[Model] or Model | None holds the model in its arguments; a plain Model is itself
            for arg in getattr(info.annotation, "__args__", ()) or (info.annotation,):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    current = arg
    return list(getattr(current, "model_fields", {})) if current is not None else []


def _lines(label: str, raw, exc: ValidationError, model: type, prefix: list[str] | None = None) -> list[str]:
    out = []
    errors = exc.errors()
    # A misspelt field shows up twice: as unknown ('explnation') and as missing ('explanation').
    # Report it once, as the typo, which says how to fix it.
    typos = {
        (e["loc"][:-1], guess)
        for e in errors
        if e["type"] == "extra_forbidden"
        for guess in difflib.get_close_matches(str(e["loc"][-1]), _fields_at(model, e["loc"][:-1]), n=1)
    }
    errors = [e for e in errors if not (e["type"] == "missing" and (e["loc"][:-1], e["loc"][-1]) in typos)]
    for error in errors:
        items, fieldname = _where(raw, error["loc"])
        where = ", ".join((prefix or []) + items)
        text = _message(error, fieldname, model)
        out.append(f"{label}: {where}: {text}" if where else f"{label}: {text}")
    return out


# --- reading files ---------------------------------------------------------------------------
# A content file is a few kilobytes (the largest, about 15 kB). The limits keep a wrong or hostile
# file (a 100 MB dump, a "billion laughs" of nested YAML aliases) from taking minutes and gigabytes:
# it is refused in one line instead, and no message quotes more than a short excerpt of it.
MAX_CONTENT_BYTES = 2 * 1024 * 1024
MAX_LINES_PER_FILE = 50  # problems listed for one file; the rest are counted
_EXCERPT = 60  # characters of a value quoted in a message


def _excerpt(value) -> str:
    """A value as a message quotes it: its repr, cut short (and cheap to make, however big it is)."""
    import reprlib

    short = reprlib.Repr()  # (set one by one: Python 3.11 takes no settings when it is made)
    short.maxstring = short.maxother = _EXCERPT
    short.maxlist = short.maxdict = 4
    short.maxlevel = 2
    text = short.repr(value)
    return text if len(text) <= _EXCERPT + 5 else text[:_EXCERPT] + "…"


def _capped(lines: list[str], label: str) -> list[str]:
    if len(lines) <= MAX_LINES_PER_FILE:
        return lines
    return lines[:MAX_LINES_PER_FILE] + [f"{label}: {len(lines) - MAX_LINES_PER_FILE:,} more problems not listed "
                                         "(fix the ones above first)"]


def _read_text(path: Path, label: str) -> str:
    size = path.stat().st_size
    if size > MAX_CONTENT_BYTES:
        raise ContentError([f"{label}: the file is {size / 1e6:.1f} MB, more than a content file can be "
                            f"({MAX_CONTENT_BYTES / 1e6:.0f} MB at most): is it the right file? Split it if it is"])
    with open(path, "rb") as f:
        data = f.read(MAX_CONTENT_BYTES + 1)  # the file may have grown since it was measured
    if len(data) > MAX_CONTENT_BYTES:
        raise ContentError([f"{label}: the file is more than {MAX_CONTENT_BYTES / 1e6:.0f} MB, more than a content "
                            "file can be"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ContentError([f"{label}: line {line} is not UTF-8 text (byte 0x{data[e.start]:02x}); "
                            "save the file as UTF-8"]) from None
    if not text.strip():
        raise ContentError([f"{label}: the file is empty"])
    return text


# Where an alias (``*name``) could start: a '*' at the start of a value or after a space or bracket.
_MAYBE_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s\[\]{},]")


def _refuse_aliases(text: str, label: str, loader) -> None:
    """YAML aliases repeat what an anchor holds; nested, a few hundred bytes expand to gigabytes
    ("billion laughs"). The course's files need none, so any alias is refused before loading.
    (Only a file with a '*' where an alias could start is read event by event, without expanding.)"""
    import yaml

    if not _MAYBE_ALIAS.search(text):
        return
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            raise ContentError([f"{label}: line {mark.line + 1}: YAML aliases (*{_excerpt(event.anchor)[1:-1]}) are "
                                "not allowed in content files; write the text out in full"])


def _parse_yaml(text: str, label: str):
    import yaml

    # libyaml's parser when PyYAML has it: ten times faster on the course's files
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        _refuse_aliases(text, label, loader)
        raw = yaml.load(text, Loader=loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ContentError([f"{label}: YAML syntax error{where}: {problem[:200]}"]) from None
    except RecursionError:  # thousands of nested brackets
        raise ContentError([f"{label}: lists or mappings are nested too deep to read"]) from None
    if raw is None:
        raise ContentError([f"{label}: the file holds no content (only comments?)"])
    if not isinstance(raw, dict):
        raise ContentError([f"{label}: expected fields at the top (like 'id: ...'), found {type(raw).__name__}"])
    return raw


def _load_yaml_file(path: Path, label: str, kind: FileKind):
    raw = _parse_yaml(_read_text(path, label), label)
    try:
        obj = kind.model.model_validate(raw)
    except ValidationError as e:
        raise ContentError(_capped(_lines(label, raw, e, kind.model), label)) from None
    count = len(getattr(obj, kind.item_field)) if kind.item_field else 1
    return obj, count


def _load_csv_file(path: Path, label: str, kind: FileKind):
    text = _read_text(path, label)
    reader = csv.DictReader(io.StringIO(text))
    expected = list(kind.model.model_fields)
    header = reader.fieldnames or []
    errors = []
    missing = [f for f in expected if f not in header and kind.model.model_fields[f].is_required()]
    unknown = [h for h in header if h not in expected]
    for m in missing:
        errors.append(f"{label}: column '{m}' is missing")
    for u in unknown:
        guess = difflib.get_close_matches(str(u), expected, n=1)
        errors.append(f"{label}: column '{u}' is not a known column"
                      + (f" (did you mean '{guess[0]}'?)" if guess else ""))
    if errors:
        raise ContentError(errors)
    rows, ids = [], {}
    for row in reader:
        line = reader.line_num
        ident = (row.get("id") or "").strip()
        where = f"row {line}" + (f" ('{ident}')" if ident else "")
        if None in row:  # more cells than header columns
            errors.append(f"{label}: {where}: has {len(header) + len(row[None])} cells but the header has {len(header)}")
            continue
        values = {k: (v if v is None else v.strip()) for k, v in row.items()}
        values = {k: v for k, v in values.items() if not (v == "" and not kind.model.model_fields[k].is_required())}
        try:
            rows.append(kind.model.model_validate(values))
        except ValidationError as e:
            errors.extend(_lines(label, values, e, kind.model, prefix=[where]))
            continue
        if ident in ids:
            errors.append(f"{label}: {where}: id '{ident}' is already used in row {ids[ident]}")
        ids.setdefault(ident, line)
    if not rows and not errors:
        errors.append(f"{label}: has a header but no rows")
    if errors:
        raise ContentError(_capped(errors, label))
    return rows, len(rows)


def _display_name(path: Path, root: Path) -> str:
    return path.relative_to(root.parent).as_posix()


def load_content(data_dir: Path | str | None = None, *, only: tuple[type, ...] | None = None) -> Content:
    """Load and validate every content file; raise ContentError listing every problem found.

    ``only`` (models, e.g. ``(Statistic,)``) loads just those kinds, so a chart is not stopped
    by a broken quiz file; stray files are then not reported (``validate`` reports them)."""
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    if not root.is_dir():
        raise ContentError([f"{root}: no such folder (expected the course's data/ folder)"])
    content, errors = Content(data_dir=root), []
    claimed: set[Path] = set()
    for kind in FILE_KINDS:
        if only is not None and kind.model not in only:
            continue
        for path in sorted(root.glob(kind.pattern)):
            claimed.add(path)
            label = _display_name(path, root)
            try:
                if path.suffix == ".csv":
                    obj, count = _load_csv_file(path, label, kind)
                else:
                    obj, count = _load_yaml_file(path, label, kind)
            except ContentError as e:
                errors.extend(e.errors)
                continue
            content.files += 1
            content.items += count
            _attach(content, kind, obj, label, errors)
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml", ".csv")):
        if path not in claimed and only is None:
            patterns = ", ".join(k.pattern for k in FILE_KINDS)
            errors.append(f"{_display_name(path, root)}: not a content file the course reads (expected: {patterns})")
    if errors:
        raise ContentError(errors)
    return content


def _attach(content: Content, kind: FileKind, obj, label: str, errors: list[str]) -> None:
    if kind.model is Quiz:
        if obj.id in content.quizzes:
            errors.append(f"{label}: quiz id '{obj.id}' is already used by another quiz file")
        content.quizzes[obj.id] = obj
        content.quiz_files[obj.id] = label
    elif kind.model is Statistic:
        known = {s.id for s in content.statistics}
        for s in obj:
            if s.id in known:
                errors.append(f"{label}: row '{s.id}': id is already used in another statistics file")
        claims = {s.claim_id: s.id for s in content.statistics if s.role == "article"}
        for s in (s for s in obj if s.role == "article"):
            if s.claim_id in claims:  # the claim beside its evidence must be one sentence of the article
                errors.append(f"{label}: row '{s.id}': claim '{s.claim_id}' already has its article row "
                              f"'{claims[s.claim_id]}' (one per claim)")
            claims.setdefault(s.claim_id, s.id)
        totals = {s.id: s for s in obj}
        for s in (s for s in obj if s.part_of):
            total = totals.get(s.part_of)
            if total is None or total.claim_id != s.claim_id or total.part_of:
                errors.append(f"{label}: row '{s.id}': 'part_of' is '{s.part_of}', but no whole figure of claim "
                              f"'{s.claim_id}' in this file has that id")
        content.statistics.extend(obj)
    else:
        attr = {QuestionBank: "question_bank", StarExamples: "star_examples", ModelAnswers: "model_answers",
                StarDrills: "star_drills", Candidate: "candidate", CourseMap: "course_map",
                Worksheets: "worksheets", QuestionsToAsk: "questions_to_ask",
                MindMaps: "mind_maps", WorkshopAgendas: "workshop_agendas"}[kind.model]
        setattr(content, attr, obj)


def validate(data_dir: Path | str | None = None, *, notebooks_dir: Path | str | None = None) -> tuple[bool, str]:
    """(ok, text) for the command line: a one-line summary, or every error, one per line.

    Besides the files themselves, the model answers are read as the STAR coach and the thank-you
    builder read a learner's (:func:`course_lib.model_answer.problems`), the rewrite drills as the
    STAR coach reads them (:func:`course_lib.drills.problems`), the worked example's candidate against
    the worksheets, the questions, the coach, the builder and the planner
    (:func:`course_lib.candidate.problems`), every track has enough questions
    and examples tagged for it (:func:`course_lib.tracks.problems`), and every link a learner
    can click between the content and the notebooks is checked (:mod:`course_lib.links`): against
    ``notebooks_dir``, else the ``notebooks/`` folder beside the data folder, when there is one."""
    from course_lib import candidate, drills, links, model_answer, tracks

    try:
        content = load_content(data_dir)
        errors = (model_answer.problems(content) + drills.problems(content) + candidate.problems(content)
                  + tracks.problems(content))
        notebooks = links.find_notebooks(content.data_dir, notebooks_dir)
        if notebooks is not None:
            errors += links.check(content, notebooks)
        if errors:
            raise ContentError(errors)
    except ContentError as e:
        n = len(e.errors)
        return False, "\n".join(e.errors) + f"\n{n} problem{'s' if n != 1 else ''} found."
    checked = (f"links to {notebooks} checked" if notebooks is not None
               else "links not checked: no notebooks folder beside the data folder")
    return True, (f"{content.files} files, {content.items} items: OK "
                  f"({len(content.quizzes)} quizzes, {sum(len(q.questions) for q in content.quizzes.values())} "
                  f"questions; {checked})")
