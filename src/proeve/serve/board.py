"""Snapshots and highlights from the rebuild loop -> every open page, as numbered messages.

The loop posts; each Server-Sent Events connection waits for messages newer
than the last it sent. A few page images are kept so that a browser asking
for the one it was just told about still gets it after the next save.
"""

from __future__ import annotations

import json
import threading
from collections import deque

from proeve.serve.places import Region, fields_at
from proeve.serve.state import Snapshot, first

KEEP_MESSAGES = 64
KEEP_IMAGES = 3

Message = tuple[int, str, str]  # number, event name, JSON data


class Board:
    """The current snapshot and the latest messages, shared by the loop and the server's threads."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._current = first(0)
        self._images: dict[int, bytes] = {}
        self._messages: deque[Message] = deque(maxlen=KEEP_MESSAGES)
        self._number = 0
        self._versions = 0
        self.closed = False
        self.width: int | None = None  # the page's box in device pixels, as a browser said

    def next_version(self) -> int:
        with self._lock:
            self._versions += 1
            return self._versions

    @property
    def current(self) -> Snapshot:
        with self._lock:
            return self._current

    def post(self, snapshot: Snapshot) -> None:
        """A new state of the page: kept, and told to every open page."""
        with self._lock:
            self._current = snapshot
            if snapshot.image is not None:
                self._images[snapshot.version] = snapshot.image
                for old in sorted(self._images)[:-KEEP_IMAGES]:
                    del self._images[old]
            self._say("state", snapshot.data)

    def image(self, version: int) -> bytes | None:
        with self._lock:
            return self._images.get(version)

    def reveal(self, file: str, line: int) -> list[str]:
        """Highlight on every open page the fields printed from this place; return them."""
        with self._lock:
            found: tuple[Region, ...] = self._current.regions
            fields = fields_at(found, file, line)
            self._say("reveal", {"file": file, "line": line, "fields": fields})
            return fields

    def _say(self, event: str, data: object) -> None:
        self._number += 1
        self._messages.append((self._number, event, json.dumps(data, ensure_ascii=True)))
        self._lock.notify_all()

    def since(self, number: int, timeout: float) -> list[Message]:
        """Messages after `number`, waiting up to `timeout` seconds for one ([] then, or closed)."""
        with self._lock:
            self._lock.wait_for(lambda: self.closed or (self._number > number), timeout)
            return [m for m in self._messages if m[0] > number]

    def latest(self) -> int:
        with self._lock:
            return self._number

    def close(self) -> None:
        with self._lock:
            self.closed = True
            self._lock.notify_all()
