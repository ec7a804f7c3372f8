"""The one place learner text is made safe for HTML.

ipywidgets' HTML widget inserts its value as HTML, and an inline handler such as
``<img src=x onerror=...>`` in it runs. Every piece of text that a learner typed, or that
comes from a content file, passes through :func:`escape` before it reaches an HTML widget,
an HTML export or a ``_repr_html_``.
"""

import html
import re

# Text longer than this is cut before display (the stored text is never cut): rendering
# megabytes into the page would freeze the browser, and nobody reads that much in a widget.
DISPLAY_LIMIT = 20_000

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")  # a blank line, perhaps with spaces on it


def escape(text, *, limit: int | None = DISPLAY_LIMIT) -> str:
    """Return ``text`` as HTML-safe text. ``None`` becomes an empty string."""
    if text is None:
        return ""
    text = str(text)
    if limit is not None and len(text) > limit:
        text = text[:limit] + f"… ({len(text) - limit:,} more characters not shown)"
    return html.escape(text, quote=True)


def paragraphs(text, *, limit: int | None = DISPLAY_LIMIT) -> str:
    """Escaped text with line breaks kept, for showing a learner's answer as they wrote it."""
    return escape(text, limit=limit).replace("\n", "<br>")


def unwrap(text) -> str:
    """Text hard-wrapped in a content file (lines broken to fit an editor, not where a reader
    wants a break) as its paragraphs: each paragraph's lines joined with spaces, paragraphs kept
    apart by one blank line. ``None`` becomes an empty string."""
    blocks = PARAGRAPH_BREAK.split(str(text or "").strip())
    return "\n\n".join(" ".join(line.strip() for line in block.splitlines() if line.strip())
                       for block in blocks if block.strip())


def prose(text, *, limit: int | None = DISPLAY_LIMIT) -> str:
    """Escaped text from a content file as HTML paragraphs (``<p>``), hard-wrapped lines joined
    (see :func:`unwrap`); a learner's own text keeps its line breaks with :func:`paragraphs`."""
    return "".join(f"<p>{escape(block, limit=limit)}</p>" for block in unwrap(text).split("\n\n") if block)


def columns(*parts: str) -> str:
    """Pieces of HTML (already safe) side by side, each at least 320 px wide: on a narrow screen
    they stack instead, so nothing needs sideways scrolling."""
    cells = "".join(f'<div style="flex:1 1 320px;min-width:0">{part}</div>' for part in parts)
    return f'<div style="display:flex;flex-wrap:wrap;gap:16px;">{cells}</div>'


def source_link(url, *, prefix: str = "Source: ") -> str:
    """'Source: example.org' linked to ``url``, so link text says where it goes.

    Only http(s) addresses become links; anything else (a book, a typo) is shown as text.
    """
    if not url:
        return ""
    url = str(url)
    if url.startswith(("https://", "http://")) and len(url.split("/")) > 2 and url.split("/")[2]:
        site = url.split("/")[2].removeprefix("www.")
        return (f'<a href="{escape(url, limit=None)}" target="_blank" rel="noopener noreferrer">'
                f"{escape(prefix)}{escape(site)}</a>")
    return escape(prefix + url)


# Characters that are not text: C0 controls but tab and line feed, DEL, the C1 controls, and lone
# surrogates (which no file can hold). Carriage returns are line ends, made "\n" first.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text) -> str:
    """``text`` with line ends made ``\n`` and control characters (NUL, escape, ...) removed: they
    show as nothing or as boxes, and some viewers stop reading a file at a NUL."""
    if text is None:
        return ""
    return _CONTROL.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))


# Markdown: every character that can start emphasis, code, a link or image, a table cell, a
# strikethrough or fence (~), maths in Jupyter ($) or close a heading (#) is escaped with a
# backslash wherever it is; HTML is escaped as entities; at the start of a line, what could open a
# list, a thematic break, a heading underline or an indented code block is made plain.
_MARKDOWN_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]|~$#"})
_LINE_START = re.compile(r"^(?:([=+-])|(\d{1,9})([.)]))")


def _markdown_line(line: str) -> str:
    line = line.strip().translate(_MARKDOWN_INLINE)  # leading spaces would make a code block
    return _LINE_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), line)


def _markdown_safe(text, limit: int | None) -> str:
    return escape(printable(text), limit=limit).replace("&quot;", '"').replace("&#x27;", "'")


def markdown_text(text, *, limit: int | None = None) -> str:
    """``text`` for a Markdown file, shown as written and never as Markdown: it cannot open a code
    fence, a heading, a list, a link or image, a table or HTML (escaped), whatever it holds.
    Paragraphs and line breaks are kept (a break as a backslash at the line's end)."""
    blocks = []
    for block in PARAGRAPH_BREAK.split(_markdown_safe(text, limit).strip()):
        lines = [_markdown_line(line) for line in block.split("\n")]
        blocks.append("\\\n".join(line for line in lines if line))
    return "\n\n".join(b for b in blocks if b)


def markdown_inline(text, *, limit: int | None = None) -> str:
    """``text`` for one line of Markdown (a heading, a list item, a table cell): escaped as in
    :func:`markdown_text`, with its line breaks made spaces so it cannot end the line early."""
    return _markdown_line(" ".join(_markdown_safe(text, limit).split()))


def download_link(file_name: str, data, mime: str, *, text: str | None = None) -> str:
    """A link that downloads ``data`` (text or bytes) as ``file_name``. The file travels inside the
    link (a ``data:`` address), so it works alike in JupyterLab, Notebook and Voilà, whatever files
    the server is allowed to serve."""
    import base64

    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    kind = f"{mime};charset=utf-8" if isinstance(data, str) else mime
    encoded = base64.b64encode(raw).decode("ascii")
    return (f'<a download="{escape(file_name, limit=None)}" href="data:{kind};base64,{encoded}">'
            f"{escape(text or f'Download {file_name}', limit=None)}</a>")
