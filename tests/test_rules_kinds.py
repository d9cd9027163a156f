"""Each rule kind on a minimal workbook: one that fails, one that passes.

Findings are asserted by rule id, cell and the expected value the message states.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from lakip_lint.read import read_report
from lakip_lint.rules import load_rules, run_rules

from workbooks import capaian, pnbp_jenis, revisi, write
from lakip_lint.outputs.lang import message

FY = ("Tahun anggaran", "2023")


def findings(path: Path, select: str, config: dict | None = None, extra: tuple[str, ...] = ()):
    rules = [r for r in load_rules(extra) if r.id == select or r.name == select]
    assert rules, select
    stats = {}
    out = [f for f in run_rules(read_report(str(path)), rules, config or {}, stats)]
    return out, stats[rules[0].id].counts


def failed(fs):
    return [f for f in fs if f.outcome == "failed"]


# -- row formula: capaian = realisasi / target × 100 ------------------------------------------------

def test_capaian_wrong_is_found_with_expected_value(tmp_path):
    p = write(tmp_path / "c.xlsx", {"Tabel 1": capaian([("IK satu", "12 (Persen)", "60%", "400%")])},
              {"Tabel 1": "Tabel 1 Target dan Capaian Kinerja"}, [FY])
    fs, counts = findings(p, "LKP241")
    (f,) = failed(fs)
    assert f.cell == "'Tabel 1'!F4" and f.expected == "500" and f.stated == "400" and f.difference == "-100"
    assert "seharusnya 500%" in message(f, "id") and "should be 500%" in message(f, "en")
    assert counts["failed"] == 1


@pytest.mark.parametrize("stated", ["500%", "108,86%", "108%", "109%", "108,9%"])
def test_capaian_at_stated_precision_rounded_or_truncated_passes(tmp_path, stated):
    target, real = ("12", "60") if stated == "500%" else ("3,50", "3,81")
    p = write(tmp_path / "c.xlsx", {"Tabel 1": capaian([("IK satu", target, real, stated)])}, None, [FY])
    fs, counts = findings(p, "LKP241")
    assert failed(fs) == [] and counts["passed"] == 1


def test_capped_capaian_is_a_finding_unless_the_unit_configures_a_cap(tmp_path):
    p = write(tmp_path / "c.xlsx", {"Tabel 1": capaian([("IK audit", "92,5 (Persen)", "100 (Persen)", "100%")])})
    fs, _ = findings(p, "LKP241")
    (f,) = failed(fs)
    assert f.expected.startswith("108.108")
    fs, counts = findings(p, "LKP241", {"batas_capaian": 100})
    assert failed(fs) == [] and counts["passed"] == 1


def test_seven_thousand_percent_trap_stays_silent(tmp_path):
    """7.260% is 363 / 5 × 100 (thousands dot), not 7,26%."""
    p = write(tmp_path / "c.xlsx", {"Tabel 1": capaian([("IK PNBP", "5 (Persen)", "363 (Persen)", "7.260%"),
                                                         ("IK dua", "45", "84,31", "187%")])})
    fs, counts = findings(p, "LKP241")
    assert failed(fs) == [] and counts["passed"] == 2


def test_minimising_indicator_uses_its_own_formula(tmp_path):
    p = write(tmp_path / "c.xlsx", {"Tabel 1": capaian([("Tingkat kecelakaan kerja", "7", "6,5", "107,14%")])})
    fs, _ = findings(p, "LKP241")
    assert len(failed(fs)) == 1                       # realisasi / target = 92,86 %
    fs, counts = findings(p, "LKP241", {"indikator_minimasi": ["kecelakaan"]})
    assert failed(fs) == [] and counts["passed"] == 1  # (2 × 7 − 6,5) / 7 = 107,14 %


def test_unreadable_input_is_reported_as_not_run_never_passed(tmp_path):
    p = write(tmp_path / "c.xlsx", {"Tabel 1": capaian([("IK satu", "12", "enam puluh", "500%")])})
    fs, counts = findings(p, "LKP241")
    (f,) = fs
    assert f.outcome == "not_run" and f.severity == "info" and f.cell == "'Sheet'!E2".replace("Sheet", "Tabel 1")
    assert counts["passed"] == 0 and counts["not_run"] == 1


# -- column total (XBRL-style interval sums) --------------------------------------------------------

def test_column_total_right_passes(tmp_path):
    p = write(tmp_path / "p.xlsx", {"Tabel 14": pnbp_jenis(
        [("Pelatihan", "9.000.000", "38.400.000"), ("Konsultansi", "1.000.000", "288.000.000")],
        total=("10.000.000", "326.400.000"))}, {"Tabel 14": "Tabel 14 Persentase PNBP TA 2022 - 2023"})
    fs, counts = findings(p, "LKP221")
    assert failed(fs) == [] and counts["passed"] == 2


def test_column_total_wrong_by_60_million_is_found(tmp_path):
    p = write(tmp_path / "p.xlsx", {"Tabel 14": pnbp_jenis(
        [("Pelatihan", "9.000.000", "38.400.000"), ("Konsultansi", "1.000.000", "288.000.000")],
        total=("10.000.000", "266.400.000"))})
    fs, _ = findings(p, "LKP221")
    (f,) = failed(fs)
    assert f.cell == "'Tabel 14'!D5" and f.expected == "326400000" and f.difference == "-60000000"


def test_rounded_parts_carry_their_rounding_into_the_total(tmp_path):
    """Three parts of 0,33 (each ±0,005) may total 1,00: |0,99 − 1,00| is within Σ half-ulps."""
    rows = [["No", "Jenis JPT", "PNBP (Rp)", ""], ["", "", "2022", "2023"],
            ["1", "A", "0,33", "0,33"], ["2", "B", "0,33", "0,33"], ["3", "C", "0,33", "0,33"],
            ["", "Total", "1,00", "1,02"]]
    p = write(tmp_path / "p.xlsx", {"Tabel 14": rows})
    fs, counts = findings(p, "LKP221")
    assert [f.cell.split("!")[1] for f in failed(fs)] == ["D6"] and counts["passed"] == 1


# -- chain with anchor ------------------------------------------------------------------------------

def test_revision_chain_break_and_initial_pagu_anchor(tmp_path):
    rows = revisi([("26 Des", "7.592.226", "295.000", "7.592.226", "584.080"),
                   ("20 Jan", "7.592.226", "584.080", "7.639.401", "289.080"),
                   ("6 Mar", "7.693.401", "289.080", "7.639.401", "289.080")])
    p = write(tmp_path / "r.xlsx", {"Tabel 6": rows}, {"Tabel 6": "Tabel 6 Rincian Revisi Anggaran Tahun 2023"},
              [FY, ("Pagu awal DIPA", "Rp. 7.952.226.000,-")])
    fs, counts = findings(p, "LKP201")
    cells = sorted(f.cell for f in failed(fs))
    assert cells == ["'Tabel 6'!D7", "Ikhtisar!B5"]
    link = next(f for f in fs if f.cell == "'Tabel 6'!D7")
    assert link.expected == "7639401000" and link.related == ["'Tabel 6'!G6"]
    anchor = next(f for f in fs if f.cell == "Ikhtisar!B5")
    assert anchor.expected == "7592226000" and anchor.difference == "360000000"


def test_revision_chain_intact_passes(tmp_path):
    rows = revisi([("26 Des", "7.592.226", "295.000", "7.592.226", "584.080"),
                   ("20 Jan", "7.592.226", "584.080", "7.639.401", "-"),
                   ("6 Mar", "7.639.401", "-", "7.639.401", "-")])
    p = write(tmp_path / "r.xlsx", {"Tabel 6": rows}, None, [FY, ("Pagu awal DIPA", "Rp 7.592.226.000")])
    fs, counts = findings(p, "LKP201")
    assert failed(fs) == [] and counts["passed"] == 7


# -- monotonic dates, December of the previous year allowed -----------------------------------------

def test_revision_dates_forward_december_previous_year_is_fine(tmp_path):
    rows = revisi([("26 Des", "1", "0", "1", "0"), ("20 Jan", "1", "0", "1", "0"), ("6 Mar", "1", "0", "1", "0")])
    p = write(tmp_path / "r.xlsx", {"Tabel 6": rows}, None, [FY])
    fs, counts = findings(p, "LKP205")
    assert failed(fs) == [] and counts["passed"] == 3


def test_revision_date_going_back_is_found(tmp_path):
    rows = revisi([("20 Jan", "1", "0", "1", "0"), ("6 Mar", "1", "0", "1", "0"), ("2 Feb", "1", "0", "1", "0")])
    p = write(tmp_path / "r.xlsx", {"Tabel 6": rows}, None, [FY])
    fs, _ = findings(p, "LKP205")
    (f,) = failed(fs)
    assert f.cell == "'Tabel 6'!C5" and f.related == ["'Tabel 6'!C4"]


# -- cross-table: PK total = pagu in force on the PK date; final pagu everywhere ---------------------

def _revisions_with_december_increase():
    return revisi([("26 Des", "7.592.226", "0", "7.592.226", "0"),
                   ("25 Jul", "7.592.226", "0", "7.350.321", "0"),
                   ("11 Des", "7.350.321", "0", "7.680.590", "0")])


@pytest.mark.parametrize("pk_total,ok", [("Rp. 7.350.321.000,-", True), ("Rp. 7.680.590.000,-", False)])
def test_pk_budget_is_the_pagu_in_force_on_the_pk_date(tmp_path, pk_total, ok):
    p = write(tmp_path / "r.xlsx", {"Tabel 6": _revisions_with_december_increase()}, None,
              [FY, ("Tanggal Perjanjian Kinerja", "27 Oktober 2023"), ("Total Anggaran Perjanjian Kinerja", pk_total)])
    fs, counts = findings(p, "LKP203")
    assert (failed(fs) == []) is ok
    if not ok:
        assert failed(fs)[0].cell == "Ikhtisar!B6" and failed(fs)[0].expected == "7350321000"


def test_final_pagu_disagreeing_with_history_row(tmp_path):
    history = [["", "TA.2022", "TA.2023"], ["PAGU", "6.856.156.000", "7.608.590.000"],
               ["Realisasi", "6.832.596.318", "7.600.000.000"], ["% Realisasi", "99,66%", "99,89%"]]
    p = write(tmp_path / "r.xlsx", {"Tabel 6": _revisions_with_december_increase(), "Tabel 33": history},
              {"Tabel 33": "Tabel 33 Perkembangan Realisasi Anggaran"}, [FY, ("Pagu akhir DIPA", "Rp. 7.680.590.000,-")])
    fs, counts = findings(p, "LKP202")
    (f,) = failed(fs)
    assert f.cell == "'Tabel 33'!C4" and f.expected == "7680590000" and counts["passed"] == 1


def test_cross_table_with_one_place_only_says_not_run(tmp_path):
    p = write(tmp_path / "r.xlsx", {"Tabel 6": _revisions_with_december_increase()}, None, [FY])
    fs, counts = findings(p, "LKP202")
    assert [f.outcome for f in fs] == ["not_run"] and counts["not_run"] == 1


# -- cumulative (Renstra) ---------------------------------------------------------------------------

RENSTRA_HEAD = [["Program/ Kegiatan", "Sasaran Strategis / Sasaran Program / Sasaran Kegiatan / IKU / IK", "Satuan",
                 "Target Renstra 2021", "Realisasi Renstra 2021", "Target Renstra 2022", "Realisasi Renstra 2022",
                 "Target Renstra 2023", "Realisasi Renstra 2023", "Target Renstra 2024", "Total 2021-2024", "", ""],
                ["", "", "", "", "", "", "", "", "", "", "Total Target Renstra", "Total Realisasi Renstra sd 2023", "%"]]


def test_renstra_totals_and_ratio(tmp_path):
    rows = RENSTRA_HEAD + [
        ["", "1 Indeks kepuasan masyarakat", "Indeks", "3,4", "3,64", "3,45", "3,75", "3,50", "3,81", "3,52",
         "13,87", "11,2", "80,74"],
        ["", "2 Nilai akuntabilitas", "Nilai", "82", "83,48", "84", "81", "75", "75,15", "75",
         "361", "239,63", "75,83"]]
    p = write(tmp_path / "r.xlsx", {"Tabel 29": rows}, {"Tabel 29": "Tabel 29 Capaian Kinerja Renstra TA. 2021-2024"}, [FY])
    fs, counts = findings(p, "LKP261")
    (f,) = failed(fs)
    assert f.cell == "'Tabel 29'!K6" and f.expected == "316"
    fs, counts = findings(p, "LKP262")
    # 80,74 is 80,749 truncated: passes. 75,83 follows from the right total (316), not the stated 361.
    assert [f.cell for f in failed(fs)] == ["'Tabel 29'!M6"] and counts["passed"] == 1


# -- same entity across tables ----------------------------------------------------------------------

def test_same_indicator_different_target_in_pk(tmp_path):
    pk = [["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target"],
          ["1", "Sasaran uji", "Indeks Kepuasan Masyarakat terhadap layanan jasa industri", "3,60"],
          ["2", "Sasaran uji", "Rata-rata indeks profesionalitas ASN", "73"]]
    t1 = capaian([("Indeks Kepuasan Masyarakat terhadap layanan jasa industri (Indeks)", "3,50", "3,81", "108%"),
                  ("Rata-rata Indeks Profesionalitas ASN", "73", "87,63", "120%")])
    t38 = capaian([("1 Indeks kepuasan masyarakat terhadap layanan jasa industri", "3,5", "3,81", "108,86%")])
    p = write(tmp_path / "e.xlsx", {"Tabel 8": pk, "Tabel 1": t1, "Capaian": t38},
              {"Tabel 8": "Tabel 8 Perjanjian Kinerja 2023"}, [FY])
    fs, counts = findings(p, "LKP242")
    (f,) = failed(fs)
    assert f.cell == "'Tabel 8'!D4" and f.expected == "3.5" and f.stated == "3.6"
    assert counts["passed"] >= 3


def test_an_indicator_repeated_in_many_tables_is_judged_once_per_distinct_figure(tmp_path, monkeypatch):
    """The same indicator in 40 tables, one of them with another target: one finding there,
    the 39 others pass, and the figures are compared per distinct value (two here), not
    pair by pair (780 comparisons) — a workbook of many copies must not cost n²."""
    from lakip_lint.rules.kinds import same_entity
    sheets = {f"Capaian {i}": capaian([("Rata-rata indeks profesionalitas ASN", "70" if i == 17 else "73",
                                        "87,63", "120%" if i != 17 else "125,19%")]) for i in range(40)}
    p = write(tmp_path / "many.xlsx", sheets, {}, [FY])
    judged = []
    real = same_entity.same

    def counting(a, b):
        judged.append((a.cell, b.cell))
        return real(a, b)

    monkeypatch.setattr(same_entity, "same", counting)
    fs, counts = findings(p, "LKP242")
    (f,) = failed(fs)
    assert f.cell == "'Capaian 17'!D2" and f.expected == "73" and f.stated == "70"
    assert counts["passed"] >= 39
    assert len(judged) <= 4, len(judged)


def test_one_figure_and_its_truncation_judged_place_by_place():
    """92,457 shown to two decimals and 92,45: the second is the first truncated, not the
    other way round (same() reads a truncation one way). Three places, 92,457 / 92,45 /
    92,457: each pair is judged in the order the places come, as ever — all agree with the
    best-supported 92,457; judging a pair of figures once for all their places, in one
    order, made 92,45 a finding."""
    from decimal import Decimal
    from types import SimpleNamespace

    from lakip_lint.model import Value
    from lakip_lint.rules.kinds import same_entity
    from lakip_lint.rules.outcomes import Broken, Passed

    def val(cell, n):
        return Value(cell=cell, raw=n, kind="number", number=Decimal(n), stated=Decimal(n), decimals=2, scale=1)
    tables = [SimpleNamespace(rows=[], label=f"Tabel {i}", column=lambda c: None) for i in range(3)]
    vals = [((t, None, "IK", None), val(f"'Tabel {i}'!C5", n)) for i, (t, n) in enumerate(zip(tables, ["92.457", "92.45", "92.457"]))]
    out = list(same_entity._compare(SimpleNamespace(shared={}), "realisasi", vals, [vals[0][0]]))
    assert [type(o) for o in out] == [Passed, Passed] and not any(isinstance(o, Broken) for o in out)

def test_typo_variants_of_a_name_still_match(tmp_path):
    a = pnbp_jenis([("Konsultansi", "1.000.000", "288.000.000")], total=("1.000.000", "288.000.000"))
    b = pnbp_jenis([("Konsultasi", "1.000.000", "228.000.000")], total=("1.000.000", "228.000.000"))
    p = write(tmp_path / "e.xlsx", {"Tabel 14": a, "Tabel 35": b})
    fs, _ = findings(p, "LKP223")
    (f,) = failed(fs)
    assert f.stated in ("288000000", "228000000")


# -- rollup and monotonic series through an extra rule pack (--rules DIR) ----------------------------

EXTRA = """
family: uji
title: {id: Aturan uji, en: Test rules}
rules:
  - id: TST901
    name: uji-rollup
    title: {id: Induk = jumlah anak, en: Parent equals children}
    severity: error
    source: PMK 62/2023
    kind: rollup
    tables: [anggaran_rkakl]
    params: {columns: [pagu, realisasi]}
    message: {id: "{row}: {column} {stated} ≠ {expected}", en: "{row}: {column} {stated} ≠ {expected}"}
    explain:
      id: {what: a, why: b, example: c, fix: d}
      en: {what: a, why: b, example: c, fix: d}
  - id: TST902
    name: uji-triwulan
    title: {id: Triwulan kumulatif tidak turun, en: Cumulative quarters never fall}
    severity: error
    source: PermenPANRB 53/2014
    kind: monotonic
    tables: [capaian_triwulan]
    params: {series: tw_realisasi}
    message: {id: "{row}: {problem}", en: "{row}: {problem}"}
    explain:
      id: {what: a, why: b, example: c, fix: d}
      en: {what: a, why: b, example: c, fix: d}
"""


@pytest.fixture()
def extra_rules(tmp_path):
    d = tmp_path / "aturan"
    d.mkdir()
    (d / "uji.yaml").write_text(EXTRA, encoding="utf-8")
    return str(d)


def test_rollup_parent_not_equal_to_children(tmp_path, extra_rules):
    rows = [["Kode", "Uraian", "Pagu", "Realisasi", "%"],
            ["6077", "Kegiatan", "6.788.361.000", "892.212.158", "99,99"],
            ["6077.BDI", "KRO", "49.268.000", "49.265.230", "99,99"],
            ["6077.BDI.006", "RO", "49.268.000", "49.265.230", "99,99"],
            ["6077.QDI", "KRO 2", "842.961.000", "842.946.928", "100"],
            ["6077.QDI.002", "RO 2", "842.961.000", "842.946.928", "100"]]
    p = write(tmp_path / "t.xlsx", {"Tabel 32": rows}, {"Tabel 32": "Tabel 32 Realisasi Anggaran Kegiatan Tahun 2023"})
    fs, counts = findings(p, "TST901", extra=(extra_rules,))
    (f,) = failed(fs)
    assert f.cell == "'Tabel 32'!C4" and f.expected == "892229000"
    assert counts["passed"] >= 5


def test_quarterly_series_falling_is_found(tmp_path, extra_rules):
    rows = [["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target", "Realisasi",
             "Triwulan I", "", "Triwulan II", "", "Triwulan III", "", "Triwulan IV", ""],
            ["", "", "", "", "", "Target", "Realisasi", "Target", "Realisasi", "Target", "Realisasi", "Target", "Realisasi"],
            ["1", "S", "IK satu", "10", "25", "10", "10", "30", "35", "60", "30", "100", "100"],
            ["2", "S", "IK dua", "10", "25", "10", "10", "30", "30", "60", "60", "100", "100"]]
    p = write(tmp_path / "q.xlsx", {"Tabel 11": rows}, {"Tabel 11": "Tabel 11 Capaian Rencana Aksi Per Triwulan TA. 2023"})
    fs, counts = findings(p, "TST902", extra=(extra_rules,))
    (f,) = failed(fs)
    assert f.cell == "'Tabel 11'!K5" and f.related == ["'Tabel 11'!I5"]
    assert counts["passed"] == 5


# -- Ikhtisar facts: qualified labels still name their fact; unknown labels are reported ------------

def test_qualified_fact_labels_and_unknown_label_notice(tmp_path):
    p = write(tmp_path / "f.xlsx", {}, None, [FY, ("Realisasi seluruh PNBP TA 2023", "Rp. 616.640.854,-"),
                                             ("Persentase realisasi seluruh PNBP", "246,66%"),
                                             ("Catatan penting lain", "ada")])
    report = read_report(str(p))
    assert report.facts["realisasi_pnbp"].number == 616640854
    assert report.facts["persen_pnbp"].number == __import__("decimal").Decimal("246.66")
    (n,) = [n for n in report.notices if n.code == "LKP110"]
    assert n.cell == "Ikhtisar!A7" and "Catatan penting lain" in message(n, "id")


def test_a_fact_label_names_a_fact_only_in_its_words_order_and_a_share_only_a_percentage():
    from lakip_lint.catalog import fact_for, load_catalog
    cat = load_catalog()
    kind = cat.kind("ikhtisar")

    def named(label):
        fact = fact_for(label, kind, cat.aliases)
        return fact["name"] if fact else None
    # a BPT report's paragraph: 'anggaran' before 'tahun' is a budget of a year, not the fiscal year
    assert named("Total Pagu Anggaran Balittanah Tahun 2021") != "tahun_anggaran"
    assert named("Tahun Anggaran") == "tahun_anggaran"
    assert named("Realisasi seluruh PNBP TA 2023") == "realisasi_pnbp"          # words between: fine
    # `persen dari Total Pagu Anggaran` is a share of the budget, not the budget
    assert named("atau (persen dari Total Pagu Anggaran)") is None
    assert named("Persentase realisasi seluruh PNBP") == "persen_pnbp"
    # subject first still names it; among as long labels, the one in the label's order
    assert named("PNBP (Realisasi)") == "realisasi_pnbp" and named("PNBP (Target)") == "target_pnbp"
    assert named("Realisasi PNBP terhadap Target") == "realisasi_pnbp"
    assert named("Sisa Anggaran Realisasi") == "sisa_anggaran"


def test_mean_after_total_and_grand_total_after_subtotals(tmp_path):
    rows = [["No", "Jenis JPT", "PNBP (Rp)", ""], ["", "", "2022", "2023"],
            ["1", "A", "100", "10"], ["2", "B", "300", "30"], ["", "Jumlah", "400", "40"],
            ["3", "C", "20", "5"], ["4", "D", "20", "5"], ["", "Jumlah", "40", "10"],
            ["", "Total", "440", "50"], ["", "Rata-rata", "110", "12,5"]]
    p = write(tmp_path / "p.xlsx", {"Tabel 14": rows})
    fs, counts = findings(p, "LKP221")
    assert failed(fs) == [] and counts["passed"] == 8     # 2 subtotals, total, mean × 2 years


def test_minimising_finding_names_the_formula_it_used(tmp_path):
    p = write(tmp_path / "c.xlsx", {"Tabel 1": capaian([("Tingkat kecelakaan kerja", "7", "6,5", "92,86%")])})
    fs, _ = findings(p, "LKP241", {"indikator_minimasi": ["kecelakaan"]})
    (f,) = failed(fs)
    assert "(2 × target − realisasi) / target × 100" in message(f, "id") and f.expected.startswith("107.14")


def test_fiscal_year_written_as_ta_2024_is_understood(tmp_path):
    rows = revisi([("27 Des", "1", "0", "1", "0"), ("20 Jan", "1", "0", "1", "0")])
    p = write(tmp_path / "r.xlsx", {"Tabel 6": rows}, None, [("Tahun anggaran", "TA 2024")])
    report = read_report(str(p))
    assert report.fiscal_year == 2024
    fs, counts = findings(p, "LKP205")
    assert fs == [] and counts["passed"] == 2


# -- layouts other units use (issue 13) ---------------------------------------------------------------

def test_total_written_first_sums_the_rows_below(tmp_path):
    rows = [["No", "Jenis JPT", "PNBP (Rp)", ""], ["", "", "2022", "2023"],
            ["", "Total", "10.000.000", "266.400.000"],
            ["1", "Pelatihan", "9.000.000", "38.400.000"], ["2", "Konsultansi", "1.000.000", "288.000.000"]]
    p = write(tmp_path / "p.xlsx", {"Tabel 14": rows})
    fs, counts = findings(p, "LKP221")
    (f,) = failed(fs)
    assert f.cell == "'Tabel 14'!D3" and f.expected == "326400000" and counts["passed"] == 1
    assert "5 baris di bawahnya" in message(f, "id") or "2 baris di bawahnya" in message(f, "id")


def test_numbers_may_run_on_across_sasaran_heading_rows(tmp_path):
    head = [["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]]
    body = [["SK1 Meningkatnya daya saing industri", "", "", "", ""],
            ["1", "IK satu", "10", "10", "100%"], ["2", "IK dua", "10", "10", "100%"],
            ["SK2 Penguatan layanan publik", "", "", "", ""],
            ["3", "IK tiga", "10", "10", "100%"], ["5", "IK empat", "10", "10", "100%"]]
    p = write(tmp_path / "c.xlsx", {"Tabel 1": head + body}, {"Tabel 1": "Tabel 1 Capaian Kinerja"}, [FY])
    fs, _ = findings(p, "LKP501")
    assert [f.cell.split("!")[1] for f in failed(fs)] == ["A9"]       # 5 after 3: one finding
    t = next(t for t in read_report(str(p)).tables if t.kind == "capaian_kinerja")
    assert [r.kind for r in t.rows] == ["section", "data", "data", "section", "data", "data"]
    assert t.rows[4].get("sasaran").text == "Penguatan layanan publik"


def test_years_down_table_reads_as_the_years_across_one(tmp_path):
    across = [["Uraian", "2022", "2023"], ["Pagu", "100", "200"], ["Realisasi", "90", "150"],
              ["% Realisasi", "90%", "75%"]]
    down = [["Tahun", "Pagu", "Realisasi", "% Realisasi"], ["2022", "100", "90", "90%"],
            ["TA 2023", "200", "150", "75%"]]
    got = []
    for name, rows in (("a", across), ("d", down)):
        p = write(tmp_path / f"{name}.xlsx", {"Tabel 33": rows}, {"Tabel 33": "Tabel 33 Perkembangan Realisasi"})
        (t,) = [t for t in read_report(str(p)).tables if t.kind == "riwayat_anggaran"]
        got.append([(r.year, {k: str(v.number) for k, v in r.values.items()}) for r in t.rows])
    assert got[0] == got[1] and [y for y, _ in got[1]] == [2022, 2023]


def test_rka_codes_written_into_the_names_give_the_tree(tmp_path):
    rows = [["Uraian", "Pagu", "Realisasi", "%"],
            ["6077 Penumbuhan industri", "300", "300", "100"],
            ["6077.BDI Kebijakan", "100", "100", "100"],
            ["6077.BDI.006 Layanan", "100", "100", "100"],
            ["6077.QDB Fasilitasi", "200", "200", "100"]]
    p = write(tmp_path / "r.xlsx", {"Tabel 32": rows}, {"Tabel 32": "Tabel 32 Realisasi Anggaran RKA-K/L"})
    (t,) = [t for t in read_report(str(p)).tables if t.kind == "anggaran_rkakl"]
    assert [(r.get("kode").text, r.level, r.parent) for r in t.rows] == [
        ("6077", "kegiatan", None), ("6077.BDI", "kro", 0), ("6077.BDI.006", "ro", 1), ("6077.QDB", "kro", 0)]
    assert t.rows[1].get("uraian").text == "Kebijakan"


def test_two_tables_side_by_side_are_read_apart(tmp_path):
    left = pnbp_jenis([("Pelatihan", "9.000.000", "38.400.000"), ("Konsultansi", "1.000.000", "288.000.000")],
                      total=("10.000.000", "266.400.000"))
    right = [["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"],
             ["1", "IK satu", "10", "10", "100%"], ["2", "IK dua", "10", "5", "50%"]]
    rows = [a + [""] + (right[i] if i < len(right) else []) for i, a in enumerate(left)]
    p = write(tmp_path / "s.xlsx", {"Data": rows})
    kinds = sorted((t.kind, t.ref) for t in read_report(str(p)).tables)
    assert kinds == [("capaian_kinerja", "Data!F1:J3"), ("pnbp_per_jenis", "Data!A1:D5")]
    fs, _ = findings(p, "LKP221")
    assert [f.cell for f in failed(fs)] == ["Data!D5"]


def test_a_table_continued_on_the_next_sheet_ends_where_another_starts(tmp_path):
    head = ["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]
    first = [head, ["1", "Sasaran A", "IK satu", "10", "10", "100%"], ["2", "Sasaran B", "IK dua", "10", "10", "100%"]]
    # the next sheet: the rest of sasaran B (no number of its own), then another table
    second = [head, ["", "", "IK tiga", "10", "10", "100%"], [], [],
              head, ["6", "Sasaran F", "IK enam", "10", "10", "100%"]]
    p = write(tmp_path / "c.xlsx", {"Data": first, "Data (2)": second})
    tables = [t for t in read_report(str(p)).tables if t.kind == "capaian_kinerja"]
    assert [[r.values["indikator"].text for r in t.rows] for t in tables] == [
        ["IK satu", "IK dua", "IK tiga"], ["IK enam"]]
    fs, _ = findings(p, "LKP501")
    assert failed(fs) == []


def test_a_part_on_the_next_sheet_takes_the_unit_stated_above_the_first(tmp_path):
    head = ["No", "Uraian", "Tgl", "Semula", "", "", "Menjadi", "", ""]
    sub = ["", "", "", "Pagu Anggaran", "Blokir", "Target PNBP", "Pagu Anggaran", "Blokir", "Target PNBP"]
    first = [["(dalam ribuan rupiah)"], head, sub,
             ["1", "Revisi 1", "10 Januari 2023", "7.000.000", "0", "250.000", "7.100.000", "0", "250.000"]]
    second = [head, sub,
              ["2", "Revisi 2", "10 Maret 2023", "7.100.000", "0", "250.000", "7.680.590", "0", "250.000"]]
    p = write(tmp_path / "r.xlsx", {"Tabel 6": first, "Tabel 6 (2)": second}, {"Tabel 6": "Tabel 6 Revisi DIPA"})
    (t,) = [t for t in read_report(str(p)).tables if t.kind == "revisi_dipa"]
    pagu = [c.name for c in t.columns if c.type == "amount"][0]
    assert [str(r.values[pagu].number) for r in t.rows] == ["7000000000", "7100000000"]


def test_spelling_is_judged_by_the_catalog_not_by_the_majority(tmp_path):
    """Three tables write `PNBPN`, one writes `PNBP`: the typo is the finding, whatever the count."""
    pk = [["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target"],
          ["1", "Sasaran", "Meningkatnya PNBPN layanan jasa industri", "5"],
          ["2", "Sasaran", "Indeks kepuasan masyarakat", "3,5"]]
    cap = lambda ik: [["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target", "Realisasi", "Capaian"],  # noqa: E731
                      ["1", "Sasaran", ik, "5", "5", "100%"]]
    p = write(tmp_path / "s.xlsx", {"Tabel 5": pk, "Tabel 1": cap("Meningkatnya PNBP layanan jasa industri"),
                                    "Tabel 2": cap("Meningkatnya PNBPN layanan jasa industri"),
                                    "Tabel 3": cap("Meningkatnya PNBPN layanan jasa industri")})
    fs, _ = findings(p, "LKP502")
    cells = sorted(f.cell for f in failed(fs))
    assert cells == ["'Tabel 2'!C2", "'Tabel 3'!C2", "'Tabel 5'!C2"], cells
    assert all("'Meningkatnya PNBP layanan jasa industri'" in message(f, "id") for f in failed(fs))


def test_unspent_budget_in_a_fact_list_is_pagu_minus_realisation(tmp_path):
    facts = [FY, ("Pagu akhir DIPA", "Rp 7.680.590.000,-"), ("Realisasi anggaran", "Rp 7.680.058.359,-"),
             ("Sisa anggaran", "Rp 513.641,-")]
    p = write(tmp_path / "f.xlsx", {}, None, facts)
    fs, counts = findings(p, "LKP308")
    (f,) = failed(fs)
    assert f.cell == "Ikhtisar!B7" and f.expected == "531641" and f.difference == "-18000"
    facts[3] = ("Sisa anggaran", "Rp 531.641,-")
    p = write(tmp_path / "g.xlsx", {}, None, facts)
    fs, counts = findings(p, "LKP308")
    assert failed(fs) == [] and counts["passed"] == 1


def test_a_fact_list_too_long_to_pair_says_so_and_stays_fast(tmp_path):
    """A Uraian | Nilai list of 200 lines (budgets, realisations, percentages of many
    activities): pairing a percentage with its realisation and base weighs every pair of
    candidate lines, lines³ over the list — a 500-line list took 11,7 s, 2 000 lines more
    than 12 minutes. Past MAX_PAIRS candidate pairs the line is said not checked, with the
    reason; the short list below it is still checked (a dozen lines at most in the samples
    and the corpus)."""
    from lakip_lint.rules.kinds import fact_list
    long = [FY] + [(f"{what} layanan uji {i}", value) for i in range(60) for what, value in
                   (("Target", "100"), ("Realisasi", "90"), ("Capaian", "90%"))]
    p = write(tmp_path / "panjang.xlsx", {}, None, long)
    fs, counts = findings(p, "LKP372")
    said = [f for f in fs if f.outcome == "not_run" and "terlalu panjang" in message(f, "id")]
    assert len(said) == counts["not_run"] == 60 and failed(fs) == []
    assert f"batas {fact_list.MAX_PAIRS:,}".replace(",", ".") in message(said[0], "id")
    assert "too long to pair" in message(said[0], "en")
    short = [FY] + [(f"{what} layanan uji {i}", value) for i in range(3) for what, value in
                    (("Target", "100"), ("Realisasi", "90"), ("Capaian", "80%" if i == 1 else "90%"))]
    fs, counts = findings(write(tmp_path / "pendek.xlsx", {}, None, short), "LKP372")
    (f,) = failed(fs)
    assert f.expected == "90" and f.stated == "80" and counts["not_run"] == 0


def test_a_window_ending_on_29_february_holds_in_a_year_without_it():
    """The loader accepts `fy-02-29` (a leap year's date); in 2023 it is the 28th, not a
    ValueError the engine would report as an internal error."""
    import datetime as dt
    from lakip_lint.rules.kinds.monotonic import _window_date
    assert _window_date("fy-02-29", 2023) == dt.date(2023, 2, 28)
    assert _window_date("fy-02-29", 2024) == dt.date(2024, 2, 29)
    assert _window_date("fy-1-12-01", 2023) == dt.date(2022, 12, 1)
