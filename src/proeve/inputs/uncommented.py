"""YAML bytes -> the same bytes with every comment blanked, each line and value where it was.

Every draft carries its sources byte for byte, and with them every comment
(`# budget nog niet rond`, a phone number), which `proeve extract` gives back to
anyone who has the PDF. With `embed_comments: false` in overview.yaml a draft
carries its files with each comment's characters removed (and the blanks before
it on its line), line breaks kept: every value keeps its line and column, so the
position map, `comments` and error locations still point where they did.

Why tokens: a `#` is a comment only between YAML's tokens, never inside a quoted
or plain value (`Groen#1`) or a literal block. PyYAML's scanner drops comments,
but every character that is not whitespace or a comment belongs to a token, so
a comment is a `#` in the gaps between them (or after a block scalar's header).
The result is composed again and must give the same values at the same places,
or nothing is blanked in that file.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from proeve.errors import ProeveError
from proeve.inputs.load import decode, parse

if TYPE_CHECKING:
    from proeve.inputs.sources import Sources

# A comment runs to the line's end, at any of PyYAML's line breaks.
_COMMENT = re.compile("#[^\r\n\x85\u2028\u2029]*")
# A block scalar's header and the comment after it: `>- # text` (the comment is group 1).
_HEADER = re.compile(r"[|>][-+0-9]{0,2}([ \t]+#[^\r\n\x85\u2028\u2029]*)?")


def with_or_without_comments(sources: Sources, keep: bool) -> Sources:
    """The sources a draft carries: as they are, or every YAML file's comments blanked."""
    if keep:
        return sources
    out = sources
    for name in sources:
        if name.endswith(".yaml") and b"#" in sources[name]:
            out = out.with_file(name, without_comments(name, sources[name]))
    return out


def without_comments(name: str, data: bytes) -> bytes:
    """A valid YAML file's bytes with each comment's characters removed, its line breaks kept."""
    source = decode(name, data)
    text = source.text
    spans = list(_comments(text))
    if not spans:
        return data
    pieces, last = [], 0
    for start, end in spans:
        blank = start
        while blank > last and text[blank - 1] in " \t":  # the blanks that led up to it
            blank -= 1
        pieces.append(text[last:blank])
        last = end
    stripped = "".join(pieces) + text[last:]
    if not _same(parse(source), parse(decode(name, stripped.encode("utf-8")))):
        raise ProeveError(
            f"{name}: proeve cannot leave out this file's comments without changing it; "
            "set embed_comments: true, or move the comments to lines of their own"
        )
    bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    return (bom + stripped).encode("utf-8")


def _comments(text: str) -> list[tuple[int, int]]:
    """(start, end) of every comment: from its `#` to its line's end."""
    spans: list[tuple[int, int]] = []
    at = 0
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        start, end = token.start_mark.index, token.end_mark.index
        spans += _in_gap(text, at, start)
        if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
            header = _HEADER.match(text, start)
            if header and header.group(1):
                spans += _in_gap(text, header.start(1), header.end(1))
        at = max(at, end)
    spans += _in_gap(text, at, len(text))
    return spans


def _in_gap(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The comments between two tokens: nothing but blanks, line breaks and comments lie there."""
    return [m.span() for m in _COMMENT.finditer(text, start, end)]


def _same(a: Node, b: Node) -> bool:
    """The same nodes, values, styles and start places (comments aside, nothing moved)."""
    if type(a) is not type(b) or a.tag != b.tag:
        return False
    if (a.start_mark.line, a.start_mark.column) != (b.start_mark.line, b.start_mark.column):
        return False
    if isinstance(a, ScalarNode) and isinstance(b, ScalarNode):
        return a.value == b.value and a.style == b.style
    if isinstance(a, SequenceNode):
        return len(a.value) == len(b.value) and all(
            _same(x, y) for x, y in zip(a.value, b.value, strict=True)
        )
    if isinstance(a, MappingNode):
        return len(a.value) == len(b.value) and all(
            _same(ka, kb) and _same(va, vb)
            for (ka, va), (kb, vb) in zip(a.value, b.value, strict=True)
        )
    return False
