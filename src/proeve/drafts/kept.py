"""A path a user names for a file proeve writes -> refused when it would replace what proeve keeps.

What proeve keeps, in any project on the machine, not only the one being
worked in: a project's inputs/ and templates/, a numbered draft, a register
and its lock, a file a register names, anything inside an OCFL archive, and
any PDF that carries proeve's manifest (a draft, however it was renamed or
wherever it was copied). No --force replaces these; `diff --pdf/--png`,
`comments --pdf/--md` and `extract` (which may restore inputs/ and templates/)
ask here before writing.

Why look at the target itself and around it: the project found from DIR says
nothing about `../other/output/versions.json`, and a draft mailed round as
`mail/v3-anna.pdf` is still a draft.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from pathlib import Path

from proeve.drafts.folder import LOCK, OUTPUT
from proeve.drafts.register import DRAFT_NAME, MAX_REGISTER_BYTES, REGISTER
from proeve.errors import UsageError
from proeve.inputs.root import MARKER

_SNIFF = 64 * 1024  # a register says what it is in its first bytes
# The declaration files (NAMASTE) of an OCFL storage root or object, any tool's, any version.
_ARCHIVE = tuple(f"0=ocfl_{kind}{v}" for kind in ("", "object_") for v in ("1.0", "1.1", "2.0"))


def refuse_kept(target: Path, reading: Collection[Path] = (), restoring: bool = False) -> None:
    """Raise UsageError when writing `target` would replace or add to what proeve keeps.

    `reading` are the files this run reads (never written over). Both the place
    the new file would land (a symlink there is replaced itself) and the file
    a symlink points to are checked. `restoring`: the target is a source being
    put back into a project (extract), which may go into inputs/ and templates/.
    """
    for place in _places(target):
        why = _kept_place(place, restoring) or _kept_file(place, reading)
        if why:
            raise UsageError(
                f"refusing to write {target}: {why}; what proeve keeps is never replaced"
            )


def _places(target: Path) -> Iterator[Path]:
    try:
        landing = target.absolute().parent.resolve() / target.name
        resolved = target.resolve()
    except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
        raise UsageError(f"refusing to write {target}: a loop of symbolic links") from None
    yield landing
    if resolved != landing:
        yield resolved


def _kept_place(path: Path, restoring: bool = False) -> str | None:
    """Why `path` lies where proeve keeps things (by where it is, whether or not it exists)."""
    for folder in path.parents:
        # By name, case ignored (INPUTS/ is inputs/ on macOS and Windows); the marker decides.
        kind = folder.name.lower()
        project = folder.parent
        if not restoring and kind in ("inputs", "templates") and (project / MARKER).is_file():
            return f"it is inside the {kind}/ folder of the project {project}"
        draft = folder == path.parent and kind == OUTPUT and _draft_name(path.name)
        if draft and (project / MARKER).is_file():
            return f"it is a draft's name in the output folder of the project {project}"
        if _is_archive(folder):
            return f"it is inside the archive {folder}"
    if (path.parent / REGISTER).is_file():
        if _draft_name(path.name):
            return f"it is a draft's name beside the register {path.parent / REGISTER}"
        if path.name.lower() in {n.lower() for n in _registered(path.parent / REGISTER)}:
            return f"the register {path.parent / REGISTER} names it"
    return None


def _draft_name(name: str) -> bool:
    # Lowercased: on a file system that ignores case (macOS, Windows) V001 is v001.
    name = name.lower()
    return name in (REGISTER, LOCK) or bool(DRAFT_NAME.fullmatch(name))


def _is_archive(folder: Path) -> bool:
    return any((folder / name).is_file() for name in _ARCHIVE)


def _registered(register: Path) -> set[str]:
    """The file names a register lists, read loosely (a damaged register still protects)."""
    try:
        if register.stat().st_size > MAX_REGISTER_BYTES:
            return set()
        data = json.loads(register.read_bytes())
    except (OSError, ValueError, RecursionError):
        return set()
    drafts = data.get("drafts") if isinstance(data, dict) else None
    if not isinstance(drafts, list):
        return set()
    return {d["file"] for d in drafts if isinstance(d, dict) and isinstance(d.get("file"), str)}


def _kept_file(path: Path, reading: Collection[Path]) -> str | None:
    """Why the file at `path` is one proeve keeps (by what it is)."""
    if any(path in set(_places(p)) for p in reading):
        return "it is one of the PDFs being read"
    try:
        if not path.is_file() or path.is_symlink():
            return None
        with path.open("rb") as handle:
            head = handle.read(_SNIFF)
    except OSError:
        return None
    if head.lstrip()[:1] == b"{" and b'"proeve_register"' in head:
        return "it is a proeve register"
    if head.lstrip().startswith(b"%PDF-") and _carries_manifest(path):
        return "it is a proeve draft (it carries proeve's manifest)"
    return None


def _carries_manifest(path: Path) -> bool:
    from proeve.pdf.read import carries_manifest

    return carries_manifest(path)
