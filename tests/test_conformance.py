"""Our PDF/A rule checks: each broken rule in a damaged draft is found and named."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pypdf
import pytest
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from draftkit import SLUG, add_drafts, new_project
from proeve.pdf.conformance import check_file, check_pdf


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    project = new_project(tmp_path_factory.mktemp("rules") / "project")
    add_drafts(project, 1)
    return (project / "output" / f"{SLUG}-v001.pdf").read_bytes()


# Byte edits that keep every offset, so that only the rule in question breaks.
def _binary_comment(data: bytes) -> bytes:
    return data[:10] + b"abcd" + data[14:]


def _trailing_bytes(data: bytes) -> bytes:
    return data + b"junk\n"


def _wrong_length(data: bytes) -> bytes:
    match = re.search(rb"/Length (\d+) ", data)
    assert match
    wrong = str(int(match.group(1)) + 1).encode()
    assert len(wrong) == len(match.group(1))
    return data[: match.start(1)] + wrong + data[match.end(1) :]


def _no_eol_after_obj(data: bytes) -> bytes:
    return data.replace(b"\n2 0 obj\n", b"\n2 0 obj ", 1)


def _space_after_xref(data: bytes) -> bytes:
    at = data.rindex(b"\nxref\n") + 5
    return data[:at] + b" " + data[at:]


def _pdfa_part_2(data: bytes) -> bytes:
    return data.replace(b"<pdfaid:part>3<", b"<pdfaid:part>2<", 1)


def _broken_xmp(data: bytes) -> bytes:
    return data.replace(b"</dc:format>", b"</dc:formet>", 1)


BYTE_EDITS: list[tuple[Callable[[bytes], bytes], str, str]] = [
    (_binary_comment, "6.1.2-2", "four bytes above 127"),
    (_trailing_bytes, "6.1.3-3", "follow the last %%EOF"),
    (_wrong_length, "6.1.7.1-1", "does not match"),
    (_no_eol_after_obj, "6.1.9-1", "object 2"),
    (_space_after_xref, "6.1.4-2", "xref keyword"),
    (_pdfa_part_2, "6.6.4-2", "part 2"),
    (_broken_xmp, "6.6.2.1-4", "not well-formed"),
]


@pytest.mark.parametrize(
    ("edit", "rule", "words"), BYTE_EDITS, ids=lambda v: getattr(v, "__name__", "")
)
def test_a_byte_edit_breaks_exactly_its_rule(
    draft: bytes, edit: Callable[[bytes], bytes], rule: str, words: str
) -> None:
    findings = check_file(edit(draft), "draft.pdf")
    assert {f.rule for f in findings} == {rule}, findings
    assert words in str(findings[0])


def rewritten(data: bytes, change: Callable[[pypdf.PdfWriter], None]) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _root(writer: pypdf.PdfWriter) -> DictionaryObject:
    return writer.root_object


def _drop(key: str) -> Callable[[pypdf.PdfWriter], None]:
    return lambda w: _root(w).pop(NameObject(key))


def _retitle(writer: pypdf.PdfWriter) -> None:
    writer.add_metadata({"/Title": "Een andere titel"})


def _encrypt(writer: pypdf.PdfWriter) -> None:
    writer.encrypt("", "eigenaar")


def _javascript(writer: pypdf.PdfWriter) -> None:
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    )
    _root(writer)[NameObject("/OpenAction")] = writer._add_object(action)


def _launch_link(writer: pypdf.PdfWriter) -> None:
    annotation = writer.pages[0]["/Annots"][0].get_object()
    annotation[NameObject("/A")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("x.exe")}
    )


def _remote_goto(writer: pypdf.PdfWriter) -> None:
    annotation = writer.pages[0]["/Annots"][0].get_object()
    annotation[NameObject("/A")] = DictionaryObject(
        {NameObject("/S"): NameObject("/GoToR"), NameObject("/F"): TextStringObject("x.pdf")}
    )


def _no_relationship(writer: pypdf.PdfWriter) -> None:
    for spec in _root(writer)["/AF"]:
        spec.get_object().pop(NameObject("/AFRelationship"))


def _source_as_data(writer: pypdf.PdfWriter) -> None:
    spec = _root(writer)["/AF"][0].get_object()
    spec[NameObject("/AFRelationship")] = NameObject("/Data")


def _not_associated(writer: pypdf.PdfWriter) -> None:
    _root(writer)[NameObject("/AF")] = ArrayObject()


REWRITES: list[tuple[Callable[[pypdf.PdfWriter], None], str, str]] = [
    (_drop("/Metadata"), "6.6.2.1-1", "no XMP"),
    (_retitle, "6.6.2.3.1-1", "Info Title differs from XMP dc:title"),
    (_drop("/OutputIntents"), "6.2.2-1", "output intent"),
    (_encrypt, "6.1.3-2", "encrypted"),
    (_javascript, "6.5.1-1", "JavaScript"),
    (_launch_link, "6.5.1-1", "Launch"),
    (_remote_goto, "proeve:external", "outside the file"),
    (_no_relationship, "6.8-3", "AFRelationship"),
    (_source_as_data, "proeve:source", "not Source"),
    (_not_associated, "6.8-4", "/AF"),
]


@pytest.mark.parametrize(
    ("change", "rule", "words"), REWRITES, ids=lambda v: getattr(v, "__name__", "")
)
def test_a_rewrite_is_caught_with_its_rule(
    draft: bytes, change: Callable[[pypdf.PdfWriter], None], rule: str, words: str
) -> None:
    findings = check_pdf(rewritten(draft, change), "draft.pdf")
    mine = [f for f in findings if f.rule == rule]
    assert mine, findings
    assert words in str(mine[0])


def test_a_font_that_is_not_embedded_is_named() -> None:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(100, 100, "proeve")
    canvas.save()
    messages = [str(f) for f in check_pdf(buffer.getvalue()) if f.rule == "6.2.11.4.1-1"]
    assert messages == ["font Helvetica is not embedded [6.2.11.4.1-1]"]


def test_what_is_not_a_pdf_is_one_finding() -> None:
    assert [f.rule for f in check_file(b"hello", "x.pdf")] == ["proeve:readable"]
