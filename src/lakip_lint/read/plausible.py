"""Does a table, once typed, look like what its kind holds? A year sequence inside the
data rows (`2011 2012 2013 2014`: a header row read as data), a percentage column
holding amounts, an index column of values no index takes: the table was misread. It
gets one reading notice naming the column and the evidence, and the rules leave it
alone ("not checked: table misread") instead of failing on every cell.
"""
from __future__ import annotations

from ..model import Table
from .values import INDEX_MAX

FIRST_YEAR, LAST_YEAR = 1990, 2100


def misreading(table: Table) -> tuple[str, str, dict] | None:
    """(column, cell, evidence {id, en}) of the first sign that `table` was misread."""
    for row in table.rows:
        if row.kind != "data":
            continue
        years = [(n, v) for n, v in row.values.items() if v.kind == "number" and v.number is not None
                 and (c := table.column(n)) is not None and c.type not in ("year", "code", "text")]
        nums = [int(v.number) for _, v in years if v.number == int(v.number)]
        if len(years) >= 3 and len(nums) == len(years) and all(FIRST_YEAR <= y <= LAST_YEAR for y in nums) \
                and all(b == a + 1 for a, b in zip(nums, nums[1:])):
            name, v = years[0]
            return name, v.cell, {"id": f"baris {row.sheet_row} berisi deret tahun {nums[0]}–{nums[-1]} "
                                        "(judul kolom terbaca sebagai data)",
                                  "en": f"row {row.sheet_row} holds the years {nums[0]}–{nums[-1]} "
                                        "(a header row read as data)"}
    for col in table.columns:
        values = [v for r in table.rows if r.kind == "data" and (v := r.values.get(col.name)) is not None
                  and v.kind == "number" and v.number is not None]
        if len(values) < 2:
            continue
        if col.type == "percent" and sum(1 for v in values if abs(v.number) >= 100_000) * 2 > len(values):
            return col.name, values[0].cell, {"id": "kolom persen berisi angka nominal (≥ 100.000)",
                                              "en": "a percentage column holds amounts (≥ 100,000)"}
        if col.type == "index" and sum(1 for v in values if abs(v.number) > INDEX_MAX) * 2 > len(values):
            return col.name, values[0].cell, {"id": f"kolom indeks berisi nilai di atas {INDEX_MAX}",
                                              "en": f"an index column holds values above {INDEX_MAX}"}
    return None
