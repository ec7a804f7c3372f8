"""The funnel explorer: the slider sets the applicants; counts, chart and text description follow."""

import base64
import re

import pytest

import course_lib as course
from course_lib import testing
from course_lib.funnel_widget import SLIDER


def picture_png(html: str) -> bytes:
    """The PNG inside a chart's <img> (charts.ChartView.image_html), and that the <img> has alt text."""
    found = re.search(r'<img class="course-chart" src="data:image/png;base64,([^"]+)" alt="([^"]+)"', html)
    assert found, html[:200]
    return base64.b64decode(found.group(1))


def test_the_explorer_starts_at_the_sources_own_numbers():
    view = course.funnel_explorer()
    assert repr(view) == "Funnel explorer: expected people at each hiring stage for 10 to 2,000 applicants"
    assert "course-funnel-explorer" in view._dom_classes and "course-widget" in view._dom_classes
    text = testing.html_text(view.counts.value)
    assert "With 250 applicants you can expect:" in text and "First interview 4–6 1.6–2.4 %" in text
    assert picture_png(view.picture.value).startswith(b"\x89PNG")
    assert "one job opening with 250 applicants" in view.caption.value


def test_moving_the_slider_updates_counts_chart_and_description():
    view = course.funnel_explorer()
    before_png, before_caption = view.picture.value, view.caption.value
    testing.slide(view, "Applicants", 500)
    text = testing.html_text(view.counts.value)
    # twice the applicants: twice as many pass the screen, the same handful is interviewed, one offer
    assert "With 500 applicants" in text and "Past the CV screen 125 25 %" in text
    assert "First interview 4–6 0.8–1.2 %" in text and "Job offer 1 0.2 %" in text
    assert picture_png(view.picture.value) != picture_png(before_png)
    assert "one job opening with 500 applicants" in view.caption.value and view.caption.value != before_caption


def test_a_small_pool_is_never_interviewed_beyond_those_past_the_screen():
    view = course.funnel_explorer(applicants=10)
    text = testing.html_text(view.counts.value)
    assert "Past the CV screen 2.5 25 %" in text and "First interview 2.5 25 %" in text and "Job offer 1 10 %" in text


def test_the_slider_is_labelled_and_bounded():
    view = course.funnel_explorer()
    assert (view.slider.description, view.slider.min, view.slider.max) == ("Applicants", SLIDER["min"], SLIDER["max"])
    with pytest.raises(ValueError, match="outside the slider's range"):
        testing.slide(view, "Applicants", 5000)
    with pytest.raises(ValueError, match="applicants must be between 10 and 2,000, not 5,000"):
        course.funnel_explorer(applicants=5000)


def test_the_explorer_follows_the_data_dir(tmp_path, monkeypatch):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(course.load_content().data_dir, data)
    path = data / "statistics" / "claims.csv"
    path.write_text(path.read_text().replace("ERE 2013: first interview,4,6,", "ERE 2013: first interview,8,10,"))
    monkeypatch.setenv("COURSE_DATA_DIR", str(data))
    assert "First interview 8–10" in testing.html_text(course.funnel_explorer().counts.value)


def test_a_number_typed_in_the_labelled_box_moves_the_slider_and_back():
    view = course.funnel_explorer()
    assert view.number.description == "Or type a number of applicants"
    assert (view.number.min, view.number.max) == (SLIDER["min"], SLIDER["max"])
    view.number.value = 125  # any whole number, not only the slider's steps
    assert view.slider.value == 125
    assert "With 125 applicants" in testing.html_text(view.counts.value)
    assert "with 125 applicants" in view.caption.value
    testing.slide(view, "Applicants", 700)
    assert view.number.value == 700
