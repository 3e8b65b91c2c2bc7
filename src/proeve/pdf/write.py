"""Metadata, sRGB output intent and attached sources -> PDF/A-3b objects in ReportLab's document.

Why here and not a post-processing pass: ReportLab's object layer can write the
few dictionaries PDF/A-3 needs, which costs nothing at build time, where opening
and re-saving the file with pypdf or pikepdf would cost a second parse and save.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.resources import files
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFCatalog,
    PDFDictionary,
    PDFName,
    PDFPage,
    PDFStream,
    PDFString,
    PDFZCompress,
)

from proeve.frozen import Frozen

SRGB = "sRGB IEC61966-2.1"
_CATALOG_KEYS = [*PDFCatalog.__NoDefault__, "OutputIntents", "AF"]


class Attachment(Frozen):
    """A file carried inside the PDF, with its relationship to the document."""

    name: str
    data: bytes
    mime: str
    relationship: str = "Source"
    description: str = ""


class Metadata(Frozen):
    title: str
    author: str
    subject: str
    keywords: str
    language: str
    creator: str
    producer: str
    when: dt.datetime  # UTC

    @property
    def pdf_date(self) -> str:
        return self.when.strftime("D:%Y%m%d%H%M%S+00'00'")

    @property
    def xmp_date(self) -> str:
        return self.when.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def document_id(attachments: list[Attachment]) -> bytes:
    """The file identifier: a digest of every embedded file, the build record included.

    Why: ReportLab's invariant ID digests only the Info dictionary, so two drafts
    with the same title and moment would share it. Derived from what the page is
    built from, the ID names one build: a rebuild gets it back, any change in
    sources, template or record gives a new one, and it can be checked from the
    attachments alone.
    """
    digest = hashlib.sha256()
    for attachment in sorted(attachments, key=lambda a: a.name):
        digest.update(attachment.name.encode() + b"\0" + hashlib.sha256(attachment.data).digest())
    return digest.digest()[:16]


def write_pdf(
    size: tuple[float, float],
    meta: Metadata,
    attachments: list[Attachment],
    font: str,
    paint: Callable[[Any], None],
) -> bytes:
    """One page of `size` painted by `paint(canvas)`, as PDF/A-3 bytes with metadata and files.

    `font` is the canvas's initial font (a registered, embedded face), so no
    unembedded Helvetica slips in. The same inputs always give the same bytes.
    """
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    rl_config.invariant = 1
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=size,
        invariant=1,
        pdfVersion=(1, 7),
        lang=meta.language,
        initialFontName=font,
        pageCompression=1,
    )
    paint(canvas)
    canvas.showPage()
    apply(canvas, meta, attachments)
    save(canvas)
    return buffer.getvalue()


def apply(canvas: Any, meta: Metadata, attachments: list[Attachment]) -> None:
    """Set Info, XMP, output intent, associated files and ID; call after showPage, before save."""
    doc = canvas._doc
    identifier = document_id(attachments).hex().encode()
    # Both halves equal: the file is written once and never updated in place.
    doc._ID = b"\n[<" + identifier + b"><" + identifier + b">]\n"
    _drop_empty_transitions(doc)
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.author)
    canvas.setSubject(meta.subject)
    canvas.setKeywords(meta.keywords)
    canvas.setCreator(meta.creator)
    canvas.setProducer(meta.producer)
    doc.info._dateFormatter = lambda *_: meta.pdf_date
    catalog = doc.Catalog
    # An instance attribute widens what this catalog writes, leaving ReportLab's class alone.
    catalog.__NoDefault__ = _CATALOG_KEYS
    catalog.Metadata = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        xmp(meta).encode("utf-8"),
        filters=None,  # no /Filter key: PDF/A forbids one on the metadata stream, even empty
    )
    catalog.OutputIntents = PDFArray([_output_intent(doc)])
    specs = [doc.Reference(_filespec(doc, a, meta)) for a in attachments]
    if specs:
        names: list[Any] = []
        for attachment, ref in sorted(
            zip(attachments, specs, strict=True), key=lambda p: p[0].name
        ):
            names += [PDFString(attachment.name), ref]
        catalog.Names = PDFDictionary({"EmbeddedFiles": PDFDictionary({"Names": PDFArray(names)})})
        catalog.AF = PDFArray(specs)


def save(canvas: Any) -> None:
    """Write the canvas's document, with every stream ended the way PDF/A requires."""
    with _end_of_line_before_endstream():
        canvas.save()


@contextmanager
def _end_of_line_before_endstream() -> Iterator[None]:
    """While saving, write an end of line between each stream's data and `endstream`.

    Why: ReportLab writes `<data>endstream` with Length = len(data). PDF/A (ISO
    19005-3, 6.1.7.1) wants an end of line before `endstream` that Length does not
    count; veraPDF rejects every stream without one, and pikepdf's checker cannot
    see it because it checks the file as qpdf would rewrite it. Scoped to our own
    save so that ReportLab behaves as usual everywhere else.
    """
    original = PDFStream.format
    tail = b"endstream\n"

    def with_end_of_line(self: Any, document: Any) -> bytes:
        written: bytes = original(self, document)
        if written.endswith(tail):
            return written[: -len(tail)] + b"\n" + tail
        return written

    PDFStream.format = with_end_of_line
    try:
        yield
    finally:
        PDFStream.format = original


def _drop_empty_transitions(doc: Any) -> None:
    # ReportLab writes an empty /Trans on every page; PDF/A validators reject it.
    for obj in doc.idToObject.values():
        if isinstance(obj, PDFPage):
            obj.Trans = None


def _output_intent(doc: Any) -> PDFDictionary:
    icc = files("proeve.pdf").joinpath("data/sRGB.icc").read_bytes()
    profile = PDFStream(PDFDictionary({"N": 3}), icc, filters=[PDFZCompress])
    return PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString(SRGB),
            "Info": PDFString(SRGB),
            "RegistryName": PDFString("http://www.color.org"),
            "DestOutputProfile": doc.Reference(profile),
        }
    )


def _filespec(doc: Any, attachment: Attachment, meta: Metadata) -> PDFDictionary:
    params = PDFDictionary(
        {
            "Size": len(attachment.data),
            "ModDate": PDFString(meta.pdf_date),
            "CheckSum": PDFString(hashlib.md5(attachment.data).digest(), enc="raw"),
        }
    )
    stream = PDFStream(
        PDFDictionary(
            {
                "Type": PDFName("EmbeddedFile"),
                "Subtype": _mime_name(attachment.mime),
                "Params": params,
            }
        ),
        attachment.data,
        filters=[PDFZCompress],
    )
    ref = doc.Reference(stream)
    return PDFDictionary(
        {
            "Type": PDFName("Filespec"),
            "F": PDFString(attachment.name),
            "UF": PDFString(attachment.name),
            "Desc": PDFString(attachment.description or attachment.name),
            "AFRelationship": PDFName(attachment.relationship),
            "EF": PDFDictionary({"F": ref, "UF": ref}),
        }
    )


def _mime_name(mime: str) -> str:
    """A PDF name for a MIME type: '/' must be written #2F inside a name."""
    return "/" + mime.replace("/", "#2F")


def _xml_escape(text: str) -> str:
    # Not xml.sax.saxutils: importing it pulls in urllib and http (15 ms of a cold build).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xmp(meta: Metadata) -> str:
    """The XMP packet: PDF/A identification plus the same facts as the Info dictionary."""
    e = _xml_escape
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{e(meta.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.subject)}</rdf:li></rdf:Alt>
   </dc:description>
   <dc:language><rdf:Bag><rdf:li>{e(meta.language)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{e(meta.keywords)}</pdf:Keywords>
   <pdf:Producer>{e(meta.producer)}</pdf:Producer>
   <xmp:CreatorTool>{e(meta.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{meta.xmp_date}</xmp:CreateDate>
   <xmp:ModifyDate>{meta.xmp_date}</xmp:ModifyDate>
   <xmp:MetadataDate>{meta.xmp_date}</xmp:MetadataDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
