"""A project folder (or a PDF's attachments) -> the exact bytes of every source file, hashed."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from proeve.errors import InputErrors, InputIssue, Location, UsageError
from proeve.inputs.names import source_name

MAX_FILES = 64


class Sources(Mapping[str, bytes]):
    """Source files by POSIX path relative to the project (`inputs/...`, `templates/...`)."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self._files = dict(sorted(files.items()))

    def __getitem__(self, name: str) -> bytes:
        return self._files[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def names(self) -> list[str]:
        return list(self._files)

    def with_file(self, name: str, data: bytes) -> Sources:
        return Sources({**self._files, name: data})

    def sha256(self) -> str:
        """One digest over names and contents, independent of file system order."""
        digest = hashlib.sha256()
        for name, data in self._files.items():
            digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
        return digest.hexdigest()


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
MAX_IMAGE_BYTES = 2 * 1024 * 1024
YAML_SUFFIXES = (".yaml", ".yml")


def read_project_file(project: Path, name: str, limit: int, where: Location) -> bytes:
    """The bytes of a file in the project, read by the one rule for paths read there.

    The path, folders included, must stay inside the project (proeve.inputs.root
    `leads_out`), be a regular file (never a FIFO or a device) and hold at most
    `limit` bytes. Raises InputErrors located at `where` saying which rule it broke.
    """
    from proeve.fsio import NotAFile, TooLarge, read_bounded
    from proeve.inputs.root import leads_out

    def refuse(reason: str) -> InputErrors:
        return InputErrors([InputIssue(where, reason)])

    reason = leads_out(project, name)
    if reason:
        raise refuse(f"{reason}; proeve reads only files inside the project")
    try:
        return read_bounded((project / name).resolve(), limit)
    except TooLarge as exc:
        size = f"{exc.size // 1024:,} KiB" if exc.size is not None else "larger than that"
        raise refuse(f"file is {size}; the limit is {limit // 1024:,} KiB") from None
    except FileNotFoundError:
        raise refuse("file not found") from None
    except (NotAFile, OSError) as exc:
        raise refuse(f"cannot be read ({exc.strerror})") from None


def read_image(project: Path, name: str, where: Location) -> bytes:
    """Read an image a template names: a plain path under the project's templates/ folder.

    Why so strict: a template may come from someone else. No URL, no absolute
    path, no '..', and nothing (a file or a folder linked) that leads out of the project.
    """

    def refuse(reason: str) -> InputErrors:
        return InputErrors([InputIssue(where, f"logo {name!r}: {reason}")])

    if "://" in name or name.startswith(("/", "\\", "~")) or re.match(r"[A-Za-z]:", name):
        raise refuse("must be a relative path inside the project (no URL, no absolute path)")
    relative = PurePosixPath(name)
    if ".." in relative.parts or relative.parts[:1] != ("templates",):
        raise refuse("must be a file under the project's templates/ folder, without '..'")
    if relative.suffix.lower() not in IMAGE_SUFFIXES:
        raise refuse("must be a .png or .jpg image")
    try:
        source_name(name)  # the name embedded in the PDF, read back by proeve.pdf.read
    except ValueError as exc:
        raise refuse(f"{exc}; rename the file and this line") from None
    try:
        return read_project_file(project, relative.as_posix(), MAX_IMAGE_BYTES, where)
    except InputErrors as exc:
        raise refuse(exc.issues[0].message) from None


def read_inputs(project: Path) -> Sources:
    """Read `inputs/overview.yaml` and `inputs/initiatives/*.yaml` of a project folder."""
    try:
        return _read_inputs(project)
    except OSError as exc:  # a folder that cannot be listed (no permission, a loop of links)
        from proeve.errors import WriteError
        from proeve.fsio import trouble

        raise WriteError(f"cannot read the inputs: {trouble(exc, project)}") from None


def _read_inputs(project: Path) -> Sources:
    from proeve.inputs.load import MAX_BYTES
    from proeve.inputs.root import leads_out

    inputs = project / "inputs"
    if not inputs.is_dir():
        raise UsageError(
            f"{project}: no inputs/ folder here (run proeve in the project folder or pass it)"
        )
    issues = []
    for folder in ("inputs", "inputs/initiatives"):
        reason = leads_out(project, folder)
        if reason:  # say it once, at the folder, and read nothing through it
            message = f"{reason}; proeve reads only files inside the project"
            raise InputErrors([InputIssue(Location(folder), message)])
    names, strays = _input_names(project)
    issues += [InputIssue(Location(n, 1, 1), _stray(n)) for n in strays]
    if len(names) > MAX_FILES:
        issues.append(InputIssue(Location("inputs", 0, 0), f"more than {MAX_FILES} input files"))
        names = []
    files: dict[str, bytes] = {}
    for name in names:
        try:
            files[name] = read_project_file(project, name, MAX_BYTES, Location(name, 1, 1))
        except InputErrors as exc:
            issues += exc.issues
    if issues:
        raise InputErrors(issues)
    return Sources(files)


def _input_names(project: Path) -> tuple[list[str], list[str]]:
    """The input files by name (the overview first), and files that look like inputs but
    are not named as one (`x.yml`, `x.YAML`): those are never read, but said."""
    names = ["inputs/overview.yaml"] if (project / "inputs/overview.yaml").exists() else []
    strays = []
    folder = project / "inputs/initiatives"
    entries = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    for entry in entries:
        suffix = PurePosixPath(entry).suffix
        if suffix == ".yaml":
            names.append(f"inputs/initiatives/{entry}")
        elif suffix.lower() in YAML_SUFFIXES:
            strays.append(f"inputs/initiatives/{entry}")
    return names, strays


def _stray(name: str) -> str:
    suffix = PurePosixPath(name).suffix
    return f"use the extension .yaml, not {suffix} (this file is not read)"
