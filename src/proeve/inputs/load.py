"""YAML bytes -> a tree of located nodes, read strictly: every scalar stays the text typed.

Why strict: PyYAML's YAML 1.1 resolvers turn `no` into False, `0755` into 493 and
`1.10` into 1.1. We clear them so that types come from the schema alone, and we
compose (never construct) so nothing runs and aliases cannot expand.

Why two composers: PyYAML's pure-Python parser is the reference (its messages
and marks are what users see, and what proeve.inputs.hints explains), but it
costs about 1.5 ms per input file. Where PyYAML has libyaml, files are composed
from libyaml's events instead (about 15 times faster), and only when the
result is sure to be the reference's: any error, alias, anchor, tag, deep
nesting, tab, BOM or control character, missing final newline, or one of the
few constructs the two parsers read or mark differently sends the file to the
pure parser, which then reports exactly what it always reported.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import Reader
from yaml.scanner import Scanner

from proeve.errors import InputErrors, InputIssue, Location
from proeve.frozen import Frozen

MAX_BYTES = 256 * 1024
MAX_DEPTH = 24
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_STANDARD_TAGS = {_STR, _SEQ, _MAP}

_CParser: Any = None
if yaml.__with_libyaml__:
    from yaml._yaml import CParser as _CParser
# An escape in a double-quoted scalar: \\x41, \\u00e9, \\U0001F600 or one character (\\n, \\N, \\_).
_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
# A block scalar header with a comment glued on (`|#`): libyaml reads a comment, PyYAML refuses.
_GLUED_HEADER = re.compile(r"[|>][-+0-9]{0,2}#")


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
        node = _compose(source.text)
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


class _Unsure(Exception):
    """The libyaml composer met something it leaves to the pure parser."""


def _compose(text: str) -> Node | None:
    """Compose with libyaml where that gives the pure parser's nodes; else with the pure parser."""
    if (
        _CParser is not None
        and text.endswith("\n")  # libyaml's marks at the end of the file differ without it
        and "\t" not in text  # tabs between tokens: libyaml accepts some that PyYAML refuses
        and "\ufeff" not in text
        and not Reader.NON_PRINTABLE.search(text)
    ):
        try:
            return _compose_libyaml(text)
        except (_Unsure, yaml.YAMLError):
            pass  # the pure parser decides, and words any error as it always has
    return yaml.compose(text, Loader=_StrictLoader)


def _compose_libyaml(text: str) -> Node | None:
    """The pure composer's nodes (tags, values, styles, marks) from libyaml's events.

    Only for documents without anchors, aliases, tags, or nesting past MAX_DEPTH;
    anything else raises _Unsure. The stack is explicit, so nothing recurses.
    """
    parser: Any = _CParser(text)
    try:
        get = parser.get_event
        stack: list[list[Any]] = []  # [collection node, pending key, in flow]
        root: Node | None = None
        while True:
            event: Any = get()
            if event is None:
                return root
            kind = event.__class__
            if kind is ScalarEvent:
                if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                    raise _Unsure
                style = event.style or None  # libyaml says '' for plain, PyYAML None
                if style is None:
                    if stack and stack[-1][2] and (not event.value or "?" in event.value):
                        # In flow context PyYAML ends a plain scalar at '?', and marks an
                        # empty one where its ':' ends (libyaml: where the next token starts).
                        raise _Unsure
                elif style in "|>" and _GLUED_HEADER.match(text, event.start_mark.index):
                    raise _Unsure
                node: Node = ScalarNode(_STR, event.value, event.start_mark, event.end_mark, style)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                    raise _Unsure
                flow = event.flow_style
                if kind is MappingStartEvent:
                    node = MappingNode(_MAP, [], event.start_mark, None, flow)
                else:
                    parent: Any = stack[-1][0] if stack else None
                    if (
                        flow is False
                        and parent.__class__ is MappingNode
                        and parent.flow_style is False
                        and parent.start_mark.column == event.start_mark.column
                    ):
                        flow = None  # PyYAML's "indentless" sequence in a block mapping
                    node = SequenceNode(_SEQ, [], event.start_mark, None, flow)
                in_flow = bool(flow) or bool(stack and stack[-1][2])
                stack.append([node, None, in_flow])
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                node = stack.pop()[0]
                node.end_mark = event.end_mark
            elif kind is AliasEvent:
                raise _Unsure
            else:  # stream and document start and end
                continue
            if not stack:
                if root is not None:
                    raise _Unsure  # a second document: the pure parser words the error
                root = node
            else:
                top = stack[-1]
                if top[0].__class__ is SequenceNode:
                    top[0].value.append(node)
                elif top[1] is None:
                    top[1] = node
                else:
                    top[0].value.append((top[1], node))
                    top[1] = None
    finally:
        parser.dispose()


def where(name: str, node: Node) -> Location:
    """The location of a node (1-based line and column)."""
    mark = node.start_mark
    return Location(name, mark.line + 1, mark.column + 1)


def locate(name: str, text: str, node: Node, char: str) -> Location:
    """Where `char` of a node's value is typed in `text`: itself, decomposed, or as an escape.

    Why escapes: a double-quoted value can spell any character in ASCII (`"\\u4e2d"`),
    and the error should point at the escape, not at the quote. Falls back to the node.
    """
    start, end = node.start_mark.index, node.end_mark.index
    decomposed = unicodedata.normalize("NFD", char)
    hits = [text.find(form, start, end) for form in dict.fromkeys((char, decomposed))]
    if getattr(node, "style", None) == '"':
        # NFC may have joined an escaped mark to its letter: the mark's escape is the spot.
        wanted = {char} | {c for c in decomposed if unicodedata.combining(c)}
        hits.append(next((i for i, c in _escapes(text, start, end) if c in wanted), -1))
    found = [i for i in hits if i >= 0]
    if not found:
        return where(name, node)
    line, column = _line_column(text, min(found))
    return Location(name, line, column)


def _escapes(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """Each escape between `start` and `end`: where its backslash is, and the character it means."""
    for match in _ESCAPE.finditer(text, start, end):
        code = match.group()[1:]
        if code[0] in Scanner.ESCAPE_CODES and len(code) > 1:
            yield match.start(), chr(int(code[1:], 16))
        elif code in Scanner.ESCAPE_REPLACEMENTS:
            yield match.start(), Scanner.ESCAPE_REPLACEMENTS[code]


def key_location(name: str, data: bytes, key: str) -> Location:
    """Where a top-level key is written in a YAML file (its first line when it is not there)."""
    try:
        node = read_tree(name, data)
    except InputErrors:
        return Location(name, 1, 1)
    if isinstance(node, MappingNode):
        for key_node, _ in node.value:
            if getattr(key_node, "value", None) == key:
                return where(name, key_node)
    return Location(name, 1, 1)


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


__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "Source",
    "decode",
    "key_location",
    "locate",
    "parse",
    "read_tree",
    "where",
]
