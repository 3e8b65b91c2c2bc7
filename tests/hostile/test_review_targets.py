"""`proeve diff --pdf/--png OUT` writes only where a review belongs, never over an input or a draft."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_cli
from draftkit import one_figure_changed


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """v1 the example, v2 with one changed figure; each test works on its own copy."""
    return one_figure_changed(tmp_path_factory.mktemp("targets") / "project")


@pytest.fixture
def work(drafts: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(drafts, tmp_path / "project", symlinks=True))


def files(project: Path) -> dict[str, bytes]:
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in sorted(project.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("option", ["--pdf", "--png"])
@pytest.mark.parametrize(
    "target",
    [
        "inputs/overview.yaml",
        "inputs/initiatives/mkb-roltrap.yaml",
        "inputs/initiatives/review.pdf",  # new, but inside inputs/
        "templates/default.yaml",
        "output/versions.json",
        "output/economie-en-werk-v001.pdf",
        "output/economie-en-werk-v009.pdf",  # a draft's name, even before it exists
        "output/.versions.lock",
    ],
)
@pytest.mark.parametrize("force", [False, True])
def test_inputs_templates_drafts_and_the_register_are_never_written(
    work: Path, option: str, target: str, force: bool
) -> None:
    before = files(work)
    extra = ["--force"] if force else []
    result = run_cli("diff", "1", "2", work, option, work / target, *extra)
    assert result.code == 2, result.stderr
    assert "refusing" in result.stderr
    assert files(work) == before


@pytest.mark.parametrize("option", ["--pdf", "--png"])
def test_a_file_of_another_kind_is_replaced_only_with_force(
    work: Path, tmp_path: Path, option: str
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"my meeting notes\n")
    result = run_cli("diff", "1", "2", work, option, notes)
    assert result.code == 2, result.stderr
    assert "--force" in result.stderr
    assert notes.read_bytes() == b"my meeting notes\n"
    forced = run_cli("diff", "1", "2", work, option, notes, "--force")
    assert forced.code == 1, forced.stderr
    assert notes.read_bytes() != b"my meeting notes\n"


@pytest.mark.parametrize(("option", "name"), [("--pdf", "review.pdf"), ("--png", "overlay.png")])
def test_an_earlier_review_is_replaced(work: Path, tmp_path: Path, option: str, name: str) -> None:
    target = tmp_path / name
    first = run_cli("diff", "1", "2", work, option, target)
    assert first.code == 1, first.stderr
    target.write_bytes(target.read_bytes())  # same bytes, new mtime: still a review
    again = run_cli("diff", "1", "2", work, option, target)
    assert again.code == 1, again.stderr


def test_another_pdf_is_not_taken_for_a_review(work: Path, tmp_path: Path) -> None:
    other = tmp_path / "letter.pdf"
    shutil.copy(work / "output/economie-en-werk-v001.pdf", other)
    before = other.read_bytes()
    result = run_cli("diff", "1", "2", work, "--pdf", other)
    assert result.code == 2, result.stderr
    assert other.read_bytes() == before


def test_a_symlink_is_not_written_through(work: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.pdf"
    victim.write_bytes(b"%PDF-1.4 not ours\n")
    link = tmp_path / "review.pdf"
    link.symlink_to(victim)
    result = run_cli("diff", "1", "2", work, "--pdf", link)
    assert result.code == 2, result.stderr
    assert victim.read_bytes() == b"%PDF-1.4 not ours\n"
    forced = run_cli("diff", "1", "2", work, "--pdf", link, "--force")
    assert forced.code == 1, forced.stderr
    assert victim.read_bytes() == b"%PDF-1.4 not ours\n"
    assert not link.is_symlink()


def test_an_input_reached_through_a_symlinked_folder_is_refused(work: Path, tmp_path: Path) -> None:
    alias = tmp_path / "alias"
    alias.symlink_to(work / "inputs")
    before = (work / "inputs/overview.yaml").read_bytes()
    result = run_cli("diff", "1", "2", work, "--pdf", alias / "overview.yaml", "--force")
    assert result.code == 2, result.stderr
    assert (work / "inputs/overview.yaml").read_bytes() == before
    assert alias.is_symlink()
