"""Special files where a repository or a command line puts a file: never read without end.

A FIFO as an input, the register or a draft would block a read for ever, and
`/dev/zero` never ends; a 3 GiB input would be read whole before its size was
checked. Every such read goes through fsio.read_bounded: regular files only,
opened without blocking, at most the bound read. Each command runs as a real
process with a memory limit and a deadline, so a regression fails instead of
hanging or eating the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from draftkit import SLUG, add_drafts

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")
MEMORY = 2 * 2**30


def _limited() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_bounded(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed proeve with at most 2 GiB of memory; a guard, not a timing."""
    exe = Path(sys.executable).with_name("proeve")
    return subprocess.run(
        [str(exe), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
        preexec_fn=_limited,  # the limit for the child only
    )


def test_a_fifo_as_an_input_is_refused_at_its_name(project: Path) -> None:
    os.mkfifo(project / "inputs/initiatives/pijp.yaml")
    done = run_bounded("check", project)
    assert done.returncode == 1, done.stderr
    assert "inputs/initiatives/pijp.yaml:1:1: error: " in done.stderr
    assert "FIFO" in done.stderr


def test_a_huge_input_is_refused_without_reading_it(project: Path) -> None:
    huge = project / "inputs/initiatives/groot.yaml"
    with huge.open("wb") as handle:
        handle.truncate(3 * 2**30)  # sparse: 3 GiB to read, nothing on disk
    done = run_bounded("check", project)
    assert done.returncode == 1, done.stderr
    assert "groot.yaml:1:1: error: file is 3,145,728 KiB; the limit is 256 KiB" in done.stderr


def test_a_fifo_as_the_register_is_refused(project: Path) -> None:
    (project / "output").mkdir()
    os.mkfifo(project / "output/versions.json")
    for command in ("log", "build"):
        done = run_bounded(command, project)
        assert done.returncode == 2, done.stderr  # a register proeve cannot read: trouble
        assert "versions.json: a FIFO (named pipe), not a regular file" in done.stderr


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_draft_that_is_a_fifo_or_dev_zero_is_reported_not_read(
    project: Path, tmp_path: Path, kind: str
) -> None:
    add_drafts(project, 2)
    draft = project / f"output/{SLUG}-v001.pdf"
    draft.unlink()
    if kind == "fifo":
        os.mkfifo(draft)
    else:
        draft.symlink_to("/dev/zero")
    shown = "FIFO" if kind == "fifo" else "device"
    for args in (
        ("log", project),
        ("verify", project / "output"),
        ("diff", "1", "2", project),
        ("archive", tmp_path / "archief", project),
    ):
        done = run_bounded(*args)
        assert done.returncode in (1, 2), (args, done.stderr)
        assert shown in done.stderr + done.stdout, (args, done.stderr)
        assert "internal error" not in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("diff", "/dev/zero", "/dev/zero"),
        ("comments", "/dev/zero"),
        ("extract", "/dev/zero", "{tmp}/uit"),
    ],
)
def test_a_device_given_as_a_pdf_is_refused(tmp_path: Path, args: tuple[str, ...]) -> None:
    done = run_bounded(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert done.returncode in (1, 2), done.stderr
    assert "device" in done.stderr + done.stdout
    assert "internal error" not in done.stderr


def test_a_file_whose_size_lies_is_read_no_further_than_the_bound() -> None:
    """/proc files say they hold 0 bytes and hold more: the bound, not the size, stops the read."""
    from proeve.fsio import TooLarge, read_bounded

    maps = Path("/proc/self/maps")
    if not maps.exists() or maps.stat().st_size != 0:
        pytest.skip("no /proc file that understates its size")
    with pytest.raises(TooLarge) as caught:
        read_bounded(maps, 16)
    assert caught.value.size is None
    assert len(read_bounded(maps, 2**20)) > 16
