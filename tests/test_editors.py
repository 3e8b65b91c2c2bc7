"""The schemas as editors and checkers read YAML 1.2: what proeve accepts is clean, errors flagged.

Two independent readers: yaml-language-server (the server VS Code, Neovim and
others run), over stdio through tests/lsp_client.py, and check-jsonschema with
its default options. The server comes from `npm ci --prefix tests/editor`; where
node or that install is missing these tests skip, saying so, unless
PROEVE_EDITOR_TESTS=require (CI sets it: there they must run).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, run_cli
from editor_cases import CASES, Case, proeve_issues
from lsp_client import DEFAULT_SERVER, Diagnostic, YamlLanguageServer
from proeve.inputs.schema import json_schema, modeline

# Where the readers cannot follow proeve, and why (each is asserted to stay so, so that a
# fix shows up here):
LOOSE = {
    # a number 1234567890123 has no length in JSON Schema; proeve counts its 13 characters
    "figure-too-long-number": {"yaml-language-server", "check-jsonschema"},
    # yaml-language-server checks "format": "date" by its shape only, not the day
    "date-invalid-day": {"yaml-language-server"},
    # check-jsonschema's YAML reader (ruamel) takes `<<` for a merge key and fails
    "equals-and-merge": {"check-jsonschema"},
}


def _missing(why: str) -> None:
    if os.environ.get("PROEVE_EDITOR_TESTS") == "require":
        pytest.fail(f"{why}; PROEVE_EDITOR_TESTS=require says these tests must run")
    pytest.skip(f"{why} (install it with: npm ci --prefix tests/editor)")


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder holding the schema files, as `proeve schema --write` writes them."""
    folder = tmp_path_factory.mktemp("editor")
    assert run_cli("schema", "--write", folder).code == 0
    return folder


@pytest.fixture(scope="module")
def yaml_ls(schemas: Path) -> Iterator[YamlLanguageServer]:
    if shutil.which("node") is None:
        _missing("node is not installed")
    if not DEFAULT_SERVER.exists():
        _missing("yaml-language-server is not installed in tests/editor")
    with YamlLanguageServer(schemas) as server:
        assert server.server_info.get("version") == "1.25.0", server.server_info
        yield server


def check_jsonschema() -> str:
    found = Path(sys.executable).with_name("check-jsonschema")
    if found.exists():
        return str(found)
    if shutil.which("check-jsonschema"):
        return "check-jsonschema"
    _missing("check-jsonschema is not installed (it is in the [test] extra)")
    raise AssertionError("unreachable")


def where(folder: Path, case: Case) -> Path:
    sub = "inputs" if case.kind == "overview" else "inputs/initiatives"
    return folder / sub / case.file


@pytest.fixture(scope="module")
def editor_says(yaml_ls: YamlLanguageServer, schemas: Path) -> dict[str, list[Diagnostic]]:
    """Every case opened at once: their 200 ms validation delays overlap."""
    texts = {where(schemas, c): modeline(c.kind) + "\n" + c.body for c in CASES}
    found = yaml_ls.diagnose_many(texts)
    return {c.name: found[where(schemas, c)] for c in CASES}


@pytest.fixture(scope="module")
def checker_says(schemas: Path) -> dict[str, list[str]]:
    """check-jsonschema, default options, over every case: two runs, one per kind."""
    exe = check_jsonschema()
    found: dict[str, list[str]] = {}
    for kind in ("overview", "initiative"):
        cases = [c for c in CASES if c.kind == kind]
        folder = schemas / f"cj-{kind}"
        folder.mkdir(exist_ok=True)
        for case in cases:
            (folder / case.file).write_text(case.body, encoding="utf-8")
        schema = schemas / f"proeve.{kind}.schema.json"
        files = [str(folder / c.file) for c in cases]
        done = subprocess.run(
            [exe, "-o", "json", "--schemafile", str(schema), *files],
            capture_output=True,
            text=True,
            check=False,
        )
        report = json.loads(done.stdout)
        for case in cases:
            found[case.name] = []
        for error in [*report.get("errors", []), *report.get("parse_errors", [])]:
            name = Path(error["filename"]).name.removeprefix("case-").removesuffix(".yaml")
            found[name].append(error.get("message", str(error)))
    return found


def agree(case: Case, flagged: bool, reader: str) -> None:
    rejects = bool(proeve_issues(case))
    if reader in LOOSE.get(case.name, ()):
        assert flagged != rejects, f"{case.name}: {reader} now agrees with proeve; drop LOOSE"
        return
    what = "rejects" if rejects else "accepts"
    assert flagged == rejects, (
        f"proeve {what} {case.name}, {reader} {'flags' if flagged else 'does not'}"
    )


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_editor_agrees_with_proeve(
    editor_says: dict[str, list[Diagnostic]], case: Case
) -> None:
    agree(case, bool(editor_says[case.name]), "yaml-language-server")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_check_jsonschema_agrees_with_proeve(
    checker_says: dict[str, list[str]], case: Case
) -> None:
    agree(case, bool(checker_says[case.name]), "check-jsonschema")


def test_misspelt_key_and_bad_status_are_named(yaml_ls: YamlLanguageServer, schemas: Path) -> None:
    text = modeline("initiative") + "\ntitle: A\nsumary: B\nstatus: klaar\n"
    found = {(d.line, d.message) for d in yaml_ls.diagnose(where(schemas, CASES[0]), text)}
    assert (3, "Property sumary is not allowed.") in found
    assert any(line == 4 and "Value is not accepted" in m for line, m in found)


def project_files(project: Path) -> list[Path]:
    return [project / "inputs/overview.yaml", *sorted(project.glob("inputs/initiatives/*.yaml"))]


def test_the_example_and_a_new_project_are_clean_in_the_editor(tmp_path: Path) -> None:
    if shutil.which("node") is None or not DEFAULT_SERVER.exists():
        _missing("node or yaml-language-server is not installed")
    assert run_cli("init", tmp_path / "nieuw").code == 0
    assert run_cli("new", "nog-een", tmp_path / "nieuw").code == 0
    for project in (ROOT, tmp_path / "nieuw"):
        with YamlLanguageServer(project) as server:  # modelines resolve from each file
            results = server.diagnose_many(project_files(project))
        assert {p.name: [str(d) for d in ds] for p, ds in results.items() if ds} == {}
        assert len(results) >= 4


def test_check_jsonschema_accepts_the_schemas_and_the_example() -> None:
    exe = check_jsonschema()
    names = ["proeve.schema.json", "proeve.overview.schema.json", "proeve.initiative.schema.json"]
    for name in names:
        done = subprocess.run(
            [exe, "--check-metaschema", str(ROOT / name)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
    for kind, files in (
        ("overview", [ROOT / "inputs/overview.yaml"]),
        ("initiative", sorted(ROOT.glob("inputs/initiatives/*.yaml"))),
    ):
        schema = ROOT / f"proeve.{kind}.schema.json"
        done = subprocess.run(
            [exe, "--schemafile", str(schema), *map(str, files)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_every_pattern_avoids_escapes_the_unicode_flag_refuses() -> None:
    """check-jsonschema compiles patterns as ECMAScript with the u flag: there `\\"` is an error."""

    def patterns(value: Any) -> list[str]:
        if isinstance(value, dict):
            found = [value["pattern"]] if isinstance(value.get("pattern"), str) else []
            return found + [p for v in value.values() for p in patterns(v)]
        if isinstance(value, list):
            return [p for v in value for p in patterns(v)]
        return []

    found = patterns(json_schema())
    assert len(found) > 5
    for pattern in found:
        # Under u an identity escape is allowed only for syntax characters and '/'.
        for escaped in re.findall(r"\\(.)", pattern):
            assert escaped in "^$\\.*+?()[]{}|/-" or escaped.isalpha(), (pattern, escaped)


def test_every_key_shows_its_meaning_on_hover(schemas: Path) -> None:
    """Each key an initiative has, hovered in the editor, says what it is for (its `doc`)."""
    if shutil.which("node") is None:
        _missing("node is not installed")
    if not DEFAULT_SERVER.exists():
        _missing("yaml-language-server is not installed in tests/editor")
    from lsp_client import default_settings
    from proeve.inputs.model import INITIATIVE_SPEC

    text = (
        modeline("initiative")
        + "\n"
        + (ROOT / "inputs/initiatives/mkb-roltrap.yaml").read_text("utf-8").split("\n", 1)[1]
    )
    path = schemas / "inputs/initiatives/hover.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    shown = {}
    with YamlLanguageServer(schemas, settings={**default_settings(), "hover": True}) as server:
        server.open(path, text)
        for number, line in enumerate(text.splitlines()):
            name = line.split(":", 1)[0]
            if line[:1].isalpha() and name in INITIATIVE_SPEC.fields:
                answer = server.request("textDocument/hover", {
                    "textDocument": {"uri": path.resolve().as_uri()},
                    "position": {"line": number, "character": 1},
                })  # fmt: skip
                shown[name] = json.dumps(answer or {}, ensure_ascii=False)
    assert len(shown) >= 10
    for name, answer in shown.items():
        doc = INITIATIVE_SPEC.fields[name].doc
        assert doc
        assert re.split(r"[(;*]", doc)[0].strip() in answer, (name, answer)


def test_the_status_completion_says_what_each_status_means(schemas: Path) -> None:
    if shutil.which("node") is None:
        _missing("node is not installed")
    if not DEFAULT_SERVER.exists():
        _missing("yaml-language-server is not installed in tests/editor")
    from proeve.inputs.model import STATUS_MEANINGS

    text = modeline("initiative") + "\ntitle: A\nsummary: B\nstatus: \n"
    path = schemas / "inputs/initiatives/complete.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    with YamlLanguageServer(schemas) as server:
        server.open(path, text)
        answer = server.request("textDocument/completion", {
            "textDocument": {"uri": path.resolve().as_uri()},
            "position": {"line": 3, "character": len("status: ")},
        })  # fmt: skip
    items = answer["items"] if isinstance(answer, dict) else answer
    offered = {item["label"]: json.dumps(item.get("documentation", "")) for item in items}
    assert STATUS_MEANINGS[2].split(":")[0] in offered["in uitvoering"]
    assert "the same as 'afgerond'" in offered["completed"]
