"""Total column: a `Jumlah` / `Total` column equals the sum of the figure columns of its
group — the columns under the same group header, else the run of figure columns just
left of it — found from the table's own rows.

Candidates are the group's figure columns left of the total, and each run of two or more
figure columns ending next to it; the one that holds on at least `min_share` of at least
`min_rows` rows is adopted (discover.py) and each row breaking it is a finding. Parts
carry their rounding into the sum (XBRL Calculations 1.1).

Options: min_rows (3), min_share (0.75), headers — the words that make a column a total.

Passes:
  | Satker | RM    | PNBP | Jumlah |
  | A      | 1.000 | 200  | 1.200  |
  | B      | 2.000 | 300  | 2.300  |
  | C      | 500   | 50   | 550    |
Fails: Jumlah of B written 2.200 — RM + PNBP = 2.300 holds on the other rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...labels import words
from .. import discover

NAME = "total_column"
OPTIONAL = True          # relations found in the report: none found is no failure to run
TOTAL_WORDS = ["jumlah", "total"]


@dataclass
class Params(discover.Adoption):
    headers: list[str] = field(default_factory=lambda: list(TOTAL_WORDS))


def _leaf_words(table, name: str) -> set[str]:
    col = table.column(name)
    return set(words(col.header[-1])) if col.header else set()


def candidates(table, target: str, total_words: set[str]) -> list[discover.Candidate]:
    pos = discover.position(table)
    col = table.column(target)
    group = tuple(col.header[:-1])
    left = sorted((n for n in discover.figure_columns(table) if pos[n] < pos[target]), key=lambda n: pos[n])
    out = []
    if group:
        siblings = [n for n in left if tuple(table.column(n).header[:-1]) == group]
        if len(siblings) >= 2:
            out.append(discover.Candidate(target, "sum", tuple(siblings), 0))
    run: list[str] = []                      # the contiguous figure columns just left of it
    for n in reversed(left):
        if pos[n] != pos[target] - len(run) - 1 or _leaf_words(table, n) & total_words:
            break
        run.insert(0, n)
    for k in range(len(run) - 1):
        parts = tuple(run[k:])
        if len(parts) >= 2:
            out.append(discover.Candidate(target, "sum", parts, len(run) - k))
    return out


def check(params: Params, run):
    total_words = set(params.headers)
    yield from discover.check_columns(
        run, params,
        lambda table, col: col.type in discover.FIGURES and bool(_leaf_words(table, col.name) & total_words),
        lambda table, name: candidates(table, name, total_words))
