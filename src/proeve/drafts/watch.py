"""Saves in a project -> a new preview each time, in one process that stays warm.

File events come from the operating system through watchfiles (inotify,
FSEvents, ReadDirectoryChangesW); where it cannot watch (no watches left, some
network drives) a poll of the files' times takes over. One process keeps what a
cold run pays for once: the registered fonts, the hyphenation patterns, the
parsed template, the paragraphs earlier fits wrapped (proeve.chain.Warm) and the
last fit's size; it leaves out the position map unless asked (`proeve serve`
makes the page clickable with it; `proeve comments` reads it on drafts).
Inputs that break leave the last good page on screen, marked out of date
(drafts.preview).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from proeve.chain import Built, Warm
from proeve.drafts.preview import Preview, write_preview, write_stale
from proeve.errors import FitError, ProeveError
from proeve.frozen import Frozen

log = logging.getLogger(__name__)

STEP_MS = 5  # a save is a burst of events: yield once none came for this long
DEBOUNCE_MS = 300  # ... or at the latest this long after the first
POLL_SECONDS = 0.25


class Round(Frozen):
    """One rebuild: the new preview, or the problems (and the out-of-date page shown)."""

    changed: tuple[str, ...]
    preview: Preview | None
    problem: ProeveError | None
    stale: Preview | None
    seconds: float


def watch_preview(
    project: Path,
    report: Callable[[Round], None],
    template: str = "default",
    png: bool = False,
    events: Iterable[set[Path]] | None = None,
    positions: bool = False,
) -> None:
    """Write the preview now and after every batch of changes; report each round.

    Runs until the events end (never, for the file system's) or Ctrl-C.
    `positions`: record the position map too (`proeve serve` makes the page
    clickable with it).
    """
    last: Built | None = None
    warm = Warm()
    for changed in changes(project) if events is None else events:
        began = time.perf_counter()
        names = tuple(sorted(_shown(project, p) for p in changed))
        try:
            start = last.fitted.layout.font_size if last is not None else None
            preview = write_preview(
                project, template, png, start, positions=positions, durable=False, warm=warm
            )
        except ProeveError as problem:
            stale = None
            # A page that does not fit was written as it stands, marked where it runs
            # over (more use to the editor than the last page that did fit).
            shown = isinstance(problem, FitError) and problem.preview is not None
            if last is not None and not shown:
                try:
                    stale = write_stale(project, last, problem, png)
                except ProeveError as exc:  # the page could not be replaced either
                    log.warning("%s", exc)
            report(Round(names, None, problem, stale, time.perf_counter() - began))
            continue
        last = preview.built
        report(Round(names, preview, None, None, time.perf_counter() - began))


def changes(project: Path) -> Iterator[set[Path]]:
    """An empty set at once, then the changed files of every save, as they happen."""
    yield set()
    yield from file_events(project)


def file_events(project: Path, idle_ms: int | None = None) -> Iterator[set[Path]]:
    """The changed input and template files of every save, from the operating system.

    With `idle_ms`, also an empty set whenever that long passes without a change
    (so a caller knows the watch is in place).
    """
    try:
        import watchfiles
    except ImportError:  # a trimmed install without it
        log.info("watchfiles is not installed; checking the files' times instead")
        yield from poll(project)
        return
    folders = [f for f in (project / "inputs", project / "templates") if f.is_dir()]
    try:
        for batch in watchfiles.watch(
            *folders,
            watch_filter=lambda change, path: relevant(project, Path(path)),
            step=STEP_MS,
            debounce=DEBOUNCE_MS,
            rust_timeout=idle_ms or 5000,
            yield_on_timeout=idle_ms is not None,
            raise_interrupt=True,
        ):
            yield {Path(path) for _, path in batch}
    except OSError as exc:  # no inotify watches left, a file system it cannot watch
        log.warning("cannot watch for file events (%s); checking every %gs", exc, POLL_SECONDS)
        yield from poll(project)


def relevant(project: Path, path: Path) -> bool:
    """Whether a change to this file can change the page: inputs and template files,
    not an editor's swap, backup or temporary file."""
    name = path.name
    if name.startswith((".", "#", "~")) or name.endswith(("~", ".tmp", ".swp", ".swx")):
        return False
    try:
        parts = path.resolve().relative_to(project.resolve()).parts
    except (ValueError, OSError):
        return False
    if parts[:1] == ("inputs",):
        return name.endswith(".yaml")
    return parts[:1] == ("templates",)


def watched_files(project: Path) -> dict[Path, float]:
    """Every file whose change should trigger a rebuild, with its modification time."""
    paths = [*project.glob("inputs/**/*.yaml"), *project.glob("templates/*")]
    return {p: p.stat().st_mtime_ns for p in paths if p.is_file() and relevant(project, p)}


def poll(project: Path) -> Iterator[set[Path]]:
    """The fallback: compare the files' modification times every POLL_SECONDS."""
    seen = watched_files(project)
    while True:
        time.sleep(POLL_SECONDS)
        current = watched_files(project)
        if current != seen:
            changed = {p for p in current.keys() | seen.keys() if current.get(p) != seen.get(p)}
            seen = current
            yield changed


def _shown(project: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(project.resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)
