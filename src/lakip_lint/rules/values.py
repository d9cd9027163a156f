"""How a rule sees a cell: a number interval, 'no value', or 'cannot read'.

`-` is zero in amount and count columns but "no target" in indicator columns; N/A and
empty cells mean the check does not apply; ambiguous, unreadable, error and uncached
formula cells mean the check cannot run, and say why.
"""
from __future__ import annotations

from contextvars import ContextVar

from ..model import Value
from .expr import NotApplicable, NotComputable
from .tolerance import Approx
from ..findings import phrase

REASONS = {          # a value's kind -> the catalog's reason why it is no figure
    "ambiguous": "reason.value_ambiguous",
    "text": "reason.value_text",
    "error": "reason.value_error",
    "formula_uncached": "reason.value_formula",
    "date": "reason.value_date",
}


# The blank cells the running check met: the engine gives each rule a list here and
# judges afterwards which blanks are gaps in a column of figures (a deleted value) and
# which are legitimately empty.
BLANKS: ContextVar[list | None] = ContextVar("lakip_blanks", default=None)


def approx(v: Value | None, rounded: bool, dash_is_zero: bool = True) -> Approx:
    """The interval a cell stands for, or raise NotApplicable / NotComputable."""
    if v is None or v.kind == "empty":
        sink = BLANKS.get()
        if sink is not None and v is not None and v.cell:
            sink.append(v.cell)
        raise NotApplicable("sel kosong")
    if v.kind == "number" and v.number is not None:
        return Approx.of(v, rounded)
    if v.kind == "dash":
        if dash_is_zero:
            return Approx.exact(0)
        raise NotApplicable("tanpa nilai (-)")
    if v.kind == "na":
        raise NotApplicable("N/A")
    raise NotComputable(phrase(REASONS.get(v.kind, "reason.unreadable"), raw=v.raw), v.cell)


def sum_of(rows, col: str, rounded: bool = True) -> tuple[Approx, list[str]]:
    """Σ of one column over rows, each part carrying its rounding; N/A and empty parts are
    skipped. Returns the sum and the cells added; an unreadable part raises NotComputable."""
    total, cells = Approx.exact(0), []
    for r in rows:
        v = r.get(col)
        try:
            total = total + approx(v, rounded)
        except NotApplicable:
            continue
        cells.append(v.cell)
    return total, cells
