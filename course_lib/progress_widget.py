"""The progress panel: where the learner's answers are kept, their pseudonym, starting again
and going back to a backup.

``course.progress_panel()`` shows the store's location and how many answers it holds, any notice
from the store (a damaged file moved aside, a read-only folder replaced), the pseudonym — editable,
saved as typed — "Reset my progress", which asks first and says where the backup went, and the
backups (when each was made, how many answers it holds), any of which "Restore this backup" brings
back after asking, keeping the current answers as a new backup first.
"""

from __future__ import annotations

import ipywidgets as w

from course_lib.markup import escape
from course_lib.progress import RestoreError, Store, check_pseudonym, random_pseudonym, store_or_open
from course_lib.widgets import Message, Panel, StatusLine, show, try_save


def _two_steps(question: w.HTML, yes: w.Button, no: w.Button, css: str) -> w.VBox:
    """A question with its two answers, hidden until the learner asks for what it confirms."""
    box = w.VBox([question, w.HBox([yes, no])], layout=w.Layout(display="none"))
    box.add_class(css)
    return box


class ProgressPanel(Panel):
    def __init__(self, store: Store):
        self.store = store
        self.where = w.HTML()
        self.where.add_class("course-progress-where")
        self.notice = w.HTML()
        self.notice.add_class("course-progress-notice")
        self._pseudonym_controls()
        self._reset_controls()
        self._backup_controls()
        intro = w.HTML("<p><strong>Your progress.</strong> Every answer is saved as you give it, on this "
                       "computer. A pseudonym is the only name the course uses (for example in a results file "
                       "you hand to a facilitator): pick any name you like — it does not need to be your own.</p>")
        super().__init__(
            [intro, self.where, self.notice, w.HBox([self.pseudonym, self.random_name]), self.pseudonym_status,
             self.reset, self.confirmation, self.backups_intro, self.backups_box, self.result],
            name="progress", label="Your progress: where it is kept, your pseudonym, and starting again",
        )
        self._show_where()
        self._show_backups()
        store.on_change(self._store_changed)

    def controls(self) -> dict:
        return {"pseudonym": self.pseudonym, "random": self.random_name, "reset": self.reset,
                "backup": self.backup_choice, "restore": self.restore}

    def shows(self) -> dict:
        return {"where": self.where, "notice": self.notice, "pseudonym": self.pseudonym_status,
                "backups": self.backups_intro, "backup": self.backup_status, "result": self.result}

    def _pseudonym_controls(self) -> None:
        self.pseudonym = w.Text(value=self.store.pseudonym, description="Your pseudonym",
                                style={"description_width": "initial"}, continuous_update=True,
                                layout=w.Layout(width="420px"))
        self.pseudonym.add_class("course-progress-pseudonym")
        self.pseudonym.observe(self._pseudonym_typed, names="value")
        self.random_name = w.Button(description="Pick a random name", tooltip="Replace the pseudonym with a random one",
                                    layout=w.Layout(width="auto"))  # the default width cuts the label off
        self.random_name.on_click(self._pick_random)
        self.pseudonym_status = StatusLine()
        self.pseudonym_status.add_class("course-progress-pseudonym-status")

    def _reset_controls(self) -> None:
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
        self.confirmation = _two_steps(self.question, self.confirm, self.cancel, "course-progress-confirm")
        self.result = Message()
        self.result.add_class("course-progress-result")

    def _backup_controls(self) -> None:
        self.backups_intro = w.HTML()
        self.backup_choice = w.Dropdown(description="Backup", style={"description_width": "initial"},
                                        layout=w.Layout(width="100%"))
        self.backup_choice.add_class("course-progress-backup-choice")
        self.backup_choice.observe(lambda _: self._backup_chosen(), names="value")
        self.restore = w.Button(description="Restore this backup",
                                tooltip="Bring back the answers this backup holds (your current ones are kept first)",
                                layout=w.Layout(width="auto", align_self="flex-start"))  # not stretched full width
        self.restore.add_class("course-progress-restore")
        self.restore.on_click(self._ask_restore)
        self.backup_status = Message()
        self.backup_status.add_class("course-progress-backup-status")
        self.restore_question = w.HTML()
        self.confirm_restore = w.Button(description="Yes, restore this backup", layout=w.Layout(width="auto"))
        self.confirm_restore.on_click(self._restore)
        self.cancel_restore = w.Button(description="No, keep my current answers", layout=w.Layout(width="auto"))
        self.cancel_restore.on_click(self._cancel)
        self.restore_confirmation = _two_steps(self.restore_question, self.confirm_restore, self.cancel_restore,
                                               "course-progress-restore-confirm")
        self.backups_box = w.VBox([self.backup_choice, self.restore, self.backup_status, self.restore_confirmation])
        self._backups: dict[str, object] = {}

    def _store_changed(self, _section) -> None:
        self._show_where()  # the count of answers follows every answer saved in this notebook

    def _show_where(self) -> None:
        self.where.value = (f"<p>Kept in <code>{escape(self.store.path)}</code> "
                            f"({_answers(self.store.count())} saved so far).</p>")
        self.notice.value = (f'<p class="course-box course-note" role="status"><strong>Note:</strong> '
                             f"{escape(self.store.notice)}</p>" if self.store.notice else "")

    # --- pseudonym ----------------------------------------------------------------------------
    def _pseudonym_typed(self, change) -> None:
        try:
            name = check_pseudonym(change["new"])
        except ValueError as problem:  # keep the saved one; say what to change
            self.pseudonym_status.show(f"Not saved: {problem} Your pseudonym is still “{self.store.pseudonym}”.",
                                       problem=True)
            return
        failed = try_save(self.store.set_pseudonym, name, kept="")
        self.pseudonym_status.show(failed or f"Saved: “{name}”.", problem=failed is not None)

    def _pick_random(self, _button) -> None:
        self.pseudonym.value = random_pseudonym()

    # --- reset and restore, each in two steps ---------------------------------------------------
    def _close_questions(self) -> None:
        """Back to the resting state: no question open, both buttons ready."""
        for part, shown in ((self.confirmation, False), (self.restore_confirmation, False),
                            (self.reset, True), (self.restore, True)):
            show(part, shown)

    def _ask(self, _button) -> None:
        self._close_questions()
        self.result.clear()
        show(self.reset, False)
        show(self.confirmation)

    def _cancel(self, _button) -> None:
        self._close_questions()
        self.result.say("Nothing was changed.")

    def _reset(self, _button) -> None:
        self._close_questions()
        try:
            backup = self.store.reset(confirm=True)
        except Exception as error:
            self.result.say(f"Nothing was reset: {error}", "bad", box=True)
            return
        self.result.say(tone="good", box=True, html=(
            "<strong>Your progress was reset.</strong> A backup of everything you had saved is kept in "
            f"<code>{escape(backup)}</code>. Run a notebook again to start it afresh."))
        self._show_backups()

    # --- backups --------------------------------------------------------------------------------
    def _show_backups(self) -> None:
        try:
            backups = self.store.backups()
        except OSError as error:  # the folder went away or cannot be listed: say so, keep the panel
            backups, problem = [], f" (The backups could not be listed: {escape(error)}.)"
        else:
            problem = ""
        self._backups = {str(b.path): b for b in backups}
        if backups:
            self.backups_intro.value = (
                "<p><strong>Backups.</strong> The course keeps a copy of your answers before every reset and "
                "every restore. To go back to one, pick it and press <em>Restore this backup</em>: your current "
                f"answers are kept as a new backup first, so nothing is lost.{problem}</p>")
        else:
            self.backups_intro.value = ("<p><strong>Backups.</strong> None yet: the course keeps one each time "
                                        f"you reset your progress.{problem}</p>")
        show(self.backups_box, bool(backups))
        newest = next((b for b in backups if b.restorable), backups[0] if backups else None)
        self.backup_choice.options = [(b.describe(), str(b.path)) for b in backups]
        self.backup_choice.value = str(newest.path) if newest else None
        self._backup_chosen()

    def _chosen_backup(self):
        return self._backups.get(self.backup_choice.value)

    def _backup_chosen(self) -> None:
        self._close_questions()
        backup = self._chosen_backup()
        self.restore.disabled = backup is None or not backup.restorable
        self.backup_status.say(tone="bad", html=(
            f"This copy cannot be restored: {escape(backup.problem)}. It stays where it is, in "
            f"<code>{escape(backup.path)}</code>." if backup is not None and not backup.restorable else ""))

    def _ask_restore(self, _button) -> None:
        backup = self._chosen_backup()
        if backup is None:
            return
        self._close_questions()
        self.result.clear()
        self.restore_question.value = (
            f"<p><strong>Restore the backup of {escape(backup.when())}?</strong> The answers you have now "
            f"({_answers(self.store.count())}) are replaced by the ones it holds ({_answers(backup.answers)}). "
            "Your pseudonym stays. Your current answers are kept first as a new backup, so you can come back "
            "to them.</p>")
        show(self.restore, False)
        show(self.restore_confirmation)

    def _restore(self, _button) -> None:
        backup = self._chosen_backup()
        self._close_questions()
        if backup is None:
            return
        try:
            kept = self.store.restore(backup.path, confirm=True)
        except RestoreError as refusal:
            self.result.say(str(refusal), "bad", box=True)
            self._show_backups()
            return
        except Exception as error:
            self.result.say(f"Nothing was restored: {error}", "bad", box=True)
            return
        self.result.say(tone="good", box=True, html=(
            f"<strong>Your answers from {escape(backup.when())} are back.</strong> The answers you had a moment ago "
            f"are kept in <code>{escape(kept)}</code>. Run a notebook again to see your answers in it."))
        self._show_backups()


def _answers(n: int | None) -> str:
    return f"{n} answer{'s' if n != 1 else ''}"


def progress_panel(*, store: Store | None = None) -> ProgressPanel:
    """Where progress is kept, the pseudonym (editable), any notice, 'Reset my progress', and the
    backups, any of which 'Restore this backup' brings back."""
    return ProgressPanel(store_or_open(store))
