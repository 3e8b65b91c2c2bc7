"""A place in a project file (file, line, column) -> the editor opened there, without a shell.

The command is a template with `{file}`, `{line}` and `{col}`: `--editor`,
else $PROEVE_EDITOR, else VS Code's `code --goto {file}:{line}:{col}` when
`code` is on the PATH. It is split into words once (as a POSIX shell would, or
as Windows does), each placeholder is replaced inside its word, and the words
are started as they are: no shell reads the file name. Only regular files
inside the project are opened, named in plain characters, so that a Windows
batch file (`code.cmd`) cannot read anything in them as its own syntax.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

from proeve.errors import UsageError
from proeve.frozen import Frozen

VSCODE = "code --goto {file}:{line}:{col}"
WAIT_SECONDS = 3.0  # an editor that hands over and exits tells us how it went
_PLAIN = re.compile(r"[A-Za-z0-9_./ -]{1,300}")
MAX_LINE = 10_000_000


class Opened(Frozen):
    """What became of a request to open a place: started, failed (why), or no editor (a link)."""

    ok: bool
    message: str
    link: str


def command_template(given: str | None) -> str | None:
    """The command to run: the one given, else $PROEVE_EDITOR, else VS Code if found."""
    if given:
        return given
    if os.environ.get("PROEVE_EDITOR"):
        return os.environ["PROEVE_EDITOR"]
    return VSCODE if shutil.which("code") else None


def check_template(template: str) -> list[str]:
    """The template's words; UsageError when it cannot be split or names no program."""
    try:
        words = split_words(template, windows=os.name == "nt")
    except ValueError as exc:
        raise UsageError(f"--editor {template!r}: {exc}") from None
    if not words:
        raise UsageError("--editor is empty: give a command such as 'code --goto {file}:{line}'")
    if not any("{file}" in word for word in words):
        raise UsageError(f"--editor {template!r} does not say where the file goes: add {{file}}")
    return words


def split_words(template: str, windows: bool) -> list[str]:
    """A command line's words: as a POSIX shell splits them, or on Windows at blanks outside
    double quotes, the quotes around a word taken off (`"C:\\Program Files\\x.exe" {file}`)."""
    if not windows:
        return shlex.split(template)
    words = shlex.split(template, posix=False)
    return [w[1:-1] if len(w) > 1 and w[0] == w[-1] == '"' else w for w in words]


def project_file(project: Path, file: str) -> Path:
    """`file` (relative to the project) as a path inside it; UsageError for anything else."""
    if not _PLAIN.fullmatch(file) or file.startswith(("/", "-")) or ".." in file.split("/"):
        raise UsageError(f"not a file of this project: {file!r}")
    root = project.resolve()
    path = (root / file).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise UsageError(f"not a file of this project: {file!r}")
    return path


def open_at(template: str | None, project: Path, file: str, line: int, column: int) -> Opened:
    """Start the editor at file:line:col (a project file); wait briefly to say how it went."""
    if not (0 < line < MAX_LINE and 0 < column < MAX_LINE):
        raise UsageError(f"not a place in a file: line {line}, column {column}")
    path = project_file(project, file)
    link = f"vscode://file{_url_path(path)}:{line}:{column}"
    if template is None:
        return Opened(False, "no editor command: give --editor or set PROEVE_EDITOR", link)
    values = {"{file}": str(path), "{line}": str(line), "{col}": str(column)}
    argv = [_fill(word, values) for word in check_template(template)]
    # Windows finds `code` as code.cmd only through PATHEXT, which which() reads.
    argv[0] = shutil.which(argv[0]) or argv[0]
    where = f"{file}:{line}:{column}"
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=project,
            start_new_session=os.name != "nt",
        )
    except OSError as exc:
        return Opened(False, f"could not start {argv[0]!r}: {exc.strerror or exc}", link)
    try:
        code = process.wait(WAIT_SECONDS)
    except subprocess.TimeoutExpired:  # an editor that stays in front: it is open
        return Opened(True, f"opened {where}", link)
    if code != 0:
        return Opened(False, f"the editor command {argv[0]!r} exited with status {code}", link)
    return Opened(True, f"opened {where}", link)


def _fill(word: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        word = word.replace(key, value)
    return word


def _url_path(path: Path) -> str:
    from urllib.parse import quote

    posix = path.as_posix()
    return quote(posix if posix.startswith("/") else "/" + posix, safe="/:")
