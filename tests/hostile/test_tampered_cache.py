"""A user's cache altered or brought from elsewhere (a CI cache from another branch) is never believed.

The round found: altered hyphenation patterns in ~/.cache/proeve made every
command end in an internal error, and altered font widths made `build`
register a draft whose widths disagree with its embedded font (not PDF/A).
Each entry is now sealed under a key kept outside the cache folder, over the
bytes it was made from; anything that does not verify is computed afresh.
Real processes, as the cache is read once per process.
"""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from proeve.page import cache

SCRIPT = """
import hashlib, sys
from pathlib import Path
from proeve.chain import gather, make_pdf
print(hashlib.sha256(make_pdf(*gather(Path(sys.argv[1]))).pdf).hexdigest())
"""


def homes(tmp_path: Path, state: str = "state") -> dict[str, str]:
    return {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / state),
    }


def page_digest(project: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(project)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def proeve(env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "proeve", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


def tamper(entry: Path, change: Any) -> None:
    """Change the marshal data in a cache entry as someone without the key can: header kept."""
    data = entry.read_bytes()
    start = len(cache.MAGIC) + 32 if data.startswith(b"proeve-cache/") else 0
    entry.write_bytes(data[:start] + marshal.dumps(change(marshal.loads(data[start:]))))


def doubled_widths(state: dict[str, Any]) -> dict[str, Any]:
    state["charWidths"] = {c: w * 2 for c, w in state["charWidths"].items()}
    return state


def broken_patterns(kept: tuple[dict[str, Any], int]) -> tuple[dict[str, Any], int]:
    _, maxlen = kept
    return {"ee": ("kapot", None), "aa": (None, 3)}, maxlen


@pytest.fixture
def cached(project: Path, tmp_path: Path) -> str:
    """A cold page's digest; the cache now holds the four faces and the patterns."""
    cold = page_digest(project, homes(tmp_path))
    folder = tmp_path / "cache" / "proeve"
    assert len(list(folder.glob("ttf-*"))) == 4
    assert len(list(folder.glob("pyphen-*"))) == 1
    return cold


def test_altered_font_widths_are_never_used(project: Path, tmp_path: Path, cached: str) -> None:
    for entry in (tmp_path / "cache" / "proeve").glob("ttf-*"):
        tamper(entry, doubled_widths)
    assert page_digest(project, homes(tmp_path)) == cached


def test_altered_patterns_are_never_used(project: Path, tmp_path: Path, cached: str) -> None:
    (entry,) = (tmp_path / "cache" / "proeve").glob("pyphen-*")
    tamper(entry, broken_patterns)
    for command in ("check", "preview"):
        done = proeve(homes(tmp_path), command, project)
        assert done.returncode == 0, done.stderr
        assert "internal error" not in done.stderr
    assert page_digest(project, homes(tmp_path)) == cached


def test_a_cache_from_elsewhere_is_recomputed_not_believed(
    project: Path, tmp_path: Path, cached: str
) -> None:
    """Entries sealed under another key (another machine, another branch's CI run)."""
    for entry in (tmp_path / "cache" / "proeve").glob("ttf-*"):
        tamper(entry, doubled_widths)
    elsewhere = homes(tmp_path, state="state-of-another-runner")
    assert page_digest(project, elsewhere) == cached
    assert page_digest(project, elsewhere) == cached  # and kept again, under this key


def test_an_entry_sealed_for_other_bytes_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    source = cache.source_digest(b"font bytes")
    assert cache.write("entry", b"tables", source)
    assert cache.read("entry", source) == b"tables"
    assert cache.read("entry", cache.source_digest(b"other font bytes")) is None
    shutil.copy(tmp_path / "cache/proeve/entry", tmp_path / "cache/proeve/renamed")
    assert cache.read("renamed", source) is None  # the seal covers the name


@pytest.mark.parametrize("spoil", ["readable by others", "a link", "short"])
def test_a_doubtful_key_means_nothing_is_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spoil: str
) -> None:
    if not hasattr(os, "geteuid"):
        pytest.skip("POSIX owners and modes")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert cache.write("entry", b"tables", "source")
    key = tmp_path / "state" / "proeve" / "cache-key"
    if spoil == "readable by others":
        key.chmod(0o644)
    elif spoil == "a link":
        (tmp_path / "elsewhere").write_bytes(key.read_bytes())
        (tmp_path / "elsewhere").chmod(0o600)
        key.unlink()
        key.symlink_to(tmp_path / "elsewhere")
    else:
        key.write_bytes(key.read_bytes()[:8])
    assert cache.read("entry", "source") is None


def test_a_relative_xdg_folder_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The XDG spec: a relative path is invalid (it would put the cache in whatever folder)."""
    monkeypatch.setenv("XDG_CACHE_HOME", "cache")
    monkeypatch.setenv("XDG_STATE_HOME", "state")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "proeve"
    assert cache.state_dir() == tmp_path / "home" / ".local" / "state" / "proeve"
