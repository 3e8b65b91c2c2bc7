"""A word and its language -> where it joins its parts (warmte|net, gemeente|bestuurders).

Dutch writes compounds as one word, and a reader takes a line break at a joint
('programma- / manager') far better than inside a part ('programmama- /
nager'). Hyphenation patterns know syllables, not joints, so the joints are
found with a word list: the word is split into known words (with the linking
-s- of 'versnellings|aanpak'), preferring few, long parts.

The word list is wordfreq's (the Exquisite Corpus: subtitles, Wikipedia, news,
books and the web, per language; frozen since 2021, which suits a list of
everyday words). Why it: it is the widest free list of Dutch word forms on
PyPI, in a compact format, and the words are ranked, so a cut-off by frequency
leaves out typos and rare forms that would make false joints. Only its data
file is read (msgpack, gzip); wordfreq itself (and its regex and ftfy) is
never imported. The words kept are stored as a marshal file in the user's cache
(proeve.page.cache), like the hyphenation patterns: about 7 ms to load.
Without wordfreq, no joints are known and words break at syllables only.
"""

from __future__ import annotations

import atexit
import functools
import gzip
import importlib.util
import logging
import marshal
from pathlib import Path

from proeve.page import cache

log = logging.getLogger(__name__)

LISTS = {"nl": "large_nl"}  # languages whose compounds are written as one word
RANK = 700  # wordfreq's centibel buckets kept: words at least once in 10 million
PART = 3  # letters in the shortest part ...
SHORT = 400  # ... and only a frequent one (net, dag, weg), not 'ers' or 'sen'
PER_PART = 60  # added to the mean rank for each part past the first: few, long parts
LINKS = ("s",)  # linking sounds a part may end in: versnelling-s-aanpak
UNKNOWN = RANK + 60  # the rank given to a word the list does not have
FAMILIAR = 150  # how much better a known compound may rank than its two long parts

_found: dict[str, tuple[int, ...]] = {}  # word -> joints, kept between runs
_state = {"loaded": "", "dirty": False}


def joints(word: str, language: str) -> tuple[int, ...]:
    """Offsets in `word` where two of its parts meet, the main joint first; () if unknown.

    The split chosen has the best mean rank of its parts (Koehn and Knight,
    "Empirical methods for compound splitting", 2003), the word itself
    (unsplit) among the candidates, so 'mensen' stays whole where 'men|sen'
    would split it, and 'binnen|steden' wins over 'binnenste|den'.
    """
    name = LISTS.get(language[:2].lower())
    if name is None or len(word) < 2 * PART:
        return ()
    word = word.lower()
    _recall(name)
    found = _found.get(word)
    if found is None:
        ranks = _ranks(name)
        if not ranks:
            return ()
        found = _found[word] = _joints(word, ranks)
        _remember(name)
    return found


def _joints(word: str, ranks: dict[str, int]) -> tuple[int, ...]:
    """The joints of the best split, the main one first (the joint whose two sides read
    best as words: 'pijler|voorzitter' before 'pijlervoor|zitter')."""
    best = _split(word, ranks)
    out, at = [], 0
    for part in best[:-1]:
        at += len(part)
        out.append(at)

    def sides(joint: int) -> float:
        left, right = word[:joint], word[joint:]
        return (_side(left, ranks, last=False) + _side(right, ranks, last=True)) / 2

    return tuple(sorted(out, key=sides))


def _side(part: str, ranks: dict[str, int], last: bool) -> float:
    rank = _rank(part, ranks, last)
    return float(UNKNOWN if rank is None else rank)


def _split(word: str, ranks: dict[str, int]) -> list[str]:
    """The split of `word` into parts with the best (lowest) mean rank; [word] if none is better."""
    n = len(word)
    # best[i][k]: the least sum of ranks of word[i:] in k parts, and the parts
    best: list[dict[int, tuple[int, list[str]]]] = [{} for _ in range(n + 1)]
    best[n][0] = (0, [])
    for i in range(n - PART, -1, -1):
        for j in range(i + PART, n + 1):
            rank = _rank(word[i:j], ranks, last=j == n)
            if rank is None:
                continue
            for k, (total, parts) in best[j].items():
                held = best[i].get(k + 1)
                if held is None or total + rank < held[0]:
                    best[i][k + 1] = (total + rank, [word[i:j], *parts])
    whole = ranks.get(word, UNKNOWN)
    chosen, score = [word], float(whole)
    for k, (total, parts) in best[0].items():
        mean = total / k + PER_PART * (k - 1)
        if k >= 2 and mean < score:
            chosen, score = parts, mean
    two = best[0].get(2)
    # A common compound is often commoner than its parts ('windmolens'): two long,
    # known parts still mark its joint, if they read nearly as well.
    long_parts = two is not None and all(len(p) > PART for p in two[1])
    if len(chosen) == 1 and two is not None and long_parts:
        chosen = two[1] if two[0] / 2 + PER_PART <= whole + FAMILIAR else chosen
    return chosen


def _rank(part: str, ranks: dict[str, int], last: bool) -> int | None:
    rank = ranks.get(part)
    if rank is None and not last and part.endswith(LINKS) and len(part) > PART + 1:
        rank = ranks.get(part[:-1])
    if rank is None or (len(part) <= PART and rank > SHORT):
        return None
    return rank


def _recall(name: str) -> None:
    """The joints found in earlier runs, once per process."""
    if _state["loaded"] == name:
        return
    _state["loaded"] = name
    data = cache.read(_key(name, "joints"), _source(name))
    if data is None:
        return
    try:
        kept = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return
    if isinstance(kept, dict):
        for word, found in kept.items():
            if type(word) is str and type(found) is tuple and all(type(i) is int for i in found):
                _found.setdefault(word, found)


def _remember(name: str) -> None:
    """Keep what was found for the next run, written once when the process ends."""
    if not _state["dirty"]:
        _state["dirty"] = True
        atexit.register(_flush, name)


def _flush(name: str) -> None:
    _state["dirty"] = False
    cache.write(_key(name, "joints"), marshal.dumps(dict(_found)), _source(name))


def _key(name: str, kind: str) -> str:
    path = _data(name)
    size = path.stat().st_size if path is not None and path.exists() else 0
    return f"{kind}-{name}-{RANK}-{PART}-{SHORT}-{PER_PART}-{FAMILIAR}-2-{size}.marshal"


@functools.lru_cache(maxsize=4)
def _source(name: str) -> str:
    """What an entry is made from: the word list (by name and size) and this module's code."""
    return cache.source_digest(_key(name, "list").encode(), cache.code_of(__file__))


@functools.lru_cache(maxsize=4)  # found once per process: the cache's names and seal ask it
def _data(name: str) -> Path | None:
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data" / f"{name}.msgpack.gz"


@functools.lru_cache(maxsize=4)
def _ranks(name: str) -> dict[str, int]:
    """The word list (word -> rank), from the user's cache or from wordfreq's data."""
    path = _data(name)
    if path is None or not path.exists():
        return {}
    key = _key(name, "words")
    data = cache.read(key, _source(name))
    if data is not None:
        try:
            ranks = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            ranks = None
        if isinstance(ranks, dict):
            return ranks
    ranks = _read(path)
    if ranks and cache.write(key, marshal.dumps(ranks), _source(name)):
        log.debug("cached %d words of %s as %s", len(ranks), name, key)
    return ranks


def _read(path: Path) -> dict[str, int]:
    """wordfreq's ranked list (msgpack: a header, then words per centibel) -> word: rank."""
    try:
        import msgpack

        with gzip.open(path) as handle:
            data = msgpack.load(handle, raw=False, strict_map_key=False)
    except Exception as error:  # a damaged or changed data file: no joints, as without it
        log.debug("could not read %s: %s", path, error)
        return {}
    if not isinstance(data, list) or not data or not isinstance(data[0], dict):
        return {}
    ranks: dict[str, int] = {}
    for rank, bucket in enumerate(data[1 : RANK + 1]):
        if isinstance(bucket, list):
            for w in bucket:
                if isinstance(w, str) and w.isalpha() and len(w) >= PART:
                    ranks.setdefault(w, rank)
    return ranks
