"""The drafts of an output folder -> OCFL versions: one object per document, one version per draft.

Version N holds exactly one draft: its PDF and its register record
(`<slug>-vNNN.json`), with the draft's message and creation time, so checking
out a version gives that draft and the inventory grows by one small entry per
draft. Drafts already archived (in any version) are compared, not copied: an
output file that differs from its archived copy stops the run.

Versions follow the order drafts are archived in, which is their order unless
one was missing: a registered draft whose file is missing or changed is
skipped and named, the others are archived all the same (a lost v002 must not
keep v003 out of the archive for ever), and a skipped draft restored later
becomes the next version; its record says which draft it is. proeve adds only
to objects it made: an object at the slug's place whose versions are not one
draft each is refused, never taken over.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from proeve.archive import ocfl as ocflroot
from proeve.archive.root import opened, refuse_inside_a_project
from proeve.drafts.folder import Checked, check_drafts, output_folder
from proeve.drafts.register import DRAFT_NAME, Record, utc_text
from proeve.errors import ProeveError, UsageError
from proeve.frozen import Frozen, field
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


class Skipped(Frozen):
    """A registered draft this run did not archive: its file is missing or changed."""

    record: Record
    problem: str  # in words, for a line that names the file
    archived: bool  # an earlier run archived it, so the archive still holds it whole

    def to_json(self) -> dict[str, Any]:
        return {"draft": self.record.version, "file": self.record.file,
                "problem": self.problem, "archived": self.archived}  # fmt: skip


class Archived(Frozen):
    root: Path
    added: list[Added]
    objects: dict[str, int]  # object id -> number of versions after the run
    recovered: list[str]  # objects whose interrupted last version this run finished
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def lost(self) -> list[Skipped]:
        """Skipped drafts the archive does not hold: a problem to report (exit 1)."""
        return [s for s in self.skipped if not s.archived]


def record_name(pdf_name: str) -> str:
    """The logical path of a draft's register record, beside its PDF."""
    return pdf_name.removesuffix(".pdf") + ".json"


def record_bytes(record: Record) -> bytes:
    text = json.dumps(record.to_json(), indent=1, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode()


def archive(project: Path, dest: Path) -> Archived:
    """Add every intact draft of `project/output` that `dest` does not hold yet.

    Drafts whose files are missing or changed are left out and reported in
    `Archived.skipped` (with whether an earlier run archived them); the run goes on.
    """
    out = output_folder(project)
    refuse_inside_a_project(dest, project)
    checked, _ = check_drafts(out, keep=True)
    if not checked:
        raise UsageError(f"{out}: no drafts to archive (make one with proeve build)")
    groups: dict[str, list[Checked]] = {}
    for item in checked:
        match = DRAFT_NAME.fullmatch(item.record.file)
        assert match is not None  # Record.from_json checked the name
        groups.setdefault(match["slug"], []).append(item)
    added: list[Added] = []
    run = _Run({}, [], [])
    try:
        with opened(dest) as root:
            for slug, items in groups.items():
                folder = ocflroot.object_dir(root, slug)
                claim(folder, slug)
                if ocflroot.recover(folder):
                    run.recovered.append(slug)
                _archive_object(root, slug, items, added, run.skipped)
                inventory = ocflroot.read_inventory(folder)
                run.objects[slug] = len(inventory["versions"]) if inventory else 0
    except OSError as exc:
        raise Stopped(
            f"could not write the archive: {trouble(exc, dest)}", added, exit_code=2
        ) from exc
    except ProeveError as exc:
        if not added:
            raise
        raise Stopped(str(exc), added, exc.exit_code) from exc
    return Archived(dest, added, run.objects, run.recovered, run.skipped)


class _Run(Frozen):
    objects: dict[str, int]
    recovered: list[str]
    skipped: list[Skipped]


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
    root: Path, slug: str, items: list[Checked], added: list[Added], skipped: list[Skipped]
) -> None:
    """Add the drafts the object lacks, appending each to `added` as soon as it is in place."""
    folder = ocflroot.object_dir(root, slug)
    inventory = ocflroot.read_inventory(folder)
    held = ocflroot.every_state(inventory) if inventory else {}
    for item in sorted(items, key=lambda item: item.record.version):
        record = item.record
        if item.data is None:
            kept = held.get(record_name(record.file)) == ocflroot.digest(record_bytes(record))
            skipped.append(Skipped(record, item.explain(), kept and record.file in held))
            continue
        files = {record.file: item.data, record_name(record.file): record_bytes(record)}
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
            root, slug, ocflroot.NewVersion(files, utc_text(record.created), record.message)
        )
        log.info("archived %s as %s %s", record.file, slug, version)
        added.append(Added(slug, version, record.version, record.file))


def claim(folder: Path, slug: str) -> None:
    """Refuse to write to `folder` unless it is free or an object proeve made for `slug`.

    Why: another tool's object whose id happens to be the slug would lose its
    files from the head state when proeve added a version of one draft.
    Checked before anything is written, the interrupted version that
    `recover` would finish included.
    """
    if not folder.exists():
        return
    if not (folder / ocflroot.OBJECT_DECLARATION).is_file():
        raise UsageError(
            f"{folder}: already there and not an OCFL object; proeve writes its object "
            f"'{slug}' only where nothing is (archive into another root)"
        )
    for inventory in (ocflroot.read_inventory(folder), ocflroot.pending_inventory(folder)):
        why = None if inventory is None else _not_ours(inventory, slug)
        if why:
            raise UsageError(
                f"{folder}: an OCFL object proeve did not make ({why}); proeve never "
                "writes to an object it did not create (archive into another root)"
            )


def _not_ours(inventory: dict[str, Any], slug: str) -> str | None:
    """Why an inventory is not one proeve wrote for `slug` (one draft per version), or None."""
    if inventory.get("id") != slug:
        return f"its id is {str(inventory.get('id'))[:80]!r}"
    if inventory.get("digestAlgorithm") != "sha512" or inventory.get("contentDirectory") not in (
        None,
        "content",
    ):
        return "it was made with other settings than proeve's"
    versions = inventory.get("versions")
    if not isinstance(versions, dict) or list(versions) != [
        f"v{n}" for n in range(1, len(versions) + 1)
    ]:
        return "its versions are not named v1, v2, ..."
    for name in versions:
        try:
            paths = sorted(ocflroot.state_of(inventory, name))
        except (KeyError, TypeError, AttributeError):
            return f"its {name} is not one proeve wrote"
        pdf = next((p for p in paths if p.endswith(".pdf")), "")
        match = DRAFT_NAME.fullmatch(pdf)
        if len(paths) != 2 or not match or match["slug"] != slug or record_name(pdf) not in paths:
            shown = ", ".join(repr(p[:80]) for p in paths[:3]) or "nothing"
            return f"its {name} holds {shown}, not one draft of '{slug}'"
    return None
