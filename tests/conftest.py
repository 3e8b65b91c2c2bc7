"""Shared fixtures: a copy of the example project, and running the CLI in-process."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from proeve.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path) -> Run:
    """Run `proeve ARGS` in-process, through the same error handling as the installed command."""
    runner = CliRunner()
    with runner.isolation() as (out, err, _):
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        return Run(code, out.getvalue().decode(), err.getvalue().decode())


def run_installed(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `proeve` command as a user would."""
    exe = Path(sys.executable).with_name("proeve")
    return subprocess.run(
        [str(exe), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the example project (inputs + templates) in a temporary folder."""
    target = tmp_path / "project"
    shutil.copytree(ROOT / "inputs", target / "inputs")
    shutil.copytree(ROOT / "templates", target / "templates")
    return target


def outputs(project: Path) -> list[str]:
    folder = project / "output"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
