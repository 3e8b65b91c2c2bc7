"""proeve diff: two drafts -> the change list on stdout; a review PDF and overlay PNG on request."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from proeve.cli import emit, json_option, say

_OUT = click.Path(dir_okay=False, path_type=Path)


@click.command()
@click.argument("a")
@click.argument("b")
@click.argument(
    "project",
    metavar="[DIR]",
    required=False,
    default=".",
    type=click.Path(file_okay=False, path_type=Path),
)
@click.option("--pdf", "pdf_out", type=_OUT, metavar="OUT", help="Write the review PDF to OUT.")
@click.option("--png", "png_out", type=_OUT, metavar="OUT", help="Write the overlay image to OUT.")
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing OUT that is not an earlier review (never an input or a draft).",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the word diff (auto: on a terminal, unless NO_COLOR is set).",
)
@json_option
def diff(
    a: str,
    b: str,
    project: Path,
    pdf_out: Path | None,
    png_out: Path | None,
    color: str,
    force: bool,
    as_json: bool,
) -> None:
    """Show what changed from draft A to draft B (numbers like 2 or v2, or PDF paths).

    Exit status as diff(1): 0 no differences, 1 differences, 2 trouble.
    """
    from proeve.diff.compare import compare
    from proeve.diff.report import ANSI, PLAIN, change_list
    from proeve.diff.write import write_outputs

    comparison = compare(a, b, project, pixels=bool(pdf_out or png_out))
    written = write_outputs(comparison, project, pdf_out, png_out, force)
    for note in comparison.notes:
        say(f"warning: {note}")
    if as_json:
        emit({"ok": True, **comparison.to_json(), "written": [str(p) for p in written]})
    elif comparison.same:
        click.echo("no differences")
    else:
        colour = _colour(color)
        for indent, text in change_list(comparison, ANSI if colour else PLAIN):
            # color=True: click would strip our codes when stdout is not a terminal.
            click.echo("  " * indent + text, color=colour)
    for path in written:
        say(f"wrote {path}")
    if not comparison.same:
        raise SystemExit(1)


def _colour(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
