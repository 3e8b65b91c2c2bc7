"""Cold `proeve diff 1 2` and `proeve diff 1 2 --pdf` vs a cold `proeve preview` -> timings.

Run: python3 bench/diff.py [--runs N]. Two drafts of the example with the edits
of the issue (a new partner, a changed figure, a removed next step, a reordered
initiative); each figure is the median wall time of fresh processes, and the
three commands take turns so that background load hits all of them. It is a
measurement, never a test. Targets: under 2x preview, under 4x with --pdf.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PROEVE, example_copy

MKB = "inputs/initiatives/mkb-roltrap.yaml"
ORDER = "inputs/overview.yaml"
EDITS = [
    (MKB, "  - VNG\n", "  - VNG\n  - Kamer van Koophandel\n"),
    (MKB, 'value: "4"', 'value: "5"'),
    (MKB, "  - Deze proeve de komende maanden bespreken in de pijler\n", ""),
    (ORDER, "  - human-capital\n  - smart-cities\n", "  - smart-cities\n  - human-capital\n"),
]


def timed(*args: str | Path, ok: tuple[int, ...] = (0,)) -> float:
    """Wall time of one fresh `proeve ARGS` process (diff exits 1 when drafts differ)."""
    start = time.perf_counter()
    done = subprocess.run([PROEVE, *map(str, args)], capture_output=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(f"proeve {' '.join(map(str, args))}: {done.stderr.decode()}")
    return seconds


def two_drafts(where: Path) -> Path:
    project = example_copy(where)
    timed("build", project, "-m", "eerste ronde")
    for name, old, new in EDITS:
        path = project / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    timed("build", project, "-m", "tweede ronde")
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        project = two_drafts(Path(tmp) / "example")
        review = Path(tmp) / "review.pdf"
        commands = {
            "cold proeve preview": (("preview", project), (0,)),
            "cold proeve diff 1 2": (("diff", "1", "2", project), (1,)),
            "cold proeve diff 1 2 --pdf": (("diff", "1", "2", project, "--pdf", review), (1,)),
        }
        for args, ok in commands.values():  # warm the file cache, not the interpreter
            timed(*args, ok=ok)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, (args, ok) in commands.items():
                times[name].append(timed(*args, ok=ok))
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["cold proeve preview"]
    print(f"{runs} runs each, medians")
    for name, seconds in medians.items():
        print(f"{name:30} {seconds * 1000:6.0f} ms  {seconds / base:4.2f}x preview")


if __name__ == "__main__":
    main()
