"""An id -> a new, valid initiative file to fill in, never replacing an existing one."""

from __future__ import annotations

import os
import re
from pathlib import Path

from proeve.errors import UsageError
from proeve.inputs.spec import ID

TEMPLATE = """\
# yaml-language-server: $schema=../../proeve.schema.json#/$defs/initiative
# Add '{id}' to the initiatives list in inputs/overview.yaml to place it on the page.
title: {title}
short_title: {title}
summary: Eén regel die zegt wat deze aanpak doet.
status: idee          # idee | verkenning | in uitvoering | afgerond
leads:
  - name: Naam Achternaam
    role: trekker
    organisation: Gemeente
partners:
  - Partner
goal: Wat deze aanpak wil bereiken.
approach: Hoe het werk wordt aangepakt; **vet** en *cursief* mogen.
figures:
  - value: "0"
    label: wat het getal telt
next_steps:
  - Eerste volgende stap
themes: []            # ids uit de themes-lijst van overview.yaml
links: []             # - to: andere-id
                      #   note: wat de aanpakken verbindt
"""


def new_initiative(project: Path, initiative_id: str) -> Path:
    """Create inputs/initiatives/<id>.yaml from a template; refuse to overwrite."""
    if not re.fullmatch(ID.regex, initiative_id):
        raise UsageError(f"{initiative_id!r} is not an id: use lowercase letters, digits and '-'")
    folder = project / "inputs" / "initiatives"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{initiative_id}.yaml"
    title = initiative_id.replace("-", " ").capitalize()
    data = TEMPLATE.format(id=initiative_id, title=title).encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise UsageError(f"{path} already exists; nothing was changed") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return path
