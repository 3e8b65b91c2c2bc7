"""A project folder -> the server on 127.0.0.1 and the warm rebuild loop, until Ctrl-C.

The loop runs in the calling (main) thread, where Ctrl-C arrives, as in
`preview --watch`; the server answers in threads of its own. One lock keeps
the page builds and the review's drawings apart: ReportLab's settings and
pdfium are shared by the whole process.
"""

from __future__ import annotations

import errno
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from proeve.errors import UsageError
from proeve.serve.board import Board
from proeve.serve.http import Server
from proeve.serve.image import fitting
from proeve.serve.state import redrawn, snapshot

if TYPE_CHECKING:  # the chain imports ReportLab: the server binds and says where first
    from proeve.drafts.watch import Round

log = logging.getLogger(__name__)


class Session:
    """A bound server and its board, before the loop starts (so its URL can be told first)."""

    def __init__(self, project: Path, port: int, editor: str | None) -> None:
        self.project = project
        self.board = Board()
        self.engine = threading.RLock()
        try:
            self.server = Server(port, project, self.board, editor, self.engine)
        except OSError as exc:
            raise _bind_error(port, exc) from None
        self.server.resize = self.resize
        self._thread = threading.Thread(
            target=self.server.serve_forever, name="proeve-serve", daemon=True
        )

    @property
    def url(self) -> str:
        return self.server.url

    def run(
        self,
        report: Callable[[Round], None],
        template: str = "default",
        events: Iterable[set[Path]] | None = None,
    ) -> None:
        """Serve, and rebuild on every save until the events end or Ctrl-C; then close."""
        from proeve.drafts.watch import changes, watch_preview

        self._thread.start()
        try:
            watch_preview(
                self.project,
                lambda done: self._round(done, report),
                template,
                events=self._held(changes(self.project) if events is None else events),
                positions=True,
            )
        finally:
            self.close()

    def _held(self, events: Iterable[set[Path]]) -> Iterator[set[Path]]:
        """The events, the engine held from each one until the loop asks for the next:
        while the page is built and drawn, and no longer."""
        for batch in events:
            with self.engine:
                yield batch

    def _round(self, done: Round, report: Callable[[Round], None]) -> None:
        board = self.board
        board.post(snapshot(done, board.next_version(), board.current, board.width))
        report(done)

    def resize(self, width: int) -> None:
        """A browser's page box is this wide now (device pixels): draw the page to fit it."""
        width = fitting(width)
        if width == self.board.width:
            return
        self.board.width = width
        with self.engine:  # posted inside: a round cannot come between and be undone
            again = redrawn(self.board.current, self.board.next_version(), width)
            if again is not None:
                self.board.post(again)

    def close(self) -> None:
        self.board.close()
        self.server.shutdown()
        self.server.server_close()


def _bind_error(port: int, exc: OSError) -> UsageError:
    if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)) or (
        port and (exc.errno == errno.EACCES)
    ):
        return UsageError(
            f"port {port} on 127.0.0.1 is in use (or not ours to take): "
            "pick another with --port N, or --port 0 for any free port"
        )
    return UsageError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}")
