"""What a typographer checks: quotes, hyphenation, titles, legibility floors, a long address."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
import yaml
from reportlab.pdfbase.pdfmetrics import stringWidth

from conftest import DATA, ROOT
from proeve.chain import gather, make_pdf, validate
from proeve.errors import InputErrors
from proeve.page.hyphens import Hyphenator
from proeve.page.markup import markup, typographic
from proeve.page.styles import FLOOR, Styles, balanced

DOCS = DATA / "docs"


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("zo'n \"proeve\" van 't jaar", "zo’n “proeve” van ’t jaar"),  # noqa: RUF001
        ("'s-Hertogenbosch en auto's", "’s-Hertogenbosch en auto’s"),  # noqa: RUF001
        ("de 'wendbare' beroepsbevolking", "de ‘wendbare’ beroepsbevolking"),  # noqa: RUF001
        ("in de jaren '80", "in de jaren ’80"),  # noqa: RUF001
        ('("tussen haakjes")', "(“tussen haakjes”)"),
    ],
)
def test_straight_quotes_become_dutch_typographic_quotes(typed: str, printed: str) -> None:
    assert typographic(markup(typed), "nl") == printed


def test_quotes_inside_our_own_tags_stay_straight() -> None:
    typed = '<font color="#1B5E8C"> **"vet"**'  # typed by an editor: text, quotes and all
    assert '"' not in typographic(markup(typed), "nl").replace("<b>", "")
    label = '<font color="#1B5E8C"><b>Doel</b></font> "x"'
    assert typographic(label, "nl") == '<font color="#1B5E8C"><b>Doel</b></font> “x”'


def test_the_sources_keep_their_straight_quotes(project: Path) -> None:
    path = project / "inputs/initiatives/mkb-roltrap.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["goal"] = 'Zo\'n "regionale" aanpak'
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    built = make_pdf(*gather(project))
    assert built.document.initiative("mkb-roltrap").goal == 'Zo\'n "regionale" aanpak'
    text = pypdf.PdfReader(io.BytesIO(built.pdf)).pages[0].extract_text()
    assert "Zo’n “regionale” aanpak" in " ".join(text.split())  # noqa: RUF001


def test_a_word_with_a_hyphen_breaks_at_it_and_never_into_a_stub() -> None:
    words = Hyphenator("nl_NL")
    pairs = words("MKB-Nederland")
    assert pairs[0] == ("MKB-", "Nederland")
    assert ("MKB-Ne", "derland") not in pairs
    assert words("e-mail") == []
    for head, tail in words("ondersteuningsinfrastructuur") + words("vroegsignalering"):
        assert len(head) >= 3
        assert len(tail) >= 3


def test_listed_words_never_break() -> None:
    words = Hyphenator("nl_NL", frozenset({"Crompvoets", "MKB-roltrap"}))
    assert words("Crompvoets") == []
    assert words("mkb-roltrap") == []
    assert words("ondernemers")


def test_english_documents_hyphenate_with_english_patterns() -> None:
    english, dutch = Hyphenator("en_GB"), Hyphenator("nl_NL")
    assert ("commu", "nity") in dutch("community")
    assert english("community") == [("com", "munity")]


def lines_of_page(pdf: bytes) -> list[str]:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().splitlines()


@pytest.mark.parametrize("folder", [ROOT, DOCS / "dense-nl", DOCS / "sparse-en"])
def test_no_line_ends_in_a_stub_of_fewer_than_three_letters(folder: Path) -> None:
    for line in lines_of_page(make_pdf(*gather(folder)).pdf):
        match = re.search(r"(?:^|[\s-])([^\s-]*)-$", line)
        if match and match.group(1).isalpha():
            assert len(match.group(1)) >= 3, line


def test_the_no_hyphenation_list_keeps_words_whole(project: Path) -> None:
    path = project / "inputs/overview.yaml"
    overview = path.read_text(encoding="utf-8")
    path.write_text(overview + "no_hyphenation: [ondersteuningsinfrastructuur]\n", "utf-8")
    document, _ = validate(*gather(project))
    assert document.no_hyphenation == ("ondersteuningsinfrastructuur",)
    lines = lines_of_page(make_pdf(*gather(project)).pdf)
    assert not any(re.search(r"ondersteunings\w*-$", line) for line in lines)
    assert any("ondersteuningsinfrastructuur" in line for line in lines)


def test_a_title_does_not_leave_one_word_on_its_last_line() -> None:
    _, template = validate(*gather(ROOT))
    from proeve.page.fonts import register

    styles = Styles(8.75, template, register(template.font), "nl")
    title = "Economie &amp; werk: vijf aanpakken en hun dwarsverbanden"
    widows = 0
    for width in range(90, 320, 5):  # every measure where plain wrapping leaves one word
        plain, _ = styles.para(title, styles.title, width)
        if len(plain.blPara.lines) < 2 or plain.blPara.lines[-1].wordCount > 1:
            continue
        pair = stringWidth("hun dwarsverbanden", styles.title.fontName, styles.title.fontSize)
        if pair > width * 0.9:
            continue  # no better break: the last two words do not share a line
        widows += 1
        fixed, _ = balanced(title, styles.title, width, styles.para)
        assert len(fixed.blPara.lines) == len(plain.blPara.lines)
        assert fixed.blPara.lines[-1].wordCount > 1, width
    assert widows >= 3


def test_no_printed_text_is_smaller_than_the_floor() -> None:
    _, template = validate(*gather(ROOT))
    from proeve.page.fonts import register

    styles = Styles(6.0, template, register(template.font), "nl")
    for name in ("body", "small", "mark", "bullet", "summary"):
        assert getattr(styles, name).fontSize >= FLOOR, name


def test_a_template_cannot_set_a_body_under_six_points(project: Path) -> None:
    path = project / "templates/default.yaml"
    path.write_text(path.read_text("utf-8").replace("body_min: 7", "body_min: 5"), "utf-8")
    with pytest.raises(InputErrors) as caught:
        validate(*gather(project))
    assert "from 6 to 72, got 5" in str(caught.value)
    assert "templates/default.yaml:" in str(caught.value)


def test_a_template_without_the_continued_label_still_works(project: Path) -> None:
    path = project / "templates/default.yaml"
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"\n    continued: \w+", "", text), "utf-8")
    _, template = validate(*gather(project))
    assert template.labels["nl"].continued == "vervolg"  # the language's own word
    from proeve.page.fonts import register

    assert Styles(8, template, register(template.font), "nl").continued == "vervolg"
    assert Styles(8, template, register(template.font), "en").continued == "continued"


def test_a_long_address_wraps_in_the_footer_and_stays_a_link(project: Path) -> None:
    url = "https://g40stedennetwerk.nl/" + "/".join(
        f"pijler-economie-en-werk-{i}" for i in range(10)
    )
    path = project / "inputs/overview.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["footer"]["url"] = url
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    built = make_pdf(*gather(project))
    page = pypdf.PdfReader(io.BytesIO(built.pdf)).pages[0]
    links = [a.get_object() for a in page.get("/Annots", [])]
    uris = [a["/A"]["/URI"] for a in links if a.get("/Subtype") == "/Link"]
    assert len(uris) >= 3  # one per line of the address
    assert set(uris) == {url}
    for link in links:
        x0, _, x1, _ = (float(v) for v in link["/Rect"])
        assert 0 <= x0 < x1 <= float(page.mediabox.width)
    text = page.extract_text()
    for line in text.splitlines():
        if "pijler-economie-en-werk" in line:
            assert line.rstrip().endswith(("/", ".")) or line.rstrip().endswith("-9")
    footer = built.fitted.layout.block("footer").piece
    assert footer.height > 30  # it grew a line or more; the text kept its size


def test_balancing_a_title_never_cuts_a_word() -> None:
    """'Rain-proof streets' once came out as 'Rain-proo / f streets' at a narrower measure."""
    _, template = validate(*gather(ROOT))
    from proeve.page.fonts import register

    styles = Styles(10.5, template, register(template.font), "en")
    for width in range(60, 200, 4):
        fixed, _ = balanced("Rain-proof streets", styles.title, width, styles.para)
        lines = fixed.blPara.lines
        words = (
            [" ".join(line[1]) for line in lines]
            if fixed.blPara.kind == 0
            else [w.text for line in lines for w in line.words]
        )
        if width >= 75:  # where 'Rain-proof' fits on a line, it stays whole
            assert " ".join(" ".join(words).split()) == "Rain-proof streets", (width, words)


def test_an_address_in_the_text_is_a_live_printable_link_and_the_page_conforms(
    project: Path, tmp_path: Path
) -> None:
    page_validation = pytest.importorskip("page", reason="page-validation is a test dependency")
    url = "https://g40stedennetwerk.nl/economie-en-werk/mkb-roltrap/regionale-ondersteuning"
    path = project / "inputs/initiatives/mkb-roltrap.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["approach"] = f"{data['approach']} Zie {url}."
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    built = make_pdf(*gather(project))
    page = pypdf.PdfReader(io.BytesIO(built.pdf)).pages[0]
    links = [a.get_object() for a in page.get("/Annots", [])]
    ours = [a for a in links if a["/A"]["/URI"] == url]
    assert ours  # one per line the address takes
    card = next(b for b in built.fitted.layout.blocks if b.key == "mkb-roltrap" and b.more is False)
    for link in ours:
        assert int(link["/F"]) == 4  # printable, as PDF/A asks: it went through the pen
        x0, y0, x1, y1 = (float(v) for v in link["/Rect"])
        assert card.box.x <= x0 < x1 <= card.box.x + card.box.width + 1
        assert card.box.y <= y0 < y1 <= card.box.top
    text = " ".join(page.extract_text().split())
    assert "mkb-roltrap/" in text
    assert not re.search(r"mkb-rol- ?trap|regio- ?nale-onder", text)  # never hyphenated
    out = tmp_path / "page.pdf"
    out.write_bytes(built.pdf)
    for profile in ("3a", "ua1"):  # the draft's claims: PDF/A-3a and PDF/UA-1
        report = page_validation.validate_pdf(str(out), profile=profile)
        assert [f"{f.rule_id}: {f.message}" for f in report.failures] == [], profile
