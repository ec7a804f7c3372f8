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


_MARKDOWN_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]|"})


def markdown_text(text, *, limit: int | None = None) -> str:
    """``text`` for a Markdown file, shown as written: HTML is escaped (a Markdown viewer would
    render it), and emphasis, links, code, tables and headings the learner typed stay literal.
    Paragraphs and line breaks are kept; lists the learner typed stay lists."""
    safe = escape(text, limit=limit).replace("&quot;", '"').replace("&#x27;", "'")
    blocks = []
    for block in PARAGRAPH_BREAK.split(safe.strip()):
        lines = [re.sub(r"^(\s*)([#=])", r"\1\\\2", line.translate(_MARKDOWN_INLINE)).rstrip()
                 for line in block.split("\n")]
        blocks.append("\\\n".join(lines))  # a backslash before a line end: a hard line break
    return "\n\n".join(blocks)


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
