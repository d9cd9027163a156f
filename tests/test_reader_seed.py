"""What the reader understands of the seed report, asserted value by value."""
import datetime as dt
from decimal import Decimal

from conftest import table


def test_all_seed_tables_are_found(printed):
    kinds = {t.kind for t in printed.tables}
    numbers = {t.number for t in printed.tables if t.number}
    assert {"1", "4", "5", "6", "7", "8", "9", "11", "13", "14", "15", "16", "17", "18", "19", "20", "21",
            "22", "23", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "35", "36", "37",
            "38"} <= numbers
    assert {"ikhtisar", "renstra_anggaran", "perjanjian_kinerja", "anggaran_per_ik"} <= kinds
    assert printed.fiscal_year == 2023


def test_tabel6_revision_chain(printed):
    t = table(printed, "6")
    assert t.kind == "revisi_dipa"
    assert len(t.data_rows()) == 18
    first = t.rows[0]
    assert first.values["semula_pagu"].number == Decimal("7592226000")
    assert first.values["semula_pagu"].cell == "'Tabel 6'!D5"
    assert first.values["semula_pagu"].scale == 1000
    assert first.values["tanggal"].date == dt.date(2022, 12, 26)       # `26 Des` before January
    assert t.rows[1].values["tanggal"].date == dt.date(2023, 1, 20)
    assert t.rows[10].values["menjadi_blokir"].kind == "dash"
    assert t.rows[15].values["menjadi_pagu"].number == Decimal("7680590000")
    # the header repeated at the page break is not a data row
    assert all(r.values["no"].text.isdigit() for r in t.rows)


def test_tabel1_capaian_7260_percent(printed):
    t = table(printed, "1")
    pnbp = next(r for r in t.rows if "PNPB" in (r.values["indikator"].text or ""))
    v = pnbp.values["capaian"]
    assert v.number == Decimal("7260")
    assert v.alternatives == [Decimal("7260"), Decimal("7.260")]
    assert v.resolved_by
    ikm = next(r for r in t.rows if "Kepuasan" in r.values["indikator"].text)
    assert ikm.values["realisasi"].number == Decimal("3.81")
    assert ikm.values["realisasi"].unit == "indeks"
    pdn = next(r for r in t.rows if "produk dalam negeri" in r.values["indikator"].text)
    assert pdn.values["realisasi"].number == Decimal("84.31")
    # Sasaran carried down to the IK rows below it
    assert pnbp.values["sasaran"].text.startswith("Meningkatnya kemampuan")
    assert pnbp.values["sasaran"].carried_from == "'Tabel 1'!B7"


def test_tabel19_mixed_separators_both_thousands(printed):
    t = table(printed, "19")
    row = t.rows[0]
    assert row.values["pagu_year[2023]"].number == Decimal("760303000")
    assert row.values["pagu_year[2022]"].number == Decimal("737360000")
    total = next(r for r in t.rows if r.kind == "total")
    assert total.values["realisasi_pdn_year[2022]"].number == Decimal("1892191000")


def test_tabel30_ambiguous_thousands_in_komponen_pagu(printed):
    t = table(printed, "30")
    row = next(r for r in t.rows if "terfasilitasi" in (r.values["indikator"].text or ""))
    assert row.values["pagu"].number == Decimal("16896000")


def test_totals_sections_and_hierarchy(printed):
    t14 = table(printed, "14")
    total = [r for r in t14.rows if r.kind == "total"]
    assert len(total) == 1 and total[0].values["pnbp[2023]"].number == Decimal("556782250")
    t25 = table(printed, "25")
    assert [r.kind for r in t25.rows].count("mean") == 1
    assert len(t25.data_rows()) == 16
    t32 = table(printed, "32")
    ro = next(r for r in t32.rows if (r.values["kode"].text or "") == "6077.BAD.001")
    assert ro.level == "ro" and t32.rows[ro.parent].values["kode"].text == "6077.BAD"
    t29 = table(printed, "29")
    assert len(t29.data_rows()) >= 12
    assert any(r.kind == "section" and r.values["program"].text == "SK1" for r in t29.rows)


def test_transposed_pnbp_tables(printed):
    t34 = table(printed, "34")
    y2023 = next(r for r in t34.rows if r.year == 2023)
    assert y2023.values["realisasi"].number == Decimal("616640854")
    assert y2023.values["persen"].number == Decimal("246.66")
    t33 = table(printed, "33")
    assert next(r for r in t33.rows if r.year == 2023).values["pagu"].number == Decimal("7680590000")


def test_ikhtisar_facts(printed):
    f = printed.facts
    assert f["pagu_awal"].number == Decimal("7952226000")
    assert f["pagu_akhir"].number == Decimal("7680590000")
    assert f["jumlah_revisi"].number == Decimal("18")
    assert f["realisasi_anggaran"].number == Decimal("7680058359")
    assert f["persen_pnbp"].number == Decimal("246.66")
    assert f["tanggal_pk"].date == dt.date(2023, 10, 27)
    assert f["total_anggaran_pk"].number == Decimal("7350321000")


def test_real_reading_problems_are_reported(printed):
    codes = [(n.code, n.cell) for n in printed.notices]
    assert ("LKP101", "'Tabel 31'!I33") in codes            # `70,6% 8`
    assert ("LKP006", "'Tabel 11'!I5") in codes             # Triwulan II says Target twice


def test_tidy_sample_reads_native_numbers_formulas_and_dates(tidy):
    t = table(tidy, "14")
    total = next(r for r in t.rows if r.kind == "total")
    assert total.values["pnbp[2022]"].formula.startswith("=SUM(")
    assert total.values["pnbp[2022]"].number == Decimal("120047000")
    assert total.values["pnbp[2023]"].formula is None           # the seed's wrong total stays a constant
    t1 = table(tidy, "1")
    assert next(r for r in t1.rows if r.values["capaian"].number == Decimal("7260"))
    assert table(tidy, "6").rows[0].values["tanggal"].date == dt.date(2022, 12, 26)


def _pk(report, sheet):
    return next(t for t in report.tables if t.kind == "perjanjian_kinerja" and t.sheet == sheet
                and t.caption == "PERJANJIAN KINERJA TAHUN 2023")


def test_pk_indicator_number_and_name_columns(printed, tidy):
    """`Indikator Kinerja` over two columns: the small integers are no_ik, the text is indikator."""
    for report, sheet, (c_no, c_ik) in ((printed, "PK", ("C", "D")), (tidy, "Kinerja", ("D", "E"))):
        t = _pk(report, sheet)
        first = t.rows[0]
        row0 = first.sheet_row
        assert first.values["no_ik"].text == "1"
        assert first.values["no_ik"].cell == f"{sheet}!{c_no}{row0}"
        assert first.values["indikator"].text == "Produktivitas/efisiensi perusahaan industri hasil kegiatan kolaborasi"
        assert first.values["indikator"].cell == f"{sheet}!{c_ik}{row0}"
        assert not any(n.startswith("_") for r in t.rows for n in r.values)
        assert [r.values["no_ik"].text for r in t.rows] == ["1", "1", "1", "2", "3", "4", "1", "1", "1", "1", "1", "2"]
        last = t.rows[-1]
        assert last.values["indikator"].text == "Nilai minimal laporan keuangan"
        assert last.values["indikator"].cell == f"{sheet}!{c_ik}{row0 + 11}"
        # the `Total Anggaran …` line under the printed table is not glued to the last row
        assert last.values["no"].text == "8"
        assert last.values["no"].carried_from == f"{sheet}!{chr(ord(c_no) - 2)}{row0 + 10}"
        assert len(t.rows) == 12
        assert all("Total Anggaran" not in (v.text or "") for r in t.rows for v in r.values.values())


def test_renstra_anggaran_amounts_share_the_stated_scale(printed, tidy):
    """`Total 2021-2024 (000)` states the table's unit: the per-year columns are in it too."""
    for report, sheet, n, cols in ((printed, "'Tabel 29b'", 7, "CDLM"), (tidy, "Renstra", 82, "DEMN")):
        t = table(report, kind="renstra_anggaran")
        row = next(r for r in t.rows if r.sheet_row == n)
        assert row.values["uraian"].text.startswith("1 Produktivitas/e fisiensi perusahaan industri hasil")
        years = [row.values[f"target_renstra[{y}]"] for y in (2021, 2022, 2023, 2024)]
        assert [v.number for v in years] == [Decimal("88490"), Decimal("67620"), Decimal("54120"), Decimal("29560")]
        assert years[0].cell == f"{sheet}!{cols[0]}{n}"
        assert years[3].cell == f"{sheet}!{cols[2]}{n}"
        assert row.values["target_perkin[2021]"].number == Decimal("88490")
        assert row.values["target_perkin[2021]"].cell == f"{sheet}!{cols[1]}{n}"
        total = row.values["total_target_renstra"]
        assert total.cell == f"{sheet}!{cols[3]}{n}"
        assert total.number == Decimal("239790") == sum(v.number for v in years)
        assert {c.scale for c in t.columns if c.type == "amount"} == {1000}
        assert t.column("persen").scale == 1


def test_tabel29b_last_page_lines_up_with_its_header(printed, tidy):
    """The last page's repeated header no longer carries an extra column (source corrected)."""
    for report, sheet, cols in ((printed, "'Tabel 29b'", "BCMOP"), (tidy, "Renstra", "CDNPQ")):
        t = table(report, kind="renstra_anggaran")
        row = next(r for r in t.rows if (r.values["uraian"].text or "") == "1 Nilai minimal indeks layanan publik")
        n = row.sheet_row
        assert row.values["uraian"].cell == f"{sheet}!{cols[0]}{n}"
        v = row.values["target_renstra[2021]"]
        assert (v.number, v.cell) == (Decimal("1720680"), f"{sheet}!{cols[1]}{n}")
        v = row.values["total_target_renstra"]
        assert (v.number, v.cell) == (Decimal("8672030"), f"{sheet}!{cols[2]}{n}")
        v = row.values["total_realisasi"]
        assert (v.number, v.cell) == (Decimal("6293250"), f"{sheet}!{cols[3]}{n}")
        v = row.values["persen"]
        assert (v.number, v.cell) == (Decimal("99.53"), f"{sheet}!{cols[4]}{n}")
        keu = next(r for r in t.rows if (r.values["uraian"].text or "") == "2 Nilai minimal laporan keuangan")
        assert keu.values["total_realisasi"].number == Decimal("32850")
        assert not any(name.startswith("_") or name == "no_ik" for r in t.rows[-6:] for name in r.values)


def test_tabel38_first_page_header_over_its_data(printed, tidy):
    """IBT/IBR/Efisiensi of the first page sit over their data (source corrected)."""
    for report, sheet, n in ((printed, "'Tabel 38'", 9), (tidy, "Renstra", 117)):
        t = table(report, kind="efisiensi")
        row = next(r for r in t.rows if r.sheet_row == n)
        assert row.values["uraian"].text.startswith("1 Produktivitas/efisiensi perusahaan industri hasil")
        got = {k: (row.values[k].number if row.values[k].kind == "number" else row.values[k].text, row.values[k].cell)
               for k in ("efisiensi_kategori", "ibt", "ibr", "efisiensi", "efisiensi_iku")}
        assert got == {"efisiensi_kategori": ("Efisien", f"{sheet}!J{n}"), "ibt": (Decimal("3237200"), f"{sheet}!K{n}"),
                       "ibr": (Decimal("1294813"), f"{sheet}!L{n}"), "efisiensi": (Decimal("60.00"), f"{sheet}!M{n}"),
                       "efisiensi_iku": (Decimal("60.00"), f"{sheet}!N{n}")}
        assert not any(k.startswith("_") for k in row.values)
    codes = [(x.code, x.cell) for x in printed.notices if x.code == "LKP006"]
    assert codes == [("LKP006", "'Tabel 11'!I5")]          # the real Target/Target defect stays


def test_tabel38_rata_rata_row_is_a_mean_row_with_its_values_in_place(printed, tidy):
    for report, sheet, n in ((printed, "'Tabel 38'", 35), (tidy, "Renstra", 141)):
        t = table(report, kind="efisiensi")
        row = t.rows[-1]
        assert row.sheet_row == n
        assert row.kind == "mean"
        assert row.label == "%Rata-rata Capaian Kinerja"
        assert row.values["uraian"].text == "%Rata-rata Capaian Kinerja"
        assert row.values["uraian"].cell == f"{sheet}!D{n}"          # the label's own cell
        assert row.values["target"].kind == "empty" and row.values["realisasi"].kind == "empty"
        got = {k: (v.number if v.kind == "number" else v.text, v.cell) for k, v in row.values.items()
               if v.kind != "empty"}
        assert got == {"uraian": ("%Rata-rata Capaian Kinerja", f"{sheet}!D{n}"),
                       "capaian_rata": (Decimal("829.60"), f"{sheet}!F{n}"),
                       "efektivitas": ("Efektif", f"{sheet}!G{n}"),
                       "anggaran_target": (Decimal("7680590000"), f"{sheet}!H{n}"),
                       "anggaran_realisasi": (Decimal("7680058359"), f"{sheet}!I{n}"),
                       "anggaran_persen": (Decimal("99.99"), f"{sheet}!J{n}"),
                       "efisiensi_kategori": ("Efisien", f"{sheet}!K{n}")}
        # an indicator whose name starts with Rata-rata is still an item
        asn = next(r for r in t.rows if (r.values["uraian"].text or "").startswith("Rata-rata Indeks Profesionalitas"))
        assert asn.kind == "data" and asn.values["target"].number == Decimal("73")
    pk = _pk(printed, "PK")
    assert all(r.kind == "data" for r in pk.rows)


def test_a_header_repeated_on_a_page_is_mapped_once(monkeypatch):
    """A page's repeated header is asked about twice (does another table start there? then
    read on under it): the second answer is the first one remembered, not a second search."""
    from collections import Counter
    from pathlib import Path

    from lakip_lint.read import pages, read_report
    tried = Counter()
    real = pages.map_header

    def counting(view, top, bottom, c_min, c_max, kind, cat):
        tried[(id(view), top, bottom, c_min, c_max, kind.kind)] += 1
        return real(view, top, bottom, c_min, c_max, kind, cat)

    monkeypatch.setattr(pages, "map_header", counting)
    report = read_report(str(Path(__file__).resolve().parent.parent / "samples" / "bspji-pekanbaru-2023.xlsx"))
    assert tried, "no header was mapped again after a page break"
    assert max(tried.values()) == 1, [k[1:] for k, n in tried.items() if n > 1][:5]
    assert len(table(report, "6").data_rows()) == 18      # and the table still reads through the break


def test_numbered_rows_belong_to_the_item_above(printed):
    """Tabel 37 numbers its services (1, 2, …) and lists unnumbered lines under some: each
    line's parent is the numbered row above it; working the tree out again (as after a
    join) gives the same."""
    from lakip_lint.catalog import load_catalog
    from lakip_lint.read.rows import relink
    t = table(printed, "37")
    tree = [(r.level, r.parent) for r in t.rows[:8]]
    assert tree == [("item", None), ("item", None), ("sub", 1), ("sub", 1), ("item", None), ("sub", 4),
                    ("sub", 4), ("item", None)]
    before = [(r.level, r.parent) for r in t.rows]
    relink(load_catalog().kind(t.kind), t)
    assert [(r.level, r.parent) for r in t.rows] == before
