"""Relations a header makes plain, on tables no catalog kind knows (issue 15): each generic
relation finds the one changed value, names the cell, and says nothing where no clear
majority of rows supports a relation."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "corpus"))

import build  # noqa: E402

from lakip_lint.check import check_paths  # noqa: E402
from lakip_lint.read import read_report  # noqa: E402


def workbook(tmp_path, tables, name="t", layout="printed"):
    rep = {"id": name, "unit": "Uji", "year": 2020, "source": "-", "tables": tables, "defects": []}
    p = tmp_path / f"{name}-{layout}.xlsx"
    build.write(rep, p, layout)
    return p


def at(tables, table_id, r, c):
    """The cell (`B5`) of row r, column c of a table as build.write lays it out."""
    _, first, c0 = build.layout_of({"tables": tables})[table_id]
    return f"{chr(64 + c0 + c - 1)}{first + r - 1}"


def loud(path, prefix=""):
    res = check_paths([str(path)], {}, [], [])
    return [(f.code, f.cell.split("!")[-1] if f.cell else None) for f in res.findings
            if f.severity in ("error", "warning") and f.code.startswith(prefix)]


BELANJA = {"id": "b", "sheet": "Anggaran", "caption": "Tabel 3.10 Realisasi Anggaran per Jenis Belanja",
           "header": [["No", "Jenis Belanja", "Pagu", "Realisasi", "%", "Sisa Anggaran"]],
           "rows": [["1", "Belanja Pegawai", "Rp 5.120.000.000", "Rp 5.010.250.300", "97,86", "Rp 109.749.700"],
                    ["2", "Belanja Barang", "Rp 3.450.500.000", "Rp 3.201.400.000", "92,78", "Rp 249.100.000"],
                    ["3", "Belanja Modal", "Rp 1.200.000.000", "Rp 1.150.000.000", "95,83", "Rp 50.000.000"],
                    ["", "Jumlah", "Rp 9.770.500.000", "Rp 9.361.650.300", "95,82", "Rp 408.849.700"]]}

PNBP = {"id": "p", "sheet": "PNBP", "caption": "Tabel 3.11 Realisasi PNBP", "unit_line": "(dalam ribuan rupiah)",
        "header": [["Uraian", "2019", "2020", "Kenaikan/(Penurunan)", None], [None, None, None, "Rp", "%"]],
        "rows": [["Jasa Pengujian", "1.250.300", "1.400.100", "149.800", "11,98"],
                 ["Jasa Kalibrasi", "320.000", "290.500", "(29.500)", "(9,22)"],
                 ["Jasa Sertifikasi", "410.250", "455.000", "44.750", "10,91"],
                 ["Jasa Pelatihan", "85.000", "92.000", "7.000", "8,24"],
                 ["Total Pendapatan", "2.065.550", "2.237.600", "172.050", "8,33"]]}

SUMBER = {"id": "s", "sheet": "Sumber", "caption": "Pagu per sumber dana",
          "header": [["Satker", "RM", "PNBP", "Jumlah"]],
          "rows": [["Balai A", "1.000.000", "200.000", "1.200.000"],
                   ["Balai B", "2.000.000", "300.000", "2.300.000"],
                   ["Balai C", "500.000", "50.000", "550.000"],
                   ["Balai D", "750.000", "125.000", "875.000"]]}


def changed(table, r, c, text):
    t = {**table, "rows": [list(x) for x in table["rows"]]}
    t["rows"][r - 1][c - 1] = text
    return t


@pytest.mark.parametrize("layout", ["printed", "native"])
def test_correct_generic_tables_are_silent(tmp_path, layout):
    assert loud(workbook(tmp_path, [BELANJA, PNBP, SUMBER], layout=layout)) == []


def test_a_generic_table_is_read_with_typed_columns(tmp_path):
    rep = read_report(str(workbook(tmp_path, [BELANJA, PNBP])))
    b, p = [t for t in rep.tables if t.kind == "umum"]
    types = {c.name: c.type for c in b.columns}
    assert types["no"] == "code" and types["jenis_belanja"] == "text" and types["persen"] == "percent"
    assert types["pagu"] == "amount" and b.rows[-1].kind == "total"
    assert p.rows[-1].kind == "total"                 # `Total Pendapatan`: a total whatever follows the word
    assert p.rows[0].get(p.columns[1].name).number == 1_250_300_000      # the unit line's thousands


def test_total_row_of_a_generic_table(tmp_path):
    assert ("LKP351", "C9") in loud(workbook(tmp_path, [changed(PNBP, 5, 3, "2.273.600")]))


@pytest.mark.parametrize("layout", ["printed", "native"])
def test_percent_column_follows_the_ratio_most_rows_follow(tmp_path, layout):
    found = loud(workbook(tmp_path, [changed(BELANJA, 2, 5, "97,28")], layout=layout), "LKP35")
    assert found == [("LKP352", "E4")]


def test_percent_change_column(tmp_path):
    assert ("LKP352", "E7") in loud(workbook(tmp_path, [changed(PNBP, 3, 5, "19,01")]))


def test_difference_column(tmp_path):
    assert ("LKP353", "F4") in loud(workbook(tmp_path, [changed(BELANJA, 2, 6, "Rp 294.100.000")]))
    assert ("LKP353", "D6") in loud(workbook(tmp_path, [changed(PNBP, 2, 4, "(25.900)")], name="k"))


def test_total_column(tmp_path):
    assert loud(workbook(tmp_path, [changed(SUMBER, 2, 4, "2.200.000")]), "LKP35") == [("LKP354", at([SUMBER], "s", 2, 4))]


def test_no_relation_without_a_clear_majority(tmp_path):
    # two of four rows follow Realisasi / Pagu: no relation is adopted, nothing is said
    t = changed(changed(BELANJA, 1, 5, "90,00"), 2, 5, "80,00")
    assert [f for f in loud(workbook(tmp_path, [t]), "LKP352")] == []


def test_no_relation_from_one_or_two_rows(tmp_path):
    t = {**BELANJA, "rows": [list(BELANJA["rows"][0]), list(BELANJA["rows"][1])]}
    t["rows"][1][4] = "97,28"
    assert loud(workbook(tmp_path, [t]), "LKP352") == []


def test_capaian_named_by_its_headers_needs_no_majority(tmp_path):
    t = {"id": "c", "sheet": "Capaian", "caption": "Pengukuran Capaian",
         "header": [["No", "Sasaran", "Target", "Realisasi", "Capaian"]],
         "rows": [["1", "Indeks kepuasan", "80", "84", "105,00"], ["2", "Waktu layanan (hari)", "10", "8", "125,00"]]}
    assert loud(workbook(tmp_path, [t]), "LKP352") == []        # row 2: a minimising indicator's form passes
    assert loud(workbook(tmp_path, [changed(t, 1, 5, "110,00")], name="x"), "LKP352") == [("LKP352", "E3")]


LIST = {"id": "l", "sheet": "Ringkasan", "caption": "Ringkasan anggaran",
        "header": [["Uraian", "Nilai"]],
        "rows": [["Jumlah anggaran", "Rp. 22.275.313.470,-"], ["Realisasi", "Rp.18.817.240.527,-"],
                 ["Persentase realisasi", "84,48"], ["Selisih dana", "3.458.072.943,-"]]}

PERKARA = {"id": "k", "sheet": "Perkara", "caption": "Keadaan perkara",
           "header": [["Uraian", "Nilai"]],
           "rows": [["Perkara diterima tahun 2021", "1.146"], ["Perkara gugatan diterima", "906"],
                    ["Perkara permohonan diterima", "240"], ["Perkara diterima tahun 2020", "1.000"],
                    ["Kenaikan perkara diterima (%)", "14,60"],
                    ["persentase putus = 1.100 / 1.146 x 100", "95,99"]]}


@pytest.mark.parametrize("layout", ["printed", "native"])
def test_fact_lists_are_silent_when_they_agree(tmp_path, layout):
    assert loud(workbook(tmp_path, [LIST, PERKARA], layout=layout)) == []


@pytest.mark.parametrize("table,r,text,code,cell", [
    (LIST, 3, "84,84", "LKP372", "B4"),            # percentage = realisasi / anggaran × 100
    (LIST, 4, "3.485.072.943,-", "LKP374", "B5"),  # selisih = anggaran − realisasi
    (PERKARA, 1, "1.164", "LKP375", "B2"),         # whole = its parts
    (PERKARA, 5, "16,40", "LKP373", "B6"),         # kenaikan % against the previous year
    (PERKARA, 6, "95,89", "LKP371", "B7"),         # a printed formula's result
])
def test_each_fact_list_relation_finds_the_changed_line(tmp_path, table, r, text, code, cell):
    t = changed(table, r, 2, text)
    assert (code, at([t], t["id"], r, 2)) in loud(workbook(tmp_path, [t]))


def test_the_same_fact_twice_in_a_list(tmp_path):
    t = {"id": "r", "sheet": "IK", "header": [["Uraian", "Nilai"]],
         "rows": [["a. Realisasi kinerja tahun 2021 sebesar", "167"], ["b. Realisasi kinerja tahun 2021 sebesar", "158"]]}
    assert ("LKP376", "B3") in loud(workbook(tmp_path, [t]))


def test_terbilang_line(tmp_path):
    t = {"id": "d", "sheet": "DIPA", "header": [["Uraian", "Nilai"]],
         "rows": [["Alokasi pagu anggaran", "Rp. 157.656.000,-"],
                  ["Terbilang", "(seratus lima puluh tujuh juta enam ratus lima puluh enam ribu rupiah)"],
                  ["Realisasi", "Rp.6.390.000,-"], ["Terbilang", "( Enam Juta Tiga Ratus Sembilan Ribu Rupiah)"]]}
    assert loud(workbook(tmp_path, [t])) == [("LKP377", "B4")]


def test_a_list_and_its_one_row_table(tmp_path):
    table = {"id": "t", "sheet": "Sampah", "caption": "Cakupan wilayah persampahan tahun 2014-2015",
             "header": [["No.", "Indikator Kinerja", "Realisasi", None, "Capaian Kinerja", None],
                        [None, None, "2014", "2015", "2014", "2015"]],
             "rows": [["1", "Persentase Cakupan Wilayah Persampahan", "5", "11", "100", "73,33"]]}
    facts = {"id": "f", "sheet": "Sampah", "caption": "Cakupan Wilayah Persampahan",
             "header": [["Uraian", "Nilai"]], "rows": [["Realisasi (Nagari)", "11"], ["Tingkat capaian", "73,33"]]}
    assert loud(workbook(tmp_path, [table, facts])) == []
    wrong = changed(facts, 2, 2, "70,30")
    assert ("LKP378", at([table, wrong], "f", 2, 2)) in loud(workbook(tmp_path, [table, wrong], name="w"))


def test_a_list_and_its_one_row_table_holding_a_dash(tmp_path):
    """A dash in the table's cell reads as 0: the list's 73,33 disagrees with it (was an
    internal error, `None - Decimal`, that stopped the rule for the rest of the report)."""
    table = {"id": "t", "sheet": "Sampah", "caption": "Cakupan wilayah persampahan tahun 2014-2015",
             "header": [["No.", "Indikator Kinerja", "Realisasi", None, "Capaian Kinerja", None],
                        [None, None, "2014", "2015", "2014", "2015"]],
             "rows": [["1", "Persentase Cakupan Wilayah Persampahan", "5", "11", "100", "-"],
                      ["", "Jumlah", "5", "11", "100", "73,33"]]}
    facts = {"id": "f", "sheet": "Sampah", "caption": "Cakupan Wilayah Persampahan",
             "header": [["Uraian", "Nilai"]], "rows": [["Realisasi (Nagari)", "11"], ["Tingkat capaian", "73,33"]]}
    res = check_paths([str(workbook(tmp_path, [table, facts]))], {}, [], [])
    mine = [(f.code, f.severity, (f.cell or "").split("!")[-1]) for f in res.findings if f.code == "LKP378"]
    assert mine == [("LKP378", "error", at([table, facts], "f", 2, 2))], \
        [(f.code, f.severity, f.params) for f in res.findings if f.code == "LKP378"]


def test_a_value_in_the_wrong_unit(tmp_path):
    t = {"id": "u", "sheet": "LRA", "header": [["Uraian", "Nilai"]],
         "rows": [["Realisasi Pendapatan", "Rp 1.941.170.647,00"], ["Estimasi Pendapatan-LRA", "70,59%"],
                  ["Persentase realisasi Pendapatan terhadap estimasi", "Rp 2.750.000.000,00"]]}
    assert {("LKP379", "B3"), ("LKP379", "B4")} <= set(loud(workbook(tmp_path, [t])))


def test_a_part_of_funds_is_no_part_of_the_whole_percentage(tmp_path):
    t = {"id": "q", "sheet": "R", "header": [["Uraian", "Nilai"]],
         "rows": [["Pagu DIPA 2023", "Rp 12.345.678.000,-"], ["Realisasi PNBP", "Rp 2.000.000.000,-"],
                  ["Persentase realisasi", "97,2%"]]}
    assert loud(workbook(tmp_path, [t]), "LKP37") == []


def test_a_title_naming_years_the_table_lacks(tmp_path):
    t = {"id": "y", "sheet": "Riwayat", "caption": "Tabel 33 Perkembangan Realisasi Anggaran TA. 2019-2022",
         "header": [["Uraian", "TA. 2020", "TA. 2021", "TA. 2022"]],
         "rows": [["Pagu", "5.074.090.000", "7.532.227.000", "6.856.156.000"],
                  ["Realisasi", "4.857.160.000", "7.451.482.302", "6.832.596.318"]]}
    assert ("LKP115", "A2") in loud(workbook(tmp_path, [t]))
    t2 = {**t, "caption": "Tabel 33 Perkembangan Realisasi Anggaran TA. 2020-2022"}
    assert loud(workbook(tmp_path, [t2], name="ok"), "LKP115") == []


def test_a_whole_and_its_sources_of_funds(tmp_path):
    t = {"id": "sd", "sheet": "Dana", "header": [["Uraian", "Nilai"]],
         "rows": [["Pagu anggaran", "Rp 7.680.590.000"], ["Pagu RM", "Rp 5.180.590.000"],
                  ["Pagu PNBP", "Rp 2.500.000.000"]]}
    assert loud(workbook(tmp_path, [t])) == []
    bad = changed(t, 1, 2, "Rp 7.860.590.000")
    assert ("LKP375", at([bad], "sd", 1, 2)) in loud(workbook(tmp_path, [bad], name="x"))


# -- what a second review of the day's reading changes showed (each failed before its mend) --
WAKTU = [["1", "Perdata", "19", "4", "2", "1", "26"], ["2", "Pidana", "39", "15", "3", "0", "57"],
         ["3", "Militer", "5", "3", "0", "0", "8"], ["", "Jumlah", "63", "22", "5", "1", "91"]]
REVIEWED = {
    # `1 Bulan | 3 Bulan …` as headers are headers, flat or under an unmerged group
    "bulan_flat": ({"id": "w", "sheet": "Waktu Memutus", "caption": "Tabel 3.2 Waktu Memutus Perkara Tahun 2023",
                    "header": [["No", "Jenis Perkara", "1 Bulan", "3 Bulan", "6 Bulan", "12 Bulan", "Jumlah"]],
                    "rows": WAKTU}, []),
    "bulan_unmerged": ({"id": "w", "sheet": "Waktu Memutus", "caption": "Tabel 3.2 Waktu Memutus Perkara Tahun 2023",
                        "header": [["No", "Jenis Perkara", "Waktu Memutus", "", "", "", "Jumlah"],
                                   ["", "", "1 Bulan", "3 Bulan", "6 Bulan", "12 Bulan", ""]],
                        "rows": WAKTU}, []),
    # a date or a scaled amount is no count: unread (as before), never a figure orders of magnitude off
    "date": ({"id": "i", "sheet": "IKU", "caption": "Tabel 3.1 Capaian Indikator Kinerja Tahun 2023",
              "header": [["No", "Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian (%)"]],
              "rows": [["1", "Meningkatnya layanan", "Jumlah pelanggan yang dilayani", "120", "132", "110"],
                       ["2", "Tata kelola", "Waktu penyampaian laporan kinerja", "31 Maret", "28 Februari", "100"]]},
             [("LKP101", "D4"), ("LKP101", "E4")]),
    "scale": ({"id": "i", "sheet": "IKU", "caption": "Tabel 3.1 Capaian Indikator Kinerja Tahun 2023",
               "header": [["No", "Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian (%)"]],
               "rows": [["1", "Meningkatnya investasi", "Jumlah pelaku usaha yang dibina", "120", "132", "110"],
                        ["2", "Meningkatnya investasi", "Nilai investasi industri", "800 Milyard", "1,2 Trilyun", "150"]]},
              [("LKP101", "D4"), ("LKP101", "E4")]),
    # `Target` merged over `1 | Layanan`: a figure and its unit, still checked
    "merged_volume": ({"id": "o", "sheet": "Output", "caption": "Tabel 3.6 Target dan Realisasi Output Tahun 2023",
                       "header": [["No", "Uraian Output", "Target", None, "Realisasi", None, "% Capaian"]],
                       "rows": [["1", "Layanan perkantoran", "1", "Layanan", "1", "Layanan", "100"],
                                ["2", "Laporan keuangan", "2", "Laporan", "2", "Laporan", "100"],
                                ["3", "Dokumen perencanaan", "3", "Dokumen", "3", "Dokumen", "100"],
                                ["4", "Kegiatan sosialisasi", "4", "Kegiatan", "3", "Kegiatan", "100"]]},
                      [("LKP352", "G6")]),
}


@pytest.mark.parametrize("case", sorted(REVIEWED))
def test_what_the_review_found(tmp_path, case):
    table, want = REVIEWED[case]
    assert sorted(loud(workbook(tmp_path, [table]))) == sorted(want)


def test_a_subjectless_line_beside_no_table_is_compared_with_the_one_elsewhere(tmp_path):
    iku = {"id": "iku", "sheet": "Tabel", "caption": "Tabel 3.1 Persentase Obat yang Memenuhi Syarat Tahun 2023",
           "header": [["Indikator Kinerja", "Target 2023", "Realisasi 2023", "% Capaian"]],
           "rows": [["Persentase obat yang memenuhi syarat", "90", "92,5", "102,78"]]}
    ringkasan = {"id": "r", "sheet": "Ringkasan", "header": [["Uraian", "Nilai"]],
                 "rows": [["Target tahun 2023", "90"], ["Realisasi tahun 2023", "95,2"]]}
    assert ("LKP378", "B3") in loud(workbook(tmp_path, [iku, ringkasan]))


def test_a_section_row_with_unreadable_figures_says_so(tmp_path):
    """A PROGRAM row holds efisiensi figures; garbled (`37..97%`) it reads as a section, and its
    figures are still said to be unreadable — only a heading's own one text is spared."""
    import openpyxl
    wb = openpyxl.load_workbook(ROOT / "samples" / "bspji-pekanbaru-2023-bersih.xlsx")
    ws = wb["Tabel 38"]
    assert str(ws["A7"].value or ws["B7"].value or "").strip()      # the program row's label is there
    ws["M7"], ws["N7"] = "37..97%", "62,,54%"
    p = tmp_path / "program.xlsx"
    wb.save(p)
    assert {("LKP101", "M7"), ("LKP101", "N7")} <= set(loud(p))


# -- a second review of the later changes (each failed before its mend) --
CAP = [["1", "Jumlah layanan pengujian", "Layanan"], ["2", "Indeks kepuasan masyarakat", "Indeks"],
       ["3", "Jumlah sertifikat yang diterbitkan", "Sertifikat"], ["4", "Persentase rekomendasi ditindaklanjuti", "%"]]


def test_year_columns_beside_a_figure_of_no_year_are_read_for_the_latest_year(tmp_path):
    """`Target 2022 | Realisasi 2022 | Target 2023 | Realisasi 2023 | Capaian (%)`: the
    capaian is 2023's; with `Target | Realisasi 2023 | Realisasi 2022 | Capaian` the 2022
    column is the one left — never this year's capaian against last year's figures."""
    figures = [["1.000", "1.050", "1.200", "1.320", "110,00"], ["3,40", "3,42", "3,50", "3,61", "103,14"],
               ["350", "380", "400", "410", "102,50"], ["85", "85", "90", "95", "105,56"]]
    y4 = {"id": "c", "sheet": "Capaian", "caption": "Tabel 3.1 Capaian Kinerja Tahun 2023",
          "header": [["No", "Indikator Kinerja", "Satuan", "Target 2022", "Realisasi 2022", "Target 2023",
                      "Realisasi 2023", "Capaian (%)"]], "rows": [a + b for a, b in zip(CAP, figures)]}
    assert [c for c, _ in loud(workbook(tmp_path, [y4], name="y4"))] == ["LKP006", "LKP006"]   # 2022's, unused
    y2 = {"id": "c", "sheet": "Capaian", "caption": "Tabel 3.1 Capaian Kinerja Sasaran 1 Tahun 2023",
          "header": [["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi 2023", "Realisasi 2022", "Capaian (%)"]],
          "rows": [a + [b[2], b[3], b[1], b[4]] for a, b in zip(CAP, figures)]}
    assert [c for c, _ in loud(workbook(tmp_path, [y2], name="y2"))] == ["LKP006"]


def test_a_target_mismatch_is_found_when_the_year_is_unknown(tmp_path):
    pk = {"id": "pk", "sheet": "PK", "caption": "Perjanjian Kinerja",
          "header": [["No", "Sasaran", "Indikator Kinerja", "Target"]], "rows": PK_ROWS}
    c = {"id": "c", "sheet": "Capaian", "caption": "Capaian Kinerja",
         "header": [["No", "Indikator Kinerja", "Target 2023", "Realisasi 2023", "Capaian (%)"]],
         "rows": [["1", "Jumlah layanan pengujian", "1.000", "1.320", "132,00"],
                  ["2", "Indeks kepuasan masyarakat", "3,50", "3,61", "103,14"],
                  ["3", "Jumlah sertifikat yang diterbitkan", "400", "410", "102,50"]]}
    assert ("LKP242", "C3") in loud(workbook(tmp_path, [pk, c]))


def test_an_indicator_called_jumlah_not_measured_yet_stays_an_indicator(tmp_path):
    pk = {"id": "pk", "sheet": "PK", "caption": "Tabel 2.1 Perjanjian Kinerja Tahun 2023",
          "header": [["No", "Sasaran", "Indikator Kinerja", "Target"]],
          "rows": [["1", "Meningkatnya kualitas layanan", "Indeks kepuasan masyarakat", "3,50"],
                   ["2", "Meningkatnya kualitas layanan", "Persentase layanan tepat waktu", "90"],
                   ["3", "Meningkatnya kualitas layanan", "Jumlah sertifikat yang diterbitkan", "400"],
                   ["4", "Meningkatnya kualitas layanan", "Jumlah publikasi ilmiah yang diterbitkan", "5"],
                   ["5", "Meningkatnya kualitas layanan", "Persentase rekomendasi ditindaklanjuti", "90"]]}
    c = {"id": "c", "sheet": "Capaian", "caption": "Tabel 3.1 Capaian Kinerja Tahun 2023",
         "header": [["Sasaran", "Indikator Kinerja", "Target", "Realisasi", "Capaian (%)"]],
         "rows": [["Meningkatnya kualitas layanan", "Indeks kepuasan masyarakat", "3,50", "3,61", "103,14"],
                  ["", "Persentase layanan tepat waktu", "90", "95", "105,56"],
                  ["", "Jumlah sertifikat yang diterbitkan", "400", "410", "102,50"],
                  ["", "Jumlah publikasi ilmiah yang diterbitkan", "5", "-", "-"],
                  ["", "Persentase rekomendasi ditindaklanjuti", "90", "85", "94,44"]]}
    assert loud(workbook(tmp_path, [pk, c])) == []


def test_a_fact_written_subject_first_is_still_the_fact(tmp_path):
    ik = {"id": "ik", "sheet": "Ikhtisar", "caption": "Ikhtisar Eksekutif", "header": [["Uraian", "Nilai"]],
          "rows": [["Tahun Anggaran", "2023"], ["PNBP (Target)", "Rp 1.200.000.000"],
                   ["PNBP (Realisasi)", "Rp 1.500.000.000"], ["Persentase realisasi PNBP", "152,00%"]]}
    assert ("LKP228", "B6") in loud(workbook(tmp_path, [ik]))


def test_whole_numbers_beside_a_three_decimal_figure_prove_no_separator_mixed(tmp_path):
    g = {"id": "g", "sheet": "Produksi", "caption": "Tabel 3.7 Luas Lahan Binaan per Kecamatan",
         "header": [["No", "Kecamatan", "Luas Lahan (Ha)", "Jumlah Petani (orang)"]],
         "rows": [["1", "Kecamatan A", "1.250", "320"], ["2", "Kecamatan B", "1.234,567", "410"],
                  ["3", "Kecamatan C", "980", "275"], ["4", "Kecamatan D", "2.040", "512"]]}
    assert "LKP116" not in [c for c, _ in loud(workbook(tmp_path, [g]))]


def test_a_growth_rate_from_a_wrong_total_follows_from_it(tmp_path):
    p = {"id": "p", "sheet": "PNBP", "caption": "Tabel 3.11 Realisasi PNBP", "unit_line": "(dalam ribuan rupiah)",
         "header": [["Uraian", "2019", "2020", "Kenaikan (%)"]],
         "rows": [["Jasa Pengujian", "1.250.300", "1.400.100", "11,98"], ["Jasa Kalibrasi", "320.000", "290.500", "-9,22"],
                  ["Jasa Sertifikasi", "410.250", "455.000", "10,91"], ["Jasa Pelatihan", "85.000", "92.000", "8,24"],
                  ["Total Pendapatan", "2.065.550", "2.273.600", "8,33"]]}
    res = check_paths([str(workbook(tmp_path, [p]))], {}, [], [])
    primaries = [f for f in res.findings if f.outcome == "failed" and not f.primary]
    assert [(f.code, f.cell.split("!")[-1]) for f in primaries] == [("LKP351", "C8")]


# -- a third review (each failed before its mend) --
PK_ROWS = [["1", "Meningkatnya layanan", "Jumlah layanan pengujian", "1.200"],
           ["2", "Meningkatnya layanan", "Indeks kepuasan masyarakat", "3,50"],
           ["3", "Meningkatnya layanan", "Jumlah sertifikat yang diterbitkan", "400"]]


def _pk_and_capaian(caption, first, year=""):
    """A PK and a capaian table with this year's columns, the capaian, and next year's target."""
    pk = {"id": "pk", "sheet": "PK", "caption": f"Perjanjian Kinerja{year}",
          "header": [["No", "Sasaran", "Indikator Kinerja", "Target"]], "rows": PK_ROWS}
    c = {"id": "c", "sheet": "Capaian", "caption": caption,
         "header": [["No", "Indikator Kinerja", "Target 2023", "Realisasi 2023", "Capaian (%)", "Target 2024"]],
         "rows": [first, ["2", "Indeks kepuasan masyarakat", "3,50", "3,61", "103,14", "3,75"],
                  ["3", "Jumlah sertifikat yang diterbitkan", "400", "410", "102,50", "450"]]}
    return [pk, c]


def test_next_years_target_beside_this_years_columns_leaves_them_read(tmp_path):
    tables = _pk_and_capaian("Tabel 3.1 Capaian Kinerja Tahun 2023",
                             ["1", "Jumlah layanan pengujian", "1.200", "1.320", "150,00", "1.500"], " Tahun 2023")
    found = loud(workbook(tmp_path, tables))
    assert ("LKP241", "E3") in found and not [x for x in found if x[0] == "LKP242"]


def test_a_renstra_years_ahead_does_not_move_the_report_year(tmp_path):
    from lakip_lint.read import read_report
    from lakip_lint.rules.kinds.same_entity import this_year
    p = workbook(tmp_path, _pk_and_capaian("Capaian Kinerja",
                                           ["1", "Jumlah layanan pengujian", "1.000", "1.320", "132,00", "1.500"]))
    assert this_year(read_report(str(p))) == 2023          # a realisation's year, not a target's
    assert ("LKP242", "C3") in loud(p)


def test_a_mixed_number_only_whole_numbers_stand_beside_is_not_read_silently(tmp_path):
    # '3.398.600,000' with no Total: the table writes decimals with ',' (97,59), so it reads
    # 3 398 600 — and its row says so (realisation over pagu, its %), never silently a guess
    g = {"id": "g", "sheet": "Anggaran", "caption": "Tabel 16 Realisasi Anggaran per Jenis Belanja",
         "header": [["No", "Uraian", "Pagu Anggaran", "Realisasi", "%"]],
         "rows": [["1", "Belanja Pegawai", "8.960.500.000", "8.744.191.251", "97,59"],
                  ["2", "Belanja Operasional", "3.398.600,000", "3.375.768.000", "99,33"]]}
    assert {cell[1:] for _, cell in loud(workbook(tmp_path, [g]))} & {"4"}
    m1 = {"id": "m", "sheet": "Produksi", "caption": "Tabel 3.7 Luas Lahan Binaan per Kecamatan",
          "header": [["No", "Kecamatan", "Luas Lahan (Ha)", "Jumlah Petani (orang)"]],
          "rows": [["1", "Kecamatan A", "1.250", "320"], ["2", "Kecamatan B", "1.234,567", "410"],
                   ["3", "Kecamatan C", "980", "275"], ["4", "Kecamatan D", "2.040", "512"]]}
    assert ("LKP102", "C4") in loud(workbook(tmp_path, [m1], name="m1"))   # whole numbers alone: ambiguous


# -- a fourth review (each failed before its mend) --
def test_a_change_from_the_previous_row_follows_from_a_wrong_total(tmp_path):
    years = [("2014", "600", "400", "1.000", "-"), ("2015", "603", "407", "1.010", "1,00"),
             ("2016", "600", "420", "1.020", "0,99"), ("2017", "603", "427", "1.030", "0,98"),
             ("2018", "600", "440", "1.040", "0,97"), ("2019", "603", "447", "1.005", "0,96"),
             ("2020", "600", "460", "1.060", "0,95"), ("2021", "603", "467", "1.070", "0,94"),
             ("2022", "600", "480", "1.080", "0,93"), ("2023", "603", "487", "1.090", "0,93")]
    g = {"id": "g", "sheet": "Pengunjung", "caption": "Tabel 5. Perkembangan Jumlah Pengunjung",
         "header": [["Tahun", "Pria", "Wanita", "Jumlah", "Kenaikan (%)"]], "rows": [list(y) for y in years]}
    res = check_paths([str(workbook(tmp_path, [g]))], {}, [], [])
    primaries = [(f.code, f.cell.split("!")[-1]) for f in res.findings if f.outcome == "failed" and not f.primary]
    assert primaries == [("LKP354", "D8")]          # the two rates it throws follow from it


def test_a_blank_future_realisation_column_does_not_set_the_year(tmp_path):
    from lakip_lint.read import read_report
    from lakip_lint.rules.kinds.same_entity import this_year
    tables = _pk_and_capaian("Capaian Kinerja", ["1", "Jumlah layanan pengujian", "1.000", "1.320", "132,00", "1.500"])
    tables.append({"id": "r", "sheet": "Renstra", "caption": "Target dan Realisasi Renstra",
                   "header": [["No", "Indikator Kinerja", "Realisasi 2022", "Realisasi 2023", "Realisasi 2024"]],
                   "rows": [["1", "Jumlah layanan pengujian", "1.100", "1.320", ""],
                            ["2", "Indeks kepuasan masyarakat", "3,40", "3,61", ""]]})
    p = workbook(tmp_path, tables)
    assert this_year(read_report(str(p))) == 2023


def test_a_mixed_number_is_read_by_the_tables_decimal_mark_when_no_total_decides(tmp_path):
    c = {"id": "c", "sheet": "Capaian", "caption": "Tabel 3.1 Capaian Kinerja Tahun 2023",
         "header": [["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian (%)"]],
         "rows": [["1", "Jumlah layanan pengujian", "layanan", "1.200", "1.320", "110,00"],
                  ["2", "Volume limbah B3 yang terolah", "ton", "1.200", "1.234,567", "102,88"],
                  ["3", "Jumlah sertifikat yang diterbitkan", "sertifikat", "400", "410", "102,50"]]}
    assert loud(workbook(tmp_path, [c])) == []


# -- a fifth review (each failed before its mend) --
def test_a_wrong_total_percentage_is_its_own_beside_a_small_total_slip(tmp_path):
    g = {"id": "g", "sheet": "Anggaran", "caption": "Tabel 12. Realisasi Kegiatan per Bidang",
         "header": [["No", "Bidang", "Alokasi", "Terpakai", "%"]],
         "rows": [["1", "Tata Usaha", "1.000.000", "950.000", "95,00"], ["2", "Pengujian", "2.000.000", "1.800.000", "90,00"],
                  ["3", "Kalibrasi", "4.000.000", "3.000.000", "75,00"], ["4", "Sertifikasi", "5.000.000", "4.500.000", "90,00"],
                  ["", "Total", "12.000.000", "10.250.500", "58,00"]]}
    res = check_paths([str(workbook(tmp_path, [g]))], {}, [], [])
    primaries = {(f.code, f.cell.split("!")[-1]) for f in res.findings if f.outcome == "failed" and not f.primary}
    assert primaries == {("LKP351", "D7"), ("LKP352", "E7")}      # 500 off cannot make 85,42 read 58,00


def test_a_rupiah_written_with_both_separators_is_read_so_and_said(tmp_path):
    g = {"id": "g", "sheet": "Anggaran", "caption": "Tabel 16 Realisasi Anggaran per Jenis Belanja",
         "header": [["No", "Uraian", "Pagu Anggaran", "Realisasi", "%"]],
         "rows": [["1", "Belanja Pegawai", "8.960.500.000", "8.744.191.251", "97,59"],
                  ["2", "Belanja Operasional", "3.398.600,000", "3.375.768.000", "99,33"],
                  ["", "Jumlah", "12.359.100,000", "12.119.959.251", "98,07"]]}
    assert sorted(loud(workbook(tmp_path, [g]))) == [("LKP116", "C4"), ("LKP116", "C5")]


# -- a sixth review (each failed before its mend) --
def test_money_said_in_the_caption_or_the_cells_makes_a_rupiah_column(tmp_path):
    rows = [["1", "Tata Usaha", "8.960.500.000", "8.744.191.251", "97,59"],
            ["2", "Pengujian", "3.398.600,000", "3.375.768.000", "99,33"],
            ["", "Total", "12.359.100.000", "12.119.959.251", "98,07"]]
    by_caption = {"id": "g", "sheet": "Keu", "caption": "Tabel 12. Penggunaan Dana per Bidang (Rp)",
                  "header": [["No", "Bidang", "Alokasi", "Terpakai", "%"]], "rows": rows}
    assert loud(workbook(tmp_path, [by_caption], name="cap")) == [("LKP116", "C4")]
    by_cells = dict(by_caption, caption="Tabel 12. Penggunaan per Bidang",
                    rows=[r[:2] + ["Rp " + r[2]] + r[3:] for r in rows])
    assert loud(workbook(tmp_path, [by_cells], name="cells")) == [("LKP116", "C4")]


def test_three_decimals_in_thousands_are_rupiah_not_a_slip(tmp_path):
    r = {"id": "r", "sheet": "Tabel 29b", "caption": "Tabel 29b Realisasi Keuangan Renstra",
         "header": [["Program/ Kegiatan", "Sasaran Strategis / Sasaran Program / Sasaran Kegiatan / IKU / IK",
                     "Target Renstra 2021", "Target Perkin 2021", "Realisasi", "Target Renstra 2022", "Target Perkin 2022",
                     "Realisasi", "Target Renstra 2023", "Target Perkin 2023", "Realisasi", "Target Renstra 2024",
                     "Total 2021-2024 (000)", "", "", ""],
                    ["", "", "", "", "", "", "", "", "", "", "", "", "Total Target Renstra", "Total Perkin", "Realisasi", "%"]],
         "rows": [["", "1 Produktivitas/efisiensi perusahaan industri hasil kegiatan kolaborasi", "1.088,490", "88,49", "88,32",
                   "67,62", "60,18", "60,00", "54,12", "32,37", "21,37", "29,56", "1.239,790", "181,04", "169,69", "93,73"]]}
    assert loud(workbook(tmp_path, [r])) == []
