"""Validated sources -> located errors for what the page cannot print, before anything is drawn.

The schema checks each value alone; some inputs it accepts still cannot be
printed: a character the template's font has no glyph for (it would print as
a box), a combining mark the typesetting cannot place, a logo that is not a
whole PNG or JPEG, or a header (title and subtitle sizes, status labels, logo)
that leaves the title no room or the content no page. Each becomes an input
error at the file, line and column that causes it, with the field, so the run
ends exit 1 like any other input problem instead of drawing boxes or failing
inside the layout.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

from yaml.nodes import MappingNode, Node, ScalarNode

from proeve.errors import InputErrors, InputIssue, Location
from proeve.inputs.load import decode, locate, parse, read_tree, where
from proeve.inputs.model import Document
from proeve.inputs.printed import printed_fields, scalars

if TYPE_CHECKING:
    from proeve.inputs.sources import Sources
    from proeve.inputs.template import Template

# Pillow's modes of a PNG or JPEG that the page draws in DeviceGray or DeviceRGB (each one
# built and confirmed PDF/A-3a by page-validation: tests/hostile/test_logo_modes.py).
LOGO_MODES = frozenset({"1", "L", "LA", "P", "RGB", "RGBA", "I;16"})
MAX_LOGO_PIXELS = 25_000_000  # far beyond any logo; Pillow's own alarm rings at 89 million
MAX_LOGO_ASPECT = 12  # wider (or taller) than 12:1 is a rule, not a logo
MIN_TITLE_SHARE = 0.25  # the title keeps at least a quarter of the header's width
MAX_HEADER_SHARE = 0.5  # header and footer leave at least half the page to the content
_covered: dict[str, frozenset[int]] = {}
_plain: dict[str, frozenset[int]] = {}  # covered, less the combining marks


def check_printable(
    sources: Sources, template_name: str, document: Document, template: Template
) -> None:
    """Raise InputErrors for everything in these valid sources the page cannot print."""
    issues = list(_glyph_issues(sources, template_name, document, template))
    logo, logo_issues = _logo(sources, template_name, template)
    issues += logo_issues
    if not issues:
        issues += _room_issues(sources, template_name, document, template, logo)
    if issues:
        raise InputErrors(issues)


def covered(font: str) -> frozenset[int]:
    """The code points every face of the font (regular, bold, italics) has a glyph for."""
    if font not in _covered:
        from reportlab.pdfbase import pdfmetrics

        from proeve.page.fonts import register

        faces = register(font)
        maps = [
            pdfmetrics.getFont(name).face.charToGlyph
            for name in (faces.regular, faces.bold, faces.italic, faces.bold_italic)
        ]
        _covered[font] = frozenset(maps[0]).intersection(*maps[1:])
    return _covered[font]


def _lacks(text: str, font: str) -> bool:
    """Whether any character of `text` is unprintable in `font` (fast: one set pass)."""
    plain = _plain.get(font)
    if plain is None:
        plain = _plain[font] = frozenset(
            c for c in covered(font) if not unicodedata.combining(chr(c))
        )
    return any(ord(c) not in plain and not c.isspace() for c in set(text))


def unprintable(char: str, font: str) -> bool:
    """Whether the page cannot print `char` in `font` (whitespace only ever separates words)."""
    if char.isspace():
        return False
    return unicodedata.combining(char) > 0 or ord(char) not in covered(font)


def _glyph_issues(
    sources: Sources, template_name: str, document: Document, template: Template
) -> Iterator[InputIssue]:
    """Every printed value as the model holds it: decoded, so an escape (`"\\u4e2d"`) counts.

    Why not the file's characters alone: a double-quoted value spells any character
    in ASCII, so a file can be clean while its values are not. A file with no `\\`
    (no escape) whose characters all print needs no closer look: NFC only joins a
    mark, itself unprintable, to its letter.
    """
    for name, shows in printed_fields(document, template_name).items():
        text = decode(name, sources[name]).text
        if "\\" not in text and not _lacks(text, template.font):
            continue  # no escape, and every character typed prints: so does every value
        for path, node in scalars(read_tree(name, sources[name])):
            value = unicodedata.normalize("NFC", str(node.value))
            if shows(path) and _lacks(value, template.font):
                yield from _glyph_issues_in(name, text, path, node, value, template.font)


def _glyph_issues_in(
    name: str, text: str, path: str, node: ScalarNode, value: str, font: str
) -> Iterator[InputIssue]:
    """At most two issues for one value: the marks it cannot place, the glyphs it lacks."""
    bad = [c for c in dict.fromkeys(value) if unprintable(c, font)]
    marks = [c for c in bad if unicodedata.combining(c)]
    missing = [c for c in bad if not unicodedata.combining(c)]
    if marks:
        message = (
            f"{_named(marks)} {'is a combining mark' if len(marks) == 1 else 'are combining marks'}"
            ", which the page cannot place on a letter; type the accented letter itself"
        )
        yield InputIssue(locate(name, text, node, marks[0]), message, path)
    if missing:
        message = (
            f"{_named(missing)} {'is' if len(missing) == 1 else 'are'} not in the font "
            f"{font!r}, so the page would print {'a box' if len(missing) == 1 else 'boxes'}; "
            "write it another way"
        )
        yield InputIssue(locate(name, text, node, missing[0]), message, path)


def _named(chars: list[str], most: int = 3) -> str:
    """'中' (U+4E2D CJK UNIFIED IDEOGRAPH-4E2D), ... and 2 more."""
    names = [
        # A mark alone would combine with the quote, and an unseen one says nothing: code only.
        f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}"
        if unicodedata.combining(c) or not c.isprintable()
        else f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})"
        for c in chars[:most]
    ]
    more = f" and {len(chars) - most} more" if len(chars) > most else ""
    return ", ".join(names) + more


def _key_location(name: str, data: bytes, path: str) -> Location:
    """Where a dotted key path (`sizes.title`) is written in a YAML file (line 1 if not found)."""
    node: Node | None = parse(decode(name, data))
    for part in path.split("."):
        found = None
        if isinstance(node, MappingNode):
            found = next((v for k, v in node.value if k.value == part), None)
        if found is None:
            break
        node = found
    return where(name, node) if node is not None else Location(name, 1, 1)


def _logo(
    sources: Sources, template_name: str, template: Template
) -> tuple[tuple[int, int] | None, list[InputIssue]]:
    """The logo's size in pixels when it is a whole PNG or JPEG, else the issue saying why not."""
    if not template.logo or template.logo not in sources:
        return None, []
    import io
    import warnings

    from PIL import Image, UnidentifiedImageError

    size: tuple[int, int] = (0, 0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(sources[template.logo])) as image:
                size = image.size
                problem = _logo_problem(image.format, size, image.mode)
                if problem is None:
                    image.load()  # every pixel: a truncated file fails here, not in the draft
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        problem = "has too many pixels to be a logo"
    except UnidentifiedImageError:
        problem = "is not a PNG or JPEG image"
    except (OSError, ValueError, SyntaxError) as exc:  # Pillow's ways of saying "not an image"
        problem = f"is not a readable PNG or JPEG image ({exc or type(exc).__name__})"
    if problem is None:
        return size, []
    where_ = _key_location(template_name, sources[template_name], "logo")
    return None, [InputIssue(where_, f"logo {template.logo!r} {problem}", "logo")]


def _logo_problem(kind: str | None, size: tuple[int, int], mode: str) -> str | None:
    width, height = size
    if kind not in ("PNG", "JPEG"):
        return f"is {kind or 'an unknown'} image, not a PNG or JPEG"
    if mode not in LOGO_MODES:
        return _mode_problem(mode)
    if width * height > MAX_LOGO_PIXELS:
        return f"has {width} x {height} pixels; at most {MAX_LOGO_PIXELS:,} (a logo is small)"
    if max(size) > MAX_LOGO_ASPECT * min(size):
        return (
            f"is {width} x {height} pixels; a logo is at most {MAX_LOGO_ASPECT} times "
            "as wide as high, or as high as wide"
        )
    return None


def _mode_problem(mode: str) -> str:
    """Why a logo in these colours cannot go on the page, and what to do instead."""
    if mode == "CMYK":
        return (
            "has CMYK (print) colours, which a PDF/A page under its sRGB colour profile "
            "cannot hold, and proeve has no print profile to convert them faithfully: save "
            "the logo as an RGB PNG (in an image editor: Image > Mode > RGB, export as PNG)"
        )
    return f"has colours of the kind {mode!r}, which the page cannot draw: save it as an RGB PNG"


def _room_issues(
    sources: Sources,
    template_name: str,
    document: Document,
    template: Template,
    logo: tuple[int, int] | None,
) -> list[InputIssue]:
    """The title's width beside logo and status slot, and the header's share of the page."""
    from reportlab.lib.units import mm

    from proeve.identity import Edition, stamp, widest_slots
    from proeve.page.fonts import register
    from proeve.page.furniture import footer, header, logo_height, title_width
    from proeve.page.layout import frame_of

    faces = register(template.font)
    labels = template.labels[document.language]
    frame = frame_of(template)
    logo_width = logo_height(template) * logo[0] / logo[1] if logo else 0.0
    room = title_width(template, faces, labels, frame.width, logo_width)
    data = sources[template_name]
    if room < frame.width * MIN_TITLE_SHARE:
        left = f"leaves the title {max(room, 0) / mm:.0f} mm of the header's {frame.width / mm:.0f}"
        need = f"it needs at least {frame.width * MIN_TITLE_SHARE / mm:.0f} mm"
        if logo_width > frame.width * MIN_TITLE_SHARE:
            message = (
                f"the logo, drawn {logo_width / mm:.0f} mm wide beside the title, {left} mm; "
                f"{need}: use a less wide logo, or lower sizes.title (the logo is 2.6 times "
                "as high)"
            )
            return [InputIssue(_key_location(template_name, data, "logo"), message, "logo")]
        message = (
            f"the status slot ('{max(widest_slots(labels), key=len)}' at sizes.subtitle x 0.85) "
            f"{left} mm; {need}: lower sizes.subtitle, or shorten the status and month labels"
        )
        where_ = _key_location(template_name, data, "sizes.subtitle")
        return [InputIssue(where_, message, "sizes.subtitle")]
    page_stamp = stamp(Edition(), labels, document.date)
    logo_data = sources[template.logo] if logo and template.logo else None
    head = header(document, template, faces, labels, page_stamp, frame.width, logo_data)
    foot = footer(document, template, faces, labels, page_stamp, frame.width)
    if head.height + foot.height > frame.height * MAX_HEADER_SHARE:
        message = (
            f"the header and footer take {(head.height + foot.height) / mm:.0f} mm of the "
            f"{frame.height / mm:.0f} mm page, leaving the content less than half: lower "
            "sizes.title and sizes.subtitle, or shorten the title and subtitle"
        )
        return [InputIssue(_key_location(template_name, data, "sizes.title"), message, "sizes")]
    return []
