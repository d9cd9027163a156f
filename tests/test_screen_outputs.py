"""What BSKJI reads after `screen`: the dashboard (Chromium at 420 and 1400 px, no
horizontal scroll; ranking by title; bar chart; matrix shaded by errors only) and
ringkasan.xlsx (sorted like the dashboard, widths, number formats, a native bar chart,
filters, frozen headers; opened by LibreOffice)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook

from conftest import ROOT, chromium, widths_in_a_frame
from lakip_lint.outputs.lang import say
from lakip_lint.screen import ScreenOptions, run


@pytest.fixture(scope="module")
def screened(tmp_path_factory):
    d = tmp_path_factory.mktemp("kiriman")
    shutil.copy(ROOT / "samples" / "bspji-pekanbaru-2023.xlsx", d / "pekanbaru-2023.xlsx")
    import sys
    sys.path.insert(0, str(ROOT / "bench"))
    from generate_balai import prepare, write_copy
    write_copy(prepare(), str(d / "laporan-rapi.xlsx"), "Medan", 0, [])        # another balai, clean
    (d / "rusak.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    out = tmp_path_factory.mktemp("hasil")
    assert run(ScreenOptions(paths=[str(d)], out=str(out), jobs=1)) == 1
    return out


def test_dashboard_opens_with_the_chart_and_the_ranking_by_title(screened):
    html = (screened / "index.html").read_text(encoding="utf-8")
    chart, ranking = html.index("<svg"), html.index('<table class="rank"')
    assert chart < ranking < html.index('<table class="mx"')
    assert "Capaian = realisasi / target × 100" in html          # problems by rule title, not code
    assert not re.search(r"<li>LKP\d{3} \(", html)
    # the matrix rows are rule titles shaded by error counts; a warning-only rule has no row
    mx = html[html.index('<table class="mx"'):]
    assert "Ejaan" not in mx and 'class="c e' in mx
    assert html.index(">rusak.xlsx<") < html.index(">pekanbaru-2023.xlsx<") < html.index(">laporan-rapi.xlsx<")


def test_a_files_page_is_its_check_report_with_the_tables_it_read(screened):
    """berkas/<file>.html says how many tables the check read (the submission the batch
    keeps holds only the tables the expectation rules need, then none)."""
    from lakip_lint.read import read_report
    page = next(p for p in (screened / "berkas").iterdir() if p.name.startswith("pekanbaru-2023"))
    html = page.read_text(encoding="utf-8")
    row = re.search(r'<table id="file-list">.*?<tbody>\s*<tr>(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert int(cells[-1]) == len(read_report(str(ROOT / "samples" / "bspji-pekanbaru-2023.xlsx")).tables) > 20


@pytest.mark.skipif(chromium() is None, reason="headless Chromium is not installed")
@pytest.mark.parametrize("width", [420, 1400])
def test_dashboard_has_no_horizontal_scroll(screened, tmp_path, width):
    scroll, client = widths_in_a_frame((screened / "index.html").read_text(encoding="utf-8"), width, tmp_path)
    assert client == width and scroll <= width


def test_ringkasan_is_sorted_formatted_and_charted(screened):
    path = screened / "ringkasan.xlsx"
    wb = load_workbook(path)
    ws = wb[say("screen.sheet_ranking", "id")]
    rows = list(ws.iter_rows(values_only=True))
    files = [r[1] for r in rows[1:]]
    assert files == ["rusak.xlsx", "pekanbaru-2023.xlsx", "laporan-rapi.xlsx"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws.column_dimensions["J"].width >= 40 and ws.cell(2, 10).alignment.wrap_text
    assert ws.cell(3, 6).number_format == "[$-421]#,##0" and ws.cell(3, 9).number_format == "[$-421]0%"
    found = wb[say("screen.sheet_findings", "id")]
    big = [c for c in found["I"][1:] + found["J"][1:] if isinstance(c.value, (int, float)) and abs(c.value) >= 1e6]
    assert big and all(c.number_format == "[$-421]#,##0.##" for c in big)     # never 7.59E+09
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert charts and b"barChart>" in z.read(charts[0])


def test_ringkasan_says_which_findings_follow_from_another(screened):
    """One mistake, one row to read: a finding that follows from another (a total that no
    longer adds up because of a wrong part) names that one; filtering the column empty
    leaves one row per mistake."""
    ws = load_workbook(screened / "ringkasan.xlsx", read_only=True)[say("screen.sheet_findings", "id")]
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0]
    at = {k: head.index(say(f"screen.col_{k}", "id")) for k in ("file", "code", "cell", "cause")}
    primaries = {(r[at["file"]], f"{r[at['code']]} {r[at['cell']]}") for r in rows[1:] if not r[at["cause"]]}
    follows = [r for r in rows[1:] if r[at["cause"]]]
    assert follows                      # the printed sample's mistakes break totals and percentages
    assert all((r[at["file"]], r[at["cause"]]) in primaries for r in follows)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc)")
def test_libreoffice_opens_ringkasan(screened, tmp_path):
    env = {**os.environ, "HOME": str(tmp_path)}
    r = subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path),
                        str(screened / "ringkasan.xlsx")], capture_output=True, text=True, timeout=240, env=env)
    pdf = tmp_path / "ringkasan.pdf"
    assert r.returncode == 0 and pdf.exists() and pdf.stat().st_size > 5_000, r.stderr


def test_ringkasan_writes_thousands_of_findings_without_rescanning_its_rows(tmp_path, monkeypatch):
    """Two files with 1 500 findings each: rows are counted as they are written, not by asking
    the worksheet for its last row after each (which walks every cell: minutes for a batch
    of large reports); the Temuan sheet still holds them all, worst file first."""
    from openpyxl.worksheet.worksheet import Worksheet

    from lakip_lint.findings import Finding
    from lakip_lint.model import Report
    from lakip_lint.outputs import screen_xlsx
    from lakip_lint.rules import load_rules
    from lakip_lint.submissions import Submission, ranking

    def sub(name, n):
        path = str(tmp_path / name)
        fs = [Finding.of_text("LKP241", "error" if i % 3 else "warning", f"pesan {i}", f"message {i}", path,
                              "Tabel 1", f"'Tabel 1'!F{i + 2}") for i in range(n)]
        return Submission(path=path, report=Report(path=path, format="xlsx", parser="lakip-xlsx"), findings=fs)

    asked = []
    real = Worksheet.max_row
    monkeypatch.setattr(Worksheet, "max_row", property(lambda ws: asked.append(ws.title) or real.fget(ws)))
    ranked = ranking([sub("a.xlsx", 1500), sub("b.xlsx", 1400)])
    out = tmp_path / "ringkasan.xlsx"
    screen_xlsx.write(ranked, load_rules(), str(out))
    assert len(asked) < 20, len(asked)
    monkeypatch.undo()
    wf = load_workbook(out)[say("screen.sheet_findings", "id")]
    assert wf.max_row == 1 + 2900
    assert [wf.cell(2, 1).value, wf.cell(wf.max_row, 1).value] == ["a.xlsx", "b.xlsx"]


def test_the_same_input_gives_the_same_bytes_whenever_it_is_written(tmp_path, monkeypatch):
    """ringkasan.xlsx, an annotated copy and the template, written twice an hour apart: the
    same bytes (openpyxl dated every zip entry and the core properties with the time of
    saving, and the annotated copy's new parts carried the time too)."""
    import time

    from click.testing import CliRunner
    from lakip_lint.cli import main
    (tmp_path / "in").mkdir()
    shutil.copy(ROOT / "samples" / "bspji-pekanbaru-2023.xlsx", tmp_path / "in")
    real = time.time

    def written(n: int) -> list[bytes]:
        monkeypatch.setattr(time, "time", lambda: real() + 3600 * n)
        out = tmp_path / f"run{n}"
        out.mkdir()
        run(ScreenOptions(paths=[str(tmp_path / "in")], out=str(out / "screen"), engine="native", lang="id"))
        CliRunner().invoke(main, ["check", str(tmp_path / "in" / "bspji-pekanbaru-2023.xlsx"), "--ignore", "LKP4",
                                  "--annotate", str(out / "copy.xlsx")])
        CliRunner().invoke(main, ["template", str(out / "templat.xlsx")])
        return [(out / name).read_bytes() for name in ("screen/ringkasan.xlsx", "copy.xlsx", "templat.xlsx")]

    first, second = written(0), written(1)
    assert [a == b for a, b in zip(first, second)] == [True, True, True]
    assert load_workbook(tmp_path / "run1" / "screen" / "ringkasan.xlsx").sheetnames
