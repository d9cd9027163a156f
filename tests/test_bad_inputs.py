"""Hostile and malformed inputs: the reader must refuse cleanly, never crash or hang.

Every input is built in pytest's tmp_path; no binary fixtures are committed.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from lakip_lint.cli import main
from lakip_lint.read import read_report
from lakip_lint.outputs.lang import message

HEADER = ["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]
ROW = [1, "Meningkatnya layanan", "Jumlah layanan", 100, 90, 90]


# ---------------------------------------------------------------- helpers

def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_unchanged(path: Path):
    """Read `path` and assert the reader left its bytes alone."""
    before = sha256(path)
    report = read_report(str(path))
    assert sha256(path) == before, "reader modified the input file"
    return report


def codes(report) -> list[str]:
    return [n.code for n in report.notices]


def only(report, code: str):
    found = [n for n in report.notices if n.code == code]
    assert found, f"no {code} notice; got {[(n.code, message(n, 'id')) for n in report.notices]}"
    return found[0]


def assert_names_file(finding, path: Path) -> None:
    assert str(path) in finding.file


def capaian_xlsx(path: Path, rows=(ROW,), extra=None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tabel 1"
    ws.append(HEADER)
    for r in rows:
        ws.append(list(r))
    if extra:
        extra(ws)
    wb.save(path)
    return path


def csv_as_xlsx(tmp_path: Path) -> Path:
    p = tmp_path / "laporan.xlsx"
    p.write_text(",".join(HEADER) + "\n" + ",".join(str(x) for x in ROW) + "\n", encoding="utf-8")
    return p


def rewrite_member(src: Path, dst: Path, name: str, new: bytes) -> Path:
    """Copy the zip `src` to `dst` with member `name` replaced (or added) by `new`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = new if info.filename == name else zin.read(info.filename)
            zout.writestr(info.filename, data)
        if name not in zin.namelist():
            zout.writestr(name, new)
    return dst


def member_data_span(data: bytes, info: zipfile.ZipInfo) -> tuple[int, int]:
    """Start and end of a member's compressed bytes (lengths read from the local header)."""
    off = info.header_offset
    assert data[off: off + 4] == b"PK\x03\x04"
    name_len = int.from_bytes(data[off + 26: off + 28], "little")
    extra_len = int.from_bytes(data[off + 28: off + 30], "little")
    start = off + 30 + name_len + extra_len
    return start, start + info.compress_size


# ---------------------------------------------------------------- cases

def test_csv_renamed_xlsx_is_refused_with_extension_hint(tmp_path):
    p = csv_as_xlsx(tmp_path)
    report = read_unchanged(p)
    n = only(report, "LKP001")
    assert n.severity == "error"
    assert "ekstensi" in message(n, "id")
    assert "teks" in message(n, "id")
    assert_names_file(n, p)
    assert report.tables == []


def test_pdf_named_xlsx_is_refused(tmp_path):
    p = tmp_path / "laporan.xlsx"
    p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"\x00" * 512)
    report = read_unchanged(p)
    n = only(report, "LKP001")
    assert "PDF" in message(n, "id")
    assert "ekstensi" in message(n, "id")
    assert_names_file(n, p)


def test_truncated_zip_is_refused(tmp_path):
    good = capaian_xlsx(tmp_path / "good.xlsx")
    data = good.read_bytes()
    p = tmp_path / "truncated.xlsx"
    p.write_bytes(data[: len(data) // 2])
    report = read_unchanged(p)
    n = only(report, "LKP001")
    assert "rusak" in message(n, "id")
    assert_names_file(n, p)


def test_crc_error_in_sheet_is_refused_not_crash(tmp_path):
    good = capaian_xlsx(tmp_path / "good.xlsx")
    data = bytearray(good.read_bytes())
    name = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo(name)
    assert info.compress_type == zipfile.ZIP_DEFLATED
    # local header: 30 fixed bytes + name + extra (read the local lengths, not the central ones)
    start, _ = member_data_span(bytes(data), info)
    pos = start + info.compress_size // 2
    data[pos] ^= 0xFF
    p = tmp_path / "crc.xlsx"
    p.write_bytes(bytes(data))
    report = read_unchanged(p)
    n = only(report, "LKP001")
    assert "rusak" in message(n, "id")
    assert_names_file(n, p)


def test_corrupt_deflate_stream_is_refused_not_crash(tmp_path):
    good = capaian_xlsx(tmp_path / "good.xlsx")
    data = good.read_bytes()
    name = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo(name)
    start, end = member_data_span(data, info)
    # find a deterministic byte flip that makes the deflate stream itself invalid
    for pos in range(start + 1, end - 1):
        comp = bytearray(data[start:end])
        comp[pos - start] ^= 0xFF
        try:
            zlib.decompressobj(-15).decompress(bytes(comp))
        except zlib.error:
            break
    else:
        pytest.fail("no byte flip produced an invalid deflate stream")
    bad = bytearray(data)
    bad[pos] ^= 0xFF
    p = tmp_path / "inflate.xlsx"
    p.write_bytes(bytes(bad))
    report = read_unchanged(p)
    n = only(report, "LKP001")
    assert "rusak" in message(n, "id")
    assert_names_file(n, p)


def test_crc_mismatch_with_intact_deflate_stream_is_refused(tmp_path):
    """Same idea, but corrupt the stored CRC so the inflate succeeds and only the CRC check fails."""
    good = capaian_xlsx(tmp_path / "good.xlsx")
    data = bytearray(good.read_bytes())
    name = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo(name)
    # flip the CRC in both the local header (offset 14) and every central-directory entry for it
    off = info.header_offset
    data[off + 14] ^= 0xFF
    idx, patched = 0, 0
    while True:
        idx = data.find(b"PK\x01\x02", idx)
        if idx < 0:
            break
        nlen = int.from_bytes(data[idx + 28: idx + 30], "little")
        if bytes(data[idx + 46: idx + 46 + nlen]) == name.encode():
            data[idx + 16] ^= 0xFF
            patched += 1
        idx += 4
    assert patched == 1
    p = tmp_path / "crc2.xlsx"
    p.write_bytes(bytes(data))
    report = read_unchanged(p)
    n = only(report, "LKP001")
    assert "rusak" in message(n, "id")
    assert_names_file(n, p)


def test_password_protected_ole_is_refused(tmp_path):
    p = tmp_path / "rahasia.xlsx"
    blob = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    blob[2048:2048] = "EncryptionInfo".encode("utf-16-le")
    blob += b"\x00" * 2048
    p.write_bytes(bytes(blob))
    report = read_unchanged(p)
    n = only(report, "LKP001")
    assert "kata sandi" in message(n, "id")
    assert_names_file(n, p)


def test_zip_bomb_is_refused_from_directory(tmp_path):
    p = tmp_path / "bom.xlsx"
    chunk = b"\x00" * (1024 * 1024)
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml",
                    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
                    'spreadsheetml/2006/main"><sheets/></workbook>')
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            for _ in range(300):
                fh.write(chunk)
    assert p.stat().st_size < 5 * 1024 * 1024
    report = read_unchanged(p)
    n = only(report, "LKP001")
    assert "zip bomb" in message(n, "id")
    assert "sheet1.xml" in message(n, "id")
    assert_names_file(n, p)


SST = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
       b'uniqueCount="1"><si><t>&lol2;</t></si></sst>')


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_xml_entity_declaration_is_refused(tmp_path, part):
    good = capaian_xlsx(tmp_path / "good.xlsx")
    with zipfile.ZipFile(good) as zf:
        names = zf.namelist()
        # openpyxl 3.1 writes inline strings, so there may be no sharedStrings part: add one
        body = zf.read(part) if part in names else SST
    if body.startswith(b"<?xml"):
        body = body[body.index(b"?>") + 2:]
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;">]>' + body)
    p = rewrite_member(good, tmp_path / "lol.xlsx", part, bomb)
    with zipfile.ZipFile(p) as zf:
        assert zf.read(part).startswith(b'<?xml version="1.0"?><!DOCTYPE lolz')
    report = read_unchanged(p)
    n = only(report, "LKP001")
    assert "DTD" in message(n, "id") and "entitas" in message(n, "id")
    assert part in message(n, "id")
    assert_names_file(n, p)
    assert report.tables == []


def test_empty_workbook_reports_no_sheets(tmp_path):
    p = tmp_path / "kosong.xlsx"
    openpyxl.Workbook().save(p)
    report = read_unchanged(p)
    n = only(report, "LKP002")
    assert n.severity == "error"
    assert "sheet" in message(n, "id")
    assert_names_file(n, p)
    assert "LKP001" not in codes(report)
    assert report.tables == []


def test_sheet_without_recognised_table(tmp_path):
    p = tmp_path / "prosa.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Catatan"
    ws["A1"] = "Laporan ini disusun sebagai bentuk pertanggungjawaban."
    ws["A3"] = "Catatan kaki tanpa angka"
    ws["A4"], ws["B4"] = 12, 34          # figures under no header: nothing names their columns
    ws["A5"], ws["B5"] = 56, 78
    wb.save(p)
    report = read_unchanged(p)
    w = only(report, "LKP003")
    assert w.severity == "warning"
    assert "Catatan" in message(w, "id")
    assert "A1" in message(w, "id")
    assert w.sheet == "Catatan"
    assert_names_file(w, p)
    e = only(report, "LKP002")
    assert "tabel" in message(e, "id").lower()
    assert_names_file(e, p)


def test_unknown_extra_column_next_to_known_table(tmp_path):
    p = tmp_path / "tambahan.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tabel 1"
    ws.append(HEADER + ["Keterangan Tambahan"])
    ws.append(ROW + ["catatan bebas"])
    wb.save(p)
    report = read_unchanged(p)
    kinds = [t.kind for t in report.tables]
    assert "capaian_kinerja" in kinds
    t = report.of_kind("capaian_kinerja")[0]
    assert len(t.rows) == 1
    assert not [n for n in report.notices if n.code in ("LKP001", "LKP002", "LKP003")]


def test_lone_far_cell_does_not_blow_up(tmp_path):
    def far(ws):
        ws["XFD1048576"] = "x"
    p = capaian_xlsx(tmp_path / "jauh.xlsx", extra=far)
    report = read_unchanged(p)
    tables = report.of_kind("capaian_kinerja")
    assert tables, [(n.code, message(n, "id")) for n in report.notices]
    assert len(tables[0].rows) == 1
    assert "LKP001" not in codes(report)



def test_a_header_row_of_hundreds_of_spaced_columns_is_split_a_bounded_number_of_times(tmp_path, monkeypatch):
    """A header row of 150 columns with a blank column between each: every blank is a place
    two tables could stand side by side, and each try reads both sides afresh. Only the
    widest few are tried (tables.MAX_SPLITS), so the sheet is read in time linear in its
    width — trying every gap took 42 s at 400 columns."""
    from lakip_lint.read import tables
    heads = ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]
    wb = openpyxl.Workbook()
    ws = wb.active
    for j in range(150):
        ws.cell(1, 2 * j + 1, heads[j % 5])
        for r in range(2, 6):
            ws.cell(r, 2 * j + 1, f"IK {r}" if j % 5 == 1 else r)
    p = tmp_path / "lebar.xlsx"
    wb.save(p)
    windows = []
    real = tables.SheetReader._window

    def counting(self, r, c1, c2):
        windows.append((r, c1, c2))
        return real(self, r, c1, c2)

    monkeypatch.setattr(tables.SheetReader, "_window", counting)
    report = read_unchanged(p)
    assert report.tables
    assert 0 < len(windows) <= 2 * tables.MAX_SPLITS, len(windows)      # two sides per split tried

def test_formula_without_cached_value(tmp_path):
    rows = [
        [1, "Sasaran A", "Indikator 1", 10, 9, 90],
        [2, "Sasaran A", "Indikator 2", 20, 18, 90],
        [3, "Sasaran A", "Indikator 3", "=SUM(D2:D3)", 27, 90],
    ]
    p = capaian_xlsx(tmp_path / "rumus.xlsx", rows=rows)
    report = read_unchanged(p)
    n = only(report, "LKP103")
    assert n.cell.endswith("!D4"), n.cell
    assert "SUM(D2:D3)" in message(n, "id")
    assert "rumus" in message(n, "id")
    assert_names_file(n, p)
    t = report.of_kind("capaian_kinerja")[0]
    row = next(r for r in t.rows if r.sheet_row == 4)
    v = row.values["target"]
    assert v.kind == "formula_uncached"
    assert v.number is None  # not read as 0


def test_error_value_cell(tmp_path):
    def err(ws):
        c = ws["F2"]
        c.value = "#DIV/0!"
        c.data_type = "e"
    p = capaian_xlsx(tmp_path / "galat.xlsx", extra=err)
    with zipfile.ZipFile(p) as zf:
        assert b't="e"' in zf.read("xl/worksheets/sheet1.xml")
    report = read_unchanged(p)
    n = only(report, "LKP104")
    assert "#DIV/0!" in message(n, "id")
    assert n.cell.endswith("!F2"), n.cell
    assert_names_file(n, p)
    t = report.of_kind("capaian_kinerja")[0]
    assert t.rows[0].values["capaian"].kind == "error"


# ---------------------------------------------------------------- CLI

def test_cli_exit_code_and_file_named(tmp_path):
    p = csv_as_xlsx(tmp_path)
    before = sha256(p)
    result = CliRunner().invoke(main, ["extract", str(p)])
    assert result.exit_code == 1, result.output
    assert str(p) in result.output
    assert "LKP001" in result.output
    assert "ekstensi" in result.output
    assert sha256(p) == before


def test_cli_lang_en(tmp_path):
    p = csv_as_xlsx(tmp_path)
    result = CliRunner().invoke(main, ["extract", str(p), "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "extension" in result.output
    assert "ekstensi" not in result.output
    assert str(p) in result.output


def test_cli_lang_en_json(tmp_path):
    import json
    p = csv_as_xlsx(tmp_path)
    result = CliRunner().invoke(main, ["extract", str(p), "--lang", "en", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert "extension" in result.output
    assert str(p) in result.output
    json.loads(result.output)


def test_cli_several_files_good_one_still_listed(tmp_path):
    good = capaian_xlsx(tmp_path / "baik.xlsx")
    data = good.read_bytes()
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    hashes = {good: sha256(good), bad: sha256(bad)}
    result = CliRunner().invoke(main, ["extract", str(good), str(bad)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert str(good) in result.output and str(bad) in result.output
    assert "capaian_kinerja" in result.output
    assert "LKP001" in result.output
    for f, h in hashes.items():
        assert sha256(f) == h


def test_cli_good_file_exits_zero(tmp_path):
    good = capaian_xlsx(tmp_path / "baik.xlsx")
    result = CliRunner().invoke(main, ["extract", str(good)])
    assert "capaian_kinerja" in result.output
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- legacy .xls

def _tiny_xls() -> bytes:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sh = book.add_sheet("Tabel 1")
    for c, h in enumerate(HEADER):
        sh.write(0, c, h)
    for c, v in enumerate(ROW):
        sh.write(1, c, v)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _assert_xls_table(report):
    assert report.format == "xls", [(n.code, message(n, "id")) for n in report.notices]
    assert "LKP001" not in codes(report)
    tables = report.of_kind("capaian_kinerja")
    assert tables
    assert len(tables[0].rows) == 1
    assert tables[0].rows[0].values["target"].number == 100


def test_legacy_xls_with_true_extension_is_read(tmp_path):
    """Control for the next test: the same bytes named .xls are read fine."""
    p = tmp_path / "lama.xls"
    p.write_bytes(_tiny_xls())
    _assert_xls_table(read_unchanged(p))


def test_legacy_xls_named_xlsx_is_read_by_content(tmp_path):
    p = tmp_path / "lama.xlsx"
    p.write_bytes(_tiny_xls())
    _assert_xls_table(read_unchanged(p))


def test_a_paragraph_in_a_cell_costs_its_length_not_its_square(tmp_path):
    """A cell holding a paragraph of 3 000 words: a header text's word tails are kept only as
    long as a catalog header can be (they are only ever looked up among the catalog's
    headers) — all 3 000 tails were 27 million letters per cell: 300 such cells took 4,9 s
    and 1,2 GB. A short header keeps every tail (`SEMULA PAGU ANGGARAN (000)` still names
    `pagu anggaran`)."""
    from lakip_lint.catalog import load_catalog
    from lakip_lint.read.detect import Detector
    from lakip_lint.read.grid import RawSheet
    cat = load_catalog()
    d = Detector("x.xlsx", RawSheet("Narasi"), cat)
    longest = max(map(len, cat.header_index))
    paragraph = "Jumlah " + " ".join(f"kata{i % 97}x" for i in range(3000))
    forms = d.label_forms(paragraph)
    assert len(forms) <= longest + 2 and all(len(f) <= longest for f in forms[1:])
    assert "paguanggaran" in d.label_forms("SEMULA PAGU ANGGARAN (000)")


def test_a_legacy_parser_that_aborts_is_one_refusal_saying_so(tmp_path, monkeypatch):
    """calamine can abort its (forked) process on a hostile .xls: the file is refused as
    'parser stopped abnormally' with the child's exit code, not as an internal error."""
    import multiprocessing
    import os
    from lakip_lint.read import calamine_reader
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the parser runs in a forked child only where fork exists")
    p = tmp_path / "lama.xls"
    p.write_bytes(_tiny_xls())
    monkeypatch.setattr(calamine_reader, "_read", lambda *args: os.abort())
    report = read_unchanged(p)
    said = [message(n, "id") for n in report.notices if n.code == "LKP001"]
    assert len(said) == 1 and "berhenti tidak normal" in said[0] and "-6" in said[0], said


def test_a_fiscal_year_formula_without_its_value_is_said_once_and_never_as_none(tmp_path):
    """Tahun anggaran written `=2000+23` and saved without its value: the missing value is
    said (LKP103); no second notice calling the year 'None' invalid (LKP112 did)."""
    src = Path(__file__).resolve().parent.parent / "samples" / "bspji-pekanbaru-2023.xlsx"
    wb = openpyxl.load_workbook(src)
    label = next(c for row in wb["Ikhtisar"].iter_rows() for c in row if c.value == "Tahun anggaran")
    label.offset(column=1).value = "=2000+23"
    p = tmp_path / "rumus.xlsx"
    wb.save(p)
    report = read_unchanged(p)
    said = [(n.code, message(n, "id")) for n in report.notices]
    assert any(code == "LKP103" for code, _ in said), said
    assert not any(code == "LKP112" or "None" in text for code, text in said), said
