"""The worked example beside an exercise: what Sam wrote there, behind a "Show Sam's version" button.

A thin view over :mod:`course_lib.candidate`, which makes the HTML it shows; it saves nothing.
Closed at first, so the notebook stays short and a learner can try first; the button's own words
say whether it shows or hides. Browser tests find it by the CSS class ``course-worked-example``.
"""

from __future__ import annotations

import ipywidgets as w

from course_lib import candidate
from course_lib.markup import escape
from course_lib.widgets import Panel, is_shown, show


class WorkedExampleView(Panel):
    """One exercise's worked example: a heading, one line on who Sam is, and a button that shows
    or hides what he wrote (made the first time it is shown)."""

    def __init__(self, worked: candidate.WorkedExample, exercise: str):
        if exercise not in candidate.EXERCISES:
            raise KeyError(f"no worked example {exercise!r} (known: {', '.join(candidate.EXERCISES)})")
        self.worked, self.exercise = worked, exercise
        about = candidate.EXERCISES[exercise]
        self.first = worked.candidate.name.split()[0]
        level = about.level
        self.heading = w.HTML(f"<h{level}>{escape(about.title)}</h{level}>"
                              f"<p>{escape(worked.candidate.about)} Open his version to compare it with yours.</p>")
        self.toggle = w.Button(description=self._button_text(False), layout=w.Layout(width="auto", align_self="flex-start"),
                               tooltip=f"Show or hide what {self.first} wrote for this exercise")
        self.toggle.add_class("course-worked-toggle")
        self.body = w.HTML()
        self.body.add_class("course-worked-example-body")
        show(self.body, False)
        super().__init__([self.heading, self.toggle, self.body], name="worked-example",
                         label=f"Worked example: {about.title}")
        self.toggle.on_click(lambda _: self.set_open(not self.is_open))

    def _button_text(self, is_open: bool) -> str:
        return f"{'Hide' if is_open else 'Show'} {self.first}'s version"

    @property
    def is_open(self) -> bool:
        return is_shown(self.body)

    def set_open(self, is_open: bool) -> None:
        if is_open and not self.body.value:
            self.body.value = candidate.body_html(self.worked, self.exercise)
        show(self.body, is_open)
        self.toggle.description = self._button_text(is_open)

    def controls(self) -> dict:
        return {"toggle": self.toggle}

    def shows(self) -> dict:
        return {"example": self.body}


# --- what notebooks call ---------------------------------------------------------------------
def worked_example(exercise: str) -> WorkedExampleView:
    """Sam's version of ``exercise`` (see ``course_lib.candidate.EXERCISES``), closed until the
    learner opens it."""
    return WorkedExampleView(candidate.load(), exercise)
