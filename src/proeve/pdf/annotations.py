"""An annotated PDF from anywhere -> its reviewers' marks as records, read within fixed bounds.

What readers write, and what is read here (PDF 32000 12.5.6; the conventions of
Acrobat, Edge, pdf.js, Okular and Preview as their files show them):
- text marks (Highlight, Underline, StrikeOut, Squiggly) cover their words with
  /QuadPoints, four corners a word box in an order each reader picks: only the
  corners' bounding box is used, so every order reads the same;
- a Caret marks an insertion (its /Contents is the inserted text); Acrobat's
  "replace text" is a Caret with a StrikeOut grouped to it (/IRT, /RT /Group);
- Text (sticky notes), FreeText (a text box, maybe with a callout /CL) and Ink
  (freehand; /IT /InkHighlight is Edge's and pdf.js's free highlight);
- who (/T, may be missing or empty), when (/M, else /CreationDate), what
  (/Contents, else the /RC rich text, else the /Popup's /Contents);
- replies point at their parent with /IRT; a reply with /State sets a review
  state (Accepted, Rejected, ...) rather than saying something.
Everything is bounded: pages, marks, numbers per mark, text length, and the
whole read runs under proeve.pdf.read's parser limits and deadline (read.marks).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from html.parser import HTMLParser
from typing import Any

from proeve.errors import UsageError
from proeve.frozen import Frozen

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points

KINDS = ("Highlight", "Underline", "StrikeOut", "Squiggly", "Caret", "Text", "FreeText", "Ink",
         "Square", "Circle", "Line", "Polygon", "PolyLine", "Stamp")  # fmt: skip
MAX_PAGES = 200
MAX_MARKS = 2000
MAX_QUADS = 400
MAX_INK_POINTS = 20_000
MAX_TEXT = 20_000
MAX_RICH = 200_000
MAX_NAME = 200


class Mark(Frozen):
    """One annotation as a reader wrote it."""

    ref: int  # its object number (unique within the file; a negative count for direct objects)
    page: int  # from 1
    kind: str  # the /Subtype without its slash
    rect: Box
    quads: tuple[Box, ...] = ()
    strokes: tuple[Box, ...] = ()  # ink: each stroke's box
    author: str = ""
    date: dt.datetime | None = None
    text: str = ""
    name: str = ""  # /NM
    intent: str = ""  # /IT without its slash
    reply_to: int | None = None
    group: bool = False  # /RT /Group: one unit with the mark it points at
    state: str = ""  # /State of a review-state reply
    callout: tuple[float, float] | None = None  # where a FreeText's callout line points


def read_marks(reader: Any, label: str) -> tuple[Mark, ...]:
    """Every reviewer's mark on the first MAX_PAGES pages (links, popups and widgets skipped).

    For proeve.pdf.read (`marks`), which calls it within its bounds: pypdf parses lazily.
    """
    marks: list[Mark] = []
    direct = 0
    for number, page in enumerate(reader.pages[:MAX_PAGES], start=1):
        annots = page.get("/Annots")
        if annots is None:
            continue
        annots = annots.get_object() if hasattr(annots, "get_object") else annots
        if not isinstance(annots, list):
            continue
        for item in annots:
            if len(marks) >= MAX_MARKS:
                raise UsageError(f"{label}: more than {MAX_MARKS} annotations; refusing it")
            ref = getattr(item, "idnum", None)
            if ref is None:
                direct -= 1
                ref = direct
            mark = _mark(item.get_object(), int(ref), number)
            if mark is not None:
                marks.append(mark)
    return tuple(marks)


def _mark(annot: Any, ref: int, page: int) -> Mark | None:
    if not hasattr(annot, "raw_get"):  # not a dictionary
        return None
    kind = _name(annot.get("/Subtype"))
    if kind not in KINDS:
        return None
    rect = _box(_numbers(annot.get("/Rect"), 4))
    if rect is None:
        return None
    irt = annot.raw_get("/IRT") if "/IRT" in annot else None  # the reference, not the object
    state = _name(annot.get("/State")) if "/StateModel" in annot or "/State" in annot else ""
    return Mark(
        ref=ref,
        page=page,
        kind=kind,
        rect=rect,
        quads=_quads(annot.get("/QuadPoints")),
        strokes=_strokes(annot.get("/InkList"), _width(annot)),
        author=_text(annot.get("/T")).strip()[:MAX_NAME],
        date=parse_date(_text(annot.get("/M")) or _text(annot.get("/CreationDate"))),
        text=_contents(annot),
        name=_text(annot.get("/NM"))[:200],
        intent=_name(annot.get("/IT")),
        reply_to=getattr(irt, "idnum", None),
        group=_name(annot.get("/RT")) == "Group",
        state=state,
        # /CL means something only on a callout (ISO 32000-1, Table 174): on a plain text box
        # a stray /CL would move the comment to wherever it points.
        callout=_callout(annot.get("/CL"))
        if _name(annot.get("/IT")) == "FreeTextCallout"
        else None,
    )


def _name(value: Any) -> str:
    """A PDF name (or a string where a reader wrote one) without its slash."""
    return str(value).lstrip("/")[:60] if isinstance(value, str) else ""


def _text(value: Any) -> str:
    """A PDF text string as Python text: pypdf decodes PDFDocEncoding and UTF-16."""
    if isinstance(value, str):
        return str(value)[:MAX_TEXT]
    if isinstance(value, bytes):
        data = bytes(value[: 2 * MAX_TEXT])
        if data[:2] in (b"\xfe\xff", b"\xff\xfe"):
            return data.decode("utf-16", "replace")
        return data.decode("utf-8", "replace")
    return ""


def _contents(annot: Any) -> str:
    """What the mark says: /Contents, else its rich text, else its popup's /Contents."""
    text = _text(annot.get("/Contents"))
    if not text.strip():
        rich = annot.get("/RC")
        if hasattr(rich, "get_data"):  # a stream is allowed too
            rich = rich.get_data()[:MAX_RICH]
        raw = rich.decode("utf-8", "replace") if isinstance(rich, bytes) else _text(rich)
        text = rich_text(raw)
    if not text.strip():
        popup = annot.get("/Popup")
        if isinstance(popup, dict):
            text = _text(popup.get("/Contents"))
    return clean(text)


def clean(text: str) -> str:
    """Line ends as \\n, no trailing blanks, no control characters but newlines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c == "\n" or (c >= " " and c != "\x7f"))
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


class _Rich(HTMLParser):
    """XHTML rich text -> plain text: paragraphs and breaks become line ends; nothing is fetched.

    Only the body's words count: a declaration before it (a DTD with entities)
    is skipped, and entities are never expanded beyond HTML's own.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.parts = []  # what came before the body is no text
        elif tag in ("p", "br", "div") and self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def rich_text(markup: str) -> str:
    """The words of /RC rich text (Acrobat's XHTML body), bounded in length."""
    if not markup.strip():
        return ""
    parser = _Rich()
    parser.feed(markup[:MAX_RICH])
    parser.close()
    return "".join(parser.parts)[:MAX_TEXT]


def _numbers(value: Any, count: int | None = None, limit: int = 64) -> list[float] | None:
    """A list of finite numbers (of `count`, or at most `limit`), else None."""
    if hasattr(value, "get_object"):
        value = value.get_object()
    if not isinstance(value, list) or (count is not None and len(value) != count):
        return None
    if len(value) > limit:
        return None
    numbers = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (int, float)):
            return None
        number = float(item)
        if not math.isfinite(number) or abs(number) > 1e6:
            return None
        numbers.append(number)
    return numbers


def _box(numbers: list[float] | None) -> Box | None:
    if numbers is None:
        return None
    x0, y0, x1, y1 = numbers
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _quads(value: Any) -> tuple[Box, ...]:
    """QuadPoints as boxes: each quad's corners in any order (readers differ) -> their bounds."""
    numbers = _numbers(value, limit=8 * MAX_QUADS)
    if not numbers or len(numbers) % 8:
        return ()
    boxes = []
    for i in range(0, len(numbers), 8):
        xs, ys = numbers[i : i + 8 : 2], numbers[i + 1 : i + 8 : 2]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return tuple(boxes)


def _width(annot: Any) -> float:
    border = annot.get("/BS")
    width = border.get("/W") if isinstance(border, dict) else None
    return float(width) if isinstance(width, (int, float)) and 0 <= width < 100 else 1.0


def _strokes(value: Any, width: float) -> tuple[Box, ...]:
    """An InkList's strokes as boxes, widened by half the pen's width."""
    if hasattr(value, "get_object"):
        value = value.get_object()
    if not isinstance(value, list):
        return ()
    boxes, total = [], 0
    for stroke in value[:200]:
        numbers = _numbers(stroke, limit=MAX_INK_POINTS)
        if not numbers or len(numbers) % 2:
            continue
        total += len(numbers)
        if total > MAX_INK_POINTS:
            break
        xs, ys = numbers[0::2], numbers[1::2]
        half = width / 2
        boxes.append((min(xs) - half, min(ys) - half, max(xs) + half, max(ys) + half))
    return tuple(boxes)


def _callout(value: Any) -> tuple[float, float] | None:
    numbers = _numbers(value, limit=6)
    if not numbers or len(numbers) not in (4, 6):
        return None
    return numbers[0], numbers[1]  # the line starts where it points


_DATE = re.compile(
    r"(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
    r"(?:([Zz+-])(?:(\d{2})'?(\d{2})?'?)?)?"
)


def parse_date(text: str) -> dt.datetime | None:
    """A PDF date: D:YYYYMMDDHHmmSS with +01'00', -07'00', Z or Z00'00' (Preview), or nothing.

    A date without a zone is read as UTC: pdf.js writes UTC that way.
    """
    match = _DATE.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, sign, tz_hour, tz_minute = match.groups()
    try:
        offset = dt.timedelta(hours=int(tz_hour or 0), minutes=int(tz_minute or 0))
        zone = dt.timezone(-offset if sign == "-" else offset)
        return dt.datetime(int(year), int(month or 1), int(day or 1), int(hour or 0),
                           int(minute or 0), int(second or 0), tzinfo=zone)  # fmt: skip
    except ValueError:
        return None
