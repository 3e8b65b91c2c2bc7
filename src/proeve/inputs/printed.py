"""A validated document's files -> the values the page prints, and comments that cut one short.

YAML reads ` #` as the start of a comment, also in the middle of a plain
(unquoted) value: `summary: Groen is prioriteit #1 voor de steden` holds
"Groen is prioriteit", and the rest is gone without a word. Where a comment
follows a plain value on the same line in a field the page prints, the run
gives a located warning (put the value in quotes), unless the file says that
such comments are meant (a line `# proeve: trailing comments`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from proeve.errors import InputIssue, Location
from proeve.frozen import Frozen
from proeve.inputs.load import decode, read_tree
from proeve.inputs.model import INITIATIVE_SPEC, OVERVIEW, OVERVIEW_SPEC, Document, Initiative
from proeve.inputs.spec import Kind, Seq, Struct, Text, Url, keys_of
from proeve.inputs.template import SPEC as TEMPLATE_SPEC
from proeve.inputs.yaml12 import yaml12

if TYPE_CHECKING:
    from proeve.inputs.sources import Sources

MEANT = "# proeve: trailing comments"
_MEANT = re.compile(r"^[ \t]*#[ \t]*proeve:[ \t]*trailing comments[ \t]*$", re.MULTILINE | re.I)
_TRAILING = re.compile(r"[ \t]+#")
_AFTER_TEXT = re.compile(rb"[^ \t\r\n][ \t]+#")
_SHOWN = 40  # characters of a comment quoted in the warning


def printed_fields(document: Document, template_name: str) -> dict[str, Callable[[str], bool]]:
    """Per file, whether a field path (`leads[0].name`) is printed on the page."""
    card = _shown(Initiative)
    printed: dict[str, Callable[[str], bool]] = {OVERVIEW: _shown(Document)}
    printed.update((f"inputs/initiatives/{i.id}.yaml", card) for i in document.initiatives)
    printed[template_name] = lambda path: path.startswith(f"labels.{document.language}.")
    return printed


@functools.cache
def _shown(model: type[Frozen]) -> Callable[[str], bool]:
    """Whether a field path is printed: its top key declares the block that shows it.

    `page` (the language, the words never hyphenated) shapes the page without being
    printed as typed.
    """
    shown = {name for name, key in keys_of(model).items() if key.shows not in (None, "page")}
    return lambda path: path.split(".")[0].split("[")[0] in shown


def scalars(node: Node, path: str = "") -> Iterator[tuple[str, ScalarNode]]:
    """Every scalar value (not key) with its field path, e.g. ('leads[0].name', node)."""
    if isinstance(node, ScalarNode):
        yield path, node
    elif isinstance(node, SequenceNode):
        for index, child in enumerate(node.value):
            yield from scalars(child, f"{path}[{index}]")
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield from scalars(value, f"{path}.{key.value}" if path else str(key.value))


def kind_at(spec: Kind, path: str) -> Kind | None:
    """The kind of value a field path (`leads[0].name`) holds under a spec, if it has one."""
    kind: Kind | None = spec
    for part in re.findall(r"[^.\[\]]+", path):
        if isinstance(kind, Seq) and part.isdigit():
            kind = kind.item
        elif isinstance(kind, Struct) and part in kind.fields:
            kind = kind.fields[part].kind
        else:
            return None
    return kind


def cut_short(sources: Sources, document: Document, template_name: str) -> list[InputIssue]:
    """A warning at each comment that follows a plain printed text on its line.

    Only text: where a comment follows a choice, a date or a number, the value
    left is whole (or an error says it is not), so the comment was meant.
    """
    warnings: list[InputIssue] = []
    for name, shows in printed_fields(document, template_name).items():
        spec = (
            OVERVIEW_SPEC
            if name == OVERVIEW
            else TEMPLATE_SPEC
            if name == template_name
            else INITIATIVE_SPEC
        )
        data = sources[name]
        if not _AFTER_TEXT.search(data):
            continue  # no `#` after blanks that follow something: no comment after a value
        text = decode(name, data).text
        if _MEANT.search(text):
            continue
        for path, node in scalars(read_tree(name, data)):
            if node.style is None and shows(path) and isinstance(kind_at(spec, path), (Text, Url)):
                warnings.extend(_comment_after(name, text, path, node))
    return warnings


def _comment_after(name: str, text: str, path: str, node: ScalarNode) -> Iterator[InputIssue]:
    """The comment right after a plain value, on the line where the value ends."""
    if node.style is not None or yaml12(node.value) is None:
        return  # quoted or a block scalar; or no value at all (`key:  # to do`)
    end = node.end_mark.index
    line_end = text.find("\n", end)
    rest = text[end : line_end if line_end >= 0 else len(text)]
    gap = _TRAILING.match(rest)
    if gap is None:
        return
    at = end + gap.end() - 1
    comment = text[at : line_end if line_end >= 0 else len(text)].rstrip()
    shown = comment if len(comment) <= _SHOWN else comment[: _SHOWN - 3] + "..."
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    message = (
        f"{shown!r} is a YAML comment, so the page prints only {_ending(node.value)!r}: put "
        f"the whole value in quotes to print it (or, if such comments are meant, add the "
        f"line '{MEANT}' to this file)"
    )
    yield InputIssue(Location(name, line, column), message, path)


def _ending(value: str) -> str:
    """The end of a value as it is read, for the message."""
    return value if len(value) <= _SHOWN else "..." + value[-(_SHOWN - 3) :]
