"""Random text in every field: the result is one page, or a clear error; never a crash."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from proeve.chain import gather, make_pdf
from proeve.errors import FitError, InputErrors

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
