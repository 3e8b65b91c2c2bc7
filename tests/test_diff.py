"""proeve diff: the change list and --json for every kind of change, exit codes like diff(1)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, run_cli, run_installed
from proeve.diff.foreign import normalise
from proeve.diff.words import align, elide, render, word_diff

MKB = "inputs/initiatives/mkb-roltrap.yaml"
OVERVIEW = "inputs/overview.yaml"


def edit(project: Path, name: str, old: str, new: str) -> None:
    """Replace one exact piece of an input file (and fail loudly if it is not there)."""
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build(project: Path, message: str) -> None:
    result = run_cli("build", project, "-m", message)
    assert result.code == 0, result.stderr


def realistic_edits(project: Path) -> None:
    """A new partner, a changed figure, a removed next step, a reordered initiative."""
    edit(project, MKB, "  - VNG\n", "  - VNG\n  - Kamer van Koophandel\n")
    edit(project, MKB, 'value: "4"', 'value: "5"')
    edit(project, MKB, "  - Deze proeve de komende maanden bespreken in de pijler\n", "")
    edit(
        project,
        OVERVIEW,
        "  - human-capital\n  - smart-cities\n",
        "  - smart-cities\n  - human-capital\n",
    )


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with v1 (the example) and v2 (the realistic edits); tests only read it."""
    project = tmp_path_factory.mktemp("drafts") / "project"
    shutil.copytree(ROOT / "inputs", project / "inputs")
    shutil.copytree(ROOT / "templates", project / "templates")
    build(project, "eerste ronde")
    realistic_edits(project)
    build(project, "tweede ronde")
    return project


def diff_json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    result = run_cli("diff", *args, "--json")
    assert result.code in (0, 1), result.stderr
    return result.code, json.loads(result.stdout)


def fields(data: dict[str, Any], initiative: str) -> dict[str, list[dict[str, Any]]]:
    change = next(c for c in data["initiatives"] if c["id"] == initiative)
    out: dict[str, list[dict[str, Any]]] = {}
    for item in change["fields"]:
        out.setdefault(item["field"], []).append(item)
    return out


def test_change_list_shows_each_realistic_edit_word_by_word(drafts: Path) -> None:
    result = run_cli("diff", "1", "2", drafts)
    assert result.code == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("v1 → v2: 1 initiative changed, 1 moved")
    assert "    partners: {+Kamer van Koophandel+}" in lines
    assert "    figures: [-4-]{+5+} landelijke partners" in lines
    assert "    next steps: [-Deze proeve de komende maanden bespreken in de pijler-]" in lines
    assert "  Themagroep Smart Cities (smart-cities): moved 3 → 2" in lines
    # The level fit absorbs the edits at the same size; the columns show the move.
    assert any(line.startswith(("  font size ", "  columns: ")) for line in lines)
    assert "\033[" not in result.stdout  # not a terminal: no colour
    assert result.stderr == ""


def test_json_gives_the_same_changes_as_one_object(drafts: Path) -> None:
    code, data = diff_json("v1", "v2", drafts)
    assert code == 1
    assert (data["same"], data["structured"], data["a"]["version"], data["b"]["version"]) == (
        False,
        True,
        1,
        2,
    )
    mkb = fields(data, "mkb-roltrap")
    assert mkb["partners"] == [
        {
            "field": "partners",
            "kind": "added",
            "old": None,
            "new": "Kamer van Koophandel",
            "words": [["+", "Kamer van Koophandel"]],
        }
    ]
    figure = mkb["figures"][0]
    assert (figure["kind"], figure["old"], figure["new"]) == (
        "changed",
        "4 landelijke partners",
        "5 landelijke partners",
    )
    assert figure["words"] == [["-", "4"], ["+", "5"], ["=", "landelijke partners"]]
    assert mkb["next_steps"][0]["kind"] == "removed"
    moved = next(c for c in data["initiatives"] if c["id"] == "smart-cities")
    assert (moved["kind"], moved["moved"]) == ("moved", {"from": 3, "to": 2})
    assert [e["field"] for e in data["overview"]] == ["order"]
    assert data["layout"]["font_size"][0] > 0
    assert data["visual"] is None  # pixels only when a review PDF or PNG is asked for


def test_identical_drafts_say_one_line_and_exit_0(drafts: Path) -> None:
    result = run_cli("diff", "2", "v002", drafts)
    assert (result.code, result.stdout, result.stderr) == (0, "no differences\n", "")
    pdf = next((drafts / "output").glob("*-v002.pdf"))
    copy = drafts.parent / "received.pdf"
    shutil.copyfile(pdf, copy)
    by_path = run_cli("diff", copy, "2", drafts, "--pdf", drafts.parent / "r.pdf")
    assert (by_path.code, by_path.stdout, by_path.stderr) == (0, "no differences\n", "")
    assert not (drafts.parent / "r.pdf").exists()


def test_every_kind_of_change_is_reported(project: Path) -> None:
    build(project, "v1")
    edit(project, OVERVIEW, "  - impact-ondernemen\n", "  - werkgevers\n")
    (project / "inputs/initiatives/impact-ondernemen.yaml").unlink()
    (project / "inputs/initiatives/werkgevers.yaml").write_text(
        "title: Werkgeversservicepunten\nsummary: Hulp <bij> werving & scholing.\n"
        "status: idee\nthemes: [arbeidsmarkt]\n"
        "links:\n  - {to: human-capital, note: scholing van werkenden}\n",
        encoding="utf-8",
    )
    edit(project, MKB, "status: verkenning", "status: in uitvoering")
    edit(
        project,
        MKB,
        "  - to: impact-ondernemen\n    note: impactondernemers en het brede mkb samen faciliteren\n",
        "",
    )
    edit(project, MKB, "themes: [digitalisering, duurzaamheid,", "themes: [digitalisering,")
    edit(project, OVERVIEW, "Het is een *proeve*", "Het is een *eerste proeve*")
    edit(project, OVERVIEW, "label: Financiering\n", "label: Financiering & fondsen\n")
    edit(project, "inputs/initiatives/smart-cities.yaml", "verandert de", "verandert snel de")
    build(project, "v2")
    code, data = diff_json("1", "2", project)
    assert code == 1
    kinds = {c["id"]: c["kind"] for c in data["initiatives"]}
    assert kinds == {
        "werkgevers": "added",
        "mkb-roltrap": "changed",
        "impact-ondernemen": "removed",
    }
    status = fields(data, "mkb-roltrap")["status"][0]
    assert status["words"] == [["-", "verkenning"], ["+", "in uitvoering"]]
    overview = {e["field"]: e for e in data["overview"]}
    assert ["+", "eerste"] in overview["intro"]["words"]
    assert overview["themes"]["item"] == "financiering"
    assert overview["themes"]["words"] == [["=", "Financiering"], ["+", "& fondsen"]]
    links = {(e["field"], e.get("item"), e["kind"]) for e in data["crosslinks"]}
    assert ("link", "smart-cities → human-capital", "changed") in links
    assert ("link", "werkgevers → human-capital", "added") in links
    assert ("link", "mkb-roltrap → impact-ondernemen", "removed") in links
    assert ("theme", "mkb-roltrap", "removed") in links
    text = run_cli("diff", "1", "2", project).stdout
    assert "Werkgeversservicepunten (werkgevers): added" in text
    assert "status: [-verkenning-]{+in uitvoering+}" in text
    assert "link smart-cities → human-capital: digitalisering verandert {+snel+} de" in text


def test_a_layout_only_change_is_reported(project: Path) -> None:
    build(project, "v1")
    edit(project, "templates/default.yaml", "body_max: 10.5", "body_max: 7.5")
    build(project, "v2")
    code, data = diff_json("1", "2", project)
    assert code == 1
    assert data["initiatives"] == data["overview"] == data["crosslinks"] == []
    assert data["template"] == [
        {
            "field": "sizes.body_max",
            "kind": "changed",
            "old": "10.5",
            "new": "7.5",
            "words": [["-", "10.5"], ["+", "7.5"]],
        }
    ]
    old_size, new_size = data["layout"]["font_size"]
    assert new_size == 7.5 < old_size
    text = run_cli("diff", "1", "2", project).stdout
    assert "  sizes.body_max: [-10.5-]{+7.5+}" in text
    assert f"font size {old_size:g} pt → 7.5 pt" in text


def test_colour_on_request(drafts: Path) -> None:
    result = run_cli("diff", "1", "2", drafts, "--color", "always")
    assert "\033[32mKamer van Koophandel\033[m" in result.stdout
    assert "{+" not in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("1", "9"), "no draft v9"),
        (("1", "nothing.pdf"), "no such file"),
    ],
)
def test_trouble_exits_2(drafts: Path, args: tuple[str, str], message: str) -> None:
    result = run_cli("diff", *args, drafts)
    assert result.code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_no_register_is_trouble(project: Path) -> None:
    result = run_cli("diff", "1", "2", project)
    assert result.code == 2
    assert "no drafts" in result.stderr


def test_review_never_overwrites_a_draft(drafts: Path) -> None:
    target = next((drafts / "output").glob("*-v001.pdf"))
    before = target.read_bytes()
    result = run_cli("diff", "1", "2", drafts, "--pdf", target)
    assert result.code == 2
    assert "never replaced" in result.stderr
    assert target.read_bytes() == before


def test_word_diff_joins_runs_and_elides_long_context() -> None:
    ops = word_diff("een twee drie vier", "een 2 drie vier vijf")
    assert ops == (("=", "een"), ("-", "twee"), ("+", "2"), ("=", "drie vier"), ("+", "vijf"))
    assert render(ops) == "een [-twee-]{+2+} drie vier {+vijf+}"
    long = " ".join(f"w{i}" for i in range(40))
    hunks = elide(word_diff(long, long.replace("w20", "x")), context=3)
    assert render(hunks[0]) == "… w17 w18 w19 [-w20-]{+x+} w21 w22 w23 …"


def test_align_pairs_similar_items_and_keeps_the_rest_whole() -> None:
    pairs = align(["4 partners", "IPO", "VNG"], ["5 partners", "VNG", "KvK"])
    assert pairs == [(0, 0), (1, None), (2, 1), (None, 2)]


def test_extracted_text_is_normalised_against_reflow() -> None:
    assert normalise("de gemeenschap-\npelijke  aanpak\n") == "de gemeenschappelijke aanpak"
    assert normalise("de MKB-\nRoltrap") == "de MKB-Roltrap"
    assert normalise("ef\ufb01ciënt") == "efficiënt"


def test_installed_command_reviews_two_drafts_in_the_project_folder(drafts: Path) -> None:
    result = run_installed("diff", "v1", "v2", "--pdf", "../review.pdf", cwd=drafts)
    assert result.returncode == 1, result.stderr
    assert "{+Kamer van Koophandel+}" in result.stdout
    assert (drafts.parent / "review.pdf").read_bytes().startswith(b"%PDF-")
    (drafts.parent / "review.pdf").unlink()


def test_summary_names_the_font_size_only_when_it_changed(project: Path) -> None:
    build(project, "eerste ronde")
    # A reorder moves cards between columns but leaves the font size as it was.
    edit(
        project,
        OVERVIEW,
        "  - impact-ondernemen\n  - mkb-roltrap\n",
        "  - mkb-roltrap\n  - impact-ondernemen\n",
    )
    build(project, "tweede ronde")
    result = run_cli("diff", "1", "2", project)
    assert result.code == 1, result.stderr
    assert "  columns: " in result.stdout
    assert "font size" not in result.stdout.splitlines()[0]
