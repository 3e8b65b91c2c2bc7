"""Marks -> threads: replies under the comment they answer, grouped marks as one, review states.

A reply points at its parent with /IRT, and may itself be answered; a mark
with /RT /Group is one unit with the mark it points at (Acrobat's replace
text: a Caret and a StrikeOut); a reply with /State sets a review state.
"""

from __future__ import annotations

from proeve.frozen import Frozen
from proeve.pdf.annotations import Mark

MAX_THREAD = 64


class Thread(Frozen):
    """A comment with what belongs to it: grouped marks (a replace), replies, review states."""

    mark: Mark
    grouped: tuple[Mark, ...] = ()
    replies: tuple[Mark, ...] = ()
    states: tuple[Mark, ...] = ()


def threads(marks: tuple[Mark, ...]) -> list[Thread]:
    """Marks gathered into threads: each reply under the first mark of its /IRT chain.

    A chain that loops or runs deeper than MAX_THREAD counts as a comment of its own.
    """
    by_ref = {m.ref: m for m in marks}
    position = {m.ref: i for i, m in enumerate(marks)}

    def root(mark: Mark) -> Mark:
        chain = [mark]
        for _ in range(MAX_THREAD):
            current = chain[-1]
            parent = by_ref.get(current.reply_to) if current.reply_to is not None else None
            if parent is None or parent.page != mark.page:
                return current
            if parent in chain:  # a loop: its first mark in the file leads
                loop = chain[chain.index(parent) :]
                return min(loop, key=lambda m: position[m.ref])
            chain.append(parent)
        return chain[-1]

    order: list[int] = []
    parts: dict[int, dict[str, list[Mark]]] = {}
    for mark in marks:
        top = root(mark)
        entry = parts.setdefault(top.ref, {"grouped": [], "replies": [], "states": []})
        if top.ref not in order:
            order.append(top.ref)
        if top is mark:
            continue
        if mark.group:
            entry["grouped"].append(mark)
        elif mark.state:
            entry["states"].append(mark)
        else:
            entry["replies"].append(mark)
    out = []
    for ref in order:
        entry = parts[ref]
        grouped, replies, states = (tuple(entry[k]) for k in ("grouped", "replies", "states"))
        out.append(Thread(by_ref[ref], grouped, replies, states))
    return [_primary(t) for t in out]


def _primary(thread: Thread) -> Thread:
    """Acrobat's replace: the Caret leads and the StrikeOut is grouped to it; read it as one mark.

    Why swap: the words being replaced are under the StrikeOut, so that is the
    mark to place; the Caret's text is the replacement.
    """
    strike = next((m for m in thread.grouped if m.kind == "StrikeOut"), None)
    if thread.mark.kind != "Caret" or strike is None:
        return thread
    rest = tuple(m for m in thread.grouped if m is not strike)
    return Thread(strike, (thread.mark, *rest), thread.replies, thread.states)
