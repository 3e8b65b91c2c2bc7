"""Editor text with **bold** and *italic* -> ReportLab paragraph markup, everything else escaped.

Why: ReportLab's paragraph parser understands tags such as <img> and <a href>; user
text must never reach it as markup, so we escape first and add only our own tags.
"""

from __future__ import annotations

import re

_BOLD = re.compile(r"\*\*(?=\S)([^*<]+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*<]+?)(?<=\S)\*(?![*\w])")


class Safe(str):
    """Paragraph markup that proeve built itself from escaped text (e.g. diff marks).

    Why: the review page re-renders a Document whose changed fields carry change
    marks; escape() and markup() pass these through instead of escaping them.
    User input never becomes Safe: only proeve.diff constructs it.
    """


def escape(text: str) -> str:
    """Escape text so that the paragraph parser sees it as characters only."""
    if isinstance(text, Safe):
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup(text: str) -> str:
    """Escape text, then turn **bold** and *italic* into tags; blank lines become line breaks."""
    if isinstance(text, Safe):
        return text
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    out = []
    for paragraph in paragraphs:
        escaped = escape(paragraph)
        escaped = _BOLD.sub(r"<b>\1</b>", escaped)
        escaped = _ITALIC.sub(r"<i>\1</i>", escaped)
        out.append(escaped)
    return "<br/>".join(out)


def plain(text: str) -> str:
    """The text a reader sees: markup asterisks removed, whitespace normalised."""
    text = _BOLD.sub(r"\1", " ".join(text.split()))
    return _ITALIC.sub(r"\1", text)
