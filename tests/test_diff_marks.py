"""The review's marks read right: struck figures, markers apart from the text, the draft's own
layout, a status change named rather than framed, columns said as moves."""

from __future__ import annotations

import io
import json
from pathlib import Path

from PIL import Image
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from conftest import run_cli
from proeve.diff.marks import DELETED_INK, dele
from proeve.diff.report import column_moves
from proeve.diff.words import plain_style, render, word_diff
from proeve.page.fonts import register
from proeve.pdf.actual import enable
from proeve.pdf.raster import page_png
from test_diff import MKB, build, drafts, edit

__all__ = ["drafts"]


def ink(markup: str) -> int:
    """Dark pixels of a paragraph set as a card's key figure (bold, large), in gray."""
    faces = register("source-sans")
    style = ParagraphStyle("value", fontName=faces.bold, fontSize=14, leading=15)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(60, 30))
    enable(canvas)
    paragraph = Paragraph(markup, style)
    paragraph.wrap(50, 30)
    paragraph.drawOn(canvas, 5, 5)
    canvas.save()
    image = Image.open(io.BytesIO(page_png(buffer.getvalue(), 300))).convert("L")
    return sum(1 for v in image.tobytes() if v < 160)


def test_a_deleted_lone_figure_is_struck_through() -> None:
    """ReportLab's strike (0.25 em) ran along the bar of a 4 and through a minus sign, so
    little of it showed; ours crosses the digits where nothing else is."""
    for value in ("4", "44"):
        plain = ink(f'<font color="{DELETED_INK}">{value}</font>')
        default = ink(f'<strike color="{DELETED_INK}" width="0.9">'
                      f'<font color="{DELETED_INK}">{value}</font></strike>')  # fmt: skip
        ours = ink(dele(value))
        assert ours - plain > 2 * (default - plain) > 0, value


def test_word_markers_never_run_into_the_text() -> None:
    assert render(word_diff("400 projecten", "-15% projecten")) == "[-400-]{+ -15% +} projecten"
    assert render(word_diff("3 ministeries", "75+ ministeries")) == "[-3-]{+ 75+ +} ministeries"
    assert render(word_diff("4 partners", "5 partners")) == "[-4-]{+5+} partners"
    assert plain_style("-", "a -] b") == "[- a -] b -]"


def test_the_columns_line_says_which_blocks_moved() -> None:
    old = (("intro", "a", "b"), ("c", "d"), ("e",))
    new = (("intro", "a", "c"), ("b", "d"), ("e",))
    assert column_moves(old, new) == [("c", "2", "1"), ("b", "1", "2")]
    continued = (("intro", "a", "c"), ("c", "b", "d"), ("e",))  # c continues in column 2
    assert column_moves(old, continued) == [("c", "2", "1+2"), ("b", "1", "2")]


def test_the_change_list_names_moved_initiatives_not_every_id(drafts: Path) -> None:
    lines = run_cli("diff", "1", "2", drafts).stdout.splitlines()
    columns = [line for line in lines if line.strip().startswith("columns:")]
    for line in columns:
        assert "|" not in line
        assert "→" in line


def test_a_draft_and_its_final_differ_in_status_not_in_a_watermark(
    project: Path, tmp_path: Path
) -> None:
    build(project, "v1")
    result = run_cli("build", project, "--final", "-m", "vastgesteld")
    assert result.code == 0, result.stderr
    out = tmp_path / "review.pdf"
    diff = run_cli("diff", "1", "2", project, "--pdf", out, "--json")
    assert diff.code == 1, diff.stderr
    data = json.loads(diff.stdout)
    assert data["same"] is False
    # Only the status slot (top) and the trace (foot) differ: nothing where the watermark lay.
    for left, top, right, bottom in data["visual"]["regions_mm"]:
        assert bottom < 25 or top > 270, (left, top, right, bottom)
    assert run_cli("diff", "1", "2", project).stdout.startswith("v1 → v2: status draft → final")
    legend = " ".join(p.extract_text() for p in PdfReader(out).pages[:2]).replace("\xa0", " ")
    assert "status: concept → definitief" in legend


def test_the_marked_page_keeps_the_draft_s_size_and_says_where_deletions_do_not_fit(
    project: Path, tmp_path: Path
) -> None:
    build(project, "v1")
    # A long goal goes; with less text the new draft is set larger, so its deleted words
    # cannot come back at that size and still fit.
    edit(project, MKB, "  Elke ondernemer vindt in de eigen regio de juiste hulp om te groeien, te\n"
                       "  verduurzamen en te digitaliseren.\n", "  Passende hulp.\n")  # fmt: skip
    for name in ("human-capital", "smart-cities", "vitale-binnensteden"):
        path = project / f"inputs/initiatives/{name}.yaml"
        text = path.read_text()
        start = text.index("approach: >")
        end = text.index("\n", text.index("\n", start) + 1)
        path.write_text(text[:start] + "approach: Kort." + text[end:])
    build(project, "v2")
    out = tmp_path / "review.pdf"
    assert run_cli("diff", "1", "2", project, "--pdf", out).code == 1
    # The page keeps the draft's size; with no room above it, its legend heads page 2.
    legend = " ".join(p.extract_text() for p in PdfReader(out).pages[:2])
    assert "lettergrootte hier" not in legend  # set at the draft's own size
    assert "verwijderde woorden passen hier niet bij:" in legend

    from proeve.diff.compare import compare
    from proeve.diff.markpage import fit_marked

    before, after = compare("1", "2", project).parsed  # type: ignore[misc]
    marked = fit_marked(before.document, after.document, after.template, after.stamp,
                        after.fitted.layout)  # fmt: skip
    assert marked is not None
    layout, hidden = marked
    assert layout.font_size == after.fitted.layout.font_size
    assert layout.columns == after.fitted.layout.columns
    assert hidden  # named in the legend above
