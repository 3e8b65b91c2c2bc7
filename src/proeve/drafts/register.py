"""output/versions.json <-> a list of draft Records: the register's format, read strictly."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from pathlib import Path
from typing import Any

from proeve.errors import ProeveError, WriteError
from proeve.frozen import Frozen
from proeve.fsio import trouble
from proeve.identity import Edition, Fit
from proeve.toolchain import Toolchain

REGISTER = "versions.json"
DRAFT_NAME = re.compile(r"(?P<slug>[a-z0-9][a-z0-9-]*)-v(?P<number>[0-9]{3,})\.pdf")
FORMAT = 1
MAX_REGISTER_BYTES = 64 * 2**20  # ten thousand drafts take about 6 MiB
_CREATED = "%Y-%m-%dT%H:%M:%SZ"
_SHA256 = re.compile(r"[0-9a-f]{64}")
_FIELDS = (
    "version",
    "file",
    "sha256",
    "created",
    "message",
    "status",
    "sources_sha256",
    "template",
    "proeve",
    "git_commit",
    "fit",
)
# Kept since records carry them; a record written before has none (read as unknown).
_OPTIONAL = ("git_dirty", "toolchain")

log = logging.getLogger(__name__)


class Record(Frozen):
    """One draft in the register: what was written, when, from which sources."""

    version: int
    file: str
    sha256: str
    created: dt.datetime
    message: str
    status: str
    sources_sha256: str
    template: str
    proeve: str
    git_commit: str | None
    fit: Fit
    git_dirty: bool | None = None  # the inputs or templates differed from git_commit
    toolchain: Toolchain | None = None  # what else shaped the bytes (proeve.toolchain)

    @property
    def name(self) -> str:
        return f"v{self.version:03d}"

    def matches(self, data: bytes) -> bool:
        """Whether `data` are the bytes this record was written with (its sha256)."""
        return hashlib.sha256(data).hexdigest() == self.sha256

    @property
    def edition(self) -> Edition:
        """The edition the draft was built as: with its sources, it rebuilds the same bytes."""
        return Edition(self.status, self.version, self.created)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "file": self.file,
            "sha256": self.sha256,
            "created": self.created.astimezone(dt.timezone.utc).strftime(_CREATED),
            "message": self.message,
            "status": self.status,
            "sources_sha256": self.sources_sha256,
            "template": self.template,
            "proeve": self.proeve,
            "git_commit": self.git_commit,
            "fit": self.fit.to_json(),
            **({} if self.git_dirty is None else {"git_dirty": self.git_dirty}),
            **({} if self.toolchain is None else {"toolchain": self.toolchain.to_json()}),
        }  # a record read without the later fields is written back as it was

    @classmethod
    def from_json(cls, data: object) -> Record:
        """Check every field; raise ValueError saying which one is wrong."""
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        missing = [f for f in _FIELDS if f not in data]
        unknown = sorted(set(data) - {*_FIELDS, *_OPTIONAL})
        if missing or unknown:
            raise ValueError(f"missing fields {missing}, unknown fields {unknown}")
        version = data["version"]
        if type(version) is not int or version < 1:
            raise ValueError(f"version {version!r} is not a positive whole number")
        fit = data["fit"]
        if not isinstance(fit, dict) or not all(
            isinstance(fit.get(k), (int, float)) for k in ("font_size", "fill")
        ):
            raise ValueError("fit needs numbers font_size and fill")
        return cls(
            version=version,
            file=_text(data, "file", DRAFT_NAME),
            sha256=_text(data, "sha256", _SHA256),
            created=_created(data["created"]),
            message=_text(data, "message"),
            status=_text(data, "status", re.compile("draft|final")),
            sources_sha256=_text(data, "sources_sha256", _SHA256),
            template=_text(data, "template"),
            proeve=_text(data, "proeve"),
            git_commit=None if data["git_commit"] is None else _text(data, "git_commit"),
            fit=Fit(float(fit["font_size"]), float(fit["fill"])),
            **_optional(data),
        )


def _optional(data: dict[str, Any]) -> dict[str, Any]:
    """The fields a record may lack (written before proeve kept them)."""
    dirty, toolchain = data.get("git_dirty"), data.get("toolchain")
    if dirty is not None and not isinstance(dirty, bool):
        raise ValueError(f"git_dirty {dirty!r} is not true, false or null")
    return {
        "git_dirty": dirty,
        "toolchain": None if toolchain is None else Toolchain.from_json(toolchain),
    }


def _text(data: dict[str, Any], field: str, pattern: re.Pattern[str] | None = None) -> str:
    value = data[field]
    if not isinstance(value, str) or (pattern and not pattern.fullmatch(value)):
        raise ValueError(f"{field} {value!r} is not valid")
    return value


def _created(value: object) -> dt.datetime:
    try:
        return dt.datetime.strptime(str(value), _CREATED).replace(tzinfo=dt.timezone.utc)
    except ValueError:
        raise ValueError(f"created {value!r} is not a UTC time like 2026-11-28T06:25:43Z") from None


def read_register(output_dir: Path) -> list[Record]:
    """The drafts in `output_dir/versions.json`, oldest first; no register means no drafts."""
    path = output_dir / REGISTER
    keep = "proeve will not replace it; restore it (from git or a backup) or move it away"
    try:
        size = path.stat().st_size
        if size > MAX_REGISTER_BYTES:
            raise ProeveError(f"{path}: {size:,} bytes, more than a register holds "
                              f"({MAX_REGISTER_BYTES:,}); {keep}")  # fmt: skip
        text = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise WriteError(f"cannot read the register: {trouble(exc, path)}") from None
    try:
        data = json.loads(text)
    except RecursionError:
        # Why here: json.loads recurses per level, so a '[[[[...' register would end in a traceback.
        raise ProeveError(f"{path}: the register is nested too deeply to be one; {keep}") from None
    except ValueError as exc:
        raise ProeveError(f"{path}: the register is not valid JSON ({exc}); {keep}") from None
    if not isinstance(data, dict) or "proeve_register" not in data:
        raise ProeveError(f"{path}: not a proeve register (no 'proeve_register' key); {keep}")
    if data["proeve_register"] != FORMAT or not isinstance(data.get("drafts"), list):
        raise ProeveError(
            f"{path}: register format {data['proeve_register']!r} is not one this proeve "
            f"reads (format {FORMAT} with a 'drafts' list); {keep}"
        )
    records = []
    for index, item in enumerate(data["drafts"], 1):
        try:
            records.append(Record.from_json(item))
        except ValueError as exc:
            raise ProeveError(f"{path}: draft record {index}: {exc}; {keep}") from None
    numbers = [r.version for r in records]
    if numbers != sorted(set(numbers)):
        raise ProeveError(f"{path}: draft numbers repeat or are out of order; {keep}")
    return records


def register_bytes(records: list[Record]) -> bytes:
    """The register file for these records (one canonical serialisation)."""
    document = {"proeve_register": FORMAT, "drafts": [r.to_json() for r in records]}
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode()
