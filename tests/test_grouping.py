"""One mistake, one finding (issue 14): the findings that follow from one wrong cell are
listed under the finding that points at it, and the summary counts mistakes."""
from __future__ import annotations

import pytest

from lakip_lint.check import check_paths

from conftest import PRINTED


@pytest.fixture(scope="module")
def res():
    return check_paths([str(PRINTED)], {}, [], ["LKP4"])


def by_key(res):
    return {f.ident: f for f in res.findings}


def test_the_konsultansi_slip_is_one_primary_with_its_symptoms(res):
    keys = by_key(res)
    primary = keys["LKP223@'Tabel 14'!D10"]
    assert primary.primary is None and primary.severity == "error"
    assert "LKP223@'Tabel 16'!F10" in primary.symptoms            # the same 288.000.000 copied into Tabel 16
    assert "LKP221@'Tabel 14'!D16" in primary.symptoms            # the total it breaks
    assert keys["LKP221@'Tabel 14'!D16"].primary == primary.ident
    assert keys["LKP223@'Tabel 16'!F10"].primary == primary.ident


def test_the_wrong_leaf_of_the_rka_tree_gets_the_primary_finding(res):
    keys = by_key(res)
    leaf = keys["LKP012@'Tabel 32'!D30"]
    assert leaf.severity == "error" and leaf.primary is None
    assert set(leaf.symptoms) >= {"LKP301@'Tabel 32'!D26", "LKP303@'Tabel 32'!E30"}


def test_text_output_lists_symptoms_under_their_primary_and_counts_mistakes(res):
    from lakip_lint.outputs.findings_text import render
    text = render(res, "id")
    lines = text.splitlines()
    assert not any(l.startswith(f"{PRINTED}:'Tabel 14'!D16: LKP221") for l in lines)
    i = next(k for k, l in enumerate(lines) if "'Tabel 14'!D10: LKP223" in l)
    assert any("juga terlihat di:" in l and "'Tabel 14'!D16 (LKP221)" in l for l in lines[i:i + 4])
    errors_all = sum(1 for f in res.findings if f.severity == "error")
    errors_primary = sum(1 for f in res.findings if f.severity == "error" and not f.primary)
    assert errors_primary < errors_all and f"({errors_primary} galat," in lines[-1]


def test_the_konsultansi_primary_names_both_cells_that_write_the_copy(res):
    primary = by_key(res)["LKP223@'Tabel 14'!D10"]
    assert "'Tabel 16'!F10" in primary.related and "'Tabel 35'!F10" in primary.related


def test_json_keeps_every_symptom_with_a_pointer_to_its_primary(res):
    import json
    from lakip_lint.outputs.findings_json import render
    doc = json.loads(render(res, "id"))
    by = {f"{f['code']}@{f.get('cell')}": f for f in doc["findings"]}
    assert by["LKP221@'Tabel 14'!D16"]["primary"] == "LKP223@'Tabel 14'!D10"
    assert "LKP221@'Tabel 14'!D16" in by["LKP223@'Tabel 14'!D10"]["symptoms"]


@pytest.mark.parametrize("sheet,row,first,last,minimum", [("Tabel 31", 29, 2, 12, 8), ("Tabel 32", 44, 2, 4, 2),
                                                           ("Tabel 6", 15, 3, 9, 2)])
def test_a_row_whose_figures_were_deleted_is_one_finding(tmp_path, sheet, row, first, last, minimum):
    """A data row with every figure cleared: each cell a check needed was a blank finding
    of its own (nine for one deleted row of Tabel 31), and a parent sum of the RKA-K/L tree
    that skipped the blank (Tabel 32) and a value required on that row (Tabel 6, LKP420/421)
    were mistakes of their own; now one LKP013 at the row names the cells, and the blanks
    and what they break are listed under it."""
    from openpyxl import load_workbook
    from conftest import ROOT
    wb = load_workbook(ROOT / "samples" / "bspji-pekanbaru-2023-bersih.xlsx")
    ws = wb[sheet]
    cleared = [f"'{sheet}'!{c.coordinate}" for c in ws[row][first:last] if c.value not in (None, "")]
    for c in ws[row][first:last]:
        c.value = None
    path = tmp_path / "baris-hilang.xlsx"
    wb.save(path)
    res = check_paths([str(path)], {}, [], [])          # every rule: a required-value expectation too
    loud = [f for f in res.findings if f.severity in ("error", "warning")]
    primaries = [f for f in loud if not f.primary]
    assert [f.code for f in primaries] == ["LKP013"], [(f.code, f.cell) for f in primaries]
    row = primaries[0]
    named = set(row.related) | {row.cell}
    assert row.cell == cleared[0] and named <= set(cleared) and len(named) >= minimum      # the checked columns
    assert all(f.primary == row.ident for f in loud if f is not row)
    assert len(row.symptoms) >= len(named)


def test_two_rules_failing_at_one_cell_are_one_mistake(res):
    """'Tabel 32'!C6 is off by 5.896.132.000: the parent-children sum (LKP301) and the pagu
    compared with Tabel 6 (LKP202) both fail there, by the same amount — one wrong cell."""
    keys = by_key(res)
    assert keys["LKP202@'Tabel 32'!C6"].primary == "LKP301@'Tabel 32'!C6"
    assert keys["LKP305@'Tabel 32'!D6"].primary == "LKP301@'Tabel 32'!D6"
    assert keys["LKP301@'Tabel 32'!C6"].primary is None


def test_a_check_reading_a_wrong_cell_follows_from_it_even_when_it_reads_fewer(tmp_path):
    """Realisasi Renstra 244,3 written 424,3 ('Tabel 29'!M25): its own capaian formula
    (LKP261, four cells) fails there, and the next column's capaian (LKP262 at N25, three
    cells) fails because it read M25 — a symptom, though it read fewer cells."""
    from openpyxl import load_workbook
    from conftest import ROOT
    wb = load_workbook(ROOT / "samples" / "bspji-pekanbaru-2023-bersih.xlsx")
    assert wb["Tabel 29"]["M25"].value == "244,3"
    wb["Tabel 29"]["M25"].value = "424,3"
    path = tmp_path / "tertukar.xlsx"
    wb.save(path)
    res = check_paths([str(path)], {}, [], [])
    loud = {f.ident: f for f in res.findings if f.severity in ("error", "warning")}
    assert [k for k, f in loud.items() if not f.primary] == ["LKP261@'Tabel 29'!M25"]
    assert loud["LKP262@'Tabel 29'!N25"].primary == "LKP261@'Tabel 29'!M25"


def _cleared(tmp_path, sheet, row, first, last):
    from openpyxl import load_workbook
    from conftest import ROOT
    wb = load_workbook(ROOT / "samples" / "bspji-pekanbaru-2023-bersih.xlsx")
    for c in wb[sheet][row][first:last]:
        c.value = None
    path = tmp_path / "kosong.xlsx"
    wb.save(path)
    return check_paths([str(path)], {}, [], [])


def test_one_blank_and_another_rule_at_that_cell_are_one_mistake(tmp_path):
    """A SAKIP row of Tabel 27 cleared: one blank the checks needed ('Tabel 27'!G10) and a
    value-range expectation failing at the same cell were two primaries; now the blank (it
    says what to do) leads, as grave as the worst."""
    res = _cleared(tmp_path, "Tabel 27", 10, 2, 7)
    loud = [f for f in res.findings if f.severity in ("error", "warning")]
    primaries = [f for f in loud if not f.primary]
    assert [(f.key, f.cell) for f in primaries] == [("rule.blank_cell", "'Tabel 27'!G10")]
    assert primaries[0].severity == max((f.severity for f in loud), key=lambda s: ("info", "warning", "error").index(s))
    assert len(loud) >= 2 and all(f.primary == primaries[0].ident for f in loud if f is not primaries[0])


def test_a_parent_sum_reads_its_blank_children_too(tmp_path):
    """The RKA-K/L parent's check read every child cell, the blank one included — so the
    parent's failure follows from the blank wherever the children sit (a table continued on
    the next sheet too), not only when the blank lies between cells it names."""
    res = _cleared(tmp_path, "Tabel 32", 44, 2, 4)
    parent = next(f for f in res.findings if f.code == "LKP301" and f.cell == "'Tabel 32'!C40")
    assert "'Tabel 32'!C44" in parent.reads and "'Tabel 32'!C44" not in parent.related


def _failed(code, cell, stated, expected, tolerance, related):
    from lakip_lint.findings import Finding
    return Finding(code=code, severity="warning", key=f"rule.{code}", file="x.xlsx", cell=cell, outcome="failed",
                   stated=stated, expected=expected, tolerance=tolerance, related=related)


def test_a_mistake_the_cell_it_read_cannot_explain_is_its_own():
    from lakip_lint.check import sized_codes
    from lakip_lint.grouping import group as grouped
    from lakip_lint.rules import load_rules
    sized = sized_codes(load_rules())       # what `check` passes: sums, copies, products, quotients

    def group(findings):
        grouped(findings, *sized)
    # a BPT report's Tabel 16: the Total realisation 7 883 rupiah under its rows, and the
    # Total's % 98,77 where 98,47 follows from either total: two mistakes, two findings
    total = _failed("LKP321", "A!D14", "19972774009", "19972781892", "0.5", ["A!D10", "A!D13"])
    share = _failed("LKP303", "A!E14", "98.77", "98.46541984295147384035603542", "0.005", ["A!D14", "A!C14"])
    group([total, share])
    assert share.primary is None and total.symptoms == []
    # the same Total's % computed from the wrong total (within a hair of it): that follows from it
    total = _failed("LKP321", "A!D14", "19972774009", "20972774009", "0.5", ["A!D10", "A!D13"])
    share = _failed("LKP303", "A!E14", "98.47", "103.40", "0.005", ["A!D14", "A!C14"])
    group([total, share])
    assert share.primary == "LKP321@A!D14"
    # a part off by 60 000 000 leaves its total off by the same: one mistake
    part = _failed("LKP223", "T!D10", "288000000", "228000000", "0.5", ["U!F10"])
    whole = _failed("LKP221", "T!D16", "556782250", "616782250", "0.5", ["T!D10", "T!D15"])
    group([part, whole])
    assert whole.primary == "LKP223@T!D10"
    # a value 5,7× off can throw a formula such as (1 − IBR / IBT) × 100 anywhere
    ibr = _failed("LKP392", "E!M33", "695233", "3975521.6", "0.5", ["E!I33", "E!D33"])
    eff = _failed("LKP393", "E!N33", "0.2", "82.547", "0.005", ["E!M33", "E!L33"])
    group([ibr, eff])
    assert eff.primary == "LKP392@E!M33"
    # through a difference a small error grows without bound (an IBR 1,6 % off moves
    # (1 − IBR / IBT) × 100 from 8,14 to 6,68): it follows, as before
    ibr = _failed("LKP392", "E!M24", "6399130", "6299130", "0.5", ["E!I24", "E!D24"])
    eff = _failed("LKP393", "E!N24", "8.14", "6.68", "0.005", ["E!M24", "E!L24"])
    eff.params = {"formula": "(1 − ibr / ibt) × 100"}
    group([ibr, eff])
    assert eff.primary == "LKP392@E!M24"
    # a part 500 off cannot make its total 10 000 000 off: two mistakes
    part = _failed("LKP223", "T!D10", "228000500", "228000000", "0.5", ["U!F10"])
    whole = _failed("LKP221", "T!D16", "566782250", "556782750", "0.5", ["T!D10", "T!D15"])
    group([part, whole])
    assert whole.primary is None
    # a capaian 200 where the target mismatch (1 200 for 1 250) gives 105,6 from the other
    target = _failed("LKP242", "C!C3", "1200", "1250", "0.5", ["PK!D3"])
    capaian = _failed("LKP241", "C!E3", "200", "110", "0.005", ["C!D3", "C!C3"])
    capaian.params = {"formula": "realisasi / target × 100"}
    group([target, capaian])
    assert capaian.primary is None


def test_what_grouping_weighs_is_said_by_the_rules_data():
    from lakip_lint.check import sized_codes
    from lakip_lint.rules import load_rules
    sized, by_formula = sized_codes(load_rules())
    assert {"LKP221", "LKP223", "LKP303", "LKP228"} <= sized       # sums, copies, quotients
    assert not {"LKP226", "LKP308", "LKP393", "LKP346"} & sized    # (b − a) / a, p − r, 1 − x, (a + b) / p
    assert "LKP241" in by_formula                                  # a quotient unless minimising
    assert "LKP352" in by_formula                                  # a ratio of two columns, or a change
