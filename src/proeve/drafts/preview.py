"""A project folder -> output/preview.pdf (and PNG), and the watch loop that rebuilds it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

from proeve.chain import Built, Fitted, fit, gather, make_pdf, overflow_pdf
from proeve.errors import FitError
from proeve.frozen import Frozen
from proeve.fsio import writing


class Preview(Frozen):
    built: Built
    pdf: Path
    png: Path | None


def check(project: Path, template: str = "default") -> Fitted:
    """Validate and fit, without rendering or writing anything."""
    return fit(*gather(project, template))


def write_preview(project: Path, template: str = "default", png: bool = False) -> Preview:
    """Build the unversioned preview; it is the one output file that is replaced each time.

    A page that does not fit is still written, marked where it runs over, and
    the FitError is raised on, saying where it is.
    """
    sources, name = gather(project, template)
    try:
        built = make_pdf(sources, name)
    except FitError as error:
        if error.page is None:
            raise
        out, _ = _write(project, overflow_pdf(sources, name, error), png)
        raise error.shown_in(str(out)) from None
    out, image = _write(project, built.pdf, png)
    return Preview(built, out, image)


def _write(project: Path, pdf: bytes, png: bool) -> tuple[Path, Path | None]:
    from proeve.drafts.folder import PREVIEW, output_folder, put_preview

    folder = output_folder(project)
    out = folder / PREVIEW
    with writing("write the preview", "an earlier preview is as it was", out):
        put_preview(folder, PREVIEW, pdf)
    image = None
    if png:
        image = out.with_suffix(".png")
        from proeve.pdf.raster import page_png

        with writing("write the preview's image", f"{out} was written, not the image", image):
            put_preview(folder, image.name, page_png(pdf, 100))
    return out, image


def watched_files(project: Path) -> dict[Path, float]:
    """Every file whose change should trigger a rebuild, with its modification time."""
    paths = [*project.glob("inputs/**/*.yaml"), *project.glob("templates/*")]
    return {p: p.stat().st_mtime for p in paths if p.is_file()}


def watch(project: Path, interval: float = 0.5) -> Iterator[None]:
    """Yield once at the start and once after every change of an input or template file."""
    seen: dict[Path, float] | None = None
    while True:
        current = watched_files(project)
        if current != seen:
            seen = current
            yield
        time.sleep(interval)


def run_watch(project: Path, rebuild: Callable[[], None]) -> None:
    for _ in watch(project):
        rebuild()
