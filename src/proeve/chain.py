"""Project folder or embedded sources -> a finished PDF: load, validate, fit, render."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proeve import __version__
from proeve.errors import InputErrors, InputIssue, Location, UsageError
from proeve.frozen import Frozen
from proeve.inputs.model import Document, read_document
from proeve.inputs.sources import Sources, read_image, read_inputs
from proeve.inputs.template import Template, locate, read_template
from proeve.page.furniture import Stamp

if TYPE_CHECKING:  # the layout module imports ReportLab; load it only when building
    from proeve.page.layout import Layout

MANIFEST = "proeve.json"
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


class Edition(Frozen):
    """What makes one build of given sources unique: status, number and moment (UTC)."""

    status: str = "preview"
    version: int | None = None
    created: dt.datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "version": self.version,
            "created": self.created.isoformat() if self.created else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Edition:
        created = data.get("created")
        return cls(
            status=data.get("status", "preview"),
            version=data.get("version"),
            created=dt.datetime.fromisoformat(created) if created else None,
        )


class Fitted(Frozen):
    """A validated document and its page layout, before any rendering."""

    document: Document
    template: Template
    layout: Layout

    def fit_json(self) -> dict[str, Any]:
        return {"font_size": self.layout.font_size, "fill": round(self.layout.fill, 3)}

    def summary(self) -> str:
        """The fit in words, e.g. '5 initiatives fit on one A4 page at 8.25 pt, 99% full'."""
        count = len(self.document.initiatives)
        fit = "initiative fits" if count == 1 else "initiatives fit"
        return (
            f"{count} {fit} on one A4 page at "
            f"{self.layout.font_size:g} pt, {self.layout.fill:.0%} full"
        )


class Built(Frozen):
    """A finished page and everything that went into it."""

    pdf: bytes
    fitted: Fitted
    sources: Sources
    template: str
    edition: Edition

    @property
    def layout(self) -> Layout:
        return self.fitted.layout

    @property
    def document(self) -> Document:
        return self.fitted.document

    def fit_json(self) -> dict[str, Any]:
        return self.fitted.fit_json()


def gather(project: Path, template: str = "default") -> tuple[Sources, str]:
    """Read a project's inputs and its template into one set of sources."""
    sources = read_inputs(project)
    name, path = locate(template, project)
    data = path.read_bytes()
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


def moment(edition: Edition, document: Document) -> dt.datetime:
    """The build's moment: the draft's record, SOURCE_DATE_EPOCH, the document date, or an epoch."""
    if edition.created:
        return edition.created.astimezone(dt.timezone.utc)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        except (ValueError, OverflowError):
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time") from None
    if document.date:
        return dt.datetime.combine(document.date, dt.time(), dt.timezone.utc)
    return EPOCH


def make_pdf(
    sources: Sources,
    template_name: str,
    edition: Edition | None = None,
    when: dt.datetime | None = None,
) -> Built:
    """Validate, fit and render; the same sources, edition and moment give the same bytes."""
    from proeve.page.draw import render_pdf
    from proeve.page.layout import fit_page
    from proeve.pdf import write as pdfa

    edition = edition or Edition()
    document, template = validate(sources, template_name)
    when = when or moment(edition, document)
    printed = when.date() if edition.created else None
    stamp = Stamp(edition.status, edition.version, printed, sources.sha256()[:8])
    layout = fit_page(document, template, stamp, logo_of(sources, template))
    labels = template.labels[document.language]
    manifest = {
        "proeve": __version__,
        "template": template_name,
        "edition": edition.to_json(),
        "when": when.isoformat(),
        "sources_sha256": sources.sha256(),
    }
    attachments = [pdfa.Attachment(n, sources[n], _mime(n), "Source") for n in sources]
    attachments.append(
        pdfa.Attachment(
            MANIFEST,
            json.dumps(manifest, indent=1, sort_keys=True).encode(),
            "application/json",
            "Supplement",
            "how proeve built this page",
        )
    )
    meta = pdfa.Metadata(
        title=document.title,
        author=(document.owner.name if document.owner else document.organisation) or "",
        subject=document.subtitle or document.title,
        keywords=", ".join(document.keywords),
        language="nl-NL" if document.language == "nl" else "en-GB",
        creator=f"proeve {__version__}",
        producer=f"proeve {__version__} with ReportLab",
        when=when,
    )
    watermark = labels.watermark if edition.status == "draft" else None
    pdf = render_pdf(layout, template, meta, attachments, watermark)
    return Built(pdf, Fitted(document, template, layout), sources, template_name, edition)


def logo_of(sources: Sources, template: Template) -> bytes | None:
    """The template's logo image, as gathered with the sources."""
    return sources.get(template.logo) if template.logo else None


def _mime(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower()
    return {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}.get(
        suffix, "application/yaml"
    )


def _inputs_only(sources: Sources) -> Sources:
    return Sources({n: sources[n] for n in sources if n.startswith("inputs/")})


def manifest_of(attachments: dict[str, bytes]) -> dict[str, Any]:
    """Read and check the build manifest carried in a proeve PDF."""
    if MANIFEST not in attachments:
        raise UsageError("this PDF carries no proeve sources (no proeve.json attachment)")
    try:
        data: dict[str, Any] = json.loads(attachments[MANIFEST])
    except ValueError:
        raise UsageError("the PDF's proeve.json attachment is not valid JSON") from None
    return data


def rebuild(attachments: dict[str, bytes]) -> Built:
    """Build again from a PDF's embedded sources and manifest (for verify and extract)."""
    manifest = manifest_of(attachments)
    sources = Sources({n: d for n, d in attachments.items() if n != MANIFEST})
    try:
        edition = Edition.from_json(manifest.get("edition") or {})
        when = dt.datetime.fromisoformat(manifest["when"])
        template = str(manifest["template"])
    except (KeyError, TypeError, ValueError):
        raise UsageError("the PDF's proeve.json attachment is incomplete") from None
    return make_pdf(sources, template, edition, when)
