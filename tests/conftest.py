"""Shared fixtures: a copy of the example project, and running the CLI in-process."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from proeve.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path) -> Run:
    """Run `proeve ARGS` in-process, through the same error handling as the installed command."""
    try:  # click < 8.2 mixes stderr into stdout unless told not to
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        runner = CliRunner()
    with runner.isolation() as streams:
        out, err = streams[0], streams[1]
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        return Run(code, out.getvalue().decode(), err.getvalue().decode())


def run_installed(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `proeve` command as a user would."""
    exe = Path(sys.executable).with_name("proeve")
    return subprocess.run(
        [str(exe), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the example project (inputs + templates) in a temporary folder."""
    target = tmp_path / "project"
    shutil.copytree(ROOT / "inputs", target / "inputs")
    shutil.copytree(ROOT / "templates", target / "templates")
    return target


def outputs(project: Path) -> list[str]:
    folder = project / "output"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


COMPACT = """\
title: Aanpak {n}
summary: Een korte aanpak met een duidelijke opdracht voor de steden.
status: idee
leads: [{{name: Trekker {n}, organisation: Gemeente {n}}}]
partners: [VNG, Provincie]
goal: {extra}Samen met de regio de dienstverlening aan ondernemers verbeteren.
figures: [{{value: "{n}", label: steden doen mee}}]
next_steps: [Plan van aanpak bespreken in de pijler]
themes: [regio]
"""


def add_initiatives(project: Path, count: int, extra_text: str = "", compact: bool = False) -> None:
    """Grow the example by `count` copies of its initiatives, or replace them by compact ones."""
    import yaml

    folder = project / "inputs/initiatives"
    originals = sorted(folder.glob("*.yaml"))
    overview = project / "inputs/overview.yaml"
    text = overview.read_text(encoding="utf-8")
    ids = []
    for index in range(count):
        source = originals[index % len(originals)]
        new_id = f"aanpak-{index + 1}" if compact else f"{source.stem}-{index + 2}"
        if compact:
            body = COMPACT.format(n=index + 1, extra=extra_text)
        else:
            body = source.read_text(encoding="utf-8")
            body = body.replace("\ngoal: ", f"\ngoal: {extra_text} ", 1)
        (folder / f"{new_id}.yaml").write_text(body, encoding="utf-8")
        ids.append(new_id)
    data = yaml.safe_load(text)
    kept = [] if compact else data["initiatives"]
    if compact:
        for original in originals:
            original.unlink()
    listed = "\n".join(f"  - {i}" for i in [*kept, *ids])
    start = text.index("initiatives:\n")
    end = text.index("footer:")
    overview.write_text(
        text[:start] + "initiatives:\n" + listed + "\n" + text[end:], encoding="utf-8"
    )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden page images in tests/data/golden from the current output.",
    )


@pytest.fixture(autouse=True)
def _not_under_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests assert the plain problem lines; under GitHub Actions proeve would pick its own."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
