"""Files for one OCFL version -> a new immutable version of an object in an OCFL 1.1 storage root.

The few files OCFL needs are written here rather than with ocfl-py: they are
plain JSON and digests, and writing them ourselves lets every step be atomic.
A version is assembled under `extensions/proeve-staging/` (outside every object,
where a validator looks for none), moved into the object with one rename, and
only then named in the object's inventory. A crash before the rename leaves the
object as it was; a crash after it leaves a complete version that the next
`proeve archive` names in the inventory (`recover`).

Layout: extension 0002 (flat direct), so an object lives at `ROOT/<id>/`.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import secrets
import shutil
from pathlib import Path
from typing import Any

from proeve.errors import ProeveError, UsageError
from proeve.frozen import Frozen
from proeve.fsio import fsync_dir

ROOT_DECLARATION = "0=ocfl_1.1"
OBJECT_DECLARATION = "0=ocfl_object_1.1"
INVENTORY = "inventory.json"
SIDECAR = "inventory.json.sha512"
INVENTORY_TYPE = "https://ocfl.io/1.1/spec/#inventory"
LAYOUT_FILE = "ocfl_layout.json"
LAYOUT = {
    "extension": "0002-flat-direct-storage-layout",
    "description": "Flat direct: each object in a folder named by its id (the document's slug).",
}
STAGING = Path("extensions/proeve-staging")


class NewVersion(Frozen):
    """One version's whole state (logical path -> bytes), and when and why it was made."""

    files: dict[str, bytes]
    created: str  # RFC 3339, UTC
    message: str


def digest(data: bytes) -> str:
    return hashlib.sha512(data).hexdigest()


def inventory_bytes(inventory: dict[str, Any]) -> bytes:
    """One canonical serialisation, so the same inventory is always the same bytes."""
    return (json.dumps(inventory, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def sidecar_bytes(inventory: bytes) -> bytes:
    return f"{digest(inventory)} {INVENTORY}\n".encode()


def state_of(inventory: dict[str, Any], version: str) -> dict[str, str]:
    """Logical path -> digest of the files in one version of the object."""
    state = inventory["versions"][version]["state"]
    return {path: key for key, paths in state.items() for path in paths}


class Stored(Frozen):
    """A file as a version of an object holds it: logical path, where its bytes are, its digest."""

    version: str
    logical: str
    content: str  # path inside the object folder
    digest: str


def first_stored(inventory: dict[str, Any]) -> list[Stored]:
    """Each file in the version that first stored its bytes, by version then path.

    Why only the first: a later version that keeps a file points at the same
    bytes, and a draft is checked once, in the version that brought it.
    """
    where = {key: paths[0] for key, paths in inventory["manifest"].items()}
    found = []
    for name in inventory["versions"]:
        for logical, key in sorted(state_of(inventory, name).items()):
            content = where.get(key, "")
            if content.startswith(f"{name}/"):
                found.append(Stored(name, logical, content, key))
    return found


def content_of(inventory: dict[str, Any], version: str, logical: str) -> str | None:
    """Where the bytes of `logical` as of `version` lie inside the object, if it holds them."""
    key = state_of(inventory, version).get(logical)
    paths = inventory["manifest"].get(key) if key else None
    return paths[0] if paths else None


def every_state(inventory: dict[str, Any]) -> dict[str, str]:
    """Logical path -> digest over all versions (a later version's file wins)."""
    return {p: k for name in inventory["versions"] for p, k in state_of(inventory, name).items()}


def read_inventory(object_dir: Path) -> dict[str, Any] | None:
    """The object's inventory, or None when there is no object yet."""
    try:
        data = (object_dir / INVENTORY).read_bytes()
    except FileNotFoundError:
        return None
    try:
        inventory: dict[str, Any] = json.loads(data)
        state_of(inventory, inventory["head"])
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise ProeveError(f"{object_dir / INVENTORY}: not a readable OCFL inventory") from None
    return inventory


def object_dir(root: Path, object_id: str) -> Path:
    if not object_id or object_id in (".", "..") or "/" in object_id or "\\" in object_id:
        raise UsageError(f"{object_id!r} cannot name an object folder")
    return no_link(root / object_id)


def no_link(path: Path) -> Path:
    """`path`, unless it is a symlink: nothing inside a root is written or removed through one.

    Why: an archive may be shared or copied from elsewhere; a link planted at
    `extensions/` or at an object's folder would make proeve write or delete there.
    """
    if path.is_symlink():
        raise ProeveError(
            f"{path} is a symlink; proeve never writes or removes through a link in an "
            "archive (replace it by the folder it points to, or remove it)"
        )
    return path


def sweep_staging(root: Path) -> None:
    """Remove what interrupted runs left in staging; call only while holding the root."""
    no_link(root / STAGING.parent)
    staging = no_link(root / STAGING)
    if staging.exists():
        shutil.rmtree(staging)
        with contextlib.suppress(OSError):
            staging.parent.rmdir()  # `extensions/` too, when nothing else is in it


def add_version(root: Path, object_id: str, new: NewVersion) -> str:
    """Add one version to an object (making the object if needed); returns its name (`v3`)."""
    target = object_dir(root, object_id)
    recover(target)
    previous = read_inventory(target)
    inventory, content = _next_inventory(object_id, previous, new)
    name = str(inventory["head"])
    staging = root / STAGING / secrets.token_hex(8)
    try:
        if previous is None:
            _write_object(staging / object_id, inventory, content)
            (staging / object_id).rename(target)
            fsync_dir(root)
        else:
            _write_version(staging / name, inventory, content, name)
            (staging / name).rename(target / name)
            fsync_dir(target)
            _publish_inventory(target, staging, inventory_bytes(inventory))
    finally:
        sweep_staging(root)
    return name


def _next_inventory(
    object_id: str, previous: dict[str, Any] | None, new: NewVersion
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The inventory naming the new version, and the content files it adds (by content path)."""
    inventory: dict[str, Any] = copy.deepcopy(previous) if previous else {
        "id": object_id,
        "type": INVENTORY_TYPE,
        "digestAlgorithm": "sha512",
        "contentDirectory": "content",
        "manifest": {},
        "versions": {},
    }  # fmt: skip
    name = f"v{len(inventory['versions']) + 1}"
    state: dict[str, str] = {}
    content: dict[str, bytes] = {}
    for path, data in sorted(new.files.items()):
        key = digest(data)
        state[path] = key
        if key not in inventory["manifest"]:  # the same bytes are stored once
            inventory["manifest"][key] = [f"{name}/content/{path}"]
            content[f"{name}/content/{path}"] = data
    by_digest: dict[str, list[str]] = {}
    for path, key in sorted(state.items()):
        by_digest.setdefault(key, []).append(path)
    inventory["versions"][name] = {
        "created": new.created,
        "message": new.message,
        "state": by_digest,
    }
    inventory["head"] = name
    return inventory, content


def _write_object(folder: Path, inventory: dict[str, Any], content: dict[str, bytes]) -> None:
    _write_version(folder / "v1", inventory, content, "v1")
    _write_file(folder / OBJECT_DECLARATION, b"ocfl_object_1.1\n")
    data = inventory_bytes(inventory)
    _write_file(folder / INVENTORY, data)
    _write_file(folder / SIDECAR, sidecar_bytes(data))
    fsync_dir(folder)


def _write_version(
    folder: Path, inventory: dict[str, Any], content: dict[str, bytes], name: str
) -> None:
    """A complete version folder: its content and its own copy of the inventory."""
    for path, data in content.items():
        _write_file(folder / path.removeprefix(f"{name}/"), data)
    data = inventory_bytes(inventory)
    _write_file(folder / INVENTORY, data)
    _write_file(folder / SIDECAR, sidecar_bytes(data))
    for directory in {p.parent for p in folder.rglob("*")} | {folder}:
        fsync_dir(directory)


def _write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _publish_inventory(target: Path, staging: Path, data: bytes) -> None:
    """Replace the object's inventory and its sidecar, each in one rename."""
    for name, payload in ((INVENTORY, data), (SIDECAR, sidecar_bytes(data))):
        temp = staging / f"{name}.new"
        _write_file(temp, payload)
        temp.replace(target / name)
    fsync_dir(target)


def recover(target: Path) -> bool:
    """Finish a version that was moved into place but not yet named in the inventory.

    Returns True when it did. The newest version folder carries the complete
    inventory the object's own should equal. It is trusted only when its sidecar
    matches, it names itself as head, and the object's inventory is the same
    history one version shorter (or equal, its sidecar not yet replaced); any
    other difference is damage, which is reported, never papered over.
    """
    pending = _pending(target)
    if pending is None:
        return False
    newest, data, interrupted = pending
    if not interrupted:
        raise ProeveError(
            f"{target / INVENTORY}: differs from {newest.name}/{INVENTORY}; the object may "
            "have been altered (run proeve verify on the archive)"
        )
    staging = target.parent / STAGING / secrets.token_hex(8)
    staging.mkdir(parents=True)
    _publish_inventory(target, staging, data)
    shutil.rmtree(staging)
    return True


def pending_inventory(target: Path) -> dict[str, Any] | None:
    """The inventory `recover` would make the object's own, or None when there is none to finish."""
    pending = _pending(target)
    if pending is None or not pending[2]:
        return None
    inventory: dict[str, Any] = json.loads(pending[1])
    return inventory


def unfinished(target: Path) -> str | None:
    """The version a killed run left moved in but not yet named (`v3`), which recover finishes."""
    pending = _pending(target)
    return pending[0].name if pending and pending[2] else None


def _pending(target: Path) -> tuple[Path, bytes, bool] | None:
    """The newest version folder, its inventory, and whether an interrupted run explains it.

    None when there is nothing to finish: no versions, the object's inventory
    already equals the newest version's, or that version's own files disagree.
    """
    numbered = [(int(p.name[1:]), p) for p in target.glob("v*") if p.name[1:].isdigit()]
    if not numbered:
        return None
    newest = max(numbered)[1]
    try:
        data = (newest / INVENTORY).read_bytes()
        sidecar = (newest / SIDECAR).read_bytes()
        current = (target / INVENTORY).read_bytes()
        current_sidecar = (target / SIDECAR).read_bytes()
    except FileNotFoundError:
        return None
    if (current, current_sidecar) == (data, sidecar) or sidecar != sidecar_bytes(data):
        return None
    try:
        inventory = json.loads(data)
        if inventory.get("head") != newest.name:
            return None
        earlier = dict(inventory["versions"])
        del earlier[newest.name]
        interrupted = current == data or json.loads(current)["versions"] == earlier
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        interrupted = False  # not the state a run leaves: damage, which the next check names
    return newest, data, interrupted
