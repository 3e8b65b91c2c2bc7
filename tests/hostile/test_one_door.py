"""One door for foreign PDFs: every command that reads a PDF reads it through proeve.pdf.read.

The outside review's reproducers (issue 17, item 23): `verify` read the
catalog's /Metadata itself, outside the reader's bounds, so a 591-byte PDF with
a filter pypdf does not implement ended in "internal error: NotImplementedError",
a 59 KB one inflated 60 MB (147 MB peak), and pypdf's repairs were logged on
stderr. Here the hostile-PDF table runs against verify, extract, diff, comments,
and log and archive (a draft in output/ replaced by a hostile PDF): each refuses
it in one line (exit 2; verify reports it, exit 1), in seconds, in bounded
memory, writing nothing. And the code is held to the rule: no pypdf outside
proeve.pdf, and nothing outside it asks proeve.pdf.read for a parser.
"""

from __future__ import annotations

import ast
import hashlib
import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, run_installed
from draftkit import new_project, snapshot
from forge import (
    BAD_STREAMS,
    ODD_ENCRYPTION,
    bomb,
    encrypted_with,
    everywhere,
    in_metadata,
    misplaced_object,
)
from test_amplification import measured
from test_diff_hostile import HOSTILE

SRC = ROOT / "src" / "proeve"
# What proeve.pdf.read gives the rest of proeve: plain data, never a parser or its objects.
PLAIN = {
    "MAX_PDF_BYTES", "MANIFEST", "carries_manifest", "check_name", "check_page_streams", "claims",
    "marks", "page_print", "page_texts", "proeve_files", "read_file", "safe_name",
}  # fmt: skip
BOMB_BYTES = 150_000_000  # the XMP bomb inflates to this; read whole it would pass PEAK_MB
PEAK_MB = 100  # a cold proeve verify is about 40 MB

CASES: dict[str, Callable[[], bytes]] = {
    **{name: (lambda body=body: everywhere(body)) for name, body in BAD_STREAMS.items()},
    "deflate bomb": lambda: everywhere(bomb(20_000_000)),
    **{name: (lambda d=d: encrypted_with(d)) for name, d in ODD_ENCRYPTION.items()},
}
UNREADABLE = "not a readable PDF ("
SAYS = dict.fromkeys(CASES, UNREADABLE) | dict.fromkeys(
    ODD_ENCRYPTION, "the PDF is encrypted in a way proeve cannot open ("
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project with its first draft (tests copy it before changing anything)."""
    project = new_project(tmp_path_factory.mktemp("door") / "project")
    assert run_cli("build", project, "-m", "eerste ronde").code == 0
    return project


def one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr, stderr
    assert "internal error" not in stderr, stderr
    return lines[0]


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["diff", "extract", "comments"])
def test_a_hostile_pdf_is_refused_by_every_reader(
    case: str, command: str, built: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "inbox" / "bad.pdf"
    bad.parent.mkdir()
    bad.write_bytes(CASES[case]())
    args = {
        "diff": ["diff", "1", bad, built, "--pdf", tmp_path / "review.pdf"],
        "extract": ["extract", bad, tmp_path / "out"],
        "comments": ["comments", bad, built, "--md", tmp_path / "c.md"],
    }[command]
    before = snapshot(tmp_path), snapshot(built)
    start = time.monotonic()
    result = run_cli(*args)
    assert time.monotonic() - start < 5
    assert result.code == 2, (result.stdout, result.stderr)
    line = one_line(result.stderr)
    assert line.startswith("proeve: "), line
    assert f"bad.pdf: {SAYS[case]}" in line, line
    assert (snapshot(tmp_path), snapshot(built)) == before


@pytest.mark.parametrize("case", sorted(CASES))
def test_verify_reports_a_hostile_pdf_in_one_line(case: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(CASES[case]())
    result = run_cli("verify", bad)
    assert result.code == 1, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{bad}: {SAYS[case]}")
    assert lines[0].endswith("[proeve:readable]")
    assert lines[1:] == [f"1 problem found in {bad}"]


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_the_first_rounds_table_reaches_verify_and_extract(
    case: str, built: Path, tmp_path: Path
) -> None:
    """The first round's hostile PDFs (bombs, truncation, escaping names, nesting), which
    diff and comments already refuse, through the other two readers.

    Neither decodes a page's content itself (verify's page-validation does, within
    its own 32 MiB limit): to them the content bomb is a page without proeve sources.
    """
    make, message = HOSTILE[case]
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(make(next((built / "output").glob("*-v001.pdf")).read_bytes()))
    checked = run_cli("verify", bad)
    assert checked.code == 1, checked.stderr
    assert "Traceback" not in checked.stderr
    assert "internal error" not in checked.stderr
    if case != "content bomb":
        first, *rest = checked.stderr.splitlines()
        assert first.startswith(f"{bad}: "), first
        assert message in first
        assert first.endswith("[proeve:readable]"), first
        assert rest == [f"1 problem found in {bad}"]
    before = snapshot(tmp_path)
    extracted = run_cli("extract", bad, tmp_path / "out")
    assert extracted.code == 2, extracted.stderr
    line = one_line(extracted.stderr)
    assert message in line if case != "content bomb" else "no proeve sources" in line
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("case", sorted(BAD_STREAMS))
def test_verify_reads_the_metadata_within_the_bounds(case: str, tmp_path: Path) -> None:
    """The 591-byte kind: only the XMP stream is bad, which verify alone reads (item 23)."""
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(in_metadata(BAD_STREAMS[case]))
    assert len(bad.read_bytes()) < 700
    result = run_cli("verify", bad)
    assert result.code == 1, result.stderr
    assert "internal error" not in result.stderr
    assert f"{bad}: not a readable PDF (" in result.stderr


def test_a_metadata_bomb_is_read_in_bounded_memory(tmp_path: Path) -> None:
    bad = tmp_path / "bomb.pdf"
    bad.write_bytes(in_metadata(bomb(BOMB_BYTES)))
    assert bad.stat().st_size < 200_000
    code, peak, stderr = measured("verify", bad)
    assert code == 1, stderr
    assert "Limit reached while decompressing" in stderr
    assert peak < PEAK_MB


def test_pdfium_never_opens_a_metadata_bomb(built: Path, tmp_path: Path) -> None:
    """pdfium decodes the XMP as it opens a file, with no limit of its own: diff's drawing
    child took 800 MB and 11 s before giving up. The reader decodes it first, bounded."""
    bad = tmp_path / "bomb.pdf"
    bad.write_bytes(in_metadata(bomb(BOMB_BYTES)))
    draft = next((built / "output").glob("*-v001.pdf"))
    code, peak, stderr = measured("diff", draft, bad)
    assert code == 2, stderr
    assert "bomb.pdf: not a readable PDF (LimitReachedError: Limit reached" in one_line(stderr)
    assert peak < PEAK_MB


@pytest.mark.parametrize("command", ["verify", "diff", "comments"])
def test_pypdfs_log_stays_off_stderr(command: str, built: Path, tmp_path: Path) -> None:
    """pypdf repairs a misplaced object and says so through logging; proeve says nothing of it.

    In a process of its own: pytest's log capture would hide what reaches stderr.
    """
    odd = tmp_path / "odd.pdf"
    odd.write_bytes(misplaced_object())
    args = {"verify": [odd], "diff": ["1", odd, built], "comments": [odd, built]}[command]
    result = run_installed(command, *args)
    assert "Object 5 0 found" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def replaced(built: Path, tmp_path: Path, case: str, registered: bool) -> Path:
    """A copy of the project whose v1 is a hostile PDF (its register updated too, if asked)."""
    project = tmp_path / "project"
    shutil.copytree(built, project)
    draft = next((project / "output").glob("*-v001.pdf"))
    data = CASES[case]()
    draft.write_bytes(data)
    if registered:
        register = project / "output" / "versions.json"
        text = json.loads(register.read_text("utf-8"))
        text["drafts"][0]["sha256"] = hashlib.sha256(data).hexdigest()
        register.write_text(json.dumps(text, indent=1) + "\n", "utf-8")
    return project


@pytest.mark.parametrize("case", ["unsupported filter", "deflate bomb"])
def test_log_and_archive_refuse_a_replaced_draft_and_write_nothing(
    case: str, built: Path, tmp_path: Path
) -> None:
    """They read a draft's bytes and checksum, never its PDF: a replaced one is named, once."""
    project = replaced(built, tmp_path, case, registered=False)
    before = snapshot(project)
    logged = run_cli("log", project)
    assert logged.code == 1, logged.stderr
    assert "no longer matches its checksum" in one_line(logged.stderr)
    archived = run_cli("archive", tmp_path / "archive", project)
    assert archived.code == 1, archived.stderr
    # archive names the replaced draft once, skips it, and says that nothing else was new.
    lines = archived.stderr.splitlines()
    assert sum("no longer matches its checksum" in line for line in lines) == 1
    assert "Traceback" not in archived.stderr
    assert snapshot(project) == before
    assert not list((tmp_path / "archive").glob("*/inventory.json"))  # no object, no version


@pytest.mark.parametrize("case", sorted(CASES))
def test_verify_of_an_output_folder_reads_a_registered_hostile_draft_within_bounds(
    case: str, built: Path, tmp_path: Path
) -> None:
    """Its register edited to match, the hostile PDF reaches the parser: one line for it."""
    project = replaced(built, tmp_path, case, registered=True)
    result = run_cli("verify", project / "output")
    assert result.code == 1, result.stderr
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.stderr
    draft = next((project / "output").glob("*-v001.pdf"))
    readable = [line for line in result.stderr.splitlines() if line.startswith(str(draft))]
    assert len(readable) == 1, result.stderr
    assert SAYS[case] in readable[0]


def imports_outside_pdf() -> dict[str, set[str]]:
    """Module -> the names it imports from pypdf or proeve.pdf.read (pdf/ itself left out)."""
    found: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        if path.parent == SRC / "pdf":
            continue
        names = found.setdefault(str(path.relative_to(SRC)), set())
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names |= {f"import {a.name}" for a in node.names if _is_pypdf(a.name)}
            elif isinstance(node, ast.ImportFrom) and node.module:
                if _is_pypdf(node.module):
                    names.add(f"from {node.module}")
                elif node.module == "proeve.pdf.read":
                    names |= {a.name for a in node.names}
    return {module: names for module, names in found.items() if names}


def _is_pypdf(module: str) -> bool:
    return module == "pypdf" or module.startswith("pypdf.")


def test_no_pypdf_and_no_parser_outside_the_pdf_package() -> None:
    for module, names in imports_outside_pdf().items():
        assert names <= PLAIN, f"{module} reaches past proeve.pdf.read: {sorted(names - PLAIN)}"
