"""Is this row in another table the same indicator (or the same jenis)?

Reports spell one indicator several ways: numbered ("1 Produktivitas…"), with the unit
in brackets ("(Persen)"), with typos ("PNPB", "PNBPN", "e fisiensi"). Names are reduced
to their letters and digits, known typos fixed (the catalog's aliases: the one typo list
the reader's header matching uses too), and compared by similarity.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from ..catalog import load_catalog

_WORD = re.compile(r"[a-z0-9]+")
UNITS = r"\((?:persen|indeks|nilai|perusahaan|%|rupiah|rp|orang|dokumen|laporan)\)\s*$"


@lru_cache(maxsize=65536)
def _clean(name: str) -> str:
    s = " ".join(name.lower().split())
    s = re.sub(r"^\s*(?:\d+[.)]?|[a-z][.)])\s+", "", s)
    s = re.sub(UNITS, "", s)
    aliases = load_catalog().aliases
    return _WORD.sub(lambda m: aliases.get(m.group(0), m.group(0)), s)


@lru_cache(maxsize=65536)
def normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _clean(name))


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", _clean(name)) if len(w) >= 3}


def _unmatched(mine: set[str], other: set[str], joined: str) -> bool:
    """A word of one name found nowhere in the other (not even misspelt or split,
    'e fisiensi' for 'efisiensi') makes them different indicators."""
    for w in mine - other:
        if w in joined:
            continue
        if not any(SequenceMatcher(None, w, v, autojunk=False).ratio() >= 0.8 for v in other):
            return True
    return False


FLOOR = 0.8          # rule files may not set a matching threshold below this (schema)


@lru_cache(maxsize=65536)
def similarity(a: str, b: str) -> float:
    na, nb = normal(a), normal(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    sm = SequenceMatcher(None, na, nb, autojunk=False)
    if sm.real_quick_ratio() < FLOOR or sm.quick_ratio() < FLOOR:
        return min(sm.real_quick_ratio(), sm.quick_ratio())      # an upper bound, below any threshold
    r = sm.ratio()
    if r < 0.8:
        return r                                                  # too far apart to be one name anyway
    wa, wb = _words(a), _words(b)
    if _unmatched(wa, wb, nb) or _unmatched(wb, wa, na):
        return 0.0
    return r
