"""preview --watch: a new page on every save; broken inputs leave the last good page, marked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from conftest import run_cli
from proeve.drafts import watch
from proeve.drafts.watch import Round, file_events, relevant, watch_preview


def page_text(project: Path) -> str:
    return pypdf.PdfReader(project / "output/preview.pdf").pages[0].extract_text()


def test_every_save_gives_a_new_page_and_a_broken_one_the_last_marked(project: Path) -> None:
    overview = project / "inputs/overview.yaml"
    good = overview.read_text(encoding="utf-8")
    seen: list[str] = []

    def saves() -> Iterator[set[Path]]:
        yield set()
        overview.write_text(good.replace("vijf aanpakken", "5 aanpakken"), encoding="utf-8")
        yield {overview}
        seen.append(page_text(project))
        overview.write_text(good.replace("title: ", "title: [", 1), encoding="utf-8")
        yield {overview}
        seen.append(page_text(project))
        overview.write_text(good, encoding="utf-8")
        yield {overview}

    rounds: list[Round] = []
    watch_preview(project, rounds.append, events=saves())
    assert [r.problem is None for r in rounds] == [True, True, False, True]
    assert rounds[1].changed == ("inputs/overview.yaml",)
    assert "5 aanpakken" in seen[0]
    broken = rounds[2]
    assert broken.stale is not None
    assert "inputs/overview.yaml:2:8: the list opened here is not closed" in str(broken.problem)
    assert "Verouderd" in seen[1]
    assert "1 probleem in de invoer" in seen[1]
    assert "inputs/overview.yaml:2:8" in seen[1]
    assert "5 aanpakken" in seen[1]  # the last good page, under the mark
    assert "Verouderd" not in page_text(project)
    assert "vijf aanpakken" in page_text(project)


def test_broken_before_any_good_page_writes_none(project: Path) -> None:
    (project / "inputs/overview.yaml").write_text("title: [\n", encoding="utf-8")
    rounds: list[Round] = []
    watch_preview(project, rounds.append, events=iter([set()]))
    assert rounds[0].problem is not None
    assert rounds[0].stale is None
    assert not (project / "output/preview.pdf").exists()


def test_a_page_open_in_a_locking_viewer_is_named(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(path: Path, *args: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("proeve.drafts.folder.replace_atomically", locked)
    result = run_cli("preview", project)
    assert result.code == 2  # trouble around proeve, not in what was given
    assert "is it open in another program" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_operating_system_reports_a_save(project: Path) -> None:
    """A real file event, through watchfiles: no timing, the watch says when it is in place."""
    events = file_events(project, idle_ms=50)
    assert next(events) == set()  # watching now
    target = project / "inputs/initiatives/mkb-roltrap.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "# bewaard\n", encoding="utf-8")
    (project / "inputs/.mkb-roltrap.yaml.swp").write_bytes(b"editor swap")
    found: set[Path] = set()
    for batch in events:
        found |= batch
        if found:
            break
    assert {p.name for p in found} == {"mkb-roltrap.yaml"}


def test_polling_takes_over_where_no_events_come(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = project / "templates/default.yaml"
    naps: list[float] = []

    def nap(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 2:
            target.write_text(target.read_text(encoding="utf-8") + "# x\n", encoding="utf-8")

    monkeypatch.setattr(watch.time, "sleep", nap)
    assert next(watch.poll(project)) == {target}
    assert naps == [watch.POLL_SECONDS] * 2


def test_only_inputs_and_templates_count(project: Path) -> None:
    assert relevant(project, project / "inputs/overview.yaml")
    assert relevant(project, project / "templates/logo.png")
    assert not relevant(project, project / "inputs/notes.txt")
    assert not relevant(project, project / "inputs/.overview.yaml.swp")
    assert not relevant(project, project / "inputs/overview.yaml~")
    assert not relevant(project, project / "output/preview.pdf")
    assert not relevant(project, project.parent / "elders.yaml")


def test_ctrl_c_stops_watching_quietly(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("proeve.drafts.watch.watch_preview", interrupted)
    result = run_cli("preview", project, "--watch")
    assert result.code == 0
    assert "stopped watching" in result.stderr


def test_the_watch_reports_each_round(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overview = project / "inputs/overview.yaml"
    text = overview.read_text(encoding="utf-8")

    def saves(project: Path) -> Iterator[set[Path]]:
        yield set()
        overview.write_text(text.replace("title: ", "title: [", 1), encoding="utf-8")
        yield {overview}

    monkeypatch.setattr(watch, "changes", saves)
    result = run_cli("preview", project, "--watch")
    assert result.code == 0
    assert "wrote " in result.stderr
    assert "inputs/overview.yaml:2:8" in result.stderr
    assert "shows the last good version, marked out of date" in result.stderr


@pytest.mark.parametrize(("count", "extra"), [(0, ""), (4, ""), (7, "Veel meer tekst. " * 6)])
def test_a_warm_start_gives_the_same_fit_as_a_cold_one(
    project: Path, count: int, extra: str
) -> None:
    """The watch loop starts the fit at the last size; check, preview and build must agree."""
    from conftest import add_initiatives
    from proeve.chain import fit, gather
    from proeve.page.ways import size_steps as _sizes

    if count:
        add_initiatives(project, count, extra, compact=True)
    sources, name = gather(project)
    cold = fit(sources, name)
    sizes = _sizes(cold.template)
    near = sizes.index(cold.layout.font_size)
    for size in {*sizes[::3], *sizes[max(0, near - 1) : near + 2]}:
        warm = fit(sources, name, start=size)
        assert (warm.layout.font_size, warm.layout.line_spacing, warm.layout.fill) == (
            cold.layout.font_size,
            cold.layout.line_spacing,
            cold.layout.fill,
        ), size
    assert fit(sources, name, start=cold.layout.font_size).layout.tries <= cold.layout.tries


def test_the_watch_loop_does_not_wait_for_the_disk(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its preview is made again in a moment; a one-off preview is written durably."""
    import os

    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real(fd))
    watch_preview(project, lambda done: None, events=iter([set(), set()]))
    assert synced == []
    assert (project / "output/preview.pdf").exists()
    assert run_cli("preview", project).code == 0
    assert len(synced) == 2  # the file, then its folder


def test_a_warm_watch_writes_the_pages_a_cold_build_writes(project: Path) -> None:
    """What the loop keeps between saves (the wrapped paragraphs, the last size) changes
    no byte: after each edit, its preview is what a fresh process makes of the files."""
    from proeve.chain import gather, make_pdf

    edits = [
        ("inputs/overview.yaml", "vijf aanpakken", "vijf verschillende aanpakken"),
        ("inputs/initiatives/mkb-roltrap.yaml", "  - VNG\n", "  - VNG\n  - Kamer van Koophandel\n"),
        ("templates/default.yaml", 'accent: "#1B5E8C"', 'accent: "#1B5E8D"'),
        ("inputs/overview.yaml", "language: nl", "language: en"),
        ("inputs/initiatives/mkb-roltrap.yaml", "status: verkenning", "status: in progress"),
    ]
    pages: list[bytes] = []

    def saves() -> Iterator[set[Path]]:
        yield set()
        for name, old, new in edits:
            pages.append((project / "output/preview.pdf").read_bytes())
            path = project / name
            path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), "utf-8")
            yield {path}
        pages.append((project / "output/preview.pdf").read_bytes())

    expected: list[bytes] = []
    rounds: list[Round] = []

    def report(done: Round) -> None:
        rounds.append(done)
        expected.append(make_pdf(*gather(project), positions=False).pdf)

    watch_preview(project, report, events=saves())
    assert all(r.problem is None for r in rounds)
    assert len(pages) == len(expected) == len(edits) + 1
    for index, (page, cold) in enumerate(zip(pages, expected, strict=True)):
        assert page == cold, f"after edit {index}"
