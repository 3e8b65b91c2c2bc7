"""Command line -> one library call per command; the only place that prints or picks exit codes.

Commands live in submodules that are imported only when that command runs, so
`proeve check` does not pay for what `proeve diff` needs.
"""

from __future__ import annotations

import importlib
import json
import sys
import traceback
from typing import Any

import click

from proeve import __version__
from proeve.errors import ProeveError

COMMANDS = {
    "check": "proeve.cli.engine:check",
    "preview": "proeve.cli.engine:preview",
    "build": "proeve.cli.drafts:build",
    "log": "proeve.cli.drafts:log",
    "diff": "proeve.cli.diff:diff",
    "comments": "proeve.cli.comments:comments",
    "extract": "proeve.cli.engine:extract",
    "archive": "proeve.cli.archive:archive",
    "verify": "proeve.cli.archive:verify",
    "new": "proeve.cli.engine:new",
    "schema": "proeve.cli.engine:schema",
}
SUMMARIES = {
    "check": "Validate inputs and report whether and how the page fits; writes nothing.",
    "preview": "Write the unversioned output/preview.pdf (and a PNG) for quick iteration.",
    "build": "Write the next numbered draft (the editor's one command per draft).",
    "log": "List the drafts: number, date, status, message, checksum.",
    "diff": "Show what changed between two drafts (numbers or PDF paths).",
    "comments": "List reviewers' comments in annotated drafts at the file:line of their field.",
    "extract": "Write back the sources embedded in a proeve PDF.",
    "archive": "Add the drafts to an OCFL archive.",
    "verify": "Check a PDF, the output folder or an archive: fixity, rebuild, conformance.",
    "new": "Scaffold inputs/initiatives/ID.yaml.",
    "schema": "Print the JSON Schema of the input files.",
}


class _State:
    json = False
    debug = False


class LazyGroup(click.Group):
    """A group that imports a command's module only when the command is called."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        if ctx.resilient_parsing or "--help" in sys.argv[1:2]:
            return click.Command(name, help=SUMMARIES[name], short_help=SUMMARIES[name])
        module, attr = COMMANDS[name].split(":")
        command: click.Command = getattr(importlib.import_module(module), attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(n, SUMMARIES[n]) for n in COMMANDS])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="proeve")
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")
def cli(debug: bool) -> None:
    """proeve: structured YAML, one file per initiative, into one clear A4 overview PDF."""
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


def say(message: str) -> None:
    """A message for people: stderr, so stdout stays clean for --json."""
    click.echo(message, err=True)


def emit(data: dict[str, Any]) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str))


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turn every error into a message and an exit code."""
    _State.json = _State.debug = False
    try:
        code = cli.main(args=argv, prog_name="proeve", standalone_mode=False)
    except ProeveError as exc:
        _report(exc)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        say("aborted")
        sys.exit(2)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except KeyboardInterrupt:
        say("interrupted")
        sys.exit(130)
    except Exception as exc:
        if _State.debug:
            traceback.print_exc()
        else:
            say(
                f"proeve: internal error: {type(exc).__name__}: {exc} "
                "(run with --debug for details)"
            )
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


def _report(exc: ProeveError) -> None:
    if _State.json:
        emit({"ok": False, **exc.to_json()})
    lines = str(exc).splitlines() or [type(exc).__name__]
    if len(lines) > 1:
        say(f"proeve: {len(lines)} problems:")
        for line in lines:
            say(f"  {line}")
    else:
        say(f"proeve: {lines[0]}")
