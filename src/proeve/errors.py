"""Problems a user can fix, each located in a file (line, column) where it has a place."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from proeve.frozen import Frozen


class Location(Frozen, order=True):
    """A place in an input file; line and column count from 1."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file

    def to_json(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "column": self.column}


class InputIssue(Frozen):
    """One problem in the inputs: where, which field, what was expected."""

    where: Location
    message: str
    field: str = ""

    def __str__(self) -> str:
        # The field path helps where the message does not already name it (nested values).
        named = not self.field or f"'{self.field}'" in self.message
        return f"{self.where}: {self.message}" + ("" if named else f" ({self.field})")

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.where.file,
            "line": self.where.line,
            "column": self.where.column,
            "field": self.field,
            "message": self.message,
        }


class ProeveError(Exception):
    """A problem in what the user gave us; the CLI prints it and exits with `exit_code`."""

    exit_code = 1

    def to_json(self) -> dict[str, object]:
        return {"error": str(self)}


class UsageError(ProeveError):
    """The command was called in a way that cannot work (exit 2)."""

    exit_code = 2


class WriteError(ProeveError):
    """A file could not be written or read (disk full, permissions, a file in the way): exit 2."""

    exit_code = 2


class InputErrors(ProeveError):
    """Every input problem of a run, reported together."""

    def __init__(self, issues: Iterable[InputIssue]) -> None:
        self.issues = tuple(sorted(issues, key=lambda i: (i.where, i.message)))
        super().__init__("\n".join(str(i) for i in self.issues))

    def to_json(self) -> dict[str, object]:
        return {"error": "invalid input", "issues": [i.to_json() for i in self.issues]}


class FitError(ProeveError):
    """The content does not fit on one page even at the smallest font size.

    `cuts` says per initiative how many lines to cut, and from which fields, for
    the page to fit (`{"id", "title", "lines", "fields": {"approach": 3}}`);
    `comfortable` says the same for a comfortable size; `page` is the page laid
    out as it stands, marked where it runs over (for the preview).
    """

    def __init__(
        self,
        message: str,
        overflow_mm: float,
        cuts: list[dict[str, Any]] | None = None,
        comfortable: dict[str, Any] | None = None,
        page: Any = None,
    ) -> None:
        super().__init__(message)
        self.overflow_mm = overflow_mm
        self.cuts = cuts or []
        self.comfortable = comfortable
        self.page = page
        self.preview: str | None = None

    def shown_in(self, path: str) -> FitError:
        """The same error, saying where the marked page was written."""
        error = FitError(
            f"{self} The page as it stands, marked where it runs over: {path}",
            self.overflow_mm, self.cuts, self.comfortable, self.page,
        )  # fmt: skip
        error.preview = path
        return error

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "error": "does not fit",
            "message": str(self),
            "overflow_mm": round(self.overflow_mm, 1),
            "cut_lines": sum(c["lines"] for c in self.cuts),
            "cuts": self.cuts,
        }
        if self.comfortable is not None:
            out["comfortable"] = self.comfortable
        if self.preview:
            out["preview"] = self.preview
        return out


class Collector:
    """Gathers located issues so that a run reports all of them at once."""

    def __init__(self) -> None:
        self.issues: list[InputIssue] = []

    def add(self, where: Location, message: str, field: str = "") -> None:
        self.issues.append(InputIssue(where, message, field))

    def raise_if_any(self) -> None:
        if self.issues:
            raise InputErrors(self.issues)
