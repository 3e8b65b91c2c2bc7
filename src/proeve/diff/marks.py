"""Old and new Document -> the new Document whose changed text carries change marks (Safe markup).

Inserted words are highlighted and underlined, deleted words struck through in
red, as latexdiff does; deleted words are silent to a reader of the text (the
page reads as the new draft; the change list says what went). Every piece of
user text is escaped before our tags go around it, and only the changed fields
are replaced: the rest keeps its markup. Changed fields are compared as the
reader sees them (without ** and *).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from proeve.diff.edits import normal
from proeve.diff.words import DELETED, INSERTED, Op, align, word_diff
from proeve.frozen import Frozen, replace
from proeve.inputs.model import Document, Figure, Initiative, Link, Person
from proeve.inputs.spec import Key, Seq, Struct, Text, keys_of
from proeve.page.markup import Safe, escape, markup, plain
from proeve.pdf.actual import EMPTY_FRAGMENT, spoken

HIGHLIGHT = "#FFE15A"  # light enough that black text on it stays legible in gray print
DELETED_INK = "#C62828"
# ReportLab (5.1) draws the strike or underline of a paragraph's last fragment on its
# second line shifted left by the indent (bullets); any fragment after it avoids that: one
# that draws nothing (a 0.1 pt space did, but set text under the 5.5 pt floor). The canvas
# that draws marks needs proeve.pdf.actual.enable.
_TAIL = EMPTY_FRAGMENT


def ins(text: str) -> str:
    """Inserted words: highlighted and underlined (the underline carries it in gray print)."""
    return _ins(escape(text))


def dele(text: str) -> str:
    """Deleted words: red and struck through."""
    return _del(escape(text))


def _ins(safe: str) -> str:
    # Close under the baseline: under a key figure's large digits the default (0.125 em) met
    # the label below.
    return f'<span backColor="{HIGHLIGHT}"><u width="0.7" offset="-0.07*F">{safe}</u></span>{_TAIL}'


def gone(text: str) -> str:
    """Deleted words inside a field on the marked page: struck through, and silent to a reader
    of the text (an ActualText of one space: pdfium ignores an empty one), so the page reads
    as the new draft does; the change list says in words what went."""
    return spoken(" ", dele(text))


def _del(safe: str) -> str:
    # The line sits at 0.36 em, not ReportLab's 0.25: there it runs along the bar of a 4
    # and through a minus sign, so a deleted '4' or '-15%' looked merely red (gray in print).
    return (
        f'<strike color="{DELETED_INK}" width="0.08*F" offset="0.36*F">'
        f'<font color="{DELETED_INK}">{safe}</font></strike>{_TAIL}'
    )


def _run(text: str) -> str:
    """A run of words with the **bold** and *italic* that lie wholly inside it; stray stars go."""
    return markup(text).replace("*", "")


def _key(word: str) -> str:
    # Words are matched without their markup stars, so `*proeve*` -> `*eerste proeve*`
    # reads as one inserted word.
    return word.replace("*", "")


def marked(ops: Sequence[Op], deletions: bool = True) -> Safe:
    """Word operations as paragraph markup; without `deletions`, deleted words are left out."""
    parts = []
    for op, text in ops:
        if op == INSERTED:
            parts.append(_ins(_run(text)))
        elif op == DELETED:
            if deletions:
                parts.append(spoken(" ", _del(_run(text))))
        else:
            parts.append(_run(text))
    return Safe(" ".join(parts))


def text_marks(old: str | None, new: str | None, deletions: bool) -> str | None:
    """A field's new value, marked where it differs from the old one."""
    if normal(old) == normal(new):
        return new
    if new is None:
        return Safe(gone(plain(old or ""))) if deletions else None
    return marked(word_diff(normal(old), normal(new), key=_key), deletions)


def _pairs(old: Sequence[str], new: Sequence[str]) -> list[tuple[int | None, int | None]]:
    return align([normal(t) or "" for t in old], [normal(t) or "" for t in new])


def strings_marks(old: Sequence[str], new: Sequence[str], deletions: bool) -> tuple[str, ...]:
    """A list of texts (partners, next steps) with added, removed and changed items marked."""
    out: list[str] = []
    for i, j in _pairs(old, new):
        if j is None:
            if deletions and i is not None:
                out.append(Safe(gone(plain(old[i]))))
            continue
        out.append(text_marks(_at(old, i), new[j], deletions) or "")
    return tuple(out)


def _at(items: Sequence[str], index: int | None) -> str | None:
    return None if index is None else items[index]


def people_marks(
    old: Sequence[Person], new: Sequence[Person], deletions: bool
) -> tuple[Person, ...]:
    """Leads as one marked text each ("name (role, organisation)")."""
    before = [p.text() for p in old]
    after = [p.text() for p in new]
    return tuple(Person(text) for text in strings_marks(before, after, deletions))


def figure_marks(
    old: Sequence[Figure], new: Sequence[Figure], deletions: bool
) -> tuple[Figure, ...]:
    """Key figures: value and label marked separately, so the big number shows what changed."""
    out: list[Figure] = []
    pairs = _pairs([f.text() for f in old], [f.text() for f in new])
    for i, j in pairs:
        a = old[i] if i is not None else None
        b = new[j] if j is not None else None
        if b is None:
            if deletions and a is not None:
                out.append(Figure(Safe(gone(a.value)), Safe(gone(plain(a.label)))))
            continue
        value = text_marks(a.value if a else None, b.value, deletions) or ""
        label = text_marks(a.label if a else None, b.label, deletions) or ""
        out.append(Figure(value, label))
    return tuple(out)


def link_marks(
    old: Initiative, new: Initiative, present: set[str], deletions: bool
) -> tuple[Link, ...]:
    """Cross-link notes marked; removed links stay (struck) while both ends are on the page."""
    before = {(link.to, n): link.note for n, link in _numbered(old.links)}
    out = []
    for n, link in _numbered(new.links):
        note = text_marks(before.get((link.to, n)), link.note, deletions) or ""
        out.append(Link(link.to, note))
    after = {(link.to, n) for n, link in _numbered(new.links)}
    for n, link in _numbered(old.links):
        if (link.to, n) not in after and link.to in present and deletions:
            out.append(Link(link.to, Safe(gone(plain(link.note)))))
    return tuple(out)


def _numbered(links: Sequence[Link]) -> list[tuple[int, Link]]:
    """Each link with how many earlier links point to the same initiative."""
    seen: dict[str, int] = {}
    out = []
    for link in links:
        seen[link.to] = seen.get(link.to, 0) + 1
        out.append((seen[link.to], link))
    return out


def value_marks(declared: Key, old: Any, new: Any, deletions: bool) -> Any:
    """A declared field's new value with its changes marked, by its kind of value.

    Texts are marked word by word and lists item by item; a value of any other
    kind (a status, a date) keeps its plain form, and its block's bar says it changed.
    """
    kind = declared.kind
    if isinstance(kind, Text):
        return text_marks(old, new, deletions) or new
    item = kind.item if isinstance(kind, Seq) else None
    if isinstance(item, Text):
        return strings_marks(old, new, deletions)
    if isinstance(item, Struct) and item.make is Person:
        return people_marks(old, new, deletions)
    if isinstance(item, Struct) and item.make is Figure:
        return figure_marks(old, new, deletions)
    return new


def declared_marks(
    model: type[Frozen], old: Any, new: Any, blocks: tuple[str, ...], deletions: bool
) -> dict[str, Any]:
    """Every field the model declares as printed in `blocks`, marked (see value_marks)."""
    return {
        d.attr: value_marks(d, getattr(old, d.attr), getattr(new, d.attr), deletions)
        for d in keys_of(model).values()
        if d.shows in blocks
    }


def initiative_marks(
    old: Initiative, new: Initiative, present: set[str], deletions: bool
) -> Initiative:
    """One card's new content with every change marked; the matrix keeps a plain name."""
    marked = declared_marks(Initiative, old, new, ("card",), deletions)
    title = marked["title"]
    return replace(
        new,
        **marked,
        short_title=new.short_title or (plain(new.title) if title is not new.title else None),
        links=link_marks(old, new, present, deletions),
    )


def marked_document(
    old: Document, new: Document, deletions: bool | Collection[str] = True
) -> Document:
    """The new document with its changes marked.

    `deletions` says where deleted words are shown (struck through): everywhere,
    nowhere, or in the blocks named (an initiative's id, "header", "intro").
    Inserted words are always marked: they take no room of their own.
    An added initiative's card is left as it is (the page flags the whole card);
    its cross-link notes, printed away from the card, are marked as inserted.
    """

    def shown(key: str) -> bool:
        return deletions if isinstance(deletions, bool) else key in deletions

    before = {i.id: i for i in old.initiatives}
    present = {i.id for i in new.initiatives}
    initiatives = tuple(
        initiative_marks(before[i.id], i, present, shown(i.id))
        if i.id in before
        else replace(i, links=tuple(Link(k.to, Safe(ins(plain(k.note)))) for k in i.links))
        for i in new.initiatives
    )
    marked = {
        **declared_marks(Document, old, new, ("header",), shown("header")),
        **declared_marks(Document, old, new, ("intro",), shown("intro")),
    }
    return replace(new, **marked, initiatives=initiatives)
