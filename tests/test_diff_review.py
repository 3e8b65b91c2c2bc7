"""The review PDF and overlay PNG (read back with pypdf, looked at rasterised), and foreign PDFs."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph

from conftest import run_cli
from proeve.pdf.raster import page_png
from test_diff import MKB, build, drafts, edit

__all__ = ["drafts"]  # the module-scoped fixture, shared with test_diff


def pixels(image: Image.Image, test: Callable[[tuple[int, ...]], bool]) -> int:
    data = image.convert("RGB").tobytes()
    return sum(1 for i in range(0, len(data), 3) if test(tuple(data[i : i + 3])))


def is_highlight(p: tuple[int, ...]) -> bool:
    return p[0] > 230 and p[1] > 200 and p[2] < 140


def is_red(p: tuple[int, ...]) -> bool:
    return p[0] > 150 and p[1] < 90 and p[2] < 90


def is_old_ink(p: tuple[int, ...]) -> bool:
    return p[0] > 180 and p[1] < 110 and p[2] < 110


def is_new_ink(p: tuple[int, ...]) -> bool:
    return p[2] > 90 and p[0] < 60 and p[1] < 80


def test_review_pdf_has_the_marked_page_and_the_overlay_page(drafts: Path, tmp_path: Path) -> None:
    out, png = tmp_path / "review.pdf", tmp_path / "overlay.png"
    result = run_cli("diff", "1", "2", drafts, "--pdf", out, "--png", png)
    assert result.code == 1, result.stderr
    assert f"wrote {out}" in result.stderr
    reader = PdfReader(out)
    assert len(reader.pages) == 3
    for page in reader.pages:
        assert [round(float(v)) for v in page.mediabox] == [0, 0, 595, 842]
    marked = reader.pages[0].extract_text()
    # The legend stands above page 1, or heads page 2 when room above would cost the draft
    # its size (a full page).
    legend = " ".join((marked + reader.pages[1].extract_text()).replace("\xa0", " ").split())
    assert "Wijzigingen v1 → v2 · ingevoegde tekst" in legend
    assert "Kamer van Koophandel" in marked
    # Deleted words take room: on the draft's own layout they do not fit on this card,
    # and the legend says so (they are on the change list).
    assert "verwijderde woorden passen hier niet bij: MKB-roltrap" in legend
    assert "VERPLAATST" in marked
    assert "GEWIJZIGD" in marked
    listing = reader.pages[1].extract_text()
    # A working document, outside the archive promise, and it says so (README: the review PDF).
    assert "Werkdocument voor de bespreking, buiten de archiefbelofte" in " ".join(listing.split())
    assert "proeve diff v1 v2" in " ".join(listing.split())
    assert reader.metadata is not None
    # Real metadata: the document and both drafts named, its owner, the time it was made.
    assert reader.metadata["/Title"] == (
        "Wijzigingen v1 → v2: Economie & werk: vijf aanpakken en hun dwarsverbanden"
    )
    assert reader.metadata["/Author"] == "Denis Crompvoets"
    assert reader.metadata["/Subject"] == "proeve review"
    assert not reader.metadata["/CreationDate"].startswith("D:2000")
    # Tagged like a draft, in the document's language.
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert reader.trailer["/Root"]["/Lang"] == "nl-NL"
    assert "Aanpakken" in listing
    assert "Volgende stappen" in listing
    assert len(reader.pages[2].images) == 1  # the overlay, on a page of its own
    assert "zwart: in beide" in reader.pages[2].extract_text()


def test_review_page_shows_every_edit_when_rasterised(drafts: Path, tmp_path: Path) -> None:
    out = tmp_path / "review.pdf"
    assert run_cli("diff", "1", "2", drafts, "--pdf", out).code == 1
    page = Image.open(io.BytesIO(page_png(out.read_bytes(), 60))).convert("RGB")
    assert pixels(page, is_highlight) > 40  # the new partner and the new figure
    assert pixels(page, is_red) > 40  # the old figure and the removed step
    margin = page.crop((0, 0, int(page.width * 12 / 210), page.height))
    assert pixels(margin, lambda p: max(p) < 60) > 100  # the bar beside the moved card


def test_overlay_png_marks_old_in_red_and_new_in_blue(drafts: Path, tmp_path: Path) -> None:
    png = tmp_path / "overlay.png"
    code = run_cli("diff", "1", "2", drafts, "--png", png, "--json")
    assert code.code == 1
    data = json.loads(code.stdout)
    assert data["written"] == [str(png)]
    assert 0 < data["visual"]["changed_pixels"] < 1
    assert data["visual"]["regions_mm"]
    image = Image.open(png)
    assert image.size == (1241, 1754)  # A4 at 150 dpi
    assert pixels(image, is_old_ink) > 50
    assert pixels(image, is_new_ink) > 50


def test_user_text_never_becomes_markup_on_the_review(project: Path, tmp_path: Path) -> None:
    build(project, "v1")
    edit(project, MKB, "  - VNG\n", '  - VNG\n  - "R&D <b>lab</b> <img src=x/>"\n')
    build(project, "v2")
    out = tmp_path / "review.pdf"
    result = run_cli("diff", "1", "2", project, "--pdf", out)
    assert result.code == 1, result.stderr
    # Whitespace normalised: where the line breaks fall depends on the layout.
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "R&D <b>lab</b> <img src=x/>" in text
    # And as the words a reader hears (the ActualText is user text too).
    assert "ingevoegd: R&D <b>lab</b> <img src=x/>" in pdfium_text(out.read_bytes(), 1)


def foreign(path: Path, text: str, width: float = 220) -> Path:
    """A one-page PDF made by something other than proeve."""
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    Frame(60, 60, width, 700).addFromList(
        [Paragraph(text, getSampleStyleSheet()["BodyText"])], canvas
    )
    canvas.save()
    return path


TEXT = (
    "De steden werken samen aan een gemeenschappelijke aanpak voor het midden- en kleinbedrijf. "
    "Ondernemers vinden regionale hulp bij groei, verduurzaming en digitalisering."
)


def test_foreign_pdfs_get_a_text_diff_and_the_note(tmp_path: Path) -> None:
    old = foreign(tmp_path / "a.pdf", TEXT)
    new = foreign(tmp_path / "b.pdf", TEXT.replace("regionale hulp", "snel regionale hulp"))
    result = run_cli("diff", old, new, tmp_path)
    assert result.code == 1, result.stderr
    assert "no structured diff possible: a.pdf and b.pdf carry no proeve sources" in result.stdout
    assert "vinden {+snel+} regionale hulp" in result.stdout
    data = json.loads(run_cli("diff", old, new, tmp_path, "--json").stdout)
    assert (data["structured"], data.get("initiatives", None)) == (
        False,
        None,
    )
    assert ["+", "snel"] in data["text"]
    assert data["visual"]["changed_pixels"] > 0
    out = tmp_path / "review.pdf"
    assert run_cli("diff", old, new, tmp_path, "--pdf", out).code == 1
    reader = PdfReader(out)
    assert "no structured diff possible" in reader.pages[0].extract_text()
    assert len(reader.pages) == 2
    assert len(reader.pages[1].images) == 1


def test_a_reflow_of_foreign_text_is_a_layout_change_only(tmp_path: Path) -> None:
    old = foreign(tmp_path / "a.pdf", TEXT, 220)
    new = foreign(tmp_path / "b.pdf", TEXT, 300)
    data = json.loads(run_cli("diff", old, new, tmp_path, "--json").stdout)
    assert all(op == "=" for op, _ in data["text"])
    assert data["same"] is False
    assert data["visual"]["regions_mm"]


def test_a_proeve_draft_against_a_foreign_pdf_falls_back(drafts: Path, tmp_path: Path) -> None:
    other = foreign(tmp_path / "mail.pdf", TEXT)
    result = run_cli("diff", "1", other, drafts)
    assert result.code == 1, result.stderr
    assert "no structured diff possible: mail.pdf carries no proeve sources" in result.stdout


def pdfium_text(data: bytes, index: int) -> str:
    """A page's text as pdfium reads it (a second reader: it follows ActualText)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return " ".join(document[index].get_textpage().get_text_range().split())
    finally:
        document.close()


def test_the_change_list_separates_old_and_new_on_paper_and_as_text(
    drafts: Path, tmp_path: Path
) -> None:
    out = tmp_path / "review.pdf"
    assert run_cli("diff", "1", "2", drafts, "--pdf", out).code == 1
    # On paper (the glyphs, as pypdf reads them): an arrow between the struck 4 and the 5.
    glyphs = " ".join(PdfReader(out).pages[1].extract_text().split())
    assert "kerncijfers: 4 → 5 landelijke partners" in glyphs
    # A lone run carries its sign, for gray print and for readers that ignore ActualText.
    assert "Partners: + Kamer van Koophandel" in glyphs
    assert "Volgende stappen: \u2212 Deze proeve" in glyphs
    # Heard (pdfium follows the ActualText): what was and what is, in the document's language.
    heard = pdfium_text(out.read_bytes(), 1)
    assert "kerncijfers: was 4, nu 5 landelijke partners" in heard
    assert "Volgende stappen: verwijderd: Deze proeve de komende maanden" in heard
    assert "ingevoegd: Kamer van Koophandel" in heard
    assert "45" not in heard.replace("14.5", "")


def test_the_overlay_reads_in_gray_and_prints_sharp(drafts: Path, tmp_path: Path) -> None:
    """Red and blue marks differ by far in gray print, each keeps 4.5:1 contrast on paper,
    and the overlay is drawn at 150 ppi or more."""
    import pypdfium2

    out = tmp_path / "review.pdf"
    assert run_cli("diff", "1", "2", drafts, "--pdf", out).code == 1
    reader = PdfReader(out)
    overlay = reader.pages[2].images[0].image
    assert overlay is not None
    assert overlay.width >= 150 * 595 / 72  # at most a page wide: at least 150 ppi
    document = pypdfium2.PdfDocument(out.read_bytes())
    try:
        colour = document[2].render(scale=150 / 72).to_pil().convert("RGB")
        gray = document[2].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    rgb, lum = colour.tobytes(), gray.tobytes()

    def gray_of(test: Callable[[tuple[int, ...]], bool]) -> float:
        values = [lum[i // 3] for i in range(0, len(rgb), 3) if test(tuple(rgb[i : i + 3]))]
        assert len(values) > 200
        return sum(values) / len(values)

    old, new = gray_of(is_old_ink), gray_of(is_new_ink)
    assert old - new > 40, (old, new)  # the same gray (98 against 97) before

    def contrast(rgb: tuple[int, int, int]) -> float:
        def linear(c: int) -> float:
            s = c / 255
            return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

        r, g, b = (linear(c) for c in rgb)
        return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)

    from proeve.diff.visual import NEW_INK, OLD_INK

    assert contrast(OLD_INK) >= 4.5
    assert contrast(NEW_INK) >= 4.5
