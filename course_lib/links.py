"""Every link a learner can click between the content and the notebooks must lead somewhere.

A quiz's "read more" link (``section: 04_star_method.ipynb#The-STAR-method``), a model answer's
link to where the course teaches its skill, a quiz's and a mind map's notebook, each course-map
entry, and each link from one notebook's text to another notebook (or to a heading in it) are
checked against the notebooks folder. Each broken one gives
one plain line naming the file, the item and the target:

    data/quizzes/04_star_method.yaml: question 'star-order': 'section' links to
    '04_star_method.ipynb#The-STAR-methd', but 04_star_method.ipynb has no heading with that
    anchor (did you mean 'The-STAR-method'?)

A heading's anchor is made as JupyterLab (and Voilà) make it: the heading's text as shown, with
every space turned into '-'. Pure logic: reads JSON and text only.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
# [text](target "title") and ![alt](src); the target may be wrapped in <...>
_INLINE_LINK = re.compile(r"(!?)\[((?:[^\]\\]|\\.)*)\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REFERENCE_LINK = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?", re.MULTILINE)
_HTML_LINK = re.compile(r"<a\s[^>]*?href\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


# --- what a notebook offers: its headings' anchors, and the links in its text -----------------
def _plain(inline: str) -> str:
    """Markdown inline text as it shows on screen: links by their text, images not at all, no tags,
    no emphasis markers or backticks, entities and backslash escapes resolved."""
    # an escaped character (\*) is shown as itself: set it aside while the markers go
    escaped: list[str] = []

    def aside(found) -> str:
        escaped.append(found.group(1))
        return f"\0{len(escaped) - 1}\0"

    text = re.sub(r"\\([!-/:-@\[-`{-~])", aside, inline)
    text = _INLINE_LINK.sub(lambda m: "" if m.group(1) else m.group(2), text)  # an image shows no text
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*{1,3}|`+)", "", text)
    text = re.sub(r"(?<!\w)_{1,3}|_{1,3}(?!\w)", "", text)  # _emphasis_, never snake_case
    text = re.sub(r"\0(\d+)\0", lambda m: escaped[int(m.group(1))], text)
    return html.unescape(text).strip()


def anchor(heading_text: str) -> str:
    """The anchor JupyterLab gives a heading: its text as shown, spaces turned into '-'."""
    return _plain(heading_text).replace(" ", "-")


def _outside_code(markdown: str):
    """The lines of Markdown text that are not inside a fenced code block."""
    fence = None
    for line in markdown.splitlines():
        found = _FENCE.match(line)
        if fence is None and found:
            fence = found.group(1)[0]
        elif fence is not None and found and found.group(1)[0] == fence:
            fence = None
        elif fence is None:
            yield line


def heading_anchors(markdown: str) -> list[str]:
    """The anchors of every heading (``#`` to ``######``) in a Markdown text, in order."""
    return [anchor(found.group(1)) for line in _outside_code(markdown) if (found := _ATX_HEADING.match(line))]


def link_targets(markdown: str) -> list[str]:
    """Every link target in a Markdown text (Markdown links, reference links, HTML ``<a href>``);
    images are not links."""
    text = "\n".join(_outside_code(markdown))
    text = re.sub(r"`[^`\n]*`", "", text)  # code spans show their text; a link in them is not a link
    targets = [m.group(3).strip("<>") for m in _INLINE_LINK.finditer(text) if not m.group(1)]
    targets += _REFERENCE_LINK.findall(text)
    targets += [m.group(1) if m.group(1) is not None else m.group(2) for m in _HTML_LINK.finditer(text)]
    return targets


@dataclass(frozen=True)
class MarkdownCell:
    number: int  # 1-based position among all the notebook's cells
    cell_id: str | None
    source: str


@dataclass(frozen=True)
class Notebook:
    path: Path
    cells: tuple[MarkdownCell, ...]

    def anchors(self) -> list[str]:
        return [a for cell in self.cells for a in heading_anchors(cell.source)]


class NotebookError(ValueError):
    pass


def read_notebook(path: Path) -> Notebook:
    """A notebook's Markdown cells, read as JSON (no kernel, no nbformat)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise NotebookError(f"not a readable notebook ({type(e).__name__}: {str(e).splitlines()[0][:120]})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
        raise NotebookError("not a notebook: it has no list of cells")
    cells = []
    for number, cell in enumerate(raw["cells"], start=1):
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            cell_id = cell.get("id") if isinstance(cell.get("id"), str) else None
            cells.append(MarkdownCell(number, cell_id, source))
    return Notebook(path, tuple(cells))


# --- resolving a link -------------------------------------------------------------------------
class Notebooks:
    """The notebooks folder, each notebook read once when a link needs it."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._read: dict[Path, Notebook | NotebookError] = {}

    def show(self, path: Path) -> str:
        """A path as a reader finds it: from the folder that holds the notebooks folder."""
        try:
            return path.resolve().relative_to(self.folder.resolve().parent).as_posix()
        except ValueError:
            return path.as_posix()

    def all(self) -> list[Path]:
        return sorted(p for p in self.folder.rglob("*.ipynb")
                      if not any(part.startswith(".") for part in p.relative_to(self.folder).parts))

    def notebook(self, path: Path) -> Notebook | NotebookError:
        key = path.resolve()
        if key not in self._read:
            try:
                self._read[key] = read_notebook(path)
            except NotebookError as e:
                self._read[key] = e
        return self._read[key]

    def problem(self, target: str, *, base: Path, current: Path | None = None) -> str | None:
        """Why a link target does not resolve, or None when it does (or leads off the course, e.g. a web page).

        ``base`` is the folder the link is relative to; ``current`` the notebook it is in (for '#anchor')."""
        target = target.strip()
        if not target or _SCHEME.match(target) or target.startswith(("/", "//")):
            return None  # a web address, an e-mail, a data: download: not a link between course files
        file_part, _, fragment = target.partition("#")
        file_part, fragment = unquote(file_part.split("?", 1)[0]), unquote(fragment)
        path = (base / file_part) if file_part else current
        if path is None:
            return None
        if file_part and not path.exists():
            return f"there is no file {self.show(path)}"
        if not fragment or path.suffix != ".ipynb" or path.is_dir():
            return None
        notebook = self.notebook(path)
        if isinstance(notebook, NotebookError):
            return f"{self.show(path)} is {notebook}"
        anchors = notebook.anchors()
        if fragment in anchors:
            return None
        guess = difflib.get_close_matches(fragment, anchors, n=1, cutoff=0.6)
        return (f"{path.name} has no heading with the anchor '{fragment}'"
                + (f" (did you mean '{guess[0]}'?)" if guess else ""))


# --- the checks -------------------------------------------------------------------------------
def find_notebooks(data_dir: Path, notebooks_dir: Path | str | None = None) -> Path | None:
    """The notebooks folder the content links to: the one given, else ``notebooks/`` beside the data folder."""
    if notebooks_dir is not None:
        return Path(notebooks_dir)
    beside = Path(data_dir).resolve().parent / "notebooks"
    return beside if beside.is_dir() else None


def check(content, notebooks_dir: Path) -> list[str]:
    """Every broken link between the content (a loaded ``content.Content``) and the notebooks,
    one line each naming the file, the item and the broken target."""
    folder = Path(notebooks_dir)
    if not folder.is_dir():
        return [f"{folder}: no such folder (expected the course's notebooks, which the content links to)"]
    notebooks = Notebooks(folder)
    errors = []
    shown = content.shown_name
    def check_link(where: str, field: str, target: str, says: str = "is") -> None:
        problem = notebooks.problem(target, base=folder)
        if problem:
            errors.append(f"{where}: '{field}' {says} '{target}', but {problem}")

    for quiz_id, quiz in content.quizzes.items():
        label = content.quiz_files.get(quiz_id, f"quiz '{quiz_id}'")
        check_link(label, "notebook", quiz.notebook)
        for question in quiz.questions:
            if question.section:
                check_link(f"{label}: question '{question.id}'", "section", question.section, "links to")
    if content.model_answers is not None:
        for answer in content.model_answers.answers:
            check_link(f"{shown('model_answers.yaml')}: answer '{answer.id}'", "section", answer.section, "links to")
    if content.course_map is not None:
        for number, entry in enumerate(content.course_map.notebooks, start=1):
            check_link(f"{shown('course_map.yaml')}: notebook {number} ('{entry.title}')", "file", entry.file)
    if content.mind_maps is not None:
        for mind_map in content.mind_maps.maps:
            check_link(f"{shown('mind_maps.yaml')}: map '{mind_map.id}'", "notebook", mind_map.notebook)
    for path in notebooks.all():
        notebook = notebooks.notebook(path)
        if isinstance(notebook, NotebookError):
            errors.append(f"{notebooks.show(path)}: {notebook}")
            continue
        for cell in notebook.cells:
            where = f"cell {cell.number}" + (f" ('{cell.cell_id}')" if cell.cell_id else "")
            for target in link_targets(cell.source):
                problem = notebooks.problem(target, base=path.parent, current=path)
                if problem:
                    errors.append(f"{notebooks.show(path)}: {where}: link '{target}' is broken: {problem}")
    return errors
