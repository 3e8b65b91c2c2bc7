"""Tricky-but-valid and invalid input files, with proeve's own verdict on each.

The editors' tests (tests/test_editors.py) check that yaml-language-server and
check-jsonschema, reading YAML 1.2 against proeve's schemas, say the same. A case
is (name, kind, body): kind "overview" or "initiative", body the YAML without its
modeline. Cross-file references (a theme no overview defines) are out of reach of
a JSON Schema and are left out.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from proeve.errors import Collector, InputErrors
from proeve.inputs.load import decode, parse
from proeve.inputs.model import INITIATIVE_SPEC, OVERVIEW_SPEC
from proeve.inputs.spec import Context, Invalid

INITIATIVE = """\
title: Aanpak
summary: Eén regel.
status: idee
"""

OVERVIEW = """\
title: Overzicht
themes:
  - id: digitalisering
    label: Digitalisering
initiatives: [aanpak]
"""


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "overview" | "initiative"
    body: str
    note: str = ""

    @property
    def file(self) -> str:
        return f"case-{self.name}.yaml"


def _i(name: str, extra: str, base: str = INITIATIVE, note: str = "") -> Case:
    return Case(name, "initiative", base + extra, note)


def _o(name: str, extra: str, base: str = OVERVIEW, note: str = "") -> Case:
    return Case(name, "overview", base + extra, note)


CASES: list[Case] = [
    # ---- values YAML 1.2 reads as numbers, booleans or null; proeve keeps the text ----
    _i("figure-int", "figures:\n  - value: 4\n    label: partners\n"),
    _i("figure-octal-looking", "figures:\n  - value: 0755\n    label: x\n"),
    _i("figure-1.10", "figures:\n  - value: 1.10\n    label: x\n"),
    _i("figure-quoted", "figures:\n  - value: \"4\"\n    label: '0755'\n"),
    _i("figure-no-yes", "figures:\n  - value: no\n    label: yes\n  - value: on\n    label: off\n"),
    _i(
        "figure-true",
        "figures:\n  - value: true\n    label: False\n  - value: TRUE\n    label: x\n",
    ),
    _i(
        "figure-exotic-numbers",
        "figures:\n  - value: 1e3\n    label: 0x1F\n  - value: 0o17\n    label: .inf\n"
        "  - value: -5\n    label: +5\n  - value: .NaN\n    label: 1_000\n"
        "  - value: 0b11\n    label: 3.\n",
    ),
    _i("figure-12-digits", "figures:\n  - value: 123456789012\n    label: x\n"),
    _i("figure-time-like", "figures:\n  - value: 12:30\n    label: 1:20:00\n"),
    _i("title-number", "", base="title: 2024\nsummary: 1.10\nstatus: idee\n"),
    _i("title-bool", "", base="title: true\nsummary: no\nstatus: idee\n"),
    _i("title-quoted-tilde", "", base="title: '~'\nsummary: \"null\"\nstatus: idee\n"),
    _i("status-quoted", "", base="title: A\nsummary: B\nstatus: 'in uitvoering'\n"),
    _i("optional-tilde", "short_title: ~\ngoal: null\napproach:\n"),
    _i("optional-Null", "short_title: Null\ngoal: NULL\n"),
    _i("optional-lists-null", "partners: ~\nnext_steps:\nthemes: null\nleads:\nlinks: ~\n"),
    _i(
        "empty-lists",
        "partners: []\nnext_steps: []\nthemes: []\nleads: []\nlinks: []\nfigures: []\n",
    ),
    _i("partners-numbers", "partners:\n  - 4\n  - 0755\n  - no\n  - true\n  - 1.10\n"),
    _i("partners-flow", "partners: [4, 0755, no, 'yes', \"1.10\"]\n"),
    _i("theme-ids-numbers", "themes: [2024, 0755, 1e3, 0x1f, true]\n"),
    _i("status-english", "", base="title: A\nsummary: B\nstatus: in progress\n"),
    _i("link-to-number", "links:\n  - to: 0755\n    note: 4\n"),
    _i("lead-odd-values", "leads:\n  - name: 1.10\n    role: no\n    organisation: ~\n"),
    _i(
        "multiline",
        "goal: |\n  Regel een\n  regel twee: 4\napproach: >\n  gevouwen\n  tekst\n",
    ),
    _i(
        "summary-folded",
        "",
        base="title: A\nsummary: >-\n  een regel\n  over twee regels\nstatus: idee\n",
    ),
    _i("multiline-quoted", "goal: \"een\n  twee\"\napproach: 'drie\n\n  vier'\n"),
    _i("unicode", "goal: Café · 😀 — “quotes”\n"),
    _i("equals-and-merge", "goal: =\napproach: <<\n", note="YAML 1.1 value/merge keys as text"),
    _o("date-plain", "date: 2024-05-01\n"),
    _o("date-quoted", "date: '2024-05-01'\n"),
    _o("language-null", "language: ~\nslug: 2024\n"),
    _o("slug-octal", "slug: 0755\nkeywords: [4, no, 1.10, true]\n"),
    _o(
        "footer-odd",
        "footer:\n  more_info: 4\n  url: https://example.org/a?b=c#d\n  contact: no\nowner:\n"
        "  name: 1.10\n",
    ),
    _o("footer-url-iri", "footer:\n  url: https://café.example/ä\n"),
    _o("owner-null", "owner: ~\nfooter:\nintro: |\n  **vet** en *cursief*\n"),
    _o(
        "theme-id-number",
        "",
        base="title: T\nthemes:\n  - id: 2024\n    label: 4\ninitiatives: [0755, 1e3, true]\n",
    ),
    # ---- invalid: proeve rejects these; an editor should flag them ----
    _i("misspelt-key", "sumary: typo\n"),
    _i("misspelt-nested-key", "leads:\n  - nam: X\n"),
    _i("bad-status", "", base="title: A\nsummary: B\nstatus: klaar\n"),
    _i("status-number", "", base="title: A\nsummary: B\nstatus: 1\n"),
    _i("status-case", "", base="title: A\nsummary: B\nstatus: Idee\n"),
    _i("missing-title", "", base="summary: B\nstatus: idee\n"),
    _i("empty-title", "", base="title:\nsummary: B\nstatus: idee\n"),
    _i("null-title", "", base="title: ~\nsummary: B\nstatus: idee\n"),
    _i("Null-title", "", base="title: NULL\nsummary: B\nstatus: idee\n"),
    _i("partners-null-looking", "partners:\n  - ~\n  - Null\n"),
    _i("theme-id-null", "themes: [a, null]\n"),
    _i("status-dutch-case", "", base="title: A\nsummary: B\nstatus: In progress\n"),
    _i("partners-scalar", "partners: IPO\n"),
    _i("partners-nested-list", "partners:\n  - [a, b]\n"),
    _i("partners-empty-item", "partners:\n  - IPO\n  -\n"),
    _i("leads-string", "leads:\n  - Denis\n"),
    _i("figure-missing-label", "figures:\n  - value: 4\n"),
    _i("figure-too-long-quoted", "figures:\n  - value: '1234567890123'\n    label: x\n"),
    _i("figure-too-long-number", "figures:\n  - value: 1234567890123\n    label: x\n"),
    _i("theme-bad-id", "themes: [Bad Id]\n"),
    _i("theme-id-float", "themes: [1.5]\n"),
    _i("theme-id-negative", "themes: [-5]\n"),
    _i("link-bad-to", "links:\n  - to: Bad_Id\n    note: x\n"),
    _i("summary-too-long", "", base=f"title: A\nsummary: {'x' * 241}\nstatus: idee\n"),
    _i("summary-blank", "", base="title: A\nsummary: '   '\nstatus: idee\n"),
    _i("duplicate-key", "status: afgerond\n"),
    _i("goal-mapping", "goal:\n  a: b\n"),
    _o("date-invalid-day", "date: 2024-02-30\n"),
    _o("date-short", "date: 2024-5-1\n"),
    _o("date-words", "date: 1 mei 2024\n"),
    _o("date-number", "date: 20240501\n"),
    _o("url-ftp", "footer:\n  url: ftp://example.org\n"),
    _o("url-space", "footer:\n  url: 'https://a b'\n"),
    _o("url-quote", "footer:\n  url: 'https://a\"b'\n"),
    _o("language-de", "language: de\n"),
    _o("slug-bad", "slug: Bad Slug\n"),
    _o("missing-themes", "", base="title: T\ninitiatives: [a]\n"),
    # ---- a token quoted with spaces around it: refused by all, as typed (issue 21) ----
    _i("status-padded", "", base="title: A\nsummary: B\nstatus: 'idee '\n"),
    _i("theme-id-padded", "themes: [' digitalisering']\n"),
    _i("link-to-padded", "links:\n  - to: 'aanpak-twee '\n    note: x\n"),
    _o("date-padded", "date: ' 2024-05-01'\n"),
    _o("url-padded", "footer:\n  url: 'https://example.org '\n"),
    _o("language-padded", "language: 'nl '\n"),
]


def proeve_issues(case: Case) -> list[str]:
    """proeve's own per-file verdict: [] if it accepts the file."""
    name = "inputs/overview.yaml" if case.kind == "overview" else f"inputs/initiatives/{case.file}"
    spec = OVERVIEW_SPEC if case.kind == "overview" else INITIATIVE_SPEC
    issues = Collector()
    try:
        node = parse(decode(name, case.body.encode()))
    except InputErrors as exc:
        return [str(i) for i in exc.issues]
    with contextlib.suppress(Invalid):
        spec.read(node, Context(name, issues), "")
    return [str(i) for i in issues.issues]
