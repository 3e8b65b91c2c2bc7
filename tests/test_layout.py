"""The layout, asserted on the Layout (no pixels): inside the page, no overlaps, balanced, fitted."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from conftest import add_initiatives, run_cli
from proeve.chain import gather, validate
from proeve.errors import FitError
from proeve.page.boxes import Layout, Piece
from proeve.page.layout import balance, fit_page


def layout_of(project: Path) -> Layout:
    return fit_page(*validate(*gather(project)))


def overlaps(a: object, b: object) -> bool:
    ax, ay, aw, ah = a.x, a.y, a.width, a.height  # type: ignore[attr-defined]
    bx, by, bw, bh = b.x, b.y, b.width, b.height  # type: ignore[attr-defined]
    eps = 0.01
    return ax + aw > bx + eps and bx + bw > ax + eps and ay + ah > by + eps and by + bh > ay + eps


def test_every_block_inside_the_frame_and_none_overlap(project: Path) -> None:
    layout = layout_of(project)
    frame = layout.frame
    for block in layout.blocks:
        box = block.box
        assert box.x >= frame.x - 0.01
        assert box.x + box.width <= frame.x + frame.width + 0.01
        assert box.y >= frame.y - 0.01, block.key
        assert box.top <= frame.top + 0.01, block.key
    for a, b in itertools.combinations(layout.blocks, 2):
        assert not overlaps(a.box, b.box), (a.key, b.key)


def test_every_initiative_is_placed_once_in_reading_order(project: Path) -> None:
    layout = layout_of(project)
    cards = [b.key for b in layout.blocks if b.kind == "card"]
    assert cards == [
        "vitale-binnensteden",
        "human-capital",
        "smart-cities",
        "impact-ondernemen",
        "mkb-roltrap",
    ]
    flow = [k for col in layout.columns for k in col]
    assert flow == ["intro", *cards, "crosslinks"]


def test_example_fits_within_template_bounds(project: Path) -> None:
    layout = layout_of(project)
    assert 7 <= layout.font_size <= 10.5
    assert 0.8 <= layout.fill <= 1.0


def test_more_text_never_gives_a_larger_font(project: Path) -> None:
    before = layout_of(project).font_size
    add_initiatives(project, 1)
    after = layout_of(project).font_size
    assert after < before


def test_twelve_initiatives_still_fit_on_one_page(project: Path) -> None:
    add_initiatives(project, 12, compact=True)
    result = run_cli("preview", project, "--json")
    assert result.code == 0, result.stderr
    assert '"font_size"' in result.stdout


def test_impossible_document_fails_with_overflow_and_longest(project: Path) -> None:
    add_initiatives(
        project, 19, extra_text="Een lange uitleg die de kaart flink langer maakt. " * 6
    )
    with pytest.raises(FitError) as caught:
        layout_of(project)
    error = caught.value
    assert error.overflow_mm > 0
    assert "mm too long" in str(error)
    assert "lines" in str(error)
    assert len(error.longest) == 3
    result = run_cli("preview", project)
    assert result.code == 1
    assert "does not fit on one A4 page" in result.stderr
    assert not (project / "output/preview.pdf").exists()


def piece(height: float) -> Piece:
    return Piece(str(height), "card", 10, height, lambda c, x, t: None)


@pytest.mark.parametrize(
    "heights",
    [[100, 120, 90, 130, 110, 80], [300, 10, 10, 10], [50], [40, 40], [5, 80, 5, 80, 5, 80, 5]],
)
@pytest.mark.parametrize("columns", [1, 2, 3])
def test_balance_is_optimal_and_keeps_order(heights: list[float], columns: int) -> None:
    pieces = [piece(h) for h in heights]
    grouped = balance(pieces, columns, gap=2)
    assert [p for col in grouped for p in col] == pieces
    tallest = max(sum(p.height for p in col) + 2 * (len(col) - 1) for col in grouped)
    n, k = len(pieces), min(columns, len(pieces))
    best = min(
        max(sum(heights[a:b]) + 2 * (b - a - 1) for a, b in itertools.pairwise((0, *cuts, n)))
        for cuts in itertools.combinations(range(1, n), k - 1)
    )
    assert tallest == pytest.approx(best)


@pytest.mark.parametrize("count", [1, 6, 12])
def test_theme_matrix_stays_inside_its_column_however_many_themes(
    project: Path, count: int
) -> None:
    from proeve.frozen import replace
    from proeve.inputs.model import Theme
    from proeve.page.cards import Styles
    from proeve.page.crosslinks import _grid
    from proeve.page.fonts import register

    document, template = validate(*gather(project))
    themes = tuple(Theme(f"t{i}", f"Een tamelijk lang thema {i}") for i in range(count))
    document = replace(document, themes=themes)
    column = 170.0
    for size in (7.0, 10.5):
        styles = Styles(size, template, register(template.font), "nl")
        grid = _grid(document, column, styles)
        assert grid.name_w + grid.col_w * count <= column + 0.01
        assert grid.label_size <= grid.col_w
        assert grid.dot * 2 < grid.col_w


def test_each_card_says_where_its_status_tag_is(project: Path) -> None:
    """The review page rings the tag at this anchor; it must sit in the card's top right."""
    layout = layout_of(project)
    for block in (b for b in layout.blocks if b.kind == "card"):
        tag = block.anchor("status")
        assert tag is not None
        assert block.box.x + block.box.width / 2 < tag.x
        assert tag.x + tag.width <= block.box.x + block.box.width
        assert block.box.top - block.box.height / 4 < tag.y < tag.top <= block.box.top
