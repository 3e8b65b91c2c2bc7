"""The installed libraries that shape a PDF's bytes -> their versions, recorded with every draft.

Why: the same proeve and sources give other bytes under another allowed
ReportLab (or zlib, pyphen's patterns, the font package), while the page stays
the same. A draft that records what made it lets `verify` tell "the same
toolchain made other bytes" (a real problem) from "another toolchain made the
same page" (a note). Nothing here imports ReportLab: versions come from the
installed packages' metadata, the patterns' digest from pyphen's files.
"""

from __future__ import annotations

import functools
import hashlib
import sys
import zlib
from importlib import metadata
from typing import Any

from proeve.frozen import Frozen

# pyphen's dictionaries the page hyphenates with (proeve.page.styles.HYPHENATION).
PATTERNS = ("nl_NL", "en_GB")
FONT_PACKAGE = "font-source-sans-pro"
NAMES = {
    "reportlab": "ReportLab",
    "pyphen": "pyphen",
    "patterns": "pyphen's patterns",
    "fonts": FONT_PACKAGE,
    "zlib": "zlib",
    "python": "Python",
}


class Toolchain(Frozen):
    """What made a page's bytes besides proeve itself (each a version, or a short digest)."""

    reportlab: str = ""
    pyphen: str = ""
    patterns: str = ""  # sha256 of the pattern files, first 16 hex digits
    fonts: str = ""
    zlib: str = ""
    python: str = ""  # major.minor

    def to_json(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in NAMES}

    @classmethod
    def from_json(cls, data: object) -> Toolchain:
        """Read a recorded toolchain back; ValueError when it is not one (unknown keys kept out)."""
        if not isinstance(data, dict) or not all(
            isinstance(data.get(name, ""), str) and len(data.get(name, "")) <= 100 for name in NAMES
        ):
            raise ValueError("the toolchain is not a mapping of names to versions")
        return cls(**{name: data.get(name, "") for name in NAMES})

    def changes(self, now: Toolchain) -> list[tuple[str, str, str]]:
        """(name, then, now) for each part that differs."""
        return [
            (NAMES[name], getattr(self, name), getattr(now, name))
            for name in NAMES
            if getattr(self, name) != getattr(now, name)
        ]


@functools.cache
def current() -> Toolchain:
    """The toolchain installed here."""
    return Toolchain(
        reportlab=_version("reportlab"),
        pyphen=_version("pyphen"),
        patterns=_patterns_digest(),
        fonts=_version(FONT_PACKAGE),
        zlib=zlib.ZLIB_RUNTIME_VERSION,
        python=f"{sys.version_info.major}.{sys.version_info.minor}",
    )


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def _patterns_digest() -> str:
    try:
        import pyphen
    except ImportError:
        return ""
    digest = hashlib.sha256()
    for name in PATTERNS:
        path: Any = pyphen.LANGUAGES.get(name)
        if path is None:
            continue
        digest.update(name.encode() + b"\0" + path.read_bytes())  # a Path or a Traversable
    return digest.hexdigest()[:16]
