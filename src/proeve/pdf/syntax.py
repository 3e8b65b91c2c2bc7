"""PDF bytes -> breaches of PDF/A's file-syntax rules: header, objects, streams, xref, end of file.

Why our own: pikepdf's PDF/A validator leaves these rules to qpdf, which rewrites
the file it checks, so for a file ReportLab wrote they are checked by nobody but
veraPDF. They are plain byte patterns (ISO 19005-3, 6.1.2-6.1.9), cheap to read
straight from the bytes. Only classic cross-reference tables are followed, which
is what ReportLab writes; a file with xref streams gets the header and end checks.
"""

from __future__ import annotations

import re

from proeve.frozen import Frozen

_EOL = (b"\r\n", b"\n", b"\r")
_HEADER = re.compile(rb"%PDF-1\.[0-7](\r\n|\n|\r)")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*\Z")
_SUBSECTION = re.compile(rb"(\d+) (\d+)\s*?(\r\n|\n|\r)")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])(?: \r| \n|\r\n)")
_OBJ = re.compile(rb"(\d+) (\d+) obj(\r\n|\n|\r)")
_LENGTH = re.compile(rb"/Length(?![A-Za-z0-9])\s*(\d+)(\s+\d+\s+R)?")
_STREAM = re.compile(rb">>\s*stream(\r\n|\n|\r)?")
_FRAMING = "not framed as 'N G obj' ... 'endobj' with single spaces and ends of line"
_LIMIT = 3  # findings per rule: enough to see the pattern, short enough to read


class Finding(Frozen):
    """One broken rule: its id (veraPDF's clause-test number, or proeve:...) and what is wrong."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.message} [{self.rule}]"


def check_syntax(data: bytes) -> list[Finding]:
    """Every breach of the header, end-of-file, xref, object and stream rules found in `data`."""
    findings = _header(data) + _end(data)
    table = _xref_offset(data)
    if table is not None:
        offsets, xref_findings = _xref(data, table)
        findings += xref_findings + _objects(data, offsets, table)
    return findings


def _header(data: bytes) -> list[Finding]:
    match = _HEADER.match(data)
    if not match:
        return [Finding("6.1.2-1", "the file does not start with '%PDF-1.n' and one end of line")]
    comment = data[match.end() : match.end() + 5]
    if len(comment) < 5 or comment[:1] != b"%" or min(comment[1:]) <= 127:
        return [Finding("6.1.2-2", "the header lacks a comment of four bytes above 127")]
    return []


def _end(data: bytes) -> list[Finding]:
    at = data.rfind(b"%%EOF")
    if at < 0:
        return [Finding("6.1.3-3", "no %%EOF marker at the end of the file")]
    tail = data[at + 5 :]
    if tail and tail not in _EOL:
        return [Finding("6.1.3-3", f"{len(tail)} bytes follow the last %%EOF marker")]
    return []


def _xref_offset(data: bytes) -> int | None:
    match = _STARTXREF.search(data, max(0, len(data) - 1024))
    if not match:
        return None
    offset = int(match.group(1))
    return offset if data.startswith(b"xref", offset) else None


def _xref(data: bytes, at: int) -> tuple[dict[int, int], list[Finding]]:
    """Object number -> offset of every object in use, from the table at `at`."""
    findings = []
    pos = at + 4
    eol = next((e for e in _EOL if data.startswith(e, pos)), None)
    if eol is None or data[pos + len(eol) : pos + len(eol) + 1] in (b" ", b"\r", b"\n"):
        findings.append(Finding("6.1.4-2", "the xref keyword is not followed by one end of line"))
    pos += len(eol or b"")
    offsets: dict[int, int] = {}
    while (section := _SUBSECTION.match(data, pos)) is not None:
        first, count = int(section.group(1)), int(section.group(2))
        pos = section.end()
        for number in range(first, first + count):
            entry = _ENTRY.match(data, pos)
            if entry is None:
                findings.append(Finding("6.1.4-2", f"xref entry of object {number} is malformed"))
                return offsets, findings
            if entry.group(3) == b"n":
                offsets[number] = int(entry.group(1))
            pos = entry.end()
    return offsets, findings


def _objects(data: bytes, offsets: dict[int, int], xref_at: int) -> list[Finding]:
    """Check each object's framing, and each stream's keywords and Length."""
    starts = sorted(offsets.values())
    ends = dict(zip(starts, [*starts[1:], xref_at], strict=False))
    framing: list[Finding] = []
    streams: list[Finding] = []
    for number, start in sorted(offsets.items()):
        span = data[start : ends[start]]
        header = _OBJ.match(span)
        close = span.rfind(b"endobj")
        if (
            header is None
            or int(header.group(1)) != number
            or (start > 0 and data[start - 1 : start] not in (b"\r", b"\n"))
            or close < 0
            or span[close - 1 : close] not in (b"\r", b"\n")
            or span[close + 6 : close + 7] not in (b"\r", b"\n")
        ):
            framing.append(Finding("6.1.9-1", f"object {number}: {_FRAMING}"))
            continue
        problem = _stream(span[:close])
        if problem:
            streams.append(Finding(problem[0], f"object {number}: {problem[1]}"))
    return _capped(framing) + _capped(streams)


def _stream(body: bytes) -> tuple[str, str] | None:
    keyword = _STREAM.search(body)
    if keyword is None:
        return None
    if keyword.group(1) is None or keyword.group(1) == b"\r":
        return "6.1.7.1-2", "the stream keyword is not followed by CR LF or LF"
    end = body.rfind(b"endstream")
    length = _LENGTH.search(body, 0, keyword.start())
    if end < keyword.end():
        return "6.1.7.1-1", "stream without endstream"
    if length is None or length.group(2):
        return None  # an indirect Length: ReportLab never writes one, so it is not followed
    declared = int(length.group(1))
    between = body[keyword.end() + declared : end]
    if between == b"\n" and body[keyword.end() + declared - 1 : keyword.end() + declared] == b"\r":
        # <CR><LF>endstream reads as one end of line: the data seems a byte short
        return "6.1.7.1-1", f"stream Length {declared} is ambiguous: its data ends in CR"
    if between not in _EOL:
        actual = end - keyword.end() - (2 if body[end - 2 : end] == b"\r\n" else 1)
        if body[end - 1 : end] not in (b"\r", b"\n"):
            return "6.1.7.1-2", "the endstream keyword is not preceded by an end of line"
        return "6.1.7.1-1", f"stream Length {declared} does not match its {actual} bytes"
    return None


def _capped(findings: list[Finding]) -> list[Finding]:
    if len(findings) <= _LIMIT:
        return findings
    rest = len(findings) - _LIMIT
    last = findings[_LIMIT - 1]
    return [*findings[: _LIMIT - 1], Finding(last.rule, f"{last.message} (and {rest} more)")]
