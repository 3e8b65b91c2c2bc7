"""A DEST path -> the OCFL storage root one archive run holds: made, locked, swept, checked.

Opening comes before everything an archive run writes: the lock first (flock
on the root folder, which the kernel drops when a run dies), then what killed
runs left there (temp files, staging) is removed, and only then is the folder
judged: made a root when empty, refused when it holds anything else. The
layout of objects and versions inside is proeve.archive.ocfl's.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

from proeve.archive.ocfl import (
    LAYOUT,
    LAYOUT_FILE,
    ROOT_DECLARATION,
    STAGING,
    no_link,
    sweep_staging,
)
from proeve.errors import UsageError
from proeve.fsio import fsync_dir, replace_atomically

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


@contextlib.contextmanager
def opened(root: Path) -> Iterator[Path]:
    """The storage root, made if it does not exist, held by this process alone.

    Why the lock comes first: two runs into a DEST that does not exist yet
    both make the folder (mkdir is safe to race), but only the one holding
    the lock looks at what is in it and writes the declaration; the other
    then finds a root. Under the lock, what a killed run left is ours to
    finish or remove.
    """
    with held(root, exclusive=True):
        _sweep_temps(root)
        _prepare_root(root)
        sweep_staging(root)
        yield root


@contextlib.contextmanager
def held(root: Path, exclusive: bool = False) -> Iterator[None]:
    """Hold the root's lock: exclusive to change it, shared to read a state no run is changing.

    The lock is flock on the root folder itself (made when `exclusive` and it
    is missing): no lock file in the archive, and the kernel drops it when a
    run is killed. Where there is no flock (Windows), runs are not serialised.
    """
    if exclusive:
        try:
            root.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise UsageError(f"{root}: cannot archive here: it is a file, not a folder") from None
    fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC)
    try:
        with contextlib.suppress(ImportError):
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


PROJECT_FOLDERS = ("inputs", "templates", "output")


def refuse_inside_a_project(dest: Path, project: Path) -> None:
    """Refuse a DEST inside the inputs/, templates/ or output/ of this project or another.

    Why: an archive there would be read as inputs, carried into every draft's
    sources, or swept up with the drafts; `archive inputs/arch` is a slip.
    Links are resolved, so a link to such a folder is the folder.
    """
    where = dest.resolve()
    own = {(project / name).resolve(): name for name in PROJECT_FOLDERS}
    for folder in (where, *where.parents):
        name = own.get(folder)
        a_project = (folder.parent / "inputs" / "overview.yaml").is_file()
        if name is None and folder.name in PROJECT_FOLDERS and a_project:
            name = folder.name
        if name is not None:
            raise UsageError(
                f"{dest}: cannot archive here: it is inside a project's {name}/ folder "
                f"({folder}); give a folder outside the project's inputs, templates and output"
            )


def reading(path: Path) -> contextlib.AbstractContextManager[None]:
    """The shared lock of the storage root that `path` is, or holds as an object (for verify)."""
    for root in (path, path.parent):
        if (root / ROOT_DECLARATION).is_file():
            return held(root)
    return contextlib.nullcontext()


# What a run writes directly into the root, through fsio's temp files named like these.
_ROOT_TEMP = re.compile(r"\.proeve-[0-9a-f]{12}\.tmp")


def _root_files() -> tuple[bytes, ...]:
    return (b"ocfl_1.1\n", (json.dumps(LAYOUT, indent=1) + "\n").encode())


def _sweep_temps(root: Path) -> list[Path]:
    """Remove temp files a killed run left in the root; only those provably ours.

    Provably: the name fsio gives a temp file, a plain file (no link), and
    content that is (the start of) the declaration or the layout file, the
    only files a run writes straight into the root. Call only under the lock.
    """
    swept = []
    for path in root.iterdir():
        if not _ROOT_TEMP.fullmatch(path.name) or path.is_symlink() or not path.is_file():
            continue
        if path.stat().st_size > 4096:
            continue
        data = path.read_bytes()
        if any(ours.startswith(data) for ours in _root_files()):
            path.unlink()
            swept.append(path)
    if swept:
        fsync_dir(root)
    return swept


def _prepare_root(root: Path) -> None:
    """Make an empty folder a root, or check that it is one proeve can add to (under the lock)."""
    declaration = no_link(root / ROOT_DECLARATION)
    if declaration.is_file():
        if declaration.read_bytes() != b"ocfl_1.1\n":
            raise UsageError(f"{root}: {ROOT_DECLARATION} does not declare OCFL 1.1")
    elif any(root.iterdir()):
        others = sorted(p.name for p in root.glob("0=ocfl_*"))
        held_here = ", ".join(sorted(p.name for p in root.iterdir())[:5])
        why = (
            f"it declares {others[0]}"
            if others
            else f"it is not empty and not an OCFL root (it holds {held_here})"
        )
        raise UsageError(f"{root}: cannot archive here: {why}")
    else:
        # The declaration first: a root without a layout file is still a valid root.
        replace_atomically(declaration, _root_files()[0])
    layout = no_link(root / LAYOUT_FILE)
    if not layout.exists():
        _refuse_undeclared(root)
        replace_atomically(layout, _root_files()[1])
        return
    try:
        extension = json.loads(layout.read_bytes()).get("extension")
    except (ValueError, AttributeError, RecursionError):
        extension = None
    if extension != LAYOUT["extension"]:
        raise UsageError(
            f"{layout}: the root's storage layout is {extension!r}; proeve writes only "
            f"{LAYOUT['extension']!r}, so it cannot add objects here"
        )


def _refuse_undeclared(root: Path) -> None:
    """Refuse a root without a layout file that holds anything but proeve's own first steps.

    Why: without `ocfl_layout.json` nothing says where the root's objects are
    (another tool may keep them at hashed paths); declaring proeve's flat layout
    over them would hide them from that tool, and an object with the slug's id
    could be made twice. A root holding only its declaration (and what a run
    stages) is one a killed `proeve archive` began: proeve finishes it.
    """
    ours = {ROOT_DECLARATION, STAGING.parent.name}
    others = sorted(p.name for p in root.iterdir() if p.name not in ours)
    staged = root / STAGING.parent
    if staged.is_dir() and not staged.is_symlink():  # a link: sweep_staging refuses it
        others += sorted(
            f"{staged.name}/{p.name}" for p in staged.iterdir() if p.name != STAGING.name
        )
    if others:  # an object of another tool lies below one of them
        shown = ", ".join(others[:5])
        raise UsageError(
            f"{root}: cannot archive here: the storage root declares no layout (no "
            f"{LAYOUT_FILE}) and holds {shown}; proeve cannot tell where its objects "
            "belong, and never places one over another tool's (archive into another root)"
        )
