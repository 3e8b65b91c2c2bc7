"""The review page with level columns: a changed card is barred on every slice, ringed once."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, run_cli
from proeve.diff import decor, markpage

DENSE = DATA / "docs" / "dense-nl"


def fit_page(project: Path) -> Any:
    from proeve.chain import fit, gather

    return fit(*gather(project)).layout


def test_a_split_card_is_barred_on_each_slice_and_ringed_where_its_tag_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    shutil.copytree(DENSE, project)
    assert run_cli("build", project, "-m", "een").code == 0
    split = next(b.key for b in fit_page(project).blocks if b.part)  # the card that goes on
    path = project / f"inputs/initiatives/{split}.yaml"
    text = path.read_text("utf-8")
    status = "idee" if "status: afgerond" in text else "afgerond"
    path.write_text(re.sub(r"(?m)^status: .*$", f"status: {status}", text), "utf-8")
    assert run_cli("build", project, "-m", "twee").code == 0

    bars: list[tuple[str, int]] = []
    rings: list[Any] = []
    layouts: list[Any] = []
    real_bar, real_ring, real_fit = decor._bar, decor._ring, markpage.fit_marked

    def bar(canvas: Any, block: Any, label: str, faces: Any) -> None:
        bars.append((block.key, block.part))
        real_bar(canvas, block, label, faces)

    def ring(canvas: Any, tag: Any) -> None:
        rings.append(tag)
        real_ring(canvas, tag)

    def fit(*args: Any) -> Any:
        found = real_fit(*args)
        layouts.append(found[0])
        return found

    monkeypatch.setattr(decor, "_bar", bar)
    monkeypatch.setattr(decor, "_ring", ring)
    monkeypatch.setattr(markpage, "fit_marked", fit)
    result = run_cli("diff", "1", "2", project, "--pdf", tmp_path / "review.pdf")
    assert result.code == 1, result.stderr
    slices = [b for b in layouts[0].blocks if b.key == split]
    assert len(slices) == 2  # the card goes on in the next column on the review page too
    assert [(k, p) for k, p in bars if k == split] == [(split, 0), (split, 1)]
    assert len(rings) == 1
    first = slices[0]
    assert first.box.x <= rings[0].x <= first.box.x + first.box.width
    assert first.box.y <= rings[0].y <= first.box.top
