"""Every input field is declared once; diff and the review page follow the declaration.

The walk goes over the JSON Schema that `proeve schema` prints (what an editor
sees), changes each leaf of the example in turn, and checks that diff names the
change and that the review page marks the block that prints it, or lists it
when nothing prints it. A field added to the model is compared without any
change to diff (issue 8: a printed field missing from diff's lists read as "no
differences").
"""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, run_cli
from proeve.chain import validate
from proeve.diff.changes import Changes
from proeve.diff.edits import blocks_touched, compare, declared_edits, printed_in
from proeve.frozen import field
from proeve.inputs.model import Document, Initiative
from proeve.inputs.sources import Sources
from proeve.inputs.spec import Text, key, keys_of

MKB = "inputs/initiatives/mkb-roltrap.yaml"
OVERVIEW = "inputs/overview.yaml"
TEMPLATE = "templates/default.yaml"
IDS = ["vitale-binnensteden", "human-capital", "smart-cities", "impact-ondernemen", "mkb-roltrap"]


def example() -> dict[str, bytes]:
    files = {OVERVIEW: (ROOT / OVERVIEW).read_bytes(), TEMPLATE: (ROOT / TEMPLATE).read_bytes()}
    for path in (ROOT / "inputs/initiatives").glob("*.yaml"):
        files[f"inputs/initiatives/{path.name}"] = path.read_bytes()
    return files


def leaves(schema: dict[str, Any], node: dict[str, Any], path: tuple[Any, ...]) -> Iterator[Any]:
    """(path, subschema) of every leaf value the schema allows, lists entered at item 0."""
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    types = node.get("type", [])
    types = types if isinstance(types, list) else [types]  # optional keys may also be null
    if "object" in types:
        for name, sub in node["properties"].items():
            yield from leaves(schema, sub, (*path, name))
    elif "array" in types:
        yield from leaves(schema, node["items"], (*path, 0))
    else:
        yield path, node


def schema_leaves() -> list[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    result = run_cli("schema")
    schema = json.loads(result.stdout)
    out = []
    for kind, file in (("overview", OVERVIEW), ("initiative", MKB)):
        for path, node in leaves(schema, schema["$defs"][kind], ()):
            out.append((file, path, node))
    return out


def new_value(path: tuple[Any, ...], node: dict[str, Any], old: Any) -> Any:
    """Another value the schema (and the cross-references) accept for this leaf."""
    name = next(p for p in reversed(path) if isinstance(p, str))
    if "enum" in node:
        return next(v for v in node["enum"] if v != old)
    if node.get("format") == "date":
        return "2027-01-15" if old != "2027-01-15" else "2027-02-01"
    if node.get("pattern", "").startswith("^https?://"):  # an address
        return "https://example.org/nieuw"
    if name == "to":  # a linked initiative: another one that exists
        return next(i for i in IDS if i != old and i != "mkb-roltrap")
    if name == "themes":  # an initiative's theme: one it does not have yet
        return "financiering" if old != "financiering" else "arbeidsmarkt"
    if name == "id":  # a theme's id: renamed (the initiatives' references follow)
        return "nieuw-thema"
    if name == "slug":
        return "ander-overzicht"
    return f"{old} extra" if old else "Nieuwe tekst"


def mutate(files: dict[str, bytes], file: str, path: tuple[Any, ...], node: dict[str, Any]) -> str:
    """Change one leaf of one file (adding it where the example lacks it); return its old value."""
    data = yaml.safe_load(files[file])
    parent = data
    for step, following in itertools.pairwise(path):
        if isinstance(parent, list) and step >= len(parent):
            parent.append({} if isinstance(following, str) else [])
        elif isinstance(parent, dict) and step not in parent:
            parent[step] = [] if isinstance(following, int) else {}
        parent = parent[step]
    last = path[-1]
    if path == ("initiatives", 0):  # the page order: the first two change places
        parent[0], parent[1] = parent[1], parent[0]
        files[file] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()
        return str(parent[1])
    if isinstance(parent, list) and last >= len(parent):
        parent.append(None)
    old = parent[last] if isinstance(parent, list) else parent.get(last)
    value = new_value(path, node, old)
    parent[last] = value
    if path == ("themes", 0, "id"):  # keep the references valid: rename them too
        for name, content in list(files.items()):
            if name.startswith("inputs/initiatives/"):
                item = yaml.safe_load(content)
                item["themes"] = [value if t == old else t for t in item.get("themes", [])]
                files[name] = yaml.safe_dump(item, allow_unicode=True).encode()
    files[file] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()
    return str(old)


def changes_between(before: dict[str, bytes], after: dict[str, bytes]) -> Changes:
    old = validate(Sources(before), TEMPLATE)
    new = validate(Sources(after), TEMPLATE)
    return compare(old, new)


def reported_fields(changes: Changes) -> set[str]:
    found = {e.field for e in changes.overview}
    found |= {e.field for e in changes.crosslinks}
    found |= {e.field for c in changes.initiatives for e in c.edits}
    return found


def expected_field(file: str, path: tuple[Any, ...]) -> str:
    """The field name diff reports for a change at `path` (the declaration's attribute)."""
    top = path[0]
    if file == MKB:
        return {"themes": "theme", "links": "link"}.get(top, top)
    if top == "initiatives":
        return "order"
    if top == "footer":
        return f"footer.{path[1]}"
    return str(top)


CASES = schema_leaves()


@pytest.mark.parametrize(
    ("file", "path", "node"), CASES, ids=[f"{f.split('/')[-1]}:{p}" for f, p, _ in CASES]
)
def test_every_declared_field_is_reported_and_marked(
    file: str, path: tuple[Any, ...], node: dict[str, Any]
) -> None:
    before = example()
    after = copy.deepcopy(before)
    mutate(after, file, path, node)
    changes = changes_between(before, after)
    name = expected_field(file, path)
    assert name in reported_fields(changes), f"{path}: diff reports {reported_fields(changes)}"
    model = Initiative if file == MKB else Document
    block = keys_of(model)[path[0]].shows  # where the declaration says it is printed
    if model is Initiative and block == "card":
        change = changes.initiative("mkb-roltrap")
        assert change is not None
        assert any(printed_in(Initiative, e.field) == "card" for e in change.edits)
    elif block is not None:
        assert block in blocks_touched(changes) or "page" in blocks_touched(changes)
    else:
        # Not printed (slug, keywords, embed_comments): the review's change list names it.
        assert name in {"slug", "keywords", "embed_comments"}, f"{name} is printed nowhere"


def test_the_walk_covers_every_field_of_both_file_kinds() -> None:
    walked = {(f, p[0]) for f, p, _ in CASES}
    overview = {(OVERVIEW, k) for k in ("title", "intro", "footer", "themes", "initiatives")}
    card = {(MKB, k) for k in ("goal", "leads", "figures", "links", "themes", "short_title")}
    assert overview | card <= walked
    nested = {p for _, p, _ in CASES}
    assert ("leads", 0, "organisation") in nested
    assert ("footer", "url") in nested


class Extended(Initiative):
    """An initiative with one more printed field, declared only here."""

    website: str | None = field(default=None, metadata=key(Text(one_line=True), shows="card"))


def test_a_field_added_to_the_model_is_compared_without_touching_diff() -> None:
    old = Extended(id="x", title="T", summary="S", status="idee")
    new = Extended(id="x", title="T", summary="S", status="idee", website="g40.nl")
    edits = declared_edits(Extended, old, new)
    assert [e.field for e in edits] == ["website"]
    assert printed_in(Extended, "website") == "card"


def test_the_review_pdf_marks_a_changed_field(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for name, data in example().items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_bytes(data)
    assert run_cli("build", project).code == 0
    footer = project / OVERVIEW
    footer.write_text(footer.read_text("utf-8").replace("contact: Denis", "contact: Dhr. Denis"))
    assert run_cli("build", project).code == 0
    result = run_cli("diff", "1", "2", project, "--json", "--pdf", tmp_path / "review.pdf")
    assert result.code == 1, result.stderr
    assert [e["field"] for e in json.loads(result.stdout)["overview"]] == ["footer.contact"]
    import io

    from PIL import Image
    from pypdf import PdfReader

    from proeve.pdf.raster import page_png

    # The footer's bar: too short for its label at 5.5 pt, so a bar alone (the legend says
    # what a bar means), black in the left margin beside the footer's line.
    page = Image.open(io.BytesIO(page_png((tmp_path / "review.pdf").read_bytes(), 72)))
    margin = page.convert("L").crop((22, page.height - 45, 33, page.height - 20))
    assert sum(1 for v in margin.tobytes() if v < 60) > 40
    assert "GEWIJZIGD" not in PdfReader(tmp_path / "review.pdf").pages[0].extract_text()


def test_every_key_says_what_it_is_for_in_the_schema() -> None:
    """Editors show a key's description on hover: every property of both schemas has one,
    from the field's one declaration (tests/test_editors.py hovers them)."""
    from proeve.inputs.schema import json_schema

    missing: list[str] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, path)
        if not isinstance(node, dict):
            return
        for name, prop in node.get("properties", {}).items():
            if not prop.get("description"):
                missing.append(f"{path}.{name}")
            walk(prop, f"{path}.{name}")
        for word in ("items", "anyOf", "oneOf", "allOf"):
            walk(node.get(word), path)
        for name, definition in node.get("$defs", {}).items():
            walk(definition, name)

    walk(json_schema(None), "")
    assert missing == []


def test_a_key_with_a_default_offers_it_to_the_editor() -> None:
    from proeve.inputs.schema import json_schema

    assert json_schema("overview")["properties"]["language"]["default"] == "nl"
