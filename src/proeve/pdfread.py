"""PDF bytes from anywhere -> attachments and text, read within size and count limits.

A PDF from outside may be malformed or built to hurt (a stream that inflates to
gigabytes, names like ../../x). Every read here is bounded, and any failure of
the parser becomes one clear UsageError instead of a traceback.
"""

from __future__ import annotations

import io
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
        raise UsageError(f"{label}: not a readable PDF ({type(exc).__name__}: {exc})") from None


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
