"""The funnel explorer: a labelled number box (and Fewer / More buttons) sets the number of
applicants; the expected count at each hiring stage, the chart and its text description follow.
A thin view over ``stats`` and ``charts``.

No slider: ipywidgets gives a slider's handle no name a screen reader can read, and in JupyterLab
the course has no way to add one. A number box is named by its label everywhere, takes any whole
number, and the buttons give the quick steps a slider gave."""

from __future__ import annotations

import ipywidgets as w

from course_lib import charts, stats
from course_lib.markup import escape
from course_lib.widgets import Panel

APPLICANTS = dict(min=10, max=2000)
STEP = 50  # the buttons move to the next multiple of this: 250 → 300, 125 → 150


def _counts_html(funnel: stats.Funnel) -> str:
    rows = "".join(
        f"<tr><th scope=\"row\">{escape(stage.name)}</th><td>{escape(stage.count_text())}</td>"
        f"<td>{escape(funnel.share_text(stage))}</td></tr>"
        for stage in funnel.stages[1:]
    )
    applicants = stats.format_number(funnel.applicants)
    return (f'<div aria-live="polite"><p>With <strong>{applicants}</strong> applicants you can expect:</p>'
            f'<table class="course-funnel-counts"><thead><tr><th scope="col">Stage</th>'
            f'<th scope="col">People</th><th scope="col">Share of applicants</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")


class FunnelExplorer(Panel):
    """The number of applicants, the expected counts, the chart and its text description."""

    def __init__(self, facts: stats.Statistics, applicants: int, *, data_dir=None, size: str = "normal"):
        self._facts, self._data_dir, self._size = facts, data_dir, size
        self.number = w.BoundedIntText(value=applicants, description="Number of applicants", step=1,
                                       style={"description_width": "initial"}, layout=w.Layout(width="260px"),
                                       **APPLICANTS)
        self.fewer = w.Button(description="Fewer applicants", icon="minus",
                              tooltip=f"Down to the next multiple of {STEP}")
        self.more = w.Button(description="More applicants", icon="plus",
                             tooltip=f"Up to the next multiple of {STEP}")
        self.fewer.on_click(lambda _: self._step(-1))
        self.more.on_click(lambda _: self._step(+1))
        self.counts = w.HTML()
        self.picture = w.HTML()  # an <img> with alt text: ipywidgets' Image has no alt
        self.caption = w.HTML()
        intro = w.HTML(f"<p>One job opening, from ERE's example (2013). Type a number of applicants "
                       f"({APPLICANTS['min']:,} to {APPLICANTS['max']:,}) and press Enter, or use the buttons "
                       f"to go {STEP} at a time. Only the first steps grow with the number: the employer "
                       f"still interviews a handful and makes one offer.</p>")
        row = w.HBox([self.number, self.fewer, self.more], layout=w.Layout(flex_flow="row wrap", grid_gap="8px"))
        super().__init__([intro, row, self.counts, self.picture, self.caption], name="funnel-explorer",
                         label=f"Funnel explorer: expected people at each hiring stage for {APPLICANTS['min']:,} "
                               f"to {APPLICANTS['max']:,} applicants")
        self.number.observe(self._show, names="value")
        self._show()

    def controls(self) -> dict:
        return {"applicants": self.number, "fewer": self.fewer, "more": self.more}

    def shows(self) -> dict:
        return {"counts": self.counts, "chart": self.picture, "caption": self.caption}

    def _step(self, direction: int) -> None:
        """To the next multiple of STEP in ``direction``, kept within the range."""
        now = self.number.value
        target = (now // STEP + 1) * STEP if direction > 0 else (now - 1) // STEP * STEP
        self.number.value = min(max(target, APPLICANTS["min"]), APPLICANTS["max"])

    def _show(self, change=None) -> None:
        applicants = self.number.value
        self.fewer.disabled = applicants <= APPLICANTS["min"]
        self.more.disabled = applicants >= APPLICANTS["max"]
        view = charts.show_chart("funnel", applicants=applicants, data_dir=self._data_dir, size=self._size)
        self.counts.value = _counts_html(self._facts.funnel(applicants))
        self.picture.value = view.image_html()
        self.caption.value = view.caption_html()


def funnel_explorer(applicants: int | None = None, *, data_dir=None, size: str = "normal") -> FunnelExplorer:
    """The hiring funnel for a number of applicants the learner sets; counts and chart follow it."""
    facts = stats.load(data_dir)
    start = int(applicants if applicants is not None else facts.funnel().applicants)
    if not APPLICANTS["min"] <= start <= APPLICANTS["max"]:
        raise ValueError(f"applicants must be between {APPLICANTS['min']:,} and {APPLICANTS['max']:,}, not {start:,}")
    return FunnelExplorer(facts, start, data_dir=data_dir, size=size)
