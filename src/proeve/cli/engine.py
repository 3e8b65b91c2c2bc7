"""The one-page engine's commands: check, preview, extract."""

from __future__ import annotations

from pathlib import Path

import click

from proeve.cli import (
    emit,
    json_option,
    problem_lines,
    project_argument,
    report,
    say,
    talk_options,
    warn,
)


def _template_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion of --template: the project's templates and the built-in ones."""
    from proeve.inputs.template import builtin_dir

    folders = [Path("templates"), builtin_dir()]
    names = {p.stem for folder in folders if folder.is_dir() for p in folder.glob("*.yaml")}
    return sorted(n for n in names if n.startswith(incomplete))


template_option = click.option(
    "--template",
    "-t",
    default="default",
    show_default=True,
    metavar="NAME|PATH",
    shell_complete=_template_names,
    help="Page template: a name from templates/ or a path to a .yaml file.",
)


@click.command(
    epilog="""\b
Examples:
  proeve check                 # in the project, or any folder inside it
  proeve check ~/overzicht --json
  proeve check -t smal         # with templates/smal.yaml
"""
)
@project_argument
@template_option
@json_option
@talk_options
def check(project: Path, template: str, as_json: bool) -> None:
    """Validate the inputs and report whether and how the page fits; writes nothing."""
    from proeve.drafts.preview import check as run_check

    built = run_check(project, template)
    _note_stale_schemas(project)
    if as_json:
        emit(
            {
                "ok": True,
                **built.fit.to_json(),
                "initiatives": len(built.document.initiatives),
                "warnings": built.warnings,
            }
        )
    tell_fit(f"ok: {built.summary()}")


@click.command(
    epilog="""\b
Examples:
  proeve preview               # output/preview.pdf
  proeve preview --png         # and output/preview.png
  proeve preview --watch       # again on every save, until Ctrl-C
"""
)
@project_argument
@template_option
@click.option("--png", is_flag=True, help="Also write output/preview.png.")
@click.option("--watch", is_flag=True, help="Rebuild whenever an input or template changes.")
@json_option
@talk_options
def preview(project: Path, template: str, png: bool, watch: bool, as_json: bool) -> None:
    """Write the unversioned output/preview.pdf for quick iteration.

    With --watch it stays running and writes the preview again as soon as an
    input or template file is saved (file events, not polling). When the inputs
    break, the terminal says where, and the page shows the last good version
    marked out of date.
    """
    if watch:
        _watch(project, template, png)
        return
    from proeve.drafts.preview import write_preview

    result = write_preview(project, template, png)
    if as_json:
        emit(
            {
                "ok": True,
                "pdf": str(result.pdf),
                "png": str(result.png) if result.png else None,
                **result.built.fitted.fit.to_json(),
                "warnings": result.built.fitted.warnings,
            }
        )
    say(f"wrote {result.pdf}" + (f" and {result.png}" if result.png else ""))
    tell_fit(result.built.fitted.summary(), "  ")


def _note_stale_schemas(project: Path) -> None:
    """The editor checks against the project's schema copies: say when they are not this
    proeve's (after an upgrade), so the editor and proeve judge alike again."""
    from proeve import __version__
    from proeve.inputs.schema import stale_copies

    stale = stale_copies(project)
    if stale:
        names = ", ".join(p.name for p in stale)
        verb, it = ("is", "it") if len(stale) == 1 else ("are", "them")
        say(f"note: {names} {verb} not the schema of this proeve ({__version__}), and your "
            f"editor checks against {it}: proeve schema --write {project}")  # fmt: skip


def tell_fit(summary: str, lead: str = "", record: bool = True) -> None:
    """The fit in words, and its warnings (which -q does not silence) as problems are printed."""
    from proeve.cli.problems import from_text

    first, *rest = summary.splitlines()
    say(lead + first)
    warnings = [from_text(ln.removeprefix("warning: "), "warning", "page")
                for ln in rest if ln.startswith("warning: ")]  # fmt: skip
    for line in rest:
        if not line.startswith("warning: "):
            say(lead + line)
    if record:
        report(warnings)
    else:
        for line in problem_lines(warnings):
            warn(line)


def _watch(project: Path, template: str, png: bool) -> None:
    import gc

    from proeve.cli.output import State
    from proeve.cli.problems import from_error
    from proeve.cli.problems import summary as problems_summary
    from proeve.drafts.watch import Round, watch_preview

    def tell(done: Round) -> None:
        """One round's outcome; its problems and their summary printed, not kept for the end."""
        State.problems.clear()  # each round says its own; none are kept for the end
        why = f" ({', '.join(done.changed)})" if done.changed else ""
        took = f"{done.seconds * 1000:.0f} ms"
        if done.preview is not None:
            summary = done.preview.built.fitted.summary()
            tell_fit(f"wrote {done.preview.pdf} in {took}{why}: {summary}", record=False)
            return
        assert done.problem is not None
        problems = from_error(done.problem)
        for line in problem_lines(problems):
            warn(line)
        warn(problems_summary(problems))
        if done.stale is not None:
            warn(f"  {done.stale.pdf} shows the last good version, marked out of date")

    gc.enable()  # a long run: main() turned the cycle collector off for one-shot commands
    say(f"watching {project / 'inputs'} and {project / 'templates'} (Ctrl-C to stop)")
    try:
        watch_preview(project, tell, template, png)
    except KeyboardInterrupt:
        say("stopped watching")


@click.command(
    epilog="""\b
Examples:
  proeve extract output/overzicht-v003.pdf herbouw   # sources of v3 into herbouw/
  proeve preview herbouw                             # the same page again
"""
)
@click.argument("pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace existing files that differ.")
@json_option
@talk_options
def extract(pdf: Path, folder: Path, force: bool, as_json: bool) -> None:
    """Write back the sources embedded in a proeve PDF into DIR."""
    from proeve.drafts.kept import refuse_kept
    from proeve.inputs.extract import extract as run_extract

    written = run_extract(pdf, folder, force, lambda t: refuse_kept(t, {pdf}, restoring=True))
    if as_json:
        emit({"ok": True, "files": [str(p) for p in written]})
    for path in written:
        say(f"wrote {path}")
    templates = [p.stem for p in written if p.parent.name == "templates" and p.suffix == ".yaml"]
    choice = f" --template {templates[0]}" if templates and templates[0] != "default" else ""
    say(f"rebuild with: proeve preview {folder}{choice}")
