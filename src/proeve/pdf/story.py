"""A list of roles and paragraphs -> pages drawn through a (tagging) pen, split where a page ends.

The review's change list and the comment sheet's comments run over as many
pages as they need. ReportLab's Frame would draw them itself, untagged; here
each paragraph goes through Pen.paragraph with its role (H1, H2, P), so a
tagging pen gives every page its structure, in reading order. A paragraph
split by a page end is one element read across both pages. A Block is
anything else on the page, drawn by a function given the pen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from proeve.frozen import Frozen


class Item(Frozen):
    """One paragraph of the story: its role, the Paragraph, the room kept above it."""

    role: str
    paragraph: Any
    space_before: float = 0.0


class Block(Frozen):
    """Something drawn whole by `draw(pen, x, top, width)`, `height` tall (an image, a rule)."""

    height: float
    draw: Callable[[Any, float, float, float], None]
    own_page: bool = False  # starts a new page (a page of its own when it is tall)


Frame = tuple[float, float, float, float]  # x, bottom, width, height


def draw_story(
    pen: Any, story: list[Item | Block], frame: Frame, page_end: Callable[[], None]
) -> None:
    """Draw the story in `frame` on as many pages as it takes; `page_end()` ends a page.

    The first item goes on the page already begun; the last page is left open
    (the caller ends it). A paragraph taller than a whole frame is split; one
    that cannot be split goes on a fresh page and runs over its foot.
    """
    x, bottom, width, height = frame
    top = bottom + height
    y = top
    for number, item in enumerate(story):
        if isinstance(item, Block):
            if (item.own_page or y - item.height < bottom) and y < top:
                page_end()
                y = top
            item.draw(pen, x, y, width)
            y -= item.height
            continue
        if y < top:
            y -= item.space_before
        y = _paragraph(pen, item, f"story{number}", (x, bottom, width, top), y, page_end)


def _paragraph(
    pen: Any, item: Item, field: str, frame: Frame, y: float, page_end: Callable[[], None]
) -> float:
    """Draw one paragraph from `y` down, going on onto new pages; the y below it."""
    x, bottom, width, top = frame
    part, continued = item.paragraph, False
    while True:
        _, needed = part.wrap(width, top - bottom)
        if needed <= y - bottom or (y >= top and not _splits(part, width, y - bottom)):
            flags = {"continued": True} if continued else {}
            pen.paragraph(item.role, part, x, y - needed, field, **flags)
            return float(y - needed)
        pieces = part.split(width, y - bottom) if y > bottom else []
        if len(pieces) < 2:
            page_end()
            y = top
            continue
        first = pieces[0]
        _, needed = first.wrap(width, y - bottom)
        flags = {"continued": True} if continued else {}
        pen.paragraph(item.role, first, x, y - needed, field, goes_on=True, **flags)
        page_end()
        y, part, continued = top, pieces[1], True
        if len(pieces) > 2:  # ReportLab splits in two; anything else is left as it came
            raise RuntimeError("a paragraph split in more than two parts")


def _splits(part: Any, width: float, room: float) -> bool:
    return room > 0 and len(part.split(width, room)) >= 2
