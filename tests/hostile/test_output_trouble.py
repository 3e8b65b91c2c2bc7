"""OS trouble while `diff --pdf/--png` or `comments --pdf/--md` writes: named, exit 2, nothing half-written.

Before, a full disk, a read-only folder, a file-size limit or `ulimit -n 8`
ended in "internal error: OSError". Now each says which path and why; an
earlier file at the target stays as it was, and no temp file is left.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from draftkit import copy_tree, one_figure_changed, snapshot
from test_os_trouble import OS_TROUBLE

DRAFT = "output/economie-en-werk-v001.pdf"
OUTPUTS = {
    "diff": ("--pdf", "review.pdf", "--png", "overlay.png"),
    "comments": ("--pdf", "sheet.pdf", "--md", "sheet.md"),
}


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return one_figure_changed(tmp_path_factory.mktemp("trouble") / "project")


@pytest.fixture
def work(drafts: Path, tmp_path: Path) -> Path:
    return copy_tree(drafts, tmp_path / "project")


def args(command: str, project: Path, out: Path) -> list[str]:
    first, one, second, two = OUTPUTS[command]
    reads = ["1", "2", str(project)] if command == "diff" else [str(project / DRAFT), str(project)]
    return [command, *reads, first, str(out / one), second, str(out / two)]


def proeve(*argv: str, limits: dict[int, int] | None = None) -> subprocess.CompletedProcess[str]:
    """Run proeve in a child, with resource limits set just before it starts."""

    def limit() -> None:
        for which, value in (limits or {}).items():
            resource.setrlimit(which, (value, value))

    return subprocess.run(
        [sys.executable, "-m", "proeve", *argv],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        preexec_fn=limit,
    )


# A sitecustomize that makes the kernel refuse in one folder only: creating (where="create")
# or flushing (where="flush") a file there, with the errno given.
_REFUSE = """
import errno, os, sys
folder, number, where = os.environ["REFUSE_IN"], int(os.environ["REFUSE_ERRNO"]), os.environ["REFUSE_AT"]
real_open, real_fsync = os.open, os.fsync
def inside(path):
    return os.path.dirname(os.path.abspath(os.fsdecode(path))) == folder
def refusing_open(path, flags, *a, **k):
    if where == "create" and flags & os.O_CREAT and inside(path):
        raise OSError(number, os.strerror(number), path)
    return real_open(path, flags, *a, **k)
def refusing_fsync(fd):
    if where == "flush" and inside(os.readlink(f"/proc/self/fd/{fd}")):
        raise OSError(number, os.strerror(number))
    return real_fsync(fd)
os.open, os.fsync = refusing_open, refusing_fsync
"""


@pytest.mark.parametrize("command", sorted(OUTPUTS))
@pytest.mark.parametrize("case", sorted(OS_TROUBLE))
@pytest.mark.parametrize("where", ["create", "flush"])
def test_trouble_is_named_and_earlier_files_stay(
    work: Path, tmp_path: Path, command: str, case: str, where: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    one = OUTPUTS[command][1]
    (out / one).write_bytes(b"an earlier file\n")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(_REFUSE, "utf-8")
    number, words = OS_TROUBLE[case]
    env = {**os.environ, "PYTHONPATH": f"{hooks}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
           "REFUSE_IN": str(out), "REFUSE_ERRNO": str(number), "REFUSE_AT": where}  # fmt: skip
    argv = [*args(command, work, out), "--force"]
    done = subprocess.run([sys.executable, "-m", "proeve", *argv], capture_output=True,
                          text=True, timeout=300, check=False, env=env)  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "internal error" not in done.stderr
    assert (
        f"could not write the {'review' if command == 'diff' else 'comment sheet'} " in done.stderr
    )
    assert str(out) in done.stderr
    assert words in done.stderr
    assert "nothing was written" in done.stderr
    assert snapshot(out) == {one: b"an earlier file\n"}


@pytest.mark.parametrize("command", sorted(OUTPUTS))
def test_a_file_size_limit(work: Path, tmp_path: Path, command: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    done = proeve(*args(command, work, out), limits={resource.RLIMIT_FSIZE: 8 * 1024})
    assert done.returncode == 2, done.stderr
    assert "internal error" not in done.stderr
    assert "file-size limit" in done.stderr
    assert str(out) in done.stderr
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("command", sorted(OUTPUTS))
@pytest.mark.parametrize("files", [8, 9, 10])
def test_few_file_handles(work: Path, tmp_path: Path, command: str, files: int) -> None:
    out = tmp_path / "out"
    out.mkdir()
    done = proeve(*args(command, work, out), limits={resource.RLIMIT_NOFILE: files})
    assert "internal error" not in done.stderr
    assert "Traceback" not in done.stderr
    if done.returncode == 2:
        assert "too many open files" in done.stderr
        assert list(out.iterdir()) == []
    else:  # enough to do the work
        assert done.returncode == 1, done.stderr
