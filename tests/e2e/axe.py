"""axe-core, the accessibility checker, run inside the pages the browser tests already open.

axe-core comes from npm at one pinned version, checked against the registry's published
integrity hash, and is unpacked once into .cache/node (beside configurable-http-proxy, which the
hub test installs there). Nothing is fetched again while the file is there and its hash matches.

An audit runs the WCAG 2.0, 2.1 and 2.2 A and AA rules over what is the course's own: the whole
page in Voilà (the course's template and everything in it), the notebook's text and outputs in
JupyterLab (JupyterLab's own menus and panels are not the course's). Serious and critical
violations fail the test; moderate and minor ones are printed. Every audit's figures, per rule,
are kept for the session summary (see conftest.py) and written to test-artifacts/e2e/axe.json.
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from notebook_ui import LabNotebook, whole_page_on_screen

PROJECT_DIR = Path(__file__).resolve().parents[2]
NODE_DIR = PROJECT_DIR / ".cache" / "node"

AXE_VERSION = "4.14.1"
# `npm view axe-core@4.14.1 dist.integrity`: the tarball must match it, whoever serves it.
AXE_INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
AXE_FILE = NODE_DIR / f"axe-core-{AXE_VERSION}" / "axe.min.js"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING = ("serious", "critical")

# The course's part of a JupyterLab notebook: rendered Markdown and cell outputs (widgets included).
LAB_PARTS = (".jp-MarkdownOutput", ".jp-OutputArea-output")


class AxeUnavailable(RuntimeError):
    pass


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def install() -> Path:
    """axe.min.js of the pinned version, from .cache/node, fetched with `npm pack` the first time."""
    if AXE_FILE.exists():
        return AXE_FILE
    npm = shutil.which("npm")
    if not npm:
        raise AxeUnavailable("npm is not installed, so axe-core cannot be fetched for the accessibility audit")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            done = subprocess.run(
                [npm, "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", tmp, "--silent",
                 "--no-audit", "--no-fund", "--fetch-timeout=60000", "--fetch-retries=1"],
                capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            raise AxeUnavailable("npm did not fetch axe-core within 5 minutes") from None
        packed = Path(tmp) / f"axe-core-{AXE_VERSION}.tgz"
        if done.returncode != 0 or not packed.exists():
            raise AxeUnavailable(f"npm pack axe-core@{AXE_VERSION} failed: {done.stderr.strip()[-500:]}")
        data = packed.read_bytes()
    if _integrity(data) != AXE_INTEGRITY:
        raise AxeUnavailable(f"axe-core-{AXE_VERSION}.tgz does not match its published integrity hash")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        script = tar.extractfile("package/axe.min.js").read()
    AXE_FILE.parent.mkdir(parents=True, exist_ok=True)
    partial = AXE_FILE.with_suffix(".part")
    partial.write_bytes(script)
    partial.replace(AXE_FILE)  # whole or absent: an interrupted run never leaves half a file
    return AXE_FILE


@dataclass
class Audit:
    """One axe run: where, and the violations found (each: rule id, impact, help, nodes)."""

    where: str
    violations: list[dict] = field(default_factory=list)

    def failing(self) -> list[dict]:
        return [v for v in self.violations if v["impact"] in FAILING]

    def others(self) -> list[dict]:
        return [v for v in self.violations if v not in self.failing()]

    def describe(self, violations: list[dict]) -> list[str]:
        lines = []
        for v in violations:
            lines.append(f"{self.where}: {v['impact']} {v['id']} ({v['help']}), {len(v['nodes'])} element(s):")
            lines += [f"    {n['target']}: {n['summary'][:300]}" for n in v["nodes"][:5]]
        return lines


# Every audit of the session, for the summary at the end (conftest.pytest_terminal_summary).
AUDITS: list[Audit] = []

_RUN_JS = """async ([selectors, tags]) => {
    const include = selectors ? selectors.filter(s => document.querySelector(s)) : null;
    if (include && !include.length) return [];
    const context = include ? {include: include.map(s => [s])} : document;
    const result = await axe.run(context, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
    }));
}"""


def audit(view, where: str) -> Audit:
    """Run axe over ``view`` (a VoilaPage: the whole page; a LabNotebook: its Markdown and outputs)
    with every cell drawn; print the moderate and minor findings and keep the figures."""
    page = view.page
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(install()))
    selectors = None
    if isinstance(view, LabNotebook):
        panel = f"[id='{view.panel.get_attribute('id')}']"
        selectors = [f"{panel} {part}" for part in LAB_PARTS]
    with whole_page_on_screen(page):  # JupyterLab and Voilà leave cells off screen undrawn
        found = Audit(where, page.evaluate(_RUN_JS, [selectors, WCAG_TAGS]))
    AUDITS.append(found)
    for line in found.describe(found.others()):
        print(line)  # moderate and minor: listed in the test output, not failed
    return found


def failures(*audits: Audit) -> list[str]:
    """Every serious or critical violation of these audits, each rule and element named; [] if none.
    (Tests audit first render and after use, then fail once, so both sets of figures are kept.)"""
    return [line for a in audits for line in a.describe(a.failing())]


def expect_no_failures(*audits: Audit) -> None:
    found = failures(*audits)
    assert not found, "axe found serious or critical violations:\n" + "\n".join(found)


def summary(audits: list[Audit]) -> dict[str, dict[str, int]]:
    """Per rule: its impact, how many audits found it and how many elements in all."""
    rules: dict[str, dict] = {}
    for a in audits:
        for v in a.violations:
            rule = rules.setdefault(v["id"], {"impact": v["impact"], "audits": 0, "elements": 0})
            rule["audits"] += 1
            rule["elements"] += len(v["nodes"])
    return dict(sorted(rules.items()))


_OUTLINE_JS = """() => {
    const found = [];
    const headings = Array.from(document.querySelectorAll('#rendered_cells :is(h1, h2, h3, h4, h5, h6)'))
        .filter(h => h.offsetParent !== null);
    const levels = headings.map(h => Number(h.tagName[1]));
    if (levels.filter(l => l === 1).length !== 1) found.push(`${levels.filter(l => l === 1).length} level-1 headings`);
    levels.forEach((l, i) => { if (i && l > levels[i - 1] + 1)
        found.push(`level ${l} after level ${levels[i - 1]}: "${headings[i].textContent.trim().slice(0, 60)}"`); });
    return found;
}"""


def outline_problems(page) -> list[str]:
    """Where the app view's headings (the notebook's and its widgets') do not form one outline:
    one level-1 title, no skipped level (a screen reader lists them to move around the page)."""
    return page.evaluate(_OUTLINE_JS)
