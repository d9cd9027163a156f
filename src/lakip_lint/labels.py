"""Normalise header and label texts so that spellings, typos and layout do not matter.

`compact` is what matching compares: lower case, typo aliases applied word by word,
everything but letters, digits and % removed — so `Progr am/ Kegiat an`,
`PROGRAM / KEGIATAN` and `Program/Kegiatan` are the same text.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9%]+")
_YEAR = re.compile(r"(?<![\d.,])(?:ta\s*\.?\s*|tahun\s+)?((?:19|20)\d{2})(?![\d.,])", re.I)
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*[-–/]\s*((?:19|20)\d{2})")
_QUARTER = re.compile(r"\b(?:triwulan|tw|trw|kuartal|q)\s*[-.]?\s*(iv|iii|ii|i|[1-4])\b", re.I)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_PAREN = re.compile(r"\(([^()]*)\)")


def words(text: str, aliases: dict[str, str] | None = None) -> list[str]:
    return list(_words(text if type(text) is str else str(text), _key(aliases)))


def compact(text: str, aliases: dict[str, str] | None = None) -> str:
    return _compact(text if type(text) is str else str(text), _key(aliases))


def split_header(text: str, scales, aliases):
    return _split_header(text if type(text) is str else str(text), _scales_key(scales), _key(aliases))


# The catalog's alias table and scale list are one object each for the whole run. The
# caches below are keyed by a number standing for their content (hashing the content as a
# tuple on each of the ~10^4 calls per report cost more than the work cached), worked out
# once for the object asked last (almost always that one).
# A table changed in place keeping its size is not seen (the catalog's never change).
_NUMBERS: dict[str, dict[tuple, int]] = {"aliases": {}, "scales": {}}   # content -> its number, per kind of table
_CONTENT: dict[int, tuple] = {}       # number -> content; a number is never handed out twice
_LAST: dict[str, tuple] = {}          # kind of table -> (the object, its size when taken, its number)
_COUNTER = itertools.count(1)
MAX_TABLES = 64                       # distinct tables of a kind remembered (a run has one or two)


def _number(what: str, obj, make) -> int:
    last = _LAST.get(what)
    if last is not None and last[0] is obj and last[1] == len(obj):
        return last[2]
    content = make(obj)
    numbers = _NUMBERS[what]
    n = numbers.get(content)
    if n is None:
        if len(numbers) >= MAX_TABLES:   # let this kind's tables go; the other kind's numbers stay valid
            for gone in numbers.values():
                del _CONTENT[gone]
            numbers.clear()
        n = numbers[content] = next(_COUNTER)
        _CONTENT[n] = content
    _LAST[what] = (obj, len(obj), n)
    return n


def _scales_key(scales) -> int:
    return _number("scales", scales, tuple)


def _key(aliases: dict[str, str] | None) -> int:
    return _number("aliases", aliases, lambda a: tuple(sorted(a.items()))) if aliases else 0


@lru_cache(maxsize=1 << 16)
def _words(text: str, aliases_no: int) -> tuple[str, ...]:
    t = unicodedata.normalize("NFKC", text).lower()
    out = _WORD.findall(t)
    if aliases_no:
        aliases = _alias_dict(aliases_no)
        out = [aliases.get(w, w) for w in out]
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _compact(text: str, aliases_no: int) -> str:
    return "".join(_words(text, aliases_no))


@lru_cache(maxsize=8)
def _alias_dict(aliases_no: int) -> dict[str, str]:
    return dict(_CONTENT[aliases_no]) if aliases_no else {}


@lru_cache(maxsize=65536)
def _split_header(text: str, scales_no: int, aliases_no: int):
    """Take a header cell apart: (compact label, year, quarter, scale, has_range).

    `Pagu Anggaran (000)` → ('paguanggaran', None, None, 1000, False);
    `TA.2022` → ('', 2022, None, None, False); `Triwulan II (%)` → ('%', None, 2, None, False).
    """
    scales = _CONTENT[scales_no] if scales_no else ()
    t = text
    scale = None
    for inner in _PAREN.findall(t):
        ci = _compact(inner, aliases_no)
        ws = _words(inner, aliases_no)
        spans = {"".join(ws[i:j]) for i in range(len(ws)) for j in range(i + 1, len(ws) + 1)}
        for phrase, factor in scales:
            # whole words only: `(dalam juta rupiah)` states millions, `(lanjutan)` does not
            if ci == phrase or (len(phrase) > 3 and phrase in spans):
                scale = factor
                t = t.replace(f"({inner})", " ")
                break
    has_range = bool(_YEAR_RANGE.search(t))
    t = _YEAR_RANGE.sub(" ", t)
    year = None
    m = _YEAR.search(t)
    if m:
        year = int(m.group(1))
        t = t[: m.start()] + " " + t[m.end():]
    quarter = None
    m = _QUARTER.search(t)
    if m:
        q = m.group(1).lower()
        quarter = _ROMAN.get(q) or int(q)
        t = t[: m.start()] + " " + t[m.end():]
    t = re.sub(r"\b(sd|s\.d\.?|s/d)\b\s*$", " ", t, flags=re.I)
    return _compact(t, aliases_no), year, quarter, scale, has_range


def unit_scale(text: str, scales, aliases) -> int | None:
    """The scale a line or cell states when it states nothing else: `(000)`, `Rp. 000`,
    `(dalam ribuan rupiah)`, `Satuan: Rp 000`, `(Rp.)` → 1000 / 1000 / 1000 / 1000 / 1."""
    ci = compact(str(text), aliases)
    if ci.startswith("satuan"):
        ci = ci[len("satuan"):]
    for phrase, factor in scales:
        if ci == phrase:
            return factor
    return None


def is_year_token(text) -> int | None:
    """`2021`, `TA.2022`, `TA 2023`, `Tahun 2023` → the year; anything else → None."""
    s = str(text).strip()
    m = re.fullmatch(r"(?:ta\s*\.?\s*|tahun\s+)?((?:19|20)\d{2})", s, re.I)
    return int(m.group(1)) if m else None


_PREFIXES = ("meng", "peng", "meny", "peny", "mem", "pem", "men", "pen", "me", "pe", "di", "ter", "ber", "ke", "se")
_NASAL = {"meng": "k", "peng": "k", "meny": "s", "peny": "s", "mem": "p", "pem": "p", "men": "t", "pen": "t"}
_SUFFIXES = ("nya", "kan", "an")


@lru_cache(maxsize=1 << 14)
def stems(word: str) -> frozenset[str]:
    """The forms an Indonesian word may share with its relatives, for comparing labels:
    the word, and the word without one suffix and one prefix (`pengiriman` and `dikirim`
    share `kirim`; `realisasinya` and `realisasi` share `realisasi`). Crude by design: it
    only has to make two labels of one report meet, never to be a dictionary."""
    out = {word}
    bases = {word}
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            bases.add(word[: -len(suf)])
    for b in list(bases):
        for pre in _PREFIXES:
            if b.startswith(pre) and len(b) - len(pre) >= 4:
                rest = b[len(pre):]
                bases.add(rest)
                if pre in _NASAL and rest[:1] in "aeiou":
                    bases.add(_NASAL[pre] + rest)
                break
    out |= bases
    return frozenset(out)
