"""The app view (`make app`: Voilà, code hidden): every learner notebook renders, and its quizzes and
STAR coach work there as they do in JupyterLab."""

from __future__ import annotations

import pytest

import course_ui
from notebook_ui import VoilaPage, cut_off_text, output_problems, reading_column_problems, text_box_problems

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

NOTEBOOKS = course_ui.learner_notebooks()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_app_view_renders_and_quiz_and_star_coach_work(page, voila, learner, artifacts, notebook):
    app = VoilaPage(page, voila.url, f"notebooks/{notebook.name}").open()
    problems = output_problems(app, notebook)
    assert not app.code_shown(), f"the app view shows code: {app.code_shown()[:3]}"
    # instructions for JupyterLab (run a code cell: Shift + Enter) are in the page but not shown
    assert app.root.locator(".course-lab-only").count() and not app.root.locator(".course-lab-only:visible").count()
    assert "Shift + Enter" not in app.root.inner_text()
    app.screenshot(artifacts / "voila" / f"{notebook.stem}.png")
    assert not problems, "\n".join(problems)
    column = reading_column_problems(app) + text_box_problems(app)  # one column, at a readable width
    assert not column, "\n".join(column[:10])
    cut_off = cut_off_text(app)  # reported at the end, so the quiz and coach are still tried
    for flow in course_ui.flows_in(page, app.root, kinds=(course_ui.QuizFlow, course_ui.StarFlow)):
        flow.do()
    assert not cut_off, "\n".join(cut_off)
