"""What the page announces through the Pen -> marked content on the canvas and a structure tree.

The tagging pen paints exactly what the plain Pen paints, and around it writes
what PDF/UA-1 and PDF/A-3a ask of a tagged page: every piece of content inside
`/Role <</MCID n>> BDC ... EMC` tied to a structure element, every decoration
inside `/Artifact BMC ... EMC`, links in the structure with their annotation,
figures with their alternative text, table headers with their scope, and a
cell whose paint is not text (a dot) saying its value in invisible text.

Elements arrive in the order the page paints them, which is its reading order;
an element opened again with the same key (a card continued in the next
column) is the same element, so the tree keeps one Sect per initiative.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString

from proeve.pdf import internals
from proeve.pdf.lines import line_ends
from proeve.pdf.pen import Pen
from proeve.pdf.structure import Annotation, Elem, Marked, write_tree

# Artifact kinds (ISO 32000-1, Table 330) by the name the page uses.
ARTIFACTS = {
    None: "/Artifact BMC",
    "Watermark": "/Artifact <</Type /Pagination /Subtype /Watermark>> BDC",
    "Header": "/Artifact <</Type /Pagination /Subtype /Header>> BDC",
    "Footer": "/Artifact <</Type /Pagination /Subtype /Footer>> BDC",
    "Layout": "/Artifact <</Type /Layout>> BDC",
}
SCOPES = ("Column", "Row", "Both")
_ARTIFACT = "Artifact"


class TaggingPen(Pen):
    """A Pen that tags what it paints; `show_page` and `finish` complete the PDF's structure.

    `font` is an embedded face for the invisible words of a cell whose paint says
    its value otherwise (the matrix's dots).
    """

    line_end_spaces = True  # paragraphs are drawn through proeve.pdf.lines.line_ends

    def __init__(self, canvas: Any, font: str) -> None:
        super().__init__(canvas)
        self.font = font
        self.root = Elem("Document", None)
        self._stack = [self.root]
        self._keyed: dict[str, Elem] = {}
        self._parts: dict[str, Elem] = {}  # a paragraph going on in the next column, by field
        self._open: str | None = None  # the role of the open marked content, or "Artifact"
        self._mcid = 0
        self._owners: list[Elem] = []  # the element of each MCID on the page being drawn
        self._parents: dict[int, Any] = {}  # the ParentTree: key -> owners list or element
        self._next_key = 0

    # -- structure -------------------------------------------------------------------
    @contextmanager
    def element(self, role: str, key: str | None = None, **attributes: Any) -> Iterator[None]:
        self._outside_content(role)
        elem = self._keyed.get(key) if key is not None else None
        if elem is None:
            elem = self._new(role, attributes)
            if key is not None:
                self._keyed[key] = elem
        elif elem.role != role:
            raise ValueError(f"element {key!r} was a {elem.role}, now opened as a {role}")
        self._stack.append(elem)
        try:
            yield
        finally:
            self._stack.pop()

    @contextmanager
    def content(self, role: str, field: str | None = None, **attributes: Any) -> Iterator[None]:
        """As Pen.content; `says` (with `box`, x y w h) is what the content says in words."""
        self._outside_content(role)
        elem = self._new(role, attributes)
        self._begin(elem)
        try:
            if attributes.get("says"):
                self._say(attributes["says"], attributes["box"])
            yield
        finally:
            self._end()

    @contextmanager
    def artifact(self, kind: str | None = None) -> Iterator[None]:
        if self._open == _ARTIFACT:  # decoration inside decoration: already marked
            yield
            return
        self._outside_content("an artifact")
        self.canvas.addLiteral(ARTIFACTS.get(kind, ARTIFACTS[None]))
        self._open = _ARTIFACT
        try:
            yield
        finally:
            self._end()

    # -- what is drawn ------------------------------------------------------------------
    def paragraph(
        self, role: str, paragraph: Any, x: float, y: float, field: str | None, **attributes: Any
    ) -> None:
        self._outside_content(role)
        goes_on = bool(attributes.get("goes_on")) and field is not None
        # A part that goes on ends between words too; one that continues joins its element.
        drawn = line_ends(paragraph, trailing=goes_on)
        earlier = self._parts.pop(field, None) if attributes.get("continued") and field else None
        if role == "LI" and earlier is None:
            body = self._list_item(drawn, x, y)
        else:
            body = earlier or self._new(role, attributes)
            self._begin(body)
            try:
                drawn.drawOn(self.canvas, x, y)
            finally:
                self._end()
        if goes_on and field is not None:
            self._parts[field] = body

    def text(self, paragraph: Any, x: float, y: float) -> None:
        if self._open is None or self._open == _ARTIFACT:
            raise RuntimeError("Pen.text draws part of a content(): open one first")
        line_ends(paragraph, trailing=True).drawOn(self.canvas, x, y)

    def link(
        self,
        url: str,
        rect: tuple[float, float, float, float],
        contents: str,
        draw: Callable[[], None],
        field: str | None = None,
    ) -> None:
        self._outside_content("Link")
        elem = self._new("Link", {})
        key = self._key()
        # As Pen.link (printable, no border), tied to its element and described.
        self.canvas.linkURL(
            url, rect, relative=0, thickness=0, F=4,
            StructParent=key, Contents=PDFString(contents),
        )  # fmt: skip
        page = internals.page_ref(self.canvas)
        elem.add(Annotation(page, internals.last_annotation(self.canvas)))
        self._parents[key] = elem
        self._begin(elem)
        try:
            draw()
        finally:
            self._end()

    def figure(
        self, alt: str, draw: Callable[[], None], box: tuple[float, float, float, float]
    ) -> None:
        self._outside_content("Figure")
        x, y, w, h = box
        elem = self._new("Figure", {})
        elem.alt = alt
        elem.attributes = {"O": PDFName("Layout"), "BBox": PDFArray([x, y, x + w, y + h])}
        self._begin(elem)
        try:
            draw()
        finally:
            self._end()

    # -- the page and the document --------------------------------------------------------
    def show_page(self) -> None:
        """End the page: canvas.showPage(), then its /StructParents and /Tabs /S."""
        if self._open is not None:
            raise RuntimeError(f"the page ends inside marked content ({self._open})")
        self.canvas.showPage()
        page = internals.finished_page(self.canvas)
        internals.widen(page, "StructParents", "Tabs")
        page.StructParents = self._key()
        page.Tabs = PDFName("S")
        self._parents[page.StructParents] = self._owners
        self._owners = []
        self._mcid = 0

    def finish(self) -> None:
        """Write the structure tree and the catalog's keys of a tagged PDF; call before save."""
        if self._owners:
            raise RuntimeError("content after the last show_page()")
        doc = internals.document(self.canvas)
        catalog = doc.Catalog
        catalog.StructTreeRoot = write_tree(doc, self.root, self._parents, self._next_key)
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})
        catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": "true"})

    def outline(self) -> list[str]:
        """The structure tree as indented lines: element types and attributes."""
        return self.root.outline()

    # -- inside -------------------------------------------------------------------------
    def _new(self, role: str, attributes: dict[str, Any]) -> Elem:
        scope = attributes.get("scope")
        if scope is not None and scope not in SCOPES:
            raise ValueError(f"a table header's scope is one of {SCOPES}, not {scope!r}")
        parent = self._stack[-1]
        pdf = {"O": PDFName("Table"), "Scope": PDFName(scope)} if scope else None
        elem = Elem(role, parent, attributes=pdf)
        parent.add(elem)
        return elem

    def _outside_content(self, what: str) -> None:
        if self._open is not None:
            raise RuntimeError(f"{what} inside marked content ({self._open})")

    def _begin(self, elem: Elem) -> None:
        page = internals.page_ref(self.canvas)
        elem.add(Marked(page, self._mcid))
        self._owners.append(elem)
        self.canvas.addLiteral(f"/{elem.role} <</MCID {self._mcid}>> BDC")
        self._mcid += 1
        self._open = elem.role

    def _end(self) -> None:
        self.canvas.addLiteral("EMC")
        self._open = None

    def _key(self) -> int:
        key = self._next_key
        self._next_key += 1
        return key

    def _list_item(self, paragraph: Any, x: float, y: float) -> Elem:
        """A list paragraph as LI: its bullet in Lbl, its text in LBody (returned)."""
        with self.element("LI"):
            if not paragraph.bulletText:
                body = self._new("LBody", {})
                self._begin(body)
                try:
                    paragraph.drawOn(self.canvas, x, y)
                finally:
                    self._end()
                return body
            label, body = self._new("Lbl", {}), self._new("LBody", {})
            switched: list[bool] = []

            def after_bullet() -> None:
                self._end()
                self._begin(body)
                switched.append(True)

            self._begin(label)
            try:
                with internals.after_bullet(after_bullet):
                    paragraph.drawOn(self.canvas, x, y)
            finally:
                self._end()
            if not switched:
                raise RuntimeError("ReportLab drew no bullet: the whole item would be its label")
            return body

    def _say(self, words: str, box: tuple[float, float, float, float]) -> None:
        """`words` as invisible text (render mode 3) centred in `box`: read, never seen."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        x, y, w, h = box
        size = max(1.0, min(h * 0.6, 2 * w / max(len(words), 1)))
        width = stringWidth(words, self.font, size)
        canvas = self.canvas
        canvas.saveState()  # the text state (font, render mode) ends with the cell
        text = canvas.beginText(x + (w - width) / 2, y + (h - size * 0.7) / 2)
        text.setTextRenderMode(3)
        text.setFont(self.font, size)
        text.textOut(words)
        canvas.drawText(text)
        canvas.restoreState()
