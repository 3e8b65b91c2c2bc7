"""Test helpers: a tagged PDF read back with pikepdf, as a reader of its structure would.

Independent of proeve.pdf.tags: the structure tree is walked from the catalog,
each marked-content sequence's text is decoded from the page's content stream
through the fonts' own ToUnicode maps, and every painting operator is checked
to lie inside tagged content or an artifact.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import pikepdf

PAINTING = {"f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "Tj", "TJ", "'", '"', "Do", "sh",
            "BI", "INLINE IMAGE"}  # fmt: skip


@dataclass
class Node:
    """A structure element read back: its type, attributes and kids, and its own text."""

    role: str
    attributes: dict[str, str] = field(default_factory=dict)
    alt: str | None = None
    kids: list[Node] = field(default_factory=list)
    mcids: list[int] = field(default_factory=list)
    annotations: list[dict[str, str]] = field(default_factory=list)
    own_text: str = ""

    @property
    def text(self) -> str:
        """All text of this element and its kids, in order (as a screen reader reads it)."""
        return self.own_text + "".join(k.text for k in self.kids)

    def find(self, role: str) -> list[Node]:
        found = [self] if self.role == role else []
        for kid in self.kids:
            found += kid.find(role)
        return found

    def outline(self, depth: int = 0, width: int = 60) -> list[str]:
        extra = "".join(f" {k}={v}" for k, v in self.attributes.items() if k != "BBox")
        if self.alt:
            extra += f" Alt={self.alt!r}"
        text = self.text if not self.kids or self.role in ("P", "H1", "H2", "LBody") else ""
        shown = f"  {text[:width]!r}" if text else ""
        lines = ["  " * depth + self.role + extra + shown]
        if self.role not in ("LI",):
            for kid in self.kids:
                lines += kid.outline(depth + 1, width)
        return lines


def read_structure(data: bytes) -> Node:
    """The structure tree of a one-page tagged PDF, with each element's text."""
    pdf = pikepdf.open(io.BytesIO(data))
    texts = marked_texts(pdf.pages[0])
    root = pdf.Root.StructTreeRoot
    kids = _kids(root.K)
    top = Node("StructTreeRoot")
    top.kids = [_node(k, texts) for k in kids if isinstance(k, pikepdf.Dictionary)]
    return top


def _kids(k: Any) -> list[Any]:
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _node(elem: Any, texts: dict[int, str]) -> Node:
    node = Node(str(elem.S).lstrip("/"))
    if "/A" in elem:
        node.attributes = {str(k).lstrip("/"): str(v).lstrip("/") for k, v in elem.A.items()}
    if "/Alt" in elem:
        node.alt = str(elem.Alt)
    for kid in _kids(elem.get("/K")):
        if isinstance(kid, int):
            node.mcids.append(int(kid))
            node.kids.append(Node("#text", own_text=texts.get(int(kid), "")))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            node.mcids.append(int(kid.MCID))
            node.kids.append(Node("#text", own_text=texts.get(int(kid.MCID), "")))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
            annot = kid.Obj
            node.annotations.append(
                {
                    "Subtype": str(annot.Subtype),
                    "Contents": str(annot.get("/Contents", "")),
                    "StructParent": str(annot.get("/StructParent")),
                }
            )
        elif isinstance(kid, pikepdf.Dictionary):
            node.kids.append(_node(kid, texts))
    return node


def _unicode_maps(page: Any) -> dict[str, dict[int, str]]:
    maps = {}
    for name, font in (page.Resources.get("/Font") or {}).items():
        cmap = font.get("/ToUnicode")
        table: dict[int, str] = {}
        if cmap is not None:
            text = cmap.read_bytes().decode("latin-1")
            for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
                for code, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                    table[int(code, 16)] = bytes.fromhex(value).decode("utf-16-be")
        maps[str(name)] = table
    return maps


def marked_texts(page: Any) -> dict[int, str]:
    """The text shown inside each MCID's marked content (invisible text included)."""
    maps = _unicode_maps(page)
    texts: dict[int, str] = {}
    stack: list[int | None] = []
    font: dict[int, str] = {}
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "BDC":
            props = operands[1]
            mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
            stack.append(int(mcid) if mcid is not None else None)
        elif op == "BMC":
            stack.append(None)
        elif op == "EMC":
            stack.pop()
        elif op == "Tf":
            font = maps.get(str(operands[0]), {})
        elif op in ("Tj", "'", '"', "TJ"):
            strings = operands[0] if op == "TJ" else [operands[-1]]
            shown = "".join(
                font.get(b, "\ufffd") for s in strings if isinstance(s, pikepdf.String)
                for b in bytes(s)
            )  # fmt: skip
            owner = next((m for m in reversed(stack) if m is not None), None)
            if owner is not None:
                texts[owner] = texts.get(owner, "") + shown
    return texts


def unmarked_painting(data: bytes) -> list[str]:
    """Painting operators of the first page outside any marked content (tagged or artifact)."""
    pdf = pikepdf.open(io.BytesIO(data))
    depth = 0
    found = []
    for operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
        op = str(operator)
        if op in ("BDC", "BMC"):
            depth += 1
        elif op == "EMC":
            depth -= 1
        elif op in PAINTING and depth == 0:
            found.append(f"{op} {operands!r}"[:80])
    return found


def text_pieces(data: bytes) -> list[tuple[str, str]]:
    """(marked-content tag, text) of each tagged piece of text, in content-stream order."""
    pdf = pikepdf.open(io.BytesIO(data))
    texts = marked_texts(pdf.pages[0])
    tags = {}
    for operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
        if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
            mcid = operands[1].get("/MCID")
            if mcid is not None:
                tags[int(mcid)] = str(operands[0]).lstrip("/")
    return [(tags[m], texts.get(m, "")) for m in sorted(tags)]
