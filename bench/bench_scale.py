"""Does the cost of a check grow with the rows, and no faster? Long tables, built from the tidy sample.

    python bench/bench_scale.py                 # prints a table; figures recorded in bench/README.md
    python bench/bench_scale.py --copies 16 64 256 --widths 50 200 400

A balai's RKA-K/L detail or its list of services can run to thousands of rows. Each case
takes one table of `samples/bspji-pekanbaru-2023-rapi.xlsx` (its caption and header
kept), writes its body `k` times under the header with a blank row after each copy (a
page break the reader must read across), and times `read_report` and the rules on it.
Per 1000 rows the cost should stay flat; the verdict column says how much it grew from
the fewest rows to the most (1,0 = linear). A loop over the rows already read, per row,
shows up here as a growth of about `k`.

Then width: one header row of `n` columns (No, Indikator Kinerja, Target, Realisasi,
Capaian over and over) with a blank column between each and 40 rows under it — every
blank is a place two tables could stand side by side.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_of  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TIDY = ROOT / "samples" / "bspji-pekanbaru-2023-rapi.xlsx"
# case: (sheet, first row, last row, first column, last column, rows of caption + header)
CASES = {
    "anggaran_rkakl (code tree)": ("Anggaran", 154, 241, 1, 5, 3),
    "anggaran_kegiatan (numbered)": ("Anggaran", 25, 63, 1, 3, 3),
    "layanan_per_jenis (numbered)": ("Layanan", 35, 52, 1, 6, 3),
    "capaian_kinerja (sasaran groups)": ("Kinerja", 107, 149, 1, 6, 3),
}


def build(path: Path, source, k: int) -> int:
    """The case's table with its body written k times; the number of rows written."""
    import openpyxl
    sheet, r1, r2, c1, c2, head = source
    ws_in = openpyxl.load_workbook(TIDY)[sheet]
    block = [[ws_in.cell(r, c).value for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
    rows = list(block[:head])
    for _ in range(k):
        rows.extend(block[head:])
        rows.append([None] * len(block[0]))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tabel"
    for i, row in enumerate(rows, 1):
        for j, v in enumerate(row, 1):
            if v is not None:
                ws.cell(i, j, v)
    wb.save(path)
    return len(rows)


def build_wide(path: Path, n: int) -> None:
    import openpyxl
    heads = ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]
    wb = openpyxl.Workbook()
    ws = wb.active
    for j in range(n):
        ws.cell(1, 2 * j + 1, heads[j % 5])
        for r in range(2, 42):
            ws.cell(r, 2 * j + 1, f"IK {r}" if j % 5 == 1 else r)
    wb.save(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, nargs="+", default=[16, 64, 256])
    ap.add_argument("--widths", type=int, nargs="+", default=[50, 200, 400])
    args = ap.parse_args()
    from lakip_lint.read import read_report
    from lakip_lint.rules import load_rules, run_rules
    rules = load_rules()
    print(f"{'table':34} {'copies':>6} {'rows':>6} {'read':>8} {'rules':>8} {'ms/1000 rows':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, source in CASES.items():
            per_row = []
            for k in args.copies:
                path = Path(tmp) / f"{k}.xlsx"
                n = build(path, source, k)
                report = read_report(str(path))
                read_t = median_of(lambda: read_report(str(path)), 3)
                rules_t = median_of(lambda: run_rules(report, rules, {}, {}), 3)
                per_row.append((read_t + rules_t) / n * 1e6)
                print(f"{name:34} {k:6d} {n:6d} {read_t * 1000:6.0f}ms {rules_t * 1000:6.0f}ms {per_row[-1]:12.0f}")
            print(f"{'':34} growth per row, {args.copies[0]} → {args.copies[-1]} copies: "
                  f"{per_row[-1] / per_row[0]:.2f}")
        per_col = []
        for n in args.widths:
            path = Path(tmp) / f"wide{n}.xlsx"
            build_wide(path, n)
            read_t = median_of(lambda: read_report(str(path)), 3)
            per_col.append(read_t / n * 1000)
            print(f"{'spaced header columns':34} {n:6d} {40:6d} {read_t * 1000:6.0f}ms {'':>8} "
                  f"{per_col[-1]:9.2f} ms/col")
        print(f"{'':34} growth per column, {args.widths[0]} → {args.widths[-1]}: {per_col[-1] / per_col[0]:.2f}")


if __name__ == "__main__":
    main()
