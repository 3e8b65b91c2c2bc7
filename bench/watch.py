"""Save -> new preview.pdf latency of `proeve preview --watch`, as an editor sees it.

Runs the installed `proeve preview --watch` on a copy of the example, then saves
an input file again and again (the overview, an initiative, the template, in
turn), each save a real edit of what the page shows (a word in the intro, a
partner more or less, the accent colour), and times each save to the moment the
watcher says it wrote the new preview.pdf (it says so once the file is complete
and in place). Between saves it pauses as a person would. Prints the figures;
never a test.

    python3 bench/watch.py [--saves N] [--pause SECONDS]
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PROEVE, example_copy

FILES = ("inputs/overview.yaml", "inputs/initiatives/mkb-roltrap.yaml", "templates/default.yaml")


def read_lines(stream: object, out: queue.Queue[tuple[float, str]]) -> None:
    """Each line of the watcher's stderr with the moment it arrived."""
    for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
        out.put((time.perf_counter(), line.rstrip("\n")))


def wait_for_write(
    lines: queue.Queue[tuple[float, str]], timeout: float = 10.0
) -> tuple[float, str]:
    deadline = time.monotonic() + timeout
    while True:
        when, line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        if line.startswith("wrote "):
            return when, line
        if line.startswith("proeve:") or re.match(r"\S.*?:\d+:\d+: error: ", line):
            raise RuntimeError(f"the watcher reported a problem: {line}")


EDITS = {  # each file's edit, and back: both are real changes to the page
    "inputs/overview.yaml": ("vijf aanpakken", "vijf verschillende aanpakken"),
    "inputs/initiatives/mkb-roltrap.yaml": ("  - VNG\n", "  - VNG\n  - Kamer van Koophandel\n"),
    "templates/default.yaml": ('accent: "#1B5E8C"', 'accent: "#1B5E8D"'),
}


def save(project: Path, name: str) -> None:
    """Save the file with its edit made, or undone, as an editor writes a file in place."""
    path = project / name
    text = path.read_text(encoding="utf-8")
    old, new = EDITS[name]
    changed = (
        text.replace(old, new, 1) if old in text and new not in text else text.replace(new, old, 1)
    )
    assert changed != text, name
    path.write_text(changed, encoding="utf-8")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=45)
    parser.add_argument("--pause", type=float, default=0.4, help="seconds between saves")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = example_copy(Path(folder) / "project")
        watcher = subprocess.Popen(
            [PROEVE, "preview", str(project), "--watch"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        lines: queue.Queue[tuple[float, str]] = queue.Queue()
        threading.Thread(target=read_lines, args=(watcher.stderr, lines), daemon=True).start()
        try:
            wait_for_write(lines, timeout=30)  # the first build (cold)
            time.sleep(1.0)  # the watch is in place
            latencies: dict[str, list[float]] = {name: [] for name in FILES}
            rebuilds: list[float] = []
            cpu_before = cpu_seconds(watcher.pid)
            for round_ in range(args.saves):
                name = FILES[round_ % len(FILES)]
                began = time.perf_counter()
                save(project, name)
                done, line = wait_for_write(lines)
                latencies[name].append((done - began) * 1000)
                rebuilds.append(float(line.split(" in ", 1)[1].split(" ms", 1)[0]))
                time.sleep(args.pause)
            cpu_after = cpu_seconds(watcher.pid)
        finally:
            watcher.terminate()
            watcher.wait(timeout=10)
    every = [ms for values in latencies.values() for ms in values]
    print(f"proeve preview --watch, {len(every)} saves, {args.pause:g} s apart")
    print(f"{'saved file':<40} {'median':>8} {'max':>8}")
    for name, values in latencies.items():
        print(f"{name:<40} {statistics.median(values):7.0f}  {max(values):7.0f}  ms")
    print(f"{'all':<40} {statistics.median(every):7.0f}  {max(every):7.0f}  ms")
    print(f"of which the rebuild in the watcher: median {statistics.median(rebuilds):.0f} ms, "
          f"max {max(rebuilds):.0f} ms")  # fmt: skip
    if cpu_before is not None and cpu_after is not None:
        mean = (cpu_after - cpu_before) / len(every) * 1000
        print(f"the watcher's CPU time per save (mean, /proc): {mean:.0f} ms")
    print("targets: median <= 100 ms, max <= 200 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
