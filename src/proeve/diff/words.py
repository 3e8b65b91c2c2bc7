"""Two texts or two lists -> word-level and item-level operations (difflib), and their renderings.

An operation is a pair (op, text): "=" kept, "-" deleted, "+" inserted; runs of
the same op are joined, so `4` -> `5` reads [("-", "4"), ("+", "5")].
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

Op = tuple[str, str]
SAME, DELETED, INSERTED = "=", "-", "+"
# Items in a replaced run are paired as "changed" only when they share this much.
PAIRING_RATIO = 0.35
Style = Callable[[str, str], str]  # (op, text) -> rendered text
Pair = Callable[[str, str], str]  # (deleted, inserted) -> the replacement rendered as one


def word_diff(
    old: str | None, new: str | None, key: Callable[[str], str] | None = None
) -> tuple[Op, ...]:
    """Word-level operations turning `old` into `new` (whitespace is normalised).

    `key` maps each word to what is compared (e.g. without hyphens); kept runs
    show the new side's words.
    """
    before, after = (old or "").split(), (new or "").split()
    ops: list[Op] = []
    keyed = (list(map(key, before)), list(map(key, after))) if key else (before, after)
    matcher = SequenceMatcher(None, *keyed, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _push(ops, SAME, after[j1:j2])
            continue
        _push(ops, DELETED, before[i1:i2])
        _push(ops, INSERTED, after[j1:j2])
    return tuple(ops)


def _push(ops: list[Op], op: str, words: Sequence[str]) -> None:
    if not words:
        return
    text = " ".join(words)
    if ops and ops[-1][0] == op:
        ops[-1] = (op, ops[-1][1] + " " + text)
    else:
        ops.append((op, text))


def align(old: Sequence[str], new: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """Pair two lists' item indexes: kept or changed (i, j), removed (i, None), added (None, j).

    Why pair within replaced runs: a figure `4 partners` -> `5 partners` reads
    better as one changed item with a word diff than as one removed and one added.
    """
    pairs: list[tuple[int | None, int | None]] = []
    matcher = SequenceMatcher(None, list(old), list(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += [(i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        gone, came = list(range(i1, i2)), list(range(j1, j2))
        while gone and came and similar(old[gone[0]], new[came[0]]):
            pairs.append((gone.pop(0), came.pop(0)))
        pairs += [(i, None) for i in gone]
        pairs += [(None, j) for j in came]
    return pairs


def similar(a: str, b: str) -> bool:
    """Whether two items are versions of one another rather than different items."""
    return SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio() >= PAIRING_RATIO


def changed(ops: Sequence[Op]) -> bool:
    return any(op != SAME for op, _ in ops)


def elide(ops: Sequence[Op], context: int = 6) -> list[list[Op]]:
    """Hunks of changes with at most `context` kept words around each; long kept runs drop out.

    A hunk starts with `…` where text before it was left out and ends with `…`
    where text after it was.
    """
    hunks: list[list[Op]] = [[]]
    last = len(ops) - 1
    for index, (op, text) in enumerate(ops):
        words = text.split()
        if op != SAME or len(words) <= 2 * context + 1:
            hunks[-1].append((op, text))
            continue
        if index > 0:
            hunks[-1].append((SAME, " ".join(words[:context]) + " …"))
        if index < last:
            hunks.append([(SAME, "… " + " ".join(words[-context:]))])
    return [h for h in hunks if changed(h)]


def render_elided(
    ops: Sequence[Op], style: Style, context: int = 6, pair: Pair | None = None
) -> str:
    """The changes of a long text on one line, long kept runs shortened to `…`."""
    line = " ".join(render(hunk, style, pair) for hunk in elide(ops, context))
    return line.replace("… …", "…")


MARKERS = {DELETED: ("[-", "-]"), INSERTED: ("{+", "+}")}
_MARKER_CHARS = "-+[]{}"


def plain_style(op: str, text: str) -> str:
    """Like `git diff --word-diff=plain`: [-deleted-]{+inserted+}.

    Why the spaces sometimes: a run that starts or ends with a marker's character,
    or holds a closing marker, would run into the markers (`[--15%-]`, `{+75++}`);
    it is set off by a space inside them (`[- -15% -]`, `{+ 75+ +}`). Runs never
    start or end with a space, so the space always belongs to the marker.
    """
    if op == SAME:
        return text
    opening, closing = MARKERS[op]
    touches = text[:1] in _MARKER_CHARS or text[-1:] in _MARKER_CHARS
    if touches or closing in text:
        return f"{opening} {text} {closing}"
    return f"{opening}{text}{closing}"


def ansi_style(op: str, text: str) -> str:
    """Like `git diff --color-words`: deleted in red, inserted in green."""
    colour = {DELETED: "31", INSERTED: "32"}.get(op)
    return f"\033[{colour}m{text}\033[m" if colour else text


def render(ops: Sequence[Op], style: Style = plain_style, pair: Pair | None = None) -> str:
    """Operations as one line; a deletion and the insertion replacing it touch, as in git,
    or are rendered as one by `pair(deleted, inserted)` (the review PDF: "4 → 5")."""
    out = ""
    index = 0
    while index < len(ops):
        op, text = ops[index]
        following = ops[index + 1] if index + 1 < len(ops) else None
        space = "" if index == 0 else " "
        if op == DELETED and following is not None and following[0] == INSERTED:
            joined = pair(text, following[1]) if pair else style(op, text) + style(*following)
            out += space + joined
            index += 2
            continue
        out += space + style(op, text)
        index += 1
    return out
