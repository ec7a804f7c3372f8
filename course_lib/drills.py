"""Rewrite drills for STAR answers (data/star_drills.yaml): a weak answer, the learner's rewrite of
it, and what changed between the two as the STAR coach reads them.

Each drill is a weak answer to a real second-interview behavioural question, weak in one named way
(:data:`WEAKNESSES`), with a worked rewrite and why each change helps. The content proves itself
(:func:`problems`, run by ``python -m course_lib validate``): the coach must flag the named weakness
in the weak answer, and the worked rewrite must pass :data:`REWRITE_RULES`.

:func:`compare` sets the coach's checklist of the weak answer (BEFORE) beside that of a rewrite
(AFTER): which checks moved from "to do" to "done", which slipped back, and whether the drill's own
weakness is still flagged. :class:`DrillRewrites` owns the learner's rewrites on the progress store.
Pure logic: no widgets; the HTML it makes escapes every piece of text.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_lib import star
from course_lib.checklist import DONE, Check, Checklist
from course_lib.markup import columns, escape, prose, unwrap
from course_lib.model_answer import STAR_RULES, star_problems
from course_lib.stories import Answer, now


@dataclass(frozen=True)
class Weakness:
    name: str  # as the learner reads it
    tip: str  # the kind of the STAR coach's tip that flags it (star.Tip.kind)


# The ways a drill's weak answer can be weak (content.Weakness lists the same ids).
WEAKNESSES = {
    "no-result": Weakness("No result: it stops before saying how it ended", "missing-result"),
    "we": Weakness('"We" throughout: the speaker\'s own part is hidden', "we"),
    "no-task": Weakness("No task: it never says what had to be achieved", "missing-task"),
    "long-setup": Weakness("A rambling set-up: the background goes on before anything happens", "long-setup"),
    "hypothetical": Weakness('What they would do: "I would..." instead of one real time', "hypothetical"),
    "no-number": Weakness("No number in the result: it says how it ended, but not how much", "unquantified"),
}

# What a worked rewrite must pass: a complete story, told by "I", as it happened, with a measured result.
REWRITE_RULES = (*STAR_RULES, "Result has a number")


def load(data_dir=None):
    """The drills (a list of ``content.StarDrill``), validated."""
    from course_lib.content import StarDrills, load_content

    drills = load_content(data_dir, only=(StarDrills,)).star_drills
    if drills is None:
        raise LookupError("data/star_drills.yaml is missing")
    return list(drills.drills)


# --- how the coach reads a drill ---------------------------------------------------------------
def reading(text: str) -> star.StarReport:
    """The coach's reading of a drill's answer (a content file's line breaks only fit an editor)."""
    return star.analyze(unwrap(text))


def flags(weakness: str, report: star.StarReport) -> bool:
    """Whether the coach's reading flags ``weakness`` (one of :data:`WEAKNESSES`) with its tip."""
    return any(tip.kind == WEAKNESSES[weakness].tip for tip in report.tips)


def problems(content) -> list[str]:
    """What ``validate`` reports about the drills in a loaded ``content.Content``, one line each naming
    the file, the drill and the field: a weak answer in which the coach does not flag the named
    weakness, and a worked rewrite that does not pass :data:`REWRITE_RULES`."""
    if content.star_drills is None:
        return []
    label = content.shown_name("star_drills.yaml")
    found = []
    for drill in content.star_drills.drills:
        weak, weakness = reading(drill.weak_answer), WEAKNESSES[drill.weakness]
        if not flags(drill.weakness, weak):
            seen = ", ".join(t.kind for t in weak.tips) or "none"
            found.append(f"{label}: drill '{drill.id}': 'weak_answer' is meant to show the weakness "
                         f"'{drill.weakness}', but the STAR coach does not flag it (no '{weakness.tip}' tip; "
                         f"its tips: {seen})")
        if failed := star_problems(reading(drill.rewrite), REWRITE_RULES):
            found.append(f"{label}: drill '{drill.id}': 'rewrite' does not pass the STAR coach's checks "
                         f"({'; '.join(failed)})")
    return found


# --- before and after --------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    """One check of the coach's checklist, on the weak answer and on the rewrite."""

    before: Check
    after: Check

    @property
    def label(self) -> str:
        return self.before.label

    @property
    def moved(self) -> bool:
        """From "to do" (or not checked) to "done"."""
        return self.before.passed is not True and self.after.passed is True

    @property
    def slipped(self) -> bool:
        """From "done" to "to do" (or not checked)."""
        return self.before.passed is True and self.after.passed is not True


@dataclass(frozen=True)
class Comparison:
    """The coach's checklist before (the weak answer) and after (a rewrite), check by check."""

    weakness: str  # the drill's weakness id
    before: star.StarReport
    after: star.StarReport

    @property
    def rows(self) -> tuple[Row, ...]:
        after = self.after.checklist()
        if not after.checks:
            return ()
        return tuple(Row(check, after[check.label]) for check in self.before.checklist().checks)

    @property
    def moved(self) -> tuple[str, ...]:
        return tuple(r.label for r in self.rows if r.moved)

    @property
    def slipped(self) -> tuple[str, ...]:
        return tuple(r.label for r in self.rows if r.slipped)

    @property
    def still_to_do(self) -> tuple[str, ...]:
        return tuple(r.label for r in self.rows if r.after.passed is not True and not r.slipped)

    @property
    def weakness_fixed(self) -> bool | None:
        """Whether the coach no longer flags the drill's weakness (None: nothing written yet)."""
        return None if not self.after.sentences else not flags(self.weakness, self.after)

    @property
    def passes(self) -> bool:
        """The rewrite passes what a worked rewrite must (:data:`REWRITE_RULES`)."""
        return bool(self.after.sentences) and not star_problems(self.after, REWRITE_RULES)


def compare(drill, after) -> Comparison:
    """The weak answer of ``drill`` against the learner's rewrite of it: its text, or the coach's
    reading of it (a :class:`~course_lib.star.StarReport`, as the editor already has one)."""
    report = after if isinstance(after, star.StarReport) else star.analyze(after or "")
    return Comparison(drill.weakness, reading(drill.weak_answer), report)


def _names(labels) -> str:
    return ", ".join(f"“{label}”" for label in labels)


def summary(c: Comparison) -> list[tuple[str, str]]:
    """What changed, as (tone, sentence) pairs: the drill's weakness, the checks that moved to done,
    those that slipped back, and those still to do."""
    if not c.after.sentences:
        return [("note", "Write your rewrite in the box above to compare it with the weak answer.")]
    name = WEAKNESSES[c.weakness].name.split(":")[0]
    lines = [("good", f"The weakness of this drill ({name}) is fixed: the coach no longer flags it.")
             if c.weakness_fixed else
             ("bad", f"The coach still flags the weakness of this drill ({name}).")]
    lines.append(("good", f"Moved from to do to done: {_names(c.moved)}.") if c.moved
                 else ("note", "No check has moved from to do to done yet."))
    if c.slipped:
        lines.append(("bad", f"Done before, to do now: {_names(c.slipped)}."))
    if c.passes:
        lines.append(("good", "Your rewrite passes what a worked rewrite must: all four parts, “I”, what you "
                              "did, and a number in the result."))
    elif c.still_to_do:
        lines.append(("note", f"Still to do: {_names(c.still_to_do)}."))
    return lines


_MARK = {"good": "✓", "bad": "✗", "note": "•"}


def _side(title: str, checklist: Checklist, rows, moved_side: bool) -> str:
    """One column: the checks with their verdicts and the coach's notes, a moved check said in words."""
    items = []
    for check, row in zip(checklist.checks, rows):
        moved = (' <span class="course-good course-drill-moved">(moved to done)</span>'
                 if moved_side and row.moved else
                 ' <span class="course-bad course-drill-slipped">(was done)</span>' if moved_side and row.slipped else "")
        items.append(check.html().replace("</li>", f"{moved}</li>", 1))
    return (f'<h5>{escape(title)}</h5><p><strong>{escape(checklist.title)}</strong> — {escape(checklist.summary())}</p>'
            f'<ul style="list-style:none;padding-left:0">{"".join(items)}</ul>')


def comparison_html(c: Comparison) -> str:
    """BEFORE and AFTER side by side: each check's verdict ("Done", "To do") and the coach's note on
    it, the checks that moved said in words, and a summary above."""
    said = "".join(f'<li class="course-{tone}" data-tone="{tone}"><span aria-hidden="true">{_MARK[tone]}</span> '
                   f"{escape(text)}</li>" for tone, text in summary(c))
    head = f'<div class="course-drill-summary"><ul style="list-style:none;padding-left:0">{said}</ul></div>'
    rows = c.rows
    if not rows:
        return head
    before = _side("Before: the weak answer", c.before.checklist(), rows, False)
    after = _side("After: your rewrite", c.after.checklist(), rows, True)
    return head + columns(f'<div class="course-drill-before">{before}</div>',
                          f'<div class="course-drill-after">{after}</div>')


def title(drill) -> str:
    """How a drill reads in the list: its weakness in a few words, then the question."""
    return f"{WEAKNESSES[drill.weakness].name.split(':')[0]} · {drill.question}"


def drill_html(drill) -> str:
    """The drill: the question, who answers, the weakness and the weak answer."""
    return (f'<h4 class="course-drill-question">{escape(drill.question)}</h4>'
            f"<p><strong>Who answers:</strong> {escape(drill.speaker)}.<br><strong>What is weak:</strong> "
            f"{escape(WEAKNESSES[drill.weakness].name)}.</p>"
            f'<h5><span class="course-bad"><span aria-hidden="true">✗</span> The weak answer</span></h5>'
            f'<blockquote class="course-drill-weak">{prose(drill.weak_answer)}</blockquote>')


def worked_html(drill) -> str:
    """The worked rewrite and why each change helps."""
    notes = "".join(f"<li>{escape(n)}</li>" for n in drill.why_it_helps)
    return (f'<h5><span class="course-good"><span aria-hidden="true">✓</span> A worked rewrite</span></h5>'
            f"<blockquote>{prose(drill.rewrite)}</blockquote>"
            f"<h5>Why each change helps</h5><ul>{notes}</ul>"
            "<p>This is one good version, not the only one. Your own rewrite can differ and still pass.</p>")


# --- the learner's rewrites ----------------------------------------------------------------------
SECTION = "star:drills"


class DrillRewrites:
    """The learner's rewrites in ``store``: section ``star:drills``, key the drill's id, a record
    ``{"mode", "text", "parts"?, "updated"}`` (an :class:`~course_lib.stories.Answer`, as the STAR
    coach's editor writes it)."""

    def __init__(self, store):
        self.store = store

    def rewrite(self, drill_id: str) -> Answer | None:
        """The learner's rewrite of a drill, or None when there is none."""
        value = self.store.load(SECTION, drill_id)
        return None if value is None else Answer.from_saved(value)

    def rewrites(self) -> dict[str, Answer]:
        """Every rewrite with some text, by drill id."""
        found = {k: Answer.from_saved(v) for k, v in self.store.items(SECTION).items()}
        return {k: a for k, a in found.items() if a.text.strip()}

    def save(self, drill_id: str, answer: Answer) -> None:
        self.store.save(SECTION, drill_id, {**answer.saved(), "updated": now()}, typing=True)
