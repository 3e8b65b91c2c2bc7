"""page/flow.py and page/cuts.py against brute force on small flows (every placement enumerated), and at scale."""

from __future__ import annotations

import itertools
import math
import os
import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proeve.page.cuts import cuts, drop, tally
from proeve.page.flow import FORBIDDEN, Block, Break, Flow, Unit, badness, fits, place, tallest

# --- an independent model: walk the units, no prefix sums ---------------------------


def owners(flow: Flow) -> list[tuple[int, int]]:
    return [(bi, ui) for bi, b in enumerate(flow.blocks) for ui in range(len(b.units))]


def boundary_penalty(flow: Flow, b: int) -> float:
    own = owners(flow)
    if b == 0 or b == len(own):
        return 0.0
    bi, ui = own[b]
    if ui == 0:
        return 0.0
    brk = flow.blocks[bi].breaks[ui - 1]
    return FORBIDDEN if brk.penalty == FORBIDDEN else brk.penalty + flow.blocks[bi].split_cost


def column(flow: Flow, a: int, b: int) -> tuple[float, float, float]:
    """(height, stretch, shrink) of units a..b-1, built slice by slice."""
    own = owners(flow)[a:b]
    if not own:
        return 0.0, 0.0, 0.0
    slices: list[tuple[int, list[int]]] = []
    for bi, ui in own:
        if slices and slices[-1][0] == bi:
            slices[-1][1].append(ui)
        else:
            slices.append((bi, [ui]))
    h = z = y = 0.0
    for k, (bi, uis) in enumerate(slices):
        block = flow.blocks[bi]
        if k:
            h += flow.gap
            z += flow.gap_stretch
            y += flow.gap_shrink
        h += block.head if uis[0] == 0 else block.cont_head
        h += block.tail if uis[-1] == len(block.units) - 1 else block.cont_tail
        for ui in uis:
            h += block.units[ui].height
        for ui in uis[1:]:
            h += block.breaks[ui - 1].glue
            z += block.breaks[ui - 1].stretch
            y += block.breaks[ui - 1].shrink
    return h, z, y


def least(flow: Flow, a: int, b: int) -> float:
    h, _, y = column(flow, a, b)
    return h - y


def placements(flow: Flow, columns: int):
    n = len(owners(flow))
    open_ = [b for b in range(1, n) if boundary_penalty(flow, b) != FORBIDDEN]
    for inner in itertools.combinations_with_replacement([0, *open_, n], columns - 1):
        yield (0, *inner, n)


def brute_tallest(flow: Flow, columns: int, offsets) -> float:
    return min(
        max(least(flow, a, b) + o for a, b, o in zip(bs, bs[1:], offsets, strict=False))
        for bs in placements(flow, columns)
    )


def brute_place(flow: Flow, columns: int, height: float, offsets, target=None) -> float:
    goal = height if target is None else target
    best = math.inf
    for bs in placements(flow, columns):
        # place() only leaves a column empty when nothing is left (trailing empties).
        if any(a == b and b != bs[-1] for a, b in itertools.pairwise(bs)):
            continue
        total = 0.0
        for c, (a, b) in enumerate(itertools.pairwise(bs)):
            h, z, y = column(flow, a, b)
            if h - y > height - offsets[c] + 1e-6:
                total = math.inf
                break
            aim = min(goal - offsets[c], height - offsets[c])
            total += badness(aim - h, z, y) + (boundary_penalty(flow, b) if b < bs[-1] else 0.0)
        best = min(best, total)
    return best


# --- strategies ---------------------------------------------------------------------

heights = st.sampled_from([1.0, 2.0, 3.0, 4.5, 7.0, 12.0])


@st.composite
def blocks(draw, max_units=5):
    count = draw(st.integers(1, max_units))
    units = tuple(
        Unit(draw(heights), field=draw(st.sampled_from(["a", "b"])), cut=True) for _ in range(count)
    )
    breaks = []
    for _ in range(count - 1):
        glue = draw(st.sampled_from([0.0, 0.5, 1.5]))
        breaks.append(
            Break(
                glue=glue,
                penalty=draw(st.sampled_from([0.0, 5.0, 40.0, FORBIDDEN])),
                stretch=draw(st.sampled_from([0.0, 1.0])),
                shrink=glue * draw(st.sampled_from([0.0, 0.5, 1.0])),
            )
        )
    breaks = tuple(breaks)
    pad = draw(st.sampled_from([0.0, 1.0, 2.0]))
    return Block(
        key=f"k{draw(st.integers(0, 999))}",
        units=units,
        breaks=breaks,
        head=pad,
        tail=pad,
        cont_head=pad + draw(st.sampled_from([0.0, 1.0, 3.0])),
        cont_tail=pad,
        split_cost=draw(st.sampled_from([0.0, 10.0])),
    )


@st.composite
def flows(draw, max_blocks=4, max_units=5):
    bs = tuple(draw(st.lists(blocks(max_units), min_size=1, max_size=max_blocks)))
    gap = draw(st.sampled_from([0.0, 2.0]))
    return Flow(
        bs,
        gap=gap,
        gap_stretch=draw(st.sampled_from([0.0, 2.0])),
        gap_shrink=gap * draw(st.sampled_from([0.0, 0.5])),
    )


columns_ = st.integers(1, 3)
SETTINGS = settings(
    max_examples=int(os.environ.get("FLOW_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def offsets_for(draw, columns):
    return tuple(draw(st.sampled_from([0.0, 0.0, 3.0, 10.0])) for _ in range(columns))


# --- min-max ------------------------------------------------------------------------


@SETTINGS
@given(flows(), columns_, st.data())
def test_tallest_is_the_brute_force_minimum(flow, columns, data):
    offsets = data.draw(offsets_for(columns))
    value, placement = tallest(flow, columns, offsets, tolerance=1e-6)
    assert value == pytest.approx(brute_tallest(flow, columns, offsets), abs=1e-5)
    # The placement is real: its heights are what the independent model says.
    for col, a, b in zip(placement.columns, placement.bounds, placement.bounds[1:], strict=False):
        assert (col.height, col.stretch, col.shrink) == pytest.approx(column(flow, a, b))
        assert a == b or boundary_penalty(flow, a) != FORBIDDEN


@SETTINGS
@given(flows(), columns_, st.floats(0, 60), st.data())
def test_fits_agrees_with_brute_force(flow, columns, height, data):
    offsets = data.draw(offsets_for(columns))
    expect = brute_tallest(flow, columns, offsets) <= height + 1e-6
    got = fits(flow, columns, height, offsets)
    assert (got is not None) == expect
    if got:
        assert all(c.least + c.offset <= height + 1e-6 for c in got.columns)


@SETTINGS
@given(flows(), columns_)
def test_reading_order_and_every_unit_once(flow, columns):
    _, placement = tallest(flow, columns)
    seen = [
        (s.block, u) for c in placement.columns for s in c.slices for u in range(s.start, s.stop)
    ]
    assert seen == owners(flow)


# --- the cheapest placement ---------------------------------------------------------


@SETTINGS
@given(flows(max_blocks=3, max_units=4), columns_, st.floats(5, 60), st.data())
def test_place_is_the_brute_force_cheapest(flow, columns, height, data):
    offsets = data.draw(offsets_for(columns))
    got = place(flow, columns, height, offsets)
    expect = brute_place(flow, columns, height, offsets)
    if expect == math.inf:
        assert got is None
        return
    assert got is not None
    assert got.cost == pytest.approx(expect, rel=1e-9, abs=1e-6)
    assert all(c.least + c.offset <= height + 1e-6 for c in got.columns)


@SETTINGS
@given(flows(max_blocks=3, max_units=4), columns_)
def test_place_at_the_min_max_always_finds_a_placement(flow, columns):
    value, _ = tallest(flow, columns, tolerance=1e-6)
    assert place(flow, columns, value + 1e-5) is not None


def test_a_whole_card_split_beats_a_ragged_foot():
    """Two equal columns' worth of text in one block: split it in the middle."""
    lines = tuple(Unit(10.0) for _ in range(10))
    block = Block("a", lines, tuple(Break(penalty=5.0) for _ in range(9)))
    p = place(Flow((block,)), 2, 50.0)
    assert p is not None
    assert tuple(c.height for c in p.columns) == (50.0, 50.0)
    assert p.splits() == [(0, 5)]


def test_forbidden_breaks_are_never_used():
    lines = tuple(Unit(10.0) for _ in range(4))
    brks = (Break(penalty=FORBIDDEN), Break(penalty=0.0), Break(penalty=FORBIDDEN))
    flow = Flow((Block("a", lines, brks),))
    value, p = tallest(flow, 2)
    assert value == pytest.approx(20.0, abs=1e-3)
    assert p.bounds == (0, 2, 4)


def test_a_cheap_break_wins_over_a_dear_one_when_both_fit():
    units = tuple(Unit(10.0) for _ in range(4))
    brks = (Break(penalty=50.0), Break(penalty=1.0, stretch=0.0), Break(penalty=50.0))
    flow = Flow((Block("a", units, brks, cont_head=0.0),))
    p = place(flow, 2, 30.0, badness=lambda r, z, y: r)  # 10 pt short costs 10
    assert p is not None
    assert p.bounds == (0, 2, 4)


def test_the_stretch_makes_the_feet_level_without_a_split():
    """Enough glue to stretch: no split is better than a split."""
    a = Block("a", (Unit(40.0),), ())
    b = Block("b", (Unit(30.0), Unit(10.0)), (Break(penalty=50.0, stretch=20.0),))
    flow = Flow((a, b), gap=2.0, gap_stretch=4.0)
    p = place(flow, 2, 42.0)
    assert p is not None
    assert p.splits() == []


# --- overflow: cuts that really make it fit -----------------------------------------


@SETTINGS
@given(flows(max_blocks=4, max_units=5), columns_, st.floats(3, 40))
def test_cuts_make_the_page_fit(flow, columns, height):
    found = cuts(flow, columns, height)
    if found is None:
        return  # nothing cuttable is left (each field keeps a line)
    removed = frozenset((c.block_index, c.unit) for c in found)
    assert fits(drop(flow, removed), columns, height) is not None
    # Each cut is a field's last line(s), and none is superfluous: putting back the
    # first dropped line of any field overflows again.
    for c in found:
        block = flow.blocks[c.block_index]
        same = [u for u in range(len(block.units)) if block.units[u].field == c.field]
        assert all((c.block_index, u) in removed for u in same if u > c.unit)
        earlier = [u for u in same if u < c.unit]
        if not earlier or (c.block_index, earlier[-1]) not in removed:
            assert fits(drop(flow, removed - {(c.block_index, c.unit)}), columns, height) is None
    if not found:
        assert fits(flow, columns, height)


def test_cuts_come_from_the_overflowing_column():
    """Column 2 overflows by 2 lines; the cut is there, not in the long card of column 1."""
    para = lambda n, f: tuple(Unit(10.0, field=f, cut=True) for _ in range(n))  # noqa: E731
    first = Block("first", para(5, "approach"), (Break(penalty=FORBIDDEN),) * 4)
    second = Block(
        "second",
        para(3, "goal") + para(4, "approach"),
        (Break(penalty=FORBIDDEN),) * 2
        + (Break(glue=0.0, penalty=FORBIDDEN),)
        + (Break(penalty=FORBIDDEN),) * 3,
    )
    flow = Flow((first, second))
    found = cuts(flow, 2, 50.0)
    assert found is not None
    assert {c.block for c in found} == {"second"}
    assert len(found) == 2
    assert tally(found) == {"second": {"approach": 2}}


# --- scale ---------------------------------------------------------------------------


def big_flow(cards=24, units=40, seed=1) -> Flow:
    rng = random.Random(seed)
    out = []
    for c in range(cards):
        us = tuple(
            Unit(rng.choice([8.4, 8.4, 8.4, 12.0, 20.0]), field=f"f{i // 6}", cut=True)
            for i in range(units)
        )
        bs = tuple(
            Break(
                glue=rng.choice([0.0, 0.0, 2.5]),
                penalty=rng.choice([5.0, 40.0, FORBIDDEN]),
                stretch=1.0,
            )
            for _ in range(units - 1)
        )
        out.append(
            Block(
                f"c{c}", us, bs, head=5.0, tail=5.0, cont_head=14.0, cont_tail=5.0, split_cost=30.0
            )
        )
    return Flow(tuple(out), gap=6.0, gap_stretch=6.0)


def test_scale_24_cards_of_40_units():
    flow = big_flow()
    t0 = time.perf_counter()
    value, _ = tallest(flow, 3)
    t1 = time.perf_counter()
    p = place(flow, 3, value + 5.0)
    t2 = time.perf_counter()
    assert p is not None
    assert t1 - t0 < 1.0, t1 - t0
    assert t2 - t1 < 10.0, t2 - t1


def test_shrinking_glue_lets_a_column_hold_one_more_line():
    units = (Unit(10.0), Unit(10.0), Unit(10.0))
    brks = (
        Break(glue=2.0, shrink=1.0, penalty=FORBIDDEN),
        Break(glue=2.0, shrink=1.0, penalty=FORBIDDEN),
    )
    flow = Flow((Block("a", units, brks),))
    rigid = Flow((Block("a", units, tuple(Break(glue=2.0, penalty=FORBIDDEN) for _ in range(2))),))
    assert fits(rigid, 1, 33.9) is None
    assert fits(flow, 1, 33.9) is not None
    assert fits(flow, 1, 32.0) is not None
    assert fits(flow, 1, 31.9) is None
    p = place(flow, 1, 32.0)
    assert p is not None
    assert 0 < p.cost < math.inf
