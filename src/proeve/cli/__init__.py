"""Command line -> one library call per command; the only place that prints or picks exit codes.

Commands live in submodules that are imported only when that command runs, so
`proeve check` does not pay for what `proeve diff` needs. Everything printed
goes through `say`, `out` or `emit` here, which drop terminal control
characters: text from a foreign PDF or a `-m` message never reaches the
terminal as an escape sequence.
"""

from __future__ import annotations

import gc
import importlib
import logging
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from proeve import __version__
from proeve.cli.output import (
    State,
    close_report,
    configure_logging,
    emit,
    one_line,
    out,
    printable,
    problem_lines,
    quiet,
    report,
    report_error,
    say,
    utf8_streams,
    warn,
)
from proeve.errors import ProeveError

__all__ = [
    "emit",
    "json_option",
    "main",
    "one_line",
    "out",
    "printable",
    "problem_lines",
    "project_argument",
    "quiet",
    "report",
    "report_error",
    "say",
    "talk_options",
    "warn",
]

COMMANDS = {
    "init": "proeve.cli.start:init",
    "new": "proeve.cli.start:new",
    "check": "proeve.cli.engine:check",
    "preview": "proeve.cli.engine:preview",
    "build": "proeve.cli.drafts:build",
    "log": "proeve.cli.drafts:log",
    "diff": "proeve.cli.diff:diff",
    "comments": "proeve.cli.comments:comments",
    "extract": "proeve.cli.engine:extract",
    "archive": "proeve.cli.archive:archive",
    "verify": "proeve.cli.archive:verify",
    "schema": "proeve.cli.start:schema",
    "serve": "proeve.cli.serve:serve",
}
SUMMARIES = {
    "init": "Start a new project: example inputs, template, schemas, CI files.",
    "new": "Add an initiative: inputs/initiatives/ID.yaml, listed in the overview.",
    "check": "Validate inputs and report whether and how the page fits; writes nothing.",
    "preview": "Write the unversioned output/preview.pdf (and a PNG) for quick iteration.",
    "build": "Write the next numbered draft (the editor's one command per draft).",
    "log": "List the drafts: number, date, status, message, checksum.",
    "diff": "Show what changed between two drafts (numbers or PDF paths).",
    "comments": "List reviewers' comments in annotated drafts at the file:line of their field.",
    "extract": "Write back the sources embedded in a proeve PDF.",
    "archive": "Add the drafts to an OCFL archive.",
    "verify": "Check a PDF, the output folder or an archive: fixity, rebuild, conformance.",
    "schema": "Print or write the JSON Schemas of the input files (for editors and CI).",
    "serve": "Show the page live in a browser; a click opens the editor at its source.",
}
# Commands that build at most one page: main() runs them without the cycle collector.
ONE_SHOT = {"init", "new", "check", "preview", "build", "log", "extract", "schema"}

log = logging.getLogger("proeve")


class LazyGroup(click.Group):
    """A group that imports a command's module only when the command is called."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        if name not in ONE_SHOT:
            gc.enable()  # many pages in one run (diff, verify, ...): let the collector work
        if "--help" in sys.argv[1:2] or "-h" in sys.argv[1:2]:
            return click.Command(name, help=SUMMARIES[name], short_help=SUMMARIES[name])
        module, attr = COMMANDS[name].split(":")
        command: click.Command = getattr(importlib.import_module(module), attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(n, SUMMARIES[n]) for n in COMMANDS])

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[Any]:
        """Command names from the summaries (no imports); options as click completes them."""
        from click.shell_completion import CompletionItem

        names = [
            CompletionItem(name, help=SUMMARIES[name])
            for name in COMMANDS
            if name.startswith(incomplete)
        ]
        return names + click.Command.shell_complete(self, ctx, incomplete)


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if param.name == "quiet" and value:
        State.verbosity = -1
    elif param.name == "verbose" and value:
        State.verbosity = max(State.verbosity, 0) + value
    configure_logging()
    return value


def _set_format(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        State.format = value
    _one_stdout()
    return value


def _one_stdout() -> None:
    """--json and --format sarif each print on stdout: refuse both (and print neither)."""
    if State.format == "sarif" and State.json:
        State.format = "text"
        raise click.UsageError("--format sarif and --json both print on stdout: choose one")


def talk_options(command: Any) -> Any:
    """-q/--quiet, -v/--verbose and --format, on the group and on every command."""
    command = click.option(
        "--format",
        "problem_format",
        type=click.Choice(["text", "github", "sarif"]),
        expose_value=False,
        is_eager=True,
        callback=_set_format,
        help="How errors and warnings print: text (PATH:LINE:COL: error: MESSAGE), "
        "github (workflow commands; the default under GitHub Actions) or sarif "
        "(a SARIF 2.1.0 log on stdout).",
    )(command)
    command = click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        is_eager=True,
        callback=_set_verbosity,
        help="Say more: what proeve does (-v), and how (-vv).",
    )(command)
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_set_verbosity,
        help="Only problems: no progress or 'wrote ...' lines.",
    )(command)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Run 'proeve COMMAND --help' for a command's options and examples.",
)
@click.version_option(__version__, prog_name="proeve")
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")
@talk_options
def cli(debug: bool) -> None:
    """proeve: structured YAML, one file per initiative, into one clear A4 overview PDF.

    \b
    Start:   proeve init mijn-overzicht && cd mijn-overzicht && proeve preview
    Round:   edit inputs/*.yaml, then proeve build -m "what changed"; proeve log
    Review:  proeve diff 2 3
    """
    State.debug = debug


def _remember_json(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    State.json = value
    _one_stdout()
    return value


json_option = click.option(
    "--json",
    "as_json",
    is_flag=True,
    callback=_remember_json,
    is_eager=True,
    help="Print one JSON object on stdout (for pipelines).",
)


def _find_project(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    from proeve.inputs.root import find_project

    start = Path() if value is None else value
    root = find_project(start)
    if root != start:
        log.info("project: %s", root)
    State.project = root
    return root


project_argument = click.argument(
    "project",
    metavar="[DIR]",
    required=False,
    callback=_find_project,
    type=click.Path(file_okay=False, path_type=Path),
)
"""DIR: the project folder, or any folder inside it (default: the current folder)."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turn every error into a message and an exit code.

    Why without the cycle collector: a cold command allocates mostly objects
    that live until exit (modules, fonts, patterns), which the collector walks
    again and again, while one page leaves little cyclic garbage. Commands
    that build many pages (not in ONE_SHOT) and `preview --watch` switch it
    back on; the caller's setting comes back on the way out.
    """
    from proeve.pdf.internals import defer_uri_pattern

    defer_uri_pattern()  # ReportLab's URL pattern compiled when used, not at import
    collecting = gc.isenabled()
    gc.disable()
    try:
        _run(argv)
    finally:
        if collecting:
            gc.enable()


def _run(argv: list[str] | None) -> None:
    State.reset()
    utf8_streams()
    configure_logging()
    code = _outcome(argv)
    try:
        close_report(code)
    except BrokenPipeError:  # `proeve log --json | head -1`: the reader has gone
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no flush error at exit
    sys.exit(code)


def _outcome(argv: list[str] | None) -> int:
    """Run the command; its exit code, every error reported on the way."""
    try:
        code = cli.main(args=argv, prog_name="proeve", standalone_mode=False)
    except ProeveError as exc:
        _report(exc)
        return exc.exit_code
    except click.exceptions.Abort:
        warn("aborted")
        return 2
    except click.ClickException as exc:
        from proeve.cli.problems import Problem

        exc.show()
        State.problems.append((Problem("error", exc.format_message()), ""))
        if _asked_for_json(argv):  # even when --json itself was never reached
            State.json = True
            State.result = {"ok": False, "error": "usage", "message": exc.format_message()}
        return 2
    except KeyboardInterrupt:
        warn("interrupted")
        return 130
    except SystemExit as exc:  # a command's own exit status (diff, comments, log)
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        warn(str(exc.code))
        return 1
    except Exception as exc:
        if State.debug:
            traceback.print_exc()
        else:
            from proeve.cli.problems import Problem

            what = f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)"
            report([Problem("error", what)])
        return 2
    return code if isinstance(code, int) else 0


def _asked_for_json(argv: list[str] | None) -> bool:
    args = sys.argv[1:] if argv is None else argv
    return "--json" in args[: args.index("--")] if "--" in args else "--json" in args


def _report(exc: ProeveError) -> None:
    if State.json:
        emit({"ok": False, **exc.to_json()})
    report_error(exc)
