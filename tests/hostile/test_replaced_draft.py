"""A numbered draft that is no longer what its register recorded makes `diff` trouble (exit 2).

Before, `diff 1 2` with v002.pdf replaced by a copy of v001 said "no
differences" and exited 0, with only a warning on stderr.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import run_cli
from draftkit import copy_tree, one_figure_changed, snapshot

V1 = "output/economie-en-werk-v001.pdf"
V2 = "output/economie-en-werk-v002.pdf"


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return one_figure_changed(tmp_path_factory.mktemp("replaced") / "project")


@pytest.fixture
def replaced(drafts: Path, tmp_path: Path) -> Path:
    """v002.pdf replaced by a copy of v001: the files are equal, the register says otherwise."""
    project = copy_tree(drafts, tmp_path / "project")
    shutil.copy(project / V1, project / V2)
    return project


def test_replaced_draft_is_trouble_on_stdout(replaced: Path, tmp_path: Path) -> None:
    review = tmp_path / "review.pdf"
    result = run_cli("diff", "1", "2", replaced, "--pdf", review)
    assert result.code == 2, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("trouble: v2: ")
    assert "does not match its checksum in the register" in first
    assert "does not match" in result.stderr
    assert not review.exists()


def test_replaced_draft_is_trouble_in_json(replaced: Path) -> None:
    result = run_cli("diff", "2", "1", replaced, "--json")
    assert result.code == 2, result.stderr
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert len(data["trouble"]) == 1
    assert data["trouble"][0].startswith("v2: ")


def test_intact_drafts_are_no_trouble(drafts: Path) -> None:
    before = snapshot(drafts)
    result = run_cli("diff", "1", "2", drafts, "--json")
    assert result.code == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["ok"] is True
    assert data["trouble"] == []
    assert snapshot(drafts) == before
