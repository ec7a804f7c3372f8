"""The quiz widget: a thin view of a :class:`course_lib.quizzes.QuizSession`.

One question at a time ("Question 3 of 8"), with Check, Try again, Hint and Show the answer;
Back and Next; at the end the score and the questions to revisit, with links to the sections
that teach them. Every choice is saved through the session as it is made, so re-running the cell
after a kernel restart shows the learner's answers and feedback again.

Only callbacks write to widgets (nbval compares what a cell prints, so nothing is printed).
Feedback and summaries are shown in Output widgets as HTML: JupyterLab then opens a link to
another notebook inside JupyterLab, as it does for any output. Option texts go into radio,
checkbox and dropdown labels, which the browser shows as plain text; everything put into HTML
passes through course_lib.markup.escape.
"""

from __future__ import annotations

import ipywidgets as w

from course_lib.markup import escape, paragraphs
from course_lib.progress import store_or_open
from course_lib.quizzes import (
    KIND_INSTRUCTIONS,
    PRACTICE,
    WORKSHOP,
    AnswerError,
    NoAnswer,
    REVEAL_SECTION,
    QuizSession,
    score_course,
    section_name,
)
from course_lib.widgets import BAD, GOOD, NOTE, Message, Panel, is_shown, message_html, show

# Long option texts wrap instead of being cut off with "…" (ipywidgets sizes labels for one line).
# For every view that shows quiz questions (the quiz, the review cards): class ``course-question-set``
# (``course-questions`` is the questions builder's).
QUIZ_STYLE = f"""
<style>
.course-question-set .widget-radio-box label, .course-question-set .jupyter-widget-radio-box label {{
  height: auto; min-height: 28px; line-height: 1.4; padding: 4px 0; white-space: normal; }}
.course-question-set .widget-radio-box input, .course-question-set .jupyter-widget-radio-box input {{ height: 1.4em; }}
.course-question-set .widget-checkbox, .course-question-set .jupyter-widget-checkbox {{ width: auto; height: auto; }}
.course-question-set .widget-checkbox .widget-label-basic, .course-question-set .jupyter-widget-checkbox .jupyter-widget-label-basic {{
  white-space: normal; overflow: visible; height: auto; line-height: 1.4; padding: 4px 0; }}
.course-question-set .course-quiz-prompt {{ font-weight: 600; margin: 6px 0 2px; }}
.course-question-set .course-quiz-buttons button {{ margin-right: 6px; }}
.course-question-set .jp-OutputArea-prompt, .course-scores .jp-OutputArea-prompt {{ display: none; }}
.course-widget .course-feedback-good {{ border-color: {GOOD}; }}
.course-widget .course-feedback-partial {{ border-color: {NOTE}; }}
.course-widget .course-feedback-bad {{ border-color: {BAD}; }}
.course-widget .course-scores-table {{ border-collapse: collapse; }}
.course-widget .course-scores-table th, .course-widget .course-scores-table td {{
  text-align: left; vertical-align: top; padding: 4px 12px 4px 0; }}
</style>
"""


def _show(output: w.Output, html: str, text: str = "") -> None:
    """Put HTML into an Output widget (rendered like any notebook output, links included)."""
    output.outputs = (
        {"output_type": "display_data", "data": {"text/html": html, "text/plain": text or "(feedback)"},
         "metadata": {}},
    ) if html else ()


class QuestionView:
    """One question: prompt, inputs, buttons, hints and feedback. Rebuilt from the store on refresh."""

    def __init__(self, session: QuizSession, question, number: int, total: int):
        self.session, self.question = session, question
        self._updating = False  # True while the view sets its own inputs (not the learner)
        kind = question.kind
        self.prompt = w.HTML(f'<div class="course-quiz-prompt">{paragraphs(question.prompt)}</div>')
        self.instruction = w.HTML(f'<div class="course-note">{escape(KIND_INSTRUCTIONS[kind])}</div>')
        options = session.options(question)
        if kind in ("single", "true_false"):
            self.radios = w.RadioButtons(options=[(o.text, o.id) for o in options], value=None,
                                         layout=w.Layout(width="auto"))
            self.radios.observe(self._on_input, "value")
            inputs = [self.radios]
        elif kind == "multiple":
            self.checkboxes = {o.id: w.Checkbox(description=o.text, value=False, indent=False,
                                                layout=w.Layout(width="auto")) for o in options}
            for box in self.checkboxes.values():
                box.observe(self._on_input, "value")
            inputs = list(self.checkboxes.values())
        else:
            self.places = [w.Dropdown(options=[(o.text, o.id) for o in options], value=o.id,
                                      description=f"Place {i + 1}", style={"description_width": "initial"},
                                      layout=w.Layout(width="auto", max_width="100%"))
                           for i, o in enumerate(options)]
            for place in self.places:
                place.observe(self._on_place, "value")
            inputs = list(self.places)
        self.inputs = w.VBox(inputs)
        self.inputs.add_class("course-quiz-inputs")
        self.check = w.Button(description="Check", tooltip="Check your answer")
        self.try_again = w.Button(description="Try again", tooltip="Clear your answer and try again")
        self.hint = w.Button(description="Hint", tooltip="Show a hint")
        self.show_answer = w.Button(description="Show the answer", tooltip="Explain every option")
        self.check.on_click(lambda _: self._on_check())
        self.try_again.on_click(lambda _: self._on_try_again())
        self.hint.on_click(lambda _: self._on_hint())
        self.show_answer.on_click(lambda _: self._on_show_answer())
        buttons = w.HBox([self.check, self.try_again, self.hint, self.show_answer])
        buttons.add_class("course-quiz-buttons")
        self.message = w.HTML()  # gentle messages ("Choose an answer first")
        self.message.add_class("course-live")
        self.hints = w.HTML()
        self.feedback = w.Output()
        self.feedback.add_class("course-quiz-feedback")
        self.feedback.add_class("course-live")  # announced when it changes (see widgets.py)
        self.box = w.VBox([self.prompt, self.instruction, self.inputs, buttons, self.message, self.hints, self.feedback])
        self.box.add_class("course-quiz-question")
        self.box.add_class(f"course-quiz-q-{question.id}")
        self.refresh()

    # what the learner has chosen, as option ids
    def selected(self) -> tuple[str, ...]:
        if self.question.kind in ("single", "true_false"):
            return () if self.radios.value is None else (self.radios.value,)
        if self.question.kind == "multiple":
            return tuple(oid for oid, box in self.checkboxes.items() if box.value)
        return tuple(place.value for place in self.places)

    def _set_inputs(self, choice: tuple[str, ...]) -> None:
        self._updating = True
        try:
            if self.question.kind in ("single", "true_false"):
                self.radios.value = choice[0] if choice else None
            elif self.question.kind == "multiple":
                for oid, box in self.checkboxes.items():
                    box.value = oid in choice
            else:
                for place, oid in zip(self.places, choice):
                    place.value = oid
        finally:
            self._updating = False

    # callbacks
    def _on_input(self, _change) -> None:
        if self._updating:
            return
        self.session.choose(self.question, self.selected())
        self.message.value = ""
        self.refresh()

    def _on_place(self, change) -> None:
        """A step put in a place swaps with the step that was there: the order stays complete."""
        if self._updating:
            return
        self._updating = True
        try:
            for place in self.places:
                if place is not change["owner"] and place.value == change["new"]:
                    place.value = change["old"]
                    break
        finally:
            self._updating = False
        self._on_input(change)

    def _on_check(self) -> None:
        try:
            self.session.check(self.question, self.selected())
        except NoAnswer as e:
            self.message.value = message_html(str(e), box=True)
            return
        except AnswerError as e:
            self.message.value = message_html(str(e), box=True)
            self.refresh()
            return
        self.message.value = ""
        self.refresh()

    def _on_try_again(self) -> None:
        self.session.try_again(self.question)
        self.message.value = ""
        self.refresh()

    def _on_hint(self) -> None:
        if self.session.next_hint(self.question) is None:
            self.message.value = message_html("There are no more hints for this question.", box=True)
        self.refresh()

    def _on_show_answer(self) -> None:
        self.session.show_answer(self.question)
        self.refresh()

    def refresh(self) -> None:
        """Show the question as the store has it: choice, hints, feedback and which buttons apply."""
        s, q = self.session, self.question
        record = s.record(q)
        locked = s.locked(q)
        self._set_inputs(s.choice(q))
        # The saved choice, on the page too: a click can overtake a choice still on its way to the
        # kernel, so a page (or a test) can tell the choice has arrived before it presses Check.
        self.box._dom_classes = tuple(c for c in self.box._dom_classes if not c.startswith("course-chosen-")) + tuple(
            f"course-chosen-{oid}" for oid in s.choice(q))
        for widget in self.inputs.children:
            widget.disabled = locked
        self.check.disabled = locked
        practice = s.mode == PRACTICE
        show(self.try_again, practice and record.checked)
        show(self.hint, practice and bool(q.hints))
        self.hint.disabled = not s.can_hint(q)
        show(self.show_answer, s.can_show_answer(q))
        shown = s.hints(q)
        self.hints.value = "".join(
            f'<div class="course-box course-quiz-hint"><strong>Hint {i} of {len(q.hints)}:</strong> {escape(h)}</div>'
            for i, h in enumerate(shown, 1))
        feedback = s.feedback(q)
        if feedback is not None:
            _show(self.feedback, feedback.html(reveal=s.reveal_all(q)), f"{feedback.headline} {feedback.detail}".strip())
        elif locked and s.held:
            _show(self.feedback, message_html("Your answer is saved. Feedback appears when your facilitator reveals "
                                              "the answers.", box=True), "Answer saved.")
        else:
            _show(self.feedback, "")


class QuizWidget(Panel):
    """A whole quiz, one question at a time, then a summary. Build it with :func:`quiz`."""

    def __init__(self, session: QuizSession, *, room=None, follow_mode: bool = False):
        """``room``: the learner's :class:`course_lib.room_link.RoomLink`, when they joined a live
        room; ``follow_mode``: take the room's mode (the quiz was not given one)."""
        self.session = session
        self.room = room
        self.follow_mode = follow_mode
        quiz = session.quiz
        n = len(quiz.questions)
        self._views: dict[int, QuestionView] = {}  # built when first shown: a long quiz opens fast
        self.question_area = w.VBox()
        self.heading = w.HTML(self._heading_html())
        self.progress = w.HTML()
        self.progress.add_class("course-quiz-progress")
        self.summary = w.Output()
        self.summary.add_class("course-quiz-summary")
        self.back = w.Button(description="Back", tooltip="The previous question")
        self.next = w.Button(description="Next", tooltip="The next question")
        self.back.on_click(lambda _: self._go(self.position - 1, self.back))
        self.next.on_click(lambda _: self._go(self.position + 1, self.next))
        nav = w.HBox([self.back, self.next])
        nav.add_class("course-quiz-nav")
        self.reveal_code = w.Text(description="Reveal code", placeholder="the code your facilitator gives",
                                  style={"description_width": "initial"})
        self.reveal_button = w.Button(description="Reveal answers", tooltip="Show the feedback for every answer")
        self.reveal_button.on_click(lambda _: self._on_reveal())
        self.reveal_message = w.HTML()
        self.reveal_message.add_class("course-live")
        self.reveal_row = w.VBox([w.HBox([self.reveal_code, self.reveal_button]), self.reveal_message])
        self.reveal_row.add_class("course-quiz-reveal")
        show(self.reveal_row, session.held)
        self.room_line = Message()  # one line about the live room, when the learner joined one
        self.room_line.add_class("course-live")
        self.room_line.add_class("course-quiz-room")
        # not joined: a folded offer to join here (notebook 00's join box, built when opened)
        self.join_toggle = w.Button(description=JOIN_OFFER, tooltip="Show the box to join your facilitator's live room",
                                    layout=w.Layout(width="auto"))
        self.join_toggle.on_click(lambda _: self._on_join_toggle())
        self.join_box = None
        self.join_area = w.VBox([self.join_toggle])
        self.join_area.add_class("course-quiz-join")
        super().__init__(
            [w.HTML(QUIZ_STYLE, layout=w.Layout(display="none")), self.heading, self.progress,
             self.question_area, self.summary, nav, self.reveal_row, self.room_line, self.join_area],
            name="quiz", label=f"Quiz: {quiz.title} ({n} question{'s' if n != 1 else ''})",
        )
        self.add_class(f"course-quiz-{quiz.id}")
        self.add_class("course-question-set")
        self.position = 0
        self._update()

    def controls(self) -> dict:
        """Back, Next, the reveal box, and each question once it has been shown (``question:<id>``:
        the box with its inputs and buttons)."""
        shown = {f"question:{v.question.id}": v.box for v in self._views.values()}
        return {"back": self.back, "next": self.next, "reveal_code": self.reveal_code, "join": self.join_toggle, **shown}

    def shows(self) -> dict:
        return {"heading": self.heading, "progress": self.progress, "summary": self.summary,
                "reveal_message": self.reveal_message, "room": self.room_line}

    def view(self, index: int) -> QuestionView:
        """The view of question ``index`` (0-based), built on first use."""
        if index not in self._views:
            questions = self.session.quiz.questions
            view = QuestionView(self.session, questions[index], index + 1, len(questions))
            for button in (view.check, view.try_again):  # keep the progress line current
                button.on_click(lambda _: self._update())
            self._views[index] = view
        return self._views[index]

    @property
    def at_summary(self) -> bool:
        return self.position == len(self.session.quiz.questions)

    def _go(self, position: int, pressed: w.Button | None = None) -> None:
        self.position = max(0, min(position, len(self.session.quiz.questions)))
        self._update()
        if pressed is not None and (pressed.disabled or not is_shown(pressed)):
            (self.next if pressed is self.back else self.back).focus()  # keep keyboard focus in the quiz

    def _update(self) -> None:
        self._follow_room()
        n = len(self.session.quiz.questions)
        self.question_area.children = () if self.at_summary else (self.view(self.position).box,)
        score = self.session.score()
        answered = f"{score.answered} answered"
        if self.at_summary:
            self.progress.value = f'<div class="course-note">Your score · {score.answered} of {n} answered</div>'
            _show(self.summary, score.html(from_notebook=self.session.quiz.notebook), score.sentence())
        else:
            self.progress.value = f'<div class="course-note">Question {self.position + 1} of {n} · {answered}</div>'
            _show(self.summary, "")
        self.back.disabled = self.position == 0
        show(self.next, not self.at_summary)
        self.next.description = "See your score" if self.position == n - 1 else "Next"

    def _heading_html(self) -> str:
        """The quiz's title and, in a workshop, what the mode means now: before or after the reveal."""
        s = self.session
        note = ("" if s.mode == PRACTICE else
                '<div class="course-note">Workshop mode: one try per question, no hints. Feedback appears '
                "when your facilitator reveals the answers.</div>" if s.held else
                '<div class="course-note">Workshop mode: your facilitator has revealed the answers. The '
                "feedback is under each question.</div>")
        return f'<div class="course-quiz-title"><strong>Quiz: {escape(s.quiz.title)}</strong></div>{note}'

    def _on_reveal(self) -> None:
        code = self.reveal_code.value
        if not code.strip():
            self.reveal_message.value = message_html("Type the code your facilitator gives, then press Reveal answers.",
                                                     box=True)
        elif self.session.reveal(code):
            self._show_revealed()
            self._update()
            (self.back if self.at_summary else self.next).focus()
        else:
            self.reveal_message.value = message_html("That is not this quiz's reveal code. Check it with your facilitator.",
                                                     "bad", box=True)


    def _show_revealed(self) -> None:
        self.reveal_message.value = ""
        show(self.reveal_row, False)
        self._refresh_views()

    def _refresh_views(self) -> None:
        self.heading.value = self._heading_html()
        for view in self._views.values():
            view.refresh()

    def _on_join_toggle(self) -> None:
        if self.join_box is None:
            from course_lib.room_widget import JoinRoom

            self.join_box = JoinRoom(self.session.store, on_joined=self._joined)
            self.join_area.children = (self.join_toggle, self.join_box)
            opened = True
        else:
            opened = not is_shown(self.join_box)
        show(self.join_box, opened)
        self.join_toggle.description = "Hide the join box" if opened else JOIN_OFFER
        if opened:  # the keyboard goes where the learner types (on a hub: the one-click button)
            box = self.join_box
            (box.hub_join if is_shown(box.hub_join) else box.link).focus()

    def _joined(self) -> None:
        """Joined from this quiz's box: the room line replaces the box (a live region, so it is
        read out) and the keyboard goes back to the question on screen, since the button it was on
        is gone. (ipywidgets 8 cannot focus an HTML line, or focus would go to the room line.)"""
        self._update()
        target = None if self.at_summary else self.view(self.position).check
        if target is None or target.disabled or not is_shown(target):
            target = self.back if self.at_summary else self.next
        target.focus()

    def _follow_room(self) -> None:
        """With a live room: ask it (in the background) for news, take a reveal it already gave,
        and say in one line whether the room is reached. Nothing here waits for the network.
        Without one: the offer to join (a join here or in another notebook is picked up)."""
        from course_lib.room_link import follow, offers_join

        if self.room is None:
            self.room = follow(self.session)
        offer = offers_join(self.room)
        show(self.join_area, offer)
        show(self.room_line, not offer)
        if self.room is None:
            self._show_reveal_row()
            return
        self.room.poll()
        wanted = ROOM_MODES.get(self.room.mode)
        if self.follow_mode and wanted and wanted != self.session.mode:
            self.session.mode = wanted
            self._refresh_views()
        if self.session.mode == WORKSHOP and self.session.quiz.id in self.room.revealed \
                and self.session.reveal_from_room():
            self._show_revealed()
        self.room_line.say(self.room.line, "note" if self.room.ok else "bad")
        self._show_reveal_row()

    def _show_reveal_row(self) -> None:
        """The typed reveal code, while feedback is held: not in a room that answers (its
        facilitator's reveal reaches this quiz by itself), back as the way round when it does not."""
        show(self.reveal_row, self.session.held and (self.room is None or not self.room.ok))


JOIN_OFFER = "In a live room? Join it here"

# the live room's modes (course_lib.room) as quiz modes
ROOM_MODES = {"workshop": WORKSHOP, "self-paced": PRACTICE}


def quiz(quiz_id: str, *, mode: str | None = None, store=None, content=None) -> QuizWidget:
    """The quiz ``quiz_id`` from data/quizzes, for this learner.

    ``mode``: "practice" (default) or "workshop"; when not given, $COURSE_QUIZ_MODE decides, and
    in a live room the room's mode (its facilitator can switch it) from the next click on.
    ``store``: a progress Store (default: the learner's own). ``content``: loaded course content
    (default: data/).
    """
    if content is None:
        from course_lib.content import load_content

        content = load_content()
    from course_lib.room_link import room_link

    store = store_or_open(store)
    room = room_link(store)
    session = QuizSession(content.quiz(quiz_id), store, mode=mode, on_first_try=room.first_try if room else None)
    return QuizWidget(session, room=room, follow_mode=mode is None)


class CourseScoresWidget(Panel):
    """The learner's scores across the course, with what to revisit. They follow every quiz answer
    saved in this kernel (the store announces each change); answers given in another notebook
    or browser tab are read with the Update button (in the app view there is no cell to re-run)."""

    def __init__(self, store, content=None):
        if content is None:
            from course_lib.content import load_content

            content = load_content()  # once: the scores are read again at every answer
        self._store, self._content = store, content
        self.table = w.Output()
        self.update_button = w.Button(description="Update my scores",
                                      tooltip="Read answers given in another notebook or tab",
                                      layout=w.Layout(width="auto", align_self="flex-start"))
        self.update_button.on_click(lambda _: self.refresh())
        elsewhere = w.HTML("<p>Your scores follow your answers in this notebook. Answered a quiz in another notebook "
                           "or tab since this one opened? Press <em>Update my scores</em>.</p>")
        super().__init__([w.HTML(QUIZ_STYLE, layout=w.Layout(display="none")), self.table, elsewhere,
                          self.update_button], name="scores", label="Your quiz scores across the course")
        self.refresh()
        store.on_change(self._store_changed)

    def controls(self) -> dict:
        return {"update": self.update_button}

    def shows(self) -> dict:
        return {"scores": self.table}

    def _store_changed(self, section: str | None) -> None:
        if section is None or section.startswith(section_name("")) or section == REVEAL_SECTION:
            self.refresh()

    def refresh(self) -> None:
        scores = score_course(self._store, self._content)
        self.scores = scores
        _show(self.table, scores.html(), scores.sentence())


def course_scores(*, store=None, content=None) -> CourseScoresWidget:
    """Every quiz's first-try score, per notebook and overall, with links to what to revisit."""
    return CourseScoresWidget(store_or_open(store), content)
