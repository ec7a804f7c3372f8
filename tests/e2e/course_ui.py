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
QUIZ, STAR, WORKSHEET, PLANNER, PREP_PACK = (
    "course-quiz", "course-star-coach", "course-worksheet", "course-planner", "course-prep-pack")

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
            self.box.get_by_role("radio", name=self._option(option_ids[0]).text, exact=True).check()
        elif q.kind == "multiple":
            for o in q.options:
                box = self.box.get_by_role("checkbox", name=o.text, exact=True)
                box.check() if o.id in option_ids else box.uncheck()
        else:
            for place, oid in enumerate(option_ids, 1):
                self.box.get_by_label(f"Place {place}", exact=True).select_option(label=self._option(oid).text)
        # The choice travels to the kernel and is saved; Check must see it.
        self._expect_shown_choice(option_ids)

    def _expect_shown_choice(self, option_ids: list[str]) -> None:
        q = self.question
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
        self.box.get_by_role("button", name=name, exact=True).click()

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
        self.editor.fill(text)
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
        self.panel.get_by_role("button", name="Save to my story bank").click()
        expect(self.panel.locator(".course-star-message")).to_contain_text(
            re.compile(r"Saved to your story bank as story \d+|is updated"), timeout=FEEDBACK_TIMEOUT_MS)

    def expect_reading(self) -> None:
        """The page shows the coach's reading of the text: each sentence's part, and the tips."""
        report = self.report()
        sentences = self.panel.locator(".course-star-feedback .course-star-answer .course-star-sentence")
        expect(sentences).to_have_count(len(report.sentences), timeout=FEEDBACK_TIMEOUT_MS)
        parts = [s.part or "other" for s in report.sentences]
        assert sentences.evaluate_all("els => els.map(e => e.dataset.part)") == parts
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
        got = dict(shown.evaluate_all("els => els.map(e => [e.dataset.kind, e.dataset.date])"))
        assert got == expected, f"planner shows {got}, the planner logic says {expected}"

    def do(self) -> None:
        expect(self.picker).to_be_visible(timeout=FEEDBACK_TIMEOUT_MS)
        self.picker.fill(self.interview.isoformat())
        self._expect_dates()
        link = self.panel.locator(".course-planner-download a[download]")
        with self.page.expect_download(timeout=FEEDBACK_TIMEOUT_MS) as info:
            link.click()
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
        self.panel.get_by_role("button", name="Make my prep pack").click()
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
            output.locator("a[download$='.html']").first.click()
        assert Path(info.value.path()).read_text(encoding="utf-8") == html

    def check_kept(self) -> None:
        for path in self.files:
            assert path.exists(), f"{path} is gone"


def _html_text(text: str) -> str:
    import html

    return html.escape(text, quote=True)


# --- finding the flows ----------------------------------------------------------------------------
def flows_in(page: Page, root: Locator, kinds=(QuizFlow, StarFlow, WorksheetFlow, PlannerFlow, PrepPackFlow)):
    """A flow for every course widget of these kinds under ``root``; the prep pack comes last and
    must hold what the learner gave in the others."""
    found = []
    for kind in kinds:
        for i in range(root.locator(f".{kind.css}").count()):
            found.append(kind(page, root, i, before=list(found)) if kind is PrepPackFlow else kind(page, root, i))
    return found
