"""A Review -> one line per comment, as `grep -n` and editors' problem matchers read them, or JSON.

    inputs/initiatives/mkb-roltrap.yaml:14:3: goal: [Reviewer A, 2 dec] highlight "de juiste
    hulp": liever 'passende hulp'        (one line)

The place is where to edit today (the field in today's file; the draft's place
when the field is gone), the field's path in its file, who and when, what kind
of mark with the words it marks, and what the reviewer wrote. Struck-out
words and insertions read as the edit they suggest; replies follow their
comment on lines of their own; a comment on an older draft says what became of
its field since.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from proeve.comments.collect import Comment, Review
from proeve.comments.follow import CHANGED, GONE
from proeve.comments.vocab import LINES, kind_word
from proeve.diff.words import Pair, Style, plain_style, render_elided

MONTHS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
MM = 25.4 / 72


def day(date: dt.datetime | None, language: str, year: bool) -> str:
    """'2 dec' (the reviewer's own day), with the year when the comments span several."""
    if date is None:
        return ""
    month = MONTHS.get(language, MONTHS["en"])[date.month - 1]
    return f"{date.day} {month}" + (f" {date.year}" if year else "")


def spans_years(review: Review) -> bool:
    dates = [c.date for c in review.comments if c.date] + [
        r.date for c in review.comments for r in c.replies if r.date
    ]
    return len({d.year for d in dates}) > 1


def who(author: str, date: dt.datetime | None, language: str, year: bool) -> str:
    parts = [p for p in (author, day(date, language, year)) if p]
    return f"[{', '.join(parts)}] " if parts else ""


def where(comment: Comment) -> str:
    """`file:line:col: path` for a placed comment; the copy, page and position otherwise."""
    place = comment.location
    if place is not None:
        return f"{place.location}: {place.field}"
    x0, _, _, y1 = comment.spot.bounds
    height = comment.draft.positions.page[1] if comment.draft.positions else 842.0
    left, top = round(x0 * MM), round((height - y1) * MM)
    off = " (not on a field)" if comment.draft.positions else ""
    return f"{comment.copies[0]}: page {comment.page}, {left} mm from left, {top} mm from top{off}"


def what(comment: Comment, words: dict[str, str] = LINES, language: str = "en") -> str:
    """The mark in words: its kind and quote, or the edit it suggests (`words`: the phrases,
    English for the terminal's lines; `language` names the kinds on a sheet)."""
    edit, quote = comment.edit, comment.quote

    def quoted(text: str) -> str:
        return words["quote"].format(text)

    if comment.kind == "replace" and edit is not None:
        return words["replace"].format(old=quoted(edit.delete), new=quoted(edit.insert))
    if comment.kind == "delete" and quote:
        return words["delete"].format(quote=quoted(quote))
    if comment.kind == "insert" and edit is not None:
        place = words["after"].format(words=quoted(edit.after)) if edit.after else ""
        if not place and edit.before:
            place = words["before"].format(words=quoted(edit.before))
        return words["insert"].format(new=quoted(edit.insert), place=place)
    kind = kind_word(comment.kind, language)
    return f"{kind} {quoted(quote)}" if quote else kind


def one_line(text: str) -> str:
    return " / ".join(line.strip() for line in text.splitlines() if line.strip())


def followed(
    comment: Comment,
    style: Style = plain_style,
    text: Callable[[str], str] = str,
    words: dict[str, str] = LINES,
    pair: Pair | None = None,
) -> str:
    """What became of the field since the draft: ' — still there (now line 16; line 14 in v2)'.

    `style` renders the word diff of a changed text (`pair` a replacement, if
    given), `text` the words around it (escaping them for a PDF or Markdown).
    """
    now, then = comment.now, comment.place
    if now is None or then is None:
        return ""
    note = text(now.note(comment.draft.label, then, comment.quote, words))
    if now.state == CHANGED and now.words:
        note += text(": ") + render_elided(now.words, style, pair=pair)
    return f" — {note}" if note else ""


def lines(review: Review) -> list[str]:
    """Every comment as one line, each reply on a line of its own just after it."""
    year = spans_years(review)
    out = []
    for comment in review.comments:
        language = comment.draft.language
        head = where(comment)
        text = one_line(comment.text)
        states = "".join(f" [{s}]" for s in comment.states)
        line = f"{head}: {who(comment.author, comment.date, language, year)}{what(comment)}"
        out.append(line + (f": {text}" if text else "") + states + followed(comment))
        for reply in comment.replies:
            out.append(f"{head}: {who(reply.author, reply.date, language, year)}reply: "
                       f"{one_line(reply.text)}")  # fmt: skip
    return out


def _place(place: Any) -> dict[str, Any] | None:
    if place is None:
        return None
    return {"file": place.file, "line": place.line, "column": place.column, "field": place.field}


def _edit(edit: Any) -> dict[str, str]:
    return {k: getattr(edit, k) for k in ("delete", "insert", "after", "before")}


def comment_json(comment: Comment) -> dict[str, Any]:
    """One comment as data: where, what, who, the thread, and what became of it."""
    location = comment.location
    edit = comment.edit
    now = comment.now
    return {
        "file": location.file if location else None,
        "line": location.line if location else None,
        "column": location.column if location else None,
        "field": location.field if location else None,
        "field_name": comment.field,
        "initiative": comment.initiative,
        "kind": comment.kind,
        "author": comment.author or None,
        "date": comment.date.isoformat() if comment.date else None,
        "quote": comment.quote or None,
        "quote_at": (
            {"line": comment.quote_at[0], "column": comment.quote_at[1]}
            if comment.quote_at
            else None
        ),
        "comment": comment.text or None,
        "edit": _edit(edit) if edit else None,
        "replies": [
            {
                "author": r.author or None,
                "date": r.date.isoformat() if r.date else None,
                "comment": r.text,
            }
            for r in comment.replies
        ],
        "states": list(comment.states),
        "page": comment.page,
        "box": [round(v, 1) for v in comment.spot.bounds],
        "draft": {"label": comment.draft.label, "place": _place(comment.place)},
        "now": (
            {
                "state": now.state,
                "place": _place(now.now) if now.state != GONE else None,
                "words": [list(op) for op in now.words],
            }
            if now
            else None
        ),
        "also": list(comment.also),
        "copies": list(comment.copies),
    }


def review_json(review: Review) -> dict[str, Any]:
    """The whole review: the comments in order, the copies read, merges and notes."""
    counts: dict[str, int] = {}
    for comment in review.comments:
        for copy in comment.copies:
            counts[copy] = counts.get(copy, 0) + 1
    return {
        "comments": [comment_json(c) for c in review.comments],
        "copies": [
            {
                "file": str(copy.path),
                "draft": copy.draft.label,
                "proeve_sources": copy.draft.sources is not None,
                "comments": counts.get(copy.label, 0),
            }
            for copy in review.copies
        ],
        "merged": review.merged,
        "notes": list(review.notes),
    }
