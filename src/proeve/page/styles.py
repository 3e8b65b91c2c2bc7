"""One body size and a template -> the page's paragraph styles, and paragraphs wrapped with them.

Every style derives from the body size, so the whole page scales together; no
printed text goes below FLOOR, whatever the size.
"""

from __future__ import annotations

import copy
import functools
import re
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from proeve.inputs.template import Template
from proeve.page.fonts import Faces
from proeve.page.hyphens import Hyphenator, break_addresses
from proeve.page.markup import escape, typographic

HYPHENATION = {"nl": "nl_NL", "en": "en_GB"}
FLOOR = 5.5  # pt: the smallest text printed anywhere (labels, badges, figure labels, marks)

Parsed = dict[tuple[str, str, str], tuple[float, list[Any]]]
Wrapped = dict[tuple[str, str, str, float, float], Paragraph]


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
            hyphenationLang=hyphenator(HYPHENATION[language], frozenset(unbroken)),
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

    def para(
        self, text: str, style: ParagraphStyle, width: float, bulletText: str = ""
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
        at = (text, style.name, bulletText, style.fontSize, width)
        done = self.wrapped.get(at)
        if done is not None:
            return _relead(done, style)
        key = (text, style.name, bulletText)
        cached = self.parsed.get(key)
        if cached is None:
            paragraph = Paragraph(text, style, bulletText=bulletText or None)
            self.parsed[key] = (style.fontSize, paragraph.frags)
        else:
            ratio = style.fontSize / cached[0]
            frags = [f.clone(fontSize=f.fontSize * ratio) for f in cached[1]]
            paragraph = Paragraph(text, style, bulletText=bulletText or None, frags=frags)
        _, height = paragraph.wrap(width, 1e6)
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
    paragraph.height = len(wrapped.blPara.lines) * style.leading
    return paragraph, paragraph.height


def para(text: str, style: ParagraphStyle, width: float, **kw: Any) -> tuple[Paragraph, float]:
    """A paragraph wrapped once, outside a fit's caches (the header, the footer)."""
    paragraph = Paragraph(text, style, **kw)
    _, height = paragraph.wrap(width, 1e6)
    return paragraph, height


def balanced(
    text: str, style: ParagraphStyle, width: float, wrap: Any = para
) -> tuple[Paragraph, float]:
    """A title wrapped so that its last line holds more than one word, where a break allows.

    Why: a title with one word alone on its last line reads as two titles. The
    line before gives up its last word (a break before the last two words), or
    else a slightly narrower measure with as many lines moves a word down; if
    neither does, the title stays as it was.
    """
    paragraph, height = wrap(text, style, width)
    count = len(paragraph.blPara.lines)
    if count < 2 or _last_words(paragraph) > 1:
        return paragraph, height
    spaces = [m for m in re.finditer(r"<[^>]*>|\s+", text) if not m.group().startswith("<")]
    trials = []
    if len(spaces) >= 2:
        cut = spaces[-2]
        trials.append((text[: cut.start()] + "<br/>" + text[cut.end() :], width))
    trials += [(text, width * (1 - 0.04 * step)) for step in range(1, 13)]
    for candidate, measure in trials:
        trial, trial_h = wrap(candidate, style, measure)
        if len(trial.blPara.lines) > count or _last_words(trial) < 2 or _cuts(trial, paragraph):
            continue
        return trial, trial_h
    return paragraph, height


def _cuts(trial: Paragraph, plain: Paragraph) -> bool:
    """Whether a narrower measure cut a word that the plain wrap kept whole ('Rain-proo f')."""
    return any(
        getattr(trial, name, 0) > getattr(plain, name, 0)
        for name in ("_splitLongWordCount", "_hyphenations")
    )


def _last_words(paragraph: Paragraph) -> int:
    line = paragraph.blPara.lines[-1]
    if paragraph.blPara.kind == 0:
        return len(line[1])
    return int(line.wordCount)
