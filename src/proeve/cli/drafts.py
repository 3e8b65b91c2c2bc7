"""The editor's round on the command line: build (the next draft) and log (the drafts so far)."""

from __future__ import annotations

from pathlib import Path

import click

from proeve.cli import emit, json_option, say
from proeve.cli.engine import project_argument, template_option
from proeve.drafts.register import REGISTER


@click.command()
@project_argument
@template_option
@click.option("-m", "--message", default="", metavar="MSG", help="What changed in this draft.")
@click.option("--final", is_flag=True, help="Make it final: no watermark, 'Definitief'.")
@json_option
def build(project: Path, template: str, message: str, final: bool, as_json: bool) -> None:
    """Write the next numbered draft output/<slug>-vNNN.pdf and add it to the register."""
    from proeve.drafts.build import build_draft

    outcome = build_draft(project, template, message, final)
    record = outcome.record
    if as_json:
        emit(
            {
                "ok": True,
                "unchanged": outcome.unchanged,
                "path": str(outcome.path),
                **record.to_json(),
            }
        )
    if outcome.unchanged:
        say(f"unchanged since {record.name} ({outcome.path}); no new draft written")
        return
    say(f"wrote {outcome.path}: {record.status} {record.name}")
    say(f"  {outcome.fit}")


@click.command()
@project_argument
@json_option
def log(project: Path, as_json: bool) -> None:
    """List the drafts, newest last, and report draft files that are missing or changed."""
    from proeve.drafts.folder import check_drafts, gaps, output_folder

    out = output_folder(project)
    checked, strays = check_drafts(out)
    skipped = gaps(out, [c.record for c in checked])
    problems = [c for c in checked if c.problem]
    if as_json:
        emit(
            {
                "ok": not problems,
                "drafts": [c.record.to_json() for c in checked],
                "problems": [
                    {"version": c.record.version, "file": c.record.file, "problem": c.problem}
                    for c in problems
                ],
                "unregistered": strays,
                "gaps": [g.to_json() for g in skipped],
            }
        )
    else:
        for c in checked:
            r = c.record
            when = r.created.strftime("%Y-%m-%d %H:%M")
            flag = f"  !! {c.problem}" if c.problem else ""
            click.echo(f"{r.name}  {when}  {r.status:<5}  {r.sha256[:8]}  {r.message or '-'}{flag}")
    if not checked:
        say(f"no drafts yet in {out} (proeve build makes the first)")
    for name in strays:
        say(f"note: {out / name} is not in {REGISTER} (left by an interrupted build?)")
    for gap in skipped:
        say(f"note: v{gap.version:03d} is skipped: {gap.why}")
    for c in problems:
        say(f"warning: {c.record.name} {out / c.record.file}: {c.explain()}")
    if problems:
        click.get_current_context().exit(1)
