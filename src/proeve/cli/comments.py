"""proeve comments: annotated copies of drafts -> one line per comment at its file:line:col.

Exit status: 0 comments found, 1 none, 2 trouble.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from proeve.cli import emit, json_option, out, say, talk_options
from proeve.cli.output import DASH, dash_target, write_stdout

if TYPE_CHECKING:
    from proeve.comments.collect import Review

_OUT = click.Path(dir_okay=False, path_type=Path)


@click.command(
    epilog="""\b
Examples:
  proeve comments mail/v003-anna.pdf mail/v003-piet.pdf   # comments on v3, at their lines
  proeve comments mail/*.pdf --md opmerkingen.md          # and a sheet to send round
  proeve comments v003-anna.pdf ~/overzicht --json
"""
)
@click.argument("paths", metavar="PDF... [DIR]", nargs=-1, required=True,
                type=click.Path(path_type=Path))  # fmt: skip
@click.option("--pdf", "pdf_out", type=_OUT, metavar="OUT",
              help="Write a comment sheet PDF ('-': stdout).")  # fmt: skip
@click.option("--md", "md_out", type=_OUT, metavar="OUT",
              help="Write the sheet as Markdown ('-': stdout).")  # fmt: skip
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing OUT that is not an earlier sheet (never an input or a draft).",
)
@json_option
@talk_options
def comments(
    paths: tuple[Path, ...], pdf_out: Path | None, md_out: Path | None, force: bool, as_json: bool
) -> None:
    """List the reviewers' comments in annotated copies of a draft, each at the file:line:col
    of the field it is about, followed to today's sources in DIR (default: here).

    Exit status: 0 comments found, 1 none, 2 trouble.
    """
    from proeve.comments.collect import collect
    from proeve.comments.report import lines, review_json
    from proeve.comments.sheet import write_sheets

    dash = dash_target(pdf=pdf_out, md=md_out)  # that sheet goes to stdout, the lines to stderr
    pdfs, project = _split(list(paths))
    review = collect(pdfs, project, picture=bool(pdf_out))
    pdf_file, md_file = (None if p == DASH else p for p in (pdf_out, md_out))
    written = write_sheets(review, pdfs, pdf_file, md_file, force)
    for note in review.notes:
        say(f"note: {note}")
    if as_json:
        emit({"ok": True, **review_json(review), "written": [str(p) for p in written]})
    else:
        for line in lines(review):
            (say if dash else out)(line)  # a reviewer's words, cleaned of control characters
    if dash:
        write_stdout(_sheet_bytes(review, dash))
    if review.merged:
        say(f"{review.merged} comment(s) found in more than one copy, listed once")
    for path in written:
        say(f"wrote {path}")
    if not review.comments:
        say("no comments")
        raise SystemExit(1)


def _sheet_bytes(review: Review, option: str) -> bytes:
    """The comment sheet as PDF (--pdf -) or Markdown (--md -), for stdout: the bytes the
    file would hold (control characters out of the Markdown, as in a file)."""
    from proeve.comments.listing import sheet_markdown
    from proeve.comments.sheet import sheet_pdf
    from proeve.plain import printable

    return sheet_pdf(review) if option == "--pdf" else printable(sheet_markdown(review)).encode()


def _split(paths: list[Path]) -> tuple[list[Path], Path]:
    """The PDFs and the project folder: a last argument that is a folder is DIR."""
    from proeve.inputs.root import find_project

    if len(paths) > 1 and paths[-1].is_dir():
        return paths[:-1], find_project(paths[-1])
    return paths, find_project(Path())
