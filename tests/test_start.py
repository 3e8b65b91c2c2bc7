"""The way in: init makes a working project, new lists its initiative, any subfolder works."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest

from conftest import ROOT, run_cli, run_installed
from proeve.errors import InputErrors
from proeve.inputs.scaffold import listed_in_order

INIT_FILES = [
    ".gitattributes",
    ".github/workflows/proeve.yml",
    ".gitignore",
    ".gitlab-ci.yml",
    "inputs/initiatives/digitale-werkplaats.yaml",
    "inputs/initiatives/leerbanen.yaml",
    "inputs/initiatives/levendige-binnenstad.yaml",
    "inputs/overview.yaml",
    "proeve.initiative.schema.json",
    "proeve.overview.schema.json",
    "proeve.schema.json",
    "requirements.txt",
    "templates/default.yaml",
]


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_init_makes_a_project_that_builds(tmp_path: Path) -> None:
    project = tmp_path / "mijn-overzicht"
    result = run_cli("init", project)
    assert result.code == 0, result.stderr
    assert files_in(project) == INIT_FILES
    assert (project / "templates/default.yaml").read_bytes() == (
        ROOT / "templates/default.yaml"
    ).read_bytes()
    for name in ("proeve.schema.json", "proeve.initiative.schema.json"):
        assert (project / name).read_bytes() == (ROOT / name).read_bytes()
    built = run_cli("build", project, "-m", "eerste versie", "--json")
    assert built.code == 0, built.stderr
    pdf = pypdf.PdfReader(Path(json.loads(built.stdout)["path"]))
    text = pdf.pages[0].extract_text()
    assert "Onze aanpakken en hun dwarsverbanden" in text
    assert "Digitale werkplaats" in text


def test_init_shows_every_field_of_an_initiative(tmp_path: Path) -> None:
    import yaml

    assert run_cli("init", tmp_path).code == 0
    schema = json.loads((tmp_path / "proeve.initiative.schema.json").read_text())
    shown: set[str] = set()
    for path in (tmp_path / "inputs/initiatives").glob("*.yaml"):
        shown |= set(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert shown == set(schema["properties"])


def test_init_refuses_an_existing_project_and_changes_nothing(tmp_path: Path) -> None:
    assert run_cli("init", tmp_path).code == 0
    overview = tmp_path / "inputs/overview.yaml"
    overview.write_text("title: mijn eigen\n", encoding="utf-8")
    again = run_cli("init", tmp_path)
    assert again.code == 2
    assert "already holds a project" in again.stderr
    assert overview.read_text(encoding="utf-8") == "title: mijn eigen\n"


def test_init_never_replaces_a_file_and_writes_none_then(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("mine\n")
    (tmp_path / "README.md").write_text("my project\n")
    result = run_cli("init", tmp_path)
    assert result.code == 2
    assert ".gitignore already exist" in result.stderr
    assert files_in(tmp_path) == [".gitignore", "README.md"]
    (tmp_path / ".gitignore").unlink()
    assert run_cli("init", tmp_path).code == 0  # other files of the user's may stay
    assert (tmp_path / "README.md").read_text() == "my project\n"


def test_requirements_name_the_proeve_that_made_the_project(tmp_path: Path) -> None:
    from proeve import __version__
    from proeve.toolchain import current

    assert run_cli("init", tmp_path).code == 0
    lines = (tmp_path / "requirements.txt").read_text().splitlines()
    wanted = [ln for ln in lines if not ln.startswith("#")]
    assert wanted[0] == f"proeve[verify]=={__version__}" or wanted[0].startswith(
        "proeve[verify] @ "
    )  # with the extra that confirms conformance in CI
    made = current()  # pinned as the drafts are made here
    assert wanted[1:] == [f"reportlab=={made.reportlab}", f"pyphen=={made.pyphen}",
                          f"font-source-sans-pro=={made.fonts}"]  # fmt: skip


@pytest.mark.parametrize(
    ("origin", "line", "reachable"),
    [
        (None, "proeve[verify]==@V@", True),
        (
            {"url": "https://example.org/g/proeve.git",
             "vcs_info": {"vcs": "git", "commit_id": "0123abc"}},
            "proeve[verify] @ git+https://example.org/g/proeve.git@0123abc",
            True,
        ),
        (
            {"url": "https://example.org/proeve-0.2.0-py3-none-any.whl", "archive_info": {}},
            "proeve[verify] @ https://example.org/proeve-0.2.0-py3-none-any.whl",
            True,
        ),
        (  # a folder CI cannot reach: named as it is (pip says it is not there), never a
           # bare name an index could hand to someone else
            {"url": "file:///home/anna/proeve", "dir_info": {"editable": True}},
            "proeve[verify] @ file:///home/anna/proeve",
            False,
        ),
    ],
)  # fmt: skip
def test_the_requirement_follows_how_proeve_was_installed(
    origin: dict[str, object] | None, line: str, reachable: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from proeve import __version__
    from proeve.inputs import starter

    monkeypatch.setattr(starter, "_direct_url", lambda: origin)
    text, can = starter.requirement_line()
    lines = text.splitlines()
    assert line.replace("@V@", __version__) in lines
    assert can is reachable
    if not reachable:
        assert "which CI cannot reach: replace the line below" in text


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # a block list: one line more, comments and spacing kept
            "title: T  # mijn titel\ninitiatives:   # volgorde\n  - a  # eerste\n"
            "  - b\n\n# slot\nfooter: {}\n",
            "title: T  # mijn titel\ninitiatives:   # volgorde\n  - a  # eerste\n"
            "  - b\n  - nieuw\n\n# slot\nfooter: {}\n",
        ),
        ("initiatives:\n- a\n- b", "initiatives:\n- a\n- b\n- nieuw\n"),
        ("initiatives: [a, b]  # volgorde\n", "initiatives: [a, b, nieuw]  # volgorde\n"),
        ("initiatives: [\n  a,\n  b\n]\n", "initiatives: [\n  a,\n  b, nieuw\n]\n"),
        ("initiatives: []\n", "initiatives: [nieuw]\n"),
        ("initiatives:\ntitle: T\n", "initiatives: [nieuw]\ntitle: T\n"),
        ("initiatives:  # volgorde\ntitle: T\n", "initiatives: [nieuw]  # volgorde\ntitle: T\n"),
        ("initiatives: ~\n", "initiatives: [nieuw]\n"),
        ("title: T\n", "title: T\ninitiatives:\n  - nieuw\n"),
        ("title: T", "title: T\ninitiatives:\n  - nieuw\n"),
        (
            "title: T\r\ninitiatives:\r\n  - a\r\n",
            "title: T\r\ninitiatives:\r\n  - a\r\n  - nieuw\r\n",
        ),
    ],
)
def test_new_lists_the_id_with_the_smallest_edit(before: str, after: str) -> None:
    assert listed_in_order(before.encode(), "nieuw") == after.encode()


def test_new_keeps_a_byte_order_mark_and_skips_an_id_already_listed() -> None:
    data = "\ufefftitle: T\ninitiatives: [a]\n".encode()
    assert listed_in_order(data, "b") == "\ufefftitle: T\ninitiatives: [a, b]\n".encode()
    assert listed_in_order(b"initiatives: [a, b]\n", "b") is None


def test_new_writes_nothing_when_the_overview_is_not_readable(project: Path) -> None:
    overview = project / "inputs/overview.yaml"
    overview.write_text("title: T\ninitiatives: [a\n", encoding="utf-8")
    result = run_cli("new", "nieuw", project)
    assert result.code == 1
    assert "inputs/overview.yaml:2:14: error: the list opened here is not closed" in result.stderr
    assert not (project / "inputs/initiatives/nieuw.yaml").exists()
    with pytest.raises(InputErrors):
        listed_in_order(b"initiatives: 5\n", "nieuw")


def test_new_outside_a_project_says_how_to_start_one(tmp_path: Path) -> None:
    result = run_cli("new", "nieuw", tmp_path)
    assert result.code == 2
    assert "proeve init" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["preview"],
        ["build", "-m", "uit een submap"],
        ["log"],
        ["new", "uit-een-submap"],
        ["archive", "{tmp}/archief"],
    ],
)
def test_every_project_command_works_from_a_subfolder(
    project: Path, tmp_path: Path, args: list[str]
) -> None:
    assert run_cli("build", project).code == 0  # a draft, for log and archive
    inside = project / "inputs" / "initiatives"
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = run_installed(*argv, cwd=inside)
    assert result.returncode == 0, result.stderr
    assert not (inside / "output").exists()
    assert not (project / "inputs/output").exists()


def test_diff_finds_the_project_from_a_subfolder(project: Path) -> None:
    assert run_cli("build", project).code == 0
    overview = project / "inputs/overview.yaml"
    overview.write_text(overview.read_text(encoding="utf-8").replace("vijf", "5"), "utf-8")
    assert run_cli("build", project).code == 0
    result = run_installed("diff", "1", "2", cwd=project / "output")
    assert result.returncode == 1, result.stderr
    assert "v1 → v2" in result.stdout


def test_a_folder_outside_any_project_is_still_named(tmp_path: Path) -> None:
    result = run_cli("check", tmp_path)
    assert result.code == 2
    assert f"{tmp_path}: no inputs/ folder here" in result.stderr


def test_check_notes_schema_copies_this_proeve_did_not_write(tmp_path: Path) -> None:
    project = tmp_path / "p"
    assert run_cli("init", project).code == 0
    fresh = run_cli("check", project)
    assert fresh.code == 0
    assert "schema" not in fresh.stderr
    old = project / "proeve.initiative.schema.json"
    old.write_text(old.read_text("utf-8").replace('"description"', '"title"', 1), "utf-8")
    done = run_cli("check", project)
    assert done.code == 0  # a note: the inputs are fine, the editor may judge them otherwise
    assert "note: proeve.initiative.schema.json is not the schema of this proeve" in done.stderr
    assert f"proeve schema --write {project}" in done.stderr
    assert run_cli("schema", "--write", project).code == 0
    assert "schema" not in run_cli("check", project).stderr
