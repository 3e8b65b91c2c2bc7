"""A reviewer's control characters never reach the Markdown comment sheet, as they never reach
the terminal: ESC, BEL, C1 and the bidi overrides (U+202E) are dropped, the words kept."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run_cli
from test_comments_hostile import annotated

ANY_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def utf16(text: str) -> bytes:
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def test_the_markdown_sheet_carries_no_control_characters(tmp_path: Path) -> None:
    author = utf16("Anna \x1b]0;pwned\x07\u202eanna")
    words = utf16("liever \x1b[2J\x9b31mrood\x07 \u202egnidaelsim\nen een tweede regel")
    pdf = tmp_path / "mail.pdf"
    pdf.write_bytes(annotated([b"<< /Type /Annot /Subtype /Highlight /Rect [70 695 300 715] "
                               b"/T %b /Contents %b >>" % (author, words)]))  # fmt: skip
    sheet = tmp_path / "sheet.md"
    result = run_cli("comments", pdf, tmp_path, "--md", sheet)
    assert result.code == 0, result.stderr
    text = sheet.read_text("utf-8")
    assert not ANY_CONTROL.search(text.replace("\n", "")), repr(text)
    assert "pwned" in text
    assert "gnidaelsim" in text
    assert "tweede regel" in text
