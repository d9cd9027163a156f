"""Is this row in another table the same indicator (or the same jenis)?

Reports spell one indicator several ways: numbered ("1 Produktivitas…"), with the unit
in brackets ("(Persen)"), with typos ("PNPB", "PNBPN", "e fisiensi"). Names are reduced
to their letters and digits, known typos fixed, and compared by similarity.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

TYPOS = [(r"\bpn(?:pb|bpn|bpnbp)\b", "pnbp"), (r"konsultansi", "konsultasi")]
UNITS = r"\((?:persen|indeks|nilai|perusahaan|%|rupiah|rp|orang|dokumen|laporan)\)\s*$"


@lru_cache(maxsize=4096)
def normal(name: str) -> str:
    s = " ".join(name.lower().split())
    s = re.sub(r"^\s*(?:\d+[.)]?|[a-z][.)])\s+", "", s)
    s = re.sub(UNITS, "", s)
    for pat, rep in TYPOS:
        s = re.sub(pat, rep, s)
    return re.sub(r"[^a-z0-9]", "", s)


def similarity(a: str, b: str) -> float:
    na, nb = normal(a), normal(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    return SequenceMatcher(None, na, nb, autojunk=False).ratio()
