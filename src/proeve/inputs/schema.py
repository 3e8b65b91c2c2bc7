"""The input specs -> JSON Schema documents for editors (yaml-language-server completion)."""

from __future__ import annotations

from typing import Any

from proeve.inputs.model import INITIATIVE_SPEC, OVERVIEW_SPEC

BASE = "https://proeve.invalid/schema"


def json_schema() -> dict[str, Any]:
    """One schema document with a definition per file kind, chosen by file name."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE}/proeve.json",
        "title": "proeve input files",
        "description": (
            "Use #/$defs/overview for inputs/overview.yaml and #/$defs/initiative for "
            "inputs/initiatives/<id>.yaml."
        ),
        "$defs": {"overview": OVERVIEW_SPEC.schema(), "initiative": INITIATIVE_SPEC.schema()},
        "oneOf": [{"$ref": "#/$defs/overview"}, {"$ref": "#/$defs/initiative"}],
    }
