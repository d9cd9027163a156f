"""The seed report's findings, exactly: a golden file per sample, the traps that must stay
silent, and the clean samples that must give nothing at warning level.

Regenerate the golden files after an intended change with
    python tests/test_seed_findings.py --update
and review the diff: every line is a claim about the real report.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SAMPLES = {
    "bspji-pekanbaru-2023.xlsx": "bspji-pekanbaru-2023.txt",
    "bspji-pekanbaru-2023-rapi.xlsx": "bspji-pekanbaru-2023-rapi.txt",
}
CLEAN = ["bspji-pekanbaru-2023-bersih.xlsx", "bspji-pekanbaru-2023-rapi-bersih.xlsx"]


def check(*args: str):
    from lakip_lint.cli import main
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        return CliRunner().invoke(main, ["check", *args])
    finally:
        os.chdir(old)


@pytest.mark.parametrize("sample,golden", sorted(SAMPLES.items()))
def test_seed_findings_match_the_golden_file(sample, golden):
    r = check(f"samples/{sample}")
    assert r.exit_code == 1
    assert r.output == (GOLDEN / golden).read_text(encoding="utf-8")


TEXT_FORMATS = {"github": "bspji-pekanbaru-2023.github.txt", "jsonl": "bspji-pekanbaru-2023.jsonl"}


@pytest.mark.parametrize("fmt,golden", sorted(TEXT_FORMATS.items()))
def test_text_formats_match_their_golden_files(fmt, golden):
    r = check("samples/bspji-pekanbaru-2023.xlsx", "--format", fmt)
    assert r.output == (GOLDEN / golden).read_text(encoding="utf-8")


def test_both_samples_give_the_same_rule_findings():
    import json
    counts = []
    for sample in SAMPLES:
        doc = json.loads(check(f"samples/{sample}", "--format", "json").output)
        # the formula audit (LKP503) reads formulas, which only the tidy workbook has
        counts.append(sorted((f["code"], f.get("expected") or "", f.get("stated") or "") for f in doc["findings"]
                             if f["code"] >= "LKP200" and f["code"] != "LKP503"))
    assert counts[0] == counts[1]


TRAPS = [
    "'Tabel 1'!F8",    # 7.260% = 363 / 5 × 100, thousands dot
    "'Tabel 1'!F10",   # 187% for 187,36 (rounded)
    "'Tabel 1'!F12",   # 108% for 108,86 (truncated)
    "'Tabel 1'!F13",   # 120% for 120,04
    "'Tabel 1'!F14",   # 119% for 119,83 (truncated)
    "'Tabel 1'!F16",   # 100% for 100,83 (truncated)
    "'Tabel 6'!C5",    # revision 1 dated 26 Des of the previous year
    "'Tabel 29'!N23",  # 80,74 for 80,749 (truncated)
    "'Tabel 13'!C6",   # 222,71% of services PNBP, 'Tabel 34'!E6 246,66% of total PNBP: both right
    "'Tabel 34'!E6",
    "Ikhtisar!B9",     # English-style 7,680,058,359 among Indonesian numbers
    "Ikhtisar!B15",    # PK budget 7.350.321.000 = pagu in force on 27 Oktober 2023
]


@pytest.mark.parametrize("cell", TRAPS)
def test_false_positive_traps_stay_silent(cell):
    r = check("samples/bspji-pekanbaru-2023.xlsx")
    assert f":{cell}:" not in r.output


@pytest.mark.parametrize("sample", CLEAN)
def test_clean_samples_are_silent_at_warning_level(sample):
    if not (ROOT / "samples" / sample).exists():
        pytest.fail(f"{sample} missing: run python samples/build_samples.py")
    r = check(f"samples/{sample}", "--fail-on", "warning")
    bad = [l for l in r.output.splitlines() if " error " in l or " warning " in l]
    assert r.exit_code == 0 and bad == []


if __name__ == "__main__" and "--update" in sys.argv:
    for sample, golden in SAMPLES.items():
        (GOLDEN / golden).write_text(check(f"samples/{sample}").output, encoding="utf-8")
        print("wrote", GOLDEN / golden)
    for fmt, golden in TEXT_FORMATS.items():
        (GOLDEN / golden).write_text(check("samples/bspji-pekanbaru-2023.xlsx", "--format", fmt).output,
                                     encoding="utf-8")
        print("wrote", GOLDEN / golden)
