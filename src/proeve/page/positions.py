"""Where each input field's text lies on a page -> a compact position map, and back within bounds.

Every draft carries one in its manifest (proeve.json): per field, as the page's
pen names it (`initiatives/mkb-roltrap:goal`, `overview:footer.url`), the boxes of
its lines in PDF points, origin at the page's bottom left, rounded to 0.1 pt. A
field continued in another column simply has boxes in both. `proeve comments`
finds the field under a reviewer's mark with it. No ReportLab here: the map is
recorded by proeve.page.recorder and read by anything that reads a manifest
(page/__init__.py imports nothing heavy, so identity can use this module).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from proeve.frozen import Frozen

Rect = tuple[float, float, float, float]  # x, y (bottom), width, height in PDF points

MAX_FIELDS = 3000
MAX_BOXES = 12000
MAX_NAME = 200
# A field as pens name it: the file's part, a colon, a path of keys, [index] and [id].
FIELD = re.compile(r"(overview|initiatives/[a-z0-9][a-z0-9-]{0,39}):[A-Za-z_][\w.\[\]-]{0,150}")


def rounded(value: float) -> float | int:
    """A coordinate at 0.1 pt, written as an int when whole (the map stays small and stable)."""
    value = round(value, 1) + 0.0  # + 0.0: no '-0.0' in the JSON
    return int(value) if value.is_integer() else value


class PositionMap(Frozen):
    """The page size and, per field, the boxes of its lines in reading order."""

    page: tuple[float, float]
    fields: dict[str, tuple[Rect, ...]]

    def boxes(self) -> Iterator[tuple[str, Rect]]:
        """Every (field, box) on the page."""
        for name, boxes in self.fields.items():
            for box in boxes:
                yield name, box

    def to_json(self) -> dict[str, Any]:
        return {
            "page": [rounded(v) for v in self.page],
            "fields": {
                name: [[rounded(v) for v in box] for box in boxes]
                for name, boxes in sorted(self.fields.items())
            },
        }

    @classmethod
    def from_json(cls, data: object) -> PositionMap:
        """Read a map from a PDF of unknown origin; ValueError saying what is wrong.

        Bounded: at most MAX_FIELDS fields and MAX_BOXES boxes, names as pens
        write them, finite numbers near the page.
        """
        if not isinstance(data, dict):
            raise ValueError("the position map is not a JSON object")
        page = _numbers(data.get("page"), 2, "the page size")
        if not all(0 < v <= 20000 for v in page):
            raise ValueError("the page size is out of range")
        fields = data.get("fields")
        if not isinstance(fields, dict):
            raise ValueError("the position map has no fields")
        if len(fields) > MAX_FIELDS:
            raise ValueError(f"the position map has more than {MAX_FIELDS} fields")
        out: dict[str, tuple[Rect, ...]] = {}
        total = 0
        limit = 2 * max(page)
        for name, boxes in fields.items():
            if len(name) > MAX_NAME or not FIELD.fullmatch(name):
                raise ValueError(f"the position map names an unknown field {name[:60]!r}")
            if not isinstance(boxes, list):
                raise ValueError(f"the boxes of {name} are not a list")
            total += len(boxes)
            if total > MAX_BOXES:
                raise ValueError(f"the position map holds more than {MAX_BOXES} boxes")
            read = tuple(_box(box, name, limit) for box in boxes)
            out[name] = read
        return cls((page[0], page[1]), out)


def _numbers(value: object, count: int, what: str) -> list[float]:
    if not isinstance(value, list) or len(value) != count:
        raise ValueError(f"{what} is not a list of {count} numbers")
    numbers = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (int, float)) or not math.isfinite(item):
            raise ValueError(f"{what} holds something that is not a number")
        numbers.append(float(item))
    return numbers


def _box(value: object, name: str, limit: float) -> Rect:
    x, y, w, h = _numbers(value, 4, f"a box of {name}")
    if not (-limit <= x <= limit and -limit <= y <= limit and 0 <= w <= limit and 0 <= h <= limit):
        raise ValueError(f"a box of {name} lies far off the page")
    return (x, y, w, h)
