"""lakip-lint screen on a small generated batch: summary workbook, dashboard, pages,
identity from content, reference (LKP601) and previous-year (LKP602) checks, exit code."""
from __future__ import annotations

import os
import sys

import pytest
from openpyxl import Workbook, load_workbook

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
sys.path.insert(0, os.path.join(ROOT, "tests"))

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


def _sheet(path, name_key, lang="id"):
    from lakip_lint.outputs.lang import say
    book = load_workbook(path)
    rows = list(book[say(name_key, lang)].iter_rows(values_only=True))
    head = {h: i for i, h in enumerate(rows[0])}
    return [{k: r[i] for k, i in head.items()} for r in rows[1:]], rows[0]


def _findings(out, lang="id"):
    from lakip_lint.outputs.lang import say
    rows, _ = _sheet(out / "ringkasan.xlsx", "screen.sheet_findings", lang)
    c = lambda k: say(f"screen.col_{k}", lang)       # noqa: E731
    return [{k: r[c(k)] for k in ("file", "code", "severity", "cell", "message", "expected", "stated", "related")}
            for r in rows]


def _ranking(out, lang="id"):
    from lakip_lint.outputs.lang import say
    rows, _ = _sheet(out / "ringkasan.xlsx", "screen.sheet_ranking", lang)
    c = lambda k: say(f"screen.col_{k}", lang)       # noqa: E731
    return [{k: r[c(k)] for k in ("rank", "file", "balai", "year", "status", "errors", "warnings", "note")}
            for r in rows]


def test_screen_batch(batch, tmp_path):
    """One row per submitted file, worst first; identity from the content; the unreadable
    file is a row; every finding row names the other cells it reads."""
    d, _, mut = batch
    out = tmp_path / "out"
    rc = run(ScreenOptions(paths=[str(d)], out=str(out), jobs=2))
    assert rc == 1
    ranking = _ranking(out)
    by_file = {r["file"]: r for r in ranking}
    assert len(ranking) == len(by_file) == 4
    assert ranking[0]["file"] == "rusak.xlsx" and ranking[0]["status"] == "TIDAK TERBACA"
    assert (by_file["laporan-jambi-2023.xlsx"]["balai"], by_file["laporan-jambi-2023.xlsx"]["year"]) == \
        ("BSPJI Jambi", 2023)
    assert by_file["laporan-jambi-2023.xlsx"]["status"] == "LULUS"
    assert (by_file["kendari-2024.xlsx"]["balai"], by_file["kendari-2024.xlsx"]["year"]) == ("BSPJI Kendari", 2024)
    assert by_file["kendari-2024.xlsx"]["status"] == "PERLU PERBAIKAN"
    errors = [r["errors"] for r in ranking[1:]]
    assert errors == sorted(errors, reverse=True)
    # content wins over the file name, and the disagreement is flagged
    assert by_file["arsip-mataram.xlsx"]["balai"] == "BSPJI Kupang"
    findings = _findings(out)
    assert any(f["file"] == "arsip-mataram.xlsx" and f["code"] == "LKP605" for f in findings)
    assert any(f["file"] == "kendari-2024.xlsx" and f["severity"] == "galat" for f in findings), mut
    assert any(f["related"] and "!" in f["related"] for f in findings if f["severity"] == "galat")
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "http" not in html.replace("http-equiv", "")
    pages = sorted(os.listdir(out / "berkas"))
    assert len(pages) == 4
    for p in pages:
        assert f'href="berkas/{p}"' in html
    order = [html.index(f">{name}<") for name in ("rusak.xlsx", "kendari-2024.xlsx", "laporan-jambi-2023.xlsx")]
    assert order == sorted(order), "the dashboard lists the worst file first"
    assert "Kendari" in (out / "berkas" / "kendari-2024.html").read_text(encoding="utf-8")


def test_duplicates_corrected_relaid_and_unreadable(tmp_path):
    """The issue's folder: one balai + year submitted three times (the newest is ranked, the
    others listed under it, one LKP606 names them), a corrected file, a re-laid file, an
    unreadable file. ringkasan and the dashboard have one row per file, worst first."""
    import shutil
    import time

    import layouts
    from conftest import ROOT
    d = tmp_path / "kiriman"
    d.mkdir()
    now = time.time()
    names = ("pekanbaru-2023-draf1.xlsx", "pekanbaru-2023-draf2.xlsx", "pekanbaru-2023.xlsx")
    for i, name in enumerate(names):
        shutil.copy(ROOT / "samples" / "bspji-pekanbaru-2023.xlsx", d / name)
        os.utime(d / name, (now - 3600 + i * 60,) * 2)                   # draf1 oldest
    # the corrected report, sent last: the one ranked for BSPJI Pekanbaru 2023
    shutil.copy(ROOT / "samples" / "bspji-pekanbaru-2023-bersih.xlsx", d / "pekanbaru-2023-perbaikan.xlsx")
    os.utime(d / "pekanbaru-2023-perbaikan.xlsx", (now,) * 2)
    built = layouts.build(tmp_path / "relaid.xlsx", layouts.Composition(5, ("header_flat", "totals")), clean=False)
    from openpyxl import load_workbook as _load
    other = _load(built.path)                  # another balai's report, laid out another way
    for ws in other.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and "Pekanbaru" in c.value:
                    c.value = c.value.replace("Pekanbaru", "Medan")
    other.save(d / "medan-tata-letak-lain.xlsx")
    (d / "rusak.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "out"
    assert run(ScreenOptions(paths=[str(d)], out=str(out), jobs=2)) == 1
    ranking = _ranking(out)
    files = [r["file"] for r in ranking]
    assert sorted(files) == sorted(os.listdir(d)) and len(files) == 6
    assert files[0] == "rusak.xlsx" and ranking[0]["status"] == "TIDAK TERBACA"
    ranked = [r for r in ranking if r["rank"] is not None]
    listed = [r for r in ranking if r["rank"] is None]
    assert {r["file"] for r in listed} == set(names)
    assert ranking[-3:] == listed and all("pekanbaru-2023-perbaikan.xlsx" in r["note"] for r in listed)
    fixed = next(r for r in ranked if r["file"] == "pekanbaru-2023-perbaikan.xlsx")
    assert fixed["errors"] == 0
    keys = [(-r["errors"], -r["warnings"]) for r in ranked[1:]]
    assert keys == sorted(keys)
    dup = [f for f in _findings(out) if f["code"] == "LKP606"]
    assert len(dup) == 1 and dup[0]["file"] == "pekanbaru-2023-perbaikan.xlsx"
    assert all(n in dup[0]["message"] for n in names)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert html.count('<tr class="old">') == 3
    positions = [html.index(f">{f}<") for f in files]
    assert positions == sorted(positions), "the dashboard orders the files as ringkasan does"
    assert "TIDAK TERBACA" in html


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
    findings = _findings(out)
    lkp601 = [f for f in findings if f["code"] == "LKP601"]
    assert lkp601 and all(f["severity"] == "galat" and f["expected"] == 76.2 for f in lkp601)
    assert any("Tabel 27" in f["cell"] for f in lkp601) and any(f["stated"] == 75.15 for f in lkp601)
    assert all("76,2" in f["message"] for f in lkp601)
    lkp604 = [f for f in findings if f["code"] == "LKP604"]
    assert len(lkp604) == 1 and lkp604[0]["expected"] == 70
    # the 2022 copy states its own year's values; the 2023 copy quotes other ones for 2022
    lkp602 = [f for f in findings if f["code"] == "LKP602"]
    assert lkp602 and all(f["cell"] and f["expected"] is not None for f in lkp602)
    assert _ranking(out)[0]["status"] == "PERLU PERBAIKAN"


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
    assert book.sheetnames == ["Ranking", "Chart", "Rules x Balai", "Findings"]
    findings = _findings(out, "en")
    lkp603 = [f for f in findings if f["code"] == "LKP603"]
    assert lkp603 and all(f["severity"] == "warning" and f["message"].startswith("The Renstra target")
                          for f in lkp603)
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
    prev_cell = f["message"].split("jambi-2022.xlsx, ", 1)[1].split(")", 1)[0]
    assert number(now, f["cell"]) == f["stated"] and number(before, prev_cell) == f["expected"] != f["stated"]
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "BSKJI LAKIP screening" in html
    assert "reports screened" in capsys.readouterr().err


def test_rules_list_and_explain_the_batch_rules():
    from click.testing import CliRunner

    from lakip_lint.cli import main
    r = CliRunner().invoke(main, ["rules"])
    for code in ("LKP601", "LKP602", "LKP603", "LKP604", "LKP605", "LKP606"):
        assert code in r.output
    r = CliRunner().invoke(main, ["rules", "explain", "LKP601", "--lang", "en"])
    assert r.exit_code == 0 and "reference" in r.output


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
