"""A source file's name as written (a template's `logo:`, a --template file) -> the one form proeve
embeds in a PDF and accepts back, or why it cannot be one.

One rule for writing and reading: `build` embeds only names this rule gives,
and the PDF reader (proeve.pdf.read) and `extract` accept only names that are
already in this form, so a draft proeve made is never refused by proeve, and a
PDF from anywhere can never name a file proeve would not write itself.
Why so narrow: the names come back as files on someone else's disk (extract),
on any system: no spaces, no accents (macOS and Linux spell them differently),
no device names Windows reserves (CON, AUX, ...), no dot at the end.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}")
_SHAPES = (
    re.compile(r"inputs/overview\.yaml"),
    re.compile(r"inputs/initiatives/[^/]+\.yaml"),
    re.compile(r"templates/[^/]+\.yaml"),
    re.compile(r"templates/[^/]+\.(png|jpg|jpeg)", re.IGNORECASE),
)
_DEVICES = {"con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in range(10))}
RULE = "letters a-z and A-Z, digits, '.', '_' and '-' (no spaces or accents)"


def source_name(name: str) -> str:
    """`name` in its one form ('./templates//logo.png' -> 'templates/logo.png'); ValueError says
    why there is none (a URL, an absolute path, '..', a character outside RULE, a device name,
    or no place proeve keeps sources: inputs/overview.yaml, inputs/initiatives/*.yaml,
    templates/*.yaml, templates/*.png|jpg|jpeg)."""
    if "://" in name or name.startswith(("/", "~")) or re.match(r"[A-Za-z]:", name):
        raise ValueError("must be a relative path inside the project (no URL, no absolute path)")
    if "\\" in name or "\0" in name:
        raise ValueError("must use '/' between folders")
    parts = PurePosixPath(name).parts
    if ".." in parts:
        raise ValueError("must not contain '..'")
    for part in parts:
        why = _part_problem(part)
        if why:
            raise ValueError(f"{part!r} {why}")
    canonical = "/".join(parts)
    if not any(shape.fullmatch(canonical) for shape in _SHAPES):
        raise ValueError(
            "is no place proeve keeps sources (inputs/overview.yaml, inputs/initiatives/*.yaml, "
            "templates/*.yaml, templates/*.png or .jpg)"
        )
    return canonical


def _part_problem(part: str) -> str:
    if not _PART.fullmatch(part):
        return f"uses characters a file name here cannot have: use only {RULE}"
    if part.endswith("."):
        return "ends in '.'"
    if part.split(".")[0].lower() in _DEVICES:
        return "is a device name on Windows (CON, PRN, AUX, NUL, COM1, LPT1, ...)"
    return ""


def is_source_name(name: str) -> bool:
    """Whether `name` is already in its one form (what a reader accepts from a PDF)."""
    try:
        return source_name(name) == name
    except ValueError:
        return False
