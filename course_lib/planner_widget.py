"""The thank-you note builder and the follow-up planner (notebook 06).

Both save as the learner types, in the progress store's section ``planner``:

=====================  ==========================================================================
key                    value
=====================  ==========================================================================
``interview_date``     ISO date text ('2026-11-20') or None — shared by both views
``decision_date``      ISO date text or None: the date they said they would decide by
``company``            the organisation's name (used in the calendar and the drafts)
``role``               the job title (used in the drafts)
``thank_you:<n>``      {"name": ..., "discussed": ..., "note": ...} for interviewer n (1, 2, ...)
``follow_up``          the planned dates: {"thank_you": iso, "follow_up_1": iso, "follow_up_2": iso}
=====================  ==========================================================================

The calendar file is offered as a download link holding the file itself (a ``data:`` address), so
it works the same in JupyterLab and in Voilà, with no file written anywhere.
"""

from __future__ import annotations

import weakref
from datetime import date

import ipywidgets as w

from course_lib import planner as logic
from course_lib.markup import download_link, escape, source_link
from course_lib.widgets import Panel
from course_lib.worksheets import as_text
from course_lib.worksheet_widget import SavedText, _store

SECTION = "planner"
MAX_INTERVIEWERS = 8  # a long site visit can mean 5-6 people; a little room beyond that
ICS_FILE_NAME = "interview-follow-up.ics"


def _saved_date(value) -> date | None:
    try:
        return None if value in (None, "") else logic.as_date(value)
    except (TypeError, ValueError):
        return None  # unreadable saved value: start empty rather than fail; history still holds it


# Pickers of the same saved date in one store (the interview date appears in both views of
# notebook 06) follow each other while the notebook is open, so the learner picks it once.
_twins: dict[tuple[str, str], weakref.WeakSet] = {}


def _date_picker(store, key: str, description: str, on_change) -> w.DatePicker:
    """A date picker for ``key``; ``on_change(key, iso_text_or_None, save)`` runs on every change."""
    picker = w.DatePicker(value=_saved_date(store.load(SECTION, key)), description=description,
                          style={"description_width": "initial"}, layout=w.Layout(width="30em"))
    picker.add_class(f"course-field-{key}")
    twins = _twins.setdefault((str(getattr(store, "path", id(store))), key), weakref.WeakSet())
    twins.add(picker)

    def changed(change):
        following = getattr(picker, "_following", False)  # set by a twin: it has saved already
        on_change(key, change["new"].isoformat() if change["new"] else None, not following)
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
    """What both views share: saving one key with a visible 'not saved' message if it fails."""

    def _save(self, key, value) -> None:
        try:
            self.store.save(SECTION, key, value)
        except Exception as error:
            self.message.value = f'<p class="course-bad">Not saved ({escape(str(error))}). Your entries are still here.</p>'
        else:
            self.message.value = ""


class ThankYouBuilder(_PlannerBase):
    """Per interviewer: name and what you discussed -> a draft to edit, checked as you type."""

    def __init__(self, store, today=None):
        self.store = store
        self._today = today
        saved = store.items(SECTION)
        self.message = w.HTML()
        self.interview = _date_picker(store, "interview_date", "Interview date", self._date_changed)
        self.company = SavedText(as_text(saved.get("company")), label="Organisation", multiline=False,
                                 placeholder="e.g. FarmFresh", save=lambda t: self.store.save(SECTION, "company", t, typing=True),
                                 restored_note="")
        self.role = SavedText(as_text(saved.get("role")), label="Job title", multiline=False,
                              placeholder="e.g. logistics planner", save=lambda t: self.store.save(SECTION, "role", t, typing=True),
                              restored_note="")
        self.fields: dict[str, SavedText] = {"company": self.company, "role": self.role}
        self.notes: list[dict] = []
        self.blocks = w.VBox()
        # as many blocks as the highest interviewer number saved, so a note typed in block 2 while
        # block 1 stayed empty still comes back
        numbers = [int(k.split(":", 1)[1]) for k in saved
                   if k.startswith("thank_you:") and k.split(":", 1)[1].isdigit()]
        for n in range(1, min(max(numbers, default=1), MAX_INTERVIEWERS) + 1):
            self._add_block(saved.get(f"thank_you:{n}"))
        self.add = w.Button(description="Add another interviewer", tooltip="One note per person you met",
                            layout=w.Layout(width="auto"),
                            disabled=len(self.notes) >= MAX_INTERVIEWERS)
        self.add.on_click(self._add_pressed)
        intro = w.HTML(
            "<p>Write one note for each person you met. Type their name and one thing you talked about, "
            "press <em>Start from a draft</em>, then make the draft your own. The checks update as you type. "
            f"<small>{source_link(logic.THANK_YOU_SOURCE, prefix='Rules: ')}</small></p>")
        super().__init__([intro, self.interview, self.company, self.role, self.blocks, self.add, self.message],
                         name="thank-you", label="Thank-you note builder")
        self._check_all()

    def today(self) -> date:
        return self._today or date.today()

    def _date_changed(self, key, value, save=True) -> None:
        if save:
            self._save(key, value)
        self._check_all()

    def _add_block(self, saved) -> None:
        n = len(self.notes) + 1
        if n > MAX_INTERVIEWERS:
            return
        saved = saved if isinstance(saved, dict) else {}
        entry = {k: as_text(saved.get(k)) for k in ("name", "discussed", "note")}

        def saver(part):
            def save(text):
                entry[part] = text
                self.store.save(SECTION, f"thank_you:{n}", dict(entry), typing=True)
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
        draft_message = w.HTML()
        feedback = w.HTML()
        feedback.add_class("course-thank-you-feedback")
        parts = {"n": n, "entry": entry, "name": name, "discussed": discussed, "note": note,
                 "feedback": feedback, "draft_message": draft_message}
        draft.on_click(lambda _b: self._draft(parts))
        for part in ("name", "discussed", "note"):
            self.fields[f"{n}:{part}"] = parts[part]
        block = w.VBox([name, discussed, draft, draft_message, note, feedback],
                       layout=w.Layout(border="1px solid #c8c8c8", padding="6px", margin="6px 0"))
        block.add_class("course-thank-you-note")
        self.notes.append(parts)
        self.blocks.children = (*self.blocks.children, block)

    def _add_pressed(self, _button) -> None:
        self._add_block(None)
        self.add.disabled = len(self.notes) >= MAX_INTERVIEWERS
        self._check_all()

    def _draft(self, parts) -> None:
        if parts["note"].value.strip():
            parts["draft_message"].value = ("<p class='course-note'>Your note already has text, so the draft "
                                            "did not replace it. Empty the box first to start again.</p>")
            return
        parts["draft_message"].value = ("<p class='course-note'>Fill in the [brackets] and make it sound like "
                                        "you.</p>")
        parts["note"].box.value = logic.draft_note(
            parts["name"].value, parts["discussed"].value, role=self.role.value, company=self.company.value,
            variant=parts["n"] - 1)

    def _check_all(self) -> None:
        interview = self.interview.value
        for parts in self.notes:
            others = [(p["name"].value, p["note"].value) for p in self.notes if p is not parts]
            report = logic.check_note(parts["note"].value, interviewer=parts["name"].value,
                                      discussed=parts["discussed"].value, interview=interview,
                                      sent=self.today() if interview else None, others=others)
            parts["feedback"].value = report._repr_html_()


class FollowUpPlanner(_PlannerBase):
    """Interview date and any decision date -> the dates, and a calendar file to download."""

    def __init__(self, store):
        self.store = store
        saved = store.items(SECTION)
        self.message = w.HTML()
        self.interview = _date_picker(store, "interview_date", "Interview date", self._changed)
        self.decision = _date_picker(store, "decision_date", "Their decision date, if they gave one",
                                     self._changed)
        self.company = SavedText(as_text(saved.get("company")), label="Organisation (optional)", multiline=False,
                                 placeholder="e.g. FarmFresh", save=self._company_saved, restored_note="")
        self.fields = {"company": self.company}
        self.dates = w.HTML()
        self.dates.add_class("course-planner-dates-box")
        self.download = w.HTML()
        self.download.add_class("course-planner-download")
        self.plan: logic.FollowUpPlan | None = None
        super().__init__([self.interview, self.decision, self.company, self.message, self.dates, self.download],
                         name="planner", label="Follow-up planner")
        self._show(save=False)

    def _changed(self, key, value, save=True) -> None:
        if save:
            self._save(key, value)
        self._show()

    def _company_saved(self, text) -> None:
        self.store.save(SECTION, "company", text, typing=True)
        self._show()

    def _show(self, save: bool = True) -> None:
        self.plan = None
        if self.interview.value is None:
            self.dates.value = "<p>Choose your interview date to see when to send what.</p>"
            self.download.value = ""
            return
        try:
            plan = logic.follow_up_plan(self.interview.value, self.decision.value, company=self.company.value)
        except ValueError as problem:
            self.dates.value = f'<p class="course-bad">To do: {escape(str(problem))}.</p>'
            self.download.value = ""
            return
        self.plan = plan
        self.dates.value = plan._repr_html_()
        link = download_link(ICS_FILE_NAME, plan.ics(), "text/calendar",
                             text=f"Download these dates as a calendar file ({ICS_FILE_NAME})")
        self.download.value = (f"<p>{link}<br><small>Open the file to add the reminders to Outlook, "
                               "Google Calendar or Apple Calendar.</small></p>")
        if save:
            self._save("follow_up", {r.kind: r.day.isoformat() for r in plan.reminders})


def thank_you_builder(*, store=None, today: date | None = None) -> ThankYouBuilder:
    """A thank-you note per interviewer: draft, edit, and live checks; saved as typed."""
    return ThankYouBuilder(_store(store), today=today)


def follow_up_planner(*, store=None) -> FollowUpPlanner:
    """Thank-you and follow-up dates from the interview date and any decision date, plus a .ics file."""
    return FollowUpPlanner(_store(store))
