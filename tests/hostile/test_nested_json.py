"""Deeply nested or forged JSON (a register, an OCFL inventory, a PDF's proeve.json) gets one clear line.

Before, json.loads recursed until Python stopped it, and every command that
read the file said "internal error: RecursionError" (exit 2, no file named).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from draftkit import add_drafts
from forge import nested_json, reattached

KEEP = "proeve will not replace it"


@pytest.fixture
def drafted(project: Path) -> Path:
    add_drafts(project, 2)
    return project


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("log",), 2),
        (("build",), 2),
        (("archive", "ARCHIVE"), 2),
        (("diff", "1", "2"), 2),
    ],
)
def test_a_deeply_nested_register_is_named_not_a_traceback(
    drafted: Path, tmp_path: Path, args: tuple[str, ...], code: int
) -> None:
    register = drafted / "output/versions.json"
    register.write_bytes(nested_json())
    argv = [tmp_path / "archive" if a == "ARCHIVE" else a for a in args]
    result = (
        run_cli(*argv[:1], *argv[1:], drafted)
        if args[0] != "archive"
        else run_cli("archive", argv[1], drafted)
    )
    assert result.code == code, result.stderr
    assert f"{register}: the register is nested too deeply to be one; {KEEP}" in result.stderr
    assert "internal error" not in result.stderr
    assert register.read_bytes() == nested_json()


def test_verify_names_a_deeply_nested_register_once(drafted: Path) -> None:
    register = drafted / "output/versions.json"
    register.write_bytes(nested_json())
    result = run_cli("verify", drafted / "output")
    assert result.code == 1, result.stderr
    assert f"{register}: the register is nested too deeply to be one" in result.stderr
    assert f"{register}: {register}" not in result.stderr


def test_a_register_too_large_to_be_one_is_refused_before_reading(
    drafted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from proeve.drafts import register

    monkeypatch.setattr(register, "MAX_REGISTER_BYTES", 100)
    result = run_cli("log", drafted)
    assert result.code == 2, result.stderr
    assert "bytes, more than a register holds (100)" in result.stderr


@pytest.mark.parametrize("which", ["inventory.json", "v1/inventory.json"])
def test_a_deeply_nested_inventory_is_reported_by_verify_and_archive(
    drafted: Path, tmp_path: Path, which: str
) -> None:
    root = tmp_path / "archive"
    assert run_cli("archive", root, drafted).code == 0
    (root / "economie-en-werk" / which).write_bytes(nested_json())
    checked = run_cli("verify", root)
    assert checked.code == 1, checked.stderr
    assert f"{root / 'economie-en-werk' / which}: not a readable OCFL inventory" in checked.stderr
    again = run_cli("archive", root, drafted)
    assert again.code in (0, 1), again.stderr
    assert "internal error" not in again.stderr


def manifest(draft: bytes, **values: object) -> bytes:
    from forge import attachments_of

    data = json.loads(attachments_of(draft)["proeve.json"])
    data.update(values)
    return json.dumps(data).encode()


FORGED = {
    "nested manifest": (
        lambda draft: nested_json(20_000),
        "the proeve.json attachment is nested too deeply",
    ),
    "nested edition": (
        lambda draft: manifest(draft, edition=json.loads(b"[" * 900 + b"]" * 900)),
        "the proeve.json attachment is not valid",
    ),
    "the overview as template": (
        lambda draft: manifest(draft, template="inputs/overview.yaml"),
        "its manifest names 'inputs/overview.yaml' as the template, which is no file under templates/",
    ),
    "a template not embedded": (
        lambda draft: manifest(draft, template="templates/elsewhere.yaml"),
        "its template 'templates/elsewhere.yaml' is not embedded",
    ),
    "a template name with NUL": (
        lambda draft: manifest(draft, template="templates/default.yaml\0"),
        "is not embedded",
    ),
    "a template that is a list": (
        lambda draft: manifest(draft, template=["templates/default.yaml"]),
        "its template or proeve version is not text",
    ),
}


@pytest.mark.parametrize("case", sorted(FORGED))
def test_a_forged_manifest_is_one_clear_line_in_diff_and_verify(
    case: str, drafted: Path, tmp_path: Path
) -> None:
    make, message = FORGED[case]
    draft = next((drafted / "output").glob("*-v001.pdf"))
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(reattached(draft.read_bytes(), proeve_json=make(draft.read_bytes())))
    compared = run_cli("diff", draft, forged)
    assert compared.code == 2, compared.stderr
    assert compared.stderr.startswith("proeve: error: forged.pdf: ")
    assert message in compared.stderr
    assert compared.stderr.count("\n") == 1
    verified = run_cli("verify", forged)
    assert verified.code == 1, verified.stderr
    assert f"{forged}: cannot rebuild from its embedded sources: " in verified.stderr
    assert message in verified.stderr
    for result in (compared, verified):
        assert "internal error" not in result.stderr
