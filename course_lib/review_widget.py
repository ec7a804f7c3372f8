"""The review views: the warm-up at the top of notebooks 02–07, and "review due" in 00 and 07.

A thin view of :class:`course_lib.review.ReviewDeck`. Each card is shown with the quiz's own
question view (:class:`course_lib.quiz_widget.QuestionView`) and graded by the quiz's own grader,
so a review looks, reads and explains exactly like the quiz did. One answer per card: after Check
every option is explained, and the card's next date is saved. Review answers never change scores.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import ipywidgets as w

from course_lib.markup import escape
from course_lib.progress import store_or_open
from course_lib.quiz_widget import QUIZ_STYLE, QuestionView
from course_lib.quizzes import AnswerError, QuizSession, Record
from course_lib.review import ReviewCard, ReviewDeck, warm_ups_on
from course_lib.widgets import Message, Panel, message_html, show, try_save

REVIEW = "review"  # the mode a card's question view is in: one try, every option explained after it


class CardSession:
    """What :class:`QuestionView` asks of a quiz session, for one review card: the learner's own
    option order, the choice kept while they decide, and the review saved through the deck."""

    mode = REVIEW
    held = False

    def __init__(self, deck: ReviewDeck, card: ReviewCard, *, shown_in: str | None = None):
        self.deck, self.card, self.shown_in = deck, card, shown_in
        self._order = QuizSession(card.quiz, deck.store)  # the option order this learner saw in the quiz
        self._choice: tuple[str, ...] = ()
        self._feedback = None

    def options(self, question):
        return self._order.options(question)

    def record(self, question) -> Record:
        done = self._feedback is not None
        attempts = [{"choice": list(self._choice), "score": self._feedback.score}] if done else []
        return Record(choice=self._choice, checked=done, attempts=attempts)

    def choice(self, question) -> tuple[str, ...]:
        if question.kind == "ordering" and len(self._choice) != len(question.options):
            return tuple(o.id for o in self.options(question))
        return self._choice

    def choose(self, question, response) -> None:
        if self.locked(question):
            return
        ids = {o.id for o in question.options}
        items = [response] if isinstance(response, (str, bool)) else list(response or ())
        self._choice = tuple(c for c in (str(i).lower() if isinstance(i, bool) else i for i in items) if c in ids)

    def check(self, question, response):
        if self.locked(question):
            raise AnswerError("This card is reviewed. It comes back on its next date.")
        # Its "Read more" link is read where the card is shown: notebook 01's section, seen in 04,
        # is "(notebook 01)", never "(in this notebook)".
        feedback = replace(self.deck.answer(self.card, response), notebook=self.shown_in)
        self._choice, self._feedback = feedback.choice, feedback
        return feedback

    def locked(self, question) -> bool:
        return self._feedback is not None

    def feedback(self, question):
        return self._feedback

    def reveal_all(self, question) -> bool:
        return True

    def hints(self, question) -> list[str]:
        return []

    def can_hint(self, question) -> bool:
        return False

    def can_show_answer(self, question) -> bool:
        return False

    def try_again(self, question) -> None:
        return None

    def next_hint(self, question) -> None:
        return None

    def show_answer(self, question) -> None:
        return None


def _day(moment) -> str:
    return f"{moment:%A} {moment.day} {moment:%B}"


class ReviewWidget(Panel):
    """Due cards one at a time, then what comes next. ``kind``: "warm-up" or "review"."""

    def __init__(self, deck: ReviewDeck, *, kind: str, notebook: str | None = None):
        self.deck, self.kind, self.notebook = deck, kind, notebook
        self.heading = w.HTML()
        self.status = w.HTML()
        self.status.add_class("course-review-status")
        self.question_area = w.VBox()
        self.next = w.Button(description="Next card", tooltip="The next card to review")
        self.next.on_click(lambda _: self._go(self.position + 1))
        self.summary = w.HTML()
        self.summary.add_class("course-live")
        self.history = w.HTML()
        self.date = w.DatePicker(description="Your interview date (optional)", style={"description_width": "initial"})
        self.date_message = Message()
        self.date_message.add_class("course-live")
        self.date_row = w.VBox([self.date, self.date_message])
        self.date_row.add_class("course-review-date")
        show(self.date_row, kind == REVIEW)
        show(self.history, kind == REVIEW)
        name = "warm-up" if kind == "warm-up" else REVIEW
        super().__init__([w.HTML(QUIZ_STYLE, layout=w.Layout(display="none")), self.heading, self.date_row,
                          self.status, self.question_area, self.next, self.summary, self.history],
                         name=name, label="Warm-up: questions from earlier notebooks" if kind == "warm-up"
                         else "Review: the questions due today")
        self.add_class("course-question-set")  # the quiz's option styles (long labels wrap)
        if kind == REVIEW:
            self.date.value = deck.interview_date
            self.date.observe(self._on_date, "value")
        self._views: dict[int, QuestionView] = {}
        self._load()

    def controls(self) -> dict:
        shown = {f"card:{self.cards[i].key}": v.box for i, v in self._views.items()}
        out = {"next": self.next, **shown}
        if self.kind == REVIEW:
            out["date:interview"] = self.date
        return out

    def shows(self) -> dict:
        return {"heading": self.heading, "status": self.status, "summary": self.summary, "history": self.history,
                "message": self.date_message}

    # --- which cards --------------------------------------------------------------------------
    def _load(self) -> None:
        now = self.deck.clock()
        self.cards = (self.deck.warm_up(self.notebook, now=now) if self.kind == "warm-up"
                      else self.deck.due(now=now))
        self._views = {}
        self.position = 0
        n = len(self.cards)
        if self.kind == "warm-up":
            title = "Warm-up: questions from earlier notebooks"
            intro = ("Recalling what you learned, a few days apart, is what makes it stay. "
                     "Answer these before you start; they do not change your scores.") if n else ""
        else:
            title = "Review: the questions due today"
            intro = (f"{n} question{'s are' if n != 1 else ' is'} due for review. Answer them now; "
                     "reviews do not change your scores.") if n else ""
        self.heading.value = (f'<div class="course-quiz-title"><strong>{escape(title)}</strong></div>'
                              f"<p>{escape(intro)}</p>" if n else "")  # nothing due: the summary's one line
        self.history.value = f'<p class="course-review-history">{escape(self.deck.history(now=now).sentence())}</p>'
        self._update()

    def view(self, index: int) -> QuestionView:
        if index not in self._views:
            card = self.cards[index]
            view = QuestionView(CardSession(self.deck, card, shown_in=self.notebook), card.question, index + 1,
                                len(self.cards))
            view.check.on_click(lambda _: self._update())
            self._views[index] = view
        return self._views[index]

    def current(self) -> QuestionView | None:
        return None if self.position >= len(self.cards) else self.view(self.position)

    def _go(self, position: int) -> None:
        self.position = min(position, len(self.cards))
        self._update()

    def _update(self) -> None:
        n = len(self.cards)
        done = self.position >= n
        current = self.current()
        self.question_area.children = () if current is None else (current.box,)
        if current is not None:
            card = current.session.card
            self.status.value = (f'<div class="course-note">Card {self.position + 1} of {n} · from '
                                 f'{escape(_notebook_words(card.notebook))}</div>')
        else:
            self.status.value = ""
        show(self.next, not done)
        self.next.description = "Finish" if self.position == n - 1 else "Next card"
        self.summary.value = self._summary_html() if done else ""

    def _summary_html(self) -> str:
        now = self.deck.clock()
        answered = [v for v in self._views.values() if v.session.locked(v.question)]
        right = sum(v.session.feedback(v.question).correct for v in answered)
        nxt = self.deck.next_due(now=now)
        later = f"The next question comes back on {_day(nxt)}." if nxt else ""
        if not self.cards:
            what = "Warm-up" if self.kind == "warm-up" else "Review"
            if not self.deck.cards(now=now):
                return message_html(f"{what}: nothing to review yet. The questions you answer in quizzes come "
                                    "back here, spaced out over the days.")
            where = " from earlier notebooks" if self.kind == "warm-up" else ""
            return message_html(f"{what}: nothing{where} is due for review now. {later}".strip())
        return message_html(f"Done: you reviewed {len(answered)} of {len(self.cards)}, {right} right. {later}".strip(),
                            "good", box=True)

    # --- the interview date ---------------------------------------------------------------------
    def _on_date(self, change) -> None:
        day = change["new"]
        problem = try_save(self.deck.save_interview_date, day if isinstance(day, date) else None, kept="")
        if problem:
            self.date_message.say(problem, "bad", box=True)
            return
        if day is None:
            self.date_message.say("No interview date: questions come back on their own schedule.")
        elif self.deck.last_chance() is None:
            self.date_message.say("That date is today or past, so the schedule does not change.")
        else:
            self.date_message.say(f"Saved. Every question comes up at least once more before {_day(day)}.", "good")
        self._load()


def _notebook_words(notebook: str) -> str:
    number = notebook.split("_", 1)[0]
    return f"notebook {number}" if number.isdigit() else notebook


def warm_up(notebook: str, *, store=None, content=None, mode: str | None = None, clock=None):
    """The warm-up for ``notebook`` (e.g. "03_prepare.ipynb"): up to five due questions from earlier
    notebooks. Off in workshop mode unless $COURSE_WARM_UPS=on (see :mod:`course_lib.review`)."""
    if not warm_ups_on(mode):
        return WarmUpOff()
    return ReviewWidget(ReviewDeck(store_or_open(store), content, clock=clock), kind="warm-up", notebook=notebook)


def review_due(*, store=None, content=None, clock=None) -> ReviewWidget:
    """Every question due for review now, the interview date, and what has stuck so far."""
    return ReviewWidget(ReviewDeck(store_or_open(store), content, clock=clock), kind=REVIEW)


class WarmUpOff(Panel):
    """What a warm-up cell shows when warm-ups are off (a workshop, or $COURSE_WARM_UPS=off): one line."""

    def __init__(self):
        self.line = w.HTML(message_html("Warm-ups are turned off for this session."))
        super().__init__([self.line], name="warm-up", label="Warm-up: turned off")

    def controls(self) -> dict:
        return {}

    def shows(self) -> dict:
        return {"status": self.line}
