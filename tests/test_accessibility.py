"""Accessibility checks that need no browser: each notebook's headings form one outline, chart
pictures carry their text alternative on the <img> itself, the stylesheet's colours meet WCAG AA
contrast, and the charts' palette stays distinguishable under every common colour-vision
deficiency (the browser tests run axe-core over the rendered pages: tests/e2e/axe.py)."""

from __future__ import annotations

import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from course_lib import charts, classroom, widgets

NOTEBOOKS = sorted(Path(__file__).resolve().parents[1].joinpath("notebooks").rglob("*.ipynb"))
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


# --- one outline per notebook -----------------------------------------------------------------------
def markdown_headings(notebook: Path) -> list[tuple[int, str]]:
    """(level, text) of every Markdown heading, in order (lines inside code fences are not headings)."""
    found = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        fenced = False
        for line in "".join(cell["source"]).splitlines():
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            elif not fenced and (m := HEADING.match(line)):
                found.append((len(m.group(1)), m.group(2).strip()))
            elif not fenced and (m := re.search(r"<h([1-6])\b", line, re.I)):
                found.append((int(m.group(1)), line.strip()))
    return found


def outline_problems(headings: list[tuple[int, str]]) -> list[str]:
    """Where headings do not form one outline: it opens with the only level-1 heading, and no
    heading goes more than one level deeper than the one before it."""
    if not headings:
        return ["no headings"]
    problems = [] if headings[0][0] == 1 else [f"opens with a level-{headings[0][0]} heading: {headings[0][1]!r}"]
    problems += [f"a second level-1 heading: {text!r}" for level, text in headings[1:] if level == 1]
    problems += [f"level {level} after level {before}: {text!r}"
                 for (before, _), (level, text) in itertools.pairwise(headings) if level > before + 1]
    return problems


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_each_notebooks_headings_form_one_outline(notebook):
    assert not outline_problems(markdown_headings(notebook)), outline_problems(markdown_headings(notebook))


def test_outline_problems_finds_skipped_levels_and_a_second_title():
    assert outline_problems([(1, "A"), (2, "B"), (3, "C"), (2, "D")]) == []
    assert outline_problems([(1, "A"), (3, "B")]) == ["level 3 after level 1: 'B'"]
    assert outline_problems([(2, "A")]) == ["opens with a level-2 heading: 'A'"]
    assert outline_problems([(1, "A"), (2, "B"), (1, "C")]) == ["a second level-1 heading: 'C'"]


# --- chart pictures carry their alt text --------------------------------------------------------------
class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def images_in(html: str) -> list[dict]:
    parser = _Images()
    parser.feed(html)
    return parser.images


HOSTILE = 'A "quoted" <script>alert(1)</script> & an <img src=x onerror=alert(2)> description'


def _view(alt: str = HOSTILE) -> charts.ChartView:
    return charts.ChartView("test", b"\x89PNG\r\n\x1a\nnot really", "A title", alt, 640)


def test_a_chart_is_an_img_whose_alt_is_its_whole_text_description():
    (image,) = images_in(_view().image_html())
    assert image["alt"] == HOSTILE  # escaped in the HTML, the same text once parsed
    assert image["src"].startswith("data:image/png;base64,")
    assert "<script>" not in _view().image_html()


def test_a_chart_shown_in_a_notebook_is_html_with_alt_and_its_visible_description():
    """JupyterLab's image/png renderer sets no alt, whatever the metadata says: the chart is shown
    as HTML, in JupyterLab, Voilà and nbconvert's HTML export alike."""
    bundle = _view()._repr_mimebundle_()
    assert "image/png" not in bundle
    (image,) = images_in(bundle["text/html"])
    assert image["alt"] == HOSTILE
    assert "Text description:" in bundle["text/html"] and bundle["text/plain"].startswith("Chart: A title")


def test_the_widgets_show_charts_as_images_with_alt_text():
    from course_lib.deck_widget import projector_deck
    from course_lib.funnel_widget import funnel_explorer

    for view, name in ((funnel_explorer(250), "funnel"), (projector_deck(["claims"]), "claims")):
        (image,) = images_in(view.picture.value)
        assert image["alt"] == charts.show_chart(name, size=view._size, **(
            {"applicants": 250} if name == "funnel" else {})).alt_text


# --- colours ----------------------------------------------------------------------------------------
def _channels(colour: str) -> np.ndarray:
    return np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])


def _linear(colour: str) -> np.ndarray:
    c = _channels(colour)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    la, lb = (float(_linear(c) @ [0.2126, 0.7152, 0.0722]) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def test_contrast_matches_wcags_worked_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


BOX_BACKGROUND = "#f4f8fb"  # .course-box


@pytest.mark.parametrize("name", ["INK", "GOOD", "BAD", "NOTE"])
def test_the_stylesheets_text_colours_meet_4_5_to_1_on_white_and_on_a_message_box(name):
    colour = getattr(widgets, name)
    assert colour in widgets.STYLE
    for background in ("#ffffff", BOX_BACKGROUND):
        assert contrast(colour, background) >= 4.5, f"{name} {colour} on {background}"


def test_chart_text_colours_meet_4_5_to_1_on_white():
    for colour in (charts.INK, charts.MUTED):
        assert contrast(colour, "#ffffff") >= 4.5


# Machado, Oliveira & Fernandes (2009), severity 1.0: what a person with no working L, M or S
# cones sees, in linear RGB.
CVD = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
MIN_DIFFERENCE = 15  # CIE76 ΔE: beyond 10 two patches side by side read as different colours


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    t = SRGB_TO_XYZ @ np.clip(linear_rgb, 0, 1) / [0.95047, 1.0, 1.08883]
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen_difference(a: str, b: str, deficiency: str | None = None) -> float:
    m = np.eye(3) if deficiency is None else np.array(CVD[deficiency])
    return float(np.linalg.norm(_lab(m @ _linear(a)) - _lab(m @ _linear(b))))


@pytest.mark.parametrize("deficiency", [None, *CVD])
def test_every_two_palette_colours_stay_apart_for_each_colour_vision_deficiency(deficiency):
    """The check the README names: no two of the charts' colours merge for anyone."""
    colours = [c for name, c in charts.PALETTE.items() if name != "black"]
    closest = min((seen_difference(a, b, deficiency), a, b) for a, b in itertools.combinations(colours, 2))
    assert closest[0] >= MIN_DIFFERENCE, f"{closest[1]} and {closest[2]} look alike ({deficiency}): ΔE {closest[0]:.1f}"


def test_the_simulation_merges_colours_that_really_look_alike_to_colour_blind_people():
    # Red and green of equal lightness: the classic pair people with deuteranopia cannot tell apart.
    assert seen_difference("#d62728", "#2ca02c") > 50
    assert seen_difference("#d62728", "#2ca02c", "deuteranopia") < MIN_DIFFERENCE


def test_charts_draw_only_with_the_palette_and_verdicts_never_by_colour_alone():
    palette = set(charts.PALETTE.values())
    assert {colour for colour, _ in charts.VERDICT_STYLE.values()} <= palette
    markers = [marker for _, marker in charts.VERDICT_STYLE.values()]
    assert len(set(markers)) == len(markers), "two verdicts share a marker shape"
    # Any other colour written in the drawing code is a grey or a near-white card: never a meaning.
    for module in (charts, classroom):
        for colour in set(re.findall(r"[\"'](#[0-9A-Fa-f]{6})[\"']", Path(module.__file__).read_text(encoding="utf-8"))):
            r, g, b = _channels(colour)
            assert colour.upper() in {c.upper() for c in palette} or (max(r, g, b) - min(r, g, b) < 0.05), \
                f"{module.__name__} draws with {colour}, outside the colour-blind-safe palette"


def test_a_chart_keeps_its_alt_text_in_a_notebook_exported_to_html():
    """nbconvert's HTML export (File > Save and Export Notebook As > HTML) shows the same <img>."""
    import nbformat
    from nbconvert import HTMLExporter

    view = charts.show_chart("funnel")
    cell = nbformat.v4.new_code_cell("course.show_chart('funnel')", outputs=[
        nbformat.v4.new_output("display_data", data=view._repr_mimebundle_())])
    html, _ = HTMLExporter().from_notebook_node(nbformat.v4.new_notebook(cells=[cell]))
    charts_shown = [i for i in images_in(html) if i.get("class") == "course-chart"]
    assert [i["alt"] for i in charts_shown] == [view.alt_text]
