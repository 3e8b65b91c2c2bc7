"""A word -> where a line may break it and at what price; pyphen's patterns, from a cache.

`Hyphenator` is the policy the composer (proeve.page.compose) asks: a word's own
hyphen, a Dutch compound's joint, a syllable, an address's separators, each
with its price; names, acronyms and listed words kept whole; particles tied to
the name after them.

Why a cache: pyphen parses its pattern file on first use (about 50 ms for Dutch, the
largest single cost of a cold build). The parsed patterns are plain data, so we
keep them as a marshal file (data only, loading runs no code) in the user's cache
(proeve.page.cache), sealed over the pattern file's bytes and this module's code,
and load them in a few milliseconds. Any problem falls back to pyphen.
"""

from __future__ import annotations

import logging
import marshal
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from proeve.page import cache

log = logging.getLogger(__name__)


def preload(language: str) -> None:
    """Make pyphen's dictionary for `language` (e.g. nl_NL) ready, as cheaply as possible."""
    import pyphen

    name = pyphen.language_fallback(language)
    if name is None:
        return
    path = pyphen.LANGUAGES[name]
    if path in pyphen.hdcache:
        return
    try:
        patterns = Path(str(path)).read_bytes()
    except OSError:
        return
    # Keyed and sealed by the pattern file's bytes, not its size and time: another
    # install's patterns of the same size and time are other patterns.
    source = cache.source_digest(patterns, cache.code_of(__file__))
    key = f"pyphen-{pyphen.__version__}-{name}-{source[:32]}.marshal"
    cached = _load(key, source)
    if cached is not None:
        hyph = object.__new__(pyphen.HyphDict)
        hyph.patterns, hyph.maxlen = cached
        hyph.cache = {}
        pyphen.hdcache[path] = hyph
        return
    hyph = pyphen.HyphDict(path)
    pyphen.hdcache[path] = hyph
    _store(key, source, hyph.patterns, hyph.maxlen)


def _load(key: str, source: str) -> tuple[dict[str, Any], int] | None:
    data = cache.read(key, source)
    if data is None:
        return None
    try:
        patterns, maxlen = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(patterns, dict) or not isinstance(maxlen, int):
        return None
    return patterns, maxlen


def _store(key: str, source: str, patterns: dict[str, Any], maxlen: int) -> None:
    # Patterns with pyphen's alternative spellings carry objects marshal cannot hold.
    if any(type(v) is not int for _, values in patterns.values() for v in values):
        return
    if cache.write(key, marshal.dumps((patterns, maxlen)), source):
        log.debug("cached hyphenation patterns as %s", key)


# The price of a line ending inside a word, by how a reader takes the break
# (squared into demerits by proeve.page.compose; a break at a space costs 0).
OWN = 40.0  # at the word's own hyphen: MKB- / roltrap
JOINT = 150.0  # at a compound's joint: warmte- / net
INNER = 100.0  # more at a joint inside a part: pijler- / voorzitter before pijlervoor- / zitter
SYLLABLE = 800.0  # at a syllable inside a part: gemeen- / te
ADDRESS = 150.0  # in an address, after / . ? & = _ - # (no hyphen added)
SHORT_SIDE = 500.0  # more when a side has fewer than four letters
WIDE = 2000.0  # at a syllable of a word (a name, a title's word) too wide for the line

# Particles that stay with the name after them: "van der / Heijden" never breaks.
_DUTCH = ("van", "der", "den", "de", "het", "'t", "\u2019t", "te", "ten", "ter", "in", "op")
PARTICLES = {
    "nl": frozenset((*_DUTCH, "aan", "bij", "uit", "von", "la", "le", "du")),
    "en": frozenset(("van", "der", "den", "de", "ten", "ter", "von", "la", "le", "du", "da")),
}


class Hyphenator:
    """A word -> where a line may break it, of what kind and at what price.

    Why our own: pyphen alone breaks 'MKB-Nederland' as 'MKB-Ne-derland',
    'warmtenet' as 'warm-tenet' and names as any word. Here a word breaks at
    its own hyphen first; in Dutch at a compound's joint (proeve.page.compounds)
    before a syllable inside a part; inside a part only with at least three
    letters on either side; never a capitalised word (a name) or an acronym
    except at its own hyphen; never a listed word; never the paragraph's last
    word (no "uitwer- / ken" to end on). An address breaks after its
    separators, without a hyphen. `inside=False` (titles, `whole()`) keeps words whole
    but for their own hyphen, unless a word is wider than the line.
    """

    def __init__(
        self, language: str, unbroken: frozenset[str] = frozenset(), inside: bool = True
    ) -> None:
        self.language = language
        self._dictionary: Any = None
        self.unbroken = frozenset(w.casefold() for w in unbroken)
        self.inside = inside
        self.particles = PARTICLES.get(language[:2], frozenset())
        self.cache: dict[tuple[str, bool, bool], list[tuple[int, float, bool, bool]]] = {}

    def whole(self) -> Hyphenator:
        """The same rules, but words whole except at their own hyphen (a title, a name)."""
        other = object.__new__(Hyphenator)
        other.__dict__.update(self.__dict__)
        other.inside = False
        other.cache = {}
        return other

    @property
    def dictionary(self) -> Any:
        """pyphen's patterns for the language, loaded when a word first needs them."""
        if self._dictionary is None:
            import pyphen

            self._dictionary = pyphen.Pyphen(lang=self.language, left=MIN_PART, right=MIN_PART)
        return self._dictionary

    def points(
        self, word: str, final: bool, wide: bool = False
    ) -> list[tuple[int, float, bool, bool]]:
        """(offset, price, adds a hyphen, ends the line in a hyphen) where `word` may break.

        `wide`: the word is wider than the line, so it must break somewhere:
        at its syllables too, whatever the rules for names and titles say.
        """
        key = (word, final, wide)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._points(word, final, wide)
        return found

    def tie(self, word: str, following: Sequence[str]) -> bool:
        """Whether the space after `word` should not end a line: a particle before a name.

        'van der Heijden' stays together: 'van' and 'der' are tied to the name
        that follows them (a capitalised word); 'van de stad' is not a name.
        """
        if word not in self.particles:
            return False
        for after in following:
            if after not in self.particles:
                return after[:1].isupper()
        return False

    def _points(self, word: str, final: bool, wide: bool) -> list[tuple[int, float, bool, bool]]:
        if address_like(word):
            return [(i, ADDRESS, False, False) for i in address_points(word)]
        lead = len(word) - len(word.lstrip(_PUNCT))
        core = word.strip(_PUNCT)
        if wide:
            return [
                (lead + len(head), WIDE, not head.endswith("-"), True)
                for head, _ in self.dictionary.iterate(core)
            ]
        if final or not core or core.casefold() in self.unbroken:
            return []
        out: list[tuple[int, float, bool, bool]] = []
        parts = core.split("-")
        seen = lead
        for index, part in enumerate(parts):
            # 'MKB-' 'roltrap': at the word's own hyphen, never a second one.
            if index and seen - lead >= MIN_PART and len(core) - (seen - lead) >= MIN_PART:
                out.append((seen, OWN, False, True))
            if self.inside and _may_hyphenate(part):
                out += [(seen + at, price, True, True) for at, price in self._inside(part)]
            seen += len(part) + 1
        return out

    def _inside(self, part: str) -> list[tuple[int, float]]:
        """Breaks inside a part of a word: at a compound's joints, else at syllables."""
        if len(part) < 2 * MIN_PART:
            return []
        from proeve.page import compounds

        found = compounds.joints(part, self.language)  # the main joint first
        joints = {at: JOINT + (INNER if i else 0.0) for i, at in enumerate(found)}
        out = []
        for head, _tail in self.dictionary.iterate(part):
            at = len(head)
            price = joints.get(at, SYLLABLE)
            if min(at, len(part) - at) < 4:
                price += SHORT_SIDE
            out.append((at, price))
        known = {at for at, _ in out}
        out += [
            (at, joints[at]) for at in found if at not in known and min(at, len(part) - at) >= 4
        ]
        return sorted(out)

    def __call__(self, word: str) -> list[tuple[str, str]]:
        """ReportLab's `hyphenationLang` callable: (head, tail) pairs, best first."""
        best_first = sorted(self.points(word, False), key=lambda point: point[1])
        return [(word[: point[0]], word[point[0] :]) for point in best_first]


_PUNCT = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb()[]{}.,;:!?\u2026*"


def _may_hyphenate(part: str) -> bool:
    """Whether a part of a word may break inside: a lower-case word, not a name or acronym."""
    return part.isalpha() and not part[:1].isupper()


MIN_PART = 3  # letters on either side of a break


_AFTER = re.compile(r"(?:[/.?&=_#-]|%[0-9A-Fa-f]{2})(?=[^/.?&=_#-])")


_ADDRESS = re.compile(
    "^[(\\[\u201c\u2018\"']?"
    r"(?:[a-z][a-z0-9+.-]*://|www\.|[\w-]+(?:\.[\w-]+)+/|[\w.+-]+@[\w-]+\.)\S*$",
    re.I,
)


def address_like(word: str) -> bool:
    """Whether a word is a web address (https://..., www...., site.nl/...) or an e-mail address.

    Such a word breaks after its separators, without a hyphen; other words with
    a slash ("en/of", markup typed as text) break like words.
    """
    return bool(_ADDRESS.match(word))


def address_points(word: str) -> list[int]:
    """Where an address may break: after / . ? & = _ - # (its rest on the next line).

    Not inside the scheme ('https:/ /'), and not right after the first letter.
    """
    scheme = word.find("://")
    skip = scheme + 3 if scheme >= 0 else 0
    return [m.end() for m in _AFTER.finditer(word) if max(skip, 1) < m.end() < len(word)]


def address_breaks(word: str) -> list[tuple[str, str]] | None:
    """Where a line may break an address (or its rest on the next line): ReportLab's question.

    ReportLab asks this (its `_uri_split_pairs`) for a word that does not fit,
    where platypus still breaks (the review's and comment sheet's own pages);
    its own answer breaks only after '/' and only while the scheme is there,
    so the rest of a long address overran the column. None: not an address.
    """
    if not address_like(word):
        return None
    return sorted(((word[:i], word[i:]) for i in address_points(word)), key=lambda p: -len(p[0]))


def break_addresses() -> None:
    """Make ReportLab break addresses only after '/' and '.' (once per process)."""
    from reportlab.platypus import paragraph

    if getattr(paragraph._uri_split_pairs, "proeve", False):
        return
    address_breaks.proeve = True  # type: ignore[attr-defined]
    paragraph._uri_split_pairs = address_breaks
