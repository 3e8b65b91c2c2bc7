"""proeve comments: drafts annotated as Acrobat, pdf.js, Okular, Preview and a Windows reader
write them, read back at the file:line of their field, quoted, threaded, followed to today.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

import annotate as an
from conftest import ROOT, run_cli
from test_diff import MKB, OVERVIEW, build, edit

IMPACT = "inputs/initiatives/impact-ondernemen.yaml"


def draft(project: Path, number: int) -> Path:
    return next((project / "output").glob(f"*-v{number:03d}.pdf"))


def comments(*args: str | Path) -> tuple[int, list[str], str]:
    result = run_cli("comments", *args)
    assert "Traceback" not in result.stderr
    return result.code, result.stdout.splitlines(), result.stderr


def comments_json(*args: str | Path) -> dict[str, Any]:
    result = run_cli("comments", *args, "--json")
    assert result.code in (0, 1), result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def v1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project with its first draft; tests annotate copies of it elsewhere."""
    project = tmp_path_factory.mktemp("comments") / "project"
    shutil.copytree(ROOT / "inputs", project / "inputs")
    shutil.copytree(ROOT / "templates", project / "templates")
    build(project, "eerste ronde")
    return project


@pytest.fixture(scope="module")
def acrobat(v1: Path) -> Path:
    """Reviewer A's copy, annotated in Acrobat: a highlight with a reply and a review state,
    a replace, an insertion, a strike, a sticky note and a comment in rich text only."""
    pdf = draft(v1, 1)
    a = an.Annotator(pdf, v1.parent / "review-A.pdf")
    highlight = an.acrobat_markup(a, "Highlight", an.find(pdf, "de juiste hulp"), "Reviewer A", 2,
                                  "liever 'passende hulp'")  # fmt: skip
    an.acrobat_reply(a, highlight, "Reviewer B", 3, "eens")
    an.acrobat_state(a, highlight, "Denis Crompvoets", 4)
    an.acrobat_replace(a, an.find(pdf, "Regionale ondersteuningsinfrastructuur uitwerken"),
                       "Reviewer A", 2, "Regionale steun uitwerken")  # fmt: skip
    an.acrobat_caret(a, an.after(pdf, "Elke ondernemer"), "Reviewer A", 2, "in Nederland")
    an.acrobat_markup(a, "StrikeOut", an.find(pdf, "IPO"), "Reviewer A", 2)
    x0, _, _, y1 = an.find(pdf, "Samen met de opgavegroep Breed")[0]
    an.acrobat_note(a, x0 + 30, y1 - 2, "Reviewer A", 2, "Wie trekt dit?\nGraag een naam.")
    underline = an.acrobat_markup(a, "Underline", an.find(pdf, "inclusieve"), "Reviewer A", 2)
    rich = underline.get_object()
    from pypdf.generic import NameObject, TextStringObject

    rich[NameObject("/RC")] = TextStringObject(an.acrobat_rich("alleen <b>in</b> rich text"))
    return a.save()


def test_acrobat_highlight_reply_and_review_state_read_as_one_thread(
    v1: Path, acrobat: Path
) -> None:
    code, lines, _ = comments(acrobat, v1)
    assert code == 0
    at = f"{MKB}:14:3: goal:"
    assert (
        f"{at} [Reviewer A, 2 dec] highlight \"de juiste hulp\": liever 'passende hulp' "
        "[accepted by Denis Crompvoets]"
    ) in lines
    reply = lines.index(f"{at} [Reviewer B, 3 dec] reply: eens")
    assert "highlight" in lines[reply - 1]  # replies follow their comment


def test_strikes_and_carets_read_as_the_edit_they_suggest(v1: Path, acrobat: Path) -> None:
    _, lines, _ = comments(acrobat, v1)
    assert (
        f"{MKB}:23:5: next_steps[0]: [Reviewer A, 2 dec] replace "
        '"Regionale ondersteuningsinfrastructuur uitwerken" with "Regionale steun uitwerken"'
    ) in lines
    assert f'{MKB}:14:3: goal: [Reviewer A, 2 dec] insert "in Nederland" after "ondernemer"' in (
        lines
    )
    # A list printed as one paragraph: the item the struck words belong to.
    assert f'{MKB}:10:5: partners[1]: [Reviewer A, 2 dec] delete "IPO"' in lines


def test_a_sticky_note_belongs_to_the_text_it_is_pinned_on(v1: Path, acrobat: Path) -> None:
    _, lines, _ = comments(acrobat, v1)
    assert (
        f"{MKB}:17:3: approach: [Reviewer A, 2 dec] note: Wie trekt dit? / Graag een naam." in lines
    )


def test_rich_text_is_read_when_there_is_no_plain_text(v1: Path, acrobat: Path) -> None:
    _, lines, _ = comments(acrobat, v1)
    assert (
        f'{MKB}:3:10: summary: [Reviewer A, 2 dec] underline "inclusieve": '
        "alleen in rich text" in lines
    )


def test_json_gives_place_thread_quote_and_page_box(v1: Path, acrobat: Path) -> None:
    data = comments_json(acrobat, v1)
    assert data["ok"] is True
    first = next(c for c in data["comments"] if c["kind"] == "highlight")
    assert {k: first[k] for k in ("file", "line", "column", "field", "initiative", "quote")} == {
        "file": MKB,
        "line": 14,
        "column": 3,
        "field": "goal",
        "initiative": "mkb-roltrap",
        "quote": "de juiste hulp",
    }
    assert first["field_name"] == "initiatives/mkb-roltrap:goal"
    assert (first["author"], first["date"]) == ("Reviewer A", "2026-12-02T15:30:12+01:00")
    assert first["comment"] == "liever 'passende hulp'"
    assert first["replies"] == [
        {"author": "Reviewer B", "date": "2026-12-03T09:30:12+01:00", "comment": "eens"}
    ]
    assert first["states"] == ["accepted by Denis Crompvoets"]
    assert first["quote_at"] == {"line": 14, "column": 43}
    x0, y0, x1, y1 = first["box"]
    assert 0 < x0 < x1 < 595
    assert 0 < y0 < y1 < 842
    assert first["draft"] == {"label": "v1", "place": {"file": MKB, "line": 14, "column": 3,
                                                       "field": "goal"}}  # fmt: skip
    replace = next(c for c in data["comments"] if c["kind"] == "replace")
    assert replace["edit"]["insert"] == "Regionale steun uitwerken"
    assert data["copies"][0]["draft"] == "v1"


def test_pdfjs_okular_preview_and_windows_marks(v1: Path) -> None:
    pdf = draft(v1, 1)
    a = an.Annotator(pdf, v1.parent / "others.pdf")
    an.pdfjs_highlight(a, an.find(pdf, "Kamer van Koophandel"), 3, "ook MKB-Nederland?")
    x0, y0, _, y1 = an.find(pdf, "Covid-19")[0]
    an.pdfjs_freetext(a, [x0 + 60, y0, x0 + 140, y1], 3, "te lang")
    word = an.find(pdf, "Vitale binnensteden", 1)[0]  # the matrix row
    mid = (word[1] + word[3]) / 2
    an.pdfjs_ink(a, [[word[0], mid, word[2], mid]], 4, free_highlight=True)
    # Okular fills a new mark's note with the selected words: no comment of its own.
    an.okular_markup(a, "Underline", an.find(pdf, "werkdag"), "Reviewer C", 5,
                     selected="werkdag", order=an.SPEC)  # fmt: skip
    an.okular_markup(a, "Squiggly", an.find(pdf, "Platform31", 1), "Reviewer C", 5,
                     note="PBL?", order=an.BOTTOM_FIRST)  # fmt: skip
    an.preview_highlight(a, an.find(pdf, "Smart Cities", 0), "Mobile User", 6)
    an.windows_markup(a, "StrikeOut", an.find(pdf, "Pieter Meekels"), "")
    code, lines, _ = comments(a.save(), v1)
    assert code == 0
    assert (
        f'{IMPACT}:11:5: partners[1]: [3 dec] highlight "Kamer van Koophandel": '
        "ook MKB-Nederland?" in lines
    )
    assert f"{OVERVIEW}:12:3: intro: [3 dec] text box: te lang" in lines
    assert (
        'inputs/initiatives/vitale-binnensteden.yaml:2:8: title: [4 dec] highlight "Vitale binnensteden"'
        in lines
    )  # the matrix prints the title where there is no short title
    assert f'{OVERVIEW}:3:11: subtitle: [Reviewer C, 5 dec] underline "werkdag"' in lines
    assert any(
        line.startswith("inputs/initiatives/vitale-binnensteden.yaml:")
        and 'squiggly "Platform31": PBL?' in line
        for line in lines
    )
    assert (
        'inputs/initiatives/smart-cities.yaml:2:8: title: [Mobile User, 6 dec] highlight "Smart Cities"'
        in lines
    )
    assert f'{OVERVIEW}:12:3: intro: [3 dec] delete "Pieter Meekels"' in lines


@pytest.mark.parametrize("order", [an.TOP_FIRST, an.SPEC, an.BOTTOM_FIRST])
def test_every_quadpoints_order_marks_the_same_words(v1: Path, order: Any) -> None:
    pdf = draft(v1, 1)
    a = an.Annotator(pdf, v1.parent / f"order-{order.__name__}.pdf")
    an.okular_markup(a, "Highlight", an.find(pdf, "de juiste hulp om te groeien, te"), "C", 5,
                     note="", order=order)  # fmt: skip
    data = comments_json(a.save(), v1)
    (comment,) = data["comments"]
    assert (comment["field"], comment["quote"]) == ("goal", "de juiste hulp om te groeien, te")


def test_a_draft_without_marks_has_no_comments_and_exits_1(v1: Path) -> None:
    code, lines, err = comments(draft(v1, 1), v1)
    assert (code, lines) == (1, [])
    assert "no comments" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a pdf at all", "not a PDF file"), (b"%PDF-1.7\n1 0 obj", "truncated")],
)
def test_trouble_exits_2(v1: Path, tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    code, _, err = comments(bad, v1)
    assert code == 2
    assert message in err
    assert "bad.pdf" in err


def test_copies_of_one_draft_are_merged_identical_comments_once(v1: Path, acrobat: Path) -> None:
    """Reviewer B answered in a copy of A's copy: A's comments are in both, listed once."""
    pdf = draft(v1, 1)
    b = an.Annotator(acrobat, v1.parent / "review-B.pdf")
    an.acrobat_markup(b, "Highlight", an.find(pdf, "VNG"), "Reviewer B", 3, "en IPO?")
    code, lines, err = comments(acrobat, b.save(), v1)
    assert code == 0
    assert sum('highlight "de juiste hulp"' in line for line in lines) == 1
    assert any('highlight "VNG": en IPO?' in line for line in lines)
    assert "found in more than one copy, listed once" in err
    data = comments_json(acrobat, b.copy, v1)
    merged = next(c for c in data["comments"] if c["quote"] == "de juiste hulp")
    assert merged["copies"] == ["review-A.pdf", "review-B.pdf"]
    assert data["merged"] >= 1


@pytest.fixture(scope="module")
def older(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """v2 annotated; since then the sources moved on to v4: moved, changed and removed fields."""
    project = tmp_path_factory.mktemp("older") / "project"
    shutil.copytree(ROOT / "inputs", project / "inputs")
    shutil.copytree(ROOT / "templates", project / "templates")
    build(project, "v1")
    edit(project, MKB, "  - VNG\n", "  - VNG\n  - Kamer van Koophandel\n")
    build(project, "v2")
    pdf = draft(project, 2)
    a = an.Annotator(pdf, project.parent / "v2-annotated.pdf")
    an.acrobat_markup(a, "Highlight", an.find(pdf, "de juiste hulp"), "Reviewer A", 2,
                      "liever 'passende hulp'")  # fmt: skip
    an.acrobat_markup(a, "Underline", an.find(pdf, "opgavegroep Breed MKB werken"), "Reviewer A",
                      2, "welke regio's?")  # fmt: skip
    an.acrobat_markup(a, "StrikeOut", an.find(pdf, "Deze proeve de komende maanden"), "Reviewer A",
                      2, "dat spreekt vanzelf")  # fmt: skip
    an.acrobat_markup(a, "Highlight", an.find(pdf, "Regionale ondersteuningsinfrastructuur"),
                      "Reviewer A", 2, "wanneer?")  # fmt: skip
    a.save()
    # v3: two lines more above the goal; a new first next step
    edit(project, MKB, "title: MKB-roltrap\n", "title: MKB-roltrap\nshort_title: MKB-roltrap\n"
                                               "# trekker: Denis Crompvoets\n")  # fmt: skip
    edit(project, MKB, "next_steps:\n", "next_steps:\n  - Partners uitnodigen\n")
    build(project, "v3")
    # v4: the approach reworded, the last next step gone
    edit(project, MKB, "werken aan de regionale", "werken aan de lokale en regionale")
    edit(project, MKB, "  - Deze proeve de komende maanden bespreken in de pijler\n", "")
    build(project, "v4")
    return project, project.parent / "v2-annotated.pdf"


def test_comments_on_an_older_draft_are_followed_to_today(older: tuple[Path, Path]) -> None:
    project, copy = older
    code, lines, _ = comments(copy, project)
    assert code == 0
    assert (
        f'{MKB}:17:3: goal: [Reviewer A, 2 dec] highlight "de juiste hulp": liever \'passende '
        "hulp' — still there (now line 17; line 15 in v2)"
    ) in lines
    assert (
        f'{MKB}:20:3: approach: [Reviewer A, 2 dec] underline "opgavegroep Breed MKB werken": '
        "welke regio's? — the text changed since v2, the marked words did not (now line 20; "
        "line 18 in v2): Samen met de opgavegroep Breed MKB werken aan de {+lokale en+} "
        "regionale ondersteuningsinfrastructuur voor ondernemers."
    ) in lines
    assert (
        f'{MKB}:25:5: next_steps[1]: [Reviewer A, 2 dec] delete "Deze proeve de komende '
        'maanden": dat spreekt vanzelf — the field is gone since v2'
    ) in lines
    # An item keeps its comment when another is added before it: next_steps[0] -> [1].
    assert (
        f'{MKB}:27:5: next_steps[1]: [Reviewer A, 2 dec] highlight "Regionale '
        'ondersteuningsinfrastructuur": wanneer? — still there (now line 27; line 24 in v2)'
    ) in lines


def test_json_says_where_a_comment_was_and_is(older: tuple[Path, Path]) -> None:
    project, copy = older
    data = comments_json(copy, project)
    goal = next(c for c in data["comments"] if c["field"] == "goal")
    assert goal["draft"]["place"]["line"] == 15
    assert goal["now"]["state"] == "moved"
    assert goal["now"]["place"]["line"] == 17
    gone = next(c for c in data["comments"] if c["kind"] == "delete")
    assert gone["now"] == {"state": "gone", "place": None, "words": []}
    changed = next(c for c in data["comments"] if c["kind"] == "underline")
    assert ["+", "lokale en"] in changed["now"]["words"]


def test_a_copy_whose_reader_dropped_the_sources_is_found_by_its_trace(
    v1: Path, acrobat: Path
) -> None:
    stripped = v1.parent / "stripped.pdf"
    writer = PdfWriter(clone_from=str(acrobat))
    del writer.root_object["/Names"]
    if "/AF" in writer.root_object:
        del writer.root_object["/AF"]
    with stripped.open("wb") as out:
        writer.write(out)
    assert not PdfReader(stripped).attachments
    code, lines, err = comments(stripped, v1)
    assert code == 0
    assert "its page names v1 (bron" in err
    assert any(line.startswith(f"{MKB}:14:3: goal:") for line in lines)


def test_a_pdf_not_made_by_proeve_is_listed_by_page_position(tmp_path: Path) -> None:
    from test_diff_review import TEXT, foreign

    mail = foreign(tmp_path / "mail.pdf", TEXT)
    a = an.Annotator(mail, tmp_path / "mail-annotated.pdf")
    an.acrobat_markup(a, "Highlight", an.find(mail, "regionale hulp"), "Reviewer A", 2, "welke?")
    code, lines, err = comments(a.save(), tmp_path)
    assert code == 0
    (line,) = lines
    assert line.startswith("mail-annotated.pdf: page 1, ")
    assert line.endswith('mm from top: [Reviewer A, 2 dec] highlight "regionale hulp": welke?')
    assert "no proeve sources" in err


def test_a_dash_sends_the_sheet_to_stdout_and_the_lines_to_stderr(
    v1: Path, acrobat: Path, tmp_path: Path
) -> None:
    md = tmp_path / "sheet.md"
    assert comments(acrobat, v1, "--md", md)[0] == 0
    result = run_cli("comments", acrobat, v1, "--md", "-")
    assert result.code == 0, result.stderr
    assert result.stdout == md.read_text("utf-8")  # the sheet, and nothing else
    assert f"{MKB}:14:3: goal: [Reviewer A, 2 dec] highlight" in result.stderr
    assert not (Path.cwd() / "-").exists()
    assert not (v1 / "-").exists()
    both = run_cli("comments", acrobat, v1, "--md", "-", "--pdf", "-")
    assert both.code == 2
    assert "cannot both write to stdout" in both.stderr


def test_an_older_draft_without_a_position_map_is_laid_out_again(v1: Path, tmp_path: Path) -> None:
    from proeve.chain import gather, make_pdf
    from proeve.identity import Edition

    old = make_pdf(*gather(v1), Edition("draft", 1), positions=False)
    assert old.manifest.positions is None
    (tmp_path / "old.pdf").write_bytes(old.pdf)
    pdf = tmp_path / "old.pdf"
    a = an.Annotator(pdf, tmp_path / "old-annotated.pdf")
    an.acrobat_markup(a, "Highlight", an.find(pdf, "de juiste hulp"), "Reviewer A", 2, "ok")
    code, lines, err = comments(a.save(), v1)
    assert code == 0
    assert lines[0].startswith(f"{MKB}:14:3: goal: [Reviewer A, 2 dec] highlight")
    assert "made before drafts carried a position map" in err


def test_the_comment_sheet_as_pdf_and_markdown(v1: Path, acrobat: Path, tmp_path: Path) -> None:
    sheet, md = tmp_path / "sheet.pdf", tmp_path / "sheet.md"
    code, _, err = comments(acrobat, v1, "--pdf", sheet, "--md", md)
    assert code == 0, err
    reader = PdfReader(sheet)
    assert reader.metadata["/Subject"] == "proeve comments"
    assert len(reader.pages) == 2
    assert len(reader.pages[0].images) == 1  # the draft's page, pins drawn over it
    listing = reader.pages[1].extract_text()
    assert "Opmerkingen bij v1" in listing
    assert "MKB-roltrap (mkb-roltrap)" in listing
    assert "goal · inputs/initiatives/mkb-roltrap.yaml:14" in listing
    text = md.read_text()
    assert text.startswith("<!-- proeve comments -->\n# Opmerkingen bij v1\n")
    assert "### `goal · inputs/initiatives/mkb-roltrap.yaml:14`" in text
    assert "antwoord \\[Reviewer B, 3 dec\\] eens" in text
    # an earlier sheet may be replaced; anything else only with --force
    assert comments(acrobat, v1, "--md", md)[0] == 0
    other = tmp_path / "notes.md"
    other.write_text("mine")
    code, _, err = comments(acrobat, v1, "--md", other)
    assert code == 2
    assert "not an earlier proeve comment sheet" in err
    assert other.read_text() == "mine"


@pytest.mark.parametrize(
    "target",
    ["inputs/comments.md", "templates/sheet.pdf", "output/economie-en-werk-v001.pdf",
     "output/versions.json"],
)  # fmt: skip
def test_the_sheet_is_never_written_over_inputs_or_drafts(
    v1: Path, acrobat: Path, target: str
) -> None:
    option = "--md" if target.endswith(".md") or target.endswith(".json") else "--pdf"
    before = (v1 / target).read_bytes() if (v1 / target).exists() else None
    code, _, err = comments(acrobat, v1, option, v1 / target, "--force")
    assert code == 2
    assert "refusing to write" in err
    assert ((v1 / target).read_bytes() if (v1 / target).exists() else None) == before


def test_user_text_stays_text_in_the_markdown_sheet(v1: Path, tmp_path: Path) -> None:
    pdf = draft(v1, 1)
    a = an.Annotator(pdf, tmp_path / "evil.pdf")
    an.acrobat_markup(a, "Highlight", an.find(pdf, "VNG"), "<img src=x>", 2,
                      "[klik](javascript:alert(1)) **vet** `code` <script>")  # fmt: skip
    md = tmp_path / "evil.md"
    assert comments(a.save(), v1, "--md", md)[0] == 0
    text = md.read_text()
    assert "<script>" not in text
    assert "<img" not in text
    assert "\\[klik\\](javascript:alert(1)) \\*\\*vet\\*\\* \\`code\\` &#60;script&#62;" in text
