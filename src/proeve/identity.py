"""A build's identity -> what the page says about itself, and the manifest the PDF carries.

One idea under one set of names: an `Edition` (status, draft number, moment) is
what makes one build of given sources unique; a `Stamp` is what the page prints
about it (the header's status slot and the footer's trace, made only here);
the `Manifest` (proeve.json, attached to every PDF) records how the page was
built; a `Fit` is how the sources came out on the page; a `PositionMap` is
where each input field's text lies on the page (every draft's manifest carries
one: `proeve comments` finds the field under a reviewer's mark with it; it is
recorded by proeve.page.recorder). No ReportLab here: log, verify and diff read
identities without laying out a page.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from proeve.errors import UsageError
from proeve.frozen import Frozen
from proeve.toolchain import Toolchain

if TYPE_CHECKING:
    from proeve.inputs.template import Labels

STATUSES = ("preview", "draft", "final")  # a preview has no number; drafts and finals do
MANIFEST = "proeve.json"
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
# A manifest with its position map: a few KiB for a page, room for the densest one.
MAX_MANIFEST_BYTES = 256 * 1024
WIDEST_NUMBER = 9999  # the status slot keeps room for drafts up to v9999


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
    def from_json(cls, data: object) -> Edition:
        """Read an edition back; ValueError when a value has the wrong type."""
        if not isinstance(data, dict):
            raise ValueError("the edition is not a JSON object")
        status, version, created = (data.get(k) for k in ("status", "version", "created"))
        if status not in STATUSES:
            raise ValueError(f"edition status {status!r} is not one of {', '.join(STATUSES)}")
        if version is not None and (type(version) is not int or version < 1):
            raise ValueError(f"edition version {version!r} is not a positive whole number")
        if created is not None and not isinstance(created, str):
            raise ValueError("edition created is not a time")
        return cls(status, version, dt.datetime.fromisoformat(created) if created else None)

    def word(self, labels: Labels) -> str:
        """The status in the page's words, with the draft number: 'Concept v3', 'Werkversie'."""
        word = {"preview": labels.preview, "draft": labels.draft, "final": labels.final}
        text = word[self.status]
        return f"{text} v{self.version}" if self.version else text


class Stamp(Frozen):
    """What the page prints about its edition: the header's status slot, the footer's trace."""

    slot: str
    trace: str
    final: bool = False


def stamp(
    edition: Edition, labels: Labels, printed: dt.date | None, sources_sha256: str = ""
) -> Stamp:
    """The words for a page: 'Concept v3 · 28 november 2026' and 'Concept v3 · bron 1a2b3c4d'."""
    word = edition.word(labels)
    slot = word + (f" · {labels.date(printed)}" if printed else "")
    short = sources_sha256[:8]
    trace = word + (f" · {labels.sources} {short}" if short else "")
    return Stamp(slot, trace, edition.status == "final")


def widest_slots(labels: Labels) -> list[str]:
    """Slots at least as wide as any an edition can print, for reserving the header's room.

    Why: the header's title wraps beside the slot, so a slot sized by its own
    text would give a draft a different page than its check (issue 8). Digits
    are all one width in the faces proeve uses, so v9999 and day 28 stand for all.
    """
    words = (labels.preview, labels.draft, labels.final)
    day = dt.date(2026, 1, 28)
    return [
        f"{word} v{WIDEST_NUMBER} · {day.day} {month} {day.year}"
        for word in words
        for month in labels.months
    ]


def printed_date(edition: Edition, document_date: dt.date | None) -> dt.date | None:
    """The date a page prints: the document's own, else the day a numbered draft was made."""
    if document_date:
        return document_date
    return edition.created.date() if edition.created else None


def moment(edition: Edition, document_date: dt.date | None) -> dt.datetime:
    """The build's moment: the draft's record, SOURCE_DATE_EPOCH, the document date, or an epoch."""
    if edition.created:
        return edition.created.astimezone(dt.timezone.utc)
    epoch = source_date_epoch()
    if epoch:
        return epoch
    if document_date:
        return dt.datetime.combine(document_date, dt.time(), dt.timezone.utc)
    return EPOCH


def source_date_epoch() -> dt.datetime | None:
    """The moment `SOURCE_DATE_EPOCH` gives (reproducible builds), or None when it is not set.

    A build writes it where it would write the time of day: the preview's moment,
    a new draft's `created`.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time") from None


def made_now() -> dt.datetime:
    """When a working document (a review, a comment sheet) is made: SOURCE_DATE_EPOCH, else now."""
    return source_date_epoch() or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


class Fit(Frozen):
    """How sources came out on the page: the body size (pt), how full (0-1), the columns."""

    font_size: float
    fill: float
    columns: tuple[tuple[str, ...], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"font_size": self.font_size, "fill": round(self.fill, 3)}


class Manifest(Frozen):
    """proeve.json: how a page was built, enough to build it again from its sources.

    `positions` says where each field's text lies on the page (proeve.identity);
    manifests written before it existed still read, without one.
    """

    proeve: str
    template: str
    edition: Edition
    when: dt.datetime
    sources_sha256: str
    positions: PositionMap | None = None
    toolchain: Toolchain | None = None  # what else shaped the bytes (none before it was kept)

    def to_bytes(self) -> bytes:
        data: dict[str, Any] = {
            "proeve": self.proeve,
            "template": self.template,
            "edition": self.edition.to_json(),
            "when": self.when.isoformat(),
            "sources_sha256": self.sources_sha256,
        }
        if self.toolchain is not None:
            data["toolchain"] = self.toolchain.to_json()
        text = json.dumps(data, indent=1, sort_keys=True)
        if self.positions is not None:
            text = text[: -len("\n}")] + ',\n "positions": ' + _map_text(self.positions) + "\n}"
        return text.encode()

    @classmethod
    def from_bytes(cls, data: bytes, label: str = "PDF") -> Manifest:
        """Read a manifest from a PDF of unknown origin; UsageError saying what is wrong."""
        where = f"{label}: the proeve.json attachment"
        parsed = read_json(data, where)
        if not isinstance(parsed, dict):
            raise UsageError(f"{where} is not a JSON object")
        try:
            template = parsed["template"]
            if not isinstance(template, str) or not isinstance(parsed["proeve"], str):
                raise ValueError("its template or proeve version is not text")
            positions = parsed.get("positions")
            toolchain = parsed.get("toolchain")
            return cls(
                proeve=parsed["proeve"],
                template=template,
                edition=Edition.from_json(parsed.get("edition")),
                when=dt.datetime.fromisoformat(str(parsed["when"])),
                sources_sha256=str(parsed["sources_sha256"]),
                positions=None if positions is None else PositionMap.from_json(positions),
                toolchain=None if toolchain is None else Toolchain.from_json(toolchain),
            )
        except KeyError as exc:
            raise UsageError(f"{where} is incomplete (no {exc.args[0]!r})") from None
        except (TypeError, ValueError) as exc:
            raise UsageError(f"{where} is not valid ({exc})") from None


def _map_text(positions: PositionMap) -> str:
    """The position map as JSON with one field to a line: compact, and readable in a diff."""
    data = positions.to_json()
    lines = ",\n".join(
        f"   {json.dumps(name)}: {json.dumps(boxes, separators=(',', ':'))}"
        for name, boxes in data["fields"].items()
    )
    return f'{{\n  "fields": {{\n{lines}\n  }},\n  "page": {json.dumps(data["page"])}\n }}'


def read_json(data: bytes, where: str, limit: int = MAX_MANIFEST_BYTES) -> Any:
    """Parse JSON that may come from anywhere, bounded in size; UsageError if it is not JSON.

    Nesting is bounded by the parser itself: past Python's recursion limit it
    raises RecursionError, which becomes the same clear error.
    """
    if len(data) > limit:
        raise UsageError(f"{where} is larger than {limit // 1024} KiB")
    try:
        return json.loads(data)
    except RecursionError:
        raise UsageError(f"{where} is nested too deeply") from None
    except ValueError:
        raise UsageError(f"{where} is not valid JSON") from None


# Where each input field's text lies on a page (proeve.json's `positions`).
Rect = tuple[float, float, float, float]  # x, y (bottom), width, height in PDF points

MAX_FIELDS = 3000
MAX_BOXES = 12000
MAX_NAME = 200
# A field as pens name it: the file's part, a colon, a path of keys, [index] and [id].
FIELD = re.compile(r"(overview|initiatives/[a-z0-9][a-z0-9-]{0,39}):[A-Za-z_][\w.\[\]-]{0,150}")


def rounded(value: float) -> float | int:
    """A coordinate at 0.1 pt, written as an int when whole (the map stays small and stable)."""
    value = round(value, 1) + 0.0  # + 0.0: no '-0.0' in the JSON
    return int(value) if value.is_integer() else value


class PositionMap(Frozen):
    """The page size and, per field, the boxes of its lines in reading order."""

    page: tuple[float, float]
    fields: dict[str, tuple[Rect, ...]]

    def boxes(self) -> Iterator[tuple[str, Rect]]:
        """Every (field, box) on the page."""
        for name, boxes in self.fields.items():
            for box in boxes:
                yield name, box

    def to_json(self) -> dict[str, Any]:
        return {
            "page": [rounded(v) for v in self.page],
            "fields": {
                name: [[rounded(v) for v in box] for box in boxes]
                for name, boxes in sorted(self.fields.items())
            },
        }

    @classmethod
    def from_json(cls, data: object) -> PositionMap:
        """Read a map from a PDF of unknown origin; ValueError saying what is wrong.

        Bounded: at most MAX_FIELDS fields and MAX_BOXES boxes, names as pens
        write them, finite numbers near the page.
        """
        if not isinstance(data, dict):
            raise ValueError("the position map is not a JSON object")
        page = _numbers(data.get("page"), 2, "the page size")
        if not all(0 < v <= 20000 for v in page):
            raise ValueError("the page size is out of range")
        fields = data.get("fields")
        if not isinstance(fields, dict):
            raise ValueError("the position map has no fields")
        if len(fields) > MAX_FIELDS:
            raise ValueError(f"the position map has more than {MAX_FIELDS} fields")
        out: dict[str, tuple[Rect, ...]] = {}
        total = 0
        limit = 2 * max(page)
        for name, boxes in fields.items():
            if len(name) > MAX_NAME or not FIELD.fullmatch(name):
                raise ValueError(f"the position map names an unknown field {name[:60]!r}")
            if not isinstance(boxes, list):
                raise ValueError(f"the boxes of {name} are not a list")
            total += len(boxes)
            if total > MAX_BOXES:
                raise ValueError(f"the position map holds more than {MAX_BOXES} boxes")
            read = tuple(_box(box, name, limit) for box in boxes)
            out[name] = read
        return cls((page[0], page[1]), out)


def _numbers(value: object, count: int, what: str) -> list[float]:
    if not isinstance(value, list) or len(value) != count:
        raise ValueError(f"{what} is not a list of {count} numbers")
    numbers = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (int, float)) or not math.isfinite(item):
            raise ValueError(f"{what} holds something that is not a number")
        numbers.append(float(item))
    return numbers


def _box(value: object, name: str, limit: float) -> Rect:
    x, y, w, h = _numbers(value, 4, f"a box of {name}")
    if not (-limit <= x <= limit and -limit <= y <= limit and 0 <= w <= limit and 0 <= h <= limit):
        raise ValueError(f"a box of {name} lies far off the page")
    return (x, y, w, h)
