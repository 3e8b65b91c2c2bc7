"""An annotated PDF received by mail -> its marks, its page text and the draft it is a copy of.

Everything here reads untrusted files: the PDF within proeve.pdf.read's limits
(size, end marker, parser limits, deadline, attachment names and sizes), its
text in pdfium's bounded child (proeve.pdf.pagetext). A copy that still carries
its proeve sources is placed through them and the position map in its
manifest. A copy whose reader dropped the attachments is matched to its draft
in the project's register by the trace the page prints ("Concept v2 · bron
1a2b3c4d"); anything else gets its comments listed by page position only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from proeve.comments.locate import Sourcebook
from proeve.errors import InputErrors, ProeveError, UsageError
from proeve.frozen import Frozen, field, replace
from proeve.identity import Manifest, PositionMap
from proeve.inputs.sources import Sources
from proeve.pdf.annotations import Mark
from proeve.pdf.pagetext import PageText, read_pages

PICTURE_DPI = 170  # the sheet draws the page at 89%: 190 ppi, sharp on paper
# The footer's trace: "Concept v2 · bron 1a2b3c4d" (the word for sources is the template's).
_TRACE = re.compile(r"v(\d{1,6})\s*·\s*\S{1,20}\s+([0-9a-f]{8})\b")


class Draft(Frozen):
    """The draft a copy was made from: its label, sources, position map and document facts."""

    key: str  # one per draft: copies with the same key are merged
    label: str  # 'v2', or the file's name when it is not a proeve draft
    sources: Sources | None = field(default=None, repr=False)
    positions: PositionMap | None = field(default=None, repr=False)
    language: str = "nl"
    titles: dict[str, str] = field(default_factory=dict, repr=False)
    note: str = ""
    book: Sourcebook | None = field(default=None, repr=False, compare=False)  # sources, parsed
    title: str = ""  # the document's title and who answers for it (the sheet's metadata)
    author: str = ""


class Copy(Frozen):
    """One annotated PDF: where it came from, its marks, the text of its marked pages."""

    label: str
    path: Path
    marks: tuple[Mark, ...]
    pages: dict[int, PageText] = field(repr=False)
    draft: Draft


def read_copy(path: Path, project: Path, picture: bool = False) -> Copy:
    """Read an annotated PDF: its marks, its pages' text, and the draft it is a copy of."""
    from proeve.pdf.read import marks as read_marks
    from proeve.pdf.read import proeve_files, read_file

    label = path.name
    data = read_file(path, label)
    marks = read_marks(data, label)
    files = proeve_files(data, label)
    numbers = sorted({m.page for m in marks} | ({1} if picture else set()))
    pages = read_pages(path, label, numbers, PICTURE_DPI if picture else 0) if numbers else {}
    found = draft_of(files, label) if files is not None else _by_trace(pages.get(1), project, label)
    return Copy(label, path, marks, pages, found)


def draft_of(files: dict[str, bytes], label: str) -> Draft:
    """A proeve PDF's draft from its attachments; a map rebuilt where an older draft has none."""
    from proeve.chain import embedded

    sources, manifest = embedded(files, label)
    edition = manifest.edition
    name = f"v{edition.version}" if edition.version else edition.status
    key = f"{manifest.sources_sha256}:{edition.status}:{edition.version}"
    positions, note = manifest.positions, ""
    document = _document(sources, manifest)
    if positions is None:
        positions = _rebuilt_map(sources, manifest)
        note = (
            f"{label}: made before drafts carried a position map; its page was laid out "
            "again with this proeve to find the fields"
            if positions is not None
            else f"{label}: no position map, and its sources no longer lay out: no fields found"
        )
    language = getattr(document, "language", "nl")
    titles = {i.id: i.title for i in document.initiatives} if document is not None else {}
    title = str(getattr(document, "title", "") or "")
    owner = getattr(document, "owner", None)
    author = (owner.name if owner else getattr(document, "organisation", "")) or ""
    return Draft(key, name, sources, positions, language, titles, note, Sourcebook(sources),
                 title=title, author=author)  # fmt: skip


def _document(sources: Sources, manifest: Manifest) -> Any:
    from proeve.chain import validate

    try:
        return validate(sources, manifest.template)[0]
    except (InputErrors, ProeveError):
        return None


def _rebuilt_map(sources: Sources, manifest: Manifest) -> PositionMap | None:
    from proeve.chain import fit
    from proeve.page.recorder import record_positions

    try:
        fitted = fit(sources, manifest.template, manifest.edition)
    except ProeveError:
        return None
    return record_positions(fitted.layout, fitted.template)


def _by_trace(page: PageText | None, project: Path, label: str) -> Draft:
    """A copy without attachments: its draft found in the register by the page's printed trace."""
    foreign = Draft(
        f"file:{label}", label, note=f"{label}: no proeve sources (not a proeve draft, or its "
        "reader dropped them): comments listed by page position only"
    )  # fmt: skip
    match = _TRACE.search(page.text) if page is not None else None
    if match is None:
        return foreign
    number, short = int(match.group(1)), match.group(2)
    from proeve.diff.sides import load

    try:
        side = load(str(number), project)
    except ProeveError:
        return foreign
    if side.attachments is None:
        return foreign
    from proeve.chain import embedded

    if not embedded(side.attachments, side.label)[1].sources_sha256.startswith(short):
        return foreign
    found = draft_of(side.attachments, side.label)
    note = (
        f"{label}: carries no sources (its reader dropped them); its page names v{number} "
        f"(bron {short}), so it is placed through {side.path.name}"
    )
    return replace(found, note=note)


def check_copies(paths: list[Path]) -> None:
    """Refuse an empty list and the same file twice (a usage error, before reading anything)."""
    if not paths:
        raise UsageError("give at least one annotated PDF")
    seen: set[Path] = set()
    for path in paths:
        resolved = path.resolve()
        if resolved in seen:
            raise UsageError(f"{path} is given twice")
        seen.add(resolved)
