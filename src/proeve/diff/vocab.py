"""A document language and its template labels -> the words of the review PDF.

The review speaks the page's language; field names reuse the template's labels
(Partners, Volgende stappen), so the change list names fields as the page does.
"""

from __future__ import annotations

from typing import Any

from proeve.diff.changes import ADDED, CHANGED, MOVED, REMOVED
from proeve.diff.report import ENGLISH

DUTCH = {
    "initiatives": "Aanpakken",
    "overview": "Overzicht",
    "crosslinks": "Dwarsverbanden",
    "template": "Sjabloon",
    "layout": "Opmaak",
    "text": "Tekst",
    "pixels": "Pixels",
    ADDED: "nieuw",
    REMOVED: "verwijderd",
    CHANGED: "gewijzigd",
    MOVED: "verplaatst",
    "initiative": "aanpak",
    "initiatives_n": "aanpakken",
    "font_size": "lettergrootte",
    "fill": "vulling",
    "columns": "kolommen",
    "unchanged": "ongewijzigd",
    "no_fit": "past niet",
    "same": "geen verschillen",
    "not_built": "de pagina is niet wat de bronnen opleveren",
    "sources_same": "bronnen ongewijzigd",
    "region": "gebied",
    "regions": "gebieden",
    "differs": "van de pagina verschilt, in",
    "link": "verbinding",
    "theme": "thema",
    "title": "titel",
    "short_title": "korte titel",
    "subtitle": "ondertitel",
    "summary": "samenvatting",
    "organisation": "organisatie",
    "owner": "eigenaar",
    "date": "datum",
    "language": "taal",
    "intro": "inleiding",
    "keywords": "trefwoorden",
    "themes": "thema's",
    "theme_order": "volgorde van de thema's",
    "status": "status",
    "draft": "concept",
    "final": "definitief",
    "preview": "werkversie",
    "order": "volgorde",
    "figures": "kerncijfers",
    "footer.more_info": "voettekst: meer informatie",
    "footer.url": "voettekst: adres",
    "footer.contact": "voettekst: contact",
    # page 1 and 2 furniture
    "badge_added": "NIEUW",
    "badge_changed": "GEWIJZIGD",
    "badge_moved": "VERPLAATST",
    "removed_heading": "Verwijderd",
    "review": "Wijzigingen",
    "inserted": "ingevoegde tekst",
    "deleted": "verwijderde tekst",
    "bar": "balk in de marge: gewijzigd blok",
    "details": "alle wijzigingen op pagina 2",
    "here": "lettergrootte hier {here} pt, in het concept {real} pt",
    "hidden": "verwijderde woorden passen hier niet bij: {blocks} (zie pagina 2)",
    "header": "kop",
    "old": "oud",
    "new": "nieuw",
    "legend_old": "rood (in zwart-wit: grijs): alleen in {old}",
    "legend_new": "blauw op geel (in zwart-wit: zwart op lichtgrijs): alleen in {new}",
    "legend_both": "zwart: in beide",
    "legend_box": "kader: gebied met verschillen",
    "status_changed": "status",
    # what a reader hears for a change mark (ActualText), and the mark between old and new
    "said_replaced": "was {old}, nu {new}",
    "said_deleted": "verwijderd: {old}",
    "said_inserted": "ingevoegd: {new}",
    "working_copy": "Werkdocument voor de bespreking, buiten de archiefbelofte. Dezelfde "
    "wijzigingen als tekst: proeve diff {old} {new}",
    "legend_page_1": "Bij pagina 1",
    "pdf_keywords": "werkdocument; wijzigingen tussen twee concepten",
    "overlay_alt": "De pagina's van {old} en {new} over elkaar: wat alleen in {old} staat rood, "
    "wat alleen in {new} staat blauw op geel, {regions} gebieden met verschillen omkaderd. De "
    "wijzigingen zelf staan als tekst op de vorige pagina.",
}

ENGLISH_PAGE = {
    # headings on paper start with a capital; the terminal's stay lowercase
    "initiatives": "Initiatives",
    "overview": "Overview",
    "template": "Template",
    "layout": "Layout",
    "text": "Text",
    "pixels": "Pixels",
    "crosslinks": "Cross-links",
    "badge_added": "NEW",
    "badge_changed": "CHANGED",
    "badge_moved": "MOVED",
    "removed_heading": "Removed",
    "review": "Changes",
    "inserted": "inserted text",
    "deleted": "deleted text",
    "bar": "bar in the margin: changed block",
    "details": "every change on page 2",
    "here": "font size here {here} pt, in the draft {real} pt",
    "hidden": "deleted words do not fit here in: {blocks} (see page 2)",
    "header": "header",
    "old": "old",
    "new": "new",
    "legend_old": "red (in black and white: gray): only in {old}",
    "legend_new": "blue on yellow (in black and white: black on light gray): only in {new}",
    "legend_both": "black: in both",
    "legend_box": "frame: area with differences",
    "status_changed": "status",
    "said_replaced": "was {old}, now {new}",
    "said_deleted": "deleted: {old}",
    "said_inserted": "inserted: {new}",
    "working_copy": "A working document for the review, outside the archive promise. The same "
    "changes as text: proeve diff {old} {new}",
    "legend_page_1": "Key to page 1",
    "pdf_keywords": "working document; changes between two drafts",
    "overlay_alt": "The pages of {old} and {new} laid over each other: what is only in {old} in "
    "red, what is only in {new} in blue on yellow, {regions} areas with differences framed. "
    "The changes themselves are given as text on the page before.",
}


def words_for(language: str, labels: Any | None) -> dict[str, str]:
    """The review's words in `language`, with field names from the template's labels."""
    words = {**ENGLISH, **ENGLISH_PAGE, **(DUTCH if language == "nl" else {})}
    if labels is not None:
        for field in ("leads", "partners", "goal", "approach", "next_steps"):
            words[field] = str(getattr(labels, field))
        words["crosslinks"] = str(labels.crosslinks)
    return words
