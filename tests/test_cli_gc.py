"""main() runs one-shot commands without the cycle collector and gives it back afterwards."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli
from proeve import cli


def test_collector_is_back_after_a_command(project: Path) -> None:
    assert gc.isenabled()
    assert run_cli("check", project).code == 0
    assert gc.isenabled()
    (project / "inputs" / "overview.yaml").write_text("title: [\n", encoding="utf-8")
    assert run_cli("check", project).code == 1
    assert gc.isenabled()


def test_a_caller_without_the_collector_keeps_it_off(project: Path) -> None:
    gc.disable()
    try:
        run_cli("check", project)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_one_shot_commands_run_without_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    real = cli.LazyGroup.get_command

    def spy(self: cli.LazyGroup, ctx: Any, name: str) -> Any:
        command = real(self, ctx, name)
        seen.append((name, gc.isenabled()))
        return command

    monkeypatch.setattr(cli.LazyGroup, "get_command", spy)
    run_cli("check", project)
    run_cli("log", project)
    run_cli("verify", project / "output")
    assert ("check", False) in seen
    assert ("log", False) in seen
    assert ("verify", True) in seen


def test_watching_turns_it_back_on(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import proeve.drafts.watch

    seen = []

    def watch_preview(*args: Any, **kwargs: Any) -> None:
        seen.append(gc.isenabled())

    monkeypatch.setattr(proeve.drafts.watch, "watch_preview", watch_preview)
    run_cli("preview", "--watch", project)
    assert seen == [True]
