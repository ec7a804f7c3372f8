"""The rewrite drills' view (notebook 04): pick a drill, rewrite its weak answer in the STAR coach's
editor, and see BEFORE and AFTER side by side.

A thin view over :mod:`course_lib.drills`, which compares the two readings and makes the HTML, and
over the STAR coach's own editor (:class:`course_lib.star_widget.StoryEditor`), which shows the
coach's reading as the learner types. The rewrite is saved as it is typed, through
:class:`course_lib.drills.DrillRewrites`, and comes back on the next visit. Browser tests find the
comparison by the CSS class ``course-drill-compare`` and the worked rewrite by ``course-drill-worked``.
"""

from __future__ import annotations

import ipywidgets as w

from course_lib import drills
from course_lib.markup import unwrap
from course_lib.progress import store_or_open
from course_lib.star_widget import StoryEditor
from course_lib.stories import Answer
from course_lib.widgets import Picker, show

SHOW_WORKED, HIDE_WORKED = "Show a worked rewrite", "Hide the worked rewrite"


class RewriteDrills(Picker):
    """Pick a drill: its weak answer, the editor holding the learner's rewrite, the comparison of the
    two, and a worked rewrite behind a button."""

    def __init__(self, store, drill_list):
        if not drill_list:
            raise LookupError("data/star_drills.yaml holds no drills")
        self.rewrites = drills.DrillRewrites(store)
        self.current = None
        # made before the list, which shows the first drill (and loads its rewrite) at once
        self.compare = w.HTML()
        self.compare.add_class("course-drill-compare")
        self.compare.add_class("course-live")
        self.editor = StoryEditor(on_edit=self._save, on_read=self._compare)
        self.editor.add_class("course-drill-editor")
        self.worked_button = w.Button(description=SHOW_WORKED, layout=w.Layout(width="auto"),
                                      tooltip="One good version of this answer, and why each change helps")
        self.worked = w.HTML(layout=w.Layout(display="none"))
        self.worked.add_class("course-drill-worked")
        n = len(drill_list)
        super().__init__(drill_list, role="drill", description="Drill", name="drills",
                         label=f"Rewrite drills ({n} weak answer{'s' if n != 1 else ''} to rewrite)",
                         intro="<h3>Rewrite drills</h3><p>Pick a drill. Each weak answer has one thing wrong "
                               "with it. Rewrite it in the box below: the coach compares your rewrite with the "
                               "weak answer, check by check.</p>")
        yours = w.HTML("<h4>Your rewrite</h4><p>The box starts with the weak answer. Change it until the coach "
                       "stops flagging the weakness. Your rewrite is saved as you type.</p>")
        self.children = (*self.children, yours, self.editor, self.compare, self.worked_button, self.worked)
        self.worked_button.on_click(self.toggle_worked)

    def controls(self) -> dict:
        return {**super().controls(), "answer": self.editor}

    def shows(self) -> dict:
        return {**super().shows(), "compare": self.compare, "worked": self.worked,
                "feedback": self.editor.feedback, "status": self.editor.status}

    def option(self, drill) -> str:
        return drills.title(drill)

    def render(self, drill) -> str:
        return drills.drill_html(drill)

    def _show(self, drill_id: str) -> None:
        self.editor.flush()  # typing not yet saved belongs to the drill it was typed for
        super()._show(drill_id)
        self.current = self.items[drill_id]
        self.worked.value = drills.worked_html(self.current)
        show(self.worked, False)
        self.worked_button.description = SHOW_WORKED
        saved = self.rewrites.rewrite(drill_id)
        if saved is not None and saved.text.strip():
            self.editor.load(saved, note="Your rewrite, kept from your last visit")
        else:
            self.editor.load(Answer(unwrap(self.current.weak_answer)), note="The weak answer, ready to rewrite")

    def _save(self, answer: Answer) -> str:
        self.rewrites.save(self.current.id, answer)
        return "Rewrite saved"

    def _compare(self, report) -> None:
        if self.current is None:  # the editor reads its empty box before a drill is shown
            return
        self.compare.value = drills.comparison_html(drills.compare(self.current, report))

    def toggle_worked(self, _button=None) -> None:
        shown = self.worked_button.description == SHOW_WORKED
        show(self.worked, shown)
        self.worked_button.description = HIDE_WORKED if shown else SHOW_WORKED


# --- what notebooks call ---------------------------------------------------------------------
def rewrite_drills(*, store=None) -> RewriteDrills:
    """The rewrite drills (data/star_drills.yaml): rewrite a weak STAR answer and see what changed."""
    return RewriteDrills(store_or_open(store), drills.load())
