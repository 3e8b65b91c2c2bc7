"""Trouble around proeve (a full disk, no permission, a read-only or a blocked folder) is named, exit 2.

Before, `preview` and `extract` said "internal error: OSError". Now each says
what it could not do, where and why, and leaves no half-written file: the
earlier preview stays, and extract writes all of its files or none.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import run_cli
from draftkit import add_drafts, snapshot

OS_TROUBLE = {
    "full disk": (errno.ENOSPC, "the disk is full"),
    "read-only file system": (errno.EROFS, "the file system is read-only"),
    "no permission": (errno.EACCES, "no permission"),
}


def temps(folder: Path) -> list[Path]:
    return list(folder.rglob(".proeve-*.tmp")) if folder.exists() else []


def fail_on_create(monkeypatch: pytest.MonkeyPatch, number: int, after: int = 0) -> None:
    """Make the file system refuse every new file after the first `after` (os.open with O_CREAT)."""
    real = os.open
    made = [0]

    def refusing(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_CREAT and not str(path).endswith(".lock"):
            made[0] += 1
            if made[0] > after:
                raise OSError(number, os.strerror(number), str(path))
        return real(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing)


def fail_on_flush(monkeypatch: pytest.MonkeyPatch, number: int) -> None:
    """Make fsync of a written file fail (a full disk shows there), as a write() without a name."""
    real = os.fsync

    def refusing(fd: int) -> None:
        if not Path(f"/proc/self/fd/{fd}").is_dir():
            raise OSError(number, os.strerror(number))
        real(fd)

    monkeypatch.setattr(os, "fsync", refusing)


@pytest.mark.parametrize("case", sorted(OS_TROUBLE))
@pytest.mark.parametrize("where", ["create", "flush"])
def test_preview_names_the_trouble_and_keeps_the_earlier_preview(
    case: str, where: str, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli("preview", project).code == 0
    out = project / "output"
    before = snapshot(out)
    number, words = OS_TROUBLE[case]
    (fail_on_create if where == "create" else fail_on_flush)(monkeypatch, number)
    result = run_cli("preview", project)
    assert result.code == 2, result.stderr
    assert f"proeve: error: could not write the preview: {out}" in result.stderr
    assert words in result.stderr
    assert "an earlier preview is as it was" in result.stderr
    assert "internal error" not in result.stderr
    assert snapshot(out) == before
    assert temps(out) == []


@pytest.mark.parametrize("case", sorted(OS_TROUBLE))
def test_extract_writes_all_or_nothing(
    case: str, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_drafts(project, 1)
    draft = next((project / "output").glob("*.pdf"))
    target = tmp_path / "extracted"
    number, words = OS_TROUBLE[case]
    fail_on_create(monkeypatch, number, after=3)  # three files go well, the fourth does not
    result = run_cli("extract", draft, target)
    assert result.code == 2, result.stderr
    assert f"could not extract into {target}: " in result.stderr
    assert words in result.stderr
    assert "nothing was written" in result.stderr
    assert not target.exists()


def test_a_file_where_output_belongs(project: Path) -> None:
    (project / "output").write_bytes(b"not a folder\n")
    for command in ("preview", "build"):
        result = run_cli(command, project)
        assert result.code == 2, result.stderr
        assert f"{project / 'output'}: a file is in the way of a folder" in result.stderr
        assert "internal error" not in result.stderr
    assert (project / "output").read_bytes() == b"not a folder\n"


def test_a_folder_where_the_preview_belongs(project: Path) -> None:
    (project / "output/preview.pdf").mkdir(parents=True)
    result = run_cli("preview", project)
    assert result.code == 2, result.stderr
    assert f"{project / 'output/preview.pdf'}: a folder is in the way of a file" in result.stderr
    assert temps(project / "output") == []


def test_an_output_link_to_nowhere(project: Path, tmp_path: Path) -> None:
    (project / "output").symlink_to(tmp_path / "gone")
    result = run_cli("preview", project)
    assert result.code == 2, result.stderr
    assert f"a symbolic link to {tmp_path / 'gone'}, which does not exist" in result.stderr
    assert not (tmp_path / "gone").exists()


@pytest.mark.parametrize("blocked", ["inputs", "inputs/overview.yaml"])
def test_extract_blocked_by_a_file_or_a_folder_writes_nothing(
    blocked: str, project: Path, tmp_path: Path
) -> None:
    add_drafts(project, 1)
    draft = next((project / "output").glob("*.pdf"))
    target = tmp_path / "extracted"
    if blocked == "inputs":
        target.mkdir()
        (target / "inputs").write_bytes(b"in the way\n")
    else:
        (target / blocked).mkdir(parents=True)
    before = snapshot(target), sorted(target.rglob("*"))
    result = run_cli("extract", draft, target)
    assert result.code == 2, result.stderr
    assert "in the way" in result.stderr
    assert "nothing" in result.stderr
    assert (snapshot(target), sorted(target.rglob("*"))) == before


def as_nobody() -> list[str] | None:
    """A command prefix that runs as an unprivileged user, or [] when we are one already."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    # This Python may live where nobody can read it (a pyenv build under /root).
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import proeve"], capture_output=True, check=False
    )
    return prefix if probe.returncode == 0 else None


def test_a_read_only_output_folder_for_real(project: Path) -> None:
    """No monkeypatch: the kernel refuses (as root, the check runs as user nobody)."""
    prefix = as_nobody()
    if prefix is None:
        pytest.skip("running as root, and cannot run this Python as user nobody")
    shared = Path(tempfile.mkdtemp(prefix="proeve-ro-"))
    try:
        work = Path(shutil.copytree(project, shared / "project"))
        out = work / "output"
        out.mkdir()
        if prefix:  # nobody may read the project, not write output/ (root's, 0755)
            for path in [shared, *shared.rglob("*")]:
                path.chmod(0o755 if path.is_dir() else 0o644)
        else:
            out.chmod(0o555)
        for command in ("preview", "build"):
            done = subprocess.run(
                [*prefix, sys.executable, "-m", "proeve", command, str(work)],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
                # root's project, which nobody is told to trust (see test_foreign_root.py)
                env={
                    **os.environ,
                    "XDG_CACHE_HOME": str(shared / "cache"),
                    "PROEVE_SAFE_DIRECTORIES": str(work),
                },
            )
            assert done.returncode == 2, done.stderr
            assert f": {out}" in done.stderr
            assert "no permission (Permission denied)" in done.stderr
            assert "internal error" not in done.stderr
            assert list(out.iterdir()) == []
    finally:
        shutil.rmtree(shared)
