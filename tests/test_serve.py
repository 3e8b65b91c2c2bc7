"""`proeve serve` end to end in a real browser: a save shows, a click opens the editor at the field.

Headless Chromium (Debian's `chromium`) driven by Playwright's Python package
with that executable (Playwright's own browser download is not used;
PROEVE_CHROMIUM names another one). Where
either is missing these tests skip, saying so, unless
PROEVE_BROWSER_TESTS=require (CI sets it: there they must run).
"""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest

from conftest import run_cli
from servekit import Served, request, serving, stop

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("PROEVE_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT_MS = 120_000


def _missing(why: str) -> None:
    if os.environ.get("PROEVE_BROWSER_TESTS") == "require":
        pytest.fail(f"{why}; PROEVE_BROWSER_TESTS=require says these tests must run")
    pytest.skip(f"{why} (install it: apt-get install chromium; pip install playwright)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        _missing(f"chromium is not installed ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright's Python package is not installed")
    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    opened = context.new_page()
    opened.set_default_timeout(WAIT_MS)
    said: list[str] = []
    opened.on("console", lambda message: said.append(message.text))
    opened.on("pageerror", lambda error: said.append(f"uncaught: {error}"))
    yield opened
    context.close()
    # The page keeps to its own policy: nothing it does is blocked, nothing throws.
    assert not [m for m in said if "Content Security Policy" in m or m.startswith("uncaught")]


def painted(page: Any, after: int) -> int:
    """Wait until the page shows a page image newer than state `after`; its state number."""
    page.wait_for_function(f"() => window.proeve.version > {after} && window.proeve.painted > 0")
    version: int = page.evaluate("() => window.proeve.version")
    return version


def positions(project: Path) -> dict[str, Any]:
    """The position map the preview carries, read back from output/preview.pdf."""
    reader = pypdf.PdfReader(io.BytesIO((project / "output/preview.pdf").read_bytes()))
    manifest = json.loads(reader.attachments["proeve.json"][0])
    found: dict[str, Any] = manifest["positions"]
    return found


def click_field(page: Any, project: Path, field: str) -> None:
    """Click the middle of the field's first line, at its fraction of the page's box."""
    mapped = positions(project)
    width, height = mapped["page"]
    x, y, w, h = mapped["fields"][field][0]
    box = page.locator("[data-proeve-page]").bounding_box()
    at = {"x": (x + w / 2) / width * box["width"], "y": (1 - (y + h / 2) / height) * box["height"]}
    page.locator("[data-proeve-page]").click(position=at)


def value_start(path: Path, key: str) -> tuple[int, int]:
    """Line and column where a top-level key's value starts (a folded block: its first line)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, ln in enumerate(lines) if ln.startswith(f"{key}:"))
    rest = lines[index][len(key) + 1 :]
    if rest.strip() in (">", "|", ">-", "|-"):
        text = lines[index + 1]
        return index + 2, len(text) - len(text.lstrip()) + 1
    return index + 1, len(key) + 2 + len(rest) - len(rest.lstrip()) + 1


def opened_after(page: Any, served: Served, before: int) -> str:
    page.wait_for_function(
        "() => ['opened', 'failed'].includes(document.getElementById('said').dataset.state)"
    )
    said = page.locator("#said").inner_text()
    page.evaluate("() => delete document.getElementById('said').dataset.state")
    assert "opened" in said, said
    runs = served.opened()
    assert len(runs) == before + 1, runs
    return runs[-1]


def test_a_save_shows_and_a_click_opens_the_editor_at_the_field(
    page: Any, project: Path, tmp_path: Path
) -> None:
    roltrap = project / "inputs/initiatives/mkb-roltrap.yaml"
    overview = project / "inputs/overview.yaml"
    with serving(project, tmp_path) as served:
        page.goto(served.url)
        first = painted(page, 0)
        assert "token=" not in page.url  # taken out of the address bar once the cookie is set
        box = page.locator("[data-proeve-page]").bounding_box()
        assert box["width"] / box["height"] == pytest.approx(210 / 297, abs=0.002)
        # The page is drawn as wide as its box, in device pixels: again when the box changes.
        sharp = (
            "() => document.getElementById('img').naturalWidth === window.proeve.width"
            " && window.proeve.version === window.proeve.state.version"
        )
        page.wait_for_function(sharp)
        assert page.evaluate("() => window.proeve.width") == round(box["width"])
        page.set_viewport_size({"width": 1000, "height": 900})
        page.wait_for_function("() => window.proeve.width < 700")
        page.wait_for_function(sharp)
        first = page.evaluate("() => window.proeve.version")

        # A save: the browser shows the new page without being asked.
        old_image = page.locator("#img").get_attribute("src")
        text = roltrap.read_text(encoding="utf-8")
        roltrap.write_text(text.replace("title: ", "title: Nieuwe ", 1), encoding="utf-8")
        second = painted(page, first)
        assert page.locator("#img").get_attribute("src") != old_image
        assert "Nieuwe" in pypdf.PdfReader(project / "output/preview.pdf").pages[0].extract_text()

        # A click on the goal's words opens the editor where the goal's text starts.
        click_field(page, project, "initiatives/mkb-roltrap:goal")
        line, col = value_start(roltrap, "goal")
        assert opened_after(page, served, 0) == f"{roltrap.resolve()}:{line}:{col}"
        hover = page.locator("#hover").inner_text()
        assert f"inputs/initiatives/mkb-roltrap.yaml:{line}:{col}" in hover

        # A matrix cell or a list item leads to its own line.
        click_field(page, project, "initiatives/mkb-roltrap:next_steps[1]")
        steps = roltrap.read_text(encoding="utf-8").splitlines()
        start = steps.index("next_steps:")
        item = [i for i in range(start + 1, len(steps)) if steps[i].lstrip().startswith("- ")][1]
        column = steps[item].index("- ") + 3
        assert opened_after(page, served, 1) == f"{roltrap.resolve()}:{item + 1}:{column}"

        # A cell of the cross-link matrix leads to the theme in the initiative's list.
        click_field(page, project, "initiatives/mkb-roltrap:themes[regio]")
        themes = next(i for i, ln in enumerate(steps) if ln.startswith("themes:"))
        column = steps[themes].index("regio") + 1
        assert opened_after(page, served, 2) == f"{roltrap.resolve()}:{themes + 1}:{column}"

        # Broken inputs: the error with its place, the last good page kept under it.
        good = overview.read_text(encoding="utf-8")
        overview.write_text(good.replace("title: ", "title: [", 1), encoding="utf-8")
        page.wait_for_function(
            f"() => window.proeve.state.version > {second} && !window.proeve.state.ok"
        )
        problems = page.locator("#problems").inner_text()
        assert "inputs/overview.yaml:2:8" in problems
        assert "not closed" in problems
        assert page.locator("#page.stale").count() == 1
        page.locator("#problems a").first.click()
        assert opened_after(page, served, 3) == f"{overview.resolve()}:2:8"

        # Fixed: the page comes back, the problems go.
        overview.write_text(good, encoding="utf-8")
        painted(page, second)
        page.wait_for_function("() => window.proeve.state.ok === true")
        assert page.locator("#page.stale").count() == 0
        assert page.locator("#problems-box.hidden").count() == 1

        # And back from the file: a line of the goal lights the goal's boxes.
        page.fill("#at", f"inputs/initiatives/mkb-roltrap.yaml:{line + 1}")
        page.click("#find button")
        page.wait_for_function("() => document.querySelectorAll('.region.lit').length > 0")
        lit = page.eval_on_selector_all(".region.lit", "boxes => boxes.map(b => b.dataset.field)")
        assert set(lit) == {"initiatives/mkb-roltrap:goal"}

        # An editor task asks the same from outside (token header): every open page shows it.
        status, _, _ = request(served, "POST", "/reveal", {"at": "inputs/overview.yaml:2"})
        assert status == 200
        page.wait_for_function(
            "() => [...document.querySelectorAll('.region.lit')]"
            ".every(b => b.dataset.field === 'overview:title')"
        )

        code, said = stop(served)
    assert code == 0
    assert "Traceback" not in said


def test_drafts_and_the_changes_between_two(page: Any, project: Path, tmp_path: Path) -> None:
    assert run_cli("build", project, "-m", "eerste").code == 0
    roltrap = project / "inputs/initiatives/mkb-roltrap.yaml"
    text = roltrap.read_text(encoding="utf-8")
    roltrap.write_text(text.replace("title: ", "title: Nieuwe ", 1), encoding="utf-8")
    assert run_cli("build", project, "-m", "tweede").code == 0
    with serving(project, tmp_path) as served:
        page.goto(served.url)
        painted(page, 0)
        page.wait_for_function("() => document.querySelectorAll('#drafts tr').length === 2")
        assert "tweede" in page.locator("#drafts").inner_text()
        page.select_option("#a", "1")
        page.select_option("#b", "2")
        page.click("#compare button")
        page.wait_for_function("() => document.querySelector('#changes ins') !== null")
        assert "Nieuwe" in page.locator("#changes ins").first.inner_text()
        page.wait_for_function(
            "() => { const m = document.getElementById('marked');"
            " return !m.classList.contains('hidden') && m.complete && m.naturalWidth > 0; }"
        )
        stop(served)


def test_a_page_too_long_shows_as_it_stands_with_the_cuts(
    page: Any, project: Path, tmp_path: Path
) -> None:
    from conftest import add_initiatives

    with serving(project, tmp_path) as served:
        page.goto(served.url)
        first = painted(page, 0)
        add_initiatives(project, 4, extra_text="Een lange uitleg die de kaart langer maakt. " * 2)
        page.wait_for_function("() => window.proeve.state.overflow === true")
        painted(page, first)
        assert "does not fit" in page.locator("#status").inner_text()
        assert "does not fit on one A4 page" in page.locator("#problems").inner_text()
        assert "cut" in page.locator("#cuts").inner_text()
        stop(served)
