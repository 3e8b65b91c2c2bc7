"""Every conformance claim checked by an independent validator: page-validation (PDF/A, PDF/UA).

Our own rules once said "PDF/A-3b holds" where page-validation found three
failures (an empty /Filter on the XMP stream). These tests ask the outside
checker, on the example and on documents that stress other parts of the page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, add_initiatives, run_cli
from draftkit import SLUG, add_drafts, new_project

page = pytest.importorskip("page", reason="page-validation is a test dependency")


def failures(path: Path, profile: str) -> list[str]:
    report = page.validate_pdf(str(path), profile=profile)
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as two drafts and a final."""
    project = new_project(tmp_path_factory.mktemp("independent") / "project")
    add_drafts(project, 3, final_last=True)
    return project


@pytest.mark.parametrize("number", [1, 3])
def test_the_example_drafts_are_pdfa_3b(example: Path, number: int) -> None:
    assert failures(example / "output" / f"{SLUG}-v{number:03d}.pdf", "3b") == []


def english(project: Path) -> None:
    overview = project / "inputs/overview.yaml"
    overview.write_text(
        overview.read_text("utf-8").replace("language: nl", "language: en"), "utf-8"
    )


def many_themes(project: Path) -> None:
    overview = project / "inputs/overview.yaml"
    extra = "".join(f"  - id: thema-{i}\n    label: Thema {i}\n" for i in range(6))
    text = overview.read_text("utf-8").replace("initiatives:\n", extra + "initiatives:\n", 1)
    overview.write_text(text, "utf-8")


def dense(project: Path) -> None:
    add_initiatives(project, 7, compact=True)


def with_logo(project: Path) -> None:
    from PIL import Image

    Image.new("RGB", (120, 60), (27, 94, 140)).save(project / "templates" / "logo.png")
    template = project / "templates" / "default.yaml"
    template.write_text(template.read_text("utf-8") + "logo: templates/logo.png\n", "utf-8")


@pytest.mark.parametrize("variant", [english, many_themes, dense, with_logo])
def test_other_documents_are_pdfa_3b(tmp_path: Path, variant: object) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "inputs", project / "inputs")
    shutil.copytree(ROOT / "templates", project / "templates")
    variant(project)  # type: ignore[operator]
    result = run_cli("build", project)
    assert result.code == 0, result.stderr
    (draft,) = (project / "output").glob("*-v001.pdf")
    assert failures(draft, "3b") == []
