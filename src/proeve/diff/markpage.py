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

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from proeve.diff.changes import REMOVED, Changes
from proeve.diff.decor import SHEET_MARGIN, CellFinder, changed_cells, paint_marks
from proeve.diff.marks import dele, ins, marked_document
from proeve.errors import FitError
from proeve.frozen import replace
from proeve.page.boxes import Layout
from proeve.page.draw import paint_page
from proeve.page.fonts import Faces, register
from proeve.page.layout import fit_page, frame_of
from proeve.page.markup import escape, plain
from proeve.pdf.pen import Pen

LEGEND_SIZE, LEGEND_GAP = 7.0, 1.5 * mm
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
    cells = CellFinder(pen, changed_cells(before.document, after.document))
    paint_page(cast(Pen, cells), layout, template, labels.watermark if status == "draft" else None)
    with pen.artifact():
        paint_marks(pen.canvas, layout, changes, words, faces, cells.found)
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
    top = max(page.margin_top_mm, (SHEET_MARGIN + head + LEGEND_GAP) / mm if head else 0)
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
