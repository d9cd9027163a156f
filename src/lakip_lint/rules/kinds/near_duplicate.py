"""Near-duplicate names: the same indicator (or jenis, or person) spelled differently in two
tables — 'PNPB' here, 'PNBPN' there. Names are grouped by similarity (matching.py); within
a group, spellings that differ beyond case, spacing, numbering and a unit in brackets are
reported against the right one: the spelling with no known typo (the catalog's aliases
list them, less the accepted `variants`: `PNBPN`, `PNPB`), then the one the Perjanjian
Kinerja uses, then the one most
tables use.

Options (defaults beside the fields of `Params`):
  tables     table kind → the column holding the names (required)
  threshold  the similarity from which two names are one (0.85)

Passes:
  | Tabel                | Indikator                              |
  | Perjanjian Kinerja   | Jumlah PNBP yang diterima              |
  | Capaian Kinerja      | Jumlah PNBP yang Diterima              |
Fails: the Capaian table writes `Jumlah PNPB yang diterima` — the Perjanjian Kinerja
spells it `Jumlah PNBP yang diterima`.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..matching import similarity
from ..outcomes import Broken, Passed

NAME = "near_duplicate"


@dataclass
class Params:
    threshold: float = field(default=0.85, metadata={"minimum": 0.8, "maximum": 1})
    tables: dict | None = None


@lru_cache(maxsize=65536)
def spelling(name: str) -> str:
    s = " ".join(name.split()).lower()
    s = re.sub(r"^\s*(?:\d+[.)]?|[a-z][.)])\s+", "", s)
    s = re.sub(r"\s*\([^)]*\)\s*$", "", s)
    return re.sub(r"[^a-z0-9]", "", s)


def _typos(name: str) -> int:
    """Words of a name that the catalog knows as misspellings (`pnbpn` for `pnbp`)."""
    from ...catalog import load_catalog
    typos = load_catalog().typos
    return sum(1 for w in re.findall(r"[a-z0-9]+", name.lower()) if w in typos)


def check(params: Params, run):
    entries = []
    for table in run.report.tables:
        col = params.tables.get(table.kind)
        if col is None or table.column(col) is None:
            continue
        seen = set()
        for row in table.data_rows():
            v = row.get(col)
            name = " ".join(str((v.text or v.raw or "") if v else "").split())
            if len(spelling(name)) >= 6 and spelling(name) not in seen:
                seen.add(spelling(name))
                entries.append((table, v, name))
    groups: list[list] = []
    for e in entries:
        for g in groups:
            if similarity(g[0][2], e[2]) >= params.threshold:
                g.append(e)
                break
        else:
            groups.append([e])
    for g in groups:
        counts = Counter(spelling(n) for _, _, n in g)
        if len(counts) < 2:
            if len(g) > 1:
                yield Passed(tuple(v.cell for _, v, _ in g), n=len(g) - 1)
            continue
        ref = min(counts, key=lambda s: (_typos(next(x[2] for x in g if spelling(x[2]) == s)),
                                         not any(t.kind == "perjanjian_kinerja" for t, _, n in g if spelling(n) == s),
                                         -counts[s], next(i for i, x in enumerate(g) if spelling(x[2]) == s)))
        ref_e = next(x for x in g if spelling(x[2]) == ref)
        for table, v, name in g:
            if spelling(name) == ref:
                continue
            yield Broken(v.cell, table, related=[ref_e[1].cell], params=dict(
                name=name, reference=re.sub(r"^\s*(?:\d+[.)]?|[a-z][.)])\s+", "", ref_e[2]),
                source=f"{ref_e[1].cell} ({ref_e[0].label})",
                count=counts[ref]))
