"""A language code -> pyphen's hyphenation patterns in memory, from a small cache when fresh.

Why: pyphen parses its pattern file on first use (about 50 ms for Dutch, the
largest single cost of a cold build). The parsed patterns are plain data, so we
keep them as a marshal file (data only, loading runs no code) in the user's cache
(proeve.page.cache), sealed over the pattern file's bytes and this module's code,
and load them in a few milliseconds. Any problem falls back to pyphen.
"""

from __future__ import annotations

import logging
import marshal
import re
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


class Hyphenator:
    """A word -> where a line may break it, best first: ReportLab's `hyphenationLang` callable.

    Why our own: pyphen alone breaks 'MKB-Nederland' as 'MKB-Ne-derland' and
    leaves two-letter stubs. Here a word with hyphens breaks at them, and inside
    a part only with at least three letters on either side of that part; the
    words a document lists as unbroken (names, acronyms) never break at all.
    """

    def __init__(self, language: str, unbroken: frozenset[str] = frozenset()) -> None:
        import pyphen

        self.dictionary = pyphen.Pyphen(lang=language, left=MIN_PART, right=MIN_PART)
        self.unbroken = frozenset(w.casefold() for w in unbroken)
        self.cache: dict[str, list[tuple[str, str]]] = {}

    def __call__(self, word: str) -> list[tuple[str, str]]:
        found = self.cache.get(word)
        if found is None:
            found = self.cache[word] = self._pairs(word)
        return found

    def _pairs(self, word: str) -> list[tuple[str, str]]:
        if word.casefold() in self.unbroken:
            return []
        parts = word.split("-")
        at_hyphens: list[tuple[str, str]] = []
        inside: list[tuple[str, str]] = []
        for index, part in enumerate(parts):
            before = "".join(p + "-" for p in parts[:index])
            after = "".join("-" + p for p in parts[index + 1 :])
            if index and len(before) > MIN_PART and len(word) - len(before) >= MIN_PART:
                at_hyphens.append((before, part + after))  # 'MKB-' 'roltrap': no second hyphen
            if len(part) >= 2 * MIN_PART:
                inside += [(before + h, t + after) for h, t in self.dictionary.iterate(part)]

        # ReportLab takes the first pair that fits: a word's own hyphen before a new one,
        # and of each kind the longest head.
        def longest(pair: tuple[str, str]) -> int:
            return -len(pair[0])

        return sorted(at_hyphens, key=longest) + sorted(inside, key=longest)


MIN_PART = 3  # letters on either side of a break


_URLISH = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)?[^\s/]+(?:[/.][^\s/.]*)*[/.][^\s]*$", re.I)


def address_breaks(word: str) -> list[tuple[str, str]] | None:
    """Where a line may break an address (or its rest on the next line): after '/' or '.'.

    ReportLab asks this (its `_uri_split_pairs`) for a word that does not fit;
    its own answer breaks only after '/' and only while the scheme is there,
    so the rest of a long address overran the column. None: not an address.
    """
    if "/" not in word and not word.lower().startswith("www."):
        return None
    if not _URLISH.match(word):
        return None
    cuts = [m.end() for m in re.finditer(r"[/.](?=[^/.])", word)]
    pairs = [(word[:i], word[i:]) for i in cuts if len(word[:i].strip("/.:")) >= 1]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def break_addresses() -> None:
    """Make ReportLab break addresses only after '/' and '.' (once per process)."""
    from reportlab.platypus import paragraph

    if getattr(paragraph._uri_split_pairs, "proeve", False):
        return
    address_breaks.proeve = True  # type: ignore[attr-defined]
    paragraph._uri_split_pairs = address_breaks
