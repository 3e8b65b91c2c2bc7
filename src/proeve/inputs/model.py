"""Input files -> one typed, cross-checked Document (the only validation boundary).

Every input field is declared once, here: its type, its kind of value (which
says how it is read and how it looks in the JSON Schema), what it means, and
where the page prints it. The spec that reads the files, `proeve schema`, the
diff's field list and the review page's marks are all derived from these
declarations (`spec.keys_of`), so a new field cannot be missed by any of them.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath
from typing import Any

from proeve.errors import Collector, InputErrors, Location
from proeve.frozen import Frozen, field
from proeve.inputs.load import decode, read_tree
from proeve.inputs.names import source_name
from proeve.inputs.sources import Sources
from proeve.inputs.spec import (
    ID,
    Choice,
    Context,
    Date,
    Invalid,
    Pattern,
    Ref,
    Seq,
    Struct,
    Text,
    Url,
    did_you_mean,
    key,
)

INITIATIVE_STATUSES = ("idee", "verkenning", "in uitvoering", "afgerond")
# The same statuses in English words, for documents written in English: read as the
# Dutch id above, printed through the template's labels in the document's language.
STATUS_SYNONYMS = (
    ("idea", "idee"),
    ("exploring", "verkenning"),
    ("in progress", "in uitvoering"),
    ("completed", "afgerond"),
)
STATUS_MEANINGS = (
    "an idea: not yet worked out",
    "being explored: partners, aim and approach are taking shape",
    "under way: the approach is being carried out",
    "done: the initiative has finished",
)
OVERVIEW = "inputs/overview.yaml"
INITIATIVES = "inputs/initiatives/"

# A key's `shows` names the block of the page that prints it: "header", "intro", "card",
# "crosslinks" or "footer" (page/layout.py's block kinds), or "page" for all of them;
# without it, the value is not printed.

_LINE = Text(one_line=True, max_length=200)
_PARA = Text(max_length=2000)


class Person(Frozen):
    name: str = field(metadata=key(_LINE, "Full name"))
    role: str | None = field(
        default=None, metadata=key(_LINE, "Role, e.g. 'trekker' or 'programmamanager'")
    )
    organisation: str | None = field(default=None, metadata=key(_LINE, "Organisation or city"))

    def text(self) -> str:
        """As printed: 'name (role, organisation)'."""
        extra = ", ".join(v for v in (self.role, self.organisation) if v)
        return f"{self.name} ({extra})" if extra else self.name


class Figure(Frozen):
    value: str = field(metadata=key(Text(one_line=True, max_length=12), "The number, e.g. '80'"))
    label: str = field(metadata=key(Text(one_line=True, max_length=60), "What it counts"))

    def text(self) -> str:
        return f"{self.value} {self.label}"


class Link(Frozen):
    to: str = field(metadata=key(Ref("initiative"), "id of the other initiative"))
    note: str = field(metadata=key(Text(one_line=True, max_length=240), "What connects them"))


class Theme(Frozen):
    id: str = field(metadata=key(ID, "Short id used by initiatives"))
    label: str = field(metadata=key(Text(one_line=True, max_length=40), "Printed label"))


class Footer(Frozen):
    more_info: str | None = field(
        default=None, metadata=key(_LINE, "Where to find more, e.g. 'Pijler Economie & werk'")
    )
    url: str | None = field(default=None, metadata=key(Url(), "http(s) address printed as a link"))
    contact: str | None = field(default=None, metadata=key(_LINE, "Contact line"))


PERSON = Struct.of(Person)
FIGURE = Struct.of(Figure)
LINK = Struct.of(Link)
THEME = Struct.of(Theme)
FOOTER = Struct.of(Footer)


class Initiative(Frozen):
    """One initiative: a card on the page, and its row in the cross-links."""

    id: str  # the file name's stem, not a key in the file
    title: str = field(
        metadata=key(
            Text(one_line=True, max_length=80), "Name of the initiative (card title)", "card"
        )
    )
    summary: str = field(
        metadata=key(Text(one_line=True, max_length=240), "One line", shows="card")
    )
    status: str = field(
        metadata=key(
            Choice(INITIATIVE_STATUSES, STATUS_SYNONYMS, STATUS_MEANINGS),
            "idee | verkenning | in uitvoering | afgerond (or idea, exploring, in progress, "
            "completed)",
            "card",
        )
    )
    short_title: str | None = field(
        default=None,
        metadata=key(
            Text(one_line=True, max_length=40), "Shorter name for the matrix", "crosslinks"
        ),
    )
    leads: tuple[Person, ...] = field(
        default=(),
        metadata=key(Seq(PERSON, max_items=8), "Who leads it: name, role, organisation", "card"),
    )
    partners: tuple[str, ...] = field(
        default=(), metadata=key(Seq(_LINE, max_items=30), "Partner organisations", "card")
    )
    goal: str | None = field(
        default=None, metadata=key(_PARA, "What it wants to achieve; **bold**, *italic*", "card")
    )
    approach: str | None = field(
        default=None, metadata=key(_PARA, "How it works; **bold**, *italic*", "card")
    )
    figures: tuple[Figure, ...] = field(
        default=(), metadata=key(Seq(FIGURE, max_items=6), "Key figures", "card")
    )
    next_steps: tuple[str, ...] = field(
        default=(),
        metadata=key(
            Seq(Text(one_line=True, max_length=300), max_items=10), "Next steps, one a line", "card"
        ),
    )
    themes: tuple[str, ...] = field(
        default=(),
        metadata=key(
            Seq(Ref("theme"), max_items=12),
            "Theme ids from overview.yaml (a mark in the cross-link matrix)",
            "crosslinks",
            "matrix",
        ),
    )
    links: tuple[Link, ...] = field(
        default=(),
        metadata=key(
            Seq(LINK, max_items=12), "Cross-links to other initiatives", "crosslinks", "links"
        ),
    )

    @property
    def label(self) -> str:
        """The name used where space is short (matrix rows, cross-links)."""
        return self.short_title or self.title


class Document(Frozen):
    """The whole page: the overview's fields and the initiatives in page order."""

    title: str = field(
        metadata=key(Text(one_line=True, max_length=120), "Document title", "header")
    )
    subtitle: str | None = field(
        default=None,
        metadata=key(Text(one_line=True, max_length=200), "Line under the title", "header"),
    )
    organisation: str | None = field(
        default=None, metadata=key(_LINE, "Network, pillar or organisation", "header")
    )
    owner: Person | None = field(
        default=None, metadata=key(PERSON, "Who keeps the document (editor)", "header")
    )
    date: dt.date | None = field(
        default=None, metadata=key(Date(), "Date printed on the page (YYYY-MM-DD)", "header")
    )
    language: str = field(
        default="nl",
        metadata=key(
            Choice(
                ("nl", "en"),
                meanings=("Dutch labels and hyphenation", "English labels and hyphenation"),
            ),
            "Language of the page labels",
            "page",
        ),
    )
    slug: str | None = field(
        default=None,
        metadata=key(
            Pattern(r"[a-z0-9][a-z0-9-]{0,59}", "a slug of lowercase letters, digits, '-'")
        ),
    )
    intro: str | None = field(
        default=None, metadata=key(_PARA, "Introduction; **bold** and *italic* allowed", "intro")
    )
    keywords: tuple[str, ...] = field(
        default=(), metadata=key(Seq(_LINE, max_items=20), "Keywords in the PDF's metadata")
    )
    embed_comments: str = field(
        default="true",
        metadata=key(
            Choice(("false", "true")),
            "Whether each draft carries the YAML files' comments (false: every comment is "
            "left out of the PDF, its line kept)",
        ),
    )
    no_hyphenation: tuple[str, ...] = field(
        default=(),
        metadata=key(
            Seq(Text(one_line=True, max_length=60), max_items=200),
            "Words never broken at a line end: names, acronyms (e.g. Crompvoets, MKB-roltrap)",
            "page",
        ),
    )
    themes: tuple[Theme, ...] = field(
        default=(),
        metadata=key(
            Seq(THEME, max_items=12, unique=lambda t: t.id),
            "Themes of the cross-link matrix",
            "crosslinks",
            "keyed",
            required=True,
        ),
    )
    order: tuple[str, ...] = field(
        default=(),
        metadata=key(
            Seq(Ref("initiative"), max_items=24, unique=str, min_items=1),
            "Initiative ids in page order (files inputs/initiatives/<id>.yaml)",
            "crosslinks",
            "order",
            name="initiatives",
            required=True,
        ),
    )
    footer: Footer = field(
        default=Footer(),
        metadata=key(FOOTER, "The foot of the page: more info, link, contact", "footer"),
    )
    initiatives: tuple[Initiative, ...] = ()  # from their own files, in `order`

    def initiative(self, initiative_id: str) -> Initiative:
        return next(i for i in self.initiatives if i.id == initiative_id)


OVERVIEW_SPEC = Struct.of(Document, "proeve overview: inputs/overview.yaml", make=dict)
INITIATIVE_SPEC = Struct.of(
    Initiative, "proeve initiative: inputs/initiatives/<id>.yaml", make=dict
)


def read_document(sources: Sources) -> Document:
    """Validate every input file and the cross-references; raise InputErrors listing all.

    Cross-references are checked in the same run as everything else, against
    what could be read: a theme id only when the overview's themes read cleanly,
    so that one broken theme does not make every initiative that names it wrong too.
    """
    issues = Collector()
    refs: list[tuple[str, str, Location]] = []
    overview = _read(sources, OVERVIEW, OVERVIEW_SPEC, issues, refs)
    initiatives: dict[str, dict[str, Any]] = {}
    files: dict[str, str] = {}
    for name in sources.names():
        if not name.startswith(INITIATIVES):
            continue
        stem = PurePosixPath(name).stem
        files[stem] = name
        if not re.fullmatch(ID.regex, stem):
            message = "file name must be an id (lowercase letters, digits, '-') plus .yaml"
            issues.add(Location(name, 1, 1), message)
            continue
        try:
            source_name(name)
        except ValueError as exc:
            issues.add(Location(name, 1, 1), f"file name {exc}; rename it")
            continue
        data = _read(sources, name, INITIATIVE_SPEC, issues, refs)
        if data is not None:
            initiatives[stem] = data
    _check_refs(overview, files, refs, issues)
    issues.raise_if_any()
    if overview is None:
        raise AssertionError("unreachable: overview failed without an issue")
    return _assemble(overview, initiatives)


def _read(
    sources: Sources,
    name: str,
    spec: Struct,
    issues: Collector,
    refs: list[tuple[str, str, Location]],
) -> dict[str, Any] | None:
    """A file's values; on problems (reported to `issues`) what could be read, or None."""
    if name not in sources:
        issues.add(Location(name), "file is missing")
        return None
    try:
        node = read_tree(name, sources[name])
    except InputErrors as exc:
        issues.issues.extend(exc.issues)
        return None
    ctx = Context(name, issues, decode(name, sources[name]).text)
    try:
        data: dict[str, Any] = spec.read(node, ctx, "")
    except Invalid as exc:
        return exc.partial
    finally:
        refs.extend((ns, value, loc) for ns, value, loc in ctx.refs)
    return data


def _check_refs(
    overview: dict[str, Any] | None,
    files: dict[str, str],
    refs: list[tuple[str, str, Location]],
    issues: Collector,
) -> None:
    broken = {_top(i.field) for i in issues.issues if i.where.file == OVERVIEW}
    known: dict[str, set[str] | None] = {"initiative": set(files), "theme": None}
    if overview is not None and "themes" not in broken and "themes" in overview:
        known["theme"] = {t.id for t in overview["themes"]}
    for namespace, value, location in refs:
        names = known[namespace]
        if namespace == "initiative" and files.get(value) == location.file:
            issues.add(location, f"initiative {value!r} links to itself")
        elif names is not None and value not in names:
            options = ", ".join(sorted(names)) or "none defined"
            where_defined = (
                "themes in overview.yaml" if namespace == "theme" else "initiative files"
            )
            close = did_you_mean(value, sorted(names))
            hint = f"did you mean {close!r}? " if close else ""
            message = f"no {namespace} with id {value!r} ({hint}{where_defined}: {options})"
            issues.add(location, message)
    if overview is None or "initiatives" in broken or "order" not in overview:
        return
    order = list(overview["order"])
    for stem, name in sorted(files.items()):
        if stem not in order:
            issues.add(
                Location(name, 1, 1),
                f"initiative {stem!r} is not listed under initiatives in {OVERVIEW}",
            )


def _top(field: str) -> str:
    """The top-level key of a field path: 'themes' for 'themes[0].id'."""
    return re.split(r"[.\[]", field, maxsplit=1)[0]


def _assemble(overview: dict[str, Any], initiatives: dict[str, dict[str, Any]]) -> Document:
    ordered = tuple(Initiative(id=i, **initiatives[i]) for i in overview["order"])
    return Document(initiatives=ordered, **overview)
