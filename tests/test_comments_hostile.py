"""Annotated PDFs are mail from anywhere: comments reads them within bounds or refuses them (exit 2).

The same hostile files as diff's (bombs, truncation, escaping names, deep
nesting), and annotations built to hurt: too many, endless numbers, loops of
replies, rich text with entity bombs, texts of megabytes.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from conftest import run_cli
from test_comments import v1
from test_diff_hostile import HOSTILE, files_under, page_pdf, raw_pdf, stream, with_attachments

__all__ = ["v1"]


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_pdfs_are_refused_quickly_and_nothing_is_written(
    kind: str, v1: Path, tmp_path: Path
) -> None:
    make, message = HOSTILE[kind]
    draft = next((v1 / "output").glob("*-v001.pdf")).read_bytes()
    bad = tmp_path / "inbox" / "bad.pdf"
    bad.parent.mkdir()
    bad.write_bytes(make(draft))
    before = files_under(tmp_path)
    start = time.monotonic()
    result = run_cli("comments", bad, v1, "--pdf", tmp_path / "s.pdf", "--md", tmp_path / "s.md")
    assert time.monotonic() - start < 5
    assert result.code == 2, (result.stdout, result.stderr)
    assert message in result.stderr
    assert "bad.pdf" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_under(tmp_path) == before


def annotated(annots: list[bytes]) -> bytes:
    """A one-page PDF (some text on it) whose page carries these annotation dictionaries."""
    refs = b" ".join(b"%d 0 R" % (5 + i) for i in range(len(annots)))
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Annots [%b] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 "
            b"/BaseFont /Helvetica >> >> >> >>" % refs,
            stream(b"BT /F1 12 Tf 72 700 Td (Een regel tekst om te markeren) Tj ET"),
            *annots,
        ]
    )


def run(pdf: bytes, tmp_path: Path) -> tuple[int, dict[str, object], str]:
    path = tmp_path / "mail.pdf"
    path.write_bytes(pdf)
    start = time.monotonic()
    result = run_cli("comments", path, tmp_path, "--json")
    assert time.monotonic() - start < 5
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout) if result.stdout else {}
    return result.code, data, result.stderr


WIDTH = stringWidth("Een regel tekst", "Helvetica", 12)
HIGHLIGHT = (
    b"<< /Type /Annot /Subtype /Highlight /Rect [70 695 300 715] /T (A) /Contents (ok) %b >>"
)


def test_too_many_annotations_are_refused(tmp_path: Path) -> None:
    code, _, err = run(annotated([HIGHLIGHT % b""] * 2001), tmp_path)
    assert code == 2
    assert "more than 2000 annotations" in err


def test_an_array_past_the_parser_s_limits_is_refused(tmp_path: Path) -> None:
    huge = HIGHLIGHT % (b"/QuadPoints [%b]" % b" ".join([b"1"] * 40_000))
    code, _, err = run(annotated([huge]), tmp_path)
    assert code == 2
    assert "mail.pdf: not a readable PDF" in err


@pytest.mark.parametrize(
    ("extra", "quote"),
    [
        (b"/QuadPoints [%b]" % b" ".join([b"1"] * 4_000), "Een regel tekst om te markeren"),
        (b"/QuadPoints [70 715 (x) 715 70 695 300 695]", "Een regel tekst om te markeren"),
        (b"/QuadPoints [70 715 1e400 715 70 695 300 695]", "Een regel tekst om te markeren"),
        (
            b"/QuadPoints [72 715 %b 715 72 695 %b 695]" % ((b"%.1f" % (72 + 1 + WIDTH),) * 2),
            "Een regel tekst",
        ),
        (b"/QuadPoints 12", "Een regel tekst om te markeren"),
    ],
)
def test_broken_quadpoints_fall_back_to_the_rectangle(
    tmp_path: Path, extra: bytes, quote: str
) -> None:
    code, data, _ = run(annotated([HIGHLIGHT % extra]), tmp_path)
    assert code == 0
    (comment,) = data["comments"]  # type: ignore[misc]
    assert comment["quote"] == quote
    assert comment["comment"] == "ok"


def test_a_loop_of_replies_ends(tmp_path: Path) -> None:
    loop = [
        b"<< /Type /Annot /Subtype /Text /Rect [70 700 90 720] /T (A) /Contents (een) /IRT 6 0 R >>",
        b"<< /Type /Annot /Subtype /Text /Rect [70 700 90 720] /T (B) /Contents (twee) /IRT 5 0 R >>",
    ]
    code, data, _ = run(annotated(loop), tmp_path)
    assert code == 0
    texts = [c["comment"] for c in data["comments"]] + [  # type: ignore[attr-defined]
        r["comment"]
        for c in data["comments"]
        for r in c["replies"]  # type: ignore[attr-defined]
    ]
    assert sorted(texts) == ["een", "twee"]


def test_rich_text_with_an_entity_bomb_stays_small(tmp_path: Path) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;">' % ((98 + i,) + (97 + i,) * 5) for i in range(9)
        )
        + b"]><body><p>&j;</p><p>graag korter</p></body>"
    )
    rich = b"<< /Type /Annot /Subtype /Text /Rect [70 700 90 720] /T (A) /RC (%b) >>" % bomb
    code, data, _ = run(annotated([rich]), tmp_path)
    assert code == 0
    (comment,) = data["comments"]  # type: ignore[misc]
    assert comment["comment"].endswith("graag korter")
    assert len(comment["comment"]) < 30  # "&j;" stays three characters


def test_endless_texts_and_strokes_are_cut_short(tmp_path: Path) -> None:
    long = b"<< /Type /Annot /Subtype /Text /Rect [70 700 90 720] /T (%b) /Contents (%b) >>" % (
        b"n" * 100_000,
        b"x" * 1_000_000,
    )
    stroke = b"[%b]" % b" ".join([b"80 700"] * 4_500)
    ink = b"<< /Type /Annot /Subtype /Ink /Rect [70 690 300 720] /InkList [%b] >>" % (stroke * 5)
    code, data, _ = run(annotated([long, ink]), tmp_path)
    assert code == 0
    note = next(c for c in data["comments"] if c["kind"] == "note")  # type: ignore[attr-defined]
    assert len(note["comment"]) == 20_000
    assert len(note["author"]) == 200


def test_a_forged_position_map_is_refused(tmp_path: Path) -> None:
    manifest = json.dumps(
        {
            "proeve": "0.1.0",
            "template": "templates/default.yaml",
            "edition": {"status": "draft", "version": 1},
            "when": "2026-11-28T09:00:00+00:00",
            "sources_sha256": "ab",
            "positions": {"page": [595, 842], "fields": {"../../x": [[1, 2, 3, 4]]}},
        }
    ).encode()
    files = {"proeve.json": manifest, "templates/default.yaml": b"name: x"}
    code, _, err = run(with_attachments(files), tmp_path)
    assert code == 2
    assert "unknown field" in err


def test_a_page_without_marks_is_not_drawn(tmp_path: Path) -> None:
    code, data, err = run(page_pdf(b"BT ET"), tmp_path)
    assert code == 1
    assert data["comments"] == []
    assert "no comments" in err


@pytest.mark.parametrize(("intent", "callout"), [(b"", False), (b"/IT /FreeTextCallout", True)])
def test_a_text_box_s_callout_line_counts_only_on_a_callout(
    tmp_path: Path, intent: bytes, callout: bool
) -> None:
    """/CL has a meaning only for /IT /FreeTextCallout (ISO 32000-1, Table 174): a stray one on a
    plain text box, pointing off the page, must not move the comment there."""
    box = (
        b"<< /Type /Annot /Subtype /FreeText /Rect [300 400 400 420] /T (A) /Contents (hier) "
        b"/DA (/Helv 10 Tf 0 g) /CL [-2.83 -2.83 350 400] %b >>" % intent
    )
    code, data, _ = run(annotated([box]), tmp_path)
    assert code == 0
    (comment,) = data["comments"]  # type: ignore[misc]
    left = comment["box"][0]
    assert (left < 0) if callout else (left >= 300), comment["box"]
