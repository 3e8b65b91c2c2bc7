"""The change set between two drafts as frozen types, and each type -> its JSON form."""

from __future__ import annotations

from typing import Any

from proeve.diff.words import Op
from proeve.frozen import Frozen
from proeve.identity import Fit

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


class LayoutEffect(Frozen):
    """How each side fits with this proeve; None where the sources no longer fit on one page."""

    old: Fit | None
    new: Fit | None

    @property
    def sizes(self) -> tuple[float | None, float | None]:
        return _size(self.old), _size(self.new)

    @property
    def fills(self) -> tuple[float | None, float | None]:
        return _fill(self.old), _fill(self.new)

    @property
    def columns(self) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
        return _columns(self.old), _columns(self.new)

    @property
    def changed(self) -> bool:
        old, new = self.fills
        return (self.sizes[0], self.columns[0], _pct(old)) != (
            self.sizes[1],
            self.columns[1],
            _pct(new),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "changed": self.changed,
            "font_size": list(self.sizes),
            "fill": [_round(f) for f in self.fills],
            "columns": [_lists(c) for c in self.columns],
        }


def _size(fit: Fit | None) -> float | None:
    return fit.font_size if fit else None


def _fill(fit: Fit | None) -> float | None:
    return fit.fill if fit else None


def _columns(fit: Fit | None) -> tuple[tuple[str, ...], ...]:
    return fit.columns if fit else ()


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
