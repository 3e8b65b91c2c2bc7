"""Measure a cold `proeve preview` against the import floor, on the example and on 12 initiatives.

Run: python bench/cold_build.py [RUNS]. Prints medians of fresh processes; it is
a measurement, never a test. The floor is `import reportlab.platypus, yaml, click`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from common import PROEVE, cold, example_copy

from conftest import add_initiatives


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    floor = cold([sys.executable, "-c", "import reportlab.platypus, yaml, click"], runs)
    with tempfile.TemporaryDirectory() as tmp:
        example = example_copy(Path(tmp) / "example")
        twelve = example_copy(Path(tmp) / "twelve")
        add_initiatives(twelve, 12, compact=True)
        cold([PROEVE, "preview", str(example)], 1)  # warm the file cache and the pattern cache
        rows = [
            ("import floor", floor),
            ("proeve --version", cold([PROEVE, "--version"], runs)),
            ("proeve check (example)", cold([PROEVE, "check", str(example)], runs)),
            ("proeve preview (example, 5)", cold([PROEVE, "preview", str(example)], runs)),
            ("proeve preview (12 initiatives)", cold([PROEVE, "preview", str(twelve)], runs)),
        ]
    print(f"{'what':34} {'median s':>9} {'x floor':>8}")
    for name, seconds in rows:
        print(f"{name:34} {seconds:9.3f} {seconds / floor:8.2f}")


if __name__ == "__main__":
    main()
