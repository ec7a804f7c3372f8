"""The course's widgets used through the page, as a learner uses them, in JupyterLab or Voilà.

Each flow works inside a ``root`` locator (a notebook panel in JupyterLab, the page in Voilà),
finds its widget by the CSS class the view gives itself (see course_lib/*_widget.py), acts only
through what a learner can see and click, and knows how to check afterwards that what the
learner gave was kept (after a kernel restart and a re-run, or a page reload and a re-run).

What a right answer is, and what the coach or the planner should show, comes from the course's
own logic modules (course_lib.content, course_lib.star, course_lib.planner), so these flows follow
the content as it changes.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from notebook_ui import KERNEL_TIMEOUT_MS

NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
FEEDBACK_TIMEOUT_MS = 30_000  # a click goes to the kernel and back; generous under load

# Widget classes (course_lib.widgets.Panel gives every view `course-<name>`).
QUIZ, STAR, WORKSHEET, CHECKLIST, PLANNER, PREP_PACK = (
    "course-quiz", "course-star-coach", "course-worksheet", "course-checklist-worksheet", "course-planner",
    "course-prep-pack")

# A STAR story with every part, a number in the result and "I" throughout.
STAR_ANSWER = (
    "Last spring I was a shift lead at a busy warehouse, and orders were leaving late every Friday. "
    "My manager asked me to get the Friday orders out on time within a month. "
    "I mapped where the pickers waited, I moved the packing table next to the loading bay, "
    "and I trained two people to cover the peak hour. "
    "As a result, late orders fell from 40 to 6 a week, and the team kept the new layout."
)


def learner_notebooks() -> list[Path]:
    """Every learner notebook there is (00-07), in reading order: new ones are picked up as they land."""
    return sorted(NOTEBOOKS_DIR.glob("0[0-7]_*.ipynb"))


@lru_cache(maxsize=1)
def content():
    from course_lib.content import load_content

    return load_content()


def _classes(locator: Locator) -> list[str]:
    return (locator.get_attribute("class") or "").split()


class Flow:
    """One learner task on one widget: the ``index``-th widget with class ``css`` under a root."""

    kind = ""
    css = ""

    def __init__(self, page: Page, root: Locator, index: int = 0):
        self.page, self.index = page, index
        self.typed: list[str] = []  # learner text given, for the prep pack to contain
        self.rebind(root)

    def rebind(self, root: Locator) -> None:
        """Find the widget again under a new root (a reloaded page has a new notebook panel)."""
        self.panel = root.locator(f".{self.css}").nth(self.index)

    # How a learner acts on the page: with the mouse here; tests/e2e/keyboard.py does it with keys.
    def press(self, target: Locator) -> None:
        """Press a button or follow a link."""
        target.click()

    def choose(self, target: Locator, checked: bool = True) -> None:
        """Tick or untick a radio button or a check box."""
        target.set_checked(checked)

    def enter(self, target: Locator, text: str) -> None:
        """Put ``text`` in a text box or a date box, in place of what was there."""
        target.fill(text)

    def do(self) -> None:
        raise NotImplementedError

    def check_kept(self) -> None:
        """After a restart (or reload) and a re-run: what the learner gave is shown again."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{self.kind} #{self.index + 1}"


# --- quiz ----------------------------------------------------------------------------------------
class QuizFlow(Flow):
    """Answer the first question wrong (its explanation shows), try again, answer right (marked correct)."""

    kind, css = "quiz", QUIZ

    def __init__(self, page, root, index=0):
        super().__init__(page, root, index)
        classes = _classes(self.panel)
        ids = [c.removeprefix("course-quiz-") for c in classes if c.startswith("course-quiz-")]
        quizzes = [content().quizzes[i] for i in ids if i in content().quizzes]
        assert quizzes, f"a quiz widget with classes {classes} names no quiz in data/quizzes"
        self.quiz = quizzes[0]
        self.question = self.quiz.questions[0]  # a quiz opens on its first question

    @property
    def box(self) -> Locator:
        return self.panel.locator(f".course-quiz-q-{self.question.id}")

    @property
    def feedback(self) -> Locator:
        return self.box.locator(".course-quiz-feedback")

    @property
    def headline(self) -> Locator:  # "✓ Correct.", "✗ Not quite." ...
        return self.feedback.locator(".course-feedback > p > strong").first

    def __repr__(self) -> str:
        return f"quiz {self.quiz.id}"

    def _option(self, option_id: str):
        return next(o for o in self.question.options if o.id == option_id)

    def _wrong(self) -> list[str]:
        q = self.question
        if q.kind == "ordering":
            return list(reversed(q.answer))
        return [next(o.id for o in q.options if o.id not in q.answer)]

    def _give(self, option_ids: list[str]) -> None:
        q = self.question
        if q.kind in ("single", "true_false"):
            self.choose(self.box.get_by_role("radio", name=self._option(option_ids[0]).text, exact=True))
        elif q.kind == "multiple":
            for o in q.options:
                self.choose(self.box.get_by_role("checkbox", name=o.text, exact=True), o.id in option_ids)
        else:
            for place, oid in enumerate(option_ids, 1):
                self.box.get_by_label(f"Place {place}", exact=True).select_option(label=self._option(oid).text)
        # The choice travels to the kernel and is saved; Check must see it.
        self._expect_shown_choice(option_ids)

    def _expect_shown_choice(self, option_ids: list[str]) -> None:
        q = self.question
        if q.kind != "ordering":  # the kernel has saved it: a Check pressed now grades this choice
            marks = "".join(rf"(?{'=' if o.id in option_ids else '!'}.*\bcourse-chosen-{re.escape(o.id)}(\s|$))"
                            for o in q.options)
            expect(self.box).to_have_class(re.compile(rf"^{marks}"), timeout=FEEDBACK_TIMEOUT_MS)
        if q.kind in ("single", "true_false"):
            expect(self.box.get_by_role("radio", name=self._option(option_ids[0]).text, exact=True)).to_be_checked(
                timeout=FEEDBACK_TIMEOUT_MS)
        elif q.kind == "multiple":
            for o in q.options:
                expect(self.box.get_by_role("checkbox", name=o.text, exact=True)).to_be_checked(
                    checked=o.id in option_ids, timeout=FEEDBACK_TIMEOUT_MS)
        else:
            for place, oid in enumerate(option_ids, 1):
                expect(self.box.get_by_label(f"Place {place}", exact=True).locator("option:checked")).to_have_text(
                    self._option(oid).text, timeout=FEEDBACK_TIMEOUT_MS)

    def _press(self, name: str) -> None:
        self.press(self.box.get_by_role("button", name=name, exact=True))

    def do(self) -> None:
        expect(self.box).to_be_visible(timeout=FEEDBACK_TIMEOUT_MS)
        wrong = self._wrong()
        self._give(wrong)
        self._press("Check")
        expect(self.headline).to_have_text(re.compile(r"^✗ Not quite\.|^◐ Partly right\."), timeout=FEEDBACK_TIMEOUT_MS)
        if self.question.kind != "ordering":  # the chosen option is explained
            expect(self.feedback).to_contain_text(self._option(wrong[0]).explanation, timeout=FEEDBACK_TIMEOUT_MS)
        self._press("Try again")
        expect(self.feedback.locator(".course-feedback")).to_have_count(0, timeout=FEEDBACK_TIMEOUT_MS)
        self._give(list(self.question.answer))
        self._press("Check")
        self._expect_correct()
        expect(self.panel.locator(".course-quiz-progress")).to_contain_text("1 answered", timeout=FEEDBACK_TIMEOUT_MS)

    def _expect_correct(self) -> None:
        expect(self.headline).to_have_text("✓ Correct.", timeout=FEEDBACK_TIMEOUT_MS)
        right = self._option(self.question.answer[0])
        expect(self.feedback).to_contain_text(right.explanation)

    def check_kept(self) -> None:
        expect(self.box).to_be_visible(timeout=FEEDBACK_TIMEOUT_MS)
        self._expect_shown_choice(list(self.question.answer))
        self._expect_correct()


# --- STAR coach -----------------------------------------------------------------------------------
class StarFlow(Flow):
    """Type a story: each sentence is marked with the part the coach reads, the tips show; save it
    to the story bank."""

    kind, css = "STAR coach", STAR
    text = STAR_ANSWER

    @property
    def editor(self) -> Locator:
        return self.panel.locator(".course-star-free textarea")

    @property
    def status(self) -> Locator:
        return self.panel.locator(".course-star-status")

    def type_answer(self, text: str) -> None:
        self.text = text
        expect(self.editor).to_be_visible(timeout=FEEDBACK_TIMEOUT_MS)
        self.enter(self.editor, text)
        self.typed.append(text)
        expect(self.status).to_contain_text("Draft saved", timeout=FEEDBACK_TIMEOUT_MS)

    def report(self):
        """The coach's reading of the text, as course_lib.star gives it for the question on show."""
        from course_lib.star import analyze

        question = self.panel.locator("select").first.locator("option:checked").inner_text()
        return analyze(self.text, job_description="", situational=question.startswith("Situational"))

    def do(self) -> None:
        self.type_answer(self.text)
        self.expect_reading()
        self.press(self.panel.get_by_role("button", name="Save to my story bank"))
        expect(self.panel.locator(".course-star-message")).to_contain_text(
            re.compile(r"Saved to your story bank as story \d+|is updated"), timeout=FEEDBACK_TIMEOUT_MS)

    def expect_reading(self) -> None:
        """The page shows the coach's reading of the text: each sentence's part, and the tips."""
        report = self.report()
        sentences = self.panel.locator(".course-star-feedback .course-star-answer .course-star-sentence")
        expect(sentences).to_have_count(len(report.sentences), timeout=FEEDBACK_TIMEOUT_MS)
        parts = [s.part or "other" for s in report.sentences]
        assert sentences.evaluate_all("els => els.map(e => e.dataset.part)") == parts
        # Each part is written out too, not only coloured (a screen reader and colour-blind readers need it).
        tags = sentences.evaluate_all("els => els.map(e => e.querySelector('.course-star-tag')?.textContent || '')")
        missing = [(p, t) for p, t in zip(parts, tags) if p != "other" and p.lower() not in t.lower()]
        assert not missing, f"sentences whose part is only a colour: {missing}"
        tips = self.panel.locator(".course-star-feedback .course-star-tip")
        expect(tips).to_have_count(len(report.tips), timeout=FEEDBACK_TIMEOUT_MS)
        for i, tip in enumerate(report.tips):
            expect(tips.nth(i)).to_have_text(tip.text)

    def check_kept(self) -> None:
        expect(self.editor).to_have_value(self.text, timeout=FEEDBACK_TIMEOUT_MS)
        expect(self.status).to_contain_text(re.compile("Restored from your last visit|in your story bank"),
                                            timeout=FEEDBACK_TIMEOUT_MS)
        self.expect_reading()


# --- worksheet ------------------------------------------------------------------------------------
class WorksheetFlow(Flow):
    """Fill the worksheet's first box: it says Saved, and counts the filled boxes."""

    kind, css = "worksheet", WORKSHEET
    text = "They opened a second depot in Leeds in March; I want to ask how the new team is settling in."

    @property
    def field(self) -> Locator:
        return self.panel.locator(".course-worksheet-field").first

    @property
    def box(self) -> Locator:
        return self.field.locator("textarea, input[type=text]").first

    @property
    def status(self) -> Locator:
        return self.field.locator(".course-saved-status")

    def do(self) -> None:
        expect(self.box).to_be_visible(timeout=FEEDBACK_TIMEOUT_MS)
        self.box.fill(self.text)
        self.typed.append(self.text)
        expect(self.status).to_contain_text("Saved", timeout=FEEDBACK_TIMEOUT_MS)
        expect(self.panel).to_contain_text(re.compile(r"(?<!\d)1 of \d+ boxes filled"), timeout=FEEDBACK_TIMEOUT_MS)

    def check_kept(self) -> None:
        expect(self.box).to_have_value(self.text, timeout=FEEDBACK_TIMEOUT_MS)
        expect(self.status).to_contain_text("Restored from your last visit", timeout=FEEDBACK_TIMEOUT_MS)


# --- checklist ------------------------------------------------------------------------------------
class ChecklistFlow(Flow):
    """Tick the checklist's first step: the line under the list says Saved and counts what is done."""

    kind, css = "checklist", CHECKLIST

    @property
    def tick_box(self) -> Locator:
        return self.panel.locator(".course-worksheet-field").first.locator("input[type=checkbox]")

    @property
    def status(self) -> Locator:
        return self.panel.locator(".course-saved-status")

    def do(self) -> None:
        expect(self.tick_box).to_be_visible(timeout=FEEDBACK_TIMEOUT_MS)
        label = self.panel.locator(".course-worksheet-field").first.locator("label, .widget-label-basic").first
        name = label.inner_text().strip()
        self.choose(self.tick_box, True)
        expect(self.status).to_contain_text("Saved", timeout=FEEDBACK_TIMEOUT_MS)
        expect(self.status).to_contain_text(re.compile(r"(?<!\d)1 of \d+ done"), timeout=FEEDBACK_TIMEOUT_MS)
        self.typed.append(f"Done: {name}")  # how the prep pack shows a ticked step

    def check_kept(self) -> None:
        expect(self.tick_box).to_be_checked(timeout=FEEDBACK_TIMEOUT_MS)
        expect(self.status).to_contain_text("Restored from your last visit", timeout=FEEDBACK_TIMEOUT_MS)


# --- follow-up planner ----------------------------------------------------------------------------
class PlannerFlow(Flow):
    """Set the interview date: the thank-you and follow-up dates show, and the calendar downloads."""

    kind, css = "planner", PLANNER

    def __init__(self, page, root, index=0):
        super().__init__(page, root, index)
        self.interview = date.today() + timedelta(days=10)

    @property
    def picker(self) -> Locator:
        return self.panel.get_by_label("Interview date", exact=True)

    def _expected(self) -> dict[str, str]:
        from course_lib.planner import follow_up_plan

        return {r.kind: r.day.isoformat() for r in follow_up_plan(self.interview).reminders}

    def _expect_dates(self) -> None:
        expected = self._expected()
        shown = self.panel.locator(".course-planner-dates-box li[data-kind]")
        expect(shown).to_have_count(len(expected), timeout=FEEDBACK_TIMEOUT_MS)
        # A date typed digit by digit passes through years 2, 20 and 202 on its way to 2026: wait for the last.
        for kind, day in expected.items():
            expect(shown.and_(self.panel.locator(f'li[data-kind="{kind}"]'))).to_have_attribute(
                "data-date", day, timeout=FEEDBACK_TIMEOUT_MS)
        got = dict(shown.evaluate_all("els => els.map(e => [e.dataset.kind, e.dataset.date])"))
        assert got == expected, f"planner shows {got}, the planner logic says {expected}"

    def do(self) -> None:
        expect(self.picker).to_be_visible(timeout=FEEDBACK_TIMEOUT_MS)
        self.enter(self.picker, self.interview.isoformat())
        self._expect_dates()
        link = self.panel.locator(".course-planner-download a[download]")
        with self.page.expect_download(timeout=FEEDBACK_TIMEOUT_MS) as info:
            self.press(link)
        ics = Path(info.value.path()).read_text(encoding="utf-8")
        assert ics.startswith("BEGIN:VCALENDAR"), ics[:200]
        first = min(self._expected().values()).replace("-", "")
        assert first in ics, f"the calendar file does not hold the date {first}"

    def check_kept(self) -> None:
        expect(self.picker).to_have_value(self.interview.isoformat(), timeout=FEEDBACK_TIMEOUT_MS)
        self._expect_dates()


# --- prep pack ------------------------------------------------------------------------------------
class PrepPackFlow(Flow):
    """Press 'Make my prep pack': the files are written where the panel says, and download."""

    kind, css = "prep pack", PREP_PACK

    def __init__(self, page, root, index=0, before=()):
        super().__init__(page, root, index)
        self.before = list(before)  # flows done first: the pack must hold what the learner typed there
        self.files: list[Path] = []

    def do(self) -> None:
        self.press(self.panel.get_by_role("button", name="Make my prep pack"))
        output = self.panel.locator(".course-export-output")
        expect(output).to_contain_text("Your prep pack is ready", timeout=KERNEL_TIMEOUT_MS)
        folder = Path(output.locator("code").first.inner_text().strip())
        self.files = sorted(folder.iterdir())
        names = [p.name for p in self.files]
        assert any(n.endswith(".html") for n in names) and any(n.endswith(".md") for n in names), names
        html = next(p for p in self.files if p.suffix == ".html").read_text(encoding="utf-8")
        for text in (t for flow in self.before for t in flow.typed):
            assert _html_text(text) in html, f"the prep pack does not hold {text[:60]!r}"
        links = output.locator(".course-download-links a[download]")
        expect(links).to_have_count(len(self.files))
        with self.page.expect_download(timeout=FEEDBACK_TIMEOUT_MS) as info:
            self.press(output.locator("a[download$='.html']").first)
        assert Path(info.value.path()).read_text(encoding="utf-8") == html

    def check_kept(self) -> None:
        for path in self.files:
            assert path.exists(), f"{path} is gone"


def _html_text(text: str) -> str:
    import html

    return html.escape(text, quote=True)


# --- finding the flows ----------------------------------------------------------------------------
def flows_in(page: Page, root: Locator,
             kinds=(QuizFlow, StarFlow, WorksheetFlow, ChecklistFlow, PlannerFlow, PrepPackFlow)):
    """A flow for every course widget of these kinds under ``root``; the prep pack comes last and
    must hold what the learner gave in the others."""
    found = []
    for kind in kinds:
        for i in range(root.locator(f".{kind.css}").count()):
            found.append(kind(page, root, i, before=list(found)) if issubclass(kind, PrepPackFlow) else kind(page, root, i))
    return found


# --- widgets used beyond rendering (tests/e2e/test_lab_widgets.py) ---------------------------------
FUNNEL, QUESTIONS, STAR_MOCK, STORY_BANK, THANK_YOU = (
    "course-funnel-explorer", "course-questions", "course-star-mock", "course-star-stories", "course-thank-you")
HOSTILE = "<img src=x onerror=alert(1)>"


def _funnel_rows(applicants: int) -> list[list[str]]:
    """The counts table as course_lib.stats gives it: stage, people, share of applicants."""
    from course_lib import stats

    funnel = stats.load().funnel(applicants)
    return [[s.name, s.count_text(), funnel.share_text(s)] for s in funnel.stages[1:]]


class FunnelFlow(Flow):
    """Change the number of applicants with the More button and by typing a number: the counts
    table, the chart and its text description follow (it saves nothing, so nothing is checked after
    a restart)."""

    kind, css = "funnel explorer", FUNNEL
    presses = 3  # presses of "More applicants", one step each

    @property
    def box(self) -> Locator:
        return self.panel.get_by_label("Number of applicants")  # found by its label, as a screen reader does

    def value(self) -> int:
        return int(self.box.input_value())

    def expect_shows(self, applicants: int) -> None:
        from course_lib import stats

        expect(self.box).to_have_value(str(applicants), timeout=FEEDBACK_TIMEOUT_MS)
        expect(self.panel.locator(".course-funnel-counts")).to_be_visible(timeout=FEEDBACK_TIMEOUT_MS)
        expect(self.panel.locator("p", has_text="applicants you can expect")).to_have_text(
            f"With {stats.format_number(applicants)} applicants you can expect:", timeout=FEEDBACK_TIMEOUT_MS)
        rows = self.panel.locator(".course-funnel-counts tbody tr").evaluate_all(
            "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent.trim()))")
        assert rows == _funnel_rows(applicants), f"counts shown {rows}, course_lib.stats says {_funnel_rows(applicants)}"
        caption = self.panel.locator(".course-chart-alt")
        expect(caption).to_contain_text(f"one job opening with {stats.format_number(applicants)} applicants",
                                        timeout=FEEDBACK_TIMEOUT_MS)
        for name, people, share in _funnel_rows(applicants):
            expect(caption).to_contain_text(f"{name}: {people} ({share})")

    def do(self) -> None:
        from course_lib.funnel_widget import APPLICANTS, STEP

        start = self.value()
        self.expect_shows(start)
        picture = self.panel.locator("img")
        before = picture.get_attribute("src")
        more = self.panel.get_by_role("button", name="More applicants")
        for n in range(1, self.presses + 1):
            self.press(more)
            self.expect_shows((start // STEP + n) * STEP)
        expect(picture).not_to_have_attribute("src", before, timeout=FEEDBACK_TIMEOUT_MS)
        self.enter(self.box, "125")  # any whole number, not only the steps
        self.box.press("Enter")
        self.expect_shows(125)
        self.enter(self.box, str(APPLICANTS["min"]))
        self.box.press("Enter")
        self.expect_shows(APPLICANTS["min"])  # the smallest pool: the shortlist is capped by the screen
        expect(self.panel.get_by_role("button", name="Fewer applicants")).to_be_disabled()


class QuestionsFlow(Flow):
    """Meet two interviewers, see their suggestions, add your own question (and a hostile one):
    the lists are what course_lib.questions suggests, and no question is planned for two people."""

    kind, css = "questions builder", QUESTIONS
    meet = ("hiring_manager", "peer")
    own = {"hiring_manager": "What would you most like the new person to change in their first 90 days?",
           "peer": HOSTILE}

    def __init__(self, page, root, index=0):
        super().__init__(page, root, index)
        from course_lib.questions import load_bank

        self.bank = load_bank()
        self.labels = {i.id: i.label for i in self.bank.interviewers}
        self.variant = 0

    def tick(self, interviewer: str) -> Locator:
        return self.panel.get_by_role("checkbox", name=f"I will meet: {self.labels[interviewer]}", exact=True)

    def box(self, interviewer: str) -> Locator:
        return self.panel.get_by_label(f"Your own questions for {self.labels[interviewer]}", exact=True)

    # {interviewer id: [question text, ...]} as the plan shows it (each item without its source link)
    _PLAN_JS = """root => Object.fromEntries(Array.from(root.querySelectorAll('.course-questions-for')).map(e =>
        [e.dataset.interviewer,
         Array.from(e.querySelectorAll('li[data-own]')).map(li => li.firstChild.textContent.trim())]))"""

    def shown(self) -> dict[str, list[str]]:
        return self.panel.evaluate(self._PLAN_JS)

    def expected(self, own: dict[str, str]):
        from course_lib.questions import suggest

        return suggest(self.bank, meeting=list(self.meet), own=own, variant=self.variant)

    def expect_plan(self, own: dict[str, str]) -> None:
        plan = self.expected(own)
        wanted = plan.as_dict()
        self.page.wait_for_function(
            f"([root, wanted]) => JSON.stringify(({self._PLAN_JS})(root)) === JSON.stringify(wanted)",
            arg=[self.panel.element_handle(), wanted], timeout=FEEDBACK_TIMEOUT_MS)
        shown = self.shown()
        everything = [q for qs in shown.values() for q in qs]
        assert len(everything) == len(set(everything)), f"a question is planned for two people: {shown}"
        for interviewer, text in own.items():  # the learner's own come first, marked as theirs
            first = self.panel.locator(f".course-questions-for[data-interviewer='{interviewer}'] li").first
            expect(first).to_have_attribute("data-own", "true")
            expect(first).to_contain_text(f"{text} (your own)")
        assert self.panel.locator(".course-questions-plan img").count() == 0, "learner text became a picture"

    def do(self) -> None:
        for kind in self.labels:
            tick = self.tick(kind)
            expect(tick).to_be_checked(timeout=FEEDBACK_TIMEOUT_MS)  # everyone, until the learner says
            if kind not in self.meet:
                tick.uncheck()
        expect(self.panel.locator(".course-questions-for")).to_have_count(len(self.meet), timeout=FEEDBACK_TIMEOUT_MS)
        self.expect_plan({})

        manager, peer = self.meet
        self.box(manager).fill(self.own[manager])
        expect(self.panel.locator(f".course-field-{manager} .course-saved-status")).to_contain_text("Saved")
        self.expect_plan({manager: self.own[manager]})

        # The same question for both: the builder says to ask each person something different.
        self.box(peer).fill(self.own[manager])
        warning = self.panel.locator(".course-questions-plan .course-bad")
        expect(warning).to_contain_text(
            f"you plan to ask “{self.own[manager]}” of {self.labels[manager]} and {self.labels[peer]}. "
            "Ask each person something different.", timeout=FEEDBACK_TIMEOUT_MS)
        self.box(peer).fill(self.own[peer])  # hostile text: shown as text
        expect(warning).to_have_count(0, timeout=FEEDBACK_TIMEOUT_MS)
        self.expect_plan(self.own)
        self.typed += list(self.own.values())

        before = self.shown()
        self.panel.get_by_role("button", name="Suggest other questions").click()
        self.variant += 1
        self.expect_plan(self.own)
        assert self.shown() != before, "'Suggest other questions' showed the same suggestions"

    def check_kept(self) -> None:
        for kind in self.labels:
            expect(self.tick(kind)).to_be_checked(checked=kind in self.meet, timeout=FEEDBACK_TIMEOUT_MS)
        for kind, text in self.own.items():
            expect(self.box(kind)).to_have_value(text)
        self.expect_plan(self.own)


def _clock_seconds(text: str) -> int:
    found = re.search(r"(\d+):(\d\d) left", text)
    assert found, f"the countdown reads {text!r}"
    return int(found.group(1)) * 60 + int(found.group(2))


class MockPracticeFlow(StarFlow):
    """Choose behavioural questions, press Start: a question shows and the clock counts down; type an
    answer, stop the clock: the coach's reading of it shows. After a restart the answer is back."""

    kind, css = "mock practice", STAR_MOCK
    text = ("In my first month at a call centre I was asked to cut the queue at lunchtime. "
            "I moved two breaks and I wrote a short script for the most common question. "
            "As a result, waiting times fell from 9 to 4 minutes.")

    @property
    def editor(self) -> Locator:
        return self.panel.locator(".course-star-mock-input textarea")

    @property
    def countdown(self) -> Locator:
        return self.panel.locator(".course-star-countdown")

    def report(self):
        from course_lib.star import analyze

        return analyze(self.text, situational=False)  # a behavioural question

    def do(self) -> None:
        self.panel.get_by_label("Kind", exact=True).select_option(label="Behavioural")
        expect(self.editor).to_be_disabled()  # nothing to answer before Start
        self.panel.get_by_role("button", name="Start", exact=True).click()
        question = self.panel.locator(".course-star-mock-question .course-star-question")
        expect(question).not_to_be_empty(timeout=FEEDBACK_TIMEOUT_MS)
        behavioural = {q.text for q in content().question_bank.questions if q.category == "behavioural"}
        assert question.inner_text() in behavioural, f"{question.inner_text()!r} is not a behavioural question"

        expect(self.countdown).to_contain_text(" left", timeout=FEEDBACK_TIMEOUT_MS)
        first = self.countdown.inner_text()
        expect(self.countdown).not_to_have_text(first, timeout=FEEDBACK_TIMEOUT_MS)  # it ticks on its own
        second = self.countdown.inner_text()
        assert _clock_seconds(second) < _clock_seconds(first), f"the clock went from {first!r} to {second!r}"

        expect(self.editor).to_be_enabled()
        self.editor.fill(self.text)
        self.typed.append(self.text)
        self.panel.get_by_role("button", name="I'm done").click()
        expect(self.countdown).to_have_text("You stopped the clock.", timeout=FEEDBACK_TIMEOUT_MS)
        expect(self.editor).to_be_disabled()
        self.expect_reading()
        expect(self.panel.get_by_role("button", name="Save to my story bank")).to_be_visible()

    def check_kept(self) -> None:
        expect(self.editor).to_have_value(self.text, timeout=FEEDBACK_TIMEOUT_MS)
        expect(self.countdown).to_have_text("Your last practice answer, kept from before.")
        self.expect_reading()
        expect(self.panel.get_by_role("button", name="Save to my story bank")).to_be_visible()


class StoryBankFlow(Flow):
    """Open the story the coach saved, edit it in the bank: saved as typed, kept after a restart."""

    kind, css = "story bank", STORY_BANK
    addition = " Since then I check the Friday numbers every week."

    def __init__(self, page, root, index=0, saved: str = STAR_ANSWER):
        super().__init__(page, root, index)
        self.saved, self.text = saved, saved + self.addition

    @property
    def editor(self) -> Locator:
        return self.panel.locator(".course-star-free textarea")

    @property
    def stories(self) -> Locator:
        return self.panel.get_by_label("Story", exact=True).locator("option")

    def story(self, number: int) -> None:
        """Pick story ``number`` (1, 2, ...): the list shows them in that order, numbered."""
        expect(self.stories.nth(number - 1)).to_have_text(re.compile(rf"^{number}\.\s"))
        self.panel.get_by_label("Story", exact=True).select_option(index=number - 1)

    def do(self) -> None:
        expect(self.panel.locator(".course-star-bank-summary")).to_contain_text("You have 1 story",
                                                                              timeout=FEEDBACK_TIMEOUT_MS)
        expect(self.editor).to_have_value(self.saved)
        self.editor.fill(self.text)
        self.typed.append(self.text)
        expect(self.panel.locator(".course-star-status")).to_contain_text("Saved in your story bank",
                                                                        timeout=FEEDBACK_TIMEOUT_MS)

    def check_kept(self, count: int = 1) -> None:
        expect(self.panel.locator(".course-star-bank-summary")).to_contain_text(
            f"You have {count} stor{'ies' if count != 1 else 'y'}", timeout=FEEDBACK_TIMEOUT_MS)
        self.story(1)
        expect(self.editor).to_have_value(self.text, timeout=FEEDBACK_TIMEOUT_MS)


class ThankYouFlow(Flow):
    """Fill in two notes, one good and one poor: every check shown is what course_lib.planner says,
    for an interview yesterday and again for one five days ago. Kept after a restart."""

    kind, css = "thank-you builder", THANK_YOU
    company, role = "FarmFresh", "logistics planner"
    people = (("Priya Shah", "the new depot in Leeds and the drivers it needs"),
              ("Tom Reed", "the night shift rota"))
    poor_note = "Dear Priya,\n\nThank you for your time.\n\nBest wishes,\nSam"  # wrong name, no point, too short

    def __init__(self, page, root, index=0):
        super().__init__(page, root, index)
        self.interview = date.today() - timedelta(days=1)
        self.notes = ["", self.poor_note]

    @property
    def picker(self) -> Locator:
        return self.panel.get_by_label("Interview date", exact=True)

    def block(self, n: int) -> Locator:
        return self.panel.locator(".course-thank-you-note").nth(n)

    def expect_checks(self) -> None:
        """Each note's checks read what course_lib.planner.check_note says of it."""
        from course_lib.planner import check_note

        for n, ((name, discussed), note) in enumerate(zip(self.people, self.notes)):
            others = [(other, text) for k, ((other, _), text) in enumerate(zip(self.people, self.notes)) if k != n]
            report = check_note(note, interviewer=name, discussed=discussed, interview=self.interview,
                                sent=date.today(), others=others)
            wanted = [[str(c.passed).lower(), f"{c.verdict}: {c.label}", c.detail] for c in report.checks]
            self.page.wait_for_function(
                """([block, wanted]) => JSON.stringify(Array.from(block.querySelectorAll(
                       '.course-thank-you-feedback li.course-check')).map(li => [li.dataset.passed,
                       li.querySelector('strong').textContent.replace(/^\\S+\\s/, '').trim(),
                       li.querySelector('.course-check-detail').textContent])) === JSON.stringify(wanted)""",
                arg=[self.block(n).element_handle(), wanted], timeout=FEEDBACK_TIMEOUT_MS)
            # What the planner says fits the notes: the good one fails at most the timing, the poor one
            # misses the point, the length and its reader; the timing is right only for yesterday.
            failed = {c.label for c in report.checks if c.passed is False}
            late = (date.today() - self.interview).days > 1
            assert ("Sent within 24 hours" in failed) == late, report.checks[0]
            if n == 0:
                assert failed <= {"Sent within 24 hours"}, f"the good note fails {failed}"
            else:
                assert {"Names a specific point", "5–6 sentences", "One note per interviewer"} <= failed, failed

    def do(self) -> None:
        from course_lib.planner import draft_note

        expect(self.picker).to_be_visible(timeout=FEEDBACK_TIMEOUT_MS)
        self.picker.fill(self.interview.isoformat())
        self.panel.get_by_label("Organisation", exact=True).fill(self.company)
        self.panel.get_by_label("Job title", exact=True).fill(self.role)
        self.panel.get_by_role("button", name="Add another interviewer").click()
        expect(self.panel.locator(".course-thank-you-note")).to_have_count(2, timeout=FEEDBACK_TIMEOUT_MS)
        for n, (name, discussed) in enumerate(self.people):
            block = self.block(n)
            block.get_by_label(f"Interviewer {n + 1}: name", exact=True).fill(name)
            block.get_by_label("One thing you talked about", exact=True).fill(discussed)

        first, note = self.block(0), self.block(0).get_by_label("Your note", exact=True)
        first.get_by_role("button", name="Start from a draft").click()
        draft = draft_note(self.people[0][0], self.people[0][1], role=self.role, company=self.company)
        expect(note).to_have_value(draft, timeout=FEEDBACK_TIMEOUT_MS)
        expect(first.locator(".course-thank-you-feedback")).to_contain_text("To do: Ready to send",
                                                                          timeout=FEEDBACK_TIMEOUT_MS)
        self.notes[0] = draft.replace("[your strongest skill]", "route planning").replace("[Your name]", "Sam")
        note.fill(self.notes[0])
        self.block(1).get_by_label("Your note", exact=True).fill(self.notes[1])
        self.typed += self.notes
        self.expect_checks()

        self.interview = date.today() - timedelta(days=5)  # too late now: the timing check says so
        self.picker.fill(self.interview.isoformat())
        self.expect_checks()

    def check_kept(self) -> None:
        expect(self.picker).to_have_value(self.interview.isoformat(), timeout=FEEDBACK_TIMEOUT_MS)
        expect(self.panel.get_by_label("Organisation", exact=True)).to_have_value(self.company)
        for n, (name, _) in enumerate(self.people):
            expect(self.block(n).get_by_label(f"Interviewer {n + 1}: name", exact=True)).to_have_value(name)
            expect(self.block(n).get_by_label("Your note", exact=True)).to_have_value(self.notes[n])
        self.expect_checks()


class WorkshopQuizFlow(QuizFlow):
    """A quiz in workshop mode: an answer is saved with no feedback and cannot be changed; a wrong
    reveal code is refused; the quiz's own code (course_lib.quizzes.reveal_code) shows the feedback."""

    kind = "workshop quiz"

    @property
    def reveal_message(self) -> Locator:
        return self.panel.locator(".course-quiz-reveal .course-box")

    def reveal_with(self, code: str) -> None:
        self.panel.get_by_label("Reveal code", exact=True).fill(code)
        self.panel.get_by_role("button", name="Reveal answers").click()

    def do(self) -> None:
        from course_lib.quizzes import reveal_code

        expect(self.panel).to_contain_text("Workshop mode: one try per question, no hints.",
                                           timeout=FEEDBACK_TIMEOUT_MS)
        self.chosen = self._wrong()
        self._give(self.chosen)
        self._press("Check")
        expect(self.feedback).to_have_text(
            "Your answer is saved. Feedback appears when your facilitator reveals the answers.",
            timeout=FEEDBACK_TIMEOUT_MS)
        expect(self.feedback.locator(".course-feedback")).to_have_count(0)
        for hidden in ("Try again", "Hint", "Show the answer"):
            expect(self.box.get_by_role("button", name=hidden, exact=True)).to_be_hidden()
        expect(self.box.get_by_role("button", name="Check", exact=True)).to_be_disabled()  # one try
        expect(self.panel.locator(".course-quiz-progress")).to_contain_text("1 answered")

        self.reveal_with("")
        expect(self.reveal_message).to_have_text("Type the code your facilitator gives, then press Reveal answers.",
                                                 timeout=FEEDBACK_TIMEOUT_MS)
        right = reveal_code(self.quiz.id)
        word, number = right.rsplit("-", 1)
        self.reveal_with(f"{word}-{(int(number) - 9) % 90 + 10}")  # one digit off: a typo
        expect(self.reveal_message).to_have_text("That is not this quiz's reveal code. Check it with your facilitator.",
                                                 timeout=FEEDBACK_TIMEOUT_MS)
        expect(self.feedback.locator(".course-feedback")).to_have_count(0)

        self.reveal_with(right)
        expect(self.panel.locator(".course-quiz-reveal")).to_be_hidden(timeout=FEEDBACK_TIMEOUT_MS)
        self._expect_revealed()

    def _expect_revealed(self) -> None:
        expect(self.panel.locator(".course-note").first).to_have_text(
            "Workshop mode: your facilitator has revealed the answers. The feedback is under each question.",
            timeout=FEEDBACK_TIMEOUT_MS)
        expect(self.headline).to_have_text(re.compile(r"^✗ Not quite\.|^◐ Partly right\."),
                                           timeout=FEEDBACK_TIMEOUT_MS)
        if self.question.kind != "ordering":  # every option explained, the right one too
            expect(self.feedback).to_contain_text(self._option(self.chosen[0]).explanation)
            expect(self.feedback).to_contain_text(self._option(self.question.answer[0]).explanation)

    def check_kept(self) -> None:
        expect(self.box).to_be_visible(timeout=FEEDBACK_TIMEOUT_MS)
        self._expect_shown_choice(self.chosen)
        expect(self.panel.locator(".course-quiz-reveal")).to_be_hidden()
        self._expect_revealed()
