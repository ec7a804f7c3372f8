"""A checklist: the feedback the paraphrase exercise and the thank-you note checker give.

Each :class:`Check` is one plain rule with the evidence behind its verdict ("mentions: 'routes'"),
so a learner sees why, not just a score. A :class:`Checklist` renders itself (``_repr_html_``),
which lets a test assert on it and a widget show it. Every piece of text in it is escaped when
rendered: evidence quotes the learner's own words. Pure: no widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_lib.markup import escape

# The words beside each verdict: colour never carries the meaning alone.
DONE, TO_DO, NOT_YET = "Done", "To do", "Not checked yet"


@dataclass(frozen=True)
class Check:
    label: str  # the rule, e.g. "Sent within 24 hours"
    passed: bool | None  # None: cannot be checked yet (say, no date given)
    detail: str  # why, quoting the evidence; learner text in it is escaped on display

    @property
    def verdict(self) -> str:
        return NOT_YET if self.passed is None else DONE if self.passed else TO_DO

    def _css(self) -> str:
        return "course-note" if self.passed is None else "course-good" if self.passed else "course-bad"

    def html(self) -> str:
        mark = {DONE: "✓", TO_DO: "✗", NOT_YET: "…"}[self.verdict]
        # the verdict carries the colour (and says it in words); the explanation stays in plain ink
        return (f'<li class="course-check" data-passed="{str(self.passed).lower()}">'
                f'<strong class="{self._css()}"><span aria-hidden="true">{mark}</span> '
                f'{self.verdict}: {escape(self.label)}</strong>'
                f' <span class="course-check-detail">{escape(self.detail)}</span></li>')


@dataclass(frozen=True)
class Checklist:
    title: str
    checks: tuple[Check, ...]
    empty_message: str = ""  # shown instead of the checks when there is nothing to check yet

    @property
    def done(self) -> int:
        return sum(1 for c in self.checks if c.passed)

    @property
    def checked(self) -> int:
        return sum(1 for c in self.checks if c.passed is not None)

    @property
    def ok(self) -> bool:
        """Every check that could be made passed, and there was something to check."""
        return bool(self.checks) and all(c.passed is not False for c in self.checks)

    def __getitem__(self, label: str) -> Check:
        for check in self.checks:
            if check.label == label:
                return check
        raise KeyError(f"no check {label!r} (checks: {', '.join(c.label for c in self.checks)})")

    def summary(self) -> str:
        if not self.checks:
            return self.empty_message
        return f"{self.done} of {len(self.checks)} done"

    def __repr__(self) -> str:
        return f"{self.title}: {self.summary()}"

    def _repr_html_(self) -> str:
        head = f'<p><strong>{escape(self.title)}</strong> — {escape(self.summary())}</p>'
        if not self.checks:
            return f'<div class="course-checklist">{head}</div>'
        items = "".join(c.html() for c in self.checks)
        return f'<div class="course-checklist">{head}<ul style="list-style:none;padding-left:0">{items}</ul></div>'
