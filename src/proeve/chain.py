"""Sources -> a validated document -> a fitted layout -> a PDF: the one chain every command runs.

check stops after the fit; preview and build render; verify, diff and extract
start from a PDF's attachments (`embedded`) and go as far as they need. Nothing
else assembles these steps.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proeve import __version__
from proeve.errors import FitError, InputErrors, InputIssue, Location, UsageError
from proeve.frozen import Frozen
from proeve.identity import (
    MANIFEST,
    Edition,
    Fit,
    Manifest,
    Stamp,
    moment,
    printed_date,
    stamp,
)
from proeve.inputs.model import Document, read_document
from proeve.inputs.names import RULE, is_source_name
from proeve.inputs.sources import Sources, read_image, read_inputs
from proeve.inputs.template import Template, locate, read_template
from proeve.inputs.template import read_bytes as template_bytes
from proeve.toolchain import current as current_toolchain

if TYPE_CHECKING:  # the layout module imports ReportLab; load it only when building
    from proeve.page.boxes import Layout
    from proeve.pdf.pen import Pen

log = logging.getLogger(__name__)


class Warm:
    """What a watching process keeps between fits: parsed markup and wrapped paragraphs.

    They are keyed by text, style, size and width, which a template, a language
    and the unbroken words decide; a change of any of those starts afresh. The
    pages come out byte for byte as from a cold fit (tests/test_watch.py).
    """

    LIMIT = 20_000  # wrapped paragraphs kept before starting afresh

    def __init__(self) -> None:
        self._key: tuple[Any, ...] | None = None
        self._caches: tuple[dict[Any, Any], dict[Any, Any]] = ({}, {})

    def caches(self, document: Document, template: Template) -> tuple[Any, Any]:
        key = (template, document.language, document.no_hyphenation)
        if key != self._key or len(self._caches[1]) > self.LIMIT:
            self._key, self._caches = key, ({}, {})
        return self._caches


class Fitted(Frozen):
    """Validated sources and their page layout, before any rendering."""

    sources: Sources
    template_name: str
    edition: Edition
    document: Document
    template: Template
    layout: Layout
    notices: tuple[InputIssue, ...] = ()  # located warnings: text the page will not print

    @property
    def fit(self) -> Fit:
        return Fit(self.layout.font_size, self.layout.fill, self.layout.columns)

    def summary(self) -> str:
        """The fit in words: '5 initiatives fit on one A4 page at 8.75 pt, 96% full, columns
        level; MKB-roltrap goes on in the next column'; warnings follow on their own lines."""
        count = len(self.document.initiatives)
        fit = "initiative fits" if count == 1 else "initiatives fit"
        text = (
            f"{count} {fit} on one A4 page at "
            f"{self.layout.font_size:g} pt, {self.layout.fill:.0%} full, columns level"
        )
        names = {i.id: i.label for i in self.document.initiatives}
        going = [names.get(k, k) for k in self.layout.continued() if k in names]
        if going:
            verb = "goes" if len(going) == 1 else "go"
            text += f"; {' and '.join(going)} {verb} on in the next column"
        text += "".join(f"\nwarning: {w}" for w in self.layout.warnings)
        for owner, name, lines, size in self.layout.advice:  # each at the field's line
            where = place_of(self.sources, owner, name)
            cut = f"{lines} line{'' if lines == 1 else 's'}"
            text += (f"\nwarning: {where}: for a comfortable {size:g} pt, cut {cut} "
                     f"of '{name}' ({names.get(owner, owner)})")  # fmt: skip
        text += "".join(f"\nwarning: {n.where}: {n.message} ({n.field})" for n in self.notices)
        return text

    @property
    def warnings(self) -> list[str]:
        """Each warning in words: the layout's, then those located in a file (FILE:LINE:COL)."""
        return [*self.layout.warnings, *(str(n) for n in self.notices)]


class Built(Frozen):
    """A finished page and everything that went into it."""

    pdf: bytes
    fitted: Fitted
    manifest: Manifest

    @property
    def document(self) -> Document:
        return self.fitted.document


def gather(project: Path, template: str = "default") -> tuple[Sources, str]:
    """Read a project's inputs and its template into one set of sources."""
    sources = read_inputs(project)
    name, path = locate(template, project)
    log.info("read %d input files from %s; template %s", len(sources), project, path)
    data = template_bytes(path, name)
    sources = sources.with_file(name, data)
    logo = _logo_of(name, data)
    if logo:
        sources = sources.with_file(logo[0], read_image(project, *logo))
    return sources, name


def _logo_of(name: str, data: bytes) -> tuple[str, Location] | None:
    """The logo a template names, with the line it is named on (None if none or invalid)."""
    try:
        template = read_template(name, data)
    except InputErrors:
        return None  # validate() reports the template's problems with the rest
    if not template.logo:
        return None
    text = data.decode("utf-8", "replace").splitlines()
    line = next((i for i, ln in enumerate(text, 1) if ln.lstrip().startswith("logo:")), 1)
    return template.logo, Location(name, line, 1)


def validate(sources: Sources, template_name: str) -> tuple[Document, Template]:
    """Validate inputs and template together, so every problem is reported in one run."""
    issues: list[InputIssue] = []
    document: Document | None = None
    template: Template | None = None
    try:
        template = read_template(template_name, sources[template_name])
    except InputErrors as exc:
        issues.extend(exc.issues)
    try:
        document = read_document(_inputs_only(sources))
    except InputErrors as exc:
        issues.extend(exc.issues)
    if issues or document is None or template is None:
        raise InputErrors(issues)
    return document, template


def fit(
    sources: Sources,
    template_name: str,
    edition: Edition | None = None,
    start: float | None = None,
    warm: Warm | None = None,
) -> Fitted:
    """Validate and lay out; the layout is the same whatever the edition (issue 8).

    `start` is a font size to try first (the watch loop's last one) and `warm`
    what earlier fits in this process measured: the same page comes out, sooner
    when the text changed little.
    """
    from proeve.inputs.printed import cut_short
    from proeve.page.layout import fit_page
    from proeve.page.printable import check_printable

    edition = edition or Edition()
    document, template = validate(sources, template_name)
    check_printable(sources, template_name, document, template)
    notices = tuple(cut_short(sources, document, template_name))
    sources = carried(sources, document)  # what the draft embeds, hashes and stamps
    page_stamp = stamp_of(sources, edition, document, template)
    cache = warm.caches(document, template) if warm is not None else None
    try:
        layout = fit_page(document, template, page_stamp, logo_of(sources, template), start, cache)
    except FitError as error:
        _place_cuts(error, sources)
        raise
    log.debug("fit: %g pt, %.0f%% full, after %d trial layouts", layout.font_size,
              layout.fill * 100, layout.tries)  # fmt: skip
    return Fitted(sources, template_name, edition, document, template, layout, notices)


def carried(sources: Sources, document: Document) -> Sources:
    """The sources a draft carries: with their comments, unless the overview leaves them out."""
    from proeve.inputs.uncommented import with_or_without_comments

    return with_or_without_comments(sources, keep=document.embed_comments == "true")


def place_of(sources: Sources, initiative: str, field: str) -> Location:
    """Where an initiative's field is written: the line the advice to cut points at."""
    from proeve.inputs.load import key_location

    name = f"inputs/initiatives/{initiative}.yaml"
    if name not in sources:
        return Location(name)
    return key_location(name, sources[name], field)


def _place_cuts(error: FitError, sources: Sources) -> None:
    """Add to each cut the file, line and column of every field it cuts from (`places`)."""

    def placed(cuts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {**cut, "places": {f: place_of(sources, cut["id"], f).to_json() for f in cut["fields"]}}
            for cut in cuts
        ]

    error.cuts = placed(error.cuts)
    if error.comfortable is not None:
        error.comfortable = {**error.comfortable, "cuts": placed(error.comfortable["cuts"])}


def stamp_of(sources: Sources, edition: Edition, document: Document, template: Template) -> Stamp:
    """What a page of these sources says about its edition, in the document's language."""
    labels = template.labels[document.language]
    return stamp(edition, labels, printed_date(edition, document.date), sources.sha256())


def make_pdf(
    sources: Sources,
    template_name: str,
    edition: Edition | None = None,
    when: dt.datetime | None = None,
    tagged: bool = True,
    positions: bool = True,
    start: float | None = None,
    warm: Warm | None = None,
    toolchain: bool = True,
) -> Built:
    """Validate, fit and render; the same sources, edition and moment give the same bytes.

    The page is tagged (PDF/A-3a, PDF/UA-1); `tagged=False` paints the same page
    untagged (PDF/A-3b), for comparing the two. `positions=False` leaves the
    position map out of the manifest, as drafts made before it had none; so does
    `toolchain=False` with the toolchain. `start`
    is the font size the fit tries first, `warm` what earlier fits kept (see `fit`).
    """
    fitted = fit(sources, template_name, edition, start, warm)
    return render(fitted, when, tagged, positions, toolchain=toolchain)


def render(
    fitted: Fitted,
    when: dt.datetime | None = None,
    tagged: bool = True,
    positions: bool = True,
    overlay: Callable[[Any], None] | None = None,
    toolchain: bool = True,
) -> Built:
    """A fitted page as PDF bytes: painted, with its metadata, position map and sources
    attached (diff renders a page it has already fitted; preview one that does not fit).

    `overlay` paints on the canvas after the page, as an artifact (the watch loop's
    out-of-date mark over the last good page)."""
    from proeve.page.fonts import register
    from proeve.page.recorder import MeasuringCanvas, RecordingPen
    from proeve.pdf import write as pdfa

    sources, template_name = fitted.sources, fitted.template_name
    document, template, edition = fitted.document, fitted.template, fitted.edition
    when = when or moment(edition, document.date)
    layout = fitted.layout
    size = (layout.page.width, layout.page.height)
    labels = template.labels[document.language]
    watermark = labels.watermark if edition.status == "draft" else None
    manifests: list[Manifest] = []

    def paint(pen: Pen) -> None:
        # The position map is recorded in the same pass that paints the page.
        recording = RecordingPen(pen.canvas, inner=pen) if positions else None
        _paint(recording or pen, layout, template, watermark, overlay)
        recorded = recording.position_map(size) if recording else None
        made_with = current_toolchain() if toolchain else None
        manifests.append(Manifest(__version__, template_name, edition, when, sources.sha256(),
                                  recorded, made_with))  # fmt: skip

    def attachments() -> list[pdfa.Attachment]:
        files = [pdfa.Attachment(embeddable(n), sources[n], _mime(n), "Source") for n in sources]
        files.append(
            pdfa.Attachment(
                MANIFEST,
                manifests[0].to_bytes(),
                "application/json",
                "Supplement",
                "how proeve built this page",
            )
        )
        return files

    meta = pdfa.by_proeve(
        title=document.title,
        author=(document.owner.name if document.owner else document.organisation) or "",
        subject=document.subtitle or document.title,
        keywords=", ".join(document.keywords),
        language=document.language,
        when=when,
    )
    pdf = pdfa.write_pdf(
        size,
        meta,
        attachments,
        register(template.font).regular,
        paint,
        tagged,
        canvas_class=MeasuringCanvas if positions else None,
    )
    return Built(pdf, fitted, manifests[0])


def _paint(
    pen: Pen,
    layout: Layout,
    template: Template,
    watermark: str | None,
    overlay: Callable[[Any], None] | None,
) -> None:
    from proeve.page.draw import paint_page

    paint_page(pen, layout, template, watermark)
    if overlay is not None:
        with pen.artifact():  # a mark over the page, not a part of its text
            overlay(pen.canvas)


def overflow_pdf(sources: Sources, template_name: str, error: FitError) -> bytes:
    """The page that does not fit, at the smallest size, marked where it runs over."""
    document, template = validate(sources, template_name)
    layout = error.page
    fitted = Fitted(sources, template_name, Edition(), document, template, layout)
    return render(fitted, positions=False).pdf  # not a draft: no comments come back to it


def logo_of(sources: Sources, template: Template) -> bytes | None:
    """The template's logo image, as gathered with the sources."""
    return sources.get(template.logo) if template.logo else None


def embeddable(name: str) -> str:
    """A source's name, if proeve's own reader will take it back (proeve.inputs.names);
    checking at `check` should make this never refuse: it is the last guard before a draft."""
    if not is_source_name(name):
        raise UsageError(f"{name}: not a name proeve can embed and read back; rename it "
                         f"(use only {RULE}, directly in templates/ or inputs/)")  # fmt: skip
    return name


def _mime(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower()
    return {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}.get(
        suffix, "application/yaml"
    )


def _inputs_only(sources: Sources) -> Sources:
    return Sources({n: sources[n] for n in sources if n.startswith("inputs/")})


def embedded(attachments: dict[str, bytes], label: str = "PDF") -> tuple[Sources, Manifest]:
    """A proeve PDF's sources and manifest, from its attachments; UsageError if it has none."""
    if MANIFEST not in attachments:
        raise UsageError(f"{label}: no proeve sources embedded (not made by proeve?)")
    manifest = Manifest.from_bytes(attachments[MANIFEST], label)
    sources = Sources({n: d for n, d in attachments.items() if n != MANIFEST})
    if not manifest.template.startswith("templates/"):
        raise UsageError(f"{label}: its manifest names {manifest.template!r} as the template, "
                         "which is no file under templates/ (a forged proeve.json?)")  # fmt: skip
    if manifest.template not in sources:
        raise UsageError(f"{label}: its template {manifest.template!r} is not embedded")
    return sources, manifest


def rebuild(attachments: dict[str, bytes], label: str = "PDF") -> Built:
    """Build again from a PDF's embedded sources and manifest (for verify and extract)."""
    sources, manifest = embedded(attachments, label)
    return make_pdf(
        sources,
        manifest.template,
        manifest.edition,
        manifest.when,
        positions=manifest.positions is not None,
        toolchain=manifest.toolchain is not None,
    )
