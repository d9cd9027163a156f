"""Every rule of the full pack on a minimal workbook: one that passes, and the same workbook
with one cell changed that fails at the expected cell.

Tables are written as reports print them (header texts from the seed, Indonesian numbers as
text). A case is (rule, sheets, change, cell): `change` = (sheet, row, col, new text), 0-based.
"""
from __future__ import annotations

import copy

import pytest

from lakip_lint.read import read_report
from lakip_lint.rules import load_rules, run_rules

from workbooks import write
from lakip_lint.outputs.lang import message

FY = [("Nama satker", "Balai Standardisasi dan Pelayanan Jasa Industri (BSPJI) Pekanbaru"), ("Tahun anggaran", "2023")]
CAP = ["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]


def t1(*rows):
    """Tabel 1 rows of (indikator, target, realisasi, capaian)."""
    return [CAP] + [[str(i), "Sasaran", ik, t, r, c] for i, (ik, t, r, c) in enumerate(rows, 1)]


T32 = [["Kode", "Uraian", "Pagu", "Realisasi", "%"],
       ["6077", "Kegiatan uji", "100.000", "90.000", "90"],
       ["6077.BDI", "KRO satu", "60.000", "50.000", "83,33"],
       ["6077.BDI.006", "RO satu", "60.000", "50.000", "83,33"],
       ["6077.QDI", "KRO dua", "40.000", "40.000", "100"],
       ["6077.QDI.002", "RO dua", "40.000", "40.000", "100"]]
T7 = [["NO", "KEGIATAN", "PAGU ANGGARAN (Rp.)"], ["1", "Layanan A", "100.000.000"], ["", "Rincian A1", "60.000.000"],
      ["", "Rincian A2", "40.000.000"], ["2", "Layanan B", "50.000.000"], ["", "Rincian B1", "50.000.000"],
      ["Total", "", "150.000.000"]]
T17 = [["No", "Jenis JPT", "Sertifikat", ""], ["", "", "2022", "2023"], ["1", "Pengujian", "155", "211"],
       ["2", "Kalibrasi", "-", "10"], ["", "Total", "155", "221"]]
T18 = [["No", "Akun", "Pagu Anggaran", "Realisasi PDN", "Realisasi TKDN", "Realisasi Impor", "% Realisasi PDN + TKDN"],
       ["1", "521111", "760.303.000", "760.303.000", "", "", ""],
       ["2", "532111", "965.280.000", "506.791.600", "60.907.400", "397.581.000", ""],
       ["", "Jumlah", "1.725.583.000", "1.267.094.600", "60.907.400", "397.581.000", "76,96"]]
T20 = [["No", "Rekomendasi hasil Pengawasan Internal", "Progress Tindak Lanjut", "Keterangan"],
       ["1", "Rekomendasi satu", "Selesai", ""], ["2", "Rekomendasi dua", "Selesai", ""]]
T21 = [["No.", "Unsur Pelayanan", "Nilai Indeks", "Mutu Pelayanan"], ["1", "Persyaratan", "3,86", "A"],
       ["2", "Prosedur", "3,5324", "A"], ["3", "Waktu", "3,0644", "B"]]
T22 = [["Indeks Kepuasan Masyarakat Masyarakat TA. 2023", "Jumlah Total Pelanggan", "Jumlah Total Responden",
        "Jumlah Responden Dengan Indeks 1", "Jumlah Responden Dengan Indeks 2", "Jumlah Responden Dengan Indeks 3",
        "Jumlah Responden Dengan Indeks 4"], ["3,48 Indeks", "180", "134", "-", "-", "56", "78"]]
T25 = [["No", "Nama", "Kualifikasi", "Kompetensi", "Kinerja", "Disiplin", "Total"],
       ["1.", "Pegawai Satu", "23", "15", "25", "5", "68"], ["2.", "Pegawai Dua", "23", "25", "30", "5", "83"],
       ["Rata-rata", "", "23", "20", "27,5", "5", "75,5"]]
T26 = [["No", "Aspek", "Indeks Aspek", "Bobot Aspek", "Indeks Layanan Publik"],
       ["1", "Kebijakan Pelayanan", "4,66", "24%", "1,12"], ["2", "Profesionalisme SDM", "4,80", "25%", "1,20"],
       ["3", "Sarana dan Prasarana", "4,33", "18%", "0,78"], ["4", "Sistem Informasi Pelayanan Publik", "3,75", "11%", "0,41"],
       ["5", "Konsultasi dan Pengaduan", "4,75", "10%", "0,48"], ["6", "Inovasi", "2", "12%", "0,24"],
       ["Nilai Indeks Pelayanan Publik", "", "", "", "4,23"]]
T27 = [["No", "Unit Kerja", "Perencanaan Kinerja", "Pengukuran Kinerja", "Pelaporan Kinerja",
        "Evaluasi Akuntabilitas Kinerja Internal", "Total", "Predikat"],
       ["1", "BSPJI Pekanbaru", "23,10", "22,50", "11,55", "18,00", "75,15", "BB"],
       ["2", "BSPJI Padang", "30,00", "30,00", "12,00", "18,00", "90,00", "A"]]
T28 = [["No", "Nama Satker", "Nilai"], ["1", "BSPJI SURABAYA", "98,75"], ["2", "BSPJI PEKANBARU", "90,75"]]
T33 = [["", "TA.2022", "TA.2023"], ["PAGU", "6.856.156.000", "7.680.590.000"],
       ["Realisasi", "6.832.596.318", "7.680.058.359"], ["% Realisasi", "99,66%", "99,99%"]]
T31 = [["Kegiatan/Komponen/ Subkomponen", "", "Anggaran (Rp)", "Triwulan I (%)", "", "Triwulan II (%)", "",
        "Triwulan III (%)", "", "Triwulan IV (%)", "", "% Realisasi Ouput"],
       ["", "", "", "Keuangan", "", "Keuangan", "", "Keuangan", "", "Keuangan", "", ""],
       ["", "", "", "T", "R", "T", "R", "T", "R", "T", "R", ""],
       ["1", "Manajemen Laboratorium Pengujian", "469.597.000", "30%", "51,7%", "45%", "64,5%", "75%", "84,6%", "100%", "100%", "100%"],
       ["2", "Manajemen Lembaga Pemeriksa Halal", "52.600.000", "30%", "27,8%", "45%", "32,9%", "75%", "33,3%", "100%", "100%", "100%"]]
T32_FOR_31 = [["Kode", "Uraian", "Pagu", "Realisasi", "%"],
              ["6077", "Kegiatan", "522.197.000", "522.196.604", "100"],
              ["A", "Manajemen Laboratorium Pengujian", "469.597.000", "469.596.604", "100"],
              ["B", "Manajemen Lembaga Pemeriksa Halal", "52.600.000", "52.600.000", "100"]]
T11 = [["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target", "Realisasi", "Triwulan I", "", "Triwulan II", "",
        "Triwulan III", "", "Triwulan IV", ""],
       ["", "", "", "", "", "% Fisik", "", "% Fisik", "", "% Fisik", "", "% Fisik", ""],
       ["", "", "", "", "", "Target", "Realisasi", "Target", "Realisasi", "Target", "Realisasi", "Target", "Realisasi"],
       ["1", "S", "IK satu", "10", "25", "10", "10", "30", "35", "60", "90", "100", "100"]]
T9 = [["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target", "Rencana Aksi", "", "", "", "", "", "", ""],
      ["", "", "", "", "Triwulan I", "", "Triwulan II", "", "Triwulan III", "", "Triwulan IV", ""],
      ["", "", "", "", "Target Antara", "Rencana Kegiatan", "Target Antara", "Rencana Kegiatan", "Target Antara",
       "Rencana Kegiatan", "Target Antara", "Rencana Kegiatan"],
      ["1", "S", "IK satu", "10", "10", "survei", "30", "mou", "60", "terap", "100", "lapor"]]
T38 = [["Sasaran Kegiatan (output)/Indikator", "Kinerja", "", "", "", "Efektivitas", "Anggaran", "", "", "Efisiensi",
        "Indeks Biaya Target (IBT)", "Indeks Biaya Realisasi (IBR)", "Efisiensi Perjakin/Renstra", "Efisiensi IKU"],
       ["", "Target", "Realisasi", "%", "%Rata-rata Capaian Sasaran Kegiatan", "", "Target", "Realisasi", "%", "Efisiensi",
        "", "", "", ""],
       ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14"],
       ["1 Produktivitas/efisiensi perusahaan industri hasil kegiatan kolaborasi (Persen)", "10", "25", "250%", "250.00%",
        "Efektif", "32,372,000", "32,370,330", "99.99%", "Efisien", "3,237,200", "1,294,813", "60.00%", "60.00%"],
       ["2 Perusahaan yang terfasilitasi di bidang standardisasi industri(Perusahaan)", "1", "1", "100%", "100.00%",
        "Efektif", "16,896,000", "16,894,900", "99.99%", "Efisien", "16,896,000", "16,894,900", "0.01%", "0.01%"],
       ["", "%Rata-rata Capaian Kinerja", "", "175.00%", "", "Efektif", "49,268,000", "49,265,230", "99.99%", "Efisien",
        "", "", "", ""]]
T30 = [["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target", "Capaian", "Komponen/ Subkomponen", "Pagu Anggaran", "", ""],
       ["", "", "", "", "", "", "Pagu", "Realisasi", "%"],
       ["1", "S", "Produktivitas/efisiensi perusahaan industri hasil kegiatan kolaborasi", "10 (Persen)", "25%", "komponen",
        "32.372", "32.370", "99,99"]]


CASES = [
    ("LKP301", {"Tabel 32": T32}, ("Tabel 32", 1, 2, "120.000"), "'Tabel 32'!C2"),
    ("LKP302", {"Tabel 7": T7}, ("Tabel 7", 1, 2, "110.000.000"), "'Tabel 7'!C2"),
    ("LKP303", {"Tabel 32": T32}, ("Tabel 32", 2, 4, "88,33"), "'Tabel 32'!E3"),
    ("LKP304", {"Tabel 31": T31, "Tabel 32": T32_FOR_31}, ("Tabel 31", 3, 2, "496.597.000"), "'Tabel 31'!C4"),
    ("LKP305", {"Tabel 33": T33}, ("Tabel 33", 2, 2, "7.608.058.359"), "'Tabel 33'!C3"),
    ("LKP306", {"Tabel 33": T33}, ("Ikhtisar", "Persentase realisasi anggaran", None, "99,90%"), "Ikhtisar!B8"),
    ("LKP307", {"Tabel 30": T30, "Tabel 38": T38}, ("Tabel 30", 2, 6, "32.732"), "'Tabel 30'!G3"),
    ("LKP321", {"Tabel 17": T17}, ("Tabel 17", 4, 3, "212"), "'Tabel 17'!D5"),
    ("LKP322", {"Tabel 25": T25}, ("Tabel 25", 2, 6, "38"), "'Tabel 25'!G3"),
    ("LKP323", {"Tabel 27": T27}, ("Tabel 27", 1, 6, "74,15"), "'Tabel 27'!G2"),
    ("LKP324", {"Tabel 18": T18}, ("Tabel 18", 2, 4, "69.907.400"), "'Tabel 18'!C3"),
    ("LKP325", {"Tabel 18": T18}, ("Tabel 18", 3, 6, "67,96"), "'Tabel 18'!G4"),
    ("LKP326", {"Tabel 26": T26}, ("Tabel 26", 1, 4, "1,21"), "'Tabel 26'!E2"),
    ("LKP327", {"Tabel 26": T26}, ("Tabel 26", 6, 3, "13%"), None),
    ("LKP328", {"Tabel 22": T22}, ("Tabel 22", 1, 2, "143"), "'Tabel 22'!C2"),
    ("LKP329", {"Tabel 22": T22}, ("Tabel 22", 1, 1, "18"), "'Tabel 22'!C2"),
    ("LKP341", {"Tabel 21": T21, "Tabel 22": T22}, ("Tabel 22", 1, 0, "3,84 Indeks"), "'Tabel 22'!A2"),
    ("LKP342", {"Tabel 25": T25, "Tabel 1": t1(("Rata-rata indeks profesionalitas ASN", "73", "75,5", "103%"))},
     ("Tabel 1", 1, 4, "77,5"), "'Tabel 1'!E2"),
    ("LKP343", {"Tabel 26": T26, "Tabel 1": t1(("Nilai minimal indeks layanan publik", "3,53", "4,23", "119%"))},
     ("Tabel 1", 1, 4, "4,32"), "'Tabel 1'!E2"),
    ("LKP344", {"Tabel 27": T27, "Tabel 1": t1(("Nilai minimal akuntabilitas kinerja", "75", "75,15", "100%"))},
     ("Tabel 1", 1, 4, "75,51"), "'Tabel 1'!E2"),
    ("LKP345", {"Tabel 28": T28, "Tabel 1": t1(("Nilai minimal laporan keuangan", "90", "90,75", "100%"))},
     ("Tabel 1", 1, 4, "90,57"), "'Tabel 1'!E2"),
    ("LKP346", {"Tabel 18": T18, "Tabel 1": t1(("Persentase nilai capaian penggunaan produk dalam negeri", "45", "76,96", "171%"))},
     ("Tabel 1", 1, 4, "84,31"), "'Tabel 1'!E2"),
    ("LKP347", {"Tabel 20": T20, "Tabel 1": t1(("Rekomendasi hasil pengawasan internal telah ditindaklanjuti", "92,5", "100", "108%"))},
     ("Tabel 20", 2, 2, "Dalam proses"), "'Tabel 1'!E2"),
    ("LKP361", {"Tabel 21": T21}, ("Tabel 21", 2, 2, "3,5323"), "'Tabel 21'!D3"),
    ("LKP362", {"Tabel 27": T27}, ("Tabel 27", 2, 7, "AA"), "'Tabel 27'!H3"),
    ("LKP381", {"Tabel 31": [r[:] for r in T31[:4]]}, ("Tabel 31", 3, 6, "44,5%"), "'Tabel 31'!G4"),
    ("LKP382", {"Tabel 11": T11}, ("Tabel 11", 3, 8, "8"), "'Tabel 11'!I4"),
    ("LKP383", {"Tabel 11": T11}, ("Tabel 11", 3, 9, "20"), "'Tabel 11'!J4"),
    ("LKP384", {"Tabel 9": T9}, ("Tabel 9", 3, 8, "25"), "'Tabel 9'!I4"),
    ("LKP391", {"Tabel 38": T38}, ("Tabel 38", 3, 10, "3,372,200"), "'Tabel 38'!K4"),
    ("LKP392", {"Tabel 38": T38}, ("Tabel 38", 3, 11, "1,249,813"), "'Tabel 38'!L4"),
    ("LKP393", {"Tabel 38": T38}, ("Tabel 38", 3, 12, "66.00%"), "'Tabel 38'!M4"),
    ("LKP394", {"Tabel 38": T38}, ("Tabel 38", 3, 8, "98.99%"), "'Tabel 38'!I4"),
    ("LKP395", {"Tabel 38": T38}, ("Tabel 38", 5, 6, "49,286,000"), "'Tabel 38'!G6"),
    ("LKP396", {"Tabel 38": T38}, ("Tabel 38", 5, 7, "49,256,230"), "'Tabel 38'!H6"),
    ("LKP501", {"Tabel 17": T17}, ("Tabel 17", 3, 0, "3"), "'Tabel 17'!A4"),
]

FACTS = FY + [("Realisasi anggaran", "Rp. 7.680.058.359,-"), ("Pagu akhir DIPA", "Rp. 7.680.590.000,-"),
              ("Persentase realisasi anggaran", "99,99%")]


def _apply(sheets, facts, change):
    sheets, facts = copy.deepcopy(sheets), list(facts)
    sheet, r, c, text = change
    if sheet == "Ikhtisar":                      # r names the fact's label
        facts = [(label, text if label == r else value) for label, value in facts]
    elif c is None:                              # the row removed
        del sheets[sheet][r]
    else:
        sheets[sheet][r][c] = text
    return sheets, facts


def _run(tmp_path, name, sheets, facts, rule_id):
    path = write(tmp_path / name, sheets, None, facts)
    rules = [r for r in load_rules() if r.id == rule_id]
    stats: dict = {}
    findings = run_rules(read_report(str(path)), rules, {}, stats)
    return findings, stats[rule_id].counts


@pytest.mark.parametrize("rule_id,sheets,change,cell", CASES, ids=[c[0] for c in CASES])
def test_rule_passes_on_consistent_data_and_fails_on_one_changed_cell(tmp_path, rule_id, sheets, change, cell):
    good, counts = _run(tmp_path, "good.xlsx", sheets, FACTS, rule_id)
    assert [message(f, "id") for f in good if f.outcome == "failed"] == [] and counts["passed"] >= 1, \
        [message(f, "id") for f in good]
    bad_sheets, bad_facts = _apply(sheets, FACTS, change)
    bad, _ = _run(tmp_path, "bad.xlsx", bad_sheets, bad_facts, rule_id)
    failed = [f for f in bad if f.outcome == "failed"]
    assert failed, f"{rule_id} missed {change}"
    if cell is not None:
        assert cell in [f.cell for f in failed] + [c for f in failed for c in f.related], [message(f, "id") for f in failed]


def test_a_dash_after_a_written_figure_is_a_fall_quoted_as_a_dash(tmp_path):
    """Realisasi TW III written `-` after 35: in an annual report every quarter has passed,
    so the dash (0) falls; the message quotes '-' (it said '?'). A dash before the first
    figure rises to it: no finding."""
    dash = [r[:] for r in T11]
    dash[3][10] = "-"
    found, _ = _run(tmp_path, "dash.xlsx", {"Tabel 11": dash}, FACTS, "LKP382")
    said = [message(f, "id") for f in found if f.outcome == "failed"]
    assert said == ["'IK satu': realisasi triwulan - turun dari 35 ('Tabel 11'!I4); angka kumulatif tidak boleh turun."]
    lead = [r[:] for r in T11]
    lead[3][6] = "-"
    found, _ = _run(tmp_path, "lead.xlsx", {"Tabel 11": lead}, FACTS, "LKP382")
    assert [message(f, "id") for f in found if f.outcome == "failed"] == []


@pytest.mark.parametrize("value,grade", [("3,5324", "A"), ("3,5323", "B"), ("3,0644", "B"), ("3,0643", "C"),
                                         ("2,60", "C"), ("2,5999", "D")])
def test_ikm_grade_boundaries_of_permenpanrb_14_2017(tmp_path, value, grade):
    sheets = {"Tabel 21": [T21[0], ["1", "Persyaratan", value, grade]]}
    findings, counts = _run(tmp_path, "ikm.xlsx", sheets, FACTS, "LKP361")
    assert [f for f in findings if f.outcome == "failed"] == [] and counts["passed"] == 1


@pytest.mark.parametrize("total,rating", [("90,00", "A"), ("90,01", "AA"), ("80,00", "BB"), ("80,01", "A"),
                                          ("70,00", "B"), ("30,00", "D"), ("30,01", "C")])
def test_sakip_rating_boundaries_of_permenpanrb_88_2021(tmp_path, total, rating):
    sheets = {"Tabel 27": [T27[0], ["1", "BSPJI Uji", "", "", "", "", total, rating]]}
    findings, counts = _run(tmp_path, "sakip.xlsx", sheets, FACTS, "LKP362")
    assert [f for f in findings if f.outcome == "failed"] == [] and counts["passed"] == 1


def test_near_duplicate_indicator_names(tmp_path):
    pk = [["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target"],
          ["1", "S", "Meningkatnya PNBP layanan jasa industri", "5"]]
    good = {"Tabel 5": pk, "Tabel 1": t1(("Meningkatnya PNBP layanan jasa industri", "5", "363", "7.260%"))}
    findings, counts = _run(tmp_path, "n.xlsx", good, FACTS, "LKP502")
    assert [f for f in findings if f.outcome == "failed"] == [] and counts["passed"] == 1
    bad = {"Tabel 5": pk, "Tabel 1": t1(("Meningkatnya PNPB layanan jasa industri", "5", "363", "7.260%"))}
    findings, _ = _run(tmp_path, "n2.xlsx", bad, FACTS, "LKP502")
    (f,) = [f for f in findings if f.outcome == "failed"]
    assert f.cell in ("'Tabel 1'!C2", "'Tabel 5'!C2")


def test_formula_audit_sum_range_constant_total_and_text_number(tmp_path):
    import xlsxwriter
    path = tmp_path / "f.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Tabel 17")
    for c, h in enumerate(["No", "Jenis JPT", "Sertifikat", ""]):
        ws.write_string(0, c, h)
    for c, h in enumerate(["", "", "2022", "2023"]):
        ws.write_string(1, c, h) if h else None
    rows = [("1", "Pengujian", 155, 211), ("2", "Kalibrasi", 10, "12"), ("3", "Pelatihan", 6, 15)]
    for i, (no, jenis, a, b) in enumerate(rows, 2):
        ws.write_string(i, 0, no)
        ws.write_string(i, 1, jenis)
        ws.write_number(i, 2, a)
        ws.write_string(i, 3, b) if isinstance(b, str) else ws.write_number(i, 3, b)
    ws.write_string(5, 1, "Total")
    ws.write_formula(5, 2, "=SUM(C4:C5)", None, 16)        # leaves out row 3 (and is wrong)
    ws.write_number(5, 3, 238)                             # a typed constant beside a formula
    wb.close()
    rules = [r for r in load_rules() if r.id == "LKP503"]
    findings = run_rules(read_report(str(path)), rules, {}, {})
    got = sorted(f.cell for f in findings if f.outcome == "failed")
    assert got == ["'Tabel 17'!C6", "'Tabel 17'!D4", "'Tabel 17'!D6"]


# -- rules of the first four families that the seed passes: each fails on one changed cell too -------

from workbooks import revisi as _revisi  # noqa: E402

PK8 = [["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target"],
       ["1", "S", "Indeks kepuasan masyarakat terhadap layanan jasa industri", "3,50"],
       ["2", "S", "Rata-rata indeks profesionalitas ASN", "73"]]
T1_BOTH = t1(("Indeks kepuasan masyarakat terhadap layanan jasa industri", "3,50", "3,81", "108%"),
             ("Rata-rata indeks profesionalitas ASN", "73", "75,5", "103%"))
T9_ONE = [r[:] for r in T9]
T11_ONE = [r[:] for r in T11]
T21_NINE = [T21[0]] + [[str(i), f"Unsur nomor {i}", "3,80", "A"] for i in range(1, 10)]
T13 = [["Pagu", "2022", "2023"], ["Target Penerimaan (Rp)", "150.000.000", "250.000.000"],
       ["Realisasi Penerimaan (Rp)", "120.047.000", "556.782.250"], ["Realisasi Penerimaan (%)", "80,03%", "222,71%"]]
T15 = [r[:] for r in T13]
T14 = [["No", "Jenis JPT", "PNBP (Rp)", ""], ["", "", "2022", "2023"],
       ["1", "Pengujian", "120.047.000", "556.782.250"], ["", "Total", "120.047.000", "556.782.250"]]
T1_PNBP = t1(("Meningkatnya PNBP layanan jasa industri", "5", "363", "7.260%"))
T6 = _revisi([("26 Des", "7.592.226", "0", "7.592.226", "0"), ("20 Jan", "7.592.226", "0", "7.680.590", "0")])
PNBP_FACTS = [("Target PNBP", "Rp. 250.000.000,-"), ("Realisasi PNBP", "Rp. 556.782.250,-"),
              ("Persentase realisasi PNBP", "222,71%"), ("Jumlah revisi DIPA", "2 kali")]
T38B = [r[:] for r in T38[:5]] + [["", "%Rata-rata Capaian Kinerja", "", "", "175.00%", "Efektif", "49,268,000",
                                   "49,265,230", "99.99%", "Efisien", "", "", "", ""]]

MORE_CASES = [
    ("LKP204", {"Tabel 6": T6}, ("Ikhtisar", "Jumlah revisi DIPA", None, "3 kali"), None),
    ("LKP206", {"Tabel 6": T6}, ("Tabel 6", 3, 7, "8.000.000"), "'Tabel 6'!H4"),
    ("LKP207", {"Tabel 6": T6, "Tabel 13": T13}, ("Tabel 13", 1, 2, "205.000.000"), "'Tabel 13'!C2"),
    ("LKP222", {"Tabel 13": T13}, ("Tabel 13", 3, 2, "227,71%"), "'Tabel 13'!C4"),
    ("LKP224", {"Tabel 13": T13, "Tabel 14": T14}, ("Tabel 13", 2, 2, "565.782.250"), "'Tabel 13'!C3"),
    ("LKP226", {"Tabel 14": T14, "Tabel 1": T1_PNBP}, ("Tabel 1", 1, 4, "336"), "'Tabel 1'!E2"),
    ("LKP227", {"Tabel 13": T13, "Tabel 15": T15}, ("Tabel 15", 1, 1, "105.000.000"), "'Tabel 15'!B2"),
    ("LKP228", {"Tabel 13": T13}, ("Ikhtisar", "Persentase realisasi PNBP", None, "227,71%"), None),
    ("LKP243", {"Tabel 8": PK8, "Tabel 1": T1_BOTH}, ("Tabel 1", 2, 2, "Jumlah sertifikat yang diterbitkan"), None),
    ("LKP244", {"Tabel 9": T9_ONE, "Tabel 11": T11_ONE}, ("Tabel 11", 3, 7, "35"), "'Tabel 11'!H4"),
    ("LKP330", {"Tabel 21": T21_NINE}, ("Tabel 21", 9, None, None), None),
    ("LKP397", {"Tabel 38": T38B}, ("Tabel 38", 5, 4, "180.00%"), "'Tabel 38'!E6"),
]


@pytest.mark.parametrize("rule_id,sheets,change,cell", MORE_CASES, ids=[c[0] for c in MORE_CASES])
def test_more_rules_pass_on_consistent_data_and_fail_on_one_changed_cell(tmp_path, rule_id, sheets, change, cell):
    facts = FACTS + PNBP_FACTS
    good, counts = _run(tmp_path, "good.xlsx", sheets, facts, rule_id)
    assert [message(f, "id") for f in good if f.outcome == "failed"] == [] and counts["passed"] >= 1, \
        [message(f, "id") for f in good]
    bad_sheets, bad_facts = _apply(sheets, facts, change)
    bad, _ = _run(tmp_path, "bad.xlsx", bad_sheets, bad_facts, rule_id)
    failed = [f for f in bad if f.outcome == "failed"]
    assert failed, f"{rule_id} missed {change}"
    if cell is not None:
        assert cell in [f.cell for f in failed] + [c for f in failed for c in f.related], [message(f, "id") for f in failed]


T4 = [["Program/ Kegiatan", "Sasaran Strategis / Sasaran Program / Sasaran Kegiatan / IKU / IK", "Satuan", "Target",
       "", "", "", "Output", "Indikasi Alokasi (dalam milyar rupiah)", "", "", "", "Aktivitas Utama"],
      ["", "", "", "2021", "2022", "2023", "2024", "", "2021", "2022", "2023", "2024", ""],
      ["", "1 Indeks kepuasan masyarakat terhadap layanan jasa industri", "Indeks", "3,4", "3,45", "3,50", "3,52",
       "Layanan", "0,13", "0,2", "0,02", "0,003", "Survei"]]
T29 = [["Program/ Kegiatan", "Sasaran Strategis / Sasaran Program / Sasaran Kegiatan / IKU / IK", "Satuan",
        "Target Renstra 2021", "Realisasi Renstra 2021", "Target Renstra 2022", "Realisasi Renstra 2022",
        "Target Renstra 2023", "Realisasi Renstra 2023", "Target Renstra 2024", "Total 2021-2024", "", ""],
       ["", "", "", "", "", "", "", "", "", "", "Total Target Renstra", "Total Realisasi Renstra sd 2023", "%"],
       ["", "1 Indeks kepuasan masyarakat terhadap layanan jasa industri", "Indeks", "3,4", "3,64", "3,45", "3,75",
        "3,50", "3,81", "3,52", "13,87", "11,2", "80,74"]]
T29B = [["Program/ Kegiatan", "Sasaran Strategis / Sasaran Program / Sasaran Kegiatan / IKU / IK", "Target Renstra 2021",
         "Target Perkin 2021", "Realisasi", "Target Renstra 2022", "Target Perkin 2022", "Realisasi", "Target Renstra 2023",
         "Target Perkin 2023", "Realisasi", "Target Renstra 2024", "Total 2021-2024 (000)", "", "", ""],
        ["", "", "", "", "", "", "", "", "", "", "", "", "Total Target Renstra", "Total Perkin", "Realisasi", "%"],
        ["", "1 Produktivitas/efisiensi perusahaan industri hasil kegiatan kolaborasi", "88,49", "88,49", "88,32",
         "67,62", "60,18", "60,00", "54,12", "32,37", "21,37", "29,56", "239,79", "181,04", "169,69", "93,73"]]

RENSTRA_CASES = [
    ("LKP264", {"Tabel 29b": T29B}, ("Tabel 29b", 2, 15, "95,73"), "'Tabel 29b'!P3"),
    ("LKP265", {"Tabel 4": T4, "Tabel 29": T29}, ("Tabel 4", 2, 4, "3,55"), "'Tabel 4'!E3"),
]


@pytest.mark.parametrize("rule_id,sheets,change,cell", RENSTRA_CASES, ids=[c[0] for c in RENSTRA_CASES])
def test_renstra_rules_pass_on_consistent_data_and_fail_on_one_changed_cell(tmp_path, rule_id, sheets, change, cell):
    test_rule_passes_on_consistent_data_and_fails_on_one_changed_cell(tmp_path, rule_id, sheets, change, cell)
