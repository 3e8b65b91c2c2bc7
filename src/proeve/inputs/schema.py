"""The input specs -> JSON Schema documents for editors (yaml-language-server) and checkers.

One file per kind of input, so that a `# yaml-language-server: $schema=<file>`
modeline or `check-jsonschema --schemafile <file>` needs no `#/$defs/...`
fragment: check-jsonschema takes none, and yaml-language-server, given one,
still applies the document's root keywords (such as the combined file's oneOf)
beside the fragment's.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from proeve.inputs.model import INITIATIVE_SPEC, OVERVIEW_SPEC
from proeve.inputs.spec import Struct

BASE = "https://proeve.invalid/schema"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
KINDS: dict[str, Struct] = {"overview": OVERVIEW_SPEC, "initiative": INITIATIVE_SPEC}
COMBINED = "proeve.schema.json"
FILES = {kind: f"proeve.{kind}.schema.json" for kind in KINDS}
"""Schema file names, at the project root (beside inputs/)."""
FOLDERS = {"overview": "inputs", "initiative": "inputs/initiatives"}
"""Where the input files of each kind live, relative to the project root."""


def json_schema(kind: str | None = None) -> dict[str, Any]:
    """The schema of one kind of input file, or (kind None) one document for both."""
    if kind is not None:
        return {
            "$schema": DIALECT,
            "$id": f"{BASE}/proeve.{kind}.json",
            "title": f"proeve {kind}",
            **KINDS[kind].schema(),
        }
    return {
        "$schema": DIALECT,
        "$id": f"{BASE}/proeve.json",
        "title": "proeve input files",
        "description": (
            f"Point inputs/overview.yaml at {FILES['overview']} and "
            f"inputs/initiatives/<id>.yaml at {FILES['initiative']}; this file accepts either."
        ),
        "$defs": {name: spec.schema() for name, spec in KINDS.items()},
        "oneOf": [{"$ref": f"#/$defs/{name}"} for name in KINDS],
    }


def render(kind: str | None = None) -> bytes:
    """A schema as written to disk (the same text `proeve schema` prints)."""
    return (json.dumps(json_schema(kind), ensure_ascii=False, indent=1) + "\n").encode()


def schema_files(project: Path) -> dict[Path, bytes]:
    """Every schema file of a project, with its current content."""
    out = {project / COMBINED: render()}
    out.update({project / name: render(kind) for kind, name in FILES.items()})
    return out


def stale_copies(project: Path) -> list[Path]:
    """The project's schema files that are not what this proeve writes (older, or edited)."""
    stale = []
    for path, data in schema_files(project).items():
        try:
            if path.is_file() and path.read_bytes() != data:
                stale.append(path)
        except OSError:
            continue
    return stale


def modeline(kind: str) -> str:
    """The first line of an input file of this kind: where the editor finds its schema."""
    up = "../" * len(PurePosixPath(FOLDERS[kind]).parts)
    return f"# yaml-language-server: $schema={up}{FILES[kind]}"
