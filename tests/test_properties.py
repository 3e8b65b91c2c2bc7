"""Random text in every field: the result is one page, or a clear error; never a crash."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pypdf
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from proeve.chain import fit, gather, make_pdf
from proeve.errors import FitError, InputErrors
from proeve.identity import Edition

MARKUP = st.sampled_from(
    ["<", ">", "&", "**", "*", "<b>", "</i>", "&amp;", '<img src="x"/>', "<br/>"]
)
LONG_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzëé", min_size=40, max_size=120)
CHARS = st.characters(exclude_categories=("Cs", "Cc", "Co"))
TEXT = st.lists(
    st.one_of(st.text(CHARS, max_size=40), MARKUP, LONG_WORD),
    min_size=1,
    max_size=8,
).map(" ".join)
SHORT = st.one_of(MARKUP, st.text(CHARS, min_size=1, max_size=12))
BASE = yaml.safe_load((ROOT / "inputs/initiatives/mkb-roltrap.yaml").read_text(encoding="utf-8"))


def one_page_or_a_clear_error(project: Path) -> bool:
    """Build the project: one page, a located input error, or a fit error with its overflow."""
    try:
        built = make_pdf(*gather(project))
    except InputErrors as exc:
        event("input error")
        return all(issue.where.line >= 1 for issue in exc.issues)
    except FitError as exc:
        event("does not fit")
        return exc.overflow_mm > 0
    event("rendered")
    return len(pypdf.PdfReader(io.BytesIO(built.pdf)).pages) == 1


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=SHORT, summary=TEXT, goal=TEXT, partner=TEXT, value=SHORT)
def test_random_text_gives_one_page_or_a_clear_error(
    project: Path, title: str, summary: str, goal: str, partner: str, value: str
) -> None:
    data = dict(BASE, title=title, summary=summary, goal=goal, partners=[partner])
    data["figures"] = [{"value": value, "label": title}]
    path = project / "inputs/initiatives/mkb-roltrap.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert one_page_or_a_clear_error(project)


OVERVIEW = yaml.safe_load((ROOT / "inputs/overview.yaml").read_text(encoding="utf-8"))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=TEXT, intro=TEXT, theme=SHORT, more_info=TEXT)
def test_random_overview_text_gives_one_page_or_a_clear_error(
    project: Path, title: str, intro: str, theme: str, more_info: str
) -> None:
    data = dict(OVERVIEW, title=title[:120], intro=intro)
    data["themes"] = [dict(OVERVIEW["themes"][0], label=theme), *OVERVIEW["themes"][1:]]
    data["footer"] = dict(OVERVIEW["footer"], more_info=more_info[:200])
    path = project / "inputs/overview.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert one_page_or_a_clear_error(project)


WORDS = st.sampled_from(
    [
        "werk",
        "economie",
        "aanpak",
        "regio",
        "steden",
        "pijler",
        "netwerk",
        "samen",
        "digitaal",
        "ondernemers",
        "binnensteden",
        "arbeidsmarkt",
        "MKB-roltrap",
        "dwarsverbanden",
        "&",
        "·",
        "Impact",
    ]
)
PHRASE = st.lists(WORDS, min_size=1, max_size=18).map(" ".join)
SOURCES, TEMPLATE = gather(ROOT)


@settings(max_examples=60, deadline=None)
@given(
    title=PHRASE,
    goal=st.lists(WORDS, max_size=120).map(" ".join),
    number=st.integers(1, 999),
    month=st.integers(1, 12),
    day=st.integers(1, 28),
    final=st.booleans(),
)
def test_the_draft_identity_never_changes_the_fit(
    title: str, goal: str, number: int, month: int, day: int, final: bool
) -> None:
    """check, preview and draft vNNN lay out the same page (issue 8: a long title gave
    8.5 pt in check and 8.25 pt in draft v123, because the stamp's width set the title's)."""
    overview = dict(OVERVIEW, title=title[:120])
    initiative = dict(BASE, goal=f"{BASE['goal']} {goal}".strip())
    sources = SOURCES.with_file(
        "inputs/overview.yaml", yaml.safe_dump(overview, allow_unicode=True).encode()
    ).with_file(
        "inputs/initiatives/mkb-roltrap.yaml",
        yaml.safe_dump(initiative, allow_unicode=True).encode(),
    )
    created = dt.datetime(2026, month, day, 9, 30, tzinfo=dt.timezone.utc)
    edition = Edition("final" if final else "draft", number, created)
    try:
        checked = fit(sources, TEMPLATE)
    except FitError:
        with pytest.raises(FitError):
            fit(sources, TEMPLATE, edition)
        return
    drafted = fit(sources, TEMPLATE, edition)
    assert drafted.layout.font_size == checked.layout.font_size
    assert drafted.layout.line_spacing == checked.layout.line_spacing
    assert [(b.key, b.box) for b in drafted.layout.blocks] == [
        (b.key, b.box) for b in checked.layout.blocks
    ]
