"""A project folder (or a PDF's attachments) -> the exact bytes of every source file, hashed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from proeve.errors import InputErrors, InputIssue, Location, UsageError

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


def read_inputs(project: Path) -> Sources:
    """Read `inputs/overview.yaml` and `inputs/initiatives/*.yaml` of a project folder."""
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
            files[name] = path.read_bytes()
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
