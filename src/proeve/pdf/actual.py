"""Words a reader should hear for a run of a paragraph -> markup that writes them as ActualText.

Why: a struck "4", an arrow and a highlighted "5" read "4 → 5" on paper, and
a text extractor that ignores the marks reads them as if both stood; one that
follows ActualText (pdfium, poppler, screen readers) reads "was 4, nu 5"
instead (ISO 32000-1 14.9.4). ReportLab draws a paragraph's lines in one text
object; an <onDraw> callback at each end of the run writes
`/Span <</ActualText ...>> BDC` and `EMC` into that text object, nested in
whatever marked content the pen opened around the paragraph.
"""

from __future__ import annotations

from typing import Any

BEGIN, END, NOTHING = "proeve_actual", "proeve_actual_end", "proeve_nothing"
# A fragment that draws nothing: ends a paragraph after a mark (proeve.diff.marks) without text.
EMPTY_FRAGMENT = f'<onDraw name="{NOTHING}" label=""/>'


def spoken(says: str, safe: str) -> str:
    """Paragraph markup `safe` (already escaped) that a reader reads as `says`."""
    label = says.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    label = label.replace('"', "&quot;")
    return f'<onDraw name="{BEGIN}" label="{label}"/>{safe}<onDraw name="{END}" label=""/>'


def enable(canvas: Any) -> None:
    """Let paragraphs drawn on `canvas` carry spoken() runs and EMPTY_FRAGMENT (ReportLab
    refuses a paragraph whose callbacks the canvas does not know)."""
    canvas.setNamedCB(BEGIN, _begin)
    canvas.setNamedCB(END, _end)
    canvas.setNamedCB(NOTHING, _nothing)


def _nothing(canvas: Any, kind: str, label: str | None) -> None:
    return None


def _begin(canvas: Any, kind: str, label: str | None) -> None:
    text = canvas._curr_tx_info["tx"]
    words = (label or "").encode("utf-16-be").hex().upper()
    text._code.append(f"/Span <</ActualText <FEFF{words}>>> BDC")
    text._proeve_open = getattr(text, "_proeve_open", 0) + 1
    if text._proeve_open == 1:
        _close_before_end(text)


def _end(canvas: Any, kind: str, label: str | None) -> None:
    text = canvas._curr_tx_info["tx"]
    # A paragraph split between two pages inside a run: the part on the next page
    # has the run's end without its beginning, and writes nothing for it.
    if getattr(text, "_proeve_open", 0) > 0:
        text._code.append("EMC")
        text._proeve_open -= 1


def _close_before_end(text: Any) -> None:
    """Have the text object close a run still open when it ends (the rest is on the next page):
    a marked-content sequence never crosses the end of a text object."""
    finish = text.getCode

    def get_code() -> str:
        text._code.extend(["EMC"] * getattr(text, "_proeve_open", 0))
        text._proeve_open = 0
        return str(finish())

    text.getCode = get_code
