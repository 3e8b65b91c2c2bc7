"""A field as the page names it + a draft's sources -> its place in the YAML (file, line, column).

Field names come from the page's pen: `initiatives/mkb-roltrap:goal`,
`initiatives/mkb-roltrap:next_steps[1]`, `initiatives/<id>:themes[regio]` (a
matrix cell: the theme's id in the initiative's list), `overview:themes[0].label`,
`overview:footer.url`. The place is where the value's text starts: for a folded
or literal block (`goal: >`) the first line of the text, not the `>`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from proeve.errors import InputErrors, Location
from proeve.frozen import Frozen
from proeve.inputs.load import decode, parse

_STEP = re.compile(r"\.?([A-Za-z_]\w*)|\[([^\]]{1,80})\]")
# Fields a block prints from another key when their own is not given.
_FALLBACK = {"short_title": "title"}


class Place(Frozen):
    """Where a field's value is (or, when `present` is False, where it would go)."""

    file: str
    line: int
    column: int
    field: str  # the path within the file, e.g. `next_steps[1]`
    text: str | None = None  # the value as the page reads it; None when absent
    present: bool = True

    @property
    def location(self) -> Location:
        """The place as proeve names places in input files (errors.Location): file:line:col."""
        return Location(self.file, self.line, self.column)


def split_field(field: str) -> tuple[str, str] | None:
    """`initiatives/x:goal` -> ('inputs/initiatives/x.yaml', 'goal'); None for other names."""
    owner, _, path = field.partition(":")
    if owner == "overview":
        return "inputs/overview.yaml", path
    if owner.startswith("initiatives/") and path:
        return f"inputs/{owner}.yaml", path
    return None


def initiative_of(field: str) -> str | None:
    owner = field.partition(":")[0]
    return owner.removeprefix("initiatives/") if owner.startswith("initiatives/") else None


def steps(path: str) -> list[str | int]:
    """`links[0].note` -> ['links', 0, 'note']; `themes[regio]` -> ['themes', '[regio]']."""
    out: list[str | int] = []
    for key, index in _STEP.findall(path):
        if key:
            out.append(key)
        elif index.isdigit():
            out.append(int(index))
        else:
            out.append(f"[{index}]")
    return out


class Sourcebook:
    """A set of sources with their YAML parsed once, to place many fields in."""

    def __init__(self, sources: Mapping[str, bytes]) -> None:
        self.sources = sources
        self._parsed: dict[str, tuple[str, Node] | None] = {}

    def tree(self, name: str) -> tuple[str, Node] | None:
        """A file's text and root node, or None when it is not there or not valid YAML."""
        if name not in self._parsed:
            try:
                source = decode(name, self.sources[name])
                self._parsed[name] = (source.text, parse(source))
            except (KeyError, InputErrors):
                self._parsed[name] = None
        return self._parsed[name]

    def place(self, field: str) -> Place | None:
        """Where the field is in these sources; None when its file is not among them."""
        split = split_field(field)
        if split is None:
            return None
        name, path = split
        tree = self.tree(name)
        if tree is None:
            return None
        text, root = tree
        return _walk(name, text, root, path)


def _walk(name: str, text: str, root: Node, path: str) -> Place:
    node = root
    walked: list[str | int] = []
    for step in steps(path):
        found = _child(node, step)
        if found is None and isinstance(step, str) and step in _FALLBACK and not walked:
            step = _FALLBACK[step]
            found = _child(node, step)
        if found is None:
            line, column = _start(text, node)
            return Place(name, line, column, path, None, False)
        node = found
        walked.append(step)
    line, column = _start(text, node)
    return Place(name, line, column, join_steps(walked), value_text(node))


def join_steps(parts: list[str | int]) -> str:
    """['links', 0, 'note'] -> 'links[0].note' (the inverse of steps)."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith("["):
            out += part
        else:
            out += f".{part}" if out else part
    return out


def _child(node: Node, step: str | int) -> Node | None:
    if isinstance(step, int):
        if isinstance(node, SequenceNode) and 0 <= step < len(node.value):
            item: Node = node.value[step]
            return item
        return None
    if step.startswith("["):
        wanted = step[1:-1]
        if isinstance(node, SequenceNode):
            for item in node.value:
                if isinstance(item, ScalarNode) and item.value.strip() == wanted:
                    return item
                if isinstance(item, MappingNode) and _scalar_at(item, "id") == wanted:
                    return item
        return None
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == step:
                return value  # type: ignore[no-any-return]
    return None


def _scalar_at(node: MappingNode, key: str) -> str | None:
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == key and isinstance(v, ScalarNode):
            return str(v.value).strip()
    return None


def value_text(node: Node) -> str:
    """A value as one line of text: a list's items joined by ', ', a record's values by ' '."""
    if isinstance(node, ScalarNode):
        return " ".join(str(node.value).split())
    if isinstance(node, SequenceNode):
        return ", ".join(value_text(item) for item in node.value)
    if isinstance(node, MappingNode):
        return " ".join(value_text(v) for _, v in node.value if isinstance(v, ScalarNode))
    return ""


def _start(text: str, node: Node) -> tuple[int, int]:
    """Line and column (from 1) where a node's text starts; a block scalar's on its next line."""
    mark = node.start_mark
    line, column = mark.line + 1, mark.column + 1
    if isinstance(node, ScalarNode) and node.style in ("|", ">"):
        lines = text.splitlines()
        for index in range(mark.line + 1, min(len(lines), mark.line + 50)):
            content = lines[index]
            if content.strip():
                return index + 1, len(content) - len(content.lstrip(" ")) + 1
    return line, column


def words_at(book: Sourcebook, place: Place, quote: str) -> tuple[int, int] | None:
    """Line and column of the quoted words inside the field's text in the file, if found.

    The page may print a label before the text ('Doel') and join words the file
    breaks over lines, so the first words of the quote may be dropped and any
    run of blanks matches any other.
    """
    tree = book.tree(place.file)
    words = quote.replace("*", "").split()
    if tree is None or not words or not place.present:
        return None
    text = tree[0]
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: place.line - 1]) + place.column - 1
    window = text[start : start + 4000]
    for skip in range(min(3, len(words))):
        pattern = r"\**\s+\**".join(re.escape(w) for w in words[skip:])
        match = re.search(pattern, window)
        if match:
            offset = start + match.start()
            line = text.count("\n", 0, offset) + 1
            return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
    return None


def refine(book: Sourcebook, field: str, quote: str) -> str:
    """A list printed as one paragraph (partners, leads): the one item the quote lies in.

    `initiatives/x:partners` with the quote "IPO" -> `initiatives/x:partners[1]`.
    """
    split = split_field(field)
    if split is None or not quote.strip():
        return field
    tree = book.tree(split[0])
    if tree is None:
        return field
    node: Node | None = tree[1]
    for step in steps(split[1]):
        node = _child(node, step) if node is not None else None
    if not isinstance(node, SequenceNode):
        return field
    wanted = " ".join(quote.split()).casefold()
    hits = [i for i, item in enumerate(node.value) if wanted in value_text(item).casefold()]
    return f"{field}[{hits[0]}]" if len(hits) == 1 else field
