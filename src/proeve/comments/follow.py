"""A field's place in an older draft + today's sources -> where it is now, and whether it changed.

A field keeps its name from draft to draft, except a list item, whose number
moves when items are added or removed above it: items are paired the way diff
pairs them (proeve.diff.words.align), so `next_steps[1]` of v2 may be
`next_steps[0]` today, or gone.
"""

from __future__ import annotations

from proeve.comments.locate import Place, Sourcebook, join_steps, split_field, steps
from proeve.comments.vocab import LINES
from proeve.diff.edits import normal
from proeve.diff.words import Op, align, changed, word_diff
from proeve.frozen import Frozen

SAME, MOVED, CHANGED, GONE = "same", "moved", "changed", "gone"


class Follow(Frozen):
    """What became of a field since the draft: same, moved (same text), changed, or gone."""

    state: str
    now: Place | None = None
    field: str = ""  # the field's name today (a list item may have another number)
    words: tuple[Op, ...] = ()  # draft -> today, when the text changed

    def note(self, draft: str, then: Place, quote: str = "", words: dict[str, str] = LINES) -> str:
        """The follow-up in `words` (proeve.comments.vocab): 'still there (now line 16; line
        14 in v2)'."""
        if self.state == GONE:
            return words["gone"].format(draft=draft)
        assert self.now is not None
        lines = words["lines"].format(now=self.now.line, then=then.line, draft=draft)
        if self.state == CHANGED:
            kept = quote and " ".join(quote.split()).casefold() in (self.now.text or "").casefold()
            return words["changed"].format(draft=draft, kept=words["kept"] if kept else "",
                                           lines=lines)  # fmt: skip
        return words["moved"].format(lines=lines) if self.state == MOVED else ""


def follow(field: str, then: Place, before: Sourcebook, now: Sourcebook) -> Follow:
    """Where the field of `then` (placed in `before`) is in `now`, and how its text differs."""
    name = _renumbered(field, before, now)
    if name is None:
        return Follow(GONE)
    place = now.place(name)
    if place is None or (then.present and not place.present):
        return Follow(GONE)
    old, new = normal(then.text), normal(place.text)
    if old != new:
        return Follow(CHANGED, place, name, word_diff(old, new))
    moved = (place.file, place.line) != (then.file, then.line)
    return Follow(MOVED if moved else SAME, place, name)


def _renumbered(field: str, before: Sourcebook, now: Sourcebook) -> str | None:
    """The field's name today: a list item's number follows its item; None when it is gone."""
    split = split_field(field)
    if split is None:
        return field
    owner, _, path = field.partition(":")
    parts = steps(path)
    index = next((i for i, s in enumerate(parts) if isinstance(s, int)), None)
    if index is None:
        return field
    prefix = join_steps(parts[:index])
    old_items = _items(before, f"{owner}:{prefix}")
    new_items = _items(now, f"{owner}:{prefix}")
    if old_items is None or new_items is None:
        return field
    number = parts[index]
    for i, j in align(old_items, new_items):
        if i == number:
            if j is None:
                return None
            return f"{owner}:{join_steps([*parts[:index], j, *parts[index + 1 :]])}"
    return None


def _items(book: Sourcebook, list_field: str) -> list[str] | None:
    """The texts of a list's items, or None when the list is not there."""
    items = []
    for index in range(200):
        place = book.place(f"{list_field}[{index}]")
        if place is None or not place.present:
            break
        items.append(normal(place.text) or "")
    return items if items or book.place(list_field) is not None else None


def differs(result: Follow) -> bool:
    return result.state == CHANGED and changed(result.words)
