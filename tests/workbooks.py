"""Build small workbooks for rule tests: sheets of text rows as reports print them."""
from __future__ import annotations

from pathlib import Path

import openpyxl

IKHTISAR_HEAD = ["Uraian", "Nilai", "Sumber"]


def write(path: Path, sheets: dict[str, list[list]], captions: dict[str, str] | None = None,
          facts: list[tuple[str, str]] | None = None) -> Path:
    """sheets: name -> rows (first rows are headers). A caption goes above the table.
    facts: (uraian, nilai) rows for an Ikhtisar sheet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if facts:
        ws = wb.create_sheet("Ikhtisar")
        ws.cell(1, 1, "Ikhtisar: fakta utama yang dinyatakan dalam teks laporan")
        for j, h in enumerate(IKHTISAR_HEAD, 1):
            ws.cell(3, j, h)
        for i, (label, value) in enumerate(facts, 4):
            ws.cell(i, 1, label)
            ws.cell(i, 2, value)
            ws.cell(i, 3, "Bab II")
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        r0 = 1
        if captions and name in captions:
            ws.cell(1, 1, captions[name])
            r0 = 3
        for i, row in enumerate(rows):
            for j, v in enumerate(row, 1):
                if v is not None and v != "":
                    ws.cell(r0 + i, j, v)
    wb.save(path)
    return path


CAPAIAN_HEAD = [["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]]


def capaian(rows):
    """Rows of (indikator, target, realisasi, capaian) in a Tabel-1-like table."""
    return CAPAIAN_HEAD + [[str(i), "Sasaran uji", ik, t, r, c] for i, (ik, t, r, c) in enumerate(rows, 1)]


REVISI_HEAD = [
    ["NO", "URAIAN", "TGL", "SEMULA", "", "", "MENJADI", "", ""],
    ["", "", "", "PAGU ANGGARAN (000)", "BLOKIR (000)", "TARGET PNBP (000)",
     "PAGU ANGGARAN (000)", "BLOKIR (000)", "TARGET PNBP (000)"],
]


def revisi(rows):
    """Rows of (tanggal, semula pagu, semula blokir, menjadi pagu, menjadi blokir); target PNBP 250.000."""
    out = [list(r) for r in REVISI_HEAD]
    for i, (tgl, sp, sb, mp, mb) in enumerate(rows, 1):
        out.append([str(i), f"Revisi {i}", tgl, sp, sb, "250.000", mp, mb, "250.000"])
    return out


def pnbp_jenis(rows, years=(2022, 2023), total=None):
    head = [["No", "Jenis JPT", "PNBP (Rp)"] + [""] * (len(years) - 1),
            ["", ""] + [str(y) for y in years]]
    out = head + [[str(i), jenis, *vals] for i, (jenis, *vals) in enumerate(rows, 1)]
    if total is not None:
        out.append(["", "Total", *total])
    return out
