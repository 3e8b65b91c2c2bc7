"""A Layout as it is painted -> the PositionMap: where each field landed.

Why a pen and a measuring canvas, not the layout's numbers: blocks announce
the field of every piece they paint (proeve.pdf.pen), and the canvas notes
where each run of text really goes (its text object's cursor, the canvas's
transformation), so the map stays true however the layout is computed: a
card continued in the next column, a rotated theme label, a right-aligned
footer. Runs of one field on one baseline become one line box. Cells of a
table that paint no text (the matrix's empty cells) get the box where their
column meets their row.

A build records while it paints the tagged page (a RecordingPen around the
TaggingPen, on a MeasuringCanvas): one paint pass, not two. What the tagging
pen adds for readers is not printed text and is left out of the map: the
spaces it writes at line ends (proeve.pdf.lines) and invisible words (render
mode 3), so the map is the one the plain page gives (record_positions, which
paints again on a canvas nobody keeps, for a page built without one).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from proeve.identity import PositionMap, Rect, rounded
from proeve.inputs.template import Template
from proeve.page.boxes import Layout
from proeve.pdf.pen import Pen

Run = tuple[float, float, float, float, float]  # x0, y0, x1, y1, baseline (page space)


def record_positions(layout: Layout, template: Template) -> PositionMap:
    """Paint the layout through a RecordingPen on a canvas nobody keeps; return the map."""
    from proeve.page.draw import paint_page
    from proeve.page.fonts import register

    canvas = MeasuringCanvas(
        io.BytesIO(),
        pagesize=(layout.page.width, layout.page.height),
        initialFontName=register(template.font).regular,
        pageCompression=0,
    )
    pen = RecordingPen(canvas)
    paint_page(pen, layout, template)
    return pen.position_map((layout.page.width, layout.page.height))


class _RecordingText(PDFTextObject):  # type: ignore[misc]
    """A text object that tells its canvas where each run of text starts and how wide it is."""

    def setTextOrigin(self, x: float, y: float) -> None:
        super().setTextOrigin(x, y)
        self._line = [x, y]
        self._at = [x, y]

    def setTextTransform(self, a: float, b: float, c: float, d: float, e: float, f: float) -> None:
        super().setTextTransform(a, b, c, d, e, f)
        self._line = [e, f]
        self._at = [e, f]

    def moveCursor(self, dx: float, dy: float) -> None:
        super().moveCursor(dx, dy)
        # ReportLab's dy counts downwards on a bottom-up page (it writes `dx -dy Td`).
        self._line = [self._line[0] + dx, self._line[1] - dy]
        self._at = list(self._line)

    def _next_line(self) -> None:
        self._line = [self._line[0], self._line[1] - self._leading]
        self._at = list(self._line)

    def _ran(self, text: str) -> None:
        if not text:
            return
        canvas = self._canvas
        width = self._width(text)
        shown = text.rstrip(" ") if canvas.line_end_spaces else text
        if shown and self._textRenderMode != 3:  # mode 3: invisible, read but not printed
            canvas.ran(
                self._at[0],
                self._at[1],
                width if shown is text else self._width(shown),
                self._fontname,
                self._fontsize,
            )
        self._at = [self._at[0] + width, self._at[1]]

    def _width(self, text: str) -> float:
        width: float = self._canvas.stringWidth(text, self._fontname, self._fontsize)
        width += getattr(self, "_charSpace", 0) * len(text)
        width += (getattr(self, "_wordSpace", 0) or 0) * text.count(" ")
        return width * getattr(self, "_horizScale", 100) / 100

    def _textOut(self, text: str, TStar: int = 0) -> None:  # ReportLab's name
        super()._textOut(text, TStar)
        self._ran(text)
        if TStar:
            self._next_line()

    def textOut(self, text: str) -> None:
        super().textOut(text)
        self._ran(text)

    def textLine(self, text: str = "") -> None:
        super().textLine(text)
        self._ran(text)
        self._next_line()


class MeasuringCanvas(Canvas):  # type: ignore[misc]
    """A canvas whose text objects report each run of text, in page coordinates, to `listener`."""

    listener: Any = None
    # True while a paragraph is drawn whose line ends end in spaces a reader needs, not the
    # page (proeve.pdf.lines): a run's trailing spaces are then not measured as printed.
    line_end_spaces = False

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:
        return _RecordingText(self, x, y, direction=direction)

    def ran(self, x: float, y: float, width: float, font: str, size: float) -> None:
        """A run of text from (x, y) on its baseline, `width` long, in the current transform."""
        if self.listener is None:
            return
        ascent, descent = _extent(font, size)
        a, b, c, d, e, f = self._currentMatrix
        low, high = y + descent, y + ascent
        corners = [(x, low), (x + width, low), (x, high), (x + width, high)]
        xs = [a * px + c * py + e for px, py in corners]
        ys = [b * px + d * py + f for px, py in corners]
        baseline = b * x + d * y + f
        self.listener((min(xs), min(ys), max(xs), max(ys), baseline), size)


_EXTENTS: dict[tuple[str, float], tuple[float, float]] = {}


def _extent(font: str, size: float) -> tuple[float, float]:
    """A face's ascent and descent at a size (descent below the baseline is negative)."""
    key = (font, size)
    if key not in _EXTENTS:
        ascent, descent = getAscentDescent(font, size)
        _EXTENTS[key] = (float(ascent), float(descent))
    return _EXTENTS[key]


class _Table:
    """The cells of one table as they are announced: rows of (role, field) with their runs."""

    def __init__(self) -> None:
        self.rows: list[list[tuple[str, str | None]]] = []


class RecordingPen(Pen):
    """Paints on a MeasuringCanvas and notes, per announced field, the boxes of its lines.

    With `inner` (a pen on the same canvas, such as pdf.tags.TaggingPen), every
    announcement and all painting go through it too, so one pass both paints
    that pen's page and records the map.
    """

    def __init__(self, canvas: MeasuringCanvas, inner: Pen | None = None) -> None:
        super().__init__(canvas)
        self.inner = inner or Pen(canvas)
        canvas.listener = self._ran
        self._fields: list[str | None] = []
        self._runs: dict[str, list[tuple[Run, float]]] = {}
        self._tables: list[_Table] = []
        self._cells: list[tuple[_Table, int, int, str]] = []  # table, row, column, field

    @contextmanager
    def _field(self, field: str | None) -> Iterator[None]:
        self._fields.append(field)
        try:
            yield
        finally:
            self._fields.pop()

    def _ran(self, run: Run, size: float) -> None:
        field = self._fields[-1] if self._fields else None
        if field is not None:
            self._runs.setdefault(field, []).append((run, size))

    def _cell(self, role: str, field: str | None) -> None:
        if not self._tables or not self._tables[-1].rows or role not in ("TH", "TD"):
            return
        table = self._tables[-1]
        row = table.rows[-1]
        row.append((role, field))
        if role == "TD" and field is not None:
            self._cells.append((table, len(table.rows) - 1, len(row) - 1, field))

    @contextmanager
    def element(self, role: str, key: str | None = None, **attributes: Any) -> Iterator[None]:
        if role == "Table":
            self._tables.append(_Table())
        elif role == "TR" and self._tables:
            self._tables[-1].rows.append([])
        try:
            with self.inner.element(role, key, **attributes):
                yield
        finally:
            if role == "Table" and self._tables:
                self._tables.pop()

    @contextmanager
    def content(self, role: str, field: str | None = None, **attributes: Any) -> Iterator[None]:
        self._cell(role, field)
        with self._field(field), self.inner.content(role, field, **attributes):
            yield

    @contextmanager
    def artifact(self, kind: str | None = None) -> Iterator[None]:
        with self._field(None), self.inner.artifact(kind):
            yield

    def paragraph(
        self, role: str, paragraph: Any, x: float, y: float, field: str | None, **attributes: Any
    ) -> None:
        self._cell(role, field)
        with self._field(field), self._line_ends():
            self.inner.paragraph(role, paragraph, x, y, field, **attributes)

    def text(self, paragraph: Any, x: float, y: float) -> None:
        with self._line_ends():
            self.inner.text(paragraph, x, y)

    def link(
        self,
        url: str,
        rect: tuple[float, float, float, float],
        contents: str,
        draw: Any,
        field: str | None = None,
    ) -> None:
        with self._field(field if field is not None else self._current()):
            self.inner.link(url, rect, contents, draw, field=field)

    def figure(
        self, alt: str, draw: Callable[[], None], box: tuple[float, float, float, float]
    ) -> None:
        self.inner.figure(alt, draw, box)

    @contextmanager
    def _line_ends(self) -> Iterator[None]:
        """While the inner pen draws a paragraph, whose line ends it may end in spaces."""
        canvas = self.canvas
        before = canvas.line_end_spaces
        canvas.line_end_spaces = self.inner.line_end_spaces
        try:
            yield
        finally:
            canvas.line_end_spaces = before

    def _current(self) -> str | None:
        return self._fields[-1] if self._fields else None

    def position_map(self, page: tuple[float, float]) -> PositionMap:
        """The boxes recorded so far, line by line, with the inferred boxes of empty cells."""
        fields = {name: _lines(runs) for name, runs in self._runs.items()}
        for table, row, column, name in self._cells:
            box = _cell_box(table, row, column, fields)
            if box is not None and name not in fields:
                fields[name] = (box,)
        return PositionMap(
            (rounded(page[0]), rounded(page[1])),
            {name: tuple(_round(b) for b in boxes) for name, boxes in fields.items() if boxes},
        )


def _round(box: Rect) -> Rect:
    x, y, w, h = (float(rounded(v)) for v in box)
    return (x, y, w, h)


def _lines(runs: list[tuple[Run, float]]) -> tuple[Rect, ...]:
    """Runs joined into line boxes: one baseline, touching or close (a bullet and its text)."""
    lines: list[list[float]] = []  # x0, y0, x1, y1, baseline, size
    for (x0, y0, x1, y1, base), size in runs:
        last = lines[-1] if lines else None
        if (
            last is not None
            and abs(last[4] - base) < 0.2 * size
            and x0 <= last[2] + 0.6 * size
            and x1 >= last[0] - 0.6 * size
        ):
            last[0], last[1] = min(last[0], x0), min(last[1], y0)
            last[2], last[3] = max(last[2], x1), max(last[3], y1)
            continue
        lines.append([x0, y0, x1, y1, base, size])
    return tuple((x0, y0, x1 - x0, y1 - y0) for x0, y0, x1, y1, _, _ in lines)


def _centre(boxes: tuple[Rect, ...]) -> tuple[float, float] | None:
    if not boxes:
        return None
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return (x0 + x1) / 2, (y0 + y1) / 2


def _cell_box(
    table: _Table, row: int, column: int, fields: dict[str, tuple[Rect, ...]]
) -> Rect | None:
    """Where a cell's column (the header row's text) meets its row (the row's text), as a box."""

    def centre_of(cells: list[tuple[str, str | None]], index: int) -> tuple[float, float] | None:
        if index >= len(cells):
            return None
        field = cells[index][1]
        return _centre(fields.get(field, ())) if field else None

    header = table.rows[0]
    xs = [centre_of(header, i) for i in range(len(header))]
    ys = [
        next((c for c in (centre_of(r, i) for i in range(len(r))) if c), None) for r in table.rows
    ]
    here_x, here_y = xs[column] if column < len(xs) else None, ys[row]
    if here_x is None or here_y is None:
        return None
    width = _spacing([c[0] for c in xs if c], here_x[0])
    height = _spacing([c[1] for c in ys[1:] if c], here_y[1])
    return (here_x[0] - width / 2, here_y[1] - height / 2, width, height)


def _spacing(centres: list[float], at: float) -> float:
    """The distance from `at` to its nearest neighbour among `centres` (12 pt if alone)."""
    gaps = [abs(c - at) for c in centres if abs(c - at) > 0.5]
    return min(gaps) if gaps else 12.0
