"""Drafts: numbering, unchanged sources, finals, the log, and reproducible rebuilds."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import outputs, run_cli
from proeve.chain import gather, make_pdf, rebuild
from proeve.drafts.build import build_draft, slugify
from proeve.drafts.register import read_register
from proeve.inputs.extract import read_attachments

SLUG = "economie-en-werk"


def change_input(project: Path, note: str) -> None:
    """A real change of the sources (a YAML comment changes the bytes, not the page)."""
    overview = project / "inputs" / "overview.yaml"
    overview.write_text(overview.read_text(encoding="utf-8") + f"# {note}\n", encoding="utf-8")


def page_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_first_build_is_v001_and_a_change_gives_v002(project: Path) -> None:
    first = run_cli("build", project, "-m", "eerste ronde")
    assert first.code == 0, first.stderr
    assert f"{SLUG}-v001.pdf: draft v001" in first.stderr
    assert "pt" in first.stderr
    assert "% full" in first.stderr
    change_input(project, "tweede ronde")
    second = run_cli("build", project, "-m", "tweede ronde", "--json")
    assert second.code == 0, second.stderr
    data = json.loads(second.stdout)
    assert (data["version"], data["unchanged"], data["status"]) == (2, False, "draft")
    records = read_register(project / "output")
    assert [(r.version, r.file, r.message) for r in records] == [
        (1, f"{SLUG}-v001.pdf", "eerste ronde"),
        (2, f"{SLUG}-v002.pdf", "tweede ronde"),
    ]
    assert records[0].sources_sha256 != records[1].sources_sha256
    assert records[1].git_commit is None
    assert records[1].template == "templates/default.yaml"
    assert records[1].fit.font_size > 0
    text = page_text(project / "output" / records[1].file)
    assert "Concept v2" in text
    assert f"bron {records[1].sources_sha256[:8]}" in text
    assert "CONCEPT" in text


def test_unchanged_sources_make_no_new_version(project: Path) -> None:
    assert run_cli("build", project).code == 0
    again = run_cli("build", project, "-m", "niets veranderd")
    assert again.code == 0
    assert "unchanged since v001" in again.stderr
    as_json = json.loads(run_cli("build", project, "--json").stdout)
    assert as_json["unchanged"] is True
    assert as_json["version"] == 1
    assert outputs(project) == [".versions.lock", f"{SLUG}-v001.pdf", "versions.json"]
    assert len(read_register(project / "output")) == 1


def test_final_on_unchanged_sources_is_a_new_final_version(project: Path) -> None:
    assert run_cli("build", project).code == 0
    final = run_cli("build", project, "--final", "-m", "vastgesteld", "--json")
    assert final.code == 0, final.stderr
    assert json.loads(final.stdout)["version"] == 2
    text = page_text(project / "output" / f"{SLUG}-v002.pdf")
    assert "Definitief v2" in text
    assert "CONCEPT" not in text
    # Once final, neither another final nor a draft of the same sources is new.
    assert "unchanged since v002" in run_cli("build", project, "--final").stderr
    assert "unchanged since v002" in run_cli("build", project).stderr
    change_input(project, "na de vaststelling")
    assert run_cli("build", project, "--final").code == 0
    statuses = [(r.version, r.status) for r in read_register(project / "output")]
    assert statuses == [(1, "draft"), (2, "final"), (3, "final")]


def test_a_draft_rebuilds_to_the_same_bytes(project: Path) -> None:
    outcome = build_draft(project, message="reproduceerbaar")
    pdf = outcome.path.read_bytes()
    assert rebuild(read_attachments(outcome.path)).pdf == pdf
    (record,) = read_register(project / "output")
    sources, _ = gather(project, "default")
    assert make_pdf(sources, record.template, record.edition).pdf == pdf


def test_an_unregistered_file_keeps_its_name_and_number(project: Path) -> None:
    out = project / "output"
    out.mkdir()
    (out / f"{SLUG}-v001.pdf").write_bytes(b"someone else's file")
    outcome = build_draft(project)
    assert outcome.record.version == 2
    assert (out / f"{SLUG}-v001.pdf").read_bytes() == b"someone else's file"


def test_a_name_taken_after_numbering_is_never_overwritten(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project / "output"
    out.mkdir()
    (out / f"{SLUG}-v001.pdf").write_bytes(b"appeared meanwhile")
    # Numbered 1, as if the name were free when the folder was looked at.
    monkeypatch.setattr("proeve.drafts.build.next_number", lambda out, records, after=0: after + 1)
    assert build_draft(project).record.version == 2
    assert (out / f"{SLUG}-v001.pdf").read_bytes() == b"appeared meanwhile"


def test_git_commit_of_the_inputs_is_recorded(project: Path) -> None:
    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@t", *args],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    git("init", "-q")
    git("add", "inputs")
    git("commit", "-q", "-m", "inputs")
    assert build_draft(project).record.git_commit == git("rev-parse", "HEAD")


def test_the_register_says_whether_the_inputs_were_committed(project: Path) -> None:
    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@t", *args],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return done.stdout.strip()

    assert build_draft(project).record.git_dirty is None  # no git: not known
    git("init", "-q")
    git("add", "inputs", "templates")
    git("commit", "-q", "-m", "inputs")
    change_input(project, "2")
    record = build_draft(project).record
    assert record.git_commit == git("rev-parse", "HEAD")
    assert record.git_dirty is True  # built from inputs that differ from that commit
    git("commit", "-q", "-am", "2")
    change_input(project, "3")
    git("commit", "-q", "-am", "3")
    (project / "output").mkdir(exist_ok=True)  # an output/ that git does not track is fine
    clean = build_draft(project).record
    assert (clean.git_commit, clean.git_dirty) == (git("rev-parse", "HEAD"), False)
    saved = json.loads((project / "output/versions.json").read_text("utf-8"))
    assert [d.get("git_dirty") for d in saved["drafts"]] == [None, True, False]
    assert saved["drafts"][-1]["toolchain"]["reportlab"]


def test_source_date_epoch_is_the_time_a_draft_records(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764316800")  # 2025-11-28 08:00 UTC
    record = build_draft(project).record
    assert record.created == dt.datetime(2025, 11, 28, 8, 0, tzinfo=dt.timezone.utc)


def test_log_lists_the_drafts_newest_last(project: Path) -> None:
    assert run_cli("log", project).code == 0
    build_draft(project, message="eerste ronde")
    change_input(project, "2")
    build_draft(project, message="tweede ronde", final=True)
    shown = run_cli("log", project)
    assert shown.code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("v001")
    assert lines[0].endswith("eerste ronde")
    assert lines[1].startswith("v002")
    assert "final" in lines[1]
    records = json.loads(run_cli("log", project, "--json").stdout)["drafts"]
    assert [r["version"] for r in records] == [1, 2]


def test_log_reports_a_tampered_and_a_missing_draft(project: Path) -> None:
    first = build_draft(project)
    change_input(project, "2")
    second = build_draft(project)
    with first.path.open("ab") as handle:
        handle.write(b"%% edited\n")
    second.path.unlink()
    shown = run_cli("log", project)
    assert shown.code == 1
    assert "v001 " in shown.stderr
    assert "no longer matches its checksum" in shown.stderr
    assert "v002 " in shown.stderr
    assert "the file is missing" in shown.stderr
    data = json.loads(run_cli("log", project, "--json").stdout)
    assert data["ok"] is False
    assert [(p["version"], p["problem"]) for p in data["problems"]] == [
        (1, "changed"),
        (2, "missing"),
    ]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Économie & werk: vijf aanpakken", "economie-werk-vijf-aanpakken"),
        ("  ---  ", "overview"),
        ("Één " + "woord " * 20, "een" + "-woord" * 9),
    ],
)
def test_slug_from_the_title(title: str, slug: str) -> None:
    assert slugify(title) == slug
