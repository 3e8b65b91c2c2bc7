"""PDF bytes from anywhere -> attachments and text, read within size and count limits.

A PDF from outside may be malformed or built to hurt (a stream that inflates to
gigabytes, names like ../../x). Every read here is bounded, and any failure of
the parser becomes one clear UsageError instead of a traceback.
"""

from __future__ import annotations

import io
import logging
import signal
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from proeve.errors import UsageError

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
    from pypdf import apply_configuration

    # pypdf logs repairs ("EOF marker not found") on stderr; we report one clear error instead.
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)
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
    """A pypdf reader over bytes; raises UsageError for anything that is not a usable PDF."""
    from pypdf import PdfReader

    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise UsageError(f"{label}: not a PDF file")
    with bounded(label):
        reader = PdfReader(io.BytesIO(data), strict=False)
        if len(reader.pages) < 1:
            raise UsageError(f"{label}: PDF has no pages")
    return reader


def attachments(data: bytes, label: str, max_count: int, max_bytes: int) -> dict[str, bytes]:
    """Embedded files by name; refuses too many, too large or duplicated names."""
    reader = open_pdf(data, label)
    found: dict[str, bytes] = {}
    with bounded(label):
        for index, item in enumerate(reader.attachment_list):
            if index >= max_count:
                raise UsageError(f"{label}: more than {max_count} embedded files")
            name = str(item.name)
            declared = item.size
            if declared is not None and int(declared) > max_bytes:
                raise UsageError(
                    f"{label}: embedded file {name!r} is larger than {max_bytes} bytes"
                )
            content = item.content
            if len(content) > max_bytes:
                raise UsageError(
                    f"{label}: embedded file {name!r} is larger than {max_bytes} bytes"
                )
            if name in found:
                raise UsageError(f"{label}: embedded file name {name!r} appears twice")
            found[name] = content
    return found


class _Expired(BaseException):
    """Raised by the alarm; a BaseException so that the parser's `except Exception` lets it by."""


@contextmanager
def deadline(seconds: float, label: str) -> Iterator[None]:
    """Stop the reading inside after `seconds` of wall-clock time with a UsageError.

    Why an alarm and not a subprocess: pypdf is Python, so SIGALRM interrupts it
    between bytecodes at no start-up cost, and its long C calls (zlib) are already
    bounded by LIMITS. C code that cannot be interrupted (pdfium) runs in a child
    process instead (proeve.pdf.raster). Outside the main thread, or where there
    is no SIGALRM, this is a no-op and only the size limits apply.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise UsageError(
            f"{label}: reading the PDF took longer than {seconds:g} s; refusing it"
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_complete(data: bytes, label: str) -> None:
    """Refuse what is not a PDF, and a PDF cut short (readers look for %%EOF in the last 1 KiB)."""
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise UsageError(f"{label}: not a PDF file")
    if b"%%EOF" not in data[-1024:]:
        raise UsageError(f"{label}: the PDF is truncated (no %%EOF at its end)")


def page_texts(reader: Any, label: str, max_pages: int) -> list[str]:
    """The text of the first `max_pages` pages; a content stream over the limits is an error.

    Why decode first: extract_text() logs and skips streams it cannot decode, so a
    decompression bomb would silently read as an empty page.
    """
    texts = []
    with bounded(label):
        for page in list(reader.pages)[:max_pages]:
            contents = page.get_contents()
            if contents is not None:
                contents.get_data()
            texts.append(page.extract_text() or "")
    return texts


def check_page_streams(reader: Any, label: str, max_objects: int = 5000) -> None:
    """Decode, within LIMITS, every stream the first page draws with (content, fonts, images).

    Why: pdfium (the rasteriser) has no such limits; what passes here is bounded.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    with bounded(label):
        page = reader.pages[0]
        todo: list[Any] = [page.get("/Contents"), page.get("/Resources")]
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
