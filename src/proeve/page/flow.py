"""A flow of measured blocks -> where the columns break: fits, least tallest, best placement.

Pure Python, no ReportLab: the page measures, this module only decides.

A *flow* is the page's content in reading order (intro, cards, dwarsverbanden).
A block is a sequence of units (a title row, one line of a paragraph, a row of
figures, the matrix) with heights in points. Between two units of a block lies
a `Break`: the glue between them when they stay together, how far that glue
may stretch or shrink, and the penalty for breaking there (`FORBIDDEN` after a
title, or inside a paragraph where fewer than two lines would stay on a side).
A block costs `head` above and `tail` below; a slice that continues from the
previous column costs `cont_head` instead (padding plus the continuation mark),
and a slice that goes on in the next column `cont_tail`. Blocks in one column
are `gap` apart. Glue at a break disappears, as in TeX.

Why it is fast: a column holding units a..b-1 is `D[b] - E[a]` high (prefix
sums, the end overheads folded in), so "can column c end at b?" is one
comparison against a running maximum, and `fits` is linear in the units.
`place` is a dynamic programme over (column, end) that minimises TeX's
badness of stretching each column to the target plus the penalties of the
breaks used; every column is then set exactly to the target, so feet are level.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import NamedTuple

from proeve.frozen import Frozen

FORBIDDEN = math.inf
EPS = 1e-6


class Unit(NamedTuple):
    """An atomic piece of a block. `field` and `cut` serve the overflow advice.

    `field` names what the unit belongs to (e.g. "housing-first:approach") and
    `cut` says whether dropping it is a fair cut (a line of a text, of a list).
    """

    height: float
    field: str = ""
    cut: bool = False


class Break(NamedTuple):
    """The boundary between two consecutive units of one block."""

    glue: float = 0.0
    penalty: float = 0.0
    stretch: float = 0.0
    shrink: float = 0.0  # how far the glue may give (at most the glue itself)


class Block(Frozen):
    key: str
    units: tuple[Unit, ...]
    breaks: tuple[Break, ...]  # one fewer than units
    head: float = 0.0
    tail: float = 0.0
    cont_head: float = 0.0
    cont_tail: float = 0.0
    split_cost: float = 0.0  # added to every break inside this block (the continuation mark)

    @property
    def natural(self) -> float:
        """The block's height when it is not split."""
        inner = sum(u.height for u in self.units) + sum(b.glue for b in self.breaks)
        return self.head + inner + self.tail


class Flow(Frozen):
    blocks: tuple[Block, ...]
    gap: float = 0.0  # between two blocks in one column
    gap_stretch: float = 0.0
    gap_shrink: float = 0.0

    @cached_property
    def index(self) -> _Index:
        """Prefix sums over the flow, computed once per flow."""
        return _Index(self)


class Slice(NamedTuple):
    """Units [start, stop) of the flow's block number `block`."""

    block: int
    start: int
    stop: int


class Column(NamedTuple):
    slices: tuple[Slice, ...]
    height: float  # natural height
    stretch: float
    offset: float  # room reserved at its foot
    shrink: float = 0.0

    @property
    def least(self) -> float:
        """The height with all its glue shrunk."""
        return self.height - self.shrink


class Placement(NamedTuple):
    columns: tuple[Column, ...]
    bounds: tuple[int, ...]  # global boundaries, 0 = b0 <= b1 <= ... <= bK = N
    cost: float = 0.0

    @property
    def tallest(self) -> float:
        """The largest least height plus offset over the columns (what must fit the page)."""
        return max((c.least + c.offset for c in self.columns), default=0.0)

    def splits(self) -> list[tuple[int, int]]:
        """(block index, first unit of the continuation) for every block split between columns."""
        return [
            (column.slices[0].block, column.slices[0].start)
            for column in self.columns[1:]
            if column.slices and column.slices[0].start > 0
        ]


class _Index:
    """Prefix sums over the flattened flow; boundary i precedes unit i (0..N)."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        owner = [(bi, ui) for bi, block in enumerate(flow.blocks) for ui in range(len(block.units))]
        self.owner = owner
        n = self.n = len(owner)
        glue, stretch, shrink = [0.0] * (n + 1), [0.0] * (n + 1), [0.0] * (n + 1)
        penalty, head, tail = [0.0] * (n + 1), [0.0] * (n + 1), [0.0] * (n + 1)
        pos = 0
        for block in flow.blocks:
            head[pos] = block.head
            for ui, brk in enumerate(block.breaks, start=1):
                i = pos + ui
                glue[i], stretch[i], shrink[i] = brk.glue, brk.stretch, brk.shrink
                penalty[i] = brk.penalty + block.split_cost
                head[i], tail[i] = block.cont_head, block.cont_tail
            if pos:  # between two blocks: the previous tail, the gap, this head
                glue[pos] = tail[pos] + flow.gap + block.head
                stretch[pos], shrink[pos], penalty[pos] = flow.gap_stretch, flow.gap_shrink, 0.0
            pos += len(block.units)
            tail[pos] = block.tail
        self.penalty = penalty
        self.glue = glue
        s, z, y = [0.0] * (n + 1), [0.0] * (n + 1), [0.0] * (n + 1)
        units = [flow.blocks[bi].units[ui].height for bi, ui in owner]
        for i in range(1, n + 1):
            inner = i - 1 > 0
            s[i] = s[i - 1] + (glue[i - 1] if inner else 0.0) + units[i - 1]
            z[i] = z[i - 1] + (stretch[i - 1] if inner else 0.0)
            y[i] = y[i - 1] + (shrink[i - 1] if inner else 0.0)
        self.S, self.Z, self.Y = s, z, y
        at = [0 < a < n for a in range(n + 1)]
        # Separable ends: height(a, b) = D[b] - E[a], and likewise stretch and shrink.
        self.D = [s[b] + tail[b] for b in range(n + 1)]
        self.E = [s[a] + (glue[a] if at[a] else 0.0) - head[a] for a in range(n + 1)]
        self.ZE = [z[a] + (stretch[a] if at[a] else 0.0) for a in range(n + 1)]
        self.YE = [y[a] + (shrink[a] if at[a] else 0.0) for a in range(n + 1)]
        self.DL = [self.D[b] - y[b] for b in range(n + 1)]  # everything shrunk
        self.EL = [self.E[a] - self.YE[a] for a in range(n + 1)]
        self.open = [i in (0, n) or penalty[i] != FORBIDDEN for i in range(n + 1)]

    def height(self, a: int, b: int) -> float:
        return 0.0 if a == b else self.D[b] - self.E[a]

    def stretch(self, a: int, b: int) -> float:
        return 0.0 if a == b else self.Z[b] - self.ZE[a]

    def shrink(self, a: int, b: int) -> float:
        return 0.0 if a == b else self.Y[b] - self.YE[a]

    def least(self, a: int, b: int) -> float:
        return 0.0 if a == b else self.DL[b] - self.EL[a]

    def content(self, a: int, b: int) -> float:
        """Units and inner glue only: monotone in both ends (bounds the scans)."""
        if a == b:
            return 0.0
        return self.S[b] - (self.S[a] + (self.glue[a] if 0 < a < self.n else 0.0))

    def slices(self, a: int, b: int) -> tuple[Slice, ...]:
        out: list[Slice] = []
        i = a
        while i < b:
            bi, ui = self.owner[i]
            stop = min(len(self.flow.blocks[bi].units), ui + (b - i))
            out.append(Slice(bi, ui, stop))
            i += stop - ui
        return tuple(out)

    def placement(self, bounds: Sequence[int], offsets: Sequence[float], cost: float) -> Placement:
        columns = tuple(
            Column(self.slices(a, b), self.height(a, b), self.stretch(a, b), off, self.shrink(a, b))
            for a, b, off in zip(bounds, bounds[1:], offsets, strict=False)
        )
        return Placement(columns, tuple(bounds), cost)


def _offsets(columns: int, offsets: Sequence[float] | None) -> list[float]:
    if offsets is None:
        return [0.0] * columns
    if len(offsets) != columns:
        raise ValueError("one offset per column")
    return list(offsets)


def _reach(ix: _Index, caps: Sequence[float], rigid: bool = False) -> list[list[int]] | None:
    """For each column, the predecessor of every boundary it can end at (-1: none).

    `rigid` measures columns with their glue as it is, never shrunk.
    """
    n = ix.n
    reach = [False] * (n + 1)
    reach[0] = True
    preds: list[list[int]] = []
    dl, el, is_open = (ix.D, ix.E, ix.open) if rigid else (ix.DL, ix.EL, ix.open)
    for cap in caps:
        new = [False] * (n + 1)
        pred = [-1] * (n + 1)
        best, arg = -math.inf, -1
        for b in range(n + 1):
            if is_open[b]:
                if best > -math.inf and dl[b] - best <= cap + EPS:
                    new[b], pred[b] = True, arg
                elif reach[b] and cap >= -EPS:  # an empty column
                    new[b], pred[b] = True, b
            if reach[b] and b < n and el[b] > best:
                best, arg = el[b], b
        reach = new
        preds.append(pred)
    return preds if reach[n] else None


def _bounds_from(preds: list[list[int]], n: int) -> list[int]:
    bounds = [n]
    for pred in reversed(preds):
        bounds.append(pred[bounds[-1]])
    return bounds[::-1]


def fits(
    flow: Flow,
    columns: int,
    height: float,
    offsets: Sequence[float] | None = None,
    rigid: bool = False,
) -> Placement | None:
    """A placement with every column c at most `height - offsets[c]` tall, or None. Linear.

    `rigid`: with no glue shrunk (the columns as they stand).
    """
    ix = flow.index
    offs = _offsets(columns, offsets)
    if ix.n == 0:
        return ix.placement([0] * (columns + 1), offs, 0.0)
    preds = _reach(ix, [height - o for o in offs], rigid)
    return None if preds is None else ix.placement(_bounds_from(preds, ix.n), offs, 0.0)


def tallest(
    flow: Flow, columns: int, offsets: Sequence[float] | None = None, tolerance: float = 1e-3
) -> tuple[float, Placement]:
    """The least achievable max of (height + offset) over the columns, and a placement with it.

    Bisection on `fits`, to `tolerance` points.
    """
    ix = flow.index
    offs = _offsets(columns, offsets)
    if ix.n == 0:
        return max(offs, default=0.0), ix.placement([0] * (columns + 1), offs, 0.0)
    lo = max(offs)
    hi = ix.height(0, ix.n) + max(offs)  # everything in the first column always works
    best = _reach(ix, [hi - o for o in offs])
    assert best is not None
    while hi - lo > tolerance:
        mid = (lo + hi) / 2
        preds = _reach(ix, [mid - o for o in offs])
        if preds is None:
            lo = mid
        else:
            hi, best = mid, preds
    placement = ix.placement(_bounds_from(best, ix.n), offs, 0.0)
    return placement.tallest, placement


def badness(residual: float, stretch: float, shrink: float = 0.0) -> float:
    """How bad it looks to make a column's glue give by `residual` (TeX's 100 (r/z)^3).

    residual > 0 stretches; past its stretchability the column would end short,
    at a steep cost per point, so a split wins over an uneven foot. residual < 0
    shrinks, never past the shrinkability.
    """
    if abs(residual) <= EPS:
        return 0.0
    if residual > 0:
        if stretch > EPS and residual <= stretch:
            return 100.0 * (residual / stretch) ** 3
        return 100.0 + 1000.0 * (residual - max(stretch, 0.0))
    if shrink > EPS and -residual <= shrink + EPS:
        return 100.0 * (min(-residual, shrink) / shrink) ** 3
    return math.inf


Badness = Callable[[float, float, float], float]


def place(
    flow: Flow,
    columns: int,
    height: float,
    offsets: Sequence[float] | None = None,
    target: float | None = None,
    badness: Badness = badness,
) -> Placement | None:
    """The cheapest placement with every column c at most `height - offsets[c]`, or None.

    Each column is set to `target - offsets[c]` (default: `height`); its cost is
    the badness of that, plus the penalty of the break at its end.
    """
    ix = flow.index
    offs = _offsets(columns, offsets)
    caps = [height - o for o in offs]
    goal = height if target is None else target
    aims = [min(goal - o, cap) for o, cap in zip(offs, caps, strict=False)]
    n = ix.n
    if n == 0:
        return ix.placement([0] * (columns + 1), offs, 0.0)
    cost = [math.inf] * (n + 1)
    cost[0] = 0.0
    preds: list[list[int]] = []
    for c in range(columns):
        new, pred = _column_costs(ix, cost, caps[c], aims[c], c == columns - 1, badness)
        cost = new
        preds.append(pred)
    if cost[n] == math.inf:
        return None
    return ix.placement(_bounds_from(preds, n), offs, cost[n])


def _column_costs(
    ix: _Index, cost: list[float], cap: float, aim: float, last: bool, badness: Badness
) -> tuple[list[float], list[int]]:
    """The least cost of ending one more column at each boundary, and where it starts.

    Why the arrays are read inline: this is the fit's inner loop (columns x
    boundaries x boundaries per column); only starts with a finite cost are tried.
    """
    n = ix.n
    new = [math.inf] * (n + 1)
    pred = [-1] * (n + 1)
    starts = [a for a in range(n + 1) if cost[a] < math.inf and ix.open[a]]
    if not starts:
        return new, pred
    glue, s_, y_, ye = ix.glue, ix.S, ix.Y, ix.YE
    d, e, dl, el, z, ze = ix.D, ix.E, ix.DL, ix.EL, ix.Z, ix.ZE
    # content(a, b) - shrink(a, b) = (S[b] - Y[b]) - reach[a]: ends separable here too.
    reach = {a: s_[a] + (glue[a] if 0 < a < n else 0.0) - ye[a] for a in starts}
    first = 0
    for b in range(n + 1):
        if not ix.open[b] or (last and b != n):
            continue
        end_penalty = 0.0 if b == n else ix.penalty[b]
        if b == n and cost[b] < math.inf and cap >= -EPS:  # empty only when nothing is left
            value = cost[b] + badness(aim, 0.0, 0.0)
            if value < new[b]:
                new[b], pred[b] = value, b
        while first < len(starts) and starts[first] < b:
            first += 1
        top = s_[b] - y_[b] - cap - EPS
        for i in range(first - 1, -1, -1):
            a = starts[i]
            if reach[a] < top:
                break  # content only grows as the column starts earlier
            if dl[b] - el[a] <= cap + EPS:
                shortfall = aim - (d[b] - e[a])
                value = cost[a] + badness(shortfall, z[b] - ze[a], y_[b] - ye[a]) + end_penalty
                if value < new[b] - EPS:
                    new[b], pred[b] = value, a
    return new, pred
