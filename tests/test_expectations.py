"""Rules of kind `expectation` (rules/ekspektasi.yaml), run by Great Expectations 1.x.

Each rule on a minimal workbook that fails and one that passes; the cell mapping with
tables of one kind stacked from two sheets and from two workbooks; one GX validation per
table kind; results matched by configuration; unreadable numbers reported, not passed;
GX imported only when an expectation rule runs; GX quiet and writing no files; the clean
samples stay clean.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lakip_lint.catalog import load_catalog
from lakip_lint.cli import main
from lakip_lint.read import read_report
from lakip_lint.rules import gx, load_rules, run_rules

from conftest import ROOT
from workbooks import revisi, write
from lakip_lint.outputs.lang import message

FY = ("Tahun anggaran", "2023")
GX_RULES = [r for r in load_rules() if r.kind == "expectation"]

# Tables as reports print them: header, a good row, a bad row; the bad row's cell per rule.
IKM = ["No", "Unsur Pelayanan", "Nilai Indeks", "Mutu Pelayanan"]
ILP = ["No", "Aspek", "Indeks Aspek", "Bobot Aspek", "Indeks Layanan Publik"]
ASN = ["No", "Nama", "Kualifikasi", "Kompetensi", "Kinerja", "Disiplin", "Total"]
SAKIP = ["No", "Unit Kerja", "Perencanaan Kinerja", "Pengukuran Kinerja", "Pelaporan Kinerja",
         "Evaluasi Internal", "Total", "Predikat"]
PK = ["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target", "Satuan"]
PDN = ["No", "Akun", "Uraian", "Pagu Anggaran", "Realisasi PDN", "Realisasi TKDN", "Realisasi Impor", "%"]
PDN_TAHUN = [["No", "Akun", "2022", "", "", "2023", "", ""],
             ["", "", "Pagu Anggaran (000)", "Realisasi PDN (000)", "% Realisasi PDN",
              "Pagu Anggaran (000)", "Realisasi PDN (000)", "% Realisasi PDN"]]
RKAKL = ["Kode", "Kegiatan/KRO/RO/Komponen/Sub Komponen", "Pagu", "Realisasi", "%"]
PER_IK = ["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target", "Capaian", "Komponen", "Pagu (000)",
          "Realisasi (000)", "%"]

ASN_OK = ["1.", "Dindin", "23", "15", "25", "5", "68"]
SAKIP_OK = ["1", "BSPJI Pekanbaru", "23,10", "22,50", "11,55", "18,00", "75,15", "BB"]


REVISI_HEAD = [["NO", "URAIAN", "TGL", "SEMULA", "", "", "MENJADI", "", ""],
               ["", "", "", "PAGU ANGGARAN (000)", "BLOKIR (000)", "TARGET PNBP (000)",
                "PAGU ANGGARAN (000)", "BLOKIR (000)", "TARGET PNBP (000)"]]
REV_OK = ["1", "Revisi 1", "26 Des", "7.592.226", "295.000", "250.000", "7.592.226", "584.080", "250.000"]
TW_HEAD = [["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target", "Realisasi", "Triwulan I", "", "Triwulan II", "",
            "Triwulan III", "", "Triwulan IV", ""],
           ["", "", "", "", "", "% Fisik", "", "% Fisik", "", "% Fisik", "", "% Fisik", ""],
           ["", "", "", "", "", "Target", "Realisasi", "Target", "Realisasi", "Target", "Realisasi", "Target", "Realisasi"]]
TW_OK = ["1", "S", "IK satu", "10", "25", "10", "10", "30", "35", "60", "90", "100", "100"]
RA_HEAD = [["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target", "Rencana Aksi", "", "", "", "", "", "", ""],
           ["", "", "", "", "Triwulan I", "", "Triwulan II", "", "Triwulan III", "", "Triwulan IV", ""],
           ["", "", "", "", "Target Antara", "Rencana Kegiatan", "Target Antara", "Rencana Kegiatan", "Target Antara",
            "Rencana Kegiatan", "Target Antara", "Rencana Kegiatan"]]
RA_OK = ["1", "S", "IK satu", "10", "10", "survei", "30", "mou", "60", "terap", "100", "lapor"]


def _set(row, i, v):
    row = list(row)
    row[i] = v
    return row


CASES = {
    # rule: (sheet, header rows, good rows, bad rows, the bad cell)
    "LKP401": ("Tabel 21", [IKM], [["1", "Persyaratan", "3,86", "A"]], [["1", "Biaya", "4,2", "A"]], "C2"),
    "LKP402": ("Tabel 26", [ILP], [["1", "Inovasi", "2", "12%", "0,24"]], [["1", "Inovasi", "5,5", "12%", "0,66"]], "C2"),
    "LKP403": ("Tabel 25", [ASN], [ASN_OK], [_set(ASN_OK, 2, "26")], "C2"),
    "LKP404": ("Tabel 25", [ASN], [_set(ASN_OK, 3, "40")], [_set(ASN_OK, 3, "41")], "D2"),
    "LKP405": ("Tabel 25", [ASN], [_set(ASN_OK, 4, "30")], [_set(ASN_OK, 4, "31")], "E2"),
    "LKP406": ("Tabel 25", [ASN], [ASN_OK], [_set(ASN_OK, 5, "6")], "F2"),
    "LKP407": ("Tabel 25", [ASN], [_set(ASN_OK, 6, "100")], [_set(ASN_OK, 6, "101")], "G2"),
    "LKP408": ("Tabel 27", [SAKIP], [SAKIP_OK], [_set(SAKIP_OK, 2, "30,5")], "C2"),
    "LKP409": ("Tabel 27", [SAKIP], [_set(SAKIP_OK, 3, "30")], [_set(SAKIP_OK, 3, "31")], "D2"),
    "LKP410": ("Tabel 27", [SAKIP], [_set(SAKIP_OK, 4, "15")], [_set(SAKIP_OK, 4, "15,5")], "E2"),
    "LKP411": ("Tabel 27", [SAKIP], [_set(SAKIP_OK, 5, "25")], [_set(SAKIP_OK, 5, "26")], "F2"),
    "LKP412": ("Tabel 27", [SAKIP], [_set(SAKIP_OK, 7, "AA")], [_set(SAKIP_OK, 7, "B+")], "H2"),
    "LKP413": ("PK", [PK], [["1", "S", "IK satu", "10", "Persen"]], [["1", "S", "IK satu", "10", "Persem"]], "E2"),
    "LKP414": ("Tabel 18", [PDN], [["1", "521211", "Belanja", "1.000.000", "900.000", None, None, None]],
               [["1", "52121", "Belanja", "1.000.000", "900.000", None, None, None]], "B2"),
    "LKP415": ("Tabel 32", [RKAKL], [["6077", "Kegiatan", "100.000", "90.000", "90"],
                                     ["6077.BAD", "KRO", "100.000", "90.000", "90"],
                                     ["6077.BAD.001", "RO", "100.000", "90.000", "90"],
                                     ["051", "Komponen", "100.000", "90.000", "90"],
                                     ["A", "Subkomponen", "100.000", "90.000", "90"]],
               [["6077", "Kegiatan", "100.000", "90.000", "90"], ["6077.BAD.1", "RO", "100.000", "90.000", "90"]], "A3"),
    "LKP417": ("Tabel 32", [RKAKL], [["6077", "Kegiatan", "100.000", "100.000", "100"]],
               [["6077", "Kegiatan", "100.000", "100.001", "100"]], "D2"),
    "LKP418": ("Tabel 18", [PDN], [["1", "532111", "Belanja", "1.000.000", "1.000.000", None, None, None]],
               [["1", "532111", "Belanja", "1.000.000", "1.100.000", None, None, None]], "E2"),
    "LKP419": ("PK", [PK], [["1", "S", "IK satu", "10", "Persen"]], [["1", "S", "IK satu", None, "Persen"]], "D2"),
    "LKP420": ("Tabel 6", REVISI_HEAD, [REV_OK], [_set(REV_OK, 6, None)], "G3"),
    "LKP421": ("Tabel 6", REVISI_HEAD, [REV_OK], [_set(REV_OK, 3, None)], "D3"),
    "LKP422": ("Tabel 27", [SAKIP], [SAKIP_OK], [_set(SAKIP_OK, 6, None)], "G2"),
    "LKP423": ("Tabel 21", [IKM], [["1", "Persyaratan", "3,86", "A"]], [["1", "Persyaratan", None, "A"]], "C2"),
    "LKP424": ("Tabel 33", [["", "TA.2022", "TA.2023"]], [["PAGU", "6.856.156.000", "7.680.590.000"],
                                                       ["Realisasi", "6.832.596.318", "7.680.058.359"]],
               [["PAGU", "6.856.156.000", None], ["Realisasi", "6.832.596.318", "7.680.058.359"]], "C2"),
    "LKP425": ("Tabel 25", [ASN], [ASN_OK], [_set(ASN_OK, 6, None)], "G2"),
    "LKP426": ("Tabel 11", TW_HEAD, [TW_OK], [_set(TW_OK, 11, "102")], "L4"),
    "LKP427": ("Tabel 11", TW_HEAD, [TW_OK], [_set(TW_OK, 12, "101")], "M4"),
    "LKP428": ("Tabel 9", RA_HEAD, [RA_OK], [_set(RA_OK, 10, "110")], "K4"),
}


def findings(path: Path, *ids: str):
    rules = [r for r in load_rules() if r.id in ids]
    assert len(rules) == len(ids), ids
    stats = {}
    out = run_rules(read_report(str(path)), rules, {}, stats)
    return out, stats


def failed(fs):
    return [f for f in fs if f.outcome == "failed"]


def test_every_rule_has_a_case_and_names_a_real_gx_expectation():
    ids = {r.id for r in GX_RULES}
    assert ids >= {f"LKP4{n:02d}" for n in range(1, 20)}
    assert ids - {"LKP416"} <= set(CASES)
    kinds = {k.kind: {c.name for c in k.columns} for k in load_catalog().kinds}
    for r in GX_RULES:
        spec = gx.Spec.of(r)
        exp = gx.expectation_of(spec)           # the class exists in GX 1.x and accepts the arguments
        assert type(exp).__name__ == r.params["expectation"]
        for c in spec.shown_columns:
            assert all(re.sub(r"\[.*\]$", "", c) in kinds[t] for t in r.tables), (r.id, c)
        assert r.explain["id"]["example"] and r.explain["en"]["fix"] and r.source


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fails_on_the_bad_row_and_passes_the_good_one(tmp_path, rule):
    sheet, head, good, bad, cell = CASES[rule]
    p = write(tmp_path / "bad.xlsx", {sheet: head + bad}, None, [FY])
    fs, stats = findings(p, rule)
    (f,) = failed(fs)
    quoted = f"'{sheet}'" if " " in sheet else sheet
    assert f.code == rule and f.cell == f"{quoted}!{cell}" and f.severity in ("error", "warning")
    assert "{" not in message(f, "id") and "{" not in message(f, "en"), message(f, "id")
    assert [x for x in fs if x.outcome == "not_run"] == []
    p = write(tmp_path / "good.xlsx", {sheet: head + good}, None, [FY])
    fs, stats = findings(p, rule)
    assert fs == [] and stats[rule].counts["passed"] >= 1


def test_realisasi_above_pagu_in_the_budget_per_indicator_table(tmp_path):
    rows = [["1", "S", "IK satu", "10", "12", "Komp A", "1.000", "900", "90"],
            ["2", "S", "IK dua", "10", "12", "Komp B", "1.000", "1.200", "120"]]
    p = write(tmp_path / "ik.xlsx", {"Tabel 30": [PER_IK] + rows}, None, [FY])
    fs, stats = findings(p, "LKP417")
    (f,) = failed(fs)
    assert f.cell == "'Tabel 30'!H3" and f.related == ["'Tabel 30'!G3"] and f.stated == "1200000"
    assert "IK dua" in message(f, "id") and "1.000.000" in message(f, "id") and "exceeds" in message(f, "en")
    assert stats["LKP417"].counts["passed"] == 1


def test_bas_codes_in_the_yearly_pdn_table(tmp_path):
    rows = [["1", "521211", "1.000", "900", "90", "1.000", "900", "90"],
            ["2", "5212.11", "1.000", "900", "90", "1.000", "900", "90"]]
    p = write(tmp_path / "pdn.xlsx", {"Tabel 19": PDN_TAHUN + rows}, None, [FY])
    fs, _ = findings(p, "LKP414")
    (f,) = failed(fs)
    assert f.cell == "'Tabel 19'!B4" and "'5212.11'" in message(f, "id")


def test_revision_numbers_unique_within_a_table_not_across_tables(tmp_path):
    rows = [("26 Des", "7.592.226", "295.000", "7.592.226", "584.080"),
            ("20 Jan", "7.592.226", "584.080", "7.592.226", "584.080"),
            ("31 Jan", "7.592.226", "584.080", "7.592.226", "584.080")]
    dup = revisi(rows)
    dup[4][0] = "2"                                 # the third revision numbered 2 again
    p = write(tmp_path / "dup.xlsx", {"Tabel 6": dup}, None, [FY])
    fs, _ = findings(p, "LKP416")
    assert sorted(f.cell for f in failed(fs)) == ["'Tabel 6'!A4", "'Tabel 6'!A5"]
    f = failed(fs)[0]
    assert "'2'" in message(f, "id") and len(f.related) == 1
    # two tables of the same kind, each numbered 1..3: stacked, but unique per table
    p = write(tmp_path / "two.xlsx", {"Tabel 6": revisi(rows), "Revisi": revisi(rows)}, None, [FY])
    fs, stats = findings(p, "LKP416")
    assert failed(fs) == [] and stats["LKP416"].counts["passed"] == 6


def test_stacked_tables_from_two_sheets_point_at_their_own_cells(tmp_path, monkeypatch):
    a = [ASN, ASN_OK, _set(ASN_OK, 2, "26"), ASN_OK]                  # Tabel 25!C3
    b = [ASN, _set(ASN_OK, 5, "7"), ASN_OK, ASN_OK, _set(ASN_OK, 2, "30")]   # Pegawai!F2, Pegawai!C5
    p = write(tmp_path / "two.xlsx", {"Tabel 25": a, "Pegawai": b}, None, [FY])
    calls = []
    real = gx.validate
    monkeypatch.setattr(gx, "validate", lambda pairs, specs: calls.append((pairs, specs)) or real(pairs, specs))
    fs, stats = findings(p, "LKP403", "LKP404", "LKP405", "LKP406", "LKP407")
    got = sorted((f.code, f.cell) for f in failed(fs))
    assert got == [("LKP403", "'Tabel 25'!C3"), ("LKP403", "Pegawai!C5"), ("LKP406", "Pegawai!F2")]
    assert len(calls) == 1                           # one suite, one validation for the five rules
    pairs, specs = calls[0]
    assert [t.sheet for _, t in pairs] == ["Tabel 25", "Pegawai"] and len(specs) == 5
    assert stats["LKP403"].counts["passed"] == 5 and stats["LKP406"].counts["passed"] == 6


def test_adapter_stacks_tables_of_many_workbooks(tmp_path):
    r1 = read_report(str(write(tmp_path / "a.xlsx", {"Tabel 21": [IKM, ["1", "Biaya", "4,5", "A"]]}, None, [FY])))
    r2 = read_report(str(write(tmp_path / "b.xlsx", {"IKM": [IKM, ["1", "Waktu", "3,5", "A"],
                                                              ["2", "Biaya", "0,5", "D"]]}, None, [FY])))
    spec = gx.Spec.of(next(r for r in GX_RULES if r.id == "LKP401"))
    pairs = [(r, t) for r in (r1, r2) for t in r.tables if t.kind == "ikm_unsur"]
    out = gx.validate(pairs, [spec])[spec]
    assert sorted((ref.report.path, ref.cell("nilai")) for ref in out.failed) == [
        (r1.path, "'Tabel 21'!C2"), (r2.path, "IKM!C3")]
    assert [ref.cell("nilai") for ref in out.checked] == ["IKM!C2"]


def test_results_are_matched_by_configuration_not_order(tmp_path):
    p = write(tmp_path / "asn.xlsx", {"Tabel 25": [ASN, _set(ASN_OK, 2, "26"), _set(ASN_OK, 5, "6")]}, None, [FY])
    report = read_report(str(p))
    pairs = [(report, t) for t in report.tables if t.kind == "ip_asn"]
    specs = [gx.Spec.of(r) for r in GX_RULES if "ip_asn" in r.tables]
    forward, backward = gx.validate(pairs, specs), gx.validate(pairs, specs[::-1])
    for s in specs:
        assert [x.row.sheet_row for x in forward[s].failed] == [x.row.sheet_row for x in backward[s].failed]
    by_col = {s.columns[0]: [x.row.sheet_row for x in forward[s].failed] for s in specs}
    assert by_col == {"kualifikasi": [2], "kompetensi": [], "kinerja": [], "disiplin": [3], "total": []}


def test_unreadable_number_is_reported_not_silently_passed(tmp_path):
    p = write(tmp_path / "ikm.xlsx", {"Tabel 21": [IKM, ["1", "Persyaratan", "tiga koma", "A"],
                                                    ["2", "Biaya", "3,5", "A"]]}, None, [FY])
    fs, stats = findings(p, "LKP401")
    (n,) = [f for f in fs if f.outcome == "not_run"]
    assert n.code == "LKP401" and n.cell == "'Tabel 21'!C2" and "tiga koma" in message(n, "id")
    assert failed(fs) == [] and stats["LKP401"].counts["passed"] == 1


def test_empty_cell_is_not_a_range_failure_but_is_a_missing_target(tmp_path):
    p = write(tmp_path / "pk.xlsx", {"PK": [PK, ["1", "S", "IK satu", "N/A", "Persen"],
                                            ["2", "S", "IK dua", "5", "Persen"]]}, None, [FY])
    fs, _ = findings(p, "LKP419")
    (f,) = failed(fs)
    assert f.cell == "PK!D2" and "N/A" in message(f, "id")


def _check_in_subprocess(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_reviewers_check_never_imports_great_expectations():
    """Every rule, expectations included, without importing GX or pandas (the native
    evaluator); `engine = gx` imports it and gives the same findings."""
    code = """
import json, sys
from lakip_lint.check import check_paths
from lakip_lint.rules import gx
gx.use_engine("{engine}")
res = check_paths(["samples/bspji-pekanbaru-2023.xlsx"], {{}}, [], [])
print(json.dumps({{"gx": "great_expectations" in sys.modules, "pandas": "pandas" in sys.modules,
                  "rules": len(res.rules), "lkp4": sum(st.ran for r, st in res.stats.items() if r.startswith("LKP4")),
                  "findings": sorted(f.code + str(f.cell) for f in res.findings)}}))
"""
    native = _check_in_subprocess(code.format(engine="native"))
    assert native["gx"] is False and native["pandas"] is False and native["lkp4"] > 100
    through = _check_in_subprocess(code.format(engine="gx"))
    assert through["gx"] is True
    assert (through["lkp4"], through["findings"]) == (native["lkp4"], native["findings"])


def test_gx_is_quiet_and_writes_no_files(tmp_path, monkeypatch, capfd):
    p = write(tmp_path / "asn.xlsx", {"Tabel 25": [ASN, _set(ASN_OK, 2, "26")]}, None, [FY])
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    capfd.readouterr()
    fs, _ = findings(p, "LKP403")
    assert len(failed(fs)) == 1
    out, err = capfd.readouterr()
    assert out == "" and err == ""                   # no progress bars, no log lines
    assert list(work.iterdir()) == []                # ephemeral context: nothing written


@pytest.mark.parametrize("name", ["bspji-pekanbaru-2023-bersih.xlsx", "bspji-pekanbaru-2023-rapi-bersih.xlsx"])
def test_clean_samples_stay_clean_with_the_expectation_rules(name):
    path = str(ROOT / "samples" / name)
    res = CliRunner().invoke(main, ["check", path, "--select", "LKP4", "--fail-on", "warning"])
    assert res.exit_code == 0, res.output
    # with every rule: whatever other families say, no expectation rule speaks on a clean sample
    res = CliRunner().invoke(main, ["check", path, "--fail-on", "warning"])
    assert not [x for x in res.output.splitlines() if re.search(r": LKP4\d\d ", x)], res.output
    res = CliRunner().invoke(main, ["check", path, "--select", "LKP4", "--statistics"])
    for rid in ("LKP401", "LKP402", "LKP403", "LKP408", "LKP412", "LKP414", "LKP415", "LKP416", "LKP417",
                "LKP418", "LKP419"):
        line = next(x for x in res.output.splitlines() if x.startswith(rid))
        assert int(line.split()[2]) > 0, line      # the rule ran on the sample's tables


# --- Great Expectations is an optional extra (lakip-lint[gx]) ----------------------------

def test_without_gx_check_engine_gx_is_a_usage_error(monkeypatch):
    monkeypatch.setattr(gx, "available", lambda: False)
    r = CliRunner().invoke(main, ["check", str(ROOT / "samples" / "bspji-pekanbaru-2023-bersih.xlsx"), "--engine", "gx"])
    assert r.exit_code == 2 and "lakip-lint[gx]" in r.output


def test_without_gx_an_expectation_through_gx_is_not_run_and_says_why(monkeypatch):
    """Never a silent pass: every expectation rule that had to go through GX is 'could not
    be checked', naming the missing extra."""
    monkeypatch.setattr(gx, "available", lambda: False)
    report = read_report(str(ROOT / "samples" / "bspji-pekanbaru-2023-bersih.xlsx"))
    gx.use_engine("gx")
    try:
        stats: dict = {}
        found = run_rules(report, GX_RULES, {}, stats)
    finally:
        gx.use_engine("native")
    not_run = [f for f in found if f.outcome == "not_run"]
    through_gx = [r for r in GX_RULES if gx.Spec.of(r).expectation not in gx.NATIVE]   # patterns: RE2 either way
    ran = {r.id for r in through_gx if stats[r.id].counts["passed"] or stats[r.id].counts["failed"]}
    assert through_gx and not ran
    assert {f.code for f in not_run} == {r.id for r in through_gx if any(t.kind in r.tables for t in report.tables)}
    assert all("lakip-lint[gx]" in message(f, "id") for f in not_run)


def test_without_gx_screen_judges_natively_and_says_so(monkeypatch, tmp_path):
    monkeypatch.setattr(gx, "available", lambda: False)
    r = CliRunner().invoke(main, ["screen", str(ROOT / "samples" / "bspji-pekanbaru-2023-bersih.xlsx"),
                                  "--out", str(tmp_path / "hasil"), "--jobs", "1"])
    text = r.output + (getattr(r, "stderr", "") or "")
    assert r.exit_code == 0, text
    assert "evaluator bawaan" in text
    r2 = CliRunner().invoke(main, ["screen", str(ROOT / "samples" / "bspji-pekanbaru-2023-bersih.xlsx"),
                                   "--out", str(tmp_path / "hasil2"), "--engine", "gx"])
    assert r2.exit_code == 2 and "lakip-lint[gx]" in r2.output + (getattr(r2, "stderr", "") or "")


PACK_ON_TEXT = """family: mine
title: {id: "Uji", en: "Test"}
rules:
  - id: LKP901
    name: uji-rentang
    title: {id: Capaian di antara 0 dan 200, en: Achievement between 0 and 200}
    severity: error
    source: uji
    kind: expectation
    tables: [ikm_unsur]
    params:
      expectation: ExpectColumnValuesToBeBetween
      kwargs: {column: unsur, min_value: 0, max_value: 200}
    message: {id: "'{row}' {detail}.", en: "'{row}' {detail}."}
    explain:
      id: {what: "a", why: "b", example: "c", fix: "d"}
      en: {what: "a", why: "b", example: "c", fix: "d"}
"""


@pytest.mark.parametrize("lang, says, not_says", [("en", "'Persyaratan Pelayanan' is not a number", "bukan angka"),
                                                  ("id", "'Persyaratan Pelayanan' bukan angka", "is not a number")])
def test_why_an_expectation_could_not_run_is_said_in_the_reports_language(tmp_path, lang, says, not_says):
    """A range over a text column cannot run: the reason is a catalog phrase, so an English
    report says it in English (it was a fixed Indonesian string in every language)."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mine.yaml").write_text(PACK_ON_TEXT, encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(ROOT / "samples" / "bspji-pekanbaru-2023-bersih.xlsx"),
                                    "--rules", str(tmp_path / "rules"), "--select", "LKP901", "--lang", lang,
                                    "--statistics"])
    assert says in res.output and not_says not in res.output, res.output
