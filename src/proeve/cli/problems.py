"""Errors and warnings -> lines editors and CI read: compiler style, GitHub commands, SARIF.

Every problem a run meets (an error that ends it, a warning on the way) becomes
one `Problem`, located where the library could say: `PATH:LINE:COL: error:
MESSAGE`, the form gcc, VS Code's `$gcc` matcher and vim's errorformat read,
with PATH relative to the current folder. `--format github` writes the same as
workflow commands (annotations on the pull request), `--format sarif` collects
them into one SARIF 2.1.0 log for code scanning.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from proeve import __version__
from proeve.errors import FitError, InputErrors, InputIssue, ProeveError
from proeve.frozen import Frozen

FORMATS = ("text", "github", "sarif")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# 'inputs/x.yaml:5:9: message': a location the library wrote at the start of a line.
_LOCATED = re.compile(
    r"(?P<file>[^\s:][^:]*?):(?P<line>\d+):(?P<column>\d+): (?P<message>.*)", re.S
)
RULES = {
    "input": "A value in the inputs or the template is not what proeve expects.",
    "fit": "The page does not fit on one A4: the field to cut lines from.",
    "page": "The page fits, but with a remark (a small size, and what a larger one costs).",
    "proeve": "Any other problem proeve reports.",
}


class Problem(Frozen):
    """One error or warning: where (as the library names the file), what, of which kind."""

    level: str  # "error" | "warning"
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    field: str = ""
    rule: str = "proeve"

    def to_json(self) -> dict[str, object]:
        return {
            "level": self.level,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
        }


def from_issue(issue: InputIssue, level: str = "error", rule: str = "input") -> Problem:
    """A located input issue as a problem; the field is named where the message does not."""
    named = not issue.field or f"'{issue.field}'" in issue.message
    message = issue.message + ("" if named else f" ({issue.field})")
    where = issue.where
    return Problem(level, message, where.file, where.line, where.column, issue.field, rule)


def from_text(text: str, level: str = "warning", rule: str = "proeve") -> Problem:
    """A message that may start with 'file:line:col: ' (as library messages and logs do)."""
    found = _LOCATED.fullmatch(text)
    if found is None:
        return Problem(level, text, rule=rule)
    line, column = int(found["line"]), int(found["column"])
    return Problem(level, found["message"], found["file"], line, column, rule=rule)


def from_error(exc: ProeveError) -> list[Problem]:
    """An error that ended the run as the problems it names (each input issue, each cut)."""
    if isinstance(exc, InputErrors) and exc.issues:
        return [from_issue(i, getattr(i, "severity", "error")) for i in exc.issues]
    if isinstance(exc, FitError):
        return [Problem("error", str(exc), rule="fit"), *cut_problems(exc.cuts, "error")]
    lines = [ln for ln in str(exc).splitlines() if ln.strip()] or [type(exc).__name__]
    return [from_text(ln, "error") for ln in lines]


def cut_problems(cuts: Iterable[dict[str, Any]], level: str, lead: str = "") -> list[Problem]:
    """Each field to cut lines from, at its place in the YAML (`places`, as chain adds them)."""
    found = []
    for cut in cuts:
        places = cut.get("places", {})
        for name, lines in cut.get("fields", {}).items():
            place = places.get(name, {})
            what = f"{lead}cut {lines} line{'' if lines == 1 else 's'} of '{name}' ({cut['title']})"
            found.append(
                Problem(
                    level,
                    what,
                    place.get("file", ""),
                    place.get("line", 0),
                    place.get("column", 0),
                    name,
                    "fit",
                )
            )
    return found


def shown_path(file: str, project: Path | None, base: Path | None = None) -> str:
    """A project file's path as seen from `base` (the current folder by default).

    Files the library names are relative to the project; a name with no such
    file under the project nor folder for it (a draft's embedded source, a
    built-in template, a bare `versions.json`) is left as it is.
    """
    if not file or project is None:
        return file
    path = Path(file) if Path(file).is_absolute() else project / file
    inside = path.parent != project and path.parent.is_dir()  # a file missing from inputs/
    if not (path.exists() or inside):
        return file
    # abspath: '..' taken out without following links (resolve would name another path)
    path = Path(os.path.abspath(path))  # noqa: PTH100
    base = Path(os.path.abspath(base or Path.cwd()))  # noqa: PTH100
    try:
        if Path(os.path.commonpath([path, base])).parent != Path(path.anchor):
            return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:  # another drive (Windows)
        pass
    return path.as_posix()  # nothing in common but the root: '../../../tmp/x' helps no one


def compiler_line(p: Problem, path: str) -> str:
    """`PATH:LINE:COL: error: MESSAGE` (gcc's form); `proeve: error: MESSAGE` when unlocated."""
    where = path or "proeve"
    if path and p.line:
        where += f":{p.line}" + (f":{p.column}" if p.column else "")
    message = " ".join(p.message.split("\n"))  # one problem, one line, whatever it quotes
    return f"{where}: {p.level}: {message}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(p: Problem, path: str) -> str:
    """A GitHub workflow command: `::error file=PATH,line=L,col=C,title=proeve::MESSAGE`."""
    props = []
    if path:
        props.append(f"file={_escape_property(path)}")
        if p.line:
            props.append(f"line={p.line}")
            if p.column:
                props.append(f"col={p.column}")
    props.append("title=" + _escape_property(f"proeve ({p.rule})"))
    return f"::{p.level} {','.join(props)}::{_escape_data(p.message)}"


def summary(problems: Iterable[Problem]) -> str:
    """'proeve: 3 errors, 1 warning'."""
    levels = [p.level for p in problems]
    parts = []
    for level in ("error", "warning"):
        count = levels.count(level)
        if count:
            parts.append(f"{count} {level}{'' if count == 1 else 's'}")
    return "proeve: " + ", ".join(parts)


def sarif_log(problems: Iterable[Problem], paths: list[str], exit_code: int) -> dict[str, Any]:
    """A SARIF 2.1.0 log of the run: one result per problem, paths relative to %SRCROOT%."""
    results = []
    for p, path in zip(problems, paths, strict=True):
        result: dict[str, Any] = {
            "ruleId": p.rule,
            "level": p.level,
            "message": {"text": p.message},
        }
        if path:
            physical: dict[str, Any] = {
                "artifactLocation": {"uri": quote(path), "uriBaseId": "%SRCROOT%"}
            }
            if p.line:
                physical["region"] = {"startLine": p.line, "startColumn": max(p.column, 1)}
            result["locations"] = [{"physicalLocation": physical}]
        results.append(result)
    driver = {
        "name": "proeve",
        "version": __version__,
        "informationUri": "https://pypi.org/project/proeve/",
        "rules": [{"id": rule, "shortDescription": {"text": text}} for rule, text in RULES.items()],
    }
    root = Path.cwd().as_uri().rstrip("/") + "/"
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
                "invocations": [
                    {"executionSuccessful": exit_code in (0, 1), "exitCode": exit_code}
                ],
                "results": results,
            }
        ],
    }
