"""A hand-edited register, a stray numbered PDF, a long message: refused or summarised, never kept.

Before: a 400-digit number or a lone surrogate in versions.json ended in an
internal error; NaN reached `log --json` as invalid JSON; a `created` before
the year 1000 was written back as '999-...', which proeve then refused (after
`build` had written its draft); a stray `agenda-v20261128.pdf` made the next
draft v20261129 and `log` print ten million lines; a 131,000-character `-m`
message was archived into a record `verify` can never read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import run_cli
from draftkit import SLUG, add_drafts, copy_tree, new_project, snapshot

REGISTER = "versions.json"


@pytest.fixture(scope="module")
def two_drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = new_project(tmp_path_factory.mktemp("two") / "project")
    add_drafts(project, 2)
    return project


@pytest.fixture
def drafted(two_drafts: Path, tmp_path: Path) -> Path:
    return copy_tree(two_drafts, tmp_path / "project")


def edit_first_record(project: Path, field: str, raw: str) -> bytes:
    """Put `raw` (JSON text, as a hand edit would) as draft record 1's `field`."""
    register = project / "output" / REGISTER
    data = json.loads(register.read_bytes())
    data["drafts"][0][field] = "@@RAW@@"
    text = json.dumps(data, indent=1).replace('"@@RAW@@"', raw).encode()
    register.write_bytes(text)
    return text


HAND_EDITS = {
    "400-digit version": ("version", "1" * 400, "version a 400-digit number"),
    "400-digit font size": (
        "fit",
        '{"font_size": ' + "9" * 400 + ', "fill": 0.9}',
        "fit.font_size",
    ),
    "NaN fill": ("fit", '{"font_size": 8.0, "fill": NaN}', "fit.fill nan is not a finite number"),
    "Infinity": ("fit", '{"font_size": Infinity, "fill": 0.9}', "not a finite number"),
    "lone surrogate": ("message", '"ronde \\ud800 een"', "lone surrogate"),
    "surrogate in template": ("template", '"\\udfff"', "template holds"),
    "unpadded year": ("created", '"999-03-01T10:00:00Z"', "is not a UTC time"),
    "huge message": ("message", json.dumps('"' * 131_000), "at most 4,000"),
    "file of another number": ("file", f'"{SLUG}-v007.pdf"', "does not carry version 1"),
    "bool as number": ("fit", '{"font_size": true, "fill": 0.9}', "fit.font_size True"),
}


@pytest.mark.parametrize("edit", HAND_EDITS.values(), ids=HAND_EDITS.keys())
@pytest.mark.parametrize("command", ["build", "log", "diff", "archive"])
def test_a_hand_edited_value_is_named_and_nothing_is_written(
    drafted: Path, tmp_path: Path, edit: tuple[str, str, str], command: str
) -> None:
    field, raw, said = edit
    edit_first_record(drafted, field, raw)
    overview = drafted / "inputs/overview.yaml"
    overview.write_text(overview.read_text("utf-8") + "# nog een ronde\n", "utf-8")
    before = snapshot(drafted / "output")
    args = {"build": ["build"], "log": ["log", "--json"], "diff": ["diff", "1", "2"],
            "archive": ["archive", tmp_path / "archief"]}[command]  # fmt: skip
    result = run_cli(*args, drafted)
    assert result.code == 2, result.stderr
    register = re.escape(str(drafted / "output" / REGISTER))
    assert re.search(rf"{register}:\d+:\d+: error: draft record 1\b", result.stderr), result.stderr
    assert said in result.stderr
    assert "internal error" not in result.stderr
    if command == "log":  # one JSON object saying what is wrong, never JSON with NaN in it
        assert json.loads(result.stdout, parse_constant=pytest.fail)["ok"] is False
    assert snapshot(drafted / "output") == before
    assert not (tmp_path / "archief").exists() or not any((tmp_path / "archief").iterdir())


def test_a_year_before_1000_is_written_back_as_read(drafted: Path) -> None:
    edit_first_record(drafted, "created", '"0999-03-01T10:00:00Z"')
    overview = drafted / "inputs/overview.yaml"
    overview.write_text(overview.read_text("utf-8") + "# derde ronde\n", "utf-8")
    result = run_cli("build", drafted)
    assert result.code == 0, result.stderr
    text = (drafted / "output" / REGISTER).read_text("utf-8")
    assert '"created": "0999-03-01T10:00:00Z"' in text
    logged = run_cli("log", drafted, "--json")
    assert logged.code == 0, logged.stderr
    drafts = json.loads(logged.stdout)["drafts"]
    assert [d["created"][:4] for d in drafts[:2]] == ["0999", "2026"]
    assert len(drafts) == 3


def test_a_stray_high_numbered_pdf_does_not_set_the_next_number(drafted: Path) -> None:
    out = drafted / "output"
    stray = [out / "agenda-v20261128.pdf", out / f"{SLUG}-v9999999.pdf"]
    for path in stray:
        path.write_bytes(b"%PDF-1.7 not ours\n")
    add_drafts(drafted, 1)
    assert (out / f"{SLUG}-v003.pdf").is_file()
    assert [p.read_bytes() for p in stray] == [b"%PDF-1.7 not ours\n"] * 2
    result = run_cli("log", drafted)
    assert result.code == 0, result.stderr
    assert "skipped" not in result.stderr
    assert result.stderr.count("is not in versions.json") == 2


def test_a_file_holding_the_next_number_is_skipped_whatever_its_slug(drafted: Path) -> None:
    out = drafted / "output"
    held = {out / f"{SLUG}-v003.pdf": b"a killed build's\n", out / "oud-v004.pdf": b"by hand\n"}
    for path, data in held.items():
        path.write_bytes(data)
    add_drafts(drafted, 1)
    assert (out / f"{SLUG}-v005.pdf").is_file()  # never 3 or 4 again, in any name
    assert {p: p.read_bytes() for p in held} == held
    result = run_cli("log", drafted, "--json")
    gaps = json.loads(result.stdout)["gaps"]
    assert [(g["version"], g["last"]) for g in gaps] == [(3, 3), (4, 4)]


def test_a_register_that_jumps_is_summarised_in_one_line_per_gap(drafted: Path) -> None:
    register = drafted / "output" / REGISTER
    data = json.loads(register.read_bytes())
    last = data["drafts"][1]
    (drafted / "output" / last["file"]).rename(drafted / "output" / f"{SLUG}-v9999999.pdf")
    last["version"], last["file"] = 9_999_999, f"{SLUG}-v9999999.pdf"
    (drafted / "output" / f"{SLUG}-v004.pdf").write_bytes(b"by hand\n")
    register.write_text(json.dumps(data, indent=1), "utf-8")
    result = run_cli("log", drafted)
    assert result.code == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert notes == [
        "note: v002\u2013v003 are skipped: no draft has them: a build was stopped part-way, a "
        "file that held a number was removed after a later draft was made, or the "
        "register was edited",
        f"note: v004 is skipped: {SLUG}-v004.pdf holds the number but is not in "
        "versions.json: a build stopped after writing it and before registering it, or a "
        "file put there by hand; its number is not reused",
        "note: v005\u2013v9999998 are skipped: no draft has them: a build was stopped "
        "part-way, a file that held a number was removed after a later draft was made, "
        "or the register was edited",
    ]


@pytest.mark.parametrize("length", [4001, 131_000])
def test_a_message_too_long_for_a_record_is_refused_before_building(
    drafted: Path, length: int
) -> None:
    overview = drafted / "inputs/overview.yaml"
    overview.write_text(overview.read_text("utf-8") + "# derde ronde\n", "utf-8")
    before = snapshot(drafted / "output")
    result = run_cli("build", drafted, "-m", '"' * length)
    assert result.code == 2, result.stderr
    assert f"the message is {length:,} characters" in result.stderr
    assert "at most 4,000" in result.stderr
    assert snapshot(drafted / "output") == before


def test_the_longest_message_archives_into_a_root_verify_reads(
    project: Path, tmp_path: Path
) -> None:
    built = run_cli("build", project, "-m", '\U0001f600"' * 2000)
    assert built.code == 0, built.stderr
    root = tmp_path / "archief"
    assert run_cli("archive", root, project).code == 0
    result = run_cli("verify", root)
    assert result.code == 0, result.stderr


def test_a_record_the_register_could_not_read_back_stops_the_build_before_its_draft(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer reads its register back before the PDF is published, never after."""
    from proeve.drafts import register

    monkeypatch.setattr(register, "MAX_NAME", 5)  # the template's name is now too long to keep
    result = run_cli("build", project)
    assert result.code == 2, result.stderr
    assert (
        "versions.json:12:4: error: draft record 1 (v001): template is 22 characters, more than 5; "
        "proeve would not read it back, so nothing was written"
    ) in result.stderr
    assert sorted(p.name for p in (project / "output").glob("*.pdf")) == []
    assert not (project / "output" / REGISTER).exists()
