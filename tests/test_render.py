"""The PDF read back as a reader sees it: one A4 page, text, embedded fonts, sources, metadata."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from conftest import ROOT, run_cli, run_installed
from proeve.chain import gather, make_pdf, rebuild
from proeve.identity import Edition
from proeve.inputs.extract import read_attachments

A4 = (595.27, 841.89)


@pytest.fixture(scope="module")
def example_pdf() -> bytes:
    return make_pdf(*gather(ROOT)).pdf


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    return " ".join(reader(pdf).pages[0].extract_text().split())


def test_one_a4_page(example_pdf: bytes) -> None:
    pdf = reader(example_pdf)
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=0.01)


def test_every_initiative_with_people_and_figures_is_on_the_page(example_pdf: bytes) -> None:
    text = text_of(example_pdf)
    for expected in [
        "Vitale binnensteden",
        "Alliantie human capital",
        "Themagroep Smart Cities",
        "Citydeal Impact ondernemen",
        "MKB-roltrap",
        "Monique Esselbrugge",
        "Willemien Vreugdenhil",
        "Denis Crompvoets",
        "400",
        "80",
        "Dwarsverbanden",
    ]:
        assert expected in text, expected


def test_all_fonts_are_embedded(example_pdf: bytes) -> None:
    fonts = reader(example_pdf).pages[0]["/Resources"]["/Font"]
    assert fonts
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font["/BaseFont"]


def test_sources_are_attached_byte_for_byte(example_pdf: bytes) -> None:
    attached = reader(example_pdf).attachments
    expected = {
        p.relative_to(ROOT).as_posix(): p.read_bytes()
        for p in [*ROOT.glob("inputs/**/*.yaml"), ROOT / "templates/default.yaml"]
    }
    assert {name: data[0] for name, data in attached.items() if name != "proeve.json"} == expected
    assert "proeve.json" in attached


def test_metadata_and_language(example_pdf: bytes) -> None:
    pdf = reader(example_pdf)
    meta = pdf.metadata
    assert meta is not None
    assert meta.title == "Economie & werk: vijf aanpakken en hun dwarsverbanden"
    assert meta.author == "Denis Crompvoets"
    assert meta.subject
    assert "netwerkdag" in meta.subject
    assert "MKB-roltrap" in (meta.get("/Keywords") or "")
    assert pdf.trailer["/Root"]["/Lang"] == "nl-NL"


def test_same_sources_give_identical_bytes(example_pdf: bytes) -> None:
    assert make_pdf(*gather(ROOT)).pdf == example_pdf


def test_identical_bytes_across_processes(project: Path, tmp_path: Path) -> None:
    first = run_installed("preview", project)
    assert first.returncode == 0, first.stderr
    data = (project / "output/preview.pdf").read_bytes()
    second = run_installed("preview", project)
    assert second.returncode == 0
    assert (project / "output/preview.pdf").read_bytes() == data


def test_extract_then_build_gives_the_same_bytes(project: Path, tmp_path: Path) -> None:
    assert run_cli("preview", project).code == 0
    original = project / "output/preview.pdf"
    copy = tmp_path / "copy"
    result = run_cli("extract", original, copy)
    assert result.code == 0, result.stderr
    assert (copy / "inputs/overview.yaml").read_bytes() == (
        project / "inputs/overview.yaml"
    ).read_bytes()
    assert run_cli("preview", copy).code == 0
    assert (copy / "output/preview.pdf").read_bytes() == original.read_bytes()


def test_rebuild_from_embedded_sources_of_a_draft(project: Path, tmp_path: Path) -> None:
    import datetime as dt

    created = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.timezone.utc)
    built = make_pdf(*gather(project), Edition("draft", 3, created))
    path = tmp_path / "draft.pdf"
    path.write_bytes(built.pdf)
    assert rebuild(read_attachments(path)).pdf == built.pdf
    text = text_of(built.pdf)
    assert "Concept v3 · 28 november 2026" in text
    assert "CONCEPT" in text


def test_extract_refuses_to_overwrite_different_files(project: Path) -> None:
    assert run_cli("preview", project).code == 0
    overview = project / "inputs/overview.yaml"
    overview.write_text(overview.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    result = run_cli("extract", project / "output/preview.pdf", project)
    assert result.code == 2
    assert "exist and differ, nothing was written" in result.stderr
    assert overview.read_text(encoding="utf-8").endswith("# edited\n")


MARKUP = (
    '<img src="/etc/passwd"/> & <a href="javascript:alert(1)">klik</a> <b>x</b> **vet** *schuin*'
)


def test_user_markup_prints_as_text_and_never_becomes_markup(project: Path) -> None:
    path = project / "inputs/initiatives/mkb-roltrap.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("summary:"))
    quoted = MARKUP.replace("'", "''")
    path.write_text(text.replace(line, f"summary: '{quoted}'"), encoding="utf-8")
    built = make_pdf(*gather(project))
    page_text = text_of(built.pdf)
    # Printed as text, with the typographic quotes the page gives every straight quote.
    printed = "<img src=“/etc/passwd”/> & <a href=“javascript:alert(1)”>klik</a> <b>x</b>"
    assert printed in page_text
    assert "vet schuin" in page_text
    assert "**" not in page_text
    annotations = reader(built.pdf).pages[0].get("/Annots") or []
    uris = [str(a.get_object()["/A"]["/URI"]) for a in annotations]
    assert uris == ["https://g40stedennetwerk.nl"]
    assert not reader(built.pdf).pages[0]["/Resources"].get("/XObject")
