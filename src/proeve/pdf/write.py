"""A painted page, metadata, sRGB output intent and sources -> tagged PDF/A-3a and PDF/UA-1 bytes.

Why here and not a post-processing pass: ReportLab's object layer can write the
few dictionaries PDF/A-3 and PDF/UA need, which costs nothing at build time,
where opening and re-saving the file with pypdf or pikepdf would cost a second
parse and save. The page is painted through a tagging pen (proeve.pdf.tags);
untagged, the same page is PDF/A-3b and says so in its XMP.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable
from importlib.resources import files
from typing import TYPE_CHECKING, Any

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
from proeve.pdf import internals

if TYPE_CHECKING:
    from proeve.pdf.pen import Pen

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

    # Why not strftime: glibc's %Y writes the year 999 as "999", which neither a PDF date
    # nor XMP reads as that year; both want four digits for every year 1..9999.
    @property
    def pdf_date(self) -> str:
        w = self.when
        return (
            f"D:{w.year:04d}{w.month:02d}{w.day:02d}{w.hour:02d}{w.minute:02d}{w.second:02d}+00'00'"
        )

    @property
    def xmp_date(self) -> str:
        w = self.when
        return (
            f"{w.year:04d}-{w.month:02d}-{w.day:02d}T{w.hour:02d}:{w.minute:02d}:{w.second:02d}"
            "+00:00"
        )


def by_proeve(
    title: str, author: str, subject: str, keywords: str, language: str, when: dt.datetime
) -> Metadata:
    """The metadata of a PDF proeve writes (a draft, a review, a comment sheet): the document's
    language ('nl' or 'en') as its tag, proeve as its creator and producer."""
    from proeve import __version__

    return Metadata(
        title=title,
        author=author,
        subject=subject,
        keywords=keywords,
        language="nl-NL" if language == "nl" else "en-GB",
        creator=f"proeve {__version__}",
        producer=f"proeve {__version__} with ReportLab",
        when=when,
    )


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
    attachments: list[Attachment] | Callable[[], list[Attachment]],
    font: str,
    paint: Callable[[Pen], None],
    tagged: bool = True,
    canvas_class: Any = None,
) -> bytes:
    """One page of `size` painted by `paint(pen)`, as PDF/A-3 bytes with metadata and files.

    Tagged (the default), the pen tags what it paints and the file is PDF/A-3a
    and PDF/UA-1; untagged, the same page is PDF/A-3b. `font` is the canvas's
    initial font (a registered, embedded face), so no unembedded Helvetica
    slips in. `attachments` may be a function, called once the page is painted
    (a file that says what the painting found), and `canvas_class` a subclass
    of ReportLab's Canvas that writes the same bytes (one that measures as it
    paints). The same inputs always give the same bytes.
    """
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    from proeve.pdf.pen import Pen
    from proeve.pdf.tags import TaggingPen

    rl_config.invariant = 1
    buffer = io.BytesIO()
    with internals.binary_streams():
        canvas = (canvas_class or Canvas)(
            buffer,
            pagesize=size,
            invariant=1,
            pdfVersion=(1, 7),
            lang=meta.language,
            initialFontName=font,
            pageCompression=1,
        )
        pen = TaggingPen(canvas, font) if tagged else None
        paint(pen or Pen(canvas))
        if pen:
            pen.show_page()
        else:
            canvas.showPage()
        files = attachments() if callable(attachments) else attachments
        apply(canvas, meta, files, tagged)
        if pen:
            pen.finish()
        save(canvas)
    return buffer.getvalue()


def apply(canvas: Any, meta: Metadata, attachments: list[Attachment], tagged: bool = False) -> None:
    """Set Info, XMP, output intent, associated files and ID; call after showPage, before save.

    `tagged`: the XMP says PDF/A-3a and PDF/UA-1 (the pen wrote the structure), else PDF/A-3b.
    """
    doc = internals.document(canvas)
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
        xmp(meta, tagged).encode("utf-8"),
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
    """Write the canvas's document, with every stream ended the way PDF/A requires.

    ToUnicode maps leave out ReportLab's U+0000 entries (PDF/A-3a and PDF/UA forbid them).
    """
    with internals.end_of_line_before_endstream(), internals.tounicode_without_nulls():
        canvas.save()


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


# The PDF/A extension schema that declares pdfuaid (PDF/A allows only declared XMP properties).
PDFUA_EXTENSION = """<rdf:Description rdf:about="" \
xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""


def xmp(meta: Metadata, tagged: bool = False) -> str:
    """The XMP packet: PDF/A identification plus the same facts as the Info dictionary.

    Tagged: PDF/A-3 level A, and PDF/UA-1 with the extension schema that declares it.
    """
    e = _xml_escape
    level = "A" if tagged else "B"
    ua_namespace = '\n    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"' if tagged else ""
    ua_part = "\n   <pdfuaid:part>1</pdfuaid:part>" if tagged else ""
    extension = PDFUA_EXTENSION if tagged else ""
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"{ua_namespace}
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>{level}</pdfaid:conformance>{ua_part}
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
{extension} </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
