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


_URL = re.compile(r"(?<![\w/@.])(?:https?://|www\.)[^\s<>\"]+")
_TRAILING = re.compile(r"[.,;:!?)\]'\u2019]+$")  # closing marks and the apostrophe


def _link(match: re.Match[str]) -> str:
    """An address in the text as a live link; punctuation after it stays text."""
    url = match.group()
    tail = _TRAILING.search(url)
    end = tail.group() if tail else ""
    url = url[: len(url) - len(end)]
    target = url if "://" in url else f"https://{url}"
    return f'<a href="{target}">{url}</a>{end}'


def markup(text: str) -> str:
    """Escape text, then turn **bold** and *italic* into tags and addresses into links;
    blank lines become line breaks."""
    if isinstance(text, Safe):
        return text
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    out = []
    for paragraph in paragraphs:
        escaped = _URL.sub(_link, escape(paragraph))
        escaped = _BOLD.sub(r"<b>\1</b>", escaped)
        escaped = _ITALIC.sub(r"<i>\1</i>", escaped)
        out.append(escaped)
    return "<br/>".join(out)


def plain(text: str) -> str:
    """The text a reader sees: markup asterisks removed, whitespace normalised."""
    text = _BOLD.sub(r"\1", " ".join(text.split()))
    return _ITALIC.sub(r"\1", text)


# Typographic quotes per language: (open double, close double, open single, close single),
# the apostrophe is the closing single quote; and the elisions that start with one.
CURLY = ("\u201c", "\u201d", "\u2018", "\u2019")  # double open, close; single open, close
QUOTES = {"nl": CURLY, "en": CURLY}
ELISIONS = {
    "nl": ("t", "s", "n", "k", "r", "m", "ns"),  # 't, 's-Hertogenbosch, 'n, 'k, 'ns
    "en": ("em", "til", "tis", "twas", "cause", "n"),  # 'em, 'til, rock 'n' roll
}
_OPENERS = set(" \t\n([{/-\u00a0\u201c\u2018\u2013\u2014")  # and opening quotes, dashes
_CLOSERS = set(".,;:!?)]}\u201d\u2019")
_TAG = re.compile(r"(<[^>]*>)")


_NEGATIVE = re.compile(r"(?<![\w\-\u2212.,/=?&:#%+~])-(?=\d)")  # -15%, (-3); not 2-3, MKB-2, ?x=-1


def typographic(text: str, language: str) -> str:
    """Straight quotes -> typographic ones, a hyphen before a figure -> a minus sign (U+2212).

    Works in paragraph markup or plain text.

    Tags are left alone (the markup's own quotes), so this runs on what
    `markup()` made: user text reaches it escaped, every `<` is one of ours.
    An apostrophe inside a word (zo'n, auto's) or before an elision ('t, '80)
    is the apostrophe; otherwise a quote opens after a space or an opening bracket.
    """
    if "-" in text:  # outside tags: an address's own text and target keep their hyphens
        text = "".join(
            p if p.startswith("<") else _NEGATIVE.sub("\u2212", p) for p in _TAG.split(text)
        )
    if "'" not in text and '"' not in text:
        return text
    opens, closes, open_single, apostrophe = QUOTES.get(language, QUOTES["en"])
    elisions = ELISIONS.get(language, ())
    plain = _TAG.sub("", text)  # the characters a reader sees, to judge each quote's context
    seen = 0
    out = []
    for piece in _TAG.split(text):
        if piece.startswith("<"):
            out.append(piece)
            continue
        chars = list(piece)
        for i, char in enumerate(chars):
            if char not in "'\"":
                continue
            before = plain[seen + i - 1] if seen + i else " "
            after = plain[seen + i + 1 :]
            # Opening after a space or an opening bracket, or where a quote starts a
            # word after other punctuation (src="...": not after a word or a closing mark).
            opening = before in _OPENERS or (
                not before.isalnum() and before not in _CLOSERS and after[:1].strip() != ""
            )
            if char == '"':
                chars[i] = opens if opening else closes
            elif opening and not _elision(after, elisions):
                chars[i] = open_single
            else:
                chars[i] = apostrophe
        out.append("".join(chars))
        seen += len(piece)
    return "".join(out)


def _elision(after: str, elisions: tuple[str, ...]) -> bool:
    """Whether the text after a quote starts with an elided word ('t, 's-Hertogenbosch, '80)."""
    if after[:1].isdigit():
        return True
    for word in elisions:
        if after.lower().startswith(word) and not after[len(word) : len(word) + 1].isalpha():
            return True
    return False
