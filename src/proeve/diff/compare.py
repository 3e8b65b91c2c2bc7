"""Two drafts (numbers or PDF paths) -> a Comparison: structured or text changes, and pixels.

proeve PDFs are compared through their embedded sources; anything else through
its extracted text. Pixels are compared when asked for (the review PDF, the
overlay PNG) and always for foreign PDFs, where text alone misses layout changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from proeve.diff.changes import Changes, LayoutEffect
from proeve.diff.pages import PageCheck, check_page, rebuild_page
from proeve.diff.sides import Side, load
from proeve.diff.words import Op, changed
from proeve.errors import FitError, InputErrors, UsageError
from proeve.identity import Fit, Stamp
from proeve.inputs.model import Document
from proeve.inputs.sources import Sources
from proeve.inputs.template import Template

if TYPE_CHECKING:
    from proeve.chain import Fitted
from proeve.frozen import Frozen, field, replace


class Parsed(Frozen):
    """One side's sources read back: the typed document, its template, how it fits now."""

    document: Document
    template: Template
    stamp: Stamp
    fitted: Fitted | None  # None when the sources no longer fit with this proeve
    unbuilt: str = ""  # why fitted is None


class Comparison(Frozen):
    old: Side
    new: Side
    changes: Changes | None = None
    text: tuple[Op, ...] | None = None
    note: str | None = None
    visual: Any = None  # proeve.diff.visual.Visual
    parsed: tuple[Parsed, Parsed] | None = field(default=None, repr=False)
    pages: tuple[PageCheck, PageCheck] | None = None

    @property
    def status_changed(self) -> bool:
        """Whether a draft became final (or the other way): a difference even with equal sources."""
        old, new = self.old.status, self.new.status
        return old is not None and new is not None and old != new

    @property
    def same(self) -> bool:
        """No differences: same bytes; or same sources and status, each page what they build;
        or (foreign, or a page not checkable) same text and pixels."""
        if self.old.data == self.new.data:
            return True
        if self.status_changed:
            return False
        pages = self.pages or ()
        if any(p.state == "differs" for p in pages):
            return False
        if self.changes is not None:
            unchecked = any(p.state == "unchecked" for p in pages)
            return self.changes.empty and (not unchecked or bool(self.visual and self.visual.same))
        return not changed(self.text or ()) and (self.visual is None or self.visual.same)

    @property
    def notes(self) -> tuple[str, ...]:
        said = (p.problem or p.remark for p in self.pages or ())
        return self.old.notes + self.new.notes + tuple(s for s in said if s)

    @property
    def trouble(self) -> tuple[str, ...]:
        """Why the comparison cannot be trusted: a numbered draft is not what the register says."""
        return tuple(side.trouble for side in (self.old, self.new) if side.trouble)

    def to_json(self) -> dict[str, Any]:
        return {
            "same": self.same,
            "trouble": list(self.trouble),
            "a": self.old.to_json(),
            "b": self.new.to_json(),
            "structured": self.changes is not None,
            "note": self.note,
            **(self.changes.to_json() if self.changes is not None else {}),
            "text": [list(op) for op in self.text] if self.text is not None else None,
            "visual": self.visual.to_json() if self.visual is not None else None,
            "pages": {k: p.state for k, p in zip("ab", self.pages or (), strict=False)} or None,
            "warnings": list(self.notes),
        }


def compare(a: str, b: str, project: Path, pixels: bool = False) -> Comparison:
    """Compare draft or file `a` (old) with `b` (new).

    Two proeve PDFs are compared through their sources, and each page is
    checked against what its sources build (rendered again, bytes compared;
    pixels only when the bytes differ), so a page replaced while its sources
    were kept never reads as "no differences".
    """
    old, new = load(a, project), load(b, project)
    if old.data == new.data:
        return Comparison(old, new, Changes() if old.structured else None)
    if not (old.structured and new.structured):
        return _with_pixels(old, new, None, None)
    # Each side fitted with its own edition: the layout carries the stamp it paints.
    before, after = parse(old), parse(new)
    same_sources = _sources(old) == _sources(new)
    rebuilt = (rebuild_page(old, before.fitted), rebuild_page(new, after.fitted))
    doubtful = any(r != s.data for r, s in zip(rebuilt, (old, new), strict=True))
    if not (pixels or doubtful):
        result = _structured(old, new, before, after, same_sources)
        return replace(result, pages=(PageCheck(old.label, "built"), PageCheck(new.label, "built")))
    return _with_pixels(old, new, (before, after, same_sources), rebuilt)


def _with_pixels(
    old: Side,
    new: Side,
    parsed: tuple[Parsed, Parsed, bool] | None,
    rebuilt: tuple[bytes | None, bytes | None] | None,
) -> Comparison:
    """Draw both pages (in a bounded child) while the rest is compared; check pages if asked."""
    pending = _start_pixels(old, new)
    try:
        if parsed is None:
            from proeve.diff.foreign import foreign_note, text_diff

            result = Comparison(old, new, text=text_diff(old, new), note=foreign_note(old, new))
        else:
            result = _structured(old, new, *parsed)
        images = _finish_pixels(pending)
    finally:
        if pending.process.poll() is None:
            pending.process.kill()
            pending.process.communicate()
    from proeve.diff.visual import compare_pages
    from proeve.pdf import raster

    visual = compare_pages(images[0], images[1], raster.DPI, watermark_area(result))
    result = replace(result, visual=visual)
    if rebuilt is None:
        return result
    checks = tuple(
        check_page(side, built, image, parsed_side.unbuilt if parsed_side else "")
        for side, built, image, parsed_side in zip(
            (old, new), rebuilt, images, parsed[:2] if parsed else (None, None), strict=True
        )
    )
    return replace(result, pages=(checks[0], checks[1]))


def _sources(side: Side) -> tuple[Sources, str]:
    """A side's source files and template name: equal on both sides means no differences."""
    from proeve.chain import embedded

    assert side.attachments is not None
    sources, manifest = embedded(side.attachments, side.label)
    return sources, manifest.template


def _structured(old: Side, new: Side, before: Parsed, after: Parsed, same: bool) -> Comparison:
    from proeve.diff import edits

    if same:
        return Comparison(old, new, Changes(), parsed=(before, after))
    changes = edits.compare((before.document, before.template), (after.document, after.template))
    if not changes.empty:
        effect = LayoutEffect(fit_of(before), fit_of(after))
        changes = replace(changes, layout=effect)
    return Comparison(old, new, changes, parsed=(before, after))


def fit_of(side: Parsed) -> Fit | None:
    """How a side fits with this proeve (None: its sources no longer fit on one page)."""
    return side.fitted.fit if side.fitted else None


def parse(side: Side) -> Parsed:
    """Validate a side's embedded sources with this proeve and fit them as its build did."""
    from proeve.chain import embedded, fit, stamp_of, validate

    assert side.attachments is not None
    sources, manifest = embedded(side.attachments, side.label)
    try:
        document, template = validate(sources, manifest.template)
    except InputErrors as exc:
        first = exc.issues[0] if exc.issues else exc
        raise UsageError(f"{side.label}: its embedded sources do not validate ({first})") from None
    unbuilt = ""
    try:
        fitted: Fitted | None = fit(sources, manifest.template, manifest.edition)
    except FitError:
        fitted, unbuilt = None, "they no longer fit on one page with this proeve"
    except InputErrors as exc:  # valid, but not printable with this proeve (issue 12)
        fitted, unbuilt = None, f"this proeve cannot print them: {exc.issues[0]}"
    page_stamp = stamp_of(sources, manifest.edition, document, template)
    return Parsed(document, template, page_stamp, fitted, unbuilt)


def _start_pixels(old: Side, new: Side) -> Any:
    """Check what pdfium will draw within pypdf's limits, then start drawing in a child."""
    from proeve.pdf import raster
    from proeve.pdf.read import check_page_streams

    for side in (old, new):
        check_page_streams(side.data, side.label)
    return raster.start([old.path, new.path], [old.label, new.label])


def _finish_pixels(pending: Any) -> list[Any]:
    from proeve.pdf import raster

    return raster.finish(pending)


def watermark_area(comparison: Comparison) -> Any:
    """Where the draft's watermark lies, as a mask at the pixels' resolution (None if no draft).

    Why: between a draft and a final the watermark is gone; framed as changed
    regions it would cover the page, when the change is the status, which the
    change list names. Drawn by proeve from the draft's own layout and template.
    """
    if not comparison.status_changed or comparison.parsed is None:
        return None
    sides = zip((comparison.old, comparison.new), comparison.parsed, strict=True)
    draft = next((parsed for side, parsed in sides if side.status == "draft"), None)
    if draft is None or draft.fitted is None:
        return None
    import io

    import pypdfium2
    from PIL import ImageFilter
    from reportlab.pdfgen.canvas import Canvas

    from proeve.page.draw import _watermark
    from proeve.page.fonts import register
    from proeve.pdf.raster import DPI

    layout, template = draft.fitted.layout, draft.template
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(layout.page.width, layout.page.height))
    word = template.labels[draft.document.language].watermark
    _watermark(canvas, layout, word, register(template.font).bold, "#000000")
    canvas.save()
    document = pypdfium2.PdfDocument(buffer.getvalue())
    try:
        page = document[0].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    # Ink of the watermark, widened by its anti-aliased edge.
    return page.point(lambda v: 255 if v < 250 else 0).filter(ImageFilter.MaxFilter(5))
