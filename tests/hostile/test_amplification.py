"""A small PDF that inflates to hundreds of MiB of attachments is refused early, in bounded memory.

The round's reproducer: 865 KiB, 199 attachments of 4 MiB with names proeve
itself writes. Before the one reader bounded count and total, `diff`,
`extract` and `verify` used about 850 MB and `extract` wrote 797 MB, exit 0.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from draftkit import add_drafts, snapshot
from forge import amplification

# Peak resident memory of one `proeve` process, as its parent sees it (Linux: KiB).
MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(done.stderr)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
PEAK_LIMIT_MB = 200  # a cold proeve diff is about 35 MB; the unbounded read took 850 MB

CASES = {
    "199 x 4 MiB": (199, "more than 100 embedded files; refusing it"),
    "99 x 4 MiB": (99, "its embedded files hold more than 24 MiB; refusing it"),
}


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    made = {}
    for name, (count, _) in CASES.items():
        path = folder / f"{count}.pdf"
        path.write_bytes(amplification(count))
        made[name] = path
    return made


def measured(*args: str | Path) -> tuple[int, int, str]:
    """Exit code, peak memory in MB and stderr of `python -m proeve ARGS` in a fresh process."""
    command = [sys.executable, "-c", MEASURE, sys.executable, "-m", "proeve", *map(str, args)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    code, peak = done.stdout.split()
    return int(code), int(peak) // 1024, done.stderr


def test_the_reproducer_is_the_rounds_file(bombs: dict[str, Path]) -> None:
    assert 800 * 1024 < bombs["199 x 4 MiB"].stat().st_size < 900 * 1024


@pytest.mark.parametrize("case", sorted(CASES))
def test_diff_refuses_it_in_bounded_memory(
    case: str, bombs: dict[str, Path], project: Path, tmp_path: Path
) -> None:
    add_drafts(project, 1)
    draft = next((project / "output").glob("*-v001.pdf"))
    code, peak, stderr = measured("diff", draft, bombs[case], "--pdf", tmp_path / "review.pdf")
    assert code == 2, stderr
    assert CASES[case][1] in stderr
    assert stderr.count("\n") == 1, stderr  # one line, no traceback
    assert peak < PEAK_LIMIT_MB
    assert not (tmp_path / "review.pdf").exists()


@pytest.mark.parametrize("case", sorted(CASES))
def test_extract_refuses_it_in_bounded_memory_and_writes_nothing(
    case: str, bombs: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "out"
    code, peak, stderr = measured("extract", bombs[case], target)
    assert code == 2, stderr
    assert CASES[case][1] in stderr
    assert peak < PEAK_LIMIT_MB
    assert not target.exists()


@pytest.mark.parametrize("case", sorted(CASES))
def test_verify_reports_it_in_one_line_in_bounded_memory(case: str, bombs: dict[str, Path]) -> None:
    """verify reports what it finds (exit 1), here one line instead of one per broken rule."""
    code, peak, stderr = measured("verify", bombs[case])
    assert code == 1, stderr
    lines = stderr.splitlines()
    assert lines[0] == f"{bombs[case]}: {CASES[case][1]} [proeve:readable]"
    assert lines[1:] == [f"1 problem found in {bombs[case]}"]
    assert peak < PEAK_LIMIT_MB


def test_extract_in_process_leaves_the_folder_as_it_was(
    bombs: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep.yaml").write_bytes(b"title: mine\n")
    before = snapshot(target)
    result = run_cli("extract", bombs["99 x 4 MiB"], target, "--force")
    assert result.code == 2, result.stderr
    assert snapshot(target) == before
