"""Two PDFs without proeve sources -> a word diff of their extracted text, reflow-proof.

Why normalise: pypdf keeps hyphenated line breaks (`gemeenschap-\\npelijke`), so
the same sentence broken at another place would show as a change. Words are
compared without hyphens, ligatures and soft hyphens; kept words read as printed.
"""

from __future__ import annotations

import re
import unicodedata

from proeve.diff.sides import Side
from proeve.diff.words import Op, word_diff

MAX_PAGES = 50
MAX_WORDS = 60_000
# A hyphen at a line end before a lowercase letter is a hyphenation break: join the halves.
# Why also before a space: "midden- en klein" broken after "midden-" cannot be told from
# a hyphenated word, so both sides join it everywhere and compare alike ("middenen").
_BREAK = re.compile(r"(\w)[-\u00ad]\s+(?=[a-zà-ÿ])")
# Before anything else (a capital, a digit) the hyphen is part of the word: keep it, join.
_HYPHEN_LINE = re.compile(r"(\w-)[ \t]*\r?\n[ \t]*(?=\w)")


def normalise(text: str) -> str:
    """Extracted text as words: line-break hyphens joined, ligatures split, whitespace one space."""
    text = unicodedata.normalize("NFKC", text)
    text = _BREAK.sub(r"\1", text)
    text = _HYPHEN_LINE.sub(r"\1", text)
    return " ".join(text.replace("\u00ad", "").split())


def compared(word: str) -> str:
    """What two words must share to count as the same: case and hyphens do not matter."""
    return word.replace("-", "").replace("\u2010", "").casefold()


def extract(side: Side) -> str:
    """The normalised text of a PDF's first pages, read within the size and time limits."""
    from proeve.pdf.read import page_texts

    words = normalise("\n".join(page_texts(side.data, side.label, MAX_PAGES))).split()
    return " ".join(words[:MAX_WORDS])


def text_diff(old: Side, new: Side) -> tuple[Op, ...]:
    """Word-level operations from the old PDF's text to the new one's."""
    return word_diff(extract(old), extract(new), key=compared)


def foreign_note(old: Side, new: Side) -> str:
    """Why there is no structured diff, for the change list and the review PDF."""
    names = [s.label for s in (old, new) if not s.structured]
    which = " and ".join(names)
    verb = "carry" if len(names) > 1 else "carries"
    return (
        f"no structured diff possible: {which} {verb} no proeve sources (made by another "
        "program?); compared the extracted text and the rendered pages instead"
    )
