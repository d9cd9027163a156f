"""Difference column: a `Selisih`, `Sisa`, `Kenaikan/(Penurunan)`, `Lebih/(Kurang)` column
in rupiah or units equals one figure column minus another (or the same column minus the
previous row's, in a table of one row per year), found from the table's own rows.

Every ordered pair (a, b) of the other figure columns is a candidate `a − b`, and each
figure column against its previous row; the candidate that holds on at least `min_share`
of at least `min_rows` rows is adopted (discover.py), and each row breaking it is a
finding. Without such a majority nothing is reported.

Options: min_rows (3), min_share (0.75), headers — the words that make a column a
difference column.

Passes (Sisa = Pagu − Realisasi on every row):
  | Jenis   | Pagu  | Realisasi | Sisa |
  | Pegawai | 5.120 | 5.010     | 110  |
  | Barang  | 3.450 | 3.201     | 249  |
  | Modal   | 1.200 | 1.150     | 50   |
  | Jumlah  | 9.770 | 9.361     | 409  |
Fails: Sisa of Barang written 294 — Pagu − Realisasi = 249 holds on the 3 other rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...labels import words
from .. import discover

NAME = "difference_column"
OPTIONAL = True          # relations found in the report: none found is no failure to run
DIFF_WORDS = ["selisih", "sisa", "kenaikan", "penurunan", "naik", "turun", "lebih", "kurang", "perubahan",
              "deviasi", "pertumbuhan"]


@dataclass
class Params(discover.Adoption):
    headers: list[str] = field(default_factory=lambda: list(DIFF_WORDS))


def _words(table, name: str) -> set[str]:
    return {w for h in table.column(name).header for w in words(h)}


def candidates(table, target: str, diff_words: set[str]) -> list[discover.Candidate]:
    pos = discover.position(table)
    figs = [n for n in discover.figure_columns(table) if n != target and not (_words(table, n) & diff_words)]
    out = []
    for a in figs:
        for b in figs:
            if a != b:
                out.append(discover.Candidate(target, "diff", (a, b), abs(pos[target] - pos[a]) + abs(pos[target] - pos[b])))
    for a in figs:
        out.append(discover.Candidate(target, "diff_prev", (a,), abs(pos[target] - pos[a])))
    return out


def check(params: Params, run):
    diff_words = set(params.headers)
    yield from discover.check_columns(
        run, params,
        lambda table, col: col.type in discover.FIGURES and bool(_words(table, col.name) & diff_words),
        lambda table, name: candidates(table, name, diff_words))
