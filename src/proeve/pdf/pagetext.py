"""A PDF from anywhere -> its pages' characters with their boxes (and a picture), read by pdfium.

Readers place a highlight on the glyphs a reviewer selected; to quote those
words we need where every glyph is, which only a full text engine knows. pdfium
is C code without limits of its own, so it runs in a child process with the
same memory and time limits as the rasteriser (proeve.pdf.raster); the caller
checks the first page's streams within pypdf's limits before (check_page_streams).
The picture is drawn without annotations: the comment sheet puts its own pins on it.
"""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from proeve.errors import UsageError
from proeve.frozen import Frozen, field
from proeve.pdf.raster import TIMEOUT, child, limit_resources

MAX_PAGES = 20
MAX_CHARS = 60_000  # per page; a dense A4 page holds about 6 000


class PageText(Frozen):
    """One page: its size in points, its characters in content order and their boxes.

    The spaces and line ends pdfium infers between glyphs (a gap, a new line,
    text read upwards) are in `text` too, as ' ' and '\n', with empty boxes; a
    hyphen that breaks a word at a line end is a soft hyphen (U+00AD).
    """

    number: int  # from 1
    size: tuple[float, float]
    text: str
    boxes: tuple[tuple[float, float, float, float], ...] = field(repr=False)  # l, b, r, t
    png: bytes | None = field(default=None, repr=False)

    def glyph(self, index: int) -> bool:
        """Whether the character at `index` is printed (not a space or line end pdfium added)."""
        left, bottom, right, top = self.boxes[index]
        return right > left or top > bottom


def read_pages(path: Path, label: str, pages: list[int], dpi: int = 0) -> dict[int, PageText]:
    """The text of `pages` (numbers from 1) of one PDF; with `dpi`, a picture of the first too."""
    wanted = sorted(set(pages))[:MAX_PAGES]
    command = [sys.executable, "-m", "proeve.pdf.pagetext", str(dpi), ",".join(map(str, wanted)),
               str(path)]  # fmt: skip
    process = child(command, f"read the text of {label}")
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise UsageError(f"{label}: reading its text took longer than {TIMEOUT:g} s") from None
    if process.returncode != 0:
        lines = err.decode(errors="replace").strip().splitlines()
        why = lines[-1] if lines else "pdfium needed more memory or time than allowed"
        raise UsageError(f"{label}: could not read the page's text ({why})")
    data = json.loads(out)
    found = {}
    for item in data["pages"]:
        flat = item["boxes"]
        boxes = tuple(tuple(flat[i : i + 4]) for i in range(0, len(flat), 4))
        png = base64.b64decode(item["png"]) if item.get("png") else None
        found[item["number"]] = PageText(
            item["number"], tuple(item["size"]), item["text"], boxes, png
        )
    return found


def _page(document: Any, number: int, dpi: int) -> dict[str, Any]:
    import pypdfium2.raw as pdfium_c

    page = document[number - 1]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        chars, boxes = [], []
        for index in range(min(textpage.count_chars(), MAX_CHARS)):
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
            if pdfium_c.FPDFText_IsGenerated(textpage.raw, index) == 1:
                if code in (10, 32):  # a line end or a gap pdfium saw between glyphs
                    chars.append(chr(code))
                    boxes += [0, 0, 0, 0]
                continue
            if code == 2:  # pdfium's mark for a hyphen that breaks a word at a line end
                code = 0xAD  # a soft hyphen: the word goes on on the next line
            if code < 32 or 0xD800 <= code <= 0xDFFF:
                continue
            left, bottom, right, top = textpage.get_charbox(index, loose=True)
            chars.append(chr(code))
            boxes += [round(left, 2), round(bottom, 2), round(right, 2), round(top, 2)]
        result: dict[str, Any] = {
            "number": number,
            "size": [width, height],
            "text": "".join(chars),
            "boxes": boxes,
        }
        if dpi:
            image = page.render(scale=dpi / 72, draw_annots=False).to_pil().convert("RGB")
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            result["png"] = base64.b64encode(buffer.getvalue()).decode()
        return result
    finally:
        page.close()


def main(argv: list[str]) -> int:
    """Child process: one JSON object with the text (and the first page's picture) on stdout."""
    import pypdfium2

    limit_resources()
    dpi, numbers, path = int(argv[0]), [int(n) for n in argv[1].split(",") if n], argv[2]
    try:
        document = pypdfium2.PdfDocument(path)
    except Exception as exc:
        print(f"pdfium cannot open it: {exc}", file=sys.stderr)
        return 1
    try:
        count = len(document)
        pages = []
        for index, number in enumerate(n for n in numbers if 1 <= n <= count):
            pages.append(_page(document, number, dpi if index == 0 else 0))
    except Exception as exc:
        print(f"pdfium cannot read it: {exc}", file=sys.stderr)
        return 1
    finally:
        document.close()
    sys.stdout.write(json.dumps({"pages": pages}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
