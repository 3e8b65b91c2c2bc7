"""Document + Template (+ Stamp) -> Layout: the largest size that fits, every column ending level.

The stamp is only painted: the layout is the same for every edition of the same sources.

The fit measures the page's blocks as units at a candidate size (the intro,
the cards, the dwarsverbanden), asks the flow whether they fit the columns in
one of the ways the page allows (the dwarsverbanden in the flow, or spanning
the last two or all columns at the foot), keeps the largest size that fits,
opens the line spacing as far as the columns allow without squeezing a gap,
and places the flow so that every column ends at the same height. Nothing is
drawn until render.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from proeve.frozen import Frozen, replace
from proeve.identity import Edition, Stamp
from proeve.identity import stamp as make_stamp
from proeve.inputs.model import Document
from proeve.inputs.template import Template
from proeve.page.boxes import Box, Layout, Piece, Placed
from proeve.page.cards import card, intro
from proeve.page.crosslinks import crosslinks, crosslinks_stack
from proeve.page.flow import EPS, FORBIDDEN, Block, Column, Flow, Placement, fits, place, tallest
from proeve.page.fonts import Faces, register
from proeve.page.furniture import footer, header
from proeve.page.hyphens import preload
from proeve.page.stack import SHRINK, STRETCH, Stack, glue_at
from proeve.page.styles import HYPHENATION, Parsed, Styles, Wrapped

log = logging.getLogger(__name__)

SPACINGS = (1.2, 1.25, 1.3, 1.35)  # line height / font size; the first is the default
GAP = 0.72  # between two blocks in a column, in body sizes
POWER = 1.7  # how the least tallest column grows with the size (see _estimate)
SPAN_COST = 15.0  # the dwarsverbanden away from the flow read a little less naturally
AIR = 3.0  # on a sparse page glue may grow to this many times its stretch ...
DEAR = 10.0  # ... and a split costs this many times more: it gains no size there


class Way(Frozen):
    """One way to set the page at one size: the flow, room kept at the columns' feet, a span."""

    name: str  # "flow", "span-2", "span-all"
    flow: Flow
    stacks: tuple[Stack, ...]
    offsets: tuple[float, ...]
    span: Piece | None = None
    air: float = 1.0  # how many times its stretch the glue may grow (sparse pages: AIR)

    def airy(self) -> Way:
        """This way on a page with room to spare: more air between fields, splits dear."""
        blocks = tuple(
            replace(b, split_cost=b.split_cost * DEAR,
                    breaks=tuple(k._replace(stretch=k.stretch * AIR) for k in b.breaks))
            for b in self.flow.blocks
        )  # fmt: skip
        flow = replace(self.flow, blocks=blocks, gap_stretch=self.flow.gap_stretch * AIR)
        return replace(self, flow=flow, air=AIR)

    def whole(self) -> Way:
        """This way with every card kept whole (no break inside a card's block)."""
        blocks = tuple(
            replace(b, breaks=tuple(k._replace(penalty=FORBIDDEN) for k in b.breaks))
            if stack.kind == "card" else b
            for b, stack in zip(self.flow.blocks, self.stacks, strict=True)
        )  # fmt: skip
        return replace(self, flow=replace(self.flow, blocks=blocks))


class Measured:
    """The page's blocks measured at one size and line spacing, and the ways to set them."""

    def __init__(self, document: Document, template: Template, st: Styles, width: float) -> None:
        self.size, self.spacing = st.size, st.spacing
        self.document, self.template, self.st = document, template, st
        self.width = width
        self.columns = template.page.columns
        self.col_w = column_width(template, width)
        self.gap = GAP * st.size
        labels = template.labels[document.language]
        lead = intro(document, self.col_w, st)
        self.stacks = ([lead] if lead else []) + [
            card(item, self.col_w, st, labels) for item in document.initiatives
        ]
        self.links = crosslinks_stack(document, self.col_w, st, labels)
        self._ways: dict[str, Way] = {}
        self._blocks: dict[int, Block] = {}  # by id(stack): the stacks live as long as this

    def flow(self, stacks: list[Stack]) -> Flow:
        """The flow of these stacks; each of this page's blocks is made once (ways share them).

        Only stacks this Measured holds are kept by id (they live as long as it
        does); others, such as the shortened stacks of the overflow advice, are not.
        """
        blocks = []
        for stack in stacks:
            block = self._blocks.get(id(stack)) if self._owns(stack) else None
            if block is None:
                block = stack.block()
                if self._owns(stack):
                    self._blocks[id(stack)] = block
            blocks.append(block)
        return Flow(tuple(blocks), self.gap, self.gap * STRETCH, self.gap * SHRINK)

    def _owns(self, stack: Stack) -> bool:
        return stack is self.links or any(stack is s for s in self.stacks)

    def ways(self) -> list[str]:
        """The names of the ways this page may be set, the most natural first."""
        if self.links is None or self.columns < 2:
            return ["flow"]
        return ["flow", "span-2", "span-all"] if self.columns > 2 else ["flow", "span-all"]

    def way(self, name: str) -> Way:
        """A way, measured when first asked for (a span needs the dwarsverbanden again)."""
        if name not in self._ways:
            self._ways[name] = self._make(name)
        return self._ways[name]

    def _make(self, name: str) -> Way:
        k = self.columns
        if name == "flow":
            stacks = self.stacks + ([self.links] if self.links else [])
            return Way(name, self.flow(stacks), tuple(stacks), (0.0,) * k)
        spanned = 2 if name == "span-2" else k
        gutter = self.template.page.gutter_mm * mm
        width = spanned * self.col_w + (spanned - 1) * gutter
        labels = self.template.labels[self.document.language]
        span = crosslinks(self.document, width, self.st, labels)
        assert span is not None
        room = span.height + 1.5 * self.gap
        offsets = (0.0,) * (k - spanned) + (room,) * spanned
        return Way(name, self.flow(self.stacks), tuple(self.stacks), offsets, span)

    def fits(self, height: float, rigid: bool = False) -> bool:
        """Whether some way fits `height` (`rigid`: without squeezing any gap)."""
        return any(
            fits(self.way(name).flow, self.columns, height, self.way(name).offsets, rigid)
            for name in self.ways()
        )

    def least(self) -> float:
        """The least tallest column of the natural way: what the size estimate scales."""
        way = self.way("flow")
        return tallest(way.flow, self.columns, way.offsets, tolerance=0.5)[0]


class Frame(Frozen):
    """The page around the columns: header, footer, and the columns' room between them."""

    page: Box
    frame: Box
    head: Piece
    foot: Piece
    top: float  # where the columns start
    available: float  # how tall they may be


def fit_page(
    document: Document,
    template: Template,
    stamp: Stamp | None = None,
    logo: bytes | None = None,
    start: float | None = None,
    cache: tuple[Parsed, Wrapped] | None = None,
) -> Layout:
    """Lay the document out at the largest body size that fits; raise FitError when none does.

    `start`: a size to try first instead of the estimate (the watch loop's last fit).
    `cache`: parsed markup and wrapped paragraphs from earlier fits of the same
    template, language and unbroken words (the watch loop's; see proeve.chain.Warm).
    """
    labels = template.labels[document.language]
    stamp = stamp or make_stamp(Edition(), labels, document.date)
    faces = register(template.font)
    preload(HYPHENATION[document.language])
    room = furnish(document, template, faces, stamp, logo)
    measure = Measurer(document, template, faces, room.frame.width, cache)
    sizes = _sizes(template)
    first = sizes.index(start) if start in sizes else _estimate(sizes, measure, room.available)
    best = _search(len(sizes), lambda i: _tried(measure, sizes[i], SPACINGS[0], room), first)
    if best is None:
        from proeve.page.overflow import overflow_error

        raise overflow_error(document, template, room, measure, sizes)
    chosen = _loosen(sizes[best], measure, room.available)
    sparse = best == len(sizes) - 1 and chosen.spacing == SPACINGS[-1]
    way, placement, grid = _best_placement(chosen, room.available, sparse)
    layout = assemble(room, chosen, way, placement, grid, measure.tries)
    if best == 0:
        from proeve.page.overflow import smallest_warning

        warning, advice = smallest_warning(template, room, measure)
        layout = replace(layout, warnings=(warning,), advice=advice)
    return layout


class Measurer:
    """Measures the page at (size, spacing), each pair once, the caches shared between them."""

    def __init__(
        self,
        document: Document,
        template: Template,
        faces: Faces,
        width: float,
        cache: tuple[Parsed, Wrapped] | None = None,
    ) -> None:
        self.document, self.template, self.faces, self.width = document, template, faces, width
        self.done: dict[tuple[float, float], Measured] = {}
        self.parsed, self.wrapped = cache if cache is not None else ({}, {})

    def __call__(self, size: float, spacing: float = SPACINGS[0]) -> Measured:
        if (size, spacing) not in self.done:
            st = Styles(size, self.template, self.faces, self.document.language, spacing,
                        self.parsed, self.wrapped, self.document.no_hyphenation)  # fmt: skip
            self.done[(size, spacing)] = Measured(self.document, self.template, st, self.width)
        return self.done[(size, spacing)]

    @property
    def tries(self) -> int:
        return len(self.done)


Measure = Callable[[float, float], Measured]


def furnish(
    document: Document, template: Template, faces: Faces, stamp: Stamp, logo: bytes | None
) -> Frame:
    """The header and footer measured, and the room they leave for the columns."""
    labels = template.labels[document.language]
    frame = frame_of(template)
    head = header(document, template, faces, labels, stamp, frame.width, logo)
    foot = footer(document, template, faces, labels, stamp, frame.width)
    gap = _gap(template.sizes.body_max)
    available = frame.height - head.height - foot.height - 2 * gap
    top = frame.top - head.height - gap
    return Frame(Box(0, 0, *A4), frame, head, foot, top, available)


def frame_of(template: Template) -> Box:
    """The area inside the template's margins on an A4 page."""
    width, height = A4
    p = template.page
    return Box(
        p.margin_left_mm * mm,
        p.margin_bottom_mm * mm,
        width - (p.margin_left_mm + p.margin_right_mm) * mm,
        height - (p.margin_top_mm + p.margin_bottom_mm) * mm,
    )


def column_width(template: Template, width: float) -> float:
    columns = template.page.columns
    gutter: float = template.page.gutter_mm * mm
    return (width - gutter * (columns - 1)) / columns


def _gap(size: float) -> float:
    return 0.9 * size


def _sizes(template: Template) -> list[float]:
    s = template.sizes
    count = math.floor((s.body_max - s.body_min) / s.step + 1e-9)
    return [round(s.body_min + i * s.step, 3) for i in range(count + 1)]


def _estimate(sizes: list[float], measure: Measure, available: float) -> int:
    """A first guess at the largest size that fits, from one or two measurements.

    Level columns grow with about the 1.7th power of the size (measured on the
    example and dense pages: the area grows with its square, but splits waste
    less room at smaller sizes); the guess's own height corrects the power.
    """
    top = sizes[-1]
    high = measure(top, SPACINGS[0]).least()
    if high <= available:
        return len(sizes) - 1
    guess = _index(sizes, top * (available / high) ** (1 / POWER))
    low = measure(sizes[guess], SPACINGS[0]).least()
    if sizes[guess] < top and low > 0:
        power = math.log(high / low) / math.log(top / sizes[guess])
        if power > 0.5:
            guess = _index(sizes, sizes[guess] * (available / low) ** (1 / power))
    return guess


def _index(sizes: list[float], size: float) -> int:
    """The index of the largest size not above `size` (the smallest if all are)."""
    return max(0, min(len(sizes) - 1, sum(1 for s in sizes if s <= size + 1e-9) - 1))


def _tried(measure: Measure, size: float, spacing: float, room: Frame) -> bool:
    """Whether the page fits at (size, spacing); -vv shows each trial."""
    fits = measure(size, spacing).fits(room.available)
    log.debug("fit trial: %g pt, line spacing %g: %s", size, spacing,
              "fits" if fits else "too long")  # fmt: skip
    return fits


def _search(count: int, fits: Callable[[int], bool], start: int) -> int | None:
    """The largest index that fits, walking from a good first guess."""
    if fits(start):
        index = start
        while index + 1 < count and fits(index + 1):
            index += 1
        return index
    index = start - 1
    while index >= 0:
        if fits(index):
            return index
        index -= 1
    return None


def _loosen(size: float, measure: Measure, available: float) -> Measured:
    """At the chosen size, the loosest line spacing whose columns fit without squeezing a gap.

    Why: sizes move in steps, so the largest size that fits can leave a band of
    white; a little more leading reads better than stretched gaps.
    """

    def fit(spacing: float) -> bool:
        fits = measure(size, spacing).fits(available, rigid=True)
        log.debug("fit trial: %g pt, line spacing %g: %s", size, spacing,
                  "fits" if fits else "too long")  # fmt: skip
        return fits

    # A full page fails the first try; a roomy one passes the second.
    if not fit(SPACINGS[1]):
        return measure(size, SPACINGS[0])
    for spacing in reversed(SPACINGS[2:]):
        if fit(spacing):
            return measure(size, spacing)
    return measure(size, SPACINGS[1])


def _best_placement(m: Measured, available: float, sparse: bool) -> tuple[Way, Placement, float]:
    """The cheapest way and placement; the grid is the room's foot, or on a sparse page the
    height where the content ends level (it never stretches to fill a page it cannot fill).

    A page with room to spare keeps every card whole where any placement allows
    it: a split there gains no size, and a card read in two places costs the reader.
    """
    if sparse:
        whole = _placement(m, available, sparse, whole=True)
        if whole is not None:
            return whole
    found = _placement(m, available, sparse)
    assert found is not None, "a size that fits has a placement"
    return found


def _placement(
    m: Measured, available: float, sparse: bool, whole: bool = False
) -> tuple[Way, Placement, float] | None:
    chosen: tuple[float, Way, Placement, float] | None = None
    for rank, name in enumerate(m.ways()):
        way = m.way(name).airy() if sparse else m.way(name)
        if whole:
            way = way.whole()
        if not fits(way.flow, m.columns, available, way.offsets):
            continue
        grids = [available]
        if sparse:  # end level where the content ends, trying a few heights just above it
            low, _ = tallest(way.flow, m.columns, way.offsets, tolerance=0.05)
            line = m.size * m.spacing
            grids = sorted({min(available, low + k * line / 2) for k in range(6)})
        for grid in grids:
            found = place(way.flow, m.columns, grid + EPS, way.offsets, target=grid)
            if found is None:
                continue
            cost = found.cost + rank * SPAN_COST
            if chosen is None or cost < chosen[0] - EPS:
                chosen = (cost, way, found, grid)
    return None if chosen is None else (chosen[1], chosen[2], chosen[3])


def assemble(
    room: Frame, m: Measured, way: Way, placement: Placement, grid: float, tries: int
) -> Layout:
    """The placed header, column slices, span and footer: each column set to end at the grid."""
    placed = [_at(room.head, room.frame.x, room.frame.top)]
    placed += place_columns(room, m, way, placement, grid)
    placed.append(_at(room.foot, room.frame.x, room.frame.y + room.foot.height))
    columns = [tuple(way.stacks[s.block].key for s in c.slices) for c in placement.columns]
    if way.span is not None:
        columns[-1] += (way.span.key,)
    natural = sum(c.height + c.offset for c in placement.columns)
    return Layout(
        page=room.page,
        frame=room.frame,
        font_size=m.size,
        line_spacing=m.spacing,
        fill=min(1.0, natural / (m.columns * room.available)),
        columns=tuple(columns),
        blocks=tuple(placed),
        tries=tries,
    )


def place_columns(
    room: Frame, m: Measured, way: Way, placement: Placement, grid: float
) -> list[Placed]:
    """Every column's slices, top down, their glue set so that the column ends at the grid."""
    gutter = m.template.page.gutter_mm * mm
    out = []
    for index, column in enumerate(placement.columns):
        x = room.frame.x + index * (m.col_w + gutter)
        ratio = column_ratio(way, column, grid)
        y = room.top
        for k, part in enumerate(column.slices):
            stack = way.stacks[part.block]
            if k:
                y -= glue_at(m.gap, ratio)
            piece = stack.piece(part.start, part.stop, ratio)
            more = part.stop < stack.size
            out.append(_at(piece, x, y, 1 if part.start else 0, more))
            y -= piece.height
    if way.span is not None:
        spanned = round((way.span.width + gutter) / (m.col_w + gutter))
        x = room.frame.x + (m.columns - spanned) * (m.col_w + gutter)
        out.append(_at(way.span, x, room.top - grid + way.span.height))
    return out


def column_ratio(way: Way, column: Column, grid: float) -> float:
    """How far a column's glue is set for it to end at the grid (see stack.glue_at)."""
    ratio = _ratio(grid - column.offset - column.height, column.stretch, column.shrink)
    return ratio * way.air if ratio > 0 else ratio


def _ratio(residual: float, stretch: float, shrink: float) -> float:
    """How far a column's glue is set: up to all its stretch, or all its shrink."""
    if residual > 0:
        return min(1.0, residual / stretch) if stretch > EPS else 0.0
    return max(-1.0, residual / shrink) if shrink > EPS else 0.0


def _at(piece: Piece, x: float, top: float, part: int = 0, more: bool = False) -> Placed:
    box = Box(x, top - piece.height, piece.width, piece.height)
    return Placed(piece.key, piece.kind, box, piece, part, more)
