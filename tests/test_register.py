"""The register: its exact JSON shape, refusing what is not ours, and the output folder's lock."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from conftest import run_cli
from proeve.drafts.folder import locked
from proeve.drafts.register import REGISTER, Record, read_register
from proeve.errors import ProeveError
from proeve.identity import Fit

RECORD = {
    "version": 3,
    "file": "economie-en-werk-v003.pdf",
    "sha256": "a" * 64,
    "created": "2026-11-28T06:25:43Z",
    "message": "derde ronde",
    "status": "draft",
    "sources_sha256": "b" * 64,
    "template": "templates/default.yaml",
    "proeve": "0.1.0",
    "git_commit": None,
    "fit": {"font_size": 8.0, "fill": 0.92},
}


def test_a_record_reads_and_writes_the_agreed_shape() -> None:
    record = Record.from_json(RECORD)
    assert record.created == dt.datetime(2026, 11, 28, 6, 25, 43, tzinfo=dt.timezone.utc)
    assert record.fit == Fit(8.0, 0.92)
    assert record.name == "v003"
    assert record.to_json() == RECORD
    assert list(record.to_json()) == list(RECORD)


def test_a_register_round_trips(tmp_path: Path) -> None:
    (tmp_path / REGISTER).write_text(json.dumps({"proeve_register": 1, "drafts": [RECORD]}))
    assert read_register(tmp_path) == [Record.from_json(RECORD)]
    assert read_register(tmp_path / "nothing-here") == []


BAD_REGISTERS = {
    "not json": '{"proeve_register": 1, "drafts": [',
    "not ours": '{"drafts": []}',
    "a list": "[]",
    "newer format": '{"proeve_register": 2, "drafts": []}',
    "field missing": json.dumps(
        {"proeve_register": 1, "drafts": [{k: v for k, v in RECORD.items() if k != "sha256"}]}
    ),
    "path as file": json.dumps(
        {"proeve_register": 1, "drafts": [{**RECORD, "file": "../../etc/passwd"}]}
    ),
    "bad time": json.dumps({"proeve_register": 1, "drafts": [{**RECORD, "created": "gisteren"}]}),
    "repeated number": json.dumps({"proeve_register": 1, "drafts": [RECORD, RECORD]}),
}


@pytest.mark.parametrize("text", BAD_REGISTERS.values(), ids=BAD_REGISTERS.keys())
def test_a_corrupt_register_is_refused_and_kept(project: Path, text: str) -> None:
    out = project / "output"
    out.mkdir()
    (out / REGISTER).write_text(text)
    for command in ("build", "log"):
        run = run_cli(command, project)
        assert run.code == 2  # trouble with the output folder, not with the inputs
        assert "versions.json" in run.stderr
        assert "will not replace it" in run.stderr
        assert "Traceback" not in run.stderr
    assert (out / REGISTER).read_text() == text
    assert sorted(p.name for p in out.iterdir()) == [REGISTER]


def test_a_held_lock_names_its_holder_and_does_not_block_forever(tmp_path: Path) -> None:
    busy = pytest.raises(ProeveError, match=f"pid {os.getpid()}")
    with locked(tmp_path), busy, locked(tmp_path, timeout=0):
        pass
    # Released on leaving, so the next build gets it at once.
    with locked(tmp_path, timeout=0):
        pass


def test_a_wrong_value_is_named_at_its_line_and_column(tmp_path: Path) -> None:
    second = {
        **RECORD,
        "version": 4,
        "file": "economie-en-werk-v004.pdf",
        "message": 'zei "fit": ja',
    }
    second["fit"] = {"font_size": 8.0, "fill": float("nan")}
    text = json.dumps({"proeve_register": 1, "drafts": [RECORD, second]}, indent=1)
    (tmp_path / REGISTER).write_text(text)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "NaN" in t)
    column = text.splitlines()[line - 1].index('"fill"') + 1
    with pytest.raises(ProeveError) as raised:
        read_register(tmp_path)
    assert str(raised.value).startswith(
        f"{tmp_path / REGISTER}:{line}:{column}: draft record 2 (v004): fit.fill nan is not a "
        "finite number; proeve will not replace it"
    )
    assert raised.value.exit_code == 2
