"""A wrapped ReportLab Paragraph -> a copy whose line ends are explicit in its text.

Why: a reader of tagged PDF (a screen reader, `pdfinfo -struct-text`, a text
extractor that follows the structure) reads an element's content as one
string: it sees characters, not line breaks. ReportLab ends a line without a
space, so "aanpakken" at a line's end and "en" on the next read "aanpakkenen".
ISO 32000-1 14.8.2.5 wants word breaks as real spaces, and a hyphen that
hyphenation added as the soft hyphen U+00AD, so that the word is read whole.

So a line that ends between words ends in a space (drawn after the last glyph:
nothing moves), and a line that ends in a hyphen that hyphenation added draws
U+00AD instead (proeve's fonts draw U+00AD with the hyphen's glyph and width,
so the page looks the same). A hyphen that was in the text (MKB-roltrap)
stays "-" with no space after it. The Paragraph itself is left as it was: the
layout that holds it can be painted again.
"""

from __future__ import annotations

import copy
from typing import Any

SOFT_HYPHEN = "\xad"


def line_ends(paragraph: Any, trailing: bool = False) -> Any:
    """A copy of a wrapped `paragraph` with its line ends made explicit (see above).

    `trailing` ends the last line in a space too, for a paragraph that is read
    on with the next one as one piece (a key figure's value, then its label).
    """
    lines = getattr(getattr(paragraph, "blPara", None), "lines", None)
    if not lines or (len(lines) < 2 and not trailing):
        return paragraph
    wrapped = copy.copy(paragraph.blPara)
    if wrapped.kind == 0:
        wrapped.lines = _words_lines(list(lines), wrapped.fontName, trailing)
    else:
        wrapped.lines = _frag_lines(list(lines), paragraph.frags, trailing)
    out = copy.copy(paragraph)
    out.blPara = wrapped
    return out


def _words_lines(lines: list[Any], font: str, trailing: bool) -> list[Any]:
    """Kind 0 (one font): each line is (space left, [words])."""
    from reportlab.platypus import paragraph as rp

    for index, (space, words) in enumerate(lines):
        last_line = index == len(lines) - 1
        if not words or (last_line and not trailing):
            continue
        word = words[-1]
        if isinstance(word, rp._SplitWordHY) and word.endswith("-") and not last_line:
            if not draws_soft_hyphen_as_hyphen(font):
                continue
            word = rp._SplitWordHY(word[:-1] + SOFT_HYPHEN)
        elif isinstance(word, rp._SplitWord) and not isinstance(word, rp._SplitWordEnd):
            continue  # a long word split inside, no hyphen: the next line goes on with it
        elif word.endswith((" ", SOFT_HYPHEN)):
            continue
        else:
            word = type(word)(word + " ") if isinstance(word, rp._SplitWord) else word + " "
        lines[index] = (space, [*words[:-1], word])
    return lines


def _frag_lines(lines: list[Any], frags: list[Any], trailing: bool) -> list[Any]:
    """Kind 1 (mixed fonts): each line is a ParaLines with .words (frags) and .sFW."""
    from reportlab.platypus import paragraph as rp

    for index in range(len(lines)):
        if index == len(lines) - 1:
            incidental, between = False, trailing
        else:
            end = lines[index + 1].sFW - 1
            while end >= 0 and isinstance(frags[end], rp._InjectedFrag):
                end -= 1
            if end < 0:
                continue
            incidental = isinstance(frags[end], rp._SplitFragHY)
            between = isinstance(frags[end], rp._HSFrag) or bool(
                getattr(lines[index], "lineBreak", False)
            )
        if incidental or between:
            lines[index] = _end_line(lines[index], incidental)
    return lines


def _end_line(line: Any, incidental: bool) -> Any:
    """The line with a soft hyphen for its last hyphen (incidental) or a space after it."""
    words = line.words
    for position in range(len(words) - 1, -1, -1):
        text = getattr(words[position], "text", "")
        if not text or hasattr(words[position], "cbDefn"):
            continue
        if incidental:
            if not text.endswith("-") or not draws_soft_hyphen_as_hyphen(words[position].fontName):
                return line
            text = text[:-1] + SOFT_HYPHEN
        elif text.endswith(" "):
            return line
        else:
            text += " "
        line = copy.copy(line)
        line.words = [*words[:position], words[position].clone(text=text), *words[position + 1 :]]
        return line
    return line


_SHY_OK: dict[str, bool] = {}


def draws_soft_hyphen_as_hyphen(font: str) -> bool:
    """Whether a registered font draws U+00AD visibly and as wide as "-" (so swapping is safe).

    Source Sans Pro and Vera do. A font that draws U+00AD as nothing keeps
    the "-" (extraction then shows a hyphen: wrong, but nothing disappears).
    """
    if font not in _SHY_OK:
        from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

        glyphs = getattr(getattr(getFont(font), "face", None), "charToGlyph", {})
        _SHY_OK[font] = (
            bool(glyphs.get(0xAD))
            and abs(stringWidth(SOFT_HYPHEN, font, 10) - stringWidth("-", font, 10)) < 1e-6
        )
    return _SHY_OK[font]
