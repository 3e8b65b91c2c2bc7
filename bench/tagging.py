"""Measure what tagging costs: PDF size, render time and build time, tagged vs untagged.

Run: python bench/tagging.py [RUNS]. The same draft is made tagged and untagged
(`tagged=False`: the same page as PDF/A-3b), in alternating order, and every
figure is a median of paired runs:

* render: painting and saving a fitted layout (write_pdf), CPU time in this
  process: the part tagging touches, least disturbed by a busy machine;
* build: make_pdf in this process (validate, fit, render), CPU time;
* cold: a fresh process building the draft, wall time (imports included), as
  `proeve build` pays it.

A measurement, never a test.
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from common import example_copy

from conftest import add_initiatives

BUILD = """
import sys
from pathlib import Path
from proeve.chain import gather, make_pdf
from proeve.identity import Edition
make_pdf(*gather(Path(sys.argv[1])), Edition("draft", 1), tagged=sys.argv[2] == "1")
"""


def paired(run: Callable[[bool], float], runs: int) -> tuple[float, float, float]:
    """Medians of untagged, tagged, and of the per-pair difference."""
    plain, tagged, extra = [], [], []
    run(True)
    run(False)  # warm caches
    for index in range(runs):
        order = (False, True) if index % 2 == 0 else (True, False)
        times = {t: run(t) for t in order}
        plain.append(times[False])
        tagged.append(times[True])
        extra.append(times[True] - times[False])
    return statistics.median(plain), statistics.median(tagged), statistics.median(extra)


def cold(project: Path) -> Callable[[bool], float]:
    def run(tagged: bool) -> float:
        start = time.perf_counter()
        command = [sys.executable, "-c", BUILD, str(project), "1" if tagged else "0"]
        subprocess.run(command, check=True)
        return time.perf_counter() - start

    return run


def build(project: Path) -> Callable[[bool], float]:
    from proeve.chain import gather, make_pdf
    from proeve.identity import Edition

    sources = gather(project)

    def run(tagged: bool) -> float:
        start = time.process_time()
        make_pdf(*sources, Edition("draft", 1), tagged=tagged)
        return time.process_time() - start

    return run


def render(project: Path) -> Callable[[bool], float]:
    from proeve.chain import fit, gather
    from proeve.page.draw import paint_page
    from proeve.page.fonts import register
    from proeve.pdf import write

    sources, name = gather(project)
    fitted = fit(sources, name)
    when = dt.datetime(2026, 11, 28, tzinfo=dt.timezone.utc)
    meta = write.Metadata("t", "a", "s", "k", "nl-NL", "c", "p", when)
    files = [write.Attachment(n, sources[n], "application/yaml") for n in sources]
    font = register(fitted.template.font).regular

    def paint(pen: object) -> None:
        paint_page(pen, fitted.layout, fitted.template, "CONCEPT")  # type: ignore[arg-type]

    def run(tagged: bool) -> float:
        start = time.process_time()
        write.write_pdf((595.0, 842.0), meta, files, font, paint, tagged)
        return time.process_time() - start

    return run


def size(project: Path, tagged: bool) -> int:
    from proeve.chain import gather, make_pdf
    from proeve.identity import Edition

    return len(make_pdf(*gather(project), Edition("draft", 1), tagged=tagged).pdf)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    with tempfile.TemporaryDirectory() as tmp:
        projects = {"example (5)": example_copy(Path(tmp) / "example")}
        for name, count in (("dense (7)", 7), ("12 compact", 12)):
            projects[name] = example_copy(Path(tmp) / name.split()[0])
            add_initiatives(projects[name], count, compact=True)
        print(f"{'size':22} {'untagged':>9} {'tagged':>9} {'+ KB':>6}")
        for name, project in projects.items():
            plain, tagged = size(project, False), size(project, True)
            print(f"{name:22} {plain / 1024:8.1f}K {tagged / 1024:8.1f}K "
                  f"{(tagged - plain) / 1024:6.1f}")  # fmt: skip
        head = f"{'ms (median of pairs)':22} {'untagged':>9} {'tagged':>9} {'paired+':>8}"
        print(f"\n{head} {'+%':>6}")
        for name, project in projects.items():
            for kind, make in (("render", render), ("build", build), ("cold", cold)):
                plain, tagged, extra = paired(make(project), runs)
                print(f"{name + ' ' + kind:22} {plain * 1e3:9.1f} {tagged * 1e3:9.1f} "
                      f"{extra * 1e3:8.1f} {extra / plain:6.1%}")  # fmt: skip


if __name__ == "__main__":
    main()
