"""A repository may carry a folder as a symlink (inputs/, inputs/initiatives/, templates/,
.github/): proeve reads nothing and writes nothing through one that leads out of the project.

One rule for every path read or written in a project (proeve.inputs.root
`leads_out`): the path, its folders included, resolved, lies inside the project.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import outputs, run_cli
from draftkit import snapshot

SECRET = "Geheim-7f3a"  # a word that must never reach a page, a PDF or the terminal


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the project, as someone's private files."""
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def _move_out(project: Path, name: str, outside: Path) -> Path:
    """Move project/name outside and leave a symlink to it in its place (as a clone would)."""
    target = outside / Path(name).name
    shutil.move(project / name, target)
    (project / name).symlink_to(target, target_is_directory=True)
    return target


@pytest.mark.parametrize("folder", ["inputs", "inputs/initiatives"])
def test_an_input_folder_linked_out_of_the_project_is_not_read(
    project: Path, outside: Path, folder: str
) -> None:
    target = _move_out(project, folder, outside)
    initiatives = target if folder.endswith("initiatives") else target / "initiatives"
    first = sorted(initiatives.glob("*.yaml"))[0]
    first.write_text(first.read_text("utf-8").replace("title: ", f"title: {SECRET} ", 1), "utf-8")
    for command in ("check", "build"):
        result = run_cli(command, project)
        assert result.code == 1, result.stderr
        assert (
            f"{folder}: error: leads outside the project folder (a symbolic link to {target})"
            in (result.stderr)
        )
        assert SECRET not in result.stderr + result.stdout
    assert outputs(project) == []


def test_a_templates_folder_linked_out_is_not_read_by_path(project: Path, outside: Path) -> None:
    target = _move_out(project, "templates", outside)
    shutil.copy(target / "default.yaml", target / "corp.yaml")
    for choice in ("templates/corp.yaml", "corp", "default"):
        result = run_cli("check", project, "--template", str(project / choice)) if "/" in choice \
            else run_cli("check", project, "--template", choice)  # fmt: skip
        assert result.code == 1, (choice, result.stderr)
        assert "templates is a symbolic link" in result.stderr


def test_a_template_path_given_outside_the_project_is_the_users_choice(
    project: Path, outside: Path
) -> None:
    shutil.copy(project / "templates/default.yaml", outside / "corp.yaml")
    result = run_cli("check", project, "--template", outside / "corp.yaml")
    assert result.code == 0, result.stderr


def test_a_logo_read_through_a_linked_folder_is_refused(project: Path, outside: Path) -> None:
    (outside / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + SECRET.encode())
    (project / "templates/art").symlink_to(outside, target_is_directory=True)
    template = project / "templates/default.yaml"
    text = template.read_text("utf-8")
    template.write_text(text + "logo: templates/art/logo.png\nlogo_alt: Logo\n", "utf-8")
    result = run_cli("build", project)
    assert result.code == 1, result.stderr
    # Refused for the link, or before it for the name: a logo lives right in templates/.
    assert any(
        why in result.stderr
        for why in ("templates/art is a symbolic link", "no place proeve keeps sources")
    )
    assert SECRET not in result.stderr
    assert outputs(project) == []


def test_links_that_stay_inside_the_project_are_followed(project: Path) -> None:
    shutil.move(project / "inputs/initiatives", project / "shared")
    (project / "inputs/initiatives").symlink_to(Path("../shared"), target_is_directory=True)
    result = run_cli("check", project)
    assert result.code == 0, result.stderr


@pytest.mark.parametrize("folder", ["templates", ".github", ".github/workflows"])
def test_init_writes_nothing_through_a_folder_linked_out(tmp_path: Path, folder: str) -> None:
    """A cloned repository without inputs/ may carry these folders; init fills it in."""
    outside = tmp_path / "outside"
    outside.mkdir()
    project = tmp_path / "clone"
    (project / folder).parent.mkdir(parents=True)
    (project / folder).symlink_to(outside, target_is_directory=True)
    result = run_cli("init", project)
    assert result.code == 1, result.stderr
    assert f"{folder} is a symbolic link" in result.stderr
    assert list(outside.iterdir()) == []
    assert not (project / "inputs").exists()


@pytest.mark.parametrize("folder", ["inputs", "inputs/initiatives"])
def test_new_writes_nothing_through_a_folder_linked_out(
    project: Path, outside: Path, folder: str
) -> None:
    target = _move_out(project, folder, outside)
    before = snapshot(target)
    result = run_cli("new", "nieuw", project)
    assert result.code == 1, result.stderr
    assert f"{folder} is a symbolic link" in result.stderr
    assert snapshot(target) == before
