"""Comments travel in every mailed PDF, unless the overview leaves them out (issue 17, item 26).

Every draft embeds its YAML byte for byte, comments included (`# budget nog niet
rond`, a phone number), and `extract` gives them back to whoever has the PDF.
The first build now says so, and `embed_comments: false` in overview.yaml
blanks every comment in the embedded files, each line kept where it was, so
positions, `comments` and `verify`'s rebuild still hold.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import run_cli
from forge import attachments_of
from proeve.inputs.uncommented import without_comments

MKB = "inputs/initiatives/mkb-roltrap.yaml"
OVERVIEW = "inputs/overview.yaml"
SECRETS = ("budget nog niet rond", "06-12345678", "yaml-language-server")


def with_secrets(project: Path, embed: bool | None) -> None:
    """Comments with something private in them; `embed_comments:` as asked."""
    mkb = project / MKB
    text = mkb.read_text("utf-8").replace(
        "\nstatus:", "  # budget nog niet rond\n# bel Denis: 06-12345678\nstatus:", 1
    )
    mkb.write_text(text, "utf-8")
    if embed is not None:
        overview = project / OVERVIEW
        flag = "true" if embed else "false"
        text = overview.read_text("utf-8").replace(
            "\nkeywords:", f"\nembed_comments: {flag}\nkeywords:"
        )
        overview.write_text(text, "utf-8")


def places(text: str) -> list[tuple[str, int, int]]:
    """Every scalar of a YAML text with its line and column."""
    found, stack = [], [yaml.compose(text)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            found.append((node.value, node.start_mark.line, node.start_mark.column))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
    return found


def draft(project: Path, number: int = 1) -> Path:
    (found,) = (project / "output").glob(f"*-v{number:03d}.pdf")
    return found


def test_by_default_the_draft_carries_the_comments_and_the_first_build_says_so(
    project: Path,
) -> None:
    with_secrets(project, None)
    first = run_cli("build", project)
    assert first.code == 0, first.stderr
    assert "comments included" in first.stdout + first.stderr
    assert "embed_comments: false" in first.stdout + first.stderr
    assert b"budget nog niet rond" in attachments_of(draft(project).read_bytes())[MKB]
    mkb = project / MKB
    mkb.write_text(mkb.read_text("utf-8").replace("title: MKB-roltrap", "title: MKB-trap"), "utf-8")
    second = run_cli("build", project)
    assert second.code == 0, second.stderr
    assert "comments included" not in second.stdout + second.stderr


def test_embed_comments_false_leaves_every_comment_out_and_verify_rebuilds(
    project: Path, tmp_path: Path
) -> None:
    with_secrets(project, False)
    result = run_cli("build", project)
    assert result.code == 0, result.stderr
    assert "comments included" not in result.stdout + result.stderr
    carried = attachments_of(draft(project).read_bytes())
    for name, data in carried.items():
        for secret in SECRETS:
            assert secret.encode() not in data, (name, secret)
        if name.endswith(".yaml"):  # every line kept: the same values at the same places
            source = (project / name).read_bytes()
            assert data.count(b"\n") == source.count(b"\n"), name
            assert places(data.decode()) == places(source.decode()), name
    assert b'"#1B5E8C"' in carried["templates/default.yaml"]  # a value with a # is kept
    assert run_cli("verify", draft(project)).code == 0
    assert run_cli("verify", project / "output").code == 0
    assert run_cli("extract", draft(project), tmp_path / "back").code == 0
    back = (tmp_path / "back" / MKB).read_text("utf-8")
    assert "#" not in back
    assert run_cli("check", tmp_path / "back").code == 0


def test_the_page_and_its_positions_are_the_same_with_or_without_comments(tmp_path: Path) -> None:
    import shutil

    from conftest import ROOT

    manifests = []
    for embed in (True, False):
        project = tmp_path / f"embed-{embed}"
        shutil.copytree(ROOT / "inputs", project / "inputs")
        shutil.copytree(ROOT / "templates", project / "templates")
        with_secrets(project, embed)
        assert run_cli("build", project).code == 0
        manifest = json.loads(attachments_of(draft(project).read_bytes())["proeve.json"])
        manifests.append(manifest)
    assert manifests[0]["positions"] == manifests[1]["positions"]
    assert manifests[0]["sources_sha256"] != manifests[1]["sources_sha256"]


def test_a_changed_comment_alone_makes_no_new_draft(project: Path) -> None:
    with_secrets(project, False)
    assert run_cli("build", project).code == 0
    mkb = project / MKB
    mkb.write_text(mkb.read_text("utf-8").replace("06-12345678", "06-87654321"), "utf-8")
    again = run_cli("build", project)
    assert again.code == 0, again.stderr
    assert "unchanged since v001" in again.stdout + again.stderr


# (YAML, the same with its comments left out): each line where it was.
BLANKED = {
    "after a plain value": ("a: b # c\n", "a: b\n"),
    "a line of its own": ("# head\na: b\n", "\na: b\n"),
    "indented on its own": ("a:\n  # note\n  b: c\n", "a:\n\n  b: c\n"),
    "after a quoted # ": ('a: "x # y" # z\n', 'a: "x # y"\n'),
    "single quotes": ("a: 'x # y'\n", "a: 'x # y'\n"),
    "no blank before #": ("a: x#y\n", "a: x#y\n"),
    "inside a literal block": (
        "a: |\n  # kop\n  tekst\n# na\nb: c\n",
        "a: |\n  # kop\n  tekst\n\nb: c\n",
    ),
    "after a block header": ("a: > # header\n  t\n", "a: >\n  t\n"),
    "after a chomped header": ("a: |-2 # header\n    t\n", "a: |-2\n    t\n"),
    "after a flow list": ("a: [b, c] # d\n", "a: [b, c]\n"),
    "inside a flow list": ("a: [b, # d\n  c]\n", "a: [b,\n  c]\n"),
    "list items": ("a:\n  - b # c\n  # own\n  - d\n", "a:\n  - b\n\n  - d\n"),
    "a double-quoted value on two lines": ('a: "one\n  # two"\n', 'a: "one\n  # two"\n'),
    "a plain value on two lines": ("a: one\n  two # c\n", "a: one\n  two\n"),
    "a key with no value": ("a: # later\nb: c\n", "a:\nb: c\n"),
    "CRLF": ("a: b # c\r\nd: e\r\n", "a: b\r\nd: e\r\n"),
    "a comment in a comment": ("a: b # c # d\n", "a: b\n"),
    "the last line without a break": ("a: b\n# end", "a: b\n"),
}


@pytest.mark.parametrize("case", sorted(BLANKED))
def test_only_comments_are_blanked(case: str) -> None:
    source, expected = BLANKED[case]
    assert without_comments("x.yaml", source.encode()).decode() == expected
    assert yaml.safe_load(expected) == yaml.safe_load(source)
    again = without_comments("x.yaml", expected.encode()).decode()
    assert again == expected  # blanking twice changes nothing: a rebuild gets the same


def test_a_reviewer_comment_on_such_a_draft_points_at_the_line_in_the_file(
    project: Path, tmp_path: Path
) -> None:
    from annotate import Annotator, find, pdfjs_highlight

    with_secrets(project, False)
    assert run_cli("build", project).code == 0
    copy = Annotator(draft(project), tmp_path / "v1-annotated.pdf")
    pdfjs_highlight(copy, find(draft(project), "de juiste hulp"), 2, "liever passende hulp")
    result = run_cli("comments", copy.save(), project)
    assert result.code == 0, result.stderr
    lines = (project / MKB).read_text("utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "de juiste hulp" in text)
    assert f"{MKB}:{line}:3: goal: [" in result.stdout
    assert 'highlight "de juiste hulp": liever passende hulp' in result.stdout
