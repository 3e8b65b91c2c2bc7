"""Input files -> one typed, cross-checked Document (the only validation boundary)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from proeve.errors import Collector, InputErrors, Location
from proeve.inputs.load import decode, parse
from proeve.inputs.sources import Sources
from proeve.inputs.spec import (
    ID,
    Choice,
    Context,
    Date,
    Field,
    Invalid,
    Pattern,
    Record,
    Ref,
    Seq,
    Text,
    Url,
)

STATUSES = ("idee", "verkenning", "in uitvoering", "afgerond")
OVERVIEW = "inputs/overview.yaml"
INITIATIVES = "inputs/initiatives/"


@dataclass(frozen=True)
class Person:
    name: str
    role: str | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class Figure:
    value: str
    label: str


@dataclass(frozen=True)
class Link:
    to: str
    note: str


@dataclass(frozen=True)
class Theme:
    id: str
    label: str


@dataclass(frozen=True)
class Footer:
    more_info: str | None = None
    url: str | None = None
    contact: str | None = None


@dataclass(frozen=True)
class Initiative:
    id: str
    title: str
    summary: str
    status: str
    short_title: str | None = None
    leads: tuple[Person, ...] = ()
    partners: tuple[str, ...] = ()
    goal: str | None = None
    approach: str | None = None
    figures: tuple[Figure, ...] = ()
    next_steps: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()

    @property
    def label(self) -> str:
        """The name used where space is short (matrix rows, cross-links)."""
        return self.short_title or self.title


@dataclass(frozen=True)
class Document:
    title: str
    language: str
    themes: tuple[Theme, ...]
    initiatives: tuple[Initiative, ...]
    subtitle: str | None = None
    organisation: str | None = None
    owner: Person | None = None
    date: dt.date | None = None
    slug: str | None = None
    intro: str | None = None
    keywords: tuple[str, ...] = ()
    footer: Footer = Footer()

    def initiative(self, initiative_id: str) -> Initiative:
        return next(i for i in self.initiatives if i.id == initiative_id)


_LINE = Text(one_line=True, max_length=200)
_PARA = Text(max_length=2000)

PERSON = Record(
    Person,
    {
        "name": Field(_LINE, required=True, doc="Full name"),
        "role": Field(_LINE, doc="Role, e.g. 'trekker' or 'programmamanager'"),
        "organisation": Field(_LINE, doc="Organisation or city"),
    },
)
FIGURE = Record(
    Figure,
    {
        "value": Field(
            Text(one_line=True, max_length=12), required=True, doc="The number, e.g. '80'"
        ),
        "label": Field(Text(one_line=True, max_length=60), required=True, doc="What it counts"),
    },
)
LINK = Record(
    Link,
    {
        "to": Field(Ref("initiative"), required=True, doc="id of the other initiative"),
        "note": Field(Text(one_line=True, max_length=240), required=True, doc="What connects them"),
    },
)
THEME = Record(
    Theme,
    {
        "id": Field(ID, required=True, doc="Short id used by initiatives"),
        "label": Field(Text(one_line=True, max_length=40), required=True, doc="Printed label"),
    },
)
FOOTER = Record(
    Footer,
    {
        "more_info": Field(_LINE, doc="Where to find more, e.g. 'Pijler Economie & werk'"),
        "url": Field(Url(), doc="http(s) address printed as a link"),
        "contact": Field(_LINE, doc="Contact line"),
    },
)
OVERVIEW_SPEC = Record(
    lambda **v: v,
    {
        "title": Field(Text(one_line=True, max_length=120), required=True, doc="Document title"),
        "subtitle": Field(Text(one_line=True, max_length=200)),
        "organisation": Field(_LINE, doc="Network, pillar or organisation"),
        "owner": Field(PERSON, doc="Who keeps the document (editor)"),
        "date": Field(Date(), doc="Date printed on the page (YYYY-MM-DD)"),
        "language": Field(Choice(("nl", "en")), default="nl", doc="Language of the page labels"),
        "slug": Field(
            Pattern(r"[a-z0-9][a-z0-9-]{0,59}", "a slug of lowercase letters, digits, '-'")
        ),
        "intro": Field(_PARA, doc="Introduction; **bold** and *italic* allowed"),
        "keywords": Field(Seq(_LINE, max_items=20), default=()),
        "themes": Field(
            Seq(THEME, max_items=12, unique=lambda t: t.id),
            required=True,
            doc="Themes of the cross-link matrix",
        ),
        "initiatives": Field(
            Seq(Ref("initiative"), max_items=24, unique=str),
            required=True,
            doc="Initiative ids in page order (files inputs/initiatives/<id>.yaml)",
        ),
        "footer": Field(FOOTER, default=Footer()),
    },
    doc="proeve overview: inputs/overview.yaml",
)
INITIATIVE_SPEC = Record(
    lambda **v: v,
    {
        "title": Field(Text(one_line=True, max_length=80), required=True),
        "short_title": Field(Text(one_line=True, max_length=40), doc="Shorter name for the matrix"),
        "summary": Field(Text(one_line=True, max_length=240), required=True, doc="One line"),
        "status": Field(Choice(STATUSES), required=True),
        "leads": Field(Seq(PERSON, max_items=8), default=()),
        "partners": Field(Seq(_LINE, max_items=30), default=()),
        "goal": Field(_PARA),
        "approach": Field(_PARA),
        "figures": Field(Seq(FIGURE, max_items=6), default=(), doc="Key figures"),
        "next_steps": Field(Seq(Text(one_line=True, max_length=300), max_items=10), default=()),
        "themes": Field(Seq(Ref("theme"), max_items=12), default=()),
        "links": Field(Seq(LINK, max_items=12), default=(), doc="Cross-links to other initiatives"),
    },
    doc="proeve initiative: inputs/initiatives/<id>.yaml",
)


def read_document(sources: Sources) -> Document:
    """Validate every input file and the cross-references; raise InputErrors listing all."""
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
        data = _read(sources, name, INITIATIVE_SPEC, issues, refs)
        if data is not None:
            initiatives[stem] = data
    if overview is None:
        issues.raise_if_any()
        raise AssertionError("unreachable: overview failed without an issue")
    _check_refs(overview, files, refs, issues)
    issues.raise_if_any()
    return _assemble(overview, initiatives)


def _read(
    sources: Sources,
    name: str,
    spec: Record,
    issues: Collector,
    refs: list[tuple[str, str, Location]],
) -> dict[str, Any] | None:
    if name not in sources:
        issues.add(Location(name), "file is missing")
        return None
    try:
        node = parse(decode(name, sources[name]))
    except InputErrors as exc:
        issues.issues.extend(exc.issues)
        return None
    ctx = Context(name, issues)
    try:
        data: dict[str, Any] = spec.read(node, ctx, "")
    except Invalid:
        return None
    finally:
        refs.extend((ns, value, loc) for ns, value, loc in ctx.refs)
    return data


def _check_refs(
    overview: dict[str, Any],
    files: dict[str, str],
    refs: list[tuple[str, str, Location]],
    issues: Collector,
) -> None:
    themes = [t.id for t in overview["themes"]]
    known = {"theme": set(themes), "initiative": set(files)}
    for namespace, value, location in refs:
        if namespace == "initiative" and files.get(value) == location.file:
            issues.add(location, f"initiative {value!r} links to itself")
        elif value not in known[namespace]:
            options = ", ".join(sorted(known[namespace])) or "none defined"
            where_defined = (
                "themes in overview.yaml" if namespace == "theme" else "initiative files"
            )
            issues.add(location, f"no {namespace} with id {value!r} ({where_defined}: {options})")
    order = list(overview["initiatives"])
    for stem, name in sorted(files.items()):
        if stem not in order:
            issues.add(
                Location(name, 1, 1),
                f"initiative {stem!r} is not listed under initiatives in {OVERVIEW}",
            )


def _assemble(overview: dict[str, Any], initiatives: dict[str, dict[str, Any]]) -> Document:
    ordered = []
    for initiative_id in overview.pop("initiatives"):
        data = initiatives[initiative_id]
        ordered.append(Initiative(id=initiative_id, **data))
    return Document(initiatives=tuple(ordered), **overview)
