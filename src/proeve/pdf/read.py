"""PDF files from anywhere -> their bytes, attachments and text, read within one set of limits.

The one reader for PDFs proeve did not just write itself: diff's two sides,
extract, verify, comments and the conformance checks all come through here. A
PDF from outside may be malformed or built to hurt (a stream that inflates to
gigabytes, two hundred attachments of 4 MiB, names like ../../x, a filter no
one implements, a parse that never ends). Every read is bounded in size, count,
total and time, and any failure of the parser becomes one clear UsageError
instead of a traceback. What leaves this module is plain data (bytes, text,
names, records): no pypdf object leaves proeve.pdf, so nothing parses a foreign
file lazily outside these bounds (tests/hostile/test_one_door.py keeps it so).
"""

from __future__ import annotations

import io
import logging
import re
import signal
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from proeve.errors import UsageError
from proeve.pdf.ciphers import enable, encrypted, import_pypdf

if TYPE_CHECKING:
    from proeve.pdf.annotations import Mark
    from proeve.pdf.pageprint import PagePrint

MAX_PDF_BYTES = 50 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 4 * 1024 * 1024
# A proeve PDF carries at most 64 inputs of 256 KiB, a template, a logo of 2 MiB, a manifest.
MAX_ATTACHMENTS = 100
MAX_ATTACHED_BYTES = 24 * 1024 * 1024
READ_SECONDS = 5.0
MAX_PAGE_OBJECTS = 5000
MANIFEST = "proeve.json"
LIMITS = {
    "zlib_maximum_output_length": 8_000_000,
    "maximum_declared_stream_length": 20_000_000,
    "stream_decoding_work_maximum_length": 40_000_000,
    "array_maximum_element_count": 20_000,
    "dictionary_maximum_element_count": 20_000,
}


@contextmanager
def bounded(label: str) -> Iterator[None]:
    """Apply pypdf's resource limits and turn any parser failure into a UsageError."""
    import_pypdf()
    from pypdf import apply_configuration

    # pypdf logs repairs and errors ("incorrect startxref pointer") on stderr; we report one
    # clear error instead. Above CRITICAL: its logger_error messages are ERRORs.
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL + 1)
    try:
        with apply_configuration(None, **LIMITS), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    except UsageError:
        raise
    except RecursionError:
        raise UsageError(f"{label}: PDF structure is nested too deeply") from None
    except MemoryError:
        raise UsageError(f"{label}: PDF needs too much memory to read") from None
    except Exception as exc:
        if _caused_by(exc, RecursionError):  # pypdf wraps it in "Error reading PDF file."
            raise UsageError(f"{label}: PDF structure is nested too deeply") from None
        raise UsageError(f"{label}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    finally:
        pypdf_log.setLevel(level)


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: BaseException | None = exc
    for _ in range(20):
        if seen is None:
            return False
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def open_pdf(data: bytes, label: str) -> Any:
    """A pypdf reader over bytes; raises UsageError for anything that is not a usable PDF.

    For proeve.pdf only: use it inside `opened`, or `bounded` and `deadline`.
    A file encrypted with an empty user password (a reviewer's "restrict
    editing" copy) is decrypted; one that needs a password is refused.
    """
    check_complete(data, label)
    if encrypted(data):
        enable(label)
    with bounded(label):
        from pypdf import PasswordType, PdfReader

        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
        except NotImplementedError as exc:
            if not encrypted(data):
                raise
            raise UsageError(
                f"{label}: the PDF is encrypted in a way proeve cannot open ({exc}); ask for "
                "a copy without protection"
            ) from None
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise UsageError(
                f"{label}: the PDF is protected by a password; proeve reads copies that open "
                "without one (ask for a copy without a password to open it)"
            )
        if len(reader.pages) < 1:
            raise UsageError(f"{label}: PDF has no pages")
    return reader


@contextmanager
def opened(data: bytes, label: str) -> Iterator[Any]:
    """A pypdf reader over `data` for the block, all of it within the deadline and LIMITS.

    For proeve.pdf only: what the block returns must be plain data.
    """
    with deadline(READ_SECONDS, label):
        reader = open_pdf(data, label)
        with bounded(label):
            yield reader


def claims(data: bytes, label: str) -> list[str]:
    """The conformances the PDF's XMP says it has (page-validation profiles: '3a', 'ua1')."""
    from proeve.pdf.xmp import claims as claimed

    with opened(data, label) as reader:
        return claimed(reader.trailer["/Root"].get_object())


def marks(data: bytes, label: str) -> tuple[Mark, ...]:
    """The reviewers' marks on the PDF's pages, with the first page's streams checked too.

    Why the streams: pdfium draws the page afterwards (its text, a picture), and
    has no limits of its own.
    """
    from proeve.pdf.annotations import read_marks

    with opened(data, label) as reader:
        found = read_marks(reader, label)
        _decode_page_streams(reader, label, MAX_PAGE_OBJECTS)
    return found


def page_print(data: bytes, label: str) -> PagePrint:
    """What the PDF's page prints, readers' annotations aside, and how many comments it carries."""
    from proeve.pdf.pageprint import page_print as printed

    with opened(data, label) as reader:
        return printed(reader, label, MAX_PAGE_OBJECTS)


def read_file(path: Path, label: str | None = None) -> bytes:
    """A PDF file's bytes, refused when too large, not a PDF, or cut short."""
    from proeve.fsio import NotAFile, TooLarge, read_bounded

    label = label or str(path)
    try:
        data = read_bounded(path, MAX_PDF_BYTES)
    except TooLarge as exc:
        limit = MAX_PDF_BYTES // 2**20
        size = f"{exc.size // 2**20} MiB is" if exc.size is not None else "it grew"
        raise UsageError(f"{label}: {size} larger than the {limit} MiB limit") from None
    except NotAFile as exc:
        if "folder" in str(exc.strerror):
            raise UsageError(f"{label}: {path} is a folder, not a PDF") from None
        raise UsageError(f"{label}: {path} is {exc.strerror}") from None
    except FileNotFoundError:
        raise UsageError(f"{label}: no such file {path}") from None
    except IsADirectoryError:
        raise UsageError(f"{label}: {path} is a folder, not a PDF") from None
    except OSError as exc:
        raise UsageError(f"{label}: cannot read {path} ({exc.strerror})") from None
    check_complete(data, label)
    return data


def check_name(name: str, label: str) -> None:
    """Refuse names that would lead out of a folder if anyone wrote them to disk."""
    parts = re.split(r"[/\\]", name)
    if name.startswith(("/", "\\")) or ".." in parts or "\0" in name or re.match("[A-Za-z]:", name):
        raise UsageError(
            f"{label}: refusing the PDF: embedded file name {name!r} leaves its folder"
        )


def safe_name(name: str) -> PurePosixPath:
    """Accept only the names proeve itself gives sources (proeve.inputs.names), in that form."""
    from proeve.inputs.names import source_name

    try:
        canonical = source_name(name)
    except ValueError as exc:
        raise UsageError(f"refusing attachment name {name!r}: not a name proeve writes "
                         f"(it {exc})") from None  # fmt: skip
    if canonical != name:
        raise UsageError(f"refusing attachment name {name!r}: not a name proeve writes "
                         f"(proeve writes it as {canonical!r})")  # fmt: skip
    return PurePosixPath(name)


def proeve_files(data: bytes, label: str) -> dict[str, bytes] | None:
    """The files a proeve PDF carries (sources and manifest), or None when it carries none.

    Names are checked before anything is decompressed; the count, each file and
    their total are bounded; the whole read stops after READ_SECONDS.
    """
    with deadline(READ_SECONDS, label):
        reader = open_pdf(data, label)
        with bounded(label):
            listed = islice(reader.attachment_list, MAX_ATTACHMENTS + 1)
            names = [str(item.name) for item in listed]
        if len(names) > MAX_ATTACHMENTS:
            raise UsageError(f"{label}: more than {MAX_ATTACHMENTS} embedded files; refusing it")
        for name in names:
            check_name(name, label)
        if MANIFEST not in names:
            return None
        for name in (n for n in names if n != MANIFEST):
            try:
                safe_name(name)
            except UsageError as exc:
                raise UsageError(f"{label}: {exc}") from None
        return _attachments(reader, label)


def _attachments(reader: Any, label: str) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    total = 0
    with bounded(label):
        for item in reader.attachment_list:
            name = str(item.name)
            declared = item.size
            if declared is not None and int(declared) > MAX_ATTACHMENT_BYTES:
                raise UsageError(f"{label}: embedded file {name!r} is larger than "
                                 f"{MAX_ATTACHMENT_BYTES // 2**20} MiB")  # fmt: skip
            content = item.content
            total += len(content)
            if len(content) > MAX_ATTACHMENT_BYTES:
                raise UsageError(f"{label}: embedded file {name!r} is larger than "
                                 f"{MAX_ATTACHMENT_BYTES // 2**20} MiB")  # fmt: skip
            if total > MAX_ATTACHED_BYTES:
                raise UsageError(f"{label}: its embedded files hold more than "
                                 f"{MAX_ATTACHED_BYTES // 2**20} MiB; refusing it")  # fmt: skip
            if name in found:
                raise UsageError(f"{label}: embedded file name {name!r} appears twice")
            found[name] = content
    return found


_running: list[str] = []  # the deadline in force (main thread only)


class _Expired(BaseException):
    """Raised by the alarm; a BaseException so that the parser's `except Exception` lets it by."""


@contextmanager
def deadline(seconds: float, label: str) -> Iterator[None]:
    """Stop the reading inside after `seconds` of this process's CPU time with a UsageError.

    Why an alarm and not a subprocess: pypdf is Python, so a signal interrupts it
    between bytecodes at no start-up cost, and its long C calls (zlib) are already
    bounded by LIMITS. C code that cannot be interrupted (pdfium) runs in a child
    process instead (proeve.pdf.raster). Why CPU time (ITIMER_PROF), not the
    clock: what a hostile PDF costs is computation, and on a busy machine a good
    draft could wait for the CPU longer than the limit and be refused. Outside
    the main thread, or where there is no setitimer, this is a no-op and only
    the size limits apply.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or _running:  # an outer deadline already bounds this read
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    _running.append(label)
    try:
        yield
    except _Expired:
        raise UsageError(
            f"{label}: reading the PDF took more than {seconds:g} s of processor time; refusing it"
        ) from None
    finally:
        _running.pop()
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def check_complete(data: bytes, label: str) -> None:
    """Refuse what is not a PDF, and a PDF cut short (readers look for %%EOF in the last 1 KiB)."""
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise UsageError(f"{label}: not a PDF file")
    if b"%%EOF" not in data[-1024:]:
        raise UsageError(f"{label}: the PDF is truncated (no %%EOF at its end)")


def page_texts(data: bytes, label: str, max_pages: int) -> list[str]:
    """The text of the first `max_pages` pages; a content stream over the limits is an error.

    Why decode first: extract_text() logs and skips streams it cannot decode, so a
    decompression bomb would silently read as an empty page.
    """
    texts = []
    with opened(data, label) as reader:
        for page in list(reader.pages)[:max_pages]:
            contents = page.get_contents()
            if contents is not None:
                contents.get_data()
            texts.append(page.extract_text() or "")
    return texts


def check_page_streams(data: bytes, label: str, max_objects: int = MAX_PAGE_OBJECTS) -> None:
    """Decode, within LIMITS, every stream the first page draws with (content, fonts, images),
    and the XMP metadata, which pdfium decodes as it opens a file.

    Why: pdfium (the rasteriser) has no such limits; what passes here is bounded.
    """
    with opened(data, label) as reader:
        _decode_page_streams(reader, label, max_objects)


def _decode_page_streams(reader: Any, label: str, max_objects: int) -> None:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    page = reader.pages[0]
    catalog = reader.trailer["/Root"].get_object()
    todo: list[Any] = [page.get("/Contents"), page.get("/Resources"), catalog.get("/Metadata")]
    seen: set[int] = set()
    while todo:
        item = todo.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if len(seen) > max_objects:
            raise UsageError(f"{label}: the page uses more than {max_objects} objects")
        if isinstance(item, StreamObject):
            item.get_data()
        if isinstance(item, DictionaryObject):
            todo.extend(v for k, v in item.items() if k not in ("/Parent", "/P"))
        elif isinstance(item, ArrayObject):
            todo.extend(item)


def carries_manifest(path: Path) -> bool:
    """Whether the file at `path` is a PDF carrying proeve's manifest (a draft, or a copy of one).

    Never raises: a file this reader cannot read is no draft it knows of. Why
    also parse: a reader that saves an annotated copy may compress the names.
    """
    try:
        data = read_file(path)
        if MANIFEST.encode() in data:
            return True
        with opened(data, str(path)) as reader:
            names = [str(item.name) for item in islice(reader.attachment_list, MAX_ATTACHMENTS)]
    except UsageError:
        return False
    return MANIFEST in names
