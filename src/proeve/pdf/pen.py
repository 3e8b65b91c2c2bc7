"""What the page paints -> what it is: the seam through which blocks announce their structure.

Every block paints through a Pen, never on the bare canvas alone: each piece of
text with its structure role (H1, H2, P, LI, TH, TD, ...) and the input field
it shows (`mkb-roltrap.goal`, `mkb-roltrap.next_steps[1]`, `footer.url`);
decoration (backgrounds, rules, badges' shapes, the watermark) as an artifact;
groups (a card's Sect, a list, the matrix's Table and its rows) as elements
with a key, so that a card continued in the next column is still one element.

The plain Pen only paints, so an untagged page is what it always was. Other
pens listen to the same announcements: the PDF's structure tree (PDF/UA) and
the position map of where each field lands are built from them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


def overview_field(path: str) -> str:
    """The name of a field of overview.yaml as pens see it, e.g. 'overview:footer.url'."""
    return f"overview:{path}"


def initiative_field(initiative: str, path: str) -> str:
    """The name of a field of an initiative's file, e.g. 'initiatives/mkb-roltrap:goal'."""
    return f"initiatives/{initiative}:{path}"


class Pen:
    """Paints on a ReportLab canvas and ignores what the page says about its structure."""

    # Whether paragraphs are drawn with their line ends as spaces (pdf.tags does, for readers).
    line_end_spaces = False

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas

    @contextmanager
    def element(self, role: str, key: str | None = None, **attributes: Any) -> Iterator[None]:
        """A group of content (Sect, L, Table, TR, ...); the same key means the same element."""
        yield

    @contextmanager
    def content(self, role: str, field: str | None = None, **attributes: Any) -> Iterator[None]:
        """Everything drawn inside is one piece of content of this role (text, a cell, a figure).

        A table header says its `scope` ("Column", "Row", "Both"); content whose
        paint is not text (a matrix cell's dot) says in words what it means with
        `says`, and where with `box` (x, y, width, height).
        """
        yield

    @contextmanager
    def artifact(self, kind: str | None = None) -> Iterator[None]:
        """Everything drawn inside is decoration that a reader of the text skips."""
        yield

    def paragraph(
        self,
        role: str,
        paragraph: Any,
        x: float,
        y: float,
        field: str | None,
        **attributes: Any,
    ) -> None:
        """A wrapped ReportLab Paragraph at (x, y bottom) as one piece of content of `role`.

        A list item (`LI`) carries its bullet: a tagging pen makes it Lbl + LBody.
        A paragraph split between two columns comes as two parts with the same
        field: the first says `goes_on=True`, the second `continued=True`; they
        are one paragraph.
        """
        paragraph.drawOn(self.canvas, x, y)

    def text(self, paragraph: Any, x: float, y: float) -> None:
        """A wrapped Paragraph drawn as part of the content() open around it.

        Read on with what follows in the same content: a key figure's value, then its label.
        """
        paragraph.drawOn(self.canvas, x, y)

    def link(
        self,
        url: str,
        rect: tuple[float, float, float, float],
        contents: str,
        draw: Callable[[], None],
        field: str | None = None,
    ) -> None:
        """Text that is a link: `draw` paints it, the annotation covers `rect` (PDF points).

        `field` names the input field the link's text shows (`overview:footer.url`).
        """
        draw()
        # /F 4 (print): PDF/A wants every annotation printable.
        self.canvas.linkURL(url, rect, relative=0, thickness=0, F=4)

    def figure(
        self, alt: str, draw: Callable[[], None], box: tuple[float, float, float, float]
    ) -> None:
        """An image with its alternative text; `box` is (x, y, width, height)."""
        draw()
