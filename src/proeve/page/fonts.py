"""A template's font choice -> registered, embeddable TrueType faces for ReportLab.

Why a cache: ReportLab parses a face's tables (widths, character map, metrics)
in Python, 2-5 ms a face on a quiet machine, and a page registers four. The
parsed tables are plain data, so, like the hyphenation patterns, they are kept
as a marshal file (data only: loading runs no code) in the user's cache
(proeve.page.cache), under a name made of ReportLab's version, Python's
marshal format and a digest of the font file's bytes (read anyway to be
embedded) and of this module's code; the entry is sealed over the same
(proeve.page.cache), so tables another proeve wrote, or anyone altered, are
never used. A face is kept only if it comes back exactly as parsed; a file
that is missing, damaged or odd in any way means the face is parsed as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from proeve.frozen import Frozen
from proeve.page import cache

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

    package, *files = _FILES[font]
    folder = _folder(package)
    names = Faces(*(f"{FAMILY}-{font}-{style}" for style in ("R", "B", "I", "BI")))
    for name, file in zip(
        (names.regular, names.bold, names.italic, names.bold_italic), files, strict=True
    ):
        pdfmetrics.registerFont(truetype(name, folder / file))
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


def truetype(name: str, file: Path) -> Any:
    """ReportLab's TTFont for a font file, its parsed tables from the cache when kept there."""
    from reportlab.pdfbase.ttfonts import TTFont

    try:
        data = file.read_bytes()
    except OSError:
        return TTFont(name, str(file))  # ReportLab says what is wrong with the file
    digest = hashlib.sha256(data).hexdigest()
    source = cache.source_digest(digest.encode(), cache.code_of(__file__))
    key = _key(source)
    state = _thaw(cache.read(key, source))
    if state is not None:
        with contextlib.suppress(Exception):  # anything odd: parse instead
            return _restored(name, file, data, state)
    font = TTFont(name, str(file))
    frozen = _freeze(font.face)
    if frozen is not None:
        cache.write(key, frozen, source)
    return font


def _key(digest: str) -> str:
    """The entry's name, from the digest of what it is made of (the font file's bytes, this code).

    Why the code in the name too: two proeves sharing one cache (two checkouts)
    each keep their own entry rather than replacing each other's on every run.
    """
    import reportlab

    tag = sys.implementation.cache_tag
    return f"ttf-{reportlab.Version}-m{marshal.version}-{tag}-{digest[:32]}"


_SKIP = ("_ttf_data", "_pdfScale", "filename")  # the file's bytes and path; a function
_NAME = "\0TTFNameBytes"  # marks a ReportLab TTFNameBytes (bytes with .ustr) in the file


def _freeze(face: Any) -> bytes | None:
    """The parsed face as marshal bytes, if it is plain data that comes back exactly."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    state: dict[str, Any] = {}
    for key, value in vars(face).items():
        if key in _SKIP:
            continue
        if type(value) is TTFNameBytes:
            value = (_NAME, bytes(value), value.ustr)
        state[key] = value
    try:
        data = marshal.dumps(state)
    except ValueError:  # something marshal cannot hold: not plain data
        return None
    thawed = _thaw(data)
    if thawed is None or _exact(thawed) != _exact(vars(face)):
        return None
    units, pdf_scale = face.unitsPerEm, getattr(face, "_pdfScale", None)
    if pdf_scale is None:  # ReportLab 4.2 has no _pdfScale: keep nothing, parse every time
        return None
    if any(_scale(units)(x) != pdf_scale(x) for x in (0, 1, 517, 2048.5)):
        return None
    return data


def _thaw(data: bytes | None) -> dict[str, Any] | None:
    """A face's attributes from marshal bytes, or None when they are not a face's."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if data is None:
        return None
    try:
        state = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(state, dict) or type(state.get("unitsPerEm")) is not int:
        return None
    for key, value in state.items():
        if type(value) is tuple and len(value) == 3 and value[0] == _NAME:
            named = bytes.__new__(TTFNameBytes, value[1])
            named.ustr = value[2]
            state[key] = named
    return state


def _exact(attributes: dict[str, Any]) -> dict[str, Any]:
    """Attributes with their types (and a name's .ustr), for comparing a face exactly."""
    return {
        key: (type(value), value, getattr(value, "ustr", None))
        for key, value in attributes.items()
        if key not in _SKIP
    }


def _scale(units: int) -> Any:
    """Font units -> PDF glyph space, as ReportLab's parser defines it (TTFontFile._pdfScale)."""
    if units == 1000:
        return lambda x: x
    factor = 1000 / units
    return lambda x: x * factor


def _restored(name: str, file: Path, data: bytes, state: dict[str, Any]) -> Any:
    """A TTFont made by ReportLab's own constructor around a face restored from `state`."""
    from reportlab.pdfbase import ttfonts

    parser = ttfonts.TTFontFace

    class Restored(parser):  # type: ignore[misc, valid-type]
        def __init__(self, filename: str, validate: int = 0, subfontIndex: int = 0) -> None:
            self.__dict__.update(state)
            self.filename = filename
            self._ttf_data = data
            self._pdfScale = _scale(state["unitsPerEm"])

    with _face_class(ttfonts, Restored):
        font = ttfonts.TTFont(name, str(file))
    font.face.__class__ = parser  # the same class as a parsed face from here on
    return font


@contextlib.contextmanager
def _face_class(ttfonts: Any, face: type) -> Iterator[None]:
    """While a TTFont is made, its constructor makes `face` (see pdf.internals.INTERNALS)."""
    original = ttfonts.TTFontFace
    ttfonts.TTFontFace = face
    try:
        yield
    finally:
        ttfonts.TTFontFace = original
