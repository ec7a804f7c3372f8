"""The course map: every notebook in reading order, with time, summary and goals.

Read from data/course_map.yaml, so a facilitator changes the map without touching Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_lib.markup import escape


# JupyterLab right-aligns table cells; reading text is easier left-aligned and top-aligned.
_LEFT = 'style="text-align:left; vertical-align:top"'


@dataclass(frozen=True)
class CourseMapView:
    entries: tuple  # of content.MapEntry
    link_base: str  # prefix that makes each file link relative to the notebook showing the map

    def __repr__(self) -> str:
        minutes = sum(e.minutes for e in self.entries)
        return f"Course map: {len(self.entries)} notebooks, about {minutes} minutes"

    def _repr_html_(self) -> str:
        rows = []
        for e in self.entries:
            goals = "".join(f"<li>{escape(g)}</li>" for g in e.goals)
            rows.append(
                "<tr>"
                f'<td {_LEFT}><a href="{escape(self.link_base + e.file)}">{escape(e.title)}</a></td>'
                f"<td {_LEFT}>{e.minutes} min</td>"
                f"<td {_LEFT}>{escape(e.summary)}{f'<ul>{goals}</ul>' if goals else ''}</td>"
                "</tr>"
            )
        return (
            '<table class="course-map">'
            "<caption>The course, in reading order</caption>"
            f'<thead><tr><th scope="col" {_LEFT}>Notebook</th><th scope="col" {_LEFT}>Time</th>'
            f'<th scope="col" {_LEFT}>What you will do</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )


def course_map(audience: str = "learner", *, link_base: str = "") -> CourseMapView:
    """The course map for learners (default) or facilitators, as a table with a link to each notebook."""
    from course_lib.content import load_content

    if audience not in ("learner", "facilitator", "all"):
        raise ValueError(f"audience must be 'learner', 'facilitator' or 'all', not {audience!r}")
    entries = load_content().course_map.notebooks
    chosen = tuple(e for e in entries if audience == "all" or e.audience == audience)
    return CourseMapView(chosen, link_base)
