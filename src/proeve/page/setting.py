"""A parsed ReportLab Paragraph and a measure -> its lines, set by proeve's composer.

ReportLab parses the markup (bold, italic, links) into fragments and paints
lines; which words go on which line is decided here, by total fit
(proeve.page.compose), not by platypus's greedy breaker. The lines are written
in ReportLab's own structure for a paragraph of mixed fonts (a kind-1 blPara:
FragLines whose words are styled fragments, `frags` the frag words they came
from), so painting, the tags' line ends (proeve.pdf.lines) and the position map
read them as before.

Measure once, then place, then paint: a paragraph's words are measured once,
per point of font size, and broken again at every size and measure the fit
tries (widths scale with the size: ReportLab sets advance widths, no kerning);
ReportLab's line structure is made only for a paragraph that is painted.

Where a line may break inside a word, and at what price, is a policy's answer
(proeve.page.hyphens): a word's own hyphen, a compound's joint, a syllable, a
separator in an address; a word wider than the measure may break between any
two characters, so nothing is ever painted past the measure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as rp

from proeve.page.compose import Break, Prepared, Split, Word, breaks, prepare

# (offset, penalty, adds a hyphen, the line then ends in a hyphen) for a word's text,
# given whether it is the paragraph's last word and whether it is wider than the line.
Points = Callable[[str, bool, bool], Sequence[tuple[int, float, bool, bool]]]
Tie = Callable[[str, Sequence[str]], bool]  # whether the space after a word (the words
# after it given) should not end a line

ANYWHERE = 4000.0  # the price of breaking a word too wide for the measure between two letters
RAG = 3.0  # em: how far short of the measure a line may end before it counts as loose
KEEP = 20000  # paragraphs measured and kept per process (the watch loop's edits add more)


class Composed(Paragraph):  # type: ignore[misc]
    """A Paragraph whose lines proeve's composer chose; ReportLab's structure is made when read."""

    @property
    def blPara(self) -> Any:
        made = self.__dict__.get("_made")
        if made is None:
            made = self.__dict__["_made"] = _make(self)
        return made

    @blPara.setter
    def blPara(self, value: Any) -> None:
        self.__dict__["_made"] = value


class _Unit:
    """A paragraph's words measured per point of font size, and its breakpoints per set of
    words too wide for the line (usually none)."""

    __slots__ = ("pieces", "prepared", "size", "texts", "words")

    def __init__(self, words: list[Word], texts: list[str], pieces: list[Any], size: float) -> None:
        self.words = words
        self.texts = texts
        self.pieces = pieces  # per word, its (frag, text) pieces: measured again only if too wide
        self.size = size  # the size those frags were parsed at
        self.prepared: dict[tuple[int, ...], Prepared] = {}


_units: dict[tuple[Any, ...], _Unit] = {}


def set_lines(
    paragraph: Any,
    width: float,
    points: Points,
    tie: Tie | None = None,
    balance: bool = False,
    first: float | None = None,
) -> float:
    """Break `paragraph` (a parsed Composed) into lines of at most `width`; its height.

    Sets what Paragraph.wrap would (`width`, `height`; `blPara` and `frags`
    when first read), so the paragraph paints, splits and is tagged as a
    wrapped one. `balance` makes the lines as even as their number allows
    (titles); `first` is a narrower width for the first line (a title beside
    its status tag).
    """
    if not isinstance(paragraph, Composed):
        paragraph.__class__ = Composed  # a plain Paragraph: the same, its lines made when read
    style = paragraph.style
    size = float(style.fontSize)
    measures = [
        (width if first is None else first)
        - style.leftIndent
        - style.firstLineIndent
        - style.rightIndent,
        width - style.leftIndent - style.rightIndent,
    ]
    rp._handleBulletWidth(paragraph.bulletText, style, measures)
    unit = _unit(paragraph, points, tie)
    scaled = [m / size for m in measures]
    narrowest = min(scaled)
    wide = tuple(i for i, w in enumerate(unit.words) if w.width > narrowest + 1e-9)
    prepared = unit.prepared.get(wide)
    if prepared is None:
        prepared = unit.prepared[wide] = prepare(_with_wide(unit, wide, points))
    chosen = breaks(prepared, scaled, RAG, 1.0)
    if balance and len(chosen) > 1:
        chosen = _balanced(prepared, scaled, chosen, unit.words)
    paragraph.__dict__.pop("_made", None)
    paragraph._composed = (chosen, measures)
    paragraph.line_count = len(chosen)
    paragraph.width = width
    paragraph._width_max = max(measures)
    paragraph._splitLongWordCount = 0
    paragraph._hyphenations = sum(1 for b in chosen if b.hyphen)
    paragraph.height = len(chosen) * style.leading
    return float(paragraph.height)


def _unit(paragraph: Any, points: Points, tie: Tie | None) -> _Unit:
    """The paragraph's words per point of font size (kept: every size the fit tries shares them)."""
    style = paragraph.style
    frags = paragraph.frags
    size = float(style.fontSize)
    if rp._processed_frags(frags):  # set before (its frags are frag words now): not kept
        key: tuple[Any, ...] = (None,)
    else:
        shape = tuple((f.fontName, round(f.fontSize / size, 9)) for f in frags)
        key = (getattr(paragraph, "text", None), shape, points, tie)
    found = _units.get(key) if key[0] is not None else None
    if found is not None:
        return found
    words: list[Word] = []
    texts: list[str] = []
    pieces: list[Any] = []
    all_words = rp._getFragWords(frags)
    all_texts = ["".join(t for _, t in fw[1:]) for fw in all_words]
    breaks_at = [_is_break(fw) for fw in all_words]
    last = len(all_words) - 1
    for index, fw in enumerate(all_words):
        if breaks_at[index]:
            if words:
                words[-1] = words[-1]._replace(space=0.0, breakable=True, forced=True)
            continue
        text = all_texts[index]
        spaced = index < last and isinstance(fw, rp._HSFrag)
        space = _unit_width(" ", fw[-1][0], size) if spaced else 0.0
        final = index == last or breaks_at[index + 1]
        tied = spaced and tie is not None and tie(text, all_texts[index + 1 : index + 6])
        # A word too short to break in (three letters each side) asks no policy.
        offered = points(text, final, False) if len(text) > 5 else ()
        splits = _splits(fw, text, offered, size)
        width = sum(_unit_width(t, f, size) for f, t in fw[1:])
        words.append(Word(width, space, splits, spaced, tied=tied))
        texts.append(text)
        pieces.append(fw[1:])
    unit = _Unit(words, texts, pieces, size)
    if key[0] is not None:
        if len(_units) >= KEEP:
            _units.clear()
        _units[key] = unit
    return unit


def _unit_width(text: str, frag: Any, size: float) -> float:
    """Width of `text` in `frag`'s font at its size relative to the paragraph's, per point."""
    scale: float = round(frag.fontSize / size, 9)
    return float(stringWidth(text, frag.fontName, scale))


def _is_break(fw: Any) -> bool:
    return len(fw) > 1 and getattr(fw[1][0], "_fkind", None) == rp._FK_BREAK


def _splits(
    fw: Any, text: str, offered: Sequence[tuple[int, float, bool, bool]], size: float
) -> tuple[Split, ...]:
    """The policy's places to break a word, with their heads measured (per point)."""
    if not offered:
        return ()
    font = fw[-1][0]
    hyphen_w = _unit_width("-", font, size)
    out = []
    for offset, penalty, hyphen, flagged in sorted(offered):
        if 0 < offset < len(text):
            head = sum(_unit_width(t, f, size) for f, t in _cut(fw, offset)[0])
            out.append(Split(offset, head, hyphen_w if hyphen else 0.0, penalty, flagged))
    return tuple(out)


def _with_wide(unit: _Unit, wide: tuple[int, ...], points: Points) -> list[Word]:
    """The words, those too wide for the line with breaks at their syllables and anywhere."""
    if not wide:
        return unit.words
    words = list(unit.words)
    for index in wide:
        word, text = words[index], unit.texts[index]
        chosen = {s.offset: s for s in word.splits}
        hyphen_w = _unit_width("-", unit.pieces[index][-1][0], unit.size)
        heads = [0.0]
        for frag, piece in unit.pieces[index]:
            for char in piece:
                heads.append(heads[-1] + _unit_width(char, frag, unit.size))
        for offset, penalty, hyphen, flagged in points(text, False, True):
            if 0 < offset < len(text) and offset not in chosen:
                chosen[offset] = Split(offset, heads[offset], hyphen_w if hyphen else 0.0,
                                       penalty, flagged)  # fmt: skip
        address = any(mark in text for mark in "/@") or text.lower().startswith("www.")
        for offset in range(1, len(text)):
            if offset not in chosen and text[offset - 1] != "-":
                chosen[offset] = Split(offset, heads[offset], 0.0 if address else hyphen_w,
                                       ANYWHERE, not address)  # fmt: skip
        words[index] = word._replace(splits=tuple(chosen[k] for k in sorted(chosen)))
    return words


def _balanced(
    prepared: Prepared, measures: list[float], chosen: list[Break], words: list[Word]
) -> list[Break]:
    """The same number of lines at the narrowest measure that keeps it (CSS text-wrap: balance).

    A narrower trial counts only if it breaks inside no more words than the
    plain one, and (in a title of three or more words) leaves no more words
    alone on a line.
    """
    count, inside = len(chosen), _inside(chosen)
    alone = _alone(words, chosen)
    low, high = max(0.5, prepared.widest / max(measures)), 1.0
    best = chosen
    for _ in range(7):
        mid = (low + high) / 2
        trial = breaks(prepared, [m * mid for m in measures], RAG * mid, 1.0)
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


def _make(paragraph: Any) -> Any:
    """ReportLab's kind-1 line structure for the composer's breaks, at the paragraph's size."""
    chosen, measures = paragraph.__dict__["_composed"]
    pieces: list[tuple[Any, Any]] = []
    for fw in rp._getFragWords(paragraph.frags):
        if _is_break(fw):
            if pieces:
                pieces[-1] = (pieces[-1][0], fw)
            continue
        pieces.append((fw, None))
    lines, frags = _lines(pieces, chosen, measures)
    paragraph.frags = frags
    return rp.ParaLines(kind=1, lines=lines)


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
    pieces: list[Any], chosen: list[Break], measures: list[float]
) -> tuple[list[Any], list[Any]]:
    """ReportLab's FragLines for the chosen breaks, and the frag words in line order."""
    frags: list[Any] = []
    lines: list[Any] = []
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
        forced = pieces[b.word][1] is not None and b.offset < 0
        lines.append(_frag_line(line_words, measure, first, forced))
        if b.offset >= 0:
            start_word, start_offset = b.word, b.offset
        else:
            start_word, start_offset = b.word + 1, 0
    return lines, frags


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


def _frag_line(line_words: list[Any], measure: float, first: int, forced: bool) -> Any:
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
    return rp.FragLine(
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


def _space_after(words: list[Any]) -> None:
    for word in reversed(words):
        if word._fkind == rp._FK_TEXT:
            if not word.text.endswith(" "):
                word.text += " "
            return
