"""`init` and `new` killed at an exact point (halt.py): a rerun finishes what was started,
and the temp files the killed run left are swept by the next write in that folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run_cli

HALT = str(Path(__file__).with_name("halt.py"))


def killed(spec: str, *args: str | Path) -> int:
    done = subprocess.run(
        [sys.executable, HALT, f"{spec}:SIGKILL", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode


def temps(folder: Path) -> list[Path]:
    return sorted(folder.rglob(".proeve-*.tmp"))


def age(paths: list[Path], seconds: float = 3600) -> None:
    """Make files look as old as a killed run's leftovers do an hour later (no sleeping)."""
    then = time.time() - seconds
    for path in paths:
        os.utime(path, (then, then))


def test_a_new_killed_before_listing_the_id_is_finished_by_a_rerun(project: Path) -> None:
    spec = "proeve.inputs.scaffold:replace_kept:1:before"
    assert killed(spec, "new", "nieuw", project) == -signal.SIGKILL
    made = project / "inputs/initiatives/nieuw.yaml"
    assert made.is_file()  # written, not yet listed: check fails here
    assert run_cli("check", project).code == 1
    result = run_cli("new", "nieuw", project)
    assert result.code == 0, result.stderr
    assert "was there already" in result.stderr
    assert "- nieuw" in (project / "inputs/overview.yaml").read_text("utf-8")
    assert run_cli("new", "nieuw", project).code == 2  # now done: refused as before


def test_a_killed_new_leaves_a_temp_file_the_next_write_sweeps(project: Path) -> None:
    spec = "proeve.fsio:write_temp:3:after"  # the overview's new text, before its rename
    assert killed(spec, "new", "nieuw", project) == -signal.SIGKILL
    left = temps(project / "inputs")
    assert len(left) == 1
    assert left[0].stat().st_size > 0
    age(left)
    assert run_cli("new", "ander", project).code == 0
    assert temps(project) == []


def test_a_killed_init_is_finished_by_a_rerun(tmp_path: Path) -> None:
    project = tmp_path / "nieuw"
    assert killed("proeve.fsio:write_new:4:after", "init", project) == -signal.SIGKILL
    assert (project / "inputs").is_dir()
    age(temps(project))
    result = run_cli("init", project)
    assert result.code == 0, result.stderr
    assert "finished the project" in result.stderr
    assert temps(project) == []
    assert run_cli("check", project).code == 0


def test_a_killed_init_mid_write_leaves_nothing_after_the_rerun(tmp_path: Path) -> None:
    project = tmp_path / "nieuw"
    assert killed("proeve.fsio:write_temp:6:after", "init", project) == -signal.SIGKILL
    left = temps(project)
    assert len(left) == 1
    age(left)
    assert run_cli("init", project).code == 0
    assert temps(project) == []


def test_a_temp_file_being_written_is_never_swept(tmp_path: Path) -> None:
    """A live writer holds its temp file (flock): a sweep, however old the file, leaves it."""
    fcntl = pytest.importorskip("fcntl")
    from proeve.fsio import sweep_leftovers

    live = tmp_path / ".proeve-0123456789ab.tmp"
    dead = tmp_path / ".proeve-draft-ba9876543210.tmp"
    for path in (live, dead):
        path.write_bytes(b"x" * 100)
    age([live, dead])
    with live.open("rb") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
        assert sweep_leftovers(tmp_path) == [dead]
    assert live.exists()
