"""Save -> the new page painted in the browser, with `proeve serve` and headless Chromium.

Runs the installed `proeve serve` on a copy of the example, opens its page in
Debian's chromium through Playwright (`pip install playwright`; no browser
download), then saves an input file again and again (the overview, an
initiative, the template, in turn: real edits of what the page shows) and
times each save from just before the file is written to the start of the
frame that paints the new image (its requestAnimationFrame timestamp, once the
image was fetched, decoded and put in place); the start of the frame after
that one, when the paint is surely done, is given too. Clock: wall time in ms since
the epoch on both sides (Python's time.time, the page's performance.timeOrigin
+ the frame's timestamp). Prints the figures; never a test.

    python3 bench/serve.py [--saves N] [--pause SECONDS] [--chromium PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PROEVE, example_copy
from watch import FILES, cpu_seconds, save

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--pause", type=float, default=0.4, help="seconds between saves")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = example_copy(Path(folder) / "project")
        server = subprocess.Popen(
            [PROEVE, "serve", str(project), "--port", "0", "--json", "-q"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert server.stdout is not None
        url = json.loads(server.stdout.readline())["url"]
        rows: list[tuple[str, float, float, float, int, int, float]] = []
        cpu_before = cpu_after = None
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=args.chromium, args=ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1100})
                page.goto(url)
                page.wait_for_function("() => window.proeve.painted > 0", timeout=60_000)
                time.sleep(1.0)  # the watch is in place
                cpu_before = cpu_seconds(server.pid)
                for round_ in range(args.saves):
                    name = FILES[round_ % len(FILES)]
                    seen = page.evaluate("() => window.proeve.version")
                    began = time.time() * 1000
                    save(project, name)
                    page.wait_for_function(f"() => window.proeve.version > {seen}")
                    shown = page.evaluate("() => window.proeve")
                    state = shown["state"]
                    rows.append((name, shown["painted"] - began, shown["received"] - began,
                                 shown["decoded"] - began, state["ms"],
                                 state["image_ms"] + state["regions_ms"],
                                 shown["after"] - began))  # fmt: skip
                    time.sleep(args.pause)
                cpu_after = cpu_seconds(server.pid)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    report(rows, args.pause)
    if cpu_before is not None and cpu_after is not None:
        mean = (cpu_after - cpu_before) / len(rows) * 1000
        print(f"the server's CPU time per save (mean, /proc): {mean:.0f} ms")
    return 0


def report(rows: list[tuple[str, float, float, float, int, int, float]], pause: float) -> None:
    every = [r[1] for r in rows]
    print(f"proeve serve, {len(rows)} saves, {pause:g} s apart: save -> new page painted")
    print(f"{'saved file':<40} {'median':>8} {'max':>8}")
    for name in FILES:
        values = [r[1] for r in rows if r[0] == name]
        print(f"{name:<40} {statistics.median(values):7.0f}  {max(values):7.0f}  ms")
    print(f"{'all':<40} {statistics.median(every):7.0f}  {max(every):7.0f}  ms")
    print("medians of the steps, from the save:")
    steps = (
        ("the rebuild in the server (its own clock)", [r[4] for r in rows]),
        ("drawing the image and placing the fields", [r[5] for r in rows]),
        ("the new state received by the page", [r[2] for r in rows]),
        ("the new image fetched and decoded, in place", [r[3] for r in rows]),
        ("the frame that paints it starts", every),
        ("the frame after that one starts", [r[6] for r in rows]),
    )
    for what, values in steps:
        print(f"  {what:<46} {statistics.median(values):5.0f} ms")
    print("target: median <= 150 ms")


if __name__ == "__main__":
    sys.exit(main())
