"""What every widget view shares: the panel they live in and the course's widget styles.

A view is thin: it reads a logic object, shows it, and saves what the learner gives through
the progress store from its callbacks (never by printing while a cell runs, which nbval cannot
compare). Every top-level view is a :class:`Panel`:

* its text form is short and stable ("Quiz: Purpose and expectations (8 questions)"), so the
  stored notebook output compares equal under nbval whatever the learner did;
* it carries CSS classes ``course-widget`` and ``course-<name>`` so browser tests and styles
  can find it;
* it brings the course's stylesheet: a visible focus ring and colours that meet WCAG AA
  contrast. Colour never carries meaning alone: feedback always says it in words too, and links
  are underlined;
* a part whose text changes after an action (feedback, "Saved") carries the class ``course-live``:
  the app view's template makes it a live region, so a screen reader announces the new text.
"""

from __future__ import annotations

import ipywidgets as w

# Colours (Okabe-Ito based, darkened where needed for 4.5:1 contrast on white).
GOOD = "#00704a"   # 5.9:1 on white
BAD = "#a6321d"    # 6.0:1 on white
NOTE = "#0b5c8f"   # 6.9:1 on white
INK = "#1f1f1f"

STYLE = f"""
<style>
.course-widget {{ color: {INK}; font-size: 15px; line-height: 1.45; max-width: 900px; }}
/* ipywidgets removes the outline of text boxes and lists with `outline: none !important`: one class
   more than its rule, so the focus ring shows on every control. A date box reached with Tab puts
   the focus on its day, month or year inside it, which :focus-visible does not see: the ring goes
   round the whole date widget instead. */
.course-widget :focus-visible, .course-widget .jupyter-widgets :focus-visible,
.course-widget .jupyter-widget-datepicker:focus-within, .course-widget .widget-datepicker:focus-within {{
  outline: 3px solid {NOTE} !important; outline-offset: 2px; }}
.course-widget .course-good {{ color: {GOOD}; font-weight: 600; }}
.course-widget .course-bad {{ color: {BAD}; font-weight: 600; }}
.course-widget .course-note {{ color: {NOTE}; }}
.course-widget .course-box {{ border-left: 4px solid {NOTE}; padding: 4px 10px; margin: 4px 0; background: #f4f8fb; }}
.course-widget .course-box.course-good {{ border-color: {GOOD}; }}
.course-widget .course-box.course-bad {{ border-color: {BAD}; }}
.course-widget .widget-label, .course-widget label {{ color: {INK}; }}
/* ipywidgets' green button (white on #388e3c, 4.1:1) and grey section headers (4.45:1) fall short of
   4.5:1: the course's own green and ink instead. */
.course-widget .jupyter-button.mod-success {{ background-color: {GOOD}; color: #ffffff; }}
.course-widget .jupyter-widget-Collapse-header, .course-widget .jupyter-widget-Collapse-header span {{ color: {INK}; }}
.course-widget .widget-html-content {{ line-height: 1.45; }}
.course-widget a, .jp-RenderedMarkdown a {{ color: {NOTE}; text-decoration: underline; }}
/* On a narrow screen (a phone, or 400 % zoom: 320 CSS px) nothing needs sideways scrolling: a row of
   controls wraps instead of squeezing them, no control is wider than its panel, and the words of a
   button or a tick box wrap rather than being cut off. */
@media (max-width: 600px) {{
  .course-widget .widget-hbox, .course-widget .jupyter-widget-hbox {{ flex-wrap: wrap; }}
  .course-widget .jupyter-widgets {{ max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px)); }}
  .course-widget .jupyter-button {{ flex-shrink: 0; white-space: normal; height: auto;
    min-height: var(--jp-widgets-inline-height); }}
  .course-widget .widget-checkbox, .course-widget .jupyter-widget-checkbox {{ height: auto; }}
  .course-widget .widget-label-basic, .course-widget .widget-label-basic span {{ white-space: normal; overflow: visible; }}
}}
/* A download link is a target at least 24 px high (WCAG 2.5.8), even in a list of them. */
.course-widget a[download] {{ display: inline-block; min-height: 24px; line-height: 24px; }}
/* A full-width text box or list fits its panel (ipywidgets puts a margin outside the 100 %), and
   learners write in the course's own font, not the browser's typewriter default for text areas. */
.course-widget .widget-textarea, .course-widget .jupyter-widget-textarea,
.course-widget .widget-text, .course-widget .jupyter-widget-text,
.course-widget .widget-dropdown, .course-widget .jupyter-widget-dropdown {{
  max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px)); }}
.course-widget textarea {{ font-family: inherit; font-size: 15px; line-height: 1.45; }}
</style>
"""


def style() -> w.HTML:
    """An invisible widget that brings the course's stylesheet along with a view."""
    return w.HTML(STYLE, layout=w.Layout(display="none"))


class Panel(w.VBox):
    """The box every course view lives in (see the module docstring)."""

    def __init__(self, children=(), *, name: str, label: str, **kwargs):
        super().__init__([style(), *children], **kwargs)
        self.add_class("course-widget")
        self.add_class(f"course-{name}")
        self._label = label

    def __repr__(self) -> str:
        return self._label
