"""The projector deck: the course's charts at projector size, one at a time, in the order a session
needs them. A thin view over ``charts``: a chart is drawn the first time it is shown and kept, so
stepping back and forth in front of a room is instant and the deck costs one chart to open."""

from __future__ import annotations

import ipywidgets as w

from course_lib import charts
from course_lib.widgets import Panel


class ProjectorDeck(Panel):
    """Previous / Next buttons, a menu to jump to any chart, the chart and its text description."""

    def __init__(self, names: list[str], *, data_dir=None, size: str = "projector"):
        self._names, self._data_dir, self._size = names, data_dir, size
        self._drawn: dict[str, charts.ChartView] = {}
        self.previous = w.Button(description="Previous chart", tooltip="Show the chart before this one")
        self.next = w.Button(description="Next chart", tooltip="Show the chart after this one")
        self.picker = w.Dropdown(
            options=[(f"{number}. {charts.CHARTS[name].label}", name) for number, name in enumerate(names, 1)],
            description="Chart", layout=w.Layout(width="320px"), style={"description_width": "initial"})
        self.position = w.HTML()
        self.position.add_class("course-deck-position")
        self.picture = w.HTML()  # an <img> with alt text: ipywidgets' Image has no alt
        self.caption = w.HTML()
        controls = w.HBox([self.previous, self.picker, self.next, self.position],
                          layout=w.Layout(align_items="center", flex_flow="row wrap"))
        # A room's screen wants the whole cell width, not the 900 px a learner's panel keeps to.
        super().__init__([controls, self.picture, self.caption], name="projector-deck",
                         label=f"Projector deck: {len(names)} chart{'s' * (len(names) != 1)} at {size} size, one at a time",
                         layout=w.Layout(max_width="none"))
        self.picker.observe(self._show, names="value")
        self.previous.on_click(lambda _: self._step(-1))
        self.next.on_click(lambda _: self._step(+1))
        self._show()

    def controls(self) -> dict:
        return {"previous": self.previous, "next": self.next, "chart": self.picker}

    def shows(self) -> dict:
        return {"position": self.position, "chart": self.picture, "caption": self.caption}

    @property
    def index(self) -> int:
        return self._names.index(self.picker.value)

    def _step(self, by: int) -> None:
        self.picker.value = self._names[min(max(self.index + by, 0), len(self._names) - 1)]

    def _show(self, change=None) -> None:
        name = self.picker.value
        if name not in self._drawn:
            self._drawn[name] = charts.show_chart(name, size=self._size, data_dir=self._data_dir)
        view = self._drawn[name]
        self.picture.value = view.image_html()
        self.caption.value = view.caption_html()
        self.position.value = (f'<span aria-live="polite">Chart {self.index + 1} of {len(self._names)}: '
                               f"{charts.CHARTS[name].label}</span>")
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == len(self._names) - 1


def projector_deck(names: list[str] | None = None, *, data_dir=None, size: str = "projector") -> ProjectorDeck:
    """The course's charts to project in a session, one at a time (all of them, in session order,
    unless ``names`` picks some). Each is drawn large for a room, with its text description under it."""
    names = list(charts.CHARTS if names is None else names)
    unknown = [name for name in names if name not in charts.CHARTS]
    if unknown or not names:
        raise ValueError(f"no chart {', '.join(map(repr, unknown)) or 'given'}; the charts are: {', '.join(charts.CHARTS)}")
    if len(set(names)) != len(names):
        raise ValueError("each chart can be in the deck once")
    return ProjectorDeck(names, data_dir=data_dir, size=size)
