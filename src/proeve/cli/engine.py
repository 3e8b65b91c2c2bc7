"""The one-page engine's commands: check, preview, extract, new, schema."""

from __future__ import annotations

from pathlib import Path

import click

from proeve.cli import emit, json_option, say

project_argument = click.argument(
    "project",
    metavar="[DIR]",
    required=False,
    default=".",
    type=click.Path(file_okay=False, path_type=Path),
)
template_option = click.option(
    "--template",
    "-t",
    default="default",
    show_default=True,
    metavar="NAME|PATH",
    help="Page template: a name from templates/ or a path to a .yaml file.",
)


@click.command()
@project_argument
@template_option
@json_option
def check(project: Path, template: str, as_json: bool) -> None:
    """Validate the inputs and report whether and how the page fits; writes nothing."""
    from proeve.drafts.preview import check as run_check

    built = run_check(project, template)
    if as_json:
        emit(
            {
                "ok": True,
                **built.fit.to_json(),
                "initiatives": len(built.document.initiatives),
                "warnings": list(built.layout.warnings),
            }
        )
    say(f"ok: {built.summary()}")


@click.command()
@project_argument
@template_option
@click.option("--png", is_flag=True, help="Also write output/preview.png.")
@click.option("--watch", is_flag=True, help="Rebuild whenever an input or template changes.")
@json_option
def preview(project: Path, template: str, png: bool, watch: bool, as_json: bool) -> None:
    """Write the unversioned output/preview.pdf for quick iteration."""
    from proeve.drafts.preview import run_watch, write_preview
    from proeve.errors import ProeveError

    def once() -> None:
        result = write_preview(project, template, png)
        if as_json:
            emit(
                {
                    "ok": True,
                    "pdf": str(result.pdf),
                    "png": str(result.png) if result.png else None,
                    **result.built.fitted.fit.to_json(),
                    "warnings": list(result.built.fitted.layout.warnings),
                }
            )
        say(f"wrote {result.pdf}" + (f" and {result.png}" if result.png else ""))
        say(f"  {result.built.fitted.summary()}")

    if not watch:
        once()
        return

    def guarded() -> None:
        try:
            once()
        except ProeveError as exc:
            say(f"proeve: {exc}")
        say("watching inputs/ and templates/ (Ctrl-C to stop)")

    try:
        run_watch(project, guarded)
    except KeyboardInterrupt:
        say("stopped watching")


@click.command()
@click.argument("pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace existing files that differ.")
@json_option
def extract(pdf: Path, folder: Path, force: bool, as_json: bool) -> None:
    """Write back the sources embedded in a proeve PDF into DIR."""
    from proeve.inputs.extract import extract as run_extract

    written = run_extract(pdf, folder, force)
    if as_json:
        emit({"ok": True, "files": [str(p) for p in written]})
    for path in written:
        say(f"wrote {path}")
    say(f"rebuild with: proeve preview {folder} (or see {folder}/proeve.json)")


@click.command()
@click.argument("initiative_id", metavar="ID")
@click.option(
    "--dir",
    "project",
    default=".",
    type=click.Path(file_okay=False, path_type=Path),
    help="Project folder.",
)
def new(initiative_id: str, project: Path) -> None:
    """Scaffold inputs/initiatives/ID.yaml to fill in."""
    from proeve.inputs.scaffold import new_initiative

    path = new_initiative(project, initiative_id)
    say(f"wrote {path}; add {initiative_id!r} to initiatives in inputs/overview.yaml")


@click.command()
def schema() -> None:
    """Print the JSON Schema of overview.yaml and the initiative files."""
    from proeve.cli import emit as print_json
    from proeve.inputs.schema import json_schema

    print_json(json_schema())
