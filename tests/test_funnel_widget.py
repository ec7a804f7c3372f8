"""The funnel explorer: the number box and its buttons set the applicants; counts, chart and text description follow."""

import base64
import re

import pytest

import course_lib as course
from course_lib import testing
from course_lib.funnel_widget import APPLICANTS, STEP


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


def test_a_new_number_updates_counts_chart_and_description():
    view = course.funnel_explorer()
    before_png, before_caption = view.picture.value, view.caption.value
    testing.type_number(view, "Number of applicants", 500)
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


def test_the_box_is_labelled_and_bounded():
    view = course.funnel_explorer()
    assert (view.number.description, view.number.min, view.number.max) == (
        "Number of applicants", APPLICANTS["min"], APPLICANTS["max"])
    with pytest.raises(ValueError, match="outside the box's range"):
        testing.type_number(view, "Number of applicants", 5000)
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


def test_the_buttons_go_to_the_next_multiple_of_the_step_and_stop_at_the_ends():
    view = course.funnel_explorer()
    testing.type_number(view, "Number of applicants", 125)  # any whole number, not only the steps
    assert "With 125 applicants" in testing.html_text(view.counts.value)
    assert "with 125 applicants" in view.caption.value
    testing.press(view, "More applicants")
    assert view.number.value == 150 == 3 * STEP
    testing.type_number(view, "Number of applicants", 125)
    testing.press(view, "Fewer applicants")
    assert view.number.value == 100
    testing.press(view, "Fewer applicants")
    assert view.number.value == 50
    testing.type_number(view, "Number of applicants", 30)
    testing.press(view, "Fewer applicants")
    assert view.number.value == APPLICANTS["min"] and view.fewer.disabled and not view.more.disabled
    testing.type_number(view, "Number of applicants", 1990)
    testing.press(view, "More applicants")
    assert view.number.value == APPLICANTS["max"] and view.more.disabled and not view.fewer.disabled
    assert "With 2,000 applicants" in testing.html_text(view.counts.value)
