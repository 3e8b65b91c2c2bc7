"""Two gray page images -> their pixel difference: share changed, boxed regions, overlay images.

The overlay reads like diff-pdf: ink only in the old page is red, ink only in the
new page is blue, ink in both is black; outside the changed regions the page is
faded to light gray, and each region is framed in black so it shows in print.
Not by colour only: in gray print the old ink is a mid gray and the new ink
near black on a light highlight (as inserted words are on page 1), and both
inks keep 4.5:1 contrast against white paper.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from proeve.frozen import Frozen, field

# Pixels count as changed above this gray difference; same rasteriser, so equal areas are 0.
THRESHOLD = 24
CELL = 10  # regions are found on a grid of CELL x CELL pixel cells (at 100 dpi: 2.5 mm)...
REACH = 2  # ...and cells up to REACH cells apart belong to one region
MAX_REGIONS = 80
# Gray (ITU-R 601 luma, as Pillow's "L"): old ink 106, new ink 36 on a highlight of 223.
OLD_INK, NEW_INK = (214, 60, 60), (15, 30, 120)
HIGHLIGHT = (255, 226, 120)
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
    cell = max(1, round(CELL * dpi / 100))
    regions = find_regions(mask, cell) if changed else ()
    area = Image.new("L", size, 0)
    _fill(area, regions)
    overlay = _overlay(old, new, area, dpi)
    frame = max(2, round(2 * dpi / 100))
    _frame(overlay, regions, frame)
    marked_old = _marked(old, _ink(mask, old), OLD_INK, regions, frame)
    marked_new = _marked(new, _ink(mask, new), NEW_INK, regions, frame)
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


def find_regions(mask: Any, cell: int = CELL) -> tuple[tuple[int, int, int, int], ...]:
    """Boxes around groups of changed pixels, found on a grid of `cell` pixels (fast, merges
    near changes)."""
    from PIL import Image

    columns, rows = -(-mask.width // cell), -(-mask.height // cell)
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
        box = (min(xs) * cell, min(ys) * cell, (max(xs) + 1) * cell, (max(ys) + 1) * cell)
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


def _overlay(old: Any, new: Any, area: Any, dpi: int) -> Any:
    """Inside the changed regions: ink in both black, only in the old red, only in the new dark
    blue on a highlight; elsewhere the new page, faded."""
    from PIL import Image, ImageChops, ImageFilter

    only_old = ImageChops.subtract(new, old)  # how much darker the old page is: its own ink
    only_new = ImageChops.subtract(old, new)
    both = ImageChops.invert(ImageChops.lighter(old, new))
    reach = 2 * max(1, round(dpi / 100)) + 1  # the highlight reaches ~0.5 mm round the ink
    halo = only_new.point(lambda v: 255 if v > THRESHOLD else 0).filter(
        ImageFilter.MaxFilter(reach)
    )
    coloured = Image.new("RGB", old.size, (255, 255, 255))
    coloured.paste(HIGHLIGHT, (0, 0, *old.size), halo)
    coloured.paste((0, 0, 0), (0, 0, *old.size), both)
    coloured.paste(OLD_INK, (0, 0, *old.size), only_old)
    coloured.paste(NEW_INK, (0, 0, *old.size), only_new)
    faded = new.point(lambda v: 255 - (255 - v) * 35 // 100).convert("RGB")
    return Image.composite(coloured, faded, area)


def _marked(page: Any, ink: Any, colour: tuple[int, int, int], regions: Any, frame: int = 2) -> Any:
    """The page as it is, its changed ink tinted, the changed regions framed."""
    from PIL import Image

    image = page.convert("RGB")
    image.paste(Image.new("RGB", page.size, colour), (0, 0), ink)
    _frame(image, regions, frame)
    return image


def _frame(image: Any, regions: tuple[tuple[int, int, int, int], ...], width: int = 2) -> None:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    for left, top, right, bottom in regions:
        out = width + 1
        box = (left - out, top - out, right + width, bottom + width)
        draw.rectangle(box, outline=(0, 0, 0), width=width)


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
