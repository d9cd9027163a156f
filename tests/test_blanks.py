"""A value deleted from a cell that a stated relation reads is named, not skipped (issue 14):
a total's part, a capaian's realisasi, a revision's pagu. A row nil everywhere, a year a
row has no figures for, a heading row and what a total row leaves blank stay quiet (the
corrected samples, which have all of these, give nothing)."""
from __future__ import annotations

import shutil

import openpyxl
import pytest

from lakip_lint.check import check_paths

from conftest import ROOT

CLEAN = ROOT / "samples" / "bspji-pekanbaru-2023-bersih.xlsx"


def _without(tmp_path, sheet: str, cell: str):
    path = tmp_path / "kosong.xlsx"
    shutil.copy(CLEAN, path)
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell].value = None
    wb.save(path)
    return path


@pytest.mark.parametrize("sheet,cell,what", [
    ("Tabel 14", "D10", "a part of the PNBP total (Konsultasi 2023)"),
    ("Tabel 1", "E7", "the realisasi a capaian is computed from"),
    ("Tabel 6", "G6", "a revision's pagu the chain reads"),
])
def test_a_deleted_value_is_named(tmp_path, sheet, cell, what):
    res = check_paths([str(_without(tmp_path, sheet, cell))], {}, [], ["LKP4"])
    ref = f"'{sheet}'!{cell}"
    named = [f for f in res.findings if f.cell == ref and f.severity in ("warning", "error")]
    assert named, f"{what}: no finding names {ref}:\n" + "\n".join(
        f"{f.code} {f.cell} {f.message_id[:90]}" for f in res.findings if f.severity != "info")
    assert "kosong" in named[0].message_id


def test_the_corrected_samples_have_no_blank_findings():
    for name in ("bspji-pekanbaru-2023-bersih.xlsx", "bspji-pekanbaru-2023-rapi-bersih.xlsx"):
        res = check_paths([str(ROOT / "samples" / name)], {}, [], ["LKP4"])
        assert [f for f in res.findings if "kosong, padahal" in f.message_id] == []
