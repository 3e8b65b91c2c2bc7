"""An empty folder -> a complete, working project: inputs, template, schemas, git and CI files.

The files come from `starter_files/` (carried in the wheel), the template from
the built-in templates, the schemas from the model; `requirements.txt` names
the proeve that made the project, so CI installs the same one.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from proeve import __version__
from proeve.errors import ProeveError, UsageError
from proeve.fsio import sweep_leftovers, write_new
from proeve.inputs.root import leads_out
from proeve.inputs.schema import schema_files
from proeve.inputs.template import builtin_dir

# Where each starter file goes in the new project (Why other names in the package: a
# file called .gitignore inside the package would tell the wheel builder what to leave out).
PLACES = {
    "overview.yaml": "inputs/overview.yaml",
    "initiatives/digitale-werkplaats.yaml": "inputs/initiatives/digitale-werkplaats.yaml",
    "initiatives/leerbanen.yaml": "inputs/initiatives/leerbanen.yaml",
    "initiatives/levendige-binnenstad.yaml": "inputs/initiatives/levendige-binnenstad.yaml",
    "gitignore": ".gitignore",
    "gitattributes": ".gitattributes",
    "requirements.txt": "requirements.txt",
    "github-workflow.yml": ".github/workflows/proeve.yml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
}


class Started:
    """What init wrote, what an earlier, interrupted init had written already, and whether
    CI can install proeve from the line it wrote for it."""

    def __init__(self, files: list[Path], reachable: bool, there: list[Path] | None = None) -> None:
        self.files = files
        self.reachable = reachable
        self.there = there or []


def project_files() -> tuple[dict[str, bytes], bool]:
    """Every file of a new project by its path in the project, and whether CI can install it."""
    folder = resources.files("proeve.inputs") / "starter_files"
    requirement, reachable = requirement_line()
    files: dict[str, bytes] = {}
    for name, place in PLACES.items():
        data = (folder / name).read_bytes()
        files[place] = data.replace(b"@REQUIREMENT@", requirement.encode())
    files["templates/default.yaml"] = (builtin_dir() / "default.yaml").read_bytes()
    for path, data in schema_files(Path()).items():
        files[path.as_posix()] = data
    return files, reachable


def init_project(folder: Path) -> Started:
    """Write a new project into `folder` (made if missing); refuse if any of its files exist.

    A file that holds exactly what init writes counts as written: an init that
    was stopped part-way is finished by running it again. Nothing is written
    through a folder that leads out of `folder` (a symlinked templates/ or .github/).
    """
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder")
    files, reachable = project_files()
    for place in files:
        reason = leads_out(folder, place)
        if reason:
            raise ProeveError(f"refusing to write {folder / place}: {reason}; "
                              "proeve init changed nothing")  # fmt: skip
    for parent in sorted({(folder / place).parent for place in files}):
        if parent.is_dir():  # what a killed init left where this one may not write again
            sweep_leftovers(parent)
    there = {place for place, data in files.items() if _holds(folder / place, data)}
    if _other_inputs(folder, files, there):
        raise UsageError(
            f"{folder} already holds a project (an inputs/ folder); proeve init changed nothing"
        )
    taken = sorted(
        p for p in files if p not in there and ((folder / p).exists() or (folder / p).is_symlink())
    )
    if taken:
        raise UsageError(f"{folder}: {', '.join(taken)} already exist; proeve init changed nothing")
    written: list[Path] = []
    try:
        for place, data in files.items():
            if place in there:
                continue
            path = folder / place
            path.parent.mkdir(parents=True, exist_ok=True)
            if not write_new(path, data):
                raise UsageError(f"{path} appeared while proeve init ran; it stopped there")
            written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return Started(written, reachable, sorted(folder / p for p in there))


def _holds(path: Path, data: bytes) -> bool:
    """Whether `path` is a plain file holding exactly `data` (an earlier init wrote it)."""
    from proeve.fsio import read_bounded

    try:
        return not path.is_symlink() and read_bounded(path, len(data)) == data
    except OSError:
        return False


def _other_inputs(folder: Path, files: dict[str, bytes], there: set[str]) -> bool:
    """Whether inputs/ holds a file init did not write as it is (a project of someone's)."""
    from proeve.fsio import LEFTOVER

    inputs = folder / "inputs"
    if not inputs.is_dir() or inputs.is_symlink():
        return inputs.exists() or inputs.is_symlink()
    for path in inputs.rglob("*"):
        place = path.relative_to(folder).as_posix()
        if place in files and place not in there:
            return True
        if place not in files and not path.is_dir() and not LEFTOVER.fullmatch(path.name):
            return True
    return False


def requirement_line() -> tuple[str, bool]:
    """How CI installs this proeve (requirements.txt lines), and whether CI can reach it.

    From the installation's own record (PEP 610 direct_url.json): a git
    repository or a wheel on the web is named exactly (pinned to its commit); an
    install from a folder on this computer cannot be reached from CI, so the line
    names that folder (pip then says plainly that it is not there) and a comment
    says what to put instead: never a bare name a package index might give to
    someone else. With the `verify` extra (conformance confirmed in CI), then
    the libraries that shape the PDF's bytes, pinned as they are here, so that
    CI rebuilds the drafts byte for byte (proeve.toolchain).
    """
    line, reachable = _proeve_line()
    return line + "\n" + _toolchain_pins(), reachable


def _proeve_line() -> tuple[str, bool]:
    name = "proeve[verify]"
    origin = _direct_url()
    if origin is None:  # from a package index
        return f"{name}=={__version__}", True
    url = str(origin.get("url", ""))
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict) and url.startswith(("https://", "ssh://", "git@")):
        return f"{name} @ {vcs.get('vcs', 'git')}+{url}@{vcs.get('commit_id', '')}", True
    if "archive_info" in origin and url.startswith("https://"):
        return f"{name} @ {url}", True
    note = (
        f"# This proeve {__version__} was installed from a folder on one computer ({url}),\n"
        "# which CI cannot reach: replace the line below by where CI can get it, such as\n"
        f"# {name} @ git+https://example.org/your-group/proeve.git@v{__version__}\n"
    )
    return note + f"{name} @ {url}", False


def _toolchain_pins() -> str:
    from proeve.toolchain import FONT_PACKAGE, current

    made = current()
    pins = [("reportlab", made.reportlab), ("pyphen", made.pyphen), (FONT_PACKAGE, made.fonts)]
    lines = [f"{package}=={version}" for package, version in pins if version]
    head = "# The libraries that shape the PDF's bytes, as the drafts here are made with them\n"
    return head + "\n".join(lines)


def _direct_url() -> dict[str, object] | None:
    from importlib import metadata

    try:
        text = metadata.distribution("proeve").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
