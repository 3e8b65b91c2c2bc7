"""Two parsed proeve drafts and their Changes -> page 1 of the review: the new page, marked.

The engine lays out the marked Document (fit_page) and paints it as it paints
every draft (page.draw.paint_page); then black bars in the margin name the changed blocks, new
cards get a dashed frame, a legend fills the top margin and the removed
initiatives are listed in room reserved at the foot. Everything prints in gray.

The marks sit on the new draft's own layout: its font size and columns.
Inserted words take no room of their own; deleted words do, so they are shown
in each block where the page still fits with them, and the legend names the
blocks where they could not be (their deletions are on the change list).
Only a page that no longer fits as its draft did is set smaller.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from proeve.diff.changes import ADDED, CHANGED, REMOVED, Changes
from proeve.diff.edits import blocks_touched, printed_in
from proeve.diff.marks import dele, ins, marked_document
from proeve.errors import FitError
from proeve.frozen import replace
from proeve.inputs.model import Initiative
from proeve.page.boxes import Box, Layout, Placed
from proeve.page.draw import paint_page
from proeve.page.fonts import Faces, register
from proeve.page.layout import fit_page, frame_of
from proeve.page.markup import escape, plain
from proeve.pdf.pen import Pen

INK = "#1E1E1E"
BAR_W, BAR_GAP = 7.0, 2.2
LOWEST_SIZE = 5.5  # the review page may go below the template's smallest size to fit its marks


def paint_marked_page(canvas: Any, comparison: Any, words: dict[str, str]) -> bool:
    """Paint the marked new page on `canvas`; False (nothing painted) when it cannot be laid out."""
    before, after = comparison.parsed
    changes: Changes = comparison.changes
    faces = register(after.template.font)
    removed = [c for c in changes.initiatives if c.kind == REMOVED]
    width = frame_of(after.template).width
    foot = _removed_list(removed, before.document, faces, words, width)
    draft = after.fitted.layout if after.fitted else None
    fitted = fit_marked(
        before.document, after.document, _reserve(after.template, foot), after.stamp, draft
    )
    if fitted is None:
        return False
    layout, hidden = fitted
    paint_page(Pen(canvas), layout, after.template)
    for block in layout.blocks:
        badge = block_badge(block, changes, words)
        if badge:
            _bar(canvas, block, badge, faces)
        if block.kind == "card" and _is(changes, block.key, ADDED):
            _dashed(canvas, block)
        tag = block.anchor("status")
        if tag is not None and _status_changed(changes, block.key):
            _ring(canvas, tag)
    real = after.fitted.layout.font_size if after.fitted else None
    _legend(canvas, layout, comparison, words, faces, real, _names(hidden, after.document, words))
    if foot:
        paragraph, height = foot
        paragraph.drawOn(canvas, layout.frame.x, layout.frame.y - 2 - height)
    canvas.showPage()
    return True


def fit_marked(
    old: Any, new: Any, template: Any, stamp: Any, draft: Layout | None = None
) -> tuple[Layout, tuple[str, ...]] | None:
    """Lay out the marked document on the draft's layout; the blocks whose deletions do not fit.

    With the draft's layout: its size, and deleted words in every block where
    the page keeps the draft's columns. Without it (or when even the draft's
    text no longer fits that way): as small as needed, deleted words if they fit.
    """
    if draft is not None:
        found = _on_draft(old, new, template, stamp, draft)
        if found is not None:
            return found
    low = replace(
        template, sizes=replace(template.sizes, body_min=min(template.sizes.body_min, LOWEST_SIZE))
    )
    for deletions in (True, False):
        try:
            layout = fit_page(marked_document(old, new, deletions), low, stamp)
        except FitError:
            continue
        return layout, () if deletions else tuple(_with_deletions(old, new))
    return None


def _on_draft(
    old: Any, new: Any, template: Any, stamp: Any, draft: Layout
) -> tuple[Layout, tuple[str, ...]] | None:
    """The draft's size and columns, with deleted words in as many blocks as keep them."""
    size = draft.font_size
    pinned = replace(template, sizes=replace(template.sizes, body_min=size, body_max=size))

    def attempt(shown: frozenset[str]) -> Layout | None:
        try:
            layout = fit_page(marked_document(old, new, shown), pinned, stamp)
        except FitError:
            return None
        return layout if layout.columns == draft.columns else None

    blocks = _with_deletions(old, new)
    every = attempt(frozenset(blocks))
    if every is not None:
        return every, ()
    best = attempt(frozenset())
    if best is None:
        return None
    shown: frozenset[str] = frozenset()
    for block in blocks:
        tried = attempt(shown | {block})
        if tried is not None:
            best, shown = tried, shown | {block}
    return best, tuple(b for b in blocks if b not in shown)


def _with_deletions(old: Any, new: Any) -> list[str]:
    """The blocks (initiative ids, 'header', 'intro') that have deleted words to show."""
    plain_page = marked_document(old, new, False)
    out = []
    for key in ("header", "intro", *(i.id for i in new.initiatives)):
        if marked_document(old, new, {key}) != plain_page:
            out.append(key)
    return out


def _names(blocks: tuple[str, ...], document: Any, words: dict[str, str]) -> list[str]:
    ids = {i.id: i for i in document.initiatives}
    return [plain(ids[b].label) if b in ids else words.get(b, b) for b in blocks]


def _reserve(template: Any, foot: tuple[Any, float] | None) -> Any:
    if foot is None:
        return template
    extra = (foot[1] + 4) / mm
    page = replace(template.page, margin_bottom_mm=template.page.margin_bottom_mm + extra)
    return replace(template, page=page)


def _removed_list(
    removed: list[Any], old: Any, faces: Faces, words: dict[str, str], width: float
) -> tuple[Any, float] | None:
    """One paragraph naming the removed initiatives (struck through), measured to reserve room."""
    if not removed:
        return None
    style = ParagraphStyle("removed", fontName=faces.regular, fontSize=7.5, leading=9.2)
    items = []
    for change in removed:
        item = old.initiative(change.id)
        items.append(dele(f"{plain(item.title)}: {plain(item.summary)}"))
    head = f"<b>{escape(words['removed_heading'])}:</b> "
    paragraph = Paragraph(head + " · ".join(items), style)
    _, height = paragraph.wrap(width, 1e6)
    return paragraph, height


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
    """A black bar left of the block with its label reading upwards in white."""
    height = block.box.height
    x, top = block.box.x - BAR_GAP - BAR_W, block.box.top
    canvas.saveState()
    canvas.setFillColor(HexColor(INK))
    canvas.rect(x, top - height, BAR_W, height, stroke=0, fill=1)
    size = 5.4
    text_w = stringWidth(label, faces.bold, size)
    if text_w > height - 6:
        size *= max(height - 6, 1) / text_w
        text_w = stringWidth(label, faces.bold, size)
    canvas.setFillColor(HexColor("#FFFFFF"))
    canvas.setFont(faces.bold, size)
    canvas.translate(x + BAR_W / 2 + size * 0.36, top - 3 - text_w)
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


def _legend(
    canvas: Any,
    layout: Layout,
    comparison: Any,
    words: dict[str, str],
    faces: Faces,
    real: float | None,
    hidden: list[str] | None = None,
) -> None:
    """In the top margin: which drafts, how marks look, where deleted words could not be
    shown, a font-size note when the page is set smaller than its draft, a status change."""
    old, new = comparison.old.label, comparison.new.label
    parts = [
        f"<b>{escape(words['review'])} {escape(old)} → {escape(new)}</b>",
        ins(words["inserted"]),
        dele(words["deleted"]),
        escape(words["bar"]),
        escape(words["details"]),
    ]
    if comparison.status_changed:
        before, after = (words.get(s, s) for s in (comparison.old.status, comparison.new.status))
        parts.insert(1, f"<b>{escape(words['status'])}: {escape(before)} → {escape(after)}</b>")
    if hidden:
        parts.append(escape(words["hidden"].format(blocks=", ".join(hidden))))
    if real is not None and real != layout.font_size:
        parts.append(escape(words["here"].format(here=f"{layout.font_size:g}", real=f"{real:g}")))
    style = ParagraphStyle("legend", fontName=faces.regular, fontSize=7, leading=8.4)
    paragraph = Paragraph(" · ".join(parts), style)
    _, height = paragraph.wrap(layout.frame.width, 100)
    margin = layout.page.height - layout.frame.top
    top = layout.page.height - max((margin - height) / 2, 2)
    paragraph.drawOn(canvas, layout.frame.x, top - height)
