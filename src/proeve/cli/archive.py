"""The pipeline commands: archive (drafts -> OCFL versions), verify (fixity, rebuild, PDF/A)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from proeve.cli import (
    emit,
    json_option,
    printable,
    project_argument,
    quiet,
    say,
    talk_options,
    warn,
)

if TYPE_CHECKING:
    from proeve.archive.add import Skipped


@click.command(
    epilog="""\b
Examples:
  proeve archive /srv/archief                    # drafts of this project into /srv/archief
  proeve archive /srv/archief ~/overzicht --json
  proeve verify /srv/archief                     # then check what it holds
"""
)
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@project_argument
@json_option
@talk_options
def archive(dest: Path, project: Path, as_json: bool) -> None:
    """Add the drafts in DIR/output to the OCFL storage root DEST, one version per draft.

    DEST is made when it does not exist. Drafts already in DEST are left as they
    are, so running it again after new builds adds only the new drafts, and with
    nothing new (or no drafts yet) it says so and exits 0. A registered draft whose
    file is missing or changed is left out and named, the others are archived; it
    exits 1 when such a draft is not in DEST from an earlier run.
    """
    from proeve.archive.add import archive as run_archive
    from proeve.drafts.folder import output_folder
    from proeve.drafts.register import read_register

    folder = output_folder(project)
    if not read_register(folder):
        if as_json:
            emit({"ok": True, "root": str(dest), "added": [], "objects": {}, "recovered": []})
        say(f"nothing to archive: no drafts yet in {folder} (proeve build makes the first)")
        return
    result = run_archive(project, dest)
    if as_json:
        emit(
            {
                "ok": not result.lost,
                "root": str(dest),
                "added": [a.to_json() for a in result.added],
                "objects": result.objects,
                "recovered": result.recovered,
                "skipped": [s.to_json() for s in result.skipped],
            }
        )
    for slug in result.recovered:
        say(f"finished the version an interrupted run had left in {dest / slug}")
    for added in result.added:
        say(f"added {added.file} as {added.object_id} {added.version}")
    held = ", ".join(
        f"{slug}: {count} version{'' if count == 1 else 's'}"
        for slug, count in result.objects.items()
    )
    if not result.added:
        say(f"nothing new to archive ({held})")
    else:
        say(f"{dest}: {held}")
    _report_skipped(folder, result.skipped)
    if result.lost:
        click.get_current_context().exit(1)


def _report_skipped(folder: Path, skipped: list[Skipped]) -> None:
    """A note for a draft the archive already holds, a warning for one it lacks."""
    for s in skipped:
        if s.archived:
            say(f"note: {folder / s.record.file}: {s.problem}; an earlier run archived it")
        else:
            warn(
                f"warning: {folder / s.record.file}: {s.problem}; not archived ({s.record.name} is "
                "registered; restore the file and run proeve archive again to add it)"
            )


@click.command(
    epilog="""\b
Examples:
  proeve verify output                        # every draft: checksum, rebuild, PDF/A
  proeve verify output/overzicht-v003.pdf     # one PDF, from anywhere
  proeve verify /srv/archief --json           # an archive, for a pipeline
"""
)
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--strict",
    is_flag=True,
    help="A draft another toolchain (ReportLab, zlib, ...) rebuilds to other bytes but the "
    "same page fails too (without it: a note).",
)
@json_option
@talk_options
@click.pass_context
def verify(ctx: click.Context, path: Path, strict: bool, as_json: bool) -> None:
    """Check a PDF, an output folder or an OCFL archive: fixity, rebuild, conformance.

    Conformance (PDF/A-3a, PDF/UA-1) is confirmed by page-validation when it is
    installed (`pip install 'proeve[verify]'`). Exits 0 when every check holds
    and 1 with one line per problem otherwise.
    """
    from proeve.verify import verify as run_verify

    terminal = sys.stderr.isatty() and not quiet()
    report = run_verify(path, _show_progress if terminal else None, strict)
    if terminal:
        click.echo("\r\x1b[K", err=True, nl=False)
    if as_json:
        emit(report.to_json())
    for note in report.notes:
        say(f"note: {note}")
    for problem in report.problems:
        warn(str(problem))
    if report.ok:
        files = f"{report.checked} PDF" + ("" if report.checked == 1 else "s")
        held = "fixity, rebuild from embedded sources and our own PDF/A rules hold"
        if report.working == report.checked:  # reviews, comment sheets: nothing to rebuild
            held = "our own PDF/A rules hold"
        say(f"ok: {files} checked; {held}; {report.conformance.summary()}")
        return
    count = len(report.problems)
    warn(f"{count} problem{'' if count == 1 else 's'} found in {path}")
    ctx.exit(1)


def _show_progress(done: int, total: int, label: str) -> None:
    """One line on the terminal, rewritten in place: how far, and which file."""
    if total < 2:
        return
    width = shutil.get_terminal_size((80, 20)).columns
    line = f"verifying {done + 1}/{total}: {printable(Path(label).name)}"
    click.echo("\r\x1b[K" + line[: width - 1], err=True, nl=False)
