"""Words with widths and break points -> the line breaks of a paragraph, chosen by total fit.

A paragraph is a row of words, each with its width, the space after it and the
places inside it where a line may break (a hyphenation point, the joint of a
compound, a separator in an address), each with a price. `breaks` chooses the
breaks for the whole paragraph at once, as TeX, InDesign's paragraph composer
and Typst's optimized line breaks do (Knuth and Plass, "Breaking paragraphs
into lines", 1981), set ragged right: every line but the last should end near
the measure, with as few hyphens as the text allows.

Pure Python and no fonts: the widths come in measured (proeve.page.setting), at
any one scale; a paragraph is prepared once and broken at every measure the fit
tries.

Why total fit and not one line at a time: a greedy breaker hyphenates wherever
a word almost fits; looking at the whole paragraph, a slightly shorter line
above often avoids the hyphen below, or three in a row.
"""

from __future__ import annotations

from typing import NamedTuple

# Prices (TeX's units: demerits are squared). A break at a space costs nothing;
# a break inside a word costs by how well a reader takes it.
LINE = 10.0  # every line costs this (so that fewer lines are better)
HYPHENS_IN_ROW = 2  # never more lines in a row ending in a hyphen
DOUBLE_HYPHEN = 3000.0  # demerits for a second hyphenated line in a row
SHORT_LAST = 2500.0  # demerits for a last line shorter than SHORT_LAST_EM
SHORT_LAST_EM = 1.6
OVERFULL = 1e12  # per point: only when nothing else fits (a glyph wider than the measure)
RUN = 1e10  # demerits for a third hyphenated line in a row
TIED = 5000.0  # a break at a tied space: only where the tied words are wider than the line


class Split(NamedTuple):
    """A place inside a word where a line may end: the head's width, and its price."""

    offset: int  # characters of the word before the break
    head: float  # width of those characters
    hyphen: float  # width added at the line's end (a hyphen), 0 for none
    penalty: float
    flagged: bool  # the line then ends in a hyphen (added or the word's own)


class Word(NamedTuple):
    """A word as the composer sees it."""

    width: float
    space: float  # the space after it (0 at the end)
    splits: tuple[Split, ...] = ()
    breakable: bool = True  # whether a line may end at the space after it
    forced: bool = False  # a line break follows (<br/>): the line before is a last line
    tied: bool = False  # the space after it is tied ('van der Heijden'): a break is dear


class Break(NamedTuple):
    """Where a line ends: after word `word`, or inside it at `offset` (a Split)."""

    word: int
    offset: int = -1  # -1: at the space after the word (or the paragraph's end)
    hyphen: bool = False  # the line ends in a hyphen that the break adds


class Prepared(NamedTuple):
    """A paragraph's breakpoints, in order, with what a line ending at each costs."""

    breaks: tuple[Break, ...]
    starts: tuple[float, ...]  # where a line after the point starts
    ends: tuple[float, ...]  # where a line ending at the point ends
    squared: tuple[float, ...]  # the point's price, squared
    flagged: tuple[bool, ...]
    forced: tuple[bool, ...]
    widest: float  # the widest word


def prepare(words: list[Word]) -> Prepared:
    """Every place a line may end, in order: inside words, after them, and the end.

    Widths add up: ReportLab sets glyphs by their advance widths, without
    kerning, so a word's head and tail are as wide as the word.
    """
    before = []
    x = 0.0
    for word in words:
        before.append(x)
        x += word.width + word.space
    out_breaks, starts, ends, squared, flagged, forced = [], [], [], [], [], []
    last = len(words) - 1
    for index, word in enumerate(words):
        for split in word.splits:
            out_breaks.append(Break(index, split.offset, split.hyphen > 0))
            starts.append(before[index] + split.head)
            ends.append(before[index] + split.head + split.hyphen)
            squared.append(split.penalty * split.penalty)
            flagged.append(split.flagged)
            forced.append(False)
        if index == last or word.forced or word.breakable:
            out_breaks.append(Break(index))
            starts.append(before[index + 1] if index < last else x)
            ends.append(before[index] + word.width)
            squared.append(TIED * TIED if word.tied and index < last else 0.0)
            flagged.append(False)
            forced.append(index == last or word.forced)
    widest = max((w.width for w in words), default=0.0)
    return Prepared(tuple(out_breaks), tuple(starts), tuple(ends), tuple(squared),
                    tuple(flagged), tuple(forced), widest)  # fmt: skip


def breaks(paragraph: Prepared, measures: list[float], rag: float, em: float) -> list[Break]:
    """The breaks of the paragraph (the last one ends it) that cost least in all.

    `measures` are the lines' widths (the last repeats); `rag` is how much
    shorter than the measure a line may end before it counts as loose; `em` the
    body size, for the shortest last line.
    """
    starts, ends, squared = paragraph.starts, paragraph.ends, paragraph.squared
    flagged, forced = paragraph.flagged, paragraph.forced
    if not starts:
        return []
    first, rest = measures[0], measures[-1] if len(measures) > 1 else measures[0]
    if ends[-1] <= first + 1e-6 and not any(forced[:-1]):
        return [paragraph.breaks[-1]]  # one line holds it all: nothing to choose
    short = SHORT_LAST_EM * em
    # A node: (demerits, point, where its next line starts, that line's measure, hyphenated
    # lines in a row, the node before); tuples, unpacked once: this loop is the fit's hot spot.
    active: list[tuple] = [(0.0, -1, 0.0, first, 0, None)]  # type: ignore[type-arg]
    limit = 1e-6
    for b in range(len(starts)):
        end = ends[b]
        is_forced = forced[b]
        price = squared[b]
        hyphen = flagged[b]
        found: dict[int, tuple] = {}  # type: ignore[type-arg]  # by hyphens in a row
        keep: list[tuple] = []  # type: ignore[type-arg]
        best_over: tuple | None = None  # type: ignore[type-arg]
        over_cost = 0.0
        for node in active:
            demerits, point, begin, measure, hyphens, _ = node
            width = end - begin
            if width > measure + limit:
                over = (width - measure) * OVERFULL + demerits
                if best_over is None or over < over_cost:
                    best_over, over_cost = node, over
                continue
            keep.append(node)
            if is_forced:
                cost = LINE * LINE + (SHORT_LAST if width < short and point >= 0 else 0.0)
            else:
                slack = (measure - width) / rag
                cost = (LINE + 100.0 * slack * slack * slack) ** 2
            count = 0
            if hyphen:
                count = hyphens + 1
                if count > HYPHENS_IN_ROW:
                    cost += RUN  # only where a word too wide for the line leaves no other way
                if hyphens:
                    cost += DOUBLE_HYPHEN
            total = demerits + cost + price
            held = found.get(count)
            if held is None or total < held[0]:
                found[count] = (total, b, starts[b], rest, count, node)
        active = [] if is_forced else keep
        if not found and not active and best_over is not None:
            # Nothing reaches this point within the measure: the one way left runs over.
            found[0] = (over_cost, b, starts[b], rest, 0, best_over)
        active.extend(found.values())
    walk = min(active, key=lambda n: n[0])
    out: list[Break] = []
    while walk is not None and walk[1] >= 0:
        out.append(paragraph.breaks[walk[1]])
        walk = walk[5]
    out.reverse()
    return out
