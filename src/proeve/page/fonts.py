"""A template's font choice -> registered, embeddable TrueType faces for ReportLab."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from proeve.frozen import Frozen

FAMILY = "Proeve"


class Faces(Frozen):
    """Registered face names for one family."""

    regular: str = FAMILY
    bold: str = FAMILY + "-Bold"
    italic: str = FAMILY + "-Italic"
    bold_italic: str = FAMILY + "-BoldItalic"


_FILES = {
    "source-sans": (
        "font_source_sans_pro",
        "SourceSansPro-Regular.ttf",
        "SourceSansPro-Bold.ttf",
        "SourceSansPro-It.ttf",
        "SourceSansPro-BoldIt.ttf",
    ),
    "vera": ("reportlab", "Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf"),
}
_registered: dict[str, Faces] = {}


def _folder(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"font package {package} is not installed")
    root = Path(next(iter(spec.submodule_search_locations)))
    return root / ("fonts" if package == "reportlab" else "files")


def register(font: str) -> Faces:
    """Register a font family once per process; return its face names.

    Why the fixed family name: every paragraph style and the canvas's initial font
    refer to one embedded family, so no unembedded Helvetica slips into the PDF.
    """
    if font in _registered:
        return _registered[font]
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    package, *files = _FILES[font]
    folder = _folder(package)
    names = Faces(*(f"{FAMILY}-{font}-{style}" for style in ("R", "B", "I", "BI")))
    for name, file in zip(
        (names.regular, names.bold, names.italic, names.bold_italic), files, strict=True
    ):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(
        names.regular,
        normal=names.regular,
        bold=names.bold,
        italic=names.italic,
        boldItalic=names.bold_italic,
    )
    rl_config.canvas_basefontname = names.regular
    _registered[font] = names
    return names
