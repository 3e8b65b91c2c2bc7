"""A project folder that belongs to another user is not used unless the user trusts it.

Like git's `safe.directory` (CVE-2022-24765): in a shared folder such as /tmp,
anyone can put `inputs/overview.yaml` above where you work, and discovery
upwards would then read their inputs and write drafts into their folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import outputs, run_cli

pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX owners")


@pytest.fixture
def foreign(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example project, owned by someone else: as root, really; else as another uid sees it."""
    if os.geteuid() == 0:
        for folder in (project, project / "inputs"):
            os.chown(folder, 65534, 65534)
    else:
        me = os.geteuid()
        monkeypatch.setattr(os, "geteuid", lambda: me + 1)
    monkeypatch.delenv("PROEVE_SAFE_DIRECTORIES", raising=False)
    monkeypatch.delenv("SUDO_UID", raising=False)
    return project


def test_discovery_upwards_refuses_a_project_of_another_user(
    foreign: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(foreign / "inputs/initiatives")
    for command in ("check", "build"):
        result = run_cli(command)
        assert result.code == 2, result.stderr
        assert "belongs to another user" in result.stderr
        assert "PROEVE_SAFE_DIRECTORIES=" in result.stderr
    assert outputs(foreign) == []


def test_a_project_of_another_user_given_as_dir_is_refused(foreign: Path) -> None:
    result = run_cli("build", foreign)
    assert result.code == 2, result.stderr
    assert outputs(foreign) == []


@pytest.mark.parametrize("trusted", ["{project}", "{parent}/*", "*", "/elsewhere{sep}{project}"])
def test_a_trusted_project_of_another_user_is_used(
    foreign: Path, monkeypatch: pytest.MonkeyPatch, trusted: str
) -> None:
    value = trusted.format(project=foreign, parent=foreign.parent, sep=os.pathsep)
    monkeypatch.setenv("PROEVE_SAFE_DIRECTORIES", value)
    monkeypatch.chdir(foreign / "inputs")
    result = run_cli("check")
    assert result.code == 0, result.stderr


def test_a_project_of_ones_own_needs_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "inputs/initiatives")
    assert run_cli("check").code == 0
