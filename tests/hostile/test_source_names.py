"""One rule for source names, when writing and when reading (proeve.inputs.names).

Before, `logo: ./templates/logo.png`, `templates//logo.png`, `templates/lögo.png`,
`logo+g40.png` and `--template "mijn sjabloon.yaml"` built drafts that proeve's
own reader then refused (verify, diff, extract, comments), and `extract` wrote
any name a mailed PDF carried: `Makefile`, `conftest.py`, `templates/CON`.
Now a name is written in its one form or refused at `check`, at its line; and
extract writes only the inputs, the manifest's template and its logo.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli
from draftkit import snapshot
from forge import attachments_of, with_attachments
from test_template import png, with_logo


def only_draft(project: Path) -> Path:
    (draft,) = (project / "output").glob("*-v001.pdf")
    return draft


@pytest.mark.parametrize("written", ["./templates/logo.png", "templates//logo.png",
                                     "templates/./logo.png"])  # fmt: skip
def test_a_logo_named_another_way_is_embedded_under_its_one_name(
    project: Path, tmp_path: Path, written: str
) -> None:
    png(project / "templates/logo.png")
    with_logo(project, written)
    assert run_cli("build", project).code == 0
    draft = only_draft(project)
    assert "templates/logo.png" in attachments_of(draft.read_bytes())
    copy = tmp_path / "copy"
    result = run_cli("extract", draft, copy)
    assert result.code == 0, result.stderr
    assert (copy / "templates/logo.png").read_bytes() == (
        project / "templates/logo.png"
    ).read_bytes()
    assert run_cli("diff", draft, draft, project).code == 0
    assert run_cli("comments", draft, project).code == 1  # read, no comments


@pytest.mark.parametrize("name", ["lögo.png", "logo+g40.png", "con.png", "sub/logo.png"])
def test_a_logo_name_outside_the_rule_is_refused_at_its_line(project: Path, name: str) -> None:
    (project / "templates" / name).parent.mkdir(exist_ok=True)
    png(project / "templates" / name)
    with_logo(project, f"templates/{name}")
    lines = (project / "templates/default.yaml").read_text("utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("logo:"))
    result = run_cli("check", project)
    assert result.code == 1, result.stderr
    assert f"templates/default.yaml:{line}:1: error: logo 'templates/{name}'" in result.stderr
    assert "rename" in result.stderr
    assert not (project / "output").exists()


def test_a_template_file_name_outside_the_rule_is_refused(project: Path) -> None:
    mine = project / "mijn sjabloon.yaml"
    shutil.copy(project / "templates/default.yaml", mine)
    result = run_cli("build", project, "--template", mine)
    assert result.code == 2, result.stderr
    assert "mijn sjabloon" in result.stderr
    assert "rename" in result.stderr
    assert not (project / "output").exists()
    (project / "mijn-sjabloon.yaml").write_bytes(mine.read_bytes())
    assert run_cli("build", project, "--template", project / "mijn-sjabloon.yaml").code == 0
    assert run_cli("extract", only_draft(project), project / "terug").code == 0
    assert (project / "terug/templates/mijn-sjabloon.yaml").is_file()


def test_an_initiative_named_like_a_device_is_refused_at_check(project: Path) -> None:
    mkb = project / "inputs/initiatives/mkb-roltrap.yaml"
    mkb.rename(mkb.with_name("aux.yaml"))
    overview = project / "inputs/overview.yaml"
    overview.write_text(overview.read_text("utf-8").replace("mkb-roltrap", "aux"), "utf-8")
    result = run_cli("check", project)
    assert result.code == 1, result.stderr
    assert "inputs/initiatives/aux.yaml:1:1: error: file name" in result.stderr
    assert "device name" in result.stderr


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    from draftkit import new_project

    project = new_project(tmp_path_factory.mktemp("names") / "project")
    assert run_cli("build", project).code == 0
    return attachments_of(only_draft(project).read_bytes())


@pytest.mark.parametrize(
    "extra",
    [
        "Makefile",
        "conftest.py",
        "inputs/sitecustomize.py",
        "aux.yaml",
        "templates/CON",
        "templates/con.yaml",
        "templates/other.yaml",  # a template the manifest does not name
        "templates/evil.png",  # an image the template does not name
        "inputs/initiatives/../../x.yaml",
        "./inputs/overview.yaml",
        "inputs//initiatives/x.yaml",
    ],
)
def test_extract_writes_only_what_proeve_writes(
    genuine: dict[str, bytes], tmp_path: Path, extra: str
) -> None:
    mail = tmp_path / "mail.pdf"
    mail.write_bytes(with_attachments([*genuine.items(), (extra, b"all: pwned\n")]))
    target = tmp_path / "extracted"
    target.mkdir()
    result = run_cli("extract", mail, target)
    assert result.code == 2, result.stderr
    assert "internal error" not in result.stderr
    assert snapshot(tmp_path) == {"mail.pdf": mail.read_bytes()}


def test_extract_writes_the_inputs_and_the_template_not_the_manifest(
    genuine: dict[str, bytes], tmp_path: Path
) -> None:
    mail = tmp_path / "mail.pdf"
    mail.write_bytes(with_attachments(list(genuine.items())))
    target = tmp_path / "extracted"
    assert run_cli("extract", mail, target).code == 0
    written = set(snapshot(target))
    assert written == set(genuine) - {"proeve.json"}
    assert "templates/default.yaml" in written


def test_a_template_named_like_a_device_is_refused(project: Path) -> None:
    shutil.copy(project / "templates/default.yaml", project / "templates/con.yaml")
    result = run_cli("build", project, "--template", "con")
    assert result.code == 2, result.stderr
    assert "device name" in result.stderr
    assert not (project / "output").exists()


NAME_PARTS = st.sampled_from(["inputs/", "initiatives/", "templates/", "./", "/", "..", "logo",
                              "lögo", "con", "+", " ", ".", ".png", ".yaml", "\\", "x-1_2"])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(NAME_PARTS, min_size=1, max_size=6).map("".join))
def test_the_writer_embeds_exactly_the_names_the_reader_takes(name: str) -> None:
    from proeve.chain import embeddable
    from proeve.errors import UsageError
    from proeve.pdf.read import safe_name

    try:
        embeddable(name)
        written = True
    except UsageError:
        written = False
    try:
        safe_name(name)
        read = True
    except UsageError:
        read = False
    assert written == read, name
