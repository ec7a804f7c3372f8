"""The course's charts: they draw on Agg without warnings, carry a title, labelled axes, sources and
alt text, follow the data files, keep matplotlib's global settings untouched, and lay out cleanly
(no two pieces of text overlap, nothing is cut off) at both sizes."""

import base64
import itertools
import shutil
from pathlib import Path

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from course_lib import charts
from course_lib.paths import DATA_DIR_VAR

REAL_DATA = Path(__file__).resolve().parents[1] / "data"
SIZES = tuple(charts.SIZES)
MIND_MAPS = ("strategies_map", "outcomes_map")


# --- layout: text that overlaps or leaves the figure ------------------------------------------------
def _undrawn_tick_labels(fig) -> set[int]:
    """ids of tick labels matplotlib keeps but does not draw (axis off, or tick outside the view)."""
    hidden = set()
    for ax in fig.axes:
        for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            low, high = sorted(limits)
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not (ax.axison and axis.get_visible() and low - 1e-9 <= tick.get_loc() <= high + 1e-9):
                    hidden.update({id(tick.label1), id(tick.label2)})
    return hidden


def _drawn_texts(fig, renderer):
    """(description, window box) of every text the figure shows, boxes included."""
    hidden = _undrawn_tick_labels(fig)
    found = []
    for text in fig.findobj(match=Text):
        if id(text) in hidden or not (text.get_visible() and text.get_text().strip()) or text.get_alpha() == 0:
            continue
        patch = text.get_bbox_patch()
        box = patch.get_window_extent(renderer) if patch is not None else text.get_window_extent(renderer)
        found.append((repr(text.get_text()[:40]), box))
    return found


def layout_problems(fig, tolerance: float = 1.0) -> list[str]:
    """Every pair of overlapping texts and every text that reaches outside the figure."""
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = _drawn_texts(fig, renderer)
    problems = []
    width, height = fig.bbox.width, fig.bbox.height
    for name, box in texts:
        if box.x0 < -tolerance or box.y0 < -tolerance or box.x1 > width + tolerance or box.y1 > height + tolerance:
            problems.append(f"{name} is cut off: {box.bounds} outside {width:.0f}x{height:.0f}")
    for (a, box_a), (b, box_b) in itertools.combinations(texts, 2):
        dx = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        dy = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        if dx > tolerance and dy > tolerance:
            problems.append(f"{a} overlaps {b}")
    return problems


# --- every chart, both sizes --------------------------------------------------------------------------
@pytest.fixture(params=list(charts.CHARTS))
def name(request):
    return request.param


@pytest.mark.parametrize("size", SIZES)
def test_chart_draws_with_title_labels_sources_and_alt_text(name, size):
    ax = charts.CHARTS[name].draw(size=size)
    assert charts.title(ax).strip()
    if name not in MIND_MAPS:  # a mind map has no axes to label
        assert ax.get_xlabel().strip()
        assert ax.get_ylabel().strip() or not ax.get_yticks().size
    alt = charts.alt_text(ax)
    assert len(alt) > 80 and "\n" not in alt
    texts = " ".join(t.get_text() for t in ax.texts)
    if name not in MIND_MAPS:
        assert "Sources:" in texts


@pytest.mark.parametrize("size", SIZES)
def test_no_text_overlaps_or_is_cut_off(name, size):
    ax = charts.CHARTS[name].draw(size=size)
    assert layout_problems(ax.figure) == []


def test_projector_text_is_bigger_relative_to_the_figure(name):
    normal, projector = (charts.CHARTS[name].draw(size=s) for s in SIZES)
    share = [ax.title.get_fontsize() / ax.figure.get_figwidth() for ax in (normal, projector)]
    assert share[1] > share[0] * 1.1


# --- what the charts say agrees with the sources ---------------------------------------------------
def test_the_funnel_tells_one_story_of_the_2_percent():
    alt = charts.alt_text(charts.funnel_chart())
    assert "one job opening with 250 applicants" in alt
    assert "about 5 of 250 applicants (2 %) reach a first interview, not a second" in alt
    assert "reach a second one" not in alt and "verdict: misquoted" in alt
    # the note on the chart tells the same story, whatever the number of applicants shown
    notes = " ".join(t.get_text() for t in charts.funnel_chart(applicants=1000).texts).replace("\n", " ")
    assert "about 5 of 250 applicants (2 %) reach a first interview, not a second" in notes


def test_each_time_to_hire_figure_carries_its_own_study_year_and_sample():
    alt = charts.alt_text(charts.time_to_hire_chart())
    assert ("22.9 days in 2014 (Glassdoor Economic Research: Why Is Hiring Taking Longer? (June 2015), 2014, "
            "sample 344,250)") in alt
    assert ("23.8 days in 2017 (Glassdoor Economic Research: How Long Does It Take to Hire? Interview Duration "
            "in 25 Countries, 2017, sample 83,921)") in alt
    assert ("Extra time some steps add (Glassdoor Economic Research: Why Is Hiring Taking Longer? (June 2015), "
            "2015, sample 344,250): a panel interview adds 5.6–6.8 days") in alt
    assert "neither measures the wait after a second interview" in alt


def test_the_extra_days_sit_on_the_average_of_their_own_study():
    ax = charts.time_to_hire_chart()
    grey = [p for p in ax.patches if p.get_facecolor()[:3] == matplotlib.colors.to_rgb(charts.GUIDE)]
    assert grey and {round(p.get_width(), 1) for p in grey} == {22.9}  # the 2014 average of the 2015 study


def test_thank_you_skip_figures_are_called_employers_estimates():
    ax = charts.thank_you_chart()
    assert "(employers' estimates)" in charts.alt_text(ax) and "sent by few" not in charts.title(ax)


# --- display in a notebook ---------------------------------------------------------------------------
def test_show_chart_gives_a_png_a_stable_text_form_and_an_escaped_caption(name):
    view = charts.show_chart(name)
    assert view.png.startswith(b"\x89PNG")
    assert repr(view) == f"Chart: {view.title}"
    assert repr(charts.show_chart(name)) == repr(view)  # nothing random or dated in the text form
    bundle = view._repr_mimebundle_()
    assert "image/png" not in bundle  # JupyterLab would draw it with no alt: the picture travels as HTML
    assert view.image_html() in bundle["text/html"] and view.caption_html() in bundle["text/html"]
    assert bundle["text/plain"] == f"{view!r}\nText description: {view.alt_text}"
    assert view.alt_text in view.caption_html() or "&" in view.caption_html()


def test_show_chart_displays_picture_then_caption(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append((obj, kw)))
    charts.show_chart("funnel")._ipython_display_()
    ((chart, kw),) = shown  # one output: the picture with its alt, the description written out under it
    assert set(chart) == {"text/html", "text/plain"} and kw["raw"]
    assert 'width="1000"' in chart["text/html"] and '<p class="course-chart-alt"' in chart["text/html"]
    assert chart["text/plain"].startswith("Chart: The hiring funnel") and "\nText description: Bar chart of the hiring funnel" in chart["text/plain"]


def test_alt_text_from_content_is_escaped_in_the_caption(tmp_path, monkeypatch):
    data = _data_copy(tmp_path, monkeypatch)
    path = data / "mind_maps.yaml"
    path.write_text(path.read_text().replace("Research the company", "<img src=x onerror=alert(1)>"))
    view = charts.show_chart("strategies_map")
    assert "<img src=x onerror=alert(1)>" in view.alt_text
    assert "<img" not in view.caption_html() and "&lt;img src=x onerror=alert(1)&gt;" in view.caption_html()
    assert view.image_html().count("<img") == 1 and "&lt;img src=x onerror=alert(1)&gt;" in view.image_html()


def test_unknown_chart_or_size_is_a_plain_error():
    with pytest.raises(ValueError, match="no chart 'funel'; the charts are: funnel, claims"):
        charts.show_chart("funel")
    with pytest.raises(ValueError, match="size must be one of 'normal', 'projector', not 'huge'"):
        charts.show_chart("funnel", size="huge")


def test_an_axes_without_a_chart_has_no_alt_text():
    from matplotlib.figure import Figure

    with pytest.raises(ValueError, match="not drawn by a course_lib chart"):
        charts.alt_text(Figure().add_subplot())


# --- no side effects ---------------------------------------------------------------------------------
def test_drawing_changes_no_global_setting_and_leaves_no_figure_open():
    import matplotlib.pyplot as plt

    before = dict(matplotlib.rcParams)
    open_before = plt.get_fignums()
    for chart in charts.CHARTS:
        charts.show_chart(chart, size="projector")
    assert dict(matplotlib.rcParams) == before
    assert plt.get_fignums() == open_before


def test_a_chart_draws_into_the_callers_axes():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(16, 6), layout="constrained")
    left, right = fig.subplots(1, 2)
    assert charts.funnel_chart(left) is left
    assert charts.time_to_hire_chart(ax=right) is right
    assert charts.title(left) and charts.title(right) and charts.alt_text(right)


# --- the charts follow the data files ----------------------------------------------------------------
def _data_copy(tmp_path, monkeypatch) -> Path:
    target = tmp_path / "data"
    shutil.copytree(REAL_DATA, target)
    monkeypatch.setenv(DATA_DIR_VAR, str(target))
    return target


def _change_value(data: Path, stat_id: str, old: str, new: str) -> None:
    for path in (data / "statistics").glob("*.csv"):
        lines = path.read_text().splitlines()
        for i, line in enumerate(lines):
            if line.startswith(stat_id + ","):
                assert f",{old}," in line
                lines[i] = line.replace(f",{old},", f",{new},", 1)
                path.write_text("\n".join(lines) + "\n")
                return
    raise AssertionError(f"no row {stat_id}")


def _bar_widths(ax) -> list[float]:
    return sorted(round(p.get_width(), 3) for p in ax.patches if hasattr(p, "get_width"))


# (chart, row to change, old value, new value, words the changed alt text must hold)
CHANGES = [
    ("funnel", "ere-2013-first-interview", "4", "3", "First interview: 3\u20136"),
    ("claims", "cubiks-2013-rejected-for-fit", "59", "41", "Cubiks 2013: rejected for fit 41 %"),
    ("one_in_six", "jobvite-2016-offer-rate", "20", "33", "Jobvite 2016 33 %"),
    ("thank_you", "accountemps-2017-skip", "76", "64", "64 %"),
    ("culture_fit", "roberthalf-2018-fit-vs-skills", "91", "71", "71 %"),
    ("time_to_hire", "glassdoor-2017-us-average", "23.8", "30.5", "30.5 days"),
]


@pytest.mark.parametrize("chart, stat_id, old, new, words", CHANGES, ids=[c[0] for c in CHANGES])
def test_a_changed_figure_changes_the_chart(tmp_path, monkeypatch, chart, stat_id, old, new, words):
    before = charts.CHARTS[chart].draw()
    data = _data_copy(tmp_path, monkeypatch)
    _change_value(data, stat_id, old, new)
    after = charts.CHARTS[chart].draw()
    assert words in charts.alt_text(after) and words not in charts.alt_text(before)
    if chart in ("thank_you", "culture_fit", "time_to_hire", "funnel"):
        assert _bar_widths(after) != _bar_widths(before)


def test_a_changed_mind_map_changes_the_map(tmp_path, monkeypatch):
    data = _data_copy(tmp_path, monkeypatch)
    path = data / "mind_maps.yaml"
    path.write_text(path.read_text().replace("Practise active listening", "Listen, then answer"))
    ax = charts.show_chart("strategies_map")
    assert "Listen, then answer" in ax.alt_text and "Practise active listening" not in ax.alt_text


def test_a_missing_row_names_the_row(tmp_path, monkeypatch):
    data = _data_copy(tmp_path, monkeypatch)
    path = data / "statistics" / "claims.csv"
    path.write_text("\n".join(l for l in path.read_text().splitlines() if not l.startswith("msstate-second-round,")) + "\n")
    with pytest.raises(KeyError, match="no statistic 'msstate-second-round'"):
        charts.show_chart("funnel")


def test_a_missing_mind_map_is_named(tmp_path, monkeypatch):
    data = _data_copy(tmp_path, monkeypatch)
    path = data / "mind_maps.yaml"
    path.write_text(path.read_text().replace("id: outcomes", "id: after"))
    with pytest.raises(KeyError, match="no mind map 'outcomes' in data/mind_maps.yaml \\(known: strategies, after\\)"):
        charts.show_chart("outcomes_map")


@pytest.mark.parametrize("branches", [2, 3, 6])
def test_mind_maps_with_other_branch_counts_stay_legible(tmp_path, monkeypatch, branches):
    data = _data_copy(tmp_path, monkeypatch)
    cards = "".join(f"      - label: Branch number {i} with a long label\n"
                    f"        leaves: [A leaf of about thirty-five letters, Another short leaf]\n" for i in range(branches))
    (data / "mind_maps.yaml").write_text(
        "maps:\n  - id: strategies\n    title: A test map\n    centre: Excel in your second interview\n"
        f"    notebook: 03_prepare.ipynb\n    branches:\n{cards}")
    for size in SIZES:
        ax = charts.mind_map_chart("strategies", size=size)
        assert layout_problems(ax.figure) == [], (branches, size)


# --- pictures kept by `make notebooks` ------------------------------------------------------------
def test_every_kept_chart_is_exactly_what_drawing_it_now_gives():
    kept = charts.kept_charts()
    assert kept, "no kept charts in course_lib/kept_charts: run `make notebooks`"
    for about in kept:
        assert about["fresh"], f"{about['file'].name} no longer matches the data or code: run `make notebooks`"
        ax = charts.CHARTS[about["chart"]].draw(size=about["size"], **about["settings"])
        drawn = charts.render(ax, about["chart"])
        assert (about["title"], about["alt_text"], about["width"]) == (drawn.title, drawn.alt_text, drawn.width)
        assert about["file"].read_bytes() == drawn.png, f"{about['file'].name} differs from the chart drawn now"


def test_a_kept_chart_is_read_without_loading_matplotlib():
    import subprocess
    import sys

    code = ("import sys, course_lib.charts as c; v = c.show_chart('claims'); "
            "print(v.title if 'matplotlib' not in sys.modules else 'matplotlib was loaded')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == charts.title(charts.CHARTS["claims"].draw())


def _keep_in(tmp_path, monkeypatch) -> Path:
    kept = tmp_path / "kept"
    monkeypatch.setattr(charts, "KEPT_DIR", kept)
    return kept


def test_a_chart_is_kept_only_when_asked_then_read_until_its_data_changes(tmp_path, monkeypatch):
    kept = _keep_in(tmp_path, monkeypatch)
    data = _data_copy(tmp_path, monkeypatch)
    charts.show_chart("one_in_six")
    assert not kept.exists(), "a chart was kept although `make notebooks` did not ask"
    monkeypatch.setenv(charts.KEEP_VAR, "1")
    first = charts.show_chart("one_in_six")
    assert len(list(kept.glob("one_in_six-normal-*.png"))) == 1
    monkeypatch.delenv(charts.KEEP_VAR)

    real_render = charts.render
    monkeypatch.setattr(charts, "render", lambda *a, **k: pytest.fail("a kept chart was drawn again"))
    again = charts.show_chart("one_in_six")
    assert (again.png, again.title, again.alt_text, again.width) == (first.png, first.title, first.alt_text, first.width)

    monkeypatch.setattr(charts, "render", real_render)
    _change_value(data, "jobvite-2016-offer-rate", "20", "33")
    changed = charts.show_chart("one_in_six")
    assert "Jobvite 2016 33 %" in changed.alt_text and changed.png != first.png


def test_only_the_files_charts_are_drawn_from_count(tmp_path, monkeypatch):
    data = _data_copy(tmp_path, monkeypatch)
    before = charts.fingerprint("claims", "normal", {})
    (data / "statistics" / ".ipynb_checkpoints").mkdir()
    (data / "statistics" / ".ipynb_checkpoints" / "claims-checkpoint.csv").write_text("old copy")
    quiz = next((data / "quizzes").glob("*.yaml"))
    quiz.write_text(quiz.read_text() + "\n")
    assert charts.fingerprint("claims", "normal", {}) == before, "a hidden copy or a quiz changed a chart's fingerprint"
    (data / "statistics" / "notes.txt").write_text("a new file among the statistics")
    assert charts.fingerprint("claims", "normal", {}) != before
    changed = charts.fingerprint("claims", "normal", {})
    (data / "mind_maps.yaml").write_text((data / "mind_maps.yaml").read_text() + "\n")
    assert charts.fingerprint("claims", "normal", {}) != changed


def test_other_settings_and_sizes_are_kept_apart(tmp_path, monkeypatch):
    kept = _keep_in(tmp_path, monkeypatch)
    monkeypatch.setenv(charts.KEEP_VAR, "1")
    views = [charts.show_chart("funnel", applicants=n, size=s) for n in (100, 500) for s in SIZES]
    assert len(set(kept.glob("funnel-*.png"))) == 4
    assert len({v.png for v in views}) == 4
    assert "with 500 applicants" in charts.show_chart("funnel", applicants=500).alt_text


def test_a_damaged_kept_chart_is_drawn_again(tmp_path, monkeypatch):
    kept = _keep_in(tmp_path, monkeypatch)
    monkeypatch.setenv(charts.KEEP_VAR, "1")
    good = charts.show_chart("time_to_hire")
    monkeypatch.delenv(charts.KEEP_VAR)
    (about,) = kept.glob("*.json")
    text = about.read_text()
    about.write_text("{not json")
    assert charts.show_chart("time_to_hire").png == good.png
    about.write_text(text)
    about.with_suffix(".png").write_bytes(b"")
    assert charts.show_chart("time_to_hire").png == good.png
    about.with_suffix(".png").unlink()
    assert charts.show_chart("time_to_hire").png == good.png


def test_out_of_date_kept_charts_are_found_and_removed(tmp_path, monkeypatch):
    kept = _keep_in(tmp_path, monkeypatch)
    monkeypatch.setenv(charts.KEEP_VAR, "1")
    charts.show_chart("claims")
    (fresh,) = kept.glob("*.json")
    stale = kept / fresh.name.replace(fresh.stem.rsplit("-", 1)[-1], "0" * 20)
    stale.write_text(fresh.read_text())
    stale.with_suffix(".png").write_bytes(fresh.with_suffix(".png").read_bytes())
    assert {a["file"].stem: a["fresh"] for a in charts.kept_charts()} == {fresh.stem: True, stale.stem: False}
    assert charts.remove_stale_charts() == 1
    assert sorted(p.name for p in kept.iterdir()) == sorted([fresh.name, fresh.with_suffix(".png").name])
    (kept / "claims-normal-damaged.json").write_text("{not json")  # a damaged description is stale too
    assert [a["fresh"] for a in charts.kept_charts() if a["file"].stem.endswith("damaged")] == [False]
    assert charts.remove_stale_charts() == 1 and not (kept / "claims-normal-damaged.json").exists()
