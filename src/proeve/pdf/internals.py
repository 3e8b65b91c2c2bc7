"""ReportLab's internals that proeve's PDF writing relies on -> one place that uses and checks them.

ReportLab's open-source edition writes neither a structure tree nor quite the
PDF/A that validators want, so proeve reaches a little past its public API.
Every such reach is here or listed here (INTERNALS), and `check_internals()`
says which of them the installed ReportLab no longer has. A test calls it, so a
ReportLab upgrade that moves one of them fails loudly instead of writing an
untagged or invalid file. Patches of ReportLab functions are scoped: they hold
only while proeve itself draws or saves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# What we rely on, and why. check_internals() tests each of these.
INTERNALS = {
    "Canvas._doc": "the PDFDocument behind a canvas (catalog, info, ID, object table)",
    "Canvas.addLiteral appends to Canvas._code": "marked-content operators in the page stream",
    "Canvas._annotationrefs": "the page's annotation references; the last one is linkURL's",
    "Canvas.linkURL(**kw)": "extra keys (StructParent, Contents) go into the annotation",
    "PDFDocument.thisPageRef()": "a named reference to the page being drawn",
    "PDFDocument.Pages.pages": "the finished PDFPage objects, the newest last",
    "PDFPage.__NoDefault__": "the keys a page writes; widened per page for StructParents, Tabs",
    "PDFCatalog.__NoDefault__": "lists StructTreeRoot, MarkInfo, ViewerPreferences, Metadata",
    "PDFDocument.idToObject / idToObjectNumberAndVersion": "struct elements write their refs",
    "PDFDocument._ID, info._dateFormatter": "the file ID and Info dates of a reproducible file",
    "PDFDocument.defaultStreamFilters is None": "PDFStream(filters=None) writes no /Filter",
    "PDFStream.format ends in b'endstream\\n'": "end_of_line_before_endstream patches it",
    "rl_config.useA85, read when pages and images are written": "binary_streams sets it",
    "ttfonts.makeToUnicodeCMap(fontname, subset)": "TTFont.addObjects calls it by global name",
    "paragraph._drawBullet": "Paragraph.drawPara calls it by global name (Lbl, then LBody)",
    "Paragraph.blPara kind 0/1 lines": "line_ends rewrites a wrapped paragraph's line ends",
    "paragraph._SplitWord, _SplitWordEnd, _SplitWordHY": "kind-0 words split at a line end",
    "paragraph._SplitFragHY, _HSFrag, _InjectedFrag": "kind-1 frag words split at a line end",
    "ParaLines.sFW": "the index of a kind-1 line's first frag word in Paragraph.frags",
    "paragraph._getFragWords(frags) -> [width, (frag, text), ...] per word": "page.setting "
    "measures a paragraph's words with it (the composer breaks them, not breakLines)",
    "paragraph.FragLine, ParaLines(kind=1), sameFrag, _handleBulletWidth, _FK_BREAK, _FK_TEXT, "
    "_SplitFrag, _SplitFragH, _SplitFragHS": "page.setting writes the composer's lines in "
    "ReportLab's kind-1 structure, as breakLines builds it, for drawPara to paint",
    "paragraph.uri_pat, used only as uri_pat.match": "compiled on first use in the CLI "
    "(defer_uri_pattern)",
    "paragraph._uri_split_pairs(uri), called by global name": "page.hyphens.break_addresses "
    "replaces it (for the process) with breaks after '/' and '.'",
    "TTFont.__init__ calls ttfonts.TTFontFace(filename, ...)": "page.fonts restores a cached "
    "face through it (its state: plain data in __dict__, _pdfScale from unitsPerEm)",
}


def check_internals() -> list[str]:
    """What of INTERNALS the installed ReportLab lacks or changed (empty: all there)."""
    import inspect
    import io

    from reportlab.pdfbase import pdfdoc, ttfonts
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import paragraph

    def source(thing: Any) -> str:
        return inspect.getsource(thing)

    problems = []
    canvas = Canvas(io.BytesIO())
    for attr in ("_doc", "_code", "_annotationrefs"):
        if not hasattr(canvas, attr):
            problems.append(f"Canvas instances have no {attr}")
    if "self._code.append" not in source(Canvas.addLiteral):
        problems.append("Canvas.addLiteral no longer appends to self._code")
    if "self._annotationrefs.append" not in source(Canvas._annotatePage):
        problems.append("Canvas._annotatePage no longer appends to _annotationrefs")
    if "PDFDictionary(dict=kw)" not in source(Canvas.linkURL):
        problems.append("Canvas.linkURL no longer puts its extra keywords in the annotation")
    doc = canvas._doc
    if not callable(getattr(doc, "thisPageRef", None)):
        problems.append("PDFDocument.thisPageRef is gone")
    if "self.pages.append" not in source(pdfdoc.PDFPages.addPage):
        problems.append("PDFPages.addPage no longer keeps .pages")
    if not isinstance(pdfdoc.PDFPage.__NoDefault__, list):
        problems.append("PDFPage.__NoDefault__ is not a list")
    for key in ("StructTreeRoot", "MarkInfo", "ViewerPreferences", "Metadata"):
        if key not in pdfdoc.PDFCatalog.__NoDefault__:
            problems.append(f"PDFCatalog.__NoDefault__ lacks {key}")
    for attr in ("_ID", "info", "idToObject", "idToObjectNumberAndVersion", "Catalog", "Pages"):
        if not hasattr(doc, attr):
            problems.append(f"PDFDocument has no {attr}")
    if not hasattr(doc.info, "_dateFormatter"):
        problems.append("PDFInfo has no _dateFormatter")
    if pdfdoc.PDFDocument.defaultStreamFilters is not None:
        problems.append("PDFDocument.defaultStreamFilters is no longer None")
    if "b'endstream\\n'" not in source(pdfdoc.PDFStream.format):
        problems.append("PDFStream.format no longer ends its output in endstream\\n")
    if "rl_config.useA85" not in source(pdfdoc.PDFPage.check_format):
        problems.append("PDFPage.check_format no longer reads rl_config.useA85")
    if "makeToUnicodeCMap(" not in source(ttfonts.TTFont.addObjects):
        problems.append("TTFont.addObjects no longer calls makeToUnicodeCMap")
    if list(inspect.signature(ttfonts.makeToUnicodeCMap).parameters) != ["fontname", "subset"]:
        problems.append("makeToUnicodeCMap's signature changed")
    if "_drawBullet(" not in source(paragraph.Paragraph.drawPara):
        problems.append("Paragraph.drawPara no longer calls _drawBullet")
    for name in ("_drawBullet", "_SplitWord", "_SplitWordEnd", "_SplitWordHY", "_SplitFragHY",
                 "_HSFrag", "_InjectedFrag", "_getFragWords", "FragLine", "ParaLines", "sameFrag",
                 "_handleBulletWidth", "_FK_BREAK", "_FK_TEXT", "_SplitFrag", "_SplitFragH",
                 "_SplitFragHS", "_processed_frags"):  # fmt: skip
        if not hasattr(paragraph, name):
            problems.append(f"reportlab.platypus.paragraph.{name} is gone")
    if "sFW" not in source(paragraph.Paragraph.breakLines):
        problems.append("ParaLines no longer carry sFW")
    breaking = source(paragraph.Paragraph.breakLines)
    for field in ("extraSpace=", "wordCount=", "lineBreak=", "ascent=", "descent=", "maxWidth="):
        if field not in breaking:
            problems.append(f"breakLines no longer makes FragLines with {field[:-1]}")
    text = source(paragraph)
    if text.count("uri_pat") != 2 or "uri_pat.match(" not in text:
        problems.append("reportlab.platypus.paragraph uses uri_pat otherwise than by .match")
    if "= _uri_split_pairs(" not in text or not callable(getattr(paragraph, "_uri_split_pairs", 0)):
        problems.append("reportlab.platypus.paragraph no longer asks _uri_split_pairs")
    if "TTFontFace(filename" not in source(ttfonts.TTFont.__init__):
        problems.append("TTFont.__init__ no longer makes its face with TTFontFace(filename, ...)")
    if "1000 / unitsPerEm" not in source(ttfonts.TTFontFile.extractInfo):
        problems.append("TTFontFile.extractInfo scales glyph units otherwise (see page.fonts)")
    return problems


# -- importing ReportLab --------------------------------------------------------------
URI_PATTERN = "(^(?:[a-z0-9\\.\\-\\+]*)://)"  # how paragraph.uri_pat begins


class LazyPattern:
    """A regular expression compiled on first use: re.compile(pattern, flags) until then."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._made: tuple[str, int] = (pattern, flags)
        self._compiled: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            import re

            self._compiled = re.compile(*self._made)
        return getattr(self._compiled, name)


def defer_uri_pattern() -> None:
    """Have reportlab.platypus.paragraph, when it is imported, compile uri_pat on first use.

    Why: that pattern (a URL, case-insensitive, with character ranges up to
    U+FFFF) takes 60-80 ms to compile, a tenth of a cold preview, at import;
    ReportLab matches it only in _uri_split_pairs, which proeve's pages replace
    with their own address breaks (page.hyphens.break_addresses), so a build
    never uses it. Only the CLI asks for this, for its own process: a finder
    waits for that one import, and while the module runs, re.compile defers
    that one pattern; everything else compiles as always. The pattern, when
    used, is the same one. Nothing happens if the module is already imported.
    """
    import sys

    if "reportlab.platypus.paragraph" not in sys.modules and not any(
        isinstance(f, _ParagraphFinder) for f in sys.meta_path
    ):
        sys.meta_path.insert(0, _ParagraphFinder())


class _ParagraphFinder:
    """Finds reportlab.platypus.paragraph as Python would, and runs it with uri_pat deferred."""

    name = "reportlab.platypus.paragraph"

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != self.name:
            return None
        import sys
        from importlib.machinery import PathFinder

        sys.meta_path.remove(self)  # once
        spec = PathFinder.find_spec(name, path, target)
        loader = getattr(spec, "loader", None)
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        run = loader.exec_module

        def exec_module(module: Any) -> None:
            with _deferred(URI_PATTERN):
                run(module)

        loader.exec_module = exec_module
        return spec


@contextmanager
def _deferred(start: str) -> Iterator[None]:
    """While the block runs, re.compile returns a LazyPattern for a pattern starting `start`."""
    import re

    real = re.compile

    def compile(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str) and pattern.startswith(start):
            return LazyPattern(pattern, flags)
        return real(pattern, flags)

    re.compile = compile
    try:
        yield
    finally:
        re.compile = real


# -- the canvas and its document ------------------------------------------------------
def document(canvas: Any) -> Any:
    """The PDFDocument a canvas writes into."""
    return canvas._doc


def page_ref(canvas: Any) -> Any:
    """A reference to the page being drawn."""
    return canvas._doc.thisPageRef()


def finished_page(canvas: Any) -> Any:
    """The PDFPage that the last showPage() finished."""
    return canvas._doc.Pages.pages[-1]


def last_annotation(canvas: Any) -> Any:
    """A reference to the annotation added last on the page being drawn."""
    return canvas._annotationrefs[-1]


def widen(obj: Any, *keys: str) -> None:
    """Let one page or catalog write `keys` too; ReportLab's class stays as it is."""
    written = list(obj.__NoDefault__)
    obj.__NoDefault__ = written + [k for k in keys if k not in written]


def object_ref(doc: Any, ref: Any) -> bytes:
    """`n 0 R` for a named reference: what PDFObjectReference.format writes, in one step."""
    number, version = doc.idToObjectNumberAndVersion[ref.name]
    return b"%d %d R" % (number, version)


def register_object(doc: Any, obj: Any) -> Any:
    """Add an object to the document; its reference."""
    return doc.Reference(obj)


def stored_object(doc: Any, ref: Any) -> Any:
    """The object behind a named reference."""
    return doc.idToObject[ref.name]


# -- scoped patches ---------------------------------------------------------------------
@contextmanager
def binary_streams() -> Iterator[None]:
    """While a PDF is drawn and saved, compressed streams stay binary (no ASCII85 on top).

    Why: ASCII85 makes a compressed stream a quarter larger, for mail systems
    of the 1990s; a tagged page's content stream is the largest one we write.
    """
    from reportlab import rl_config

    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


@contextmanager
def after_bullet(hook: Callable[[], None]) -> Iterator[None]:
    """While a list paragraph draws, call `hook` right after ReportLab has drawn its bullet."""
    from reportlab.platypus import paragraph

    original = paragraph._drawBullet

    def drawing_bullet(*args: Any, **kwargs: Any) -> Any:
        offset = original(*args, **kwargs)
        hook()
        return offset

    paragraph._drawBullet = drawing_bullet
    try:
        yield
    finally:
        paragraph._drawBullet = original


@contextmanager
def end_of_line_before_endstream() -> Iterator[None]:
    """While saving, write an end of line between each stream's data and `endstream`.

    Why: ReportLab writes `<data>endstream` with Length = len(data). PDF/A (ISO
    19005-3, 6.1.7.1) wants an end of line before `endstream` that Length does not
    count; veraPDF rejects every stream without one, and pikepdf's checker cannot
    see it because it checks the file as qpdf would rewrite it. Data that ends in
    CR gets CR LF, not LF: `<CR><LF>endstream` reads as one end of line, so a
    validator counting back from `endstream` found the data one byte shorter
    than Length (page-validation, PDFA3A-STREAM-LENGTH-001, in about one draft
    in ten, as compressed bytes happened to end in CR).
    """
    from reportlab.pdfbase.pdfdoc import PDFStream

    original = PDFStream.format
    tail = b"endstream\n"

    def with_end_of_line(self: Any, document: Any) -> bytes:
        written: bytes = original(self, document)
        if written.endswith(tail):
            data = written[: -len(tail)]
            return data + (b"\r\n" if data.endswith(b"\r") else b"\n") + tail
        return written

    PDFStream.format = with_end_of_line
    try:
        yield
    finally:
        PDFStream.format = original


@contextmanager
def tounicode_without_nulls() -> Iterator[None]:
    """While saving, write ToUnicode CMaps without entries for U+0000 (see to_unicode_cmap)."""
    from reportlab.pdfbase import ttfonts

    original = ttfonts.makeToUnicodeCMap
    ttfonts.makeToUnicodeCMap = to_unicode_cmap
    try:
        yield
    finally:
        ttfonts.makeToUnicodeCMap = original


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap without the codes it maps to U+0000 (codes never used).

    Why: ReportLab fills the unused codes of a subset (1-31 of subset 0) with 0
    and writes `<01> <0000>` for them. ISO 14289-1 7.21.7 and ISO 19005-3
    6.2.11.7.2 (level A) forbid U+0000 in a ToUnicode map; codes never shown need
    no entry. Entries go in blocks of at most 100 (the CMap format's limit).
    """
    pairs = [(code, value) for code, value in enumerate(subset) if value not in (0, 0xFEFF, 0xFFFE)]
    blocks: list[str] = []
    for start in range(0, len(pairs), 100):
        chunk = pairs[start : start + 100]
        blocks.append(f"{len(chunk)} beginbfchar")
        blocks += [f"<{c:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>" for c, v in chunk]
        blocks.append("endbfchar")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            *blocks,
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )
