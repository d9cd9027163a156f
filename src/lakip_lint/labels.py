"""Normalise header and label texts so that spellings, typos and layout do not matter.

`compact` is what matching compares: lower case, typo aliases applied word by word,
everything but letters, digits and % removed — so `Progr am/ Kegiat an`,
`PROGRAM / KEGIATAN` and `Program/Kegiatan` are the same text.
"""
from __future__ import annotations

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


# The catalog's alias table and scale list are one object each for the whole run; their
# hashable forms (cache keys) are built once for the object asked last (almost always that
# one), not on each of the ~10^5 calls per report.
_TAKEN: dict[str, list] = {}        # what -> [the object, its hashable form, its size when taken]


def _hashable(what: str, obj, make) -> tuple:
    last = _TAKEN.get(what)
    if last is None or last[0] is not obj or last[2] != len(obj):
        last = _TAKEN[what] = [obj, make(obj), len(obj)]
    return last[1]


def _scales_key(scales) -> tuple:
    return _hashable("scales", scales, tuple)


def _key(aliases: dict[str, str] | None) -> tuple:
    return _hashable("aliases", aliases, lambda a: tuple(sorted(a.items()))) if aliases else ()


@lru_cache(maxsize=1 << 16)
def _words(text: str, alias_items: tuple) -> tuple[str, ...]:
    t = unicodedata.normalize("NFKC", text).lower()
    out = _WORD.findall(t)
    if alias_items:
        aliases = _alias_dict(alias_items)
        out = [aliases.get(w, w) for w in out]
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _compact(text: str, alias_items: tuple) -> str:
    return "".join(_words(text, alias_items))


@lru_cache(maxsize=8)
def _alias_dict(alias_items: tuple) -> dict[str, str]:
    return dict(alias_items)


@lru_cache(maxsize=65536)
def _split_header(text: str, scales, alias_items):
    """Take a header cell apart: (compact label, year, quarter, scale, has_range).

    `Pagu Anggaran (000)` → ('paguanggaran', None, None, 1000, False);
    `TA.2022` → ('', 2022, None, None, False); `Triwulan II (%)` → ('%', None, 2, None, False).
    """
    aliases = _alias_dict(alias_items)
    t = text
    scale = None
    for inner in _PAREN.findall(t):
        ci = compact(inner, aliases)
        ws = words(inner, aliases)
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
    return compact(t, aliases), year, quarter, scale, has_range


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
