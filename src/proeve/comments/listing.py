"""A Review -> the comment sheet's contents: the comments grouped by initiative and field, each
with its thread, in the drafts' language; and the sheet as Markdown.

The numbers are the comments' order (file and line), so the pillar can go
through them in turn. The PDF (comments.sheet) sets the same groups and entries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from proeve.comments.collect import Comment, Review
from proeve.comments.report import followed, spans_years, what, who
from proeve.comments.vocab import sheet_words, state_words
from proeve.diff.words import DELETED, INSERTED, Pair, Style


def groups(review: Review) -> Iterator[tuple[str, list[tuple[str, list[tuple[int, Comment]]]]]]:
    """(heading, [(field heading, [(number, comment)])]) in the review's order."""
    words = sheet_words(language_of(review))
    order: dict[str, dict[str, list[tuple[int, Comment]]]] = {}
    for number, comment in enumerate(review.comments, start=1):
        place = comment.location
        if place is None:
            head, sub = words["loose"], f"{comment.copies[0]}, {words['page']} {comment.page}"
        else:
            initiative = comment.initiative
            title = comment.draft.titles.get(initiative or "", initiative or "")
            head = f"{title} ({initiative})" if initiative else words["overview"]
            sub = f"{place.field} · {place.file}:{place.line}"
        order.setdefault(head, {}).setdefault(sub, []).append((number, comment))
    for head, fields in order.items():
        yield head, list(fields.items())


def language_of(review: Review) -> str:
    """The sheet's one language: the drafts' (Dutch or English)."""
    for draft in [c.draft for c in review.comments] + [c.draft for c in review.copies]:
        return "nl" if draft.language == "nl" else "en"
    return "nl"


def title_of(review: Review) -> str:
    """'Opmerkingen bij v1, v2' (as the sheet's heading)."""
    drafts = list(dict.fromkeys(c.draft.label for c in review.copies))
    return f"{sheet_words(language_of(review))['title']} {', '.join(drafts)}"


def document_title(review: Review) -> str:
    """The sheet's title in its metadata: the heading and the document it is about."""
    from proeve.page.markup import plain

    title = next((c.draft.title for c in review.copies if c.draft.title), "")
    return f"{title_of(review)}: {plain(title)}" if title else title_of(review)


def entry(
    comment: Comment,
    language: str,
    year: bool,
    text: Callable[[str], str],
    style: Style,
    pair: Pair | None = None,
) -> tuple[str, list[str]]:
    """A comment as its line and the lines under it (replies, states, what became of it),
    its words escaped by `text` and a changed field's word diff rendered by `style`."""
    words = sheet_words(language)
    head = f"{who(comment.author, comment.date, language, year)}{what(comment, words, language)}"
    if comment.text:
        head += f": {' / '.join(comment.text.splitlines())}"
    under = [
        text(f"{words['reply']} {who(r.author, r.date, language, year)}{r.text}")
        for r in comment.replies
    ]
    under += [text(f"[{state_words(state, language)}]") for state in comment.states]
    note = followed(comment, style, text, words, pair).removeprefix(" — ")
    if note:
        under.append(note)
    return text(head), under


def md_word(op: str, words: str) -> str:
    """A word diff in Markdown: deleted ~~struck~~, inserted **bold**."""
    if op == DELETED:
        return f"~~{_md(words)}~~"
    if op == INSERTED:
        return f"**{_md(words)}**"
    return _md(words)


def sheet_markdown(review: Review) -> str:
    """The sheet as Markdown: headings per initiative and field, numbered comments."""
    language, year = language_of(review), spans_years(review)
    out = ["<!-- proeve comments -->", f"# {_md(title_of(review))}", ""]
    copies = ", ".join(f"{c.label} ({c.draft.label})" for c in review.copies)
    out += [f"{sheet_words(language)['copies']}: {_md(copies)}", ""]
    for head, fields in groups(review):
        out += [f"## {_md(head)}", ""]
        for sub, items in fields:
            out += [f"### {_code(sub)}", ""]
            for number, comment in items:
                line, under = entry(comment, language, year, _md, md_word)
                out.append(f"{number}. {line}")
                out += [f"   - {u}" for u in under]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _md(text: str) -> str:
    """User text as Markdown characters only: no emphasis, link, code or HTML can come from it."""
    out = []
    for char in text:
        if char in "<>&":
            out.append(f"&#{ord(char)};")
        elif char in "\\`*_[]~|":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _code(text: str) -> str:
    """A field and its place as inline code (paths hold no backticks: proeve names them)."""
    return f"`{text.replace('`', '')}`"
