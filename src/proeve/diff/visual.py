"""Two gray page images -> their pixel difference: share changed, boxed regions, overlay images.

The overlay reads like diff-pdf: ink only in the old page is red, ink only in the
new page is blue, ink in both is black; outside the changed regions the page is
faded to light gray, and each region is framed in black so it shows in print.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from proeve.frozen import Frozen, field

# Pixels count as changed above this gray difference; same rasteriser, so equal areas are 0.
THRESHOLD = 24
CELL = 10  # regions are found on a grid of CELL x CELL pixel cells...
REACH = 2  # ...and cells up to REACH cells apart belong to one region
MAX_REGIONS = 80
OLD_INK, NEW_INK = (214, 40, 40), (30, 80, 200)
MM_PER_INCH = 25.4


class Visual(Frozen):
    """The pixel comparison of two pages drawn at `dpi`."""

    dpi: int
    size: tuple[int, int]
    changed: float  # share of the page's pixels that differ
    regions: tuple[tuple[int, int, int, int], ...]  # (left, top, right, bottom) in pixels
    overlay: Any = field(repr=False, compare=False)  # PIL RGB image
    old: Any = field(repr=False, compare=False)  # old page, its own changes marked
    new: Any = field(repr=False, compare=False)  # new page, its own changes marked

    @property
    def same(self) -> bool:
        return not self.regions

    def to_json(self) -> dict[str, Any]:
        mm = MM_PER_INCH / self.dpi
        return {
            "dpi": self.dpi,
            "changed_pixels": round(self.changed, 5),
            "regions_mm": [[round(v * mm, 1) for v in box] for box in self.regions],
        }


def compare_pages(old: Any, new: Any, dpi: int, ignore: Any = None) -> Visual:
    """Compare two gray images (padded to one size) and draw the overlays.

    `ignore` (a mask of the page's size, white where to look away) leaves an
    area out: a draft's watermark when a draft is compared with a final.
    """
    from PIL import Image, ImageChops

    size = (max(old.width, new.width), max(old.height, new.height))
    old, new = _pad(old, size), _pad(new, size)
    mask = ImageChops.difference(old, new).point(lambda v: 255 if v > THRESHOLD else 0)
    if ignore is not None:
        mask = ImageChops.subtract(mask, ignore.crop((0, 0, *size)))
    changed = mask.histogram()[255] / (size[0] * size[1])
    regions = find_regions(mask) if changed else ()
    area = Image.new("L", size, 0)
    _fill(area, regions)
    overlay = _overlay(old, new, area)
    _frame(overlay, regions)
    marked_old = _marked(old, _ink(mask, old), OLD_INK, regions)
    marked_new = _marked(new, _ink(mask, new), NEW_INK, regions)
    return Visual(dpi, size, changed, regions, overlay, marked_old, marked_new)


def _ink(mask: Any, page: Any) -> Any:
    """The changed pixels that are ink (not paper) on this page."""
    from PIL import ImageChops

    return ImageChops.multiply(mask, page.point(lambda v: 255 if v < 160 else 0))


def _pad(image: Any, size: tuple[int, int]) -> Any:
    if image.size == size:
        return image
    from PIL import Image

    canvas = Image.new("L", size, 255)
    canvas.paste(image, (0, 0))
    return canvas


def find_regions(mask: Any) -> tuple[tuple[int, int, int, int], ...]:
    """Boxes around groups of changed pixels, found on a coarse grid (fast, merges near changes)."""
    from PIL import Image

    columns, rows = -(-mask.width // CELL), -(-mask.height // CELL)
    grid = mask.resize((columns, rows), Image.Resampling.BOX).load()
    todo = {(x, y) for y in range(rows) for x in range(columns) if grid[x, y]}
    boxes = []
    while todo:
        start = todo.pop()
        queue, cells = deque([start]), [start]
        while queue:
            cx, cy = queue.popleft()
            for dx in range(-REACH, REACH + 1):
                for dy in range(-REACH, REACH + 1):
                    neighbour = (cx + dx, cy + dy)
                    if neighbour in todo:
                        todo.remove(neighbour)
                        queue.append(neighbour)
                        cells.append(neighbour)
        xs, ys = [c[0] for c in cells], [c[1] for c in cells]
        box = (min(xs) * CELL, min(ys) * CELL, (max(xs) + 1) * CELL, (max(ys) + 1) * CELL)
        boxes.append((box[0], box[1], min(box[2], mask.width), min(box[3], mask.height)))
    boxes.sort(key=lambda b: (b[1], b[0]))
    return tuple(boxes) if len(boxes) <= MAX_REGIONS else (_union(boxes),)


def _union(boxes: list[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _fill(area: Any, regions: tuple[tuple[int, int, int, int], ...]) -> None:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(area)
    for box in regions:
        draw.rectangle(box, fill=255)


def _overlay(old: Any, new: Any, area: Any) -> Any:
    """diff-pdf colours inside the changed regions, a faded new page elsewhere."""
    from PIL import Image, ImageChops

    coloured = Image.merge("RGB", (new, ImageChops.darker(old, new), old))
    faded = new.point(lambda v: 255 - (255 - v) * 35 // 100).convert("RGB")
    return Image.composite(coloured, faded, area)


def _marked(page: Any, ink: Any, colour: tuple[int, int, int], regions: Any) -> Any:
    """The page as it is, its changed ink tinted, the changed regions framed."""
    from PIL import Image

    image = page.convert("RGB")
    image.paste(Image.new("RGB", page.size, colour), (0, 0), ink)
    _frame(image, regions)
    return image


def _frame(image: Any, regions: tuple[tuple[int, int, int, int], ...]) -> None:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    for left, top, right, bottom in regions:
        draw.rectangle((left - 3, top - 3, right + 2, bottom + 2), outline=(0, 0, 0), width=2)


def png(image: Any) -> bytes:
    """An image as PNG bytes."""
    import io

    from PIL.PngImagePlugin import PngInfo

    # Marks the file as ours, so a later diff may replace it (proeve.diff.write).
    info = PngInfo()
    info.add_text("Software", "proeve review")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()
