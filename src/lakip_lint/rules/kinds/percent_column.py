"""Percent column: a `%` / `Persentase` / `Capaian` / `Realisasi (%)` column follows a
ratio of two figure columns of its table, found from the table's own rows.

Every ordered pair (a, b) of the table's figure columns is a candidate `a / b × 100`; a
column whose header speaks of change (`Kenaikan`, `Naik/(Turun) %`, `Pertumbuhan`) also
tries `(a − b) / b × 100`, a difference column over its base, and the change against the
previous row (a table of one row per year). The candidate that holds on at least
`min_share` of at least `min_rows` rows (Total rows included) is adopted (see
discover.py); each row that breaks it is a finding saying which relation and on how many
rows it holds. Without such a majority nothing is reported.

Options (defaults beside the fields of `Params`):
  min_rows   rows the relation must be evaluable on before it can be adopted (3)
  min_share  share of those rows on which it must hold (0.75)
  headers    header words that make a column a percent column to check
  change     header words that make it a percentage change

Passes (Realisasi / Pagu × 100 on every row):
  | Jenis Belanja | Pagu  | Realisasi | %     |
  | Pegawai       | 5.120 | 5.010     | 97,85 |
  | Barang        | 3.450 | 3.201     | 92,78 |
  | Modal         | 1.200 | 1.150     | 95,83 |
Fails (row Barang: 3.201 / 3.450 × 100 = 92,78, written 97,28 — the relation holds on 2 of 3
rows, which is below 75 %, so add one more row that holds and Barang is reported).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...labels import words
from .. import discover
from ..outcomes import Compared, NotApplicable, Passed

NAME = "percent_column"
OPTIONAL = True          # relations found in the report: none found is no failure to run
CHANGE_WORDS = ["kenaikan", "penurunan", "naik", "turun", "pertumbuhan", "perubahan", "growth", "change"]


@dataclass
class Params(discover.Adoption):
    change: list[str] = field(default_factory=lambda: list(CHANGE_WORDS))


def candidates(table, target: str, change_words: set[str]) -> list[discover.Candidate]:
    pos = discover.position(table)
    figs = discover.figure_columns(table)
    col = table.column(target)
    ws = {w for h in col.header for w in words(h)}
    changing = bool(ws & change_words)
    diffs = [n for n in figs if {w for h in table.column(n).header for w in words(h)} & (change_words | {"selisih"})]
    out = []
    for a in figs:
        for b in figs:
            if a == b:
                continue
            dist = abs(pos[target] - pos[a]) + abs(pos[target] - pos[b])
            if a not in diffs:
                out.append(discover.Candidate(target, "ratio", (a, b), dist))
            if changing and a not in diffs and b not in diffs:
                out.append(discover.Candidate(target, "change", (a, b), dist))
            if changing and a in diffs and b not in diffs:
                out.append(discover.Candidate(target, "share", (a, b), dist))
    if changing:
        for a in figs:
            if a not in diffs:
                out.append(discover.Candidate(target, "change_prev", (a,), abs(pos[target] - pos[a])))
    return out


def _leaf(table, name: str) -> set[str]:
    col = table.column(name)
    return set(words(col.header[-1])) if col is not None and col.header else set()


def named_pair(table, target: str) -> discover.Candidate | None:
    """`Capaian` beside one `Realisasi` and one `Target` column: the headers say the
    relation (realisasi / target × 100), so it needs no majority to be adopted."""
    if "capaian" not in _leaf(table, target):
        return None
    figs = [c.name for c in table.columns if c.name != target and c.type in discover.FIGURES | {"percent"}]
    real = [n for n in figs if "realisasi" in _leaf(table, n)]
    goal = [n for n in figs if "target" in _leaf(table, n)]
    if len(real) != 1 or len(goal) != 1:
        return None
    return discover.Candidate(target, "ratio", (real[0], goal[0]), 0)


def check(params: Params, run):
    change_words = set(params.change)
    for table in run.tables():
        percent_cols = [c.name for c in table.columns if c.type == "percent"]
        rows = discover.walk(table)
        for target in percent_cols:
            named = named_pair(table, target)
            if named is not None:
                outcomes = list(_named(table, discover.Adopted(named, 0, 0), rows))
                judged = [o for o in outcomes if isinstance(o, (Compared, Passed))]
                held = sum(1 for o in judged if isinstance(o, Passed) or o.verdict.ok)
                if judged and held * 2 >= len(judged):   # the headers name it; half the rows bear it out
                    for o in outcomes:
                        if isinstance(o, Compared):
                            o.params.update(held=held, rows=len(judged))
                        yield o
                    continue
            found = discover.adopt(candidates(table, target, change_words), rows, params.min_rows, params.min_share)
            if found is None:
                yield NotApplicable()
                continue
            yield from discover.judge_rows(table, found, rows)


def _named(table, found, rows):
    """Rows judged against realisasi / target × 100; a row that follows a minimising
    indicator's form instead (target / realisasi × 100, or (2 × target − realisasi) /
    target × 100) passes — which indicators minimise is not the table's to say."""
    real, goal = found.candidate.cols
    for outcome in discover.judge_rows(table, found, rows):
        if isinstance(outcome, Compared) and not outcome.verdict.ok:
            row = next(r for r, _ in rows if r.get(found.candidate.target) is not None
                       and r.get(found.candidate.target).cell == outcome.stated.cell)
            alt = [discover.Candidate(found.candidate.target, "ratio", (goal, real), 0).compute(row, None)]
            r, t = discover.figure(row.get(real)), discover.figure(row.get(goal))
            if discover.is_figure(r) and discover.is_figure(t):
                try:
                    alt.append((t + t - r) / t * discover.HUNDRED)
                except ZeroDivisionError:
                    pass
            if any(a is not None and Compared(outcome.stated, a, table).verdict.ok for a in alt):
                yield Passed(tuple(outcome.related))
                continue
        yield outcome
