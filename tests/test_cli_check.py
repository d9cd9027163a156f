"""`lakip-lint check`, `rules`, `rules explain`: output form, options, config, exit codes."""
from __future__ import annotations

import json
import os
import shutil

import jsonschema
import pytest
from click.testing import CliRunner

from lakip_lint.cli import main

from conftest import PRINTED, ROOT


def run(*args, cwd=None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args))
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args))
    finally:
        os.chdir(old)


@pytest.fixture(scope="module")
def seed_json():
    r = run("check", str(PRINTED), "--format", "json")
    assert r.exit_code == 1
    return json.loads(r.output)


def test_text_lines_point_at_cells_like_a_linter():
    r = run("check", str(PRINTED))
    assert r.exit_code == 1
    line = next(l for l in r.output.splitlines() if " LKP201 " in l)
    assert line.startswith(f"{PRINTED}:Ikhtisar!B6: LKP201 galat ")   # the Indonesian word for error
    assert "7.592.226.000" in line and "selisih 360.000.000" in line
    assert "temuan" in r.output.splitlines()[-1]


def test_json_validates_and_is_deterministic(seed_json):
    schema = json.loads((ROOT / "schemas" / "findings.schema.json").read_text())
    jsonschema.validate(seed_json, schema)
    again = json.loads(run("check", str(PRINTED), "--format", "json").output)
    assert again == seed_json
    f = next(x for x in seed_json["findings"] if x["code"] == "LKP221")
    assert {"cell", "expected", "stated", "difference", "tolerance"} <= set(f)


def test_english_messages():
    r = run("check", str(PRINTED), "--lang", "en", "--select", "LKP241")
    assert "should be 500%" in r.output and "seharusnya" not in r.output


def test_select_ignore_by_id_name_and_prefix():
    only = run("check", str(PRINTED), "--select", "capaian-rumus")
    codes = {l.split(": ")[1].split()[0] for l in only.output.splitlines() if ": LKP" in l}
    assert codes == {"LKP241"}
    prefix = run("check", str(PRINTED), "--select", "LKP22")
    codes = {l.split(": ")[1].split()[0] for l in prefix.output.splitlines() if ": LKP" in l}
    assert codes and all(c.startswith("LKP22") for c in codes)
    none = run("check", str(PRINTED), "--select", "LKP22", "--ignore", "LKP221,pnbp-jenis-sama,LKP225")
    assert none.exit_code == 0 and ": LKP" not in none.output


def test_fail_on_levels():
    # LKP225 is a warning: fails at warning level, passes at error level
    assert run("check", str(PRINTED), "--select", "LKP225").exit_code == 1
    assert run("check", str(PRINTED), "--select", "LKP225", "--fail-on", "error").exit_code == 0


def test_statistics_tell_checked_from_not_checked():
    r = run("check", str(PRINTED), "--statistics", "--select", "LKP2")
    rows = {l.split()[0]: l.split() for l in r.output.splitlines() if l.startswith("LKP2")}
    assert rows["LKP241"][2:5] == ["36", "32", "4"]       # ran, passed, failed
    assert set(rows) >= {"LKP201", "LKP221", "LKP241", "LKP261"}


def test_config_in_pyproject_is_used(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.lakip-lint]\nignore = ["LKP225", "LKP0", "LKP1"]\nlang = "en"\n')
    r = run("check", str(PRINTED), cwd=tmp_path)
    assert "LKP225" not in r.output and "findings" in r.output.splitlines()[-1]


def test_bad_config_is_a_usage_error(tmp_path):
    (tmp_path / "lakip-lint.toml").write_text('unknown_key = 1\n')
    r = run("check", str(PRINTED), cwd=tmp_path)
    assert r.exit_code == 2 and "unknown_key" in r.output


def test_broken_rule_pack_exits_2_naming_file_and_line(tmp_path):
    d = tmp_path / "aturan"
    d.mkdir()
    (d / "rusak.yaml").write_text("family: x\ntitle: {id: a, en: b}\nrules:\n  - id: BAD1\n")
    r = run("check", str(PRINTED), "--rules", str(d))
    assert r.exit_code == 2 and "rusak.yaml:4" in r.output


def test_folder_is_walked_lock_files_skipped_bad_file_is_a_finding(tmp_path):
    shutil.copy(PRINTED, tmp_path / "a.xlsx")
    (tmp_path / "~$a.xlsx").write_bytes(b"lock")
    (tmp_path / "rusak.xlsx").write_bytes(b"not a workbook at all")
    r = run("check", str(tmp_path), "--format", "json")
    doc = json.loads(r.output)
    assert [os.path.basename(f["path"]) for f in doc["files"]] == ["a.xlsx", "rusak.xlsx"]
    assert any(f["code"] == "LKP001" and f["file"].endswith("rusak.xlsx") for f in doc["findings"])
    assert r.exit_code == 1


def test_missing_path_is_a_usage_error():
    assert run("check", "tidak-ada.xlsx").exit_code == 2


def test_rules_list_and_explain():
    r = run("rules")
    assert r.exit_code == 0 and "LKP201" in r.output and "revisi-berantai" in r.output
    e = run("rules", "explain", "LKP241")
    assert e.exit_code == 0 and "## Mengapa penting" in e.output and "500%" in e.output
    en = run("rules", "explain", "capaian-rumus", "--lang", "en")
    assert "## Why it matters" in en.output
    assert run("rules", "explain", "LKP999").exit_code == 2


@pytest.mark.parametrize("toml,words", [
    ('indikator_minimasi = "kecelakaan"\n', "indikator_minimasi"),
    ('indikator_minimasi = ["(kecelakaan"]\n', "pola tidak sah"),
    ('batas_capaian = "120"\n', "batas_capaian"),
    ('fail-on = "fatal"\n', "fail-on"),
])
def test_config_of_the_wrong_type_is_a_usage_error(tmp_path, toml, words):
    (tmp_path / "lakip-lint.toml").write_text(toml)
    r = run("check", str(PRINTED), cwd=tmp_path)
    assert r.exit_code == 2 and words in r.output


@pytest.mark.parametrize("key", ["LKP999", "capaian-rumuz"])
def test_selector_matching_nothing_is_a_usage_error(key):
    r = run("check", str(PRINTED), "--select", key)
    assert r.exit_code == 2 and key in r.output


def test_ids_are_case_insensitive():
    r = run("check", str(PRINTED), "--select", "lkp241")
    assert r.exit_code == 1 and " LKP241 " in r.output


# -- coverage: nothing checked never passes (issue 14) ---------------------------------------------

def _facts_only(path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ringkasan"
    for row in (("Uraian", "Nilai"), ("Pagu DIPA 2023", "Rp 12.345.678.000,-"),
                ("Realisasi PNBP", "Rp 2.000.000.000,-"), ("Persentase realisasi", "97,2%")):
        ws.append(row)
    wb.save(path)
    return path


def test_a_workbook_no_rule_could_check_exits_1_with_the_coverage_warning(tmp_path):
    p = _facts_only(tmp_path / "ringkasan.xlsx")
    r = run("check", str(p))
    assert r.exit_code == 1
    assert " LKP011 peringatan " in r.output or " LKP011 warning " in r.output
    assert "belum diperiksa, bukan lulus" in r.output
    js = json.loads(run("check", str(p), "--format", "json").output)
    assert js["files"][0]["coverage"]["checked"] == 0 and js["summary"]["coverage"]["share"] == 0


def test_low_coverage_is_a_warning_at_the_configured_share(tmp_path):
    (tmp_path / "lakip-lint.toml").write_text('min-coverage = 0.95\n')
    r = run("check", str(PRINTED), "--config", str(tmp_path / "lakip-lint.toml"), "--ignore", "LKP4")
    assert r.exit_code == 1 and " LKP011 " in r.output and "angka di berkas ini yang diperiksa" in r.output
    r = run("check", str(PRINTED), "--ignore", "LKP4")
    assert " LKP011 " not in r.output          # the sample's coverage is above the default 20 %


def test_an_empty_folder_is_a_usage_error(tmp_path):
    (tmp_path / "catatan.txt").write_text("bukan lembar kerja")
    r = run("check", str(tmp_path))
    assert r.exit_code == 2 and "tidak ada lembar kerja" in r.output


def test_summary_says_how_many_numbers_were_checked_and_hides_checks_that_could_not_run():
    r = run("check", str(PRINTED), "--ignore", "LKP4")
    last = r.output.strip().splitlines()[-1]
    assert " angka diperiksa (" in last and "tidak dapat dijalankan (lihat --statistics)" in last
    assert "Tidak dapat diperiksa" not in r.output and "tidak dapat diperiksa" not in r.output.split("\n")[0]
    stats = run("check", str(PRINTED), "--ignore", "LKP4", "--statistics")
    assert "Tidak dapat dijalankan:" in stats.output


# -- what the reviewer gets on disk (issue 16, item 5) ------------------------------------

def test_output_files_get_ordinary_permissions(tmp_path):
    import os
    import stat
    old = os.umask(0o022)
    try:
        out = tmp_path / "temuan.json"
        run("check", str(ROOT / "samples" / "bspji-pekanbaru-2023-bersih.xlsx"), "--format", "json", "-o", str(out))
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
    finally:
        os.umask(old)


def test_an_excel_lock_file_named_on_the_command_line_is_said_to_be_one(tmp_path):
    lock = tmp_path / "~$Laporan Kinerja.xlsx"
    lock.write_bytes(b"\x0bReviewer     " + b"\x00" * 40)
    r = run("check", str(lock))
    assert r.exit_code == 1
    assert "berkas kunci Excel" in r.output and "'Laporan Kinerja.xlsx'" in r.output
    assert "Excel's lock file" in run("check", str(lock), "--lang", "en").output
