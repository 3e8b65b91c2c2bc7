"""Measured pieces and their places -> the Layout: the data the page stage produces and draws.

cards, crosslinks and furniture measure Pieces; layout places them as Placed
boxes in a Layout; draw paints it; the review page marks it. Coordinates are
PDF points with the origin at the page's bottom left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from proeve.frozen import Frozen, field

Paint = Callable[[Any, float, float], None]  # (pen, x, top): see proeve.page.pen
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
    """A piece at its place; `fill_height` is the background's height (columns end level)."""

    key: str
    kind: str
    box: Box
    piece: Piece = field(compare=False, repr=False)
    fill_height: float = 0.0

    def anchor(self, name: str) -> Box | None:
        """Where a named spot of this block lies on the page, if the block has it."""
        for a in self.piece.anchors:
            if a.name == name:
                return Box(self.box.x + a.dx, self.box.top - a.dy - a.height, a.width, a.height)
        return None


class Layout(Frozen):
    """Where everything goes; draw only paints it."""

    page: Box
    frame: Box
    font_size: float
    line_spacing: float
    fill: float
    columns: tuple[tuple[str, ...], ...]
    blocks: tuple[Placed, ...]
    tries: int

    def block(self, key: str) -> Placed:
        return next(b for b in self.blocks if b.key == key)
