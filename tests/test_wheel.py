"""The wheel carries what a new user needs: `proeve init` and a first build, away from a checkout.

Built without network (hatchling from this environment), installed with
--no-deps into a fresh virtual environment that borrows this one's
dependencies but not its (editable) proeve, and run from a folder far from the
source tree.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from servekit import request, serving, stop

pytestmark = pytest.mark.slow


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "--no-index", "-w", out, ROOT)  # fmt: skip
    (built,) = out.glob("proeve-*.whl")
    return built


def test_the_wheel_holds_the_starter_template_and_schema_sources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "proeve/_templates/default.yaml" in names
    assert "proeve/inputs/starter_files/overview.yaml" in names
    assert "proeve/inputs/starter_files/gitignore" in names
    assert "proeve/inputs/starter_files/github-workflow.yml" in names
    assert "proeve/pdf/data/sRGB.icc" in names
    assert "proeve/serve/static/index.html" in names  # the page proeve serve shows
    assert not [n for n in names if n.startswith(("tests/", "inputs/", "bench/"))]


def test_the_wheel_carries_the_license_and_metadata_an_index_accepts(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    (license_file,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    assert archive.read(license_file) == (ROOT / "LICENSE").read_bytes()
    metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT" in metadata or "License: MIT" in metadata
    assert "Classifier: Programming Language :: Python :: 3.10" in metadata
    # As the package index renders it: `twine check --strict` fails on warnings too.
    checked = run(sys.executable, "-m", "twine", "check", "--strict", wheel)
    assert "PASSED" in checked.stdout


def test_a_fresh_install_starts_a_project_and_builds_it(wheel: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", fresh)
    python = fresh / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
                .stdout.strip())  # fmt: skip
    # The dependencies from this environment; proeve itself only from the wheel.
    (site / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        wheel)  # fmt: skip
    where = run(python, "-c", "import proeve; print(proeve.__file__)", cwd=tmp_path).stdout
    assert Path(where.strip()).is_relative_to(site)
    run(python, "-m", "proeve", "init", "overzicht", cwd=tmp_path)
    built = run(python, "-m", "proeve", "build", "-m", "eerste", cwd=tmp_path / "overzicht")
    assert "wrote output/onze-aanpakken-v001.pdf" in built.stderr
    assert (tmp_path / "overzicht/templates/default.yaml").read_bytes() == (
        ROOT / "templates/default.yaml"
    ).read_bytes()
    # proeve serve's page comes from the wheel too.
    with serving(tmp_path / "overzicht", tmp_path, python=python) as served:
        status, _, page = request(served, "GET", "/")
        assert status == 200
        assert b"data-proeve-page" in page
        assert stop(served)[0] == 0
