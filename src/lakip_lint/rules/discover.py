"""Relations a table's own figures follow, found from its rows rather than told by a rule.

A column headed `%`, `Jumlah`, `Selisih` or `Kenaikan` states a relation with other
columns without naming them. The kinds that check such columns (kinds/percent_column.py,
kinds/total_column.py, kinds/difference_column.py) each propose candidate relations; this
module evaluates them row by row and adopts one only when it holds on a clear majority of
enough rows (by default ≥ 75 % of at least 3 rows) — never from a single row. The rows
that break an adopted relation are the findings; a relation no majority supports is not
reported at all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Row, Table
from ..read.grid import col_index
from .engine import as_number, column_title, row_label
from .outcomes import Compared, NotApplicable, figure, is_figure  # noqa: F401 (figure, is_figure: for kinds)
from .tolerance import Approx, judge
from .values import BLANKS
from ..findings import phrase

FIGURES = {"amount", "count", "number", "index", "score"}
HUNDRED = Approx.exact(100)


@dataclass
class Adoption:
    """How much evidence adopts a relation: the options every column-relation kind shares
    (their Params extend this)."""
    min_rows: int = field(default=3, metadata={"minimum": 2})        # rows it must be evaluable on
    min_share: float = field(default=0.75, metadata={"minimum": 0.5, "maximum": 1})   # share it must hold on


@dataclass(frozen=True)
class Candidate:
    """target = f(cols) in one of these shapes:
    ratio a/b×100 · change (a−b)/b×100 · share d/b×100 (d a difference column) ·
    sum Σ cols · diff a−b · diff_prev a − a(previous row) · change_prev (a − a(prev))/a(prev)×100."""
    target: str
    shape: str
    cols: tuple[str, ...]
    distance: int = 0          # how far the columns sit from the target (nearer wins a tie)

    def compute(self, row: Row, prev: Row | None) -> Approx | None:
        """The computed value for this row, or None when an input is missing or unreadable."""
        xs: list[Approx] = []
        token = BLANKS.set(None) if self.shape == "sum" else None   # a blank part of a sum is nothing
        try:
            found = [figure(row.get(name)) for name in self.cols]
        finally:
            if token is not None:
                BLANKS.reset(token)
        for x in found:
            if self.shape == "sum" and isinstance(x, NotApplicable):
                continue                 # an empty or nil part adds nothing
            if not is_figure(x):
                return None
            xs.append(x)
        if not xs:
            return None
        try:
            if self.shape == "ratio":
                return xs[0] / xs[1] * HUNDRED
            if self.shape in ("change", "share"):
                base = xs[1]
                top = xs[0] - xs[1] if self.shape == "change" else xs[0]
                return top / base * HUNDRED
            if self.shape == "sum":
                total = Approx.exact(0)
                for x in xs:
                    total = total + x
                return total
            if self.shape == "diff":
                return xs[0] - xs[1]
            if self.shape in ("diff_prev", "change_prev"):
                if prev is None:
                    return None
                p = figure(prev.get(self.cols[0]))
                if not is_figure(p):
                    return None
                return xs[0] - p if self.shape == "diff_prev" else (xs[0] - p) / p * HUNDRED
        except ZeroDivisionError:
            return None
        raise ValueError(self.shape)

    def cells(self, row: Row, prev: Row | None) -> list[str]:
        out = [v.cell for n in self.cols if (v := row.get(n)) is not None]
        before = prev.get(self.cols[0]) if prev is not None else None
        if self.shape in ("diff_prev", "change_prev") and before is not None:
            out.append(before.cell)
        return out

    def formula(self, table: Table):
        """The formula in the table's own header words: text, or a catalog phrase where it
        names the previous row."""
        t = [f"[{column_title(table, n)}]" for n in self.cols]
        if self.shape in ("ratio", "share"):
            return f"{t[0]} / {t[1]} × 100"
        if self.shape == "change":
            return f"({t[0]} − {t[1]}) / {t[1]} × 100"
        if self.shape == "sum":
            return " + ".join(t)
        if self.shape == "diff":
            return f"{t[0]} − {t[1]}"
        if self.shape == "diff_prev":
            return phrase("phrase.minus_previous", column=t[0])
        return phrase("phrase.change_from_previous", column=t[0])


@dataclass
class Adopted:
    candidate: Candidate
    held: int                  # rows where it holds
    rows: int                  # rows where it could be evaluated


def stated(row: Row, name: str):
    """The target cell as a stated number ('-' is a stated zero), or None."""
    v = row.get(name)
    if v is None or v.kind not in ("number", "dash"):
        return None
    return as_number(v)


def walk(table: Table, kinds=("data", "total")) -> list[tuple[Row, Row | None]]:
    """(row, the data row before it) for the rows a relation is judged on."""
    out: list[tuple[Row, Row | None]] = []
    prev: Row | None = None
    for row in table.rows:
        if row.kind in kinds:
            out.append((row, prev if row.kind == "data" else None))
        if row.kind == "data":
            prev = row
    return out


def adopt(candidates: list[Candidate], rows: list[tuple[Row, Row | None]], min_rows: int, share: float
          ) -> Adopted | None:
    """The candidate holding on the largest share of the rows where it can be evaluated,
    when that share is at least `share` of at least `min_rows` rows; ties go to the
    candidate whose columns sit nearest the target, then to the first proposed."""
    token = BLANKS.set(None)             # trying candidates meets blanks that are no finding
    try:
        return _adopt(candidates, rows, min_rows, share)
    finally:
        BLANKS.reset(token)


def _adopt(candidates, rows, min_rows, share) -> Adopted | None:
    best, best_key = None, None
    for i, cand in enumerate(candidates):
        held = n = 0
        for row, prev in rows:
            s = stated(row, cand.target)
            if s is None:
                continue
            c = cand.compute(row, prev)
            if c is None:
                continue
            n += 1
            if judge(s, c).ok:
                held += 1
        if n < min_rows or Decimal(held) < Decimal(str(share)) * n:
            continue
        key = (Decimal(held) / n, held, -cand.distance, -i)
        if best_key is None or key > best_key:
            best, best_key = Adopted(cand, held, n), key
    return best


def figure_columns(table: Table) -> list[str]:
    return [c.name for c in table.columns if c.type in FIGURES]


def position(table: Table) -> dict[str, int]:
    """Column name → its sheet column number (for 'nearest' ties)."""
    return {c.name: _column_number(c.cell) for c in table.columns}


def _column_number(ref: str | None) -> int:
    """'Sheet'!AB12 → 28 (0 when there is no reference)."""
    letters = "".join(ch for ch in (ref or "").rsplit("!", 1)[-1] if ch.isalpha())
    return col_index(letters.upper()) if letters else 0


def check_columns(run, params, is_target, candidates):
    """The outcomes of a column relation on every table of the rule: for each column
    `is_target(table, column)` picks, the candidate relations `candidates(table, name)`
    proposes are tried (`adopt`), and every row is judged against the one adopted."""
    for table in run.tables():
        rows = walk(table)
        for col in table.columns:
            if not is_target(table, col):
                continue
            cands = candidates(table, col.name)
            found = adopt(cands, rows, params.min_rows, params.min_share) if cands else None
            if found is None:
                yield NotApplicable()
                continue
            yield from judge_rows(table, found, rows)


def judge_rows(table, found: Adopted, rows):
    """One outcome per row where the adopted relation can be evaluated."""
    cand = found.candidate
    for row, prev in rows:
        s = stated(row, cand.target)
        c = cand.compute(row, prev) if s is not None else None
        if c is None:
            yield NotApplicable()
            continue
        yield Compared(s, c, table, related=cand.cells(row, prev),
                       params={"row": row_label(table, row), "column": cand.target,
                               "formula": cand.formula(table),
                               "held": found.held, "rows": found.rows})
