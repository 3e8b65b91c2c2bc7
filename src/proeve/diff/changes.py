"""The change set between two drafts as frozen types, and each type -> its JSON form."""

from __future__ import annotations

from typing import Any

from proeve.diff.words import Op
from proeve.frozen import Frozen

ADDED, REMOVED, CHANGED, MOVED = "added", "removed", "changed", "moved"


class Edit(Frozen):
    """One changed value: which field (and which item of it), how, old and new text, the words."""

    field: str
    kind: str  # added | removed | changed
    old: str | None
    new: str | None
    words: tuple[Op, ...] = ()
    item: str | None = None  # the identity within the field, e.g. "smart-cities → mkb-roltrap"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"field": self.field, "kind": self.kind}
        if self.item is not None:
            data["item"] = self.item
        data.update(old=self.old, new=self.new, words=[list(op) for op in self.words])
        return data


class InitiativeChange(Frozen):
    """What happened to one initiative; `moved` is (old position, new position), from 1."""

    id: str
    title: str
    kind: str  # added | removed | changed | moved
    moved: tuple[int, int] | None = None
    edits: tuple[Edit, ...] = ()

    def to_json(self) -> dict[str, Any]:
        moved = {"from": self.moved[0], "to": self.moved[1]} if self.moved else None
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "moved": moved,
            "fields": [e.to_json() for e in self.edits],
        }


class Fit(Frozen):
    """How one side came out on the page; font_size is None when it no longer fits."""

    font_size: float | None
    fill: float | None
    columns: tuple[tuple[str, ...], ...] = ()


class LayoutEffect(Frozen):
    old: Fit
    new: Fit

    @property
    def changed(self) -> bool:
        return (self.old.font_size, self.old.columns, _pct(self.old.fill)) != (
            self.new.font_size,
            self.new.columns,
            _pct(self.new.fill),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "changed": self.changed,
            "font_size": [self.old.font_size, self.new.font_size],
            "fill": [_round(self.old.fill), _round(self.new.fill)],
            "columns": [_lists(self.old.columns), _lists(self.new.columns)],
        }


def _pct(fill: float | None) -> int | None:
    return None if fill is None else round(fill * 100)


def _round(fill: float | None) -> float | None:
    return None if fill is None else round(fill, 3)


def _lists(columns: tuple[tuple[str, ...], ...]) -> list[list[str]]:
    return [list(c) for c in columns]


class Changes(Frozen):
    """Everything that differs between the sources of two proeve PDFs."""

    overview: tuple[Edit, ...] = ()
    initiatives: tuple[InitiativeChange, ...] = ()
    crosslinks: tuple[Edit, ...] = ()
    template: tuple[Edit, ...] = ()
    layout: LayoutEffect | None = None

    @property
    def empty(self) -> bool:
        return not (self.overview or self.initiatives or self.crosslinks or self.template)

    def initiative(self, initiative_id: str) -> InitiativeChange | None:
        return next((c for c in self.initiatives if c.id == initiative_id), None)

    def counts(self) -> dict[str, int]:
        """How many initiatives were added, removed, changed and moved."""
        out = {ADDED: 0, REMOVED: 0, CHANGED: 0, MOVED: 0}
        for change in self.initiatives:
            out[change.kind] += 1
            if change.moved and change.kind == CHANGED:
                out[MOVED] += 1
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "overview": [e.to_json() for e in self.overview],
            "initiatives": [c.to_json() for c in self.initiatives],
            "crosslinks": [e.to_json() for e in self.crosslinks],
            "template": [e.to_json() for e in self.template],
            "layout": self.layout.to_json() if self.layout else None,
        }
