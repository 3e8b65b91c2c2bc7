"""The editor's round on the command line: build (the next draft) and log (the drafts so far)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from proeve.cli import (
    emit,
    json_option,
    one_line,
    out,
    printable,
    project_argument,
    report,
    say,
    talk_options,
    warn,
)
from proeve.cli.engine import tell_fit, template_option
from proeve.drafts.register import REGISTER

if TYPE_CHECKING:
    from proeve.drafts.folder import Checked


@click.command(
    epilog="""\b
Examples:
  proeve build -m "nieuwe partners MKB-roltrap"    # the next draft: output/<slug>-v004.pdf
  proeve build --final -m "vastgesteld in de pijler"
  proeve build --json                              # the register record, for scripts
"""
)
@project_argument
@template_option
@click.option("-m", "--message", default="", metavar="MSG", help="What changed in this draft.")
@click.option("--final", is_flag=True, help="Make it final: no watermark, 'Definitief'.")
@json_option
@talk_options
def build(project: Path, template: str, message: str, final: bool, as_json: bool) -> None:
    """Write the next numbered draft output/<slug>-vNNN.pdf and add it to the register.

    A draft whose file is missing or changed since it was built (what `proeve log`
    reports) does not stop the build, but each one is named in a warning.
    """
    from proeve.drafts.build import build_draft
    from proeve.drafts.folder import check_drafts

    outcome = build_draft(project, template, clean_message(message), final)
    record = outcome.record
    checked, strays = check_drafts(outcome.path.parent)
    problems = [c for c in checked if c.problem]
    if as_json:
        emit(
            {
                "ok": True,
                "unchanged": outcome.unchanged,
                "path": str(outcome.path),
                **record.to_json(),
                "problems": [_problem(c) for c in problems],
                "warnings": list(outcome.warnings),
            }
        )
    if outcome.unchanged:
        say(f"unchanged since {record.name} ({outcome.path}); no new draft written")
    else:
        say(f"wrote {outcome.path}: {record.status} {record.name}")
        tell_fit(outcome.fit, "  ")
        if record.version == 1 and outcome.comments:
            say(
                "  note: every draft carries its YAML files byte for byte, comments included: "
                "whoever gets the PDF can read them (proeve extract). To leave comments out, "
                "add 'embed_comments: false' to inputs/overview.yaml"
            )
    _report_register(outcome.path.parent, problems, strays)
    if problems:
        warn("  (proeve log lists the drafts; restore these files from a copy, or see verify)")


def clean_message(message: str) -> str:
    """A draft's message as stored: no control characters, no blank lines at either end."""
    lines = [printable(line).rstrip() for line in message.splitlines()]
    return "\n".join(lines).strip("\n")


def _problem(checked: Checked) -> dict[str, object]:
    return {"version": checked.record.version, "file": checked.record.file,
            "problem": checked.problem}  # fmt: skip


def _report_register(out: Path, problems: list[Checked], strays: list[str]) -> None:
    for name in strays:
        say(f"note: {out / name} is not in {REGISTER} (left by an interrupted build?)")
    from proeve.cli.problems import Problem

    report([Problem("warning", f"{c.record.name} {out / c.record.file}: {c.explain()}")
            for c in problems])  # fmt: skip


@click.command(
    epilog="""\b
Examples:
  proeve log                   # one line per draft, newest last
  proeve log --json            # every record, and files that do not match
"""
)
@project_argument
@json_option
@talk_options
def log(project: Path, as_json: bool) -> None:
    """List the drafts, newest last, and report draft files that are missing or changed."""
    from proeve.drafts.folder import check_drafts, gaps, output_folder

    folder = output_folder(project)
    checked, strays = check_drafts(folder)
    skipped = gaps(folder, [c.record for c in checked])
    problems = [c for c in checked if c.problem]
    if as_json:
        emit(
            {
                "ok": not problems,
                "drafts": [c.record.to_json() for c in checked],
                "problems": [_problem(c) for c in problems],
                "unregistered": strays,
                "gaps": [g.to_json() for g in skipped],
            }
        )
    else:
        for c in checked:
            r = c.record
            when = r.created.strftime("%Y-%m-%d %H:%M")
            flag = f"  !! {c.problem}" if c.problem else ""
            message = one_line(r.message) or "-"
            out(f"{r.name}  {when}  {r.status:<5}  {r.sha256[:8]}  {message}{flag}")
    if not checked:
        say(f"no drafts yet in {folder} (proeve build makes the first)")
    for gap in skipped:
        verb = "is" if gap.first == gap.last else "are"
        say(f"note: {gap.numbers} {verb} skipped: {gap.why}")
    _report_register(folder, problems, strays)
    if problems:
        click.get_current_context().exit(1)
