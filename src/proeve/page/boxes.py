"""Measured pieces and their places -> the Layout: the data the page stage produces and draws.

cards, crosslinks and furniture measure Pieces; layout places them as Placed
boxes in a Layout; draw paints it; the review page marks it. Coordinates are
PDF points with the origin at the page's bottom left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from proeve.frozen import Frozen, field

Paint = Callable[[Any, float, float], None]  # (pen, x, top): see proeve.pdf.pen
Fill = Callable[[Any, float, float, float], None]  # (pen, x, top, height)


class Box(Frozen):
    """A rectangle in PDF points, origin at the page's bottom left."""

    x: float
    y: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return self.y + self.height


class Anchor(Frozen):
    """A named spot inside a piece (the status tag of a card), from the piece's top left."""

    name: str
    dx: float
    dy: float  # downwards from the piece's top
    width: float
    height: float


class Piece(Frozen):
    """A measured block: its key, size, painters for background and foreground, and anchors."""

    key: str
    kind: str
    width: float
    height: float
    paint: Paint
    background: Fill | None = None
    anchors: tuple[Anchor, ...] = ()


class Placed(Frozen):
    """A piece at its place: a whole block, or one slice of a block split between columns.

    The slices of one block share its key; `part` counts them (0 holds the
    block's start and its anchors) and `more` says the block goes on in the
    next column.
    """

    key: str
    kind: str
    box: Box
    piece: Piece = field(compare=False, repr=False)
    part: int = 0
    more: bool = False

    def anchor(self, name: str) -> Box | None:
        """Where a named spot of this block lies on the page, if the block has it."""
        for a in self.piece.anchors:
            if a.name == name:
                return Box(self.box.x + a.dx, self.box.top - a.dy - a.height, a.width, a.height)
        return None


class Overflow(Frozen):
    """What a page that does not fit shows: where the room ends, by how much it runs past."""

    limit: float  # the y where the columns' room ends
    over_mm: float
    note: str  # what the page says about it, in the document's language
    font: str
    scale: float = 1.0  # the page drawn smaller, so that all of the overflow shows
    cuts: tuple[Box, ...] = ()  # the lines the advice says to cut, marked beside them


class Layout(Frozen):
    """Where everything goes; draw only paints it.

    `columns` names the blocks in each column, in reading order (a block split
    between two columns is named in both); `fill` is the share of the columns'
    room the content takes before its glue is stretched to end the columns level.
    """

    page: Box
    frame: Box
    font_size: float
    line_spacing: float
    fill: float
    columns: tuple[tuple[str, ...], ...]
    blocks: tuple[Placed, ...]
    tries: int
    warnings: tuple[str, ...] = ()
    overflow: Overflow | None = None
    # The warning's advice per field: (initiative id, field, lines to cut, for this size).
    advice: tuple[tuple[str, str, int, float], ...] = ()

    def block(self, key: str) -> Placed:
        """A block by its key (its first slice, when it is split)."""
        return next(b for b in self.blocks if b.key == key)

    def continued(self) -> tuple[str, ...]:
        """The keys of the blocks that go on in the next column."""
        return tuple(b.key for b in self.blocks if b.more)
