"""A project folder -> the next numbered draft in output/ and its record in the register.

A build takes the output folder's lock, sweeps what killed builds left,
allocates the next number, renders, links the PDF into place (never over an
existing file) and only then adds the record (proeve.drafts.folder does the
writing).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
import unicodedata
from pathlib import Path

from proeve import __version__
from proeve.drafts.folder import (
    draft_name,
    locked,
    next_number,
    output_folder,
    publish,
    save_register,
    sweep_temps,
)
from proeve.drafts.register import Record, check_message, read_register, register_bytes
from proeve.errors import UsageError, WriteError
from proeve.frozen import Frozen, replace
from proeve.fsio import trouble
from proeve.identity import Edition, Fit, source_date_epoch
from proeve.inputs.sources import Sources
from proeve.toolchain import Toolchain


class Outcome(Frozen):
    """What a build did: a new draft, or the last one when nothing changed."""

    record: Record
    path: Path
    unchanged: bool
    fit: str = ""  # the fit in words, for a new draft
    warnings: tuple[str, ...] = ()  # the fit's warnings, for a new draft
    comments: bool = False  # whether the draft carries the YAML's comments (embed_comments)


def slugify(title: str, limit: int = 60) -> str:
    """A file-name slug: ASCII-folded, lowercase, words joined by hyphens."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug or "overview"


def build_draft(
    project: Path,
    template: str = "default",
    message: str = "",
    final: bool = False,
    now: dt.datetime | None = None,
) -> Outcome:
    """Write the next draft of a project, unless its sources equal the last draft's."""
    from proeve.chain import carried, gather, validate

    try:
        check_message(message)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    sources, template_name = gather(project, template)
    # What the draft would carry (comments left out, if the overview says so) is compared.
    document = validate(sources, template_name)[0]
    carries = carried(sources, document).sha256()
    status = "final" if final else "draft"
    out = output_folder(project)
    last = _same_as_last(read_register(out), carries, status)
    if last:
        return Outcome(last, out / last.file, unchanged=True)
    created = (now or source_date_epoch() or dt.datetime.now(dt.timezone.utc)).replace(
        microsecond=0
    )
    commit = _git_commit(project)
    dirty = _git_dirty(project, template_name) if commit else None
    draft = _Draft(sources, carries, template_name, status, message, created, commit, dirty)
    try:
        outcome = _build_locked(out, draft)
    except OSError as exc:
        raise WriteError(
            f"could not write the draft: {trouble(exc, out)}; "
            "the earlier drafts and the register are as they were"
        ) from exc
    return replace(outcome, comments=document.embed_comments == "true")


def _build_locked(out: Path, draft: _Draft) -> Outcome:
    out.mkdir(parents=True, exist_ok=True)
    with locked(out):
        sweep_temps(out)
        records = read_register(out)
        # Checked again under the lock: a build that just finished may have made ours.
        last = _same_as_last(records, draft.carries, draft.status)
        if last:
            return Outcome(last, out / last.file, unchanged=True)
        return _write_next(out, records, draft)


def _same_as_last(records: list[Record], sources_sha256: str, status: str) -> Record | None:
    """The last draft when a new one would repeat it; finalising a draft is a change."""
    if not records:
        return None
    last = records[-1]
    if last.sources_sha256 != sources_sha256:
        return None
    return last if status == "draft" or last.status == "final" else None


class _Draft(Frozen):
    sources: Sources  # as read: warnings are about what the files say
    carries: str  # the sha256 of the sources the draft embeds
    template: str
    status: str
    message: str
    created: dt.datetime
    git_commit: str | None
    git_dirty: bool | None = None


def _write_next(out: Path, records: list[Record], draft: _Draft) -> Outcome:
    """Render and publish under the next free number, then register it.

    The new register is made (and read back) before the PDF is published, so
    a record the register could not hold stops the build with nothing written.
    """
    from proeve.chain import make_pdf

    number = next_number(out, records)
    while True:
        edition = Edition(draft.status, number, draft.created)
        built = make_pdf(draft.sources, draft.template, edition)
        slug = built.document.slug or slugify(built.document.title)
        path = out / draft_name(slug, number)
        record = _record(draft, number, path.name, built.pdf, built.fitted.fit,
                         built.manifest.toolchain)  # fmt: skip
        register = register_bytes([*records, record])
        if publish(built.pdf, path):
            break
        # A file outside the register holds this name: keep it, take the next number.
        number = next_number(out, records, after=number)
    try:
        save_register(out, register)
    except BaseException:
        # Never registered, so never a draft: leave the folder as it was.
        path.unlink(missing_ok=True)
        raise
    fitted = built.fitted
    return Outcome(record, path, False, fitted.summary(), tuple(fitted.warnings))


def _record(
    draft: _Draft, number: int, file: str, pdf: bytes, fit: Fit, toolchain: Toolchain | None
) -> Record:
    return Record(
        version=number,
        file=file,
        sha256=hashlib.sha256(pdf).hexdigest(),
        created=draft.created,
        message=draft.message,
        status=draft.status,
        sources_sha256=draft.carries,
        template=draft.template,
        proeve=__version__,
        git_commit=draft.git_commit,
        fit=Fit(fit.font_size, round(fit.fill, 3)),
        git_dirty=draft.git_dirty,
        toolchain=toolchain,
    )


def _git_commit(project: Path) -> str | None:
    """The commit checked out where the inputs live, or None outside git (or without git)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(project), "rev-parse", "--verify", "--quiet", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and re.fullmatch(r"[0-9a-f]{40,64}", commit) else None


def _git_dirty(project: Path, template: str) -> bool | None:
    """Whether the inputs (or the template) differ from the commit: changed, staged or new."""
    try:
        done = subprocess.run(
            ["git", "-C", str(project), "status", "--porcelain", "--untracked-files=all",
             "--", "inputs", template],
            capture_output=True, text=True, timeout=10, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return bool(done.stdout.strip()) if done.returncode == 0 else None
