"""A folder -> the project it lies in: the nearest folder upwards holding inputs/overview.yaml.

Like git finding its repository, so that every command works from any subfolder
of a project (`inputs/initiatives/`, `output/`, ...).
"""

from __future__ import annotations

import os
from pathlib import Path

MARKER = Path("inputs") / "overview.yaml"


def find_project(start: Path) -> Path:
    """The project folder `start` lies in, as a path a user can read from the current folder.

    `start` itself when it holds inputs/overview.yaml (or no folder above it does);
    else the nearest ancestor that does: absolute when `start` is, else relative
    to the current folder (`..`, `../..`), so messages name files as the user
    reaches them.
    """
    if (start / MARKER).is_file():
        return start
    try:
        here = start.resolve()
    except OSError:
        return start
    for folder in here.parents:
        if (folder / MARKER).is_file():
            return folder if start.is_absolute() else _relative(folder)
    return start


def _relative(folder: Path) -> Path:
    try:
        return Path(os.path.relpath(folder, Path.cwd().resolve()))
    except (ValueError, OSError):  # another drive (Windows), or no current folder
        return folder
