"""Test helper: annotate a draft the way real readers do, as dictionaries their files show.

Each writer below builds the annotation dictionary one reader writes, with the
keys, date format, QuadPoints order and popups/replies of that reader (see the
notes on each); they are appended to a copy of the draft as an incremental
update, as readers save. Where the words are comes from pdfium's text search on
our own draft, as a reader's selection would give them.

QuadPoints orders seen in the wild (each quad: four corners of a word box):
- TOP_FIRST  upper-left, upper-right, lower-left, lower-right: Acrobat, pdf.js
             (HighlightEditor.serializeQuadPoints), Okular since 2020 (poppler-qt
             swaps its points 3 and 4), Preview (AAPL:AKExtras files)
- SPEC       counter-clockwise from lower-left, as PDF 32000 12.5.6.10 draws it
- BOTTOM_FIRST lower-left, lower-right, upper-left, upper-right: the order pdf.js's
             reader notes as "used in practice" (annotation.js getQuadPoints)
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

Box = tuple[float, float, float, float]  # x0, y0, x1, y1

Order = Callable[[Box], list[float]]


def TOP_FIRST(b: Box) -> list[float]:
    return [b[0], b[3], b[2], b[3], b[0], b[1], b[2], b[1]]


def SPEC(b: Box) -> list[float]:
    return [b[0], b[1], b[2], b[1], b[2], b[3], b[0], b[3]]


def BOTTOM_FIRST(b: Box) -> list[float]:
    return [b[0], b[1], b[2], b[1], b[0], b[3], b[2], b[3]]


def _across_a_hyphen(text: Any, words: str, occurrence: int) -> tuple[int, int] | None:
    """(first char, count) of `words` where a line end hyphenates one of them.

    pdfium's search does not look past the soft hyphen it reads there (U+FFFE).
    """
    full = text.get_text_range()
    kept = [i for i, c in enumerate(full) if c not in "\ufffe\xad"]
    joined = "".join(full[i] for i in kept)
    at = -1
    for _ in range(occurrence + 1):
        at = joined.find(words, at + 1)
        if at < 0:
            return None
    first, last = kept[at], kept[at + len(words) - 1]
    return first, last - first + 1


def find(pdf: Path, words: str, occurrence: int = 0) -> list[Box]:
    """The line boxes a reader's selection of `words` covers on page 1 (one box per line)."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        text = document[0].get_textpage()
        searcher = text.search(words, match_case=True)
        found = None
        for _ in range(occurrence + 1):
            found = searcher.get_next()
        found = found or _across_a_hyphen(text, words, occurrence)
        assert found, f"{words!r} not on the page"
        start, count = found
        lines: list[list[float]] = []
        for index in range(start, start + count):
            left, bottom, right, top = text.get_charbox(index, loose=True)
            if right - left <= 0:
                continue
            if lines and abs(lines[-1][1] - bottom) < 1:
                lines[-1][2] = max(lines[-1][2], right)
                lines[-1][3] = max(lines[-1][3], top)
            else:
                lines.append([left, bottom, right, top])
        return [(a, b, c, d) for a, b, c, d in lines]
    finally:
        document.close()


def after(pdf: Path, words: str) -> Box:
    """A caret's box just after `words`, as Acrobat's 'insert text at cursor' places it."""
    last = find(pdf, words)[-1]
    height = last[3] - last[1]
    return (last[2] - 3, last[1], last[2] + 3, last[1] + height * 0.8)


def _value(value: Any) -> Any:
    if isinstance(value, (IndirectObject, DictionaryObject, ArrayObject)):
        return value
    if isinstance(value, bool):
        return BooleanObject(value)
    if isinstance(value, int):
        return NumberObject(value)
    if isinstance(value, float):
        return FloatObject(round(value, 4))
    if isinstance(value, str) and value.startswith("/"):
        return NameObject(value)
    if isinstance(value, str):
        return TextStringObject(value)
    if isinstance(value, (list, tuple)):
        return ArrayObject(_value(v) for v in value)
    if isinstance(value, dict):
        return DictionaryObject({NameObject(k): _value(v) for k, v in value.items()})
    raise TypeError(value)


def rect_of(boxes: list[Box], pad: float = 0.5) -> list[float]:
    return [min(b[0] for b in boxes) - pad, min(b[1] for b in boxes) - pad,
            max(b[2] for b in boxes) + pad, max(b[3] for b in boxes) + pad]  # fmt: skip


class Annotator:
    """A copy of a draft to annotate; `save()` appends the annotations as readers do."""

    def __init__(self, draft: Path, copy: Path) -> None:
        shutil.copyfile(draft, copy)
        self.draft = draft
        self.copy = copy
        self.writer = PdfWriter(str(copy), incremental=True)
        if PdfReader(str(copy)).trailer["/Size"] - 1 > len(self.writer._objects):
            # pypdf numbers new objects over an earlier update's: rewrite the copy whole
            # instead (as a reader's "Save As" does).
            self.writer = PdfWriter(clone_from=str(copy))
        self.page = self.writer.pages[0]

    def add(self, entries: dict[str, Any], popup: list[float] | None = None) -> IndirectObject:
        """Add one annotation (and, like Acrobat and pdf.js, its popup); return its reference."""
        annot = _value({"/Type": "/Annot", **entries})
        annot[NameObject("/P")] = self.page.indirect_reference
        ref = self.writer._add_object(annot)
        annots = self.page.get("/Annots")
        if annots is None:
            self.page[NameObject("/Annots")] = ArrayObject()
            annots = self.page["/Annots"]
        annots = annots.get_object()
        annots.append(ref)
        if popup is not None:
            pop = _value({"/Type": "/Annot", "/Subtype": "/Popup", "/Rect": popup,
                          "/F": 28, "/Open": False})  # fmt: skip
            pop[NameObject("/Parent")] = ref
            pop_ref = self.writer._add_object(pop)
            annot[NameObject("/Popup")] = pop_ref
            annots.append(pop_ref)
        return ref

    def save(self) -> Path:
        with self.copy.open("wb") as out:
            self.writer.write(out)
        return self.copy


# --- Acrobat (Reader DC / Acrobat 2024; cf. pdfannots' caret.pdf, issue61.pdf, pr24.pdf) ---


def acrobat_rich(text: str) -> str:
    """Acrobat's /RC: an XHTML body with xfa attributes and a styled span per paragraph."""
    spans = "".join(
        f'<p dir="ltr"><span dir="ltr" style="font-size:10.0pt;text-align:left;color:#000000;'
        f'font-weight:normal;font-style:normal">{line}</span></p>'
        for line in text.split("\n")
    )
    return (
        '<?xml version="1.0"?><body xmlns="http://www.w3.org/1999/xhtml" '
        'xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/" xfa:APIVersion="Acrobat:24.2.0" '
        f'xfa:spec="2.0.2" >{spans}</body>'
    )


def acrobat_date(day: int, hour: int = 14, month: int = 12) -> str:
    return f"D:2026{month:02d}{day:02d}{hour:02d}3012+01'00'"


def acrobat_popup(rect: list[float]) -> list[float]:
    """Acrobat opens popups in the page's right margin, off the page: x from 612."""
    return [612, rect[3] - 92, 796, rect[3]]


def acrobat_markup(
    a: Annotator,
    kind: str,
    boxes: list[Box],
    author: str,
    day: int,
    text: str = "",
    subject: str | None = None,
    rich: bool = True,
    **extra: Any,
) -> IndirectObject:
    """Highlight, Underline, StrikeOut or Squiggly as Acrobat writes it (quads top first)."""
    rect = rect_of(boxes)
    subjects = {"Highlight": "Highlight", "StrikeOut": "Cross-Out", "Underline": "Underline",
                "Squiggly": "Squiggly"}  # fmt: skip
    entries: dict[str, Any] = {
        "/Subtype": f"/{kind}", "/Rect": rect, "/F": 4, "/C": [1.0, 0.819611, 0.0],
        "/CA": 1.0, "/T": author, "/M": acrobat_date(day, 15), "/CreationDate": acrobat_date(day),
        "/NM": f"{kind.lower()}-{day}-{author}-{len(a.page.get('/Annots') or [])}",
        "/Subj": subject or subjects[kind],
        "/QuadPoints": [v for b in boxes for v in TOP_FIRST(b)],
    }  # fmt: skip
    if text:
        entries["/Contents"] = text
        if rich:
            entries["/RC"] = acrobat_rich(text)
    entries.update({f"/{k}": v for k, v in extra.items()})
    return a.add(entries, popup=acrobat_popup(rect))


def acrobat_reply(
    a: Annotator, parent: IndirectObject, author: str, day: int, text: str
) -> IndirectObject:
    """A reply: a hidden-icon Text annotation with /IRT to the comment it answers."""
    rect = list(parent.get_object()["/Rect"])
    return a.add(
        {"/Subtype": "/Text", "/Rect": [float(v) for v in rect], "/F": 28, "/Name": "/Comment",
         "/T": author, "/M": acrobat_date(day, 9), "/CreationDate": acrobat_date(day, 9),
         "/Contents": text, "/RC": acrobat_rich(text), "/Subj": "Sticky Note", "/IRT": parent,
         "/C": [1.0, 0.819611, 0.0]},
        popup=acrobat_popup([float(v) for v in rect]),
    )  # fmt: skip


def acrobat_state(
    a: Annotator, parent: IndirectObject, author: str, day: int, state: str = "Accepted"
) -> IndirectObject:
    """A review state (PDF 32000 12.5.6.3): a hidden Text with /IRT, /State and /StateModel."""
    rect = [float(v) for v in parent.get_object()["/Rect"]]
    return a.add(
        {"/Subtype": "/Text", "/Rect": rect, "/F": 30, "/Name": "/Comment", "/T": author,
         "/M": acrobat_date(day, 10), "/Contents": f"{state} set by {author}",
         "/IRT": parent, "/State": f"/{state}", "/StateModel": "/Review"}
    )  # fmt: skip


def acrobat_replace(a: Annotator, boxes: list[Box], author: str, day: int, new: str) -> None:
    """'Replace text': a Caret (/IT /Replace) leads, a StrikeOut is grouped to it (caret.pdf)."""
    last = boxes[-1]
    caret_rect = [last[2] - 4, last[1], last[2] + 4, last[3]]
    caret = a.add(
        {"/Subtype": "/Caret", "/Rect": caret_rect, "/F": 4, "/C": [0.0745, 0.451, 0.9098],
         "/T": author, "/M": acrobat_date(day, 11), "/CreationDate": acrobat_date(day, 11),
         "/Contents": new, "/RC": acrobat_rich(new), "/IT": "/Replace",
         "/Subj": "Inserted Text", "/RD": [0.8988, 0.8988, 0.8988, 0.8988]},
        popup=acrobat_popup(caret_rect),
    )  # fmt: skip
    acrobat_markup(a, "StrikeOut", boxes, author, day, IRT=caret, RT="/Group",
                   IT="/StrikeOutTextEdit", rich=False)  # fmt: skip


def acrobat_caret(a: Annotator, box: Box, author: str, day: int, text: str) -> IndirectObject:
    """'Insert text at cursor': a small Caret whose /Contents is the text to insert (issue61.pdf)."""
    rect = list(box)
    return a.add(
        {"/Subtype": "/Caret", "/Rect": rect, "/F": 4, "/C": [0.0, 0.0, 1.0], "/T": author,
         "/M": acrobat_date(day, 12), "/CreationDate": acrobat_date(day, 12), "/Contents": text,
         "/RC": acrobat_rich(text), "/Subj": "Inserted Text",
         "/RD": [0.5622, 0.5622, 0.5622, 0.5622]},
        popup=acrobat_popup(rect),
    )  # fmt: skip


def acrobat_note(
    a: Annotator, x: float, y: float, author: str, day: int, text: str
) -> IndirectObject:
    """A sticky note: the icon's top left is where the reviewer clicked (pr24.pdf: /Name /Comment)."""
    rect = [x, y - 20, x + 20, y]
    return a.add(
        {"/Subtype": "/Text", "/Rect": rect, "/F": 28, "/Name": "/Comment", "/T": author,
         "/M": acrobat_date(day, 16), "/CreationDate": acrobat_date(day, 16), "/Contents": text,
         "/RC": acrobat_rich(text), "/Subj": "Sticky Note", "/C": [1.0, 1.0, 0.0], "/CA": 1.0},
        popup=acrobat_popup(rect),
    )  # fmt: skip


# --- pdf.js (Firefox): src/core/annotation.js createNewDict -------------------------------


def pdfjs_date(day: int, hour: int = 13) -> str:
    """pdf.js writes the moment in UTC without a zone: D:YYYYMMDDHHmmSS."""
    return f"D:202612{day:02d}{hour:02d}0544"


def _f32(value: float) -> float:
    """pdf.js computes quads in a Float32Array: values carry float32 noise."""
    import struct

    return float(struct.unpack("f", struct.pack("f", value))[0])


def pdfjs_highlight(a: Annotator, boxes: list[Box], day: int, comment: str = "") -> IndirectObject:
    """A Highlight: CreationDate (no /M, no /T: Firefox has no user name), /Border, /Rotate,
    QuadPoints top first in float32; a comment goes in /Contents with a /Popup right of the page."""
    rect = rect_of(boxes, 0)
    entries: dict[str, Any] = {
        "/Subtype": "/Highlight", "/CreationDate": pdfjs_date(day), "/Rect": rect, "/F": 4,
        "/Border": [0, 0, 0], "/Rotate": 0,
        "/QuadPoints": [_f32(v) for b in boxes for v in TOP_FIRST(b)],
        "/C": [1.0, 0.917647, 0.321569], "/CA": 1.0,
    }  # fmt: skip
    popup = None
    if comment:
        entries["/Contents"] = comment
        popup = [596.0, rect[3] - 100, 776.0, rect[3]]
    return a.add(entries, popup=popup)


def pdfjs_freetext(a: Annotator, rect: list[float], day: int, text: str) -> IndirectObject:
    """A FreeText: /DA with /Helv, /Contents, no author."""
    return a.add(
        {"/Subtype": "/FreeText", "/CreationDate": pdfjs_date(day, 14), "/Rect": rect,
         "/DA": "/Helv 10 Tf 0 g", "/Contents": text, "/F": 4, "/Border": [0, 0, 0],
         "/Rotate": 0}
    )  # fmt: skip


def pdfjs_ink(
    a: Annotator, paths: list[list[float]], day: int, free_highlight: bool = False
) -> IndirectObject:
    """An Ink drawing; with free_highlight, /IT /InkHighlight as Edge and pdf.js write it."""
    xs = [v for p in paths for v in p[0::2]]
    ys = [v for p in paths for v in p[1::2]]
    entries: dict[str, Any] = {
        "/Subtype": "/Ink", "/CreationDate": pdfjs_date(day, 15),
        "/Rect": [min(xs) - 1, min(ys) - 1, max(xs) + 1, max(ys) + 1],
        "/InkList": paths, "/F": 4, "/Rotate": 0, "/BS": {"/W": 12 if free_highlight else 1},
    }  # fmt: skip
    if free_highlight:
        entries["/IT"] = "/InkHighlight"
    return a.add(entries)


# --- Okular (poppler-qt6: Annot.cc, DateInfo.cc; okular core/page.cpp, part/pageviewannotator.cpp) ---


def okular_date(day: int, hour: int = 10) -> str:
    """poppler's timeToDateString: D:%Y%m%d%H%M%S with +HH'MM' (or Z in UTC)."""
    return f"D:202612{day:02d}{hour:02d}1500+01'00'"


def okular_markup(
    a: Annotator, kind: str, boxes: list[Box], author: str, day: int, note: str | None = None,
    order: Order = TOP_FIRST, selected: str = "",
) -> IndirectObject:  # fmt: skip
    """A text mark: /NM okular-{uuid}, /M and /CreationDate, no popup (poppler's setPopup is a
    no-op); since 2026 Okular fills /Contents with the selected words until edited."""
    entries: dict[str, Any] = {
        "/Subtype": f"/{kind}", "/Rect": rect_of(boxes, 0), "/F": 4, "/T": author,
        "/M": okular_date(day), "/CreationDate": okular_date(day),
        "/NM": f"okular-{{6f1c2d3e-{day:04d}-4a5b-8c9d-{len(boxes):012d}}}",
        "/C": [1.0, 1.0, 0.0], "/QuadPoints": [v for b in boxes for v in order(b)],
        "/Contents": selected if note is None else note,
    }  # fmt: skip
    return a.add(entries)


def okular_note(
    a: Annotator, x: float, y: float, author: str, day: int, text: str
) -> IndirectObject:
    """A pop-up note: Text with /Name /Note, 24 pt icon hanging from the click."""
    return a.add(
        {"/Subtype": "/Text", "/Rect": [x, y - 24, x + 24, y], "/F": 4, "/T": author,
         "/M": okular_date(day, 11), "/CreationDate": okular_date(day, 11), "/Contents": text,
         "/Name": "/Note", "/NM": f"okular-{{note-{day}}}", "/C": [1.0, 1.0, 0.0]}
    )  # fmt: skip


# --- Preview (macOS / iOS: pdfannots' issue9.pdf, issue46.pdf) ------------------------------


def preview_highlight(a: Annotator, boxes: list[Box], author: str, day: int) -> IndirectObject:
    """Preview: /M with Z00'00', /DA, /Border, no /Contents, an AAPL:AKExtras dictionary."""
    return a.add(
        {"/Subtype": "/Highlight", "/T": author, "/Rect": rect_of(boxes, 0),
         "/M": f"D:202612{day:02d}212539Z00'00'", "/C": [0.980392, 0.803922, 0.352941],
         "/DA": "//Helvetica 12 Tf 0 g", "/F": 4, "/Border": [0, 0, 0],
         "/QuadPoints": [v for b in boxes for v in TOP_FIRST(b)],
         "/AAPL:AKExtras": {"/AAPL:AKAnnotationObject": "YnBsaXN0MDDUAQIDBAUGgYJY"}}
    )  # fmt: skip


# --- a Windows reader of the Edge era (pdfannots' hotos17.pdf, word2column.pdf) ---------------


def windows_markup(a: Annotator, kind: str, boxes: list[Box], author: str, text: str = "") -> Any:
    """/Type written as a string, /T possibly empty, /Rotation, /FillOpacity, /IC, empty /Contents."""
    ref = a.add(
        {"/Subtype": f"/{kind}", "/Rect": rect_of(boxes, 0), "/F": 4, "/T": author,
         "/Contents": text, "/CA": 1, "/FillOpacity": 1, "/C": [1, 0, 0], "/IC": [1, 0, 0],
         "/BS": {"/W": 1}, "/Rotation": 0, "/NM": "5eaf4f39-0ca0-4d47-9971-666f835e0e81",
         "/M": "D:20261203215444-07'00'", "/CreationDate": "D:20261203215444-07'00'",
         "/QuadPoints": [v for b in boxes for v in TOP_FIRST(b)]}
    )  # fmt: skip
    ref.get_object()[NameObject("/Type")] = TextStringObject("Annot")
    return ref
