"""A page's position map + its sources -> clickable regions (fractions of the page, file:line:col).

Each field the page prints becomes one Region: the boxes of its lines as
fractions of the page box, origin top left as a browser counts, and where its
value is in the YAML (proeve.comments.locate). The other way, `fields_at`
takes a place in a file (an editor's cursor) to the fields printed from there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from proeve.comments.locate import Sourcebook
from proeve.frozen import Frozen
from proeve.identity import PositionMap

Box = tuple[float, float, float, float]  # left, top, width, height: fractions of the page


class Region(Frozen):
    """A field on the page: its boxes, and where its value starts in which file."""

    field: str
    file: str
    line: int
    column: int
    boxes: tuple[Box, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "field": self.field,
            "file": self.file,
            "line": self.line,
            "col": self.column,
            "boxes": [[round(v, 5) for v in box] for box in self.boxes],
        }


def regions(positions: PositionMap, sources: Mapping[str, bytes]) -> tuple[Region, ...]:
    """Every field of the map that has a place in the sources, in the map's order."""
    book = Sourcebook(sources)
    width, height = positions.page
    out = []
    for name, boxes in positions.fields.items():
        place = book.place(name)
        if place is None or not boxes:
            continue
        shown = tuple(
            (x / width, 1 - (y + h) / height, w / width, h / height) for x, y, w, h in boxes
        )
        out.append(Region(name, place.file, place.line, place.column, shown))
    return tuple(out)


def fields_at(found: Iterable[Region], file: str, line: int) -> list[str]:
    """The fields whose value starts nearest above or on `line` of `file` (a cursor's field).

    Several fields can start on one line (a flow list `[a, b]`): all of them.
    """
    candidates = [r for r in found if r.file == file and r.line <= line]
    if not candidates:
        return []
    nearest = max(r.line for r in candidates)
    return [r.field for r in candidates if r.line == nearest]
