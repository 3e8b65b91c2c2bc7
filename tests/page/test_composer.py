"""The paragraph composer: total-fit breaks, hyphens as a price, compounds at their joints.

Properties over random paragraphs (no line past its measure, every character
once and in order, the same breaks every time), the goals a typographer holds a
page to on real documents, and a corpus of Dutch compounds from policy texts.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from conftest import DATA, ROOT
from proeve.chain import fit, gather
from proeve.identity import Edition
from proeve.inputs.starter import init_project
from proeve.page.audit import count, lines_of
from proeve.page.compose import HYPHENS_IN_ROW
from proeve.page.fonts import register
from proeve.page.hyphens import Hyphenator
from proeve.page.markup import markup
from proeve.page.setting import Composed, set_lines

FACES = register("source-sans")
DUTCH = Hyphenator("nl_NL", frozenset({"Crompvoets"}))
WORDS = [
    "de",
    "het",
    "een",
    "en",
    "van",
    "in",
    "op",
    "voor",
    "met",
    "samenwerking",
    "gemeentebestuurders",
    "warmtenet",
    "programmamanager",
    "keukentafelgesprekken",
    "ondernemers",
    "binnensteden",
    "arbeidsmarkt",
    "Apeldoorn",
    "Bouzidi",
    "MKB-roltrap",
    "G40-steden",
    "Denis",
    "Crompvoets",
    "publiek-privaat",
    "https://docs.google.com/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ/edit?usp=sharing",
    "woningbouwversnellingsaanpak",
    "netcongestie",
    "bedrijventerreinen",
    "\u221215%",
    "2026",
]


def style(size: float = 9.0) -> ParagraphStyle:
    body = ParagraphStyle("t", fontName=FACES.regular, fontSize=size, leading=size * 1.2)
    body.breaking = DUTCH
    return body


def set_text(text: str, width: float, size: float = 9.0) -> Composed:
    paragraph = Composed(markup(text), style(size))
    set_lines(paragraph, width, DUTCH.points, DUTCH.tie)
    return paragraph


def line_texts(paragraph: Composed) -> list[str]:
    return ["".join(w.text for w in line.words) for line in paragraph.blPara.lines]


paragraphs = st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(" ".join)


@settings(max_examples=120, deadline=None)
@given(
    text=paragraphs,
    width=st.floats(min_value=40, max_value=260),
    size=st.sampled_from([7.0, 8.75, 10.5]),
)
def test_no_line_is_wider_than_its_measure(text: str, width: float, size: float) -> None:
    paragraph = set_text(text, width, size)
    for line in paragraph.blPara.lines:
        painted = sum(stringWidth(w.text.rstrip(" "), w.fontName, w.fontSize) for w in line.words)
        assert painted <= width + 1e-6, line_texts(paragraph)


@settings(max_examples=120, deadline=None)
@given(text=paragraphs, width=st.floats(min_value=40, max_value=260))
def test_every_character_appears_once_in_order(text: str, width: float) -> None:
    paragraph = set_text(text, width)
    lines = paragraph.blPara.lines
    joined = ""
    for index, line in enumerate(lines):
        piece = "".join(w.text for w in line.words).rstrip(" ")
        nxt = lines[index + 1].sFW if index + 1 < len(lines) else None
        end = paragraph.frags[nxt - 1] if nxt else None
        from reportlab.platypus import paragraph as rp

        if isinstance(end, rp._SplitFragHY):
            joined += piece[:-1]  # the hyphen the break added
        elif isinstance(end, rp._SplitFragH):
            joined += piece  # an address or a word's own hyphen: it goes on
        else:
            joined += piece + " "
    assert joined.strip() == " ".join(text.split())


@settings(max_examples=60, deadline=None)
@given(text=paragraphs, width=st.floats(min_value=40, max_value=260))
def test_the_same_text_breaks_the_same_way(text: str, width: float) -> None:
    assert line_texts(set_text(text, width)) == line_texts(set_text(text, width))


def documents(tmp: Path) -> list[Path]:
    starter = tmp / "starter"
    init_project(starter)
    return [ROOT, DATA / "docs" / "dense-nl", DATA / "docs" / "sparse-en", starter]


def test_the_pages_meet_the_typographers_goals(tmp_path: Path) -> None:
    for project in documents(tmp_path):
        fitted = fit(*gather(project), Edition())
        counts = count(lines_of(fitted.layout, fitted.template))
        assert counts.share <= 0.08, (project.name, counts)
        assert counts.hyphens_in_row <= HYPHENS_IN_ROW, (project.name, counts)
        assert counts.last_broken == 0, (project.name, counts)
        assert counts.bare == 0, (project.name, counts)
        assert counts.lonely_titles == 0, (project.name, counts)


def test_the_example_is_set_at_least_as_large_as_before() -> None:
    assert fit(*gather(ROOT), Edition()).layout.font_size >= 8.75


def test_a_sparse_page_keeps_every_card_whole() -> None:
    fitted = fit(*gather(DATA / "docs" / "sparse-en"), Edition())
    parts = [block.key for block in fitted.layout.blocks if block.part]
    assert parts == []


def test_never_three_hyphenated_lines_in_a_row() -> None:
    text = " ".join(["gemeentebestuurders keukentafelgesprekken programmamanager"] * 12)
    for width in range(60, 140, 7):
        hyphens = [line.endswith("-") for line in line_texts(set_text(text, width))]
        runs = "".join("x" if h else "." for h in hyphens)
        assert "xxx" not in runs, (width, line_texts(set_text(text, width)))


def test_a_paragraph_never_ends_on_a_broken_word() -> None:
    last = "ondersteuningsinfrastructuur"
    wide = stringWidth(last, FACES.regular, 9.0)
    for width in range(int(wide) + 1, 260, 5):  # where the last word fits a line
        lines = line_texts(set_text(f"Samen verder met de ondersteuning en de {last}", width))
        assert lines[-1].endswith(last), lines


@pytest.mark.parametrize("name", ["Apeldoorn", "Bouzidi", "Crompvoets"])
def test_names_are_never_hyphenated(name: str) -> None:
    wide = stringWidth(name, FACES.regular, 9.0)
    for width in range(int(wide) + 1, 160, 4):  # where the name fits a line
        for line in line_texts(set_text(f"Overleg met {name} en de anderen in {name}", width)):
            assert not re.search(rf"{name[:3]}\w*-$", line), line


def test_particles_stay_with_the_name() -> None:
    tied = stringWidth("van der Heijden-", FACES.regular, 9.0)
    for width in range(int(tied) + 1, 200, 3):  # where the particles and the name fit a line
        lines = line_texts(
            set_text("Gesprek met Marieke van der Heijden-Oosterbroek over werk", width)
        )
        assert not any(line.rstrip().endswith(("van", "der")) for line in lines), lines


def compounds() -> list[tuple[str, set[int]]]:
    out = []
    for line in (DATA / "compounds-nl.txt").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.strip().split("|")
        at, joints = 0, set()
        for part in parts[:-1]:
            at += len(part)
            joints.add(at)
        out.append(("".join(parts), joints))
    return out


def test_dutch_compounds_break_first_at_a_joint() -> None:
    """The break the composer takes first inside each word is at one of its joints."""
    corpus = compounds()
    assert len(corpus) >= 200
    good = 0
    for word, joints in corpus:
        points = DUTCH.points(word, False)
        if not points:
            continue
        best = min(price for _, price, _, _ in points)
        first = {offset for offset, price, _, _ in points if price == best}
        good += first <= joints
    assert good / len(corpus) >= 0.95, good


def test_a_word_set_too_narrow_still_breaks_at_its_joint() -> None:
    words = set_text("warmtenet programmamanager gemeentebestuurders", 70)
    assert line_texts(words)[0] in {"warmtenet pro-", "warmtenet", "warmtenet programma-"}
    assert "programmama-" not in " ".join(line_texts(words))


def test_a_negative_figure_prints_a_minus_sign(project: Path) -> None:
    path = project / "inputs/initiatives/mkb-roltrap.yaml"
    text = path.read_text("utf-8").replace('value: "4"', 'value: "-15%"', 1)
    path.write_text(text, "utf-8")
    fitted = fit(*gather(project), Edition())
    printed = " ".join(line.text for line in lines_of(fitted.layout, fitted.template))
    assert "\u221215%" in printed
    assert "-15%" not in printed


def test_the_sources_keep_the_hyphen_minus(project: Path, tmp_path: Path) -> None:
    shutil.copytree(project, tmp_path / "copy")
    path = tmp_path / "copy/inputs/initiatives/mkb-roltrap.yaml"
    path.write_text(path.read_text("utf-8").replace('value: "4"', 'value: "-15%"', 1), "utf-8")
    sources, _ = gather(tmp_path / "copy")
    assert any(b'"-15%"' in sources[name] for name in sources)
