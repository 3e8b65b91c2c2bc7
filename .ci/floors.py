"""pyproject.toml's runtime dependencies -> their lowest allowed versions (name==version).

python .ci/floors.py            print the constraints, one a line
python .ci/floors.py --check    exit 1 unless exactly those versions are installed
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def floors() -> dict[str, str]:
    """Each `name>=version` in [project] dependencies and in the `verify` extra (what a
    user installs; the test tools are not), read without tomllib (Python 3.10)."""
    text = PYPROJECT.read_text(encoding="utf-8")
    block = re.search(r"^dependencies = \[(.*?)^\]", text, re.S | re.M)
    extra = re.search(r"^verify = \[(.*?)\]", text, re.S | re.M)
    if block is None or extra is None:
        raise SystemExit("no dependencies list, or no verify extra, in pyproject.toml")
    pattern = r'"([A-Za-z0-9_.-]+)(?:\[[a-z,]+\])?>=([0-9][^,"<]*)'
    found = re.findall(pattern, block[1]) + re.findall(pattern, extra[1])
    if not found:
        raise SystemExit("no name>=version in the dependencies")
    return dict(found)


def _parts(version: str) -> tuple[int, ...]:
    """4.2 and 4.2.0 alike: the release numbers without trailing zeros."""
    numbers = [int(n) for n in re.findall(r"[0-9]+", version.split("+")[0])]
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def main() -> int:
    wanted = floors()
    if sys.argv[1:] != ["--check"]:
        print("\n".join(f"{name}=={version}" for name, version in wanted.items()))
        return 0
    wrong = {
        name: metadata.version(name)
        for name, version in wanted.items()
        if _parts(metadata.version(name)) != _parts(version)
    }
    for name, have in wrong.items():
        print(f"{name}: {have} installed, the floor is {wanted[name]}", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
