"""PDF bytes -> every structural PDF/A-3 rule we check that the file breaks, one finding per rule.

Our own checks of what proeve's drafts must keep (DESIGN.md, "Archive-grade"):
file syntax (see pdfsyntax), no encryption, a file ID, XMP metadata identifying
PDF/A-3 and agreeing with the Info dictionary, an sRGB output intent, embedded
fonts, embedded files as associated files, no JavaScript, launch or other
external actions, and, where the file claims level A or PDF/UA, the keys of a
tagged PDF. Passing them confirms no conformance: only an independent validator
does (proeve.pdf.independent). Rule ids are veraPDF's (ISO 19005-3 clause and
test number) so that a finding can be looked up; `proeve:` marks a rule of our own.
"""

from __future__ import annotations

from typing import Any

from proeve.errors import UsageError
from proeve.pdf.syntax import Finding, check_syntax
from proeve.pdf.xmp import claims, xmp_findings

# ISO 19005-3, 6.5.1: actions a PDF/A file may not carry (SetState and NOP are deprecated ones).
FORBIDDEN_ACTIONS = {
    "/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/Hide", "/SetOCGState",
    "/Rendition", "/Trans", "/GoTo3DView", "/JavaScript", "/SetState", "/NOP",
}  # fmt: skip
# Not forbidden by PDF/A, but they reach outside the file; proeve writes none of them.
EXTERNAL_ACTIONS = {"/GoToR", "/GoToE", "/SubmitForm"}
NAMED_ACTIONS = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
RELATIONSHIPS = {
    "/Source", "/Data", "/Alternative", "/Supplement", "/EncryptedPayload", "/FormData",
    "/Schema", "/Unspecified",
}  # fmt: skip
_MAX_DEPTH = 12  # resources and name trees nest; deeper than this is not a file we made


def check_pdf(data: bytes, label: str = "PDF") -> list[Finding]:
    """Every broken rule in `data`; an unreadable file raises UsageError."""
    from proeve.pdf.read import opened

    findings = check_syntax(data)
    with opened(data, label) as reader:
        trailer = reader.trailer
        if trailer.get("/Encrypt") is not None:
            return [*findings, Finding("6.1.3-2", "the file is encrypted")]
        ids = trailer.get("/ID")
        if not ids or len(ids) != 2 or not all(bytes(i.original_bytes) for i in ids):
            findings.append(Finding("6.1.3-1", "the trailer has no file ID"))
        catalog = trailer["/Root"].get_object()
        findings += xmp_findings(catalog, trailer.get("/Info"))
        findings += _output_intent(catalog)
        findings += _fonts(reader)
        findings += _associated_files(catalog, reader)
        findings += _actions(catalog, reader)
        findings += _tagged(catalog, reader, claims(catalog))
    return findings


def _tagged(catalog: Any, reader: Any, claimed: list[str]) -> list[Finding]:
    """A file that claims PDF/A level A or PDF/UA: the keys a tagged PDF cannot do without."""
    if not {"3a", "ua1"} & set(claimed):
        return []
    findings = []
    if str((catalog.get("/MarkInfo") or {}).get("/Marked")) != "True":
        findings.append(Finding("proeve:tagged", "the catalog's /MarkInfo lacks /Marked true"))
    tree = catalog.get("/StructTreeRoot")
    if tree is None or "/K" not in tree.get_object() or "/ParentTree" not in tree.get_object():
        findings.append(Finding("proeve:tagged", "no structure tree (/StructTreeRoot with "
                                "/K and /ParentTree)"))  # fmt: skip
    if not str(catalog.get("/Lang") or ""):
        findings.append(Finding("proeve:tagged", "the catalog has no /Lang"))
    if "ua1" in claimed:
        shows_title = (catalog.get("/ViewerPreferences") or {}).get("/DisplayDocTitle")
        if str(shows_title) != "True":
            findings.append(Finding("proeve:tagged", "/ViewerPreferences lacks "
                                    "/DisplayDocTitle true"))  # fmt: skip
    for number, page in enumerate(reader.pages, 1):
        if "/StructParents" not in page:
            findings.append(Finding("proeve:tagged", f"page {number} has no /StructParents"))
        if page.get("/Annots") and page.get("/Tabs") != "/S":
            findings.append(Finding("proeve:tagged", f"page {number} has links but no /Tabs /S"))
    return findings


def _output_intent(catalog: Any) -> list[Finding]:
    intents = [i.get_object() for i in catalog.get("/OutputIntents") or []]
    pdfa = [i for i in intents if i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i]
    if not pdfa:
        return [Finding("6.2.2-1", "no PDF/A output intent (GTS_PDFA1 with an ICC profile)")]
    profiles = {i.raw_get("/DestOutputProfile").idnum for i in intents if "/DestOutputProfile" in i}
    if len(profiles) > 1:
        return [Finding("6.2.3-2", "output intents refer to different ICC profiles")]
    icc = pdfa[0]["/DestOutputProfile"].get_object().get_data()
    if len(icc) < 128 or icc[36:40] != b"acsp":
        return [Finding("6.2.3-1", "the output intent's ICC profile is not a valid profile")]
    if icc[12:16] not in (b"mntr", b"prtr") or icc[16:20] not in (b"RGB ", b"CMYK", b"GRAY"):
        return [Finding("6.2.3-1", "the output intent's ICC profile is not a monitor or "
                        "printer profile in RGB, CMYK or grey")]  # fmt: skip
    if icc[8] >= 5:
        return [Finding("6.2.3-1", f"the output intent's ICC profile has version {icc[8]}")]
    return []


def _fonts(reader: Any) -> list[Finding]:
    bare: set[str] = set()
    seen: set[int] = set()
    for page in reader.pages:
        _walk_resources(page.get("/Resources"), bare, seen, 0)
        for annotation in page.get("/Annots") or []:
            for stream in (annotation.get_object().get("/AP") or {}).values():
                stream = stream.get_object()
                if hasattr(stream, "get_data"):
                    _walk_resources(stream.get("/Resources"), bare, seen, 0)
    return [Finding("6.2.11.4.1-1", f"font {name} is not embedded") for name in sorted(bare)]


def _walk_resources(resources: Any, bare: set[str], seen: set[int], depth: int) -> None:
    """Collect the names of fonts without a font program, in these resources and their forms."""
    if resources is None or depth > _MAX_DEPTH:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        if font.get("/Subtype") == "/Type3":
            _walk_resources(font.get("/Resources"), bare, seen, depth + 1)
            continue
        described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = described.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            bare.add(str(font.get("/BaseFont", "(unnamed)")).lstrip("/"))
    for ref in (resources.get("/XObject") or {}).values():
        key = getattr(ref, "idnum", None)
        if key is not None and key in seen:
            continue
        seen.add(key if key is not None else -1)
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form":
            _walk_resources(xobject.get("/Resources"), bare, seen, depth + 1)


def _associated_files(catalog: Any, reader: Any) -> list[Finding]:
    associated = {getattr(ref, "idnum", None) for ref in catalog.get("/AF") or []}
    findings = []
    names = (catalog.get("/Names") or {}).get("/EmbeddedFiles")
    for name, ref in _name_tree(names, 0):
        spec = ref.get_object()
        where = f"embedded file {name}"
        if "/F" not in spec or "/UF" not in spec:
            findings.append(Finding("6.8-2", f"{where}: file specification lacks /F or /UF"))
        relationship = spec.get("/AFRelationship")
        if relationship not in RELATIONSHIPS:
            findings.append(Finding("6.8-3", f"{where}: no valid /AFRelationship"))
        elif name.startswith(("inputs/", "templates/")) and relationship != "/Source":
            findings.append(Finding("proeve:source", f"{where}: a source attached as "
                                    f"{relationship.lstrip('/')}, not Source"))  # fmt: skip
        stream = (spec.get("/EF") or {}).get("/F")
        if stream is None or not stream.get_object().get("/Subtype"):
            findings.append(Finding("6.8-1", f"{where}: no MIME type (/Subtype)"))
        if getattr(ref, "idnum", None) not in associated:
            findings.append(Finding("6.8-4", f"{where}: not listed in the catalog's /AF"))
    return findings


def _name_tree(node: Any, depth: int) -> list[tuple[str, Any]]:
    """(name, value reference) pairs of a PDF name tree, bounded in depth."""
    if node is None or depth > _MAX_DEPTH:
        return []
    node = node.get_object()
    pairs = []
    flat = list(node.get("/Names") or [])
    for index in range(0, len(flat) - 1, 2):
        pairs.append((str(flat[index].get_object()), flat[index + 1]))
    for kid in node.get("/Kids") or []:
        pairs += _name_tree(kid, depth + 1)
    return pairs


def _actions(catalog: Any, reader: Any) -> list[Finding]:
    """Forbidden actions wherever a reader would run them: open, pages, links, outlines."""
    findings = []
    if "/AA" in catalog:
        findings.append(Finding("6.5.2-1", "the catalog has additional actions (/AA)"))
    if "/JavaScript" in (catalog.get("/Names") or {}):
        findings.append(Finding("6.5.1-1", "the document carries JavaScript (/Names /JavaScript)"))
    actions = [("open action", catalog.get("/OpenAction"))]
    for number, page in enumerate(reader.pages, 1):
        if "/AA" in page:
            findings.append(Finding("6.5.2-2", f"page {number} has additional actions (/AA)"))
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if "/AA" in annotation:
                findings.append(Finding("6.5.2-2", f"an annotation on page {number} has /AA"))
            actions.append((f"a link on page {number}", annotation.get("/A")))
    for where, action in actions:
        findings += _action(where, action, 0)
    return findings


def _action(where: str, action: Any, depth: int) -> list[Finding]:
    if action is None or depth > _MAX_DEPTH:
        return []
    action = action.get_object()
    if not hasattr(action, "get"):
        return []  # an explicit destination array, not an action
    kind = action.get("/S")
    found = []
    if kind in FORBIDDEN_ACTIONS:
        found.append(Finding("6.5.1-1", f"{where} is a forbidden {kind.lstrip('/')} action"))
    elif kind in EXTERNAL_ACTIONS:
        found.append(Finding("proeve:external", f"{where} reaches outside the file "
                             f"({kind.lstrip('/')})"))  # fmt: skip
    elif kind == "/Named" and action.get("/N") not in NAMED_ACTIONS:
        found.append(Finding("6.5.1-2", f"{where} is a named action other than page navigation"))
    following = action.get("/Next")
    for step in following if isinstance(following, list) else [following]:
        found += _action(where, step, depth + 1)
    return found


def check_file(data: bytes, label: str) -> list[Finding]:
    """As check_pdf, but an unreadable file is a finding too (for verify)."""
    try:
        return check_pdf(data, label)
    except UsageError as exc:
        return [Finding("proeve:readable", str(exc).removeprefix(f"{label}: "))]
