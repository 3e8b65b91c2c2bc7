"""A reviewer's "restrict editing" copy (AES, empty user password) reads like any copy.

Issue 17, item 22: Acrobat encrypts a copy whose editing is restricted, with
an empty user password: every reader opens it without asking. proeve could
not ("cryptography>=3.1 is required"). Now pypdf gets its cipher provider
when, and only when, an encrypted file is met (proeve.pdf.ciphers); a copy
that needs a password is refused in one line, and so is one whose decryption
needs a package that is missing.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfWriter

import annotate as an
from conftest import run_cli
from draftkit import one_figure_changed

SCRIPT = """
import sys
{before}
from proeve.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    print("exit", exc.code, file=sys.stderr)
print("cryptography imported:", "cryptography" in sys.modules, file=sys.stderr)
"""


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return one_figure_changed(tmp_path_factory.mktemp("encrypted") / "project")


def encrypted(pdf: Path, target: Path, user: str = "", algorithm: str = "AES-256") -> Path:
    """`pdf` as Acrobat's "restrict editing" saves it: encrypted, opened without a password."""
    writer = PdfWriter(clone_from=str(pdf))
    writer.encrypt(user_password=user, owner_password="x", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    target.write_bytes(out.getvalue())
    return target


@pytest.fixture
def restricted(drafts: Path, tmp_path: Path) -> Path:
    """v2 with a reviewer's highlight, then saved with editing restricted (AES-256)."""
    v2 = drafts / "output/economie-en-werk-v002.pdf"
    a = an.Annotator(v2, tmp_path / "annotated.pdf")
    an.acrobat_markup(a, "Highlight", an.find(v2, "de juiste hulp"), "Reviewer A", 2, "Klopt?")
    return encrypted(a.save(), tmp_path / "v2-beperkt.pdf")


def test_the_copy_is_what_acrobat_sends(restricted: Path) -> None:
    assert b"/AESV3" in restricted.read_bytes()  # AES-256, as Acrobat's "restrict editing"


def test_comments_reads_a_restricted_copy(restricted: Path, drafts: Path) -> None:
    result = run_cli("comments", restricted, drafts)
    assert result.code == 0, result.stderr
    assert "mkb-roltrap.yaml:" in result.stdout
    assert "Klopt?" in result.stdout


def test_diff_reads_a_restricted_copy_as_its_draft(restricted: Path, drafts: Path) -> None:
    result = run_cli("diff", "2", restricted, drafts)
    assert result.code == 0, (result.stdout, result.stderr)
    assert "carries 1 reviewers' comment " in result.stderr


def test_extract_gives_back_the_sources(restricted: Path, drafts: Path, tmp_path: Path) -> None:
    target = tmp_path / "out"
    result = run_cli("extract", restricted, target)
    assert result.code == 0, result.stderr
    mkb = "inputs/initiatives/mkb-roltrap.yaml"
    assert (target / mkb).read_bytes() == (drafts / mkb).read_bytes()


@pytest.mark.parametrize("algorithm", ["AES-128", "RC4-128"])
def test_older_ciphers_read_too(algorithm: str, drafts: Path, tmp_path: Path) -> None:
    v2 = drafts / "output/economie-en-werk-v002.pdf"
    copy = encrypted(v2, tmp_path / "copy.pdf", algorithm=algorithm)
    result = run_cli("diff", "2", copy, drafts)
    assert result.code == 0, (result.stdout, result.stderr)


@pytest.mark.parametrize("command", ["diff", "comments", "extract"])
def test_a_copy_that_needs_a_password_is_refused_in_one_line(
    command: str, drafts: Path, tmp_path: Path
) -> None:
    copy = encrypted(drafts / "output/economie-en-werk-v002.pdf", tmp_path / "p.pdf", "geheim")
    args = {
        "diff": ["2", copy, drafts],
        "comments": [copy, drafts],
        "extract": [copy, tmp_path / "o"],
    }
    result = run_cli(command, *args[command])
    assert result.code == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "p.pdf: the PDF is protected by a password" in result.stderr
    assert not (tmp_path / "o").exists()


def run_fresh(*args: str | Path, before: str = "") -> str:
    """stderr of the CLI run in a fresh Python, which ends by saying whether cryptography was
    imported (this process has it already: pypdf's encrypt needs it)."""
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(before=before), *map(str, args)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return done.stderr


def test_cryptography_is_imported_only_when_an_encrypted_copy_is_met(
    restricted: Path, drafts: Path
) -> None:
    plain = run_fresh("comments", restricted.parent / "annotated.pdf", drafts)
    assert "exit 0" in plain
    assert "cryptography imported: False" in plain
    met = run_fresh("comments", restricted, drafts)
    assert "exit 0" in met
    assert "cryptography imported: True" in met


def test_without_cryptography_it_says_what_is_missing(restricted: Path, tmp_path: Path) -> None:
    said = run_fresh(
        "extract", restricted, tmp_path / "o", before="sys.modules['cryptography'] = None"
    )
    assert "exit 2" in said
    assert "needs the Python package 'cryptography' (>= 3.1), which is not installed" in said
    assert "Traceback" not in said
