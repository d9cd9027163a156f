"""`check --annotate OUT.xlsx`: an annotated copy (issue 5).

The copy has a first sheet Temuan, offending cells filled by severity and commented, and
the `lakip-lint-annotated` custom property that makes the reader say LKP108. The input
is never written.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.comments import Comment

from conftest import PRINTED, TIDY
from lakip_lint.cli import main
from lakip_lint.findings import Finding
from lakip_lint.model import Report
from lakip_lint.outputs.annotate import FILL_COLOURS, AnnotateError, split_ref, write_annotated
from lakip_lint.read import read_report


def sha256(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def fill_of(cell) -> str:
    return (cell.fill.fgColor.rgb or "")[-6:].upper() if cell.fill.fill_type == "solid" else ""


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    """The printed seed sample checked once (GX rules left out for speed) with --annotate."""
    out = tmp_path_factory.mktemp("annotate") / "beranotasi.xlsx"
    before = sha256(PRINTED)
    res = run("check", PRINTED, "--ignore", "LKP4", "--format", "json", "--annotate", out)
    assert res.exit_code == 1, res.output
    findings = json.loads(res.output)["findings"]
    return out, findings, before


def test_input_is_not_modified(annotated):
    _, _, before = annotated
    assert sha256(PRINTED) == before


def test_findings_sheet_first_one_row_per_finding(annotated):
    out, findings, _ = annotated
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Temuan"
    assert wb.sheetnames[1:] == openpyxl.load_workbook(PRINTED).sheetnames
    ws = wb["Temuan"]
    head = [c.value for c in ws[1]]
    assert head[:10] == ["No", "Tingkat", "Kode", "Aturan", "Sheet", "Sel", "Pesan",
                         "Diharapkan", "Tertulis", "Selisih"]
    assert ws.max_row == len(findings) + 1
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == list(range(1, len(findings) + 1))
    assert [(r[2], r[1], r[5]) for r in rows] == [(f["code"], f["severity"], f.get("cell")) for f in findings]
    assert [r[6] for r in rows] == [f["message"] for f in findings]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:K{len(findings) + 1}"
    assert ws.column_dimensions["G"].width >= 60


def test_ikhtisar_b6_filled_and_commented(annotated):
    out, _, _ = annotated
    cell = openpyxl.load_workbook(out)["Ikhtisar"]["B6"]
    assert fill_of(cell) == FILL_COLOURS["error"]
    text = cell.comment.text
    assert cell.comment.author == "lakip-lint"
    assert "LKP201" in text and "SEMULA revisi = MENJADI revisi sebelumnya" in text   # id + title
    assert "Diharapkan: 7.592.226.000" in text and "Tertulis: 7.952.226.000" in text
    assert "Perbaikan: Samakan angka dengan dokumen DIPA" in text                      # the rule's fix
    # related cells are named, not marked
    assert "'Tabel 6'!D5" in text
    assert fill_of(openpyxl.load_workbook(out)["Tabel 6"]["D5"]) != FILL_COLOURS["error"]


def test_every_offending_cell_marked_with_worst_severity(annotated):
    out, findings, _ = annotated
    wb = openpyxl.load_workbook(out)
    rank = {"error": 3, "warning": 2, "info": 1}
    worst: dict = {}
    for f in findings:
        ref = split_ref(f.get("cell"))
        if ref:
            worst[ref] = max(worst.get(ref, "info"), f["severity"], key=rank.get)
    assert worst
    for (sheet, coord), sev in worst.items():
        cell = wb[sheet][coord]
        assert fill_of(cell) == FILL_COLOURS[sev], (sheet, coord)
        codes = [f["code"] for f in findings if split_ref(f.get("cell")) == (sheet, coord)]
        assert all(code in cell.comment.text for code in codes)


def test_hyperlinks_point_at_the_cell(annotated):
    out, findings, _ = annotated
    wb = openpyxl.load_workbook(out)
    ws = wb["Temuan"]
    seen = 0
    for row, f in zip(ws.iter_rows(min_row=2), findings):
        link = row[5].hyperlink
        if f.get("cell") is None:
            assert link is None and row[5].value is None
            continue
        seen += 1
        assert link.location == f["cell"]            # internal link: Excel's '#' form
        assert link.target is None                   # no external relationship
        sheet, coord = split_ref(link.location)
        assert sheet in wb.sheetnames and sheet == f["sheet"]
    assert seen >= 40
    locations = {r[5].hyperlink.location for r in ws.iter_rows(min_row=2) if r[5].hyperlink}
    assert "Ikhtisar!B6" in locations and "'Tabel 1'!F7" in locations
    with zipfile.ZipFile(out) as z:
        sheet1 = z.read("xl/worksheets/sheet1.xml").decode()
    assert "location=\"'Tabel 14'!D10\"" in sheet1


def test_copy_is_marked_and_never_linted_as_original(annotated):
    out, _, _ = annotated
    with zipfile.ZipFile(out) as z:
        assert b"lakip-lint-annotated" in z.read("docProps/custom.xml")
    res = run("check", out, "--ignore", "LKP4", "--format", "json")
    assert res.exit_code == 1
    got = json.loads(res.output)["findings"]
    mark = [f for f in got if f["code"] == "LKP108"]
    assert len(mark) == 1 and mark[0]["severity"] == "error"
    # and a copy is not annotated again
    res = run("check", out, "--ignore", "LKP4", "--annotate", out.with_name("lagi.xlsx"))
    assert res.exit_code == 2 and "salinan beranotasi" in res.output
    assert not out.with_name("lagi.xlsx").exists()


def test_refuses_to_overwrite_the_input(tmp_path):
    src = tmp_path / "laporan.xlsx"
    shutil.copy(PRINTED, src)
    before = sha256(src)
    for target in (str(src), f"{tmp_path}/./laporan.xlsx"):
        res = run("check", src, "--ignore", "LKP4", "--annotate", target)
        assert res.exit_code == 2, res.output
        assert "berkas yang diperiksa" in res.output
    assert sha256(src) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan.xlsx"]   # no temp file left


def test_existing_comment_is_kept(tmp_path):
    src = tmp_path / "berkomentar.xlsx"
    wb = openpyxl.load_workbook(PRINTED)
    wb["Ikhtisar"]["B6"].comment = Comment("Angka dari DIPA awal, cek lagi.", "Bu Sari")
    wb.save(src)
    out = tmp_path / "out.xlsx"
    res = run("check", src, "--ignore", "LKP4", "--select", "LKP2", "--annotate", out)
    assert res.exit_code == 1, res.output
    comment = openpyxl.load_workbook(out)["Ikhtisar"]["B6"].comment
    assert comment.text.startswith("Angka dari DIPA awal, cek lagi.")
    assert comment.author == "Bu Sari"
    assert "LKP201" in comment.text and "7.592.226.000" in comment.text


# ---- write_annotated on a small workbook with made-up findings

def small_book(tmp_path):
    src = tmp_path / "kecil.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tabel 1"
    ws["A1"], ws["B2"], ws["C3"] = "Uraian", 10, 20
    ws.merge_cells("D4:E5")
    ws["D4"] = 30
    wb.create_sheet("Temuan")["A1"] = "lembar milik laporan"
    wb.save(src)
    return src


def finding(src, code, severity, cell, **kw):
    sheet = split_ref(cell)[0] if cell else None
    return Finding(code, severity, f"pesan {code}", f"message {code}", str(src), sheet, cell, **kw)


def test_worst_severity_merged_cells_and_rule_level_rows(tmp_path):
    src = small_book(tmp_path)
    out = tmp_path / "out.xlsx"
    report = Report(path=str(src), format="xlsx", parser="lakip-xlsx")
    fs = [finding(src, "LKP502", "warning", "'Tabel 1'!B2"),
          finding(src, "LKP201", "error", "'Tabel 1'!B2", expected="7592226000", stated="7952226000"),
          finding(src, "LKP106", "info", "'Tabel 1'!C3"),
          finding(src, "LKP241", "warning", "'Tabel 1'!E5"),          # inside the merged D4:E5
          finding(src, "LKP345", "info", None, outcome="not_run"),
          finding(src, "LKP999", "error", "'Tidak Ada'!A1")]          # a sheet the workbook lacks
    summary = write_annotated(report, fs, out, "en")
    assert (summary.findings, summary.cells, summary.unplaced) == (6, 3, 1)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Findings", "Tabel 1", "Temuan"]       # the report's own Temuan kept
    ws = wb["Tabel 1"]
    assert fill_of(ws["B2"]) == FILL_COLOURS["error"]
    text = ws["B2"].comment.text
    assert text.index("LKP201") < text.index("LKP502")               # worst first
    assert "Expected: 7,592,226,000" in text
    assert fill_of(ws["C3"]) == FILL_COLOURS["info"]
    assert fill_of(ws["D4"]) == FILL_COLOURS["warning"] and "LKP241" in ws["D4"].comment.text
    assert ws["A1"].comment is None and fill_of(ws["A1"]) == ""
    sheet = wb["Findings"]
    assert [c.value for c in sheet[1]][:10] == ["No", "Severity", "Code", "Rule", "Sheet", "Cell",
                                                "Message", "Expected", "Stated", "Difference"]
    rows = list(sheet.iter_rows(min_row=2))
    assert rows[1][7].value == 7592226000 and rows[1][8].value == 7952226000   # numbers, not text
    assert rows[4][5].value is None and rows[4][5].hyperlink is None           # no cell, no link
    assert rows[5][5].value == "'Tidak Ada'!A1" and rows[5][5].hyperlink is None
    assert rows[0][6].value == "message LKP502"


def test_only_xlsx_can_be_annotated(tmp_path):
    out = tmp_path / "out.xlsx"
    for fmt in ("xls", "ods"):
        report = Report(path=str(tmp_path / f"laporan.{fmt}"), format=fmt, parser="calamine")
        with pytest.raises(AnnotateError, match=r"only \.xlsx/\.xlsm.*calamine"):
            write_annotated(report, [], out, "en")
    report = Report(path=str(small_book(tmp_path)), format="xlsx", parser="lakip-xlsx")
    with pytest.raises(AnnotateError, match=r"\.xlsx atau \.xlsm"):
        write_annotated(report, [], tmp_path / "out.csv", "id")
    assert not out.exists()


# ---- what the copy loses (measured; the README's "Annotated copy" section quotes these)

def test_copy_loses_cached_formula_values(tmp_path):
    """The tidy sample's 23 SUM totals are saved with their values; openpyxl writes the
    formulas without them, so the reader sees 23 formulas it may not read as numbers
    (LKP103) and the checks that use those totals cannot run on the copy."""
    out = tmp_path / "rapi.xlsx"
    original = read_report(str(TIDY))
    write_annotated(original, [], out, "id")

    def formulas(path):
        with zipfile.ZipFile(path) as z:
            xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
        import re
        cells = re.findall(r"<c [^>]*>(<f>[^<]*</f>(?:<v>[^<]*</v>)?)", xml)
        return len(cells), sum("<v>" in c for c in cells)

    assert formulas(TIDY) == (23, 23)
    assert formulas(out) == (23, 0)                                    # text kept, values gone
    copy = read_report(str(out))
    assert not [n for n in original.notices if n.code == "LKP103"]
    assert len([n for n in copy.notices if n.code == "LKP103"]) == 23
    assert [n.code for n in copy.notices if n.severity == "error"] == ["LKP108"]


def test_copy_loses_ignored_error_flags(tmp_path):
    """Excel's 'ignore error' flags (green triangles switched off) are not kept."""
    src, out = tmp_path / "flags.xlsx", tmp_path / "out.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "0123"
    wb.save(src)
    tmp = tmp_path / "x.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", b'<ignoredErrors><ignoredError sqref="A1" '
                                                     b'numberStoredAsText="1"/></ignoredErrors></worksheet>')
            zout.writestr(item, data)
    write_annotated(Report(path=str(tmp), format="xlsx", parser="lakip-xlsx"), [], out, "id")
    with zipfile.ZipFile(tmp) as z:
        assert b"ignoredErrors" in z.read("xl/worksheets/sheet1.xml")
    with zipfile.ZipFile(out) as z:
        assert b"ignoredErrors" not in z.read("xl/worksheets/sheet2.xml")
