"""Messages speak the reviewer's words (issue 16): no internal column or fact name of the
catalog (`tw_realisasi[3]`, `target_renstra`, `pagu_akhir`) appears in any rendered message,
in either language, on the four samples and on re-laid compositions of the report."""
from __future__ import annotations

import re

import pytest

import layouts
from conftest import ROOT
from lakip_lint.catalog import load_catalog
from lakip_lint.check import check_one
from lakip_lint.rules import load_rules
from lakip_lint.outputs.lang import message


def internal_names() -> set[str]:
    cat = load_catalog()
    names = {c.name for k in cat.kinds for c in k.columns} | {f["name"] for f in cat.kind("ikhtisar").facts}
    return {n for n in names if "_" in n}


NAMES = internal_names()
PATTERN = re.compile(r"(?<![\w'])(" + "|".join(sorted(map(re.escape, NAMES), key=len, reverse=True)) + r")(?:\[\d+\])?(?![\w])")


def leaks(findings) -> list[tuple[str, str]]:
    out = []
    for f in findings:
        for text in (message(f, "id"), message(f, "en")):
            m = PATTERN.search(text or "")
            if m:
                out.append((f.code, text))
    return out


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.mark.parametrize("name", ["bspji-pekanbaru-2023.xlsx", "bspji-pekanbaru-2023-rapi.xlsx",
                                  "bspji-pekanbaru-2023-bersih.xlsx", "bspji-pekanbaru-2023-rapi-bersih.xlsx"])
def test_no_internal_name_in_the_samples_messages(rules, name):
    _, found, _, _ = check_one(str(ROOT / "samples" / name), rules, {}, {})
    assert len(NAMES) > 50
    assert leaks(found) == []


@pytest.mark.parametrize("variations", [("header_flat", "numbers_english", "totals"),
                                        ("years_down", "code_in_label", "caption_unit"),
                                        ("percent_forms", "sasaran_section", "page_break")])
def test_no_internal_name_in_re_laid_reports(tmp_path, rules, variations):
    built = layouts.build(tmp_path / "dirty.xlsx", layouts.Composition(21, variations), clean=False)
    _, found, _, _ = check_one(str(built.path), rules, {}, {})
    assert leaks(found) == []


def test_the_check_itself_finds_a_leak():
    from lakip_lint.findings import Finding
    f = Finding.of_text("LKP101", "warning", "Nilai '7' di kolom tw_realisasi[3] tidak terbaca", "x", "f.xlsx", None, None)
    assert leaks([f])


def test_no_parameter_object_leaks_into_a_message(tmp_path):
    """Messages of generated reports with injected mistakes (deleted rows included) carry no
    Python repr of a typed parameter — every phrase is put into words (both languages)."""
    import sys
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate_balai import generate, prepare
    finally:
        sys.path.remove(str(ROOT / "bench"))
    generate(30, str(tmp_path / "b"), seed=3, errors=3, dirty=1.0, prep=prepare(), relaid=0)
    rules = load_rules()
    seen, bad = 0, []
    for p in sorted((tmp_path / "b").glob("*.xlsx")):
        _, found, _, _ = check_one(str(p), rules, {}, {})
        for f in found:
            for lang in ("id", "en"):
                text = message(f, lang)
                seen += 1
                if re.search(r"\b(?:Phrase|Number|Words|Listing|RuleText|CellRef)\(|\{[a-z_]+\}", text):
                    bad.append((f.code, text[:200]))
    assert seen > 100 and bad == []
