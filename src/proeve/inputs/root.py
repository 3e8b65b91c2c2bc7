"""A folder -> the project it lies in (the nearest folder upwards holding inputs/overview.yaml),
and the rule for every path proeve reads or writes there: it stays inside the project.

Like git finding its repository, so that every command works from any subfolder
of a project (`inputs/initiatives/`, `output/`, ...); and like git, a project
folder that belongs to another user is not used unless the user says so.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

from proeve.errors import UsageError

MARKER = Path("inputs") / "overview.yaml"
SAFE_ENV = "PROEVE_SAFE_DIRECTORIES"


def find_project(start: Path) -> Path:
    """The project folder `start` lies in, as a path a user can read from the current folder.

    `start` itself when it holds inputs/overview.yaml (or no folder above it does);
    else the nearest ancestor that does: absolute when `start` is, else relative
    to the current folder (`..`, `../..`), so messages name files as the user
    reaches them. Raises UsageError when the project belongs to another user
    (see `check_owner`).
    """
    if (start / MARKER).is_file():
        check_owner(start)
        return start
    try:
        here = start.resolve()
    except OSError:
        return start
    for folder in here.parents:
        if (folder / MARKER).is_file():
            check_owner(folder)
            return folder if start.is_absolute() else _relative(folder)
    return start


def _relative(folder: Path) -> Path:
    try:
        return Path(os.path.relpath(folder, Path.cwd().resolve()))
    except (ValueError, OSError):  # another drive (Windows), or no current folder
        return folder


def check_owner(project: Path) -> None:
    """Refuse a project whose folder (or inputs/ folder) belongs to another user.

    Why (git's CVE-2022-24765, `safe.directory`): in a shared folder such as
    /tmp, anyone can make `inputs/overview.yaml` above where you work, and
    proeve would read their inputs and write drafts into their folder. The
    folders listed in PROEVE_SAFE_DIRECTORIES (joined by os.pathsep; `DIR/*`
    for every folder under DIR, `*` for any) are trusted. POSIX only; under
    sudo, the calling user's folders count as one's own, as git does.
    """
    if not hasattr(os, "geteuid"):
        return
    mine = {os.geteuid()}
    if os.geteuid() == 0 and os.environ.get("SUDO_UID", "").isdigit():
        mine.add(int(os.environ["SUDO_UID"]))
    for folder in (project, project / "inputs"):
        try:
            owner = folder.stat().st_uid
        except OSError:
            continue
        if owner not in mine and not _trusted(project):
            where = _absolute(project)
            raise UsageError(
                f"{project}: this project folder belongs to another user (uid {owner}), so "
                "proeve does not use it: anyone can put a project where others work. If you "
                f"trust it, set {SAFE_ENV}={where} (several joined by '{os.pathsep}', "
                "'*' for any)"
            )


def _trusted(project: Path) -> bool:
    here = _absolute(project)
    for entry in os.environ.get(SAFE_ENV, "").split(os.pathsep):
        entry = entry.strip()
        if entry == "*":
            return True
        if entry.endswith(("/*", os.sep + "*")):
            if here.is_relative_to(_absolute(Path(entry[:-2]))):
                return True
        elif entry and _absolute(Path(entry)) == here:
            return True
    return False


def _absolute(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def leads_out(project: Path, name: str | PurePath) -> str | None:
    """Why `project/name` lies outside the project, or None when it stays inside.

    The one rule for every path proeve reads or writes in a project (inputs,
    templates, the logo; what init and new write): the path, every folder on
    its way included, resolved, lies in the project folder resolved. A link
    that stays inside the project is fine; one that leads out is named.
    """
    root = _absolute(project)
    try:
        if (project / name).resolve().is_relative_to(root):
            return None
    except (OSError, RuntimeError):  # a loop of links
        return "cannot be followed (a loop of symbolic links?)"
    path = project
    for part in PurePath(name).parts:
        path = path / part
        if path.is_symlink() and not _absolute(path).is_relative_to(root):
            shown = path.relative_to(project).as_posix()
            what = "a" if shown == PurePath(name).as_posix() else f"{shown} is a"
            return f"leads outside the project folder ({what} symbolic link to {path.readlink()})"
    return "leads outside the project folder"
