"""A word wider than its column: nothing is painted past the column, and the fit counts it.

Before, an address with a segment wider than a column and no '/' or '.' to
break at (a shared document's id, a '?utm_...' query) ran across the next card
and off the page while check, build and verify all said it was fine; a much
longer one gave a position map proeve then refused for ever. Now a line breaks
such a word after ?, &, =, _, - and then between any two characters (an
address without a hyphen, so it copies whole), and every glyph stays inside
the column it is set in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from proeve.chain import gather, make_pdf
from proeve.identity import Edition
from proeve.inputs.template import Template
from proeve.page.layout import column_width, frame_of
from proeve.pdf.pagetext import read_pages

MKB = "inputs/initiatives/mkb-roltrap.yaml"
DOCS = (
    "https://docs.google.com/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefghijk"
    "/edit?usp=sharing"
)
UTM = "https://g40stedennetwerk.nl/nieuws?utm_source=nieuwsbrief_december&utm_medium=email"
LONG = "https://example.nl/" + "a1B2c3D4e5" * 40  # 400 characters with nothing to break at
WORD = "Woningbouwversnellingsaanpakmiddelgrotestedenprogramma" * 2


def set_approach(project: Path, text: str) -> None:
    path = project / MKB
    lines = path.read_text("utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("approach:"))
    end = at + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    lines[at:end] = [f'approach: "{text}"\n']
    path.write_text("".join(lines), "utf-8")


def columns(template: Template) -> list[tuple[float, float]]:
    """The columns' left and right edges, in points."""
    frame = frame_of(template)
    width = column_width(template, frame.width)
    gutter = (frame.width - template.page.columns * width) / max(template.page.columns - 1, 1)
    return [
        (frame.x + i * (width + gutter), frame.x + i * (width + gutter) + width)
        for i in range(template.page.columns)
    ]


@pytest.mark.parametrize(
    "text",
    [f"Zie {DOCS} voor de notulen.", f"Aanmelden: {UTM}.", f"Lang: {LONG} einde.", WORD],
    ids=["google-docs", "utm-query", "400-characters", "long-word"],
)
def test_no_glyph_is_painted_past_its_column(project: Path, tmp_path: Path, text: str) -> None:
    set_approach(project, text)
    built = make_pdf(*gather(project), Edition("draft", 1))
    path = tmp_path / "draft.pdf"
    path.write_bytes(built.pdf)
    page = read_pages(path, "draft.pdf", [1])[1]
    edges = columns(built.fitted.template)
    blocks = {placed.key: placed.box for placed in built.fitted.layout.blocks}
    below_header = blocks["header"].y
    above_footer = blocks["footer"].y + blocks["footer"].height
    outside = []
    for index, (left, bottom, right, top) in enumerate(page.boxes):
        if not page.glyph(index) or top - bottom > 30 or not page.text[index].strip():
            continue  # the watermark's letters span the page; a line end's space has no ink
        if bottom > below_header or top < above_footer:
            continue  # the header and footer span the columns
        column = next((c for c in edges if c[0] - 1 <= left <= c[1] + 1), None)
        if column is None or right > column[1] + 0.5:
            outside.append((page.text[index], round(left), round(right)))
    assert not outside
    # The field's own boxes lie in one column each: the position map is one proeve reads.
    for x, _y, w, _h in built.manifest.positions.fields["initiatives/mkb-roltrap:approach"]:
        assert any(c[0] - 1 <= x and x + w <= c[1] + 0.5 for c in edges)


@pytest.mark.slow
def test_a_draft_with_a_long_address_builds_and_verifies(project: Path) -> None:
    set_approach(project, f"Zie {LONG} en {DOCS} voor de notulen.")
    assert run_cli("check", project).code == 0
    assert run_cli("build", project).code == 0
    draft = next((project / "output").glob("*-v001.pdf"))
    result = run_cli("verify", draft)
    assert result.code == 0, result.stdout + result.stderr
