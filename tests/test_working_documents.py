"""The review PDF and the comment sheet are read as well as a draft: tagged and valid, in the
document's language, legible in print (no text under 5.5 pt or within 10 mm of the edge),
and read by a second reader (pdfium) as they are meant: "was 4, nu 5"."""

from __future__ import annotations

import ctypes
import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

import annotate as an
from conftest import run_cli
from draftkit import new_project
from test_independent import english, with_logo

MM = 72 / 25.4
MKB = "inputs/initiatives/mkb-roltrap.yaml"


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text("utf-8")
    assert old in text, (old, name)
    path.write_text(text.replace(old, new, 1), "utf-8")


def nothing(project: Path) -> None:
    """The example as it is (Dutch, no logo)."""


def documents(folder: Path, variant: object) -> tuple[Path, Path, Path]:
    """v1 and v2 of a variant of the example (a figure 4 -> 5, a theme dropped), the review
    of the two, and a comment sheet of an annotated copy of v1."""
    project = new_project(folder / "project")
    variant(project)  # type: ignore[operator]
    assert run_cli("build", project).code == 0
    edit(project, MKB, 'value: "4"', 'value: "5"')
    edit(project, MKB, "arbeidsmarkt, ", "")
    assert run_cli("build", project).code == 0
    review = folder / "review.pdf"
    result = run_cli("diff", "1", "2", project, "--pdf", review)
    assert result.code == 1, result.stderr
    v1 = next((project / "output").glob("*-v001.pdf"))
    a = an.Annotator(v1, folder / "copy.pdf")
    an.acrobat_markup(a, "Highlight", an.find(v1, "Kamer van Koophandel"), "Reviewer A", 2, "ok")
    an.acrobat_markup(a, "StrikeOut", an.find(v1, "IPO"), "Reviewer A", 2)
    sheet = folder / "sheet.pdf"
    result = run_cli("comments", a.save(), project, "--pdf", sheet)
    assert result.code == 0, result.stderr
    return project, review, sheet


@pytest.fixture(scope="module", params=[nothing, english, with_logo], ids=lambda v: v.__name__)
def made(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    folder = tmp_path_factory.mktemp(request.param.__name__)
    return (request.param.__name__, *documents(folder, request.param))


def heard(path: Path) -> list[str]:
    """Each page's text as pdfium reads it (following ActualText), whitespace normalised."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path.read_bytes())
    try:
        return [" ".join(p.get_textpage().get_text_range().split()) for p in document]
    finally:
        document.close()


def small_or_near_the_edge(path: Path) -> list[tuple[int, float, float]]:
    """Visible text objects under 5.5 pt or within 10 mm of the sheet's edge: (page, pt, mm)."""
    import pypdfium2
    import pypdfium2.raw as raw

    found = []
    document = pypdfium2.PdfDocument(path.read_bytes())
    try:
        for number, page in enumerate(document):
            width, height = page.get_size()
            for obj in page.get_objects(max_depth=8):
                if obj.type != raw.FPDF_PAGEOBJ_TEXT:
                    continue
                if raw.FPDFTextObj_GetTextRenderMode(obj.raw) == raw.FPDF_TEXTRENDERMODE_INVISIBLE:
                    continue  # a matrix cell's words for a reader: never seen
                size = ctypes.c_float()
                raw.FPDFTextObj_GetFontSize(obj.raw, ctypes.byref(size))
                m = obj.get_matrix()
                points = size.value * abs(m.a * m.d - m.b * m.c) ** 0.5
                left, bottom, right, top = obj.get_bounds()
                edge = min(left, bottom, width - right, height - top) / MM
                if points < 5.5 or edge < 10 - 0.05:
                    found.append((number, round(points, 2), round(edge, 1)))
    finally:
        document.close()
    return found


def test_both_are_valid_pdf_ua_1_and_pdf_a_3a(made: tuple) -> None:
    page = pytest.importorskip("page", reason="page-validation is a test dependency")
    _, _, review, sheet = made
    for path in (review, sheet):
        for profile in ("3a", "ua1"):
            report = page.validate_pdf(str(path), profile=profile)
            assert [f"{f.rule_id}: {f.message}" for f in report.failures] == [], (path, profile)


def test_no_text_under_5_5_pt_or_within_10_mm_of_the_edge(made: tuple) -> None:
    _, _, review, sheet = made
    assert small_or_near_the_edge(review) == []
    assert small_or_near_the_edge(sheet) == []


def test_one_language_per_sheet_and_marks_read_as_words(made: tuple) -> None:
    name, _, review, sheet = made
    page_1, listing = heard(review)[:2]
    comments = " ".join(heard(sheet))
    # Page 1 reads as the new draft (its struck 4 silent), page 2 says what changed.
    assert "5 landelijke partners" in page_1
    assert "4 5" not in page_1
    if name == "english":
        assert "was 4, now 5" in listing
        assert "delete \u201cIPO\u201d" in comments
        assert "highlight \u201cKamer van Koophandel\u201d" in comments
        assert PdfReader(review).trailer["/Root"]["/Lang"] == "en-GB"
    else:
        assert "was 4, nu 5" in listing
        assert "schrap \u201eIPO\u201d" in comments
        assert "markering \u201eKamer van Koophandel\u201d" in comments
        for english_word in ("delete", "highlight", '"'):
            assert english_word not in comments, english_word
        assert PdfReader(sheet).trailer["/Root"]["/Lang"] == "nl-NL"


def test_the_review_s_page_1_is_the_draft_s_own_with_its_logo(made: tuple) -> None:
    name, project, review, _ = made
    draft = PdfReader(next((project / "output").glob("*-v002.pdf")))
    page_1 = PdfReader(review).pages[0]
    assert len(page_1.images) == len(draft.pages[0].images) == (1 if name == "with_logo" else 0)


def test_a_changed_matrix_cell_is_ringed(made: tuple, monkeypatch: pytest.MonkeyPatch) -> None:
    from proeve.diff import decor
    from proeve.diff.compare import compare
    from proeve.diff.review import review_pdf

    _, project, _, _ = made
    rings: list[object] = []
    ring = decor._ring
    monkeypatch.setattr(decor, "_ring", lambda canvas, box: (rings.append(box), ring(canvas, box)))
    comparison = compare("1", "2", project)
    assert decor.changed_cells(*(p.document for p in comparison.parsed or ())) == {
        "initiatives/mkb-roltrap:themes[arbeidsmarkt]"
    }
    review_pdf(comparison)
    (box,) = rings  # no status changed: the one ring is the cell's
    assert box.width < 20  # type: ignore[attr-defined]
    assert box.height < 20  # type: ignore[attr-defined]


def test_metadata_names_the_document_and_the_moment(
    made: tuple, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    name, project, _, _ = made
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796725800")  # 2026-12-08 10:30 UTC
    review = tmp_path / "review.pdf"
    assert run_cli("diff", "1", "2", project, "--pdf", review).code == 1
    info = PdfReader(review).metadata
    assert info is not None
    title = "Changes" if name == "english" else "Wijzigingen"
    assert info["/Title"].startswith(f"{title} v1 → v2: Economie & werk")
    assert info["/Author"] == "Denis Crompvoets"
    when = dt.datetime.fromtimestamp(1796725800, dt.timezone.utc)
    assert info["/CreationDate"].startswith(when.strftime("D:%Y%m%d%H%M%S"))


def test_verify_knows_a_review_and_a_sheet(made: tuple) -> None:
    _, _, review, sheet = made
    for path, kind in ((review, "a review"), (sheet, "a comment sheet")):
        result = run_cli("verify", path)
        assert result.code == 0, result.stderr
        assert "not made by proeve" not in result.stdout + result.stderr
        assert f"{kind} made by proeve" in result.stdout + result.stderr
