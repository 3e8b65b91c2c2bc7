"""Templates: choosing one, and the logo rule (inside the project's templates/, nothing else)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from conftest import outputs, run_cli


def with_logo(project: Path, value: str, alt: str | None = "Logo van de G40") -> None:
    template = project / "templates/default.yaml"
    added = f"logo: {value}\n" + (f"logo_alt: {alt}\n" if alt else "")
    template.write_text(template.read_text(encoding="utf-8") + added, encoding="utf-8")


def png(path: Path) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), "#1B5E8C").save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def test_logo_is_drawn_embedded_and_extracted_again(project: Path, tmp_path: Path) -> None:
    data = png(project / "templates/logo.png")
    with_logo(project, "templates/logo.png")
    assert run_cli("preview", project).code == 0
    pdf = project / "output/preview.pdf"
    reader = pypdf.PdfReader(pdf)
    assert reader.pages[0]["/Resources"]["/XObject"]
    assert reader.attachments["templates/logo.png"] == [data]
    copy = tmp_path / "copy"
    assert run_cli("extract", pdf, copy).code == 0
    assert run_cli("preview", copy).code == 0
    assert (copy / "output/preview.pdf").read_bytes() == pdf.read_bytes()


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("../logo.png", "must be a file under the project's templates/ folder, without '..'"),
        ("templates/../../logo.png", "without '..'"),
        ("/etc/passwd", "no absolute path"),
        ("https://example.org/logo.png", "no URL"),
        ("file:///etc/passwd", "no URL"),
        ("templates/missing.png", "file not found"),
        ("templates/default.yaml", "must be a .png or .jpg image"),
    ],
)
def test_logo_outside_the_rules_is_refused(project: Path, value: str, reason: str) -> None:
    png(project.parent / "logo.png")
    with_logo(project, value)
    result = run_cli("preview", project)
    assert result.code == 1
    assert "templates/default.yaml:" in result.stderr
    assert reason in result.stderr
    assert outputs(project) == []


def test_a_logo_needs_its_alternative_text(project: Path) -> None:
    png(project / "templates/logo.png")
    with_logo(project, "templates/logo.png", alt=None)
    lines = (project / "templates/default.yaml").read_text(encoding="utf-8").splitlines()
    result = run_cli("preview", project)
    assert result.code == 1
    assert f"templates/default.yaml:{len(lines)}:1: error: a logo needs 'logo_alt'" in result.stderr
    assert outputs(project) == []


def test_a_logo_is_a_figure_with_the_templates_alternative_text(project: Path) -> None:
    import pikepdf

    png(project / "templates/logo.png")
    with_logo(project, "templates/logo.png", alt='"Logo: G40 stedennetwerk"')
    assert run_cli("preview", project).code == 0
    with pikepdf.open(project / "output/preview.pdf") as pdf:
        figures = [
            o for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"
        ]  # fmt: skip
        assert [str(f.Alt) for f in figures] == ["Logo: G40 stedennetwerk"]
        assert figures[0].A.O == "/Layout"
        assert len(figures[0].A.BBox) == 4


def test_older_templates_without_the_cell_words_still_work(project: Path) -> None:
    template = project / "templates/default.yaml"
    text = template.read_text(encoding="utf-8")
    kept = [
        line for line in text.splitlines() if "matrix_yes" not in line and "matrix_no" not in line
    ]
    template.write_text("\n".join(kept) + "\n", encoding="utf-8")
    from proeve.inputs.template import read_template

    labels = read_template("templates/default.yaml", template.read_bytes()).labels
    assert (labels["nl"].matrix_yes, labels["nl"].matrix_no) == ("ja", "nee")
    assert (labels["en"].matrix_yes, labels["en"].matrix_no) == ("yes", "no")
    assert run_cli("preview", project).code == 0


def test_logo_symlink_out_of_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    png(tmp_path / "outside.png")
    (project / "templates/logo.png").symlink_to(tmp_path / "outside.png")
    with_logo(project, "templates/logo.png")
    result = run_cli("preview", project)
    assert result.code == 1
    assert "leads outside the project folder" in result.stderr


def test_english_labels(project: Path) -> None:
    overview = project / "inputs/overview.yaml"
    overview.write_text(
        overview.read_text(encoding="utf-8").replace("language: nl", "language: en"),
        encoding="utf-8",
    )
    assert run_cli("preview", project).code == 0
    reader = pypdf.PdfReader(project / "output/preview.pdf")
    text = reader.pages[0].extract_text()
    assert "Leads" in text
    assert "Cross-links" in text
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
