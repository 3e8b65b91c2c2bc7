"""The page announces its structure through the Pen: roles, fields, groups, in reading order."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from conftest import ROOT
from proeve.chain import fit, gather
from proeve.page.draw import paint_page
from proeve.page.fonts import register
from proeve.pdf.pen import Pen


class Recorder(Pen):
    """A pen that notes what is announced, as (event, role, field-or-key) triples."""

    def __init__(self, canvas: Any) -> None:
        super().__init__(canvas)
        self.events: list[tuple[str, str, str | None]] = []

    @contextmanager
    def element(self, role: str, key: str | None = None, **attributes: Any) -> Iterator[None]:
        self.events.append(("open", role, key))
        yield
        self.events.append(("close", role, key))

    @contextmanager
    def content(self, role: str, field: str | None = None, **attributes: Any) -> Iterator[None]:
        self.events.append(("content", role, field))
        yield

    def paragraph(self, role: str, paragraph: Any, x: float, y: float, field: str | None,
                  **attributes: Any) -> None:  # fmt: skip
        self.events.append(("content", role, field))
        super().paragraph(role, paragraph, x, y, field)

    def link(self, url: str, rect: Any, contents: str, draw: Any, field: str | None = None) -> None:
        self.events.append(("content", "Link", url))
        super().link(url, rect, contents, draw, field=field)


def announced(tmp_path: Path) -> list[tuple[str, str, str | None]]:
    fitted = fit(*gather(ROOT))
    pen = Recorder(Canvas(str(tmp_path / "x.pdf")))
    paint_page(pen, fitted.layout, fitted.template)
    return pen.events


def test_the_page_reads_in_order_with_each_field_named(tmp_path: Path) -> None:
    events = announced(tmp_path)
    contents = [(role, field) for kind, role, field in events if kind == "content"]
    assert contents[0] == ("H1", "overview:title")
    assert ("P", "overview:intro") in contents
    headings = [field for role, field in contents if role == "H2" and field]
    order = ["vitale-binnensteden", "human-capital", "smart-cities", "impact-ondernemen",
             "mkb-roltrap"]  # fmt: skip
    assert headings == [f"initiatives/{i}:title" for i in order]
    assert ("LI", "initiatives/mkb-roltrap:next_steps[1]") in contents
    assert ("P", "initiatives/mkb-roltrap:figures[0]") in contents
    assert ("Link", "https://g40stedennetwerk.nl") in contents
    assert contents.index(("P", "overview:intro")) < contents.index(("H2", headings[0]))


def test_groups_open_and_close_in_pairs_and_the_matrix_is_a_table(tmp_path: Path) -> None:
    events = announced(tmp_path)
    stack: list[tuple[str, str | None]] = []
    for kind, role, key in events:
        if kind == "open":
            stack.append((role, key))
        elif kind == "close":
            assert stack.pop() == (role, key)
    assert not stack
    opened = [(role, key) for kind, role, key in events if kind == "open"]
    assert ("Sect", "mkb-roltrap") in opened
    assert ("Table", "matrix") in opened
    rows = sum(1 for role, _ in opened if role == "TR")
    assert rows == 1 + 5  # the theme labels, then one row per initiative
    cells = [f for k, r, f in events if k == "content" and r == "TD"]
    assert len(cells) == 5 * 6


class Parts(Recorder):
    """A recorder that also notes which paragraphs continue one painted before."""

    def __init__(self, canvas: Any) -> None:
        super().__init__(canvas)
        self.continued: list[str | None] = []

    def paragraph(self, role: str, paragraph: Any, x: float, y: float, field: str | None,
                  **attributes: Any) -> None:  # fmt: skip
        if attributes.get("continued"):
            self.continued.append(field)
        super().paragraph(role, paragraph, x, y, field)


def test_a_card_continued_in_the_next_column_is_the_same_element(tmp_path: Path) -> None:
    """The example's card that goes on in the next column: its slice opens the same Sect again."""
    layout = fit(*gather(ROOT)).layout
    split = next(b.key for b in layout.blocks if b.part)
    whole = next(b.key for b in layout.blocks if b.kind == "card" and b.key != split)
    events = announced(tmp_path)
    sections = [key for kind, role, key in events if kind == "open" and role == "Sect"]
    assert sections.count(split) == 2
    assert sections.count(whole) == 1
    lists = [key for kind, role, key in events if kind == "open" and role == "L"]
    assert f"{split}:next_steps" in lists
    fields = [f for kind, role, f in events if kind == "content" and f]
    assert len(fields) == len(set(fields))  # no field is painted twice as a whole


def test_a_paragraph_split_between_columns_names_its_field_in_both_parts(tmp_path: Path) -> None:
    from proeve.page.stack import Stack, text
    from proeve.page.styles import Styles

    fitted = fit(*gather(ROOT))
    styles = Styles(9.0, fitted.template, register(fitted.template.font), "nl")
    paragraph, _ = styles.para("woord " * 120, styles.body, 150)
    lines = len(paragraph.blPara.lines)
    element = text(paragraph, "P", "initiatives/x:approach", 0.0, cuttable="x:approach")
    stack = Stack("x", "card", 150, (element,))
    pen = Parts(Canvas(str(tmp_path / "x.pdf")))
    stack.piece(0, 4).paint(pen, 0, 800)
    stack.piece(4, lines).paint(pen, 200, 800)
    assert [e for e in pen.events if e[0] == "open"] == [("open", "Sect", "x")] * 2
    parts = [f for kind, role, f in pen.events if kind == "content"]
    assert parts == ["initiatives/x:approach"] * 2
    assert pen.continued == ["initiatives/x:approach"]
