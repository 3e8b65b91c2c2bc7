"""An OCFL root another tool made: proeve reads its layout or refuses, and never writes its objects.

The round found that in a root without `ocfl_layout.json` proeve declared its
own flat layout over objects kept at hashed paths (ocfl-py then could not find
them) and made a second object with an id the root already held; and that in
a flat root an object of another tool whose id equals the document's slug was
taken over, its files gone from the head state. The roots here are made by
ocfl-py, and ocfl-py's validator judges them afterwards.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import ocfl
import pytest

from conftest import run_cli
from draftkit import SLUG, add_drafts, copy_tree, new_project, snapshot
from test_archive import validate

FLAT = "0002-flat-direct-storage-layout"
HASHED = "0003-hash-and-id-n-tuple-storage-layout"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = new_project(tmp_path_factory.mktemp("built") / "project")
    add_drafts(project, 2)
    return project


@pytest.fixture
def drafted(built: Path, tmp_path: Path) -> Path:
    return copy_tree(built, tmp_path / "project")


def foreign_root(root: Path, layout: str, ids: list[str]) -> Path:
    """A storage root made by ocfl-py with `layout`, one object per id holding notes.txt."""
    logging.disable(logging.CRITICAL)  # ocfl-py logs at INFO on the root logger
    try:
        store = ocfl.StorageRoot(root=str(root), layout_name=layout)
        store.initialize()
        for index, identifier in enumerate(ids):
            source = root.parent / f"source-{index}"
            source.mkdir()
            (source / "notes.txt").write_text(f"notulen van {identifier}\n", "utf-8")
            made = root.parent / f"object-{index}"
            metadata = ocfl.VersionMetadata(message="theirs", name="Ander", address="mailto:a@b")
            ocfl.Object(identifier=identifier).create(str(source), metadata, str(made))
            store.add(str(made))
    finally:
        logging.disable(logging.NOTSET)
    return root


def test_a_root_without_a_layout_file_holding_hashed_objects_is_refused(
    drafted: Path, tmp_path: Path
) -> None:
    root = foreign_root(tmp_path / "archief", HASHED, [SLUG, "notulen"])
    (root / "ocfl_layout.json").unlink()  # made by a tool that writes none
    assert validate(root) == []
    before = snapshot(root)
    result = run_cli("archive", root, drafted)
    assert result.code == 2, result.stderr
    assert "declares no layout (no ocfl_layout.json)" in result.stderr
    assert "internal error" not in result.stderr
    assert snapshot(root) == before
    assert not (root / SLUG).exists()  # no second object with the id the root holds
    assert validate(root) == []


def test_a_foreign_object_with_the_slug_as_id_is_never_taken_over(
    drafted: Path, tmp_path: Path
) -> None:
    root = foreign_root(tmp_path / "archief", FLAT, [SLUG])
    before = snapshot(root)
    result = run_cli("archive", root, drafted)
    assert result.code == 2, result.stderr
    assert f"{root / SLUG}: an OCFL object proeve did not make" in result.stderr
    assert "'notes.txt'" in result.stderr
    assert snapshot(root) == before
    assert validate(root) == []


def test_a_flat_root_another_tool_made_takes_proeves_object_beside_its_own(
    drafted: Path, tmp_path: Path
) -> None:
    root = foreign_root(tmp_path / "archief", FLAT, ["notulen"])
    theirs = snapshot(root / "notulen")
    result = run_cli("archive", root, drafted)
    assert result.code == 0, result.stderr
    assert snapshot(root / "notulen") == theirs
    assert json.loads((root / SLUG / "inventory.json").read_bytes())["head"] == "v2"
    assert validate(root) == []


def test_a_folder_at_the_slugs_place_is_not_written_into(drafted: Path, tmp_path: Path) -> None:
    root = tmp_path / "archief"
    root.mkdir()
    (root / "0=ocfl_1.1").write_text("ocfl_1.1\n")
    (root / "ocfl_layout.json").write_text(
        json.dumps({"extension": FLAT, "description": "flat"}), "utf-8"
    )
    (root / SLUG).mkdir()
    (root / SLUG / "lees-mij.txt").write_text("van iemand anders\n", "utf-8")
    before = snapshot(root)
    result = run_cli("archive", root, drafted)
    assert result.code == 2, result.stderr
    assert f"{root / SLUG}: already there and not an OCFL object" in result.stderr
    assert snapshot(root) == before


def test_a_root_holding_only_its_declaration_is_finished(drafted: Path, tmp_path: Path) -> None:
    """The state a run killed between the declaration and the layout file leaves."""
    root = tmp_path / "archief"
    root.mkdir()
    (root / "0=ocfl_1.1").write_text("ocfl_1.1\n")
    result = run_cli("archive", root, drafted)
    assert result.code == 0, result.stderr
    assert json.loads((root / "ocfl_layout.json").read_bytes())["extension"] == FLAT
    assert validate(root) == []
