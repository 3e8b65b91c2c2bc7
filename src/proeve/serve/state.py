"""A rebuild round (drafts.watch.Round) -> a Snapshot: what the browser shows beside the page.

A good round brings a new page image and its regions; a round whose inputs
break keeps the last good page (marked stale) and brings the located errors;
a page that does not fit brings the page as it stands, marked where it runs
over, and the advice on what to cut.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proeve.errors import FitError, InputErrors, ProeveError
from proeve.frozen import Frozen, field, replace
from proeve.serve.image import page_image
from proeve.serve.places import Region, regions

if TYPE_CHECKING:  # the chain imports ReportLab: the server binds and says where first
    from proeve.chain import Built
    from proeve.drafts.watch import Round


class Snapshot(Frozen):
    """One state of the page: its number, its image (PNG bytes) and what it says, as JSON."""

    version: int
    image: bytes | None  # None: the image of an earlier snapshot still stands
    regions: tuple[Region, ...]
    data: dict[str, Any]
    pdf: bytes | None = field(default=None, repr=False)  # the page shown, to draw again


def first(version: int) -> Snapshot:
    """The state before the first build is done."""
    return Snapshot(version, None, (), {"version": version, "building": True, "image": None})


def snapshot(done: Round, version: int, last: Snapshot, width: int | None = None) -> Snapshot:
    """This round's state; `last` gives the page image and regions a broken round keeps.

    `width`: the image's width in pixels (the page's box on the screen, in device pixels).
    """
    common = {"version": version, "changed": list(done.changed), "ms": round(done.seconds * 1000)}
    if done.preview is not None:
        built = done.preview.built
        began = time.perf_counter()
        image = page_image(built.pdf, width)
        drawn = time.perf_counter()
        found = _regions(built)
        data = {**common, "ok": True, **_fit(built), "image": _url(version)}
        data["regions"] = [r.to_json() for r in found]
        # What this round cost after the rebuild (bench/serve.py reports it).
        data["image_ms"] = round((drawn - began) * 1000)
        data["regions_ms"] = round((time.perf_counter() - drawn) * 1000)
        return Snapshot(version, image, found, data, built.pdf)
    problem = done.problem
    assert problem is not None
    if isinstance(problem, FitError) and problem.preview:
        as_it_stands = _read(Path(problem.preview))
        if as_it_stands is not None:
            data = {**common, "ok": False, **problem_json(problem), "image": _url(version)}
            data = {**data, "overflow": True, "regions": []}
            return Snapshot(version, page_image(as_it_stands, width), (), data, as_it_stands)
    shown = last.data.get("image")
    data = {**common, "ok": False, **problem_json(problem), "image": shown, "stale": bool(shown)}
    data["regions"] = last.data.get("regions", [])
    data["fit"] = last.data.get("fit")
    return Snapshot(version, None, last.regions, data, last.pdf)


def redrawn(shown: Snapshot, version: int, width: int) -> Snapshot | None:
    """The same state with its page drawn again at another width (None: no page yet)."""
    if shown.pdf is None:
        return None
    data = {**shown.data, "version": version, "image": _url(version)}
    return replace(shown, version=version, image=page_image(shown.pdf, width), data=data)


def problem_json(problem: ProeveError) -> dict[str, Any]:
    """The errors, each located where it has a place; a fit's advice on what to cut."""
    if isinstance(problem, InputErrors):
        issues = [i.to_json() for i in problem.issues]
        return {"problems": [{**i, "col": i.pop("column")} for i in issues]}
    if isinstance(problem, FitError):
        return {
            "problems": [{"message": str(problem)}],
            "cuts": problem.cuts,
            "comfortable": problem.comfortable,
            "overflow_mm": round(problem.overflow_mm, 1),
        }
    return {"problems": [{"message": line} for line in str(problem).splitlines()]}


def _fit(built: Built) -> dict[str, Any]:
    fitted = built.fitted
    layout = fitted.layout
    names = {i.id: i.label for i in fitted.document.initiatives}
    summary, *_ = fitted.summary().splitlines()
    return {
        "fit": {
            "font_size": layout.font_size,
            "fill": round(layout.fill, 4),
            "columns": layout.columns,
            "continued": [names.get(k, k) for k in layout.continued() if k in names],
        },
        "summary": summary,
        "warnings": list(layout.warnings),
    }


def _regions(built: Built) -> tuple[Region, ...]:
    positions = built.manifest.positions
    if positions is None:
        return ()
    return regions(positions, built.fitted.sources)


def _read(pdf: Path) -> bytes | None:
    """The page as it stands, which the preview just wrote there (None if it is gone)."""
    try:
        return pdf.read_bytes()
    except OSError:
        return None


def _url(version: int) -> str:
    return f"/page/{version}.png"
