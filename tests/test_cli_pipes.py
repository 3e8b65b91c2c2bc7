"""The habits pipelines expect: `-` as stdout, colour as the environment says, JSON even for
usage errors, and one shape for every error and warning in every command's JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdf
import pytest

from conftest import ROOT, run_cli
from draftkit import one_figure_changed
from proeve import __version__


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return one_figure_changed(tmp_path_factory.mktemp("pipes") / "project")


def _stdout_bytes(*args: str | Path) -> tuple[int, bytes, str]:
    """Run in-process and keep stdout as bytes (a PDF or PNG written to `-`)."""
    from click.testing import CliRunner

    from proeve.cli import main

    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        runner = CliRunner()
    with runner.isolation() as (out, err, *_):
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        return code, out.getvalue(), err.getvalue().decode()


def test_diff_pdf_dash_writes_the_review_to_stdout(drafts: Path, tmp_path: Path) -> None:
    code, data, err = _stdout_bytes("diff", "1", "2", drafts, "--pdf", "-")
    assert code == 1, err
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata is not None
    assert reader.metadata["/Subject"] == "proeve review"
    assert "figures[0].value" in err or "4" in err  # the change list went to stderr
    assert not (drafts / "-").exists()
    assert not (Path.cwd() / "-").exists()
    code, png, _ = _stdout_bytes("diff", "1", "2", drafts, "--png", "-")
    assert code == 1
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_dash_refuses_what_cannot_share_stdout(drafts: Path) -> None:
    both = run_cli("diff", "1", "2", drafts, "--pdf", "-", "--png", "-")
    assert both.code == 2
    assert "--pdf and --png cannot both write to stdout" in both.stderr
    with_json = run_cli("diff", "1", "2", drafts, "--pdf", "-", "--json")
    assert with_json.code == 2
    assert json.loads(with_json.stdout)["error"] == "usage"  # under --json, JSON it is


@pytest.mark.parametrize(
    ("env", "coloured"),
    [
        ({}, False),
        ({"FORCE_COLOR": "1"}, True),
        ({"CLICOLOR_FORCE": "1"}, True),
        ({"FORCE_COLOR": "0"}, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ],
)
def test_colour_follows_force_color_and_no_color(
    drafts: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], coloured: bool
) -> None:
    for name in ("FORCE_COLOR", "CLICOLOR_FORCE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = run_cli("diff", "1", "2", drafts)
    assert result.code == 1
    assert ("\x1b[" in result.stdout) is coloured


def test_usage_errors_are_json_under_json() -> None:
    result = run_cli("check", ROOT, "--no-such-option", "--json")
    assert result.code == 2
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["error"] == "usage"
    assert "--no-such-option" in data["message"]
    assert data["diagnostics"] == [
        {"level": "error", "file": "", "line": 0, "column": 0, "field": "",
         "message": data["message"]}
    ]  # fmt: skip
    assert "No such option" in result.stderr  # people still read it
    plain = run_cli("check", ROOT, "--no-such-option")
    assert plain.stdout == ""


def test_every_json_names_the_tool_and_lists_problems_in_one_shape(
    project: Path, drafts: Path
) -> None:
    fine = json.loads(run_cli("check", project, "--json").stdout)
    assert fine["tool"] == {"name": "proeve", "version": __version__}
    assert fine["diagnostics"] == []
    log = json.loads(run_cli("log", drafts, "--json").stdout)
    assert log["tool"]["version"] == __version__
    path = project / "inputs/initiatives/mkb-roltrap.yaml"
    path.write_text(path.read_text("utf-8").replace("status: verkenning", "status: klaar"), "utf-8")
    bad = run_cli("check", project, "--json")
    assert bad.code == 1
    data = json.loads(bad.stdout)
    assert data["ok"] is False
    (problem,) = data["diagnostics"]
    assert problem["level"] == "error"
    assert problem["file"] == "inputs/initiatives/mkb-roltrap.yaml"
    assert (problem["line"], problem["column"], problem["field"]) == (4, 9, "status")
    assert set(problem) == {"level", "file", "line", "column", "field", "message"}


def test_under_sarif_stdout_holds_the_log_alone(drafts: Path) -> None:
    result = run_cli("diff", "1", "2", drafts, "--format", "sarif")
    assert result.code == 1
    log = json.loads(result.stdout)  # nothing but the log: the change list went to stderr
    assert log["version"] == "2.1.0"
    assert "4" in result.stderr
    listed = run_cli("log", drafts, "--format", "sarif")
    assert json.loads(listed.stdout)["runs"][0]["results"] == []
    assert "v001" in listed.stderr
    schema = run_cli("schema", "--format", "sarif")
    assert schema.code == 2
    assert "prints on stdout" in schema.stderr


def test_vv_shows_the_fits_trials_and_v_does_not() -> None:
    loud = run_cli("check", ROOT, "-vv")
    assert loud.code == 0
    trials = [ln for ln in loud.stderr.splitlines() if ln.startswith("debug: fit trial: ")]
    assert trials
    assert any(ln.endswith(": fits") for ln in trials)
    assert any(ln.endswith(": too long") for ln in trials)  # the size above the one chosen
    assert "fit trial" not in run_cli("check", ROOT, "-v").stderr
