"""The facilitator notebooks as a facilitator meets them: the workshop guide, run from the top, with
its projector deck stepped through in JupyterLab and in the app view; the class results page."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

import axe
import course_ui
from notebook_ui import LabNotebook, VoilaPage, cut_off_text, expect_clean, output_problems

from course_lib import charts, quizzes

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

GUIDE = course_ui.NOTEBOOKS_DIR / "facilitator" / "workshop_guide.ipynb"
CLASS_RESULTS = course_ui.NOTEBOOKS_DIR / "facilitator" / "class_results.ipynb"
DECK = list(charts.CHARTS)


def _deck_shows(deck, number: int) -> None:
    """The deck shows chart ``number`` (1-based): its position, its picture and its own description."""
    name = DECK[number - 1]
    expect(deck.locator(".course-deck-position")).to_contain_text(
        f"Chart {number} of {len(DECK)}: {charts.CHARTS[name].label}", timeout=course_ui.FEEDBACK_TIMEOUT_MS)
    alt = charts.show_chart(name, size="projector").alt_text
    expect(deck.locator(".course-chart-alt")).to_contain_text(alt[:60])
    picture = deck.locator("img")
    expect(picture).to_have_count(1)
    assert picture.evaluate("i => i.complete && i.naturalWidth > 1000"), "the chart is not drawn at projector size"


def step_through_the_deck(root) -> None:
    deck = root.locator(".course-projector-deck")
    _deck_shows(deck, 1)
    expect(deck.get_by_role("button", name="Previous chart")).to_be_disabled()
    first = deck.locator("img").get_attribute("src")
    deck.get_by_role("button", name="Next chart").click()
    _deck_shows(deck, 2)
    expect(deck.locator("img")).not_to_have_attribute("src", first)
    deck.get_by_label("Chart").select_option(label=f"{len(DECK)}. {charts.CHARTS[DECK[-1]].label}")
    _deck_shows(deck, len(DECK))
    expect(deck.get_by_role("button", name="Next chart")).to_be_disabled()
    deck.get_by_role("button", name="Previous chart").click()
    _deck_shows(deck, len(DECK) - 1)


def test_workshop_guide_runs_clean_and_its_deck_steps_through_every_chart(page, lab, learner, artifacts):
    nb = LabNotebook(page, lab.url, lab.token, "notebooks/facilitator/workshop_guide.ipynb").open()
    nb.run_all()
    problems = output_problems(nb, GUIDE)
    nb.screenshot(artifacts / "lab" / "workshop_guide.png")
    assert not problems, "\n".join(problems)
    expect(nb.root.locator(".course-reveal-codes")).to_contain_text(quizzes.reveal_code("01-meaning"))
    step_through_the_deck(nb.root)
    nb.root.locator(".course-projector-deck").screenshot(path=str(artifacts / "lab" / "workshop_guide-deck.png"))
    assert not cut_off_text(nb)
    axe.expect_no_failures(axe.audit(nb, "JupyterLab workshop_guide, deck stepped through"))


def test_the_deck_works_in_the_app_view_with_no_code_on_screen(page, voila, learner, artifacts):
    app = VoilaPage(page, voila.url, "notebooks/facilitator/workshop_guide.ipynb").open()
    problems = output_problems(app, GUIDE)
    assert not app.code_shown(), f"the app view shows code: {app.code_shown()[:3]}"
    assert not problems, "\n".join(problems)
    step_through_the_deck(app.root)
    app.screenshot(artifacts / "voila" / "workshop_guide.png")
    axe.expect_no_failures(axe.audit(app, "app view workshop_guide, deck stepped through"))


def test_class_results_show_the_sample_class(page, lab, learner, artifacts):
    nb = LabNotebook(page, lab.url, lab.token, "notebooks/facilitator/class_results.ipynb").open()
    nb.run_all()
    expect_clean(nb, CLASS_RESULTS)
    nb.screenshot(artifacts / "lab" / "class_results.png")
    assert nb.root.locator(".course-chart-alt").count() == 3
    # The teacher's table: a row per learner the sample roster names, then the two with no file yet.
    rows = nb.root.locator(".course-class-learners tbody tr")
    expect(rows).to_have_count(16)
    expect(rows.locator("th", has_text="Amira Haddad")).to_have_count(1)
    expect(nb.root.locator(".course-class-learners .course-not-handed-in")).to_have_count(2)
    axe.expect_no_failures(axe.audit(nb, "JupyterLab class_results"))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_handout_prints_on_one_sheet(page, paper):
    from course_lib.agenda import handout_html

    page.set_content(handout_html("K7PX3M"))
    expect(page.get_by_role("heading", name="Three things to do")).to_be_visible()
    pdf = page.pdf(format=paper)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, f"the handout does not fit one {paper} sheet"
    axe.expect_no_failures(axe.audit(SimpleNamespace(page=page), f"the handout to print ({paper})"))
