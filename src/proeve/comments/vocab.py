"""A document language -> the words a comment line and the comment sheet are written in.

LINES is what `proeve comments` prints for grep and editors (English, straight
quotes, stable for scripts); SHEET gives the comment sheet, read at the
meeting, in the document's language with typographic quotes.
"""

from __future__ import annotations

LINES = {
    "quote": '"{}"',
    "replace": "replace {old} with {new}",
    "delete": "delete {quote}",
    "insert": "insert {new}{place}",
    "after": " after {words}",
    "before": " before {words}",
    "gone": "the field is gone since {draft}",
    "lines": "now line {now}; line {then} in {draft}",
    "changed": "the text changed since {draft}{kept} ({lines})",
    "kept": ", the marked words did not",
    "moved": "still there ({lines})",
    "by": "by",
    "reply": "reply",
}

ENGLISH = {
    **LINES,
    "quote": "\u201c{}\u201d",
    "title": "Comments on",
    "overview": "Overview",
    "loose": "Not on a field",
    "copies": "Read",
    "comments": "comments",
    "page": "page",
    "sheet": "Comment sheet",
    "pictured": "Page 1 of {draft} as the reviewers received it, with {count} numbered "
    "comments; each is listed by its number on the next pages.",
    "working_copy": "A working document for the meeting, outside the archive promise; "
    "the same comments as text: proeve comments --md",
}

DUTCH = {
    **ENGLISH,
    "quote": "\u201e{}\u201d",
    "replace": "vervang {old} door {new}",
    "delete": "schrap {quote}",
    "insert": "voeg {new} in{place}",
    "after": " na {words}",
    "before": " vóór {words}",
    "gone": "het veld is er niet meer sinds {draft}",
    "lines": "nu regel {now}; regel {then} in {draft}",
    "changed": "de tekst is veranderd sinds {draft}{kept} ({lines})",
    "kept": ", de gemarkeerde woorden niet",
    "moved": "staat er nog ({lines})",
    "by": "door",
    "reply": "antwoord",
    "title": "Opmerkingen bij",
    "overview": "Overzicht",
    "loose": "Niet bij een veld",
    "copies": "Gelezen",
    "comments": "opmerkingen",
    "page": "pagina",
    "sheet": "Opmerkingenblad",
    "pictured": "Pagina 1 van {draft} zoals de lezers die kregen, met {count} genummerde "
    "opmerkingen; elk staat onder zijn nummer op de volgende pagina's.",
    "working_copy": "Werkdocument voor de bespreking, buiten de archiefbelofte; "
    "dezelfde opmerkingen als tekst: proeve comments --md",
}

# The kinds of mark and the review states a reader writes, as the sheet names them.
KINDS = {
    "nl": {
        "highlight": "markering", "underline": "onderstreping", "squiggly": "kronkellijn",
        "delete": "schrappen", "insert": "invoegen", "note": "notitie", "text box": "tekstvak",
        "drawing": "tekening", "box": "kader", "circle": "cirkel", "line": "lijn",
        "shape": "vorm", "stamp": "stempel", "replace": "vervangen",
    },
}  # fmt: skip
STATES = {
    "nl": {
        "accepted": "aanvaard", "rejected": "afgewezen", "cancelled": "geannuleerd",
        "completed": "afgerond", "none": "geen", "marked": "gemarkeerd",
        "unmarked": "niet gemarkeerd",
    },
}  # fmt: skip


def sheet_words(language: str) -> dict[str, str]:
    """The comment sheet's words in `language` (Dutch or English)."""
    return DUTCH if language == "nl" else ENGLISH


def kind_word(kind: str, language: str) -> str:
    return KINDS.get(language, {}).get(kind, kind)


def state_words(state: str, language: str) -> str:
    """'accepted by Denis' in the sheet's language ('aanvaard door Denis')."""
    word, by, author = state.partition(" by ")
    said = STATES.get(language, {}).get(word, word)
    return f"{said} {sheet_words(language)['by']} {author}" if by else said
