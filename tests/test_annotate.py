"""`check --annotate OUT.xlsx`: an annotated copy (issue 5).

The copy has a first sheet Temuan, offending cells filled by severity and commented, and
the `lakip-lint-annotated` custom property that makes the reader say LKP108. The input
is never written.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
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


RANK = {"error": 3, "warning": 2, "info": 1}
SEVERITY_ID = {"error": "galat", "warning": "peringatan", "info": "info"}


def test_findings_sheet_first_one_row_per_finding(annotated):
    out, findings, _ = annotated
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Temuan"
    assert wb.sheetnames[1:] == openpyxl.load_workbook(PRINTED).sheetnames
    ws = wb["Temuan"]
    head = [c.value for c in ws[1]]
    assert head == ["No", "Tingkat", "Kode", "Aturan", "Sel", "Pesan", "Perbaikan", "Diharapkan", "Tertulis",
                    "Selisih", "Terkait", "Akibat dari"]
    assert ws.max_row == len(findings) + 1
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == list(range(1, len(findings) + 1))
    assert sorted((r[2], r[4] or "", r[5]) for r in rows) == \
        sorted((f["code"], f.get("cell") or "", f["message"]) for f in findings)
    ranks = [RANK[next(k for k, v in SEVERITY_ID.items() if v == r[1])] for r in rows]
    assert ranks == sorted(ranks, reverse=True)                       # errors first
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:L{len(findings) + 1}"
    # a finding that follows from another names it (filter "Akibat dari" empty: one row per mistake)
    keyed = {f"{f['code']}@{f.get('cell')}": f for f in findings}
    follows = [r for r in rows if r[11]]
    assert follows and all(r[11] == " ".join(keyed[f"{r[2]}@{r[4]}"]["primary"].split("@", 1)) for r in follows)
    assert ws.column_dimensions["F"].width >= 60
    b6 = next(r for r in rows if r[2] == "LKP201" and r[4] == "Ikhtisar!B6")
    assert b6[6].startswith("Tulis 7.592.226.000 di B6") and b6[7] == 7592226000       # the fix, the number
    for row in ws.iter_rows(min_row=2):                               # heights fit the wrapped message
        lines = -(-len(str(row[5].value)) // 60)
        assert ws.row_dimensions[row[0].row].height >= 15 * lines
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage


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
    for row in ws.iter_rows(min_row=2):
        link = row[4].hyperlink
        if row[4].value is None:
            assert link is None
            continue
        seen += 1
        assert link.location == row[4].value           # internal link: Excel's '#' form
        assert link.target is None                     # no external relationship
        sheet, coord = split_ref(link.location)
        assert sheet in wb.sheetnames
    assert seen >= 40
    locations = {r[4].hyperlink.location for r in ws.iter_rows(min_row=2) if r[4].hyperlink}
    assert "Ikhtisar!B6" in locations and "'Tabel 1'!F7" in locations
    with zipfile.ZipFile(out) as z:
        sheets = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    assert "location=\"'Tabel 14'!D10\"" in sheets


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
    return Finding.of_text(code, severity, f"pesan {code}", f"message {code}", str(src), sheet, cell, **kw)


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
    assert [c.value for c in sheet[1]] == ["No", "Severity", "Code", "Rule", "Cell", "Message", "Fix", "Expected",
                                           "Stated", "Difference", "Related", "Follows from"]
    rows = {(r[2].value, r[4].value): r for r in sheet.iter_rows(min_row=2)}
    assert [r[1].value for r in sheet.iter_rows(min_row=2)] == ["error", "error", "warning", "warning", "info", "info"]
    r201 = rows[("LKP201", "'Tabel 1'!B2")]
    assert r201[7].value == 7592226000 and r201[8].value == 7952226000          # numbers, not text
    assert r201[6].value.startswith("Write 7,592,226,000 in B2")
    assert rows[("LKP345", None)][4].hyperlink is None                           # no cell, no link
    assert rows[("LKP999", "'Tidak Ada'!A1")][4].hyperlink is None
    assert rows[("LKP502", "'Tabel 1'!B2")][5].value == "message LKP502"



def test_cells_the_sheet_lacks_are_added_in_row_and_column_order():
    """Marking a cell the sheet has no `<c>` for (a deleted row's blanks) adds an empty
    styled cell: into its row before the first cell to its right, or a new row in row
    order; a row written `<row …/>` is opened; restyled cells keep their other attributes."""
    from lakip_lint.outputs.package import cell_styles, set_cell_styles
    xml = ('<worksheet><sheetData><row r="2"><c r="B2" s="3" t="s"><v>0</v></c><c r="D2"><v>5</v></c></row>'
           '<row r="4" spans="1:3"/><row r="7"><c r="A7"><v>1</v></c></row></sheetData></worksheet>')
    assert cell_styles(xml, {"B2", "D2", "C2"}) == {"B2": 3, "D2": 0}
    out = set_cell_styles(xml, {"D2": 9, "B2": 8, "C2": 7, "E2": 6, "A2": 5, "B4": 4, "C3": 3, "A9": 2, "Z1": 1})
    assert out == ('<worksheet><sheetData><row r="1"><c r="Z1" s="1"/></row>'
                   '<row r="2"><c r="A2" s="5"/><c r="B2" s="8" t="s"><v>0</v></c><c r="C2" s="7"/>'
                   '<c r="D2" s="9"><v>5</v></c><c r="E2" s="6"/></row>'
                   '<row r="3"><c r="C3" s="3"/></row><row r="4" spans="1:3"><c r="B4" s="4"/></row>'
                   '<row r="7"><c r="A7"><v>1</v></c></row><row r="9"><c r="A9" s="2"/></row></sheetData></worksheet>')
    assert set_cell_styles("<worksheet><sheetData/></worksheet>", {"B2": 1, "A1": 2}) == \
        '<worksheet><sheetData><row r="1"><c r="A1" s="2"/></row><row r="2"><c r="B2" s="1"/></row></sheetData></worksheet>'


def test_a_sheet_is_read_and_written_once_however_many_cells_are_marked(tmp_path, monkeypatch):
    """Sixty marked cells on one sheet: its text is read once for all of them (then once for
    its comments and once as the sheet no longer selected), not searched and rewritten per
    cell — a copy with 3 327 marks took 68 s that way."""
    from lakip_lint.outputs import package
    src = tmp_path / "banyak.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tabel 1"
    for r in range(1, 61):
        ws.cell(r, 2, r)
    wb.save(src)
    fs = [finding(src, "LKP241", "error", f"'Tabel 1'!B{r}") for r in range(1, 61)]
    reads = []
    real = package.Package.text

    def counting(self, name):
        reads.append(name)
        return real(self, name)

    monkeypatch.setattr(package.Package, "text", counting)
    out = tmp_path / "out.xlsx"
    summary = write_annotated(Report(path=str(src), format="xlsx", parser="lakip-xlsx"), fs, out, "id")
    assert summary.cells == 60
    sheet_part = dict(package.Package.read(str(src)).sheets())["Tabel 1"]
    assert reads.count(sheet_part) <= 3, reads.count(sheet_part)
    marked = openpyxl.load_workbook(out)["Tabel 1"]
    assert all(fill_of(marked.cell(r, 2)) == FILL_COLOURS["error"] for r in range(1, 61))


def test_comments_are_added_in_one_pass(monkeypatch):
    """Two hundred notes on one sheet: the sheet's comments are searched once, not once per
    note over a text that grows with each (quadratic: minutes for thousands of marks); a
    cell's own comment keeps its text with ours under it."""
    import re as real_re
    from lakip_lint.outputs import package

    class Counting:
        searched = 0

        def __getattr__(self, name):
            return getattr(real_re, name)

        def search(self, *a, **k):
            Counting.searched += 1
            return real_re.search(*a, **k)

    src = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    wb.active["A1"].comment = Comment("catatan penyusun", "Penyusun")
    wb.save(src)
    with zipfile.ZipFile(io.BytesIO(src.getvalue())) as z:
        pkg = package.Package({i.filename: z.read(i.filename) for i in z.infolist()}, z.infolist())
    part = dict(pkg.sheets())["Sheet"]
    monkeypatch.setattr(package, "re", Counting())
    notes = {f"B{r}": f"catatan {r}" for r in range(1, 201)} | {"A1": "temuan di A1"}
    package.add_comments(pkg, part, notes, "lakip-lint")
    assert Counting.searched < 10, Counting.searched
    comments = next(t for _, rt, t in pkg.rels(part) if rt == package.REL_COMMENTS)
    text = pkg.text(comments)
    assert text.count("<comment ") == 201
    a1 = real_re.search(r'<comment ref="A1".*?</comment>', text, real_re.S).group(0)
    assert a1.index("catatan penyusun") < a1.index("temuan di A1")


def _rewritten(src, dst, change):
    """A copy of the workbook `src` with each XML part passed through `change(name, text)`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.endswith((".xml", ".rels")):
                data = change(info.filename, data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
    return dst


def _prefixed(name: str, text: str) -> str:
    """A worksheet or comments part written with the `x:` prefix, as the OpenXML SDK writes them."""
    if not (name.startswith("xl/worksheets/sheet") or name.startswith("xl/comments")):
        return text
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    text = text.replace(f'xmlns="{main}"', f'xmlns:x="{main}"')
    return re.sub(r"<(/?)(?!\?|x:|\w+:)(\w+)", r"<\1x:\2", text)


def test_a_sheet_written_with_a_namespace_prefix_is_marked_in_its_own_prefix(tmp_path):
    """`<x:worksheet>…<x:c>`: marks on a cell it has, a cell its row lacks and a row it lacks
    go in with its prefix; its existing comment keeps its text with ours under it; the copy
    opens with the fills and notes."""
    src = tmp_path / "asal.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tabel 1"
    ws["A1"], ws["B2"], ws["D2"] = "Uraian", 10, 30
    ws["B2"].comment = Comment("catatan penyusun", "Penyusun")
    wb.save(src)
    pre = _rewritten(src, tmp_path / "prefiks.xlsx", _prefixed)
    assert "<x:sheetData>" in _parts(pre)["xl/worksheets/sheet1.xml"].decode()
    out = tmp_path / "out.xlsx"
    fs = [finding(pre, "LKP201", "error", "'Tabel 1'!B2"), finding(pre, "LKP013", "warning", "'Tabel 1'!C2"),
          finding(pre, "LKP013", "warning", "'Tabel 1'!B5")]
    summary = write_annotated(Report(path=str(pre), format="xlsx", parser="lakip-xlsx"), fs, out, "id")
    assert summary.cells == 3
    sheet = _parts(out)["xl/worksheets/sheet1.xml"].decode()
    assert re.search(r'<x:c r="C2" s="\d+"/><x:c r="D2"', sheet) and re.search(r'<x:row r="5"><x:c r="B5" s="\d+"/>', sheet)
    assert "<c " not in sheet and "<row " not in sheet
    marked = openpyxl.load_workbook(out)["Tabel 1"]
    assert fill_of(marked["B2"]) == FILL_COLOURS["error"] and fill_of(marked["C2"]) == FILL_COLOURS["warning"]
    assert fill_of(marked["B5"]) == FILL_COLOURS["warning"]
    text = marked["B2"].comment.text
    assert text.index("catatan penyusun") < text.index("LKP201")
    assert "LKP013" in marked["C2"].comment.text


def test_odd_but_valid_parts_are_marked_not_crashed_on(tmp_path):
    """`<sheetData />` with a space, a comment written `<comment ref="B2" …/>` with no text
    before another cell's comment, two sheet entries naming one part: each is marked (the
    empty comment gets our text; the next cell's comment keeps its own, once)."""
    from lakip_lint.outputs.package import set_cell_styles
    assert set_cell_styles("<worksheet><sheetData /></worksheet>", {"A1": 3}) == \
        '<worksheet><sheetData><row r="1"><c r="A1" s="3"/></row></sheetData></worksheet>'
    src = tmp_path / "asal.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tabel 1"
    ws["B2"], ws["C3"] = 10, 20
    ws["B2"].comment = Comment("kosong", "Penyusun")
    ws["C3"].comment = Comment("catatan C3", "Penyusun")
    wb.save(src)

    def odd(name, text):
        if name.startswith("xl/comments"):
            text = re.sub(r'(<comment ref="B2"[^>]*)>.*?</comment>', r"\1/>", text, flags=re.S)
        if name == "xl/workbook.xml":
            text = re.sub(r'(<sheet [^>]*name=")Tabel 1("[^>]*sheetId=")1("[^>]*/>)', r'\g<0>\1Salinan\g<2>9\3', text)
        return text
    src2 = _rewritten(src, tmp_path / "aneh.xlsx", odd)
    out = tmp_path / "out.xlsx"
    fs = [finding(src2, "LKP201", "error", "'Tabel 1'!B2"), finding(src2, "LKP241", "warning", "'Salinan'!C3")]
    summary = write_annotated(Report(path=str(src2), format="xlsx", parser="lakip-xlsx"), fs, out, "id")
    assert (summary.cells, summary.unplaced) == (2, 0)
    sheet = _parts(out)["xl/worksheets/sheet1.xml"].decode()
    assert re.search(r'<c r="B2" s="(\d+)"', sheet).group(1) != "0" and re.search(r'<c r="C3" s="(\d+)"', sheet)
    comments = next(v.decode() for k, v in _parts(out).items() if k.startswith("xl/comments"))
    assert comments.count('ref="C3"') == 1 and comments.count('ref="B2"') == 1
    assert re.search(r'<comment ref="B2"[^>]*><text>.*LKP201', comments, re.S)
    assert re.search(r'<comment ref="C3".*catatan C3.*LKP241.*?</comment>', comments, re.S)


def test_a_cell_in_any_merged_range_is_marked_at_its_anchor(monkeypatch):
    """Ranges small enough are looked up by position, larger ones tried one by one; when
    there are more large ones than that keeps apart, every range is tried — none dropped."""
    from lakip_lint.outputs import package
    monkeypatch.setattr(package, "MERGE_LARGE", 2)
    xml = "<worksheet><mergeCells>" + "".join(
        f'<mergeCell ref="{col}10:{col}20010"/>' for col in ("X", "Y", "Z")) + \
        '<mergeCell ref="B2:C3"/><mergeCell ref="E5:D4"/></mergeCells></worksheet>'
    assert package.merge_anchors(xml, {"Z500", "X10", "C3", "A1", "D5"}) == \
        {"Z500": "Z10", "X10": "X10", "C3": "B2", "A1": "A1", "D5": "D5"}      # E5:D4 is no range

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


# ---- the copy keeps every part of the input (issue 16)

def test_copy_keeps_cached_formula_values(tmp_path):
    """The tidy sample's 23 SUM totals keep their saved values: the copy reads as the input."""
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
    assert formulas(out) == (23, 23)
    copy = read_report(str(out))
    assert not [n for n in copy.notices if n.code == "LKP103"]
    assert [n.code for n in copy.notices if n.severity == "error"] == ["LKP108"]


def test_copy_keeps_ignored_error_flags(tmp_path):
    """Excel's 'ignore error' flags (green triangles switched off) are kept."""
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
    with zipfile.ZipFile(out) as z:
        assert b"ignoredErrors" in z.read("xl/worksheets/sheet1.xml")


# ---- lossless: every part of the input is in the copy, unchanged or equal in meaning

PNG_1PX = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                        "0000000d4944415478da63f8cfc0f01f0005000201a5b0a1930000000049454e44ae426082")


def rich_book(path):
    """A report-like workbook with what round trips lose: a chart, an image, data validation,
    conditional formats, a comment, defined names (global and sheet-local), print settings,
    formulas with cached values, a second sheet."""
    import xlsxwriter
    png = path.with_suffix(".png")
    png.write_bytes(PNG_1PX)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Pendapatan")
    other = wb.add_worksheet("Catatan")
    ws.write_row(0, 0, ["Uraian", "2022", "2023", "Kenaikan/(Penurunan)"])
    rows = [("Jasa Pengujian", 1250300, 1400100, 149800), ("Jasa Kalibrasi", 320000, 290500, -29500),
            ("Jasa Sertifikasi", 410250, 455000, 44750), ("Jasa Pelatihan", 85000, 92000, 7000)]
    for i, r in enumerate(rows, start=1):
        ws.write_row(i, 0, r)
    ws.write(5, 0, "Total Pendapatan")
    ws.write_formula(5, 1, "=SUM(B2:B5)", None, 2065550)
    ws.write_formula(5, 2, "=SUM(C2:C5)", None, 2273600)        # wrong on purpose: the parts make 2.237.600
    ws.write_formula(5, 3, "=SUM(D2:D5)", None, 172050)
    ws.data_validation("B2:C5", {"validate": "integer", "criteria": ">=", "value": 0})
    ws.conditional_format("D2:D5", {"type": "cell", "criteria": "<", "value": 0,
                                    "format": wb.add_format({"font_color": "red"})})
    ws.write_comment("A1", "Sumber: aplikasi SIMPONI")
    ws.insert_image("F2", str(png))
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=Pendapatan!$C$2:$C$5", "categories": "=Pendapatan!$A$2:$A$5"})
    ws.insert_chart("F8", chart)
    ws.set_landscape()
    ws.print_area("A1:D6")
    wb.define_name("TotalPNBP", "=Pendapatan!$C$6")
    wb.define_name("Catatan!Lokal", "=Catatan!$A$1")
    other.write("A1", "catatan")
    wb.close()
    return path


def _parts(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _tags(xml: str, tag: str) -> set:
    import re
    return set(re.findall(rf"<{tag}\b[^>]*>", xml))


def _sheet_plain(xml: str) -> str:
    """A worksheet with what annotation may change undone: cell styles, empty cells it
    added, the comments drawing it linked, the selected-tab flag."""
    import re
    xml = re.sub(r'(<c\b[^>]*?)\ss="\d+"', r"\1", xml)
    xml = re.sub(r'<c r="[A-Z]+\d+"/>', "", xml)
    xml = re.sub(r'<legacyDrawing r:id="lakip\d+"/>', "", xml)
    xml = re.sub(r'<row r="\d+"></row>', "", xml)
    return xml.replace(' tabSelected="1"', "")


def assert_lossless(src, out):
    import re
    a, b = _parts(src), _parts(out)
    assert set(a) <= set(b), set(a) - set(b)
    for name, data in a.items():
        new = b[name]
        if new == data:
            continue
        old_t, new_t = data.decode("utf-8"), new.decode("utf-8")
        if name.startswith("xl/worksheets/sheet"):
            assert _sheet_plain(old_t) == _sheet_plain(new_t), name
        elif name.endswith("styles.xml"):
            for tag, item in (("fills", "fill"), ("fonts", "font"), ("cellXfs", "xf"), ("borders", "border"),
                              ("numFmts", "numFmt")):
                def items(t):
                    m = re.search(rf"<{tag}\b.*?</{tag}>", t, re.S)
                    return re.findall(rf"<{item}\b(?:[^>]*/>|.*?</{item}>)", m.group(0), re.S) if m else []
                assert items(new_t)[:len(items(old_t))] == items(old_t), (name, tag)
        elif name.endswith(".rels") or name == "[Content_Types].xml":
            for tag in ("Relationship", "Override", "Default"):
                assert _tags(old_t, tag) <= _tags(new_t, tag), (name, tag)
        elif name.endswith("workbook.xml"):
            shifted = re.sub(r'localSheetId="(\d+)"', lambda m: f'localSheetId="{int(m.group(1)) + 1}"', old_t)
            shifted = re.sub(r'\s(activeTab|firstSheet)="\d+"', "", shifted)
            without = re.sub(r'<(?:\w+:)?sheet name="[^"]*" sheetId="\d+" \w+:id="lakip\d+"/>', "", new_t)
            assert without == shifted, name
        elif re.match(r"xl/comments\d+\.xml", name):
            for ref, text in re.findall(r'<comment ref="([A-Z]+\d+)"[^>]*>(.*?)</comment>', old_t, re.S):
                got = re.search(rf'<comment ref="{ref}"[^>]*>(.*?)</comment>', new_t, re.S).group(1)
                assert got.startswith(text.replace("</text>", "")), (name, ref)
        elif name.endswith(".vml"):
            assert new_t.startswith(old_t[: old_t.rindex("</xml>")]), name
        elif name == "docProps/custom.xml":
            assert _tags(old_t, "property") <= _tags(new_t, "property")
        else:
            raise AssertionError(f"{name} changed")


WORKBOOKS = ["bspji-pekanbaru-2023.xlsx", "bspji-pekanbaru-2023-rapi.xlsx", "bspji-pekanbaru-2023-bersih.xlsx",
             "bspji-pekanbaru-2023-rapi-bersih.xlsx", "rich"]


@pytest.mark.parametrize("name", WORKBOOKS)
def test_the_copy_is_the_input_plus_marks(tmp_path, name):
    from conftest import ROOT
    src = rich_book(tmp_path / "kaya.xlsx") if name == "rich" else ROOT / "samples" / name
    out = tmp_path / "copy.xlsx"
    before = run("check", src, "--ignore", "LKP4", "--format", "jsonl")
    res = run("check", src, "--ignore", "LKP4", "--annotate", out)
    assert out.exists(), res.output
    assert_lossless(src, out)
    after = run("check", out, "--ignore", "LKP4", "--format", "jsonl")

    def keys(text, path):
        return sorted((d["code"], d.get("cell"), d["message"]) for d in map(json.loads, text.strip().splitlines())
                      if d["code"] != "LKP108")
    assert keys(after.output, out) == keys(before.output, src)
    assert sum(1 for d in map(json.loads, after.output.strip().splitlines()) if d["code"] == "LKP108") == 1
    if name == "rich":
        assert any(json.loads(x)["code"] == "LKP351" for x in before.output.strip().splitlines())


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc)")
def test_libreoffice_renders_the_temuan_sheet(annotated, tmp_path):
    """The copy opens and prints in LibreOffice; docs/temuan-libreoffice.png is its first page."""
    import os
    import subprocess
    out, findings, _ = annotated
    env = {**os.environ, "HOME": str(tmp_path)}
    r = subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path),
                        str(out)], capture_output=True, text=True, timeout=240, env=env)
    pdf = tmp_path / (out.stem + ".pdf")
    assert r.returncode == 0 and pdf.exists() and pdf.stat().st_size > 10_000, r.stderr
    import re
    first = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf.read_bytes())
    assert first and float(first.group(1)) > float(first.group(2))        # the first page (Temuan) is landscape


def test_a_workbook_without_a_styles_part_gets_one_in_its_copy(tmp_path):
    """A styles part is optional in a workbook (some generators leave it out): the copy gets a
    minimal one to hold its fills, instead of a traceback (it crashed on None text)."""
    def no_styles(name, text):
        if name == "xl/_rels/workbook.xml.rels":
            return re.sub(r'<Relationship [^>]*/styles"[^>]*/>', "", text)
        if name == "[Content_Types].xml":
            return re.sub(r'<Override [^>]*styles\+xml"/>', "", text)
        return text
    src = tmp_path / "tanpa-gaya.xlsx"
    with_styles = _rewritten(PRINTED, tmp_path / "antara.xlsx", no_styles)
    with zipfile.ZipFile(with_styles) as zin, zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != "xl/styles.xml":
                zout.writestr(info, zin.read(info.filename))
    out = tmp_path / "out.xlsx"
    res = run("check", src, "--ignore", "LKP4", "--annotate", out)
    assert res.exit_code == 1, (res.output, res.exception)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Temuan"
    assert fill_of(wb["Ikhtisar"]["B6"]) == FILL_COLOURS["error"]
    # the cells keep their s="N": only the marked ones are filled, as in a copy of the sample
    usual = tmp_path / "biasa.xlsx"
    run("check", PRINTED, "--ignore", "LKP4", "--annotate", usual)

    def filled(path):
        book = openpyxl.load_workbook(path)
        return sorted((ws.title, c.coordinate) for ws in book.worksheets[1:] for row in ws.iter_rows()
                      for c in row if fill_of(c))
    assert filled(out) == filled(usual)
