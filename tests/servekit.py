"""Helpers for `proeve serve` tests: start the installed command, talk to it, stop it with Ctrl-C."""

from __future__ import annotations

import http.client
import json
import os
import selectors
import shlex
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

EDITOR = """\
import sys
with open(sys.argv[1], "a", encoding="utf-8") as log:
    log.write(" ".join(sys.argv[2:]) + "\\n")
"""
START_SECONDS = 120


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    url: str
    port: int
    token: str
    editor_log: Path
    stderr: Path

    def opened(self) -> list[str]:
        """What the editor command was given, one line per run."""
        if not self.editor_log.exists():
            return []
        return self.editor_log.read_text(encoding="utf-8").splitlines()


def editor_command(folder: Path) -> tuple[str, Path]:
    """An editor command template whose program appends its arguments to a log file."""
    script = folder / "editor.py"
    script.write_text(EDITOR, encoding="utf-8")
    log = folder / "editor.log"
    words = [sys.executable, str(script), str(log)]
    return " ".join(shlex.quote(w) for w in words) + " {file}:{line}:{col}", log


@contextmanager
def serving(
    project: Path, folder: Path, *extra: str, python: str | Path = sys.executable
) -> Iterator[Served]:
    """`proeve serve PROJECT --port 0` with a logging editor; killed if still running after."""
    command, log = editor_command(folder)
    stderr = folder / "serve.stderr"
    with stderr.open("wb") as err:
        process = subprocess.Popen(
            [str(python), "-m", "proeve", "serve", str(project), "--port", "0",
             "--editor", command, *extra],
            stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    try:
        first = _first_line(process)
        url = first.split()[-1] if first.startswith("serving ") else json.loads(first)["url"]
        parts = urlsplit(url)
        token = parts.query.removeprefix("token=")
        yield Served(process, url, parts.port or 0, token, log, stderr)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


def _first_line(process: subprocess.Popen[bytes]) -> str:
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(START_SECONDS):
            raise AssertionError("proeve serve printed nothing")
    return process.stdout.readline().decode().strip()


def stop(served: Served) -> tuple[int, str]:
    """Ctrl-C, as a terminal sends it; the exit status and what it said on stderr."""
    served.process.send_signal(signal.CTRL_C_EVENT if os.name == "nt" else signal.SIGINT)
    code = served.process.wait(60)
    return code, served.stderr.read_text(encoding="utf-8", errors="replace")


def request(
    served: Served,
    method: str,
    path: str,
    body: object = None,
    headers: dict[str, str] | None = None,
    token: bool = True,
) -> tuple[int, dict[str, str], bytes]:
    """One request as a script sends it: the token header unless told not to."""
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
    sent = {"Host": f"127.0.0.1:{served.port}"}
    if token:
        sent["X-Proeve-Token"] = served.token
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        sent["Content-Type"] = "application/json"
    sent.update(headers or {})
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in sent.items():
            connection.putheader(name, value)
        if data is not None:
            connection.putheader("Content-Length", str(len(data)))
        connection.endheaders(data)
        answer = connection.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        connection.close()


def wait_for_state(served: Served, done: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """Follow the page's own event stream until a state satisfies `done` (no polling)."""
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=START_SECONDS)
    try:
        connection.request("GET", "/events", headers={"X-Proeve-Token": served.token})
        answer = connection.getresponse()
        assert answer.status == 200
        event = ""
        while True:
            line = answer.fp.readline().decode()
            if not line:
                raise AssertionError("the event stream ended")
            if line.startswith("event: "):
                event = line[7:].strip()
            elif line.startswith("data: ") and event == "state":
                state: dict[str, Any] = json.loads(line[6:])
                if done(state):
                    return state
    finally:
        connection.close()
