"""A PDF's XMP packet and Info dictionary -> the PDF/A metadata rules they break, and its claims.

ISO 19005-3, 6.6: the catalog carries an XMP metadata stream, the packet
identifies the file as PDF/A-3 (level A, B or U), and every Info entry has an
XMP equivalent with the same value. proeve also promises a title, a creator and
a language (DESIGN.md), so their absence is reported too. `claims` reads which
conformances a file says it has (PDF/A-3a, PDF/UA-1, ...): an independent
validator is asked about exactly those.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import Any

from proeve.pdf.syntax import Finding

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
NS = {
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
}
# Info key -> its XMP equivalent (ISO 19005-3, 6.6.2.3.1 by way of ISO 16684-1).
EQUIVALENTS = {
    "/Title": "dc:title",
    "/Author": "dc:creator",
    "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords",
    "/Creator": "xmp:CreatorTool",
    "/Producer": "pdf:Producer",
    "/CreationDate": "xmp:CreateDate",
    "/ModDate": "xmp:ModifyDate",
}
# A claim (pdfaid part + conformance) -> the page-validation profile that checks it, and its name.
PROFILES = {f"{part}{level}": f"{part}{level.lower()}" for part in "123" for level in "ABU"}
del PROFILES["1U"]  # PDF/A-1 has no level U
NAMES = {profile: f"PDF/A-{profile}" for profile in PROFILES.values()} | {"ua1": "PDF/UA-1"}
_UA_DECLARED = (
    b"<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
)
_PDF_DATE = re.compile(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?([Zz+-])?(\d\d)?'?(\d\d)?'?")
_MAX_PACKET = 1_000_000


def xmp_findings(catalog: Any, info: Any) -> list[Finding]:
    """Check the catalog's metadata stream against PDF/A's identification and the Info dict."""
    stream = catalog.get("/Metadata")
    if stream is None:
        return [Finding("6.6.2.1-1", "the catalog has no XMP metadata stream")]
    stream = stream.get_object()
    if stream.get("/Type") != "/Metadata" or stream.get("/Subtype") != "/XML":
        return [Finding("6.6.2.1-1", "the metadata stream is not /Type /Metadata /Subtype /XML")]
    if "/Filter" in stream:
        return [Finding("proeve:xmp-filter", "the metadata stream has a /Filter key "
                        "(PDF/A wants its XMP readable as it is)")]  # fmt: skip
    properties = parse(stream.get_data())
    if properties is None:
        return [Finding("6.6.2.1-4", "the XMP packet is not well-formed UTF-8 XML")]
    findings = []
    part, level = properties.get("pdfaid:part"), properties.get("pdfaid:conformance")
    if part != "3" or level not in ("A", "B", "U"):
        findings.append(Finding("6.6.4-2", f"XMP identifies part {part}, level {level}, "
                                "not PDF/A-3 (level A, B or U)"))  # fmt: skip
    if "pdfuaid:part" in properties and _UA_DECLARED not in stream.get_data():
        findings.append(Finding("proeve:xmp-schema", "XMP uses pdfuaid without declaring it in "
                                "a PDF/A extension schema"))  # fmt: skip
    for needed in ("dc:title", "dc:creator", "dc:language"):
        if not properties.get(needed):
            findings.append(Finding("proeve:metadata", f"XMP has no {needed}"))
    info = info.get_object() if info is not None else {}
    for key, name in EQUIVALENTS.items():
        if key in info and not _agree(str(info[key]), properties.get(name), key):
            findings.append(
                Finding("6.6.2.3.1-1", f"Info {key.lstrip('/')} differs from XMP {name}")
            )
    return findings


def claims(catalog: Any) -> list[str]:
    """The page-validation profiles for what the XMP says the file is, e.g. ['3a', 'ua1']."""
    stream = catalog.get("/Metadata")
    stream = stream.get_object() if stream is not None else None
    read = getattr(stream, "get_data", None)
    properties = parse(read()) if read is not None else None
    if not properties:
        return []
    found = []
    part, level = properties.get("pdfaid:part", ""), properties.get("pdfaid:conformance", "")
    if part + level in PROFILES:
        found.append(PROFILES[part + level])
    if properties.get("pdfuaid:part") == "1":
        found.append("ua1")
    return found


def parse(packet: bytes) -> dict[str, str] | None:
    """The simple properties and first list items of an XMP packet, as 'prefix:name' -> text."""
    if len(packet) > _MAX_PACKET or b"<!DOCTYPE" in packet or b"<!ENTITY" in packet:
        return None  # no entity expansion from a file we did not write
    try:
        root = ET.fromstring(packet.decode("utf-8"))
    except (ET.ParseError, UnicodeDecodeError):
        return None
    prefixes = {uri: prefix for prefix, uri in NS.items()}
    found: dict[str, str] = {}
    for description in root.iter(f"{RDF}Description"):
        items = [*description.attrib.items(), *((c.tag, _text(c)) for c in description)]
        for tag, value in items:
            uri, _, local = tag.lstrip("{").partition("}")
            if uri in prefixes:
                found.setdefault(f"{prefixes[uri]}:{local}", value)
    return found


def _text(element: ET.Element) -> str:
    """A property's value: its text, or the x-default (else first) item of its Alt/Seq/Bag."""
    items = list(element.iter(f"{RDF}li"))
    if not items:
        return (element.text or "").strip()
    default = "{http://www.w3.org/XML/1998/namespace}lang"
    chosen = next((i for i in items if i.get(default) == "x-default"), items[0])
    return (chosen.text or "").strip()


def _agree(info: str, xmp: str | None, key: str) -> bool:
    if xmp is None:
        return False
    if key in ("/CreationDate", "/ModDate"):
        when = xmp_date(xmp)
        return when is not None and pdf_date(info) == when
    return info.strip() == xmp


def pdf_date(text: str) -> dt.datetime | None:
    """A PDF date string (D:YYYYMMDDHHmmSS+HH'mm') as an aware datetime, or None."""
    match = _PDF_DATE.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, sign, tz_hour, tz_minute = match.groups()
    offset = dt.timedelta(hours=int(tz_hour or 0), minutes=int(tz_minute or 0))
    zone = dt.timezone(-offset if sign == "-" else offset)
    try:
        return dt.datetime(
            int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
            int(second or 0), tzinfo=zone,
        )  # fmt: skip
    except ValueError:
        return None


def xmp_date(text: str) -> dt.datetime | None:
    """An XMP (ISO 8601) date as an aware datetime; no zone is taken as UTC, as PDF does."""
    try:
        when = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)
