"""Text after ` #` in a plain value is a YAML comment: the run says so (issue 17, item 25).

Before, `summary: Groen is prioriteit #1 voor de steden` passed `check` and the
page printed "Groen is prioriteit": the rest was dropped without a word. Now
check, preview and build warn at the comment's file:line:col, and say to put
the value in quotes, unless the file says such comments are meant.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli

MKB = "inputs/initiatives/mkb-roltrap.yaml"
OVERVIEW = "inputs/overview.yaml"
TEMPLATE = "templates/default.yaml"
SUMMARY = "summary: Groen is prioriteit #1 voor de steden\n"


def put(project: Path, name: str, start: str, new: str) -> tuple[int, int]:
    """Replace the line starting with `start` (and a block scalar's lines); where `#` is."""
    path = project / name
    lines = path.read_text("utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(start))
    end = at + 1
    while end < len(lines) and lines[end].startswith(" " * (len(start) - len(start.lstrip()) + 2)):
        end += 1
    lines[at:end] = [new]
    path.write_text("".join(lines), "utf-8")
    hash_at = new.find(" #") + 1
    return at + 1 + new.count("\n", 0, hash_at), hash_at - new.rfind("\n", 0, hash_at)


# (file, the line to replace, its new text, the field warned about)
CUT_SHORT = {
    "the issue's summary": (MKB, "summary:", SUMMARY, "summary"),
    "a list item": (MKB, "partners:", "partners:\n  - VNG # tel 06-12345678\n", "partners[0]"),
    "a plain paragraph's last line": (
        MKB,
        "goal:",
        "goal: Meer mensen\n  aan het werk # en dat is veel\n",
        "goal",
    ),
    "a lead's name": (MKB, "  - name: Denis", "  - name: Denis # C.\n", "leads[0].name"),
    "the footer": (OVERVIEW, "  contact:", "  contact: Denis #2\n", "footer.contact"),
    "a template label": (TEMPLATE, "    partners:", "    partners: Partners # en meer\n", ""),
}

# (file, the line to replace, its new text): comments that are meant, or cut nothing printed.
MEANT = {
    "after a quoted value": (MKB, "summary:", 'summary: "Groen is prioriteit" # nog kort\n'),
    "after a single-quoted value": (MKB, "summary:", "summary: 'Groen, nu' # kort\n"),
    "after a flow list's end": (MKB, "partners:", "partners: [VNG, IPO] # nog aanvullen\n"),
    "a key with no value": (MKB, "goal:", "goal: # nog schrijven\n"),
    "on its own line": (MKB, "summary:", "# nog kort\nsummary: Groen is prioriteit\n"),
    "no space before #": (MKB, "summary:", "summary: Groen is prioriteit#1 voor de steden\n"),
    "after a block scalar's header": (MKB, "goal:", "goal: > # nog kort\n  Meer mensen.\n"),
    "after a choice": (MKB, "status:", "status: verkenning # straks in uitvoering\n"),
    "a field not printed": (OVERVIEW, "slug:", "slug: economie-en-werk # voor de namen\n"),
    "the file says they are meant": (
        MKB,
        "summary:",
        "# proeve: trailing comments\n" + SUMMARY,
    ),
}


@pytest.mark.parametrize("case", sorted(CUT_SHORT))
def test_a_comment_after_a_plain_printed_value_is_a_located_warning(
    case: str, project: Path
) -> None:
    name, start, new, field = CUT_SHORT[case]
    line, column = put(project, name, start, new)
    result = run_cli("check", project)
    assert result.code == 0, result.stderr
    (said,) = [ln for ln in result.stderr.splitlines() if ": warning: " in ln]
    # The path as compilers print it: relative to the current folder (here: outside it).
    assert said.startswith(f"{project / name}:{line}:{column}: warning: '#")
    assert "is a YAML comment, so the page prints only" in said
    assert "put the whole value in quotes" in said
    assert said.endswith(f"({field or 'labels.nl.partners'})")


@pytest.mark.parametrize("case", sorted(MEANT))
def test_no_warning_where_nothing_printed_is_cut(case: str, project: Path) -> None:
    name, start, new = MEANT[case]
    put(project, name, start, new)
    result = run_cli("check", project)
    assert result.code == 0, result.stderr
    assert "warning" not in result.stderr


def test_check_preview_and_build_all_warn(project: Path) -> None:
    line, column = put(project, MKB, "summary:", SUMMARY)
    spot = f"{MKB}:{line}:{column}: warning: '#1 voor de steden' is a YAML comment"
    for command in ("check", "preview", "build"):
        result = run_cli(command, project, "-q")
        assert result.code == 0, result.stderr
        assert spot in result.stderr, command
    for command in ("check", "preview", "build"):
        mkb = project / MKB  # a change, so that build makes a new draft
        mkb.write_text(mkb.read_text("utf-8").replace("MKB-roltrap", f"MKB {command}", 1), "utf-8")
        reported = json.loads(run_cli(command, project, "--json").stdout)
        (warning,) = reported["warnings"]
        assert warning.startswith(f"{MKB}:{line}:{column}: '#1 voor de steden'")
        assert "'Groen is prioriteit'" in warning


def test_the_starter_project_and_the_example_have_no_such_comment(tmp_path: Path) -> None:
    assert run_cli("init", tmp_path / "nieuw", "-q").code == 0
    for project in (tmp_path / "nieuw", Path(__file__).parents[2]):
        result = run_cli("check", project)
        assert result.code == 0, result.stderr
        assert "warning" not in result.stderr


def test_a_word_kept_whole_is_not_printed_as_typed(project: Path) -> None:
    """`no_hyphenation` shapes the page; a comment after one of its words cuts nothing printed."""
    overview = project / OVERVIEW
    text = overview.read_text("utf-8").replace(
        "\nkeywords:", "\nno_hyphenation:\n  - Crompvoets # de naam\nkeywords:", 1
    )
    overview.write_text(text, "utf-8")
    result = run_cli("check", project)
    assert result.code == 0, result.stderr
    assert "warning" not in result.stderr


def test_a_new_initiative_has_no_such_comment(project: Path) -> None:
    assert run_cli("new", "nieuw-ding", project).code == 0
    result = run_cli("check", project)
    assert result.code == 0, result.stderr
    assert "warning" not in result.stderr
