"""PDF files -> their first pages as grayscale images, drawn by pdfium in a bounded child process.

Why a child process: pdfium is C code with no limits of its own. A crafted page
(a huge image, a stream that inflates to gigabytes) makes it allocate without
bound and abort, and an alarm cannot interrupt C code. In a child with an
address-space limit and a timeout, the worst case is a clear error in seconds.
Both pages always go through the same rasteriser, so unchanged pixels are equal.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from proeve.errors import UsageError
from proeve.fsio import writing

DPI = 150  # the review prints the overlay at 85%: 176 ppi, sharp on paper
MAX_SIDE_PX = 2400  # larger pages are drawn smaller, so one image stays a few MB
MEMORY_BYTES = 1 << 30
CPU_SECONDS = 10
# Wall clock: where RLIMIT_CPU bounds the work (POSIX), only a backstop for a child
# that hangs, so that a busy machine never fails a good PDF; elsewhere the bound.
TIMEOUT = 10.0 if os.name == "nt" else 60.0
DRAWING = "drawing"


class Pending:
    """A rasterising child that runs while the caller does other work."""

    def __init__(self, process: subprocess.Popen[bytes], labels: tuple[str, ...]) -> None:
        self.process = process
        self.labels = labels


def start(paths: list[Path], labels: list[str], dpi: int = DPI) -> Pending:
    """Start drawing the first page of each PDF; collect the images with finish()."""
    command = [sys.executable, "-m", "proeve.pdf.raster", str(dpi), *map(str, paths)]
    return Pending(child(command, "draw the pages"), tuple(labels))


def child(command: list[str], what: str) -> subprocess.Popen[bytes]:
    """Start a bounded child; no file handles or processes left is trouble (WriteError, exit 2)."""
    with writing(f"start a process to {what}"):
        return subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )


def finish(pending: Pending) -> list[Any]:
    """The pages as PIL images (mode L), or a UsageError naming the PDF that failed."""
    from PIL import Image

    try:
        out, err = pending.process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pending.process.kill()
        pending.process.communicate()
        raise UsageError(
            f"drawing the pages took longer than {TIMEOUT:g} s; refusing the PDFs"
        ) from None
    head, _, body = out.partition(b"\n")
    if pending.process.returncode != 0 or not head:
        raise UsageError(_failure(pending, err))
    sizes = json.loads(head)["sizes"]
    images, offset = [], 0
    for width, height in sizes:
        images.append(Image.frombytes("L", (width, height), body[offset : offset + width * height]))
        offset += width * height
    return images


def _failure(pending: Pending, err: bytes) -> str:
    """Name the PDF the child was drawing when it failed, and why."""
    lines = err.decode(errors="replace").strip().splitlines()
    index, _, message = (lines[-1] if lines else "").partition("\t")
    if message == DRAWING or (not message and pending.process.returncode < 0):
        message = "pdfium needed more memory or time than allowed"
    label = (
        pending.labels[int(index)] if index.isdigit() and int(index) < len(pending.labels) else ""
    )
    who = label or " / ".join(pending.labels)
    message = message or f"exit status {pending.process.returncode}"
    return f"{who}: could not draw the page ({message})"


def page_png(pdf: bytes, dpi: int) -> bytes:
    """The first page of a PDF we just wrote, drawn by pdfium in this process, as PNG bytes.

    Why not the child: our own page needs no limits, and preview --png should be quick.
    """
    import io

    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def limit_resources() -> None:
    """Bound this (child) process: address space and CPU time (POSIX; elsewhere a no-op)."""
    try:
        import resource
    except ImportError:  # not on POSIX: only the timeout applies
        return
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def draw(source: str | bytes, dpi: int) -> Any:
    """The first page of one PDF (a path, or bytes we made) in gray, at `dpi` or smaller,
    without the annotations readers draw over it (a reviewer's comments are not the page)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(source)
    try:
        page = document[0]
        width, height = page.get_size()
        scale = min(dpi / 72, MAX_SIDE_PX / max(width, height, 1))
        # Readers' annotations are comments on the page, not the page (proeve comments reads them).
        image = page.render(scale=scale, grayscale=True, draw_annots=False, may_draw_forms=False)
        return image.to_pil().convert("L")
    finally:
        document.close()


def main(argv: list[str]) -> int:
    """Child process: draw each PDF, write a JSON line of sizes, then the raw gray pixels."""
    limit_resources()
    dpi, paths = int(argv[0]), argv[1:]
    images = []
    for index, path in enumerate(paths):
        # Said before drawing, so that a crash (abort on memory) still names the file.
        print(f"{index}\t{DRAWING}", file=sys.stderr, flush=True)
        try:
            images.append(draw(path, dpi))
        except Exception as exc:
            print(f"{index}\tpdfium cannot draw it: {exc}", file=sys.stderr)
            return 1
    head = json.dumps({"sizes": [list(i.size) for i in images]}).encode()
    sys.stdout.buffer.write(head + b"\n" + b"".join(i.tobytes() for i in images))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
