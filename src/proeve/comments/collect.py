"""Annotated copies of drafts + today's sources -> Comments: each at its field, quoted, followed.

The one place the steps meet: read every copy (copies), gather its marks into
threads (annotations), find the field and the words under each (place),
its line in the draft's own sources (locate), and what became of it in
today's files (follow). Copies of the same draft are merged: a comment that
several copies share is kept once, with the replies of all.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from proeve.comments.copies import Copy, Draft, check_copies, read_copy
from proeve.comments.follow import Follow, follow
from proeve.comments.locate import Place, Sourcebook, initiative_of, refine, words_at
from proeve.comments.place import Spot, caret_context, fields_under, marked_words, spot
from proeve.comments.threads import Thread, threads
from proeve.errors import InputErrors, UsageError
from proeve.frozen import Frozen, field
from proeve.inputs.sources import read_inputs
from proeve.pdf.annotations import Mark
from proeve.pdf.pagetext import PageText

# The words a comment's kind is printed with; text marks quote what they cover.
KIND = {"Highlight": "highlight", "Underline": "underline", "Squiggly": "squiggly",
        "StrikeOut": "delete", "Caret": "insert", "Text": "note", "FreeText": "text box",
        "Ink": "drawing", "Square": "box", "Circle": "circle", "Line": "line",
        "Polygon": "shape", "PolyLine": "line", "Stamp": "stamp"}  # fmt: skip
QUOTING = ("Highlight", "Underline", "Squiggly", "StrikeOut", "Ink", "Square", "Circle")


class Suggestion(Frozen):
    """The edit a strike, a replace or a caret proposes: delete these words, insert those."""

    delete: str = ""
    insert: str = ""
    after: str = ""  # the word an insertion follows...
    before: str = ""  # ...or, at a line's start, the word it precedes


class Reply(Frozen):
    author: str
    date: dt.datetime | None
    text: str


class Comment(Frozen):
    """One reviewer's comment, placed: the field and words it is about, and where they are."""

    kind: str
    author: str
    date: dt.datetime | None
    text: str
    quote: str
    page: int
    spot: Spot
    draft: Draft = field(repr=False)
    copies: tuple[str, ...]
    field: str | None = None  # as the page names it: initiatives/<id>:<path>
    place: Place | None = None  # in the draft's own sources
    now: Follow | None = None  # in today's sources
    edit: Suggestion | None = None
    replies: tuple[Reply, ...] = ()
    states: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    quote_at: tuple[int, int] | None = None

    @property
    def initiative(self) -> str | None:
        return initiative_of(self.field) if self.field else None

    @property
    def location(self) -> Place | None:
        """Where to edit: the field today when it is still there, else in the draft."""
        if self.now is not None and self.now.now is not None:
            return self.now.now
        return self.place


class Review(Frozen):
    """Every comment of the copies, in file and line order, and what to tell about the reading."""

    comments: tuple[Comment, ...]
    copies: tuple[Copy, ...] = field(repr=False)
    notes: tuple[str, ...] = ()
    merged: int = 0  # comments found in more than one copy, kept once


def collect(pdfs: list[Path], project: Path, picture: bool = False) -> Review:
    """Read the copies, place and follow every comment, merge the copies of one draft."""
    check_copies(pdfs)
    copies = [read_copy(p, project, picture) for p in pdfs]
    placed = any(copy.draft.sources is not None for copy in copies)
    today, notes = _today(project) if placed else (None, [])
    found: dict[tuple[object, ...], Comment] = {}
    merged = 0
    for copy in copies:
        if copy.draft.note:
            notes.append(copy.draft.note)
        for thread in threads(copy.marks):
            comment = _comment(thread, copy, today)
            key = _key(thread.mark, copy.draft)
            if key in found:
                found[key] = _merge(found[key], comment)
                merged += 1
            else:
                found[key] = comment
    ordered = sorted(found.values(), key=order)
    return Review(tuple(ordered), tuple(copies), tuple(dict.fromkeys(notes)), merged)


def _today(project: Path) -> tuple[Sourcebook | None, list[str]]:
    """Today's inputs, to follow comments to; None (with a note) where there are none to read."""
    if not (project / "inputs").is_dir():
        return None, [f"{project}: no inputs/ folder: comments are placed in the drafts' sources"]
    try:
        return Sourcebook(read_inputs(project)), []
    except (InputErrors, UsageError) as exc:
        return None, [f"today's inputs cannot be read ({exc}); placed in the drafts' sources"]


def _key(mark: Mark, draft: Draft) -> tuple[object, ...]:
    """What makes two copies' comments the same comment: draft, kind, who, when, where, what."""
    where = tuple(round(v, 1) for box in (mark.quads or (mark.rect,)) for v in box)
    return (draft.key, mark.page, mark.kind, mark.author, mark.date, mark.text, where)


def _merge(kept: Comment, other: Comment) -> Comment:
    from proeve.frozen import replace

    replies = kept.replies + tuple(r for r in other.replies if r not in kept.replies)
    states = kept.states + tuple(s for s in other.states if s not in kept.states)
    copies = kept.copies + tuple(c for c in other.copies if c not in kept.copies)
    return replace(kept, replies=replies, states=states, copies=copies)


def _comment(thread: Thread, copy: Copy, today: Sourcebook | None) -> Comment:
    mark, draft = thread.mark, copy.draft
    where = spot(mark)
    page = copy.pages.get(mark.page)
    quoting = page is not None and mark.kind in QUOTING
    quote = marked_words(where, page, mark.kind == "Ink") if quoting and page else ""
    text = mark.text
    if text and " ".join(text.split()).casefold() == quote.casefold():
        text = ""  # Okular (and Skim) fill a new mark's note with the selected words
    edit = _edit(thread, quote, page)
    kind = _kind(thread)
    fields = fields_under(where, draft.positions) if draft.positions and mark.page == 1 else []
    book = draft.book
    name = refine(book, fields[0], quote) if fields and book else (fields[0] if fields else None)
    place = book.place(name) if name and book else None
    now = follow(name, place, book, today) if name and place and book and today else None
    replies = tuple(Reply(r.author, r.date, r.text) for r in thread.replies if r.text)
    states = tuple(_state(s) for s in thread.states)
    quote_at = words_at(book, place, quote) if book and place and quote else None
    if kind == "replace" or mark.kind == "Caret":
        text = ""  # the Caret's text is what to insert, printed as the edit
    return Comment(kind, mark.author, mark.date, text, quote, mark.page, where, draft,
                   (copy.label,), name, place, now, edit, replies, states,
                   tuple(fields[1:]), quote_at)  # fmt: skip


def _kind(thread: Thread) -> str:
    mark = thread.mark
    if mark.kind == "StrikeOut" and any(m.kind == "Caret" for m in thread.grouped):
        return "replace"
    if mark.kind == "Ink" and mark.intent == "InkHighlight":
        return "highlight"
    return KIND.get(mark.kind, mark.kind.lower())


def _edit(thread: Thread, quote: str, page: PageText | None) -> Suggestion | None:
    """The suggested edit of a strike (with the replacement of a grouped caret) or a caret."""
    mark = thread.mark
    if mark.kind == "StrikeOut":
        caret = next((m for m in thread.grouped if m.kind == "Caret"), None)
        return Suggestion(quote, caret.text if caret else "")
    if mark.kind == "Caret":
        before, after = caret_context(mark, page) if page is not None else ("", "")
        return Suggestion("", mark.text, before, "" if before else after)
    return None


def _state(mark: Mark) -> str:
    by = f" by {mark.author}" if mark.author else ""
    return f"{mark.state.lower()}{by}"


def order(comment: Comment) -> tuple[object, ...]:
    """Comments on fields by file and line; the rest after them, by file, page, top to bottom."""
    where = comment.location
    x0, _, _, y1 = comment.spot.bounds
    if where is not None:
        # Within a field, by where the marked words are in its text.
        then = comment.place
        words = (
            (comment.quote_at[0] - then.line, comment.quote_at[1])
            if comment.quote_at and then
            else (0, 0)
        )
        return (0, where.file, where.line, where.column, words, -y1, x0, str(comment.date))
    return (1, comment.copies[0], comment.page, -y1, x0, str(comment.date))
