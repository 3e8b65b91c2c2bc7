"""proeve diff: two drafts -> the change list on stdout; a review PDF and overlay PNG on request."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from proeve.cli import (
    emit,
    json_option,
    printable,
    project_argument,
    report,
    say,
    talk_options,
    warn,
)
from proeve.cli.output import DASH, State, colour_wanted, dash_target, write_stdout

if TYPE_CHECKING:
    from proeve.diff.compare import Comparison
    from proeve.diff.report import Look

_OUT = click.Path(dir_okay=False, path_type=Path)


@click.command(
    epilog="""\b
Examples:
  proeve diff 2 3                        # drafts v2 and v3 of this project
  proeve diff 2 3 --pdf review.pdf       # the marked page and the overlay, to send round
  proeve diff v2.pdf mail/v3.pdf         # two PDFs from anywhere
  proeve diff 3 4 --json
"""
)
@click.argument("a")
@click.argument("b")
@project_argument
@click.option(
    "--pdf", "pdf_out", type=_OUT, metavar="OUT", help="Write the review PDF to OUT ('-': stdout)."
)
@click.option(
    "--png",
    "png_out",
    type=_OUT,
    metavar="OUT",
    help="Write the overlay image to OUT ('-': stdout).",
)
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
    help="Colour the word diff (auto: on a terminal or with FORCE_COLOR / CLICOLOR_FORCE, "
    "never with NO_COLOR).",
)
@json_option
@talk_options
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
    from proeve.diff.write import write_outputs

    dash = dash_target(pdf=pdf_out, png=png_out)  # that file goes to stdout, the list to stderr
    comparison = compare(a, b, project, pixels=bool(pdf_out or png_out))
    pdf_file, png_file = (None if p == DASH else p for p in (pdf_out, png_out))
    # A draft that is not what the register recorded: say so, compare as found, write nothing.
    written = [] if comparison.trouble else write_outputs(comparison, pdf_file, png_file, force)
    from proeve.cli.problems import from_text

    report([from_text(note, "warning") for note in comparison.notes])
    if as_json:
        ok = not comparison.trouble
        emit({"ok": ok, **comparison.to_json(), "written": [str(p) for p in written]})
    else:  # the change list on stderr when stdout carries a file ('-') or the SARIF log
        _show(comparison, _colour(color) and not dash, bool(dash) or State.format == "sarif")
    for path in written:
        say(f"wrote {path}")
    if comparison.trouble:
        for trouble in comparison.trouble:
            warn(f"proeve: {trouble}")
        if pdf_out or png_out:
            warn("proeve: nothing was written")
        raise SystemExit(2)
    if dash and not comparison.same:
        write_stdout(_review_bytes(comparison, dash))
    if not comparison.same:
        raise SystemExit(1)


def _review_bytes(comparison: Comparison, option: str) -> bytes:
    """The review PDF (--pdf -) or the overlay PNG (--png -), for stdout."""
    if option == "--pdf":
        from proeve.diff.review import review_pdf

        return review_pdf(comparison)
    from proeve.diff.visual import png

    assert comparison.visual is not None
    return png(comparison.visual.overlay)


def _show(comparison: Comparison, colour: bool, err: bool = False) -> None:
    """The change list on stdout (`err`: stderr), after what makes it untrustworthy (a
    replaced draft)."""
    from proeve.diff.report import PLAIN, change_list

    for trouble in comparison.trouble:
        click.echo(printable(f"trouble: {trouble}"), err=err)
    if comparison.same:
        click.echo("no differences", err=err)
        return
    for indent, text in change_list(comparison, _marked() if colour else PLAIN):
        # color=True: click would strip our codes when stdout is not a terminal.
        click.echo(_coloured(printable("  " * indent + text)), color=colour, err=err)


# Colours are written as private-use marks, and become escape sequences only after
# `printable` has removed every control character the compared texts carried.
_SGR = {"\ue031": "\033[31m", "\ue032": "\033[32m", "\ue001": "\033[1m", "\ue000": "\033[m"}


def _marked() -> Look:
    from proeve.diff.report import Look
    from proeve.diff.words import DELETED, INSERTED

    def word(op: str, text: str) -> str:
        mark = {DELETED: "\ue031", INSERTED: "\ue032"}.get(op)
        return f"{mark}{text}\ue000" if mark else text

    return Look(word, lambda t: t, lambda t: f"\ue001{t}\ue000")


def _coloured(line: str) -> str:
    for mark, code in _SGR.items():
        line = line.replace(mark, code)
    return line


def _colour(choice: str) -> bool:
    return colour_wanted(choice)
