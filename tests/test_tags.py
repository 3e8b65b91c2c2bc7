"""Tagged PDF: the structure tree read back says what the page says, in its order, and nothing else.

The tree is read with pikepdf and the text of each element decoded from the
page's content stream (tests/structread.py), not from proeve's own records.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from conftest import ROOT, add_initiatives
from proeve.chain import Built, gather, make_pdf
from proeve.identity import Edition
from proeve.inputs.model import Document
from proeve.page.markup import plain
from proeve.pdf.internals import INTERNALS, check_internals
from proeve.pdf.lines import SOFT_HYPHEN, line_ends
from proeve.pdf.tags import TaggingPen
from structread import Node, read_structure, text_pieces, unmarked_painting


def test_reportlab_internals_are_where_proeve_expects_them() -> None:
    # Fails loudly when a ReportLab upgrade moves anything proeve.pdf relies on.
    assert check_internals() == []
    assert len(INTERNALS) >= 15


@pytest.fixture(scope="module")
def example() -> Built:
    return make_pdf(*gather(ROOT), Edition("draft", 3))


@pytest.fixture(scope="module")
def tree(example: Built) -> Node:
    (document,) = read_structure(example.pdf).kids
    assert document.role == "Document"
    return document


def read(node: Node) -> str:
    """What a reader hears: soft hyphens joined away."""
    return node.text.replace(SOFT_HYPHEN, "")


def roles(node: Node) -> list[str]:
    return [k.role for k in node.kids if k.role != "#text"]


def test_the_page_reads_title_intro_cards_in_order_crosslinks_footer(
    tree: Node, example: Built
) -> None:
    document = example.document
    kids = [k for k in tree.kids if k.role != "#text"]
    assert [k.role for k in kids[:5]] == ["H1", "P", "P", "P", "P"]
    assert read(kids[0]) == document.title
    assert read(kids[1]) == document.subtitle
    assert read(kids[3]).startswith("Concept v3")  # the status slot
    assert read(kids[4]).strip() == plain(document.intro or "")
    sections = [k for k in kids if k.role == "Sect"]
    headings = [read(s.kids[0]) for s in sections]
    assert headings == [i.title for i in document.initiatives] + ["Dwarsverbanden"]
    assert [k.role for k in kids[-2:]] == ["P", "P"]  # the footer's two lines
    assert len(tree.find("H1")) == 1


def expected_card(item: object, document: Document) -> list[str]:
    """The paragraphs of a card as the page prints them, labels included."""
    i = item
    texts = [i.summary]  # type: ignore[attr-defined]
    if i.leads:  # type: ignore[attr-defined]
        texts.append("Trekkers " + "; ".join(p.text() for p in i.leads))  # type: ignore[attr-defined]
    if i.partners:  # type: ignore[attr-defined]
        texts.append("Partners " + ", ".join(i.partners))  # type: ignore[attr-defined]
    for label, value in (("Doel", i.goal), ("Aanpak", i.approach)):  # type: ignore[attr-defined]
        if value:
            texts.append(f"{label} {value}")
    texts += [f"{f.value} {f.label}" for f in i.figures]  # type: ignore[attr-defined]
    if i.next_steps:  # type: ignore[attr-defined]
        texts.append("Volgende stappen")
    return [plain(t) for t in texts]


def test_each_card_is_a_section_with_its_fields_as_paragraphs(tree: Node, example: Built) -> None:
    document = example.document
    sections = [k for k in tree.kids if k.role == "Sect"][:-1]
    for section, item in zip(sections, document.initiatives, strict=True):
        assert roles(section)[:3] == ["H2", "P", "P"]  # title, status, summary
        assert read(section.kids[1]) == {"idee": "idee", "verkenning": "verkenning"}.get(
            item.status, item.status
        )
        paragraphs = [read(k).strip() for k in section.kids[2:] if k.role == "P"]
        assert paragraphs == expected_card(item, document), item.id
        (steps,) = section.find("L") if item.next_steps else [Node("L")]
        items = steps.find("LI")
        assert [read(li).strip() for li in items] == [f"•{plain(s)}" for s in item.next_steps]
        for li in items:
            assert [k.role for k in li.kids] == ["Lbl", "LBody"]
            assert read(li.kids[0]) == "•"


def test_words_broken_at_a_line_end_read_whole(tree: Node) -> None:
    everything = tree.text
    assert SOFT_HYPHEN in everything  # the page has hyphenated words
    assert "economisch vlak" in everything.replace(SOFT_HYPHEN, "")
    # A break between words is a space: no word runs into the next one.
    assert "aanpakken en hun" in read(tree.kids[0])
    assert not re.search(r"[a-z]-\s", everything.replace("werkgevers- en", ""))


def test_the_matrix_is_a_table_with_headers_and_cells_that_say_yes_or_no(
    tree: Node, example: Built
) -> None:
    document = example.document
    (table,) = tree.find("Table")
    rows = table.find("TR")
    assert len(rows) == 1 + len(document.initiatives)
    head = [k for k in rows[0].kids]
    assert [(k.role, k.attributes.get("Scope")) for k in head] == [("TH", "Both")] + [
        ("TH", "Column")
    ] * len(document.themes)
    assert [read(k) for k in head[1:]] == [t.label for t in document.themes]
    for row, item in zip(rows[1:], document.initiatives, strict=True):
        cells = row.kids
        assert (cells[0].role, cells[0].attributes["Scope"], read(cells[0])) == (
            "TH",
            "Row",
            item.label,
        )
        said = [read(c) for c in cells[1:]]
        assert said == ["ja" if t.id in item.themes else "nee" for t in document.themes]
        assert {c.role for c in cells[1:]} == {"TD"}


def test_the_links_between_initiatives_are_a_list(tree: Node, example: Built) -> None:
    crosslinks = [k for k in tree.kids if k.role == "Sect"][-1]
    links = crosslinks.find("L")[-1].find("LI")
    count = sum(len(i.links) for i in example.document.initiatives)
    assert len(links) == count
    assert all(read(li).startswith("•") and "→" in read(li) for li in links)


def test_the_footer_url_is_a_link_whose_annotation_describes_it(tree: Node) -> None:
    (link,) = tree.find("Link")
    assert read(link) == "https://g40stedennetwerk.nl"
    (annotation,) = link.annotations
    assert annotation["Subtype"] == "/Link"
    assert annotation["Contents"] == "Meer informatie: https://g40stedennetwerk.nl"


def test_catalog_and_page_carry_what_a_tagged_pdf_needs(example: Built) -> None:
    with pikepdf.open(io.BytesIO(example.pdf)) as pdf:
        root = pdf.Root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == "nl-NL"
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        page = pdf.pages[0].obj
        assert page.Tabs == "/S"
        nums = list(root.StructTreeRoot.ParentTree.Nums)
        keys = [int(n) for n in nums[0::2]]
        assert int(page.StructParents) in keys
        assert int(root.StructTreeRoot.ParentTreeNextKey) == max(keys) + 1
        annotation = page.Annots[0]
        assert int(annotation.StructParent) in keys


def test_decoration_watermark_and_trace_are_artifacts(example: Built) -> None:
    tagged_text = " ".join(text for _, text in text_pieces(example.pdf))
    assert "CONCEPT" not in tagged_text  # the watermark
    assert "bron " not in tagged_text  # the trace line: for finding the draft, not for reading
    with pikepdf.open(io.BytesIO(example.pdf)) as pdf:
        stream = pdf.pages[0].Contents.read_bytes()
    assert b"/Artifact <</Type /Pagination /Subtype /Watermark>> BDC" in stream
    assert stream.count(b"/Artifact BMC") >= 5


def variant(tmp_path: Path, change: str) -> tuple[bytes, bytes]:
    """A document built tagged and untagged from the same sources."""
    project = tmp_path / change
    shutil.copytree(ROOT / "inputs", project / "inputs")
    shutil.copytree(ROOT / "templates", project / "templates")
    if change == "dense":
        add_initiatives(project, 7, compact=True)
    elif change == "logo":
        from PIL import Image

        Image.new("RGB", (120, 60), (27, 94, 140)).save(project / "templates/logo.png")
        template = project / "templates/default.yaml"
        added = "logo: templates/logo.png\nlogo_alt: Logo van de G40\n"
        template.write_text(template.read_text("utf-8") + added, "utf-8")
    sources = gather(project)
    edition = Edition("draft", 2)
    return make_pdf(*sources, edition).pdf, make_pdf(*sources, edition, tagged=False).pdf


@pytest.mark.parametrize("change", ["example", "dense", "logo"])
def test_nothing_is_painted_outside_tagged_content_or_an_artifact(
    tmp_path: Path, change: str
) -> None:
    tagged, untagged = variant(tmp_path, change)
    assert unmarked_painting(tagged) == []
    assert unmarked_painting(untagged)  # the check can fail: untagged paint is all unmarked


@pytest.mark.parametrize("change", ["example", "logo"])
def test_tagged_and_untagged_pages_are_pixel_identical(tmp_path: Path, change: str) -> None:
    import pypdfium2

    tagged, untagged = variant(tmp_path, change)
    assert tagged != untagged
    pixels = []
    for data in (tagged, untagged):
        page = pypdfium2.PdfDocument(data)[0]
        pixels.append(page.render(scale=150 / 72).to_pil().tobytes())
    assert pixels[0] == pixels[1]


def test_the_same_sources_give_the_same_tagged_bytes(example: Built) -> None:
    assert make_pdf(*gather(ROOT), Edition("draft", 3)).pdf == example.pdf


def test_no_tounicode_map_has_u0000(example: Built) -> None:
    with pikepdf.open(io.BytesIO(example.pdf)) as pdf:
        maps = [f.ToUnicode.read_bytes() for f in pdf.pages[0].Resources.Font.values()]
    assert maps
    for cmap in maps:
        assert b"<0000>" not in cmap
        assert all(int(n) <= 100 for n in re.findall(rb"(\d+) beginbfchar", cmap))


# -- the pen on its own ------------------------------------------------------------------
def pen() -> TaggingPen:
    from proeve.page.fonts import register

    return TaggingPen(Canvas(io.BytesIO()), register("source-sans").regular)


def test_an_element_opened_again_with_its_key_is_the_same_element() -> None:
    p = pen()
    with p.element("Sect", key="a"), p.content("P"):
        pass
    with p.element("Sect", key="b"), p.content("P"):
        pass
    with p.element("Sect", key="a"), p.content("P"):  # a card continued in the next column
        pass
    assert p.outline() == ["Document", "  Sect", "    P", "    P", "  Sect", "    P"]
    with pytest.raises(ValueError, match="was a Sect"), p.element("L", key="a"):
        pass


def test_marked_content_never_nests() -> None:
    p = pen()
    with pytest.raises(RuntimeError, match="inside marked content"), p.content("P"), p.artifact():
        pass
    p = pen()
    with pytest.raises(RuntimeError, match="inside marked content"), p.artifact(), p.content("P"):
        pass
    with pytest.raises(RuntimeError, match="open one first"):
        pen().text(None, 0, 0)
    with pytest.raises(ValueError, match="scope"), pen().content("TH", scope="Sideways"):
        pass


def test_line_ends_change_a_copy_and_keep_the_original() -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from proeve.page.fonts import register

    faces = register("source-sans")
    style = ParagraphStyle("b", fontName=faces.regular, fontSize=9, leading=11,
                           hyphenationLang="nl_NL", embeddedHyphenation=1)  # fmt: skip
    for text in ("Deze pagina vat vijf aanpakken samen en laat de samenwerkingsverbanden zien",
                 "Deze <b>pagina</b> vat vijf aanpakken samen en laat samenwerkingsverbanden zien"):  # fmt: skip
        paragraph = Paragraph(text, style)
        paragraph.wrap(70, 1000)
        before = repr(paragraph.blPara.lines)
        ended = line_ends(paragraph)
        assert repr(paragraph.blPara.lines) == before
        assert ended is not paragraph
        assert repr(ended.blPara.lines) != before
        assert "\\xad" in repr(ended.blPara.lines)  # a soft hyphen where hyphenation broke
        assert line_ends(paragraph, trailing=True) is not paragraph
