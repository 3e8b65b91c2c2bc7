"""The release workflow: valid for GitHub, publishing by trusted publishing (no stored token),
only what `twine check --strict` passed, and only when the tag names pyproject's version."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_cli

RELEASE = ROOT / ".github/workflows/release.yml"


def test_the_release_workflow_and_inits_are_valid_for_github(tmp_path: Path) -> None:
    assert run_cli("init", tmp_path / "p").code == 0
    for workflow in (RELEASE, tmp_path / "p/.github/workflows/proeve.yml"):
        done = subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "--builtin-schema",
             "vendor.github-workflows", str(workflow)],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
    gitlab = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.gitlab-ci",
         str(tmp_path / "p/.gitlab-ci.yml")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert gitlab.returncode == 0, gitlab.stdout + gitlab.stderr


def test_it_publishes_by_trusted_publishing_what_twine_passed() -> None:
    workflow = yaml.safe_load(RELEASE.read_text("utf-8"))
    assert workflow[True]["push"]["tags"] == ["v*"]  # YAML 1.1 reads the key `on` as True
    assert workflow["permissions"] == {"contents": "read"}
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "python -m build" in runs
    assert "twine check --strict dist/*" in runs
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    (action,) = [s for s in publish["steps"] if "pypa/gh-action-pypi-publish" in s.get("uses", "")]
    assert "with" not in action or not {"password", "user"} & set(action["with"])  # no token
    assert "secrets." not in RELEASE.read_text("utf-8")


def test_the_tag_check_reads_the_version_pyproject_has(tmp_path: Path) -> None:
    pytest.importorskip("tomllib")  # the step runs on the workflow's Python 3.12
    step = next(
        s["run"]
        for s in yaml.safe_load(RELEASE.read_text("utf-8"))["jobs"]["build"]["steps"]
        if "tomllib" in s.get("run", "")
    )
    version = re.search(r'^version = "(.+)"$', (ROOT / "pyproject.toml").read_text(), re.M)
    assert version is not None
    (tmp_path / "pyproject.toml").write_bytes((ROOT / "pyproject.toml").read_bytes())
    for tag, code in ((f"v{version[1]}", 0), ("v99.0.0", 1)):
        done = subprocess.run(
            ["bash", "-e", "-c", step], cwd=tmp_path, capture_output=True, text=True,
            env={"GITHUB_REF_NAME": tag, "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"},
            timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == code, done.stdout + done.stderr
