"""The funnel explorer: a slider sets the number of applicants; the expected count at each hiring
stage, the chart and its text description follow. A thin view over ``stats`` and ``charts``."""

from __future__ import annotations

import ipywidgets as w

from course_lib import charts, stats
from course_lib.markup import escape
from course_lib.widgets import Panel

SLIDER = dict(min=10, max=2000, step=10)


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
    """The slider, the expected counts, the chart and its text description."""

    def __init__(self, facts: stats.Statistics, applicants: int, *, data_dir=None, size: str = "normal"):
        self._facts, self._data_dir, self._size = facts, data_dir, size
        self.slider = w.IntSlider(value=applicants, description="Applicants", continuous_update=False,
                                  style={"description_width": "initial"}, layout=w.Layout(width="480px"), **SLIDER)
        # The same number in a labelled box: a screen reader names a text box by its label, but
        # ipywidgets gives the slider's handle no name. Any whole number in range is taken.
        self.number = w.BoundedIntText(value=applicants, description="Or type a number of applicants",
                                       min=SLIDER["min"], max=SLIDER["max"], step=1,
                                       style={"description_width": "initial"}, layout=w.Layout(width="320px"))
        w.link((self.slider, "value"), (self.number, "value"))
        self.counts = w.HTML()
        self.picture = w.HTML()  # an <img> with alt text: ipywidgets' Image has no alt
        self.caption = w.HTML()
        intro = w.HTML("<p>One job opening, from ERE's example (2013). Move the slider, use the arrow keys on "
                       "it, or type a number in the box, to change the number of applicants. Only the first "
                       "steps grow with them: the employer still interviews a handful and makes one offer.</p>")
        super().__init__([intro, w.HBox([self.slider, self.number], layout=w.Layout(flex_flow="row wrap")),
                          self.counts, self.picture, self.caption], name="funnel-explorer",
                         label=f"Funnel explorer: expected people at each hiring stage for {SLIDER['min']:,} "
                               f"to {SLIDER['max']:,} applicants")
        self.slider.observe(self._show, names="value")
        self._show()

    def controls(self) -> dict:
        return {"applicants": self.slider, "number": self.number}

    def shows(self) -> dict:
        return {"counts": self.counts, "chart": self.picture, "caption": self.caption}

    def _show(self, change=None) -> None:
        applicants = self.slider.value
        view = charts.show_chart("funnel", applicants=applicants, data_dir=self._data_dir, size=self._size)
        self.counts.value = _counts_html(self._facts.funnel(applicants))
        self.picture.value = view.image_html()
        self.caption.value = view.caption_html()


def funnel_explorer(applicants: int | None = None, *, data_dir=None, size: str = "normal") -> FunnelExplorer:
    """The hiring funnel with a slider for the number of applicants; counts and chart follow it."""
    facts = stats.load(data_dir)
    start = int(applicants if applicants is not None else facts.funnel().applicants)
    if not SLIDER["min"] <= start <= SLIDER["max"]:
        raise ValueError(f"applicants must be between {SLIDER['min']:,} and {SLIDER['max']:,}, not {start:,}")
    return FunnelExplorer(facts, start, data_dir=data_dir, size=size)
