"""The one place learner text is made safe for HTML.

ipywidgets' HTML widget inserts its value as HTML, and an inline handler such as
``<img src=x onerror=...>`` in it runs. Every piece of text that a learner typed, or that
comes from a content file, passes through :func:`escape` before it reaches an HTML widget,
an HTML export or a ``_repr_html_``.
"""

import html

# Text longer than this is cut before display (the stored text is never cut): rendering
# megabytes into the page would freeze the browser, and nobody reads that much in a widget.
DISPLAY_LIMIT = 20_000


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
