"""A reviewer's annotated copy is the draft with comments, not a forgery; a forgery stays one.

Issue 17, item 24: `diff 2 mail/v2-annotated.pdf` said "its page is NOT what
its embedded sources build" and `verify` failed on it, though the reviewer's
reader had only added annotations. Now what the page prints is compared
without the readers' comments (content streams, resources, boxes, and any
annotation that is not a comment), diff says "no differences" and that the
copy carries N comments, verify notes the same. A content stream changed in
the same update, or an annotation that is not a comment, is still caught.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject

import annotate as an
from conftest import run_cli
from draftkit import one_figure_changed

LOUD = "its page is NOT what its embedded sources build"


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """v1 the example, v2 with one changed figure (4 -> 5)."""
    return one_figure_changed(tmp_path_factory.mktemp("copies") / "project")


def v2(project: Path) -> Path:
    return project / "output/economie-en-werk-v002.pdf"


def acrobat(a: an.Annotator, pdf: Path) -> int:
    mark = an.acrobat_markup(a, "Highlight", an.find(pdf, "de juiste hulp"), "Reviewer A", 2,
                             "Klopt dit?")  # fmt: skip
    an.acrobat_reply(a, mark, "Reviewer B", 3, "Ja.")
    an.acrobat_note(a, 520, 700, "Reviewer A", 2, "Zie ook p. 2")
    return 3


def pdfjs(a: an.Annotator, pdf: Path) -> int:
    an.pdfjs_highlight(a, an.find(pdf, "de juiste hulp"), 4, "Mooi")
    an.pdfjs_freetext(a, [400, 60, 560, 90], 4, "Vraag aan de trekker")
    an.pdfjs_ink(a, [[100, 100, 150, 120, 200, 100]], 4, free_highlight=True)
    return 3


def okular(a: an.Annotator, pdf: Path) -> int:
    an.okular_markup(a, "StrikeOut", an.find(pdf, "de juiste hulp"), "Reviewer C", 5, "weg")
    an.okular_note(a, 300, 200, "Reviewer C", 5, "Hier iets over de planning?")
    return 2


def preview(a: an.Annotator, pdf: Path) -> int:
    an.preview_highlight(a, an.find(pdf, "de juiste hulp"), "Reviewer D", 6)
    return 1


def windows(a: an.Annotator, pdf: Path) -> int:
    an.windows_markup(a, "Underline", an.find(pdf, "de juiste hulp"), "", "onduidelijk")
    return 1


READERS: dict[str, Callable[[an.Annotator, Path], int]] = {
    "Acrobat": acrobat, "pdf.js": pdfjs, "Okular": okular, "Preview": preview,
    "Windows": windows,
}  # fmt: skip


def annotated(drafts: Path, folder: Path, reader: str, twice: bool = False) -> tuple[Path, int]:
    """A copy of v2 as the reader saves it (an incremental update); `twice`: saved again with
    more comments, which rewrites the file whole (as a reader's Save As does)."""
    source = v2(drafts)
    copy = folder / "v2-annotated.pdf"
    a = an.Annotator(source, copy)
    count = READERS[reader](a, source)
    a.save()
    if twice:
        again = an.Annotator(copy, folder / "v2-again.pdf")
        count += READERS[reader](again, source)
        copy = again.save()
    return copy, count


@pytest.mark.parametrize("reader", sorted(READERS))
def test_diff_reads_an_annotated_copy_as_its_draft_with_comments(
    reader: str, drafts: Path, tmp_path: Path
) -> None:
    copy, count = annotated(drafts, tmp_path, reader)
    result = run_cli("diff", "2", copy, drafts)
    assert result.code == 0, (result.stdout, result.stderr)
    assert result.stdout.strip().endswith("no differences")
    assert LOUD not in result.stderr
    noun = "comment" if count == 1 else "comments"
    assert f"{copy.name}: carries {count} reviewers' {noun}" in result.stderr
    assert f"`proeve comments {copy}` lists them" in result.stderr


def test_the_changes_from_an_earlier_draft_are_still_listed(drafts: Path, tmp_path: Path) -> None:
    copy, _ = annotated(drafts, tmp_path, "Acrobat")
    result = run_cli("diff", "1", copy, drafts, "--json")
    assert result.code == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["pages"] == {"a": "built", "b": "annotated"}
    assert not report["same"]
    assert any("carries 3 reviewers' comments" in w for w in report["warnings"])
    assert not any(LOUD in w for w in report["warnings"])


def test_a_copy_saved_whole_by_its_reader_is_still_its_draft(drafts: Path, tmp_path: Path) -> None:
    copy, count = annotated(drafts, tmp_path, "Okular", twice=True)
    result = run_cli("diff", "2", copy, drafts)
    assert result.code == 0, result.stderr
    assert f"carries {count} reviewers' comments" in result.stderr


@pytest.mark.parametrize("reader", ["Acrobat", "pdf.js"])
def test_verify_notes_the_comments_instead_of_failing(
    reader: str, drafts: Path, tmp_path: Path
) -> None:
    copy, count = annotated(drafts, tmp_path, reader)
    result = run_cli("verify", copy, "--json")
    assert result.code == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["problems"] == []
    said = " ".join(report["notes"])
    assert f"carries {count} reviewers' comments" in said
    assert "its page, comments aside, is what its embedded sources build" in said


def forged(drafts: Path, folder: Path, change: Callable[[an.Annotator], None]) -> Path:
    """v2 with a comment and, in the same update, something that is not a comment."""
    source = v2(drafts)
    a = an.Annotator(source, folder / "v2-annotated.pdf")
    acrobat(a, source)
    change(a)
    return a.save()


def paint_over(a: an.Annotator) -> None:
    """Append a white box to the page's content: the figure it covers is gone from the page."""
    box = an.find(v2(a.draft.parents[1]), "de juiste hulp")[0]
    data = a.page.get_contents().get_data()
    cover = b"\nq 1 g %.2f %.2f %.2f %.2f re f Q\n" % (
        box[0],
        box[1],
        box[2] - box[0],
        box[3] - box[1],
    )
    stream = DecodedStreamObject()
    stream.set_data(data + cover)
    a.page[NameObject("/Contents")] = a.writer._add_object(stream)


def form_field(a: an.Annotator) -> None:
    """A text field over the words: not a comment, and a reader draws its value on the page."""
    box = an.find(v2(a.draft.parents[1]), "de juiste hulp")[0]
    a.add({"/Subtype": "/Widget", "/FT": "/Tx", "/T": "x", "/V": "iets anders",
           "/Rect": list(box), "/DA": "/Helv 9 Tf 0 g", "/F": 4})  # fmt: skip


def inherited_crop(a: an.Annotator) -> None:
    """A crop box on the page tree, which the page inherits: half the page is cut away."""
    pages = a.page["/Parent"].get_object()
    pages[NameObject("/CropBox")] = ArrayObject([FloatObject(v) for v in (0, 0, 595, 420)])


@pytest.mark.parametrize(
    "change",
    [paint_over, form_field, inherited_crop],
    ids=["content stream", "form field", "inherited crop box"],
)
def test_a_forgery_with_comments_is_still_a_forgery(
    change: Callable[[an.Annotator], None], drafts: Path, tmp_path: Path
) -> None:
    copy = forged(drafts, tmp_path, change)
    result = run_cli("diff", "2", copy, drafts)
    assert result.code == 1, result.stderr
    assert LOUD in result.stderr
    assert "reviewers' comment" not in result.stderr
    checked = run_cli("verify", copy)
    assert checked.code == 1
    # the same toolchain made it, so its other bytes are a forgery, not a newer ReportLab
    assert f"{copy}: same toolchain, different bytes: " in checked.stderr
    assert "reviewers' comment" not in checked.stderr
