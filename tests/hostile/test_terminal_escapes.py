"""Text from elsewhere never reaches the terminal as control sequences (issue 12, item 12).

A PDF made by anything else can carry escape sequences in its text (set the
window title, clear the screen, write the clipboard), and so can a -m message;
diff prints the one, log the other. What the terminal gets is the text without
them, and diff's own colours only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import run_cli
from forge import raw_pdf

ESCAPES = "\x1b]0;pwned\x07 \x1b[2J \x1b]52;c;ZXZpbA==\x07 \x9b31m \x1b[31m"
ANY_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
OUR_COLOURS = re.compile(r"\x1b\[(?:31|32|1)?m")


def foreign_pdf(path: Path, text: str) -> Path:
    """A one-page PDF with these words, written by hand as another program might.

    Why by hand: ReportLab would draw a control character as a missing glyph; a PDF
    string carries any byte, and a reader extracts it as it is.
    """
    words = (
        text.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    )
    content = b"BT /F1 12 Tf 72 720 Td (" + words + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R"
        b" /Resources << /Font << /F1 4 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    path.write_bytes(raw_pdf(objects))
    return path


@pytest.fixture
def foreign(tmp_path: Path) -> tuple[Path, Path]:
    old = foreign_pdf(tmp_path / "oud.pdf", "Vitale binnensteden blijven belangrijk")
    new = foreign_pdf(tmp_path / "nieuw.pdf", f"Vitale {ESCAPES} binnensteden belangrijk")
    return old, new


@pytest.mark.parametrize("color", ["never", "always"])
def test_diff_of_foreign_pdfs_prints_their_words_without_escapes(
    foreign: tuple[Path, Path], tmp_path: Path, color: str
) -> None:
    old, new = foreign
    result = run_cli("diff", old, new, tmp_path, "--color", color)
    assert result.code == 1, result.stderr
    printed = OUR_COLOURS.sub("", result.stdout) if color == "always" else result.stdout
    assert not ANY_CONTROL.search(printed + result.stderr), repr(printed)
    assert "pwned" in printed  # the words are kept, only the controls are gone
    if color == "always":
        assert "\x1b[32m" in result.stdout  # diff's own colours still show


def test_diff_json_keeps_the_text_but_escapes_every_control(
    foreign: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = foreign
    result = run_cli("diff", old, new, tmp_path, "--json")
    assert result.code == 1
    assert not ANY_CONTROL.search(result.stdout.replace("\n", ""))
    assert "\\u001b]0;pwned" in result.stdout  # the data, its controls written as escapes


def test_a_message_with_escapes_is_stored_and_shown_without_them(project: Path) -> None:
    assert run_cli("build", project, "-m", f"nieuwe partners {ESCAPES}").code == 0
    register = json.loads((project / "output/versions.json").read_text(encoding="utf-8"))
    assert not ANY_CONTROL.search(register["drafts"][0]["message"])
    shown = run_cli("log", project)
    assert not ANY_CONTROL.search(shown.stdout.replace("\n", ""))
    assert "nieuwe partners" in shown.stdout
