"""The libyaml composer gives exactly the pure parser's nodes, or leaves the file to it."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.nodes import Node, ScalarNode, SequenceNode

from conftest import DATA, ROOT
from proeve.errors import InputErrors
from proeve.inputs import load

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")

CORPUS = [
    p.read_text(encoding="utf-8")
    for p in sorted(
        [
            *ROOT.glob("inputs/**/*.yaml"),
            *ROOT.glob("templates/*.yaml"),
            *DATA.glob("**/*.yaml"),
            *(ROOT / "src/proeve/inputs/starter_files").glob("**/*.yaml"),
        ]
    )
]
# Pieces of YAML, many of them where libyaml and PyYAML are known to read text differently.
# fmt: off
PIECES = [
    "a", "key", "x y", "é", "·", "1", "no", "~", "null", "", ":", ": ", "-", "- ", "[", "]",
    "{", "}", ", ", "'", '"', "#", " #c", "?", "? ", "x?", "[wie?]", "{a: b?}", "|", ">", "|-",
    ">+", "|2", "\n", "\n  ", "\n    ", "  ", "...", "---", "--- ", "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n", "\\", '"a\\u00e9"', "'it''s'", "\r\n", "\r", "\u2028", "\x85",
    "0755", "!", "!!str ", "!x ", "&a ", "*a", "@", "`", "<<", ": |\n  text\n", "- [a, b]\n",
    "a:b", "a :b", '"x":y', "[a:b]", "{a:b}", "? a\n: b\n", "-\n  - a", "a: b\n  c: d",
    "a:\n- b\n- c", 'a: "b\n  c"', "a: 'b\n\n  c'", "a: |#\n  x\n", "\t", "\ufeff", "\x07",
    "{c: , d}", "[c:\n]", "{? : x}", "[a, ", "{a: [", ", b]", "}", ": ,", ":\n, ",
]
# fmt: on


def shape(node: Node | None) -> Any:
    """Everything the pure composer puts in a node: kind, tag, value, style, both marks."""
    if node is None:
        return None

    def mark(m: Any) -> tuple[int, int, int]:
        return (m.index, m.line, m.column)

    base = (type(node).__name__, node.tag, mark(node.start_mark), mark(node.end_mark))
    if isinstance(node, ScalarNode):
        return (*base, node.style, node.value)
    children: Any
    if isinstance(node, SequenceNode):
        children = tuple(shape(c) for c in node.value)
    else:
        children = tuple((shape(k), shape(v)) for k, v in node.value)
    return (*base, node.flow_style, children)


def outcome(text: str, libyaml: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as m:
        if not libyaml:
            m.setattr(load, "_CParser", None)
        try:
            return "ok", shape(load.parse(load.Source("f.yaml", text)))
        except InputErrors as exc:
            return "error", [(i.where.line, i.where.column, i.message) for i in exc.issues]


@pytest.mark.parametrize("index", range(len(CORPUS)))
def test_corpus_composes_alike(index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    text = CORPUS[index]
    assert outcome(text, True, monkeypatch) == outcome(text, False, monkeypatch)


def test_example_takes_the_libyaml_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> None:
        raise AssertionError("the pure parser was used")

    monkeypatch.setattr(load, "_StrictLoader", refuse)
    for path in [*ROOT.glob("inputs/**/*.yaml"), *ROOT.glob("templates/*.yaml")]:
        load.parse(load.Source(path.name, path.read_text(encoding="utf-8")))


def test_deep_nesting_is_refused_without_recursing(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: " + "[" * 100_000 + "\n"
    assert outcome(text, True, monkeypatch) == outcome(text, False, monkeypatch)
    assert "nested more than 24 levels deep" in str(outcome(text, True, monkeypatch))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=16).map("".join), st.booleans())
def test_random_yaml_composes_alike(text: str, newline: bool) -> None:
    text += "\n" if newline else ""
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert outcome(text, True, monkeypatch) == outcome(text, False, monkeypatch)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(CORPUS),
    st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(PIECES), st.integers(0, 4)),
        min_size=1,
        max_size=4,
    ),
)
def test_edited_inputs_compose_alike(text: str, edits: list[tuple[float, str, int]]) -> None:
    for where, piece, cut in edits:
        i = int(where * len(text))
        text = text[:i] + piece + text[i + cut :]
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert outcome(text, True, monkeypatch) == outcome(text, False, monkeypatch)
