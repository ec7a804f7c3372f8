"""The thank-you note builder and the follow-up planner (notebook 06).

Both save as the learner types, through :class:`course_lib.planner.SavedPlanner` (which knows the
store's keys): the interview date (shared by both views), any decision date, the organisation and
job title, a note per interviewer, and the dates planned.

The calendar file is offered as a download link holding the file itself (a ``data:`` address), so
it works the same in JupyterLab and in Voilà, with no file written anywhere.
"""

from __future__ import annotations

import weakref
from datetime import date

import ipywidgets as w

from course_lib import planner
from course_lib.markup import download_link, source_link
from course_lib.planner import SavedPlanner, ThankYouNote
from course_lib.progress import store_or_open
from course_lib.widgets import Message, Panel, message_html, roles, try_save
from course_lib.worksheet_widget import SavedText

MAX_INTERVIEWERS = 8  # a long site visit can mean 5-6 people; a little room beyond that
ICS_FILE_NAME = "interview-follow-up.ics"
KEEP_ENTRIES = "Your entries are still here."

# Pickers of the same saved date in one store (the interview date appears in both views of
# notebook 06) follow each other while the notebook is open, so the learner picks it once.
_twins: dict[tuple[str, str], weakref.WeakSet] = {}


def _date_picker(store, key: str, value: date | None, description: str, on_change) -> w.DatePicker:
    """A date picker for ``key``; ``on_change(key, date_or_None, save)`` runs on every change."""
    picker = w.DatePicker(value=value, description=description,
                          style={"description_width": "initial"}, layout=w.Layout(width="30em"))
    picker.add_class(f"course-field-{key}")
    twins = _twins.setdefault((str(getattr(store, "path", id(store))), key), weakref.WeakSet())
    twins.add(picker)

    def changed(change):
        following = getattr(picker, "_following", False)  # set by a twin: it has saved already
        on_change(key, change["new"], not following)
        if following:
            return
        for other in list(twins):
            if other is not picker and other.value != change["new"]:
                other._following = True
                try:
                    other.value = change["new"]
                finally:
                    other._following = False

    picker.observe(changed, names="value")
    return picker


class _PlannerBase(Panel):
    """What both views share: the saved planner, and saving with a visible 'not saved' message."""

    def _save(self, save, *args) -> None:
        failed = try_save(save, *args, kept=KEEP_ENTRIES)
        if failed:
            self.message.say(failed, "bad")
        else:
            self.message.clear()

    def _text(self, key: str, label: str, saved: str, on_saved=None) -> SavedText:
        def save(text):
            self.saved.save_text(key, text)
            if on_saved is not None:
                on_saved()

        return SavedText(saved, label=label, multiline=False, save=save, restored_note="",
                         placeholder={"company": "e.g. FarmFresh", "role": "e.g. logistics planner"}[key])


class ThankYouBuilder(_PlannerBase):
    """Per interviewer: name and what you discussed -> a draft to edit, checked as you type."""

    def __init__(self, store, today=None):
        self.store, self.saved, self._today = store, SavedPlanner(store), today
        record = self.saved.read()
        self.message = Message()
        self.interview = _date_picker(store, "interview_date", record.interview_date, "Interview date",
                                      self._date_changed)
        self.company = self._text("company", "Organisation", record.company)
        self.role = self._text("role", "Job title", record.role)
        self.fields: dict[str, SavedText] = {"company": self.company, "role": self.role}
        self.notes: list[dict] = []
        self.blocks = w.VBox()
        # as many blocks as the highest interviewer number saved, so a note typed in block 2 while
        # block 1 stayed empty still comes back
        for note in record.notes[:MAX_INTERVIEWERS] or (ThankYouNote(1),):
            self._add_block(note)
        self.add = w.Button(description="Add another interviewer", tooltip="One note per person you met",
                            layout=w.Layout(width="auto"), disabled=len(self.notes) >= MAX_INTERVIEWERS)
        self.add.on_click(self._add_pressed)
        intro = w.HTML(
            "<p>Write one note for each person you met. Type their name and one thing you talked about, "
            "press <em>Start from a draft</em>, then make the draft your own. The checks update as you type. "
            f"<small>{source_link(planner.THANK_YOU_SOURCE, prefix='Rules: ')}</small></p>")
        super().__init__([intro, self.interview, self.company, self.role, self.blocks, self.add, self.message],
                         name="thank-you", label="Thank-you note builder")
        self._check_all()

    def controls(self) -> dict:
        return {"date:interview": self.interview, **roles("field", self.fields), "add": self.add}

    def shows(self) -> dict:
        return {**{f"feedback:{p['n']}": p["feedback"] for p in self.notes}, "message": self.message}

    def today(self) -> date:
        return self._today or date.today()

    def _date_changed(self, key, value, save=True) -> None:
        if save:
            self._save(self.saved.save_date, key, value)
        self._check_all()

    def _add_block(self, saved: ThankYouNote) -> None:
        n = len(self.notes) + 1
        if n > MAX_INTERVIEWERS:
            return
        entry = {"name": saved.name, "discussed": saved.discussed, "note": saved.note}

        def saver(part):
            def save(text):
                entry[part] = text
                self.saved.save_note(ThankYouNote(n, **entry))
                self._check_all()
            return save

        name = SavedText(entry["name"], label=f"Interviewer {n}: name", multiline=False,
                         placeholder="e.g. Priya Shah", save=saver("name"), restored_note="")
        discussed = SavedText(entry["discussed"], label="One thing you talked about", rows=2,
                              placeholder="e.g. the new warehouse in Leeds and the drivers it needs",
                              save=saver("discussed"), restored_note="")
        note = SavedText(entry["note"], label="Your note", rows=10, save=saver("note"),
                         placeholder="Press 'Start from a draft', or write your own: 5-6 sentences.")
        draft = w.Button(description="Start from a draft", tooltip="Fills the empty note box with a draft to edit",
                         layout=w.Layout(width="auto"))
        feedback = w.HTML()
        feedback.add_class("course-thank-you-feedback")
        parts = {"n": n, "name": name, "discussed": discussed, "note": note, "feedback": feedback,
                 "draft_message": Message()}
        draft.on_click(lambda _b: self._draft(parts))
        for part in ("name", "discussed", "note"):
            self.fields[f"{n}:{part}"] = parts[part]
        block = w.VBox([name, discussed, draft, parts["draft_message"], note, feedback],
                       layout=w.Layout(border="1px solid #c8c8c8", padding="6px", margin="6px 0"))
        block.add_class("course-thank-you-note")
        self.notes.append(parts)
        self.blocks.children = (*self.blocks.children, block)

    def _add_pressed(self, _button) -> None:
        self._add_block(ThankYouNote(len(self.notes) + 1))
        self.add.disabled = len(self.notes) >= MAX_INTERVIEWERS
        self._check_all()

    def _draft(self, parts) -> None:
        if parts["note"].value.strip():
            parts["draft_message"].say("Your note already has text, so the draft did not replace it. Empty the box "
                                       "first to start again.")
            return
        parts["draft_message"].say("Fill in the [brackets] and make it sound like you.")
        parts["note"].box.value = planner.draft_note(
            parts["name"].value, parts["discussed"].value, role=self.role.value, company=self.company.value,
            variant=parts["n"] - 1)

    def _check_all(self) -> None:
        interview = self.interview.value
        for parts in self.notes:
            others = [(p["name"].value, p["note"].value) for p in self.notes if p is not parts]
            report = planner.check_note(parts["note"].value, interviewer=parts["name"].value,
                                        discussed=parts["discussed"].value, interview=interview,
                                        sent=self.today() if interview else None, others=others)
            parts["feedback"].value = report._repr_html_()


class FollowUpPlanner(_PlannerBase):
    """Interview date and any decision date -> the dates, and a calendar file to download."""

    def __init__(self, store):
        self.store, self.saved = store, SavedPlanner(store)
        record = self.saved.read()
        self.message = Message()
        self.interview = _date_picker(store, "interview_date", record.interview_date, "Interview date", self._changed)
        self.decision = _date_picker(store, "decision_date", record.decision_date,
                                     "Their decision date, if they gave one", self._changed)
        self.company = self._text("company", "Organisation (optional)", record.company, on_saved=self._show)
        self.fields = {"company": self.company}
        self.dates = w.HTML()
        self.dates.add_class("course-planner-dates-box")
        self.download = w.HTML()
        self.download.add_class("course-planner-download")
        self.plan: planner.FollowUpPlan | None = None
        super().__init__([self.interview, self.decision, self.company, self.message, self.dates, self.download],
                         name="planner", label="Follow-up planner")
        self._show(save=False)

    def controls(self) -> dict:
        return {"date:interview": self.interview, "date:decision": self.decision, **roles("field", self.fields)}

    def shows(self) -> dict:
        return {"dates": self.dates, "download": self.download, "message": self.message}

    def _changed(self, key, value, save=True) -> None:
        if save:
            self._save(self.saved.save_date, key, value)
        self._show()

    def _show(self, save: bool = True) -> None:
        self.plan = None
        if self.interview.value is None:
            self.dates.value = "<p>Choose your interview date to see when to send what.</p>"
            self.download.value = ""
            return
        try:
            plan = planner.follow_up_plan(self.interview.value, self.decision.value, company=self.company.value)
        except ValueError as problem:
            self.dates.value = message_html(f"To do: {problem}.", "bad")
            self.download.value = ""
            return
        self.plan = plan
        self.dates.value = plan._repr_html_()
        link = download_link(ICS_FILE_NAME, plan.ics(), "text/calendar",
                             text=f"Download these dates as a calendar file ({ICS_FILE_NAME})")
        self.download.value = (f"<p>{link}<br><small>Open the file to add the reminders to Outlook, "
                               "Google Calendar or Apple Calendar.</small></p>")
        if save:
            self._save(self.saved.save_plan, plan)


def thank_you_builder(*, store=None, today: date | None = None) -> ThankYouBuilder:
    """A thank-you note per interviewer: draft, edit, and live checks; saved as typed."""
    return ThankYouBuilder(store_or_open(store), today=today)


def follow_up_planner(*, store=None) -> FollowUpPlanner:
    """Thank-you and follow-up dates from the interview date and any decision date, plus a .ics file."""
    return FollowUpPlanner(store_or_open(store))
