"""Words with widths and break points -> the line breaks of a paragraph, chosen by total fit.

A paragraph is a row of words, each with its width, the space after it and the
places inside it where a line may break (a hyphenation point, the joint of a
compound, a slash in an address), each with a price. `breaks` chooses the breaks
for the whole paragraph at once, as TeX, InDesign's paragraph composer and
Typst's optimized line breaks do (Knuth and Plass, "Breaking paragraphs into
lines", 1981), set ragged right: every line but the last should end near the
measure, with as few hyphens as the text allows.

Pure Python and no fonts: the widths come in measured (proeve.page.setting).

Why total fit and not one line at a time: a greedy breaker hyphenates wherever
a word almost fits; looking at the whole paragraph, a slightly shorter line
above often avoids the hyphen below, or three in a row.
"""

from __future__ import annotations

from proeve.frozen import Frozen

# Prices (TeX's units: demerits are squared). A break at a space costs nothing;
# a break inside a word costs by how well a reader takes it.
LINE = 10.0  # every line costs this (so that fewer lines are better)
HYPHENS_IN_ROW = 2  # never more lines in a row ending in a hyphen
DOUBLE_HYPHEN = 3000.0  # demerits for a second hyphenated line in a row
SHORT_LAST = 2500.0  # demerits for a last line shorter than SHORT_LAST_EM
SHORT_LAST_EM = 1.6
OVERFULL = 1e12  # per point: only when nothing else fits (a glyph wider than the measure)


class Split(Frozen):
    """A place inside a word where a line may end: the head's width, and its price."""

    offset: int  # characters of the word before the break
    head: float  # width of those characters
    hyphen: float  # width added at the line's end (a hyphen), 0 for none
    penalty: float
    flagged: bool  # the line then ends in a hyphen (added or the word's own)


class Word(Frozen):
    """A word as the composer sees it."""

    width: float
    space: float  # the space after it (0 at the end)
    splits: tuple[Split, ...] = ()
    breakable: bool = True  # whether a line may end at the space after it
    forced: bool = False  # a line break follows (<br/>): the line before is a last line


class Break(Frozen):
    """Where a line ends: after word `word`, or inside it at `offset` (a Split)."""

    word: int
    offset: int = -1  # -1: at the space after the word (or the paragraph's end)
    hyphen: bool = False  # the line ends in a hyphen that the break adds


class Node:
    """A way to reach a breakpoint: the demerits so far and the node before."""

    __slots__ = ("demerits", "hyphens", "line", "point", "previous")

    def __init__(
        self, point: int, line: int, hyphens: int, demerits: float, previous: Node | None
    ) -> None:
        self.point = point
        self.line = line
        self.hyphens = hyphens
        self.demerits = demerits
        self.previous = previous


def breaks(words: list[Word], measures: list[float], rag: float, em: float) -> list[Break]:
    """The breaks of the paragraph (the last one ends it) that cost least in all.

    `measures` are the lines' widths (the last repeats); `rag` is how much
    shorter than the measure a line may end before it counts as loose; `em` the
    body size, for the shortest last line.
    """
    if not words:
        return []
    points = _points(words)
    starts, ends = _positions(words, points)
    final = len(points) - 1
    active: dict[tuple[int, int, int], Node] = {(-1, 0, 0): Node(-1, 0, 0, 0.0, None)}
    last_measure = len(measures) - 1
    for b, (word, split) in enumerate(points):
        forced = b == final or (split is None and words[word].forced)
        found: dict[tuple[int, int, int], Node] = {}
        stale: list[tuple[int, int, int]] = []
        best_over: tuple[float, Node] | None = None
        for key, node in active.items():
            width = ends[b] - starts[node.point] if node.point >= 0 else ends[b]
            measure = measures[min(node.line, last_measure)]
            if width > measure + 1e-6:
                stale.append(key)
                over = (width - measure) * OVERFULL + node.demerits
                if best_over is None or over < best_over[0]:
                    best_over = (over, node)
                continue
            if forced:
                badness = 0.0
                demerits = LINE * LINE
                if width < SHORT_LAST_EM * em and node.point >= 0:
                    demerits += SHORT_LAST
            else:
                slack = (measure - width) / rag
                badness = 100.0 * slack * slack * slack
                demerits = (LINE + badness) ** 2
            hyphens = 0
            if split is not None:
                demerits += split.penalty * split.penalty
                if split.flagged:
                    hyphens = node.hyphens + 1
                    if hyphens > HYPHENS_IN_ROW:
                        continue
                    if node.hyphens:
                        demerits += DOUBLE_HYPHEN
            _offer(found, Node(b, node.line + 1, hyphens, node.demerits + demerits, node))
        for key in stale:
            del active[key]
        if forced:
            active.clear()
        if not found and not active and best_over is not None:
            # Nothing reaches this point within the measure: the one way left runs over.
            runner = best_over[1]
            _offer(found, Node(b, runner.line + 1, 0, best_over[0], runner))
        active.update(found)
        if not active:
            raise AssertionError("a paragraph with no way to break it")  # unreachable
    out: list[Break] = []
    walk: Node | None = min(active.values(), key=lambda n: n.demerits)
    while walk is not None and walk.point >= 0:
        word, split = points[walk.point]
        if split is None:
            out.append(Break(word))
        else:
            out.append(Break(word, split.offset, split.hyphen > 0))
        walk = walk.previous
    out.reverse()
    return out


def _offer(found: dict[tuple[int, int, int], Node], node: Node) -> None:
    key = (node.point, min(node.line, 1), node.hyphens)
    held = found.get(key)
    if held is None or node.demerits < held.demerits:
        found[key] = node


def _points(words: list[Word]) -> list[tuple[int, Split | None]]:
    """Every place a line may end, in order: inside words, after them, and the end."""
    points: list[tuple[int, Split | None]] = []
    last = len(words) - 1
    for index, word in enumerate(words):
        points += [(index, split) for split in word.splits]
        if index == last or word.forced or word.breakable:
            points.append((index, None))
    return points


def _positions(
    words: list[Word], points: list[tuple[int, Split | None]]
) -> tuple[list[float], list[float]]:
    """Where a line after each point starts, and where a line ending there ends.

    Widths add up: ReportLab sets glyphs by their advance widths, without
    kerning, so a word's head and tail are as wide as the word.
    """
    before = []
    x = 0.0
    for word in words:
        before.append(x)
        x += word.width + word.space
    starts, ends = [], []
    for index, split in points:
        if split is None:
            ends.append(before[index] + words[index].width)
            starts.append(before[index + 1] if index + 1 < len(words) else x)
        else:
            ends.append(before[index] + split.head + split.hyphen)
            starts.append(before[index] + split.head)
    return starts, ends
