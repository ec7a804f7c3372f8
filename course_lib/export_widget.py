"""The prep-pack panel of notebook 07: write the learner's prep pack and results file, then offer them
for download.

Files are written into a folder next to the notebook (``prep-pack`` unless the learner names
another) and offered as download links that carry the file itself, so the links work alike in
JupyterLab and in Voilà, whatever files the server is allowed to serve.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from course_lib import export
from course_lib.markup import download_link, escape
from course_lib.progress import Store, store_or_open
from course_lib.widgets import Message, Panel

DEFAULT_FOLDER = "prep-pack"
_MIME = {".md": "text/markdown", ".html": "text/html", ".ics": "text/calendar", ".json": "application/json"}


def _links(paths: list[Path]) -> str:
    items = "".join(
        f"<li>{download_link(p.name, p.read_text(encoding='utf-8'), _MIME.get(p.suffix, 'text/plain'))}</li>"
        for p in paths)
    return f'<ul class="course-download-links">{items}</ul>'


class PrepPackPanel(Panel):
    def __init__(self, store: Store, folder: str = DEFAULT_FOLDER):
        self.store = store
        intro = w.HTML(
            "<p><strong>Your prep pack.</strong> One page with everything you prepared: your company "
            "research, your first-interview review, your STAR stories with the coach's notes, your questions "
            "for each interviewer, your thank-you notes and follow-up dates (with a calendar file), and your "
            "quiz results. Read it the night before; it prints cleanly.</p>")
        self.folder = w.Text(value=folder, description="Save in folder", style={"description_width": "initial"},
                             layout=w.Layout(width="420px"))
        self.folder.add_class("course-export-folder")
        self.make = w.Button(description="Make my prep pack", button_style="primary",
                             tooltip="Write the prep pack (Markdown and HTML) and offer it for download")
        self.make.add_class("course-export-pack")
        self.make.on_click(self._make_pack)

        # width auto: a checkbox's default width cuts a long label off with an ellipsis
        self.include_texts = w.Checkbox(value=False, indent=False, layout=w.Layout(width="auto"),
                                        description="Include my own texts (only if your facilitator asks for them)")
        self.results = w.Button(description="Save my results file",
                                tooltip="Scores and coach signals for your facilitator, under your pseudonym")
        self.results.add_class("course-export-results")
        self.results.on_click(self._make_results)
        results_intro = w.HTML(
            "<p><strong>For a workshop or class:</strong> a results file holds your quiz scores and the coach's "
            "signals under your pseudonym, without your texts unless you tick the box. Your notes on "
            "adjustments and on questions that should not be asked never go in it. Hand it to your "
            "facilitator.</p>")
        self.output = Message()
        self.output.add_class("course-export-output")
        self.output.add_class("course-live")
        super().__init__([intro, self.folder, self.make, results_intro, self.include_texts, self.results, self.output],
                         name="prep-pack", label="Prep pack: make it and download it")

    def controls(self) -> dict:
        return {"folder": self.folder, "make": self.make, "include_texts": self.include_texts, "results": self.results}

    def shows(self) -> dict:
        return {"output": self.output}

    def _target(self) -> Path:
        return Path(self.folder.value.strip() or DEFAULT_FOLDER).expanduser()

    def _make_pack(self, _button) -> None:
        self._run(lambda folder: export.write_prep_pack(self.store, folder), "Your prep pack is ready")

    def _make_results(self, _button) -> None:
        def write(folder):
            return [export.write_results(self.store, export.make_folder(folder), include_texts=self.include_texts.value)]

        self._run(write, "Your results file is ready" + (" (with your texts)" if self.include_texts.value else ""))

    def _run(self, write, done: str) -> None:
        folder = self._target()
        try:
            paths = write(folder)
        except OSError as error:
            self.output.say(tone="bad", box=True, html=(
                f"Nothing was written to <code>{escape(folder)}</code>: {escape(error.strerror or error)}. "
                "Type another folder above and try again."))
            return
        self.output.value = (f'<div class="course-box course-good" role="status"><p><strong>{escape(done)}.</strong> '
                             f"Saved in <code>{escape(folder.resolve())}</code>. Download:</p>{_links(paths)}</div>")


def prep_pack(*, store: Store | None = None, folder: str = DEFAULT_FOLDER) -> PrepPackPanel:
    """The prep-pack button (and the results file for a facilitator) for notebook 07."""
    return PrepPackPanel(store_or_open(store), folder)
