"""proeve archive: drafts become OCFL versions that ocfl-py validates, added once, crash-safely."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import ocfl
import pytest

from conftest import run_cli
from draftkit import SLUG, add_drafts, copy_tree, new_project, snapshot
from proeve import __version__
from proeve.archive import ocfl as ocflroot
from proeve.archive.add import archive
from proeve.drafts.register import read_register


@pytest.fixture(scope="module")
def stages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same project after three drafts and after five, built once for the module."""
    base = tmp_path_factory.mktemp("stages")
    project = new_project(base / "building")
    add_drafts(project, 3)
    three = copy_tree(project, base / "three")
    add_drafts(project, 2, final_last=True)
    return three, copy_tree(project, base / "five")


@pytest.fixture
def three(stages: tuple[Path, Path], tmp_path: Path) -> Path:
    return copy_tree(stages[0], tmp_path / "project")


def grow_to_five(project: Path, stages: tuple[Path, Path]) -> None:
    """The next two drafts arrive in the project's output folder, as a build would leave them."""
    copy_tree(stages[1] / "output", project / "output.new")
    (project / "output").rename(project / "output.old")
    (project / "output.new").rename(project / "output")


def validate(root: Path) -> list[str]:
    """ocfl-py's verdict on the whole storage root: [] when valid, else its messages."""
    store = ocfl.StorageRoot(root=str(root))
    logging.disable(logging.CRITICAL)  # ocfl-py logs at INFO on the root logger
    try:
        valid = store.validate(validate_objects=True, check_digests=True)
    finally:
        logging.disable(logging.NOTSET)
    if valid and store.good_objects == store.num_objects:
        return []
    return [str(store.log), *(str(e) for e in store.errors)]


def test_three_drafts_then_two_more_give_five_versions(
    three: Path, stages: tuple[Path, Path], tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    first = archive(three, root)
    assert [(a.version, a.draft) for a in first.added] == [("v1", 1), ("v2", 2), ("v3", 3)]
    grow_to_five(three, stages)
    second = archive(three, root)
    assert [(a.version, a.draft) for a in second.added] == [("v4", 4), ("v5", 5)]
    assert validate(root) == []
    inventory = json.loads((root / SLUG / "inventory.json").read_bytes())
    assert inventory["id"] == SLUG
    assert inventory["head"] == "v5"
    records = read_register(three / "output")
    for number, record in enumerate(records, 1):
        version = inventory["versions"][f"v{number}"]
        assert version["message"] == record.message
        assert version["created"] == record.created.strftime("%Y-%m-%dT%H:%M:%SZ")
        held = {p for paths in version["state"].values() for p in paths}
        assert held == {f"{SLUG}-v{number:03d}.pdf", f"{SLUG}-v{number:03d}.json"}
    stored = sorted(
        p.relative_to(root / SLUG).as_posix() for p in (root / SLUG).glob("v*/content/*")
    )
    assert len(stored) == 10  # each version stores its own draft: its PDF and its record
    archived = (root / SLUG / "v4" / "content" / f"{SLUG}-v004.pdf").read_bytes()
    assert archived == (three / "output" / f"{SLUG}-v004.pdf").read_bytes()
    record = json.loads((root / SLUG / "v5" / "content" / f"{SLUG}-v005.json").read_bytes())
    assert record == records[4].to_json()
    assert record["status"] == "final"


def test_a_second_run_with_nothing_new_changes_no_byte(three: Path, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    archive(three, root)
    before = snapshot(root)
    folders = sorted(p for p in root.rglob("*") if p.is_dir())
    again = run_cli("archive", root, three, "--json")
    assert again.code == 0, again.stderr
    assert json.loads(again.stdout)["added"] == []
    assert "nothing new" in again.stderr
    assert snapshot(root) == before
    assert sorted(p for p in root.rglob("*") if p.is_dir()) == folders


def test_json_says_what_was_added(three: Path, tmp_path: Path) -> None:
    result = run_cli("archive", tmp_path / "archive", three, "--json")
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["objects"] == {SLUG: 3}
    assert report["added"][2] == {
        "object": SLUG,
        "version": "v3",
        "draft": 3,
        "file": f"{SLUG}-v003.pdf",
    }


def test_an_interrupted_version_leaves_the_object_valid_and_the_next_run_adds_it(
    three: Path, stages: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "archive"
    archive(three, root)
    before = snapshot(root / SLUG)
    grow_to_five(three, stages)
    real = ocflroot._write_version

    def crash(folder: Path, *args: object) -> None:
        real(folder, *args)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # killed just before the version is moved into the object

    monkeypatch.setattr(ocflroot, "_write_version", crash)
    with pytest.raises(KeyboardInterrupt):
        archive(three, root)
    monkeypatch.undo()
    assert snapshot(root / SLUG) == before
    assert validate(root) == []
    assert [a.version for a in archive(three, root).added] == ["v4", "v5"]
    assert validate(root) == []


def test_a_version_moved_in_but_not_yet_named_is_finished_by_the_next_run(
    three: Path, stages: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "archive"
    archive(three, root)
    grow_to_five(three, stages)

    def crash(*args: object) -> None:
        raise KeyboardInterrupt  # killed after the rename, before the inventory names it

    monkeypatch.setattr(ocflroot, "_publish_inventory", crash)
    with pytest.raises(KeyboardInterrupt):
        archive(three, root)
    monkeypatch.undo()
    assert (root / SLUG / "v4").is_dir()
    assert json.loads((root / SLUG / "inventory.json").read_bytes())["head"] == "v3"
    result = archive(three, root)
    assert result.recovered == [SLUG]
    assert [a.version for a in result.added] == ["v5"]
    assert validate(root) == []


def test_an_inventory_replaced_without_its_sidecar_is_finished(three: Path, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    archive(three, root)
    obj = root / SLUG
    # The state a crash between the two renames leaves: v3's inventory, v2's sidecar.
    (obj / "inventory.json.sha512").write_bytes((obj / "v2" / "inventory.json.sha512").read_bytes())
    assert validate(root) != []
    assert archive(three, root).recovered == [SLUG]
    assert validate(root) == []


def test_an_edited_inventory_stops_the_run(three: Path, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    archive(three, root)
    inventory = root / SLUG / "inventory.json"
    inventory.write_bytes(inventory.read_bytes().replace(b"ronde 2", b"ronde X"))
    result = run_cli("archive", root, three)
    assert result.code == 1
    assert "inventory.json" in result.stderr
    assert "altered" in result.stderr


def test_a_changed_draft_is_never_archived(three: Path, tmp_path: Path) -> None:
    draft = three / "output" / f"{SLUG}-v002.pdf"
    draft.write_bytes(draft.read_bytes() + b"\n")
    result = run_cli("archive", tmp_path / "archive", three)
    assert result.code == 1
    assert (
        f"{SLUG}-v002.pdf: the file no longer matches its checksum in versions.json"
        " (edited or replaced); not archived (v002 is registered" in result.stderr
    )
    held = ocflroot.every_state(ocflroot.read_inventory(tmp_path / "archive" / SLUG) or {})
    assert f"{SLUG}-v002.pdf" not in held  # the others are archived all the same
    assert {f"{SLUG}-v001.pdf", f"{SLUG}-v003.pdf"} <= set(held)


def test_a_draft_that_differs_from_its_archived_copy_stops_the_run(
    stages: tuple[Path, Path], tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    archive(stages[0], root)
    other = new_project(tmp_path / "other")  # output/ made anew: another v001
    overview = other / "inputs" / "overview.yaml"
    overview.write_text(overview.read_text("utf-8") + "# elders gebouwd\n", "utf-8")
    add_drafts(other, 1)
    before = snapshot(root)
    result = run_cli("archive", root, other)
    assert result.code == 1
    assert "an archived draft is never replaced" in result.stderr
    assert snapshot(root) == before


def test_a_folder_that_is_not_an_ocfl_root_is_refused(three: Path, tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    result = run_cli("archive", tmp_path / "busy", three)
    assert result.code == 2
    assert "not an OCFL root" in result.stderr


def test_no_drafts_is_nothing_to_archive(tmp_path: Path) -> None:
    """Not an error for a pipeline: exit 0, say so, and make no archive."""
    project = new_project(tmp_path / "project")
    result = run_cli("archive", tmp_path / "archive", project)
    assert result.code == 0, result.stderr
    assert "nothing to archive: no drafts yet" in result.stderr
    assert not (tmp_path / "archive").exists()
    as_json = run_cli("archive", tmp_path / "archive", project, "--json")
    assert json.loads(as_json.stdout) == {
        "ok": True,
        "root": str(tmp_path / "archive"),
        "added": [],
        "objects": {},
        "recovered": [],
        "tool": {"name": "proeve", "version": __version__},
        "diagnostics": [],
    }


def test_a_root_with_another_storage_layout_is_refused(three: Path, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    root.mkdir()
    (root / "0=ocfl_1.1").write_text("ocfl_1.1\n")
    layout = {"extension": "0004-hashed-n-tuple-storage-layout", "description": "elders"}
    (root / "ocfl_layout.json").write_text(json.dumps(layout))
    result = run_cli("archive", root, three)
    assert result.code == 2
    assert "0004-hashed-n-tuple-storage-layout" in result.stderr
    assert sorted(p.name for p in root.iterdir()) == ["0=ocfl_1.1", "ocfl_layout.json"]


def test_a_draft_deleted_after_archiving_keeps_no_new_draft_out(
    three: Path, stages: tuple[Path, Path], tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    archive(three, root)
    grow_to_five(three, stages)
    (three / "output" / f"{SLUG}-v002.pdf").unlink()
    result = run_cli("archive", root, three, "--json")
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert [a["draft"] for a in report["added"]] == [4, 5]
    assert report["skipped"] == [
        {
            "draft": 2,
            "file": f"{SLUG}-v002.pdf",
            "problem": "the file is missing (deleted or moved after it was built)",
            "archived": True,
        }
    ]
    assert f"{SLUG}-v002.pdf: the file is missing" in result.stderr
    assert "an earlier run archived it" in result.stderr
    assert validate(root) == []


def test_a_missing_draft_is_named_and_the_others_archived_then_it_follows(
    three: Path, tmp_path: Path
) -> None:
    """Versions follow the order drafts are archived in; each record says which draft it is."""
    root = tmp_path / "archive"
    draft = three / "output" / f"{SLUG}-v002.pdf"
    kept = draft.read_bytes()
    draft.unlink()
    result = run_cli("archive", root, three, "--json")
    assert result.code == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert [(a["version"], a["draft"]) for a in report["added"]] == [("v1", 1), ("v2", 3)]
    assert [(s["draft"], s["archived"]) for s in report["skipped"]] == [(2, False)]
    assert f"{SLUG}-v002.pdf: the file is missing" in result.stderr
    assert "not archived (v002 is registered" in result.stderr
    draft.write_bytes(kept)
    again = archive(three, root)
    assert [(a.version, a.draft) for a in again.added] == [("v3", 2)]
    assert again.skipped == []
    assert validate(root) == []


@pytest.mark.parametrize("inside", ["inputs/arch", "templates/arch", "output/arch", "output"])
def test_an_archive_inside_a_projects_folders_is_refused(
    three: Path, tmp_path: Path, inside: str
) -> None:
    before = snapshot(three)
    result = run_cli("archive", three / inside, three)
    assert result.code == 2, result.stderr
    assert f"is inside a project's {inside.split('/')[0]}/ folder" in result.stderr
    assert snapshot(three) == before
    assert not (three / inside).exists() or inside == "output"


def test_an_archive_inside_another_projects_inputs_or_through_a_link_is_refused(
    three: Path, tmp_path: Path
) -> None:
    other = new_project(tmp_path / "other")
    (tmp_path / "link").symlink_to(three / "inputs")
    for dest in (other / "inputs" / "arch", tmp_path / "link" / "arch"):
        result = run_cli("archive", dest, three)
        assert result.code == 2, result.stderr
        assert "is inside a project's inputs/ folder" in result.stderr
        assert not dest.exists()


def test_an_object_with_ten_or_more_versions_is_still_proeves() -> None:
    """An inventory may list its versions sorted as text (v1, v10, v11, v2, ...): still ours.

    Before, the eleventh draft made every later archive run refuse the object as
    one proeve did not make (bench/hostile.py's killed archive runs found it).
    """
    from proeve.archive.add import _not_ours, record_name

    def version(number: int) -> dict[str, object]:
        pdf = f"{SLUG}-v{number:03d}.pdf"
        return {"state": {f"a{number}": [pdf], f"b{number}": [record_name(pdf)]}}

    names = sorted(f"v{n}" for n in range(1, 12))  # v1, v10, v11, v2, ..., v9
    inventory = {
        "id": SLUG,
        "digestAlgorithm": "sha512",
        "versions": {name: version(int(name[1:])) for name in names},
    }
    assert _not_ours(inventory, SLUG) is None
    del inventory["versions"]["v7"]
    assert _not_ours(inventory, SLUG) == "its versions are not named v1, v2, ..."
