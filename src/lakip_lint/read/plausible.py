"""Does a table, once typed, look like what its kind holds? A year sequence inside the
data rows (`2011 2012 2013 2014`: a header row read as data), a percentage column
holding amounts, an index column of values no index takes: the table was misread. It
gets one reading notice naming the column and the evidence, and the rules leave it
alone ("not checked: table misread") instead of failing on every cell.
"""
from __future__ import annotations

from ..model import Table
from .values import INDEX_MAX
from ..findings import Phrase, phrase

FIRST_YEAR, LAST_YEAR = 1990, 2100


def misreading(table: Table) -> tuple[str, str, Phrase] | None:
    """(column, cell, evidence as a catalog phrase) of the first sign that `table` was misread."""
    types: dict[str, str] = {}          # a name's column type (the first column of a name, as Table.column)
    for c in table.columns:
        types.setdefault(c.name, c.type)
    for row in table.rows:
        if row.kind != "data":
            continue
        years = [(n, v, v.number) for n, v in row.values.items() if v.kind == "number" and v.number is not None
                 and types.get(n, "text") not in ("year", "code", "text")]
        if len(years) < 3:
            continue
        nums = [int(d) for _, _, d in years if d == int(d)]
        if len(nums) == len(years) and all(FIRST_YEAR <= y <= LAST_YEAR for y in nums) \
                and all(b == a + 1 for a, b in zip(nums, nums[1:])):
            name, v, _ = years[0]
            return name, v.cell, phrase("misread.years_as_data", row=row.sheet_row,
                                                   first=nums[0], last=nums[-1])
    for col in table.columns:
        if col.type not in ("percent", "index", "count"):
            continue
        found = [(val.cell, val.number) for r in table.rows if r.kind == "data"
                 and (val := r.values.get(col.name)) is not None and val.kind == "number" and val.number is not None]
        if len(found) < 2:
            continue
        numbers = [d for _, d in found]
        if col.type == "percent" and sum(1 for d in numbers if abs(d) >= 100_000) * 2 > len(numbers):
            return col.name, found[0][0], phrase("misread.percent_amounts")
        if col.type == "index" and sum(1 for d in numbers if abs(d) > INDEX_MAX) * 2 > len(numbers):
            return col.name, found[0][0], phrase("misread.index_above", limit=INDEX_MAX)
        if col.type == "count" and sum(1 for d in numbers if d != int(d)) * 2 > len(numbers):
            return col.name, found[0][0], phrase("misread.count_fractions")
    return _scale_apart(table)


def _median(xs: list) -> float:
    xs = sorted(xs)
    return float(xs[len(xs) // 2])


def _scale_apart(table: Table) -> tuple[str, str, Phrase] | None:
    """Two amount columns of one measure (pagu 2022, pagu 2023) whose values sit about a
    thousand times apart: one of them was read in another unit (`(000)` not seen)."""
    by_base: dict[str, list] = {}
    for col in table.columns:
        if col.type != "amount" or not col.base:
            continue
        vals = [abs(v.number) for r in table.rows if r.kind == "data" and (v := r.values.get(col.name)) is not None
                and v.kind == "number" and v.number]
        if len(vals) >= 3:
            by_base.setdefault(col.base, []).append((col, _median(vals)))
    for cols in by_base.values():
        for a, ma in cols:
            for b, mb in cols:
                if a is not b and mb and 500 <= ma / mb <= 2000:
                    cell = next(v.cell for r in table.rows if (v := r.values.get(a.name)) is not None
                                and v.kind == "number")
                    return a.name, cell, phrase(
                        "misread.scale_apart", other=table.title_of(b.name))
    return None
