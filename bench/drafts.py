"""Cold `proeve build` vs cold `proeve preview`, and `proeve log` on 1,000 drafts -> timings.

Run: python3 bench/drafts.py [--runs N]. Each figure is the median wall time of
separate processes (cold: a new interpreter each time), measured as an editor
would see it. Build and preview runs alternate so that background load hits both.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PROEVE, example_copy


def timed(*args: str | Path) -> float:
    """Wall time of one fresh `proeve ARGS` process."""
    start = time.perf_counter()
    subprocess.run([PROEVE, *map(str, args)], check=True, capture_output=True)
    return time.perf_counter() - start


def git_repository(project: Path) -> None:
    """Commit the inputs, as in a clone: build then also looks up the commit."""
    git = ["git", "-C", str(project), "-c", "user.name=bench", "-c", "user.email=bench@invalid"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "inputs", "templates"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "inputs"], check=True)


def build_vs_preview(where: Path, runs: int) -> tuple[float, float]:
    """Medians of cold preview and cold build; every build makes a real new draft."""
    project = example_copy(where)
    git_repository(project)
    overview = project / "inputs" / "overview.yaml"
    timed("preview", project)  # warm the file cache, not the interpreter
    previews, builds = [], []
    for i in range(runs):
        previews.append(timed("preview", project))
        # A new comment: new sources, so the build cannot stop at "unchanged".
        overview.write_text(overview.read_text(encoding="utf-8") + f"# run {i}\n", "utf-8")
        builds.append(timed("build", project, "-m", f"run {i}"))
    return statistics.median(previews), statistics.median(builds)


def synthetic_register(where: Path, count: int) -> Path:
    """A project whose output/ holds `count` drafts (copies of one real draft), registered."""
    project = example_copy(where)
    subprocess.run([PROEVE, "build", project], check=True, capture_output=True)
    out = project / "output"
    register = json.loads((out / "versions.json").read_text(encoding="utf-8"))
    first = register["drafts"][0]
    pdf = (out / first["file"]).read_bytes()
    digest = hashlib.sha256(pdf).hexdigest()
    drafts = []
    for n in range(1, count + 1):
        name = f"economie-en-werk-v{n:03d}.pdf"
        (out / name).write_bytes(pdf)
        drafts.append({**first, "version": n, "file": name, "sha256": digest})
    register["drafts"] = drafts
    (out / "versions.json").write_text(json.dumps(register, indent=1), encoding="utf-8")
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        preview, build = build_vs_preview(Path(tmp) / "a", runs)
        project = synthetic_register(Path(tmp) / "b", 1000)
        size = sum(p.stat().st_size for p in (project / "output").glob("*.pdf"))
        timed("log", project)  # warm the file cache
        log = statistics.median(timed("log", project) for _ in range(runs))
        log_json = statistics.median(timed("log", project, "--json") for _ in range(runs))
    print(f"runs per figure (median):           {runs}")
    print(f"cold proeve preview:                {preview * 1000:6.0f} ms")
    print(f"cold proeve build (new draft):      {build * 1000:6.0f} ms")
    print(f"build costs more than preview by:   {(build / preview - 1) * 100:6.1f} %")
    print(f"proeve log, 1,000 drafts ({size / 2**20:.0f} MiB): {log * 1000:6.0f} ms")
    print(f"proeve log --json, 1,000 drafts:    {log_json * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
