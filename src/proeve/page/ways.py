"""Measured blocks at one size -> the ways to set them, and a placement -> the page's Layout.

What the fit (proeve.page.layout) and the overflow advice (proeve.page.overflow)
both work with: the page's blocks measured at a size and line spacing
(`Measured`, made once per pair by a `Measurer`), the ways the page allows
(the dwarsverbanden in the flow, or spanning the last columns at the foot),
and a placement of the flow assembled into a Layout whose columns end level.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from proeve.frozen import Frozen, replace
from proeve.inputs.model import Document
from proeve.inputs.template import Template
from proeve.page.boxes import Box, Layout, Piece, Placed
from proeve.page.cards import card, intro
from proeve.page.crosslinks import crosslinks, crosslinks_stack
from proeve.page.flow import EPS, FORBIDDEN, Block, Column, Flow, Placement, fits, tallest
from proeve.page.fonts import Faces
from proeve.page.stack import SHRINK, STRETCH, Stack, glue_at
from proeve.page.styles import Parsed, Styles, Wrapped

SPACINGS = (1.2, 1.25, 1.3, 1.35)  # line height / font size; the first is the default
GAP = 0.72  # between two blocks in a column, in body sizes
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


def block_gap(size: float) -> float:
    return 0.9 * size


def size_steps(template: Template) -> list[float]:
    s = template.sizes
    count = math.floor((s.body_max - s.body_min) / s.step + 1e-9)
    return [round(s.body_min + i * s.step, 3) for i in range(count + 1)]


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
