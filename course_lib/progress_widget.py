"""The progress panel: where the learner's answers are kept, their pseudonym, and starting again.

``course.progress_panel()`` shows the store's location and how many answers it holds, any notice
from the store (a damaged file moved aside, a read-only folder replaced), the pseudonym — editable,
saved as typed — and "Reset my progress", which asks first and says where the backup went.
"""

from __future__ import annotations

import ipywidgets as w

from course_lib.markup import escape
from course_lib.progress import Store, check_pseudonym, random_pseudonym, store_or_open
from course_lib.widgets import Panel


class ProgressPanel(Panel):
    def __init__(self, store: Store):
        self.store = store
        self.where = w.HTML()
        self.where.add_class("course-progress-where")
        self.notice = w.HTML()
        self.notice.add_class("course-progress-notice")

        self.pseudonym = w.Text(value=store.pseudonym, description="Your pseudonym",
                                style={"description_width": "initial"}, continuous_update=True,
                                layout=w.Layout(width="420px"))
        self.pseudonym.add_class("course-progress-pseudonym")
        self.pseudonym.observe(self._pseudonym_typed, names="value")
        self.random_name = w.Button(description="Pick a random name", tooltip="Replace the pseudonym with a random one",
                                    layout=w.Layout(width="auto"))  # the default width cuts the label off
        self.random_name.on_click(self._pick_random)
        self.pseudonym_status = w.HTML()
        self.pseudonym_status.add_class("course-progress-pseudonym-status")

        self.reset = w.Button(description="Reset my progress",
                              tooltip="Forget your saved answers (a backup is kept)")
        self.reset.add_class("course-progress-reset")
        self.reset.on_click(self._ask)
        self.confirm = w.Button(description="Yes, reset my progress", button_style="danger")
        self.confirm.on_click(self._reset)
        self.cancel = w.Button(description="No, keep everything")
        self.cancel.on_click(self._cancel)
        self.question = w.HTML(
            "<p><strong>Are you sure?</strong> This forgets every answer, worksheet, story and plan you "
            "saved in the course. Your pseudonym stays. A backup copy of everything is kept first, and "
            "this panel tells you where.</p>")
        self.confirmation = w.VBox([self.question, w.HBox([self.confirm, self.cancel])],
                                   layout=w.Layout(display="none"))
        self.confirmation.add_class("course-progress-confirm")
        self.result = w.HTML()
        self.result.add_class("course-progress-result")

        intro = w.HTML("<p><strong>Your progress.</strong> Every answer is saved as you give it, on this "
                       "computer. A pseudonym is the only name the course uses (for example in a results file "
                       "you hand to a facilitator): pick any name you like — it does not need to be your own.</p>")
        super().__init__(
            [intro, self.where, self.notice, w.HBox([self.pseudonym, self.random_name]), self.pseudonym_status,
             self.reset, self.confirmation, self.result],
            name="progress", label="Your progress: where it is kept, your pseudonym, and starting again",
        )
        self._show_where()

    def _show_where(self) -> None:
        count = self.store.count()
        self.where.value = (f"<p>Kept in <code>{escape(self.store.path)}</code> "
                            f"({count} answer{'s' if count != 1 else ''} saved so far).</p>")
        self.notice.value = (f'<p class="course-box course-note" role="status"><strong>Note:</strong> '
                             f"{escape(self.store.notice)}</p>" if self.store.notice else "")

    # --- pseudonym ----------------------------------------------------------------------------
    def _pseudonym_typed(self, change) -> None:
        try:
            name = check_pseudonym(change["new"])
        except ValueError as problem:  # keep the saved one; say what to change
            self.pseudonym_status.value = (f'<small class="course-bad">Not saved: {escape(problem)} '
                                           f"Your pseudonym is still “{escape(self.store.pseudonym)}”.</small>")
            return
        try:
            self.store.set_pseudonym(name)
        except Exception as error:  # the store can fail (disk full): say so
            self.pseudonym_status.value = f'<small class="course-bad">Not saved ({escape(error)}).</small>'
            return
        self.pseudonym_status.value = f'<small class="course-good">Saved: “{escape(name)}”.</small>'

    def _pick_random(self, _button) -> None:
        self.pseudonym.value = random_pseudonym()

    # --- reset, in two steps -------------------------------------------------------------------
    def _ask(self, _button) -> None:
        self.result.value = ""
        self.reset.layout.display = "none"
        self.confirmation.layout.display = None

    def _cancel(self, _button) -> None:
        self.confirmation.layout.display = "none"
        self.reset.layout.display = None
        self.result.value = '<p class="course-note" role="status">Nothing was changed.</p>'

    def _reset(self, _button) -> None:
        self.confirmation.layout.display = "none"
        self.reset.layout.display = None
        try:
            backup = self.store.reset(confirm=True)
        except Exception as error:
            self.result.value = (f'<p class="course-box course-bad" role="status">Nothing was reset: '
                                 f"{escape(error)}</p>")
            return
        self.result.value = (
            '<p class="course-box course-good" role="status"><strong>Your progress was reset.</strong> '
            f"A backup of everything you had saved is kept in <code>{escape(backup)}</code>. "
            "Run a notebook again to start it afresh.</p>")
        self._show_where()


def progress_panel(*, store: Store | None = None) -> ProgressPanel:
    """Where progress is kept, the pseudonym (editable), any notice, and 'Reset my progress'."""
    return ProgressPanel(store_or_open(store))
