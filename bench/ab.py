"""Paired A/B of a cold `proeve CMD` between two source trees, with a check of the PDF bytes.

Run from the project root: python bench/ab.py A B [--pairs N] [--cmd preview|build|check].
A and B are `SRC[:EXTRA...]`: a proeve src/ folder (e.g. a worktree's src), then
optional extra sys.path entries, put first on PYTHONPATH for this installation's
`proeve`; `-` instead of SRC is the installed proeve. Each pair runs A and B once,
the order alternating (AB, BA, ...), each on its own copy of the example. Prints
the medians, the median of the per-pair B/A ratios and differences, for wall and
CPU time, and whether both wrote the same PDF bytes. A measurement, never a test.
Unset PYTHONDONTWRITEBYTECODE first: with it set, every cold run recompiles every module.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import PROEVE, example_copy  # noqa: E402 (found through sys.path above)


def once(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--pairs", type=int, default=21)
    ap.add_argument("--cmd", default="preview", choices=["preview", "build", "check"])
    args = ap.parse_args()
    base = dict(os.environ)
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("note: PYTHONDONTWRITEBYTECODE was set; unset for the runs")
    sides = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, spec in (("A", args.a), ("B", args.b)):
            project = example_copy(Path(tmp) / name)
            paths = [p for p in spec.split(":") if p and p != "-"]
            env = dict(base, PYTHONPATH=os.pathsep.join(paths)) if paths else dict(base)
            command = [PROEVE, args.cmd, str(project)]
            if args.cmd == "build":
                command += ["-m", "bench"]
            sides[name] = (command, env, project)
        for command, env, _ in sides.values():  # warm: bytecode, caches
            once(command, env)
            once(command, env)
        wall: dict[str, list[float]] = {"A": [], "B": []}
        cpu: dict[str, list[float]] = {"A": [], "B": []}
        for i in range(args.pairs):
            for name in ("A", "B") if i % 2 == 0 else ("B", "A"):
                w, c = once(*sides[name][:2])
                wall[name].append(w)
                cpu[name].append(c)
        same = None
        if args.cmd == "preview":
            pdfs = [(sides[n][2] / "output" / "preview.pdf").read_bytes() for n in ("A", "B")]
            same = pdfs[0] == pdfs[1]
    print(f"A = {args.a}\nB = {args.b}\n{args.pairs} pairs of cold `proeve {args.cmd}`, AB/BA")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    for title, t in (("wall", wall), ("cpu", cpu)):
        a, b = t["A"], t["B"]
        ratio = statistics.median(y / x for x, y in zip(a, b, strict=True))
        diff = statistics.median(y - x for x, y in zip(a, b, strict=True))
        faster = sum(y < x for x, y in zip(a, b, strict=True))
        print(
            f"{title:5} median A {statistics.median(a) * 1000:6.0f} ms"
            f"  B {statistics.median(b) * 1000:6.0f} ms  B/A {ratio:5.3f}"
            f"  B-A {diff * 1000:+6.1f} ms  B faster in {faster}/{len(a)}"
        )
    if same is not None:
        print("same PDF bytes:", same)


if __name__ == "__main__":
    main()
