"""Category: a stated label (mutu, predikat) matches the band its value falls in.

Bands come from the regulation, in the rule file, highest first, each with its lower
bound and whether the bound itself belongs to the band (SAKIP: AA is *above* 90, so 90
is A; IKM: A from 3,5324 inclusive). The value is compared as written: a value that is
exactly on a boundary is judged by the boundary rule, not rounded across it.

Options (defaults beside the fields of `Params`):
  value    the column holding the value (required)
  stated   the column holding the stated label (required)
  bands    the bands, highest first: `label`, `min` (none: the lowest band), `inclusive`
           (the bound belongs to the band; true) (required)
  factor   the value is multiplied by it before banding (1)
  rows     the kinds of row checked (data)

Passes (bands AA above 90, A above 80, B from 0):
  | Unit    | Nilai | Predikat |
  | Balai A | 92,10 | AA       |
  | Balai B | 90,00 | A        |
Fails: Predikat of Balai B written AA — 90,00 is not above 90, so the band is A.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..engine import row_label
from ..outcomes import Broken, NotApplicable, NotRun, Passed, figure, is_figure
from ...findings import phrase

NAME = "category"


@dataclass
class Params:
    value: str | None = None
    stated: str | None = None
    factor: float = 1
    rows: list[str] = field(default_factory=lambda: ["data"], metadata={"items_enum": ["data", "total", "mean"]})
    bands: list[dict] | None = None


def band(value: Decimal, bands: list[dict]) -> str | None:
    for b in bands:
        lo = b.get("min")
        if lo is None:
            return b["label"]
        lo = Decimal(str(lo))
        if value > lo or (b.get("inclusive", True) and value == lo):
            return b["label"]
    return None


def check(params: Params, run):
    for table in run.tables():
        if table.column(params.value) is None or table.column(params.stated) is None:
            yield NotRun(phrase("reason.columns_missing", columns=f"'{params.value}'/'{params.stated}'", table=table.label), table.ref, table)
            continue
        for row in table.rows:
            if row.kind not in params.rows:
                continue
            label = row.get(params.stated)
            if label is None or label.kind in ("empty", "dash", "na"):
                yield NotApplicable()
                continue
            a = figure(row.get(params.value), rounded=False, table=table)
            if not is_figure(a):
                yield a
                continue
            value = a.mid * Decimal(str(params.factor))
            want = band(value, params.bands)
            said = " ".join(str(label.text or label.raw or "").split())
            if want is None or said.upper() == want.upper():
                yield Passed((label.cell, row.get(params.value).cell))
            else:
                yield Broken(label.cell, table, related=[row.get(params.value).cell],
                             params=dict(row=row_label(table, row), value=row.get(params.value).raw, label=said,
                                         expected_label=want))
