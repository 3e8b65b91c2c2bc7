"""No output a user names replaces what proeve keeps, in any project, not even with --force.

Before, `diff --pdf OTHER/output/versions.json --force` and `comments --md
OTHER/output/...-v001.pdf --force` replaced another project's register or
immutable draft: the guard knew only the project found from DIR. And
`diff --pdf X --png X` let the PNG replace the review PDF without a word.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import run_cli
from draftkit import copy_tree, one_figure_changed, snapshot

DRAFT = "output/economie-en-werk-v001.pdf"
KEPT = [
    "output/versions.json",
    DRAFT,
    "output/economie-en-werk-v002.pdf",
    "output/economie-en-werk-v007.pdf",  # a draft's name, even before it exists
    "output/.versions.lock",
    "output/Economie-en-werk-V008.PDF",  # the same file where case is ignored (macOS, Windows)
    "output/Versions.json",
    "inputs/overview.yaml",
    "inputs/initiatives/nieuw.yaml",
    "templates/default.yaml",
    "Templates/review.pdf",  # templates/ where case is ignored
]


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return one_figure_changed(tmp_path_factory.mktemp("kept") / "project")


@pytest.fixture
def two(drafts: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Our project, and another one beside it with drafts and a register of its own."""
    return copy_tree(drafts, tmp_path / "ours"), copy_tree(drafts, tmp_path / "theirs")


def write_to(command: str, option: str, ours: Path, target: Path, *extra: str) -> int:
    if command == "diff":
        result = run_cli("diff", "1", "2", ours, option, target, *extra)
    else:
        result = run_cli("comments", ours / DRAFT, ours, option, target, *extra)
    assert "internal error" not in result.stderr
    assert result.code != 2 or "refusing" in result.stderr, result.stderr
    return result.code


OPTIONS = [("diff", "--pdf"), ("diff", "--png"), ("comments", "--pdf"), ("comments", "--md")]


@pytest.mark.parametrize(("command", "option"), OPTIONS)
@pytest.mark.parametrize("target", KEPT)
def test_another_projects_drafts_register_and_inputs_are_never_replaced(
    two: tuple[Path, Path], command: str, option: str, target: str
) -> None:
    ours, theirs = two
    before = snapshot(theirs)
    assert write_to(command, option, ours, theirs / target, "--force") == 2
    assert snapshot(theirs) == before


@pytest.mark.parametrize(("command", "option"), OPTIONS)
def test_a_draft_copied_anywhere_is_still_a_draft(
    two: tuple[Path, Path], tmp_path: Path, command: str, option: str
) -> None:
    ours, _ = two
    copy = tmp_path / "mail" / "v1-voor-anna.pdf"
    copy.parent.mkdir()
    shutil.copy(ours / DRAFT, copy)
    assert write_to(command, option, ours, copy, "--force") == 2
    assert copy.read_bytes() == (ours / DRAFT).read_bytes()


def test_a_register_is_known_by_what_it_says_and_what_it_names(
    two: tuple[Path, Path], tmp_path: Path
) -> None:
    ours, theirs = two
    kept = tmp_path / "bewaard"
    kept.mkdir()
    shutil.copy(theirs / "output/versions.json", kept / "register-kopie.json")
    shutil.copy(theirs / "output/versions.json", kept / "versions.json")
    named = json.loads((kept / "versions.json").read_text("utf-8"))["drafts"][0]["file"]
    (kept / named).write_bytes(b"whatever the register names is kept\n")
    before = snapshot(kept)
    for target in ("register-kopie.json", named):
        assert write_to("diff", "--pdf", ours, kept / target, "--force") == 2
    assert snapshot(kept) == before


def test_nothing_is_written_into_an_archive(two: tuple[Path, Path], tmp_path: Path) -> None:
    ours, _ = two
    archive = tmp_path / "archief"
    assert run_cli("archive", archive, ours).code == 0
    before = snapshot(archive)
    inside = [p for p in archive.rglob("*") if p.is_file()]
    for target in [archive / "review.pdf", *inside]:
        assert write_to("diff", "--pdf", ours, target, "--force") == 2, target
    content = next(p for p in archive.rglob("content") if p.is_dir())
    for folder in (content, archive):
        result = run_cli("extract", ours / DRAFT, folder, "--force")
        assert result.code == 2, result.stderr
        assert "inside the archive" in result.stderr
    assert snapshot(archive) == before


def test_through_a_symlinked_folder_too(two: tuple[Path, Path], tmp_path: Path) -> None:
    ours, theirs = two
    alias = tmp_path / "alias"
    alias.symlink_to(theirs / "output")
    before = snapshot(theirs)
    assert write_to("comments", "--md", ours, alias / "versions.json", "--force") == 2
    assert snapshot(theirs) == before


def test_a_review_beside_another_projects_drafts_is_fine(two: tuple[Path, Path]) -> None:
    ours, theirs = two
    assert write_to("diff", "--pdf", ours, theirs / "output/review.pdf") == 1
    assert (theirs / "output/review.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("command", "first", "second"), [("diff", "--pdf", "--png"), ("comments", "--pdf", "--md")]
)
def test_two_outputs_to_one_file_are_refused(
    two: tuple[Path, Path], tmp_path: Path, command: str, first: str, second: str
) -> None:
    ours, _ = two
    alias = tmp_path / "alias"
    alias.symlink_to(tmp_path)
    for other in (tmp_path / "out.pdf", alias / "out.pdf", tmp_path / "." / "out.pdf"):
        if command == "diff":
            result = run_cli("diff", "1", "2", ours, first, tmp_path / "out.pdf", second, other)
        else:
            draft = ours / DRAFT
            result = run_cli("comments", draft, ours, first, tmp_path / "out.pdf", second, other)
        assert result.code == 2, result.stderr
        assert "the same file" in result.stderr
        assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize(("command", "option"), OPTIONS)
def test_a_loop_of_links_is_refused_in_words(
    two: tuple[Path, Path], tmp_path: Path, command: str, option: str
) -> None:
    ours, _ = two
    loop = tmp_path / "loop.pdf"
    loop.symlink_to(loop)
    assert write_to(command, option, ours, loop, "--force") == 2
    assert loop.is_symlink()
