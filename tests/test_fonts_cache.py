"""A face restored from the user's cache is the face ReportLab parses; the cache never misleads."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase import ttfonts

from proeve.page import cache, fonts

FILES = [fonts._folder(package) / f for package, *names in fonts._FILES.values() for f in names]


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "cache" / "proeve"


def exact(face: Any) -> dict[str, Any]:
    return {
        k: (type(v), v, getattr(v, "ustr", None)) for k, v in vars(face).items() if k != "_pdfScale"
    }


def restored_or_parsed(name: str, file: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, bool]:
    """fonts.truetype(name, file), and whether the face came from the cache."""
    called = []
    real = fonts._restored

    def spy(*args: Any) -> Any:
        called.append(True)
        return real(*args)

    with monkeypatch.context() as m:
        m.setattr(fonts, "_restored", spy)
        font = fonts.truetype(name, file)
    return font, bool(called)


@pytest.mark.parametrize("file", FILES, ids=[f.name for f in FILES])
def test_restored_face_equals_parsed(
    file: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed, hit = restored_or_parsed("parsed", file, monkeypatch)
    assert not hit
    assert len(list(own_cache.glob("ttf-*"))) == 1, "the face was kept"
    restored, hit = restored_or_parsed("restored", file, monkeypatch)
    assert hit
    assert type(restored.face) is ttfonts.TTFontFace
    assert exact(restored.face) == exact(parsed.face)
    assert exact(restored.face) == exact(ttfonts.TTFont("reference", str(file)).face)
    for x in (0, 1, 517, 2048.5):
        assert restored.face._pdfScale(x) == parsed.face._pdfScale(x)
    subset = [*range(32, 127), 0xE9, 0xEB, 0x2022, 0x2192]
    assert restored.face.makeSubset(subset) == parsed.face.makeSubset(subset)
    text = "Ëën → gemeente, MKB-roltrap"
    assert restored.stringWidth(text, 9.5) == parsed.stringWidth(text, 9.5)


@pytest.mark.parametrize(
    "damage",
    [b"", b"\x00not marshal", b"\xe9" * 40, "marshal-list", "marshal-no-units", "truncated"],
)
def test_a_damaged_cache_file_falls_back_to_parsing(
    damage: bytes | str, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import marshal

    file = FILES[0]
    fonts.truetype("first", file)
    (kept,) = own_cache.glob("ttf-*")
    good = kept.read_bytes()
    data = {
        "marshal-list": marshal.dumps([1, 2, 3]),
        "marshal-no-units": marshal.dumps({"numGlyphs": 3}),
        "truncated": good[: len(good) // 2],
    }.get(damage, damage)
    assert isinstance(data, bytes)
    kept.write_bytes(data)
    font, hit = restored_or_parsed("again", file, monkeypatch)
    assert not hit
    assert exact(font.face) == exact(ttfonts.TTFont("reference", str(file)).face)
    assert kept.read_bytes() == good, "the parsed face was kept again"


def test_a_link_at_the_cache_name_is_neither_read_nor_written_through(
    own_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not hasattr(os, "O_NOFOLLOW"):
        pytest.skip("no O_NOFOLLOW here")
    file = FILES[0]
    fonts.truetype("first", file)
    (kept,) = own_cache.glob("ttf-*")
    elsewhere = tmp_path / "someone-elses-file"
    elsewhere.write_bytes(kept.read_bytes())
    kept.unlink()
    kept.symlink_to(elsewhere)
    _, hit = restored_or_parsed("again", file, monkeypatch)
    assert not hit, "a cache file read through a link"
    assert not kept.is_symlink(), "the link was replaced by a file of our own"
    assert elsewhere.read_bytes() == kept.read_bytes()
    elsewhere.write_bytes(b"theirs")
    assert cache.write(kept.name, b"ours", "source")
    assert elsewhere.read_bytes() == b"theirs"


def test_a_changed_font_file_is_parsed_afresh(
    own_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "face.ttf", FILES[1]
    first.write_bytes(FILES[0].read_bytes())
    fonts.truetype("first", first)
    first.write_bytes(second.read_bytes())  # the same name, other bytes
    font, hit = restored_or_parsed("again", first, monkeypatch)
    assert not hit
    assert (
        exact(font.face)["fullName"] == exact(ttfonts.TTFont("ref", str(second)).face)["fullName"]
    )


def test_an_unwritable_cache_still_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cache").write_text("a file where the cache folder would be")
    font, hit = restored_or_parsed("x", FILES[0], monkeypatch)
    assert not hit
    assert font.face.numGlyphs > 0


# A fresh process (the font registry is per process) prints the PDF's digest.
SCRIPT = """
import hashlib, sys
from pathlib import Path
from proeve.chain import gather, make_pdf
print(hashlib.sha256(make_pdf(*gather(Path(sys.argv[1]))).pdf).hexdigest())
"""


def test_a_page_from_cached_faces_has_the_same_bytes(project: Path, own_cache: Path) -> None:
    def build() -> str:
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(project)],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
            env=dict(os.environ),
        )
        return done.stdout.strip()

    cold = build()
    assert len(list(own_cache.glob("ttf-*"))) == 4, "the four faces were kept"
    assert build() == cold


def test_a_reportlab_without_pdf_scale_keeps_nothing(own_cache: Path) -> None:
    """ReportLab 4.2 (the floor) scales glyph units without _pdfScale: parse each time."""
    face = ttfonts.TTFont("old", str(FILES[0])).face
    assert fonts._freeze(face) is not None
    del face._pdfScale
    assert fonts._freeze(face) is None


def test_a_write_sweeps_the_temp_files_killed_runs_left(own_cache: Path) -> None:
    own_cache.mkdir(parents=True)
    old, fresh, kept = own_cache / ".tmp-old.tmp", own_cache / ".tmp-now.tmp", own_cache / "other"
    for path in (old, fresh, kept):
        path.write_bytes(b"x")
    hours_ago = time.time() - 2 * cache.LEFTOVER_SECONDS
    os.utime(old, (hours_ago, hours_ago))
    os.utime(kept, (hours_ago, hours_ago))
    assert cache.write("entry", b"data", "source")
    assert not old.exists()
    assert fresh.exists(), "a write in progress stays"
    assert kept.exists(), "entries stay"
    assert cache.read("entry", "source") == b"data"
