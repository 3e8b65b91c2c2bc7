"""A logo in any colour mode makes a conforming draft, or is refused at check (issue 17, item 6).

Before, a CMYK JPEG (the usual print-shop logo) built with exit 0 into a draft
that is not PDF/A: DeviceCMYK under the sRGB output intent. proeve has no print
(CMYK) profile to convert it faithfully, so such a logo is refused at the
template's `logo:` with what to do; every mode it accepts is built here and
confirmed by page-validation.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import outputs, run_cli
from proeve.page.printable import LOGO_MODES

TEMPLATE = "templates/default.yaml"
SIZE = (120, 60)


def pillow(mode: str, kind: str, **options: object) -> Callable[[], bytes]:
    def make() -> bytes:
        from PIL import Image

        image = Image.new("RGB", SIZE, (27, 94, 140))
        image.paste((240, 200, 30), (30, 15, 90, 45))
        buffer = io.BytesIO()
        image.convert(mode).save(buffer, kind, **options)
        return buffer.getvalue()

    return make


def raw_png(depth: int, colour: int, pixel: bytes, transparent: bytes = b"") -> Callable[[], bytes]:
    """A PNG written by hand: 16-bit and transparency kinds Pillow does not write itself."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    def make() -> bytes:
        width, height = SIZE
        header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
        rows = zlib.compress(b"".join(b"\0" + pixel * width for _ in range(height)))
        extra = chunk(b"tRNS", transparent) if transparent else b""
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + extra
            + chunk(b"IDAT", rows)
            + chunk(b"IEND", b"")
        )

    return make


def without_adobe_marker(make: Callable[[], bytes]) -> Callable[[], bytes]:
    """A CMYK JPEG without its APP14 marker: read as plain, not inverted, CMYK."""

    def strip() -> bytes:
        data = make()
        at = data.find(b"\xff\xee")
        return data[:at] + data[at + 2 + int.from_bytes(data[at + 2 : at + 4], "big") :]

    return strip


def quantized() -> bytes:
    """A palette PNG whose entries carry many alpha levels, as pngquant writes them."""
    from PIL import Image

    image = Image.linear_gradient("L").resize(SIZE).convert("RGBA")
    image.putalpha(Image.linear_gradient("L").resize(SIZE))
    buffer = io.BytesIO()
    image.quantize(colors=16, method=Image.Quantize.FASTOCTREE).save(buffer, "PNG")
    return buffer.getvalue()


# (file name, how it is made, the mode Pillow reads it in)
ACCEPTED = {
    "bilevel PNG": ("logo.png", pillow("1", "PNG"), "1"),
    "grey JPEG": ("logo.jpg", pillow("L", "JPEG"), "L"),
    "grey PNG with a transparent grey": ("logo.png", raw_png(8, 0, b"\x80", b"\0\x80"), "L"),
    "grey and alpha PNG": ("logo.png", pillow("LA", "PNG"), "LA"),
    "palette PNG with a transparent entry": ("logo.png", pillow("P", "PNG", transparency=0), "P"),
    "palette PNG with many alpha levels": ("logo.png", quantized, "P"),
    "RGB JPEG, progressive": ("logo.jpg", pillow("RGB", "JPEG", progressive=True), "RGB"),
    "RGB PNG, 16 bits": (
        "logo.png",
        raw_png(16, 2, struct.pack(">HHH", 7000, 24000, 36000)),
        "RGB",
    ),
    "RGBA PNG": ("logo.png", pillow("RGBA", "PNG"), "RGBA"),
    "grey and alpha PNG, 16 bits": ("logo.png", raw_png(16, 4, b"\x75\x30\xc3\x50"), "RGBA"),
    "grey PNG, 16 bits, a transparent grey": (
        "logo.png",
        raw_png(16, 0, b"\x75\x30", b"\x75\x30"),
        "I;16",
    ),
}
REFUSED = {
    "CMYK JPEG, Adobe (inverted)": ("logo.jpg", pillow("CMYK", "JPEG")),
    "CMYK JPEG, no Adobe marker": ("logo.jpg", without_adobe_marker(pillow("CMYK", "JPEG"))),
}


def with_logo(project: Path, name: str, data: bytes) -> int:
    """The logo in the template; the line `logo:` is on."""
    (project / "templates" / name).write_bytes(data)
    template = project / TEMPLATE
    text = template.read_text("utf-8")
    template.write_text(text + f"logo: templates/{name}\nlogo_alt: Logo van de G40\n", "utf-8")
    return text.count("\n") + 1


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_an_accepted_logo_makes_a_pdfa_draft(case: str, project: Path) -> None:
    page = pytest.importorskip("page", reason="page-validation is a test dependency")
    from PIL import Image

    name, make, mode = ACCEPTED[case]
    data = make()
    assert Image.open(io.BytesIO(data)).mode == mode
    with_logo(project, name, data)
    result = run_cli("build", project)
    assert result.code == 0, result.stderr
    (draft,) = (project / "output").glob("*-v001.pdf")
    for profile in ("3a", "ua1"):
        report = page.validate_pdf(str(draft), profile=profile)
        assert [f"{f.rule_id}: {f.message}" for f in report.failures] == []


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_cmyk_logo_is_refused_at_check_where_the_template_names_it(
    case: str, project: Path
) -> None:
    name, make = REFUSED[case]
    line = with_logo(project, name, make())
    for command in ("check", "build"):
        result = run_cli(command, project)
        assert result.code == 1, result.stderr
        said = f"{TEMPLATE}:{line}:7: error: logo 'templates/{name}' has CMYK (print) colours"
        assert said in result.stderr
        assert "save the logo as an RGB PNG" in result.stderr
    assert not [n for n in outputs(project) if n.endswith(".pdf")]


def test_every_mode_let_through_is_one_built_here() -> None:
    assert {mode for _, _, mode in ACCEPTED.values()} == LOGO_MODES
