"""Smaller leaks of issue 17 (item 22): input names proeve skipped without a word.

(A relative XDG_CACHE_HOME is tests/hostile/test_tampered_cache.py's.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli


@pytest.mark.parametrize("name", ["extra.yml", "extra.YAML", "extra.Yaml", "extra.YML"])
def test_an_input_named_with_another_case_of_yaml_is_named_not_skipped(
    project: Path, name: str
) -> None:
    folder = project / "inputs/initiatives"
    (folder / name).write_bytes((folder / "mkb-roltrap.yaml").read_bytes())
    result = run_cli("check", project)
    assert result.code == 1, result.stderr
    suffix = Path(name).suffix
    assert (
        f"inputs/initiatives/{name}:1:1: error: use the extension .yaml, not {suffix}"
        in result.stderr
    )
