"""Suppressions (with a reason, unused ones reported) and baselines that survive row insertions."""
from __future__ import annotations

import json
import os

from click.testing import CliRunner

from lakip_lint.cli import main

from conftest import PRINTED
from workbooks import capaian, write


def run(*args, cwd):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


def lines(output, code):
    return [l for l in output.splitlines() if f" {code} " in l]


def test_suppression_with_reason_hides_exactly_its_finding(tmp_path):
    (tmp_path / "lakip-lint.toml").write_text(
        '[[suppress]]\nrule = "LKP241"\ncell = "\'Tabel 1\'!F11"\n'
        'reason = "Unit ini membatasi capaian 100% sesuai SK Kepala Balai"\n')
    r = run("check", str(PRINTED), "--select", "LKP241", cwd=tmp_path)
    cells = [l.split(": ")[0].split(":", 1)[1] for l in lines(r.output, "LKP241")]
    assert "'Tabel 1'!F11" not in cells and "'Tabel 1'!F7" in cells
    assert "1 ditekan" in r.output


def test_suppression_without_reason_is_a_usage_error(tmp_path):
    (tmp_path / "lakip-lint.toml").write_text('[[suppress]]\nrule = "LKP241"\ntable = "Tabel 1"\n')
    r = run("check", str(PRINTED), cwd=tmp_path)
    assert r.exit_code == 2 and "alasan" in r.output


def test_suppression_must_name_a_scope(tmp_path):
    (tmp_path / ".lakip-lint-ignore.yaml").write_text('- {rule: LKP241, reason: "semua"}\n')
    r = run("check", str(PRINTED), cwd=tmp_path)
    assert r.exit_code == 2 and "--ignore" in r.output


def test_suppression_by_table_and_row_key_from_ignore_file(tmp_path):
    (tmp_path / ".lakip-lint-ignore.yaml").write_text(
        "- rule: pnbp-jasa-atau-seluruh\n  table: Tabel 34\n  reason: Tabel 34 memang seluruh PNBP; judul diperbaiki di versi akhir\n"
        "- rule: LKP323\n  row: BSPJI Padang\n  reason: Nilai dari LHE, sedang dikonfirmasi ke BSKJI\n")
    r = run("check", str(PRINTED), "--select", "LKP225,LKP323", cwd=tmp_path)
    assert lines(r.output, "LKP225") == [] and lines(r.output, "LKP323") == []
    assert lines(r.output, "LKP009") == []


def test_unused_suppression_is_reported(tmp_path):
    (tmp_path / "lakip-lint.toml").write_text(
        '[[suppress]]\nrule = "LKP221"\ntable = "Tabel 99"\nreason = "tabel lama"\n')
    r = run("check", str(PRINTED), "--select", "LKP221,LKP009", cwd=tmp_path)
    (line,) = lines(r.output, "LKP009")
    assert "LKP221" in line and "Tabel 99" in line and r.exit_code == 1


def _capaian_book(path, shift: int):
    rows = capaian([("IK satu", "12 (Persen)", "60%", "400%"), ("IK dua", "10", "25", "250%")])
    filler = [["Catatan"]] * shift               # rows inserted above the table
    return write(path, {"Tabel 1": filler + [[]] + rows if shift else rows}, None, [("Tahun anggaran", "2023")])


def test_baseline_survives_a_row_insertion_and_reports_only_new_findings(tmp_path):
    first = _capaian_book(tmp_path / "laporan.xlsx", 0)
    base = tmp_path / "baseline.json"
    r = run("check", str(first), "--select", "LKP241", "--write-baseline", str(base), cwd=tmp_path)
    entries = json.loads(base.read_text())["entries"]
    assert [e["rule"] for e in entries] == ["LKP241"] and "cell" not in entries[0]
    moved = _capaian_book(tmp_path / "laporan.xlsx", 3)   # same report, table three rows lower
    r = run("check", str(moved), "--select", "LKP241", "--baseline", str(base), cwd=tmp_path)
    assert lines(r.output, "LKP241") == [] and r.exit_code == 0 and "1 sudah ada di baseline" in r.output


def test_prune_baseline_drops_fixed_findings(tmp_path):
    book = _capaian_book(tmp_path / "laporan.xlsx", 0)
    base = tmp_path / "baseline.json"
    run("check", str(book), "--select", "LKP241", "--write-baseline", str(base), cwd=tmp_path)
    fixed = write(tmp_path / "laporan.xlsx", {"Tabel 1": capaian([("IK satu", "12 (Persen)", "60%", "500%")])},
                  None, [("Tahun anggaran", "2023")])
    r = run("check", str(fixed), "--select", "LKP241", "--baseline", str(base), "--prune-baseline", cwd=tmp_path)
    assert r.exit_code == 0 and json.loads(base.read_text())["entries"] == []
