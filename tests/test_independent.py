"""Every conformance claim checked by an independent validator: page-validation (PDF/A, PDF/UA).

Our own rules once said "PDF/A-3b holds" where page-validation found three
failures (an empty /Filter on the XMP stream). Drafts are tagged PDF/A-3a and
PDF/UA-1; these tests ask the outside checker about both, on the example and on
documents that stress other parts of the page.
"""

from __future__ import annotations

import re
import shutil
import zlib
from pathlib import Path

import pytest

from conftest import ROOT, add_initiatives, run_cli
from draftkit import SLUG, add_drafts, new_project

page = pytest.importorskip("page", reason="page-validation is a test dependency")

PROFILES = ("3a", "ua1")


def failures(path: Path, profile: str) -> list[str]:
    report = page.validate_pdf(str(path), profile=profile)
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as two drafts and a final, and a preview."""
    project = new_project(tmp_path_factory.mktemp("independent") / "project")
    add_drafts(project, 3, final_last=True)
    assert run_cli("preview", project).code == 0
    return project


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("name", [f"{SLUG}-v001.pdf", f"{SLUG}-v003.pdf", "preview.pdf"])
def test_the_example_drafts_are_pdfa_3a_and_pdfua_1(example: Path, name: str, profile: str) -> None:
    assert failures(example / "output" / name, profile) == []


def test_a_tagged_draft_is_not_level_b_by_design(example: Path) -> None:
    # It says level A in its XMP: the 3b profile checks the claim and refuses it.
    assert any("CONFORMANCE" in f for f in failures(example / "output" / f"{SLUG}-v001.pdf", "3b"))


def english(project: Path) -> None:
    overview = project / "inputs/overview.yaml"
    overview.write_text(
        overview.read_text("utf-8").replace("language: nl", "language: en"), "utf-8"
    )


def many_themes(project: Path) -> None:
    overview = project / "inputs/overview.yaml"
    extra = "".join(f"  - id: thema-{i}\n    label: Thema {i}\n" for i in range(6))
    text = overview.read_text("utf-8").replace("initiatives:\n", extra + "initiatives:\n", 1)
    overview.write_text(text, "utf-8")


def dense(project: Path) -> None:
    add_initiatives(project, 7, compact=True)


def with_logo(project: Path) -> None:
    from PIL import Image

    Image.new("RGB", (120, 60), (27, 94, 140)).save(project / "templates" / "logo.png")
    template = project / "templates" / "default.yaml"
    added = "logo: templates/logo.png\nlogo_alt: Logo van de G40\n"
    template.write_text(template.read_text("utf-8") + added, "utf-8")


def sparse(project: Path) -> None:
    """A title and one initiative with only its required fields: no intro, themes, footer."""
    for path in (project / "inputs/initiatives").glob("*.yaml"):
        path.unlink()
    (project / "inputs/overview.yaml").write_text(
        "title: Eén aanpak\nthemes: []\ninitiatives: [alleen]\n", "utf-8"
    )
    (project / "inputs/initiatives/alleen.yaml").write_text(
        "title: Alleen\nsummary: Eén korte regel.\nstatus: idee\n", "utf-8"
    )


VARIANTS = [english, many_themes, dense, with_logo, sparse]


def built_variant(tmp_path: Path, variant: object) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "inputs", project / "inputs")
    shutil.copytree(ROOT / "templates", project / "templates")
    variant(project)  # type: ignore[operator]
    result = run_cli("build", project)
    assert result.code == 0, result.stderr
    (draft,) = (project / "output").glob("*-v001.pdf")
    return draft


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.__name__)
def test_other_documents_are_pdfa_3a_and_pdfua_1(tmp_path: Path, variant: object) -> None:
    draft = built_variant(tmp_path, variant)
    assert {p: failures(draft, p) for p in PROFILES} == {p: [] for p in PROFILES}


def test_verify_names_the_independent_checker(example: Path) -> None:
    result = run_cli("verify", example / "output" / f"{SLUG}-v003.pdf")
    assert result.code == 0, result.stderr
    from importlib.metadata import version as installed

    version = installed("page-validation")
    assert f"page-validation {version}" in result.stderr
    assert "confirms PDF/A-3a and PDF/UA-1" in result.stderr


# One thing broken at a time, in place (same length, so the file stays readable):
# the validator names each, so a pass above means the tags were checked, not only present.
BROKEN = [
    (b"/S/H2", b"/S/H4", "ua1", "PDFUA1-HEADING-NESTING-001"),
    (b"/Tabs /S", b"/Tabx /S", "ua1", "PDFUA1-PAGE-TABS-001"),
    (b"/DisplayDocTitle true", b"/DisplayDocTitlx true", "ua1", "PDFUA1-VIEWER-PREFERENCES-001"),
    (b"/Marked true", b"/Markex true", "3a", "PDFA3A-TAGGED-DOCUMENT-001"),
    (b"/Lang (nl-NL)", b"/Lanx (nl-NL)", "ua1", "PDFUA1-TEXT-LANGUAGE-001"),
    (b"/Contents (Meer", b"/Contentx (Meer", "ua1", "PDFUA1-LINK-CONTENTS-001"),
    (b"conformance>A<", b"conformance>B<", "3a", "PDFA3A-ID-CONFORMANCE-001"),
]


@pytest.mark.parametrize(("old", "new", "profile", "rule"), BROKEN, ids=[b[3] for b in BROKEN])
def test_page_validation_names_each_broken_tag(
    example: Path, old: bytes, new: bytes, profile: str, rule: str
) -> None:
    data = (example / "output" / f"{SLUG}-v001.pdf").read_bytes()
    assert data.count(old) >= 1
    broken = data.replace(old, new, 1)
    report = page.validate_pdf_bytes(broken, profile=profile)
    assert rule in {f.rule_id for f in report.failures}


def streams_ending_in_cr(pdf: bytes) -> list[int]:
    """Offsets of the streams whose data (Length bytes) ends in CR."""
    found = []
    for m in re.finditer(rb">>\s*stream(\r\n|\n)", pdf):
        head = pdf[pdf.rfind(b" obj", 0, m.start()) : m.start()]
        length = int(re.findall(rb"/Length (\d+)", head)[-1])
        if pdf[m.end() + length - 1 : m.end() + length] == b"\r":
            found.append(m.start())
    return found


def test_a_stream_whose_data_ends_in_cr_keeps_its_length(tmp_path: Path) -> None:
    """Compressed data ends in its Adler-32, so about one stream in 256 ends in CR; the
    end of line before endstream must not then read as CR LF (one draft in ten failed
    PDFA3A-STREAM-LENGTH-001 before)."""
    from proeve.chain import gather, make_pdf
    from proeve.identity import Edition
    from proeve.pdf.syntax import check_syntax

    sources, template = gather(ROOT)
    name = "inputs/overview.yaml"
    for n in range(2000):  # a comment that makes the embedded file's zlib data end in CR
        data = sources[name] + b"# " + b"a" * n + b"\n"
        if zlib.compress(data)[-1:] == b"\r":
            break
    built = make_pdf(sources.with_file(name, data), template, Edition("draft", 1))
    assert streams_ending_in_cr(built.pdf), "the case this test is for did not come up"
    assert check_syntax(built.pdf) == []
    path = tmp_path / "cr.pdf"
    path.write_bytes(built.pdf)
    for profile in PROFILES:
        assert failures(path, profile) == []
