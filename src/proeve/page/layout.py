"""Document + Template (+ Stamp) -> Layout: the largest size that fits, every column ending level.

The stamp is only painted: the layout is the same for every edition of the same sources.

The fit measures the page's blocks as units at a candidate size (the intro,
the cards, the dwarsverbanden), asks the flow whether they fit the columns in
one of the ways the page allows (the dwarsverbanden in the flow, or spanning
the last two or all columns at the foot), keeps the largest size that fits,
opens the line spacing as far as the columns allow without squeezing a gap,
and places the flow so that every column ends at the same height. Nothing is
drawn until render.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from reportlab.lib.pagesizes import A4

from proeve.frozen import replace
from proeve.identity import Edition, Stamp
from proeve.identity import stamp as make_stamp
from proeve.inputs.model import Document
from proeve.inputs.template import Template
from proeve.page.boxes import Box, Layout
from proeve.page.flow import EPS, Placement, fits, place, tallest
from proeve.page.fonts import Faces, register
from proeve.page.furniture import footer, header
from proeve.page.hyphens import preload
from proeve.page.styles import HYPHENATION, Parsed, Wrapped
from proeve.page.ways import (
    SPACINGS,
    Frame,
    Measure,
    Measured,
    Measurer,
    Way,
    assemble,
    block_gap,
    column_width,
    frame_of,
    size_steps,
)

__all__ = ["Frame", "Measured", "Way", "column_width", "fit_page", "frame_of", "furnish"]

log = logging.getLogger(__name__)

POWER = 1.7  # how the least tallest column grows with the size (see _estimate)
SPAN_COST = 15.0  # the dwarsverbanden away from the flow read a little less naturally


def fit_page(
    document: Document,
    template: Template,
    stamp: Stamp | None = None,
    logo: bytes | None = None,
    start: float | None = None,
    cache: tuple[Parsed, Wrapped] | None = None,
) -> Layout:
    """Lay the document out at the largest body size that fits; raise FitError when none does.

    `start`: a size to try first instead of the estimate (the watch loop's last fit).
    `cache`: parsed markup and wrapped paragraphs from earlier fits of the same
    template, language and unbroken words (the watch loop's; see proeve.chain.Warm).
    """
    labels = template.labels[document.language]
    stamp = stamp or make_stamp(Edition(), labels, document.date)
    faces = register(template.font)
    preload(HYPHENATION[document.language])
    room = furnish(document, template, faces, stamp, logo)
    measure = Measurer(document, template, faces, room.frame.width, cache)
    sizes = size_steps(template)
    first = sizes.index(start) if start in sizes else _estimate(sizes, measure, room.available)
    best = _search(len(sizes), lambda i: _tried(measure, sizes[i], SPACINGS[0], room), first)
    if best is None:
        from proeve.page.overflow import overflow_error

        raise overflow_error(document, template, room, measure, sizes)
    chosen = _loosen(sizes[best], measure, room.available)
    sparse = best == len(sizes) - 1 and chosen.spacing == SPACINGS[-1]
    way, placement, grid = _best_placement(chosen, room.available, sparse)
    layout = assemble(room, chosen, way, placement, grid, measure.tries)
    if best == 0:
        from proeve.page.overflow import smallest_warning

        warning, advice = smallest_warning(template, room, measure)
        layout = replace(layout, warnings=(warning,), advice=advice)
    return layout


def furnish(
    document: Document, template: Template, faces: Faces, stamp: Stamp, logo: bytes | None
) -> Frame:
    """The header and footer measured, and the room they leave for the columns."""
    labels = template.labels[document.language]
    frame = frame_of(template)
    head = header(document, template, faces, labels, stamp, frame.width, logo)
    foot = footer(document, template, faces, labels, stamp, frame.width)
    gap = block_gap(template.sizes.body_max)
    available = frame.height - head.height - foot.height - 2 * gap
    top = frame.top - head.height - gap
    return Frame(Box(0, 0, *A4), frame, head, foot, top, available)


def _estimate(sizes: list[float], measure: Measure, available: float) -> int:
    """A first guess at the largest size that fits, from one or two measurements.

    Level columns grow with about the 1.7th power of the size (measured on the
    example and dense pages: the area grows with its square, but splits waste
    less room at smaller sizes); the guess's own height corrects the power.
    """
    top = sizes[-1]
    high = measure(top, SPACINGS[0]).least()
    if high <= available:
        return len(sizes) - 1
    guess = _index(sizes, top * (available / high) ** (1 / POWER))
    low = measure(sizes[guess], SPACINGS[0]).least()
    if sizes[guess] < top and low > 0:
        power = math.log(high / low) / math.log(top / sizes[guess])
        if power > 0.5:
            guess = _index(sizes, sizes[guess] * (available / low) ** (1 / power))
    return guess


def _index(sizes: list[float], size: float) -> int:
    """The index of the largest size not above `size` (the smallest if all are)."""
    return max(0, min(len(sizes) - 1, sum(1 for s in sizes if s <= size + 1e-9) - 1))


def _tried(measure: Measure, size: float, spacing: float, room: Frame) -> bool:
    """Whether the page fits at (size, spacing); -vv shows each trial."""
    fits = measure(size, spacing).fits(room.available)
    log.debug("fit trial: %g pt, line spacing %g: %s", size, spacing,
              "fits" if fits else "too long")  # fmt: skip
    return fits


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


def _loosen(size: float, measure: Measure, available: float) -> Measured:
    """At the chosen size, the loosest line spacing whose columns fit without squeezing a gap.

    Why: sizes move in steps, so the largest size that fits can leave a band of
    white; a little more leading reads better than stretched gaps.
    """

    def fit(spacing: float) -> bool:
        fits = measure(size, spacing).fits(available, rigid=True)
        log.debug("fit trial: %g pt, line spacing %g: %s", size, spacing,
                  "fits" if fits else "too long")  # fmt: skip
        return fits

    # A full page fails the first try; a roomy one passes the second.
    if not fit(SPACINGS[1]):
        return measure(size, SPACINGS[0])
    for spacing in reversed(SPACINGS[2:]):
        if fit(spacing):
            return measure(size, spacing)
    return measure(size, SPACINGS[1])


def _best_placement(m: Measured, available: float, sparse: bool) -> tuple[Way, Placement, float]:
    """The cheapest way and placement; the grid is the room's foot, or on a sparse page the
    height where the content ends level (it never stretches to fill a page it cannot fill).

    A page with room to spare keeps every card whole where any placement allows
    it: a split there gains no size, and a card read in two places costs the reader.
    """
    if sparse:
        whole = _placement(m, available, sparse, whole=True)
        if whole is not None:
            return whole
    found = _placement(m, available, sparse)
    assert found is not None, "a size that fits has a placement"
    return found


def _placement(
    m: Measured, available: float, sparse: bool, whole: bool = False
) -> tuple[Way, Placement, float] | None:
    chosen: tuple[float, Way, Placement, float] | None = None
    for rank, name in enumerate(m.ways()):
        way = m.way(name).airy() if sparse else m.way(name)
        if whole:
            way = way.whole()
        if not fits(way.flow, m.columns, available, way.offsets):
            continue
        grids = [available]
        if sparse:  # end level where the content ends, trying a few heights just above it
            low, _ = tallest(way.flow, m.columns, way.offsets, tolerance=0.05)
            line = m.size * m.spacing
            grids = sorted({min(available, low + k * line / 2) for k in range(6)})
        for grid in grids:
            found = place(way.flow, m.columns, grid + EPS, way.offsets, target=grid)
            if found is None:
                continue
            cost = found.cost + rank * SPAN_COST
            if chosen is None or cost < chosen[0] - EPS:
                chosen = (cost, way, found, grid)
    return None if chosen is None else (chosen[1], chosen[2], chosen[3])
