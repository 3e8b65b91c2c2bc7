"""The drafts of an output folder -> OCFL versions: one object per document, one version per draft.

Version N holds exactly one draft: its PDF and its register record
(`<slug>-vNNN.json`), with the draft's message and creation time, so checking
out a version gives that draft and the inventory grows by one small entry per
draft. Drafts already archived (in any version) are compared, not copied: an
output file that differs from its archived copy stops the run.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from proeve.archive import ocfl as ocflroot
from proeve.archive.root import opened
from proeve.drafts.folder import check_drafts, output_folder
from proeve.drafts.register import DRAFT_NAME, Record, utc_text
from proeve.errors import ProeveError, UsageError
from proeve.frozen import Frozen
from proeve.fsio import trouble

log = logging.getLogger(__name__)


class Added(Frozen):
    """One draft that became one OCFL version."""

    object_id: str
    version: str
    draft: int
    file: str

    def to_json(self) -> dict[str, Any]:
        return {"object": self.object_id, "version": self.version, "draft": self.draft,
                "file": self.file}  # fmt: skip


class Archived(Frozen):
    root: Path
    added: list[Added]
    objects: dict[str, int]  # object id -> number of versions after the run
    recovered: list[str]  # objects whose interrupted last version this run finished


def record_name(pdf_name: str) -> str:
    """The logical path of a draft's register record, beside its PDF."""
    return pdf_name.removesuffix(".pdf") + ".json"


def record_bytes(record: Record) -> bytes:
    text = json.dumps(record.to_json(), indent=1, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode()


def archive(project: Path, dest: Path) -> Archived:
    """Add every draft of `project/output` that `dest` does not hold yet."""
    out = output_folder(project)
    checked, _ = check_drafts(out, keep=True)
    if not checked:
        raise UsageError(f"{out}: no drafts to archive (make one with proeve build)")
    problems = [f"{out / c.record.file}: {c.explain()}; not archived" for c in checked if c.problem]
    if problems:
        raise ProeveError("\n".join(problems))
    drafts = [(c.record, c.data) for c in checked if c.data is not None]
    groups: dict[str, list[tuple[Record, bytes]]] = {}
    for record, data in drafts:
        match = DRAFT_NAME.fullmatch(record.file)
        assert match is not None  # Record.from_json checked the name
        groups.setdefault(match["slug"], []).append((record, data))
    added: list[Added] = []
    objects: dict[str, int] = {}
    recovered: list[str] = []
    try:
        with opened(dest) as root:
            for slug, items in groups.items():
                if ocflroot.recover(ocflroot.object_dir(root, slug)):
                    recovered.append(slug)
                _archive_object(root, slug, items, added)
                inventory = ocflroot.read_inventory(ocflroot.object_dir(root, slug))
                objects[slug] = len(inventory["versions"]) if inventory else 0
    except OSError as exc:
        raise Stopped(
            f"could not write the archive: {trouble(exc, dest)}", added, exit_code=2
        ) from exc
    except ProeveError as exc:
        if not added:
            raise
        raise Stopped(str(exc), added, exc.exit_code) from exc
    return Archived(dest, added, objects, recovered)


class Stopped(ProeveError):
    """A run that stopped part-way, saying exactly which versions it had added by then."""

    def __init__(self, reason: str, added: list[Added], exit_code: int) -> None:
        self.added = list(added)
        self.exit_code = exit_code
        self.reason = reason
        landed = ", ".join(f"{a.file} as {a.object_id} {a.version}" for a in added)
        done = f"added before it stopped: {landed}" if added else "nothing was added"
        super().__init__(
            f"{reason}; {done}; no version is ever half-written, and a run after the cause "
            "is fixed goes on from there"
        )

    def to_json(self) -> dict[str, object]:
        return {"error": self.reason, "added": [a.to_json() for a in self.added]}


def _archive_object(
    root: Path, slug: str, items: list[tuple[Record, bytes]], added: list[Added]
) -> None:
    """Add the drafts the object lacks, appending each to `added` as soon as it is in place."""
    folder = ocflroot.object_dir(root, slug)
    inventory = ocflroot.read_inventory(folder)
    held = ocflroot.every_state(inventory) if inventory else {}
    for record, data in sorted(items, key=lambda item: item[0].version):
        files = {record.file: data, record_name(record.file): record_bytes(record)}
        stored = {path: held.get(path) for path in files}
        if all(stored.values()):
            changed = [p for p, d in files.items() if stored[p] != ocflroot.digest(d)]
            if changed:
                raise ProeveError(
                    f"{', '.join(changed)}: differs from the copy archived in {folder}, and "
                    "an archived draft is never replaced (was output/ made anew? keep it "
                    "between runs: it is the drafts' register)"
                )
            continue
        version = ocflroot.add_version(
            root,
            slug,
            ocflroot.NewVersion(
                files,
                utc_text(record.created),
                record.message,
            ),
        )
        log.info("archived %s as %s %s", record.file, slug, version)
        added.append(Added(slug, version, record.version, record.file))
