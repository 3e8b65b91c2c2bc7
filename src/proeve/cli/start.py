"""The way in: init (a new project), new (an initiative), schema (for editors and CI)."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from proeve.cli import emit, json_option, project_argument, say, talk_options, warn

log = logging.getLogger("proeve")


@click.command(
    epilog="""\b
Examples:
  proeve init mijn-overzicht      # a new project in the folder mijn-overzicht
  cd mijn-overzicht && proeve preview
  proeve init                     # in the current (empty) folder
"""
)
@click.argument(
    "folder",
    metavar="[DIR]",
    required=False,
    default=".",
    type=click.Path(file_okay=False, path_type=Path),
)
@json_option
@talk_options
def init(folder: Path, as_json: bool) -> None:
    """Start a project in DIR: an overview and three initiatives to edit, the template,
    the schemas for your editor, .gitignore and CI files (GitHub Actions, GitLab CI).

    Refuses to touch a folder that already holds a project, and changes nothing
    when any of these files exists.
    """
    from proeve.inputs.starter import init_project

    started = init_project(folder)
    if as_json:
        emit({"ok": True, "files": [str(p) for p in started.files]})
    for path in started.files:
        log.info("wrote %s", path)
    shown = folder.absolute() if folder == Path() else folder
    if started.there:
        say(f"finished the project an earlier proeve init began in {shown} "
            f"({len(started.there)} of its files were there already):")  # fmt: skip
    else:
        say(f"a new project in {shown}:")
    for what, why in (
        ("inputs/overview.yaml, inputs/initiatives/*.yaml", "the page: edit these"),
        ("templates/default.yaml", "how it looks"),
        ("proeve.*.schema.json", "for your editor's completion and checks"),
        (".github/workflows/proeve.yml, .gitlab-ci.yml", "CI: check, and on a tag the final"),
        ("requirements.txt", "the proeve that CI installs"),
    ):
        say(f"  {what:<50} {why}")
    if not started.reachable:
        warn(
            f"note: edit {folder / 'requirements.txt'}: it says how CI installs proeve, "
            "and this proeve came from a folder CI cannot reach"
        )
    where = "" if folder == Path() else f"cd {folder} && "
    say(f"next: {where}proeve preview   (then edit inputs/ and run proeve build)")


@click.command(
    epilog="""\b
Examples:
  proeve new jongeren-aan-het-werk          # in the project (or any folder in it)
  proeve new jongeren-aan-het-werk ~/overzicht
"""
)
@click.argument("initiative_id", metavar="ID")
@project_argument
@json_option
@talk_options
def new(initiative_id: str, project: Path, as_json: bool) -> None:
    """Add an initiative: write inputs/initiatives/ID.yaml to fill in, and add ID to the
    page order (initiatives:) in inputs/overview.yaml, keeping its comments."""
    from proeve.inputs.scaffold import new_initiative

    added = new_initiative(project, initiative_id)
    if as_json:
        emit(
            {"ok": True, "file": str(added.path), "written": added.written, "listed": added.listed}
        )
    if added.written:
        say(f"wrote {added.path}")
    else:
        say(f"{added.path} was there already (kept as it is)")
    if added.listed:
        say(f"added {initiative_id} to initiatives in {project / 'inputs/overview.yaml'}")


@click.command(
    epilog="""\b
Examples:
  proeve schema --write .            # the three schema files, in the project folder
  proeve schema --kind initiative    # one kind, on stdout
  check-jsonschema --schemafile proeve.initiative.schema.json inputs/initiatives/*.yaml
"""
)
@click.option(
    "--kind",
    type=click.Choice(["overview", "initiative"]),
    help="Print the schema of one kind of input file only.",
)
@click.option(
    "--write",
    "write_to",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write proeve.schema.json, proeve.overview.schema.json and "
    "proeve.initiative.schema.json into DIR (the project folder) instead of printing.",
)
@talk_options
def schema(kind: str | None, write_to: Path | None) -> None:
    """Print the JSON Schema of the input files, or write the schema files.

    The input files name their schema on their first line, so an editor with the
    YAML language server completes and checks them as you type. Write them again
    after upgrading proeve.
    """
    from proeve.inputs.schema import json_schema, schema_files

    if write_to is None:
        emit(json_schema(kind))
        return
    from proeve.fsio import replace_atomically

    for path, data in schema_files(write_to).items():
        replace_atomically(path, data)
        say(f"wrote {path}")
