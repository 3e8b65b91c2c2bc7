"""The page as pixels: the example, a dense and a sparse page against golden images.

On a mismatch, actual, expected and difference images land in tests/results/.
Regenerate deliberately with `pytest tests/test_look.py --update-golden`.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from conftest import DATA, ROOT
from proeve.chain import gather, make_pdf
from proeve.pdf.raster import page_png

GOLDEN = DATA / "golden"
RESULTS = ROOT / "tests" / "results"
DPI = 40
MAX_CHANGED = 0.004  # share of pixels allowed to differ (anti-aliasing, not layout)


def compare(name: str, pdf: bytes, update: bool) -> None:
    actual = Image.open(io.BytesIO(page_png(pdf, DPI))).convert("L")
    golden = GOLDEN / f"{name}.png"
    if update or not golden.exists():
        if not update:
            pytest.fail(f"no golden image {golden}; run pytest with --update-golden to create it")
        actual.save(golden)
        return
    with Image.open(golden) as stored:
        expected = stored.convert("L")
    assert actual.size == expected.size
    difference = ImageChops.difference(actual, expected)
    changed = sum(difference.histogram()[41:]) / (actual.width * actual.height)
    if changed > MAX_CHANGED:
        RESULTS.mkdir(parents=True, exist_ok=True)
        actual.save(RESULTS / f"{name}-actual.png")
        expected.save(RESULTS / f"{name}-expected.png")
        difference.point(lambda v: 255 if v > 40 else 0).save(RESULTS / f"{name}-diff.png")
        pytest.fail(f"{name}: {changed:.2%} of pixels differ; see {RESULTS}")


PAGES = {
    "example": ROOT,  # 5 initiatives, Dutch: 8.75 pt, one card goes on in column 3
    "dense-nl": DATA / "docs" / "dense-nl",  # 7 initiatives: 7.25 pt, dwarsverbanden spanning
    "sparse-en": DATA / "docs" / "sparse-en",  # 3 initiatives, English: level where it ends
}


@pytest.mark.parametrize("name", PAGES)
def test_page_looks_as_approved(name: str, request: pytest.FixtureRequest) -> None:
    pdf = make_pdf(*gather(PAGES[name])).pdf
    compare(name, pdf, request.config.getoption("--update-golden"))


def test_example_page_is_not_blank() -> None:
    image = Image.open(io.BytesIO(page_png(make_pdf(*gather(ROOT)).pdf, DPI))).convert("L")
    dark = sum(image.histogram()[:128]) / (image.width * image.height)
    assert 0.01 < dark < 0.5


@pytest.mark.parametrize("name", PAGES)
def test_golden_images_are_the_page_size(name: str) -> None:
    with Image.open(GOLDEN / f"{name}.png") as image:
        assert image.size == (round(595.27 * DPI / 72), round(841.89 * DPI / 72))
