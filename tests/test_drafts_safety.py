"""Drafts stay safe: concurrent builds, failed writes and killed processes never lose a draft."""

from __future__ import annotations

import errno
import hashlib
import io
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import run_cli
from proeve.drafts.build import build_draft
from proeve.drafts.folder import TEMP_PREFIX
from proeve.drafts.register import read_register
from test_drafts import change_input

PROEVE = Path(sys.executable).with_name("proeve")


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix in (".pdf", ".json")}


def assert_valid_drafts(out: Path) -> None:
    """Every registered draft exists, matches its checksum and reads as a one-page PDF."""
    for record in read_register(out):
        data = (out / record.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == record.sha256
    # Files a killed build linked but never registered are whole too.
    for path in out.glob("*.pdf"):
        assert len(PdfReader(io.BytesIO(path.read_bytes())).pages) == 1


def template_variant(project: Path, index: int) -> Path:
    """The default template with a comment of its own: other sources, same page."""
    folder = project.parent / f"variant-{index}"
    folder.mkdir()
    path = folder / "default.yaml"
    original = (project / "templates" / "default.yaml").read_text(encoding="utf-8")
    path.write_text(original + f"# variant {index}\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_concurrent_builds_get_distinct_numbers_and_all_are_registered(project: Path) -> None:
    variants = [template_variant(project, i) for i in range(4)]
    builds = [
        subprocess.Popen(
            [str(PROEVE), "build", str(project), "--template", str(v), "-m", f"shell {i}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i, v in enumerate(variants)
    ]
    errors = [b.communicate(timeout=120)[1] for b in builds]
    assert [b.returncode for b in builds] == [0] * 4, errors
    records = read_register(project / "output")
    assert sorted(r.version for r in records) == [1, 2, 3, 4]
    assert sorted(r.message for r in records) == [f"shell {i}" for i in range(4)]
    assert len({r.sources_sha256 for r in records}) == 4
    assert_valid_drafts(project / "output")


@pytest.mark.slow
def test_concurrent_builds_of_the_same_sources_make_one_version(project: Path) -> None:
    builds = [
        subprocess.Popen([str(PROEVE), "build", str(project)], stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    errors = [b.communicate(timeout=120)[1] for b in builds]
    assert [b.returncode for b in builds] == [0] * 3, errors
    assert [r.version for r in read_register(project / "output")] == [1]
    assert sum("unchanged since v001" in e for e in errors) == 2


def _fail(*args: object, **kwargs: object) -> None:
    raise OSError(errno.EIO, "injected fault")


FAULTS = {
    "writing the pdf": "os.fsync",
    "linking the pdf": "os.link",
    "writing the register": "proeve.drafts.build.save_register",
    "replacing the register": "os.replace",
}


@pytest.mark.parametrize("target", FAULTS.values(), ids=FAULTS.keys())
def test_a_failed_write_leaves_the_earlier_drafts_intact(
    project: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    out = project / "output"
    build_draft(project, message="eerste ronde")
    before = snapshot(out)
    change_input(project, "tweede ronde")
    with monkeypatch.context() as patch:
        patch.setattr(target, _fail)
        run = run_cli("build", project)
    assert run.code == 2
    assert "could not write the draft: " in run.stderr
    assert "injected fault; the earlier drafts and the register are as they were" in run.stderr
    assert "internal error" not in run.stderr
    assert snapshot(out) == before
    assert not list(out.glob(f"{TEMP_PREFIX}*"))
    assert build_draft(project).record.version == 2
    assert_valid_drafts(out)


KILL = """
import os, signal, sys
from proeve.cli import main
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
module, name = sys.argv[1].rsplit(".", 1)
setattr(__import__(module, fromlist=[name]), name, die)
main(["build", sys.argv[2], "-m", "killed"])
"""
KILL_POINTS = {
    "pdf written, not synced": "os.fsync",
    "pdf synced, not linked": "os.link",
    "pdf linked, register written, not replaced": "os.replace",
}


@pytest.mark.slow
@pytest.mark.parametrize("point", KILL_POINTS.values(), ids=KILL_POINTS.keys())
def test_a_killed_build_leaves_earlier_drafts_and_register_intact(
    project: Path, point: str
) -> None:
    out = project / "output"
    build_draft(project, message="eerste ronde")
    before = snapshot(out)
    change_input(project, "tweede ronde")
    killed = subprocess.run(
        [sys.executable, "-c", KILL, point, str(project)], capture_output=True, check=False
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert {n: d for n, d in snapshot(out).items() if n in before} == before
    assert list(out.glob(f"{TEMP_PREFIX}*")), "the kill should leave a temp file to sweep"
    # The lock died with the process; the next build sweeps and takes a fresh number.
    after = build_draft(project, message="na de crash")
    assert not list(out.glob(f"{TEMP_PREFIX}*"))
    assert [r.version for r in read_register(out)] == [1, after.record.version]
    assert_valid_drafts(out)
    shown = run_cli("log", project)
    assert shown.code == 0, shown.stderr
    if point == "os.replace":
        assert "v002.pdf is not in versions.json" in shown.stderr
