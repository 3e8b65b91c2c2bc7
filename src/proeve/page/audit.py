"""A fitted Layout -> its set lines as text, and what a typographer counts in them.

The counts the composer is held to (proeve.page.compose): lines that end in a
hyphen, the longest run of them, a paragraph whose last word is broken, a word
broken without a hyphen that is not an address, a title line holding one word
alone. Read from the lines as they are painted, through a Pen that only listens.
"""

from __future__ import annotations

import io
from typing import Any

from proeve.frozen import Frozen
from proeve.page.boxes import Layout
from proeve.page.hyphens import address_like
from proeve.pdf.pen import Pen

TITLES = ("H1", "H2", "H3")


class Line(Frozen):
    """One painted line: its text, its paragraph's role and field, how it ends."""

    text: str
    role: str
    field: str
    hyphen: bool  # ends in a hyphen (the word's own, or one the break added)
    bare: bool  # ends inside a word without a hyphen (an address goes on so)
    last: bool  # the paragraph's last line


class Counts(Frozen):
    """What a typographer counts on a page."""

    lines: int  # running text: every line that is not a title's
    hyphens: int  # of those, lines ending in a hyphen
    hyphens_in_row: int  # the longest run of them
    last_broken: int  # paragraphs whose last word is broken over two lines
    bare: int  # words (not addresses) broken without a hyphen
    lonely_titles: int  # title lines holding one word, in titles of three or more words

    @property
    def share(self) -> float:
        return self.hyphens / self.lines if self.lines else 0.0


def lines_of(layout: Layout, template: Any) -> list[Line]:
    """Every line the page paints, in painting order."""
    from reportlab.pdfgen.canvas import Canvas

    from proeve.page.draw import paint_page

    pen = _Listener(Canvas(io.BytesIO()))
    paint_page(pen, layout, template)
    return pen.lines


def count(lines: list[Line]) -> Counts:
    body = [line for line in lines if line.role not in TITLES]
    hyphens = run = longest = 0
    for line in body:
        ends = line.hyphen and not line.last
        hyphens += ends
        run = run + 1 if ends else 0
        longest = max(longest, run)
    broken = 0
    for line, after in zip(lines, lines[1:], strict=False):  # noqa: RUF007 (3.10)
        ends = after.last and after.field == line.field and (line.hyphen or line.bare)
        if ends and len(after.text.split()) == 1 and not after.text.endswith("-"):
            broken += 1
    bare = sum(
        1
        for line in lines
        if line.bare and not address_like(line.text.split()[-1] if line.text.split() else "")
    )
    lonely = 0
    titles: dict[str, list[Line]] = {}
    for line in lines:
        if line.role in TITLES:
            titles.setdefault(line.field, []).append(line)
    for title in titles.values():
        if sum(len(t.text.split()) for t in title) >= 3:
            lonely += sum(1 for t in title if len(t.text.split()) == 1)
    return Counts(len(body), hyphens, longest, broken, bare, lonely)


class _Listener(Pen):
    """Paints nothing that matters; notes each paragraph's lines."""

    def __init__(self, canvas: Any) -> None:
        super().__init__(canvas)
        self.lines: list[Line] = []

    def paragraph(
        self, role: str, paragraph: Any, x: float, y: float, field: str | None, **attributes: Any
    ) -> None:
        self._note(role, paragraph, field or "", goes_on=bool(attributes.get("goes_on")))

    def text(self, paragraph: Any, x: float, y: float) -> None:
        self._note("P", paragraph, "", goes_on=False)

    def _note(self, role: str, paragraph: Any, field: str, goes_on: bool) -> None:
        from reportlab.platypus import paragraph as rp

        made = paragraph.blPara
        if made.kind != 1:
            for index, (_, words) in enumerate(made.lines):
                text = " ".join(words)
                last = index == len(made.lines) - 1 and not goes_on
                self.lines.append(Line(text, role, field, text.endswith("-"), False, last))
            return
        frags = paragraph.frags
        for index, line in enumerate(made.lines):
            text = "".join(getattr(w, "text", "") for w in line.words).rstrip()
            nxt = made.lines[index + 1].sFW if index + 1 < len(made.lines) else None
            end = frags[nxt - 1] if nxt else None
            bare = isinstance(end, rp._SplitFragH) and not text.endswith("-")
            last = index == len(made.lines) - 1 and not goes_on
            self.lines.append(Line(text, role, field, text.endswith("-"), bare, last))
