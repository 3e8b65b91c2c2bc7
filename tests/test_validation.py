"""Bad inputs: each gives exit 1, file:line:column and what was expected, and writes nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA, outputs, run_cli
from proeve.chain import gather, validate
from proeve.errors import InputErrors
from proeve.inputs.load import MAX_BYTES

TARGET = "inputs/initiatives/mkb-roltrap.yaml"
CASES = sorted((DATA / "invalid").glob("*.yaml"))


def expectation(case: Path) -> tuple[int, int, str]:
    first = case.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# expect: (\d+):(\d+) (.+)", first)
    assert match, f"{case.name}: first line must be '# expect: LINE:COL message'"
    return int(match[1]), int(match[2]), match[3]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_initiative_is_located(project: Path, case: Path) -> None:
    line, column, message = expectation(case)
    (project / TARGET).write_bytes(case.read_bytes())
    result = run_cli("check", project)
    assert result.code == 1
    assert f"{TARGET}:{line}:{column}: error: {message}" in result.stderr
    assert "Traceback" not in result.stderr
    assert outputs(project) == []


def test_preview_writes_nothing_on_bad_input(project: Path) -> None:
    (project / TARGET).write_bytes((DATA / "invalid" / "unknown-key.yaml").read_bytes())
    assert run_cli("preview", project).code == 1
    assert outputs(project) == []


def test_all_errors_of_a_run_are_reported_together(project: Path) -> None:
    (project / TARGET).write_bytes((DATA / "invalid" / "unknown-key.yaml").read_bytes())
    other = project / "inputs/initiatives/smart-cities.yaml"
    other.write_text(
        other.read_text(encoding="utf-8").replace("status: in uitvoering", "status: klaar")
    )
    result = run_cli("check", project, "--json")
    assert result.code == 1
    assert "proeve: 2 errors" in result.stderr
    assert f"{TARGET}:5:1" in result.stderr
    assert "inputs/initiatives/smart-cities.yaml:5:9" in result.stderr
    assert '"line": 5' in result.stdout


def test_values_stay_as_typed(project: Path) -> None:
    path = project / TARGET
    text = path.read_text(encoding="utf-8")
    text = text.replace('value: "4"', "value: 0755").replace("title: MKB-roltrap", "title: no")
    text = text.replace("label: landelijke partners", "label: 1.10")
    path.write_text(text, encoding="utf-8")
    document, _ = validate(*gather(project))
    roltrap = document.initiative("mkb-roltrap")
    assert roltrap.title == "no"
    assert (roltrap.figures[0].value, roltrap.figures[0].label) == ("0755", "1.10")


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        (
            "date",
            "2024-13-45",
            "inputs/overview.yaml:2:7: error: expected a date written YYYY-MM-DD",
        ),
        (
            "date",
            "28-11-2026",
            "inputs/overview.yaml:2:7: error: expected a date written YYYY-MM-DD",
        ),
        (
            "langauge",
            "nl",
            "inputs/overview.yaml:2:1: error: unknown key 'langauge' (did you mean 'language'?)",
        ),
        (
            "language",
            "fr",
            "inputs/overview.yaml:2:11: error: expected one of 'nl', 'en', got 'fr'",
        ),
        (
            "date",
            "'2024-05-01 '",
            "inputs/overview.yaml:2:7: error: '2024-05-01 ' has spaces or a line break around "
            "it: remove them (values are read exactly as typed) (date)",
        ),
    ],
)
def test_bad_overview_is_located(project: Path, key: str, value: str, expected: str) -> None:
    path = project / "inputs/overview.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [ln for ln in lines if not ln.startswith(f"{key}:")]
    lines.insert(1, f"{key}: {value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("check", project)
    assert result.code == 1
    assert expected in result.stderr


def test_url_must_be_http(project: Path) -> None:
    path = project / "inputs/overview.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "https://g40stedennetwerk.nl", "javascript:alert(1)"
    )
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", project)
    assert result.code == 1
    assert "expected an http:// or https:// address, got 'javascript:alert(1)'" in result.stderr


def test_unlisted_and_missing_initiatives(project: Path) -> None:
    extra = project / "inputs/initiatives/extra.yaml"
    extra.write_text("title: Extra\nsummary: x\nstatus: idee\n", encoding="utf-8")
    (project / "inputs/initiatives/human-capital.yaml").unlink()
    result = run_cli("check", project)
    assert result.code == 1
    assert (
        "inputs/initiatives/extra.yaml:1:1: error: initiative 'extra' is not listed"
        in result.stderr
    )
    assert "no initiative with id 'human-capital'" in result.stderr


def test_not_utf8_names_the_byte(project: Path) -> None:
    (project / TARGET).write_bytes(b"title: MKB\nsummary: caf\xe9\nstatus: idee\n")
    result = run_cli("check", project)
    assert result.code == 1
    assert f"{TARGET}:2:13: error: file is not UTF-8" in result.stderr


def test_huge_file_is_refused_before_parsing(project: Path) -> None:
    (project / TARGET).write_bytes(b"title: x\n" + b"# " + b"x" * MAX_BYTES + b"\n")
    result = run_cli("check", project)
    assert result.code == 1
    assert f"{TARGET}:1:1: error: file is" in result.stderr
    assert "the limit is" in result.stderr


def test_alias_bomb_is_refused(project: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    (project / TARGET).write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("check", project)
    assert result.code == 1
    assert f"{TARGET}:2:10: error: aliases (*name) are not supported" in result.stderr


def test_deep_nesting_is_refused(project: Path) -> None:
    (project / TARGET).write_text("title: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = run_cli("check", project)
    assert result.code == 1
    assert "nested more than" in result.stderr
    assert "Traceback" not in result.stderr


def test_template_errors_are_located(project: Path) -> None:
    path = project / "templates/default.yaml"
    text = path.read_text(encoding="utf-8").replace('accent: "#1B5E8C"', 'accent: "blue"')
    path.write_text(text.replace("columns: 3", "columns: 7"), encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        validate(*gather(project))
    found = {str(issue.where): issue.message for issue in caught.value.issues}
    assert any(w.startswith("templates/default.yaml:") for w in found)
    assert "expected a colour written #RRGGBB, got 'blue'" in found.values()
    assert "expected a number from 1 to 3, got 7" in found.values()


def test_field_path_is_added_only_where_the_message_does_not_name_it(project: Path) -> None:
    path = project / TARGET
    text = path.read_text(encoding="utf-8").replace(
        "  - name: Denis Crompvoets\n", "  - role: x\n", 1
    )
    path.write_text(text.replace("status: verkenning", "statu: verkenning"), encoding="utf-8")
    result = run_cli("check", project)
    assert "missing required key 'name' (leads[0].name)" in result.stderr
    assert "unknown key 'statu' (did you mean 'status'?)\n" in result.stderr


def test_schema_and_cross_reference_problems_come_in_one_run(project: Path) -> None:
    """Not in two rounds: the schema's problems first, the cross-references after fixing them."""
    overview = project / "inputs/overview.yaml"
    overview.write_text(
        overview.read_text(encoding="utf-8").replace("language: nl", "langauge: nl"), "utf-8"
    )
    mkb = project / TARGET
    text = mkb.read_text(encoding="utf-8").replace("status: verkenning", "status: klaar")
    text = text.replace("to: vitale-binnensteden", "to: mkb-roltrap")  # a link to itself
    mkb.write_text(text.replace("[digitalisering,", "[digitalisatie,"), encoding="utf-8")
    smart = project / "inputs/initiatives/smart-cities.yaml"
    smart.write_text(
        smart.read_text(encoding="utf-8").replace("to: human-capital", "to: bestaat-niet"), "utf-8"
    )
    result = run_cli("check", project, "--json")
    assert result.code == 1
    found = {(i["file"], i["message"].split(" (")[0]) for i in json.loads(result.stdout)["issues"]}
    assert found >= {
        ("inputs/overview.yaml", "unknown key 'langauge'"),
        (TARGET, "expected one of 'idee', 'verkenning', 'in uitvoering', 'afgerond'"),
        (TARGET, "initiative 'mkb-roltrap' links to itself"),
        (TARGET, "no theme with id 'digitalisatie'"),
        ("inputs/initiatives/smart-cities.yaml", "no initiative with id 'bestaat-niet'"),
    }


def test_a_broken_theme_does_not_make_its_users_wrong_too(project: Path) -> None:
    overview = project / "inputs/overview.yaml"
    text = overview.read_text(encoding="utf-8")
    overview.write_text(text.replace("label: Arbeidsmarkt", "label: " + "A" * 41), "utf-8")
    smart = project / "inputs/initiatives/smart-cities.yaml"
    smart.write_text(smart.read_text(encoding="utf-8").replace("status:", "statuss:"), "utf-8")
    result = run_cli("check", project)
    assert result.code == 1
    assert "text is 41 characters; at most 40 (themes[1].label)" in result.stderr
    assert "unknown key 'statuss'" in result.stderr
    assert "no theme with id 'arbeidsmarkt'" not in result.stderr


def test_english_status_words_are_read_as_the_same_status(project: Path) -> None:
    mkb = project / TARGET
    mkb.write_text(
        mkb.read_text(encoding="utf-8").replace("status: verkenning", "status: in progress"),
        encoding="utf-8",
    )
    document, template = validate(*gather(project))
    assert document.initiative("mkb-roltrap").status == "in uitvoering"
    assert template.labels["nl"].status("in uitvoering") == "in uitvoering"
    assert template.labels["en"].status("in uitvoering") == "in progress"


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "title",
                ":",
                ": ",
                " ",
                "  ",
                "\n",
                "- ",
                "-",
                "[",
                "]",
                "{",
                "}",
                ",",
                '"',
                "'",
                "#",
                "*",
                "&",
                "!",
                "|",
                ">",
                "a",
                "é",
                "\\",
                "\t",
                "~",
                "?",
                "%",
                "@",
                "`",
            ]
        ),
        max_size=40,
    )
)
def test_any_broken_yaml_gets_a_located_message_never_a_crash(parts: list[str]) -> None:
    """The hints read the text around a parser error; whatever it is, they must not fail."""
    from proeve.inputs.load import Source, parse

    text = "".join(parts)
    try:
        parse(Source("f.yaml", text))
    except InputErrors as exc:
        for issue in exc.issues:
            assert issue.where.line >= 1
            assert issue.where.column >= 1
            assert issue.message
