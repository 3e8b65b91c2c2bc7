"""A block as units: a slice paints exactly its lines, breaks carry the right prices."""

from __future__ import annotations

import io

import pypdf
from reportlab.pdfgen.canvas import Canvas

from conftest import ROOT
from proeve.chain import gather, validate
from proeve.page.flow import FORBIDDEN
from proeve.page.fonts import register
from proeve.page.stack import Stack, atom, paragraph_lines, text
from proeve.page.styles import Styles
from proeve.pdf.pen import Pen

TEXT = (
    "Gemeenten sluiten met corporaties convenanten over een vast aandeel vrijkomende "
    "woningen. Een ambulant team van maatschappelijk werk, verslavingszorg en GGZ "
    "begeleidt de bewoners, zonder voorwaarden vooraf zoals abstinentie of het doorlopen "
    "van een traject. Uitstroom uit de maatschappelijke opvang krijgt voorrang."
)


def styles() -> Styles:
    _, template = validate(*gather(ROOT))
    return Styles(8.0, template, register(template.font), "nl")


def drawn(paint: object) -> list[tuple[str, int, int]]:
    """The words a painter draws, with their rounded positions."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    paint(Pen(canvas))  # type: ignore[operator]
    canvas.showPage()
    canvas.save()
    out: list[tuple[str, int, int]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():  # ReportLab moves the canvas (cm) to each paragraph, then the line (tm)
            out.append((text.strip(), round(cm[4] + tm[4]), round(cm[5] + tm[5])))

    pypdf.PdfReader(buffer).pages[0].extract_text(visitor_text=visit)
    return out


def test_two_slices_draw_exactly_the_lines_of_the_whole() -> None:
    st = styles()
    paragraph, height = st.para(TEXT, st.body, 120)
    lines = len(paragraph.blPara.lines)
    assert lines >= 6
    leading = height / lines
    whole = drawn(lambda pen: paragraph.drawOn(pen.canvas, 10, 500))
    top = paragraph_lines(paragraph, 0, 3)
    rest = paragraph_lines(paragraph, 3, lines)
    assert top.height + rest.height == height
    parts = drawn(lambda pen: (top.drawOn(pen.canvas, 10, 500 + rest.height),
                               rest.drawOn(pen.canvas, 10, 500)))  # fmt: skip
    assert parts == whole
    assert rest.height == (lines - 3) * leading


def test_the_bullet_stays_with_the_first_line() -> None:
    st = styles()
    paragraph, _ = st.para(TEXT, st.bullet, 120, bulletText="•")
    assert paragraph_lines(paragraph, 0, 2).bulletText == "•"
    assert paragraph_lines(paragraph, 2, 4).bulletText is None


def test_breaks_keep_two_lines_together_and_never_follow_a_title() -> None:
    st = styles()
    paragraph, _ = st.para(TEXT, st.body, 120)
    lines = len(paragraph.blPara.lines)
    title = atom(10.0, 0.0, lambda pen, x, top: None, keep_next=True)
    body = text(paragraph, "P", "f", 3.0, cuttable="x:approach")
    block = Stack("x", "card", 120, (title, body)).block()
    penalties = [b.penalty for b in block.breaks]
    assert penalties[0] == FORBIDDEN  # after the title
    inside = penalties[1:]
    assert inside[0] == FORBIDDEN  # one line alone: never
    assert inside[-1] == FORBIDDEN
    assert all(p < FORBIDDEN for p in inside[1:-1])
    assert len(inside) == lines - 1
    assert [u.field for u in block.units[1:]] == ["x:approach"] * lines


def test_a_paragraph_and_a_list_item_in_two_columns_stay_one_element_when_tagged() -> None:
    from proeve.pdf.structure import Marked
    from proeve.pdf.tags import TaggingPen

    st = styles()
    paragraph, _ = st.para(TEXT, st.body, 120)
    item, _ = st.para(TEXT, st.bullet, 120, bulletText="•")
    n, m = len(paragraph.blPara.lines), len(item.blPara.lines)
    steps = ("L", "x:next_steps")
    stack = Stack(
        "x",
        "card",
        120,
        (
            text(paragraph, "P", "initiatives/x:approach", 0.0),
            text(item, "LI", "initiatives/x:next_steps[0]", 2.0, "item", group=steps),
        ),
    )
    pen = TaggingPen(Canvas(io.BytesIO()), register("source-sans").regular)
    for start, stop, x in ((0, 3, 0), (3, n + 2, 200), (n + 2, n + m, 400)):
        stack.piece(start, stop).paint(pen, x, 800)  # three columns
    assert pen.outline() == [
        "Document",
        "  Sect",
        "    P",
        "    L",
        "      LI",
        "        Lbl",
        "        LBody",
    ]
    (section,) = pen.root.kids
    approach, steps_list = section.kids  # type: ignore[union-attr]
    assert sum(isinstance(k, Marked) for k in approach.kids) == 2  # type: ignore[union-attr]
    body = steps_list.kids[0].kids[1]  # type: ignore[union-attr]
    assert sum(isinstance(k, Marked) for k in body.kids) == 2
