"""PDF bytes -> what an independent validator (page-validation) finds for each claimed conformance.

Our own rules (proeve.pdf.conformance) check the structure we write; they once
said "PDF/A-3b holds" of a file that was not. A conformance is only confirmed
here: page-validation (PyPI `page-validation`, the `proeve[verify]` extra) is
asked about exactly what the file's XMP claims (PDF/A-3a and PDF/UA-1 for a
tagged draft, PDF/A-3b for an older one). Without it, nothing is confirmed,
and callers say so.
"""

from __future__ import annotations

from typing import Any

from proeve.frozen import Frozen
from proeve.pdf.xmp import NAMES

CHECKER = "page-validation"


class Failure(Frozen):
    """One rule of one profile that the file breaks, as page-validation names it."""

    profile: str  # "3a", "ua1", ...
    rule: str  # page-validation's rule id, e.g. PDFUA1-LINK-CONTENTS-001
    message: str

    def __str__(self) -> str:
        return f"{NAMES.get(self.profile, self.profile)} ({CHECKER}): {self.message}"


class Verdict(Frozen):
    """What was checked, by which checker, and what failed."""

    checker: str | None  # "page-validation 0.11.0"; None when it is not installed
    profiles: tuple[str, ...]
    failures: tuple[Failure, ...] = ()
    unreadable: str = ""  # why the checker could not read the file, if it could not

    @property
    def confirmed(self) -> tuple[str, ...]:
        """The claims the checker confirmed."""
        if self.checker is None or self.unreadable:
            return ()
        failed = {f.profile for f in self.failures}
        return tuple(p for p in self.profiles if p not in failed)


def checker() -> str | None:
    """The installed independent checker and its version, or None."""
    try:
        import page  # noqa: F401  (page-validation's module)
    except ImportError:
        return None
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{CHECKER} {version('page-validation')}"
    except PackageNotFoundError:
        return CHECKER


def validate(data: bytes, profiles: list[str]) -> Verdict:
    """Ask page-validation about each of `profiles` (see proeve.pdf.xmp.claims)."""
    name = checker()
    if name is None or not profiles:
        return Verdict(name, tuple(profiles))
    import page

    failures: list[Failure] = []
    for profile in profiles:
        try:
            report: Any = page.validate_pdf_bytes(data, profile=profile)
        except (page.PageError, ValueError) as exc:
            return Verdict(name, tuple(profiles), unreadable=str(exc).splitlines()[0])
        seen = set()
        for failure in report.failures:
            if failure.rule_id not in seen:  # one finding per rule, as our own rules give
                seen.add(failure.rule_id)
                failures.append(Failure(profile, failure.rule_id, failure.message))
    return Verdict(name, tuple(profiles), tuple(failures))


def describe(profiles: tuple[str, ...] | list[str]) -> str:
    """'PDF/A-3a and PDF/UA-1'."""
    names = [NAMES.get(p, p) for p in profiles]
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


class Conformance:
    """What the checked PDFs claim to be, and what an independent validator confirmed."""

    def __init__(self) -> None:
        self.checker = checker()
        self.claimed: set[str] = set()
        self.failed: set[str] = set()
        self.copies = 0  # reviewers' copies, whose claims were not put to the validator

    @property
    def confirmed(self) -> list[str]:
        return sorted(self.claimed - self.failed) if self.checker else []

    def summary(self) -> str:
        """One line: which claims were confirmed and by whom, or that none could be."""
        if not self.claimed:
            if self.copies:
                return "conformance not checked on reviewers' copies (see the notes)"
            return "no PDF claims a conformance"
        if self.checker is None:
            return (
                f"page-validation is not installed: only proeve's own structural checks ran, "
                f"so {describe(sorted(self.claimed))} is not confirmed "
                f"(pip install 'proeve[verify]')"
            )
        if self.failed:
            return f"{self.checker} finds {describe(sorted(self.failed))} broken"
        return f"{self.checker} confirms {describe(self.confirmed)}"

    def to_json(self) -> dict[str, Any]:
        return {
            "checker": self.checker,
            "claimed": sorted(self.claimed),
            "confirmed": self.confirmed,
        }
