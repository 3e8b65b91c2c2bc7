"""Two Documents and Templates (and how each fit) -> Changes: fields, list items, order, links.

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
    Fit,
    InitiativeChange,
)
from proeve.diff.words import Op, align, word_diff
from proeve.frozen import Frozen, fields
from proeve.inputs.model import Document, Figure, Initiative, Person, Theme
from proeve.inputs.template import Template
from proeve.page.markup import plain

OVERVIEW_TEXT = ("title", "subtitle", "organisation", "slug", "language", "intro")
FOOTER_TEXT = ("more_info", "url", "contact")
CARD_TEXT = ("title", "short_title", "summary", "status", "goal", "approach")


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


def person_text(person: Person | None) -> str | None:
    if person is None:
        return None
    extra = ", ".join(v for v in (person.role, person.organisation) if v)
    return f"{person.name} ({extra})" if extra else person.name


def figure_text(figure: Figure) -> str:
    return f"{figure.value} {figure.label}"


def overview_edits(old: Document, new: Document) -> list[Edit]:
    """Title, intro, owner, themes, footer and the order of the initiatives."""
    edits = [
        e for name in OVERVIEW_TEXT for e in scalar(name, getattr(old, name), getattr(new, name))
    ]
    edits += scalar("owner", person_text(old.owner), person_text(new.owner))
    edits += scalar("date", _iso(old.date), _iso(new.date))
    edits += items("keywords", old.keywords, new.keywords)
    edits += theme_edits(old.themes, new.themes)
    for name in FOOTER_TEXT:
        edits += scalar(f"footer.{name}", getattr(old.footer, name), getattr(new.footer, name))
    edits += order_edit("order", [i.id for i in old.initiatives], [i.id for i in new.initiatives])
    return edits


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


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
    """Everything printed on the card; themes and links belong to the cross-links."""
    edits = [e for name in CARD_TEXT for e in scalar(name, getattr(old, name), getattr(new, name))]
    edits += items(
        "leads",
        [person_text(p) or "" for p in old.leads],
        [person_text(p) or "" for p in new.leads],
    )
    edits += items("partners", old.partners, new.partners)
    edits += items(
        "figures", [figure_text(f) for f in old.figures], [figure_text(f) for f in new.figures]
    )
    edits += items("next_steps", old.next_steps, new.next_steps)
    return edits


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


def fit_of(layout: Any) -> Fit:
    """The fit of a Layout, or of None (the sources no longer fit on one page)."""
    if layout is None:
        return Fit(None, None)
    return Fit(layout.font_size, layout.fill, tuple(layout.columns))
