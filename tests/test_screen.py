"""lakip-lint screen on a small generated batch: summary workbook, dashboard, pages,
identity from content, reference (LKP601) and previous-year (LKP602) checks, exit code."""
from __future__ import annotations

import os
import sys

import pytest
from openpyxl import Workbook, load_workbook

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))

from generate_balai import prepare, write_copy, inject  # noqa: E402

from lakip_lint.screen import ScreenOptions, run  # noqa: E402


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    import random
    prep = prepare()
    d = tmp_path_factory.mktemp("balai")
    rng = random.Random(7)
    # the file name says Jambi, the content another balai: identity comes from the content
    write_copy(prep, str(d / "laporan-jambi-2023.xlsx"), "Jambi", 0, [])
    muts = []
    while not muts or muts[0]["kind"] != "x1000":
        muts = inject(prep, rng, 1)
    write_copy(prep, str(d / "kendari-2024.xlsx"), "Kendari", 1, muts)
    write_copy(prep, str(d / "arsip-mataram.xlsx"), "Kupang", 0, [])
    (d / "rusak.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    prev = tmp_path_factory.mktemp("lalu")
    write_copy(prep, str(prev / "jambi-2022.xlsx"), "Jambi", -1, [])
    return d, prev, muts[0]


def _rows(path, sheet=0):
    return list(load_workbook(path).worksheets[sheet].iter_rows(values_only=True))


def test_screen_batch(batch, tmp_path):
    d, _, mut = batch
    out = tmp_path / "out"
    rc = run(ScreenOptions(paths=[str(d)], out=str(out), jobs=2))
    assert rc == 1
    rows = _rows(out / "ringkasan.xlsx")
    assert rows[0][:3] == ("Berkas", "Balai", "TA")
    by_file = {os.path.basename(r[0]): r for r in rows[1:]}
    assert len(by_file) == 4
    assert by_file["laporan-jambi-2023.xlsx"][1:3] == ("BSPJI Jambi", 2023)
    assert by_file["laporan-jambi-2023.xlsx"][7] == "LULUS"
    assert by_file["kendari-2024.xlsx"][1:3] == ("BSPJI Kendari", 2024)
    assert by_file["kendari-2024.xlsx"][7] == "PERLU PERBAIKAN"
    assert by_file["rusak.xlsx"][7] == "TIDAK TERBACA"
    # content wins over the file name, and the disagreement is flagged
    assert by_file["arsip-mataram.xlsx"][1] == "BSPJI Kupang"
    findings = _rows(out / "ringkasan.xlsx", 2)
    assert any(f[2].endswith("arsip-mataram.xlsx") and f[3] == "LKP605" for f in findings)
    assert any(f[2].endswith("kendari-2024.xlsx") and f[4] == "error" for f in findings), mut
    # every finding row lists the other cells it names (a chain or a total names both ends)
    assert findings[0][9] in ("Sel terkait",)
    assert any(f[9] and "!" in f[9] for f in findings[1:] if f[4] == "error")
    matrix = _rows(out / "ringkasan.xlsx", 1)
    assert "BSPJI Kendari" in matrix[0]
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "http" not in html.replace("http-equiv", "")
    for name in ("BSPJI Jambi", "BSPJI Kendari", "BSPJI Kupang"):
        assert name in html
    pages = sorted(os.listdir(out / "balai"))
    assert len(pages) == 4
    for p in pages:
        assert f'href="balai/{p}"' in html
    assert "BSPJI Kendari" in (out / "balai" / "bspji-kendari-2024.html").read_text(encoding="utf-8") or \
        "Kendari" in (out / "balai" / "bspji-kendari-2024.html").read_text(encoding="utf-8")


def test_reference_and_previous(batch, tmp_path):
    d, prev, _ = batch
    ref = tmp_path / "ref.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Satker", "Tahun", "Nilai SAKIP", "Predikat", "Nilai Laporan Keuangan"])
    ws.append(["BSPJI Jambi", 2023, 76.2, "BB", None])        # the report says 75,15
    ws.append(["BSPJI Medan", 2023, 77.10, "BB", None])       # agrees with the copy in Tabel 27
    ws.append(["BSPJI Padang", 2023, 70.00, "BB", None])      # the copy says 74,80
    wb.save(ref)
    out = tmp_path / "out"
    rc = run(ScreenOptions(paths=[str(d / "laporan-jambi-2023.xlsx")], out=str(out), jobs=1,
                           reference=str(ref), previous=str(prev)))
    assert rc == 1
    findings = _rows(out / "ringkasan.xlsx", 2)
    lkp601 = [f for f in findings if f[3] == "LKP601"]
    assert lkp601 and all(f[4] == "error" and f[7] == 76.2 for f in lkp601)
    assert any("Tabel 27" in f[5] for f in lkp601) and any(f[8] == 75.15 for f in lkp601)
    lkp604 = [f for f in findings if f[3] == "LKP604"]
    assert len(lkp604) == 1 and lkp604[0][7] == 70
    # the 2022 copy states its own year's values; the 2023 copy quotes other ones for 2022
    lkp602 = [f for f in findings if f[3] == "LKP602"]
    assert lkp602 and all(f[5] and f[7] is not None for f in lkp602)
    assert _rows(out / "ringkasan.xlsx")[1][7] == "PERLU PERBAIKAN"


def test_english_output_and_changed_renstra_targets(batch, tmp_path, capsys):
    """`--lang en` names sheets, headers and messages in English; a Renstra target that last
    year's report stated differently is a warning (LKP603) naming both cells."""
    from lakip_lint.read import read_report
    d, prev, _ = batch
    out = tmp_path / "out"
    rc = run(ScreenOptions(paths=[str(d / "laporan-jambi-2023.xlsx")], out=str(out), jobs=1,
                           previous=str(prev), lang="en"))
    assert rc == 1
    book = load_workbook(out / "ringkasan.xlsx")
    assert book.sheetnames == ["Summary", "Rule x balai", "Findings"]
    findings = list(book["Findings"].iter_rows(values_only=True))
    assert findings[0][:6] == ("Balai", "FY", "File", "Code", "Severity", "Cell")
    lkp603 = [f for f in findings[1:] if f[3] == "LKP603"]
    assert lkp603 and all(f[4] == "warning" and f[6].startswith("Renstra target") for f in lkp603)
    # the finding's numbers are the two reports' own cells: this year's stated, last year's expected
    now = read_report(str(d / "laporan-jambi-2023.xlsx"))
    before = read_report(str(prev / "jambi-2022.xlsx"))

    def number(report, cell):
        for t in report.tables:
            for row in t.rows:
                for v in row.values.values():
                    if v.cell == cell and v.is_number:
                        return float(v.number)
        return None
    f = lkp603[0]
    prev_cell = f[6].split("jambi-2022.xlsx, ", 1)[1].split(")", 1)[0]
    assert number(now, f[5]) == f[8] and number(before, prev_cell) == f[7] != f[8]
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "BSKJI LAKIP screening" in html
    assert "reports screened" in capsys.readouterr().err


def test_progress_bar_only_on_a_terminal():
    import io
    from lakip_lint.screen import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True
    old = sys.stderr
    try:
        sys.stderr = Tty()
        bar = Progress(4, "screen")
        for _ in range(4):
            bar.step()
        bar.close()
        shown = sys.stderr.getvalue()
        sys.stderr = io.StringIO()          # a pipe or a log file: no bar at all
        quiet = Progress(4, "screen")
        quiet.step()
        quiet.close()
        assert sys.stderr.getvalue() == ""
    finally:
        sys.stderr = old
    assert "\rscreen [" in shown and "4/4" in shown and shown.endswith("\n")
    assert "#" * 30 in shown
