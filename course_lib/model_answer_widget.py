"""Views of the model answers (notebook 04) and of the model thank-you note (notebook 06).

Thin views over :mod:`course_lib.model_answer`, which makes the HTML they show; they save nothing.
Browser tests find them by the CSS classes ``course-model-answers`` and ``course-model-note``.
"""

from __future__ import annotations

import ipywidgets as w

from course_lib import model_answer, tracks
from course_lib.progress import store_or_open
from course_lib.widgets import Panel, TrackedPicker


class ModelAnswersView(TrackedPicker):
    """Pick a question: its model answer beside a common weak answer, with why each works or fails.
    The learner's track's questions come first."""

    def __init__(self, answers, *, from_notebook: str | None = None, store=None, track: str | None = None):
        if not answers:
            raise LookupError("data/model_answers.yaml holds no answers")
        self.from_notebook = from_notebook
        n = len(answers)
        super().__init__(answers, store=store, track=track, what="questions", role="answer", description="Question",
                         name="model-answers", label=f"Model answers ({n} question{'s' if n != 1 else ''})",
                         intro="<h3>Model answers</h3><p>Pick a question. You see a model answer and why it works, "
                               "then a common weak answer and why it fails. Each one links to the part of the "
                               "course that teaches the skill.</p>")

    def option(self, answer) -> str:
        return answer.question

    def render(self, answer) -> str:
        return model_answer.answer_html(answer, from_notebook=self.from_notebook)


class ModelNoteView(Panel):
    """The model thank-you note, why it works, and what the thank-you builder finds in it."""

    def __init__(self, note):
        self.note = w.HTML(model_answer.note_html(note))
        self.note.add_class("course-model-note-text")
        super().__init__([self.note], name="model-note", label=f"Model thank-you note to {note.interviewer}")

    def controls(self) -> dict:
        return {}

    def shows(self) -> dict:
        return {"note": self.note}


# --- what notebooks call ---------------------------------------------------------------------
def model_answers(*, from_notebook: str | None = None, store=None) -> ModelAnswersView:
    """Model and weak answers to the questions round two asks (data/model_answers.yaml), those for
    the learner's track first. ``from_notebook``: the notebook it is shown in, so links into that
    notebook stay on the page."""
    store = store_or_open(store)
    return ModelAnswersView(model_answer.load().answers, from_notebook=from_notebook, store=store,
                            track=tracks.learner_track(store))


def model_thank_you_note() -> ModelNoteView:
    """The model thank-you note (data/model_answers.yaml), with the thank-you builder's checks."""
    return ModelNoteView(model_answer.load().thank_you_note)
