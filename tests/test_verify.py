"""proeve verify: silent on intact drafts and archives, one named line per problem otherwise."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from draftkit import SLUG, add_drafts, copy_tree, new_project
from proeve.archive.add import archive
from proeve.chain import rebuild
from proeve.inputs.extract import read_attachments


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four drafts (the last final), a preview, and an archive of them; built once."""
    project = new_project(tmp_path_factory.mktemp("verify") / "project")
    add_drafts(project, 4, final_last=True)
    assert run_cli("preview", project).code == 0
    archive(project, project / "archive")
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    return copy_tree(built, tmp_path / "project")


def flip_byte(path: Path, at: int = 2000) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def test_every_draft_rebuilds_byte_for_byte_from_its_embedded_sources(built: Path) -> None:
    drafts = sorted((built / "output").glob(f"{SLUG}-v*.pdf"))
    assert len(drafts) == 4
    for path in drafts:
        assert rebuild(read_attachments(path)).pdf == path.read_bytes(), path.name


@pytest.mark.parametrize("target", ["output", "archive", f"output/{SLUG}-v002.pdf"])
def test_intact_drafts_and_archive_verify(built: Path, target: str) -> None:
    result = run_cli("verify", built / target, "--json")
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["problems"] == []
    assert report["checked"] == {"output": 5, "archive": 4}.get(target, 1)
    assert "ok:" in result.stderr


def test_a_flipped_byte_in_an_archived_pdf_is_named(project: Path) -> None:
    stored = project / "archive" / SLUG / "v2" / "content" / f"{SLUG}-v002.pdf"
    flip_byte(stored)
    result = run_cli("verify", project / "archive")
    assert result.code == 1
    assert f"{stored}: its sha512 differs from inventory.json" in result.stderr


def test_a_deleted_archived_file_is_named(project: Path) -> None:
    stored = project / "archive" / SLUG / "v3" / "content" / f"{SLUG}-v003.json"
    stored.unlink()
    result = run_cli("verify", project / "archive", "--json")
    assert result.code == 1
    problems = json.loads(result.stdout)["problems"]
    assert {
        "file": str(stored),
        "rule": "fixity",
        "message": "missing (listed in inventory.json)",
    } in problems


def test_an_edited_inventory_is_named(project: Path) -> None:
    inventory = project / "archive" / SLUG / "inventory.json"
    inventory.write_bytes(inventory.read_bytes().replace(b"ronde 3", b"ronde 9"))
    result = run_cli("verify", project / "archive")
    assert result.code == 1
    assert f"{inventory}: its sha512 does not match inventory.json.sha512" in result.stderr
    assert "differs from v4/inventory.json" in result.stderr


def test_a_file_added_to_a_version_is_named(project: Path) -> None:
    extra = project / "archive" / SLUG / "v1" / "content" / "notes.txt"
    extra.write_text("ook nog")
    result = run_cli("verify", project / "archive")
    assert result.code == 1
    assert f"{extra}: not in inventory.json's manifest" in result.stderr


def test_a_flipped_byte_in_a_draft_is_named(project: Path) -> None:
    draft = project / "output" / f"{SLUG}-v003.pdf"
    flip_byte(draft)
    result = run_cli("verify", project / "output")
    assert result.code == 1
    assert (
        f"{draft}: draft 3: the file no longer matches its checksum in versions.json"
        in result.stderr
    )
    assert "1 problem found" in result.stderr


def test_a_deleted_draft_is_named(project: Path) -> None:
    draft = project / "output" / f"{SLUG}-v001.pdf"
    draft.unlink()
    result = run_cli("verify", project / "output")
    assert result.code == 1
    assert f"{draft}: draft 1: the file is missing" in result.stderr


def test_a_pdf_that_does_not_rebuild_to_its_bytes_is_named(project: Path) -> None:
    draft = project / "output" / "preview.pdf"
    # Only the header's comment changes (its words differ between ReportLab versions):
    # every PDF/A rule still holds, the bytes do not.
    data = draft.read_bytes()
    comment = re.search(rb"ReportLab Generated PDF document ([^\n]+)\n", data)
    assert comment is not None
    draft.write_bytes(data.replace(comment[1], b"!" * len(comment[1]), 1))
    result = run_cli("verify", draft)
    assert result.code == 1
    assert (
        f"{draft}: same toolchain, different bytes: it does not rebuild to the bytes it has "
        "[rebuild]" in result.stderr.splitlines()
    )


def test_another_toolchain_that_makes_the_same_page_is_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A draft made under ReportLab 4.2.0 (as its record says), verified under another."""
    from proeve import chain
    from proeve.drafts.build import build_draft
    from proeve.frozen import replace
    from proeve.toolchain import current

    here = current()
    then = replace(here, reportlab="4.2.0" if here.reportlab != "4.2.0" else "5.1.0")
    monkeypatch.setattr(chain, "current_toolchain", lambda: then)
    project = new_project(tmp_path / "project")
    outcome = build_draft(project)
    assert outcome.record.toolchain == then  # in the register, as in the PDF
    monkeypatch.undo()
    result = run_cli("verify", outcome.path)
    assert result.code == 0, result.stderr
    note = (
        f"note: {outcome.path}: made with ReportLab {then.reportlab}, rebuilt with "
        f"{here.reportlab}: the page is the same (text and pixels), the bytes differ"
    )
    assert note in result.stderr.splitlines()
    strict = run_cli("verify", outcome.path, "--strict", "--json")
    assert strict.code == 1
    (problem,) = json.loads(strict.stdout)["problems"]
    assert problem["rule"] == "rebuild:toolchain"


def test_a_register_record_that_disagrees_with_the_pdf_is_named(project: Path) -> None:
    register = project / "output" / "versions.json"
    data = json.loads(register.read_bytes())
    data["drafts"][1]["template"] = "templates/other.yaml"
    register.write_text(json.dumps(data, indent=1))
    result = run_cli("verify", project / "output")
    assert result.code == 1
    assert "its embedded template differs from its register record [record]" in result.stderr


def test_a_broken_pdfa_rule_is_named(project: Path) -> None:
    preview = project / "output" / "preview.pdf"
    preview.write_bytes(preview.read_bytes().replace(b"<pdfaid:part>3<", b"<pdfaid:part>2<"))
    result = run_cli("verify", preview)
    assert result.code == 1
    assert (
        "XMP identifies part 2, level A, not PDF/A-3 (level A, B or U) [6.6.4-2]" in result.stderr
    )


def test_what_is_not_a_pdf_or_folder_to_verify_is_a_usage_error(tmp_path: Path) -> None:
    assert run_cli("verify", tmp_path).code == 2
    assert run_cli("verify", tmp_path / "missing").code == 2
    (tmp_path / "x.pdf").write_text("no pdf")
    result = run_cli("verify", tmp_path / "x.pdf")
    assert result.code == 1
    assert "not a PDF file" in result.stderr


def test_progress_shows_on_a_terminal_only(built: Path) -> None:
    exe = Path(sys.executable).with_name("proeve")
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [str(exe), "verify", str(built / "output")],
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=120,
            check=False,
        )
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once everything is read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert b"verifying 5/5: preview.pdf" in seen
    piped = run_cli("verify", built / "output")
    assert "verifying" not in piped.stderr


def test_the_build_path_does_not_import_the_checkers(project: Path) -> None:
    code = (
        "import sys\n"
        "from proeve.cli import main\n"
        "try:\n"
        f"    main(['build', {str(project)!r}, '-m', 'x'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pypdf', 'pikepdf', 'ocfl'}))\n"
    )
    overview = project / "inputs" / "overview.yaml"
    overview.write_text(overview.read_text("utf-8") + "# nog een ronde\n", "utf-8")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stderr
    assert (project / "output" / f"{SLUG}-v005.pdf").exists(), done.stderr


def test_conformance_comes_from_page_validation_and_names_it(built: Path) -> None:
    result = run_cli("verify", built / "output", "--json")
    assert result.code == 0, result.stderr
    conformance = json.loads(result.stdout)["conformance"]
    assert conformance["checker"].startswith("page-validation ")
    assert conformance["claimed"] == conformance["confirmed"] == ["3a", "ua1"]
    assert "confirms PDF/A-3a and PDF/UA-1" in result.stderr


def test_without_page_validation_verify_says_only_our_own_checks_ran(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "page", None)  # import page -> ImportError
    result = run_cli("verify", built / "output", "--json")
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["conformance"] == {"checker": None, "claimed": ["3a", "ua1"], "confirmed": []}
    said = "page-validation is not installed: only proeve's own structural checks ran"
    assert any(said in note for note in report["notes"])
    assert "not confirmed" in result.stderr
    assert "confirms" not in result.stderr


def test_a_rule_page_validation_finds_broken_is_named_with_its_id(project: Path) -> None:
    preview = project / "output" / "preview.pdf"
    data = preview.read_bytes()
    # Take the alternative text of the link away: PDF/UA wants it, our own rules do not look.
    at = data.index(b"/Contents (")
    end = data.index(b")", at)
    broken = data[:at] + b"/Contents ()" + b" " * (end - at - len(b"/Contents (")) + data[end + 1 :]
    assert len(broken) == len(data)
    preview.write_bytes(broken)
    result = run_cli("verify", preview)
    assert result.code == 1
    assert "PDF/UA-1 (page-validation):" in result.stderr
    assert "[PDFUA1-" in result.stderr
