"""Measure proeve's own import cost, and a cold preview paired against another checkout.

Run: python bench/imports.py [--runs N] [--against PATH/TO/OTHER/src]

1. proeve's own imports: what a cold `proeve preview` imports of proeve, timed
   in fresh processes after its dependencies are already imported (CPU time, so
   other load on the machine counts less), reported as median and minimum.
2. With --against: the same for the other checkout's source tree (given as its
   src/ folder; its modules are found by name), and cold `proeve preview` of the
   example with both, in pairs (A B A B ...), quoting the median of the ratios.
   Each side previews its own checkout's example (an older proeve may not read
   today's inputs and template).

Bytecode caches must be written for this to mean anything: PYTHONDONTWRITEBYTECODE
is dropped from the children's environment. A measurement, never a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import example_copy

DEPENDENCIES = (
    "yaml, click, json, hashlib, difflib, unicodedata, datetime, functools, io, re, "
    "subprocess, contextlib, secrets, tempfile, logging, marshal, itertools, math, "
    "pathlib, typing, importlib.resources, importlib.util, errno, stat, dataclasses, "
    "reportlab.platypus, reportlab.pdfgen.canvas, reportlab.pdfbase.ttfonts, "
    "reportlab.lib.pagesizes, reportlab.pdfbase.pdfdoc, reportlab.lib.units, "
    "reportlab.lib.colors, reportlab.lib.styles, reportlab.pdfbase.pdfmetrics"
)
# What `proeve preview` imports of proeve, in the layout of 2026-11 and before it.
STAGED = (
    "proeve.cli, proeve.cli.engine, proeve.drafts.preview, proeve.chain, proeve.page.layout, "
    "proeve.page.draw, proeve.pdf.write, proeve.drafts.folder"
)
FLAT = "proeve.cli, proeve.cli.engine, proeve.preview, proeve.build, proeve.layout, proeve.render"
PROBE = """
import time
import {deps}
import importlib.util, sys
names = {staged!r} if importlib.util.find_spec("proeve.chain") else {flat!r}
del sys.modules["proeve"]
start = time.process_time()
for name in names.split(", "):
    __import__(name)
print((time.process_time() - start) * 1000)
"""


def environment(src: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def import_ms(src: Path | None) -> float:
    probe = PROBE.format(deps=DEPENDENCIES, staged=STAGED, flat=FLAT)
    done = subprocess.run(
        [sys.executable, "-c", probe], env=environment(src), capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    return float(done.stdout)


def preview_s(src: Path | None, project: Path) -> float:
    command = [sys.executable, "-c", "from proeve.cli import main; main()", "preview", str(project)]
    start = time.perf_counter()
    subprocess.run(command, env=environment(src), capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--against", type=Path, help="another checkout's src/ folder")
    args = parser.parse_args()
    import_ms(None)  # write the bytecode caches
    if args.against:
        import_ms(args.against)
    ours = [import_ms(None) for _ in range(args.runs)]
    print(f"proeve's own imports (this checkout): median {statistics.median(ours):.1f} ms, "
          f"min {min(ours):.1f} ms CPU over {args.runs} processes")  # fmt: skip
    if not args.against:
        return
    theirs = [import_ms(args.against) for _ in range(args.runs)]
    print(f"proeve's own imports ({args.against}): median {statistics.median(theirs):.1f} ms, "
          f"min {min(theirs):.1f} ms")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        project = example_copy(Path(tmp) / "example")
        other = Path(tmp) / "other"
        for folder in ("inputs", "templates"):
            shutil.copytree(args.against.parent / folder, other / folder)
        preview_s(None, project), preview_s(args.against, other)  # warm caches
        pairs = []
        for _ in range(args.runs):
            ours_s, theirs_s = preview_s(None, project), preview_s(args.against, other)
            pairs.append((ours_s, theirs_s))
    ratios = [a / b for a, b in pairs]
    print(f"cold preview, this / other: median of {len(pairs)} paired ratios "
          f"{statistics.median(ratios):.3f} (medians {statistics.median(p[0] for p in pairs):.3f}"
          f" s vs {statistics.median(p[1] for p in pairs):.3f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
