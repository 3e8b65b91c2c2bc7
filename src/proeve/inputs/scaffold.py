"""An id -> a new initiative file to fill in, listed in the overview's page order.

The overview is edited as text, with the smallest change that lists the id (one
line in a block list, `, id` in a flow list), so its comments and layout stay
as the editor wrote them.
"""

from __future__ import annotations

import re
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from proeve.errors import InputErrors, InputIssue, Location, ProeveError, UsageError
from proeve.frozen import Frozen
from proeve.fsio import kept_mode, replace_kept, sweep_leftovers, write_new
from proeve.inputs.load import MAX_BYTES, Source, decode, parse, where
from proeve.inputs.model import OVERVIEW
from proeve.inputs.root import leads_out
from proeve.inputs.schema import FILES, modeline, render
from proeve.inputs.sources import read_project_file
from proeve.inputs.spec import ID

TEMPLATE = """\
{modeline}
title: {title}
short_title: {title}       # optional: the name in the cross-link matrix
summary: Eén regel die zegt wat deze aanpak doet.
status: idee          # idee | verkenning | in uitvoering | afgerond (English: idea, exploring, in progress, completed)
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
"""  # noqa: E501


class Added(Frozen):
    """What `new` did: the initiative's file, whether it wrote it (False: it was there,
    from a run stopped part-way or written by hand), and whether it listed the id."""

    path: Path
    written: bool
    listed: bool


def new_initiative(project: Path, initiative_id: str) -> Added:
    """Write inputs/initiatives/<id>.yaml and list the id in the overview; refuse to overwrite.

    Both or neither: when the overview cannot be edited (it is missing, not
    readable YAML, a link, read-only) nothing is written. A file for the id that
    is there but not listed (a `new` stopped part-way) is kept and listed, so a
    rerun finishes what was started. The schema file the new file's first line
    names is written too when the project has none. Nothing is written through a
    folder that leads out of the project.
    """
    if not re.fullmatch(ID.regex, initiative_id):
        raise UsageError(f"{initiative_id!r} is not an id: use lowercase letters, digits and '-'")
    name = f"inputs/initiatives/{initiative_id}.yaml"
    for place in (OVERVIEW, name, FILES["initiative"]):
        reason = leads_out(project, place)
        if reason:
            raise ProeveError(f"refusing to write {project / place}: {reason}; nothing was changed")
    overview = project / OVERVIEW
    if not overview.is_file():
        raise UsageError(f"{project}: no {OVERVIEW} here (start a project with proeve init)")
    data = read_project_file(project, OVERVIEW, MAX_BYTES, Location(OVERVIEW, 1, 1))
    edited = listed_in_order(data, initiative_id)
    if edited is not None:
        kept_mode(overview)  # a link, a hard link or a read-only file: refused before writing
    path = project / name
    title = initiative_id.replace("-", " ").capitalize()
    text = TEMPLATE.format(title=title, modeline=modeline("initiative"))
    path.parent.mkdir(parents=True, exist_ok=True)
    for folder in (project, overview.parent, path.parent):
        sweep_leftovers(folder)  # what a killed new left where this one may not write again
    written = write_new(path, text.encode())
    if not written and (edited is None or not path.is_file() or path.is_symlink()):
        raise UsageError(f"{path} already exists; nothing was changed")
    made = [path] if written else []
    try:
        # Before the overview: a run stopped after it has nothing left to do.
        if write_new(project / FILES["initiative"], render("initiative")):
            made.append(project / FILES["initiative"])
        if edited is not None:
            replace_kept(overview, edited)
    except BaseException:
        for done in made:
            done.unlink(missing_ok=True)
        raise
    return Added(path, written, edited is not None)


def listed_in_order(data: bytes, initiative_id: str) -> bytes | None:
    """The overview's bytes with the id added to `initiatives:`; None when it is there already.

    Raises InputErrors (located) when the overview is not readable YAML.
    """
    source = decode(OVERVIEW, data)
    root = parse(source)
    text = source.text
    newline = "\r\n" if "\r\n" in text else "\n"
    if not isinstance(root, MappingNode):
        raise InputErrors([InputIssue(where(OVERVIEW, root), "expected a mapping (key: value)")])
    key, value = next(((k, v) for k, v in root.value if _word(k) == "initiatives"), (None, None))
    if key is None or value is None:
        text = text if text.endswith("\n") or not text else text + newline
        edited = text + f"initiatives:{newline}  - {initiative_id}{newline}"
    elif isinstance(value, SequenceNode):
        if any(_word(item) == initiative_id for item in value.value):
            return None
        edited = _append(text, value, initiative_id, newline)
    elif isinstance(value, ScalarNode) and value.style is None and value.value in ("", "~", "null"):
        edited = _fill(text, key, value, initiative_id)
    else:
        raise InputErrors(
            [InputIssue(where(OVERVIEW, value), "expected a list of ids under 'initiatives'")]
        )
    _confirm(edited, initiative_id)
    bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    return (bom + edited).encode()


def _word(node: Node) -> str | None:
    return str(node.value) if isinstance(node, ScalarNode) else None


def _append(text: str, seq: SequenceNode, new: str, newline: str) -> str:
    if seq.flow_style:
        close = seq.end_mark.index - 1
        if text[close] != "]":
            raise _cannot(seq)
        if not seq.value:
            return text[:close] + new + text[close:]
        after = seq.value[-1].end_mark.index
        return text[:after] + f", {new}" + text[after:]
    if not seq.value:
        raise _cannot(seq)
    last = seq.value[-1]
    first = seq.value[0]
    line_start = text.rfind("\n", 0, first.start_mark.index) + 1
    prefix = text[line_start : first.start_mark.index]  # e.g. "  - "
    if not re.fullmatch(r" *- +", prefix):
        raise _cannot(seq)
    end = text.find("\n", last.end_mark.index)
    if end == -1:
        return text + newline + prefix + new + newline
    return text[: end + 1] + prefix + new + newline + text[end + 1 :]


def _fill(text: str, key: Node, value: ScalarNode, new: str) -> str:
    """`initiatives:` with nothing (or ~, null) after it -> `initiatives: [new]`."""
    if value.value == "":
        colon = text.index(":", key.end_mark.index)
        return text[: colon + 1] + f" [{new}]" + text[colon + 1 :]
    start, end = value.start_mark.index, value.end_mark.index
    return text[:start] + f"[{new}]" + text[end:]


def _confirm(edited: str, new: str) -> None:
    """Read the edited overview back: its order must end with the new id (else a bug of ours)."""
    root = parse(Source(OVERVIEW, edited))
    order = next((v for k, v in getattr(root, "value", ()) if _word(k) == "initiatives"), None)
    last = order.value[-1] if isinstance(order, SequenceNode) and order.value else None
    if last is None or _word(last) != new:
        raise UsageError(f"could not add {new!r} to initiatives in {OVERVIEW}: add it by hand")


def _cannot(node: Node) -> InputErrors:
    message = "cannot add to this list automatically; add the id to initiatives by hand"
    line = Location(OVERVIEW, node.start_mark.line + 1, node.start_mark.column + 1)
    return InputErrors([InputIssue(line, message)])
