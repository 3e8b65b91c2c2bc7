"""Characters the page cannot print are located input errors, before anything is drawn.

Before, Arabic, Hebrew, CJK, emoji and zero-width characters printed as boxes
with no warning, and an accent typed as a combining mark (NFD) landed beside
its letter. Text is now read in NFC, and a character the template's font has
no glyph for, or a mark no letter absorbs, is an error at its file:line:col.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from conftest import outputs, run_cli

MKB = "inputs/initiatives/mkb-roltrap.yaml"
TEMPLATE = "templates/default.yaml"


def put(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


# (text put after "title: MKB-roltrap ", the character reported, what is said about it)
CHARACTERS = {
    "Arabic": ("مشروع", "\u0645", "are not in the font 'source-sans'"),
    "Hebrew": ("מיזם", "\u05de", "are not in the font 'source-sans'"),
    "CJK": ("中小企业", "\u4e2d", "are not in the font 'source-sans'"),
    "emoji": ("\U0001f680", "\U0001f680", "is not in the font 'source-sans'"),
    "zero width space": ("MKB\u200bNL", "\u200b", "is not in the font 'source-sans'"),
    "a mark with no letter of its own": ("q\u0303", "\u0303", "is a combining mark"),
}


@pytest.mark.parametrize("case", sorted(CHARACTERS))
def test_a_character_the_page_cannot_print_is_a_located_error(case: str, project: Path) -> None:
    text, char, said = CHARACTERS[case]
    put(project, MKB, "title: MKB-roltrap\n", f"title: MKB-roltrap {text}\n")
    column = len("title: MKB-roltrap ") + text.index(char) + 1
    for command in ("check", "build", "preview"):
        result = run_cli(command, project)
        assert result.code == 1, result.stderr
        assert f"{MKB}:2:{column}: error: " in result.stderr
        assert f"U+{ord(char):04X} {unicodedata.name(char)}" in result.stderr
        assert said in result.stderr
        assert result.stderr.splitlines()[0].endswith("(title)")
    assert not [name for name in outputs(project) if name.endswith(".pdf")]


def test_an_accent_typed_as_a_combining_mark_is_read_as_one_letter(project: Path) -> None:
    from pypdf import PdfReader

    put(project, MKB, "title: MKB-roltrap\n", "title: MKB-roltrap Cafe\u0301\n")
    result = run_cli("build", project)
    assert result.code == 0, result.stderr
    page = PdfReader(next((project / "output").glob("*.pdf"))).pages[0].extract_text()
    assert "Caf\u00e9" in page
    assert "\u0301" not in page


def test_a_label_is_checked_in_the_template(project: Path) -> None:
    put(project, TEMPLATE, "    partners: Partners\n", "    partners: Partners \u2615\n")
    result = run_cli("check", project)
    assert result.code == 1, result.stderr
    lines = (project / TEMPLATE).read_text("utf-8").splitlines()
    line = lines.index("    partners: Partners \u2615") + 1
    assert f"{TEMPLATE}:{line}:24: error: '\u2615' (U+2615 HOT BEVERAGE)" in result.stderr
    assert "(labels.nl.partners)" in result.stderr


def test_the_font_decides_what_is_missing(project: Path) -> None:
    """Source Sans has 'ő' (Hungarian); Vera does not."""
    put(project, MKB, "title: MKB-roltrap\n", "title: MKB-roltrap Erdős\n")
    assert run_cli("check", project).code == 0
    put(project, TEMPLATE, "font: source-sans", "font: vera")
    result = run_cli("check", project)
    assert result.code == 1
    assert (
        f"{MKB}:2:23: error: 'ő' (U+0151 LATIN SMALL LETTER O WITH DOUBLE ACUTE)" in result.stderr
    )
    assert "not in the font 'vera'" in result.stderr


def test_what_is_not_printed_may_hold_any_character(project: Path) -> None:
    """Comments, keys' neighbours that are never drawn (keywords go to the metadata only)."""
    put(
        project, "inputs/overview.yaml", "keywords: [G40,", "# 🚀 launch\nkeywords: [中小企业, G40,"
    )
    result = run_cli("check", project)
    assert result.code == 0, result.stderr


def test_every_problem_of_a_run_is_reported_at_once(project: Path) -> None:
    put(project, MKB, "title: MKB-roltrap\n", "title: MKB-roltrap 🚀\n")
    vitale = "inputs/initiatives/vitale-binnensteden.yaml"
    text = (project / vitale).read_text("utf-8")
    (project / vitale).write_text(text.replace("\nsummary: ", "\nsummary: מיזם ", 1), "utf-8")
    result = run_cli("check", project)
    assert result.code == 1
    assert "proeve: 2 errors" in result.stderr
    assert MKB in result.stderr
    assert vitale in result.stderr
