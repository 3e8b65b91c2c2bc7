"""Measured content as units -> the flow's blocks; a slice of a block -> a Piece that paints it.

A Stack is a block of the page (the intro, a card, the dwarsverbanden) as a
list of Elements: a title row, a paragraph whose lines are units, a row of
figures, the matrix. The flow (proeve.page.flow) decides where columns break;
a Stack then paints any run of its units [start, stop), with its glue set to
the column's ratio, so that every column ends exactly level.

Why a slice opens the same element again: a card continued in the next column
is still one card, so its slice announces the same `Sect` key (and a list the
same `L` key) to the pen; every part of a paragraph still names its field.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from typing import Any

from proeve.frozen import Frozen
from proeve.page.boxes import Anchor, Fill, Paint, Piece
from proeve.page.flow import FORBIDDEN, Block, Break, Unit
from proeve.pdf.pen import Pen

PaintUnits = Callable[[Pen, float, float, int, int], None]  # (pen, x, top, first, stop)
Foot = Callable[[Pen, float, float, float], None]  # (pen, x, top, height) of a slice

STRETCH = 1.0  # glue may grow by this share of itself so that the columns end level ...
SHRINK = 0.2  # ... or give by this share (20% of a 3 pt gap is 0.6 pt: not visible)
PENALTY = {"field": 10.0, "item": 20.0, "line": 40.0}  # breaking between fields is cheapest
STUB = 80.0  # a split that leaves under a quarter of the block on one side reads badly
STUB_SHARE = 0.25


def glue_at(glue: float, ratio: float) -> float:
    """Glue as painted in a column set to `ratio` (-1 all shrunk, 0 natural, 1 all stretched)."""
    return glue * (1 + (STRETCH if ratio >= 0 else SHRINK) * ratio)


class Element(Frozen):
    """One thing in a block: its units' heights, the space above it, how to paint a run."""

    heights: tuple[float, ...]
    glue: float  # above this element (gone at a column's top)
    before: str  # "field" | "item": how dear a break above it is
    paint: PaintUnits
    keep_next: bool = False  # never break after it (a title, a heading, a list's label)
    lines: bool = False  # a paragraph: at least two lines stay on either side of a break
    cuttable: str = ""  # 'owner:name' when its last lines may be cut (the overflow advice)
    group: tuple[str, str] | None = None  # (role, key): consecutive elements share a group


class Stack(Frozen):
    """A block of the flow: elements, padding, and how a continued slice looks."""

    key: str
    kind: str  # "intro" | "card" | "crosslinks"
    width: float
    elements: tuple[Element, ...]
    role: str | None = "Sect"  # the element the block is, for the pen (None: none)
    pad: float = 0.0  # above the first and below the last unit
    cont_pad: float = 0.0  # above a continued slice's mark
    mark: float = 0.0  # the continuation mark's height, its gap included
    paint_mark: Paint | None = None
    paint_more: Foot | None = None  # the sign at the foot of a slice that goes on
    background: Fill | None = None
    anchors: tuple[Anchor, ...] = ()  # of the first slice
    split_cost: float = 0.0

    @property
    def size(self) -> int:
        """How many units the block has."""
        return sum(len(el.heights) for el in self.elements)

    def units(self) -> list[tuple[int, int]]:
        """(element, unit within it) for every unit, in order."""
        return [(e, u) for e, el in enumerate(self.elements) for u in range(len(el.heights))]

    def block(self) -> Block:
        """The block as the flow sees it: units, and a break with its price between each two."""
        where = self.units()
        heights = [self.elements[e].heights[u] for e, u in where]
        total = sum(heights)
        units = []
        for e, u in where:
            el = self.elements[e]
            units.append(Unit(el.heights[u], el.cuttable, bool(el.cuttable)))
        breaks = []
        above = 0.0
        for (e, _u), (f, v), h in zip(where, where[1:], heights, strict=False):
            above += h
            stub = STUB if min(above, total - above) < STUB_SHARE * total else 0.0
            if e == f:
                n = len(self.elements[e].heights)
                ok = not self.elements[e].lines or (v >= 2 and n - v >= 2)
                breaks.append(Break(0.0, PENALTY["line"] + stub if ok else FORBIDDEN))
            else:
                prev, nxt = self.elements[e], self.elements[f]
                penalty = FORBIDDEN if prev.keep_next else PENALTY[nxt.before] + stub
                g = nxt.glue
                breaks.append(Break(g, penalty, g * STRETCH, g * SHRINK))
        return Block(
            key=self.key,
            units=tuple(units),
            breaks=tuple(breaks),
            head=self.pad,
            tail=self.pad,
            cont_head=self.cont_pad + self.mark,
            cont_tail=self.pad,
            split_cost=self.split_cost,
        )

    def height(self, start: int, stop: int, ratio: float = 0.0) -> float:
        """The painted height of units [start, stop) with the glue set to `ratio`."""
        where = self.units()
        h = (self.pad if start == 0 else self.cont_pad + self.mark) + self.pad
        for i in range(start, stop):
            e, u = where[i]
            h += self.elements[e].heights[u]
            if i > start and where[i - 1][0] != e:
                h += glue_at(self.elements[e].glue, ratio)
        return h

    def offsets(self, start: int, stop: int, ratio: float = 0.0) -> list[tuple[float, float]]:
        """(distance below the slice's top, height) of each unit in [start, stop), as painted."""
        where = self.units()
        y = self.pad if start == 0 else self.cont_pad + self.mark
        out = []
        for i in range(start, stop):
            e, u = where[i]
            if i > start and where[i - 1][0] != e:
                y += glue_at(self.elements[e].glue, ratio)
            out.append((y, self.elements[e].heights[u]))
            y += self.elements[e].heights[u]
        return out

    def piece(self, start: int, stop: int, ratio: float = 0.0) -> Piece:
        """A Piece painting units [start, stop): the whole block, or a slice of it."""
        where = self.units()
        height = self.height(start, stop, ratio)
        continued, goes_on = start > 0, stop < len(where)

        def paint(pen: Pen, x: float, top: float) -> None:
            with ExitStack() as outer:
                if self.role:
                    outer.enter_context(pen.element(self.role, key=self.key))
                y = top - (self.cont_pad if continued else self.pad)
                if continued and self.paint_mark:
                    with pen.artifact():
                        self.paint_mark(pen, x, y)
                    y -= self.mark
                self._paint_runs(pen, x, y, start, stop, ratio)
            if goes_on and self.paint_more:
                with pen.artifact():
                    self.paint_more(pen, x, top, height)

        background = None
        if self.background:
            fill = self.background

            def background(pen: Pen, x: float, top: float, h: float) -> None:
                fill(pen, x, top, h)

        anchors = self.anchors if not continued else ()
        return Piece(self.key, self.kind, self.width, height, paint, background, anchors)

    def _paint_runs(
        self, pen: Pen, x: float, y: float, start: int, stop: int, ratio: float
    ) -> None:
        """Each element's run of units in [start, stop), its group opened once around it."""
        where = self.units()
        with ExitStack() as groups:
            group: tuple[str, str] | None = None
            i = start
            while i < stop:
                e, u = where[i]
                el = self.elements[e]
                end = i
                while end < stop and where[end][0] == e:
                    end += 1
                if el.group != group:
                    groups.close()
                    group = el.group
                    if group:
                        groups.enter_context(pen.element(group[0], key=group[1]))
                if i > start:
                    y -= glue_at(el.glue, ratio)
                el.paint(pen, x, y, u, u + (end - i))
                y -= sum(el.heights[u : u + (end - i)])
                i = end


def paragraph_lines(paragraph: Any, first: int, stop: int) -> Any:
    """Lines [first, stop) of a wrapped paragraph, as a paragraph that draws only those.

    Why not Paragraph.split: it wraps the rest again, which may break its lines
    differently; a copy that keeps the measured lines draws exactly them.
    """
    lines = paragraph.blPara.lines
    if first == 0 and stop == len(lines):
        return paragraph
    part = copy.copy(paragraph)
    measured = copy.copy(paragraph.blPara)
    measured.lines = lines[first:stop]
    part.blPara = measured
    part.height = (stop - first) * paragraph.style.leading
    if first:
        part.bulletText = None  # the bullet belongs to the item's first line
    return part


def text(
    paragraph: Any,
    role: str,
    field: str | None,
    glue: float,
    before: str = "field",
    indent: float = 0.0,
    **options: Any,
) -> Element:
    """A wrapped paragraph as an element whose units are its lines (height: lines x leading)."""
    count = max(getattr(paragraph, "line_count", None) or len(paragraph.blPara.lines), 1)
    leading = paragraph.height / count
    links = "<a href=" in (getattr(paragraph, "text", "") or "")

    def paint(pen: Pen, x: float, top: float, first: int, stop: int) -> None:
        part = paragraph_lines(paragraph, first, stop)
        # Parts of one paragraph in two columns: the later one continues the earlier,
        # which goes on; a tagging pen makes them one element again.
        extra = {"continued": True} if first else {}
        if stop < count:
            extra["goes_on"] = True
        with links_through(pen, field) if links else nullcontext():
            pen.paragraph(role, part, x + indent, top - (stop - first) * leading, field, **extra)

    return Element((leading,) * count, glue, before, paint, lines=True, **options)


@contextmanager
def links_through(pen: Pen, field: str | None = None) -> Iterator[None]:
    """The live links ReportLab draws for an address in a paragraph, announced through the pen.

    Why: ReportLab adds a link annotation itself while it draws the words; the
    page's links go through `pen.link` (which marks the annotation printable, as
    PDF/A asks, and which a tagging pen makes a Link). They are announced once
    the paragraph is drawn: a link is not content inside a paragraph's content.
    """
    canvas = pen.canvas
    original = canvas.linkURL
    found: list[tuple[str, tuple[float, float, float, float]]] = []

    def collect(url: str, rect: tuple[float, ...], relative: int = 0, **_: Any) -> None:
        lx, ly, ux, uy = rect
        if relative:
            (lx, ly), (ux, uy) = canvas.absolutePosition(lx, ly), canvas.absolutePosition(ux, uy)
        found.append((url, (lx, ly, ux, uy)))

    canvas.linkURL = collect
    try:
        yield
    finally:
        canvas.linkURL = original
    for url, rect in found:
        pen.link(url, rect, url, lambda: None, field=field)


def atom(
    height: float, glue: float, paint: Paint, before: str = "field", **options: Any
) -> Element:
    """An element that is one unit (a title row, a row of figures, the matrix)."""
    return Element((height,), glue, before, lambda pen, x, top, _a, _b: paint(pen, x, top),
                   **options)  # fmt: skip
