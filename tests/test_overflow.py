"""A page too long even at the smallest size: advice an editor can act on, and the marked page.

The advice is tested the way an editor uses it: apply each suggested cut
mechanically (a field's last lines, a list's last items) and build again.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pypdf
import pytest

from conftest import DATA, ROOT, add_initiatives, run_cli
from proeve.chain import gather, validate
from proeve.errors import FitError
from proeve.frozen import replace
from proeve.inputs.model import Document, Initiative
from proeve.inputs.template import Template
from proeve.page.cards import card
from proeve.page.fonts import register
from proeve.page.layout import column_width, fit_page, frame_of
from proeve.page.overflow import describe
from proeve.page.styles import Styles

OVERFLOW = DATA / "docs" / "overflow-nl"


def lines_of(item: Initiative, field: str, template: Template, language: str, size: float) -> int:
    """How many lines `field` of this card takes at `size` (as the fit measured it)."""
    styles = Styles(size, template, register(template.font), language, 1.2)
    width = column_width(template, frame_of(template).width)
    stack = card(item, width, styles, template.labels[language])
    return sum(len(el.heights) for el in stack.elements if el.cuttable == f"{item.id}:{field}")


def shorter(text: str, fits: Any) -> str:
    """The longest prefix of whole words of `text` for which `fits(prefix)` holds."""
    words = text.split()
    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(" ".join(words[:middle])):
            low = middle
        else:
            high = middle - 1
    return " ".join(words[:low])


def apply_cuts(document: Document, template: Template, error: FitError) -> Document:
    """The document with every suggested cut made, at the smallest size, as an editor would."""
    size = template.sizes.body_min
    items = []
    for item in document.initiatives:
        advice = next((c for c in error.cuts if c["id"] == item.id), None)
        for field, count in (advice["fields"] if advice else {}).items():
            target = lines_of(item, field, template, document.language, size) - count

            def fits(candidate: Initiative, field: str = field, target: int = target) -> bool:
                return lines_of(candidate, field, template, document.language, size) <= target

            if field == "next_steps":
                steps = list(item.next_steps)
                while steps and not fits(replace(item, next_steps=tuple(steps))):
                    last = shorter(steps[-1], lambda t, s=steps, i=item: fits(
                        replace(i, next_steps=(*s[:-1], t))))  # fmt: skip
                    steps = steps[:-1] + ([last] if last else [])
                item = replace(item, next_steps=tuple(steps))
            else:
                text = shorter(
                    getattr(item, field), lambda t, f=field, i=item: fits(replace(i, **{f: t}))
                )
                item = replace(item, **{field: text})
        items.append(item)
    return replace(document, initiatives=tuple(items))


def test_the_cut_list_makes_the_overflowing_page_fit_in_one_round() -> None:
    document, template = validate(*gather(OVERFLOW))
    with pytest.raises(FitError) as caught:
        fit_page(document, template)
    error = caught.value
    assert error.cuts
    assert "cut " in str(error)
    layout = fit_page(apply_cuts(document, template, error), template)
    assert layout.font_size == template.sizes.body_min


def test_the_marked_page_shows_the_room_and_the_lines_to_cut() -> None:
    document, template = validate(*gather(OVERFLOW))
    with pytest.raises(FitError) as caught:
        fit_page(document, template)
    page = caught.value.page
    mark = page.overflow
    assert mark is not None
    assert mark.over_mm == pytest.approx(caught.value.overflow_mm)
    assert not [b for b in page.blocks if b.kind == "footer"]  # its place shows the overflow
    lowest = min(b.box.y for b in page.blocks)
    assert lowest < mark.limit  # the part that runs past the room is laid out, not cut off
    assert len(mark.cuts) == sum(c["lines"] for c in caught.value.cuts)
    cards = [b for b in page.blocks if b.kind == "card"]
    for bar in mark.cuts:  # beside a card, in the gutter to its right
        assert any(abs(bar.x - (c.box.x + c.box.width)) < 3 and c.box.y <= bar.y for c in cards)


def test_a_large_overflow_too(project: Path) -> None:
    """The example and four longer copies: many lines over; the advice still works at once."""
    add_initiatives(project, 4, extra_text="Een lange uitleg die de kaart flink langer maakt. " * 2)
    document, template = validate(*gather(project))
    with pytest.raises(FitError) as caught:
        fit_page(document, template)
    error = caught.value
    assert sum(c["lines"] for c in error.cuts) > 5
    layout = fit_page(apply_cuts(document, template, error), template)
    assert layout.font_size == template.sizes.body_min


def test_the_advice_reads_right() -> None:
    from proeve.page.cuts import Cut

    one = [Cut("housing-first", "housing-first:approach", 9, 8.4, 1)]
    names = {"housing-first": "Housing First"}
    assert describe(one, names) == "cut 1 line: Housing First (approach 1 line)"
    more = [*one, Cut("housing-first", "housing-first:next_steps", 12, 8.4, 1),
            Cut("housing-first", "housing-first:approach", 8, 8.4, 1)]  # fmt: skip
    assert describe(more, names) == (
        "cut 3 lines: Housing First (approach 2 lines, next steps 1 line)"
    )


def test_check_json_lists_the_cuts_and_a_comfortable_size() -> None:
    result = run_cli("check", OVERFLOW, "--json")
    assert result.code == 1
    data = json.loads(result.stdout)
    assert data["error"] == "does not fit"
    assert data["cut_lines"] == sum(c["lines"] for c in data["cuts"]) >= 1
    assert {"id", "title", "lines", "fields"} <= set(data["cuts"][0])
    assert data["comfortable"]["font_size"] == 8.0
    assert sum(c["lines"] for c in data["comfortable"]["cuts"]) > data["cut_lines"]


def test_preview_shows_the_page_marked_and_build_writes_no_draft(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(OVERFLOW, project)
    result = run_cli("preview", project)
    assert result.code == 1
    assert "does not fit on one A4 page" in result.stderr
    assert "marked where it runs over" in result.stderr
    pdf = pypdf.PdfReader(io.BytesIO((project / "output/preview.pdf").read_bytes()))
    assert len(pdf.pages) == 1
    assert pdf.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)
    text = pdf.pages[0].extract_text()
    assert "Past niet" in text  # the mark, in the document's language
    assert "Inburgering" in text
    result = run_cli("build", project)
    assert result.code == 1
    written = sorted(p.name for p in (project / "output").iterdir() if p.name != ".versions.lock")
    assert written == ["preview.pdf"]


def test_the_example_fits_without_advice() -> None:
    document, template = validate(*gather(ROOT))
    layout = fit_page(document, template)
    assert layout.overflow is None
    assert layout.warnings == ()
