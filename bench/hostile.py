"""The adversarial round, rerun: fuzzed inputs, parallel builds, SIGKILLs, hostile PDFs -> figures.

Run: python3 bench/hostile.py [--fuzz N] [--builders M] [--rounds R] [--kills K] [--seed S]
     python3 bench/hostile.py --pdfs-only   (the hostile PDFs alone: about a minute)

- fuzz: N mutations of the example project (bytes flipped, values swapped for
  nasty ones, keys dropped, template numbers and logos changed), each run
  through `proeve check` in-process; counted: tracebacks or internal errors,
  hangs (over 30 s), and exit-1 messages that name no file:line:col.
- builders: M builds started at once into one output/ (each from its own
  sources), R rounds; counted: numbers repeated or skipped, drafts that do
  not match the register.
- kills: K `proeve build` and K `proeve archive` runs killed (SIGKILL) at a
  random moment; after each, no registered draft may be lost or changed, and
  after the next whole run the output folder and the archive must verify.
- hostile PDFs: every reproducer of tests/hostile/forge.py through diff,
  extract, verify and comments: exit code, seconds, peak memory, files written
  outside.

It is a measurement with random timing (that is its point), never a test.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "hostile"))

from common import example_copy

PYTHON = sys.executable
NASTY = [
    "", "~", "null", "[]", "{}", "-1", "0", "1e999", "9" * 5000, "0.0000001", "*anchor",
    "&a x", "!!python/object:os.system x", "\t", "\u202e reversed", "🚀", "中小企业", "e\u0301",
    "q\u0303", "a\u200bb", "x" * 100_000, "a: b: c", "- - -", "[" * 200, "'unclosed", '"\\u0000"',
    "2026-13-45", "#RRGGBB", "https://", "templates/../../etc/passwd", "/etc/passwd",
]  # fmt: skip
# Issue 17: characters spelled as escapes, a comment that cuts a value short, early years.
NASTY += [
    '"\\u4e2d\\u6587 \\U0001F600"', '"a\\u200bb"', '"q\\u0303"', '"\\x07\\N\\L\\P"',
    "Groen is prioriteit #1 voor de steden", "0999-03-01", "0001-01-01",
]  # fmt: skip
LOCATED = re.compile(r"^(proeve: )?\s*[^\s:][^:]*:\d+:\d+: ")


def run(*args: str | Path) -> tuple[int, str]:
    """`proeve ARGS` in this process, as the CLI runs it: exit code and stderr."""
    from proeve.cli import main

    err = io.StringIO()
    code = 0
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, err.getvalue()


def mutate(project: Path, rng: random.Random) -> str:
    files = sorted(project.glob("inputs/**/*.yaml")) + sorted(project.glob("templates/*.yaml"))
    path = rng.choice(files)
    text = path.read_bytes().decode("utf-8", "replace")  # an earlier mutation may break UTF-8
    lines = text.splitlines(keepends=True)
    kind = rng.choice(["bytes", "value", "drop", "duplicate", "number", "logo"])
    if kind == "bytes":
        data = bytearray(path.read_bytes())
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data))
        return kind
    values = [i for i, ln in enumerate(lines) if re.match(r"\s*(- )?[a-z_]+: \S", ln)]
    index = rng.choice(values) if values else 0
    if kind in ("value", "number"):
        key = lines[index].split(":", 1)[0]
        value = rng.choice(NASTY) if kind == "value" else str(rng.uniform(-100, 200))
        lines[index] = f"{key}: {value}\n"
    elif kind == "drop":
        del lines[index]
    elif kind == "duplicate":
        lines.insert(index, lines[index])
    else:
        logo = project / "templates/logo.png"
        logo.write_bytes(rng.randbytes(rng.randint(0, 4000)))
        template = project / "templates/default.yaml"
        template.write_bytes(template.read_bytes() + b"logo: templates/logo.png\nlogo_alt: Logo\n")
        return kind
    path.write_text("".join(lines), "utf-8")
    return kind


def fuzz(count: int, rng: random.Random, where: Path) -> dict[str, int]:
    figures = {"runs": 0, "ok": 0, "input errors": 0, "other exit": 0, "internal": 0,
               "hangs": 0, "unlocated lines": 0}  # fmt: skip

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    try:
        for number in range(count):
            project = example_copy(where / "fuzz")
            for _ in range(rng.randint(1, 3)):
                mutate(project, rng)
            signal.alarm(30)
            try:
                code, err = run("check", project)
            except TimeoutError:
                figures["hangs"] += 1
                continue
            finally:
                signal.alarm(0)
            figures["runs"] += 1
            if "internal error" in err or "Traceback" in err:
                figures["internal"] += 1
                print(f"  internal error in fuzz case {number}: {err.strip()[:200]}")
            elif code == 0:
                figures["ok"] += 1
            elif code == 1:
                figures["input errors"] += 1
                lines = [
                    ln
                    for ln in err.splitlines()
                    if not re.match(r"proeve: \d+ (problems|errors?)\b", ln)
                ]
                figures["unlocated lines"] += sum(1 for ln in lines if not LOCATED.match(ln))
            else:
                figures["other exit"] += 1
    finally:
        signal.signal(signal.SIGALRM, previous)
    return figures


def registered(out: Path) -> list[tuple[int, str, str]]:
    from proeve.drafts.register import read_register

    return [(r.version, r.file, r.sha256) for r in read_register(out)]


def intact(out: Path, before: list[tuple[int, str, str]]) -> bool:
    """Every draft registered before is still registered, with the same bytes."""
    import hashlib

    now = registered(out)
    for entry in before:
        if entry not in now:
            return False
        data = (out / entry[1]).read_bytes()
        if hashlib.sha256(data).hexdigest() != entry[2]:
            return False
    return True


def concurrent_builds(builders: int, rounds: int, where: Path) -> dict[str, int]:
    shared = where / "shared-output"
    shared.mkdir()
    projects = []
    for index in range(builders):
        project = example_copy(where / f"builder-{index}")
        (project / "output").symlink_to(shared)  # a user's link: followed
        projects.append(project)
    figures = {"builds": 0, "failed": 0}
    for round_ in range(rounds):
        for index, project in enumerate(projects):
            overview = project / "inputs/overview.yaml"
            overview.write_text(overview.read_text("utf-8") + f"# {round_}-{index}\n", "utf-8")
        command = [PYTHON, "-m", "proeve", "build"]
        runs = [subprocess.Popen([*command, str(p)], stderr=subprocess.DEVNULL) for p in projects]
        figures["builds"] += len(runs)
        figures["failed"] += sum(1 for r in runs if r.wait() != 0)
    numbers = [entry[0] for entry in registered(shared)]
    figures["numbers unique and contiguous"] = int(numbers == list(range(1, len(numbers) + 1)))
    figures["drafts registered"] = len(numbers)
    figures["drafts intact"] = int(intact(shared, registered(shared)))
    return figures


def kill_builds(kills: int, rng: random.Random, where: Path) -> dict[str, int]:
    project = example_copy(where / "killed-builds")
    figures = {"killed": 0, "lost or changed": 0, "finished before the kill": 0}
    out = project / "output"
    for number in range(kills):
        overview = project / "inputs/overview.yaml"
        overview.write_text(overview.read_text("utf-8") + f"# kill {number}\n", "utf-8")
        before = registered(out) if (out / "versions.json").exists() else []
        process = subprocess.Popen([PYTHON, "-m", "proeve", "build", str(project)],
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(rng.uniform(0.05, 1.0))
        process.send_signal(signal.SIGKILL)
        if process.wait() == 0:
            figures["finished before the kill"] += 1
        else:
            figures["killed"] += 1
        if not intact(out, before):
            figures["lost or changed"] += 1
    run("build", project)
    verified, _ = run("verify", out)
    figures["verify after the last build (exit)"] = verified
    figures["stray temp files after the last build"] = len(list(out.glob(".proeve*.tmp")))
    figures["drafts"] = len(registered(out))
    return figures


def kill_archives(kills: int, rng: random.Random, where: Path) -> dict[str, int]:
    project = example_copy(where / "archived")
    for number in range(kills + 2):
        overview = project / "inputs/overview.yaml"
        overview.write_text(overview.read_text("utf-8") + f"# {number}\n", "utf-8")
        run("build", project)
    dest = where / "archive"
    figures = {"killed": 0, "finished before the kill": 0, "refused afterwards": 0}
    drafts = len(registered(project / "output"))
    for number in range(kills):
        # Grow the register one draft at a time, so every run has a version to add.
        if number % 3 == 0 and dest.exists():
            shutil.rmtree(dest)  # every third run starts a new DEST (the round's stuck case)
        process = subprocess.Popen([PYTHON, "-m", "proeve", "archive", str(dest), str(project)],
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(rng.uniform(0.05, 1.0))
        process.send_signal(signal.SIGKILL)
        figures["finished before the kill" if process.wait() == 0 else "killed"] += 1
        code, err = run("archive", dest, project)
        if code != 0:
            figures["refused afterwards"] += 1
            print(f"  archive after a kill: {err.strip()[:200]}")
    code, _ = run("verify", dest)
    figures["verify at the end (exit)"] = code
    figures["versions"] = drafts
    return figures


def hostile_pdfs(where: Path) -> list[tuple[str, str, int, float, int, int]]:
    import forge

    project = example_copy(where / "pdfs")
    run("build", project)
    draft = next((project / "output").glob("*.pdf"))
    made = {
        "amplification 199 x 4 MiB": forge.amplification(),
        "amplification 99 x 4 MiB": forge.amplification(99),
        "blank page, kept sources": forge.reattached(draft.read_bytes()),
        "nested manifest": forge.reattached(
            draft.read_bytes(), proeve_json=forge.nested_json(20_000)
        ),
        "random bytes": random.Random(4).randbytes(6000),
        "truncated": draft.read_bytes()[: draft.stat().st_size // 2],
        "XMP: unsupported filter": forge.in_metadata(forge.BAD_STREAMS["unsupported filter"]),
        "XMP: 150 MB deflate bomb": forge.in_metadata(forge.bomb(150_000_000)),
        "misplaced object (logs)": forge.misplaced_object(),
        **{f"everywhere: {name}": forge.everywhere(body)
           for name, body in forge.BAD_STREAMS.items()},
        "everywhere: deflate bomb": forge.everywhere(forge.bomb(20_000_000)),
        **{f"encryption: {name}": forge.encrypted_with(body)
           for name, body in forge.ODD_ENCRYPTION.items()},
    }  # fmt: skip
    rows = []
    measure = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    for name, data in made.items():
        inbox = where / "inbox"
        shutil.rmtree(inbox, ignore_errors=True)
        inbox.mkdir()
        bad = inbox / "bad.pdf"
        bad.write_bytes(data)
        commands = {
            "diff": ["diff", str(draft), str(bad)],
            "extract": ["extract", str(bad), str(inbox / "out")],
            "verify": ["verify", str(bad)],
            "comments": ["comments", str(bad), str(project)],
        }
        for command, args in commands.items():
            before = {p for p in where.rglob("*") if p.is_file()}
            start = time.perf_counter()
            done = subprocess.run([PYTHON, "-c", measure, PYTHON, "-m", "proeve", *args],
                                  capture_output=True, text=True, check=True)  # fmt: skip
            seconds = time.perf_counter() - start
            code, peak = (int(v) for v in done.stdout.split())
            after = {p for p in where.rglob("*") if p.is_file()}
            outside = len([p for p in after - before if not p.is_relative_to(inbox)])
            rows.append((name, command, code, seconds, peak // 1024, outside))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzz", type=int, default=400)
    parser.add_argument("--builders", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--kills", type=int, default=40)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--pdfs-only", action="store_true", help="only the hostile PDFs")
    options = parser.parse_args()
    rng = random.Random(options.seed)
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        os.environ.setdefault("XDG_CACHE_HOME", str(where / "cache"))
        sections = [
            ("fuzzed inputs (proeve check)", lambda: fuzz(options.fuzz, rng, where)),
            (
                "concurrent builds",
                lambda: concurrent_builds(options.builders, options.rounds, where),
            ),
            ("SIGKILLed builds", lambda: kill_builds(options.kills, rng, where)),
            ("SIGKILLed archive runs", lambda: kill_archives(options.kills, rng, where)),
        ]
        for title, section in sections if not options.pdfs_only else []:
            start = time.perf_counter()
            figures = section()
            print(f"{title} ({time.perf_counter() - start:.0f} s)")
            for key, value in figures.items():
                print(f"  {key:40} {value}")
        print("hostile PDFs: exit, seconds, peak MB, files written outside")
        for name, command, code, seconds, peak, outside in hostile_pdfs(where):
            print(f"  {name:34} {command:8} {code}  {seconds:5.2f} s  {peak:4d} MB  {outside}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"peak memory of this process: {peak} MB")


if __name__ == "__main__":
    main()
