"""Test helpers: projects with numbered drafts, and archives of them, made fast and reproducibly."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from conftest import ROOT, run_cli
from proeve.drafts.build import build_draft

SLUG = "economie-en-werk"
START = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.timezone.utc)


def new_project(folder: Path) -> Path:
    """A fresh copy of the example project (inputs + templates) in `folder`."""
    shutil.copytree(ROOT / "inputs", folder / "inputs")
    shutil.copytree(ROOT / "templates", folder / "templates")
    return folder


def one_figure_changed(folder: Path) -> Path:
    """The example in `folder` as v1, and v2 with one key figure changed (4 -> 5), built
    with the CLI."""
    project = new_project(folder)
    assert run_cli("build", project).code == 0
    mkb = project / "inputs/initiatives/mkb-roltrap.yaml"
    mkb.write_text(mkb.read_text("utf-8").replace('value: "4"', 'value: "5"'), "utf-8")
    assert run_cli("build", project).code == 0
    return project


def add_drafts(project: Path, count: int, final_last: bool = False) -> None:
    """Build `count` more drafts, each from changed sources, an hour apart."""
    overview = project / "inputs" / "overview.yaml"
    for index in range(count):
        done = len(list((project / "output").glob(f"{SLUG}-v*.pdf")))
        number = done + 1
        # A YAML comment changes the sources' bytes, so each build is a new draft.
        overview.write_text(overview.read_text("utf-8") + f"# ronde {number}\n", "utf-8")
        outcome = build_draft(
            project,
            message=f"ronde {number}: na overleg",
            final=final_last and index == count - 1,
            now=START + dt.timedelta(hours=number),
        )
        assert not outcome.unchanged


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path, with its bytes (to prove nothing changed)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True)
    return target
