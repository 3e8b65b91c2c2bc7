"""A PDF, an output folder or an OCFL archive -> every problem found: fixity, rebuild, conformance.

Four questions for every draft found: are its bytes the ones recorded (the
register's sha256, or the OCFL inventory's sha512), does it rebuild byte for
byte from the sources and record embedded in it (and do those agree with the
register), does it keep our own structural PDF/A rules (proeve.pdf.conformance),
and does an independent validator confirm what it claims to be (PDF/A-3a and
PDF/UA-1 for a tagged draft: proeve.pdf.independent)?
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from proeve import __version__
from proeve.archive import check as ocflcheck
from proeve.drafts.folder import PREVIEW, check_drafts
from proeve.drafts.register import REGISTER, Record, read_register
from proeve.errors import ProeveError, UsageError
from proeve.frozen import Frozen
from proeve.identity import Manifest, read_json
from proeve.pdf.independent import Conformance

Progress = Callable[[int, int, str], None]


class Problem(Frozen):
    """One thing wrong in one file; `rule` names the check (fixity, rebuild, record, PDF/A id)."""

    file: str
    message: str
    rule: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message} [{self.rule}]"

    def to_json(self) -> dict[str, str]:
        return {"file": self.file, "rule": self.rule, "message": self.message}


class Draft(Frozen):
    """A PDF to check, with its register record when one is known."""

    label: str
    data: bytes
    record: Record | None = None


class Report:
    """What verify found at one path: how many PDFs it checked, the problems, notes."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.kind = kind  # "pdf", "output" or "archive"
        self.checked = 0
        self.working = 0  # of them, reviews and comment sheets: nothing to rebuild
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.copies: set[str] = set()  # reviewers' copies: a draft's page with comments added
        self.strict = False  # another toolchain's bytes for the same page: a problem, not a note
        self.conformance = Conformance()  # what page-validation confirmed (pdf/independent.py)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "path": str(self.path),
            "kind": self.kind,
            "checked": self.checked,
            "working_documents": self.working,
            "problems": [p.to_json() for p in self.problems],
            "notes": self.notes,
            "conformance": self.conformance.to_json(),
        }


def verify(path: Path, progress: Progress | None = None, strict: bool = False) -> Report:
    """Check everything at `path`; a problem found is in the report, never raised.

    A draft that another toolchain (ReportLab, zlib, ...) rebuilds to other bytes
    but the same page is a note, or with `strict` a problem.
    """
    if path.is_file():
        report = Report(path, "pdf")
        drafts = _single(path, report)
    elif ocflcheck.is_root(path) or ocflcheck.is_object(path):
        report = Report(path, "archive")
        drafts = _archive(path, report)
    elif path.is_dir() and ((path / REGISTER).exists() or any(path.glob("*.pdf"))):
        report = Report(path, "output")
        drafts = _output(path, report)
    else:
        raise UsageError(f"{path}: not a PDF, an output folder or an OCFL storage root")
    report.strict = strict
    for done, draft in enumerate(drafts):
        if progress:
            progress(done, len(drafts), draft.label)
        _note_working_document(draft, report)
        report.problems += check_draft(draft, report)
        report.problems += independent_check(draft, report)
    report.checked = len(drafts)
    if report.conformance.claimed and report.conformance.checker is None:
        report.notes.append(report.conformance.summary())
    return report


def check_draft(draft: Draft, report: Report | None = None) -> list[Problem]:
    """The reader's bounds, the PDF/A rules, the rebuild from embedded sources, the record.

    A reviewer's copy (the draft's page, readers' annotations added) rebuilds:
    its comments are noted in `report`, not reported as a forgery.

    Why the bounds first: a PDF that the one reader refuses (two hundred
    attachments, a bomb) gets one line saying why, not a line per broken rule.
    """
    from proeve.pdf.conformance import check_file
    from proeve.pdf.read import proeve_files

    try:
        files = proeve_files(draft.data, draft.label)
    except UsageError as exc:
        reason = str(exc).removeprefix(f"{draft.label}: ")
        return [Problem(draft.label, reason, "proeve:readable")]
    problems = [
        Problem(draft.label, f.message, f.rule) for f in check_file(draft.data, draft.label)
    ]
    if problems and problems[0].rule == "proeve:readable":
        return problems
    if files is None and _working(draft):
        return problems  # a review or comment sheet has no sources to rebuild from
    return problems + _rebuild(draft, files, report)


def _working(draft: Draft) -> str | None:
    from proeve.diff.write import working_document

    return working_document(draft.data) if draft.record is None else None


def _note_working_document(draft: Draft, report: Report) -> None:
    kind = _working(draft)
    if kind:
        report.working += 1
        report.notes.append(
            f"{draft.label}: a {kind} made by proeve, a working document outside the archive "
            "promise: nothing to rebuild; checked for what it claims to be"
        )


def independent_check(draft: Draft, report: Report) -> list[Problem]:
    """page-validation's verdict on every conformance the PDF claims; one problem per rule.

    An untagged draft (PDF/A-3b, made before proeve tagged its pages) gets a
    note saying why it no longer rebuilds to the same bytes.
    """
    from proeve.pdf.independent import describe, validate
    from proeve.pdf.read import claims

    if draft.label in report.copies:
        report.conformance.copies += 1
        report.notes.append(
            f"{draft.label}: not checked by page-validation: a reviewer's copy, whose reader's "
            "annotations PDF/A and PDF/UA judge too; verify the draft itself for its conformance"
        )
        return []
    try:
        claimed = claims(draft.data, draft.label)
    except ProeveError:
        return []  # our own rules report an unreadable file
    if (
        claimed
        and "ua1" not in claimed
        and any(p.file == draft.label and p.rule == "rebuild" for p in report.problems)
    ):
        report.notes.append(
            f"{draft.label}: an untagged draft ({describe(claimed)}), made before proeve "
            f"tagged its pages; rebuilt by proeve {__version__} it is tagged, so its bytes differ"
        )
    conformance = report.conformance
    conformance.claimed.update(claimed)
    verdict = validate(draft.data, claimed)
    if verdict.unreadable:
        conformance.failed.update(claimed)
        message = f"{verdict.checker} cannot read it: {verdict.unreadable}"
        return [Problem(draft.label, message, "page-validation")]
    conformance.failed.update(f.profile for f in verdict.failures)
    return [Problem(draft.label, str(f), f.rule) for f in verdict.failures]


def _rebuild(draft: Draft, files: dict[str, bytes] | None, report: Report | None) -> list[Problem]:
    from proeve.chain import embedded, rebuild

    label = draft.label
    try:
        if files is None:
            raise UsageError(f"{label}: no proeve sources embedded (not made by proeve?)")
        manifest = embedded(files, label)[1]
        problems = _against_record(label, manifest, draft.record)
        built = rebuild(files, label)
    except ProeveError as exc:
        reason = str(exc).splitlines()[0].removeprefix(f"{label}: ")
        return [Problem(label, f"cannot rebuild from its embedded sources: {reason}", "rebuild")]
    comments = _reviewers_copy(draft, built.pdf) if built.pdf != draft.data else 0
    if comments and report is not None:
        from proeve.pdf.pageprint import carries_comments

        report.copies.add(label)
        report.notes.append(
            f"{carries_comments(label, comments, label)}; its page, comments aside, is what its "
            "embedded sources build"
        )
    elif built.pdf != draft.data:
        problems += _other_bytes(draft, manifest, built.pdf, report)
    return problems


def _other_bytes(
    draft: Draft, manifest: Manifest, rebuilt: bytes, report: Report | None
) -> list[Problem]:
    """A rebuild with other bytes: what the recorded toolchain says of it (a problem, or a
    note when another toolchain made the same page)."""
    label = draft.label
    if manifest.toolchain is None:  # made before drafts kept their toolchain
        made_by = manifest.proeve
        why = (
            f" (made by proeve {made_by}, rebuilt by {__version__})"
            if made_by != __version__
            else ""
        )
        return [Problem(label, f"rebuilds to different bytes{why}", "rebuild")]
    made = _made_with(manifest)
    if not made:
        message = "same toolchain, different bytes: it does not rebuild to the bytes it has"
        return [Problem(label, message, "rebuild")]
    differs = _page_differs(draft.data, rebuilt, label)
    if differs:
        return [Problem(label, f"{made}: {differs}", "rebuild")]
    same = f"{made}: the page is the same (text and pixels), the bytes differ"
    if report is None or report.strict:
        return [Problem(label, same, "rebuild:toolchain")]
    report.notes.append(f"{label}: {same}")
    return []


def _made_with(manifest: Manifest) -> str:
    """'made with ReportLab 4.2.0, rebuilt with 5.1.0' ('' when nothing differs)."""
    from proeve.toolchain import Toolchain, current

    then = [("proeve", manifest.proeve, __version__)] if manifest.proeve != __version__ else []
    then += (manifest.toolchain or Toolchain()).changes(current())
    if not then:
        return ""
    was = " and ".join(f"{name} {old or '(none)'}" for name, old, _ in then)
    now = " and ".join(f"{new or '(none)'}" if len(then) == 1 else f"{name} {new or '(none)'}"
                       for name, _, new in then)  # fmt: skip
    return f"made with {was}, rebuilt with {now}"


def _page_differs(original: bytes, rebuilt: bytes, label: str) -> str:
    """What a rebuild changed that a reader sees: '' when the text and the pixels are the same.

    The draft may come from anywhere: its text is read by the bounded reader,
    both pages are drawn by pdfium in its bounded child (proeve.pdf.raster).
    """
    import tempfile

    from proeve.diff.visual import compare_pages
    from proeve.pdf import raster
    from proeve.pdf.read import page_texts

    if page_texts(original, label, 1) != page_texts(rebuilt, label, 1):
        return "its text differs from the page its sources build now"
    with tempfile.TemporaryDirectory(prefix="proeve-verify-") as folder:
        paths = [Path(folder) / "made.pdf", Path(folder) / "rebuilt.pdf"]
        for path, data in zip(paths, (original, rebuilt), strict=True):
            path.write_bytes(data)
        made, again = raster.finish(raster.start(paths, [label, f"{label} (rebuilt)"]))
    if not compare_pages(made, again, raster.DPI).same:
        return "its pixels differ from the page its sources build now"
    return ""


def _reviewers_copy(draft: Draft, built: bytes) -> int:
    """The comments a reviewer's copy carries: 0 unless its page, comments aside, is `built`'s."""
    from proeve.pdf.read import page_print

    try:
        printed = page_print(draft.data, draft.label)
        return printed.comments if printed.same_page(page_print(built, draft.label)) else 0
    except ProeveError:
        return 0


def _against_record(label: str, manifest: Manifest, record: Record | None) -> list[Problem]:
    if record is None:
        return []
    pairs = [
        ("edition (status, number, created)", manifest.edition, record.edition),
        ("sources sha256", manifest.sources_sha256, record.sources_sha256),
        ("template", manifest.template, record.template),
    ]
    return [
        Problem(label, f"its embedded {name} differs from its register record", "record")
        for name, embedded, recorded in pairs
        if embedded != recorded
    ]


def _single(path: Path, report: Report) -> list[Draft]:
    """One PDF; when the register beside it lists it, its checksum and record are checked too."""
    data = _load(path, report)
    if data is None:
        return []
    record = None
    if (path.parent / REGISTER).exists():
        try:
            record = next((r for r in read_register(path.parent) if r.file == path.name), None)
        except ProeveError as exc:
            report.notes.append(f"the register beside it was not used: {exc}")
    if record and not record.matches(data):
        report.problems.append(Problem(str(path), f"sha256 differs from {REGISTER}", "fixity"))
    return [Draft(str(path), data, record)]


def _output(folder: Path, report: Report) -> list[Draft]:
    """Registered drafts whose bytes match the register, plus the preview."""
    try:
        checked, strays = check_drafts(folder, keep=True)
    except ProeveError as exc:
        where = str(folder / REGISTER)
        report.problems.append(Problem(where, str(exc).removeprefix(f"{where}: "), "fixity"))
        checked, strays = [], []
    drafts = []
    for c in checked:
        path = folder / c.record.file
        if c.data is None:
            message = f"draft {c.record.version}: {c.explain()}"
            report.problems.append(Problem(str(path), message, "fixity"))
            continue
        drafts.append(Draft(str(path), c.data, c.record))
    for stray in strays:
        report.notes.append(f"{folder / stray}: a draft file that {REGISTER} does not list")
    preview = folder / PREVIEW
    data = _load(preview, report) if preview.is_file() else None
    if data is not None:
        drafts.append(Draft(str(preview), data))
    if not drafts and not report.problems:
        raise UsageError(f"{folder}: no drafts and no preview to verify")
    return drafts


def _archive(root: Path, report: Report) -> list[Draft]:
    """Fixity of every object, then its intact PDFs with the records archived beside them."""
    from proeve.archive.root import reading

    with reading(root):  # an archive run finishes its version before this reads it
        folders = [root] if ocflcheck.is_object(root) else list(ocflcheck.object_folders(root))
        if ocflcheck.interrupted(root):
            report.notes.append("an archive run was interrupted; the next proeve archive tidies up")
        drafts = []
        for folder in folders:
            check = ocflcheck.check_object(folder)
            report.problems += [Problem(str(p), m, "fixity") for p, m in check.problems]
            if check.inventory is not None:
                damaged = {p for p, _ in check.problems}
                drafts += _archived_drafts(folder, check.inventory, damaged, report)
    if not folders:
        report.notes.append("the archive holds no objects yet")
    return drafts


def _archived_drafts(
    folder: Path, inventory: dict[str, Any], damaged: set[Path], report: Report
) -> list[Draft]:
    from proeve.archive.add import record_name
    from proeve.archive.ocfl import content_of, first_stored

    drafts = []
    for stored in first_stored(inventory):
        path = folder / stored.content
        if not stored.logical.endswith(".pdf") or path in damaged:
            continue
        data = _load(path, report)
        if data is None:
            continue
        record_at = content_of(inventory, stored.version, record_name(stored.logical))
        record_path = folder / (record_at or "")
        record = None
        if record_path not in damaged:  # a damaged record is reported; the PDF still checked
            try:
                record = Record.from_json(read_json(record_path.read_bytes(), str(record_path)))
            except (OSError, ValueError, ProeveError) as exc:
                message = f"its register record in {stored.version} is not readable ({exc})"
                report.problems.append(Problem(str(path), message, "record"))
        drafts.append(Draft(str(path), data, record))
    return drafts


def _load(path: Path, report: Report) -> bytes | None:
    """A file's bytes, or None with a problem when it cannot be read or is too large to be ours."""
    from proeve.fsio import TooLarge, read_bounded
    from proeve.pdf.read import MAX_PDF_BYTES

    try:
        return read_bounded(path, MAX_PDF_BYTES)
    except TooLarge:
        limit = f"larger than the {MAX_PDF_BYTES // 2**20} MiB a proeve PDF can be"
        report.problems.append(Problem(str(path), limit, "readable"))
        return None
    except OSError as exc:  # NotAFile too: a FIFO or a device is never read
        report.problems.append(Problem(str(path), f"cannot read ({exc.strerror})", "readable"))
        return None
