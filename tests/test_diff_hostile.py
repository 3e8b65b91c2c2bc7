"""Hostile PDFs: diff and extract refuse them with exit 2, a clear message, in seconds, writing nothing.

The files are made here, by hand: a few objects, an xref table, and the one
thing that is wrong with each.
"""

from __future__ import annotations

import random
import shutil
import time
import zlib
from pathlib import Path

import pytest

from conftest import run_cli
from proeve.errors import UsageError
from proeve.pdf.read import deadline
from test_diff import drafts

__all__ = ["drafts"]

BOMB = b"0" * 9_000_000  # inflates past pypdf's 8 MB limit from about 9 KB


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1, the first is the catalog) with a valid xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%b\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(data: bytes, kind: bytes = b"") -> bytes:
    packed = zlib.compress(data, 9)
    head = b"<< %b /Length %d /Filter /FlateDecode >>\nstream\n" % (kind, len(packed))
    return head + packed + b"\nendstream"


def page_pdf(content: bytes, catalog_extra: bytes = b"", more: list[bytes] | None = None) -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R %b >>" % catalog_extra,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            stream(content),
            *(more or []),
        ]
    )


def with_attachments(files: dict[str, bytes]) -> bytes:
    """A one-page PDF carrying these embedded files (names are written as given)."""
    names, objects = [], []
    for index, (name, data) in enumerate(files.items()):
        spec, body = 5 + 2 * index, 6 + 2 * index
        raw = name.encode()
        names.append(b"(%b) %d 0 R" % (raw, spec))
        objects.append(
            b"<< /Type /Filespec /F (%b) /UF (%b) /EF << /F %d 0 R >> >>" % (raw, raw, body)
        )
        objects.append(stream(data, b"/Type /EmbeddedFile"))
    catalog = b"/Names << /EmbeddedFiles << /Names [%b] >> >>" % b" ".join(names)
    return page_pdf(b"BT ET", catalog, objects)


def nested(depth: int) -> bytes:
    return page_pdf(b"BT ET", b"/Deep " + b"[" * depth + b"]" * depth)


def truncated(draft: bytes) -> bytes:
    return draft[: len(draft) // 2]


HOSTILE = {
    "random": (lambda draft: random.Random(4).randbytes(6000), "not a PDF file"),
    "truncated": (truncated, "truncated"),
    "content bomb": (lambda draft: page_pdf(BOMB), "Limit reached while decompressing"),
    "attachment bomb": (
        lambda draft: with_attachments({"proeve.json": b"{}", "inputs/overview.yaml": BOMB}),
        "Limit reached while decompressing",
    ),
    "escaping name": (
        lambda draft: with_attachments({"proeve.json": b"{}", "../../evil.yaml": b"x: 1"}),
        "'../../evil.yaml' leaves its folder",
    ),
    "nested": (lambda draft: nested(50_000), "nested too deeply"),
}


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_pdf_is_refused_quickly_and_nothing_is_written(
    kind: str, drafts: Path, tmp_path: Path
) -> None:
    make, message = HOSTILE[kind]
    draft = next((drafts / "output").glob("*-v002.pdf")).read_bytes()
    bad = tmp_path / "inbox" / "bad.pdf"
    bad.parent.mkdir()
    bad.write_bytes(make(draft))
    before = files_under(tmp_path)
    start = time.monotonic()
    result = run_cli(
        "diff", "1", bad, drafts, "--pdf", tmp_path / "review.pdf", "--png", tmp_path / "o.png"
    )
    assert time.monotonic() - start < 5
    assert result.code == 2, (result.stdout, result.stderr)
    assert message in result.stderr
    assert "bad.pdf" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_under(tmp_path) == before


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("escaping name", "embedded file name '../../evil.yaml' leaves its folder"),
        ("truncated", "truncated"),
        ("attachment bomb", "Limit reached while decompressing"),
        ("random", "not a PDF file"),
    ],
)
def test_extract_refuses_hostile_pdfs_and_writes_nothing(
    kind: str, message: str, drafts: Path, tmp_path: Path
) -> None:
    make, _ = HOSTILE[kind]
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(make(next((drafts / "output").glob("*-v002.pdf")).read_bytes()))
    target = tmp_path / "a" / "b" / "out"
    target.mkdir(parents=True)
    before = files_under(tmp_path)
    start = time.monotonic()
    result = run_cli("extract", bad, target)
    assert time.monotonic() - start < 5
    assert result.code == 2
    assert message in result.stderr
    assert files_under(tmp_path) == before


def spin(seconds: float) -> None:
    """Python code that computes for `seconds` of CPU time, as a parser caught in a
    crafted loop would."""
    end = time.process_time() + seconds
    with deadline(0.2, "slow.pdf"):
        while time.process_time() < end:
            pass


def test_a_slow_parse_is_stopped_by_the_deadline() -> None:
    start = time.process_time()
    with pytest.raises(UsageError, match=r"slow\.pdf: .* more than 0\.2 s of processor time"):
        spin(10)
    assert time.process_time() - start < 1
    spin(0.05)  # and a quick one passes, leaving no alarm behind
    end = time.process_time() + 0.3
    while time.process_time() < end:
        pass


def test_waiting_for_the_processor_is_not_reading() -> None:
    """On a busy machine a good PDF waits for the CPU; only the work counts (issue 12)."""
    with deadline(0.2, "good.pdf"):
        time.sleep(0.5)


def test_a_tampered_draft_is_trouble(drafts: Path, tmp_path: Path) -> None:
    copy = tmp_path / "project"
    shutil.copytree(drafts, copy)
    draft = next((copy / "output").glob("*-v001.pdf"))
    draft.write_bytes(draft.read_bytes() + b"\n")
    result = run_cli("diff", "1", "2", copy)
    assert result.code == 2
    assert "proeve: v1: " in result.stderr
    assert "does not match its checksum" in result.stdout
