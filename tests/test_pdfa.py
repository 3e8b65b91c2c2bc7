"""Drafts as an archive reads them: PDF/A-3a properties read back, and the checkers agree."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from draftkit import SLUG, add_drafts, new_project
from proeve.inputs.extract import read_attachments
from proeve.pdf import write as pdfa
from proeve.pdf.conformance import check_pdf
from proeve.pdf.syntax import check_syntax
from proeve.pdf.xmp import parse, pdf_date, xmp_date


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two drafts and a final, built once for the module."""
    project = new_project(tmp_path_factory.mktemp("pdfa") / "project")
    add_drafts(project, 3, final_last=True)
    return project


@pytest.fixture(scope="module")
def draft(project: Path) -> Path:
    return project / "output" / f"{SLUG}-v001.pdf"


def catalog_of(path: Path) -> tuple[pypdf.PdfReader, pypdf.generic.DictionaryObject]:
    reader = pypdf.PdfReader(path)
    return reader, reader.trailer["/Root"].get_object()


def test_xmp_identifies_pdfa_3a_and_pdfua_1_and_agrees_with_info(draft: Path) -> None:
    reader, catalog = catalog_of(draft)
    xmp = parse(catalog["/Metadata"].get_object().get_data())
    assert xmp is not None
    assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"], xmp["pdfuaid:part"]) == ("3", "A", "1")
    info = reader.metadata
    assert info is not None
    assert xmp["dc:title"] == info.title == "Economie & werk: vijf aanpakken en hun dwarsverbanden"
    assert xmp["dc:creator"] == info.author == "Denis Crompvoets"
    assert xmp["dc:language"] == catalog["/Lang"] == "nl-NL"
    created = pdf_date(str(info["/CreationDate"]))
    assert created == pdf_date(str(info["/ModDate"])) == xmp_date(xmp["xmp:CreateDate"])
    assert created == xmp_date(xmp["xmp:ModifyDate"]) == xmp_date(xmp["xmp:MetadataDate"])
    assert created is not None
    assert created.isoformat() == "2026-11-28T10:00:00+00:00"  # the draft's created, not now


def test_output_intent_is_srgb_with_its_icc_profile(draft: Path) -> None:
    _, catalog = catalog_of(draft)
    (intent,) = [i.get_object() for i in catalog["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFA1"
    assert intent["/OutputConditionIdentifier"] == "sRGB IEC61966-2.1"
    profile = intent["/DestOutputProfile"].get_object()
    icc = profile.get_data()
    assert profile["/N"] == 3
    assert (icc[36:40], icc[12:16], icc[16:20]) == (b"acsp", b"mntr", b"RGB ")


def test_sources_are_associated_files_with_relationship_and_mime_type(draft: Path) -> None:
    _, catalog = catalog_of(draft)
    specs = [ref.get_object() for ref in catalog["/AF"]]
    by_name = {str(spec["/UF"]): spec for spec in specs}
    assert set(by_name) == set(read_attachments(draft))
    for name, spec in by_name.items():
        assert spec["/F"] == name
        stream = spec["/EF"]["/F"].get_object()
        if name == "proeve.json":
            assert (spec["/AFRelationship"], stream["/Subtype"]) == (
                "/Supplement",
                "/application/json",
            )
        else:
            assert (spec["/AFRelationship"], stream["/Subtype"]) == ("/Source", "/application/yaml")
        assert stream["/Params"]["/Size"] == len(stream.get_data())


def test_every_font_is_embedded(draft: Path) -> None:
    reader, _ = catalog_of(draft)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert len(fonts) >= 2
    for ref in fonts.values():
        descriptor = ref.get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor


def test_document_id_names_the_build(project: Path, draft: Path) -> None:
    ids = [bytes(i.original_bytes) for i in pypdf.PdfReader(draft).trailer["/ID"]]
    attachments = [pdfa.Attachment(n, d, "") for n, d in read_attachments(draft).items()]
    assert ids == [pdfa.document_id(attachments)] * 2
    others = {
        bytes(pypdf.PdfReader(p).trailer["/ID"][0].original_bytes)
        for p in (project / "output").glob("*.pdf")
    }
    assert len(others) == 3  # every draft its own ID


def test_no_encryption_and_no_actions_but_the_footer_link(draft: Path) -> None:
    reader, catalog = catalog_of(draft)
    assert not reader.is_encrypted
    assert "/OpenAction" not in catalog
    assert "/AA" not in catalog
    kinds = {a.get_object()["/A"]["/S"] for a in reader.pages[0].get("/Annots") or []}
    assert kinds <= {"/URI"}


@pytest.mark.parametrize("status", ["draft", "final"])
def test_pikepdf_pdfa_validator_finds_nothing_in_the_untagged_page(
    project: Path, tmp_path: Path, status: str
) -> None:
    # pikepdf.pdfa checks levels B only and knows no XMP extension schema (PDF/UA needs one),
    # so it checks the same page untagged: the PDF/A layer under the tags.
    pdfa = pytest.importorskip("pikepdf.pdfa", reason="pikepdf.pdfa needs Python 3.11+")
    from proeve.chain import gather, make_pdf
    from proeve.identity import Edition

    built = make_pdf(*gather(project), Edition(status, 3), tagged=False)
    untagged = tmp_path / "untagged.pdf"
    untagged.write_bytes(built.pdf)
    assert pdfa.validate_written(untagged, "3b").findings == []


def test_our_rules_find_nothing_in_any_draft(project: Path) -> None:
    for path in sorted((project / "output").glob("*.pdf")):
        assert check_pdf(path.read_bytes(), path.name) == [], path.name


@pytest.mark.skipif(shutil.which("verapdf") is None, reason="veraPDF is not installed here")
def test_verapdf_validates_a_draft_and_a_final(project: Path) -> None:
    files = [project / "output" / f"{SLUG}-v{n:03d}.pdf" for n in (1, 3)]
    done = subprocess.run(
        ["verapdf", "--flavour", "3a", "--format", "text", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASS") == 2, done.stdout


def test_plain_reportlab_breaks_the_stream_rule_that_ours_keeps() -> None:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.drawString(100, 100, "proeve")
    canvas.save()
    rules = {f.rule for f in check_syntax(buffer.getvalue())}
    assert rules & {"6.1.7.1-1", "6.1.7.1-2"}
