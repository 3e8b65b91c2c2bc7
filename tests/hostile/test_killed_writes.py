"""Runs killed at an exact point (halt.py): a rerun of `init` or `new` finishes what was
started, and the temp files any killed run left (init, new, extract, diff --pdf, ...)
are swept by the next write in that folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import run_cli
from draftkit import SLUG, one_figure_changed

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


def test_a_new_killed_after_linking_its_file_is_finished_and_swept(project: Path) -> None:
    assert killed("os:link:1:after", "new", "nieuw", project) == -signal.SIGKILL
    left = temps(project)
    assert len(left) == 1
    age(left)
    assert run_cli("new", "nieuw", project).code == 0
    assert temps(project) == []
    assert "- nieuw" in (project / "inputs/overview.yaml").read_text("utf-8")
    assert run_cli("check", project).code == 0


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


def test_an_init_killed_after_its_last_file_leaves_a_temp_file_the_rerun_sweeps(
    tmp_path: Path,
) -> None:
    """Killed between linking its last file into place and removing the temp file: every
    file is there, so the rerun writes nothing, and sweeps where init writes all the same."""
    project = tmp_path / "nieuw"
    assert run_cli("init", tmp_path / "count").code == 0
    count = len([p for p in (tmp_path / "count").rglob("*") if p.is_file()])
    assert killed(f"os:link:{count}:after", "init", project) == -signal.SIGKILL
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


def test_a_killed_extract_leaves_a_temp_file_the_next_extract_sweeps(tmp_path: Path) -> None:
    project = one_figure_changed(tmp_path / "project")
    draft = project / f"output/{SLUG}-v001.pdf"
    target = tmp_path / "uit"
    assert killed("proeve.fsio:write_temp:2:after", "extract", draft, target) == -signal.SIGKILL
    left = temps(target)
    assert left
    assert not (target / "inputs/overview.yaml").exists()  # all or nothing
    age(left)
    assert run_cli("extract", draft, target).code == 0
    assert temps(target) == []


def test_a_leftover_beside_a_review_pdf_is_swept_by_the_next_diff(tmp_path: Path) -> None:
    """What a `diff --pdf` killed between writing and renaming leaves (as write_temp names it)."""
    project = one_figure_changed(tmp_path / "project")
    reviews = tmp_path / "reviews"
    reviews.mkdir()
    left = reviews / ".proeve-0123456789ab.tmp"
    left.write_bytes(b"%PDF-1.7 half a review")
    age([left])
    young = reviews / ".proeve-ba9876543210.tmp"  # maybe a run writing right now: kept
    young.write_bytes(b"%PDF-1.7 being written")
    result = run_cli("diff", "1", "2", project, "--pdf", reviews / "1-2.pdf")
    assert result.code == 1, result.stderr
    assert (reviews / "1-2.pdf").is_file()
    assert temps(reviews) == [young]
