"""A flow that does not fit -> the fewest last lines to drop, taken where the overflow really is.

Pure Python, like proeve.page.flow. The balanced placement (least tallest
column) says which columns overflow and by how much; lines are dropped from
the fields lying wholly in those columns, always from the field with most
lines left and never below one line a field. If that is not enough, anything
cuttable goes. Then every cut is undone again if the page still fits without
it (balancing moves content), so the list is minimal, one cut at a time.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import NamedTuple

from proeve.page.flow import EPS, Flow, fits, tallest

Removed = frozenset[tuple[int, int]]  # (block index, unit index)


class Cut(NamedTuple):
    """Drop unit `unit` of the flow's block number `block_index` (a last line of `field`)."""

    block: str
    field: str
    unit: int
    height: float
    block_index: int


def drop(flow: Flow, removed: Removed) -> Flow:
    """The flow without the given units: the default way to apply cuts.

    A dropped unit takes the break before it along. Penalties stay as they were;
    a caller whose penalties depend on the number of lines (the two-line rule)
    passes its own `rebuild` to `cuts`.
    """
    from proeve.frozen import replace

    blocks = []
    for bi, block in enumerate(flow.blocks):
        keep = [ui for ui in range(len(block.units)) if (bi, ui) not in removed]
        if not keep:
            continue
        units = tuple(block.units[ui] for ui in keep)
        breaks = tuple(block.breaks[right - 1] for right in keep[1:])
        blocks.append(replace(block, units=units, breaks=breaks))
    return replace(flow, blocks=tuple(blocks))


def _fields(flow: Flow) -> dict[tuple[int, str], list[int]]:
    """The units of each (block, field), in order."""
    out: dict[tuple[int, str], list[int]] = {}
    for bi, block in enumerate(flow.blocks):
        for ui, unit in enumerate(block.units):
            if unit.field:
                out.setdefault((bi, unit.field), []).append(ui)
    return out


def cuts(
    flow: Flow,
    columns: int,
    height: float,
    offsets: Sequence[float] | None = None,
    keep: int = 1,
    rebuild: Callable[[Flow, Removed], Flow] = drop,
) -> list[Cut] | None:
    """Units to drop so that the flow fits: [] if it fits already, None if cutting cannot."""
    offs = list(offsets) if offsets is not None else [0.0] * columns
    if fits(flow, columns, height, offs):
        return []
    fields = _fields(flow)
    removed: set[tuple[int, int]] = set()
    order: list[tuple[int, int]] = []

    def pick(allowed: set[tuple[int, str]]) -> tuple[int, int] | None:
        best: tuple[int, int, int] | None = None  # (units left, block, unit)
        for key in sorted(allowed):
            units = [u for u in fields[key] if (key[0], u) not in removed]
            if len(units) <= keep or not flow.blocks[key[0]].units[units[-1]].cut:
                continue
            if best is None or len(units) > best[0]:
                best = (len(units), key[0], units[-1])
        return None if best is None else (best[1], best[2])

    _, placement = tallest(flow, columns, offs)
    for column in placement.columns:
        excess = column.least + column.offset - height
        inside = {
            key
            for key, units in fields.items()
            if any(
                s.block == key[0] and s.start <= units[0] and units[-1] < s.stop
                for s in column.slices
            )
        }
        while excess > EPS:
            choice = pick(inside)
            if choice is None:
                break
            removed.add(choice)
            order.append(choice)
            bi, ui = choice
            block = flow.blocks[bi]
            excess -= block.units[ui].height + (block.breaks[ui - 1].glue if ui else 0.0)
    everywhere = set(fields)
    while not fits(rebuild(flow, frozenset(removed)), columns, height, offs):
        choice = pick(everywhere)
        if choice is None:
            return None
        removed.add(choice)
        order.append(choice)
    for key in reversed(order):
        trial = frozenset(removed - {key})
        if _tail_only(trial, fields) and fits(rebuild(flow, trial), columns, height, offs):
            removed = set(trial)
    return [
        Cut(
            flow.blocks[bi].key,
            flow.blocks[bi].units[ui].field,
            ui,
            flow.blocks[bi].units[ui].height,
            bi,
        )
        for bi, ui in sorted(removed)
    ]


def _tail_only(removed: Removed, fields: dict[tuple[int, str], list[int]]) -> bool:
    """Cuts drop a field's *last* units: no kept unit after a dropped one."""
    for (bi, _), units in fields.items():
        dropped = [(bi, u) in removed for u in units]
        if any(prev and not now for prev, now in itertools.pairwise(dropped)):
            return False
    return True


def tally(found: Sequence[Cut]) -> dict[str, dict[str, int]]:
    """Lines per field per owner, in flow order: {'housing-first': {'approach': 3}}.

    A unit's field reads 'owner:name' (e.g. 'housing-first:next_steps').
    """
    out: dict[str, dict[str, int]] = {}
    for cut in sorted(found, key=lambda c: (c.block_index, c.unit)):
        owner, _, name = cut.field.rpartition(":")
        per = out.setdefault(owner or cut.block, {})
        per[name] = per.get(name, 0) + 1
    return out
