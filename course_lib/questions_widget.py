"""The questions builder: who you will meet, your own questions, and varied suggestions for each.

Saved as typed, through :class:`course_lib.questions.SavedQuestions`: who is ticked, the learner's
own questions, the mix of suggestions shown, and the final lists the prep pack reads.
"""

from __future__ import annotations

import ipywidgets as w

from course_lib import questions
from course_lib.progress import store_or_open
from course_lib.widgets import Message, Panel, roles, try_save
from course_lib.worksheet_widget import SavedText


class QuestionsPanel(Panel):
    def __init__(self, bank, store):
        self.bank, self.store, self.saved = bank, store, questions.SavedQuestions(store)
        choices = self.saved.read([i.id for i in bank.interviewers])
        meeting = choices.meeting if choices.meeting is not None else [i.id for i in bank.interviewers]
        self.variant = choices.variant

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
                self.saved.save_own(key, text)
                self._refresh()

            own = SavedText(choices.own[kind.id], label=f"Your own questions for {kind.label}",
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
        self.message = Message()
        super().__init__([intro, *blocks, self.other, self.message, self.plan_html], name="questions",
                         label="Questions to ask: builder")
        self._refresh(save=False)

    def controls(self) -> dict:
        return {**roles("meet", self.meeting), **roles("field", self.fields), "other": self.other}

    def shows(self) -> dict:
        return {"plan": self.plan_html, "message": self.message}

    def chosen(self) -> list[str]:
        return [i for i, tick in self.meeting.items() if tick.value]

    def _meeting_changed(self, change) -> None:
        self._save(self.saved.save_meeting, self.chosen())
        self._refresh()

    def _next_variant(self, _button) -> None:
        self.variant += 1
        self._save(self.saved.save_variant, self.variant)
        self._refresh()

    def _save(self, save, value) -> bool:
        failed = try_save(save, value, kept="")  # keep working on screen; say it was not saved
        if failed:
            self.message.say(failed, "bad")
        return failed is None

    def plan(self) -> questions.QuestionPlan:
        own = {i: self.fields[i].value for i in self.chosen()}
        return questions.suggest(self.bank, meeting=self.chosen(), own=own, variant=self.variant)

    def _refresh(self, save: bool = True) -> None:
        if not self.chosen():
            self.plan_html.value = "<p>Tick at least one person you will meet to see questions for them.</p>"
            self.message.clear()
            return
        plan = self.plan()
        self.plan_html.value = plan._repr_html_()
        short = [plan.labels[i] for i in plan.short]
        self.message.say(f"Few questions left for {', '.join(short)}: add your own." if short else "")
        if save:
            self._save(self.saved.save_plan, plan)


def questions_builder(*, store=None) -> QuestionsPanel:
    """Suggest questions to ask each interviewer, with the learner's own, saved as typed."""
    return QuestionsPanel(questions.load_bank(), store_or_open(store))
