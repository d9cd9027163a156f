"""Hostile rule files: a rule pack from a shared folder runs no code, cannot hang, crash or
exhaust the run, and is refused at load with `file:line` and exit 2.

Each case is one attack found by trying (issue 12). Cases that would hang without the
defence run in a child process with a generous timeout, so a regression fails instead of
stalling the suite (the timeout is a guard, not a speed target).
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from conftest import PRINTED
from lakip_lint.outputs.lang import message

RULE = """\
family: uji
title: {{id: Uji, en: Test}}
rules:
  - id: LKP9{n:02d}
    name: uji-{n}
    title: {{id: Uji, en: Test}}
    severity: error
    source: uji
    kind: {kind}
    tables: [{table}]
    params:
{params}
    message: {{id: "{{row}} salah", en: "{{row}} wrong"}}
    explain:
      id: {{what: a, why: b, example: c, fix: d}}
      en: {{what: a, why: b, example: c, fix: d}}
"""


def rule_text(params: str, kind: str = "expectation", table: str = "ikm_unsur", n: int = 1) -> str:
    return RULE.format(n=n, kind=kind, table=table, params=textwrap.indent(textwrap.dedent(params).strip(), " " * 6))


def write_pack(tmp_path, text: str, name: str = "uji.yaml"):
    d = tmp_path / "pack"
    d.mkdir(exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")
    return d


def run_cli(args, cwd, timeout=120):
    return subprocess.run([sys.executable, "-m", "lakip_lint.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def load(d):
    from lakip_lint.rules.loader import _load, load_rules
    _load.cache_clear()
    return load_rules((str(d),))


def refused(d, *words):
    from lakip_lint.rules import RuleFileError
    with pytest.raises(RuleFileError) as e:
        load(d)
    msg = str(e.value)
    for w in words:
        assert w in msg, msg
    return e.value


def test_a_valid_expectation_rule_loads(tmp_path):
    d = write_pack(tmp_path, rule_text("""
        expectation: ExpectColumnValuesToBeBetween
        kwargs: {column: nilai, min_value: 1, max_value: 4}
    """))
    assert any(r.id == "LKP901" for r in load(d))


@pytest.mark.parametrize("extra", [
    "row_condition: \"@pd.io.common.os.system('id > pwned.txt') == 0\", condition_parser: pandas",
    "row_condition: 'nilai > 0'",
    "condition_parser: great_expectations",
    "mostly: 0.5",
    "result_format: COMPLETE",
    "meta: {x: 1}",
])
def test_expectation_arguments_outside_the_declared_ones_are_refused_at_load(tmp_path, extra):
    d = write_pack(tmp_path, rule_text(f"""
        expectation: ExpectColumnValuesToBeBetween
        kwargs: {{column: nilai, min_value: 1, max_value: 4, {extra}}}
    """))
    err = refused(d, "uji.yaml:", "kwargs", "not allowed")
    assert err.line is not None


def test_row_condition_through_the_cli_exits_2_and_runs_nothing(tmp_path):
    marker = tmp_path / "pwned.txt"
    d = write_pack(tmp_path, rule_text(f"""
        expectation: ExpectColumnValuesToBeBetween
        kwargs: {{column: nilai, min_value: 1, max_value: 4,
                  row_condition: "@pd.io.common.os.system('id > {marker}') == 0", condition_parser: pandas}}
    """))
    r = run_cli(["check", "--rules", str(d), str(PRINTED)], cwd=tmp_path)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "uji.yaml:" in r.stderr and "row_condition" in r.stderr
    assert "Traceback" not in r.stderr
    assert not marker.exists()


def test_unknown_expectation_class_is_refused_at_load(tmp_path):
    d = write_pack(tmp_path, rule_text("""
        expectation: ExpectColumnValuesToBeFancy
        kwargs: {column: nilai}
    """))
    refused(d, "uji.yaml:", "ExpectColumnValuesToBeFancy")


def test_row_condition_never_reaches_pandas_even_from_a_rule_built_in_code(printed, monkeypatch):
    """Defence in depth: a Rule that bypasses the loader is still refused before GX."""
    import pandas as pd

    from lakip_lint.rules import run_rules
    from lakip_lint.rules.model import Rule
    calls = []
    monkeypatch.setattr(pd.DataFrame, "query", lambda self, *a, **k: calls.append(a) or self)
    monkeypatch.setattr(pd.DataFrame, "eval", lambda self, *a, **k: calls.append(a) or self)
    rule = Rule(id="LKP999", name="jahat", title={"id": "x", "en": "x"}, severity="error", source="x",
                kind="expectation", tables=["ikm_unsur"],
                params={"expectation": "ExpectColumnValuesToBeBetween",
                        "kwargs": {"column": "nilai", "min_value": 1, "max_value": 4,
                                   "row_condition": "nilai > 0", "condition_parser": "pandas"}},
                message={"id": "{row}", "en": "{row}"}, explain={}, family="x", file="x.yaml", line=1)
    findings = run_rules(printed, [rule])
    assert calls == []
    assert findings and all(f.code == "LKP999" and f.severity == "info" for f in findings)
    assert any("tidak diizinkan" in message(f, "id") for f in findings), [message(f, "id") for f in findings]


@pytest.mark.parametrize("pattern", [r"(a)\1", r"(?<=x)y", r"(?=a)", "a" * 600])
def test_patterns_the_linear_engine_cannot_run_are_refused_at_load(tmp_path, pattern):
    d = write_pack(tmp_path, rule_text(f"""
        expectation: ExpectColumnValuesToMatchRegex
        kwargs: {{column: kode, regex: '{pattern}'}}
    """, table="anggaran_rkakl"))
    refused(d, "uji.yaml:")


def test_backref_in_a_place_match_is_refused_at_load(tmp_path):
    d = write_pack(tmp_path, rule_text("""
        inputs:
          m: {table: ikm_unsur, row: data, column: nilai, aggregate: mean}
        expect: m
        places:
          - {table: capaian_kinerja, row: {match: {indikator: '(a)\\1'}}, column: realisasi}
    """, kind="cross_table", table="ikm_unsur, capaian_kinerja"))
    refused(d, "uji.yaml:", "RE2")


CATASTROPHIC = r"(\S*\s?)*!"


def test_catastrophic_pattern_runs_in_linear_time():
    """`(\\S*\\s?)*!` backtracks forever in Python's re; RE2 answers at once."""
    code = textwrap.dedent(f"""
        from lakip_lint.rules import patterns
        assert not patterns.search({CATASTROPHIC!r}, "a " * 20000 + "a" * 5000)
        print("ok")
    """)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "ok" in r.stdout, r.stderr


def test_catastrophic_regex_expectation_on_a_long_cell_ends(tmp_path):
    """The regex expectation is evaluated by RE2, never by GX's backtracking pandas path."""
    from lakip_lint.rules import gx
    from lakip_lint.rules.gx import Spec
    import json
    kwargs = json.dumps({"column": "kode", "regex": CATASTROPHIC})
    code = textwrap.dedent(f"""
        import pandas as pd
        from lakip_lint.rules import gx
        frame = gx.Frame(pd.DataFrame({{"kode": ["a " * 20000, "019.07.WA", None]}}), [None, None, None], {{}}, {{}})
        spec = gx.Spec("ExpectColumnValuesToMatchRegex", {kwargs!r})
        print(sorted(gx._regex_unexpected(frame, spec)))
    """)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[0, 1]"
    assert gx.declared_problem(Spec("ExpectColumnValuesToMatchRegex", '{"column": "kode", "regex": "x"}')) is None


def test_yaml_alias_bomb_is_refused_without_expanding(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    bomb = "\n".join(lines) + "\n" + rule_text("""
        expectation: ExpectColumnValuesToBeBetween
        kwargs: {column: nilai, min_value: 1, max_value: 4, extra: *a11}
    """)
    d = write_pack(tmp_path, bomb)
    code = f"from lakip_lint.rules.loader import load_rules\nload_rules(({str(d)!r},))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and "anchor/alias" in r.stderr and "uji.yaml:1" in r.stderr


def test_self_referencing_alias_is_refused(tmp_path):
    d = write_pack(tmp_path, "a: &a [*a]\n" + rule_text("""
        expectation: ExpectColumnValuesToNotBeNull
        kwargs: {column: nilai}
    """))
    refused(d, "uji.yaml:1", "anchor/alias")


def test_any_anchor_is_refused(tmp_path):
    d = write_pack(tmp_path, rule_text("""
        expectation: ExpectColumnValuesToNotBeNull
        kwargs: &k {column: nilai}
    """))
    refused(d, "uji.yaml:", "anchor/alias")


@pytest.mark.parametrize("expression", ["-" * 100_000 + "1", "abs(" * 10_000 + "1" + ")" * 10_000,
                                        "-" * 40 + "1", "abs(" * 40 + "1" + ")" * 40, "not " * 40 + "1 < 2"])
def test_huge_or_deep_expressions_are_refused_without_recursion_errors(tmp_path, expression):
    d = write_pack(tmp_path, rule_text(f"""
        stated: capaian
        expect: "{expression}"
    """, kind="row_formula", table="capaian_kinerja"))
    err = refused(d, "uji.yaml:")
    assert "Recursion" not in str(err)


def test_huge_values_inside_kwargs_are_refused(tmp_path):
    d = write_pack(tmp_path, rule_text(f"""
        expectation: ExpectColumnValuesToBeBetween
        kwargs: {{column: nilai, min_value: "{'-' * 100_000}1"}}
    """))
    refused(d, "uji.yaml:")


def test_deep_yaml_nesting_is_refused(tmp_path):
    d = write_pack(tmp_path, rule_text("""
        expectation: ExpectColumnValuesToNotBeNull
        kwargs: {column: nilai}
    """) + "x: " + "[" * 5000 + "]" * 5000 + "\n")
    err = refused(d, "uji.yaml:")
    assert "bersarang" in str(err) or "nesting" in str(err)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_named_like_a_rule_file_is_refused_not_opened(tmp_path):
    d = tmp_path / "pack"
    d.mkdir()
    os.mkfifo(d / "blok.yaml")
    code = f"from lakip_lint.rules.loader import load_rules\nload_rules(({str(d)!r},))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and "bukan berkas biasa" in r.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_behind_a_rule_file_name_is_refused(tmp_path):
    d = tmp_path / "pack"
    d.mkdir()
    os.symlink("/dev/zero", d / "nol.yaml")
    refused(d, "bukan berkas biasa")


def test_a_huge_rule_file_is_refused_before_parsing(tmp_path):
    d = write_pack(tmp_path, "# " + "x" * (2 << 20) + "\n")
    refused(d, "terlalu besar")


def test_too_many_rules_are_refused(tmp_path):
    one = rule_text("""
        expectation: ExpectColumnValuesToNotBeNull
        kwargs: {column: nilai}
    """)
    head, body = one.split("rules:\n", 1)
    rules = "".join(body.replace("LKP901", f"X{i:05d}").replace("uji-1", f"uji-{i}") for i in range(600))
    d = write_pack(tmp_path, head + "rules:\n" + rules)
    refused(d, "lebih dari 500 aturan")


def test_rules_cli_reports_refusal_in_one_line_without_traceback(tmp_path):
    d = write_pack(tmp_path, "a: &a [*a]\n")
    r = run_cli(["rules", "--rules", str(d)], cwd=tmp_path)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and "anchor/alias" in r.stderr


@pytest.mark.parametrize("kwargs,words", [
    ("{column: nilai, column: kode, min_value: 1}", ["ditulis dua kali"]),
    ("{column: nilai, min_value: .inf}", ["tak hingga"]),
    ("{column: nilai, min_value: .nan}", ["tak hingga"]),
    ("{column: nilai, min_value: !!python/object/apply:os.system ['id']}", ["YAML tidak sah"]),
    ("{column: nilai, min_value: 2023-01-01}", ["number"]),
])
def test_duplicate_keys_non_finite_numbers_and_foreign_tags_are_refused(tmp_path, kwargs, words):
    d = write_pack(tmp_path, rule_text(f"""
        expectation: ExpectColumnValuesToBeBetween
        kwargs: {kwargs}
    """))
    refused(d, "uji.yaml:", *words)


def test_an_alias_bomb_in_the_shared_folders_ignore_file_is_refused(tmp_path):
    from lakip_lint import suppress
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    (tmp_path / suppress.IGNORE_FILE).write_text("\n".join(lines) + "\nsuppress: []\n", encoding="utf-8")
    with pytest.raises(suppress.SuppressionError, match="anchor/alias"):
        suppress.load({}, None, tmp_path)


def test_a_window_years_away_from_the_fiscal_year_is_refused_at_load(tmp_path):
    """`fy+8000-01-01` loaded and then stopped the rule with 'year 10023 is out of range'
    (an internal error) on every report; a window date is now at most 100 years away."""
    d = write_pack(tmp_path, rule_text("""
        column: tanggal
        window: {from: fy+8000-01-01, to: fy+8000-12-31}
    """, kind="monotonic", table="revisi_dipa"))
    refused(d, "uji.yaml:", "window.from", "100")
