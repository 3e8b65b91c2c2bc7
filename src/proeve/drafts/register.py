"""output/versions.json <-> a list of draft Records: the register's format, read strictly."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
import re
from pathlib import Path
from typing import Any

from proeve.errors import ProeveError, WriteError
from proeve.frozen import Frozen
from proeve.fsio import NotAFile, TooLarge, read_bounded, trouble
from proeve.identity import Edition, Fit
from proeve.toolchain import Toolchain

REGISTER = "versions.json"
DRAFT_NAME = re.compile(r"(?P<slug>[a-z0-9][a-z0-9-]*)-v(?P<number>[0-9]{3,})\.pdf")
FORMAT = 1
MAX_REGISTER_BYTES = 64 * 2**20  # ten thousand drafts take about 6 MiB
MAX_VERSION = 10**9 - 1  # nine digits: far past any project's drafts, exact in every JSON reader
MAX_MESSAGE = 4000  # characters: a record stays far below what an archived record may be
MAX_NAME = 1000  # characters in the template's and proeve's names
_CREATED = "%Y-%m-%dT%H:%M:%SZ"
_CREATED_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_COMMIT = re.compile(r"[0-9a-f]{40,64}")
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


class FieldError(ValueError):
    """A record's field that is not what proeve writes; `field` names it (the key in the JSON)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class DamagedRegister(ProeveError):
    """A register proeve will not read or write: trouble with the output folder (exit 2)."""

    exit_code = 2


def utc_text(moment: dt.datetime) -> str:
    """A moment as the register writes it: `2026-11-28T06:25:43Z`, the year always four digits.

    Why by hand: strftime's %Y writes the year 999 as '999' on some systems,
    which no ISO 8601 reader (ours included) reads back.
    """
    t = moment.astimezone(dt.timezone.utc)
    return f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}:{t.second:02d}Z"


def check_message(message: str) -> str:
    """`message` when a record can hold it; ValueError saying why not."""
    if len(message) > MAX_MESSAGE:
        raise ValueError(
            f"the message is {len(message):,} characters; a draft's message holds at most "
            f"{MAX_MESSAGE:,} (say more in the inputs or the commit)"
        )
    return message


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
            "created": utc_text(self.created),
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
        """Check every field; raise ValueError saying which one is wrong.

        Strict where a hand edit could slip past a looser reader: numbers that
        are whole and bounded (no 400-digit integer) or finite (no NaN), text
        that is valid Unicode (no lone surrogate) and bounded, a time that
        reads back as written. What passes here, `to_json` writes back the same.
        """
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        missing = [f for f in _FIELDS if f not in data]
        unknown = sorted(set(data) - {*_FIELDS, *_OPTIONAL})
        if missing or unknown:
            raise ValueError(f"missing fields {missing}, unknown fields {unknown}")
        version = _version(data["version"])
        file = _text(data, "file", DRAFT_NAME)
        if int(DRAFT_NAME.fullmatch(file)["number"]) != version:  # type: ignore[index]
            raise FieldError("file", f"file {file!r} does not carry version {version}")
        return cls(
            version=version,
            file=file,
            sha256=_text(data, "sha256", _SHA256),
            created=_created(data["created"]),
            message=_message(data),
            status=_text(data, "status", re.compile("draft|final")),
            sources_sha256=_text(data, "sources_sha256", _SHA256),
            template=_text(data, "template", limit=MAX_NAME),
            proeve=_text(data, "proeve", limit=MAX_NAME),
            git_commit=None if data["git_commit"] is None else _text(data, "git_commit", _COMMIT),
            fit=_fit(data["fit"]),
            **_optional(data),
        )


def _optional(data: dict[str, Any]) -> dict[str, Any]:
    """The fields a record may lack (written before proeve kept them)."""
    dirty, toolchain = data.get("git_dirty"), data.get("toolchain")
    if dirty is not None and not isinstance(dirty, bool):
        raise FieldError("git_dirty", f"git_dirty {_short(repr(dirty))} is not true, false or null")
    try:
        made_with = None if toolchain is None else Toolchain.from_json(toolchain)
    except ValueError as exc:
        raise FieldError("toolchain", str(exc)) from None
    return {"git_dirty": dirty, "toolchain": made_with}


def _version(value: object) -> int:
    if type(value) is not int or not 1 <= value <= MAX_VERSION:
        shown = (
            f"a {len(str(value))}-digit number" if type(value) is int and value > 0 else repr(value)
        )
        raise FieldError(
            "version",
            f"version {_short(shown)} is not a draft number "
            f"(a whole number from 1 to {MAX_VERSION:,})",
        )
    return value


def _fit(fit: object) -> Fit:
    if not isinstance(fit, dict):
        raise FieldError("fit", "fit needs numbers font_size and fill")
    numbers = []
    for key in ("font_size", "fill"):
        value = fit.get(key)
        if type(value) not in (int, float) or not _finite(value):  # type: ignore[arg-type]
            raise FieldError(key, f"fit.{key} {_short(repr(value))} is not a finite number")
        numbers.append(float(value))  # type: ignore[arg-type]
    return Fit(numbers[0], numbers[1])


def _finite(value: float) -> bool:
    try:
        return math.isfinite(float(value))
    except OverflowError:  # an integer too large for a float
        return False


def _message(data: dict[str, Any]) -> str:
    try:
        return check_message(_text(data, "message", limit=None))
    except FieldError:
        raise
    except ValueError as exc:
        raise FieldError("message", str(exc)) from None


def _text(
    data: dict[str, Any],
    field: str,
    pattern: re.Pattern[str] | None = None,
    limit: int | None = MAX_NAME,
) -> str:
    value = data[field]
    if not isinstance(value, str) or (pattern and not pattern.fullmatch(value)):
        raise FieldError(field, f"{field} {_short(repr(value))} is not valid")
    if limit is not None and len(value) > limit:
        raise FieldError(field, f"{field} is {len(value):,} characters, more than {limit:,}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise FieldError(
            field,
            f"{field} holds {value[exc.start]!r} at character {exc.start + 1}, half of a "
            "UTF-16 pair (a lone surrogate), which is no character",
        ) from None
    return value


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else f"{text[: limit - 5]}...{text[-2:]}"


def _created(value: object) -> dt.datetime:
    try:
        if not isinstance(value, str) or not _CREATED_TEXT.fullmatch(value):
            raise ValueError
        return dt.datetime.strptime(value, _CREATED).replace(tzinfo=dt.timezone.utc)
    except ValueError:
        raise FieldError(
            "created", f"created {_short(repr(value))} is not a UTC time like 2026-11-28T06:25:43Z"
        ) from None


_KEEP = "proeve will not replace it; restore it (from git or a backup) or move it away"


def read_register(output_dir: Path) -> list[Record]:
    """The drafts in `output_dir/versions.json`, oldest first; no register means no drafts.

    A register proeve cannot read whole is refused (DamagedRegister, exit 2),
    never repaired or replaced: the message names the file and the record.
    """
    path = output_dir / REGISTER
    try:
        text = read_bounded(path, MAX_REGISTER_BYTES)
    except FileNotFoundError:
        return []
    except TooLarge as exc:
        held = f"{exc.size:,} bytes" if exc.size is not None else "it grew while read"
        raise DamagedRegister(f"{path}: {held}, more than a register holds "
                              f"({MAX_REGISTER_BYTES:,}); {_KEEP}") from None  # fmt: skip
    except NotAFile as exc:
        raise DamagedRegister(f"{path}: {exc.strerror}, so not a register; {_KEEP}") from None
    except OSError as exc:
        raise WriteError(f"cannot read the register: {trouble(exc, path)}") from None
    return parse_register(text, path)


def parse_register(text: bytes, path: Path, advice: str = _KEEP) -> list[Record]:
    """The records in a register's bytes; DamagedRegister, naming `path` and where, if not."""
    try:
        data = json.loads(text)
    except RecursionError:
        # Why here: json.loads recurses per level, so a '[[[[...' register would end in a traceback.
        raise DamagedRegister(
            f"{path}: the register is nested too deeply to be one; {advice}"
        ) from None
    except ValueError as exc:
        raise DamagedRegister(f"{path}: the register is not valid JSON ({exc}); {advice}") from None
    if not isinstance(data, dict) or "proeve_register" not in data:
        raise DamagedRegister(f"{path}: not a proeve register (no 'proeve_register' key); {advice}")
    if data["proeve_register"] != FORMAT or not isinstance(data.get("drafts"), list):
        raise DamagedRegister(
            f"{path}: register format {_short(repr(data['proeve_register']))} is not one this "
            f"proeve reads (format {FORMAT} with a 'drafts' list); {advice}"
        )
    records = []
    for index, item in enumerate(data["drafts"], 1):
        try:
            records.append(Record.from_json(item))
        except ValueError as exc:
            where = _line_of(text, len(data["drafts"]), index, exc)
            raise DamagedRegister(
                f"{path}{where}: {_record_at(index, item)}: {exc}; {advice}"
            ) from None
    numbers = [r.version for r in records]
    if numbers != sorted(set(numbers)):
        raise DamagedRegister(f"{path}: draft numbers repeat or are out of order; {advice}")
    return records


def _line_of(text: bytes, records: int, index: int, error: ValueError) -> str:
    """':LINE:COL' of the wrong field of record `index`, when the text shows it unambiguously.

    Why a search, not the parser's positions: json keeps none. Every record
    holds each key once, so the key's index-th appearance is the record's,
    when it appears once per record and nowhere else (escaped in a message).
    """
    if not isinstance(error, FieldError):
        return ""
    shown = text.decode("utf-8", "replace")
    keys = list(re.finditer(rf'(?<!\\)"{re.escape(error.field)}"\s*:', shown))
    if len(keys) != records:
        return ""
    at = keys[index - 1].start()
    line_start = shown.rfind("\n", 0, at) + 1
    return f":{shown.count(chr(10), 0, at) + 1}:{at - line_start + 1}"


def _record_at(index: int, item: object) -> str:
    """Where a record is, for a message: its place in the list, and its number if it has one."""
    version = item.get("version") if isinstance(item, dict) else None
    if type(version) is int and 1 <= version <= MAX_VERSION:
        return f"draft record {index} (v{version:03d})"
    return f"draft record {index}"


def register_bytes(records: list[Record]) -> bytes:
    """The register file for these records (one canonical serialisation).

    Read back before it is returned: proeve never writes a register it would
    refuse (DamagedRegister saying why, before anything is written).
    """
    document = {"proeve_register": FORMAT, "drafts": [r.to_json() for r in records]}
    try:
        data = (json.dumps(document, indent=1, ensure_ascii=False, allow_nan=False) + "\n").encode()
    except (ValueError, UnicodeEncodeError) as exc:
        raise DamagedRegister(f"{REGISTER}: a record cannot be written ({exc})") from None
    parse_register(data, Path(REGISTER), "proeve would not read it back, so nothing was written")
    return data
