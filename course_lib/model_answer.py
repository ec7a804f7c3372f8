"""Model answers to the questions round two asks (data/model_answers.yaml) and the model thank-you note.

Each model answer sits beside a common weak answer, with notes on why one works and the other
fails, and a link to where the course teaches the skill. A *behavioural* model answer is a STAR
story, so it must read as one to the STAR coach: all four parts found, "I" rather than "we", and
what was done rather than what would be (:data:`STAR_RULES`). The model thank-you note must pass
every check the thank-you builder makes (:func:`note_checks`). Pure logic: no widgets; the HTML
it makes escapes every piece of content-file text.
"""

from __future__ import annotations

from datetime import date

from course_lib import planner, star
from course_lib.checklist import Checklist
from course_lib.markup import columns, escape, paragraphs, prose, unwrap
from course_lib.quizzes import link_html

# The checks of the STAR coach's checklist a behavioural model answer must pass.
STAR_RULES = ("All four parts", 'Says "I", not "we"', "Tells what you did")


def load(data_dir=None):
    """The model answers and the model note (a ``content.ModelAnswers``), validated."""
    from course_lib.content import ModelAnswers, load_content

    answers = load_content(data_dir, only=(ModelAnswers,)).model_answers
    if answers is None:
        raise LookupError("data/model_answers.yaml is missing")
    return answers


# --- what the coach and the builder make of them ---------------------------------------------
def star_reading(answer) -> star.StarReport | None:
    """The STAR coach's reading of a behavioural model answer; None for the other kinds, which are
    not stories. (The file's line breaks are only there to fit an editor.)"""
    if answer.kind != "behavioural":
        return None
    return star.analyze(unwrap(answer.model_answer))


def star_problems(report: star.StarReport, rules: tuple[str, ...] = STAR_RULES) -> list[str]:
    """The ``rules`` (checks of the coach's checklist, :data:`STAR_RULES` unless named) this reading
    does not pass, each with the coach's evidence; [] when all pass."""
    checklist = report.checklist()
    if not checklist.checks:
        return ["The coach found no sentences to read."]
    return [f"{rule}: {checklist[rule].detail}" for rule in rules if checklist[rule].passed is not True]


def note_checks(note, *, interview: date | None = None, sent: date | None = None) -> Checklist:
    """The thank-you builder's checks on the model note. The timing is checked only with both dates."""
    return planner.check_note(note.note, interviewer=note.interviewer, discussed=note.discussed,
                              interview=interview, sent=sent)


def problems(content) -> list[str]:
    """What ``validate`` reports about the model answers in a loaded ``content.Content``: a
    behavioural model answer the STAR coach does not read as a complete story, and a check of the
    thank-you builder the model note fails, one line each naming the file, the item and the field."""
    if content.model_answers is None:
        return []
    label = content.shown_name("model_answers.yaml")
    found = []
    for answer in content.model_answers.answers:
        report = star_reading(answer)
        if report is not None and (failed := star_problems(report)):
            found.append(f"{label}: answer '{answer.id}': 'model_answer' is marked behavioural, but the STAR coach "
                         f"does not read it as a complete story ({'; '.join(failed)})")
    for check in note_checks(content.model_answers.thank_you_note).checks:
        if check.passed is False:
            found.append(f"{label}: thank_you_note: 'note' fails the thank-you builder's check "
                         f"'{check.label}' ({check.detail})")
    return found


# --- shown to the learner --------------------------------------------------------------------
def _points(items) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def answer_html(answer, *, from_notebook: str | None = None) -> str:
    """One question: the model answer and why it works, the weak answer and why it fails, the link
    to where the course teaches it and, for a behavioural question, the STAR coach's reading."""
    kind = star.CATEGORY_NAMES[answer.kind]
    head = (f"<h4>{escape(answer.question)}</h4>"
            f"<p>{escape(kind)} question. "
            f"{link_html(answer.section, from_notebook=from_notebook, prefix='Where the course teaches this: ')}</p>")
    model = ('<h5><span class="course-good"><span aria-hidden="true">✓</span> A model answer</span></h5>'
             f"<blockquote>{prose(answer.model_answer)}</blockquote>"
             f"<h5>Why it works</h5>{_points(answer.why_it_works)}")
    weak = ('<h5><span class="course-bad"><span aria-hidden="true">✗</span> A common weak answer</span></h5>'
            f"<blockquote>{prose(answer.weak_answer)}</blockquote>"
            f"<h5>Why it fails</h5>{_points(answer.why_it_fails)}")
    report = star_reading(answer)
    if report is None:
        coach = ("<p>This question does not ask for a story, so the STAR coach does not read it. The same "
                 "habits still help: be specific, be honest, and keep it short.</p>")
    else:
        coach = f"<h5>How the STAR coach reads the model answer</h5>{star.report_html(report)}"
    return head + columns(model, weak) + coach


def note_html(note, *, level: int = 4, interview: date | None = None, sent: date | None = None) -> str:
    """The model thank-you note, why it works, and the checks the thank-you builder makes on it
    (the timing only with both dates). ``level``: the level of its heading."""
    checks = note_checks(note, interview=interview, sent=sent)
    made = Checklist("What the thank-you builder finds", tuple(c for c in checks.checks if c.passed is not None))
    about = (f"<p>To {escape(note.interviewer)}, after a second interview for the {escape(note.role)} role at "
             f"{escape(note.company)}. They talked about {escape(note.discussed)}.</p>")
    return (f"{about}<blockquote>{paragraphs(note.note.strip())}</blockquote>"
            f"<h{level}>Why it works</h{level}>{_points(note.why_it_works)}{made._repr_html_()}")
