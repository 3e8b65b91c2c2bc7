"""The command line: arguments, exit codes, --json on stdout, messages on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from conftest import ROOT, outputs, run_cli, run_installed


def test_check_reports_the_fit_and_writes_nothing(project: Path) -> None:
    result = run_cli("check", project, "--json")
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["initiatives"] == 5
    assert 7 <= report["font_size"] <= 10.5
    assert 0 < report["fill"] <= 1
    assert "fit on one A4 page at" in result.stderr
    assert outputs(project) == []


def test_preview_writes_pdf_and_png(project: Path) -> None:
    result = run_cli("preview", project, "--png", "--json")
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert Path(report["pdf"]).read_bytes().startswith(b"%PDF-")
    assert Path(report["png"]).read_bytes().startswith(b"\x89PNG")
    # The preview is written under output/'s lock (so a killed preview's temp file is swept).
    assert outputs(project) == [".versions.lock", "preview.pdf", "preview.png"]


def test_template_by_path(project: Path, tmp_path: Path) -> None:
    custom = tmp_path / "smal.yaml"
    text = (ROOT / "templates/default.yaml").read_text(encoding="utf-8")
    custom.write_text(
        text.replace("name: default", "name: smal").replace("columns: 3", "columns: 2")
    )
    result = run_cli("check", project, "--template", custom, "--json")
    assert result.code == 0, result.stderr
    assert run_cli("check", project, "--template", "nonexistent").code == 2


def test_usage_errors_exit_2() -> None:
    assert run_cli("frobnicate").code == 2
    assert run_cli("check", "--no-such-option").code == 2
    missing = run_cli("check", "/nonexistent/folder")
    assert missing.code == 2
    assert "no inputs/ folder" in missing.stderr


def test_new_scaffolds_a_valid_initiative_listed_in_the_order(project: Path) -> None:
    result = run_cli("new", "nieuwe-aanpak", project)
    assert result.code == 0, result.stderr
    path = project / "inputs/initiatives/nieuwe-aanpak.yaml"
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../proeve.initiative.schema.json\n"
    )
    overview = (project / "inputs/overview.yaml").read_text(encoding="utf-8")
    assert "  - mkb-roltrap\n  - nieuwe-aanpak\nfooter:" in overview
    # The schema its first line names exists: `new` wrote it, as `proeve schema` prints it.
    schema = project / "proeve.initiative.schema.json"
    assert json.loads(schema.read_text()) == json.loads(
        run_cli("schema", "--kind", "initiative").stdout
    )
    assert run_cli("check", project).code == 0
    # Never over an existing file, and nothing changes when it refuses.
    before = path.read_bytes(), (project / "inputs/overview.yaml").read_bytes()
    assert run_cli("new", "nieuwe-aanpak", project).code == 2
    assert run_cli("new", "Bad Id", project).code == 2
    assert (path.read_bytes(), (project / "inputs/overview.yaml").read_bytes()) == before
    schema.write_text("{}")  # the user's own (or an older one): `new` never replaces it
    assert run_cli("new", "nog-een", project / "inputs" / "initiatives").code == 0
    assert schema.read_text() == "{}"
    assert (project / "inputs/initiatives/nog-een.yaml").exists()


def test_schema_is_valid_json_schema_and_accepts_the_example() -> None:
    result = run_cli("schema")
    assert result.code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in [ROOT / "inputs/overview.yaml", *ROOT.glob("inputs/initiatives/*.yaml")]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        jsonschema.validate(data, schema)
    wrong = {"title": "x", "summary": "y", "status": "klaar"}
    assert not jsonschema.Draft202012Validator(schema).is_valid(wrong)


def test_schema_files_in_repository_are_current(tmp_path: Path) -> None:
    assert json.loads((ROOT / "proeve.schema.json").read_text()) == json.loads(
        run_cli("schema").stdout
    )
    result = run_cli("schema", "--write", tmp_path)
    assert result.code == 0, result.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [
        "proeve.initiative.schema.json",
        "proeve.overview.schema.json",
        "proeve.schema.json",
    ]
    for name in written:
        assert (ROOT / name).read_bytes() == (tmp_path / name).read_bytes(), name
    for kind in ("overview", "initiative"):
        printed = json.loads(run_cli("schema", "--kind", kind).stdout)
        assert printed == json.loads((ROOT / f"proeve.{kind}.schema.json").read_text())


def test_example_modelines_name_the_schema_of_their_kind() -> None:
    overview = (ROOT / "inputs/overview.yaml").read_text(encoding="utf-8")
    assert overview.startswith("# yaml-language-server: $schema=../proeve.overview.schema.json\n")
    for path in ROOT.glob("inputs/initiatives/*.yaml"):
        assert path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../../proeve.initiative.schema.json\n"
        ), path


def test_installed_command_runs_the_readme_quick_start(project: Path) -> None:
    result = run_installed("preview", "--png", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "output/preview.png").exists()
    bad = run_installed("check", cwd=project.parent)
    assert bad.returncode == 2
    assert "no inputs/ folder" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_smallest_document_builds(tmp_path: Path) -> None:
    (tmp_path / "inputs/initiatives").mkdir(parents=True)
    (tmp_path / "inputs/overview.yaml").write_text("title: Klein\nthemes: []\ninitiatives: [een]\n")
    (tmp_path / "inputs/initiatives/een.yaml").write_text(
        "title: Een\nsummary: Kort.\nstatus: idee\n"
    )
    result = run_cli("preview", tmp_path)
    assert result.code == 0, result.stderr
    assert "1 initiative fits on one A4 page at 10.5 pt" in result.stderr
