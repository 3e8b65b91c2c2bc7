"""The parts of `proeve serve` without a server: regions from the map, the editor's command, HTML."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from proeve.chain import gather, make_pdf
from proeve.diff.words import DELETED, INSERTED, SAME
from proeve.errors import UsageError
from proeve.serve.editor import check_template, open_at, project_file
from proeve.serve.image import page_image
from proeve.serve.places import Region, fields_at, regions
from proeve.serve.reviews import html_look


def test_every_region_lies_on_the_page_and_names_its_place(project: Path) -> None:
    built = make_pdf(*gather(project))
    assert built.manifest.positions is not None
    found = regions(built.manifest.positions, built.fitted.sources)
    assert len(found) >= 50
    for region in found:
        assert region.file.startswith("inputs/")
        assert min(region.line, region.column) >= 1
        for left, top, width, height in region.boxes:
            assert 0 <= left <= left + width <= 1
            assert 0 <= top <= top + height <= 1
    title = next(r for r in found if r.field == "overview:title")
    assert (title.file, title.line) == ("inputs/overview.yaml", 2)
    assert title.boxes[0][1] < 0.1  # the title is at the top: a browser counts from there


def test_a_cursor_line_finds_the_field_printed_from_there() -> None:
    def at(field: str, line: int, column: int = 3) -> Region:
        return Region(field, "inputs/x.yaml", line, column, ((0.1, 0.1, 0.2, 0.01),))

    found = [
        at("a:goal", 5),
        at("a:approach", 9),
        at("a:themes[x]", 12, 10),
        at("a:themes[y]", 12, 13),
    ]
    assert fields_at(found, "inputs/x.yaml", 7) == ["a:goal"]
    assert fields_at(found, "inputs/x.yaml", 9) == ["a:approach"]
    assert fields_at(found, "inputs/x.yaml", 40) == ["a:themes[x]", "a:themes[y]"]
    assert fields_at(found, "inputs/x.yaml", 2) == []
    assert fields_at(found, "inputs/y.yaml", 9) == []


@pytest.mark.parametrize("drawn_in_place", [True, False])
def test_the_page_image_is_the_a4_page_as_pdfium_draws_it(
    project: Path, monkeypatch: pytest.MonkeyPatch, drawn_in_place: bool
) -> None:
    import io

    import pypdfium2
    from PIL import Image, ImageChops

    from proeve.serve import image as module

    if not drawn_in_place:  # the way round when pdfium writes past a row
        monkeypatch.setattr(module, "_draw_rows", lambda *args: None)
    built = make_pdf(*gather(project), positions=False)
    shown = Image.open(io.BytesIO(page_image(built.pdf)))
    shown.load()
    assert shown.mode == "RGB"
    assert shown.width / shown.height == pytest.approx(210 / 297, abs=0.002)
    assert shown.width >= 1100
    document = pypdfium2.PdfDocument(built.pdf)
    expected = document[0].render(scale=module.SCALE).to_pil().convert("RGB")
    document.close()
    assert shown.size == expected.size
    assert ImageChops.difference(shown, expected).getbbox() is None


@pytest.mark.parametrize("template", ["", "   ", "code '{file}", "code --goto"])
def test_an_editor_command_that_cannot_be_split_is_refused(template: str) -> None:
    with pytest.raises(UsageError, match="editor"):
        check_template(template)


def test_the_command_is_split_once_and_the_file_is_one_word(project: Path, tmp_path: Path) -> None:
    """A file name with spaces and a quote stays one argument: no shell reads it."""
    log = tmp_path / "log"
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\npathlib.Path(sys.argv[1]).write_text(repr(sys.argv[2:]))\n",
        encoding="utf-8",
    )
    odd = project / "inputs/met spatie.yaml"
    odd.write_text("title: x\n", encoding="utf-8")
    template = f'"{sys.executable}" "{script}" "{log}" --goto {{file}}:{{line}}:{{col}} +{{line}}'
    opened = open_at(template, project, "inputs/met spatie.yaml", 3, 7)
    assert opened.ok, opened.message
    assert log.read_text() == repr(["--goto", f"{odd.resolve()}:3:7", "+3"])
    assert opened.link == f"vscode://file{odd.resolve().as_posix().replace(' ', '%20')}:3:7"


def test_without_an_editor_a_vscode_link_is_offered(project: Path) -> None:
    opened = open_at(None, project, "inputs/overview.yaml", 2, 8)
    assert not opened.ok
    assert opened.link.startswith("vscode://file/")
    assert opened.link.endswith("overview.yaml:2:8")


@pytest.mark.parametrize(
    "file", ["../x", "/etc/passwd", "inputs/../../x", "inputs/a&b.yaml", "-x", "inputs"]
)
def test_only_plain_files_of_the_project_open(project: Path, file: str) -> None:
    with pytest.raises(UsageError, match="not a file of this project"):
        project_file(project, file)


def test_the_change_list_reaches_the_page_escaped() -> None:
    look = html_look()
    assert look.word(INSERTED, "<script>") == "<ins>&lt;script&gt;</ins>"
    assert look.word(DELETED, "a&b") == "<del>a&amp;b</del>"
    assert look.word(SAME, '"x"') == "&quot;x&quot;"
    assert look.strong(look.text("<b>")) == "<strong>&lt;b&gt;</strong>"


def test_a_request_that_fails_is_a_log_line_not_a_traceback(
    project: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import logging
    import threading

    # The CLI's own handler stops propagation once a command ran in this process.
    monkeypatch.setattr(logging.getLogger("proeve"), "propagate", True)

    from proeve.serve.board import Board
    from proeve.serve.http import Server

    server = Server(0, project, Board(), None, threading.RLock())
    try:
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            server.handle_error(None, ("127.0.0.1", 1))
        try:
            raise BrokenPipeError(32, "Broken pipe")
        except BrokenPipeError:
            server.handle_error(None, ("127.0.0.1", 1))
    finally:
        server.server_close()
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert set(warnings) == {"serve: a request failed: RuntimeError: boom"}  # not the pipe
    assert "Traceback" not in capsys.readouterr().err


def _rounds(project: Path, saves: list[str | None]) -> list[dict[str, object]]:
    """Run serve's loop in-process over saves of overview.yaml (None: the first build)."""
    from proeve.serve.run import Session

    overview = project / "inputs/overview.yaml"
    session = Session(project, 0, None)
    seen: list[dict[str, object]] = []

    def events() -> Iterator[set[Path]]:
        for text in saves:
            if text is not None:
                overview.write_text(text, encoding="utf-8")
            yield {overview}
            seen.append(session.board.current.data)

    session.run(lambda done: None, events=events())
    return seen


def test_inputs_broken_from_the_start_show_their_places_and_no_page(project: Path) -> None:
    good = (project / "inputs/overview.yaml").read_text(encoding="utf-8")
    (state,) = _rounds(project, [good.replace("title: ", "title: [", 1)])
    assert state["ok"] is False
    assert state["image"] is None
    assert state["stale"] is False
    (problem,) = state["problems"]  # type: ignore[misc]
    assert (problem["file"], problem["line"], problem["col"]) == ("inputs/overview.yaml", 2, 8)


def test_a_broken_save_keeps_the_last_good_page_and_its_regions(project: Path) -> None:
    good = (project / "inputs/overview.yaml").read_text(encoding="utf-8")
    first, broken, fixed = _rounds(project, [None, good.replace("title: ", "title: [", 1), good])
    assert first["ok"] is True
    assert broken["ok"] is False
    assert broken["stale"] is True
    assert broken["image"] == first["image"]
    assert broken["regions"] == first["regions"]
    assert broken["fit"] == first["fit"]
    assert fixed["ok"] is True
    assert fixed["image"] != first["image"]
    assert "stale" not in fixed


def test_a_windows_command_line_keeps_its_backslashes_and_loses_its_quotes() -> None:
    from proeve.serve.editor import split_words

    line = r'"C:\Program Files\Code\code.exe" --goto {file}:{line}:{col}'
    assert split_words(line, windows=True) == [
        r"C:\Program Files\Code\code.exe",
        "--goto",
        "{file}:{line}:{col}",
    ]
    assert split_words("vim '+{line}' {file}", windows=False) == ["vim", "+{line}", "{file}"]


def test_the_server_binds_and_says_where_before_reportlab_is_loaded() -> None:
    """The URL comes first; the chain (ReportLab, pdfium) loads for the first build after."""
    import subprocess

    code = (
        "import sys, proeve.cli.serve, proeve.serve.run\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('reportlab', 'pypdfium2')]\n"
        "heavy += [m for m in ('proeve.chain', 'proeve.drafts.watch') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
