"""A reviewer's mark + the page's position map and text -> the field under it, the words it marks.

Text marks cover glyphs: a glyph belongs to a mark when its centre lies in one
of the mark's boxes (as readers select), and the field is the one whose line
boxes the mark overlaps most. A mark that covers no text (a sticky note, a
caret, a text box with its callout) belongs to the nearest field within reach.
"""

from __future__ import annotations

import math

from proeve.frozen import Frozen
from proeve.identity import PositionMap
from proeve.pdf.annotations import Box, Mark
from proeve.pdf.pagetext import PageText

SOFT_HYPHEN = "\u00ad"
REACH = 28.0  # pt: how far from a note's anchor a field may be and still be its field
_NEAR = 2.0  # pt: slack around a caret's line


class Spot(Frozen):
    """Where a mark is: the boxes it covers, and the point a pin or a note stands for."""

    boxes: tuple[Box, ...]
    point: tuple[float, float]

    @property
    def bounds(self) -> Box:
        return (
            min(b[0] for b in self.boxes),
            min(b[1] for b in self.boxes),
            max(b[2] for b in self.boxes),
            max(b[3] for b in self.boxes),
        )


def spot(mark: Mark) -> Spot:
    """The area a mark is about: its quads, its strokes, its callout's end, else its rectangle.

    A sticky note's icon hangs from the point that was clicked, its top left.
    """
    x0, y0, x1, y1 = mark.rect
    if mark.quads:
        first = mark.quads[0]
        return Spot(mark.quads, (first[0], first[3]))
    if mark.strokes:
        return Spot(mark.strokes, ((x0 + x1) / 2, (y0 + y1) / 2))
    if mark.kind == "FreeText" and mark.callout is not None:
        cx, cy = mark.callout
        return Spot(((cx - 2, cy - 2, cx + 2, cy + 2),), (cx, cy))
    if mark.kind == "Text":
        return Spot(((x0, y1 - 4, x0 + 4, y1),), (x0, y1))
    if mark.kind == "Caret":
        return Spot((mark.rect,), ((x0 + x1) / 2, (y0 + y1) / 2))
    return Spot((mark.rect,), ((x0 + x1) / 2, (y0 + y1) / 2))


def _overlap(a: Box, b: tuple[float, float, float, float]) -> float:
    """Overlap area of a box (x0, y0, x1, y1) and a map box (x, y, w, h)."""
    w = min(a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[3], b[1] + b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _distance(point: tuple[float, float], box: tuple[float, float, float, float]) -> float:
    x, y = point
    dx = max(box[0] - x, 0.0, x - (box[0] + box[2]))
    dy = max(box[1] - y, 0.0, y - (box[1] + box[3]))
    return math.hypot(dx, dy)


def fields_under(where: Spot, positions: PositionMap) -> list[str]:
    """The fields a mark is about, most covered first; the nearest one within REACH if none."""
    scores: dict[str, float] = {}
    for name, box in positions.boxes():
        for covered in where.boxes:
            area = _overlap(covered, box)
            if area > 0:
                scores[name] = scores.get(name, 0.0) + area
    if scores:
        best = max(scores.values())
        ranked = sorted(scores, key=lambda n: (-scores[n], n))
        # A list's item wins over its heading when both are under the mark.
        return [n for n in ranked if scores[n] >= 0.25 * best]
    nearest = min(
        ((_distance(where.point, box), name) for name, box in positions.boxes()), default=None
    )
    if nearest is None or nearest[0] > REACH:
        return []
    return [nearest[1]]


def _centre(box: tuple[float, float, float, float]) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def _inside(point: tuple[float, float], box: Box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def marked_words(where: Spot, page: PageText, whole_words: bool = False) -> str:
    """The text whose glyph centres lie inside the mark's boxes, in the page's order.

    `whole_words` widens a freehand mark, which seldom starts or ends on a
    word's edge, to the words it touches.
    """
    picked = [
        i
        for i, box in enumerate(page.boxes)
        if page.glyph(i)
        and any(_inside(_centre(box), b) and _line_high(box, b) for b in where.boxes)
    ]
    if whole_words and picked:
        picked = _widened(page, picked)
    return join(page, picked)


def _line_high(glyph: tuple[float, ...], box: tuple[float, ...]) -> bool:
    """Whether a glyph is no taller than the marked line allows: a mark over a line of text
    does not take in a letter of the draft's watermark that happens to lie under it."""
    return glyph[3] - glyph[1] <= max(3 * (box[3] - box[1]), 30.0)


def _widened(page: PageText, picked: list[int]) -> list[int]:
    chosen = set(picked)
    for index in picked:
        for step in (-1, 1):
            at = index + step
            while 0 <= at < len(page.text) and page.text[at].strip():
                chosen.add(at)
                at += step
    return sorted(chosen)


def join(page: PageText, picked: list[int]) -> str:
    """Chosen glyphs as text: a space where the page has one, or a line ends; a word broken
    with a hyphen at a line end is joined again."""
    out: list[str] = []
    last: int | None = None
    for index in picked:
        char = page.text[index]
        if last is not None and index != last + 1:
            out.append(" ")
        out.append(char)
        last = index
    text = "".join(out)
    if text.endswith(SOFT_HYPHEN):
        text = text[:-1] + "-"  # the mark ends at the break: show where the word went on
    return " ".join(text.replace(SOFT_HYPHEN, "").split())


def caret_context(mark: Mark, page: PageText) -> tuple[str, str]:
    """The words just before and just after a caret on its line ('' where there is none)."""
    x = (mark.rect[0] + mark.rect[2]) / 2
    low, high = mark.rect[1] - _NEAR, mark.rect[3] + _NEAR
    line = [
        i
        for i, box in enumerate(page.boxes)
        if page.glyph(i) and low <= _centre(box)[1] <= high and page.text[i].strip()
    ]
    if not line:
        return "", ""
    nearest = min(line, key=lambda i: abs(_centre(page.boxes[i])[1] - (low + high) / 2))
    base = _centre(page.boxes[nearest])[1]
    same = [i for i in line if abs(_centre(page.boxes[i])[1] - base) < 2.0]
    before = [i for i in same if _centre(page.boxes[i])[0] < x]
    after = [i for i in same if _centre(page.boxes[i])[0] >= x]
    return _word(page, before, last=True), _word(page, after, last=False)


def _word(page: PageText, indexes: list[int], last: bool) -> str:
    """The word at the end (or start) of a run of glyphs on one line."""
    if not indexes:
        return ""
    text = join(page, _with_spaces(page, indexes))
    words = text.split()
    return (words[-1] if last else words[0]) if words else ""


def _with_spaces(page: PageText, indexes: list[int]) -> list[int]:
    """Glyph indexes with the spaces between them, so that words come apart."""
    wanted = set(indexes)
    return [i for i in range(min(indexes), max(indexes) + 1) if i in wanted or page.text[i] == " "]
