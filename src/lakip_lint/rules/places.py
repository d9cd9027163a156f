"""Where one fact lives: resolve a rule's place description to stated values.

A place is data in a rule file, e.g. `{table: revisi_dipa, row: last, column:
menjadi_pagu}` or `{fact: pagu_akhir}`. It may yield several values (one per table of
that kind), or a value computed from several cells (`aggregate: sum`, a table's top
rows when it has no Total row).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Report, Row, Table, Value
from . import patterns as patterns_
from .expr import NotComputable
from .tolerance import Approx
from .values import approx, sum_of
from ..findings import Phrase, phrase


@dataclass
class Place:
    label: object                    # how a message names it: a fact's Ikhtisar wording, or a catalog
                                     # phrase for rows of a table ("Tabel 6 (baris terakhir)")
    cell: str | None                 # the cell to point at
    value: Value | None = None       # the stated value, when one cell holds it
    computed: Approx | None = None   # a value computed from several cells
    cells: list[str] = field(default_factory=list)
    table: Table | None = None
    problem: NotComputable | None = None   # why it could not be read

    def approx(self, rounded: bool = True) -> Approx:
        if self.computed is not None:
            return self.computed
        return approx(self.value, rounded)


def year_of(sel, report: Report, year: int | None) -> int | None:
    if isinstance(sel, int):
        return sel
    s = str(sel).replace(" ", "")
    if s == "{year}":
        return year
    fy = report.fiscal_year
    if s == "fy":
        return fy
    m = re.fullmatch(r"fy([-+]\d+)", s)
    if m and fy:
        return fy + int(m.group(1))
    return int(s) if s.isdigit() else None


def column_name(spec: str, report: Report, year: int | None) -> str | None:
    """'pnbp[{year}]' / 'target[fy]' → 'pnbp[2023]'."""
    m = re.fullmatch(r"([a-z_0-9]+)\[([^\]]+)\]", spec)
    if not m:
        return spec
    y = year_of(m.group(2), report, year)
    return f"{m.group(1)}[{y}]" if y else None


def _text(row: Row, col: str) -> str:
    v = row.get(col)
    return (v.text or v.raw or "") if v else ""


def _matches(row: Row, patterns: dict) -> bool:
    return all(patterns_.search(p, _text(row, c)) for c, p in patterns.items())


def fact_label(report: Report, fact: Value) -> str | None:
    """The Ikhtisar row's own wording for a fact ('Realisasi PNBP'), as the report labels it."""
    for t in report.of_kind("ikhtisar"):
        for r in t.rows:
            if any(v.cell == fact.cell for v in r.values.values()):
                u = r.get("uraian")
                if u is not None and (u.text or u.raw):
                    return " ".join(str(u.text or u.raw).split())
    return None


def tables_for(spec: dict, report: Report) -> list[Table]:
    kinds = spec["table"] if isinstance(spec["table"], list) else [spec["table"]]
    out = [t for t in report.tables if t.kind in kinds]
    if "has_row" in spec:
        out = [t for t in out if any(_matches(r, spec["has_row"]) for r in t.rows if r.kind == "data")]
    if "lacks_row" in spec:
        out = [t for t in out if not any(_matches(r, spec["lacks_row"]) for r in t.rows if r.kind == "data")]
    return out


def _select_rows(spec, table: Table, report: Report, year: int | None) -> tuple[list[Row], Phrase]:
    sel = spec.get("row", "data")
    data = table.data_rows()
    if sel == "first":
        return data[:1], phrase("place.first")
    if sel == "last":
        return data[-1:], phrase("place.last")
    if sel == "total":
        totals = [r for r in table.rows if r.kind == "total"]
        return totals[-1:], phrase("place.total")
    if sel == "summary":
        totals = [r for r in table.rows if r.kind in ("total", "mean")]
        return totals[-1:], phrase("place.summary")
    if sel == "data":
        rows = data
        if "match" in spec:
            rows = [r for r in rows if _matches(r, spec["match"])]
        if "not_match" in spec:
            rows = [r for r in rows if not any(patterns_.search(p, _text(r, c)) for c, p in spec["not_match"].items())]
        return rows, phrase("place.data")
    if isinstance(sel, dict) and "year" in sel:
        y = year_of(sel["year"], report, year)
        return [r for r in data if r.year == y][:1], phrase("place.year", year=y)
    if isinstance(sel, dict) and "match" in sel:
        return [r for r in data if _matches(r, sel["match"])], phrase("place.matching")
    if isinstance(sel, dict) and "unit" in sel:
        return _unit_row(report, data, sel["unit"]), phrase("place.unit")
    if isinstance(sel, dict) and "at_date" in sel:
        fact = report.facts.get(sel["at_date"])
        if fact is None or fact.date is None:
            raise NotComputable(phrase("reason.date_unavailable", date=sel['at_date']))
        col = sel.get("date_column", "tanggal")
        dated = [r for r in data if r.get(col) is not None and r.get(col).date is not None]
        if len(dated) != len(data):
            bad = next(r.get(col) for r in data if r.get(col) is None or r.get(col).date is None)
            raise NotComputable(phrase("reason.revision_date_unreadable"), bad.cell if bad else None)
        before = [r for r in dated if r.get(col).date <= fact.date]
        return before[-1:], phrase("place.in_force", date=fact.date.isoformat())
    raise NotComputable(phrase("reason.unknown_selector", selector=str(sel)))


def resolve(spec: dict, report: Report, year: int | None = None) -> list[Place]:
    """All places a spec names in this report (an empty list when none exists)."""
    if "fact" in spec:
        v = report.facts.get(spec["fact"])
        if v is None:
            return []
        return [Place(label=f"Ikhtisar ({fact_label(report, v) or spec['fact'].replace('_', ' ')})",
                      cell=v.cell, value=v, cells=[v.cell])]
    out: list[Place] = []
    for table in tables_for(spec, report):
        out.extend(_resolve_in(spec, table, report, year))
    return out


def _unit_row(report: Report, rows: list[Row], col: str) -> list[Row]:
    """The row naming this report's own unit ('BSPJI Pekanbaru' in a table of all balai):
    every word of the row's name appears in the unit's name, the most specific row wins."""
    if not report.unit_name:
        raise NotComputable(phrase("reason.unit_name_unknown"))
    unit = set(re.findall(r"[a-z0-9]+", report.unit_name.lower()))
    best, best_n = [], 0
    for r in rows:
        words = set(re.findall(r"[a-z0-9]+", _text(r, col).lower()))
        if words and words <= unit and len(words) > best_n:
            best, best_n = [r], len(words)
    if not best:
        raise NotComputable(phrase("reason.unit_row_missing", name=report.unit_name))
    return best


def _resolve_in(spec: dict, table: Table, report: Report, year: int | None) -> list[Place]:
    agg = spec.get("aggregate")
    if spec.get("row") == "grand_total":
        return _grand_total(table, column_name(spec["column"], report, year))
    try:
        rows, how = _select_rows(spec, table, report, year)
    except NotComputable as e:
        return [Place(label=table.label, cell=e.cell, table=table, problem=e)]
    if agg == "count":
        cells = [next(iter(r.values.values())).cell for r in rows if r.values]
        return [Place(label=phrase("place.in", table=table.label, which=phrase("place.sum_rows")), cell=cells[-1] if cells else table.ref,
                      computed=Approx.exact(len(rows)), cells=cells, table=table)]
    col = column_name(spec["column"], report, year)
    if col is None or table.column(col) is None:
        return []
    rounded = not spec.get("exact", False)
    if agg == "sum":
        return [_sum_place(table, rows, col, phrase("place.in", table=table.label, which=phrase("place.sum", how=how)),
                           rounded)]
    if agg == "mean":
        pl = _sum_place(table, rows, col, phrase("place.in", table=table.label, which=phrase("place.mean", how=how)), rounded)
        if pl.computed is not None and pl.cells:
            pl.computed = pl.computed / Approx.exact(len(pl.cells))
        return [pl]
    out = []
    for r in rows:
        v = r.get(col)
        if v is None:
            continue
        out.append(Place(label=phrase("place.in", table=table.label, which=how), cell=v.cell, value=v, cells=[v.cell], table=table))
    return out


def _sum_place(table: Table, rows: list[Row], col: str, label, rounded: bool = True) -> Place:
    try:
        total, cells = sum_of(rows, col, rounded)
    except NotComputable as e:
        return Place(label=label, cell=e.cell, table=table, problem=e)
    return Place(label=label, cell=cells[0] if cells else None, computed=total, cells=cells, table=table)


def _grand_total(table: Table, col: str | None) -> list[Place]:
    """A table's grand total: its last Total row, else the sum of its top-level rows."""
    if col is None or table.column(col) is None:
        return []
    totals = [r for r in table.rows if r.kind == "total" and r.get(col) is not None]
    if totals:
        v = totals[-1].get(col)
        return [Place(label=phrase("place.in", table=table.label, which=phrase("place.total")), cell=v.cell, value=v, cells=[v.cell], table=table)]
    top = [r for r in table.data_rows() if r.parent is None]
    if not top:
        return []
    if len(top) == 1:
        v = top[0].get(col)
        if v is None:
            return []
        return [Place(label=phrase("place.in", table=table.label, which=phrase("place.top")), cell=v.cell, value=v, cells=[v.cell], table=table)]
    return [_sum_place(table, top, col, phrase("place.in", table=table.label, which=phrase("place.sum_top")))]
