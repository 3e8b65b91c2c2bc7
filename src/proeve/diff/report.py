"""A Comparison -> the change list as indented lines, for a terminal or (escaped) for a PDF.

One function writes the list for both; a Look says how words, plain text and
emphasis are rendered, and a vocabulary gives the words of the document language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from proeve.diff.changes import ADDED, CHANGED, MOVED, REMOVED, Changes, Edit, LayoutEffect
from proeve.diff.words import (
    SAME,
    Pair,
    Style,
    ansi_style,
    elide,
    plain_style,
    render,
    render_elided,
)
from proeve.frozen import Frozen

if TYPE_CHECKING:
    from proeve.diff.compare import Comparison

Line = tuple[int, str]  # (indent level, rendered text)

ENGLISH = {
    "initiatives": "initiatives",
    "overview": "overview",
    "crosslinks": "cross-links",
    "template": "template",
    "layout": "layout",
    "text": "text",
    "pixels": "pixels",
    ADDED: "added",
    REMOVED: "removed",
    CHANGED: "changed",
    MOVED: "moved",
    "initiative": "initiative",
    "initiatives_n": "initiatives",
    "font_size": "font size",
    "fill": "fill",
    "columns": "columns",
    "unchanged": "unchanged",
    "no_fit": "does not fit",
    "same": "no differences",
    "region": "region",
    "regions": "regions",
    "differs": "of the page differs in",
    "link": "link",
    "theme": "theme",
    "next_steps": "next steps",
    "short_title": "short title",
    "theme_order": "theme order",
    "not_built": "the page is not what its sources build",
    "sources_same": "sources unchanged",
    "status": "status",
    "draft": "draft",
    "final": "final",
    "preview": "preview",
}


def _same(text: str) -> str:
    return text


class Look(Frozen):
    """How the change list is written: word operations, plain text, emphasis, and (if given)
    a deletion with the insertion that replaces it, as one."""

    word: Style = plain_style
    text: Callable[[str], str] = _same
    strong: Callable[[str], str] = _same
    pair: Pair | None = None


PLAIN = Look()
ANSI = Look(ansi_style, _same, lambda t: f"\033[1m{t}\033[m")


def change_list(
    comparison: Comparison, look: Look = PLAIN, words: dict[str, str] | None = None
) -> list[Line]:
    """The change list: a summary line, then sections of indented lines."""
    vocab = {**ENGLISH, **(words or {})}
    lines: list[Line] = [(0, look.text(summary(comparison, vocab)))]
    if comparison.note:
        lines.append((0, look.text(comparison.note)))
    if comparison.changes is not None:
        lines += structured(comparison.changes, look, vocab)
    if comparison.text is not None:
        hunks = elide(comparison.text, 8)
        if hunks:
            lines.append((0, look.strong(look.text(vocab["text"]))))
            lines += [(1, render(hunk, look.word, look.pair)) for hunk in hunks]
    if comparison.visual is not None and not comparison.visual.same:
        lines.append((0, look.strong(look.text(vocab["pixels"]))))
        lines.append((1, look.text(pixels(comparison, vocab))))
    return lines


def summary(comparison: Comparison, vocab: dict[str, str]) -> str:
    """One line: which drafts, and what kind of changes in what number."""
    head = f"{comparison.old.label} → {comparison.new.label}: "
    if comparison.same:
        return head + vocab["same"]
    parts: list[str] = []
    if comparison.status_changed:
        before, after = (vocab.get(s or "", s or "") for s in (comparison.old.status,
                                                                comparison.new.status))  # fmt: skip
        parts.append(f"{vocab['status']} {before} → {after}")
    changes = comparison.changes
    if changes is not None:
        counted = 0
        for kind, count in changes.counts().items():
            if count:
                # The noun once: "1 initiative changed, 2 moved".
                noun = vocab["initiative"] if count == 1 else vocab["initiatives_n"]
                named = f"{count} {noun}" if not counted else str(count)
                parts.append(f"{named} {vocab[kind]}")
                counted += 1
        sections = ("overview", "crosslinks", "template")
        parts += [f"{vocab[s]} {vocab[CHANGED]}" for s in sections if getattr(changes, s)]
        layout = changes.layout
        # The summary names the font size only when it moved; other layout effects are below.
        if layout and layout.changed and layout.sizes[0] != layout.sizes[1]:
            parts.append(_font_line(layout, vocab))
    elif comparison.text is not None:
        parts.append(
            f"{vocab['text']} {vocab[CHANGED if _text_changed(comparison) else 'unchanged']}"
        )
    # Said first: a page that its own sources do not build makes the rest of the list suspect.
    forged = [f"{p.label}: {vocab['not_built']}" for p in comparison.pages or () if p.problem]
    return head + ", ".join([*forged, *parts] or [vocab["sources_same"]])


def _text_changed(comparison: Comparison) -> bool:
    return any(op != SAME for op, _ in comparison.text or ())


def structured(changes: Changes, look: Look, vocab: dict[str, str]) -> list[Line]:
    lines: list[Line] = []
    if changes.initiatives:
        lines.append((0, look.strong(look.text(vocab["initiatives"]))))
    for change in changes.initiatives:
        state = vocab[change.kind] if change.kind != MOVED else ""
        if change.moved:
            state += f"{', ' if state else ''}{vocab[MOVED]} {change.moved[0]} → {change.moved[1]}"
        name = look.strong(look.text(change.title))
        lines.append((1, f"{name} ({look.text(change.id)}): {look.text(state)}"))
        lines += [(2, edit_line(edit, look, vocab)) for edit in change.edits]
    for section in ("overview", "crosslinks", "template"):
        edits: tuple[Edit, ...] = getattr(changes, section)
        if edits:
            lines.append((0, look.strong(look.text(vocab[section]))))
            lines += [(1, edit_line(edit, look, vocab)) for edit in edits]
    if changes.layout is not None:
        lines.append((0, look.strong(look.text(vocab["layout"]))))
        lines += [(1, look.text(text)) for text in layout_lines(changes.layout, vocab)]
    return lines


def edit_line(edit: Edit, look: Look, vocab: dict[str, str]) -> str:
    """`field item: words`, e.g. `figures: [-4-]{+5+} landelijke partners`."""
    name = vocab.get(edit.field, edit.field)
    if edit.item:
        name += " " + edit.item
    return f"{look.text(name)}: {render_elided(edit.words, look.word, pair=look.pair)}"


def layout_lines(layout: LayoutEffect, vocab: dict[str, str]) -> list[str]:
    (old_size, new_size), (old_fill, new_fill) = layout.sizes, layout.fills
    old_columns, new_columns = layout.columns
    if not layout.changed:
        return [f"{vocab['unchanged']} ({_pt(new_size, vocab)}, {_pct(new_fill)})"]
    lines = []
    if old_size != new_size:
        lines.append(_font_line(layout, vocab))
    if _pct(old_fill) != _pct(new_fill):
        lines.append(f"{vocab['fill']}: {_pct(old_fill)} → {_pct(new_fill)}")
    moves = column_moves(old_columns, new_columns)
    if moves:
        lines.append(f"{vocab['columns']}: " + ", ".join(f"{k} {a} → {b}" for k, a, b in moves))
    return lines


def column_moves(
    old: tuple[tuple[str, ...], ...], new: tuple[tuple[str, ...], ...]
) -> list[tuple[str, str, str]]:
    """The blocks on both pages that stand in another column: (key, old column, new column).

    Columns count from 1; a card continued in the next column stands in both ('2+3').
    """

    def where(columns: tuple[tuple[str, ...], ...]) -> dict[str, str]:
        found: dict[str, list[int]] = {}
        for number, column in enumerate(columns, start=1):
            for key in column:
                found.setdefault(key, []).append(number)
        return {k: "+".join(str(n) for n in sorted(set(v))) for k, v in found.items()}

    before, after = where(old), where(new)
    order = [k for column in new for k in column]
    return [(k, before[k], after[k]) for k in dict.fromkeys(order)
            if k in before and before[k] != after[k]]  # fmt: skip


def _font_line(layout: LayoutEffect, vocab: dict[str, str]) -> str:
    before, after = (_pt(size, vocab) for size in layout.sizes)
    return f"{vocab['font_size']} {before} → {after}"


def _pt(size: float | None, vocab: dict[str, str]) -> str:
    return f"{size:g} pt" if size is not None else vocab["no_fit"]


def _pct(fill: float | None) -> str:
    return f"{fill:.0%}" if fill is not None else "-"


def pixels(comparison: Comparison, vocab: dict[str, str]) -> str:
    visual = comparison.visual
    assert visual is not None
    count = len(visual.regions)
    noun = vocab["region"] if count == 1 else vocab["regions"]
    return f"{visual.changed:.1%} {vocab['differs']} {count} {noun}"
