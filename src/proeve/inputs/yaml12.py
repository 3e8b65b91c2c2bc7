"""A plain YAML scalar -> what a YAML 1.2 reader makes of it, so the schema allows it too.

proeve keeps every scalar as the text typed; editors (yaml-language-server) and
checkers (check-jsonschema) read YAML 1.2, where a plain 4, 0755 or 1.10 is a
number, true a boolean and ~, null, Null or NULL null. The schema of a kind that
takes text must accept those JSON types as well, or the editor flags values
proeve accepts.
"""

from __future__ import annotations

import re
from typing import Any

# JSON types a plain YAML 1.2 scalar can become, other than null (null means "not given").
TEXTUAL = ["string", "number", "boolean"]

# The YAML 1.2 core schema, as yaml-language-server (eemeli/yaml) resolves plain scalars.
_CORE: tuple[tuple[re.Pattern[str], type | None], ...] = (
    (re.compile(r"~|[Nn]ull|NULL|"), None),
    (re.compile(r"[Tt]rue|TRUE|[Ff]alse|FALSE"), bool),
    (re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"), int),
    (re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"), float),
    (re.compile(r"[-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN"), float),
)


def yaml12(text: str) -> Any:
    """What a plain scalar `text` is in YAML 1.2 JSON terms (None, bool, int, float or str)."""
    for pattern, kind in _CORE:
        if not pattern.fullmatch(text):
            continue
        if kind is None:
            return None
        if kind is bool:
            return text.lower() == "true"
        if kind is int:
            base = {"0o": 8, "0x": 16}.get(text[:2], 10)
            return int(text[2:] if base != 10 else text, base)
        return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
    return text


# Plain scalars that YAML 1.2 reads as numbers or booleans, to see which a pattern admits.
_SAMPLES = ("0", "7", "2024", "0755", "1.5", "-1", "1e3", "0x1f", "0o17", "true", "false")


def typed(regex: str) -> dict[str, Any]:
    """The JSON types (and bounds) of the plain scalars a pattern admits: string, maybe more.

    A pattern that admits digits but no decimal point takes whole numbers only,
    and one that admits no leading '-' none below zero, so `themes: [1.5]` or
    `[-5]` are flagged in the editor as proeve flags them.
    """
    admitted = [s for s in _SAMPLES if re.fullmatch(regex, s)]
    found = {type(yaml12(s)) for s in admitted}
    out: dict[str, Any] = {"type": ["string"]}
    if found & {int, float}:
        whole = not re.fullmatch(regex, "1.5")
        out["type"].append("integer" if whole else "number")
        if not re.fullmatch(regex, "-1"):
            out["minimum"] = 0
    if bool in found:
        out["type"].append("boolean")
    return out


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema, also accepting null (an optional key left empty)."""
    out = dict(schema)
    if "type" in out:
        types = out["type"] if isinstance(out["type"], list) else [out["type"]]
        out["type"] = [*types, "null"]
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    return out
