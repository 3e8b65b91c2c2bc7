"""Two drafts (numbers or PDF paths) -> a Comparison: structured or text changes, and pixels.

proeve PDFs are compared through their embedded sources; anything else through
its extracted text. Pixels are compared when asked for (the review PDF, the
overlay PNG) and always for foreign PDFs, where text alone misses layout changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from proeve.diff.changes import Changes, LayoutEffect
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


class Comparison(Frozen):
    old: Side
    new: Side
    changes: Changes | None = None
    text: tuple[Op, ...] | None = None
    note: str | None = None
    visual: Any = None  # proeve.diff.visual.Visual
    parsed: tuple[Parsed, Parsed] | None = field(default=None, repr=False)

    @property
    def status_changed(self) -> bool:
        """Whether a draft became final (or the other way): a difference even with equal sources."""
        old, new = self.old.status, self.new.status
        return old is not None and new is not None and old != new

    @property
    def same(self) -> bool:
        """No differences: same bytes, same sources and status, or (foreign) same text, pixels."""
        if self.old.data == self.new.data:
            return True
        if self.status_changed:
            return False
        if self.changes is not None:
            return self.changes.empty
        return not changed(self.text or ()) and (self.visual is None or self.visual.same)

    @property
    def notes(self) -> tuple[str, ...]:
        return self.old.notes + self.new.notes

    def to_json(self) -> dict[str, Any]:
        return {
            "same": self.same,
            "a": self.old.to_json(),
            "b": self.new.to_json(),
            "structured": self.changes is not None,
            "note": self.note,
            **(self.changes.to_json() if self.changes is not None else {}),
            "text": [list(op) for op in self.text] if self.text is not None else None,
            "visual": self.visual.to_json() if self.visual is not None else None,
            "warnings": list(self.notes),
        }


def compare(a: str, b: str, project: Path, pixels: bool = False) -> Comparison:
    """Compare draft or file `a` (old) with `b` (new)."""
    old, new = load(a, project), load(b, project)
    if old.data == new.data:
        return Comparison(old, new, Changes() if old.structured else None)
    foreign = not (old.structured and new.structured)
    if not foreign and _sources(old) == _sources(new) and old.status == new.status:
        return Comparison(old, new, Changes())
    pending = _start_pixels(old, new) if pixels or foreign else None
    try:
        if foreign:
            from proeve.diff.foreign import foreign_note, text_diff

            result = Comparison(old, new, text=text_diff(old, new), note=foreign_note(old, new))
        else:
            result = _structured(old, new)
        if pending is not None:
            result = replace(result, visual=_finish_pixels(pending, watermark_area(result)))
    finally:
        if pending is not None and pending.process.poll() is None:
            pending.process.kill()
            pending.process.communicate()
    return result


def _sources(side: Side) -> tuple[Sources, str]:
    """A side's source files and template name: equal on both sides means no differences."""
    from proeve.chain import embedded

    assert side.attachments is not None
    sources, manifest = embedded(side.attachments, side.label)
    return sources, manifest.template


def _structured(old: Side, new: Side) -> Comparison:
    from proeve.diff import edits

    before, after = parse(old), parse(new)
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
    try:
        fitted: Fitted | None = fit(sources, manifest.template, manifest.edition)
    except FitError:
        fitted = None
    page_stamp = stamp_of(sources, manifest.edition, document, template)
    return Parsed(document, template, page_stamp, fitted)


def _start_pixels(old: Side, new: Side) -> Any:
    """Check what pdfium will draw within pypdf's limits, then start drawing in a child."""
    from proeve.pdf import raster
    from proeve.pdf.read import READ_SECONDS, check_page_streams, deadline, open_pdf

    for side in (old, new):
        with deadline(READ_SECONDS, side.label):
            check_page_streams(open_pdf(side.data, side.label), side.label)
    return raster.start([old.path, new.path], [old.label, new.label])


def _finish_pixels(pending: Any, ignore: Any = None) -> Any:
    from proeve.diff.visual import compare_pages
    from proeve.pdf import raster

    before, after = raster.finish(pending)
    return compare_pages(before, after, raster.DPI, ignore)


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
