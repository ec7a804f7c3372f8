"""Driving a notebook the way a learner does: in JupyterLab (menus, kernel, outputs) and in Voilà.

Every wait is on an event in the page (a selector, a prompt, a kernel status), never a fixed
sleep. Locators are scoped to the one notebook panel under test, so another tab can never
answer for it. Shared by the browser tests and benchmarks/bench_notebooks_browser.py.
"""

from __future__ import annotations

import json
import re
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

KERNEL_TIMEOUT_MS = 120_000  # kernel start and run-all under load on 2 cores
UI_TIMEOUT_MS = 30_000

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


CHART_IMG = 'class="course-chart"'  # a chart shown as HTML: course_lib.charts.ChartView.image_html


def stored_outputs(notebook_file: Path) -> dict[str, int]:
    """How many pictures (PNG outputs, or charts as HTML with their alt text) and widget views the
    committed notebook shows (its stored outputs)."""
    nb = json.loads(Path(notebook_file).read_text(encoding="utf-8"))
    counts = {"image/png": 0, WIDGET_MIME: 0}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            counts["image/png"] += "image/png" in data or CHART_IMG in "".join(data.get("text/html", ""))
            counts[WIDGET_MIME] += WIDGET_MIME in data
    return counts


def stored_widget_classes(notebook_file: Path) -> set[str]:
    """The course-* classes of the views in a committed notebook's saved widget state."""
    nb = json.loads(Path(notebook_file).read_text(encoding="utf-8"))
    state = nb.get("metadata", {}).get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    classes: set[str] = set()
    for model in state.get("state", {}).values():
        dom = model.get("state", {}).get("_dom_classes", ())
        if "course-widget" in dom:
            classes.update(c for c in dom if c.startswith("course-"))
    return classes


class LabNotebook:
    """One notebook open in JupyterLab."""

    def __init__(self, page: Page, base_url: str, token: str, path: str):
        self.page, self.base_url, self.token, self.path = page, base_url, token, path
        self.name = path.rsplit("/", 1)[-1]
        self.panel: Locator | None = None

    # --- opening ---------------------------------------------------------------------------
    def open(self) -> "LabNotebook":
        """Open the notebook alone: `reset` stops JupyterLab reopening earlier tabs and kernels."""
        self.page.goto(f"{self.base_url}/lab/tree/{self.path}?reset&token={self.token}")
        return self._find_panel()

    def _find_panel(self) -> "LabNotebook":
        tab = self.page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=self.name).first
        expect(tab).to_be_visible(timeout=KERNEL_TIMEOUT_MS)
        panel_id = tab.get_attribute("data-id")
        self.panel = self.page.locator(f"[id='{panel_id}']")
        expect(self.panel.locator(".jp-Notebook")).to_be_visible(timeout=UI_TIMEOUT_MS)
        self.wait_for_kernel()
        return self

    def wait_for_kernel(self, timeout: int = KERNEL_TIMEOUT_MS) -> None:
        """'Idle' shows before a kernel exists: wait for a Python kernel name *and* idle."""
        expect(self.panel.locator(".jp-KernelName").first).to_contain_text("Python", timeout=timeout)
        expect(self.panel.locator(".jp-Notebook-ExecutionIndicator").first).to_have_attribute(
            "data-status", "idle", timeout=timeout
        )

    def activate(self) -> None:
        self.page.locator(f".lm-DockPanel-tabBar .lm-TabBar-tab[data-id='{self.panel.get_attribute('id')}']").click()

    # --- menus -----------------------------------------------------------------------------
    def menu(self, menu: str, command: str) -> None:
        """Choose ``command`` (a JupyterLab command id) from the menu bar's ``menu``, as a learner does."""
        self.activate()
        self.page.locator(".lm-MenuBar-item", has_text=menu).first.click()
        item = self.page.locator(f".lm-Menu-item[data-command='{command}']").first
        expect(item).to_be_visible(timeout=UI_TIMEOUT_MS)
        item.click()
        expect(self.page.locator(".lm-Menu")).to_have_count(0, timeout=UI_TIMEOUT_MS)

    def run_all(self, timeout: int = KERNEL_TIMEOUT_MS) -> None:
        """Edit → Clear Outputs of All Cells, Run → Run All Cells; wait until every code cell has run."""
        self.menu("Edit", "editmenu:clear-all")
        # Clearing blanks every prompt to "[ ]:"; each reads "[n]:" again once its cell has run.
        self.page.wait_for_function(
            """panel => !panel.querySelector('.jp-OutputArea-output') && Array.from(
                   panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')).every(p => !/\\d/.test(p.textContent))""",
            arg=self.panel.element_handle(), timeout=UI_TIMEOUT_MS,
        )
        self.menu("Run", "runmenu:run-all")
        # Done when every cell has run, or when a cell failed and run-all stopped (nothing left queued).
        self.page.wait_for_function(
            """panel => {
                const prompts = Array.from(panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt'))
                    .map(p => p.textContent.trim());
                const failed = panel.querySelector("[data-mime-type='application/vnd.jupyter.stderr']");
                return prompts.every(p => /^\\[\\d+\\]:$/.test(p))
                    || (failed && !prompts.some(p => p.includes('*')));
            }""",
            arg=self.panel.element_handle(), timeout=timeout,
        )
        self.wait_for_kernel(timeout)

    def restart_kernel(self, timeout: int = KERNEL_TIMEOUT_MS) -> None:
        """Kernel → Restart Kernel…, confirm in JupyterLab's dialog, wait for the new kernel to be idle."""
        # The indicator reads "idle" before and after: watch it pass through a restart.
        self.panel.evaluate(
            """panel => {
                const el = panel.querySelector('.jp-Notebook-ExecutionIndicator');
                window.__courseStatuses = [];
                new MutationObserver(() => window.__courseStatuses.push(el.dataset.status))
                    .observe(el, {attributes: true, attributeFilter: ['data-status']});
            }"""
        )
        self.menu("Kernel", "kernelmenu:restart")
        dialog = self.page.locator(".jp-Dialog")
        expect(dialog).to_be_visible(timeout=UI_TIMEOUT_MS)
        dialog.locator(".jp-Dialog-button.jp-mod-accept").click()
        expect(dialog).to_have_count(0, timeout=UI_TIMEOUT_MS)
        self.page.wait_for_function(
            """() => { const s = window.__courseStatuses;
                       return s.includes('restarting') && s[s.length - 1] === 'idle'; }""",
            timeout=timeout,
        )
        self.wait_for_kernel(timeout)

    def save(self) -> None:
        """File → Save (Ctrl+S would go to a focused widget's text box, which keeps its keys)."""
        self.menu("File", "docmanager:save")
        expect(self.page.locator(f".lm-TabBar-tab[data-id='{self.panel.get_attribute('id')}']")).not_to_have_class(
            re.compile(r"\bjp-mod-dirty\b"), timeout=UI_TIMEOUT_MS
        )

    def reload(self) -> "LabNotebook":
        self.page.reload()
        return self._find_panel()

    # --- what the learner sees -------------------------------------------------------------
    @property
    def root(self) -> Locator:
        return self.panel

    def screenshot(self, path: Path) -> None:
        full_page_screenshot(self.page, path)


class VoilaPage:
    """One notebook rendered by Voilà (code hidden)."""

    def __init__(self, page: Page, base_url: str, path: str):
        self.page, self.base_url, self.path = page, base_url, path

    def open(self, timeout: int = KERNEL_TIMEOUT_MS) -> "VoilaPage":
        self.page.goto(f"{self.base_url}/voila/render/{self.path}", timeout=timeout)
        # Voilà streams the page while the kernel runs the cells; the spinner goes when it is done.
        self.page.wait_for_function(
            "() => document.readyState === 'complete' && !document.querySelector('#loading')",
            timeout=timeout,
        )
        return self

    @property
    def root(self) -> Locator:
        return self.page.locator("body")

    def screenshot(self, path: Path) -> None:
        full_page_screenshot(self.page, path)

    def code_shown(self) -> list[str]:
        """Code a learner can see (the app view hides every code cell)."""
        return self.page.locator(".jp-InputArea-editor:visible, .jp-CodeMirrorEditor:visible").all_inner_texts()


def wait_until_live(view, timeout: int = KERNEL_TIMEOUT_MS) -> None:
    """Wait until no widget output still says "Loading widget..." and every picture has loaded."""
    view.page.wait_for_function(
        """root => {
            const outputs = Array.from(root.querySelectorAll('.jp-OutputArea-output'));
            const images = Array.from(root.querySelectorAll('.jp-OutputArea-output img'));
            return !outputs.some(o => /Loading widget/.test(o.textContent))
                && images.every(i => i.complete);
        }""",
        arg=view.root.element_handle(),
        timeout=timeout,
    )


_PAGE_REPORT_JS = """root => {
    const outputs = Array.from(root.querySelectorAll('.jp-OutputArea-output'));
    const topLevel = outputs.filter(o => !o.parentElement.closest('.jupyter-widgets'));
    return {
        errors: outputs.filter(o => o.dataset.mimeType === 'application/vnd.jupyter.stderr'
                                    || o.classList.contains('voila-error'))
                       .map(o => o.innerText.slice(0, 2000)),
        brokenWidgets: outputs.filter(o => /Error displaying widget|Loading widget/.test(o.textContent))
                              .map(o => o.innerText.slice(0, 300)),
        widgetViews: topLevel.filter(o => o.querySelector(':scope > .jupyter-widgets')).length,
        images: topLevel.filter(o => o.dataset.mimeType === 'image/png' || o.querySelector(':scope img.course-chart')
                                     && !o.querySelector('.jupyter-widgets img.course-chart')).length,
        allImages: root.querySelectorAll('.jp-OutputArea-output img').length,  // widget pictures too
        brokenImages: Array.from(root.querySelectorAll('.jp-OutputArea-output img'))
                           .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt || i.src.slice(0, 40)),
        chartCaptions: root.querySelectorAll('.course-chart-alt').length,
        courseClasses: Array.from(new Set(Array.from(root.querySelectorAll('.course-widget'))
                           .flatMap(w => Array.from(w.classList).filter(c => c.startsWith('course-'))))).sort(),
        emptyPanels: Array.from(root.querySelectorAll('.course-widget'))
                          .filter(w => w.querySelectorAll('.jupyter-widgets').length < 2)
                          .map(w => w.className),
    };
}"""


def page_report(view) -> dict:
    """What the page shows: errors, broken widgets and pictures, and how many of each there are."""
    return view.root.evaluate(_PAGE_REPORT_JS)


def output_problems(view, notebook_file: Path | None = None) -> list[str]:
    """Everything a learner should never see after running a notebook; [] when all is well.

    With a committed notebook, the page must also show as many pictures and widgets as its stored
    outputs, and the same course widgets as its stored widget state.
    """
    wait_until_live(view)
    report = page_report(view)
    problems = [f"error or warning output: {e}" for e in report["errors"]]
    problems += [f"widget not displayed: {w}" for w in report["brokenWidgets"]]
    problems += [f"picture did not load: {i}" for i in report["brokenImages"]]
    problems += [f"course widget drawn empty: {c}" for c in report["emptyPanels"]]
    if report["allImages"] < report["chartCaptions"]:
        problems.append(f"{report['chartCaptions']} chart descriptions but only {report['allImages']} pictures")
    if notebook_file is not None:
        stored = stored_outputs(notebook_file)
        if stored["image/png"] and report["images"] != stored["image/png"]:
            problems.append(f"{report['images']} pictures shown, the committed notebook has {stored['image/png']}")
        if stored[WIDGET_MIME] and report["widgetViews"] != stored[WIDGET_MIME]:
            problems.append(f"{report['widgetViews']} widgets shown, the committed notebook has {stored[WIDGET_MIME]}")
        classes = stored_widget_classes(notebook_file)
        if classes and set(report["courseClasses"]) != classes:
            problems.append(f"course widgets shown {sorted(report['courseClasses'])}, "
                            f"committed widget state has {sorted(classes)}")
    return problems


def expect_clean(view, notebook_file: Path | None = None) -> None:
    problems = output_problems(view, notebook_file)
    assert not problems, "\n".join(problems)


@contextmanager
def whole_page_on_screen(page: Page):
    """Grow the window to the height of the whole notebook, then restore it. JupyterLab and Voilà
    scroll inside a panel, not the page, and skip drawing cells off screen; on a window this tall
    every cell is drawn, for a screenshot or for measuring what is drawn."""
    viewport = page.viewport_size
    extra = page.evaluate(
        """() => {
            const scrollers = Array.from(document.querySelectorAll('*'))
                .filter(e => /(auto|scroll)/.test(getComputedStyle(e).overflowY));
            scrollers.forEach(e => { e.scrollTop = 0; });  // run-all leaves the notebook at its end
            return Math.max(0, ...scrollers.map(e => e.scrollHeight - e.clientHeight));
        }"""
    )
    page.set_viewport_size({"width": viewport["width"], "height": min(viewport["height"] + extra + 20, 30_000)})
    try:
        # Two animation frames: the browser has laid out and painted at the new size.
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        yield
    finally:
        page.set_viewport_size(viewport)


def full_page_screenshot(page: Page, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with whole_page_on_screen(page):
        page.screenshot(path=str(path))


_CUT_OFF_JS = """root => {
    const found = [];
    for (const widget of root.querySelectorAll('.course-widget')) {
        const name = Array.from(widget.classList).filter(c => c.startsWith('course-') && c !== 'course-widget')[0];
        for (const el of widget.querySelectorAll('*')) {
            if (['INPUT', 'TEXTAREA', 'SELECT', 'OPTION'].includes(el.tagName) || !el.clientWidth) continue;
            const style = getComputedStyle(el);
            if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1)
                found.push(`${name}: "${el.textContent.trim().slice(0, 80)}"`);
        }
    }
    return Array.from(new Set(found));
}"""


def cut_off_text(view) -> list[str]:
    """Labels and buttons of course widgets whose text is cut off with "…" (measured with every
    cell drawn)."""
    with whole_page_on_screen(view.page):
        return [f"text cut off in {t}" for t in view.root.evaluate(_CUT_OFF_JS)]


_COLUMN_JS = """root => {
    const edges = selector => Array.from(root.querySelectorAll(selector)).filter(e => e.offsetWidth).map(e => {
        const box = e.getBoundingClientRect();
        return {left: Math.round(box.left), right: Math.round(box.right), text: e.textContent.trim().slice(0, 40)};
    });
    return {text: edges('.jp-RenderedMarkdown > p'), widgets: edges('.course-widget')};
}"""


def reading_column_problems(view, widest: int = 900, slack: int = 2) -> list[str]:
    """Where text and course widgets do not share one reading column no wider than ``widest`` px
    (the width the course's widgets stop at): [] when every paragraph and widget starts and ends
    at the same edges, give or take ``slack`` px."""
    found = view.root.evaluate(_COLUMN_JS)
    boxes = found["text"] + found["widgets"]
    if not found["text"] or not boxes:
        return ["no text paragraphs on the page to measure"]
    left, right = found["text"][0]["left"], found["text"][0]["right"]
    problems = [f"text runs {right - left} px wide (more than {widest})"] if right - left > widest + slack else []
    problems += [f"{b['left']}–{b['right']} px, not {left}–{right} like the text above: {b['text']!r}"
                 for b in boxes if abs(b["left"] - left) > slack or abs(b["right"] - right) > slack]
    return problems


_TEXT_BOX_JS = """root => {
    const found = [];
    for (const box of root.querySelectorAll('.course-widget :is(textarea, select, input[type=text])')) {
        if (!box.offsetWidth) continue;
        const panel = box.closest('.course-widget').getBoundingClientRect();
        const widget = box.closest('.jupyter-widgets').getBoundingClientRect();
        const name = (box.placeholder || box.closest('.jupyter-widgets').textContent || box.tagName).trim().slice(0, 40);
        if (widget.right > panel.right + 0.5 || widget.left < panel.left - 0.5)
            found.push(`${box.tagName.toLowerCase()} sticks out of its panel by ${Math.round(
                Math.max(widget.right - panel.right, panel.left - widget.left))} px: ${name}`);
        if (box.tagName === 'TEXTAREA' && /monospace/.test(getComputedStyle(box).fontFamily))
            found.push(`text area in a typewriter font: ${name}`);
    }
    return found;
}"""


def text_box_problems(view) -> list[str]:
    """Text boxes and lists of course widgets that stick out of their panel, or text areas in a
    typewriter font rather than the course's own (measured with every cell drawn)."""
    with whole_page_on_screen(view.page):
        return view.root.evaluate(_TEXT_BOX_JS)


_REFLOW_JS = """root => {
    const found = [];
    const page = document.scrollingElement;
    if (page.scrollWidth > page.clientWidth + 1) found.push(`the page scrolls sideways: ${page.scrollWidth} px in ${page.clientWidth}`);
    for (const el of root.querySelectorAll('.course-widget, .course-widget .jupyter-widgets, .jp-OutputArea-output, .jp-RenderedMarkdown')) {
        if (!el.clientWidth) continue;
        const box = el.getBoundingClientRect();
        const name = (Array.from(el.classList).find(c => c.startsWith('course-') && c !== 'course-widget')
                      || el.className.split(' ')[0]) + ` "${el.textContent.trim().slice(0, 40)}"`;
        // A data table may scroll sideways in its own box: WCAG 1.4.10 exempts two-dimensional tables.
        const table = Array.from(el.querySelectorAll('table')).some(t => t.offsetWidth > el.clientWidth + 1);
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible' && !table)
            found.push(`${name} needs sideways scrolling: ${el.scrollWidth} px in ${el.clientWidth}`);
        else if (box.right > page.clientWidth + 1 && !table)
            found.push(`${name} runs past the window's right edge by ${Math.round(box.right - page.clientWidth)} px`);
    }
    return Array.from(new Set(found));
}"""


def reflow_problems(view, width: int = 320) -> list[str]:
    """What needs sideways scrolling, or runs off the window, at ``width`` CSS px (WCAG 1.4.10:
    320 px is a 1280 px window at 400 % zoom); the window gets its size back afterwards."""
    viewport = view.page.viewport_size
    view.page.set_viewport_size({"width": width, "height": viewport["height"]})
    try:
        view.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        with whole_page_on_screen(view.page):
            return view.root.evaluate(_REFLOW_JS) + [f"at {width} px: {t}" for t in view.root.evaluate(_CUT_OFF_JS)]
    finally:
        view.page.set_viewport_size(viewport)
