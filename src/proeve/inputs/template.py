"""A template name or path -> a validated Template (page geometry, font, sizes, colours, labels)."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any

from proeve.errors import Collector, InputErrors, InputIssue, Location, UsageError
from proeve.frozen import Frozen, fields, replace
from proeve.inputs.load import decode, parse, where
from proeve.inputs.names import source_name
from proeve.inputs.spec import (
    Choice,
    Context,
    Invalid,
    Key,
    Kind,
    Number,
    Pattern,
    Seq,
    Struct,
    Text,
)

FONTS = ("source-sans", "vera")
_NAME = r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}"


class Page(Frozen):
    margin_top_mm: float
    margin_right_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    columns: int
    gutter_mm: float


class Sizes(Frozen):
    body_min: float
    body_max: float
    step: float
    title: float
    subtitle: float


class Colours(Frozen):
    accent: str
    accent_light: str
    text: str
    muted: str
    rule: str
    card: str
    watermark: str


class Labels(Frozen):
    leads: str
    partners: str
    goal: str
    approach: str
    next_steps: str
    crosslinks: str
    matrix_corner: str
    links: str
    more_info: str
    contact: str
    preview: str
    draft: str
    final: str
    watermark: str
    sources: str
    status_idee: str
    status_verkenning: str
    status_in_uitvoering: str
    status_afgerond: str
    months: tuple[str, ...]
    # How a matrix cell reads aloud (its dot is only seen); templates may leave them out.
    matrix_yes: str = "yes"
    matrix_no: str = "no"
    continued: str = "continued"  # the mark on a card going on in the next column

    def status(self, value: str) -> str:
        return str(getattr(self, "status_" + value.replace(" ", "_")))

    def date(self, day: Any) -> str:
        return f"{day.day} {self.months[day.month - 1]} {day.year}"


class Template(Frozen):
    name: str
    page: Page
    font: str
    sizes: Sizes
    colours: Colours
    labels: dict[str, Labels]
    logo: str | None = None
    logo_alt: str | None = None


def _record(cls: type[Frozen], kind: Kind | dict[str, Kind]) -> Struct:
    """Every field of `cls` a required key, of one kind or of kinds by name."""
    kinds = kind if isinstance(kind, dict) else {f.name: kind for f in fields(cls)}
    return Struct(cls, {f.name: Key(kinds[f.name], required=True) for f in fields(cls)})


_MM = Number(0, 60)
_PT = Number(4, 72)
_BODY = Number(6, 72)  # body text under 6 pt does not read on paper
_SIZES = {"step": Number(0.05, 2), "body_min": _BODY, "body_max": _BODY}
_COLOUR = Pattern(r"#[0-9A-Fa-f]{6}", "a colour written #RRGGBB")
_LABEL = Text(one_line=True, max_length=60)
_MONTHS = Seq(_LABEL, 12, min_items=12)  # one name for each month, January first
_LABELS = _record(Labels, {**{f.name: _LABEL for f in fields(Labels)}, "months": _MONTHS})
# Labels added later have a default per language, so that older templates stay valid.
_ANSWERS = {"nl": ("ja", "nee"), "en": ("yes", "no")}
_CONTINUED = {"nl": "vervolg", "en": "continued"}


def _labels(language: str) -> Struct:
    yes, no = _ANSWERS[language]
    keys = dict(_LABELS.fields)
    keys["matrix_yes"] = Key(_LABEL, default=yes, doc="a matrix cell with a dot, read aloud")
    keys["matrix_no"] = Key(_LABEL, default=no, doc="a matrix cell without one, read aloud")
    keys["continued"] = Key(
        _LABEL, default=_CONTINUED[language], doc="the mark on a card going on in the next column"
    )
    return Struct(Labels, keys)


SPEC = Struct(
    Template,
    {
        "name": Key(Pattern(_NAME, "a template name"), required=True),
        "page": Key(
            _record(Page, {**{f.name: _MM for f in fields(Page)}, "columns": Number(1, 3, True)}),
            required=True,
        ),
        "font": Key(Choice(FONTS), required=True),
        "sizes": Key(
            _record(Sizes, {**{f.name: _PT for f in fields(Sizes)}, **_SIZES}),
            required=True,
        ),
        "colours": Key(_record(Colours, _COLOUR), required=True),
        "labels": Key(Struct(dict, {lang: Key(_labels(lang), True) for lang in _ANSWERS}), True),
        "logo": Key(Pattern(r"[^\s]{1,200}", "a path inside the project folder")),
        "logo_alt": Key(
            Text(one_line=True, max_length=200),
            doc="what the logo shows, for readers who cannot see it (required with logo)",
        ),
    },
    doc="proeve page template",
)


def builtin_dir() -> Path:
    """The templates shipped with proeve (in a wheel) or beside the source tree (in a checkout)."""
    packaged = Path(__file__).parents[1] / "_templates"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[3] / "templates"


def locate(choice: str, project: Path) -> tuple[str, Path]:
    """Resolve `--template NAME|PATH` to (source name, file path).

    A path given outside the project is the user's choice; a template in the
    project (by name, or a path into it) must stay inside it, as every file read
    there (proeve.inputs.root `leads_out`).
    """
    if choice.endswith((".yaml", ".yml")) or "/" in choice:
        path = Path(choice)
        name = f"templates/{path.stem}.yaml"
        _inside_if_in(project, path, name)
        if not path.is_file():
            raise UsageError(f"template file {choice} not found")
        return _embedded_name(path.stem, choice), path
    if not re.fullmatch(_NAME, choice):
        raise UsageError(f"template name {choice!r} is not a name or a .yaml path")
    name = _embedded_name(choice, choice)
    _inside_if_in(project, project / name, name)
    for folder in (project / "templates", builtin_dir()):
        candidate = folder / f"{choice}.yaml"
        if candidate.is_file():
            return name, candidate
    known = sorted(p.stem for p in builtin_dir().glob("*.yaml"))
    raise UsageError(f"no template {choice!r} (built in: {', '.join(known)})")


def _embedded_name(stem: str, choice: str) -> str:
    """The name a template is embedded as, by the one rule for names (proeve.inputs.names)."""
    try:
        return source_name(f"templates/{stem}.yaml")
    except ValueError as exc:
        raise UsageError(f"template {choice}: its name {exc} (the name is embedded in every "
                         "PDF); rename the file") from None  # fmt: skip


def _inside_if_in(project: Path, path: Path, name: str) -> None:
    """Refuse a template path that lies in the project but leads out of it (a link)."""
    from proeve.inputs.root import leads_out

    # Lexically (abspath folds '..'): where the path is written, before any link is followed.
    here, root = os.path.abspath(path), os.path.abspath(project)  # noqa: PTH100
    if os.path.commonpath([here, root]) != root or not os.path.lexists(here):
        return
    reason = leads_out(Path(root), os.path.relpath(here, root))
    if reason:
        message = f"{reason}; proeve reads only files inside the project"
        raise InputErrors([InputIssue(Location(name, 1, 1), message)])


def read_bytes(path: Path, name: str) -> bytes:
    """A template file's bytes: a regular file within the size of any input (see fsio)."""
    from proeve.fsio import NotAFile, TooLarge, read_bounded
    from proeve.inputs.load import MAX_BYTES

    where = Location(name, 1, 1)
    try:
        return read_bounded(path, MAX_BYTES)
    except TooLarge:
        issue = InputIssue(where, f"{path}: larger than the {MAX_BYTES // 1024} KiB limit")
    except (NotAFile, OSError) as exc:
        issue = InputIssue(where, f"{path} cannot be read ({exc.strerror})")
    raise InputErrors([issue])


@functools.lru_cache(maxsize=8)
def read_template(name: str, data: bytes) -> Template:
    """Validate template bytes; raise InputErrors with file:line:column for every problem.

    Cached: gathering the sources reads the template for its logo, validation
    reads it again; the same bytes need checking once.
    """
    issues = Collector()
    node = parse(decode(name, data))
    try:
        template: Template = SPEC.read(node, Context(name, issues), "")
    except Invalid:
        template = None  # type: ignore[assignment]
    if template is not None and template.logo and not template.logo_alt:
        message = "a logo needs 'logo_alt': what the logo shows, for readers who cannot see it"
        issues.add(_key_location(name, node, "logo"), message, "logo_alt")
    issues.raise_if_any()
    if template.sizes.body_min > template.sizes.body_max:
        issue = InputIssue(Location(name, 1, 1), "sizes.body_min is larger than sizes.body_max")
        raise InputErrors([issue])
    return _logo_named_once(template)


def _logo_named_once(template: Template) -> Template:
    """The logo under the one name it is embedded as ('./templates//x.png' -> 'templates/x.png').

    A name with no such form stays as written: proeve.inputs.sources.read_image refuses it,
    at the line that names it.
    """
    try:
        return replace(template, logo=source_name(template.logo)) if template.logo else template
    except ValueError:
        return template


def _key_location(name: str, node: Any, key: str) -> Location:
    """Where `key` is written in a template's top-level mapping (else its first line)."""
    for key_node, _ in getattr(node, "value", []):
        if getattr(key_node, "value", None) == key:
            return where(name, key_node)
    return Location(name, 1, 1)
