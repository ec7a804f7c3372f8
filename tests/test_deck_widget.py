"""The projector deck: every chart at projector size, one at a time, drawn only when first shown."""

import base64
import re

import pytest

import course_lib as course
from course_lib import charts, testing


def picture_png(html: str) -> bytes:
    """The PNG inside a chart's <img> (charts.ChartView.image_html), and that the <img> has alt text."""
    found = re.search(r'<img class="course-chart" src="data:image/png;base64,([^"]+)" alt="([^"]+)"', html)
    assert found, html[:200]
    return base64.b64decode(found.group(1))


def shown(deck) -> tuple[str, str]:
    return testing.html_text(deck.position.value), testing.html_text(deck.caption.value)


def test_the_deck_opens_on_the_first_chart_in_session_order_and_draws_only_that(monkeypatch):
    drawn = []
    real = charts.show_chart
    monkeypatch.setattr(charts, "show_chart", lambda name, **kw: drawn.append(name) or real(name, **kw))
    deck = course.projector_deck()
    assert repr(deck) == "Projector deck: 8 charts at projector size, one at a time"
    assert "course-projector-deck" in deck._dom_classes and "course-widget" in deck._dom_classes
    assert [value for _, value in deck.picker.options] == list(charts.CHARTS)
    assert deck.picker.options[0][0] == "1. The hiring funnel"
    assert drawn == ["funnel"]
    position, caption = shown(deck)
    assert position == "Chart 1 of 8: The hiring funnel"
    assert caption.startswith("Text description:") and "funnel" in caption.lower()
    assert picture_png(deck.picture.value).startswith(b"\x89PNG")
    assert deck.previous.disabled and not deck.next.disabled


def test_next_and_previous_step_through_and_stop_at_the_ends(monkeypatch):
    deck = course.projector_deck(["funnel", "claims", "thank_you"])
    first_png = picture_png(deck.picture.value)
    with pytest.raises(RuntimeError, match="disabled"):
        testing.press(deck, "Previous chart")
    testing.press(deck, "Next chart")
    assert shown(deck)[0] == "Chart 2 of 3: Seven claims, checked"
    assert picture_png(deck.picture.value) != first_png
    # the caption is the chart's own text description
    assert charts.show_chart("claims", size="projector").alt_text in testing.html_text(deck.caption.value)
    testing.press(deck, "Next chart")
    assert shown(deck)[0] == "Chart 3 of 3: Thank-you notes" and deck.next.disabled
    testing.press(deck, "Previous chart")
    testing.press(deck, "Previous chart")
    assert shown(deck)[0] == "Chart 1 of 3: The hiring funnel" and deck.previous.disabled
    assert picture_png(deck.picture.value) == first_png


def test_a_chart_is_drawn_once_however_often_it_is_shown(monkeypatch):
    deck = course.projector_deck(["funnel", "claims"])
    drawn = []
    real = charts.show_chart
    monkeypatch.setattr(charts, "show_chart", lambda name, **kw: drawn.append(name) or real(name, **kw))
    for _ in range(3):
        testing.press(deck, "Next chart")
        testing.press(deck, "Previous chart")
    assert drawn == ["claims"]


def test_the_menu_jumps_to_any_chart():
    deck = course.projector_deck()
    deck.picker.value = "outcomes_map"
    assert shown(deck)[0] == "Chart 7 of 8: Four outcomes"
    assert not deck.previous.disabled and not deck.next.disabled


def test_normal_size_works_too_and_is_said():
    deck = course.projector_deck(["one_in_six"], size="normal")
    assert repr(deck) == "Projector deck: 1 chart at normal size, one at a time"
    assert deck.previous.disabled and deck.next.disabled


@pytest.mark.parametrize("names, message", [
    (["funel"], "no chart 'funel'; the charts are: funnel, claims"),
    ([], "no chart given; the charts are: funnel"),
    (["funnel", "funnel"], "each chart can be in the deck once"),
])
def test_a_wrong_chart_list_is_refused_in_a_sentence(names, message):
    with pytest.raises(ValueError, match=message):
        course.projector_deck(names)


def test_an_unknown_size_is_refused():
    with pytest.raises(ValueError, match="size must be one of 'normal', 'projector', not 'huge'"):
        course.projector_deck(size="huge")
