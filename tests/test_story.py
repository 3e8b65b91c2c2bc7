"""Paragraphs drawn through the tagging pen over several pages (pdf/story.py), with runs that
a reader hears otherwise (pdf/actual.py): split by a page end, every page stays balanced."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from proeve.page.fonts import register
from proeve.pdf.actual import enable, spoken
from proeve.pdf.story import Item, draw_story
from proeve.pdf.write import Metadata, write_pdf


def long_story() -> bytes:
    faces = register("source-sans")
    base = ParagraphStyle("p", fontName=faces.regular, fontSize=9, leading=11)
    marks = " ".join(
        spoken(f"was {i}, nu {i + 1}", f"<strike>{i}</strike> → <u>{i + 1}</u>") + " en verder"
        for i in range(700)
    )
    # One run longer than a page: its start and end lie on different pages.
    whole = spoken("een lange zin", " ".join(["lang"] * 2500))
    story = [
        Item("H1", Paragraph("Wijzigingen", ParagraphStyle("h", base, fontSize=14, leading=18))),
        Item("P", Paragraph(marks, base), 4),
        Item("P", Paragraph(whole, base), 4),
    ]
    meta = Metadata(
        title="Wijzigingen", author="proeve", subject="test", keywords="", language="nl-NL",
        creator="proeve", producer="proeve", when=dt.datetime(2026, 12, 8, tzinfo=dt.timezone.utc),
    )  # fmt: skip

    def paint(pen: object) -> None:
        enable(pen.canvas)  # type: ignore[attr-defined]
        draw_story(pen, story, (42, 42, A4[0] - 84, A4[1] - 84), pen.show_page)  # type: ignore[attr-defined]

    return write_pdf(A4, meta, [], faces.regular, paint)


def test_marked_content_is_balanced_on_every_page() -> None:
    data = long_story()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    for page in reader.pages:
        stream = page.get_contents().get_data()  # type: ignore[union-attr]
        opened = len(re.findall(rb"\bBDC\b", stream)) + len(re.findall(rb"\bBMC\b", stream))
        assert opened == len(re.findall(rb"\bEMC\b", stream))


def test_a_split_paragraph_is_one_element_read_as_its_words() -> None:
    import pypdfium2

    data = long_story()
    document = pypdfium2.PdfDocument(data)
    try:
        text = " ".join(" ".join(p.get_textpage().get_text_range().split()) for p in document)
    finally:
        document.close()
    assert "was 0, nu 1 en verder was 1, nu 2" in text
    assert "was 699, nu 700" in text
    assert "een lange zin" in text
    page = pytest.importorskip("page", reason="page-validation is a test dependency")
    for profile in ("3a", "ua1"):
        report = page.validate_pdf_bytes(data, profile=profile)
        assert [f.rule_id for f in report.failures] == [], profile
