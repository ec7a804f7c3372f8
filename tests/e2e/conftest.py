"""Browser tests: JupyterLab and Voilà on 127.0.0.1, driven by Playwright on Debian's Chromium.

One JupyterLab, one Voilà and one browser serve the whole session (starting them is the slow
part); every test gets a new tab and, when it is done, its kernels are shut down and the
progress store is emptied, so each test meets the course as a new learner would.

The servers serve a temporary copy of notebooks/ and of this folder's own test notebooks
(see jupyter_servers.make_site): the committed notebooks never change under a test.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the helper modules beside this file, whatever pytest's import mode

import jupyter_servers as servers  # noqa: E402
from notebook_ui import UI_TIMEOUT_MS  # noqa: E402

# The test notebooks are fixtures opened in a browser, not notebooks for nbval to check.
collect_ignore_glob = ["notebooks/*"]

ARTIFACTS = servers.PROJECT_DIR / "test-artifacts" / "e2e"


def _ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_runtest_setup(item):
    """Without Chromium every browser test is skipped, with one line saying how to get it (raised
    here rather than in a fixture, so the summary groups them all on that one line)."""
    missing = servers.chromium_missing_message()
    if missing and not _ci() and item.get_closest_marker("browser"):
        pytest.skip(missing)


@pytest.fixture(scope="session")
def chromium():
    """On CI a missing Chromium fails the browser tests: a CI machine must run them (`make test`
    installs Debian's Chromium when run as root)."""
    missing = servers.chromium_missing_message()
    if missing:
        pytest.fail(f"{missing}. CI must run the browser tests.", pytrace=False)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    return servers.make_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def progress_dir(tmp_path_factory) -> Path:
    """The learner's progress store for every kernel the servers start (empty before each test)."""
    return tmp_path_factory.mktemp("progress")


@pytest.fixture(scope="session")
def lab(chromium, site, progress_dir, tmp_path_factory):
    server = servers.start_lab(tmp_path_factory.mktemp("lab"), progress_dir, root=site)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila(chromium, site, progress_dir, tmp_path_factory):
    server = servers.start_voila(tmp_path_factory.mktemp("voila"), progress_dir, root=site)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = servers.launch_chromium(playwright)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(scope="session")
def browser_context(browser):
    """One context for the session: JupyterLab's scripts stay cached between tests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(UI_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    """A new tab. A script's dialog (alert, confirm, prompt) fails the test."""
    page = browser_context.new_page()
    dialogs = []

    def on_dialog(dialog):
        if dialog.type == "beforeunload":
            dialog.accept()  # "Leave page?" on reload: a learner answers Leave
        else:
            dialogs.append(f"{dialog.type}: {dialog.message!r}")
            dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    page.close(run_before_unload=False)
    if dialogs:
        pytest.fail(f"a page dialog opened (learner text ran as code?): {dialogs}", pytrace=False)


@pytest.fixture
def learner(lab, progress_dir):
    """A new learner: no kernels from earlier tests, an empty progress store; cleaned up after."""
    lab.shut_down_kernels()
    _empty(progress_dir)
    yield progress_dir
    lab.shut_down_kernels()
    _empty(progress_dir)


def _empty(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Screenshots for a person to look at (test-artifacts/ is git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def pytest_terminal_summary(terminalreporter):
    """The accessibility audits' figures per rule (axe.py), also kept in test-artifacts/e2e/axe.json."""
    import json

    import axe

    if not axe.AUDITS:
        return
    rules = axe.summary(axe.AUDITS)
    terminalreporter.section("accessibility audit (axe-core %s)" % axe.AXE_VERSION)
    terminalreporter.line(f"{len(axe.AUDITS)} audits; violations by rule (impact: audits, elements):")
    for rule, figures in rules.items() or {"none": {"impact": "-", "audits": 0, "elements": 0}}.items():
        terminalreporter.line(f"  {rule} ({figures['impact']}): {figures['audits']}, {figures['elements']}")
    for audit in axe.AUDITS:  # every finding, the ones that did not fail a test included
        for line in audit.describe(audit.violations):
            terminalreporter.line("  " + line)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe.json").write_text(json.dumps(
        {"axe_core": axe.AXE_VERSION, "rules": rules,
         "audits": [{"where": a.where, "violations": a.violations} for a in axe.AUDITS]}, indent=1))
