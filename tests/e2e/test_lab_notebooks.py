"""Every learner notebook in JupyterLab, as a learner meets it: run from the top, then used.

Parametrized over the notebooks that exist (notebooks/00-07), so a new notebook is tested as
soon as it lands. The learner's tasks are found on the page by the widgets' CSS classes.
"""

from __future__ import annotations

import pytest

import course_ui
from notebook_ui import LabNotebook, output_problems

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

NOTEBOOKS = course_ui.learner_notebooks()
IDS = [p.stem for p in NOTEBOOKS]


def open_and_run(page, lab, notebook) -> LabNotebook:
    nb = LabNotebook(page, lab.url, lab.token, f"notebooks/{notebook.name}").open()
    nb.run_all()
    return nb


def run_all_clean(nb) -> None:
    nb.run_all()
    problems = output_problems(nb)
    assert not problems, "\n".join(problems)


def test_there_are_learner_notebooks():
    assert NOTEBOOKS, f"no learner notebooks in {course_ui.NOTEBOOKS_DIR}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_runs_clean_with_every_chart_and_widget(page, lab, learner, artifacts, notebook):
    """Clear, run all: no error shows, every picture loads, every widget comes alive."""
    nb = open_and_run(page, lab, notebook)
    problems = output_problems(nb, notebook)
    nb.screenshot(artifacts / "lab" / f"{notebook.stem}.png")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_learner_work_is_kept_after_restart_and_reload(page, lab, learner, notebook):
    """Answer quizzes (wrong, then right), write a STAR story, fill worksheets, set the interview
    date, make the prep pack; restart the kernel from the menu and run all: everything is back;
    reload the page and run all: still there."""
    nb = open_and_run(page, lab, notebook)
    flows = course_ui.flows_in(page, nb.root)
    if not flows:
        pytest.skip(f"{notebook.name} has no quiz, STAR coach, worksheet, planner or prep pack")
    for flow in flows:
        flow.do()

    nb.restart_kernel()
    run_all_clean(nb)
    for flow in flows:
        flow.check_kept()

    nb.reload()
    run_all_clean(nb)
    for flow in flows:
        flow.rebind(nb.root)
        flow.check_kept()
