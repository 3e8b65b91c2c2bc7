"""Document + Template (+ Stamp) -> Layout: the chosen font size and every block's place on one A4.

The stamp is only painted: the layout is the same for every edition of the same sources.

The auto-fit measures pieces at candidate sizes, starting from an estimate, and
keeps the largest size whose content fits; nothing is drawn until render.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from proeve.errors import FitError
from proeve.frozen import Frozen
from proeve.identity import Edition, Stamp
from proeve.identity import stamp as make_stamp
from proeve.inputs.model import Document
from proeve.inputs.template import Template
from proeve.page.boxes import Box, Layout, Piece, Placed
from proeve.page.cards import HYPHENATION, Styles, card, intro
from proeve.page.crosslinks import crosslinks
from proeve.page.fonts import register
from proeve.page.furniture import footer, header
from proeve.page.hyphens import preload


class _Trial(Frozen):
    size: float
    spacing: float
    columns: tuple[tuple[Piece, ...], ...]
    height: float


def fit_page(
    document: Document,
    template: Template,
    stamp: Stamp | None = None,
    logo: bytes | None = None,
    start: float | None = None,
) -> Layout:
    """Lay the document out at the largest body size that fits; raise FitError when none does.

    `start`: a size to try first instead of the estimate (the watch loop's last fit).
    """
    labels = template.labels[document.language]
    stamp = stamp or make_stamp(Edition(), labels, document.date)
    faces = register(template.font)
    preload(HYPHENATION[document.language])
    page = Box(0, 0, *A4)
    frame = frame_of(template)
    head = header(document, template, faces, labels, stamp, frame.width, logo)
    foot = footer(document, template, faces, labels, stamp, frame.width)
    available = frame.height - head.height - foot.height - _gap(template.sizes.body_max) * 2
    sizes = _sizes(template)
    trials: dict[tuple[float, float], _Trial] = {}
    parsed: dict[tuple[str, str, str], tuple[float, list[Any]]] = {}

    def trial(size: float, spacing: float = SPACINGS[0]) -> _Trial:
        if (size, spacing) not in trials:
            styles = Styles(size, template, faces, document.language, spacing, parsed)
            trials[(size, spacing)] = _measure(document, template, styles, frame.width)
        return trials[(size, spacing)]

    first = (
        sizes.index(start)
        if start in sizes
        else _estimate(sizes, lambda i: trial(sizes[i]), available)
    )
    best = _search(len(sizes), lambda i: trial(sizes[i]).height <= available, first)
    if best is None:
        raise _overflow(trial(sizes[0]), available, template)
    chosen = _loosen(trial(sizes[best]), trial, available)
    blocks = _place(chosen, head, foot, frame, template)
    return Layout(
        page=page,
        frame=frame,
        font_size=chosen.size,
        line_spacing=chosen.spacing,
        fill=chosen.height / available,
        columns=tuple(tuple(p.key for p in col) for col in chosen.columns),
        blocks=blocks,
        tries=len(trials),
    )


def frame_of(template: Template) -> Box:
    """The area inside the template's margins on an A4 page."""
    width, height = A4
    p = template.page
    return Box(
        p.margin_left_mm * mm,
        p.margin_bottom_mm * mm,
        width - (p.margin_left_mm + p.margin_right_mm) * mm,
        height - (p.margin_top_mm + p.margin_bottom_mm) * mm,
    )


def _loosen(tight: _Trial, trial: Callable[[float, float], _Trial], available: float) -> _Trial:
    """At the chosen size, open the line spacing as far as the page allows (one or two tries).

    Why: the font size moves in steps, so the largest size that fits can leave a
    band of white at the foot; a little more leading reads better than white.
    """
    loosest = trial(tight.size, SPACINGS[-1])
    if loosest.height <= available:
        return loosest
    # Line breaks do not change with the spacing, so height is close to linear in
    # it: interpolate between the two measurements, then confirm downwards.
    slope = (loosest.height - tight.height) / (SPACINGS[-1] - SPACINGS[0])
    for spacing in reversed(SPACINGS[1:-1]):
        if slope > 0 and tight.height + slope * (spacing - SPACINGS[0]) > available:
            continue
        candidate = trial(tight.size, spacing)
        if candidate.height <= available:
            return candidate
    return tight


SPACINGS = (1.2, 1.25, 1.3, 1.35)  # line height / font size; the first is the default


def _gap(size: float) -> float:
    return 0.9 * size


def _sizes(template: Template) -> list[float]:
    s = template.sizes
    count = math.floor((s.body_max - s.body_min) / s.step + 1e-9)
    return [round(s.body_min + i * s.step, 3) for i in range(count + 1)]


def _estimate(sizes: list[float], trial: Callable[[int], _Trial], available: float) -> int:
    """Guess from the largest size: text area grows with the square of the font size."""
    top = trial(len(sizes) - 1)
    if top.height <= available:
        return len(sizes) - 1
    guess = top.size * math.sqrt(available / top.height)
    return max(0, min(len(sizes) - 1, sum(1 for s in sizes if s <= guess) - 1))


def _search(count: int, fits: Callable[[int], bool], start: int) -> int | None:
    """The largest index that fits, walking from a good first guess."""
    if fits(start):
        index = start
        while index + 1 < count and fits(index + 1):
            index += 1
        return index
    index = start - 1
    while index >= 0:
        if fits(index):
            return index
        index -= 1
    return None


def _measure(document: Document, template: Template, st: Styles, width: float) -> _Trial:
    size, spacing = st.size, st.spacing
    labels = template.labels[document.language]
    card_w = _column_width(template, width)
    # One flow in reading order: the intro leads (at a readable column width), the
    # cards follow, and the cross-links come last, filling the shorter column's foot.
    lead = intro(document, card_w, st)
    links = crosslinks(document, card_w, st, labels)
    flow = [lead] if lead else []
    flow += [card(item, card_w, st, labels) for item in document.initiatives]
    flow += [links] if links else []
    grouped = balance(flow, template.page.columns, _gap(size) * 0.8)
    height = max((_column_height(c, _gap(size) * 0.8) for c in grouped), default=0.0)
    return _Trial(size, spacing, tuple(tuple(c) for c in grouped), height)


def _column_width(template: Template, width: float) -> float:
    columns = template.page.columns
    gutter: float = template.page.gutter_mm * mm
    return (width - gutter * (columns - 1)) / columns


def _column_height(column: list[Piece] | tuple[Piece, ...], gap: float) -> float:
    return sum(p.height for p in column) + gap * max(len(column) - 1, 0)


def balance(cards: list[Piece], columns: int, gap: float) -> list[list[Piece]]:
    """Split cards, in reading order, into columns whose tallest is as short as possible."""
    n = len(cards)
    columns = max(1, min(columns, n))
    best: dict[tuple[int, int], tuple[float, list[int]]] = {}

    def solve(start: int, k: int) -> tuple[float, list[int]]:
        if k == 1:
            return _column_height(cards[start:], gap), []
        if (start, k) in best:
            return best[(start, k)]
        options = []
        for cut in range(start + 1, n - k + 2):
            rest, cuts = solve(cut, k - 1)
            options.append((max(_column_height(cards[start:cut], gap), rest), [cut, *cuts]))
        best[(start, k)] = min(options, key=lambda o: o[0])
        return best[(start, k)]

    _, cuts = solve(0, columns) if n else (0.0, [])
    bounds = [0, *cuts, n]
    return [cards[a:b] for a, b in itertools.pairwise(bounds)]


def _place(
    trial: _Trial, head: Piece, foot: Piece, frame: Box, template: Template
) -> tuple[Placed, ...]:
    gap = _gap(template.sizes.body_max)
    placed = [
        Placed(
            head.key,
            head.kind,
            Box(frame.x, frame.top - head.height, frame.width, head.height),
            head,
        )
    ]
    top = frame.top - head.height - gap
    gutter = template.page.gutter_mm * mm
    column_gap = _gap(trial.size) * 0.8
    card_w = _column_width(template, frame.width)
    grid_bottom = top - max(_column_height(c, column_gap) for c in trial.columns)
    for index, column in enumerate(trial.columns):
        y = top
        x = frame.x + index * (card_w + gutter)
        for position, piece in enumerate(column):
            last = position == len(column) - 1
            # The last card of a column reaches down to the grid's foot, so columns end level.
            fill = y - grid_bottom if last and piece.kind == "card" else piece.height
            placed.append(_at(piece, x, y, fill))
            y -= piece.height + column_gap
    placed.append(
        Placed(foot.key, foot.kind, Box(frame.x, frame.y, frame.width, foot.height), foot)
    )
    return tuple(placed)


def _at(piece: Piece, x: float, top: float, fill: float | None = None) -> Placed:
    box = Box(x, top - piece.height, piece.width, piece.height)
    return Placed(piece.key, piece.kind, box, piece, piece.height if fill is None else fill)


def _overflow(smallest: _Trial, available: float, template: Template) -> FitError:
    over = (smallest.height - available) / mm
    lines = math.ceil((smallest.height - available) / (smallest.size * 1.2))
    cards = sorted(
        (p for col in smallest.columns for p in col if p.kind == "card"), key=lambda p: -p.height
    )
    longest = [(p.key, p.height / mm) for p in cards[:3]]
    names = ", ".join(f"{key} ({h:.0f} mm)" for key, h in longest)
    message = (
        f"the content does not fit on one A4 page: at the smallest font size "
        f"({smallest.size:g} pt, template {template.name}) it is {over:.1f} mm too long "
        f"(about {lines} lines). Longest initiatives: {names}. Shorten these texts, "
        f"or lower sizes.body_min in the template."
    )
    return FitError(message, over, longest)
