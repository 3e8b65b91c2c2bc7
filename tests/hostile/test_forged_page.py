"""A page replaced while its embedded sources were kept never reads as "no differences".

Before, diff compared only the sources: a draft whose page had been swapped
(here: the next draft's page, or a blank one) but whose attachments were kept
gave "no differences", exit 0. Now each page is rebuilt from its own sources
and compared (bytes, then pixels), and a page that its sources do not build
is said loudly, first, and counts as a difference.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from draftkit import one_figure_changed
from forge import attachments_of, reattached, transplant, with_attachments

LOUD = "its page is NOT what its embedded sources build"


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """v1 the example, v2 with one changed figure (4 -> 5)."""
    return one_figure_changed(tmp_path_factory.mktemp("forged") / "project")


def draft(project: Path, number: int) -> bytes:
    return (project / f"output/economie-en-werk-v00{number}.pdf").read_bytes()


@pytest.fixture
def forged(drafts: Path, tmp_path: Path) -> Path:
    """v1 as the round forged it: v2's page, v1's sources."""
    path = tmp_path / "v1.pdf"
    path.write_bytes(transplant(draft(drafts, 2), draft(drafts, 1)))
    return path


def test_a_forged_page_with_kept_sources_is_a_difference(drafts: Path, forged: Path) -> None:
    genuine = drafts / "output/economie-en-werk-v001.pdf"
    result = run_cli("diff", genuine, forged)
    assert result.code == 1, result.stderr
    first = result.stdout.splitlines()[0]
    assert (
        first
        == "economie-en-werk-v001.pdf → v1.pdf: v1.pdf: the page is not what its sources build"
    )
    assert f"warning: v1.pdf: {LOUD}" in result.stderr
    assert "no differences" not in result.stdout


def test_the_forged_side_is_named_beside_the_real_changes(drafts: Path, forged: Path) -> None:
    result = run_cli("diff", forged, drafts / "output/economie-en-werk-v002.pdf", "--json")
    assert result.code == 1, result.stderr
    reported = json.loads(result.stdout)
    assert reported["same"] is False
    assert reported["pages"] == {"a": "differs", "b": "built"}
    assert any(LOUD in w for w in reported["warnings"])
    assert [c["id"] for c in reported["initiatives"]] == ["mkb-roltrap"]  # the sources' change


def test_a_blank_page_with_kept_sources(drafts: Path, tmp_path: Path) -> None:
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(reattached(draft(drafts, 1)))
    result = run_cli("diff", drafts / "output/economie-en-werk-v001.pdf", blank)
    assert result.code == 1, result.stderr
    assert LOUD in result.stderr


def test_a_review_of_a_forged_page_is_written(drafts: Path, forged: Path, tmp_path: Path) -> None:
    review = tmp_path / "review.pdf"
    genuine = drafts / "output/economie-en-werk-v001.pdf"
    result = run_cli("diff", genuine, forged, "--pdf", review)
    assert result.code == 1, result.stderr
    assert review.read_bytes().startswith(b"%PDF-")


def test_genuine_drafts_raise_no_alarm(drafts: Path) -> None:
    result = run_cli("diff", "1", "2", drafts, "--json")
    assert result.code == 1, result.stderr
    reported = json.loads(result.stdout)
    assert reported["pages"] == {"a": "built", "b": "built"}
    assert reported["warnings"] == []
    assert "warning" not in result.stderr


def test_a_page_written_again_by_another_tool_is_still_no_difference(
    drafts: Path, tmp_path: Path
) -> None:
    """Other bytes, the same pixels (pypdf wrote the same page and sources anew)."""
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(transplant(draft(drafts, 1), draft(drafts, 1)))
    assert copy.read_bytes() != draft(drafts, 1)
    result = run_cli("diff", drafts / "output/economie-en-werk-v001.pdf", copy, "--json")
    assert result.code == 0, result.stderr
    reported = json.loads(result.stdout)
    assert reported["same"] is True
    assert reported["pages"] == {"a": "built", "b": "looks built"}


def test_sources_this_proeve_cannot_print_leave_the_page_unchecked_not_a_crash(
    drafts: Path, tmp_path: Path
) -> None:
    """A draft made before characters were checked (a CJK title) still compares."""
    files = attachments_of(draft(drafts, 1))
    name = "inputs/initiatives/mkb-roltrap.yaml"
    files[name] = files[name].replace(b"title: MKB-roltrap\n", "title: MKB-roltrap 中\n".encode())
    old = tmp_path / "old.pdf"
    old.write_bytes(with_attachments(list(files.items())))
    result = run_cli("diff", drafts / "output/economie-en-werk-v001.pdf", old)
    assert result.code == 1, result.stderr
    assert "old.pdf: its page could not be checked against its sources" in result.stderr
    assert "this proeve cannot print them" in result.stderr
    assert "internal error" not in result.stderr
