"""Messages and results -> the terminal: UTF-8, no control characters, as loud as -q/-v say.

Everything proeve prints goes through here. Text from elsewhere (a foreign PDF's
words, a -m message, file names from an archive) never reaches the terminal as
an escape sequence: `printable` drops control characters before anything is
written, and JSON writes them as \\u escapes.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from typing import Any

import click

from proeve.errors import ProeveError
from proeve.plain import printable as printable  # re-exported for cli/

log = logging.getLogger("proeve")


class State:
    """What this run was asked for: JSON on stdout, tracebacks, how much to say."""

    json = False
    debug = False
    verbosity = 0  # -1 quiet, 0 normal, 1 -v (info), 2 -vv (debug)


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


def problem_lines(exc: ProeveError) -> list[str]:
    """An error as the lines the terminal shows: one, or a count and one line per problem."""
    lines = str(exc).splitlines() or [type(exc).__name__]
    if len(lines) == 1:
        return [f"proeve: {lines[0]}"]
    return [f"proeve: {len(lines)} problems:", *(f"  {line}" for line in lines)]
