"""A page that does not fit -> what to cut per initiative, and the page marked where it runs over.

The advice comes from where the overflow really is: the flow balanced at the
smallest size says which columns run past the room, and proeve.page.cuts
takes last lines from the fields in those columns. The same is worked out for
a comfortable size (a point above the smallest), so the editor knows how far
to go. The overflowing page is laid out as it would be on a longer sheet,
columns level, and drawn on one A4 with a red line where the room ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from proeve.errors import FitError
from proeve.inputs.model import Document
from proeve.inputs.template import Template
from proeve.page.boxes import Box, Layout, Overflow
from proeve.page.cuts import Cut, Removed, cuts, tally
from proeve.page.flow import Flow, Placement, place, tallest
from proeve.page.markup import escape
from proeve.page.stack import Stack
from proeve.page.styles import para
from proeve.page.ways import Frame, Measure, Measured, Way, assemble, column_ratio, size_steps
from proeve.pdf.pen import Pen

COMFORT = 1.0  # pt above the template's smallest size: a page that reads without effort
RED, BAND = "#C0392B", "#FBE3E0"
WORDS = {
    "nl": {
        "line": "regel",
        "lines": "regels",
        "summary": "samenvatting",
        "over": "Past niet: de kolommen lopen {mm} mm door voorbij de rode lijn, "
        "waar de pagina ophoudt (gezet op {size} pt, het kleinste).",
        "cut": "Schrap {lines}: {where}.",
        "none": "Schrappen van regels is niet genoeg: laat aanpakken weg.",
    },
    "en": {
        "line": "line",
        "lines": "lines",
        "summary": "summary",
        "over": "Does not fit: the columns run {mm} mm past the red line, where the page "
        "ends (set at {size} pt, the smallest).",
        "cut": "Cut {lines}: {where}.",
        "none": "Cutting lines is not enough: leave initiatives out.",
    },
}


def comfortable(template: Template, sizes: Sequence[float]) -> float:
    """The size one point above the template's smallest (or its largest, if that is less)."""
    wanted = template.sizes.body_min + COMFORT
    return max((s for s in sizes if s <= wanted + 1e-9), default=sizes[0])


def overflow_error(
    document: Document, template: Template, room: Frame, measure: Measure, sizes: Sequence[float]
) -> FitError:
    """The FitError for a page too long even at the smallest size: advice and the marked page."""
    m = measure(sizes[0], 1.2)
    way, low = _closest(m)
    found = _advice(m, way, room.available)
    over = (low - room.available) / mm
    names = {i.id: i.label for i in document.initiatives}
    easy = comfortable(template, sizes)
    at_ease: list[Cut] | None = []
    if easy > sizes[0]:
        at = measure(easy, 1.2)
        at_ease = _advice(at, _closest(at)[0], room.available)
    plan = describe(found, names) if found else "cutting lines is not enough: leave initiatives out"
    message = (
        f"the content does not fit on one A4 page: at the smallest font size "
        f"({m.size:g} pt, template {template.name}) the columns run {over:.1f} mm past the "
        f"page. To fit, {plan}."
    )
    if easy > sizes[0]:
        message += f" For a comfortable {easy:g} pt, " + (
            describe(at_ease, names, brief=True) + "."
            if at_ease
            else "cutting lines is not enough."
        )
    words = WORDS[document.language]
    note = words["over"].format(mm=_number(over, document.language), size=f"{m.size:g}")
    labels = template.labels[document.language]
    note += " " + (
        words["cut"].format(
            lines=_count(len(found), words), where=_where(found, names, labels, words)
        )
        if found
        else words["none"]
    )
    page = overflow_layout(room, m, way, low, note, found or [])
    return FitError(
        message,
        over,
        cuts=_as_json(found or [], names),
        comfortable={"font_size": easy, "cuts": _as_json(at_ease or [], names)},
        page=page,
    )


Advice = tuple[tuple[str, str, int, float], ...]  # (initiative id, field, lines, at size)


def smallest_warning(template: Template, room: Frame, measure: Measure) -> tuple[str, Advice]:
    """A page set at the template's smallest size: say so, and what a comfortable size costs
    (in words, and per field to cut from, for the CLI to point at the field's line)."""
    sizes = size_steps(template)
    text = (
        f"the page is set at the template's smallest size, {sizes[0]:g} pt: "
        f"small for reading at the table"
    )
    easy = comfortable(template, sizes)
    if easy <= sizes[0]:
        return text, ()
    at = measure(easy, 1.2)
    found = _advice(at, _closest(at)[0], room.available)
    if not found:
        return text, ()
    names = {i.id: i.label for i in at.document.initiatives}
    text += f"; for a comfortable {easy:g} pt, " + describe(found, names, brief=True)
    per = tally(found)
    return text, tuple((o, f, k, easy) for o, fields in per.items() for f, k in fields.items())


def _closest(m: Measured) -> tuple[Way, float]:
    """The way of setting the page whose tallest column is least, and that height."""
    best: tuple[Way, float] | None = None
    for name in m.ways():
        way = m.way(name)
        low, _ = tallest(way.flow, m.columns, way.offsets)
        if best is None or low < best[1] - 1e-6:
            best = (way, low)
    assert best is not None
    return best


def _advice(m: Measured, way: Way, available: float) -> list[Cut] | None:
    """The fewest last lines to cut for this way to fit; [] if it fits, None if it cannot."""
    stacks = way.stacks

    def rebuild(flow: Flow, removed: Removed) -> Flow:
        kept = (_without(s, {u for b, u in removed if b == i}) for i, s in enumerate(stacks))
        return m.flow([s for s in kept if s is not None])

    return cuts(way.flow, m.columns, available, way.offsets, rebuild=rebuild)


def _without(stack: Stack, units: set[int]) -> Stack | None:
    """The stack without some units (a field's last lines), for measuring only."""
    if not units:
        return stack
    from proeve.frozen import replace

    elements, u = [], 0
    for el in stack.elements:
        kept = tuple(h for i, h in enumerate(el.heights, start=u) if i not in units)
        u += len(el.heights)
        if kept:
            elements.append(replace(el, heights=kept))
    return replace(stack, elements=tuple(elements)) if elements else None


def describe(found: Sequence[Cut], names: dict[str, str], brief: bool = False) -> str:
    """'cut 4 lines: Housing First (approach 3 lines, next steps 1 line)'."""
    per = tally(found)
    parts = []
    for owner, fields in per.items():
        name = names.get(owner, owner)
        if brief:
            parts.append(f"{name} {sum(fields.values())}")
        else:
            inner = ", ".join(f"{f.replace('_', ' ')} {_lines(k)}" for f, k in fields.items())
            parts.append(f"{name} ({inner})")
    counted = " in all, counted at that size" if brief else ""
    return f"cut {_lines(len(found))}{counted}: " + "; ".join(parts)


def _lines(count: int) -> str:
    return f"{count} line" + ("" if count == 1 else "s")


def _count(count: int, words: dict[str, str]) -> str:
    return f"{count} {words['line'] if count == 1 else words['lines']}"


def _where(found: Sequence[Cut], names: dict[str, str], labels: Any, words: dict[str, str]) -> str:
    """Per initiative, in the page's words: 'Housing First (Aanpak 3, Volgende stappen 1)'."""
    parts = []
    for owner, fields in tally(found).items():
        inner = ", ".join(f"{getattr(labels, f, None) or words.get(f, f)} {k}"
                          for f, k in fields.items())  # fmt: skip
        parts.append(f"{names.get(owner, owner)} ({inner})")
    return "; ".join(parts)


def _number(value: float, language: str) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if language == "nl" else text


def _as_json(found: Sequence[Cut], names: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {"id": owner, "title": names.get(owner, owner), "lines": sum(f.values()), "fields": f}
        for owner, f in tally(found).items()
    ]


def overflow_layout(
    room: Frame, m: Measured, way: Way, grid: float, note: str, found: Sequence[Cut] = ()
) -> Layout:
    """The page as it would be on a longer sheet: columns level at `grid`, the room's end
    marked, and a red bar beside every line the advice says to cut."""
    from proeve.frozen import replace

    placement = place(way.flow, m.columns, grid + 0.01, way.offsets, target=grid)
    if placement is None:  # the least tallest column is reachable by construction
        placement = tallest(way.flow, m.columns, way.offsets)[1]
    layout = assemble(room, m, way, placement, grid, 1)
    bars = _bars(layout, way, placement, grid, {(c.block_index, c.unit) for c in found})
    blocks = tuple(b for b in layout.blocks if b.kind != "footer")
    bottom = room.top - grid
    font = m.st.faces.regular
    note_h = _note(note, room.frame.width, font)[1] + 6
    lowest = bottom - note_h
    height = room.page.height
    scale = min(1.0, (height - room.frame.y) / (height - lowest)) if lowest < room.frame.y else 1.0
    over = (grid - room.available) / mm
    mark = Overflow(room.top - room.available, over, note, font, scale, bars)
    return replace(layout, blocks=blocks, overflow=mark)


def _bars(
    layout: Layout, way: Way, placement: Placement, grid: float, cut: set[tuple[int, int]]
) -> tuple[Box, ...]:
    """Where the lines to cut are: a thin box in the gutter beside each, right of its column."""
    placed = iter(b for b in layout.blocks if b.kind in ("intro", "card", "crosslinks"))
    bars = []
    for column in placement.columns:
        ratio = column_ratio(way, column, grid)
        for part in column.slices:
            block = next(placed)
            stack = way.stacks[part.block]
            offsets = stack.offsets(part.start, part.stop, ratio)
            for unit, (down, height) in enumerate(offsets, start=part.start):
                if (part.block, unit) in cut:
                    x = block.box.x + block.box.width + 1.2
                    bars.append(Box(x, block.box.top - down - height, 2.2, height))
    return tuple(bars)


def _note(text: str, width: float, font: str) -> tuple[Any, float]:
    style = ParagraphStyle(
        "overflow", fontName=font, fontSize=8, leading=10, textColor=HexColor(RED)
    )
    return para(escape(text), style, width)


def paint_marks(pen: Pen, layout: Layout, under: bool) -> None:
    """The red band under what runs past the room (`under`), then the line and the note."""
    mark = layout.overflow
    if mark is None:
        return
    frame = layout.frame
    columns = [b for b in layout.blocks if b.kind in ("intro", "card", "crosslinks")]
    bottom = min((b.box.y for b in columns), default=mark.limit)
    canvas = pen.canvas
    with pen.artifact():
        if under:
            canvas.setFillColor(HexColor(BAND))
            canvas.rect(frame.x - 4, bottom - 3, frame.width + 8, mark.limit - bottom + 3, 0, 1)
            return
        canvas.setFillColor(HexColor(RED))
        for bar in mark.cuts:  # beside each line to cut
            canvas.rect(bar.x, bar.y, bar.width, bar.height, stroke=0, fill=1)
        canvas.saveState()
        canvas.setStrokeColor(HexColor(RED))
        canvas.setLineWidth(1.4)
        canvas.setDash(5, 3)
        canvas.line(frame.x - 8, mark.limit, frame.x + frame.width + 8, mark.limit)
        canvas.restoreState()
    paragraph, height = _note(mark.note, frame.width, mark.font)
    with pen.content("P"):
        paragraph.drawOn(canvas, frame.x, bottom - 6 - height)
