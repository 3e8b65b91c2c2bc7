"""HTTP requests from this machine's browser -> the page, its state, its images, and two actions.

Safe by construction: the server listens on 127.0.0.1 only; every request
must name the host as 127.0.0.1:PORT or localhost:PORT (a page that rebinds
its own name to 127.0.0.1 is refused) and carry the token (in the query on
the first load, then the cookie it sets, or an X-Proeve-Token header); a POST
must come from this origin with a JSON body. No CORS header is ever sent, so
no other origin reads an answer. Nothing is served from disk: the page is one
file inside the package, the images are made in memory.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import secrets
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from proeve.errors import ProeveError, UsageError
from proeve.serve.board import Board
from proeve.serve.editor import open_at
from proeve.serve.reviews import Reviews, drafts

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15.0
MAX_BODY = 4096
_PAGE = re.compile(r"/page/([0-9]{1,9})\.png")
_DIFF = re.compile(r"/diff/([0-9]{1,6})-([0-9]{1,6})\.png")
_AT = re.compile(r"(.+?):([0-9]{1,9})(?::[0-9]{1,9})?")
_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
}


class Server(ThreadingHTTPServer):
    """The server and what its handlers need: the project, the token, the board, the editor."""

    daemon_threads = True
    allow_reuse_address = False  # a port in use is refused, not shared

    def __init__(self, port: int, project: Path, board: Board, editor: str | None,
                 engine: threading.RLock) -> None:  # fmt: skip
        super().__init__(("127.0.0.1", port), Handler)
        self.port = self.server_address[1]
        self.project = project
        self.board = board
        self.editor = editor
        self.reviews = Reviews(project, engine)
        self.token = secrets.token_urlsafe(24)
        self.hosts = {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}
        self.origins = {f"http://{h}" for h in self.hosts}
        self.resize: Callable[[int], None] = lambda width: None

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A request that failed: a line in the log, never a traceback on the terminal."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):  # the browser went away
            log.debug("serve: %s", error)
            return
        log.warning("serve: a request failed: %s: %s", type(error).__name__, error)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.token}"

    @property
    def cookie(self) -> str:
        return f"proeve-{self.port}"  # cookies are not kept apart by port: the name is


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"
    server_version = "proeve"
    sys_version = ""
    timeout = 60  # seconds a socket may stall (a body promised and not sent): then it is closed

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("serve: " + format, *args)

    # -- the gate every request passes ------------------------------------------------

    def _allowed(self, post: bool) -> bool:
        host = (self.headers.get("Host") or "").lower()
        if host not in self.server.hosts:
            self._text(421, "this server answers only as 127.0.0.1 or localhost on its port")
            return False
        if not self._has_token():
            self._text(403, "the token is missing or wrong: open the URL proeve serve printed")
            return False
        if post and not self._same_origin():
            self._text(403, "refused: the request does not come from this page")
            return False
        return True

    def _has_token(self) -> bool:
        given = [*parse_qs(urlsplit(self.path).query).get("token", [])]
        given.append(self.headers.get("X-Proeve-Token") or "")
        given.append(self._cookies().get(self.server.cookie, ""))
        want = self.server.token.encode()
        return any(hmac.compare_digest(g.encode("utf-8", "replace"), want) for g in given if g)

    def _cookies(self) -> dict[str, str]:
        out = {}
        for part in (self.headers.get("Cookie") or "").split(";"):
            name, _, value = part.strip().partition("=")
            out[name] = value
        return out

    def _same_origin(self) -> bool:
        origin = self.headers.get("Origin")
        if origin is not None and origin not in self.server.origins:
            return False
        site = self.headers.get("Sec-Fetch-Site")
        if site is not None and site not in ("same-origin", "none"):
            return False
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        return kind == "application/json"

    # -- GET ---------------------------------------------------------------------------

    def do_GET(self) -> None:
        if not self._allowed(post=False):
            return
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        path = url.path
        if path == "/":
            self._index()
        elif path == "/state":
            self._json(200, self.server.board.current.data)
        elif path == "/events":
            self._events()
        elif path == "/drafts":
            self._json(200, drafts(self.server.project))
        elif path == "/diff":
            self._diff(query)
        elif match := _PAGE.fullmatch(path):
            self._png(self.server.board.image(int(match[1])))
        elif match := _DIFF.fullmatch(path):
            self._marked(int(match[1]), int(match[2]))
        else:
            self._text(404, "not found")

    def _index(self) -> None:
        nonce = secrets.token_urlsafe(12)
        page = resources.files("proeve.serve").joinpath("static/index.html").read_bytes()
        body = page.replace(b"{{nonce}}", nonce.encode())
        policy = (
            "default-src 'none'; img-src 'self'; connect-src 'self'; "
            f"script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        )
        cookie = f"{self.server.cookie}={self.server.token}; Path=/; HttpOnly; SameSite=Strict"
        self._send(200, "text/html; charset=utf-8", body,
                   {"Content-Security-Policy": policy, "Set-Cookie": cookie})  # fmt: skip

    def _diff(self, query: dict[str, str]) -> None:
        a, b = query.get("a", ""), query.get("b", "")
        if not (a.isdigit() and b.isdigit() and len(a) < 7 and len(b) < 7):
            self._text(400, "give two draft numbers: /diff?a=2&b=3")
            return
        try:
            data = self.server.reviews.compare(int(a), int(b))
        except ProeveError as exc:
            data = {"error": str(exc)}
        self._json(200, data)

    def _marked(self, a: int, b: int) -> None:
        try:
            self._png(self.server.reviews.marked_page(a, b))
        except ProeveError as exc:
            self._text(404, str(exc))

    def _png(self, data: bytes | None) -> None:
        if data is None:
            self._text(404, "no such image (any more)")
            return
        self._send(200, "image/png", data)

    def _events(self) -> None:
        """Server-Sent Events: the current state at once, then every message as it comes."""
        board = self.server.board
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        for name, value in _HEADERS.items():
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen = board.latest()
        try:
            self._event("state", json.dumps(board.current.data))
            while not board.closed:
                messages = board.since(seen, HEARTBEAT_SECONDS)
                if not messages:
                    self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
                for number, event, data in messages:
                    self._event(event, data)
                    seen = number
        except OSError:  # the page was closed or reloaded
            return

    def _event(self, event: str, data: str) -> None:
        self.wfile.write(f"event: {event}\ndata: {data}\n\n".encode())
        self.wfile.flush()

    # -- POST --------------------------------------------------------------------------

    def do_POST(self) -> None:
        if not self._allowed(post=True):
            return
        body = self._body()
        if body is None:
            return
        path = urlsplit(self.path).path
        try:
            if path == "/open":
                self._open(body)
            elif path == "/reveal":
                self._reveal(body)
            elif path == "/view":
                self._view(body)
            else:
                self._text(404, "not found")
        except UsageError as exc:
            self._json(403, {"ok": False, "error": str(exc)})

    def _body(self) -> dict[str, Any] | None:
        try:
            length = int(self.headers.get("Content-Length") or "-1")
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self._text(413, f"a JSON body of at most {MAX_BODY} bytes, with its length")
            return None
        try:
            data = json.loads(self.rfile.read(length))
        except ValueError:
            data = None
        if not isinstance(data, dict):
            self._text(400, "the body is not a JSON object")
            return None
        return data

    def _open(self, body: dict[str, Any]) -> None:
        file, line, col = body.get("file"), body.get("line"), body.get("col", 1)
        if not (isinstance(file, str) and type(line) is int and type(col) is int):
            raise UsageError("give file, line and col")
        opened = open_at(self.server.editor, self.server.project, file, line, col)
        self._json(200, {"ok": opened.ok, "message": opened.message, "link": opened.link})

    def _reveal(self, body: dict[str, Any]) -> None:
        at = body.get("at")
        match = _AT.fullmatch(at.strip()) if isinstance(at, str) and len(at) < 1000 else None
        if match is None:
            raise UsageError("give the place as FILE:LINE, e.g. inputs/overview.yaml:12")
        file = self._relative(match[1])
        fields = self.server.board.reveal(file, int(match[2]))
        self._json(200, {"ok": bool(fields), "file": file, "fields": fields})

    def _view(self, body: dict[str, Any]) -> None:
        """The page's box on the screen, in device pixels: the next images are drawn that wide."""
        width = body.get("width")
        if type(width) is not int or not 0 < width < 100_000:
            raise UsageError("give the page box's width in device pixels")
        self.server.resize(width)
        self._json(200, {"ok": True})

    def _relative(self, file: str) -> str:
        """A file as the regions name it (relative, with /); an absolute one inside the project."""
        path = Path(file)
        if path.is_absolute():
            try:
                return path.resolve().relative_to(self.server.project.resolve()).as_posix()
            except (ValueError, OSError):
                raise UsageError(f"not a file of this project: {file!r}") from None
        return path.as_posix().removeprefix("./")

    # -- answers -----------------------------------------------------------------------

    def _json(self, status: int, data: object) -> None:
        body = json.dumps(data, ensure_ascii=True).encode()
        self._send(status, "application/json", body)

    def _text(self, status: int, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode())

    def _send(
        self, status: int, kind: str, body: bytes, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in {**_HEADERS, **(extra or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
