"""The pipeline commands: archive (drafts -> OCFL versions), verify (fixity, rebuild, PDF/A)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from proeve.cli import emit, json_option, say
from proeve.cli.engine import project_argument


@click.command()
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@project_argument
@json_option
def archive(dest: Path, project: Path, as_json: bool) -> None:
    """Add the drafts in DIR/output to the OCFL storage root DEST, one version per draft.

    DEST is made when it does not exist. Drafts already in DEST are left as they
    are, so running it again after new builds adds only the new drafts.
    """
    from proeve.archive.add import archive as run_archive

    result = run_archive(project, dest)
    if as_json:
        emit(
            {
                "ok": True,
                "root": str(dest),
                "added": [a.to_json() for a in result.added],
                "objects": result.objects,
                "recovered": result.recovered,
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


@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@json_option
@click.pass_context
def verify(ctx: click.Context, path: Path, as_json: bool) -> None:
    """Check a PDF, an output folder or an OCFL archive: fixity, rebuild, conformance.

    Conformance (PDF/A-3a, PDF/UA-1) is confirmed by page-validation when it is
    installed (`pip install 'proeve[verify]'`). Exits 0 when every check holds
    and 1 with one line per problem otherwise.
    """
    from proeve.verify import verify as run_verify

    terminal = sys.stderr.isatty()
    report = run_verify(path, _show_progress if terminal else None)
    if terminal:
        click.echo("\r\x1b[K", err=True, nl=False)
    if as_json:
        emit(report.to_json())
    for note in report.notes:
        say(f"note: {note}")
    for problem in report.problems:
        say(str(problem))
    if report.ok:
        files = f"{report.checked} PDF" + ("" if report.checked == 1 else "s")
        held = "fixity, rebuild from embedded sources and our own PDF/A rules hold"
        say(f"ok: {files} checked; {held}; {report.conformance.summary()}")
        return
    count = len(report.problems)
    say(f"{count} problem{'' if count == 1 else 's'} found in {path}")
    ctx.exit(1)


def _show_progress(done: int, total: int, label: str) -> None:
    """One line on the terminal, rewritten in place: how far, and which file."""
    if total < 2:
        return
    width = shutil.get_terminal_size((80, 20)).columns
    line = f"verifying {done + 1}/{total}: {Path(label).name}"
    click.echo("\r\x1b[K" + line[: width - 1], err=True, nl=False)
