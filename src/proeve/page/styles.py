"""One body size and a template -> the page's paragraph styles, and paragraphs wrapped with them.

Every style derives from the body size, so the whole page scales together; no
printed text goes below FLOOR, whatever the size.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from proeve.inputs.template import Template
from proeve.page.fonts import Faces
from proeve.page.hyphens import Hyphenator, break_addresses
from proeve.page.markup import escape, typographic
from proeve.page.setting import Composed, set_lines

HYPHENATION = {"nl": "nl_NL", "en": "en_GB"}
FLOOR = 5.5  # pt: the smallest text printed anywhere (labels, badges, figure labels, marks)

Parsed = dict[tuple[str, str, str], tuple[float, list[Any]]]
Wrapped = dict[tuple[str, str, str, float, float, bool, float | None], Paragraph]


class Styles:
    """Paragraph styles derived from one body size, so every size scales together."""

    def __init__(
        self,
        size: float,
        template: Template,
        faces: Faces,
        language: str,
        spacing: float = 1.2,
        parsed: Parsed | None = None,
        wrapped: Wrapped | None = None,
        unbroken: tuple[str, ...] = (),
    ) -> None:
        c = template.colours
        self.parsed: Parsed = {} if parsed is None else parsed
        self.wrapped: Wrapped = {} if wrapped is None else wrapped
        self.size = size
        self.spacing = spacing
        self.faces = faces
        self.colours = c
        self.language = language
        words = hyphenator(HYPHENATION[language], frozenset(unbroken))
        whole = words.whole()
        labels = template.labels[language]
        self.continued: str = labels.continued
        base = ParagraphStyle(
            "body",
            fontName=faces.regular,
            bulletFontName=faces.regular,
            bulletFontSize=size,
            fontSize=size,
            leading=size * spacing,
            textColor=HexColor(c.text),
            hyphenationLang=words,
            embeddedHyphenation=0,  # the hyphenator breaks at a word's own hyphens itself
            uriWasteReduce=0.3,
            splitLongWords=1,
        )
        self.body = base
        self.summary = ParagraphStyle("summary", base, fontName=faces.italic)
        self.title = ParagraphStyle(
            "title",
            base,
            fontName=faces.bold,
            fontSize=size * 1.25,
            leading=size * 1.4,
            textColor=HexColor(c.accent),
        )
        self.title.hyphenationLang = ""
        self.heading = ParagraphStyle(
            "heading", self.title, fontSize=size * 1.3, leading=size * 1.5
        )
        self.name = ParagraphStyle("name", base, hyphenationLang="")
        # The intro leads, a little larger than the body, never larger than the subtitle.
        lead = min(size * 1.12, max(template.sizes.subtitle, size))
        self.lead = ParagraphStyle("lead", base, fontSize=lead, leading=lead * spacing)
        self.bullet = ParagraphStyle("bullet", base, leftIndent=size * 0.9, bulletIndent=size * 0.1)
        self.value = ParagraphStyle(
            "value", self.title, fontSize=size * 1.5, leading=size * 1.55, hyphenationLang=""
        )
        small = max(size * 0.85, FLOOR)
        self.small = ParagraphStyle(
            "small",
            base,
            fontSize=small,
            leading=small * spacing / 1.02,
            textColor=HexColor(c.muted),
        )
        self.mark = ParagraphStyle(
            "mark", self.small, fontName=faces.italic, leading=small * 1.15, hyphenationLang=""
        )
        # Which words may break inside, per style: running text hyphenates; titles,
        # names, figures and marks keep words whole (proeve.page.hyphens).
        for style in (self.body, self.summary, self.lead, self.bullet, self.small):
            style.breaking = words
        for style in (self.title, self.heading, self.name, self.value, self.mark):
            style.breaking = whole

    def para(
        self,
        text: str,
        style: ParagraphStyle,
        width: float,
        bulletText: str = "",
        balance: bool = False,
        first: float | None = None,
    ) -> tuple[Paragraph, float]:
        """A wrapped paragraph and its height; markup parsed once per fit, lines once per size.

        Why: the fit measures the same texts at several sizes, and parsing the
        markup is about a quarter of a measurement; parsed fragments differ
        between sizes only in their font size, so a parsed copy is rescaled. At
        another line spacing the line breaks stay the same (ReportLab's breaking
        reads widths, never the leading), so a wrapped paragraph is re-led, not
        wrapped again.
        """
        text = typographic(text, self.language)
        at = (text, style.name, bulletText, style.fontSize, width, balance, first)
        done = self.wrapped.get(at)
        if done is not None:
            return _relead(done, style)
        key = (text, style.name, bulletText)
        cached = self.parsed.get(key)
        if cached is None:
            paragraph = Composed(text, style, bulletText=bulletText or None)
            self.parsed[key] = (style.fontSize, paragraph.frags)
        else:
            ratio = style.fontSize / cached[0]
            frags = [f.clone(fontSize=f.fontSize * ratio) for f in cached[1]]
            paragraph = Composed(text, style, bulletText=bulletText or None, frags=frags)
        height = compose(paragraph, width, balance, first)
        self.wrapped[at] = paragraph
        return paragraph, height

    def label(self, text: str) -> str:
        return f'<font color="{self.colours.accent}"><b>{escape(text)}</b></font>'


@functools.lru_cache(maxsize=8)
def hyphenator(language: str, unbroken: frozenset[str]) -> Hyphenator:
    """One hyphenator per language and list of unbroken words, its cache shared by every size."""
    break_addresses()
    return Hyphenator(language, unbroken)


def _relead(wrapped: Paragraph, style: ParagraphStyle) -> tuple[Paragraph, float]:
    """A wrapped paragraph at another leading, without wrapping it again.

    Exact: without autoLeading, wrap() sets the height to lines x leading, and
    drawing reads the leading from the style; the styles of one name and size
    differ between a fit's spacings only in their leading.
    """
    paragraph = copy.copy(wrapped)
    paragraph.style = style
    paragraph.height = wrapped.line_count * style.leading
    return paragraph, paragraph.height


def para(
    text: str, style: ParagraphStyle, width: float, balance: bool = False, **kw: Any
) -> tuple[Paragraph, float]:
    """A paragraph set once, outside a fit's caches (the header, the footer)."""
    paragraph = Composed(text, style, **kw)
    return paragraph, compose(paragraph, width, balance)


def compose(
    paragraph: Paragraph, width: float, balance: bool = False, first: float | None = None
) -> float:
    """Set a parsed paragraph's lines with proeve's composer (proeve.page.setting); its height.

    A style says how its words may break (`breaking`, a Hyphenator); one
    without keeps words whole but at their own hyphen, and a word too wide
    for the line breaks at its syllables.
    """
    breaking = getattr(paragraph.style, "breaking", None) or _whole()
    return set_lines(paragraph, width, breaking.points, breaking.tie, balance, first)


@functools.lru_cache(maxsize=1)
def _whole() -> Hyphenator:
    return Hyphenator("nl_NL", inside=False)


def balanced(
    text: str,
    style: ParagraphStyle,
    width: float,
    wrap: Any = para,
    first: float | None = None,
) -> tuple[Paragraph, float]:
    """A title set in balanced lines: as many as it needs, each about as long as the others.

    Why: a title with one word alone on its last line reads as two titles, and
    one long line over a short one looks unfinished (CSS `text-wrap: balance`).
    """
    if first is None:
        return wrap(text, style, width, balance=True)  # type: ignore[no-any-return]
    return wrap(text, style, width, balance=True, first=first)  # type: ignore[no-any-return]
