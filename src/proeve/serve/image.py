"""A page we just built (PDF bytes) -> a PNG for the browser, made in a few tens of milliseconds.

Why not Pillow's PNG writer: it tries every row filter and costs 100 ms or
more for a page at screen resolution, most of the time between a save and the
new page on screen. pdfium draws straight into the rows PNG stores (each row
one byte further on, so the byte before it, the row's filter 0, is already in
place) and zlib packs them at its fastest level (a page 800 px wide: 0.3 MB).
Why not stored, as the image only crosses the loopback: it saves the server
12 ms but costs the browser as much in moving and decoding 3 MB
(bench/README.md).
"""

from __future__ import annotations

import ctypes
import math
import struct
import zlib
from typing import Any

SCALE = 2.0  # 144 dpi: an A4 page 1191 px wide, until the browser says how wide its box is
MIN_WIDTH, MAX_WIDTH = 400, 2400
LEVEL = 1
_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def page_image(pdf: bytes, width: int | None = None) -> bytes:
    """The first page of a PDF proeve made, drawn by pdfium in this process, as PNG bytes.

    `width` in pixels (within MIN_WIDTH..MAX_WIDTH), else at SCALE. Only for our
    own pages (see proeve.pdf.raster for PDFs from elsewhere); not thread-safe
    (pdfium is not): the caller draws one page at a time.
    """
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        points = page.get_size()
        scale = SCALE if width is None else fitting(width) / points[0]
        width = math.ceil(points[0] * scale - 1e-6)
        height = math.ceil(points[1] * scale - 1e-6)
        rows = _draw_rows(page, width, height)
        if rows is not None:
            return png(rows, width, height)
        # pdfium wrote past a row: draw as usual, then copy the rows
        bitmap = page.render(scale=scale, rev_byteorder=True)
        pixels = bytes(bitmap.buffer)
        return png(filtered(pixels, bitmap.width, bitmap.height, bitmap.stride), bitmap.width,
                   bitmap.height)  # fmt: skip
    finally:
        document.close()


def fitting(width: int) -> int:
    """A width asked for, within bounds: a page is never drawn tiny or huge."""
    return max(MIN_WIDTH, min(MAX_WIDTH, width))


def _draw_rows(page: Any, width: int, height: int) -> memoryview | None:
    """The page drawn as PNG rows (a 0 filter byte, then RGB), or None if a filter byte moved."""
    import pypdfium2.raw as pdfium

    stride = width * 3 + 1
    buffer = ctypes.create_string_buffer(stride * height + 1)  # zeroed
    bitmap = pdfium.FPDFBitmap_CreateEx(
        width, height, pdfium.FPDFBitmap_BGR, ctypes.byref(buffer, 1), stride
    )
    try:
        pdfium.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xFFFFFFFF)
        flags = pdfium.FPDF_ANNOT | pdfium.FPDF_REVERSE_BYTE_ORDER  # RGB, as PNG has it
        pdfium.FPDF_RenderPageBitmap(bitmap, page.raw, 0, 0, width, height, 0, flags)
    finally:
        pdfium.FPDFBitmap_Destroy(bitmap)
    rows = memoryview(buffer).cast("B")[: stride * height]
    return None if any(rows[::stride]) else rows


def filtered(pixels: bytes, width: int, height: int, stride: int) -> bytes:
    """RGB rows (each `stride` bytes apart) with PNG's filter byte 'none' before each."""
    view = memoryview(pixels)
    row = width * 3
    return b"".join(b"\x00" + view[y * stride : y * stride + row] for y in range(height))


def png(rows: bytes | memoryview, width: int, height: int) -> bytes:
    """Filtered 8-bit RGB rows as a PNG file (zlib at LEVEL)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        _SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, LEVEL))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
