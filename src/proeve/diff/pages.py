"""A proeve PDF's page and its embedded sources -> whether the page is what the sources build.

diff reads what changed from the sources; a page replaced while its sources
were kept would otherwise read as unchanged. The page is rendered again from
the fit diff already made and compared byte for byte; when the bytes differ,
what the two pages print is compared, readers' annotations aside (a
reviewer's annotated copy is the draft with comments, not a forgery:
proeve.pdf.pageprint), and only then are the two pages drawn (without
annotations) and their pixels compared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from proeve.diff.sides import Side
from proeve.frozen import Frozen

if TYPE_CHECKING:
    from proeve.chain import Fitted


class PageCheck(Frozen):
    """Whether a proeve PDF's page is what its embedded sources build with this proeve.

    `state`: "built" (the same bytes), "annotated" (the same page with
    reviewers' comments added: `comments` of them), "looks built" (other
    bytes, the same pixels: another writer or proeve version), "differs" (the
    page shows something its sources do not say: `changed` is the share of its
    pixels), or "unchecked" (the sources no longer build with this proeve: `why`).
    """

    label: str
    state: str
    changed: float = 0.0
    why: str = ""
    comments: int = 0
    path: str = ""  # the copy as given, for the command that lists its comments

    @property
    def problem(self) -> str | None:
        """The warning to give, if any."""
        if self.state == "differs":
            what = self.why or (
                f"{_share(self.changed)} of the page differs from the page built from them"
            )
            return (
                f"{self.label}: its page is NOT what its embedded sources build: {what}, so "
                "the changes listed (read from the sources) may not be what this page shows"
            )
        if self.state == "unchecked":
            return f"{self.label}: its page could not be checked against its sources ({self.why})"
        return None

    @property
    def remark(self) -> str | None:
        """What to say of the comments a reviewer's copy carries (not part of the diff)."""
        if not self.comments:
            return None
        from proeve.pdf.pageprint import carries_comments

        return carries_comments(self.label, self.comments, self.path or self.label)


def _share(part: float) -> str:
    return f"{part:.1%}" if part >= 0.001 else "less than 0.1%"


def check_page(side: Side, built: bytes | None, image: Any, unbuilt: str) -> PageCheck:
    """The page against the one its sources build: bytes first, then what the eye sees."""
    if built is None:
        return PageCheck(side.label, "unchecked", why=unbuilt or "no sources")
    if built == side.data:
        return PageCheck(side.label, "built")
    from proeve.diff.visual import compare_pages
    from proeve.pdf import raster
    from proeve.pdf.read import page_print

    printed, rebuilt = page_print(side.data, side.label), page_print(built, side.label)
    if printed.comments and printed.same_page(rebuilt):
        return PageCheck(side.label, "annotated", comments=printed.comments, path=str(side.path))
    if printed.others != rebuilt.others:  # pixels are drawn without annotations: say it here
        why = "it carries annotations that are not comments (links, form fields, drawings)"
        return PageCheck(side.label, "differs", changed=0.0001, why=why)
    visual = compare_pages(image, raster.draw(built, raster.DPI), raster.DPI)
    if visual.same:
        return PageCheck(side.label, "looks built", comments=printed.comments, path=str(side.path))
    return PageCheck(side.label, "differs", changed=max(visual.changed, 0.0001))


def rebuild_page(side: Side, fitted: Fitted | None) -> bytes | None:
    """The PDF the side's sources build with this proeve (None when they no longer build)."""
    from proeve.chain import embedded, render

    if fitted is None:
        return None
    assert side.attachments is not None
    manifest = embedded(side.attachments, side.label)[1]
    # As chain.rebuild: a draft made before the position map is rebuilt without one.
    positions = manifest.positions is not None
    return render(fitted, manifest.when, positions=positions,
                  toolchain=manifest.toolchain is not None).pdf  # fmt: skip
