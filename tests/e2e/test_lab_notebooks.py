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


def run_all_clean(nb: LabNotebook, notebook=None) -> None:
    """Clear and run all; no error shows, every picture loads, every widget comes alive."""
    nb.run_all()
    problems = output_problems(nb, notebook)
    assert not problems, "\n".join(problems)


def test_there_are_learner_notebooks():
    assert NOTEBOOKS, f"no learner notebooks in {course_ui.NOTEBOOKS_DIR}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_notebook_runs_clean_and_keeps_the_learners_work(page, lab, learner, artifacts, notebook):
    """Run from the top: no error, every chart and widget there. Then, as a learner: answer each quiz
    wrong, then right; write a STAR story; fill each worksheet; set the interview date; make the
    prep pack. Restart the kernel from the menu and run all: everything is back. Save and reload
    the page: still there."""
    nb = LabNotebook(page, lab.url, lab.token, f"notebooks/{notebook.name}").open()
    nb.run_all()
    problems = output_problems(nb, notebook)
    nb.screenshot(artifacts / "lab" / f"{notebook.stem}.png")
    assert not problems, "\n".join(problems)

    flows = course_ui.flows_in(page, nb.root)
    for flow in flows:
        flow.do()
    if not flows:
        return  # nothing for a learner to answer here: running clean is all there is to check
    nb.screenshot(artifacts / "lab" / f"{notebook.stem}-answered.png")

    nb.restart_kernel()
    run_all_clean(nb, notebook)
    for flow in flows:
        flow.check_kept()

    # Save (File → Save) and reload the page: the kernel's widgets show the answers again.
    nb.save()
    nb.reload()
    problems = output_problems(nb)
    assert not problems, "\n".join(problems)
    for flow in flows:
        flow.rebind(nb.root)
        flow.check_kept()
