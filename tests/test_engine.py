"""The engine's parts: the safe evaluator, interval tolerance, and rule-file validation."""
from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from lakip_lint.model import Value
from lakip_lint.rules import expr
from lakip_lint.rules.loader import RuleFileError, load_file, load_rules
from lakip_lint.rules.tolerance import Approx, judge, same


class Row(expr.Env):
    def __init__(self, **vals):
        self.vals = {k: Approx.exact(D(str(v))) for k, v in vals.items()}

    def lookup(self, name, sel):
        key = f"{name}[{sel}]" if sel else name
        if key not in self.vals:
            raise expr.NotComputable(key)
        return self.vals[key]

    def lookup_many(self, name, sel):
        return [v for k, v in sorted(self.vals.items()) if k.startswith(name + "[")]


def ev(text, **vals):
    return expr.evaluate(expr.parse(text), Row(**vals))


def test_arithmetic_in_decimal_without_float_noise():
    assert ev("realisasi / target * 100", realisasi=88, target=80).mid == D("110")
    assert ev("(2 * target - realisasi) / target * 100", target=7, realisasi="6.5").mid.quantize(D("0.01")) == D("107.14")
    assert ev("sum(target[*])", **{"target[2021]": 5, "target[2022]": 10, "target[2023]": 12}).mid == 27
    assert ev("round(x, 1) + trunc(y, 0)", x="1.25", y="2.9").mid == D("3.3")


def test_comparisons_and_logic():
    assert ev("a <= b and not a > b", a=1, b=2) is True
    assert ev("a >= 0 or b < 0", a=-1, b=5) is False


@pytest.mark.parametrize("text", [
    "__import__('os').system('id')",
    "realisasi.__class__",
    "open('x')",
    "lambda: 1",
    "a; b",
    "a[__x__]",
    "1 +",
    "'text'",
])
def test_nothing_but_the_grammar_parses(text):
    with pytest.raises(expr.ExprError):
        expr.parse(text)


def test_division_by_zero_is_not_applicable_not_a_crash():
    with pytest.raises(expr.NotApplicable):
        ev("a / b", a=1, b=0)


def val(number, decimals, scale=1):
    n = D(number)
    return Value(cell="X!A1", raw=number, kind="number", number=n * scale, stated=n, decimals=decimals, scale=scale)


@pytest.mark.parametrize("stated,decimals,computed,ok", [
    ("108", 0, "108.857", True),     # truncated
    ("109", 0, "108.857", True),     # rounded
    ("108.86", 2, "108.857", True),
    ("108.85", 2, "108.857", True),  # truncated at 2 decimals
    ("108.8", 1, "108.857", True),   # truncated at 1 decimal
    ("107", 0, "108.857", False),
    ("100", 0, "108.108", False),
    ("400", 0, "500", False),
])
def test_equal_at_the_stated_precision_rounded_or_truncated(stated, decimals, computed, ok):
    assert judge(val(stated, decimals), Approx.exact(D(computed))).ok is ok


def test_scale_from_the_header_counts():
    """7.592.226 in a '(000)' column stands for 7.592.225.500 … 7.592.226.500 rupiah."""
    thousands = val("7592226", 0, 1000)
    assert judge(thousands, Approx.exact(D("7592226400"))).ok
    assert not judge(thousands, Approx.exact(D("7592227600"))).ok
    assert same(thousands, val("7592226000", 0)).ok
    assert not same(val("7952226000", 0), thousands).ok


def test_sum_of_rounded_parts_carries_their_rounding():
    parts = [Approx.of(val("0.33", 2)) for _ in range(3)]
    total = parts[0] + parts[1] + parts[2]
    assert judge(val("1.00", 2), total).ok          # 0.99 ± 0.015 meets 1.00 ± 0.005
    assert not judge(val("1.02", 2), total).ok


GOOD = """
family: uji
title: {id: Uji, en: Test}
rules:
  - id: TST001
    name: uji-satu
    title: {id: Satu, en: One}
    severity: error
    source: PermenPANRB 53/2014
    kind: row_formula
    tables: [capaian_kinerja]
    params: {stated: capaian, expect: realisasi / target * 100}
    message: {id: "{stated} ≠ {expected}", en: "{stated} ≠ {expected}"}
    explain:
      id: {what: a, why: b, example: c, fix: d}
      en: {what: a, why: b, example: c, fix: d}
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "uji.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_a_valid_rule_file_loads(tmp_path):
    (rule,) = load_file(write(tmp_path, GOOD))
    assert rule.id == "TST001" and rule.kind == "row_formula" and rule.line == 5


@pytest.mark.parametrize("change,line,words", [
    (("severity: error", "severity: fatal"), 8, "fatal"),
    (("kind: row_formula", "kind: python"), 10, "python"),
    (("expect: realisasi / target * 100", "expect: __import__('os')"), 12, "tidak dikenal"),
    (("tables: [capaian_kinerja]", "tables: [tabel_rahasia]"), 11, "tabel_rahasia"),
    (("params: {stated: capaian, expect: realisasi / target * 100}", "params: {stated: capaian}"), 12, "params"),
    (("    name: uji-satu\n", "    name: uji-satu\n    bonus: 1\n"), 5, "bonus"),
])
def test_a_broken_rule_file_names_file_line_and_problem(tmp_path, change, line, words):
    p = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(RuleFileError) as e:
        load_file(p)
    assert e.value.file == str(p) and e.value.line == line and words in e.value.message


def test_builtin_rules_are_valid_unique_and_documented():
    rules = load_rules()
    assert len({r.id for r in rules}) == len(rules) == len({r.name for r in rules})
    families = {r.family for r in rules}
    assert {"revisi-dipa", "pnbp", "capaian", "renstra"} <= families
    for r in rules:
        assert r.source and r.explain["id"]["example"] and r.explain["en"]["fix"], r.id


def test_duplicate_rule_id_across_packs_is_refused(tmp_path):
    write(tmp_path, GOOD.replace("TST001", "LKP201").replace("uji-satu", "lain"))
    with pytest.raises(RuleFileError) as e:
        load_rules((str(tmp_path),))
    assert "LKP201" in str(e.value)


@pytest.mark.parametrize("stated,computed", [("99", "100"), ("108", "109"), ("-54", "-55")])
def test_truncation_interval_is_open_at_the_next_unit(stated, computed):
    """100 truncates to 100, never to 99: [s, s + 1) excludes s + 1."""
    assert not judge(val(stated, 0), Approx.exact(D(computed))).ok


MONO = GOOD.replace("kind: row_formula", "kind: monotonic").replace("tables: [capaian_kinerja]", "tables: [revisi_dipa]")\
    .replace("params: {stated: capaian, expect: realisasi / target * 100}", "params: {column: tanggal, window: {from: fy-1-12-01, to: fy-12-31}}")
CUMU = GOOD.replace("kind: row_formula", "kind: cumulative").replace("tables: [capaian_kinerja]", "tables: [renstra_capaian]")\
    .replace("params: {stated: capaian, expect: realisasi / target * 100}", "params: {sums: [{total: total_target, of: target}]}")


@pytest.mark.parametrize("text,change,words", [
    (GOOD, ("params: {stated: capaian, expect: realisasi / target * 100}", "params: {assert: realisasi - 1000000}"), "syarat"),
    (GOOD, ("expect: realisasi / target * 100", "expect: realisasi > target"), "angka"),
    (GOOD, ("expect: realisasi / target * 100", "expect: \"abs(realisasi, target)\""), "argumen"),
    (GOOD, ("expect: realisasi / target * 100", "expect: \"round(realisasi, 40)\""), "0–10"),
    (GOOD, ("expect: realisasi / target * 100", "expect: " + "(" * 150 + "1" + ")" * 150), "terlalu dalam"),
    (GOOD, ("expect: realisasi / target * 100", "expect: realisasii / target * 100"), "realisasii"),
    (GOOD, ("stated: capaian", "stated: capaiann"), "capaiann"),
    (MONO, ("to: fy-12-31", "to: fy-13-45"), "to"),
    (CUMU, ("of: target", "of: \"target[*]\""), "of"),
])
def test_rule_files_that_would_fail_at_run_time_are_refused_at_load(tmp_path, text, change, words):
    p = write(tmp_path, text.replace(*change))
    with pytest.raises(RuleFileError) as e:
        load_file(p)
    assert words in e.value.message and e.value.line


def test_valid_variants_load(tmp_path):
    load_file(write(tmp_path, MONO))
    load_file(write(tmp_path, CUMU))


@pytest.mark.parametrize("a,b,same_ik", [
    ("Persentase realisasi anggaran", "Persentase realisasi anggaran PNBP", False),
    ("Produktivitas/efisiensi perusahaan industri hasil kegiatan kolaborasi",
     "1 Produktivitas/e fisiensi perusahaan industri hasil kegiatan kolaborasi", True),
    ("Meningkatnya PNPB layanan jasa industri", "2 Meningkatnya PNBPN layanan Jasa Industri", True),
    ("Rata-rata Indeks Profesionalitas ASN (Indeks)", "Rata-rata indeks profesionalitas ASN", True),
    ("Konsultansi", "Konsultasi", True),
    ("Produktivitas/efisiensi perusahaan industri hasil kegiatan kolaborasi",
     "Produktivitas/efisiensi perusahaan industri yang memanfaatkan teknologi industri melalui jasa konsultasi", False),
    ("Nilai minimal akuntabilitas kinerja", "Nilai minimal laporan keuangan", False),
])
def test_indicator_names_match_despite_typos_but_not_across_different_indicators(a, b, same_ik):
    from lakip_lint.rules.matching import similarity
    assert (similarity(a, b) >= 0.85) is same_ik
