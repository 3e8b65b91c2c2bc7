"""Two Documents and Templates (and how each fit) -> Changes: fields, list items, order, links.

Which fields are compared, and how, comes from the model's declarations
(inputs.spec.keys_of): a text is compared word by word, a list item by item, a
record that reads as one text (a person, a figure) as that text, any other
record key by key; `compare` in a declaration names the few that pair
otherwise (themes by id, the page order, the cross-links, the matrix).
Initiatives are matched by id, list items by content (difflib), so a reordered
list reads as moves of whole items and an edited item as a word diff.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from typing import Any

from proeve.diff.changes import (
    ADDED,
    CHANGED,
    MOVED,
    REMOVED,
    Changes,
    Edit,
    InitiativeChange,
)
from proeve.diff.words import Op, align, word_diff
from proeve.frozen import Frozen, fields
from proeve.inputs.model import Document, Initiative, Theme
from proeve.inputs.spec import Key, Seq, Struct, keys_of
from proeve.inputs.template import Template
from proeve.page.markup import plain

# Declared `compare` modes whose edits belong to the cross-links, not to their record.
CROSSLINKED = ("links", "matrix")


def compare(old: tuple[Document, Template], new: tuple[Document, Template]) -> Changes:
    """The changes from `old` to `new` (the caller adds the layout effect)."""
    return Changes(
        overview=tuple(overview_edits(old[0], new[0])),
        initiatives=tuple(initiative_changes(old[0], new[0])),
        crosslinks=tuple(crosslink_edits(old[0], new[0])),
        template=tuple(template_edits(old[1], new[1])),
    )


def normal(text: str | None) -> str | None:
    """Text as the page reads: blank runs become one space, blank lines stay paragraph breaks."""
    if text is None:
        return None
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()))


def scalar(field: str, old: str | None, new: str | None) -> list[Edit]:
    """An edit for a single value, or none when it reads the same."""
    before, after = normal(old), normal(new)
    if before == after:
        return []
    kind = ADDED if before is None else REMOVED if after is None else CHANGED
    return [Edit(field, kind, before, after, words(before, after))]


def words(before: str | None, after: str | None) -> tuple[Op, ...]:
    """The word diff as a reader sees it (no stars), or of the markup when only that changed."""
    seen_before, seen_after = plain(before or ""), plain(after or "")
    if seen_before == seen_after:
        return word_diff(before, after)
    return word_diff(seen_before or None, seen_after or None)


def items(field: str, old: Sequence[str], new: Sequence[str]) -> list[Edit]:
    """Edits for a list: items added, removed, or changed (paired by similarity)."""
    edits = []
    before_items, after_items = [normal(i) or "" for i in old], [normal(i) or "" for i in new]
    for i, j in align(before_items, after_items):
        before = None if i is None else before_items[i]
        after = None if j is None else after_items[j]
        if before == after:
            continue
        kind = ADDED if before is None else REMOVED if after is None else CHANGED
        edits.append(Edit(field, kind, before, after, words(before, after)))
    return edits


def as_text(value: Any) -> str | None:
    """A value as the page reads it: a person or figure as one text, a date in ISO form."""
    if value is None:
        return None
    if hasattr(value, "text"):
        return str(value.text())
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def declared_edits(model: type[Frozen], old: Any, new: Any, prefix: str = "") -> list[Edit]:
    """Edits for every input a model declares, in declaration order (see the module text)."""
    edits = []
    for declared in keys_of(model).values():
        if declared.compare in CROSSLINKED:
            continue
        edits += field_edits(declared, getattr(old, declared.attr), getattr(new, declared.attr),
                             prefix)  # fmt: skip
    return edits


def field_edits(declared: Key, old: Any, new: Any, prefix: str = "") -> list[Edit]:
    """The edits of one declared field, by its kind or its declared way of comparing."""
    name = prefix + declared.attr
    kind = declared.kind
    if declared.compare == "keyed":
        return theme_edits(old, new)
    if declared.compare == "order":
        return order_edit(name, list(old), list(new))
    if isinstance(kind, Seq):
        return items(name, [as_text(v) or "" for v in old], [as_text(v) or "" for v in new])
    if isinstance(kind, Struct) and isinstance(kind.make, type) and not hasattr(kind.make, "text"):
        return declared_edits(kind.make, old, new, f"{name}.")
    return scalar(name, as_text(old), as_text(new))


def printed_in(model: type[Frozen], field: str) -> str | None:
    """The block of the page that prints an edited field (its declaration's `shows`)."""
    root = field.split(".")[0]
    declared = {k.attr: k for k in keys_of(model).values()}
    if root == "theme_order":
        root = "themes"
    if model is Document and root in ("link", "theme"):  # the cross-links' own edits
        return "crosslinks"
    return declared[root].shows if root in declared else None


def blocks_touched(changes: Changes) -> set[str]:
    """The kinds of block whose printed content changed, besides the cards themselves."""
    touched = {printed_in(Document, e.field) for e in changes.overview}
    touched |= {"crosslinks"} if changes.crosslinks else set()
    for change in changes.initiatives:
        if change.kind in (ADDED, REMOVED):
            touched.add("crosslinks")  # a row of the matrix
        for edit in change.edits:
            touched.add(printed_in(Initiative, edit.field))
            if edit.field == "title":
                touched.add("crosslinks")  # the matrix names an initiative by its title
    touched.discard(None)
    return touched  # type: ignore[return-value]


def overview_edits(old: Document, new: Document) -> list[Edit]:
    """Every overview field: title, intro, owner, themes, footer, the order of the initiatives."""
    return declared_edits(Document, old, new)


def theme_edits(old: Sequence[Theme], new: Sequence[Theme]) -> list[Edit]:
    """Themes matched by id: relabelled, added, removed; then their order."""
    before = {t.id: t.label for t in old}
    after = {t.id: t.label for t in new}
    return keyed_edits("themes", before, after) + order_edit(
        "theme_order", list(before), list(after)
    )


def keyed_edits(field: str, before: dict[str, str], after: dict[str, str]) -> list[Edit]:
    """Texts matched by key: added, removed or changed (new order first, then the removed)."""
    edits = []
    for key in [*after, *(k for k in before if k not in after)]:
        a, b = before.get(key), after.get(key)
        if a != b:
            kind = ADDED if a is None else REMOVED if b is None else CHANGED
            edits.append(Edit(field, kind, a, b, word_diff(a, b), item=key))
    return edits


def order_edit(field: str, old: list[str], new: list[str]) -> list[Edit]:
    """An edit when the items both sides share stand in another order."""
    if [i for i in old if i in new] == [i for i in new if i in old]:
        return []
    a, b = ", ".join(old), ", ".join(new)
    return [Edit(field, CHANGED, a, b, word_diff(a, b))]


def moved_ids(old: list[str], new: list[str]) -> set[str]:
    """The fewest ids that must move to turn the old order into the new one."""
    shared_old = [i for i in old if i in new]
    shared_new = [i for i in new if i in old]
    matcher = SequenceMatcher(None, shared_old, shared_new, autojunk=False)
    kept = {shared_new[b + k] for _, b, size in matcher.get_matching_blocks() for k in range(size)}
    return set(shared_new) - kept


def initiative_changes(old: Document, new: Document) -> list[InitiativeChange]:
    """Per initiative, in the new page order (removed ones last): added, changed, moved."""
    old_ids = [i.id for i in old.initiatives]
    new_ids = [i.id for i in new.initiatives]
    moved = moved_ids(old_ids, new_ids)
    out = []
    for item in new.initiatives:
        if item.id not in old_ids:
            out.append(InitiativeChange(item.id, plain(item.title), ADDED))
            continue
        edits = tuple(card_edits(old.initiative(item.id), item))
        where = (old_ids.index(item.id) + 1, new_ids.index(item.id) + 1)
        if edits or item.id in moved:
            kind = CHANGED if edits else MOVED
            out.append(
                InitiativeChange(
                    item.id, plain(item.title), kind, where if item.id in moved else None, edits
                )
            )
    out += [
        InitiativeChange(i.id, plain(i.title), REMOVED)
        for i in old.initiatives
        if i.id not in new_ids
    ]
    return out


def card_edits(old: Initiative, new: Initiative) -> list[Edit]:
    """Every field of an initiative; its themes and links belong to the cross-links."""
    return declared_edits(Initiative, old, new)


def link_table(document: Document) -> dict[str, str]:
    """Every cross-link by `from → to` (numbered when a pair repeats), with its note."""
    table: dict[str, str] = {}
    for item in document.initiatives:
        for link in item.links:
            key = base = f"{item.id} → {link.to}"
            count = 1
            while key in table:
                count += 1
                key = f"{base} ({count})"
            table[key] = normal(link.note) or ""
    return table


def crosslink_edits(old: Document, new: Document) -> list[Edit]:
    """Links added, removed or re-noted, then matrix cells (initiative x theme) set or cleared."""
    edits = keyed_edits("link", link_table(old), link_table(new))
    labels = {t.id: t.label for t in (*old.themes, *new.themes)}
    old_ids = {i.id for i in old.initiatives}
    for item in new.initiatives:
        if item.id not in old_ids:
            continue
        had = old.initiative(item.id).themes
        for theme in [
            *(t for t in item.themes if t not in had),
            *(t for t in had if t not in item.themes),
        ]:
            a, b = (None, labels[theme]) if theme not in had else (labels[theme], None)
            kind = ADDED if a is None else REMOVED
            edits.append(Edit("theme", kind, a, b, word_diff(a, b), item=item.id))
    return edits


def flatten(value: Any, prefix: str = "") -> dict[str, str]:
    """A template as `path: value` pairs, e.g. `sizes.body_max: 10.5`."""
    if isinstance(value, Frozen):
        pairs = ((f.name, getattr(value, f.name)) for f in fields(value))
        return _flatten_pairs(pairs, prefix)
    if isinstance(value, dict):
        return _flatten_pairs(value.items(), prefix)
    if isinstance(value, tuple):
        return {prefix.rstrip("."): ", ".join(str(v) for v in value)}
    if isinstance(value, float):
        return {prefix.rstrip("."): f"{value:g}"}
    return {prefix.rstrip("."): "" if value is None else str(value)}


def _flatten_pairs(pairs: Iterable[tuple[str, Any]], prefix: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in pairs:
        out.update(flatten(value, f"{prefix}{key}."))
    return out


def template_edits(old: Template, new: Template) -> list[Edit]:
    """Every template setting that differs, by its path."""
    before, after = flatten(old), flatten(new)
    edits = []
    for key in [*after, *(k for k in before if k not in after)]:
        a, b = before.get(key) or None, after.get(key) or None
        if a != b:
            kind = ADDED if a is None else REMOVED if b is None else CHANGED
            edits.append(Edit(key, kind, a, b, word_diff(a, b)))
    return edits
