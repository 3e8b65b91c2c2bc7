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
from proeve.page.pen import Pen


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
