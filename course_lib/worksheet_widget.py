"""The worksheet view: text boxes that save as the learner types and come back on re-run.

``worksheet("company_research")`` shows one box per field of that worksheet (data/worksheets.yaml).
Every keystroke is saved to the progress store (section ``worksheet:<name>``, key: the field id);
a small line under each box says "Saved" and counts words and characters. A paraphrase worksheet
also shows the interviewer's question and live feedback on the paraphrase. A checklist worksheet
shows a box to tick per field, with its advice beside it; each tick is saved at once (true or
false under the field id) and the list says how many are done.

:class:`SavedText` — a text box with that saved line — is the building block the questions builder
and the thank-you builder use too.
"""

from __future__ import annotations

import ipywidgets as w

from course_lib import worksheets
from course_lib.markup import escape, paragraphs, source_link
from course_lib.progress import store_or_open
from course_lib.widgets import Panel, StatusLine, roles, try_save


class SavedText(w.VBox):
    """A text box that saves as it is typed, with a line saying it did and how long the text is.

    ``save(text)`` is called on every change; if it raises, the line says the text was NOT saved
    (and why) and the text stays in the box, so nothing the learner typed is lost.
    """

    def __init__(self, value: str, *, label: str, save, placeholder: str = "", rows: int = 3,
                 multiline: bool = True, restored_note: str = "Restored from your last visit"):
        kind = w.Textarea if multiline else w.Text
        options = {"rows": rows} if multiline else {}
        self.box = kind(value=value, description=label, placeholder=placeholder, continuous_update=True,
                        style={"description_width": "initial"},
                        layout=w.Layout(width="100%", flex_flow="column" if multiline else "row"), **options)
        self.status = StatusLine()
        self.status.add_class("course-saved-status")
        self._save = save
        self._counter = multiline
        self.saved = True  # False after a failed save, until the next one succeeds
        super().__init__([self.box, self.status], layout=w.Layout(width="100%"))
        self._show(restored_note if value.strip() else "")
        self.box.observe(self._changed, names="value")

    @property
    def value(self) -> str:
        return self.box.value

    def _show(self, state: str, problem: bool = False) -> None:
        # a one-line box (a name) needs no word count
        self.status.show(state, problem=problem,
                         details=[worksheets.length_text(self.box.value)] if self._counter else ())

    def _changed(self, change) -> None:
        failed = try_save(self._save, change["new"])
        self.saved = failed is None
        self._show(failed or "Saved", problem=not self.saved)


def _intro(sheet) -> w.HTML:
    """A worksheet's title, its introduction and (where it has one) its source."""
    return w.HTML(f"<p><strong>{escape(sheet.title)}</strong></p><p>{paragraphs(sheet.intro)}</p>"
                  + (f"<p><small>{source_link(sheet.source)}</small></p>" if sheet.source else ""))


class WorksheetPanel(Panel):
    """One worksheet: a box per field, saved under ``worksheet:<id>`` with the field id as key."""

    def __init__(self, sheet, store):
        self.sheet, self.store = sheet, store
        self.saved = worksheets.SavedWorksheets(store)
        answers = self.saved.answers(sheet)
        intro = _intro(sheet)
        self.progress = w.HTML()
        self.fields: dict[str, SavedText] = {}
        self.feedback: dict[str, w.HTML] = {}
        blocks = []
        for f in sheet.fields:
            blocks.append(self._field_block(f, answers[f.id]))
        super().__init__([intro, *blocks, self.progress], name="worksheet",
                         label=f"Worksheet: {sheet.title} ({len(sheet.fields)} boxes)")
        self.add_class(f"course-worksheet-{sheet.id}")
        self._update_progress()

    def controls(self) -> dict:
        return roles("field", self.fields)

    def shows(self) -> dict:
        return {**roles("feedback", self.feedback), "progress": self.progress}

    def _field_block(self, f, value: str) -> w.VBox:
        parts = []
        if f.question:
            parts.append(w.HTML(f'<div class="course-box"><small>The interviewer asks:</small><br>'
                                f'<strong>“{escape(f.question)}”</strong> <small>{source_link(f.source)}</small></div>'))
        parts.append(w.HTML(f'<p style="margin:2px 0">{escape(f.prompt)}</p>'))

        def save(text, key=f.id):
            self.saved.save(self.sheet.id, key, text)

        box = SavedText(value, label=f.label, placeholder=f.example, save=save)
        box.add_class(f"course-field-{f.id}")
        box.box.observe(self._text_changed(f), names="value")
        self.fields[f.id] = box
        parts.append(box)
        if f.question:
            self.feedback[f.id] = w.HTML(worksheets.check_paraphrase(f.question, value)._repr_html_())
            self.feedback[f.id].add_class("course-paraphrase-feedback")
            parts.append(self.feedback[f.id])
        block = w.VBox(parts, layout=w.Layout(margin="8px 0"))
        block.add_class("course-worksheet-field")
        return block

    def _text_changed(self, f):
        def react(change):
            if f.question:
                self.feedback[f.id].value = worksheets.check_paraphrase(f.question, change["new"])._repr_html_()
            self._update_progress()

        return react

    def answers(self) -> dict[str, str]:
        return {key: box.value for key, box in self.fields.items()}

    def _update_progress(self) -> None:
        done, total = worksheets.filled(self.sheet, self.answers()), len(self.sheet.fields)
        self.progress.value = f"<p><small>{done} of {total} boxes filled. Everything you type is saved as you go.</small></p>"


class ChecklistPanel(Panel):
    """A checklist worksheet: a box to tick per field, saved under ``worksheet:<id>`` (true or
    false) as soon as it is ticked, with a line saying whether it was saved and how many are done."""

    def __init__(self, sheet, store):
        self.sheet, self.store = sheet, store
        self.saved = worksheets.SavedWorksheets(store)
        ticks = self.saved.ticks(sheet)
        intro = _intro(sheet)
        self.boxes: dict[str, w.Checkbox] = {}
        blocks = []
        for f in sheet.fields:
            box = w.Checkbox(value=ticks[f.id], description=f.label, indent=False,
                             layout=w.Layout(width="auto"))
            box.add_class(f"course-field-{f.id}")
            box.observe(self._ticked(f.id), names="value")
            self.boxes[f.id] = box
            block = w.VBox([box, w.HTML(f'<p style="margin:0 0 6px 26px">{escape(f.prompt)}</p>')])
            block.add_class("course-worksheet-field")
            blocks.append(block)
        self.status = StatusLine()
        self.status.add_class("course-saved-status")
        self.status.add_class("course-live")
        super().__init__([intro, *blocks, self.status], name="checklist-worksheet",
                         label=f"Checklist: {sheet.title} ({len(sheet.fields)} steps)")
        self.add_class(f"course-worksheet-{sheet.id}")
        self._update("Restored from your last visit" if any(ticks.values()) else "")

    def controls(self) -> dict:
        return roles("tick", self.boxes)

    def shows(self) -> dict:
        return {"progress": self.status}

    def ticks(self) -> dict[str, bool]:
        return {key: box.value for key, box in self.boxes.items()}

    def _ticked(self, field_id: str):
        def save(change):
            failed = try_save(self.saved.tick, self.sheet.id, field_id, change["new"])
            self._update(failed or "Saved", problem=failed is not None)

        return save

    def _update(self, state: str, problem: bool = False) -> None:
        summary = worksheets.checklist(self.sheet, self.ticks()).summary()
        self.status.show(state, problem=problem, details=[summary])


def worksheet(name: str, *, store=None) -> WorksheetPanel | ChecklistPanel:
    """Show worksheet ``name`` from data/worksheets.yaml; the learner's text (or ticks) is saved as given."""
    sheet = worksheets.get_worksheet(name)
    return (ChecklistPanel if sheet.kind == "checklist" else WorksheetPanel)(sheet, store_or_open(store))
