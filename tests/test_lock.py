"""The output folder's lock, both ways it is taken: flock (POSIX) and LockFile (Windows).

Windows' msvcrt.locking is played by tests/fake_msvcrt.py (POSIX record locks,
which exclude other processes as LockFile does), so both implementations behind
proeve.fsio's seam run here. Another build is another process, holding the lock
until the test closes its stdin.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from proeve import fsio
from proeve.drafts.folder import LOCK, locked
from proeve.errors import ProeveError

HERE = Path(__file__).resolve().parent
HOLDER = """
import sys
from pathlib import Path
from proeve.drafts.folder import locked
sys.path.insert(0, {tests!r})
if {windows!r}:  # after the imports: subprocess takes a msvcrt for a sign of Windows
    import fake_msvcrt
    fake_msvcrt.install()
with locked(Path({out!r})):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.fixture(params=["flock", "msvcrt"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "msvcrt":
        import fake_msvcrt

        monkeypatch.setitem(sys.modules, "msvcrt", fake_msvcrt.module())
        monkeypatch.setattr(fsio, "LOCKING", fsio.MsvcrtLocking())
    else:
        monkeypatch.setattr(fsio, "LOCKING", fsio.FlockLocking())
    return request.param


def hold(out: Path, way: str) -> subprocess.Popen[str]:
    code = HOLDER.format(tests=str(HERE), windows=way == "msvcrt", out=str(out))
    holder = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "held\n"
    return holder


def release(holder: subprocess.Popen[str], kill: bool = False) -> None:
    assert holder.stdin is not None
    assert holder.stdout is not None
    if kill:
        holder.kill()
    holder.stdin.close()
    holder.stdout.close()
    assert holder.wait(timeout=60) == (-9 if kill else 0)


def test_a_held_lock_keeps_others_out_until_it_is_given_back(way: str, tmp_path: Path) -> None:
    holder = hold(tmp_path, way)
    try:
        with (
            pytest.raises(
                ProeveError, match=rf"is busy: another proeve build \(pid {holder.pid}\)"
            ),
            locked(tmp_path, timeout=0),
        ):
            pass
    finally:
        release(holder)
    with locked(tmp_path, timeout=0):
        fd = fsio.open_lock(tmp_path / LOCK)
        try:
            assert fsio.read_note(fd) == str(os.getpid())
        finally:
            os.close(fd)


def test_a_lock_is_given_back_when_its_holder_dies(way: str, tmp_path: Path) -> None:
    release(hold(tmp_path, way), kill=True)
    with locked(tmp_path, timeout=0):
        pass


def test_one_process_takes_it_again_after_giving_it_back(way: str, tmp_path: Path) -> None:
    for _ in range(3):
        with locked(tmp_path, timeout=0):
            pass


def test_builds_run_with_either_lock(way: str, project: Path) -> None:
    assert run_cli("build", project, "-m", way).code == 0
    log = run_cli("log", project)
    assert log.code == 0
    assert way in log.stdout


def test_the_platform_picks_its_own_way() -> None:
    expected = fsio.MsvcrtLocking if sys.platform == "win32" else fsio.FlockLocking
    assert isinstance(fsio.LOCKING, expected)
