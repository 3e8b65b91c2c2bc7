"""A project folder (or a PDF's attachments) -> the exact bytes of every source file, hashed."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from proeve.errors import InputErrors, InputIssue, Location, UsageError
from proeve.inputs.names import source_name

INPUT_GLOBS = ("inputs/overview.yaml", "inputs/initiatives/*.yaml")
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


def read_image(project: Path, name: str, where: Location) -> bytes:
    """Read an image a template names: a plain path under the project's templates/ folder.

    Why so strict: a template may come from someone else. No URL, no absolute
    path, no '..', and no symlink that leads out of the project.
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
    path = project / relative
    if not path.resolve().is_relative_to(project.resolve()):
        raise refuse("leads outside the project folder (a symlink?)")
    if not path.is_file():
        raise refuse("file not found")
    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            raise refuse(f"larger than {MAX_IMAGE_BYTES // 2**20} MiB")
        return path.read_bytes()
    except OSError as exc:
        raise refuse(f"cannot be read ({exc.strerror})") from None


def read_inputs(project: Path) -> Sources:
    """Read `inputs/overview.yaml` and `inputs/initiatives/*.yaml` of a project folder."""
    try:
        return _read_inputs(project)
    except OSError as exc:  # a folder that cannot be listed (no permission, a loop of links)
        from proeve.errors import WriteError
        from proeve.fsio import trouble

        raise WriteError(f"cannot read the inputs: {trouble(exc, project)}") from None


def _read_inputs(project: Path) -> Sources:
    inputs = project / "inputs"
    if not inputs.is_dir():
        raise UsageError(
            f"{project}: no inputs/ folder here (run proeve in the project folder or pass it)"
        )
    files: dict[str, bytes] = {}
    issues = []
    for pattern in INPUT_GLOBS:
        for path in sorted(project.glob(pattern)):
            name = path.relative_to(project).as_posix()
            if path.is_symlink() and not path.resolve().is_relative_to(project.resolve()):
                issues.append(
                    InputIssue(Location(name, 1, 1), "symlink points outside the project")
                )
                continue
            try:
                files[name] = path.read_bytes()
            except OSError as exc:
                issues.append(InputIssue(Location(name), f"cannot be read ({exc.strerror})"))
    for stray in sorted(project.glob("inputs/initiatives/*.yml")):
        name = stray.relative_to(project).as_posix()
        issues.append(
            InputIssue(Location(name, 1, 1), "use the .yaml extension (this file is ignored)")
        )
    if len(files) > MAX_FILES:
        issues.append(InputIssue(Location("inputs", 0, 0), f"more than {MAX_FILES} input files"))
    if issues:
        raise InputErrors(issues)
    return Sources(files)
