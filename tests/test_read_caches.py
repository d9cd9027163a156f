"""What reading remembers so as to be fast (issue 18) answers for the table it is asked
with — the alias table, the scale list, the catalog — and stays bounded however many
tables a long run meets."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import lakip_lint.catalog as catalog_module
from lakip_lint import labels
from lakip_lint.catalog import fact_for, load_catalog


def test_a_label_is_read_with_the_alias_table_it_is_given():
    a = {"reaslisasi": "realisasi"}
    b = {"reaslisasi": "capaian"}
    assert labels.compact("Reaslisasi TW", a) == "realisasitw"
    assert labels.compact("Reaslisasi TW", b) == "capaiantw"
    assert labels.compact("Reaslisasi TW", a) == "realisasitw"
    a["tw"] = "triwulan"                   # the same table, grown
    assert labels.compact("Reaslisasi TW", a) == "realisasitriwulan"
    assert labels.words("Reaslisasi TW", b) == ["capaian", "tw"]
    assert labels.split_header("Pagu (000)", [("000", 1000)], a)[3] == 1000
    assert labels.split_header("Pagu (000)", [("000", 1)], a)[3] == 1
    assert labels.split_header("Pagu (000)", [], a)[0] == "pagu000"


def test_many_tables_in_one_run_each_answer_for_themselves():
    """More distinct alias tables than are remembered (a long watch, a screen with custom
    catalogs), interleaved with the catalog's own: every answer is its own table's, also
    for the catalog's scale list asked about new texts after the remembered tables were
    let go."""
    cat = load_catalog()
    for i in range(3 * labels.MAX_TABLES):
        mine = {"x": f"w{i}"}
        assert labels.compact("X Realisasi", mine) == f"w{i}realisasi"
        assert labels.split_header(f"Pagu Anggaran {i} (000)", cat.scales, cat.aliases)[:4] == (
            f"paguanggaran{i}", None, None, 1000)                  # a text not asked before
        assert labels.compact(f"Realisasi Kegiatan {i}", cat.aliases) == f"realisasikegiatan{i}"
    for i in range(3 * labels.MAX_TABLES):
        assert labels.split_header("Nilai (ribu)", [("ribu", i + 1)], cat.aliases)[3] == i + 1
    for i in range(3 * labels.MAX_TABLES):      # a new scale list and a new alias table in one call
        assert labels.split_header(f"Pagu {i} (ribu)", [("ribu", i + 2)], {f"q{i}": "r"}) == (
            f"pagu{i}", None, None, i + 2, False)


def test_the_catalog_memo_stays_bounded_and_follows_its_tables(monkeypatch):
    cat = dataclasses.replace(load_catalog())
    monkeypatch.setattr(catalog_module, "MEMO_SIZE", 3)
    labels_ = {"a"}
    memo = cat.memo("texts", labels_)
    memo.update(a=1, b=2)
    memo["c"] = 3
    assert cat.memo("texts", labels_) is memo and len(memo) == 3
    memo["d"] = 4                          # one more than it may hold: emptied first
    assert memo == {"d": 4}
    labels_.add("b")                       # a table it answers from has grown: afresh
    assert cat.memo("texts", labels_) == {}
    assert cat.memo("texts", {"a", "b"}) == {}     # another table: afresh
    assert cat.memo("other") == {}         # each space its own


def test_a_copy_of_the_catalog_reads_with_its_own_labels(monkeypatch):
    """A catalog made from another (dataclasses.replace) does not answer from the other's
    memory: without `jumlah`/`total` as sum labels, the Total rows of the sample are no
    totals any more."""
    from collections import Counter

    from lakip_lint import read
    sample = str(Path(__file__).resolve().parent.parent / "samples" / "bspji-pekanbaru-2023.xlsx")
    cat = load_catalog()

    def kinds():
        return Counter(r.kind for t in read.read_report(sample).tables for r in t.rows)
    before = kinds()
    variant = dataclasses.replace(cat, total_labels={**cat.total_labels,
                                                     "sum": cat.total_labels["sum"] - {"jumlah", "total"}})
    monkeypatch.setattr(read, "load_catalog", lambda: variant)
    after = kinds()
    assert before["total"] > after["total"] and after["total"] >= 0
    assert sum(after.values()) == sum(before.values())


def test_a_fact_is_named_under_the_aliases_asked_with():
    """An Ikhtisar label's fact, the fact labels worked out once per kind and alias table."""
    cat = load_catalog()
    kind = cat.kind("ikhtisar")
    assert fact_for("Realisasi seluruh PNBP TA 2023", kind, cat.aliases)["name"] == "realisasi_pnbp"
    assert fact_for("Realisasi Pemasukan", kind, {"pemasukan": "pnbp"})["name"] == "realisasi_pnbp"
    assert fact_for("Realisasi Pemasukan", kind, {}) is None
    assert fact_for("Realisasi Pemasukan", kind, {"pemasukan": "anggaran"})["name"] == "realisasi_anggaran"


def test_reading_puts_the_collector_setting_back(tmp_path, monkeypatch):
    """A read collects cycles less often (read_report) and puts the setting back: after a
    read, after a refused file, after a read that fails inside, and a collector turned
    off stays off."""
    import gc

    from lakip_lint import read
    sample = str(Path(__file__).resolve().parent.parent / "samples" / "bspji-pekanbaru-2023.xlsx")
    before = gc.get_threshold()
    seen = []
    real = read.report_from_book
    monkeypatch.setattr(read, "report_from_book", lambda *a, **k: (seen.append(gc.get_threshold()), real(*a, **k))[1])
    try:
        assert read.read_report(sample).tables
        assert seen[-1][0] == max(before[0], read.READ_GC_THRESHOLD) and gc.get_threshold() == before
        bad = tmp_path / "bad.xlsx"
        bad.write_bytes(b"PK\x03\x04 not a zip")
        assert read.read_report(str(bad)).notices and gc.get_threshold() == before

        def boom(*a, **k):
            raise RuntimeError("inside")
        monkeypatch.setattr(read, "report_from_book", boom)
        with pytest.raises(RuntimeError):
            read.read_report(sample)
        assert gc.get_threshold() == before
        gc.set_threshold(0)
        monkeypatch.setattr(read, "report_from_book", lambda *a, **k: (seen.append(gc.get_threshold()), real(*a, **k))[1])
        read.read_report(sample)
        assert seen[-1][0] == 0 and gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)


def test_the_catalog_memo_keeps_no_long_text():
    """A paragraph is worked out again when met again, not kept between files."""
    cat = dataclasses.replace(load_catalog())
    memo = cat.memo("texts")
    long_text = "realisasi " * (catalog_module.MEMO_TEXT // 10 + 1)
    memo[long_text] = 1
    memo[("a" * catalog_module.MEMO_TEXT, "b")] = 2
    memo["Target"] = 3
    assert memo == {"Target": 3}
