"""The CLI compiles ReportLab's URL pattern when it is used, not at import; nothing else changes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

URLS = [
    "https://g40stedennetwerk.nl/economie-en-werk/mkb-roltrap",
    "HTTP://WWW.EXAMPLE.ORG:8080/a/b?c=d#e",
    "mailto:someone@example.org",
    "ftp://192.168.0.1/x",
    "geen adres",
    "https://xn--bcher-kva.example/ü",
]

# In a fresh process (the import happens once): a command through main(), then the pattern.
SCRIPT = """
import json, re, sys
from proeve.cli import main
try:
    main(sys.argv[2:])
except SystemExit:
    pass
from reportlab.platypus import paragraph
pattern = paragraph.uri_pat
real = re.compile(pattern.pattern, pattern.flags)
urls = json.loads(sys.argv[1])
def seen(p, u):
    m = p.match(u)
    return m and (m.span(), m.groups())
print(json.dumps({"kind": type(pattern).__name__, "same": [seen(pattern, u) == seen(real, u) for u in urls],
                  "matched": [bool(real.match(u)) for u in urls]}))
"""


def run(*args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(URLS), *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_the_cli_defers_the_pattern_and_it_matches_as_compiled(project: Path) -> None:
    result = run("check", str(project))
    assert result["kind"] == "LazyPattern"
    assert result["same"] == [True] * len(URLS)
    assert any(result["matched"])
    assert not all(result["matched"])


def test_without_the_cli_nothing_is_deferred() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import re; from reportlab.platypus import paragraph; "
         "import proeve.pdf.internals; print(isinstance(paragraph.uri_pat, re.Pattern))"],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert done.stdout.strip() == "True"


def test_the_internals_check_knows_the_pattern() -> None:
    from reportlab.platypus import paragraph

    from proeve.pdf.internals import URI_PATTERN, check_internals

    assert paragraph.uri_pat.pattern.startswith(URI_PATTERN)
    assert not [p for p in check_internals() if "uri_pat" in p]


# A fresh process builds the project, with or without the deferral, and says what it used.
BUILD = """
import hashlib, sys
from pathlib import Path
if sys.argv[2] == "defer":
    from proeve.pdf.internals import defer_uri_pattern
    defer_uri_pattern()
from proeve.chain import gather, make_pdf
from reportlab.platypus import paragraph
pdf = make_pdf(*gather(Path(sys.argv[1]))).pdf
used = getattr(paragraph.uri_pat, "_compiled", None) is not None
print(type(paragraph.uri_pat).__name__, used, hashlib.sha256(pdf).hexdigest())
"""


def test_a_page_with_a_long_address_has_the_same_bytes(project: Path) -> None:
    """A word wider than its line is broken as an address (page.hyphens.address_breaks, which
    stands in for ReportLab's use of the pattern): the page is the same, and the deferred
    pattern is never compiled."""
    card = project / "inputs" / "initiatives" / "mkb-roltrap.yaml"
    text = card.read_text(encoding="utf-8")
    address = (
        "https://www.example-gemeente.nl/ondernemen/regionale-ondersteuning/roltrap/index.html"
    )
    card.write_text(text.replace("approach: >", f"approach: >\n  {address}", 1), encoding="utf-8")

    def build(how: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", BUILD, str(project), how],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return done.stdout.split()

    deferred, compiled = build("defer"), build("as-is")
    assert deferred[:2] == ["LazyPattern", "False"], "a build compiled the pattern after all"
    assert compiled[0] == "Pattern"
    assert deferred[2] == compiled[2]
