"""`proeve archive` killed, raced or starved of disk: the next run goes on, and nothing is misreported.

The round found: a run killed while making a new DEST left a lone temp file
that made every later run refuse DEST; parallel runs into a DEST that did not
exist yet failed (13 of 150, exit 2); a full disk was reported as "nothing was
added" though four versions were; and a verify during a run saw the object
half-way. Each is reproduced with real processes stopped or killed at an
exact point (halt.py), synchronised by waitpid, never by sleeping.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from draftkit import SLUG, add_drafts
from proeve.archive import ocfl as ocflroot
from test_archive import validate

HALT = str(Path(__file__).with_name("halt.py"))
DECLARATION_TEMP = "proeve.fsio:write_temp:1:after"  # the first file a new root gets
NAMING_V2 = "proeve.archive.ocfl:_publish_inventory:1:before"  # v2 moved in, not yet named


@pytest.fixture
def drafted(project: Path) -> Path:
    add_drafts(project, 3)
    return project


def start(spec: str, *args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, HALT, spec, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stopped_or_exited(process: subprocess.Popen[str]) -> bool:
    """Wait until the process stops (True) or exits (False, its returncode set)."""
    _, status = os.waitpid(process.pid, os.WUNTRACED)
    if os.WIFSTOPPED(status):
        return True
    process.returncode = os.waitstatus_to_exitcode(status)
    return False


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    _, err = process.communicate(timeout=120)
    return process.returncode, err


def temps(root: Path) -> list[str]:
    return sorted(p.name for p in root.glob(".proeve-*.tmp"))


def test_a_run_killed_making_a_new_root_leaves_what_the_next_run_finishes(
    drafted: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "archive"
    killed = start(f"{DECLARATION_TEMP}:SIGKILL", "archive", dest, drafted)
    code, _ = finish(killed)
    assert code == -signal.SIGKILL
    assert [p.name for p in dest.iterdir()] == temps(dest)  # the round's lone temp file
    assert len(temps(dest)) == 1
    result = run_cli("archive", dest, drafted)
    assert result.code == 0, result.stderr
    assert temps(dest) == []
    assert validate(dest) == []
    assert json.loads((dest / SLUG / "inventory.json").read_bytes())["head"] == "v3"


@pytest.mark.parametrize(
    "left",
    [
        {".proeve-0123456789ab.tmp": b""},
        {".proeve-0123456789ab.tmp": b"ocfl_"},
        {".proeve-0123456789ab.tmp": b"ocfl_1.1\n"},
        {"0=ocfl_1.1": b"ocfl_1.1\n", ".proeve-0123456789ab.tmp": b'{\n "extension": "0002'},
    ],
    ids=["empty", "cut short", "whole declaration", "layout beside the declaration"],
)
def test_what_a_killed_run_can_leave_in_a_new_root_is_swept(
    left: dict[str, bytes], drafted: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "archive"
    dest.mkdir()
    for name, data in left.items():
        (dest / name).write_bytes(data)
    result = run_cli("archive", dest, drafted)
    assert result.code == 0, result.stderr
    assert temps(dest) == []
    assert validate(dest) == []


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (".proeve-0123456789ab.tmp", b"my notes\n"),  # our name, not our content
        (".proeve-notours.tmp", b"ocfl_1.1\n"),  # our content, not our name
    ],
)
def test_what_is_not_provably_ours_is_kept_and_named(
    name: str, data: bytes, drafted: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "archive"
    dest.mkdir()
    (dest / name).write_bytes(data)
    result = run_cli("archive", dest, drafted)
    assert result.code == 2, result.stderr
    assert f"it is not empty and not an OCFL root (it holds {name})" in result.stderr
    assert [p.name for p in dest.iterdir()] == [name]
    assert (dest / name).read_bytes() == data


def test_a_second_run_waits_for_the_first_to_make_the_root(drafted: Path, tmp_path: Path) -> None:
    """The round's race, made certain: A is stopped half-way through making DEST, then B comes."""
    dest = tmp_path / "archive"
    first = start(f"{DECLARATION_TEMP}:SIGSTOP", "archive", dest, drafted)
    assert stopped_or_exited(first)  # A holds DEST, its declaration not yet in place
    second = start("fcntl:flock:1:before:SIGSTOP", "archive", dest, drafted)
    # Before the fix B judged DEST before locking it: it saw A's temp file and gave up (exit 2).
    assert stopped_or_exited(second), second.communicate()[1]
    second.send_signal(signal.SIGCONT)  # B now waits on the lock A holds...
    first.send_signal(signal.SIGCONT)  # ...until A has finished
    results = [finish(first), finish(second)]
    assert [code for code, _ in results] == [0, 0], results
    assert "nothing new to archive" in results[1][1]
    assert validate(dest) == []


def test_many_runs_into_a_new_root_at_once_all_succeed(drafted: Path, tmp_path: Path) -> None:
    dest = tmp_path / "archive"
    command = [sys.executable, "-m", "proeve", "archive", str(dest), str(drafted)]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(8)]
    results = [(run.wait(timeout=120), run.stderr.read() if run.stderr else "") for run in runs]
    for run in runs:
        if run.stderr:
            run.stderr.close()
    assert [code for code, _ in results] == [0] * 8, results
    assert sum("added" in err and "nothing new" not in err for _, err in results) == 1
    assert validate(dest) == []


def test_a_full_disk_says_exactly_which_versions_landed(
    drafted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_drafts(drafted, 2)
    dest = tmp_path / "archive"
    real = ocflroot._write_file

    def full_at_v4(path: Path, data: bytes) -> None:
        if "v4" in path.parts:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(path, data)

    monkeypatch.setattr(ocflroot, "_write_file", full_at_v4)
    result = run_cli("archive", dest, drafted, "--json")
    assert result.code == 2, result.stderr
    landed = [f"{SLUG}-v00{n}.pdf as {SLUG} v{n}" for n in (1, 2, 3)]
    assert f"added before it stopped: {', '.join(landed)};" in result.stderr
    assert "the disk is full" in result.stderr
    assert "nothing was added" not in result.stderr
    reported = json.loads(result.stdout)
    assert reported["ok"] is False
    assert [(a["version"], a["draft"]) for a in reported["added"]] == [
        ("v1", 1),
        ("v2", 2),
        ("v3", 3),
    ]
    assert validate(dest) == []  # three whole versions, no half of a fourth
    monkeypatch.setattr(ocflroot, "_write_file", real)
    again = run_cli("archive", dest, drafted, "--json")
    assert again.code == 0, again.stderr
    assert [a["version"] for a in json.loads(again.stdout)["added"]] == ["v4", "v5"]
    assert validate(dest) == []


def test_verify_waits_for_a_run_that_is_adding_a_version(drafted: Path, tmp_path: Path) -> None:
    dest = tmp_path / "archive"
    _archive_first_draft_only(drafted, drafted.parent / "one", dest)
    adding = start(f"{NAMING_V2}:SIGSTOP", "archive", dest, drafted)
    assert stopped_or_exited(adding)  # v2 moved into the object, not yet in its inventory
    checking = start("fcntl:flock:1:before:SIGSTOP", "verify", dest)
    # Before, verify took no lock: it read the object half-way and reported it damaged (exit 1).
    assert stopped_or_exited(checking), checking.communicate()[1]
    checking.send_signal(signal.SIGCONT)
    adding.send_signal(signal.SIGCONT)
    assert finish(adding)[0] == 0
    code, err = finish(checking)
    assert code == 0, err
    assert validate(dest) == []


def test_a_run_killed_while_naming_a_version_is_explained_then_finished(
    drafted: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "archive"
    _archive_first_draft_only(drafted, drafted.parent / "one", dest)
    killed = start(f"{NAMING_V2}:SIGKILL", "archive", dest, drafted)
    assert finish(killed)[0] == -signal.SIGKILL
    checked = run_cli("verify", dest)
    assert checked.code == 1
    lines = checked.stderr.splitlines()
    assert "note: an archive run was interrupted; the next proeve archive tidies up" in lines
    assert (
        f"{dest / SLUG / 'v2'}: a proeve archive run was stopped before naming this version in "
        "inventory.json; run proeve archive again to finish it [fixity]"
    ) in lines
    assert lines[-1] == f"1 problem found in {dest}"
    again = run_cli("archive", dest, drafted)
    assert again.code == 0, again.stderr
    assert "finished the version an interrupted run had left" in again.stderr
    assert run_cli("verify", dest).code == 0
    assert validate(dest) == []


def _archive_first_draft_only(project: Path, scratch: Path, dest: Path) -> None:
    """An archive holding v1 only: archive a copy of the project whose register lists one draft."""
    import shutil

    from proeve.drafts.register import read_register, register_bytes

    copy = Path(shutil.copytree(project, scratch))
    out = copy / "output"
    first = read_register(out)[:1]
    (out / "versions.json").write_bytes(register_bytes(first))
    for extra in sorted(out.glob("*.pdf"))[1:]:
        extra.unlink()
    assert run_cli("archive", dest, copy).code == 0
