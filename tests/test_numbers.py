"""The number parser, on the seed's own spellings and on generated numbers in both styles."""
from decimal import Decimal

import pytest

from hypothesis import given, strategies as st

from lakip_lint.read.numbers import clean_float, parse_counted, parse_number
from lakip_lint.outputs.lang import message


def test_indonesian_and_english_styles():
    assert parse_number("7.592.226").value == Decimal("7592226")
    assert parse_number("92,5").value == Decimal("92.5")
    assert parse_number("84,31 (Persen)").value == Decimal("84.31")
    assert parse_number("84,31 (Persen)").unit == "persen"
    assert parse_number("Rp. 7.680.590.000,-").value == Decimal("7680590000")
    assert parse_number("Rp. 7,680,058,359,-").value == Decimal("7680058359")
    assert parse_number("3,81").value == Decimal("3.81")
    assert parse_number("84.31").value == Decimal("84.31")
    assert parse_number("2.205,3").value == Decimal("2205.3")
    assert parse_number("108 %").value == Decimal("108") and parse_number("108 %").percent_sign
    assert parse_number("1.812, 71").value == Decimal("1812.71")       # a space typed inside
    assert parse_number("1.892.191.").value == Decimal("1892191")      # trailing dot typo
    assert parse_number("3,81 Indeks").unit == "indeks"


def test_what_a_target_counts_is_its_unit():
    # the words a target or realisation cell writes after its figure (a BSN report: `313 SNI`,
    # `4 skema`, `3.76 skor`, `140 kemampuan pengukuran`)
    assert parse_counted("313 SNI").value == Decimal("313") and parse_counted("313 SNI").unit == "sni"
    assert parse_counted("3.76 skor").value == Decimal("3.76")
    for text in ("313 SNI", "140 kemampuan pengukuran", "3 Bulan", "2 Layanan"):    # alone, a text: a header
        assert parse_number(text).kind == "text", text                              # `3 Bulan` stays one
    counted = parse_counted("140 kemampuan pengukuran")                  # in a column of figures
    assert counted.value == Decimal("140") and counted.unit == "kemampuan pengukuran"
    assert parse_counted("1359 LPK terakreditasi").value == Decimal("1359")
    assert parse_counted("1.359 LPK terakreditasi").kind == "ambiguous"      # the column settles it, as for any figure
    for text in ("5 juta", "2,5 M", "3 dari 4", "12 s/d 15", "7 kali dalam setahun lagi", "Rp 5 ribu",
                 "satu dua", "SK1 Meningkatnya", "31 Maret", "28 Februari", "10 hari kerja", "3 bulan",
                 "800 Milyard", "1,2 Trilyun", "5 ratus", "2 K", "3 Jt-an", "10 USD", "5 Dolar"):
        assert parse_counted(text).kind not in ("number", "ambiguous"), text
    assert parse_counted("92,5").value == Decimal("92.5")                 # what parse_number reads, unchanged


def test_special_values():
    assert parse_number("-").kind == "dash"
    assert parse_number("N/A").kind == "na"
    assert parse_number("").kind == "empty"
    assert parse_number("70,6% 8").kind == "text"
    assert parse_number("TA. 2022 belum merupakan satker").kind == "text"


def test_single_separator_with_three_digits_keeps_both_readings():
    p = parse_number("7.260%")
    assert p.kind == "ambiguous"
    assert [r.value for r in p.readings] == [Decimal("7260"), Decimal("7.260")]
    p = parse_number("16,896")
    assert p.kind == "ambiguous" and p.ambiguous_sep == ","
    assert parse_number("0,125").kind == "number"     # a leading zero cannot be a thousands group


def test_excel_float_noise_is_cleaned():
    assert clean_float(88 / 80 * 100) == Decimal("110")
    assert clean_float(0.1 + 0.2) == Decimal("0.3")


def _id_style(n: int, frac: str) -> str:
    s = f"{n:,}".replace(",", ".")
    return s + ("," + frac if frac else "")


def _en_style(n: int, frac: str) -> str:
    return f"{n:,}" + ("." + frac if frac else "")


@given(st.integers(min_value=0, max_value=10**13), st.sampled_from(["", "5", "25", "99"]))
def test_roundtrip_both_styles(n, frac):
    expected = Decimal(f"{n}.{frac}") if frac else Decimal(n)
    for text in (_id_style(n, frac), _en_style(n, frac)):
        p = parse_number(text)
        if p.kind == "ambiguous":
            assert expected in [r.value for r in p.readings]
        else:
            assert p.kind == "number", text
            assert p.value == expected, text
            assert p.decimals == len(frac)


@given(st.integers(min_value=1000, max_value=10**12))
def test_multi_group_numbers_are_never_ambiguous(n):
    if n >= 1_000_000:
        assert parse_number(_id_style(n, "")).kind == "number"
        assert parse_number(_en_style(n, "")).kind == "number"


def test_an_index_written_with_a_dot_is_read_as_an_index_not_thousands(tmp_path):
    """`3.125` in an IKM column of whole numbers elsewhere: an index stays ≤ 100, so 3,125."""
    from workbooks import write
    from lakip_lint.read import read_report
    rows = [["No", "Unsur Pelayanan", "Nilai Indeks", "Mutu Pelayanan"],
            ["1", "Persyaratan", "3", "B"], ["2", "Prosedur", "3.125", "B"], ["3", "Waktu", "4", "A"]]
    p = write(tmp_path / "ikm.xlsx", {"Tabel 21": rows}, {"Tabel 21": "Tabel 21 Mutu Pelayanan"})
    (t,) = [t for t in read_report(str(p)).tables if t.kind == "ikm_unsur"]
    v = t.rows[1].values["nilai"]
    assert str(v.number) == "3.125" and "indeks" in (v.resolved_by or "")


def test_ambiguous_parts_are_settled_by_the_total_the_table_states():
    """`7.260` and `1.500` stay ambiguous when the column's other cells contradict each
    other; the Total row settles them: only 7260 + 1500 + 40 = 8800."""
    from lakip_lint.model import Column, Row, Table
    from lakip_lint.read.grid import RawCell
    from lakip_lint.read.values import make_value, resolve_by_total
    t = Table(kind="sertifikat_per_jenis", sheet="S", ref="S!A1:B5", caption=None, number=None,
              columns=[Column(name="n", header=["n"], cell="S!B1", type="count")])
    items = []
    for i, raw in enumerate(["7.260", "1.500", "40"], start=2):
        v, p = make_value(RawCell(value=raw), f"S!B{i}", "count")
        t.rows.append(Row(index=i, sheet_row=i, kind="data", values={"n": v}))
        items.append((v, p))
    total, _ = make_value(RawCell(value="8800"), "S!B5", "count")
    t.rows.append(Row(index=5, sheet_row=5, kind="total", values={"n": total}))
    left = [v for v, _ in items if v.kind == "ambiguous"]
    assert len(left) == 2
    assert resolve_by_total(t, "n", items, left, "count", 1) == []
    assert [str(v.number) for v, _ in items] == ["7260", "1500", "40"]
    total.number = total.stated = __import__("decimal").Decimal("48.76")        # 7,26 + 1,5 + 40
    again = [make_value(RawCell(value=raw), "S!B9", "count") for raw in ("7.260", "1.500")]
    for (v, p), row in zip(again, t.rows):
        row.values["n"] = v
    items2 = again + [items[2]]
    assert resolve_by_total(t, "n", items2, [v for v, _ in again], "count", 1) == []
    assert [str(v.number) for v, _ in again] == ["7.260", "1.500"]


@pytest.mark.parametrize("text,kind,values", [
    ("Rp 12.345.678,901,-", "ambiguous", ["12345678901", "12345678.901"]),   # a comma typed for a dot: not silent
    ("(1.250,00)", "number", ["-1250.00"]),
    ("(12.5)", "number", ["-12.5"]),
    ("(12,5%)", "number", ["-12.5"]),
    ("Rp.0,-", "number", ["0"]),
    ("4 (empat)", "number", ["4"]),
    ("Rp 1.000.000 (satu juta rupiah)", "number", ["1000000"]),
    ("1.234.500.000,00", "number", ["1234500000.00"]),
    ("1.234.500,", "number", ["1234500"]),
    ("92,5 persen", "number", ["92.5"]),
    ("1.250,-", "number", ["1250"]),          # the closing mark is the decimal one: the dot groups
    ("1,250.-", "number", ["1250"]),
    ("2 perkara", "number", ["2"]),           # a count with its unit word
])
def test_numbers_as_other_units_write_them(text, kind, values):
    from lakip_lint.read.numbers import parse_number
    p = parse_number(text)
    assert p.kind == kind and [str(r.value) for r in p.readings] == values


def test_terbilang_reads_indonesian_amounts_in_words():
    from lakip_lint.read.numbers import terbilang
    assert terbilang("tujuh miliar enam ratus delapan puluh juta lima ratus sembilan puluh ribu rupiah") == \
        Decimal("7680590000")
    assert terbilang("seribu lima ratus") == Decimal("1500") and terbilang("dua belas") == Decimal("12")
    assert terbilang("Persen") is None or terbilang("Persen") == Decimal(0)
    assert terbilang("dan seterusnya") is None


def test_a_figure_that_differs_from_its_words_is_a_finding(tmp_path):
    from workbooks import write
    from lakip_lint.read import read_report
    facts = [("Pagu akhir DIPA", "Rp 7.680.590.000 (tujuh miliar enam ratus delapan puluh juta lima ratus "
              "sembilan puluh ribu rupiah)"),
             ("Realisasi anggaran", "Rp 7.680.058.359 (tujuh miliar enam ratus delapan puluh juta rupiah)")]
    p = write(tmp_path / "f.xlsx", {}, None, facts)
    rep = read_report(str(p))
    bad = [n for n in rep.notices if n.code == "LKP114"]
    assert [n.cell for n in bad] == ["Ikhtisar!B5"], [message(n, "id") for n in rep.notices]
    assert "berarti 7.680.000.000" in message(bad[0], "id")
