"""The adversarial round's reproducers, made here byte by byte: hostile PDFs and forged drafts.

Each maker returns the bytes of one file as the adversary sent it, so a test
(or bench/hostile.py) can write it wherever the command under test reads it.
Written by hand (a few objects and an xref table), never by proeve itself, so
that a change in proeve's writer cannot quietly defuse a reproducer.
"""

from __future__ import annotations

import io
import zlib

FOUR_MIB = 4 * 1024 * 1024


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1, the first is the catalog) with a valid xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%b\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data, 9)
    head = b"<< %b /Length %d /Filter /FlateDecode >>\nstream\n" % (extra, len(packed))
    return head + packed + b"\nendstream"


def with_attachments(files: list[tuple[str, bytes]], declare_size: bool = False) -> bytes:
    """A one-page PDF carrying these embedded files; `declare_size` False hides their size."""
    names, objects = [], []
    packed: dict[int, bytes] = {}  # the same bytes object is compressed once (amplification)
    for index, (name, data) in enumerate(files):
        spec, body = 5 + 2 * index, 6 + 2 * index
        raw = name.encode()
        names.append(b"(%b) %d 0 R" % (raw, spec))
        objects.append(
            b"<< /Type /Filespec /F (%b) /UF (%b) /EF << /F %d 0 R >> >>" % (raw, raw, body)
        )
        params = b"/Params << /Size %d >>" % len(data) if declare_size else b""
        if id(data) not in packed:
            packed[id(data)] = stream(data, b"/Type /EmbeddedFile " + params)
        objects.append(packed[id(data)])
    catalog = b"/Names << /EmbeddedFiles << /Names [%b] >> >>" % b" ".join(names)
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R %b >>" % catalog,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            stream(b"BT ET"),
            *objects,
        ]
    )


def amplification(count: int = 199, each: int = FOUR_MIB) -> bytes:
    """The round's amplification PDF: 865 KiB that inflate to 199 files of 4 MiB (796 MiB).

    Names are ones proeve writes itself and a manifest is among them, so that
    every name check passes and only the bounds on count and total can stop it.
    """
    manifest = b'{"proeve": "0.1.0", "template": "templates/default.yaml"}'
    zeros = b"\0" * each  # one object for all: the maker stays small, the PDF does not
    files = [("proeve.json", manifest)]
    files += [(f"inputs/initiatives/a{n:03d}.yaml", zeros) for n in range(count - 1)]
    return with_attachments(files)


def png(width: int, height: int) -> bytes:
    """A valid grey PNG of this size, written without Pillow (any size, a few bytes per row)."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = zlib.compress(b"".join(b"\0" + b"\x80" * width for _ in range(height)), 9)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def truncated_png() -> bytes:
    """A real photo-like PNG cut in half: its header reads fine, its pixels do not."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 50).convert("RGB").save(buffer, "PNG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


def attachments_of(pdf: bytes) -> dict[str, bytes]:
    """The embedded files of a PDF, read with pypdf alone."""
    from pypdf import PdfReader

    return {name: data[0] for name, data in PdfReader(io.BytesIO(pdf)).attachments.items()}


def reattached(pdf: bytes, **changes: bytes) -> bytes:
    """A blank one-page PDF carrying `pdf`'s embedded files, some replaced (`proeve_json=...`)."""
    files = attachments_of(pdf)
    files.update({name.replace("_", "."): data for name, data in changes.items()})
    return with_attachments(list(files.items()))


def nested_json(depth: int = 100_000) -> bytes:
    """JSON that json.loads cannot read without recursing `depth` levels."""
    return b'{"a": ' + b"[" * depth + b"]" * depth + b"}"


def transplant(page_from: bytes, sources_from: bytes) -> bytes:
    """The round's forgery: one draft's page carrying another draft's embedded sources (pypdf)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(page_from)).pages[0])
    for name, data in attachments_of(sources_from).items():
        writer.add_attachment(name, data)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- Streams no reader should decode whole, for the one-door table (issue 17, item 23) ---

BAD_STREAMS = {
    # The 591-byte reproducer's kind: a filter pypdf does not implement (NotImplementedError).
    "unsupported filter": b"<< %b /Length 4 /Filter /Foo >>\nstream\nabcd\nendstream",
    # LZW codes out of range (pypdf raises PdfStreamError from deep in the decoder).
    "broken LZW": b"<< %b /Length 4 /Filter /LZWDecode >>\nstream\n\xff\xff\xff\xff\nendstream",
    # JBIG2 needs an outside program (jbig2dec): a DependencyError, or that program's verdict.
    "JBIG2": b"<< %b /Length 4 /Filter /JBIG2Decode >>\nstream\nabcd\nendstream",
    # A filter chain that names no filter.
    "empty filter array": b"<< %b /Length 4 /Filter [ /FlateDecode 7 ] >>\nstream\nabcd\nendstream",
}
_BOMBS: dict[int, bytes] = {}


def bomb(inflated: int) -> bytes:
    """A deflate stream object body (`%b` for more keys) that inflates to `inflated` bytes."""
    if inflated not in _BOMBS:
        packed = zlib.compress(b" " * inflated, 9)
        _BOMBS[inflated] = (
            b"<< %%b /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
            + packed.replace(b"%", b"%%")
            + b"\nendstream"
        )
    return _BOMBS[inflated]


def in_metadata(body: bytes) -> bytes:
    """A one-page PDF whose only fault is its XMP metadata stream (`body`, as in BAD_STREAMS)."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            stream(b"BT ET"),
            body % b"/Type /Metadata /Subtype /XML",
        ]
    )


def everywhere(body: bytes) -> bytes:
    """A one-page PDF whose page content, metadata and embedded sources are all `body`.

    Whatever a command reads first (the manifest, a source, the page, the XMP),
    it meets the bad stream: one file tries every door.
    """
    files = b"(proeve.json) 6 0 R (inputs/overview.yaml) 8 0 R"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R "
            b"/Names << /EmbeddedFiles << /Names [%b] >> >> >>" % files,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            body % b"",
            body % b"/Type /Metadata /Subtype /XML",
            b"<< /Type /Filespec /F (proeve.json) /UF (proeve.json) /EF << /F 7 0 R >> >>",
            body % b"/Type /EmbeddedFile",
            b"<< /Type /Filespec /F (inputs/overview.yaml) /UF (inputs/overview.yaml) "
            b"/EF << /F 9 0 R >> >>",
            body % b"/Type /EmbeddedFile",
        ]
    )


def misplaced_object() -> bytes:
    """A one-page PDF whose xref points one object to the wrong offset: pypdf repairs it and
    logs "Object 5 0 found" on stderr, unless proeve keeps its log quiet."""
    pdf = in_metadata(b"<< %b /Length 5 >>\nstream\n<x/>\nendstream")
    head, xref = pdf.split(b"\nxref\n")
    rows = xref.split(b"\n")
    rows[6] = b"%010d 00000 n " % 3  # the row of object 5
    return head + b"\nxref\n" + b"\n".join(rows)


# Encryption dictionaries pypdf cannot open (a certificate handler, an unknown version).
ODD_ENCRYPTION = {
    "certificate handler": b"<< /Filter /Adobe.PubSec /SubFilter /adbe.pkcs7.s5 /V 4 "
    b"/Length 128 /Recipients [<00>] >>",
    "unknown version": b"<< /Filter /Standard /V 9 /R 9 /Length 128 /O <00> /U <00> /P -4 >>",
}


def encrypted_with(encrypt: bytes) -> bytes:
    """A one-page PDF whose trailer names this /Encrypt dictionary."""
    pdf = raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            stream(b"BT ET"),
            encrypt,
        ]
    )
    return pdf.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Encrypt 5 0 R /ID [<01> <01>] >>")
