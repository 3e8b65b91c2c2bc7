"""A date in any year 1..9999 gives Info dates that agree with the XMP (issue 17, item 18).

Before, `date: 0999-03-01` (or a SOURCE_DATE_EPOCH before the year 1000) made a
preview whose Info dates read `D:9990301...` (glibc's %Y does not pad) while the
XMP said 0999-03-01: not PDF/A, and exit 0.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import run_cli

OVERVIEW = "inputs/overview.yaml"


def info_and_xmp(pdf: Path) -> tuple[dt.datetime | None, dt.datetime | None, str]:
    from pypdf import PdfReader

    from proeve.pdf.xmp import pdf_date, xmp_date

    reader = PdfReader(pdf)
    info = str(reader.metadata["/CreationDate"])
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    created = xmp.split("<xmp:CreateDate>")[1].split("<")[0]
    return pdf_date(info), xmp_date(created), info


@pytest.mark.parametrize("day", ["0001-01-01", "0999-03-01", "0099-12-31", "9999-12-31"])
def test_an_early_or_late_document_date_makes_a_conforming_preview(day: str, project: Path) -> None:
    page = pytest.importorskip("page", reason="page-validation is a test dependency")
    overview = project / OVERVIEW
    text = overview.read_text("utf-8").replace("\nlanguage:", f"\ndate: {day}\nlanguage:", 1)
    overview.write_text(text, "utf-8")
    result = run_cli("preview", project)
    assert result.code == 0, result.stderr
    pdf = project / "output" / "preview.pdf"
    info, xmp, raw = info_and_xmp(pdf)
    assert raw.startswith(f"D:{day.replace('-', '')}")
    assert info == xmp == dt.datetime.fromisoformat(f"{day}T00:00:00+00:00")
    for profile in ("3a", "ua1"):
        report = page.validate_pdf(str(pdf), profile=profile)
        assert [f"{f.rule_id}: {f.message}" for f in report.failures] == []


def test_a_source_date_epoch_before_the_year_1000_agrees_too(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moment = dt.datetime(987, 6, 5, 4, 3, 2, tzinfo=dt.timezone.utc)
    epoch = int((moment - dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)).total_seconds())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    result = run_cli("preview", project)
    assert result.code == 0, result.stderr
    info, xmp, raw = info_and_xmp(project / "output" / "preview.pdf")
    assert raw.startswith("D:09870605040302")
    assert info == xmp == moment
