"""`proeve serve` against requests that are not its page's: every one refused, nothing run or read.

One real server (the installed command, as a user starts it) on a copy of the
example; plain HTTP, no browser: a request without the token or with a wrong
one, a foreign Origin or Host (DNS rebinding), paths that climb out, and
"open in editor" for files outside the project.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from servekit import Served, request, serving, stop, wait_for_state

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("serve")
    project = folder / "project"
    shutil.copytree(ROOT / "inputs", project / "inputs")
    shutil.copytree(ROOT / "templates", project / "templates")
    (folder / "secret.txt").write_text("not for the browser\n", encoding="utf-8")
    (project / "inputs/outside.yaml").symlink_to(folder / "secret.txt")
    with serving(project, folder) as server:
        wait_for_state(server, lambda state: state.get("ok") is True)
        yield server
        code, said = stop(server)
        assert code == 0, said
        assert "Traceback" not in said


def test_the_url_names_127_0_0_1_and_a_long_token(served: Served) -> None:
    assert served.url.startswith(f"http://127.0.0.1:{served.port}/?token=")
    assert len(served.token) >= 32


def test_with_the_token_the_state_is_answered(served: Served) -> None:
    status, headers, body = request(served, "GET", "/state")
    assert status == 200
    assert json.loads(body)["ok"] is True
    assert not [h for h in headers if h.startswith("access-control-")]


@pytest.mark.parametrize("path", ["/", "/state", "/events", "/page/1.png", "/drafts"])
def test_without_the_token_nothing_is_answered(served: Served, path: str) -> None:
    status, _, body = request(served, "GET", path, token=False)
    assert status == 403
    assert b"token" in body


def test_a_wrong_token_is_refused_in_the_query_the_header_and_the_cookie(served: Served) -> None:
    wrong = served.token[:-2] + ("AA" if not served.token.endswith("AA") else "BB")
    assert request(served, "GET", f"/state?token={wrong}", token=False)[0] == 403
    assert (
        request(served, "GET", "/state", token=False, headers={"X-Proeve-Token": wrong})[0] == 403
    )
    cookie = {"Cookie": f"proeve-{served.port}={wrong}"}
    assert request(served, "GET", "/state", token=False, headers=cookie)[0] == 403
    right = {"Cookie": f"proeve-{served.port}={served.token}"}
    assert request(served, "GET", "/state", token=False, headers=right)[0] == 200


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:{port}", "127.0.0.1:1", "127.0.0.1", "", "[::1]:{port}"]
)
def test_a_foreign_host_is_refused_even_with_the_token(served: Served, host: str) -> None:
    """DNS rebinding: a page of evil.example whose name now points at 127.0.0.1."""
    status, _, _ = request(served, "GET", "/state", headers={"Host": host.format(port=served.port)})
    assert status == 421


def test_the_first_load_sets_a_strict_cookie_and_a_tight_policy(served: Served) -> None:
    status, headers, body = request(served, "GET", f"/?token={served.token}", token=False)
    assert status == 200
    assert b"data-proeve-page" in body
    cookie = headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "default-src 'none'" in policy
    assert headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize(
    "path",
    [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/../../pyproject.toml",
        "/page/../../inputs/overview.yaml",
        "/inputs/overview.yaml",
        "/output/preview.pdf",
        "//etc/passwd",
        "/page/1.png/../../../secret.txt",
    ],
)
def test_no_path_reaches_a_file(served: Served, path: str) -> None:
    status, _, body = request(served, "GET", path)
    assert status == 404
    assert b"root:" not in body
    assert b"not for the browser" not in body
    assert b"title:" not in body


def _open(served: Served, body: object, **headers: str) -> tuple[int, bytes]:
    status, _, answer = request(served, "POST", "/open", body, headers=dict(headers))
    return status, answer


@pytest.mark.parametrize(
    "file",
    [
        "../secret.txt",
        "inputs/../../secret.txt",
        "/etc/passwd",
        "inputs/outside.yaml",  # a link inside the project to a file outside it
        "inputs/initiatives",  # a folder
        "inputs/missing.yaml",
        "inputs/overview.yaml; touch pwned",
        "inputs/overview.yaml\nx",
        "-e/inputs/overview.yaml",
        "C:\\Windows\\win.ini",
    ],
)
def test_open_refuses_anything_but_a_file_of_the_project(served: Served, file: str) -> None:
    before = served.opened()
    status, answer = _open(served, {"file": file, "line": 1, "col": 1})
    assert status == 403
    assert b"not a file of this project" in answer
    assert served.opened() == before


def test_open_from_another_origin_is_refused(served: Served) -> None:
    before = served.opened()
    good = {"file": "inputs/overview.yaml", "line": 2, "col": 8}
    assert _open(served, good, Origin="http://evil.example")[0] == 403
    assert _open(served, good, Origin=f"http://127.0.0.1:{served.port + 1}")[0] == 403
    assert _open(served, good, **{"Sec-Fetch-Site": "cross-site"})[0] == 403
    # A form or a no-cors fetch can only send text/plain: refused too.
    assert _open(served, good, **{"Content-Type": "text/plain"})[0] == 403
    assert served.opened() == before


def test_open_without_the_token_is_refused(served: Served) -> None:
    before = served.opened()
    body = {"file": "inputs/overview.yaml", "line": 2, "col": 8}
    status, _, _ = request(served, "POST", "/open", body, token=False)
    assert status == 403
    assert served.opened() == before


def test_open_a_file_of_the_project_runs_the_editor_without_a_shell(served: Served) -> None:
    origin = f"http://127.0.0.1:{served.port}"
    status, answer = _open(
        served, {"file": "inputs/overview.yaml", "line": 2, "col": 8}, Origin=origin
    )
    assert status == 200, answer
    assert json.loads(answer)["ok"] is True
    project = served.editor_log.parent / "project"
    assert served.opened()[-1] == f"{(project / 'inputs/overview.yaml').resolve()}:2:8"


@pytest.mark.parametrize(
    "body", [b"[1, 2]", b"{not json", b"x" * 5000, {"file": "inputs/overview.yaml", "line": "2"}]
)
def test_open_refuses_a_malformed_body(served: Served, body: object) -> None:
    before = served.opened()
    status, _, _ = request(served, "POST", "/open", body)
    assert status in (400, 403, 413)
    assert served.opened() == before


def test_reveal_names_the_fields_printed_from_a_line(served: Served) -> None:
    project = served.editor_log.parent / "project"
    text = (project / "inputs/initiatives/mkb-roltrap.yaml").read_text(encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("goal:")) + 1
    at = {"at": f"inputs/initiatives/mkb-roltrap.yaml:{line}"}
    status, _, answer = request(served, "POST", "/reveal", at)
    assert status == 200
    assert json.loads(answer)["fields"] == ["initiatives/mkb-roltrap:goal"]
    absolute = {"at": f"{project / 'inputs/initiatives/mkb-roltrap.yaml'}:{line}:5"}
    assert json.loads(request(served, "POST", "/reveal", absolute)[2])["fields"] == [
        "initiatives/mkb-roltrap:goal"
    ]
    assert request(served, "POST", "/reveal", {"at": "/etc/passwd:1"})[0] == 403


def test_a_port_in_use_is_said_plainly(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", project, "--port", str(port))
    assert result.code == 2
    assert f"port {port} on 127.0.0.1 is in use" in result.stderr
    assert "--port 0" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_an_editor_command_that_cannot_be_split_is_a_usage_error(project: Path) -> None:
    result = run_cli("serve", project, "--port", "0", "--editor", "code '{file}")
    assert result.code == 2
    assert "--editor" in result.stderr


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_ctrl_c_ends_it_cleanly(project: Path, tmp_path: Path) -> None:
    with serving(project, tmp_path, "--json") as server:
        wait_for_state(server, lambda state: state.get("ok") is True)
        code, said = stop(server)
    assert code == 0
    assert "Traceback" not in said
    assert "stopped serving" in said
    assert (project / "output/preview.pdf").is_file()


@pytest.mark.parametrize("width", ["800", -1, 10**9, 1.5, None, True])
def test_view_takes_only_a_sensible_width(served: Served, width: object) -> None:
    status, _, _ = request(served, "POST", "/view", {"width": width})
    assert status == 403


def test_view_needs_the_token_and_this_origin(served: Served) -> None:
    assert request(served, "POST", "/view", {"width": 900}, token=False)[0] == 403
    foreign = {"Origin": "http://evil.example"}
    assert request(served, "POST", "/view", {"width": 900}, headers=foreign)[0] == 403


def test_a_broken_register_and_unknown_drafts_are_said_not_crashed_on(served: Served) -> None:
    output = served.editor_log.parent / "project/output"
    register = output / "versions.json"
    register.write_text("{not json", encoding="utf-8")
    try:
        status, _, body = request(served, "GET", "/drafts")
        assert status == 200
        answer = json.loads(body)
        assert answer["drafts"] == []
        assert "versions.json" in answer["problem"]
    finally:
        register.unlink()
    status, _, body = request(served, "GET", "/diff?a=1&b=99")
    assert status == 200
    assert "no drafts" in json.loads(body)["error"]
    assert request(served, "GET", "/diff?a=1&b=../../etc")[0] == 400
    assert request(served, "GET", "/diff/1-99.png")[0] == 404
