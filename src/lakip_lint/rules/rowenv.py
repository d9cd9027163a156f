"""Expressions evaluated against one table row: names are the row's columns."""
from __future__ import annotations

from ..model import Report, Row, Table
from .expr import Env, NotApplicable, NotComputable
from .places import year_of
from .tolerance import Approx
from .values import approx
from ..findings import phrase


class RowEnv(Env):
    def __init__(self, table: Table, row: Row, report: Report, rounded: bool = False,
                 through_year: int | None = None, extra: dict | None = None):
        self.table, self.row, self.report = table, row, report
        self.rounded = rounded
        self.through_year = through_year
        self.extra = extra or {}
        self.cells: list[str] = []          # cells read, for 'related' in findings

    def _column(self, name: str, sel: str | None) -> str:
        if sel is None:
            return name
        y = year_of(sel, self.report, None)
        if y is None and sel.isdigit():
            return f"{name}[{sel}]"
        if y is None:
            raise NotComputable(phrase("reason.fiscal_year_unknown"))
        return f"{name}[{y}]"

    def lookup(self, name: str, sel: str | None) -> Approx:
        if sel is None and name in self.extra:
            return self.extra[name]
        if name == "fy" and sel is None:
            if self.report.fiscal_year is None:
                raise NotComputable(phrase("reason.fiscal_year_unknown"))
            return Approx.exact(self.report.fiscal_year)
        col = self._column(name, sel)
        if self.table.column(col) is None:
            raise NotApplicable(f"kolom {col} tidak ada")
        v = self.row.get(col)
        a = approx(v, self.rounded)
        self.cells.append(v.cell)
        return a

    def lookup_many(self, name: str, sel: str | None) -> list[Approx]:
        cols = [c for c in self.table.columns if (c.base or c.name) == name and c.name != name]
        if self.through_year is not None:
            cols = [c for c in cols if c.year is None or c.year <= self.through_year]
        out = []
        for c in sorted(cols, key=lambda c: (c.year or 0, c.quarter or 0)):
            v = self.row.get(c.name)
            try:
                out.append(approx(v, self.rounded))
                self.cells.append(v.cell)
            except NotApplicable:
                continue
        return out
