"""Changes and the marked page's layout -> the marks around its blocks: bars, frames, rings.

Decoration (tagged as artifacts): the change list says in words what they
show. A black bar beside each changed block with its label reading upwards
(NIEUW, GEWIJZIGD, VERPLAATST) where the 10 mm margin and the 5.5 pt floor
leave room for it, a dashed frame round a new card, a ring round a changed
status tag and round each matrix cell whose dot came or went (found where the
page paints it, through a pen that watches).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from proeve.diff.changes import ADDED, CHANGED, Changes
from proeve.diff.edits import blocks_touched, printed_in
from proeve.inputs.model import Initiative
from proeve.page.boxes import Box, Layout, Placed
from proeve.page.fonts import Faces

INK = "#1E1E1E"
BAR_W, BAR_GAP = 7.0, 0.6
SHEET_MARGIN = 10 * mm  # no text nearer the sheet's edge (README: every PDF proeve writes)
LABEL_SIZE = 5.5  # the smallest text on any page


def paint_marks(
    canvas: Any, layout: Layout, changes: Changes, words: dict[str, str], faces: Faces,
    cells: dict[str, Box],
) -> None:  # fmt: skip
    """The bars beside changed blocks, dashed frames round new cards, rings round changed
    status tags and matrix cells: decoration (the change list says it in words)."""
    for block in layout.blocks:
        badge = block_badge(block, changes, words)
        if badge:
            _bar(canvas, block, badge, faces)
        if block.kind == "card" and _is(changes, block.key, ADDED):
            _dashed(canvas, block)
        tag = block.anchor("status")
        if tag is not None and _status_changed(changes, block.key):
            _ring(canvas, tag)
    for box in cells.values():
        _ring(canvas, box)


def changed_cells(old: Any, new: Any) -> set[str]:
    """The matrix cells (their fields) whose dot came or went, of initiatives on both pages."""
    from proeve.pdf.pen import initiative_field

    before = {i.id: set(i.themes) for i in old.initiatives}
    out = set()
    for initiative in new.initiatives:
        if initiative.id in before:
            for theme in before[initiative.id] ^ set(initiative.themes):
                out.add(initiative_field(initiative.id, f"themes[{theme}]"))
    return out


class CellFinder:
    """A pen that passes everything on and notes where the wanted matrix cells are painted."""

    def __init__(self, pen: Any, wanted: set[str]) -> None:
        self._pen = pen
        self._wanted = wanted
        self.found: dict[str, Box] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pen, name)

    def content(self, role: str, field: str | None = None, **attributes: Any) -> Any:
        if field in self._wanted and "box" in attributes:
            x, y, w, h = attributes["box"]
            self.found[field] = Box(x + 1, y + 1, w - 2, h - 2)
        return self._pen.content(role, field, **attributes)


def _is(changes: Changes, key: str, kind: str) -> bool:
    change = changes.initiative(key)
    return change is not None and change.kind == kind


def block_badge(block: Placed, changes: Changes, words: dict[str, str]) -> str | None:
    """The margin label of a block, or None when nothing on it changed."""
    if block.kind == "card":
        change = changes.initiative(block.key)
        if change is None:
            return None
        if change.kind == ADDED:
            return words["badge_added"]
        on_card = any(printed_in(Initiative, e.field) == "card" for e in change.edits)
        parts = [words["badge_changed"]] if change.kind == CHANGED and on_card else []
        return " · ".join(parts + ([words["badge_moved"]] if change.moved else []))
    touched = blocks_touched(changes)
    return words["badge_changed"] if {block.kind, "page"} & touched else None


def _bar(canvas: Any, block: Placed, label: str, faces: Faces) -> None:
    """A black bar left of the block with its label reading upwards in white.

    The label keeps to the sheet's 10 mm margin and the 5.5 pt floor: where the
    margin or the block leaves no room for it, the bar goes without (the legend
    and the change list say what changed).
    """
    height = block.box.height
    x, top = block.box.x - BAR_GAP - BAR_W, block.box.top
    canvas.saveState()
    canvas.setFillColor(HexColor(INK))
    canvas.rect(x, top - height, BAR_W, height, stroke=0, fill=1)
    size = LABEL_SIZE
    text_w = stringWidth(label, faces.bold, size)
    baseline = x + BAR_W / 2 + size * 0.36
    if text_w <= height - 6 and baseline - size * 0.75 >= SHEET_MARGIN:
        canvas.setFillColor(HexColor("#FFFFFF"))
        canvas.setFont(faces.bold, size)
        canvas.translate(baseline, top - 3 - text_w)
        canvas.rotate(90)
        canvas.drawString(0, 0, label)
    canvas.restoreState()


def _status_changed(changes: Changes, key: str) -> bool:
    change = changes.initiative(key)
    return change is not None and any(e.field == "status" for e in change.edits)


def _ring(canvas: Any, tag: Box) -> None:
    """A black ring around a card's status tag (its anchor in the layout)."""
    canvas.saveState()
    canvas.setStrokeColor(HexColor(INK))
    canvas.setLineWidth(1.1)
    radius = tag.height / 2 + 1.2
    canvas.roundRect(tag.x - 1.2, tag.y - 1.2, tag.width + 2.4, tag.height + 2.4, radius)
    canvas.restoreState()


def _dashed(canvas: Any, block: Placed) -> None:
    height = block.box.height
    canvas.saveState()
    canvas.setStrokeColor(HexColor(INK))
    canvas.setLineWidth(1)
    canvas.setDash(3, 2)
    box = block.box
    canvas.rect(box.x - 0.5, box.top - height - 0.5, box.width + 1, height + 1, stroke=1, fill=0)
    canvas.restoreState()
