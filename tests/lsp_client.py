"""A small LSP client over stdio for yaml-language-server: open a YAML text, get its diagnostics.

Standard library only. JSON-RPC 2.0 with `Content-Length` framing; one reader thread;
answers the server's own requests (workspace/configuration and friends).

Why the waiting is deterministic: yaml-language-server publishes diagnostics without a
document version (validation runs 200 ms after the last change, debounced per uri). This
client keeps at most one validation outstanding per uri: every open/change waits for the
publish that follows it before it returns, and every close is followed by a round-trip
(a request the server answers after it has sent the close's empty publish), so no stale
publish can be mistaken for the answer to a later change.

Use:

    with YamlLanguageServer(root=project) as ls:
        diags = ls.diagnose(project / "inputs/overview.yaml")            # text read from disk
        diags = ls.diagnose(project / "inputs/initiatives/x.yaml", text)  # in-memory text
        many = ls.diagnose_many({path_a: text_a, path_b: text_b})        # validated in parallel

The document's path matters even when its text is given: a `# yaml-language-server:
$schema=../proeve.schema.json` modeline resolves relative to it. The file need not exist.

Demo: python lsp_client.py [--root DIR] [--yaml-version 1.2|1.1] FILE...
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# Installed by `npm ci --prefix tests/editor` (the version pinned in tests/editor/package.json).
DEFAULT_SERVER = HERE / "editor/node_modules/yaml-language-server/bin/yaml-language-server"
SEVERITY = {1: "error", 2: "warning", 3: "info", 4: "hint"}


class LspError(RuntimeError):
    """The server died, answered with an error, or did not answer in time."""


@dataclass(frozen=True)
class Diagnostic:
    line: int  # 1-based
    column: int  # 1-based
    end_line: int
    end_column: int
    severity: str
    message: str
    source: str
    code: Any = None

    @classmethod
    def from_lsp(cls, raw: Mapping[str, Any]) -> Diagnostic:
        start, end = raw["range"]["start"], raw["range"]["end"]
        return cls(
            line=start["line"] + 1,
            column=start["character"] + 1,
            end_line=end["line"] + 1,
            end_column=end["character"] + 1,
            severity=SEVERITY.get(raw.get("severity", 1), "error"),
            message=raw.get("message", ""),
            source=str(raw.get("source", "")),
            code=raw.get("code"),
        )

    def __str__(self) -> str:
        source = f" [{self.source}]" if self.source else ""
        return f"{self.line}:{self.column}: {self.severity}: {self.message}{source}"


def default_settings(yaml_version: str = "1.2") -> dict[str, Any]:
    """The `yaml` settings section: validate, no network catalogues, schema from the modeline."""
    return {
        "validate": True,
        "hover": False,
        "completion": True,
        "format": {"enable": False},
        # Both stores are fetched from the network when enabled; keep them off (offline, fast).
        "schemaStore": {"enable": False, "url": ""},
        "kubernetesCRDStore": {"enable": False},
        "schemas": {},  # None needed: the modeline names the schema.
        "yamlVersion": yaml_version,
        "disableAdditionalProperties": False,
        "customTags": [],
        "maxItemsComputed": 5000,
    }


def _uri(path: Path) -> str:
    return path.resolve().as_uri()


class YamlLanguageServer:
    """One yaml-language-server process; thread-safe for sequential use from one thread."""

    def __init__(
        self,
        root: Path | str,
        *,
        server: Path | str | None = None,
        settings: Mapping[str, Any] | None = None,
        timeout: float = 15.0,
        node: str | None = None,
    ) -> None:
        self.root = Path(root).resolve()
        self.server = Path(server or os.environ.get("YAML_LANGUAGE_SERVER") or DEFAULT_SERVER)
        self.settings: dict[str, Any] = dict(settings or default_settings())
        self.timeout = timeout
        self.node = node or shutil.which("node") or "node"
        self._proc: subprocess.Popen[bytes] | None = None
        self._ids = itertools.count(1)
        self._lock = threading.Condition()
        self._write_lock = threading.Lock()
        self._responses: dict[int, dict[str, Any]] = {}
        self._published: dict[str, list[list[dict[str, Any]]]] = {}  # uri -> publishes, in order
        self._open: dict[str, int] = {}  # uri -> version
        # Versions never restart for a uri: the server caches parsed documents by (uri, version)
        # and keeps the cache across didClose, so reopening at version 1 would reuse the old AST.
        self._versions: dict[str, int] = {}
        self._dead: str | None = None
        self.stderr: list[str] = []
        self.log: list[dict[str, Any]] = []  # server notifications other than diagnostics
        self.server_info: dict[str, Any] = {}
        self.startup_seconds = 0.0

    # ---- lifecycle -------------------------------------------------------------------

    def start(self) -> YamlLanguageServer:
        if not self.server.exists():
            raise LspError(f"yaml-language-server not found at {self.server}")
        began = time.monotonic()
        self._proc = subprocess.Popen(
            [self.node, str(self.server), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=self.root,
        )
        threading.Thread(target=self._read_loop, name="lsp-stdout", daemon=True).start()
        threading.Thread(target=self._drain_stderr, name="lsp-stderr", daemon=True).start()
        result = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "clientInfo": {"name": "proeve-tests", "version": "0"},
                "rootUri": _uri(self.root),
                "workspaceFolders": [{"uri": _uri(self.root), "name": self.root.name}],
                "capabilities": {
                    "workspace": {"configuration": True, "workspaceFolders": True},
                    "textDocument": {
                        "synchronization": {"didSave": False, "dynamicRegistration": False},
                        "publishDiagnostics": {"relatedInformation": True},
                    },
                },
                "initializationOptions": {},
            },
        )
        self.server_info = result.get("serverInfo") or {}
        self.notify("initialized", {})
        # The server pulls the configuration on `initialized` and applies it asynchronously.
        # textDocument/codeLens awaits that pull before it answers: use it as a barrier.
        self.request("textDocument/codeLens", {"textDocument": {"uri": _uri(self.root / ".probe")}})
        self.startup_seconds = time.monotonic() - began
        return self

    def stop(self) -> None:
        """shutdown + exit, as a client should; kill the process if it does not go."""
        proc = self._proc
        if proc is None:
            return
        try:
            if proc.poll() is None and self._dead is None:
                self.request("shutdown", None, timeout=5)
                self.notify("exit", None)
            proc.wait(timeout=5)
        except (LspError, subprocess.TimeoutExpired, OSError):
            proc.kill()
            proc.wait(timeout=5)
        finally:
            self._proc = None
            for stream in (proc.stdin, proc.stdout, proc.stderr):
                if stream:
                    stream.close()

    def __enter__(self) -> YamlLanguageServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- JSON-RPC --------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        if self._proc is None or self._proc.stdin is None:
            raise LspError("server is not running")
        body = json.dumps({"jsonrpc": "2.0", **message}, ensure_ascii=False).encode()
        with self._write_lock:
            try:
                self._proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
                self._proc.stdin.flush()
            except (BrokenPipeError, ValueError) as exc:
                raise LspError(f"server is gone: {self._why_dead()}") from exc

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float | None = None) -> Any:
        ident = next(self._ids)
        self._send({"id": ident, "method": method, "params": params})
        reply = self._wait(lambda: self._responses.pop(ident, None), timeout, f"reply to {method}")
        if "error" in reply:
            raise LspError(f"{method}: {reply['error']}")
        return reply.get("result")

    def _barrier(self) -> None:
        """Return once the server has handled everything sent before (it answers in order)."""
        ident = next(self._ids)
        self._send({"id": ident, "method": "proeve/barrier", "params": {}})
        self._wait(lambda: self._responses.pop(ident, None), None, "barrier")  # MethodNotFound

    def _wait(self, ready: Any, timeout: float | None, what: str) -> Any:
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        with self._lock:
            while True:
                value = ready()
                if value is not None:
                    return value
                if self._dead is not None:
                    raise LspError(f"server died waiting for {what}: {self._why_dead()}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise LspError(f"timed out waiting for {what}")
                self._lock.wait(left)

    def _why_dead(self) -> str:
        tail = "".join(self.stderr)[-2000:]
        return (self._dead or "exited") + (f"; stderr: {tail}" if tail else "")

    def _read_loop(self) -> None:
        assert self._proc is not None
        assert self._proc.stdout is not None
        stream = self._proc.stdout
        try:
            while True:
                length = None
                while True:
                    header = stream.readline()
                    if not header:
                        raise EOFError("end of stream")
                    header = header.strip()
                    if not header:
                        break
                    name, _, value = header.decode("ascii").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value.strip())
                if length is None:
                    raise ValueError("message without Content-Length")
                body = stream.read(length)
                if len(body) < length:
                    raise EOFError("truncated message")
                self._dispatch(json.loads(body))
        except Exception as exc:
            with self._lock:
                self._dead = f"{type(exc).__name__}: {exc}"
                self._lock.notify_all()

    def _drain_stderr(self) -> None:
        assert self._proc is not None
        assert self._proc.stderr is not None
        for line in iter(self._proc.stderr.readline, b""):
            self.stderr.append(line.decode("utf-8", "replace"))

    def _dispatch(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        if method is None:  # a response to one of ours
            with self._lock:
                self._responses[message["id"]] = message
                self._lock.notify_all()
        elif "id" in message:  # a request from the server: answer it at once
            self._send({"id": message["id"], "result": self._answer(method, message.get("params"))})
        elif method == "textDocument/publishDiagnostics":
            params = message["params"]
            with self._lock:
                self._published.setdefault(params["uri"], []).append(params["diagnostics"])
                self._lock.notify_all()
        else:
            self.log.append(message)

    def _answer(self, method: str, params: Any) -> Any:
        if method == "workspace/configuration":
            sections = {"yaml": self.settings, "http": {}, "[yaml]": {}, "editor": {}}
            return [sections.get(item.get("section", "")) for item in params["items"]]
        if method == "workspace/workspaceFolders":
            return [{"uri": _uri(self.root), "name": self.root.name}]
        return None  # client/registerCapability, window/workDoneProgress/create, ...

    # ---- documents -------------------------------------------------------------------

    def _next_publish(self, uri: str, seen: int, timeout: float | None) -> list[Diagnostic]:
        def ready() -> list[dict[str, Any]] | None:
            got = self._published.get(uri, [])
            return got[seen] if len(got) > seen else None

        raw = self._wait(ready, timeout, f"diagnostics for {uri}")
        return [Diagnostic.from_lsp(d) for d in raw]

    def _count(self, uri: str) -> int:
        with self._lock:
            return len(self._published.get(uri, []))

    def open(
        self, path: Path | str, text: str | None = None, wait: bool = True
    ) -> list[Diagnostic]:
        """didOpen and (by default) wait for this document's diagnostics."""
        path = Path(path)
        uri = _uri(path)
        if uri in self._open:
            raise LspError(f"{path} is already open; use change()")
        if text is None:
            text = path.read_text(encoding="utf-8")
        seen = self._count(uri)
        version = self._versions[uri] = self._versions.get(uri, 0) + 1
        self._open[uri] = version
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": version, "text": text}},
        )
        return self._next_publish(uri, seen, None) if wait else []

    def change(self, path: Path | str, text: str) -> list[Diagnostic]:
        """Replace an open document's text and wait for the diagnostics of the new text."""
        uri = _uri(Path(path))
        if uri not in self._open:
            raise LspError(f"{path} is not open")
        version = self._versions[uri] = self._versions[uri] + 1
        self._open[uri] = version
        seen = self._count(uri)
        self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
            },
        )
        return self._next_publish(uri, seen, None)

    def close(self, path: Path | str) -> None:
        uri = _uri(Path(path))
        if self._open.pop(uri, None) is None:
            return
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        self._barrier()  # the close's empty publish is in before the barrier's reply
        with self._lock:
            self._published.pop(uri, None)

    def diagnose(self, path: Path | str, text: str | None = None) -> list[Diagnostic]:
        """Open, wait for diagnostics, close: a fresh look at one document."""
        try:
            return self.open(path, text)
        finally:
            self.close(path)

    def diagnose_many(
        self, documents: Mapping[Path, str | None] | Iterable[Path]
    ) -> dict[Path, list[Diagnostic]]:
        """Like diagnose() for many documents, opened together so their 200 ms delays overlap."""
        docs = dict(documents) if isinstance(documents, Mapping) else dict.fromkeys(documents)
        seen: dict[Path, int] = {}
        try:
            for path, text in docs.items():
                seen[path] = self._count(_uri(Path(path)))
                self.open(path, text, wait=False)
            return {p: self._next_publish(_uri(Path(p)), n, None) for p, n in seen.items()}
        finally:
            for path in seen:
                self.close(path)

    def forget_schema(self, schema: Path | str) -> None:
        """Tell the server a schema file changed on disk (it caches schemas by uri)."""
        self.notify(
            "workspace/didChangeWatchedFiles",
            {"changes": [{"uri": _uri(Path(schema)), "type": 2}]},
        )
        self._barrier()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="workspace folder")
    parser.add_argument("--yaml-version", default="1.2", choices=["1.1", "1.2"])
    args = parser.parse_args(argv)
    began = time.monotonic()
    with YamlLanguageServer(args.root, settings=default_settings(args.yaml_version)) as ls:
        print(
            f"# {ls.server_info.get('name', 'yaml-language-server')} "
            f"{ls.server_info.get('version', '?')}, YAML {args.yaml_version}, "
            f"started in {ls.startup_seconds:.2f}s",
            file=sys.stderr,
        )
        results = ls.diagnose_many(args.files)
    problems = 0
    for path, diags in results.items():
        if not diags:
            print(f"{path}: clean")
        for d in diags:
            problems += 1
            print(f"{path}:{d}")
    print(f"# {problems} diagnostics in {time.monotonic() - began:.2f}s", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
