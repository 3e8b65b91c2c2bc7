"""Inputs the schema accepted but the engine could not take: each now gets a located error.

Before, each of these ended in "internal error" (exit 2, no location) or, for a
broken logo, in `build` saying it "could not write the draft". Now every one
is an input error (exit 1) at the file, line and column that causes it, and
nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import outputs, run_cli
from forge import png, truncated_png

TEMPLATE = "templates/default.yaml"
MKB = "inputs/initiatives/mkb-roltrap.yaml"


def edit(name: str, old: str, new: str) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        path = project / name
        text = path.read_text("utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), "utf-8")

    return change


def no_initiatives(project: Path) -> None:
    for path in (project / "inputs/initiatives").glob("*.yaml"):
        path.unlink()
    overview = project / "inputs/overview.yaml"
    text = overview.read_text("utf-8")
    overview.write_text(re.sub(r"initiatives:\n(  - .*\n)+", "initiatives: []\n", text), "utf-8")


def logo(data: bytes) -> Callable[[Path], None]:
    def plant(project: Path) -> None:
        (project / "templates/logo.png").write_bytes(data)
        with (project / TEMPLATE).open("a", encoding="utf-8") as handle:
            handle.write("logo: templates/logo.png\nlogo_alt: Het logo van de pijler\n")

    return plant


def both(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def change(project: Path) -> None:
        for one in changes:
            one(project)

    return change


ELEVEN_MONTHS = "oktober, november, december]"
# (change, where: the file, the start of the line, the column; expected message part)
CASES: dict[str, tuple[Callable[[Path], None], tuple[str, str, int], str]] = {
    "initiatives: [] and no files": (
        no_initiatives,
        ("inputs/overview.yaml", "initiatives: [", 14),
        "list has 0 items; at least 1 (initiatives)",
    ),
    "title 72 pt and subtitle 72 pt": (
        both(
            edit(TEMPLATE, "  title: 19\n", "  title: 72\n"),
            edit(TEMPLATE, "  subtitle: 10.5\n", "  subtitle: 72\n"),
        ),
        (TEMPLATE, "  subtitle: ", 13),
        "leaves the title 0 mm of the header's 186 mm",
    ),
    "title 72 pt": (
        edit(TEMPLATE, "  title: 19\n", "  title: 72\n"),
        (TEMPLATE, "  title: ", 10),
        "leaving the content less than half",
    ),
    "11 months, a date in December": (
        both(
            edit(TEMPLATE, ELEVEN_MONTHS, "oktober, november]"),
            edit("inputs/overview.yaml", "owner:", "date: 2026-12-01\nowner:"),
        ),
        (TEMPLATE, "    months: ", 13),
        "list has 11 items; at least 12 (labels.nl.months)",
    ),
    "columns with 4,301 digits": (
        edit(TEMPLATE, "columns: 3", "columns: " + "1" * 4301),
        (TEMPLATE, "  columns: ", 12),
        "expected a number from 1 to 3, got a number of 4301 characters",
    ),
    "a 30000 x 1 logo": (
        logo(png(30000, 1)),
        (TEMPLATE, "logo: ", 7),
        "is 30000 x 1 pixels; a logo is at most 12 times as wide as high",
    ),
    "a logo that is not an image": (
        logo(b"GIF? no: plain text\n"),
        (TEMPLATE, "logo: ", 7),
        "logo 'templates/logo.png' is not a PNG or JPEG image",
    ),
    "a truncated logo": (
        logo(truncated_png()),
        (TEMPLATE, "logo: ", 7),
        "is not a readable PNG or JPEG image (image file is truncated)",
    ),
    "a logo of 400 million pixels": (
        logo(png(20000, 20000)),
        (TEMPLATE, "logo: ", 7),
        "has too many pixels to be a logo",
    ),
    "a logo that leaves the title no room": (
        logo(png(1200, 100)),
        (TEMPLATE, "logo: ", 7),
        "the logo, drawn 209 mm wide beside the title, leaves the title 0 mm",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["check", "build"])
def test_an_accepted_input_the_engine_cannot_take_gets_a_located_error(
    case: str, command: str, project: Path
) -> None:
    change, (name, line_start, column), message = CASES[case]
    change(project)
    lines = (project / name).read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith(line_start))
    result = run_cli(command, project)
    assert result.code == 1, result.stderr
    assert f"/{name}:{line}:{column}: error: " in result.stderr
    assert message in result.stderr
    assert "internal error" not in result.stderr
    assert "could not write" not in result.stderr
    assert not [name for name in outputs(project) if name.endswith(".pdf")]


def test_the_schema_says_what_the_engine_needs() -> None:
    from proeve.inputs.schema import json_schema
    from proeve.inputs.template import SPEC

    overview = json_schema()["$defs"]["overview"]["properties"]
    assert overview["initiatives"]["minItems"] == 1
    labels = SPEC.schema()["properties"]["labels"]["properties"]
    assert labels["nl"]["properties"]["months"]["minItems"] == 12
