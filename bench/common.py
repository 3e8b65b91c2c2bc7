"""Shared helpers for the benchmark scripts: cold runs of commands, medians, example projects."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROEVE = str(Path(sys.executable).with_name("proeve"))


def cold(command: Sequence[str], runs: int = 9, cwd: Path | None = None) -> float:
    """Median wall time of `runs` fresh processes (each pays every import again)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def example_copy(target: Path) -> Path:
    """A fresh copy of the example project (inputs + templates) in `target`."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "inputs", target / "inputs")
    shutil.copytree(ROOT / "templates", target / "templates")
    return target
