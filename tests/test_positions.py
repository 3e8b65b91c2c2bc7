"""The position map: every field's lines where the page really prints them, in every draft.

Checked against the page itself: pdfium reads the draft's glyphs, and the
text inside a field's boxes must be that field's text, nothing else.
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from conftest import ROOT
from proeve.chain import gather, make_pdf
from proeve.errors import UsageError
from proeve.identity import Edition, Manifest, PositionMap
from proeve.page.recorder import MeasuringCanvas, RecordingPen
from proeve.pdf.pagetext import PageText, read_pages


@pytest.fixture(scope="module")
def built() -> tuple[bytes, PositionMap]:
    sources, template = gather(ROOT)
    result = make_pdf(sources, template, Edition("draft", 3))
    assert result.manifest.positions is not None
    return result.pdf, result.manifest.positions


def page_text(pdf: bytes, folder: Path) -> PageText:
    """The page's glyphs and boxes, as proeve comments reads them (pdfium, in its child)."""
    path = folder / "draft.pdf"
    path.write_bytes(pdf)
    return read_pages(path, "draft.pdf", [1])[1]


def inside(positions: PositionMap, page: PageText, field: str) -> str:
    """The page's text whose glyph centres lie in the field's boxes (a gap reads as a space).

    The draft's watermark is furniture: its letters (over 30 pt) are no field's.
    """
    boxes = positions.fields[field]
    text, last = "", None
    for index, (left, bottom, right, top) in enumerate(page.boxes):
        x, y = (left + right) / 2, (bottom + top) / 2
        if top - bottom > 30:
            continue
        if page.glyph(index) and any(a <= x <= a + w and b <= y <= b + h for a, b, w, h in boxes):
            text += (" " if last is not None and index != last + 1 else "") + page.text[index]
            last = index
    return " ".join(text.replace("\u00ad", "").split())


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("overview:title", "Economie & werk: vijf aanpakken en hun dwarsverbanden"),
        ("initiatives/mkb-roltrap:goal", "Doel Elke ondernemer vindt in de eigen regio de juiste "
         "hulp om te groeien, te verduurzamen en te digitaliseren."),
        ("initiatives/mkb-roltrap:next_steps[1]",
         "• Deze proeve de komende maanden bespreken in de pijler"),
        ("initiatives/mkb-roltrap:figures[0]", "4 landelijke partners"),
        ("initiatives/mkb-roltrap:status", "verkenning"),
        ("initiatives/human-capital:short_title", "Human capital"),
        ("overview:themes[3].label", "Klimaat & impact"),
        ("overview:footer.url", "https://g40stedennetwerk.nl"),
        ("overview:footer.contact", "Contact: Denis Crompvoets, trekker MKB-roltrap"),
    ],
)  # fmt: skip
def test_each_field_s_boxes_hold_exactly_its_text(
    built: tuple[bytes, PositionMap], field: str, text: str, tmp_path: Path
) -> None:
    pdf, positions = built
    assert inside(positions, page_text(pdf, tmp_path), field) == text


def test_every_glyph_on_the_page_is_in_a_field_or_is_furniture(
    built: tuple[bytes, PositionMap], tmp_path: Path
) -> None:
    pdf, positions = built
    page = page_text(pdf, tmp_path)
    loose = []
    for char, (left, bottom, right, top) in zip(page.text, page.boxes, strict=True):
        x, y = (left + right) / 2, (bottom + top) / 2
        if char.strip() and not any(
            bx <= x <= bx + bw and by <= y <= by + bh for _, (bx, by, bw, bh) in positions.boxes()
        ):
            loose.append(char)
    # The watermark, the status slot, the trace and the template's headings are no fields.
    furniture = "CONCEPT" + "Conceptv3" * 2 + "bron" + "Dwarsverbanden" + "Thema'speraanpak"
    furniture += "Verbindingen" + "·" * 2 + "0123456789abcdef" * 4
    # A card going on in the next column: its arrow, and the mark above the rest of it
    # (whichever card it is: the mark repeats the card's title).
    titles = "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "inputs/initiatives").glob("*.yaml")
    )
    furniture += "→" + "(vervolg)" + titles + "Thema\u2019s"
    assert loose
    assert set(loose) <= set(furniture)


def test_matrix_cells_get_the_box_where_their_row_and_column_meet(
    built: tuple[bytes, PositionMap],
) -> None:
    _, positions = built
    cell = positions.fields["initiatives/mkb-roltrap:themes[financiering]"]  # not ticked: no ink
    row = positions.fields["initiatives/mkb-roltrap:short_title"][0]
    label = positions.fields["overview:themes[4].label"][0]  # Financiering, read upwards
    (x, y, w, h) = cell[0]
    assert label[3] > label[2]  # a rotated label's box stands upright
    assert x <= label[0] + label[2] / 2 <= x + w
    assert y <= row[1] + row[3] / 2 <= y + h


def test_the_map_rides_in_the_manifest_compact_and_rounded(
    built: tuple[bytes, PositionMap],
) -> None:
    from pypdf import PdfReader

    pdf, positions = built
    manifest = PdfReader(io.BytesIO(pdf)).attachments["proeve.json"][0]
    data = json.loads(manifest)
    assert PositionMap.from_json(data["positions"]) == positions
    numbers = [v for boxes in data["positions"]["fields"].values() for b in boxes for v in b]
    assert all(round(v, 1) == v for v in numbers)
    assert len(manifest) < 16_000
    assert len(pdf) < 80_000  # the budget for a draft, tags included later


def test_a_manifest_from_before_the_map_still_reads() -> None:
    old = (
        b'{"edition": {"created": null, "status": "draft", "version": 2}, "proeve": "0.1.0", '
        b'"sources_sha256": "ab", "template": "templates/default.yaml", '
        b'"when": "2026-11-28T09:00:00+00:00"}'
    )
    manifest = Manifest.from_bytes(old)
    assert manifest.positions is None
    assert Manifest.from_bytes(manifest.to_bytes()) == manifest


@pytest.mark.parametrize(
    ("positions", "message"),
    [
        ({"page": [595, 842], "fields": {"x": [[1, 2, 3, 4]]}}, "unknown field"),
        ({"page": [595, 842], "fields": {"overview:title": [[1, 2, 3]]}}, "4 numbers"),
        ({"page": [595, 842], "fields": {"overview:title": [[1, 2, 3, math.inf]]}}, "not valid"),
        ({"page": [595, 842], "fields": {"overview:title": [[1e9, 2, 3, 4]]}}, "far off"),
        ({"page": [595, 842], "fields": {"overview:title": "box"}}, "not a list"),
        ({"page": [0, 842], "fields": {}}, "page size"),
        ({"page": [595, 842], "fields": {f"overview:f{i}": [] for i in range(3001)}}, "3000"),
        (
            {"page": [595, 842], "fields": {"overview:title": [[1, 2, 3, 4]] * 12001}},
            "12000 boxes",
        ),
    ],
)
def test_a_forged_map_is_refused_with_a_reason(positions: object, message: str) -> None:
    data = {
        "edition": {"status": "draft", "version": 2},
        "proeve": "0.1.0",
        "sources_sha256": "ab",
        "template": "templates/default.yaml",
        "when": "2026-11-28T09:00:00+00:00",
        "positions": positions,
    }
    raw = json.dumps(data).replace("Infinity", "1e999").encode()
    with pytest.raises(UsageError, match="not valid") as caught:
        Manifest.from_bytes(raw, "mail.pdf")
    assert message in str(caught.value) or message == "not valid"


def test_a_field_painted_in_two_columns_has_boxes_in_both(tmp_path: Path) -> None:
    """A card continued in the next column: the recorder keeps every piece of the field."""
    canvas = MeasuringCanvas(str(tmp_path / "x.pdf"))
    pen = RecordingPen(canvas)
    style = ParagraphStyle("s", fontName="Helvetica", fontSize=9, leading=11)
    for x, y in ((40, 500), (320, 780)):
        paragraph = Paragraph("een tekst over twee regels in een smalle kolom", style)
        paragraph.wrap(120, 1000)
        pen.paragraph("P", paragraph, x, y, "initiatives/x:goal")
    boxes = pen.position_map((595, 842)).fields["initiatives/x:goal"]
    assert {round(b[0]) for b in boxes} == {40, 320}
    assert len(boxes) == 4  # two lines in each column


def test_same_sources_give_the_same_map(built: tuple[bytes, PositionMap]) -> None:
    sources, template = gather(ROOT)
    again = make_pdf(sources, template, Edition("draft", 3))
    assert again.manifest.positions == built[1]
    assert again.pdf == built[0]


def test_a_draft_made_before_the_map_still_rebuilds_to_its_own_bytes() -> None:
    """Its record has no map, so neither has its rebuild: verify and extract stay exact."""
    from proeve.chain import rebuild
    from proeve.pdf.read import proeve_files

    sources, template = gather(ROOT)
    old = make_pdf(sources, template, Edition("draft", 2), positions=False)
    files = proeve_files(old.pdf, "old.pdf")
    assert files is not None
    assert b'"positions"' not in files["proeve.json"]
    assert rebuild(files, "old.pdf").pdf == old.pdf
    new = make_pdf(sources, template, Edition("draft", 2))
    again = proeve_files(new.pdf, "new.pdf")
    assert again is not None
    assert rebuild(again, "new.pdf").pdf == new.pdf


DOCS = [ROOT, *(ROOT / "tests/data/docs" / name for name in ("dense-nl", "sparse-en"))]


@pytest.mark.parametrize("folder", DOCS, ids=lambda p: p.name)
@pytest.mark.parametrize("edition", [Edition(), Edition("draft", 3)], ids=["preview", "draft"])
def test_one_paint_pass_gives_the_two_pass_bytes_and_map(
    folder: Path, edition: Edition, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recording while the tagged page paints changes neither the page nor the map.

    The reference is the way it was done before: the page painted on a plain canvas,
    the map from painting the layout once more with a plain pen (record_positions).
    """
    from reportlab.pdfgen.canvas import Canvas

    from proeve.chain import fit, render
    from proeve.page import recorder

    fitted = fit(*gather(folder), edition)
    one_pass = render(fitted)
    assert one_pass.manifest.positions is not None
    plain_map = recorder.record_positions(fitted.layout, fitted.template)
    assert one_pass.manifest.positions == plain_map

    class PaintOnly:
        """Paints through the tagging pen alone; the map comes from a second pass."""

        def __init__(self, canvas: object, inner: object) -> None:
            self.inner = inner

        def __getattr__(self, name: str) -> object:
            return getattr(self.inner, name)

        def position_map(self, page: tuple[float, float]) -> PositionMap:
            return plain_map

    monkeypatch.setattr(recorder, "MeasuringCanvas", Canvas)
    monkeypatch.setattr(recorder, "RecordingPen", PaintOnly)
    two_pass = render(fitted)
    assert one_pass.pdf == two_pass.pdf
