"""An OCFL storage root on disk -> its objects, each with what is missing, altered or unexplained.

Fixity as OCFL defines it: every inventory matches its sidecar digest, the
object's inventory equals its head version's copy, every file the manifest
names is there with its sha512, and no content file is there that it does not
name. This is the part of OCFL validation that finds lost or altered files;
ocfl-py's validator (used by the tests) checks the rest of the specification.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from proeve.archive.ocfl import (
    INVENTORY,
    OBJECT_DECLARATION,
    ROOT_DECLARATION,
    SIDECAR,
    STAGING,
    digest,
    sidecar_bytes,
    unfinished,
)


class ObjectCheck:
    """One object: where it is, its inventory if readable, and (path, problem) pairs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.inventory: dict[str, Any] | None = None
        self.problems: list[tuple[Path, str]] = []

    def add(self, path: Path, message: str) -> None:
        self.problems.append((path, message))


def is_root(path: Path) -> bool:
    return (path / ROOT_DECLARATION).is_file()


def is_object(path: Path) -> bool:
    return (path / OBJECT_DECLARATION).is_file()


def object_folders(root: Path) -> Iterator[Path]:
    """Folders holding an object declaration, below the root (skipping extensions/)."""
    for child in sorted(root.iterdir()):
        if child.name == "extensions" or child.is_symlink() or not child.is_dir():
            continue  # a link could lead in circles or out of the root
        if any(child.glob("0=ocfl_object_*")):
            yield child
        else:
            yield from object_folders(child)


def interrupted(root: Path) -> bool:
    """An archive run stopped half-way left staging files (harmless; the next run removes them)."""
    return (root / STAGING).exists()


def check_object(folder: Path) -> ObjectCheck:
    """Fixity of one object: inventories, sidecars, manifest against the files."""
    check = ObjectCheck(folder)
    if (folder / OBJECT_DECLARATION).read_bytes() != b"ocfl_object_1.1\n":
        check.add(folder / OBJECT_DECLARATION, "does not declare an OCFL 1.1 object")
    check.inventory = _inventory(folder, check)
    if check.inventory is None:
        return check
    versions = check.inventory["versions"]
    head = check.inventory["head"]
    root_copy = (folder / INVENTORY).read_bytes()
    for name in versions:
        if not (folder / name).is_dir():
            check.add(folder / name, f"missing (version {name} in {INVENTORY})")
        elif (folder / name / INVENTORY).exists():
            _inventory(folder / name, check)
    head_copy = folder / head / INVENTORY
    if head_copy.exists() and head_copy.read_bytes() != root_copy:
        check.add(folder / INVENTORY, f"differs from {head}/{INVENTORY}, its copy in the head")
    for extra in sorted(folder.glob("v*")):
        if extra.name not in versions and extra.is_dir():
            check.add(extra, f"a version folder that {INVENTORY} does not name")
    _content(folder, check.inventory, check)
    _explain_unfinished(check)
    return check


def _explain_unfinished(check: ObjectCheck) -> None:
    """One line for the state a killed `proeve archive` leaves, instead of what it looks like.

    Between moving a version in and naming it in the inventory (and between the
    inventory and its sidecar) a run can be killed; the object is then not
    valid OCFL until the next run finishes it (ocfl.recover). Said as such,
    not as an altered inventory and an unexplained folder.
    """
    pending = unfinished(check.folder)
    if pending is None:
        return
    explained = {check.folder / pending, check.folder / INVENTORY}
    check.problems = [(p, m) for p, m in check.problems if p not in explained]
    check.add(
        check.folder / pending,
        f"a proeve archive run was stopped before naming this version in {INVENTORY}; "
        "run proeve archive again to finish it",
    )


def _inventory(folder: Path, check: ObjectCheck) -> dict[str, Any] | None:
    path = folder / INVENTORY
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        check.add(path, "missing")
        return None
    try:
        sidecar = (folder / SIDECAR).read_bytes()
    except FileNotFoundError:
        check.add(folder / SIDECAR, "missing")
        sidecar = None
    if sidecar is not None and sidecar.split()[:1] != sidecar_bytes(data).split()[:1]:
        check.add(path, f"its sha512 does not match {SIDECAR} (the inventory was altered)")
    try:
        inventory: dict[str, Any] = json.loads(data)
        inventory["versions"][inventory["head"]]["state"].items()
        inventory["manifest"].items()
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        check.add(path, "not a readable OCFL inventory")
        return None
    if inventory.get("digestAlgorithm") != "sha512":
        check.add(path, "digestAlgorithm is not sha512, which proeve writes and checks")
        return None
    return inventory


def _content(folder: Path, inventory: dict[str, Any], check: ObjectCheck) -> None:
    named: set[str] = set()
    for key, paths in inventory["manifest"].items():
        for relative in paths:
            named.add(relative)
            path = folder / relative
            if ".." in Path(relative).parts:
                check.add(folder / INVENTORY, f"content path {relative!r} leaves the object")
            elif not path.is_file():
                check.add(path, f"missing (listed in {INVENTORY})")
            elif digest(path.read_bytes()) != key:
                check.add(path, f"its sha512 differs from {INVENTORY} (the file was altered)")
    for name in inventory["versions"]:
        content = folder / name / "content"
        for path in sorted(content.rglob("*")) if content.is_dir() else []:
            if path.is_file() and path.relative_to(folder).as_posix() not in named:
                check.add(path, f"not in {INVENTORY}'s manifest (an unexplained file)")
