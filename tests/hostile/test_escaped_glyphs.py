"""A character spelled as a YAML escape is checked as if it were typed (issue 17, item 4).

Before, the glyph check looked at the file's characters, and a double-quoted
value spells any character in ASCII: `goal: "Meer mensen \\u4e2d\\u6587"` passed
`check`, and `build` registered an immutable draft with .notdef boxes that is
neither PDF/A-3a nor PDF/UA-1. The check now reads the values the model holds,
and the error points at the escape's backslash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, outputs, run_cli
from proeve.chain import gather, validate
from proeve.errors import InputErrors
from proeve.inputs.sources import Sources
from proeve.page.printable import check_printable

MKB = "inputs/initiatives/mkb-roltrap.yaml"
OVERVIEW = "inputs/overview.yaml"
TEMPLATE = "templates/default.yaml"

# (file, a line of the example, that line with {} for the escaped text, field path): every
# kind of printed place: a card's title, a lead's name, a figure's label, a paragraph (on its
# second line), the header, a theme's label, the footer, and a label of the template.
FIELDS = [
    (MKB, "title: MKB-roltrap\n", 'title: "MKB-roltrap {}"\n', "title"),
    (MKB, "  - name: Denis Crompvoets\n", '  - name: "Denis {}"\n', "leads[0].name"),
    (MKB, "    label: landelijke partners\n", '    label: "partners {}"\n', "figures[0].label"),
    (MKB, "goal: >\n", 'goal: "Meer\n  mensen {}"\n', "goal"),
    (OVERVIEW, "subtitle: Oogst", 'subtitle: "Oogst {}"\n', "subtitle"),
    (OVERVIEW, "    label: Arbeidsmarkt\n", '    label: "Arbeid {}"\n', "themes[1].label"),
    (OVERVIEW, "  contact: Denis", '  contact: "Denis {}"\n', "footer.contact"),
    (TEMPLATE, "    partners: Partners\n", '    partners: "Partners {}"\n', "labels.nl.partners"),
]

# (escaped text, the escape the error points at, what is said, the template's font[, where])
REFUSED: dict[str, tuple[Any, ...]] = {
    "CJK": (r"\u4e2d\u6587", r"\u4e2d", "are not in the font 'source-sans'", "source-sans"),
    "emoji": (r"\U0001F600", r"\U0001F600", "is not in the font 'source-sans'", "source-sans"),
    "zero width space": (r"a\u200bb", r"\u200b", "U+200B ZERO WIDTH SPACE is not", "source-sans"),
    "mark alone": (r"q\u0303", r"\u0303", "is a combining mark", "source-sans"),
    "hex escape": (r"\xad\u4e2d", r"\u4e2d", "not in the font", "source-sans"),
    "bell": (r"ding\a", r"\a", "text holds U+0007", "source-sans"),
    "hex bell": (r"ding\x07", r"\x07", "text holds U+0007", "source-sans"),
    # On one line U+0085 is a line break like any other: a space; in a paragraph it is refused.
    "next line": (r"een\Ntwee", r"\N", "text holds U+0085", "source-sans", ("goal",)),
    "escape": (r"\e[31m", r"\e", "text holds U+001B", "source-sans"),
    "bidi override": (r"\u202eabc", r"\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)", "source-sans"),
    "surrogates": (r"\ud83d\ude00", r"\ud83d", "half of a surrogate pair", "source-sans"),
    "vera lacks o double acute": (r"Erd\u0151s", r"\u0151", "not in the font 'vera'", "vera"),
    "vera, an escaped mark joined": (r"Erdo\u030bs", r"\u030b", "not in the font 'vera'", "vera"),
}

# Escapes that print: line and paragraph separators, tab, no-break space, accents.
PRINTED = r"a\Lb\Pc\td\_e \u00e9 e\u0301 \x41 \"q\" \\ \/"


def spell(project: Path, escaped: str, font: str = "source-sans") -> dict[str, tuple[int, int]]:
    """Put `escaped` into every printed place: where each one is written (line, column)."""
    where: dict[str, tuple[int, int]] = {}
    for name, old, new, _ in FIELDS:
        path = project / name
        lines = path.read_text("utf-8").splitlines(keepends=True)
        at = next(i for i, line in enumerate(lines) if line.startswith(old.rstrip("\n")))
        end = at + 1
        if old.endswith(">\n"):  # a block scalar: its indented lines go with it
            end = next(i for i in range(at + 1, len(lines)) if not lines[i].startswith(" "))
        lines[at:end] = [new.format(escaped)]
        path.write_text("".join(lines), "utf-8")
    template = project / TEMPLATE
    text = template.read_text("utf-8")
    template.write_text(text.replace("font: source-sans", f"font: {font}"), "utf-8")
    for name, _, new, field in FIELDS:  # each file's lines as they finally are
        text = (project / name).read_text("utf-8")
        start = text.index(new.format(escaped)) + new.index("{}")
        where[field] = (text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start))
    return where


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_an_escaped_character_the_page_cannot_print_is_refused_where_it_is_written(
    case: str, project: Path
) -> None:
    escaped, reported, said, font, *only = REFUSED[case]
    where = spell(project, escaped, font)
    result = run_cli("check", project)
    assert result.code == 1, result.stderr
    refused = [(name, field) for name, _, _, field in FIELDS if not only or field in only[0]]
    assert f"proeve: {len(refused)} error{'s' if len(refused) > 1 else ''}" in result.stderr
    for name, field in refused:
        line, column = where[field]
        spot = f"{name}:{line}:{column + escaped.index(reported)}: error: "
        found = [ln for ln in result.stderr.splitlines() if spot in ln]
        assert found, (spot, result.stderr)
        assert said in found[0]
        assert found[0].endswith(f"({field})")


def test_a_draft_that_would_print_boxes_is_never_written(project: Path) -> None:
    """The issue's own case: before, `build` registered a draft with .notdef glyphs."""
    spell(project, r"\u4e2d\u6587 \U0001F600")
    for command in ("build", "preview"):
        result = run_cli(command, project)
        assert result.code == 1, result.stderr
        assert f"{MKB}:2:" in result.stderr
    assert not [name for name in outputs(project) if name.endswith(".pdf")]


@pytest.mark.parametrize("font", ["source-sans", "vera"])
def test_escapes_that_print_make_a_conforming_draft(font: str, project: Path) -> None:
    page = pytest.importorskip("page", reason="page-validation is a test dependency")
    from pypdf import PdfReader

    spell(project, PRINTED, font)
    result = run_cli("build", project)
    assert result.code == 0, result.stderr
    (draft,) = (project / "output").glob("*-v001.pdf")
    for profile in ("3a", "ua1"):
        report = page.validate_pdf(str(draft), profile=profile)
        assert [f"{f.rule_id}: {f.message}" for f in report.failures] == []
    text = PdfReader(draft).pages[0].extract_text()
    assert "\u00e9 \u00e9 A" in text


def problems(sources: Sources, template: str) -> list[tuple[str, int, str, str]]:
    """What validation and the glyph check say, without the columns (an escape is longer)."""
    try:
        document, fields = validate(sources, template)
        check_printable(sources, template, document, fields)
    except InputErrors as exc:
        return sorted((i.where.file, i.where.line, i.message, i.field) for i in exc.issues)
    return []


EXAMPLE = gather(ROOT)
# Characters YAML lets a file hold as they are (no control characters, no surrogates).
TYPABLE = st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\ufeff\ufffe\uffff")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    chars=st.lists(TYPABLE, min_size=1, max_size=3), font=st.sampled_from(["source-sans", "vera"])
)
def test_a_character_escaped_is_checked_as_a_character_typed(chars: list[str], font: str) -> None:
    sources, template = EXAMPLE
    base = sources[MKB].decode("utf-8")
    styled = sources[template].decode("utf-8").replace("font: source-sans", f"font: {font}")
    sources = sources.with_file(template, styled.encode("utf-8"))
    typed = "".join(chars).replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(f"\\U{ord(c):08X}" for c in chars)
    said = [
        problems(
            sources.with_file(
                MKB, base.replace("title: MKB-roltrap\n", f'title: "MKB {v}"\n').encode("utf-8")
            ),
            template,
        )
        for v in (typed, escaped)
    ]
    assert said[0] == said[1]


def test_a_vera_review_prints_every_arrow_in_its_font(tmp_path: Path) -> None:
    """Vera has no →: the draft and the review draw its » instead of a box."""
    from pypdf import PdfReader

    from draftkit import new_project

    project = new_project(tmp_path / "project")
    template = project / TEMPLATE
    template.write_text(
        template.read_text("utf-8").replace("font: source-sans", "font: vera"), "utf-8"
    )
    assert run_cli("build", project).code == 0
    mkb = project / MKB
    mkb.write_text(
        mkb.read_text("utf-8").replace("status: verkenning", "status: in uitvoering"), "utf-8"
    )
    assert run_cli("build", project).code == 0
    review = tmp_path / "review.pdf"
    assert run_cli("diff", "1", "2", project, "--pdf", review).code == 1
    pages = [page.extract_text() for page in PdfReader(review).pages]
    assert all("\x00" not in text and "\u2192" not in text for text in pages)
    assert "v1 \u00bb v2" in pages[0]
    assert "v1 \u00bb v2" in pages[1]
