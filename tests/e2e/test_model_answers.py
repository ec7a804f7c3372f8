"""The model answers (notebook 04) and the model thank-you note (notebook 06) in the app view: a
question picked from the list shows its question, its model and weak answers, its link to where the
course teaches it and, for a story, the coach's reading; the note shows every check of the
thank-you builder done. The page keeps one outline of headings and passes the axe-core audit."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import axe
from course_ui import FEEDBACK_TIMEOUT_MS
from notebook_ui import VoilaPage, wait_until_live

from course_lib import model_answer

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


def test_model_answers_and_the_model_note_show_in_the_app_view(page, voila, artifacts):
    app = VoilaPage(page, voila.url, "e2e/model_answers.ipynb").open()
    wait_until_live(app)
    content = model_answer.load()
    panel = app.root.locator(".course-model-answers")
    shown = panel.locator(".course-model-answers-shown")
    expect(shown.locator("h4")).to_have_text(content.answers[0].question, timeout=FEEDBACK_TIMEOUT_MS)
    expect(shown.locator(".course-star-report")).to_have_count(0)  # not a story: the coach does not read it

    story = next(a for a in content.answers if a.kind == "behavioural")
    panel.get_by_label("Question").select_option(label=story.question)
    expect(shown.locator("h4")).to_have_text(story.question, timeout=FEEDBACK_TIMEOUT_MS)
    expect(shown).to_contain_text(" ".join(story.model_answer.split()[:8]))
    expect(shown).to_contain_text(" ".join(story.weak_answer.split()[:6]))
    expect(shown.locator("a.course-section-link")).to_have_attribute("href", story.section)
    expect(shown.locator(".course-star-report .course-star-sentence").first).to_be_visible()
    for rule in model_answer.STAR_RULES:
        expect(shown.locator(".course-check", has_text=rule)).to_have_attribute("data-passed", "true")

    note = app.root.locator(".course-model-note")
    expect(note).to_contain_text(f"Dear {content.thank_you_note.interviewer.split()[0]},")
    expect(note).to_contain_text("7 of 7 done")
    expect(note.locator('.course-check[data-passed="false"]')).to_have_count(0)
    app.screenshot(artifacts / "voila" / "model_answers.png")
    assert not axe.outline_problems(page), axe.outline_problems(page)
    axe.expect_no_failures(axe.audit(app, "app view model answers and model note"))
