"""A repository or an archive may carry symlinks and hard links; proeve never writes through them.

Each test plants a link the way a cloned repository or a shared archive could,
runs the command, and checks that the file the link leads to is untouched.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli
from draftkit import add_drafts, snapshot

VICTIM = b"export PATH=/usr/bin  # someone's shell start-up file\n"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim"
    path.write_bytes(VICTIM)
    return path


def test_a_symlinked_lock_is_refused_and_its_target_untouched(project: Path, victim: Path) -> None:
    out = project / "output"
    out.mkdir()
    (out / ".versions.lock").symlink_to(victim)
    result = run_cli("build", project)
    assert result.code == 1, result.stderr
    assert ".versions.lock" in result.stderr
    assert "link" in result.stderr
    assert victim.read_bytes() == VICTIM
    assert not list(out.glob("*.pdf"))


def test_a_hard_linked_lock_is_refused(project: Path, victim: Path) -> None:
    out = project / "output"
    out.mkdir()
    os.link(victim, out / ".versions.lock")
    result = run_cli("build", project)
    assert result.code == 1, result.stderr
    assert victim.read_bytes() == VICTIM


def test_a_lock_that_is_a_folder_is_refused(project: Path) -> None:
    (project / "output" / ".versions.lock").mkdir(parents=True)
    result = run_cli("build", project)
    assert result.code == 1, result.stderr
    assert "not a regular file" in result.stderr


def test_an_output_symlink_committed_to_the_repository_is_refused(
    project: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "output").symlink_to(elsewhere)
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "planted"], check=True)
    for args in (("build", project), ("preview", project)):
        result = run_cli(*args)
        assert result.code == 1, result.stderr
        assert "symlink" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_an_output_symlink_made_by_the_user_is_followed(project: Path, tmp_path: Path) -> None:
    """The pipeline in the README keeps output/ on the runner's disk through a symlink."""
    keep = tmp_path / "keep"
    keep.mkdir()
    (project / "output").symlink_to(keep)
    result = run_cli("build", project)
    assert result.code == 0, result.stderr
    assert (keep / "versions.json").is_file()


def test_a_symlinked_template_leading_out_of_the_project_is_refused(
    project: Path, victim: Path
) -> None:
    (project / "templates" / "mine.yaml").symlink_to(victim)
    result = run_cli("check", project, "--template", "mine")
    assert result.code == 1, result.stderr
    assert "outside the project" in result.stderr


def test_an_extensions_symlink_in_the_archive_is_never_written_through(
    project: Path, tmp_path: Path
) -> None:
    add_drafts(project, 1)
    outside = tmp_path / "outside"
    (outside / "proeve-staging").mkdir(parents=True)
    (outside / "proeve-staging" / "keep.txt").write_bytes(b"keep")
    before = snapshot(outside)
    root = tmp_path / "archive"
    root.mkdir()
    (root / "0=ocfl_1.1").write_bytes(b"ocfl_1.1\n")
    (root / "extensions").symlink_to(outside)
    result = run_cli("archive", root, project)
    assert result.code == 1, result.stderr
    assert "symlink" in result.stderr
    assert snapshot(outside) == before


def test_an_object_folder_symlink_in_the_archive_is_refused(project: Path, tmp_path: Path) -> None:
    add_drafts(project, 1)
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "archive"
    root.mkdir()
    (root / "0=ocfl_1.1").write_bytes(b"ocfl_1.1\n")
    # A flat layout declared: a root that declares none and holds a folder is refused before.
    flat = b'{"extension": "0002-flat-direct-storage-layout", "description": "flat"}\n'
    (root / "ocfl_layout.json").write_bytes(flat)
    (root / "economie-en-werk").symlink_to(outside)
    result = run_cli("archive", root, project)
    assert result.code == 1, result.stderr
    assert list(outside.iterdir()) == []
