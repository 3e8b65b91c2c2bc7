"""Measure `proeve verify` on an archive of 100 drafts, and what PDF/A costs in a cold build.

Run: python bench/archive.py [--drafts N] [--runs N]. It prints; it is never a test.
- verify: cold `proeve verify` of the OCFL archive and of the output folder, in
  total and per draft, and where a draft's time goes (in-process means).
- PDF/A in a cold build: `proeve preview` as it is, against the same command with
  the PDF/A objects left out (XMP, output intent, /AF, file ID, the endstream fix;
  the sources are still embedded). Also what a pikepdf post-processing pass would
  add, the road not taken.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PROEVE, cold, example_copy

# `proeve preview` with the PDF/A objects left out: Info and the embedded files only.
WITHOUT_PDFA = """
import sys
sys.path.insert(0, {bench!r})
import archive
archive.leave_out_pdfa()
from proeve.cli import main
main(["preview", sys.argv[1]])
"""


def leave_out_pdfa() -> None:
    """Make proeve write Info and embedded files only: the baseline that PDF/A is measured on."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFString

    from proeve.pdf import write as pdfa

    def apply(canvas: Any, meta: Any, attachments: list[Any]) -> None:
        canvas.setTitle(meta.title)
        doc = canvas._doc
        names: list[Any] = []
        for attachment in sorted(attachments, key=lambda a: a.name):
            spec = pdfa._filespec(doc, attachment, meta)
            del spec.dict["AFRelationship"]
            names += [PDFString(attachment.name), doc.Reference(spec)]
        files = PDFDictionary({"Names": PDFArray(names)})
        doc.Catalog.Names = PDFDictionary({"EmbeddedFiles": files})

    pdfa.apply = apply
    pdfa.save = lambda canvas: canvas.save()


def build_drafts(project: Path, count: int) -> float:
    """Write `count` drafts, each from changed sources; returns the seconds per draft."""
    from proeve.drafts.build import build_draft

    overview = project / "inputs" / "overview.yaml"
    start = time.perf_counter()
    for number in range(1, count + 1):
        overview.write_text(overview.read_text("utf-8") + f"# ronde {number}\n", "utf-8")
        when = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(hours=number)
        build_draft(project, message=f"ronde {number}", now=when)
    return (time.perf_counter() - start) / count


def timed(what: object, runs: int = 1) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        what()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def verify_figures(project: Path, archive_root: Path, count: int, runs: int) -> list[str]:
    from proeve.archive.add import archive

    first = timed(lambda: archive(project, archive_root))
    again = timed(lambda: archive(project, archive_root), 3)
    in_archive = cold([PROEVE, "verify", str(archive_root)], runs)
    in_output = cold([PROEVE, "verify", str(project / "output")], runs)
    rows = [
        (f"archive {count} drafts, new root", first, count),
        ("archive again, nothing new", again, 0),
        ("cold verify, archive", in_archive, count),
        ("cold verify, output/ + preview", in_output, count + 1),
    ]
    inventory = next(archive_root.glob("*/inventory.json"))
    return [
        *(
            f"{name:32} {seconds:7.3f} s" + (f"  {seconds / n * 1000:6.1f} ms per PDF" if n else "")
            for name, seconds, n in rows
        ),
        f"the object's inventory.json      {inventory.stat().st_size / 1024:7.0f} KiB",
    ]


def per_draft_parts(project: Path, runs: int = 20) -> list[str]:
    """Where one draft's verification time goes, measured in-process."""
    from proeve.pdf.conformance import check_pdf
    from proeve.verify import Draft, _rebuild

    data = next(iter(sorted((project / "output").glob("*-v*.pdf")))).read_bytes()
    parts = [
        ("sha512 (fixity)", lambda: hashlib.sha512(data).digest()),
        ("PDF/A rules (pdfsyntax + conformance)", lambda: check_pdf(data, "x")),
        ("read sources + rebuild + compare", lambda: _rebuild(Draft("x", data))),
    ]
    return [f"  {name:38} {timed(job, runs) * 1000:7.1f} ms" for name, job in parts]


def pdfa_figures(project: Path, runs: int) -> list[str]:
    """PDF/A's share of a build: in-process (precise) and in cold processes (what a user waits)."""
    from proeve.chain import gather, make_pdf
    from proeve.pdf import write as pdfa

    sources, template = gather(project)
    real = (pdfa.apply, pdfa.save)
    warm_with, warm_without = [], []
    for _ in range(runs * 3):  # alternated, so drift hits both alike
        pdfa.apply, pdfa.save = real
        warm_with.append(timed(lambda: make_pdf(sources, template)))
        leave_out_pdfa()
        warm_without.append(timed(lambda: make_pdf(sources, template)))
    pdfa.apply, pdfa.save = real
    plain = [sys.executable, "-c", WITHOUT_PDFA.format(bench=str(Path(__file__).parent))]
    cold_with, cold_without = [], []
    for _ in range(runs):
        cold_with.append(cold([PROEVE, "preview", str(project)], 1))
        cold_without.append(cold([*plain, str(project)], 1))
    pdf = project / "output" / "preview.pdf"
    post = cold([sys.executable, "-c", _PIKEPDF_PASS, str(pdf)], runs)
    bare = cold([sys.executable, "-c", "pass"], runs)
    imported = cold([sys.executable, "-c", "import pikepdf"], runs)
    return [
        *_compare("build in-process", warm_with, warm_without),
        *_compare("cold proeve preview", cold_with, cold_without),
        f"the PDF/A-3b page is {pdf.stat().st_size // 1024} KiB",
        f"a pikepdf open+save pass would add  {(post - bare) * 1000:+7.1f} ms "
        f"(of which import pikepdf {(imported - bare) * 1000:.0f} ms)",
    ]


def _compare(what: str, with_pdfa: list[float], without: list[float]) -> list[str]:
    a, b = statistics.median(with_pdfa), statistics.median(without)
    return [
        f"{what}, PDF/A-3b      {a * 1000:7.1f} ms",
        f"{what}, no PDF/A      {b * 1000:7.1f} ms   PDF/A adds {(a - b) * 1000:+.1f} ms "
        f"({(a - b) / b:+.1%})",
    ]


_PIKEPDF_PASS = """
import sys, io, pikepdf
with pikepdf.open(sys.argv[1]) as pdf:
    pdf.save(io.BytesIO(), deterministic_id=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3, help="cold runs of each verify")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = example_copy(Path(tmp) / "project")
        per_build = build_drafts(project, args.drafts)
        print(f"built {args.drafts} drafts in-process, {per_build * 1000:.0f} ms each")
        for line in verify_figures(project, Path(tmp) / "archive", args.drafts, args.runs):
            print(line)
        print("one draft's verification, in-process:")
        for line in per_draft_parts(project):
            print(line)
        for line in pdfa_figures(example_copy(Path(tmp) / "cold"), max(args.runs * 5, 15)):
            print(line)


if __name__ == "__main__":
    main()
