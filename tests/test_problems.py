"""Errors and warnings as editors and CI read them: the $gcc matcher, a GNU regex, GitHub's
workflow-command parser and the SARIF 2.1.0 schema, each against real output of proeve."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, ROOT, run_cli
from proeve.cli.problems import Problem, github_line, shown_path

# VS Code's built-in `$gcc` problem matcher (extensions/cpp/package.json).
GCC = re.compile(r"^(.*?):(\d+):(\d*):?\s+(?:fatal\s+)?(warning|error):\s+(.*)$")
# The GNU Coding Standards' form, `sourcefile:lineno:column: message`, with a severity.
GNU = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): "
                 r"(?P<level>error|warning): (?P<message>\S.*)$")  # fmt: skip
SARIF_SCHEMA = ROOT / "tests/editor/node_modules/@microsoft/jest-sarif/lib/schemas"
OVERFLOW = DATA / "docs" / "overflow-nl"


def installed(*args: str | Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("proeve")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return subprocess.run([str(exe), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          env={**clean, **env}, timeout=120, check=False)  # fmt: skip


def broken(project: Path) -> None:
    """Three errors in two files: a misspelt key, an unknown status, an unknown theme."""
    path = project / "inputs/initiatives/mkb-roltrap.yaml"
    text = path.read_text("utf-8")
    text = text.replace("\npartners:", "\npartnrs:", 1)
    text = re.sub(r"\nstatus: .*", "\nstatus: klaar", text, count=1)
    path.write_text(text, "utf-8")
    other = project / "inputs/initiatives/smart-cities.yaml"
    other.write_text(re.sub(r"\nthemes: \[", "\nthemes: [digitalisatie, ", other.read_text("utf-8")),
                     "utf-8")  # fmt: skip


def test_errors_match_the_gcc_matcher_and_a_gnu_regex_with_paths_from_here(
    project: Path,
) -> None:
    broken(project)
    for cwd in (project, project / "inputs", project.parent):
        done = installed("check", project, cwd=cwd)
        assert done.returncode == 1, done.stderr
        *lines, last = done.stderr.splitlines()
        assert last == "proeve: 3 errors"
        assert len(lines) == 3
        for line in lines:
            gcc, gnu = GCC.match(line), GNU.match(line)
            assert gcc is not None, line
            assert gnu is not None, line
            assert gcc.group(4) == gnu["level"] == "error"
            assert gcc.group(1) == gnu["file"]
            path = cwd / gnu["file"]
            assert path.is_file(), f"{gnu['file']} from {cwd}"  # relative to the current folder
            written = path.read_text("utf-8").splitlines()[int(gnu["line"]) - 1]
            assert int(gnu["col"]) <= len(written) + 1
        messages = "\n".join(lines)
        assert "unknown key 'partnrs' (did you mean 'partners'?)" in messages
        assert "no theme with id 'digitalisatie'" in messages


def test_a_page_too_long_points_at_the_fields_to_cut(tmp_path: Path) -> None:
    project = tmp_path / "lang"
    shutil.copytree(OVERFLOW, project)
    done = installed("check", cwd=project)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0].startswith("proeve: error: the content does not fit")
    located = [GNU.match(line) for line in lines[1:-1]]
    assert located
    assert all(m is not None for m in located), lines
    for m in located:
        assert m is not None
        assert m["message"].startswith("cut ")
        field = re.search(r"of '(\w+)'", m["message"])
        assert field is not None
        written = (project / m["file"]).read_text("utf-8").splitlines()[int(m["line"]) - 1]
        assert written.startswith(f"{field[1]}:")  # the line where that field is written
    assert lines[-1] == f"proeve: {len(located) + 1} errors"
    data = json.loads(installed("check", "--json", cwd=project).stdout)
    place = next(iter(data["cuts"][0]["places"].values()))
    assert place["file"].startswith("inputs/initiatives/")
    assert place["line"] > 1


def _drop_key(path: Path, key: str) -> None:
    """Take a top-level key and its value (all its indented lines) out of a YAML file."""
    kept, dropping = [], False
    for line in path.read_text("utf-8").splitlines(keepends=True):
        if line.startswith(f"{key}:"):
            dropping = True
            continue
        if dropping and line[:1] not in (" ", "\n", "-"):
            dropping = False
        if not dropping:
            kept.append(line)
    path.write_text("".join(kept), "utf-8")


def test_a_page_at_the_smallest_size_warns_at_each_field_to_cut(tmp_path: Path) -> None:
    project = tmp_path / "krap"
    shutil.copytree(OVERFLOW, project)
    for _ in range(6):  # take out what the advice points at, until the page just fits
        done = installed("check", "--json", cwd=project)
        if done.returncode == 0:
            break
        cut = json.loads(done.stdout)["cuts"][0]
        place = next(iter(cut["places"].values()))
        _drop_key(project / place["file"], next(iter(cut["fields"])))
    done = installed("check", cwd=project)
    assert done.returncode == 0, done.stderr
    warnings = [GNU.match(ln) for ln in done.stderr.splitlines()]
    found = [m for m in warnings if m is not None]
    assert found
    assert all(m["level"] == "warning" for m in found)
    assert all("for a comfortable 8 pt, cut" in m["message"] for m in found)
    for m in found:  # each at the line where its field is written
        field = re.search(r"of '(\w+)'", m["message"])
        assert field is not None
        written = (project / m["file"]).read_text("utf-8").splitlines()[int(m["line"]) - 1]
        assert written.startswith(f"{field[1]}:")
    assert "proeve: warning: the page is set at the template's smallest size" in done.stderr
    assert done.stderr.splitlines()[-1] == f"proeve: {len(found) + 1} warnings"


def _workflow_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as GitHub's runner parses it (ActionCommand.TryParseV2)."""
    assert line.startswith("::")
    end = line.index("::", 2)
    head, data = line[2:end], line[end + 2 :]
    name, _, props = head.partition(" ")

    def unescape(text: str, chars: tuple[tuple[str, str], ...]) -> str:
        for escaped, char in chars:
            text = text.replace(escaped, char)
        return text

    data_escapes = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
    prop_escapes = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))
    properties = {}
    for pair in filter(None, props.split(",")):
        key, _, value = pair.partition("=")
        properties[key] = unescape(value, prop_escapes)
    return name, properties, unescape(data, data_escapes)


def test_github_annotations_parse_back_to_the_same_place_and_words(tmp_path: Path) -> None:
    workspace = tmp_path / "repo"
    project = workspace / "ov, 100%: twee"  # a folder name with every character to escape
    shutil.copytree(ROOT / "inputs", project / "inputs")
    shutil.copytree(ROOT / "templates", project / "templates")
    path = project / "inputs/initiatives/mkb-roltrap.yaml"
    path.write_text(re.sub(r"\nstatus: .*", '\nstatus: "klaar, 100%: af"', path.read_text("utf-8"),
                           count=1), "utf-8")  # fmt: skip
    env = {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(workspace)}
    done = installed("check", cwd=project / "inputs", **env)  # chosen by itself under Actions
    assert done.returncode == 1
    first, last = done.stderr.splitlines()
    name, props, message = _workflow_command(first)
    assert name == "error"
    assert props["file"] == "ov, 100%: twee/inputs/initiatives/mkb-roltrap.yaml"  # from the root
    line = int(props["line"])
    assert path.read_text("utf-8").splitlines()[line - 1].startswith("status:")
    assert int(props["col"]) == len("status: ") + 1
    assert message.endswith("got 'klaar, 100%: af' (status)")
    assert last == "proeve: 1 error"
    plain = installed("check", "--format", "text", cwd=project, **env)
    assert GNU.match(plain.stderr.splitlines()[0])


def test_github_escapes_newlines_and_percent_in_the_message() -> None:
    problem = Problem("warning", "100%\r\nnext, line: two", "a,b:c.yaml", 3, 4)
    name, props, message = _workflow_command(github_line(problem, problem.file))
    assert (name, props["file"], props["line"], props["col"]) == ("warning", "a,b:c.yaml", "3", "4")
    assert message == "100%\r\nnext, line: two"
    assert "\n" not in github_line(problem, problem.file)


def test_sarif_is_a_valid_log_of_every_problem(project: Path) -> None:
    broken(project)
    done = installed("check", "--format", "sarif", cwd=project)
    assert done.returncode == 1
    log = json.loads(done.stdout)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "proeve"
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 1}]
    results = run["results"]
    assert [r["level"] for r in results] == ["error"] * 3
    rules = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    for result in results:
        assert result["ruleId"] in rules
        where = result["locations"][0]["physicalLocation"]
        assert where["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert (project / where["artifactLocation"]["uri"]).is_file()
        assert where["region"]["startLine"] >= 1
        assert where["region"]["startColumn"] >= 1
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.as_uri() + "/"
    assert "inputs/initiatives/mkb-roltrap.yaml" in done.stderr  # people still read stderr
    _valid_sarif(log)
    fine = installed("check", "--format", "sarif", cwd=ROOT)
    assert fine.returncode == 0
    assert json.loads(fine.stdout)["runs"][0]["results"] == []


def _valid_sarif(log: dict[str, Any]) -> None:
    """Against the SARIF 2.1.0 schema that @microsoft/jest-sarif ships (tests/editor)."""
    schemas = sorted(SARIF_SCHEMA.glob("sarif-2.1.0*.json"))
    if not schemas:
        if os.environ.get("PROEVE_EDITOR_TESTS") == "require":
            pytest.fail("the SARIF schema is not installed in tests/editor")
        pytest.skip("the SARIF schema is not installed (npm ci --prefix tests/editor)")
    import jsonschema

    schema = json.loads(schemas[-1].read_text("utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)


def test_sarif_and_json_cannot_share_stdout(project: Path) -> None:
    done = run_cli("check", project, "--format", "sarif", "--json")
    assert done.code == 2
    assert "choose one" in done.stderr
    assert json.loads(done.stdout)["error"] == "usage"  # JSON, as asked; no SARIF beside it


def test_a_warning_the_library_logs_with_a_place_prints_as_a_located_warning(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any stage's located warning (say, text after ' #' read as a comment) takes the same path."""
    from proeve.drafts import preview

    original = preview.check

    def check(project: Path, template: str = "default") -> Any:
        logging.getLogger("proeve.inputs").warning(
            "inputs/overview.yaml:2:20: text after ' #' is a YAML comment: put the value in quotes"
        )
        return original(project, template)

    monkeypatch.setattr(preview, "check", check)
    monkeypatch.chdir(project)
    done = run_cli("check")
    assert done.code == 0
    lines = done.stderr.splitlines()
    warning = next(ln for ln in lines if "' #'" in ln)
    assert warning == (
        "inputs/overview.yaml:2:20: warning: text after ' #' is a YAML comment: "
        "put the value in quotes"
    )
    assert GCC.match(warning)
    assert lines[-1] == "proeve: 1 warning"
    sarif = run_cli("check", "--format", "sarif")
    result = json.loads(sarif.stdout)["runs"][0]["results"][0]
    assert result["level"] == "warning"
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2, "startColumn": 20
    }  # fmt: skip


def test_paths_from_here_stay_readable(tmp_path: Path) -> None:
    project = tmp_path / "p"
    (project / "inputs").mkdir(parents=True)
    name = "inputs/overview.yaml"
    assert shown_path(name, project, project) == name
    assert shown_path(name, project, project / "inputs") == "overview.yaml"
    assert shown_path(name, project, tmp_path / "q") == "../p/inputs/overview.yaml"
    assert shown_path("templates/x.yaml", project, project / "inputs") == "templates/x.yaml"
    assert shown_path(name, None) == name
    assert shown_path("versions.json", project, project / "inputs") == "versions.json"  # not ours
    missing = "inputs/initiatives/weg.yaml"  # a file the overview lists and nobody wrote
    (project / "inputs/initiatives").mkdir()
    assert shown_path(missing, project, project / "inputs") == "initiatives/weg.yaml"


def test_a_message_with_line_breaks_stays_on_one_line() -> None:
    from proeve.cli.problems import compiler_line

    line = compiler_line(Problem("error", "first\nsecond", "a.yaml", 2, 3), "a.yaml")
    assert line == "a.yaml:2:3: error: first second"
    assert GCC.match(line)
