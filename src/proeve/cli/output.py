"""Messages and results -> the terminal: UTF-8, no control characters, as loud as -q/-v say.

Everything proeve prints goes through here. Text from elsewhere (a foreign PDF's
words, a -m message, file names from an archive) never reaches the terminal as
an escape sequence: `printable` drops control characters before anything is
written, and JSON writes them as \\u escapes.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import click

from proeve import __version__
from proeve.errors import ProeveError
from proeve.plain import printable as printable  # re-exported for cli/

if TYPE_CHECKING:
    from proeve.cli.problems import Problem

log = logging.getLogger("proeve")


class State:
    """What this run was asked for: JSON on stdout, tracebacks, how much to say."""

    json = False
    debug = False
    verbosity = 0  # -1 quiet, 0 normal, 1 -v (info), 2 -vv (debug)
    format = "text"  # how problems print: "text", "github" or "sarif" (proeve.cli.problems)
    project: Path | None = None  # the project the problems' file names are relative to
    # Every problem printed in this run, with its path as shown: the summary, the SARIF log.
    problems: ClassVar[list[tuple[Problem, str]]] = []
    result: ClassVar[dict[str, Any] | None] = None  # the --json object, printed at the end

    @classmethod
    def reset(cls) -> None:
        cls.json = cls.debug = False
        cls.verbosity = 0
        cls.format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
        cls.project = None
        cls.problems = []
        cls.result = None


def one_line(text: str) -> str:
    """Printable text on one line: a multi-line text shows its first line and how many follow."""
    lines = [ln.strip() for ln in printable(text).splitlines() if ln.strip()]
    if len(lines) < 2:
        return " ".join(lines)
    more = len(lines) - 1
    return f"{lines[0]} (+{more} more line{'' if more == 1 else 's'})"


def quiet() -> bool:
    """Whether -q asked for problems only."""
    return State.verbosity < 0


def say(message: str) -> None:
    """A message for people: stderr, so stdout stays clean for --json; -q silences it."""
    if State.verbosity >= 0:
        click.echo(printable(message), err=True)


def warn(message: str) -> None:
    """A problem or warning for people: stderr, also under -q."""
    click.echo(printable(message), err=True)


def out(text: str, color: bool | None = None) -> None:
    """A line of a command's result on stdout (log's table, diff's change list); on stderr
    when stdout carries the SARIF log."""
    click.echo(printable(text), color=color, err=State.format == "sarif")


def emit(data: dict[str, Any]) -> None:
    """A command's JSON object: under --json kept for the end of the run (`close_report`),
    where it gets every error and warning of the run; otherwise (schema) printed now."""
    if State.json:
        State.result = data
        return
    if State.format == "sarif":
        raise click.UsageError("this command prints on stdout, as --format sarif does")
    print_json(data)


def print_json(data: dict[str, Any]) -> None:
    """One JSON object on stdout; control characters inside strings are \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=1, default=str)
    # json.dumps escapes C0 already; DEL and C1 (an 8-bit CSI) it leaves as they are.
    click.echo(re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m[0]):04x}", text))


class _Handler(logging.Handler):
    """Library log records -> stderr lines, after the same cleaning as every message;
    warnings and errors print as problems do (located when the message starts with a place)."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            from proeve.cli.problems import from_text

            level = "error" if record.levelno >= logging.ERROR else "warning"
            report([from_text(record.getMessage(), level)])
            return
        prefix = "debug: " if record.levelno == logging.DEBUG else ""
        warn(prefix + record.getMessage())


def configure_logging() -> None:
    level = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO}.get(
        State.verbosity, logging.DEBUG
    )
    log.setLevel(level)
    if not any(isinstance(h, _Handler) for h in log.handlers):
        log.addHandler(_Handler())
    log.propagate = False


def utf8_streams() -> None:
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


def _shown(problem: Problem) -> str:
    """The problem's path as this run shows it: from the current folder, or under GitHub
    Actions from the workspace (annotations name files from the repository's root)."""
    from proeve.cli.problems import shown_path

    base = None
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if State.format == "github" and workspace:
        base = Path(workspace)
    return shown_path(problem.file, State.project, base)


def problem_lines(problems: list[Problem]) -> list[str]:
    """Problems as the lines this run prints them: compiler style or GitHub workflow commands."""
    from proeve.cli.problems import compiler_line, github_line

    line = github_line if State.format == "github" else compiler_line
    return [line(p, _shown(p)) for p in problems]


def report(problems: list[Problem]) -> None:
    """Print problems on stderr, one a line, and keep them for the summary and the SARIF log."""
    for problem, text in zip(problems, problem_lines(problems), strict=True):
        State.problems.append((problem, _shown(problem)))
        warn(text)


def report_error(exc: ProeveError) -> None:
    """The error that ends the run, as the problems it names."""
    from proeve.cli.problems import from_error

    report(from_error(exc))


def close_report(exit_code: int) -> None:
    """At the end of a run: the summary line, and the SARIF log on stdout when asked for."""
    from proeve.cli.problems import sarif_log, summary

    problems = [p for p, _ in State.problems]
    if len(problems) > 1 or any(path for _, path in State.problems):
        warn(summary(problems))  # not after one line that says it all
    if State.format == "sarif":
        print_json(sarif_log(problems, [path for _, path in State.problems], exit_code))
    if State.result is not None:
        tool = {"name": "proeve", "version": __version__}
        print_json({**State.result, "tool": tool, "diagnostics": [p.to_json() for p in problems]})


DASH = Path("-")


def dash_target(**targets: Path | None) -> str | None:
    """Which output option says `-` (stdout), if one does; a usage error when that cannot be.

    stdout holds one file: not two, not beside --json or a SARIF log, and not a
    terminal (binary bytes there would garble it).
    """
    dashed = [f"--{name}" for name, path in targets.items() if path == DASH]
    if not dashed:
        return None
    if len(dashed) > 1:
        raise click.UsageError(f"{' and '.join(dashed)} cannot both write to stdout ('-')")
    if State.json or State.format == "sarif":
        what = "--json" if State.json else "--format sarif"
        raise click.UsageError(f"{dashed[0]} - and {what} both print on stdout: choose one")
    if sys.stdout.isatty():
        raise click.UsageError(
            f"{dashed[0]} - writes a file to stdout, which is a terminal here: "
            "redirect it (> file) or pipe it"
        )
    return dashed[0]


def write_stdout(data: bytes) -> None:
    """A file's bytes on stdout (an output path `-`), after whatever text went before."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def colour_wanted(choice: str = "auto") -> bool:
    """--color always/never, or else the environment: NO_COLOR turns colour off, FORCE_COLOR
    or CLICOLOR_FORCE on (for a CI log that shows colours), and otherwise a terminal does."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    forced = [os.environ.get(name, "") for name in ("FORCE_COLOR", "CLICOLOR_FORCE")]
    if any(value and value.lower() not in ("0", "false") for value in forced):
        return True
    return sys.stdout.isatty()
