"""The command line: arguments, exit codes, --json on stdout, messages on stderr."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pypdf
import pytest
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


def test_new_scaffolds_a_valid_initiative_and_never_overwrites(project: Path) -> None:
    result = run_cli("new", "nieuwe-aanpak", "--dir", project)
    assert result.code == 0, result.stderr
    path = project / "inputs/initiatives/nieuwe-aanpak.yaml"
    assert path.exists()
    before = path.read_bytes()
    assert run_cli("new", "nieuwe-aanpak", "--dir", project).code == 2
    assert path.read_bytes() == before
    assert run_cli("new", "Bad Id", "--dir", project).code == 2
    # The scaffold validates once it is listed in the overview.
    overview = project / "inputs/overview.yaml"
    overview.write_text(
        overview.read_text(encoding="utf-8").replace(
            "  - mkb-roltrap\n", "  - mkb-roltrap\n  - nieuwe-aanpak\n"
        ),
        encoding="utf-8",
    )
    assert run_cli("check", project).code == 0


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


def test_schema_file_in_repository_is_current() -> None:
    assert json.loads((ROOT / "proeve.schema.json").read_text()) == json.loads(
        run_cli("schema").stdout
    )


def test_installed_command_runs_the_readme_quick_start(project: Path) -> None:
    result = run_installed("preview", "--png", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "output/preview.png").exists()
    bad = run_installed("check", cwd=project / "inputs")
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr


def test_preview_watch_rebuilds_after_a_change(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overview = project / "inputs/overview.yaml"
    naps = []

    def nap(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 1:
            text = overview.read_text(encoding="utf-8").replace("vijf aanpakken", "5 aanpakken")
            overview.write_text(text, encoding="utf-8")
            os.utime(overview, ns=(1, 10**18))
        elif len(naps) == 2:
            # A broken edit is reported, and watching goes on.
            overview.write_text("title: [\n", encoding="utf-8")
        else:
            raise KeyboardInterrupt

    monkeypatch.setattr("proeve.drafts.preview.time.sleep", nap)
    result = run_cli("preview", project, "--watch")
    assert result.code == 0
    assert result.stderr.count("wrote ") == 2
    assert "inputs/overview.yaml:2:1" in result.stderr
    assert "stopped watching" in result.stderr
    text = pypdf.PdfReader(project / "output/preview.pdf").pages[0].extract_text()
    assert "5 aanpakken" in text


def test_smallest_document_builds(tmp_path: Path) -> None:
    (tmp_path / "inputs/initiatives").mkdir(parents=True)
    (tmp_path / "inputs/overview.yaml").write_text("title: Klein\nthemes: []\ninitiatives: [een]\n")
    (tmp_path / "inputs/initiatives/een.yaml").write_text(
        "title: Een\nsummary: Kort.\nstatus: idee\n"
    )
    result = run_cli("preview", tmp_path)
    assert result.code == 0, result.stderr
    assert "1 initiative fits on one A4 page at 10.5 pt" in result.stderr
