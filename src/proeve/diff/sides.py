"""`2`, `v2` or a PDF path -> a Side: the PDF's bytes and, if proeve made it, its embedded sources.

Everything read here may come from outside (a PDF received by e-mail), so it is
bounded in size and time, and attachment names are checked, never trusted.
"""

from __future__ import annotations

import hashlib
import re
from itertools import islice
from pathlib import Path
from typing import Any

from proeve.errors import ProeveError, UsageError
from proeve.frozen import Frozen, field

READ_SECONDS = 5.0
MANIFEST = "proeve.json"
_DRAFT = re.compile(r"[vV]?0*([0-9]{1,6})")


class Side(Frozen):
    """One of the two PDFs being compared."""

    label: str
    path: Path
    data: bytes = field(repr=False)
    attachments: dict[str, bytes] | None = field(default=None, repr=False)
    version: int | None = None
    status: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def structured(self) -> bool:
        """Whether the PDF carries proeve sources, so a structured diff is possible."""
        return self.attachments is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "file": str(self.path),
            "version": self.version,
            "status": self.status,
            "proeve_sources": self.structured,
            "sha256": hashlib.sha256(self.data).hexdigest(),
        }


def load(spec: str, project: Path) -> Side:
    """Resolve a draft number through the register, or take a path; then read the PDF."""
    match = _DRAFT.fullmatch(spec)
    if match and not spec.lower().endswith(".pdf"):
        return _from_register(int(match.group(1)), project)
    path = Path(spec)
    return read_side(path, path.name)


def _from_register(number: int, project: Path) -> Side:
    from proeve.drafts.register import read_register

    output = project / "output"
    try:
        records = read_register(output)
    except ProeveError as exc:
        raise UsageError(str(exc)) from None
    if not records:
        raise UsageError(
            f"no drafts in {output} (build one with `proeve build`, or pass two PDF paths)"
        )
    record = next((r for r in records if r.version == number), None)
    if record is None:
        known = ", ".join(f"v{r.version}" for r in records)
        raise UsageError(f"no draft v{number} in {output / 'versions.json'} (drafts: {known})")
    side = read_side(output / record.file, f"v{number}")
    notes = side.notes
    if hashlib.sha256(side.data).hexdigest() != record.sha256:
        notes += (f"v{number}: {record.file} does not match its checksum in the register",)
    return Side(side.label, side.path, side.data, side.attachments, number, record.status, notes)


def read_side(path: Path, label: str) -> Side:
    """Read one PDF within the size and time limits; keep its sources if proeve made it."""
    from proeve.inputs.extract import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, MAX_PDF_BYTES
    from proeve.pdf.read import attachments, bounded, check_complete, deadline, open_pdf

    try:
        if not path.is_file():
            raise UsageError(f"{label}: no such file {path}")
        size = path.stat().st_size
        if size > MAX_PDF_BYTES:
            raise UsageError(f"{label}: {size // 2**20} MiB is more than the 50 MiB limit")
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{label}: cannot read {path} ({exc.strerror})") from None
    check_complete(data, label)
    with deadline(READ_SECONDS, label):
        reader = open_pdf(data, label)
        with bounded(label):
            listed = islice(reader.attachment_list, MAX_ATTACHMENTS + 1)
            names = [str(item.name) for item in listed]
        for name in names:
            check_name(name, label)
        if MANIFEST not in names:
            return Side(label, path, data)
        files = attachments(data, label, MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES)
    return Side(label, path, data, files, *_edition(files, label))


def check_name(name: str, label: str) -> None:
    """Refuse names that would lead out of a folder if anyone wrote them to disk."""
    parts = re.split(r"[/\\]", name)
    if name.startswith(("/", "\\")) or ".." in parts or "\0" in name or re.match("[A-Za-z]:", name):
        raise UsageError(
            f"{label}: refusing the PDF: embedded file name {name!r} leaves its folder"
        )


def _edition(files: dict[str, bytes], label: str) -> tuple[int | None, str | None]:
    from proeve.chain import manifest_of
    from proeve.inputs.extract import safe_name

    try:
        for name in files:
            if name != MANIFEST:
                safe_name(name)
        edition = manifest_of(files).get("edition")
    except UsageError as exc:
        raise UsageError(f"{label}: {exc}") from None
    if not isinstance(edition, dict):
        raise UsageError(f"{label}: the PDF's proeve.json has no edition")
    version, status = edition.get("version"), edition.get("status")
    return (
        version if isinstance(version, int) else None,
        status if isinstance(status, str) else None,
    )
