"""What every widget view shares: the panel they live in and the course's widget styles.

A view is thin: it reads a logic object, shows it, and saves what the learner gives through
the progress store from its callbacks (never by printing while a cell runs, which nbval cannot
compare). Every top-level view is a :class:`Panel`:

* its text form is short and stable ("Quiz: Purpose and expectations (8 questions)"), so the
  stored notebook output compares equal under nbval whatever the learner did;
* it carries CSS classes ``course-widget`` and ``course-<name>`` so browser tests and styles
  can find it;
* it brings the course's stylesheet: a visible focus ring and colours that meet WCAG AA
  contrast. Colour never carries meaning alone: feedback always says it in words too.
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
.course-widget :focus-visible {{ outline: 3px solid {NOTE} !important; outline-offset: 2px; }}
.course-widget .course-good {{ color: {GOOD}; font-weight: 600; }}
.course-widget .course-bad {{ color: {BAD}; font-weight: 600; }}
.course-widget .course-note {{ color: {NOTE}; }}
.course-widget .course-box {{ border-left: 4px solid {NOTE}; padding: 4px 10px; margin: 4px 0; background: #f4f8fb; }}
.course-widget .course-box.course-good {{ border-color: {GOOD}; }}
.course-widget .course-box.course-bad {{ border-color: {BAD}; }}
.course-widget .widget-label, .course-widget label {{ color: {INK}; }}
.course-widget .widget-html-content {{ line-height: 1.45; }}
.course-widget a {{ color: {NOTE}; text-decoration: underline; }}
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
