"""A PDF's pages -> a digest of what they print, readers' annotations aside, and its comments.

A reviewer's reader saves its comments as annotations, most often as an
incremental update that adds /Annots to the page and leaves its content
alone. The page is what its content streams paint with its resources inside
its boxes: `PagePrint.digest` is a digest of exactly that (streams by their
decoded bytes, so that a reader that re-compresses them changes nothing), and
`others` one of every annotation that is not a reviewer's comment and may
draw on the page (a form field, a watermark, a link with an appearance of its
own; proeve's links draw nothing). Two files with the same digest and others print the same page,
whatever comments one of them carries; a forged content stream, font or
image changes the digest. Read only through proeve.pdf.read (`page_print`).
"""

from __future__ import annotations

import hashlib
from typing import Any

from proeve.errors import UsageError
from proeve.frozen import Frozen
from proeve.pdf.annotations import KINDS, read_marks

# Keys that say where an object sits or when a reader saved it, not what the page prints.
_PLACE = frozenset({"/Annots", "/Parent", "/P", "/Popup", "/IRT", "/Tabs", "/PieceInfo",
                    "/LastModified", "/M", "/StructParent"})  # fmt: skip
# How a stream is stored, not what it holds (its decoded bytes are compared).
_STORAGE = frozenset({"/Length", "/Filter", "/DecodeParms", "/DL"})
_NOT_DRAWN = {"Popup"}  # a comment's popup window: part of the comment
MAX_DEPTH = 40


class PagePrint(Frozen):
    """What a PDF's pages print (annotations aside), and how many reviewers' comments it carries."""

    pages: int
    digest: str
    others: str
    comments: int

    def same_page(self, other: PagePrint) -> bool:
        """Whether the two print the same pages, comments aside."""
        return (self.pages, self.digest, self.others) == (other.pages, other.digest, other.others)


def carries_comments(label: str, count: int, path: str) -> str:
    """What diff and verify say of a reviewer's copy (at `path`): its comments are not the page."""
    import shlex

    noun = "comment" if count == 1 else "comments"
    return (
        f"{label}: carries {count} reviewers' {noun} (annotations, not part of the page): "
        f"`proeve comments {shlex.quote(path)}` lists them"
    )


def page_print(reader: Any, label: str, max_objects: int) -> PagePrint:
    """The first page's print; call within proeve.pdf.read's bounds (`opened`).

    What a page inherits from the page tree (/Resources, /MediaBox, /CropBox,
    /Rotate) is in the page: pypdf copies it down as it lists the pages.
    """
    page = reader.pages[0]
    walk = _Walk(label, max_objects)
    walk.add(page)
    others = _Walk(label, max_objects)
    for annot in _annotations(page):
        if _subtype(annot) not in {*KINDS, *_NOT_DRAWN} and _paints(annot):
            others.add(annot)
    comments = sum(1 for mark in read_marks(reader, label) if mark.page == 1)
    return PagePrint(len(reader.pages), walk.digest(), others.digest(), comments)


def _annotations(page: Any) -> list[Any]:
    annots = page.get("/Annots")
    annots = annots.get_object() if hasattr(annots, "get_object") else annots
    if not isinstance(annots, list):
        return []
    found = [item.get_object() if hasattr(item, "get_object") else item for item in annots]
    return [a for a in found if hasattr(a, "raw_get")]


def _paints(annot: Any) -> bool:
    """Whether a reader draws anything for it: a link only through an appearance of its own.

    Why links apart: a draft made by another proeve version may write its links
    a little differently; they draw nothing, so they are no part of what is printed.
    """
    return _subtype(annot) != "Link" or "/AP" in annot


def _subtype(annot: Any) -> str:
    value = annot.get("/Subtype")
    return str(value).lstrip("/") if isinstance(value, str) else ""


class _Walk:
    """A digest of PDF objects as values: references by the order they are met, not by number."""

    def __init__(self, label: str, max_objects: int) -> None:
        self.label = label
        self.max_objects = max_objects
        self.met: dict[int, int] = {}
        self.hash = hashlib.sha256()

    def digest(self) -> str:
        return self.hash.hexdigest()

    def add(self, value: Any, depth: int = 0) -> None:
        from pypdf.generic import (
            ArrayObject,
            DictionaryObject,
            FloatObject,
            IndirectObject,
            StreamObject,
        )

        if depth > MAX_DEPTH:
            raise UsageError(f"{self.label}: the page's objects nest too deeply")
        if isinstance(value, IndirectObject):
            if value.idnum in self.met:
                self.hash.update(b"@%d" % self.met[value.idnum])
                return
            self.met[value.idnum] = len(self.met)
            if len(self.met) > self.max_objects:
                raise UsageError(
                    f"{self.label}: the page uses more than {self.max_objects} objects"
                )
            value = value.get_object()
        if isinstance(value, StreamObject):
            self.hash.update(b"S" + hashlib.sha256(value.get_data()).digest())
            self._dictionary(value, depth, skip=_STORAGE)
        elif isinstance(value, DictionaryObject):
            self._dictionary(value, depth)
        elif isinstance(value, ArrayObject):
            self.hash.update(b"[%d" % len(value))
            for item in value:
                self.add(item, depth + 1)
        elif isinstance(value, FloatObject):
            self.hash.update(b"f%.4f;" % float(value))  # a writer may print fewer digits
        else:
            text = repr(value).encode("utf-8", "surrogatepass")
            self.hash.update(b"v%d:%b" % (len(text), text))

    def _dictionary(self, value: Any, depth: int, skip: frozenset[str] = frozenset()) -> None:
        keys = sorted(k for k in value if k not in _PLACE and k not in skip)
        self.hash.update(b"{%d" % len(keys))
        for key in keys:
            self.hash.update(key.encode("utf-8", "surrogatepass") + b"=")
            self.add(value.raw_get(key), depth + 1)
