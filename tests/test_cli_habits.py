"""What editors and pipelines expect of a command line: help with examples, completion,
-q/-v, python -m, any console encoding, nothing raw reaching the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, run_installed
from proeve.cli import COMMANDS, one_line, printable


def installed(
    *args: str | Path, cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[bytes]:
    exe = Path(sys.executable).with_name("proeve")
    return subprocess.run(
        [str(exe), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )


def test_python_dash_m_runs_proeve() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "proeve", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith("proeve, version ")


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_has_examples_in_its_help(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.code == 0
    examples = result.stdout.split("Examples:")[1].splitlines()
    assert any(line.strip().startswith(f"proeve {command}") for line in examples), result.stdout


def complete(words: str, cwd: Path | None = None) -> list[str]:
    done = installed(
        cwd=cwd,
        _PROEVE_COMPLETE="bash_complete",
        COMP_WORDS=words,
        COMP_CWORD=str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    )
    assert done.returncode == 0, done.stderr
    return [line.split(",", 1)[1] for line in done.stdout.decode().splitlines()]


def test_shell_completion_completes_commands_options_and_templates(project: Path) -> None:
    assert complete("proeve b") == ["build"]
    assert {"--message", "--final", "--json", "--template", "--quiet"} <= set(
        complete("proeve build --")
    )
    assert "--kind" in complete("proeve schema --")
    assert complete("proeve check -t d", cwd=project) == ["default"]


def test_quiet_leaves_only_problems_and_verbose_says_more(project: Path) -> None:
    quiet = run_cli("build", project, "-q")
    assert quiet.code == 0
    assert quiet.stderr == ""
    broken = project / "inputs/overview.yaml"
    broken.write_text("title: [\n", encoding="utf-8")
    assert "inputs/overview.yaml:1:8" in run_cli("-q", "check", project).stderr
    loud = run_cli("check", project / "inputs", "-v")
    assert "project: " in loud.stderr
    assert "read 6 input files" in loud.stderr


def test_output_is_utf8_whatever_the_console_encoding(project: Path) -> None:
    assert run_cli("build", project, "-m", "café → ✓ — één").code == 0
    for encoding in ("cp1252", "ascii"):
        done = installed("log", project, PYTHONIOENCODING=encoding)
        assert done.returncode == 0, done.stderr
        assert "café → ✓ — één" in done.stdout.decode("utf-8")
        assert b"Traceback" not in done.stderr


def test_no_control_characters_reach_the_terminal(project: Path) -> None:
    evil = "titel \x1b]0;pwned\x07 \x1b[31mrood\x9b2J \u202eomgekeerd\nregel twee"
    built = run_cli("build", project, "-m", evil, "--json")
    assert built.code == 0
    stored = json.loads(built.stdout)["message"]
    assert "\x1b" not in stored
    assert "\n" in stored  # a message may have lines
    printed = run_cli("log", project)
    assert printed.stdout.count("\n") == 1  # one line per draft, however many lines it has
    for char in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert char not in printed.stdout + printed.stderr
    assert "titel ]0;pwned [31mrood2J omgekeerd (+1 more line)" in printed.stdout


def test_json_escapes_what_json_dumps_leaves(capsys: pytest.CaptureFixture[str]) -> None:
    from proeve.cli import emit

    emit({"x": "a\x1bb\x9bc\x7f"})
    out = capsys.readouterr().out
    assert json.loads(out) == {"x": "a\x1bb\x9bc\x7f"}
    assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in out)


def test_printable_and_one_line() -> None:
    assert printable("a\x1b[2Jb\tc\nd\x00") == "a[2Jb\tc\nd"
    assert one_line("eerste\n\n  tweede  \nderde") == "eerste (+2 more lines)"
    assert one_line("  alleen  ") == "alleen"


def test_build_warns_when_the_register_no_longer_matches_the_files(project: Path) -> None:
    assert run_cli("build", project, "-m", "een").code == 0
    overview = project / "inputs/overview.yaml"
    overview.write_text(overview.read_text(encoding="utf-8").replace("vijf", "5"), "utf-8")
    assert run_cli("build", project, "-m", "twee").code == 0
    first, second = sorted((project / "output").glob("*-v00*.pdf"))
    first.unlink()
    second.write_bytes(second.read_bytes() + b"\n% edited\n")
    result = run_cli("build", project, "-q", "--json")  # unchanged: no new draft, but told
    assert result.code == 0
    assert f"warning: v001 {first}: the file is missing" in result.stderr
    assert f"warning: v002 {second}: the file no longer matches its checksum" in result.stderr
    problems = json.loads(result.stdout)["problems"]
    assert [(p["version"], p["problem"]) for p in problems] == [(1, "missing"), (2, "changed")]


def test_an_installed_run_prints_no_traceback_for_a_usage_error(tmp_path: Path) -> None:
    done = run_installed("diff", "1", "2", tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def block(name: str) -> list[str]:
    """The commands between a README's <!-- name --> markers (what CI runs)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    inside = text.split(f"<!-- {name} -->", 1)[1].split(f"<!-- /{name} -->", 1)[0]
    return [ln for ln in inside.strip().splitlines() if not ln.startswith("```")]


def test_the_quick_start_is_two_commands_that_need_no_system_pip() -> None:
    """PEP 668 systems (Debian, Ubuntu) refuse `pip install` outside a virtual environment."""
    install, build = block("quick-start")
    assert install.startswith("python3 -m venv .venv && .venv/bin/pip install")
    assert build.startswith(".venv/bin/proeve preview")
    assert "python3 -m pip" not in install + build
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert ".ci/quick-start" in ci  # and CI runs it as written
    assert "quick-start -->" in (ROOT / ".ci/quick-start").read_text(encoding="utf-8")
    assert block("test-command")[0].startswith(".venv/bin/pip install -e '.[test]'")
