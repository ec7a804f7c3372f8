"""The course's flows (course_ui.py) done with the keyboard alone, as someone who cannot use a mouse.

Every control is reached with Tab (or the arrow keys inside a group of radio buttons), from
wherever the focus is, and used with Space or Enter, or by typing. At every stop of the focus
inside a course widget, the focused element must show a focus ring a sighted keyboard user can
see (an outline at least 2 px wide, or a box shadow). After the task, Tab and Shift+Tab must both
lead out of the widget: no keyboard trap (WCAG 2.1.1, 2.1.2, 2.4.7).

Text is entered with ``keyboard.insert_text`` (what a keyboard or an on-screen keyboard sends as
one input), so a long story does not cost hundreds of round trips to the kernel.
"""

from __future__ import annotations

from playwright.sync_api import Locator, expect

import course_ui

TAB_LIMIT = 400  # presses of Tab to reach a control from anywhere on the longest page

_FOCUS_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    // The ring may be drawn round the control's widget (a date box's is: its focus is inside it).
    const ring = [el, el.closest('.jupyter-widgets')].filter(Boolean).some(e => {
        const style = getComputedStyle(e);
        return (style.outlineStyle !== 'none' && style.outlineStyle !== 'auto' && parseFloat(style.outlineWidth) >= 2)
               || (style.boxShadow && style.boxShadow !== 'none');
    });
    return {inCourse: !!el.closest('.course-widget'), ring: ring, visible: el.getClientRects().length > 0,
            name: (el.getAttribute('aria-label') || el.textContent || el.value || el.tagName).trim().slice(0, 50),
            tag: el.tagName.toLowerCase(), type: el.type || '', radioGroup: el.type === 'radio' ? el.name : ''};
}"""

_HOLDS_FOCUS_JS = "t => t === document.activeElement || t.contains(document.activeElement)"


class KeyboardOnly:
    """Mixed into a course_ui flow: ``press``, ``choose`` and ``enter`` use the keyboard alone."""

    focus_problems: list[str]

    def _focused(self) -> dict | None:
        found = self.page.evaluate(_FOCUS_JS)
        if found and found["inCourse"] and not (found["ring"] and found["visible"]):
            problem = f"{self}: no visible focus ring on {found['tag']} {found['type']} {found['name']!r}"
            if problem not in self.focus_problems:
                self.focus_problems.append(problem)
        return found

    def tab_to(self, target: Locator) -> None:
        """Press Tab until ``target`` (or an element inside it) has the focus."""
        expect(target).to_be_visible(timeout=course_ui.FEEDBACK_TIMEOUT_MS)
        handle = target.element_handle()
        for _ in range(TAB_LIMIT):
            if handle.evaluate(_HOLDS_FOCUS_JS):
                return
            self.page.keyboard.press("Tab")
            self._focused()
        raise AssertionError(f"{self}: {TAB_LIMIT} presses of Tab never reached {target}")

    def press(self, target: Locator) -> None:
        self.tab_to(target)
        self.page.keyboard.press("Enter")

    def choose(self, target: Locator, checked: bool = True) -> None:
        handle = target.element_handle()
        if handle.evaluate("e => e.type") == "radio":
            # Tab enters a group of radio buttons once; the arrow keys move (and tick) inside it.
            group = target.locator("xpath=ancestor::*[contains(@class, 'widget-radio-box')][1]")
            self.tab_to(group)
            for _ in range(group.locator("input[type=radio]").count() + 1):
                if handle.evaluate(_HOLDS_FOCUS_JS):
                    break
                self.page.keyboard.press("ArrowDown")
                self._focused()
            else:  # radio buttons with no shared name are each a stop of their own
                self.tab_to(target)
        else:
            self.tab_to(target)
        if handle.evaluate("e => e.checked") != checked:
            self.page.keyboard.press("Space")
        expect(target).to_be_checked(checked=checked, timeout=course_ui.FEEDBACK_TIMEOUT_MS)

    def enter(self, target: Locator, text: str) -> None:
        self.tab_to(target)
        if target.evaluate("e => e.type") == "date":
            self._type_date(text)
        else:
            self.page.keyboard.press("ControlOrMeta+A")
            self.page.keyboard.insert_text(text)
        expect(target).to_have_value(text, timeout=course_ui.FEEDBACK_TIMEOUT_MS)

    def _type_date(self, iso: str) -> None:
        """A date box takes its parts in the browser's order (month/day/year in the US), typed in turn."""
        year, month, day = iso.split("-")
        parts = {"year": year, "month": month, "day": day}
        order = self.page.evaluate(
            "() => new Intl.DateTimeFormat().formatToParts(new Date(2027, 2, 15))"
            ".map(p => p.type).filter(t => ['year', 'month', 'day'].includes(t))")
        for part in order:
            self.page.keyboard.type(parts[part])

    def expect_no_trap(self) -> None:
        """From inside the widget, Tab leads out of it, and so does Shift+Tab."""
        inside = self.panel.locator("button:visible, input:visible, textarea:visible, select:visible, a[href]:visible")
        limit = 3 * inside.count() + 5  # a date box is three stops: day, month and year
        for key in ("Tab", "Shift+Tab"):
            self.tab_to(inside.first if key == "Tab" else inside.last)
            panel = self.panel.element_handle()
            for _ in range(limit):
                self.page.keyboard.press(key)
                self._focused()
                if not panel.evaluate(_HOLDS_FOCUS_JS):
                    break
            else:
                raise AssertionError(f"{self}: {limit} presses of {key} never left the widget (a keyboard trap)")

    def do(self) -> None:
        self.focus_problems = []
        super().do()
        self.expect_no_trap()
        assert not self.focus_problems, "\n".join(self.focus_problems)


class KeyboardQuiz(KeyboardOnly, course_ui.QuizFlow):
    """Also: the feedback is announced. Its area is a polite live region that is in the page before
    the learner presses Check and is the same element after (a region put in with its text, or
    replaced along with it, is often not read out)."""

    kind = "quiz (keyboard only)"

    def do(self) -> None:
        expect(self.box).to_be_visible(timeout=course_ui.FEEDBACK_TIMEOUT_MS)
        region = self.box.locator(".course-quiz-feedback").element_handle()
        assert region.get_attribute("aria-live") == "polite", f"{self}: the feedback area is not a live region"
        super().do()
        assert region.evaluate("e => e.isConnected && /Correct/.test(e.textContent)"), \
            f"{self}: the feedback was shown in a new element, not in the live region that was there"


class KeyboardStar(KeyboardOnly, course_ui.StarFlow):
    kind = "STAR coach (keyboard only)"


class KeyboardChecklist(KeyboardOnly, course_ui.ChecklistFlow):
    kind = "checklist (keyboard only)"


class KeyboardPlanner(KeyboardOnly, course_ui.PlannerFlow):
    kind = "planner (keyboard only)"


class KeyboardFunnel(KeyboardOnly, course_ui.FunnelFlow):
    kind = "funnel explorer (keyboard only)"


class KeyboardPrepPack(KeyboardOnly, course_ui.PrepPackFlow):
    kind = "prep pack (keyboard only)"


def flows_in(page, root):
    """The app view's tasks (a checklist too), each done with the keyboard alone. A quiz that opens on a put-in-order
    question is done with the mouse (its lists change each other as a key moves through them; the
    lists are still reached and named, which the audit checks)."""
    found = course_ui.flows_in(page, root, kinds=(KeyboardQuiz, KeyboardStar, KeyboardChecklist, KeyboardPlanner,
                                                  KeyboardPrepPack))
    return [course_ui.QuizFlow(page, root, f.index) if isinstance(f, KeyboardQuiz) and f.question.kind == "ordering"
            else f for f in found]
