"""The STAR coach's views: the coach, the story bank, timed mock practice and the examples viewer.

Thin views over :mod:`course_lib.star`: they read a :class:`~course_lib.star.StarReport` and show
it, and they save what the learner writes in the progress store.

* ``course.star_coach()`` — a question from the question bank (data/question_bank.yaml), the
  answer as free text or in four guided boxes (Situation, Task, Action, Result), and feedback that
  follows the typing: every sentence tinted *and* labelled with its part, the checklist, the tips,
  the speaking time against the 1.5–2 minute target.
* ``course.story_bank()`` — the stories saved with "Save to my story bank", listed and editable.
* ``course.mock_practice()`` — a random second-interview question (by kind and format), a
  two-minute countdown, then the coach's reading.
* ``course.star_examples()`` — annotated example answers next to the coach's reading of them.

The coach's question list, mock practice and the examples put the learner's track first
(:mod:`course_lib.tracks`) and follow it when it changes.

Saving goes through :class:`course_lib.stories.StoryBank`, which owns the store's layout, the
records and the rule that a story edited in the bank is never overwritten by the coach. Working
copies are saved as the learner types, so a learner who never presses a button loses nothing, and
starting afresh first files what was written in the story bank. Every saved version is also kept
in the store's history.

Timing. Feedback waits until typing pauses (:data:`DEBOUNCE_SECONDS`), on a timer thread; the
countdown ticks on a thread too. Both only write to widgets, never print, and start only after the
learner acts, so a notebook's stored output is the same whoever runs it. Browser tests find the
text boxes by the CSS class ``course-star-input`` and the feedback by ``course-star-feedback``.
"""

from __future__ import annotations

import random
import threading
import time
import weakref

import ipywidgets as w

from course_lib import star, tracks
from course_lib.markup import columns, escape, prose, source_link, unwrap
from course_lib.progress import store_or_open
from course_lib.stories import (GUIDED, Answer, CoachDraft, MockDraft, Story, StoryBank, joined, mismatches,
                                sort_into_parts, story_number)
from course_lib.widgets import (FollowsTrack, Message, Panel, StatusLine, TrackedPicker, reorder, show, track_note,
                                try_save)

DEBOUNCE_SECONDS = 0.35
STAR_CATEGORIES = ("behavioural", "situational")  # the questions a STAR story answers
PROMPTS = {
    "situation": "Where were you, when, and what was going on? One or two sentences.",
    "task": "What did you have to achieve, or what was at stake for you?",
    "action": "What did you do, step by step? Start with \"I\": \"I called...\", \"I checked...\".",
    "result": "How did it end? A number if you can, and what you learned.",
}
CATEGORY_NAMES = star.CATEGORY_NAMES
ANY = "any"
FORMAT_NAMES = {"panel": "Panel", "site_visit": "Site visit", "meet_the_team": "Meeting the team",
                "presentation": "Presentation", "work_sample": "Work sample", "meal": "Meal"}


def _questions():
    from course_lib.content import load_content

    bank = load_content().question_bank
    if bank is None:
        raise LookupError("data/question_bank.yaml is missing: the coach has no questions to offer")
    return list(bank.questions)


_BANKS: weakref.WeakSet = weakref.WeakSet()


def _refresh_banks(store) -> None:
    """Story banks on show for this store list a story as soon as the coach files it."""
    for bank in list(_BANKS):
        if bank.store is store:
            bank.reload()


# --- typing, debounced -----------------------------------------------------------------------
class Debouncer:
    """Runs ``action`` once typing pauses for ``delay`` seconds (on a timer thread). ``flush()``
    runs a pending call at once — before saving, switching, or in a test."""

    def __init__(self, action, delay: float = DEBOUNCE_SECONDS):
        self._action, self._delay = action, delay
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def poke(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self._delay, self._fire)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            self._timer = None
        self._action()

    @property
    def pending(self) -> bool:
        return self._timer is not None

    def flush(self) -> None:
        with self._lock:
            pending, self._timer = self._timer, None
            if pending is not None:
                pending.cancel()
        if pending is not None:
            self._action()


# --- the editor the coach and the story bank share -------------------------------------------
class StoryEditor(w.VBox):
    """An answer as free text or in four guided boxes, with the coach's live reading below.

    ``on_edit(answer)`` is called after each pause in typing with the :class:`~course_lib.stories.Answer`
    and returns the words to show in the status line ("Draft saved"); if it raises, the line says
    the text was not saved and why, and the text stays where it is. ``on_read(report)`` is called
    with each new reading, typed or loaded (the rewrite drill compares it with the weak answer).
    """

    def __init__(self, answer: Answer | None = None, *, on_edit=None, on_read=None, situational: bool = False):
        self.on_edit, self.on_read = on_edit, on_read
        self.situational = situational
        self.job_description = ""
        self.report = star.analyze("")
        self._lock = threading.RLock()
        self._quiet = False  # loading a record is not typing: no save
        self.mode = w.ToggleButtons(options=[("Free text", "free"), ("Guided: S, T, A, R", GUIDED)],
                                    value="free", description="Write as",
                                    tooltips=["One box for the whole answer", "A box for each part of STAR"],
                                    style={"description_width": "initial"})
        self.free = w.Textarea(rows=12, continuous_update=True, layout=w.Layout(width="100%"),
                               placeholder="Tell one real time, in the past tense: where you were, what you had "
                                           "to do, what you did, and how it ended.")
        self.free.add_class("course-star-input")
        self.free.add_class("course-star-free")
        self.boxes = {part: self._box(part) for part in star.PARTS}
        self.guided = w.VBox(list(self.boxes.values()), layout=w.Layout(width="100%", display="none"))
        self.status = StatusLine()
        self.status.add_class("course-star-status")
        self.feedback = w.HTML()
        self.feedback.add_class("course-star-feedback")
        self.debouncer = Debouncer(self.refresh)
        super().__init__([self.mode, self.free, self.guided, self.status, self.feedback],
                         layout=w.Layout(width="100%"))
        self.load(answer or Answer(), note="Restored from your last visit")
        self.free.observe(self._typed, names="value")
        for box in self.boxes.values():
            box.observe(self._typed, names="value")
        self.mode.observe(self._switched, names="value")

    @staticmethod
    def _box(part: str) -> w.Textarea:
        box = w.Textarea(rows=3, continuous_update=True, description=star.PART_LABELS[part],
                         placeholder=PROMPTS[part], layout=w.Layout(width="100%"), style={"description_width": "6em"})
        box.add_class("course-star-input")
        box.add_class(f"course-star-input-{part}")
        return box

    # reading and writing the boxes
    @property
    def text(self) -> str:
        return joined(self._parts()) if self.mode.value == GUIDED else self.free.value

    def _parts(self) -> dict[str, str]:
        return {part: box.value for part, box in self.boxes.items()}

    def answer(self) -> Answer:
        guided = self.mode.value == GUIDED
        return Answer(self.text, self.mode.value, self._parts() if guided else {})

    def load(self, answer: Answer, *, note: str = "") -> None:
        """Show a saved answer (no save, no waiting: the reading appears at once)."""
        guided = answer.mode == GUIDED
        self.debouncer.flush()
        self._quiet = True
        try:
            self.mode.value = answer.mode
            self._show_mode()
            self.free.value = "" if guided else answer.text
            for part, box in self.boxes.items():
                box.value = answer.parts.get(part, "") if guided else ""
        finally:
            self._quiet = False
        self.refresh(save=False, note=note if self.text.strip() else "")

    def clear(self) -> None:
        self.load(Answer())

    # events
    def _typed(self, _change=None) -> None:
        if not self._quiet:
            self.debouncer.poke()

    def _show_mode(self) -> None:
        guided = self.mode.value == GUIDED
        show(self.free, not guided)
        show(self.guided, guided)

    def _switched(self, change) -> None:
        if self._quiet:
            return
        self.debouncer.flush()
        self._quiet = True
        try:
            if change["new"] == GUIDED:  # the coach's reading sorts the sentences into the boxes
                report = star.analyze(self.free.value)
                for part, text in sort_into_parts(report).items():
                    self.boxes[part].value = text
                note = ("Your sentences went into the box the coach reads them as. Move any you disagree with."
                        if report.sentences else "")
            else:
                self.free.value = joined(self._parts())
                note = "Your four boxes are joined into one answer."
        finally:
            self._quiet = False
        self._show_mode()
        self.refresh(note=note)

    def flush(self) -> None:
        self.debouncer.flush()

    # the reading
    def refresh(self, *, save: bool = True, note: str = "") -> None:
        with self._lock:
            answer = self.answer()
            report = star.analyze(answer.text, job_description=self.job_description, situational=self.situational,
                                  declared=answer.declared)
            self.report = report
            self.feedback.value = star.report_html(report) + self._box_notes(report) + self._boxes_offer(report)
            if self.on_read is not None:
                self.on_read(report)
            state, failed = note, None
            if save and self.on_edit is not None:
                said: list[str] = []
                failed = try_save(lambda: said.append(self.on_edit(answer)))
                state = failed or (said[0] if said else "") or note
            words, minutes = report.word_count, report.speaking_minutes
            self.status.show(state, problem=failed is not None,
                             details=[f"{words:,} word{'s' if words != 1 else ''} · about {minutes:.1f} minutes aloud"])

    def _boxes_offer(self, report) -> str:
        """In free text, when a part is not found: the guided boxes let the learner say where it is
        (the coach misses a part careful readers find in about one fresh answer in five)."""
        if self.mode.value == GUIDED or not report.parts_not_found or len(report.sentences) < 2:
            return ""
        return ('<div class="course-box course-note course-star-boxes-offer">Sure a part is there that the coach '
                "did not find? Switch to <strong>Guided: S, T, A, R</strong> and put that sentence in its box: the "
                "coach then shows where it reads it differently, and does not call that part not found.</div>")

    def _box_notes(self, report) -> str:
        """In guided mode: sentences the coach reads as another part than the box they are in."""
        if self.mode.value != GUIDED or not report.sentences:
            return ""
        found = mismatches(report, self._parts())
        if not found:
            return ""
        notes = "".join(f"<li>{escape(str(m))}</li>" for m in found[:5])
        return ('<div class="course-box course-note course-star-box-notes"><strong>Where the coach reads your boxes '
                f"differently</strong> (you decide which is right):<ul>{notes}</ul></div>")


# --- the coach -------------------------------------------------------------------------------
class StarCoach(FollowsTrack, Panel):
    """A bank question, the editor with live feedback, and "Save to my story bank"."""

    def __init__(self, store, questions, question_id: str | None = None, *, track: str | None = None):
        self.store, self.bank, self.track = store, StoryBank(store), track
        # the questions tagged for the learner's track first (course_lib.tracks), then all the others
        self.in_file_order = [q for q in questions if q.category in STAR_CATEGORIES]
        self.questions = {q.id: q for q in tracks.ordered(self.in_file_order, track)}
        if not self.questions:
            raise LookupError("the question bank has no behavioural or situational question for the coach")
        if question_id is not None and question_id not in self.questions:
            known = ", ".join(self.questions)
            raise KeyError(f"no behavioural or situational question {question_id!r} in data/question_bank.yaml "
                           f"(known: {known})")
        draft = self.bank.coach_draft()
        wanted = question_id or draft.question_id
        first = wanted if wanted in self.questions else next(iter(self.questions))
        # The story this answer was filed as, and the text filed: see StoryBank.keep.
        self.story_key, self.filed_text = draft.story, draft.filed_text or ""
        self.question = w.Dropdown(options=[(self._option(q), q.id) for q in self.questions.values()], value=first,
                                   description="Question", layout=w.Layout(width="100%"),
                                   style={"description_width": "initial"})
        self.question_html = w.HTML()
        self.editor = StoryEditor(draft, on_edit=self._save_draft,
                                  situational=self.questions[first].category == "situational")
        self.job = w.Textarea(value=self.bank.job_advert(), rows=4, continuous_update=False,
                              placeholder="Paste the job advert here to see which of its words your answer uses.",
                              layout=w.Layout(width="100%"))
        self.job.add_class("course-star-job")
        job_box = w.Accordion([self.job])
        job_box.set_title(0, "Job advert (optional)")
        job_box.selected_index = None
        self.save_button = w.Button(description="Save to my story bank", button_style="success",
                                    tooltip="Keep this answer in your story bank", layout=w.Layout(width="auto"))
        self.new_button = w.Button(description="New story", tooltip="Start a new answer (this one is filed first)",
                                   layout=w.Layout(width="auto"))
        self.message = Message()
        self.message.add_class("course-star-message")
        self.message.add_class("course-live")
        title = w.HTML("<h3>STAR coach</h3><p>Write your answer. As you type, the coach marks each sentence, "
                       "checks the signals career advisers look for, and suggests what to improve.</p>")
        self.track_html = w.HTML(track_note(self.questions.values(), track, "questions"))
        super().__init__([title, self.track_html, self.question, self.question_html, self.editor, job_box,
                          w.HBox([self.save_button, self.new_button]), self.message],
                         name="star-coach", label="STAR coach")
        self._start()

    def _start(self) -> None:
        self.editor.job_description = self.job.value
        self._show_question()
        if self.job.value:
            self.editor.refresh(save=False, note="Restored from your last visit" if self.editor.text.strip() else "")
        self.question.observe(self._question_changed, names="value")
        self.job.observe(self._job_changed, names="value")
        self.save_button.on_click(self.save)
        self.new_button.on_click(self.new_story)
        self.follow_track(self.store)

    def retrack(self, track) -> None:
        """The learner chose another track: its questions first, the one being answered kept."""
        self.questions = {q.id: q for q in tracks.ordered(self.in_file_order, track)}
        reorder(self.question, [(self._option(q), q.id) for q in self.questions.values()])
        self.track_html.value = track_note(self.questions.values(), track, "questions")

    def controls(self) -> dict:
        return {"question": self.question, "answer": self.editor, "job": self.job}

    def shows(self) -> dict:
        return {"question": self.question_html, "feedback": self.editor.feedback, "status": self.editor.status,
                "message": self.message}

    @staticmethod
    def _option(q) -> str:
        return f"{CATEGORY_NAMES[q.category]}: {q.text}"

    def _show_question(self) -> None:
        q = self.questions[self.question.value]
        hint = ("<p class='course-note'>This question asks what you <em>would</em> do: a plan is fair, but back "
                "it with something you <em>did</em>.</p>") if q.category == "situational" else ""
        self.question_html.value = (f'<p class="course-star-question"><strong>{escape(q.text)}</strong> '
                                    f"<small>{source_link(q.source)}</small></p>{hint}")

    def _question_changed(self, change) -> None:
        if getattr(self.question, "reordering", False):
            return  # the same question, listed in a new order
        self._show_question()
        self.editor.situational = self.questions[change["new"]].category == "situational"
        self.editor.flush()
        self.editor.refresh()

    def _job_changed(self, change) -> None:
        self.bank.save_job_advert(change["new"])
        self.editor.job_description = change["new"]
        self.editor.flush()
        self.editor.refresh(save=False)

    def _save_draft(self, answer: Answer) -> str:
        self.bank.save_coach_draft(CoachDraft(answer.text, answer.mode, answer.parts, question_id=self.question.value,
                                              story=self.story_key, filed_text=self.filed_text))
        if self.story_key and answer.text == self.filed_text:
            return f"Saved · in your story bank as story {story_number(self.story_key)}"
        if self.story_key:
            return "Draft saved · press Save to update your story bank"
        return "Draft saved · not yet in your story bank"

    def _file(self) -> str:
        """File the current answer in the story bank; return what to tell the learner."""
        answer = self.editor.answer()
        q = self.questions[self.question.value]
        self.story_key, updated = self.bank.keep(answer, self.story_key, self.filed_text,
                                                 question_id=q.id, question=q.text)
        _refresh_banks(self.store)
        self.filed_text = answer.text
        self._save_draft(answer)
        _to_room(self.store, self.story_key, answer)
        n = story_number(self.story_key)
        return f"Story {n} in your story bank is updated." if updated else f"Saved to your story bank as story {n}."

    def save(self, _button=None) -> None:
        self.editor.flush()
        if not self.editor.text.strip():
            self.message.say("Write your answer first: there is nothing to save yet.")
            return
        self.message.say(f"✓ {self._file()}", "good")
        self.editor.refresh(save=False, note=self._save_draft(self.editor.answer()))

    def new_story(self, _button=None) -> None:
        self.editor.flush()
        told = ""
        if self.editor.text.strip() and not (self.story_key and self.editor.text == self.filed_text):
            told = self._file() + " "
        self.story_key, self.filed_text = None, ""
        self.editor.clear()
        self._save_draft(self.editor.answer())
        self.message.say(f"{told}A blank page for a new story.", "good")


def _to_room(store, story_key: str, answer: Answer) -> None:
    """A live room joined, and the learner chose to: the story's coach signals go to it (in the
    background; never the text). Nothing here can stop a story being saved."""
    from course_lib.room_link import room_link

    try:
        link = room_link(store)
        if link is not None:
            link.story(story_key, answer.text, answer.declared)
    except Exception:  # noqa: BLE001 - the story is saved; the room is extra
        pass


# --- the story bank --------------------------------------------------------------------------
class StoryBankView(Panel):
    """The learner's saved stories: pick one to read the coach's reading and edit it (saved as typed)."""

    EMPTY = "No stories yet. Write one in the STAR coach and press “Save to my story bank”."

    def __init__(self, store):
        self.store, self.bank = store, StoryBank(store)
        self._loading = False  # the list is being rebuilt: a changed choice is not the learner's
        self.summary = w.HTML()
        self.summary.add_class("course-star-bank-summary")
        self.choice = w.Dropdown(description="Story", layout=w.Layout(width="100%"),
                                 style={"description_width": "initial"})
        self.question_html = w.HTML()
        self.editor = StoryEditor(on_edit=self._save_story)
        self.body = w.VBox([self.choice, self.question_html, self.editor], layout=w.Layout(width="100%"))
        title = w.HTML("<h3>Your story bank</h3>")
        super().__init__([title, self.summary, self.body], name="star-stories", label="Your story bank")
        self.reload()
        self.choice.observe(self._chosen, names="value")
        _BANKS.add(self)

    def controls(self) -> dict:
        return {"story": self.choice, "answer": self.editor}

    def shows(self) -> dict:
        return {"summary": self.summary, "question": self.question_html, "feedback": self.editor.feedback,
                "status": self.editor.status}

    def stories(self) -> dict[str, Story]:
        return {s.key: s for s in self.bank.stories()}

    @staticmethod
    def _option(n: int, story: Story) -> str:
        first = " ".join(story.text.split()[:8])
        return f"{n}. {story.question[:60] or 'No question'} — {first}…"

    def reload(self) -> None:
        self.editor.flush()
        stories = self.stories()
        current = self.choice.value
        options = [(self._option(n, s), k) for n, (k, s) in enumerate(stories.items(), start=1)]
        self._loading = True
        try:
            self.choice.options = options
            self.choice.value = current if current in stories else (options[-1][1] if options else None)
        finally:
            self._loading = False
        count = len(stories)
        self.summary.value = (f"<p>{self.EMPTY}</p>" if not count else
                              f"<p>You have {count} stor{'ies' if count != 1 else 'y'}. Pick one to read the coach's "
                              "reading and edit it; changes are saved as you type.</p>")
        show(self.body, bool(count))
        self._show(self.choice.value)

    def _chosen(self, change) -> None:
        if not self._loading:
            self.editor.flush()
            self._show(change["new"])

    def _show(self, key) -> None:
        story = self.stories().get(key) if key else None
        self.question_html.value = (f'<p class="course-star-question"><strong>{escape(story.question if story else "")}'
                                    "</strong></p>")
        self.editor.situational = False
        self.editor.load(story or Answer())

    def _save_story(self, answer: Answer) -> str:
        key = self.choice.value
        if key is None:
            return ""
        self.bank.update(key, answer)
        return "Saved in your story bank"


# --- timed mock practice ---------------------------------------------------------------------
def _thread_ticker(tick, stop: threading.Event) -> None:
    """Call ``tick`` every second on a thread until ``stop`` is set."""
    def run():
        while not stop.wait(1.0):
            tick()

    threading.Thread(target=run, daemon=True, name="star-mock-countdown").start()


class MockPractice(FollowsTrack, Panel):
    """A random question, a countdown, then the coach's reading (and the answer kept)."""

    def __init__(self, store, questions, *, seconds: int = 120, rng=None, clock=time.monotonic,
                 ticker=_thread_ticker, track: str | None = None):
        if not isinstance(seconds, int) or isinstance(seconds, bool) or not 10 <= seconds <= 1800:
            raise ValueError(f"seconds must be a whole number from 10 to 1800, not {seconds!r}")
        self.store, self.bank, self.seconds = store, StoryBank(store), seconds
        self.track, self.asked = track, []  # the learner's track's questions come first (course_lib.tracks)
        self.in_file_order = list(questions)
        self.questions = tracks.ordered(questions, track)
        self.rng = rng or random.Random()
        self.clock, self.ticker = clock, ticker
        self.current = None
        self.started_at = None
        self.finished = False
        self.saved_key = None
        self._stop = threading.Event()
        self._lock = threading.RLock()
        # "any" rather than None: a dropdown shows a None value as an empty box
        self.kind = w.Dropdown(options=[("Any kind", ANY)] + [(v, k) for k, v in CATEGORY_NAMES.items()],
                               value=ANY, description="Kind")
        self.format = w.Dropdown(options=[("Any format", ANY)] + [(v, k) for k, v in FORMAT_NAMES.items()],
                                 value=ANY, description="Format")
        self.start_button = w.Button(description="Start", button_style="primary",
                                     tooltip=f"A random question and {self._clock_text(seconds)} to answer")
        self.question_html = w.HTML()
        self.question_html.add_class("course-star-mock-question")
        self.countdown = w.HTML()
        self.countdown.add_class("course-star-countdown")
        self.bar = w.FloatProgress(value=0, min=0, max=seconds, description="Time used",
                                   layout=w.Layout(display="none"))
        self.answer = w.Textarea(rows=10, continuous_update=True, disabled=True, layout=w.Layout(width="100%"),
                                 placeholder="Press Start: your question appears here and the clock starts.")
        self.answer.add_class("course-star-input")
        self.answer.add_class("course-star-mock-input")
        self.done_button = w.Button(description="I'm done", layout=w.Layout(display="none", width="auto"))
        self.feedback = w.HTML()
        self.feedback.add_class("course-star-feedback")
        self.save_button = w.Button(description="Save to my story bank", button_style="success",
                                    layout=w.Layout(display="none", width="auto"))
        self.message = Message()
        self.message.add_class("course-star-message")
        self.message.add_class("course-live")
        self.debouncer = Debouncer(self._paused)
        title = w.HTML(f"<h3>Timed mock practice</h3><p>Press Start for a random second-interview question. You have "
                       f"{self._clock_text(seconds)}; then the coach reads your answer.</p>")
        self.track_html = w.HTML(track_note(self.questions, track, "questions", drawn=True))
        super().__init__([title, self.track_html, w.HBox([self.kind, self.format]), self.start_button, self.question_html,
                          self.countdown, self.bar, self.answer, self.done_button, self.feedback,
                          self.save_button, self.message],
                         name="star-mock", label=f"Timed mock practice ({self._clock_text(seconds)})")
        self.answer.observe(lambda _change: self.debouncer.poke(), names="value")
        self.start_button.on_click(self.start)
        self.done_button.on_click(lambda _b: self.finish("You stopped the clock."))
        self.save_button.on_click(self.save)
        self._restore()
        self.follow_track(store)

    def retrack(self, track) -> None:
        """The learner chose another track: its questions come up first from the next one on."""
        with self._lock:
            self.questions, self.asked = tracks.ordered(self.in_file_order, track), []
            self.track_html.value = track_note(self.questions, track, "questions", drawn=True)

    def controls(self) -> dict:
        return {"kind": self.kind, "format": self.format, "answer": self.answer}

    def shows(self) -> dict:
        return {"question": self.question_html, "countdown": self.countdown, "feedback": self.feedback,
                "message": self.message}

    @staticmethod
    def _clock_text(seconds: int) -> str:
        """'2 minutes', '90 seconds': how long the learner has."""
        if seconds % 60 == 0:
            return f"{seconds // 60} minute{'s' if seconds != 60 else ''}"
        return f"{seconds} seconds"

    @staticmethod
    def _mmss(seconds: float) -> str:
        seconds = max(0, int(round(seconds)))
        return f"{seconds // 60}:{seconds % 60:02d}"

    def _restore(self) -> None:
        """A practice answer from before a restart comes back, read by the coach, ready to file."""
        draft = self.bank.mock_draft()
        by_id = {q.id: q for q in self.questions}
        if draft.text.strip() and draft.question_id in by_id and not draft.filed:
            self.current = by_id[draft.question_id]
            self._show_question()
            self.answer.value = draft.text
            self.finish("Your last practice answer, kept from before.")

    def matching(self) -> list:
        kind, fmt = self.kind.value, self.format.value
        return [q for q in self.questions if kind in (ANY, q.category)
                and (fmt == ANY or fmt in q.formats or "any" in q.formats)]

    def _show_question(self) -> None:
        q = self.current
        self.question_html.value = (f'<p><small>{escape(CATEGORY_NAMES[q.category])}</small><br>'
                                    f'<strong class="course-star-question">{escape(q.text)}</strong> '
                                    f"<small>{source_link(q.source)}</small></p>")

    def start(self, _button=None) -> None:
        with self._lock:
            choices = self.matching()
            if not choices:
                self.message.say("No question of that kind comes up in that format. Choose “Any format” or "
                                 "another kind.")
                return
            self._file_unsaved()
            self._stop.set()
            self._stop = threading.Event()
            self.current = tracks.draw(choices, self.track, self.asked, self.rng)
            self.asked.append(self.current.id)
            self.finished, self.saved_key = False, None
            self._show_question()
            self.answer.value = ""
            self.debouncer.flush()  # the new question's (empty) working copy replaces the filed one
            self.answer.disabled = False
            self.answer.placeholder = "Type your answer (or say it aloud, then type the gist)."
            self.feedback.value = ""
            show(self.save_button, False)
            show(self.done_button)
            show(self.bar)
            self.start_button.description = "Another question"
            self.started_at = self.clock()
            self.tick()
        if self.ticker is not None:
            self.ticker(self.tick, self._stop)

    def remaining(self) -> float:
        if self.started_at is None:
            return float(self.seconds)
        return max(0.0, self.seconds - (self.clock() - self.started_at))

    def tick(self) -> None:
        """Show the time left; when it runs out, stop and show the coach's reading."""
        with self._lock:
            if self.finished or self.started_at is None:
                return
            left = self.remaining()
            self.bar.value = self.seconds - left
            self.countdown.value = (f'<p><strong>{self._mmss(left)}</strong> left</p>' if left > 0
                                    else "<p><strong>0:00</strong> — time is up</p>")
            if left <= 0:
                self.finish("Time is up.")

    def finish(self, why: str) -> None:
        with self._lock:
            self._stop.set()
            self.finished = True
            self.debouncer.flush()
            self.answer.disabled = True
            show(self.done_button, False)
            self._save_draft()
            self.countdown.value = f"<p><strong>{escape(why)}</strong></p>"
            self.message.clear()
            self._show_reading()

    def _show_reading(self) -> None:
        text = self.answer.value
        category = self.current.category if self.current is not None else None
        report = star.analyze(text, situational=category == "situational")
        note = ("" if category in STAR_CATEGORIES or category is None else
                f"<p class='course-box course-note'>This is a {CATEGORY_NAMES[category].lower()} question, not a "
                "request for a story, so the STAR parts matter less here. The rest still applies: be specific, "
                "keep it short, and one real example helps.</p>")
        self.feedback.value = note + star.report_html(report)
        show(self.save_button, bool(text.strip()) and self.saved_key is None)

    def _paused(self) -> None:
        """Typing paused: keep the working copy. Keys typed just before the clock stopped can reach
        the kernel after it (the browser sends them in batches): the reading then catches up."""
        with self._lock:
            self._save_draft()
            if self.finished:
                self._show_reading()
                if self.saved_key and self.bank.story(self.saved_key).text != self.answer.value:
                    self.save()

    def _save_draft(self) -> None:
        if self.current is None:
            return
        failed = try_save(self.bank.save_mock_draft, MockDraft(self.current.id, self.answer.value,
                                                               self.saved_key is not None),
                          kept="Your answer is still here: copy it somewhere safe.")
        if failed:
            self.message.say(failed, "bad")

    def _file_unsaved(self) -> None:
        """Before a new question: file an answer not yet in the story bank, so nothing is lost."""
        if self.current is not None and self.answer.value.strip() and self.saved_key is None:
            self.debouncer.flush()
            self.save()

    def save(self, _button=None) -> None:
        with self._lock:
            if self.current is None or not self.answer.value.strip():
                return
            about = {"question_id": self.current.id, "question": self.current.text, "practice": True}
            if self.saved_key is None:
                self.saved_key = self.bank.file(Answer(self.answer.value), **about)
            else:
                self.bank.update(self.saved_key, Answer(self.answer.value), **about)
            _refresh_banks(self.store)
            self._save_draft()
            show(self.save_button, False)
            self.message.say(f"✓ Saved to your story bank as story {story_number(self.saved_key)}.", "good")


# --- examples --------------------------------------------------------------------------------
class StarExamplesViewer(TrackedPicker):
    """Each annotated example next to the coach's reading of it, the learner's track's first."""

    def __init__(self, examples, *, store=None, track: str | None = None):
        if not examples:
            raise LookupError("data/star_examples.yaml holds no examples")
        n = len(examples)
        super().__init__(examples, store=store, track=track, what="examples", role="example", description="Example",
                         name="star-examples", label=f"STAR examples ({n} annotated answer{'s' if n != 1 else ''})",
                         intro="<h3>Strong and weak answers</h3><p>Pick an example. On the left: the answer and what "
                               "a careful reader notices. On the right: how the coach reads it.</p>")
        self.examples = self.items

    def option(self, e) -> str:
        return f"{'Strong' if e.quality == 'strong' else 'Weak'} · {e.question} ({e.job})"

    def render(self, e) -> str:
        answer = unwrap(e.answer)  # the file's line breaks are only there to fit an editor
        verdict = ("<span class='course-good'>Strong answer</span>" if e.quality == "strong"
                   else "<span class='course-bad'>Weak answer</span>")
        notes = "".join(f"<li>{escape(n)}</li>" for n in e.notes)
        left = (f"<p>{verdict} · {escape(e.job)}</p><p><strong>{escape(e.question)}</strong></p>"
                f"<blockquote>{prose(answer)}</blockquote>"
                f"<p><strong>What a careful reader notices</strong></p><ul>{notes}</ul>")
        right = f"<p><strong>How the coach reads it</strong></p>{star.report_html(star.analyze(answer))}"
        return columns(left, right)


# --- what notebooks call ---------------------------------------------------------------------
def star_coach(question_id: str | None = None, *, store=None) -> StarCoach:
    """The STAR coach on a question from the question bank (``question_id``: its id, e.g.
    "team-goal"; default: the question last worked on, else the first behavioural one, the
    learner's track's first)."""
    store = store_or_open(store)
    return StarCoach(store, _questions(), question_id, track=tracks.learner_track(store))


def story_bank(*, store=None) -> StoryBankView:
    """The learner's saved STAR stories, listed and editable."""
    return StoryBankView(store_or_open(store))


def mock_practice(*, store=None, seconds: int = 120) -> MockPractice:
    """Timed mock practice: a random second-interview question and ``seconds`` to answer it."""
    store = store_or_open(store)
    return MockPractice(store, _questions(), seconds=seconds, track=tracks.learner_track(store))


def star_examples(*, store=None) -> StarExamplesViewer:
    """The annotated example answers (data/star_examples.yaml), each next to the coach's reading,
    those for the learner's track first."""
    from course_lib.content import load_content

    examples = load_content().star_examples
    if examples is None:
        raise LookupError("data/star_examples.yaml is missing")
    store = store_or_open(store)
    return StarExamplesViewer(examples.examples, store=store, track=tracks.learner_track(store))
