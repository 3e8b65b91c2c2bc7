"""What interrupted runs leave in output/: swept when provably ours, explained when it is a gap.

Runs killed at exact points (halt.py): a preview between writing its temp
file and renaming it; a build between linking its PDF into place and
registering it. The next run sweeps the first; `log` explains the number the
second leaves out, as it does for a number a file outside the register held.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from draftkit import SLUG, add_drafts

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


def temps(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob(".proeve*.tmp"))


@pytest.mark.parametrize("then", ["preview", "build"])
def test_a_killed_preview_leaves_a_temp_file_the_next_run_sweeps(project: Path, then: str) -> None:
    assert run_cli("preview", project).code == 0
    out = project / "output"
    before = (out / "preview.pdf").read_bytes()
    overview = project / "inputs/overview.yaml"
    overview.write_text(overview.read_text("utf-8") + "# changed\n", "utf-8")
    assert killed("proeve.fsio:write_temp:1:after", "preview", project) == -signal.SIGKILL
    assert len(temps(out)) == 1  # the round's stray preview temp file
    assert (out / "preview.pdf").read_bytes() == before  # the earlier preview is whole
    assert run_cli(then, project).code == 0
    assert temps(out) == []


def test_a_build_killed_before_registering_leaves_a_gap_log_explains(project: Path) -> None:
    add_drafts(project, 1)
    overview = project / "inputs/overview.yaml"
    overview.write_text(overview.read_text("utf-8") + "# ronde 2\n", "utf-8")
    spec = "proeve.drafts.build:save_register:1:before"
    assert killed(spec, "build", project) == -signal.SIGKILL
    out = project / "output"
    orphan = out / f"{SLUG}-v002.pdf"
    assert orphan.is_file()  # written whole, never registered
    assert run_cli("build", project).code == 0  # the next build takes v003, never v002 again
    assert (out / f"{SLUG}-v003.pdf").is_file()
    result = run_cli("log", project)
    assert result.code == 0, result.stderr
    assert (
        f"note: v002 is skipped: {SLUG}-v002.pdf holds the number but is not in versions.json"
    ) in result.stderr
    gaps = json.loads(run_cli("log", project, "--json").stdout)["gaps"]
    assert [g["version"] for g in gaps] == [2]


def test_a_number_held_by_a_file_outside_the_register_is_explained(project: Path) -> None:
    add_drafts(project, 1)
    out = project / "output"
    (out / f"{SLUG}-v002.pdf").write_bytes(b"%PDF-1.7 someone's file\n")
    add_drafts(project, 1)  # takes v003: v002's name is held
    result = run_cli("log", project)
    assert f"note: v002 is skipped: {SLUG}-v002.pdf holds the number" in result.stderr
    (out / f"{SLUG}-v002.pdf").unlink()
    result = run_cli("log", project)
    assert "note: v002 is skipped: no draft has it" in result.stderr


def test_no_gap_no_note(project: Path) -> None:
    add_drafts(project, 2)
    result = run_cli("log", project, "--json")
    assert json.loads(result.stdout)["gaps"] == []
    assert "skipped" not in result.stderr
