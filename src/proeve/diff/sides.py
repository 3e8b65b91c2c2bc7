"""`2`, `v2` or a PDF path -> a Side: the PDF's bytes and, if proeve made it, its embedded sources.

Everything read here may come from outside (a PDF received by e-mail), so it is
bounded in size and time, and attachment names are checked, never trusted.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from proeve.errors import ProeveError, UsageError
from proeve.frozen import Frozen, field

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
    trouble: str = ""  # a numbered draft that is not what its register recorded

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
    from proeve.drafts.folder import output_folder
    from proeve.drafts.register import read_register

    output = output_folder(project)
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
    trouble = ""
    if not record.matches(side.data):
        trouble = (f"v{number}: {output / record.file} does not match its checksum in the "
                   "register: it was replaced or damaged after it was built (restore it from "
                   "the archive or a backup)")  # fmt: skip
    return Side(side.label, side.path, side.data, side.attachments, number, record.status,
                side.notes, trouble)  # fmt: skip


def read_side(path: Path, label: str) -> Side:
    """Read one PDF within proeve.pdf.read's limits; keep its sources if proeve made it."""
    from proeve.chain import embedded
    from proeve.pdf.read import proeve_files, read_file

    data = read_file(path, label)
    files = proeve_files(data, label)
    if files is None:
        return Side(label, path, data)
    edition = embedded(files, label)[1].edition
    return Side(label, path, data, files, edition.version, edition.status)
