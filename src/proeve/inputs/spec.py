"""Located YAML nodes -> typed values, checked against a spec that also yields JSON Schema.

Why our own and not pydantic: every input is text, the nodes already carry their
line and column, and importing pydantic would cost more than the whole rest of a
cold build. The spec stays the one place that says what an input may hold.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from proeve.errors import Collector, Location
from proeve.frozen import Frozen, fields, replace
from proeve.inputs.load import locate, where
from proeve.inputs.yaml12 import TEXTUAL, nullable, typed, yaml12

MAX_DIGITS = 24  # longer than any bounded number needs to be written
# Bidi embeddings, overrides and isolates can make text read differently from what it says.
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")

_UNNAMED = {"Cs": "half of a surrogate pair", "Co": "a private-use character"}

# Patterns used both here (Python re) and in the JSON Schema (ECMAScript with the unicode
# flag, as check-jsonschema compiles them): a character that needs no escape gets none,
# since an escaped quote (\") is an error under that flag.
URL = r"""https?://[^\s"'<>\\]+"""
DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


class Invalid(Exception):
    """Raised inside a kind to skip a value that has already been reported.

    A mapping that failed carries what it could read (`partial`, by attribute),
    so cross-references can still be checked in the same run.
    """

    def __init__(self, partial: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.partial = partial


class Context:
    """Where we are: the file (and its text), the collected issues, references to check later."""

    __slots__ = ("file", "issues", "refs", "text")

    def __init__(self, file: str, issues: Collector, text: str = "") -> None:
        self.file = file
        self.issues = issues
        self.text = text
        self.refs: list[tuple[str, str, Location]] = []

    def fail(self, node: Node, message: str, path: str, char: str = "") -> Invalid:
        """Report at the node, or at `char` of its value where the text is known."""
        spot = locate(self.file, self.text, node, char) if char and self.text else None
        self.issues.add(spot or where(self.file, node), message, path)
        return Invalid()


class Kind:
    """A kind of value: checks a node and says how it looks in JSON Schema.

    The JSON Schema is for editors (yaml-language-server) and checkers
    (check-jsonschema), which read YAML 1.2: there a plain 4, 0755 or 1.10 is a
    number, true a boolean and ~, null, Null or NULL is null, where proeve keeps
    every scalar as the text typed. So a kind that takes text also accepts the JSON
    types such text can become (see proeve.inputs.yaml12); the string keywords (pattern,
    minLength, maxLength, format) still check every quoted value.
    """

    description = ""

    def read(self, node: Node, ctx: Context, path: str) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError


def _scalar(node: Node, ctx: Context, path: str, expected: str) -> str:
    if not isinstance(node, ScalarNode):
        got = "a list" if isinstance(node, SequenceNode) else "a mapping"
        raise ctx.fail(node, f"expected {expected}, got {got}{_colon_hint(node)}", path)
    return str(node.value)


def _exact(node: Node, ctx: Context, path: str, expected: str) -> str:
    """A token (a status, an id, a date, an address, a number) exactly as typed.

    Why not strip: editors and check-jsonschema read `'idee '` as it stands and
    refuse it; proeve gives the same verdict, and says where the spaces are.
    """
    value = _scalar(node, ctx, path, expected)
    if value != value.strip():
        raise ctx.fail(
            node,
            f"{value!r} has spaces or a line break around it: remove them "
            "(values are read exactly as typed)",
            path,
        )
    return value


def _colon_hint(node: Node) -> str:
    """For `- Stap 1: plan`: text with ': ' in it that YAML read as a key and its value."""
    if not isinstance(node, MappingNode) or len(node.value) != 1:
        return ""
    key, value = node.value[0]
    if not (isinstance(key, ScalarNode) and isinstance(value, ScalarNode)):
        return ""
    if key.start_mark.line != value.end_mark.line or key.style or value.style:
        return ""
    return f' (the ": " made it one; put the text in quotes: "{key.value}: {value.value}")'


class Text(Kind, Frozen):
    """Text as typed; `one_line` forbids line breaks."""

    one_line: bool = False
    max_length: int = 4000
    min_length: int = 1

    def read(self, node: Node, ctx: Context, path: str) -> str:
        # NFC: an accent typed as a separate combining mark joins its letter, as fonts expect.
        value = unicodedata.normalize("NFC", _scalar(node, ctx, path, "text").strip())
        if self.one_line:
            value = " ".join(value.split())
        bad = next((c for c in value if _forbidden(c, self.one_line)), None)
        if bad is not None:
            name = unicodedata.name(
                bad, _UNNAMED.get(unicodedata.category(bad), "control character")
            )
            raise ctx.fail(node, f"text holds U+{ord(bad):04X} ({name}); remove it", path, bad)
        if len(value) < self.min_length:
            raise ctx.fail(node, "expected text, got nothing", path)
        if len(value) > self.max_length:
            raise ctx.fail(
                node, f"text is {len(value)} characters; at most {self.max_length}", path
            )
        return value

    def schema(self) -> dict[str, Any]:
        # The pattern: proeve strips the text, so blanks alone are no text either.
        return {
            "type": TEXTUAL,
            "minLength": self.min_length,
            "maxLength": self.max_length,
            "pattern": "[^\\s]",
        }


def _forbidden(char: str, one_line: bool) -> bool:
    if char in _BIDI:
        return True
    if char == "\n":
        return one_line
    return unicodedata.category(char) in ("Cc", "Cs", "Co") and char != "\t"


class Pattern(Kind, Frozen):
    """A short token matching a regular expression (ids, slugs, colours)."""

    regex: str
    explain: str

    def read(self, node: Node, ctx: Context, path: str) -> str:
        value = _exact(node, ctx, path, self.explain)
        if not re.fullmatch(self.regex, value):
            raise ctx.fail(node, f"expected {self.explain}, got {value!r}", path)
        return value

    def schema(self) -> dict[str, Any]:
        return {"pattern": f"^{self.regex}$", "description": self.explain, **typed(self.regex)}


class Ref(Kind, Frozen):
    """An id that must name something defined elsewhere (checked after all files are read)."""

    namespace: str

    def read(self, node: Node, ctx: Context, path: str) -> str:
        value = ID.read(node, ctx, path)
        ctx.refs.append((self.namespace, value, where(ctx.file, node)))
        return value

    def schema(self) -> dict[str, Any]:
        article = "an" if self.namespace[0] in "aeiou" else "a"
        return ID.schema() | {"description": f"the id of {article} {self.namespace}"}


class Choice(Kind, Frozen):
    """One of a fixed set of words; `also` names other words for them: (word, the value it means).

    Why `also`: one canonical value inside (the page prints it through the template's
    labels in the document's language), while an English document may say
    `in progress` where a Dutch one says `in uitvoering`.
    """

    values: tuple[str, ...]
    also: tuple[tuple[str, str], ...] = ()
    meanings: tuple[str, ...] = ()  # what each value means, for the editor's completion list

    def read(self, node: Node, ctx: Context, path: str) -> str:
        value = _exact(node, ctx, path, "one of " + ", ".join(self.values))
        if value in self.values:
            return value
        synonyms = dict(self.also)
        if value in synonyms:
            return synonyms[value]
        options = ", ".join(repr(v) for v in self.values)
        if synonyms:
            options += " (or " + ", ".join(repr(w) for w in synonyms) + ")"
        hint = _hint(value, [*self.values, *synonyms])
        raise ctx.fail(node, f"expected one of {options}, got {value!r}{hint}", path)

    def schema(self) -> dict[str, Any]:
        words = [*self.values, *(word for word, _ in self.also)]
        typed = [t for t in (yaml12(w) for w in words) if not isinstance(t, str)]
        out: dict[str, Any] = {"enum": [*words, *typed]}
        if self.meanings:  # yaml-language-server shows these beside each value it offers
            meaning = dict(zip(self.values, self.meanings, strict=True))
            same = [f"{meaning[value]} (the same as '{value}')" for _, value in self.also]
            out["enumDescriptions"] = [*self.meanings, *same, *("" for _ in typed)]
        return out


class Url(Kind, Frozen):
    """An http or https address."""

    def read(self, node: Node, ctx: Context, path: str) -> str:
        value = _exact(node, ctx, path, "a web address")
        if not re.fullmatch(URL, value):
            raise ctx.fail(node, f"expected an http:// or https:// address, got {value!r}", path)
        return value

    def schema(self) -> dict[str, Any]:
        # No "format": "uri": the pattern says all proeve checks, and "uri" (RFC 3986)
        # would refuse addresses proeve prints, such as https://café.example/.
        return {"type": "string", "pattern": f"^{URL}$"}


class Date(Kind, Frozen):
    """A calendar date written YYYY-MM-DD."""

    def read(self, node: Node, ctx: Context, path: str) -> dt.date:
        value = _exact(node, ctx, path, "a date (YYYY-MM-DD)")
        try:
            if not re.fullmatch(DATE, value):
                raise ValueError
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ctx.fail(
                node, f"expected a date written YYYY-MM-DD, got {value!r}", path
            ) from None

    def schema(self) -> dict[str, Any]:
        # YAML 1.2 reads 2024-05-01 as a string (1.1 made it a timestamp); editors and
        # check-jsonschema check "format": "date".
        return {"type": "string", "format": "date"}


class Number(Kind, Frozen):
    """A decimal number within bounds."""

    low: float
    high: float
    integer: bool = False

    def read(self, node: Node, ctx: Context, path: str) -> float | int:
        value = _exact(node, ctx, path, "a number")
        pattern = r"-?\d+" if self.integer else r"-?\d+(\.\d+)?"
        if len(value) > MAX_DIGITS and re.fullmatch(pattern, value):
            # Why: int() refuses more than 4300 digits; no bound here needs more than a few.
            raise ctx.fail(node, f"expected a number from {self.low:g} to {self.high:g}, "
                           f"got a number of {len(value)} characters", path)  # fmt: skip
        if not re.fullmatch(pattern, value):
            what = "a whole number" if self.integer else "a number such as 7.5"
            raise ctx.fail(node, f"expected {what}, got {value!r}", path)
        number = int(value) if self.integer else float(value)
        if not self.low <= number <= self.high:
            raise ctx.fail(
                node, f"expected a number from {self.low:g} to {self.high:g}, got {value}", path
            )
        return number

    def schema(self) -> dict[str, Any]:
        kind = "integer" if self.integer else "number"
        digits = "-?[0-9]+" if self.integer else r"-?[0-9]+(\.[0-9]+)?"
        # A quoted "7.5" is a string in YAML and a number to proeve.
        return {"type": [kind, "string"], "pattern": f"^{digits}$",
                "minimum": self.low, "maximum": self.high}  # fmt: skip


class Seq(Kind, Frozen):
    """A list of values of one kind, with at least `min_items` of them."""

    item: Kind
    max_items: int = 60
    unique: Callable[[Any], Any] | None = None
    min_items: int = 0

    def read(self, node: Node, ctx: Context, path: str) -> tuple[Any, ...]:
        if isinstance(node, ScalarNode) and node.value == "" and node.style is None:
            return ()
        if not isinstance(node, SequenceNode):
            raise ctx.fail(node, "expected a list (lines starting with '- ')", path)
        if len(node.value) > self.max_items:
            raise ctx.fail(
                node, f"list has {len(node.value)} items; at most {self.max_items}", path
            )
        if len(node.value) < self.min_items:
            raise ctx.fail(
                node, f"list has {len(node.value)} items; at least {self.min_items}", path
            )
        values = []
        firsts: dict[Any, Node] = {}
        for index, child in enumerate(node.value):
            if _is_null(child):
                said = f" ({child.value} means nothing in YAML; quote it for the text)"
                message = "empty list item" + (said if child.value else "")
                ctx.fail(child, message, f"{path}[{index}]")
                continue
            try:
                value = self.item.read(child, ctx, f"{path}[{index}]")
            except Invalid:
                continue
            key = self.unique(value) if self.unique else None
            if key is not None and key in firsts:
                line = firsts[key].start_mark.line + 1
                ctx.fail(child, f"{key!r} appears twice (first on line {line})", f"{path}[{index}]")
                continue
            if key is not None:
                firsts[key] = child
            values.append(value)
        return tuple(values)

    def schema(self) -> dict[str, Any]:
        out = {"type": "array", "items": self.item.schema(), "maxItems": self.max_items}
        if self.unique is str:
            out["uniqueItems"] = True
        return out | ({"minItems": self.min_items} if self.min_items else {})


class Key(Frozen):
    """A key of a mapping: its kind, whether it must be there, its default and meaning.

    A model declares each of its input fields once, as a Key in the field's
    metadata (see `key`); the reading, the JSON Schema, the diff's field list and
    the review page's marks are all derived from it. `shows` names the block of
    the page that prints the value (None: not printed); `compare` says how diff
    pairs a list's items when the kind alone does not (by id, as an order, ...).
    """

    kind: Kind
    required: bool = False
    default: Any = None
    doc: str = ""
    shows: str | None = None
    compare: str | None = None
    attr: str = ""  # the model's attribute, when it is not the key itself


def key(
    kind: Kind,
    doc: str = "",
    shows: str | None = None,
    compare: str | None = None,
    name: str = "",
    required: bool = False,
) -> dict[str, Any]:
    """Declare a model field as an input key: `x: str = field(metadata=key(TEXT, ...))`.

    A field without a default is a required key; `required` makes one with a
    default required in the file too. `name` is the key in the file when it
    differs from the attribute's name.
    """
    return {"input": Key(kind, required, doc=doc, shows=shows, compare=compare, attr=name)}


def keys_of(model: type[Frozen]) -> dict[str, Key]:
    """The input keys a model declares, by their name in the file, in declaration order."""
    out = {}
    for spec in fields(model):
        declared = spec.metadata.get("input")
        if declared is None:
            continue
        name = declared.attr or spec.name
        default = None if spec.required else spec.default
        required = spec.required or declared.required
        out[name] = replace(declared, required=required, default=default, attr=spec.name)
    return out


class Struct(Kind, Frozen):
    """A mapping with known keys, built into `make(**values)` (values by attribute name)."""

    make: Callable[..., Any]
    fields: dict[str, Key]
    doc: str = ""

    @classmethod
    def of(
        cls, model: type[Frozen], doc: str = "", make: Callable[..., Any] | None = None
    ) -> Struct:
        """The record a model declares: its input keys, building the model (or `make`)."""
        return cls(make or model, keys_of(model), doc)

    def read(self, node: Node, ctx: Context, path: str) -> Any:
        if not isinstance(node, MappingNode):
            raise ctx.fail(node, "expected a mapping (key: value lines)", path)
        values: dict[str, Any] = {}
        seen: dict[str, Node] = {}
        failed: set[str] = set()
        for key_node, value_node in node.value:
            key = _key(key_node, ctx, path)
            if key is None:
                failed.add("")
                continue
            inner = f"{path}.{key}" if path else key
            if key in seen:
                first = seen[key].start_mark.line + 1
                ctx.fail(key_node, f"duplicate key {key!r} (first given on line {first})", inner)
                failed.add(key)
                continue
            seen[key] = key_node
            spec = self.fields.get(key)
            if spec is None:
                hint = _comma_hint(node, key_node, value_node) or _hint(key, self.fields)
                ctx.fail(key_node, f"unknown key {key!r}{hint}", inner)
                failed.add(key)
            elif not _is_null(value_node):
                try:
                    values[spec.attr or key] = spec.kind.read(value_node, ctx, inner)
                except Invalid:
                    failed.add(key)
        for key, spec in self.fields.items():
            attr = spec.attr or key
            if attr in values or key in failed:
                continue
            if spec.required:
                inner = f"{path}.{key}" if path else key
                if key in seen:
                    ctx.fail(seen[key], f"key {key!r} needs a value", inner)
                else:
                    ctx.fail(node, f"missing required key {key!r}", inner)
                failed.add(key)
            values[attr] = spec.default
        if failed:
            raise Invalid(values)
        return self.make(**values)

    def schema(self) -> dict[str, Any]:
        props = {}
        for key, spec in self.fields.items():
            prop = spec.kind.schema()
            if not spec.required:
                prop = nullable(prop)  # `key:`, `key: ~` and `key: null` mean "not given"
            if spec.doc:
                prop = prop | {"description": spec.doc}
            if isinstance(spec.default, (str, int, float)) and spec.default != "":
                prop = prop | {"default": spec.default}  # the editor fills it in on completion
            props[key] = prop
        out: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": props,
            "required": [k for k, f in self.fields.items() if f.required],
        }
        if self.doc:
            out["description"] = self.doc
        return out


def _comma_hint(mapping: MappingNode, key: Node, value: Node) -> str:
    """For `{to: x, note: heat, power and charging}`: a ',' in a value inside {...} made
    the rest a key of its own (with no value); say to quote the value it belongs to."""
    if (
        not mapping.flow_style
        or not _is_null(value)
        or value.start_mark.index != key.end_mark.index
    ):
        return ""
    entries = [k for k, _ in mapping.value]
    at = next(i for i, k in enumerate(entries) if k is key)
    if at == 0:
        return ""
    before_key, before = mapping.value[at - 1]
    if not isinstance(before, ScalarNode) or before.style or _is_null(before):
        return ""
    joined = f"{before.value}, {key.value}"
    return (f": a ',' inside {{...}} starts a new entry; if it belongs to the value, put that "
            f'in quotes: {before_key.value}: "{joined}"')  # fmt: skip


def _key(node: Node, ctx: Context, path: str) -> str | None:
    if not isinstance(node, ScalarNode):
        ctx.fail(node, "keys must be plain words", path)
        return None
    return str(node.value)


# What YAML 1.2 reads as null (so do editors and every other YAML tool): "not given".
_NULLS = ("", "~", "null", "Null", "NULL")


def _is_null(node: Node | None) -> bool:
    return isinstance(node, ScalarNode) and node.style is None and node.value in _NULLS


def _hint(word: str, options: Any) -> str:
    close = did_you_mean(word, options)
    return f" (did you mean {close!r}?)" if close else ""


def did_you_mean(word: str, options: Any) -> str | None:
    """The option closest to a misspelt word, if one is close enough."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return close[0] if close else None


ID = Pattern(r"[a-z0-9][a-z0-9-]{0,39}", "an id of lowercase letters, digits and '-'")
