"""Measure a cold `proeve preview` against the Typst yardstick and the import floor, paired.

Run from the project root: python bench/typst.py [RUNS] [--typst PATH]. PATH is the
yardstick's typst_yaml.py (default: $TYPST_YAML, else shared/bench/typst/ beside the
project); it needs `pip install typst`. Both lay out the same copy of the example
(inputs + templates). The machine is shared and noisy, so the three commands run
interleaved, one of each per round in a rotating order, and each ratio is the median
of the per-round ratios rather than a ratio of medians. A measurement, never a test.
Unset PYTHONDONTWRITEBYTECODE first: with it set, every cold run recompiles every module.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
# In bench/ this finds common.py beside it; run from elsewhere, the project root's bench/.
sys.path.insert(0, str(Path.cwd() / "bench"))
sys.path.insert(0, str(HERE))

from common import PROEVE, ROOT, example_copy  # noqa: E402 (found through sys.path above)

FLOOR = [sys.executable, "-c", "import reportlab.platypus, yaml, click"]


def default_typst() -> Path:
    if os.environ.get("TYPST_YAML"):
        return Path(os.environ["TYPST_YAML"])
    for base in (ROOT.parent, ROOT.parent.parent, Path("/work")):
        candidate = base / "shared" / "bench" / "typst" / "typst_yaml.py"
        if candidate.exists():
            return candidate
    raise SystemExit("typst_yaml.py not found: pass --typst PATH or set TYPST_YAML")


def once(command: Sequence[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def interleaved(
    commands: dict[str, list[str]], rounds: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU times per command, one run of each per round, the order rotating."""
    names = list(commands)
    wall: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    for r in range(rounds):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            w, c = once(commands[name])
            wall[name].append(w)
            cpu[name].append(c)
    return wall, cpu


def paired_ratio(a: list[float], b: list[float]) -> float:
    return statistics.median(x / y for x, y in zip(a, b, strict=True))


def main(argv: list[str]) -> None:
    typst_script = default_typst()
    if "--typst" in argv:
        i = argv.index("--typst")
        typst_script = Path(argv[i + 1])
        del argv[i : i + 2]
    rounds = int(argv[0]) if argv else 21
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("note: PYTHONDONTWRITEBYTECODE is set: every cold run recompiles (unset it)")
    with tempfile.TemporaryDirectory() as tmp:
        project = example_copy(Path(tmp) / "example")
        (project / "output").mkdir()  # typst_yaml.py writes output/typst.pdf but never creates it
        commands = {
            "import floor": FLOOR,
            "proeve preview": [PROEVE, "preview", str(project)],
            "typst_yaml.py": [sys.executable, str(typst_script), str(project)],
        }
        for command in commands.values():  # warm file cache, bytecode, pattern cache
            once(command)
        wall, cpu = interleaved(commands, rounds)
    print(f"{rounds} rounds, interleaved; ratios are medians of per-round ratios")
    for title, t in (("wall", wall), ("CPU (user+sys)", cpu)):
        floor, typst = t["import floor"], t["typst_yaml.py"]
        print(f"{title + ' median ms':26} {'median':>7} {'IQR':>11} {'x floor':>8} {'x typst':>8}")
        for name, runs in t.items():
            q1, _, q3 = statistics.quantiles(runs, n=4)
            print(
                f"{name:26} {statistics.median(runs) * 1000:7.0f} "
                f"{q1 * 1000:5.0f}-{q3 * 1000:<5.0f} "
                f"{paired_ratio(runs, floor):8.2f} {paired_ratio(runs, typst):8.2f}"
            )
        beyond = {
            n: statistics.median(x - f for x, f in zip(t[n], floor, strict=True))
            for n in ("proeve preview", "typst_yaml.py")
        }
        print(
            f"{'beyond the floor (paired)':26} proeve {beyond['proeve preview'] * 1000:.0f} ms,"
            f" typst {beyond['typst_yaml.py'] * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
