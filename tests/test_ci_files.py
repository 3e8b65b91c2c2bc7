"""The CI files `proeve init` writes do what they say: their steps, run here as CI runs them.

A push checks the inputs (and the drafts, once there are any); a tag builds the
final draft, verifies it, archives the drafts and verifies the archive. The
install step is not run (proeve is installed here already); it is checked to
install what requirements.txt names.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import run_cli

BIN = str(Path(sys.executable).parent)
INSTALL = "python -m pip install -r requirements.txt"


def shell(command: str, project: Path, env: dict[str, str]) -> int:
    done = subprocess.run(
        ["bash", "-e", "-c", command],
        cwd=project,
        env={**os.environ, "PATH": BIN + os.pathsep + os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    print(f"$ {command}  (exit {done.returncode})\n{done.stdout}{done.stderr}")  # on failure
    return done.returncode


def github_steps(project: Path, tag: str | None) -> list[tuple[str, int]]:
    """Run the workflow's steps for a push of a branch (tag None) or of a tag."""
    workflow = yaml.safe_load((project / ".github/workflows/proeve.yml").read_text())
    env = {"GITHUB_REF_NAME": tag or "main", "GITHUB_REF_TYPE": "tag" if tag else "branch"}
    conditions = {None: True, "github.ref_type == 'tag'": tag is not None}
    ran = []
    for step in workflow["jobs"]["proeve"]["steps"]:
        if not conditions[step.get("if")]:
            continue
        if "uses" in step:
            assert step["uses"].split("@")[0] in {
                "actions/checkout",
                "actions/setup-python",
                "actions/upload-artifact",
            }
            if "upload-artifact" in step["uses"]:
                for path in step["with"]["path"].split():
                    assert (project / path).exists(), path
            continue
        if step["run"] == INSTALL:
            continue
        code = shell(step["run"], project, {**env, **step.get("env", {})})
        ran.append((step["run"], code))
        if code:
            break
    return ran


def gitlab_jobs(project: Path, tag: str | None) -> list[tuple[str, int]]:
    """Run the jobs GitLab would start for a push of a branch (tag None) or of a tag."""
    pipeline: dict[str, Any] = yaml.safe_load((project / ".gitlab-ci.yml").read_text())
    assert pipeline["default"]["before_script"] == [INSTALL]
    env = {"CI_COMMIT_TAG": tag} if tag else {}
    rules = {"$CI_COMMIT_TAG == null": tag is None, "$CI_COMMIT_TAG": tag is not None}
    ran = []
    for name, job in pipeline.items():
        if name == "default":
            continue
        if not all(rules[rule["if"]] for rule in job.get("rules", [])):
            continue
        for line in job["script"]:
            code = shell(line, project, {**env, **job.get("variables", {})})
            ran.append((line, code))
            if code:
                return ran
        for path in job.get("artifacts", {}).get("paths", []):
            assert (project / path).exists(), path
    return ran


@pytest.mark.parametrize("run", [github_steps, gitlab_jobs], ids=["github", "gitlab"])
def test_the_ci_files_check_build_verify_and_archive(tmp_path: Path, run: Any) -> None:
    project = tmp_path / "project"
    assert run_cli("init", project).code == 0
    first = run(project, None)  # a push before any draft: the inputs are checked
    assert [c for _, c in first] == [0] * len(first)
    assert any(cmd.startswith("proeve check") for cmd, _ in first)
    assert not (project / "output").exists()

    assert run_cli("build", project, "-m", "eerste versie").code == 0  # the editor's draft
    pushed = run(project, None)
    assert ("if [ -f output/versions.json ]; then proeve verify output; fi", 0) in pushed

    # A tag on a commit without its final: CI refuses to number a draft of its own, which
    # would be in no register but the job's (the next local build would reuse v002).
    early = tmp_path / "early"
    shutil.copytree(project, early)
    refused = run(early, "v1")
    assert refused[-1][0].startswith("proeve build --final")
    assert refused[-1][1] != 0
    assert not (early / "archive").exists()

    assert run_cli("build", project, "--final", "-m", "v1").code == 0  # made where it is edited
    before = sorted(p.name for p in (project / "output").glob("*-v*.pdf"))
    tagged = run(project, "v1")  # a tag: the committed final, verified and archived
    commands = [cmd for cmd, code in tagged if code == 0]
    assert len(commands) == len(tagged)
    assert any("proeve build --final" in c for c in commands)
    assert any("proeve archive archive" in c for c in commands)
    assert (
        sorted(p.name for p in (project / "output").glob("*-v*.pdf"))
        == before
        == [
            "onze-aanpakken-v001.pdf",
            "onze-aanpakken-v002.pdf",
        ]
    )
    log = run_cli("log", project)
    assert "final" in log.stdout.splitlines()[-1]
    assert (project / "archive/0=ocfl_1.1").exists()

    status = project / "inputs/initiatives/leerbanen.yaml"
    status.write_text(status.read_text().replace("status: verkenning", "status: klaar"))
    broken = run(project, None)  # a broken input stops the pipeline at the check
    assert broken[-1][0].startswith("proeve check")
    assert broken[-1][1] == 1
