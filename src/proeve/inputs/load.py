"""YAML bytes -> a tree of located nodes, read strictly: every scalar stays the text typed.

Why strict: PyYAML's YAML 1.1 resolvers turn `no` into False, `0755` into 493 and
`1.10` into 1.1. We clear them so that types come from the schema alone, and we
compose (never construct) so nothing runs and aliases cannot expand.
"""

from __future__ import annotations

import functools
import re

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode

from proeve.errors import InputErrors, InputIssue, Location
from proeve.frozen import Frozen

MAX_BYTES = 256 * 1024
MAX_DEPTH = 24
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class _Refused(yaml.MarkedYAMLError):
    """A construct we do not accept (alias, tag, deep nesting), with its mark."""


class _StrictLoader(yaml.SafeLoader):
    # Class attribute on purpose: an empty resolver table means every plain scalar is a str.
    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _Refused(
                None,
                None,
                "aliases (*name) are not supported; write the value out (a value that "
                "starts with * must be in quotes)",
                event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise _Refused(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class Source(Frozen):
    """One input file as read: its name for messages, and its text."""

    name: str
    text: str


def decode(name: str, data: bytes) -> Source:
    """Check size and encoding of a file's bytes before any parsing."""
    where = Location(name, 1, 1)
    if len(data) > MAX_BYTES:
        raise InputErrors(
            [
                InputIssue(
                    where, f"file is {len(data) // 1024} KiB; the limit is {MAX_BYTES // 1024} KiB"
                )
            ]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputErrors(
            [InputIssue(Location(name, line, column), "file is not UTF-8 text (save it as UTF-8)")]
        ) from None
    return Source(name, text.removeprefix("\ufeff"))


def parse(source: Source) -> Node:
    """Compose a source into located nodes, or raise InputErrors naming line and column."""
    tabs = _tab_issues(source)
    if tabs:
        raise InputErrors(tabs)
    if not source.text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in source.text.splitlines()
    ):
        raise InputErrors([InputIssue(Location(source.name, 1, 1), "file is empty")])
    try:
        node = yaml.compose(source.text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        from proeve.inputs.hints import explain

        line, column, problem = explain(exc, source.text)
        raise InputErrors([InputIssue(Location(source.name, line, column), problem)]) from None
    except yaml.reader.ReaderError as exc:
        line, column = _line_column(source.text, exc.position)
        message = f"character #x{exc.character:04x} is not allowed in YAML"
        raise InputErrors([InputIssue(Location(source.name, line, column), message)]) from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        issue = InputIssue(Location(source.name, 1, 1), f"cannot read this YAML: {exc}")
        raise InputErrors([issue]) from None
    if node is None:
        raise InputErrors([InputIssue(Location(source.name, 1, 1), "file is empty")])
    tags = list(_foreign_tags(node, source.name))
    if tags:
        raise InputErrors(tags)
    return node


@functools.lru_cache(maxsize=128)
def read_tree(name: str, data: bytes) -> Node:
    """`parse(decode(name, data))`, remembered: a watching process re-reads only what changed.

    The trees are only read, never changed, so handing out the same one is safe.
    """
    return parse(decode(name, data))


def where(name: str, node: Node) -> Location:
    """The location of a node (1-based line and column)."""
    mark = node.start_mark
    return Location(name, mark.line + 1, mark.column + 1)


def _line_column(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _tab_issues(source: Source) -> list[InputIssue]:
    issues = []
    for number, line in enumerate(source.text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            column = line.index("\t") + 1
            issues.append(
                InputIssue(
                    Location(source.name, number, column), "tab in indentation; indent with spaces"
                )
            )
    return issues


def _foreign_tags(node: Node, name: str) -> list[InputIssue]:
    issues = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.tag not in _STANDARD_TAGS:
            issues.append(
                InputIssue(
                    where(name, current), f"YAML tags such as {current.tag!r} are not supported"
                )
            )
        if isinstance(current, MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)
    return issues


__all__ = ["MAX_BYTES", "MAX_DEPTH", "Source", "decode", "parse", "read_tree", "where"]
