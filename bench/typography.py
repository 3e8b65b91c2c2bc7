"""Set the example and the test documents and count what a typographer counts.

Run from the project root: python bench/typography.py [PROJECT ...] (default: the
example, tests/data/docs/*, and the page `proeve init` makes). For each: the size,
lines of running text, how many end in a hyphen (the issue's goal: at most 8%),
the longest run of them (never three), paragraphs ending on a broken word, words
broken without a hyphen, one-word title lines. A measurement, never a test
(tests/page/test_composer.py holds the same goals as tests).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from proeve.chain import fit, gather
from proeve.identity import Edition
from proeve.page.audit import count, lines_of

ROOT = Path(__file__).resolve().parents[1]


def projects(args: list[str]) -> list[Path]:
    if args:
        return [Path(a) for a in args]
    found = [ROOT, *sorted(p for p in (ROOT / "tests/data/docs").iterdir() if p.is_dir())]
    starter = Path(tempfile.mkdtemp()) / "starter"
    from proeve.inputs.starter import init_project

    init_project(starter)
    return [*found, starter]


def main(args: list[str]) -> None:
    print(f"{'document':<14} {'size':>5} {'lines':>5} {'hyph':>5} {'share':>6} "
          f"{'run':>3} {'last':>4} {'bare':>4} {'title':>5}")  # fmt: skip
    for project in projects(args):
        try:
            fitted = fit(*gather(project), Edition())
        except Exception as error:  # an overflowing test document: say so, go on
            print(f"{project.name:<14} {type(error).__name__}")
            continue
        c = count(lines_of(fitted.layout, fitted.template))
        print(f"{project.name:<14} {fitted.layout.font_size:>5} {c.lines:>5} {c.hyphens:>5} "
              f"{c.share:>6.1%} {c.hyphens_in_row:>3} {c.last_broken:>4} {c.bare:>4} "
              f"{c.lonely_titles:>5}")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
