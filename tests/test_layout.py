"""The layout, asserted on the Layout (no pixels): inside the page, no overlaps, level, fitted."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from conftest import DATA, ROOT, add_initiatives, run_cli
from proeve.chain import gather, validate
from proeve.errors import FitError
from proeve.page.boxes import Layout
from proeve.page.layout import fit_page

DOCS = DATA / "docs"


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
    cards = [b.key for b in layout.blocks if b.kind == "card" and b.part == 0]
    assert cards == [
        "vitale-binnensteden",
        "human-capital",
        "smart-cities",
        "impact-ondernemen",
        "mkb-roltrap",
    ]
    flow = list(dict.fromkeys(k for col in layout.columns for k in col))
    assert flow == ["intro", *cards, "crosslinks"]


def test_example_fits_within_template_bounds(project: Path) -> None:
    layout = layout_of(project)
    assert 7 <= layout.font_size <= 10.5
    assert 0.8 <= layout.fill <= 1.0


def feet(layout: Layout) -> list[float]:
    """The painted foot under every column, from the placed boxes (a span is every column's)."""
    flow = [b for b in layout.blocks if b.kind in ("intro", "card", "crosslinks")]
    width = min(b.box.width for b in flow)
    starts = sorted({round(b.box.x, 1) for b in flow if b.box.width < width + 1})
    return [
        min(b.box.y for b in flow if b.box.x < x + width - 1 and b.box.x + b.box.width > x + 1)
        for x in starts
    ]


@pytest.mark.parametrize(
    ("folder", "size"),
    [(ROOT, 8.75), (DOCS / "dense-nl", 7.25), (DOCS / "sparse-en", 10.5)],
    ids=["example", "dense", "sparse"],
)
def test_columns_end_level_at_the_size_the_wasted_space_allows(folder: Path, size: float) -> None:
    """Issue 9: the example at 8.75 pt (8.5 before), the dense page at 7.25 pt (7 before)."""
    layout = layout_of(folder)
    assert layout.font_size >= size
    bottoms = feet(layout)
    assert len(bottoms) == 3
    assert (max(bottoms) - min(bottoms)) / mm <= 5.0, bottoms


@pytest.mark.parametrize("folder", [ROOT, DOCS / "dense-nl", DOCS / "sparse-en"])
def test_a_continued_card_keeps_its_title_and_key(folder: Path) -> None:
    layout = layout_of(folder)
    for block in layout.blocks:
        if block.kind != "card":
            continue
        slices = [b for b in layout.blocks if b.key == block.key]
        assert [b.part > 0 for b in slices] == [False] + [True] * (len(slices) - 1)
        assert [b.more for b in slices] == [True] * (len(slices) - 1) + [False]
        assert (block.anchor("status") is not None) == (block.part == 0)
        # A slice that goes on holds more than the title row and one line.
        if block.more and block.part == 0:
            assert block.box.height > 4 * layout.font_size * layout.line_spacing


def test_the_intro_is_never_larger_than_the_subtitle() -> None:
    from proeve.page.fonts import register
    from proeve.page.styles import Styles

    _, template = validate(*gather(ROOT))
    for size in (7.0, 9.5, 10.5):
        styles = Styles(size, template, register(template.font), "nl")
        assert styles.lead.fontSize <= max(template.sizes.subtitle, size)
        assert styles.lead.fontSize >= size


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


def test_impossible_document_fails_with_overflow_and_cuts(project: Path) -> None:
    add_initiatives(
        project, 19, extra_text="Een lange uitleg die de kaart flink langer maakt. " * 6
    )
    with pytest.raises(FitError) as caught:
        layout_of(project)
    error = caught.value
    assert error.overflow_mm > 0
    assert "mm past the page" in str(error)
    assert "leave initiatives out" in str(error)  # far too long for cutting lines alone
    assert error.page is not None


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
    for block in (b for b in layout.blocks if b.kind == "card" and b.part == 0):
        tag = block.anchor("status")
        assert tag is not None
        assert block.box.x + block.box.width / 2 < tag.x
        assert tag.x + tag.width <= block.box.x + block.box.width
        assert block.box.top - 3 * layout.font_size < tag.y < tag.top <= block.box.top
