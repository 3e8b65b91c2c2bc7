"""Structure elements collected while painting -> the PDF's structure tree objects.

A tagging pen (proeve.pdf.tags) builds a tree of Elems as the page announces
its structure: each Elem has a type (H1, P, Sect, Table, ...), attributes and
kids in reading order; a kid is another Elem, a marked-content id on a page,
or an annotation (a link). `write_tree` turns the tree into a StructTreeRoot
with its ParentTree, the objects a PDF reader walks to read the page in order.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObject, PDFString

from proeve.pdf import internals


class Marked:
    """Marked content on a page: the `/MCID n` of a BDC in that page's content stream."""

    __slots__ = ("mcid", "page")

    def __init__(self, page: Any, mcid: int) -> None:
        self.page = page
        self.mcid = mcid


class Annotation:
    """An annotation (a link) that belongs to an element: an OBJR kid."""

    __slots__ = ("obj", "page")

    def __init__(self, page: Any, obj: Any) -> None:
        self.page = page
        self.obj = obj


class Elem:
    """A structure element being built: its type, attributes and kids in reading order."""

    __slots__ = ("alt", "attributes", "kids", "page", "parent", "ref", "role")

    def __init__(
        self,
        role: str,
        parent: Elem | None,
        alt: str | None = None,
        attributes: dict[str, Any] | None = None,
    ) -> None:
        self.role = role
        self.parent = parent
        self.alt = alt
        self.attributes = attributes
        self.kids: list[Elem | Marked | Annotation] = []
        self.page: Any = None  # the page of its first marked content
        self.ref: Any = None  # its own reference, once written

    def add(self, kid: Elem | Marked | Annotation) -> None:
        self.kids.append(kid)
        if self.page is None and not isinstance(kid, Elem):
            self.page = kid.page

    def outline(self, depth: int = 0) -> list[str]:
        """The tree below as indented lines: type and attributes (for reports and tests)."""
        extra = f" Alt={self.alt!r}" if self.alt else ""
        for name, value in (self.attributes or {}).items():
            if name not in ("O", "BBox"):
                extra += f" {name}={value}"
        lines = ["  " * depth + self.role + extra]
        for kid in self.kids:
            if isinstance(kid, Elem):
                lines += kid.outline(depth + 1)
        return lines


def write_tree(doc: Any, root: Elem, parents: dict[int, Any], next_key: int) -> Any:
    """Register the tree's objects; the StructTreeRoot's reference.

    `parents` is the ParentTree: a page's /StructParents key -> the element of
    each of its MCIDs in order, and an annotation's /StructParent key -> its element.
    """
    tree = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    tree_ref = internals.register_object(doc, tree)
    _prune(root)
    _register(doc, root, tree_ref)
    nums: list[Any] = []
    for key in sorted(parents):
        owner = parents[key]
        if isinstance(owner, list):
            nums += [key, internals.register_object(doc, PDFArray([e.ref for e in owner]))]
        else:
            nums += [key, owner.ref]
    tree["K"] = root.ref
    tree["ParentTree"] = internals.register_object(doc, PDFDictionary({"Nums": PDFArray(nums)}))
    tree["ParentTreeNextKey"] = next_key
    return tree_ref


def _prune(elem: Elem) -> bool:
    """Leave out the elements nothing was painted in (an empty footer line); whether any is left."""
    elem.kids = [k for k in elem.kids if not isinstance(k, Elem) or _prune(k)]
    return bool(elem.kids)


def _register(doc: Any, elem: Elem, parent_ref: Any) -> None:
    elem.ref = internals.register_object(doc, _StructElemObject(elem, parent_ref))
    for kid in elem.kids:
        if isinstance(kid, Elem):
            _register(doc, kid, elem.ref)


class _StructElemObject(PDFObject):  # type: ignore[misc]
    """A structure element dictionary that writes itself in one pass.

    Why not PDFDictionary: ReportLab's generic formatter costs ~0.1 ms an object
    (name escaping, encoding every token), and a page has ~200 elements: the
    generic path alone added ~20 ms to a build. Our keys and type names are
    fixed ASCII, so they are written as they are. /Type /StructElem is optional
    (ISO 32000-1, Table 323) and left out: 3 KB less.
    """

    __RefOnly__ = 1

    def __init__(self, elem: Elem, parent: Any) -> None:
        self.elem = elem
        self.parent = parent

    def format(self, document: Any) -> bytes:
        def ref(r: Any) -> bytes:
            return internals.object_ref(document, r)

        elem = self.elem
        # As compact as PDF syntax allows: a dense page has some 300 of these.
        out = [b"<</S/", elem.role.encode("ascii"), b"/P ", ref(self.parent)]
        page = elem.page
        if page is not None:
            out += [b"/Pg ", ref(page)]
        kids: list[bytes] = []
        for kid in elem.kids:
            if isinstance(kid, Elem):
                kids.append(ref(kid.ref))
            elif isinstance(kid, Marked):
                if kid.page.name == page.name:
                    kids.append(b"%d" % kid.mcid)
                else:
                    kids.append(b"<</Type/MCR/Pg %s/MCID %d>>" % (ref(kid.page), kid.mcid))
            else:
                kids.append(b"<</Type/OBJR/Obj %s/Pg %s>>" % (ref(kid.obj), ref(kid.page)))
        if len(kids) == 1:
            out += [b"/K ", kids[0]]
        elif kids:
            out += [b"/K[", b" ".join(kids), b"]"]
        if elem.alt is not None:
            out += [b"/Alt", PDFString(elem.alt).format(document)]
        if elem.attributes:
            out.append(b"/A<<")
            for name, value in elem.attributes.items():
                written = value.format(document)  # bytes or str, by ReportLab's class
                written = written.encode("latin-1") if isinstance(written, str) else written
                out += [b"/", name.encode("ascii"), b" ", written]
            out.append(b">>")
        out.append(b">>")
        return b"".join(out)
