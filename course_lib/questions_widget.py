"""The questions builder: who you will meet, your own questions, and varied suggestions for each.

Saved as typed in section ``worksheet:questions_to_ask``: key ``meeting`` (the interviewer ids
ticked), one key per interviewer id (the learner's own questions, one per line), ``variant``
(which mix of suggestions is shown) and ``plan`` (the final lists, {interviewer id: [questions]},
which the prep pack reads).
"""

from __future__ import annotations

import ipywidgets as w

from course_lib import questions as logic
from course_lib.markup import escape
from course_lib.widgets import Panel
from course_lib.worksheet_widget import SavedText, _store


class QuestionsPanel(Panel):
    def __init__(self, bank, store):
        self.bank, self.store = bank, store
        saved = store.items(logic.SECTION)
        known = [i.id for i in bank.interviewers]
        meeting = saved.get("meeting")
        if not isinstance(meeting, list) or not all(isinstance(m, str) for m in meeting):
            meeting = known
        variant = saved.get("variant")
        self.variant = variant if isinstance(variant, int) and not isinstance(variant, bool) and variant >= 0 else 0

        intro = w.HTML(
            "<p>Tick the people you expect to meet and add questions of your own, one per line. "
            "The course suggests more so that each person has three, and never gives two people "
            "the same question.</p>")
        self.meeting: dict[str, w.Checkbox] = {}
        self.fields: dict[str, SavedText] = {}
        blocks = []
        for kind in bank.interviewers:
            tick = w.Checkbox(value=kind.id in meeting, description=f"I will meet: {kind.label}", indent=False)
            tick.observe(self._meeting_changed, names="value")
            self.meeting[kind.id] = tick

            def save(text, key=kind.id):
                self.store.save(logic.SECTION, key, text, typing=True)
                self._refresh()

            own = SavedText(logic.as_lines(saved.get(kind.id)), label=f"Your own questions for {kind.label}",
                            placeholder="e.g. What would you like the new person to take off your plate first?",
                            save=save)
            own.add_class(f"course-field-{kind.id}")
            self.fields[kind.id] = own
            block = w.VBox([tick, own], layout=w.Layout(margin="6px 0"))
            block.add_class("course-questions-interviewer")
            blocks.append(block)

        self.other = w.Button(description="Suggest other questions", tooltip="Show a different mix of suggestions",
                              layout=w.Layout(width="auto"))
        self.other.on_click(self._next_variant)
        self.plan_html = w.HTML()
        self.plan_html.add_class("course-questions-plan")
        self.message = w.HTML()
        super().__init__([intro, *blocks, self.other, self.message, self.plan_html], name="questions",
                         label="Questions to ask: builder")
        self._refresh(save=False)

    def chosen(self) -> list[str]:
        return [i for i, tick in self.meeting.items() if tick.value]

    def _meeting_changed(self, change) -> None:
        self._save("meeting", self.chosen())
        self._refresh()

    def _next_variant(self, _button) -> None:
        self.variant += 1
        self._save("variant", self.variant)
        self._refresh()

    def _save(self, key, value) -> bool:
        try:
            self.store.save(logic.SECTION, key, value)
        except Exception as error:  # keep working on screen; say it was not saved
            self.message.value = f'<p class="course-bad">Not saved ({escape(str(error))}).</p>'
            return False
        return True

    def plan(self) -> logic.QuestionPlan:
        own = {i: self.fields[i].value for i in self.chosen()}
        return logic.suggest(self.bank, meeting=self.chosen(), own=own, variant=self.variant)

    def _refresh(self, save: bool = True) -> None:
        if not self.chosen():
            self.plan_html.value = "<p>Tick at least one person you will meet to see questions for them.</p>"
            self.message.value = ""
            return
        plan = self.plan()
        self.plan_html.value = plan._repr_html_()
        short = [plan.labels[i] for i in plan.short]
        self.message.value = (f"<p class='course-note'>Few questions left for {escape(', '.join(short))}: "
                              "add your own.</p>" if short else "")
        if save:
            self._save("plan", plan.as_dict())


def questions_builder(*, store=None) -> QuestionsPanel:
    """Suggest questions to ask each interviewer, with the learner's own, saved as typed."""
    return QuestionsPanel(logic.load_bank(), _store(store))
