"""Command line -> one library call per command; the only place that prints or picks exit codes.

Commands live in submodules that are imported only when that command runs, so
`proeve check` does not pay for what `proeve diff` needs. Everything printed
goes through `say`, `out` or `emit` here, which drop terminal control
characters: text from a foreign PDF or a `-m` message never reaches the
terminal as an escape sequence.
"""

from __future__ import annotations

import importlib
import json
import logging
import re
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from proeve import __version__
from proeve.errors import ProeveError

COMMANDS = {
    "init": "proeve.cli.start:init",
    "new": "proeve.cli.start:new",
    "check": "proeve.cli.engine:check",
    "preview": "proeve.cli.engine:preview",
    "build": "proeve.cli.drafts:build",
    "log": "proeve.cli.drafts:log",
    "diff": "proeve.cli.diff:diff",
    "extract": "proeve.cli.engine:extract",
    "archive": "proeve.cli.archive:archive",
    "verify": "proeve.cli.archive:verify",
    "schema": "proeve.cli.start:schema",
}
SUMMARIES = {
    "init": "Start a new project: example inputs, template, schemas, CI files.",
    "new": "Add an initiative: inputs/initiatives/ID.yaml, listed in the overview.",
    "check": "Validate inputs and report whether and how the page fits; writes nothing.",
    "preview": "Write the unversioned output/preview.pdf (and a PNG) for quick iteration.",
    "build": "Write the next numbered draft (the editor's one command per draft).",
    "log": "List the drafts: number, date, status, message, checksum.",
    "diff": "Show what changed between two drafts (numbers or PDF paths).",
    "extract": "Write back the sources embedded in a proeve PDF.",
    "archive": "Add the drafts to an OCFL archive.",
    "verify": "Check a PDF, the output folder or an archive: fixity, rebuild, conformance.",
    "schema": "Print or write the JSON Schemas of the input files (for editors and CI).",
}

log = logging.getLogger("proeve")


class _State:
    json = False
    debug = False
    verbosity = 0  # -1 quiet, 0 normal, 1 -v (info), 2 -vv (debug)


class LazyGroup(click.Group):
    """A group that imports a command's module only when the command is called."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
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
        _State.verbosity = -1
    elif param.name == "verbose" and value:
        _State.verbosity = max(_State.verbosity, 0) + value
    _configure_logging()
    return value


def talk_options(command: Any) -> Any:
    """-q/--quiet and -v/--verbose, on the group and on every command."""
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
    _State.debug = debug


def _remember_json(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    _State.json = value
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
    return root


project_argument = click.argument(
    "project",
    metavar="[DIR]",
    required=False,
    callback=_find_project,
    type=click.Path(file_okay=False, path_type=Path),
)
"""DIR: the project folder, or any folder inside it (default: the current folder)."""


# C0 and C1 control characters (but tab and newline), DEL, and the bidi controls that
# make text read other than it is: none of them is ever printed as it came.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def printable(text: str) -> str:
    """Text with terminal control and escape characters removed (tabs and newlines kept)."""
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """Printable text on one line: a multi-line text shows its first line and how many follow."""
    lines = [ln.strip() for ln in printable(text).splitlines() if ln.strip()]
    if len(lines) < 2:
        return " ".join(lines)
    more = len(lines) - 1
    return f"{lines[0]} (+{more} more line{'' if more == 1 else 's'})"


def quiet() -> bool:
    """Whether -q asked for problems only."""
    return _State.verbosity < 0


def say(message: str) -> None:
    """A message for people: stderr, so stdout stays clean for --json; -q silences it."""
    if _State.verbosity >= 0:
        click.echo(printable(message), err=True)


def warn(message: str) -> None:
    """A problem or warning for people: stderr, also under -q."""
    click.echo(printable(message), err=True)


def out(text: str, color: bool | None = None) -> None:
    """A line of a command's result on stdout (log's table, diff's change list)."""
    click.echo(printable(text), color=color)


def emit(data: dict[str, Any]) -> None:
    """One JSON object on stdout; control characters inside strings are \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=1, default=str)
    # json.dumps escapes C0 already; DEL and C1 (an 8-bit CSI) it leaves as they are.
    click.echo(re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m[0]):04x}", text))


class _Handler(logging.Handler):
    """Library log records -> stderr lines, after the same cleaning as every message."""

    def emit(self, record: logging.LogRecord) -> None:
        prefix = {logging.WARNING: "warning: ", logging.DEBUG: "debug: "}.get(record.levelno, "")
        if record.levelno >= logging.ERROR:
            prefix = "error: "
        warn(prefix + record.getMessage())


def _configure_logging() -> None:
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(
        _State.verbosity, logging.DEBUG
    )
    log.setLevel(level)
    if not any(isinstance(h, _Handler) for h in log.handlers):
        log.addHandler(_Handler())
    log.propagate = False


def _utf8_streams() -> None:
    """UTF-8 out whatever the console's code page: pipes get UTF-8, a terminal '?' for the rest.

    Why: a Windows pipe or a cp1252 console would otherwise crash on the first
    '→' or 'ë' it cannot encode.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding == "utf8" or reconfigure is None:
            continue
        try:
            if stream.isatty():
                reconfigure(errors="replace")
            else:
                reconfigure(encoding="utf-8", errors="replace")
        except (ValueError, OSError):  # already written to, or closed
            continue


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turn every error into a message and an exit code."""
    _State.json = _State.debug = False
    _State.verbosity = 0
    _utf8_streams()
    _configure_logging()
    try:
        code = cli.main(args=argv, prog_name="proeve", standalone_mode=False)
    except ProeveError as exc:
        _report(exc)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        warn("aborted")
        sys.exit(2)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except KeyboardInterrupt:
        warn("interrupted")
        sys.exit(130)
    except Exception as exc:
        if _State.debug:
            traceback.print_exc()
        else:
            warn(
                f"proeve: internal error: {type(exc).__name__}: {exc} "
                "(run with --debug for details)"
            )
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


def problem_lines(exc: ProeveError) -> list[str]:
    """An error as the lines the terminal shows: one, or a count and one line per problem."""
    lines = str(exc).splitlines() or [type(exc).__name__]
    if len(lines) == 1:
        return [f"proeve: {lines[0]}"]
    return [f"proeve: {len(lines)} problems:", *(f"  {line}" for line in lines)]


def _report(exc: ProeveError) -> None:
    if _State.json:
        emit({"ok": False, **exc.to_json()})
    for line in problem_lines(exc):
        warn(line)
