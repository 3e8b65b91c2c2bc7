"""Measure what tagging costs: build time (fresh processes, paired) and PDF size, tagged vs untagged.

Run: python bench/tagging.py [RUNS]. Each run builds the same draft once tagged
and once untagged (`make_pdf(..., tagged=False)`, the same page as PDF/A-3b) in
two fresh processes, in alternating order; the figure is the median of the
paired differences. Then the same in one process, where imports do not count.
A measurement, never a test.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
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


def cold(project: Path, tagged: bool) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", BUILD, str(project), "1" if tagged else "0"], check=True)
    return time.perf_counter() - start


def paired(project: Path, runs: int) -> tuple[float, float, float]:
    """Medians of untagged, tagged and of the per-run difference (fresh processes)."""
    plain, tagged, extra = [], [], []
    cold(project, True)  # caches warm
    for run in range(runs):
        order = (False, True) if run % 2 == 0 else (True, False)
        times = {t: cold(project, t) for t in order}
        plain.append(times[False])
        tagged.append(times[True])
        extra.append(times[True] - times[False])
    return statistics.median(plain), statistics.median(tagged), statistics.median(extra)


def warm(project: Path, runs: int) -> tuple[float, float]:
    """Medians of make_pdf in this process (imports paid once), untagged and tagged."""
    from proeve.chain import gather, make_pdf
    from proeve.identity import Edition

    sources = gather(project)
    out: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(runs):
        for tagged in (False, True):
            start = time.perf_counter()
            make_pdf(*sources, Edition("draft", 1), tagged=tagged)
            out[tagged].append(time.perf_counter() - start)
    return statistics.median(out[False]), statistics.median(out[True])


def sizes(project: Path) -> tuple[int, int]:
    from proeve.chain import gather, make_pdf
    from proeve.identity import Edition

    sources = gather(project)
    return tuple(  # type: ignore[return-value]
        len(make_pdf(*sources, Edition("draft", 1), tagged=t).pdf) for t in (False, True)
    )


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as tmp:
        projects = {"example (5)": example_copy(Path(tmp) / "example")}
        for name, count in (("dense (7 compact)", 7), ("12 compact", 12)):
            projects[name] = example_copy(Path(tmp) / name.split()[0])
            add_initiatives(projects[name], count, compact=True)
        print(f"{'document':18} {'untagged':>9} {'tagged':>9} {'+ KB':>6}")
        for name, project in projects.items():
            plain, tagged = sizes(project)
            print(
                f"{name:18} {plain / 1024:8.1f}K {tagged / 1024:8.1f}K {(tagged - plain) / 1024:6.1f}"
            )
        print()
        print(f"{'build (ms)':18} {'untagged':>9} {'tagged':>9} {'paired +':>9} {'+%':>6}")
        for name, project in projects.items():
            plain, tagged, extra = paired(project, runs)
            print(f"{name + ', cold':18} {plain * 1e3:9.0f} {tagged * 1e3:9.0f} "
                  f"{extra * 1e3:9.1f} {extra / plain:6.1%}")  # fmt: skip
            plain, tagged = warm(project, runs)
            print(f"{name + ', warm':18} {plain * 1e3:9.1f} {tagged * 1e3:9.1f} "
                  f"{(tagged - plain) * 1e3:9.1f} {(tagged - plain) / plain:6.1%}")  # fmt: skip


if __name__ == "__main__":
    main()
