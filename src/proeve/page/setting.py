"""A parsed ReportLab Paragraph and a measure -> its lines, set by proeve's composer.

ReportLab parses the markup (bold, italic, links) into fragments and paints
lines; which words go on which line is decided here, by total fit
(proeve.page.compose), not by platypus's greedy breaker. The lines are written
in ReportLab's own structure for a paragraph of mixed fonts (a kind-1 blPara:
FragLines whose words are styled fragments, `frags` the frag words they came
from), so painting, the tags' line ends (proeve.pdf.lines) and the position map
read them as before.

Where a line may break inside a word, and at what price, is a `Policy`'s
answer (proeve.page.hyphens): a word's own hyphen, a compound's joint, a
syllable, a slash in an address; a word wider than the measure may break
between any two characters, so nothing is ever painted past the measure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import paragraph as rp

from proeve.page.compose import Break, Split, Word, breaks

# (offset, penalty, adds a hyphen, the line then ends in a hyphen) for a word's text,
# given whether it is the paragraph's last word and whether it is wider than the line.
Points = Callable[[str, bool, bool], Sequence[tuple[int, float, bool, bool]]]
Tie = Callable[[str, str], bool]  # whether the space between two words must not end a line

ANYWHERE = 4000.0  # the price of breaking a word too wide for the measure between two letters
RAG = 2.5  # em: how far short of the measure a line may end before it counts as loose


def set_lines(
    paragraph: Any,
    width: float,
    points: Points,
    tie: Tie | None = None,
    balance: bool = False,
    first: float | None = None,
) -> float:
    """Break `paragraph` (parsed, not yet wrapped) into lines of at most `width`; its height.

    Sets what Paragraph.wrap would (`blPara`, `width`, `height`, `frags`), so
    the paragraph paints, splits and is tagged as a wrapped one. `balance`
    makes the lines as even as their number allows (titles); `first` is a
    narrower width for the first line (a title beside its status tag).
    """
    style = paragraph.style
    measures = [
        (width if first is None else first)
        - style.leftIndent
        - style.firstLineIndent
        - style.rightIndent,
        width - style.leftIndent - style.rightIndent,
    ]
    rp._handleBulletWidth(paragraph.bulletText, style, measures)
    frag_words = rp._getFragWords(paragraph.frags, measures[0])
    words, pieces = _words(frag_words, min(measures), points, tie)
    em = style.fontSize
    chosen = breaks(words, measures, RAG * em, em)
    if balance and len(chosen) > 1:
        chosen = _balanced(words, measures, chosen, em)
    lines, frags, widest = _lines(pieces, words, chosen, measures)
    paragraph.blPara = rp.ParaLines(kind=1, lines=lines)
    paragraph.frags = frags
    paragraph.width = width
    paragraph._width_max = widest
    paragraph._splitLongWordCount = 0
    paragraph._hyphenations = sum(1 for b in chosen if b.hyphen)
    paragraph.height = len(lines) * style.leading
    return float(paragraph.height)


def _balanced(
    words: list[Word], measures: list[float], chosen: list[Break], em: float
) -> list[Break]:
    """The same number of lines at the narrowest measure that keeps it (CSS text-wrap: balance).

    A narrower trial counts only if it breaks inside no more words than the
    plain one, and (in a title of three or more words) leaves no word alone on
    a line where the plain one did not.
    """
    count, inside = len(chosen), _inside(chosen)
    alone = _alone(words, chosen)
    low, high = 0.5, 1.0
    best = chosen
    for _ in range(7):
        mid = (low + high) / 2
        trial = breaks(words, [m * mid for m in measures], RAG * em * mid, em)
        if len(trial) == count and _inside(trial) <= inside and _alone(words, trial) <= alone:
            best, high = trial, mid
        else:
            low = mid
    return best


def _inside(chosen: list[Break]) -> int:
    return sum(1 for b in chosen if b.offset >= 0)


def _alone(words: list[Word], chosen: list[Break]) -> int:
    """Lines that hold one word alone, in a paragraph of three or more words."""
    if len(words) < 3:
        return 0
    count, start = 0, 0
    for b in chosen:
        if b.offset < 0 and b.word == start:
            count += 1
        start = b.word + 1 if b.offset < 0 else b.word
    return count


def _words(
    frag_words: list[Any], narrowest: float, points: Points, tie: Tie | None
) -> tuple[list[Word], list[Any]]:
    """The composer's words for ReportLab's frag words (a <br/> joins the word before it)."""
    words: list[Word] = []
    pieces: list[Any] = []  # per word: its frag word, and a <br/> frag word after it or None
    last = len(frag_words) - 1
    for index, fw in enumerate(frag_words):
        if _is_break(fw):
            if words:
                words[-1] = Word(words[-1].width, 0.0, words[-1].splits, True, forced=True)
                pieces[-1] = (pieces[-1][0], fw)
            continue
        text = "".join(t for _, t in fw[1:])
        spaced = isinstance(fw, rp._HSFrag) and index < last
        font = fw[-1][0]
        space = stringWidth(" ", font.fontName, font.fontSize) if spaced else 0.0
        final = index == last or (index < last and _is_break(frag_words[index + 1]))
        wide = fw[0] > narrowest + 1e-6
        splits = _splits(fw, text, points(text, final, wide), wide)
        breakable = spaced
        if spaced and tie is not None and index < last:
            following = "".join(t for _, t in frag_words[index + 1][1:])
            breakable = not tie(text, following)
        words.append(Word(fw[0], space, splits, breakable))
        pieces.append((fw, None))
    return words, pieces


def _is_break(fw: Any) -> bool:
    return len(fw) > 1 and getattr(fw[1][0], "_fkind", None) == rp._FK_BREAK


def _splits(
    fw: Any, text: str, offered: Sequence[tuple[int, float, bool, bool]], too_wide: bool
) -> tuple[Split, ...]:
    """The splits the policy offers, and between any two characters for a word too wide."""
    chosen = {offset: (penalty, hyphen, flagged) for offset, penalty, hyphen, flagged in offered}
    if too_wide:
        address = any(mark in text for mark in "/@") or text.lower().startswith("www.")
        for offset in range(1, len(text)):
            if offset not in chosen and text[offset - 1] != "-":
                chosen[offset] = (ANYWHERE, not address, not address)
    if not chosen:
        return ()
    font = fw[-1][0]
    hyphen_w = stringWidth("-", font.fontName, font.fontSize)
    out = []
    for offset in sorted(chosen):
        if not 0 < offset < len(text):
            continue
        penalty, hyphen, flagged = chosen[offset]
        head = _width(_cut(fw, offset)[0])
        out.append(Split(offset, head, hyphen_w if hyphen else 0.0, penalty, flagged))
    return tuple(out)


def _cut(fw: Any, offset: int) -> tuple[list[tuple[Any, str]], list[tuple[Any, str]]]:
    """A frag word's (frag, text) pieces split at a character offset: head, tail."""
    head: list[tuple[Any, str]] = []
    tail: list[tuple[Any, str]] = []
    seen = 0
    for f, t in fw[1:]:
        if seen + len(t) <= offset:
            head.append((f, t))
        elif seen >= offset:
            tail.append((f, t))
        else:
            head.append((f, t[: offset - seen]))
            tail.append((f, t[offset - seen :]))
        seen += len(t)
    return head, tail


def _width(pieces: list[tuple[Any, str]]) -> float:
    return float(sum(stringWidth(t, f.fontName, f.fontSize) for f, t in pieces))


def _lines(
    pieces: list[Any], words: list[Word], chosen: list[Break], measures: list[float]
) -> tuple[list[Any], list[Any], float]:
    """ReportLab's FragLines for the chosen breaks, and the frag words in line order."""
    frags: list[Any] = []
    lines: list[Any] = []
    widest = 0.0
    start_word, start_offset = 0, 0
    for number, b in enumerate(chosen):
        measure = measures[min(number, len(measures) - 1)]
        line_words: list[Any] = []
        first = len(frags)
        for index in range(start_word, b.word + 1):
            fw, br = pieces[index]
            head_at = start_offset if index == start_word else 0
            end_at = b.offset if index == b.word and b.offset >= 0 else None
            part = _part(fw, head_at, end_at, b.hyphen)
            line_words.append(part)
            frags.append(part)
            if end_at is None and br is not None and index == b.word:
                frags.append(br)
        line, used = _frag_line(line_words, measure, first, forced=pieces[b.word][1] is not None
                                and b.offset < 0)  # fmt: skip
        widest = max(widest, used)
        lines.append(line)
        if b.offset >= 0:
            start_word, start_offset = b.word, b.offset
        else:
            start_word, start_offset = b.word + 1, 0
    return lines, frags, widest


def _part(fw: Any, start: int, end: int | None, hyphen: bool) -> Any:
    """The piece of a frag word from `start` to `end` (None: its end), as ReportLab marks it."""
    if start == 0 and end is None:
        return fw
    text_len = sum(len(t) for _, t in fw[1:])
    stop = text_len if end is None else end
    _, rest = _cut(fw, start)
    body, _ = _cut([0.0, *rest], stop - start)
    if end is not None:
        if hyphen:
            f, t = body[-1]
            body[-1] = (f, t + "-")
            kind: type = rp._SplitFragHY
        else:
            kind = rp._SplitFragH
    else:
        kind = rp._SplitFragHS if isinstance(fw, rp._HSFrag) else rp._SplitFrag
    return kind([_width(body), *body])


def _frag_line(
    line_words: list[Any], measure: float, first: int, forced: bool
) -> tuple[Any, float]:
    """One FragLine, built as ReportLab's breakLines builds it (same merging of runs)."""
    words: list[Any] = []
    n = 0
    width = 0.0
    space = 0.0
    size = 0.0
    ascent, descent = 0.0, 0.0
    g: Any = None
    for fw in line_words:
        f, text = fw[1]
        width += (space if words else 0.0) + fw[0]
        if text:
            n += 1
        if not words:
            g = f.clone()
            g.text = text
            words = [g]
        elif not rp.sameFrag(g, f):
            if space:
                _space_after(words)
            g = f.clone()
            g.text = text
            words.append(g)
        elif space:
            g.text += text if g.text.endswith(" ") else " " + text
        else:
            g.text += text
        for piece_frag, piece_text in fw[2:]:
            g = piece_frag.clone()
            g.text = piece_text
            words.append(g)
        for piece_frag, _ in fw[1:]:
            a, d = getAscentDescent(piece_frag.fontName, piece_frag.fontSize)
            size, ascent, descent = max(size, piece_frag.fontSize), max(ascent, a), min(descent, d)
        last = fw[-1][0]
        space = stringWidth(" ", last.fontName, last.fontSize) if isinstance(fw, rp._HSFrag) else 0
    line = rp.FragLine(
        extraSpace=measure - width,
        wordCount=n,
        lineBreak=forced,
        words=words,
        fontSize=size,
        ascent=ascent,
        descent=descent,
        maxWidth=measure,
        sFW=first,
    )
    return line, width


def _space_after(words: list[Any]) -> None:
    for word in reversed(words):
        if word._fkind == rp._FK_TEXT:
            if not word.text.endswith(" "):
                word.text += " "
            return
