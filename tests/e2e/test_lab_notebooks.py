"""Every learner notebook in JupyterLab, as a learner meets it: run from the top, then used.

Parametrized over the notebooks that exist (notebooks/00-07), so a new notebook is tested as
soon as it lands. The learner's tasks are found on the page by the widgets' CSS classes.
"""

from __future__ import annotations

import pytest

import axe
import course_ui
from notebook_ui import LabNotebook, cut_off_text, expect_clean, output_problems, text_box_problems

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

NOTEBOOKS = course_ui.learner_notebooks()
IDS = [p.stem for p in NOTEBOOKS]


def test_there_are_learner_notebooks():
    assert NOTEBOOKS, f"no learner notebooks in {course_ui.NOTEBOOKS_DIR}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_notebook_runs_clean_and_keeps_the_learners_work(page, lab, learner, artifacts, notebook):
    """Run from the top: no error, every chart and widget there, no label cut off. Then, as a
    learner: answer each quiz wrong, then right; write a STAR story; fill each worksheet; set the
    interview date; make the prep pack. Restart the kernel from the menu and run all: everything
    is back. Save and reload the page: still there."""
    nb = LabNotebook(page, lab.url, lab.token, f"notebooks/{notebook.name}").open()
    nb.run_all()
    problems = output_problems(nb, notebook)
    nb.screenshot(artifacts / "lab" / f"{notebook.stem}.png")
    assert not problems, "\n".join(problems)
    cut_off = cut_off_text(nb) + text_box_problems(nb)  # reported at the end, so the tasks are still tried
    audits = [axe.audit(nb, f"JupyterLab {notebook.stem}")]

    flows = course_ui.flows_in(page, nb.root)
    for flow in flows:
        flow.do()
    if flows:
        nb.screenshot(artifacts / "lab" / f"{notebook.stem}-answered.png")
        audits.append(axe.audit(nb, f"JupyterLab {notebook.stem}, used"))
        learner_work_is_kept(nb, notebook, flows)
    assert not cut_off, "\n".join(cut_off)
    axe.expect_no_failures(*audits)


def learner_work_is_kept(nb: LabNotebook, notebook, flows) -> None:
    """Restart the kernel from the menu and run all: everything is back. Save, reload: still there."""
    nb.restart_kernel()
    nb.run_all()
    expect_clean(nb, notebook)
    for flow in flows:
        flow.check_kept()

    # Save (File → Save) and reload the page: the kernel's widgets show the answers again.
    nb.save()
    nb.reload()
    expect_clean(nb)
    for flow in flows:
        flow.rebind(nb.root)
        flow.check_kept()
