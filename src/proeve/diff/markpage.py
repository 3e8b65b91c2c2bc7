"""Two parsed proeve drafts and their Changes -> page 1 of the review: the new page, marked.

The engine lays out the marked Document (fit_page, with the draft's logo) and
paints it as it paints every draft (page.draw.paint_page, through the review's
tagging pen, with the draft's watermark); then black bars in the margin name
the changed blocks, new cards get a dashed frame, changed status tags and
matrix cells a ring (decoration: the change list says it in words). The legend
stands in room kept above the page, 10 mm from the sheet's edge, and the
removed initiatives are listed in room reserved at the foot. Everything prints
in gray.

The marks sit on the new draft's own layout: its font size and columns.
Inserted words take no room of their own; deleted words do, so they are shown
in each block where the page still fits with them, and the legend names the
blocks where they could not be (their deletions are on the change list).
Only a page that no longer fits as its draft did is set smaller.
"""

from __future__ import annotations

from typing import Any, cast

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
from proeve.page.pen import Pen

INK = "#1E1E1E"
BAR_W, BAR_GAP = 7.0, 0.6
SHEET_MARGIN = 10 * mm  # no text nearer the sheet's edge (README: every PDF proeve writes)
LEGEND_SIZE, LEGEND_GAP = 7.0, 1.5 * mm
LABEL_SIZE = 5.5  # the smallest text on any page
LOWEST_SIZE = 5.5  # the review page may go below the template's smallest size to fit its marks


def paint_marked_page(pen: Any, comparison: Any, words: dict[str, str]) -> str | None:
    """Paint the marked new page through `pen` (the page is left open for the caller to end);
    None (nothing painted) when it cannot be laid out.

    The page is the draft's as the reviewer received it (its logo, its watermark),
    with room kept above it for the legend, inside the sheet's 10 mm margin. Where
    that room would cost the draft its size, the page keeps its size and the
    legend goes to the top of page 2: returned as paragraph markup ("" when on page 1).
    """
    before, after = comparison.parsed
    changes: Changes = comparison.changes
    template = after.template
    faces = register(template.font)
    removed = [c for c in changes.initiatives if c.kind == REMOVED]
    width = frame_of(template).width
    foot = _removed_list(removed, before.document, faces, words, width)
    draft = after.fitted.layout if after.fitted else None
    real = draft.font_size if draft else None

    def legend_of(layout: Layout | None, hidden: tuple[str, ...]) -> Any:
        names = _names(hidden, after.document, words)
        return _legend(layout, comparison, words, faces, real, names)

    def fit(head: float) -> tuple[Layout, tuple[str, ...]] | None:
        reserved = _reserve(template, foot, head)
        found = fit_marked(before.document, after.document, reserved, after.stamp, draft,
                           _logo(comparison, after))  # fmt: skip
        return found if found is None or draft is None or found[0].font_size == real else None

    placed = _with_legend(fit, legend_of, width)
    on_page = placed is not None
    fitted = placed or fit(0) or fit_marked(
        before.document, after.document, _reserve(template, foot, 0), after.stamp, draft,
        _logo(comparison, after),
    )  # fmt: skip
    if fitted is None:
        return None
    layout, hidden = fitted
    legend = legend_of(layout, hidden)
    if on_page:
        _, height = legend.wrap(layout.frame.width, 1e6)
        pen.paragraph("P", legend, layout.frame.x, layout.page.height - SHEET_MARGIN - height, None)
    labels = template.labels[after.document.language]
    status = after.fitted.edition.status if after.fitted else comparison.new.status
    cells = _CellFinder(pen, changed_cells(before.document, after.document))
    paint_page(cast(Pen, cells), layout, template, labels.watermark if status == "draft" else None)
    with pen.artifact():
        _paint_marks(pen.canvas, layout, changes, words, faces, cells.found)
    if foot:
        paragraph, height = foot
        pen.paragraph("P", paragraph, layout.frame.x, layout.frame.y - 2 - height, None)
    return "" if on_page else legend.text


def _with_legend(fit: Any, legend_of: Any, width: float) -> tuple[Layout, tuple[str, ...]] | None:
    """The marked page laid out with room above it for its legend as it comes out (which
    blocks' deletions it names depends on the layout); None when no such room keeps the
    draft's size."""
    head = legend_of(None, ()).wrap(width, 1e6)[1]
    for _ in range(3):
        fitted = fit(head)
        if fitted is None:
            return None
        needed = legend_of(*fitted).wrap(width, 1e6)[1]
        if needed <= head + 0.5:
            return fitted  # type: ignore[no-any-return]
        head = needed
    return None


def _paint_marks(
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
    from proeve.page.pen import initiative_field

    before = {i.id: set(i.themes) for i in old.initiatives}
    out = set()
    for initiative in new.initiatives:
        if initiative.id in before:
            for theme in before[initiative.id] ^ set(initiative.themes):
                out.add(initiative_field(initiative.id, f"themes[{theme}]"))
    return out


class _CellFinder:
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


def _logo(comparison: Any, after: Any) -> bytes | None:
    """The new draft's logo, as its build drew it."""
    from proeve.chain import embedded, logo_of

    if after.fitted is not None:
        return logo_of(after.fitted.sources, after.template)
    if comparison.new.attachments is None:
        return None
    return logo_of(embedded(comparison.new.attachments, comparison.new.label)[0], after.template)


def fit_marked(
    old: Any,
    new: Any,
    template: Any,
    stamp: Any,
    draft: Layout | None = None,
    logo: bytes | None = None,
) -> tuple[Layout, tuple[str, ...]] | None:
    """Lay out the marked document on the draft's layout; the blocks whose deletions do not fit.

    With the draft's layout: its size, and deleted words in every block where
    the page keeps the draft's columns. Without it (or when even the draft's
    text no longer fits that way): as small as needed, deleted words if they fit.
    """
    if draft is not None:
        found = _on_draft(old, new, template, stamp, draft, logo)
        if found is not None:
            return found
    low = replace(
        template, sizes=replace(template.sizes, body_min=min(template.sizes.body_min, LOWEST_SIZE))
    )
    for deletions in (True, False):
        try:
            layout = fit_page(marked_document(old, new, deletions), low, stamp, logo)
        except FitError:
            continue
        return layout, () if deletions else tuple(_with_deletions(old, new))
    return None


def _on_draft(
    old: Any, new: Any, template: Any, stamp: Any, draft: Layout, logo: bytes | None
) -> tuple[Layout, tuple[str, ...]] | None:
    """The draft's size and columns, with deleted words in as many blocks as keep them."""
    size = draft.font_size
    pinned = replace(template, sizes=replace(template.sizes, body_min=size, body_max=size))

    def attempt(shown: frozenset[str]) -> Layout | None:
        try:
            layout = fit_page(marked_document(old, new, shown), pinned, stamp, logo)
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


def _reserve(template: Any, foot: tuple[Any, float] | None, head: float) -> Any:
    """The template with room kept for the removed list at the foot and the legend at the top
    (below the sheet's 10 mm margin)."""
    page = template.page
    top = max(page.margin_top_mm, (SHEET_MARGIN + head + LEGEND_GAP) / mm)
    bottom = page.margin_bottom_mm + ((foot[1] + 4) / mm if foot else 0)
    return replace(template, page=replace(page, margin_top_mm=top, margin_bottom_mm=bottom))


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


def _legend_parts(
    comparison: Any, words: dict[str, str], hidden: list[str], note: str = ""
) -> list[str]:
    """Which drafts, how marks look, a status change, where deleted words could not be shown,
    a font-size note; each part kept whole on its line (no space breaks inside one)."""
    old, new = comparison.old.label, comparison.new.label
    parts = [
        f"<b>{_whole(words['review'])} {_whole(old)}&#160;→&#160;{_whole(new)}</b>",
        ins(words["inserted"]),
        dele(words["deleted"]),
        _whole(words["bar"]),
        _whole(words["details"]),
    ]
    if comparison.status_changed:
        before, after = (words.get(s, s) for s in (comparison.old.status, comparison.new.status))
        status = f"{words['status']}: {before} → {after}"
        parts.insert(1, f"<b>{_whole(status)}</b>")
    if hidden:
        said = escape(words["hidden"].format(blocks=", ".join(hidden))).rsplit(" ", 2)
        parts.append(" ".join(said[:1]) + " " + "&#160;".join(said[1:]) if len(said) > 2 else
                     "&#160;".join(said))  # fmt: skip
    if note:
        parts.append(_whole(note))
    return parts


def _whole(text: str) -> str:
    return escape(text).replace(" ", "&#160;")


def _legend_paragraph(parts: list[str], faces: Faces) -> Any:
    style = ParagraphStyle("legend", fontName=faces.regular, fontSize=LEGEND_SIZE, leading=8.4)
    return Paragraph(" · ".join(parts), style)


def _legend(
    layout: Layout | None,
    comparison: Any,
    words: dict[str, str],
    faces: Faces,
    real: float | None,
    hidden: list[str] | None = None,
) -> Any:
    """The legend as a paragraph: which drafts, how marks look, what could not be shown."""
    note = ""
    if layout is not None and real is not None and real != layout.font_size:
        note = words["here"].format(here=f"{layout.font_size:g}", real=f"{real:g}")
    return _legend_paragraph(_legend_parts(comparison, words, hidden or [], note), faces)
