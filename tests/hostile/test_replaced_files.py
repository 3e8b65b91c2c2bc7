"""What `new` and `build` replace keeps what the user set up: its permissions, or it is refused.

`new` rewrites inputs/overview.yaml, `build` output/versions.json; both by
writing a new file and renaming it over the old one, which would make a private
(0600) file readable to all, rewrite a read-only one, turn a symlink into a
copy (its target keeping the old text) and split a hard link. proeve keeps the
mode, and refuses the other three with a clear message, changing nothing.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from conftest import run_cli
from draftkit import SLUG, add_drafts, snapshot

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions and links")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _change(project: Path) -> None:
    overview = project / "inputs/overview.yaml"
    overview.write_text(overview.read_text("utf-8") + "# nog een ronde\n", "utf-8")


def test_new_keeps_a_private_overview_private(project: Path) -> None:
    overview = project / "inputs/overview.yaml"
    overview.chmod(0o600)
    assert run_cli("new", "nieuw", project).code == 0
    assert "- nieuw" in overview.read_text("utf-8")
    assert mode(overview) == 0o600


def test_build_keeps_a_private_register_private(project: Path) -> None:
    add_drafts(project, 1)
    register = project / "output/versions.json"
    register.chmod(0o600)
    _change(project)
    assert run_cli("build", project).code == 0
    assert '"version": 2' in register.read_text("utf-8")
    assert mode(register) == 0o600


def _plant(path: Path, how: str, tmp_path: Path) -> Path | None:
    """Make `path` read-only, a symlink to a copy, or a hard link; the other name, if any."""
    if how == "read-only":
        path.chmod(0o444)
        return None
    other = tmp_path / f"shared-{path.name}"
    shutil.copy(path, other)
    path.unlink()
    if how == "symlink":
        path.symlink_to(other)
    else:
        os.link(other, path)
    return other


@pytest.mark.parametrize("how", ["read-only", "symlink", "hard link"])
def test_new_refuses_an_overview_it_would_change_and_writes_nothing(
    project: Path, tmp_path: Path, how: str
) -> None:
    overview = project / "inputs/overview.yaml"
    # A link that stays inside the project: reading it is fine, replacing it is not.
    other = _plant(overview, how, project / "inputs")
    before = snapshot(project)
    result = run_cli("new", "nieuw", project)
    assert result.code == 1, result.stderr
    assert "nothing was changed" in result.stderr
    assert {"read-only": "read-only", "symlink": "symbolic link", "hard link": "hard link"}[
        how
    ] in result.stderr
    assert snapshot(project) == before
    if other is not None:
        assert "- nieuw" not in other.read_text("utf-8")
    assert not (project / "inputs/initiatives/nieuw.yaml").exists()


@pytest.mark.parametrize("how", ["read-only", "symlink", "hard link"])
def test_build_refuses_a_register_it_would_change_and_leaves_no_draft(
    project: Path, tmp_path: Path, how: str
) -> None:
    add_drafts(project, 1)
    out = project / "output"
    other = _plant(out / "versions.json", how, tmp_path)
    before = snapshot(out)
    _change(project)
    result = run_cli("build", project)
    assert result.code == 1, result.stderr
    assert "versions.json" in result.stderr
    assert snapshot(out) == before
    assert not (out / f"{SLUG}-v002.pdf").exists()
    if other is not None:
        assert '"version": 2' not in other.read_text("utf-8")
