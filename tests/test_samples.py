"""The two samples say the same; JSON output follows its schema; the template round-trips."""
import json

import jsonschema
from click.testing import CliRunner

from conftest import PRINTED, ROOT, TIDY
from lakip_lint.cli import main


def _facts(report):
    out, seen = {}, {}
    for t in report.tables:
        key = t.number or f"{t.kind}#{seen.setdefault(t.kind, 0)}"
        if not t.number:
            seen[t.kind] += 1
        for row in t.rows:
            for name, v in row.values.items():
                if not name.startswith("_") and v.kind in ("number", "date"):
                    out[(t.kind, key, row.index, name)] = v.number if v.kind == "number" else v.date
    for k, v in report.facts.items():
        out[("fact", k)] = v.number if v.number is not None else (v.date or v.text)
    return out


def test_printed_and_tidy_samples_yield_the_same_facts(printed, tidy):
    a, b = _facts(printed), _facts(tidy)
    assert len(a) > 2000
    assert a == b


def test_extract_json_validates_against_schema():
    res = CliRunner().invoke(main, ["extract", str(PRINTED), "--format", "json"])
    data = json.loads(res.output)
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["fiscal_year"] == 2023
    assert res.exit_code == 1      # the seed has unreadable cells (`70,6% 8`): reported


def test_extract_text_names_cells_in_both_languages():
    res = CliRunner().invoke(main, ["extract", str(TIDY), "--lang", "en"])
    assert "revisi_dipa" in res.output and "Anggaran!" in res.output
    assert "reading notices" in res.output


def test_template_round_trips(tmp_path):
    from lakip_lint.catalog import load_catalog
    from lakip_lint.read import read_report
    out = tmp_path / "templat.xlsx"
    res = CliRunner().invoke(main, ["template", str(out)])
    assert res.exit_code == 0
    report = read_report(str(out))
    assert {t.kind for t in report.tables} == {k.kind for k in load_catalog().kinds}
    assert all(len(t.rows) == 0 for t in report.tables)
    assert report.notices == []


def test_reading_never_modifies_the_input():
    import hashlib
    before = hashlib.sha256(PRINTED.read_bytes()).hexdigest()
    CliRunner().invoke(main, ["extract", str(PRINTED)])
    assert hashlib.sha256(PRINTED.read_bytes()).hexdigest() == before


def test_sample_build_is_reproducible(tmp_path):
    import hashlib
    import shutil
    import subprocess
    import sys
    work = tmp_path / "samples"
    shutil.copytree(ROOT / "samples", work)
    subprocess.run([sys.executable, str(work / "build_samples.py")], check=True, capture_output=True)
    for name in SAMPLES:
        assert hashlib.sha256((work / name).read_bytes()).digest() == hashlib.sha256((ROOT / "samples" / name).read_bytes()).digest()


SAMPLES = ("bspji-pekanbaru-2023.xlsx", "bspji-pekanbaru-2023-rapi.xlsx",
           "bspji-pekanbaru-2023-bersih.xlsx", "bspji-pekanbaru-2023-rapi-bersih.xlsx")
CLEAN = ("bspji-pekanbaru-2023-bersih.xlsx", "bspji-pekanbaru-2023-rapi-bersih.xlsx")


def _builder():
    import importlib.util
    spec = importlib.util.spec_from_file_location("build_samples", ROOT / "samples" / "build_samples.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _cell(path, ref):
    import openpyxl
    sheet, addr = ref.rsplit("!", 1)
    sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
    return openpyxl.load_workbook(path, read_only=True)[sheet][addr].value


def test_every_correction_applies_and_shows_at_its_printed_cell():
    b = _builder()
    corrections = b.load_corrections()
    assert len(corrections) >= 20
    index, _tables = b.load_sources()
    b.apply_corrections(index, b.IKHTISAR, corrections)     # stops (SystemExit) if a `from` drifted
    for c in corrections:
        assert c["from"] != c["to"] and c["why"] and c["printed"]
        assert c["rule"] is None or c["rule"].startswith("LKP")
        # an empty text is a blank cell (a row moved: Tabel 7 item 6 and its sub-row)
        assert (_cell(ROOT / "samples" / "bspji-pekanbaru-2023.xlsx", c["printed"]) or "") == c["from"]
        assert (_cell(ROOT / "samples" / "bspji-pekanbaru-2023-bersih.xlsx", c["printed"]) or "") == c["to"]


def test_a_drifted_correction_stops_the_build():
    import pytest
    b = _builder()
    index, _tables = b.load_sources()
    bad = dict(b.load_corrections()[0], **{"from": "Rp. 1,-"})
    with pytest.raises(SystemExit):
        b.apply_corrections(index, b.IKHTISAR, [bad])


def _findings(name, *args):
    res = CliRunner().invoke(main, ["check", str(ROOT / "samples" / name), "--format", "json", *args])
    return res.exit_code, json.loads(res.output)["findings"]


def test_printed_and_tidy_samples_give_the_same_findings():
    from collections import Counter
    # LKP503 (formula audit) reads formulas and cell types: only the tidy copy has them
    # (the printed copy is all text and says the check could not run)
    def key(f):
        return (f["code"], str(f.get("stated")), str(f.get("expected")))
    for printed_name, tidy_name in (SAMPLES[0:2], SAMPLES[2:4]):
        a = [f for f in _findings(printed_name)[1] if f["code"] != "LKP503"]
        b = [f for f in _findings(tidy_name)[1] if f["code"] != "LKP503"]
        assert Counter(f["code"] for f in a) == Counter(f["code"] for f in b)
        assert sorted(map(key, a)) == sorted(map(key, b))


def test_clean_samples_have_no_warnings_or_errors():
    for name in CLEAN:
        assert (ROOT / "samples" / name).exists()
        code, findings = _findings(name, "--fail-on", "warning")
        assert [f for f in findings if f["severity"] in ("warning", "error")] == []
        assert code == 0


def test_tidy_sample_keeps_codes_as_text():
    import openpyxl
    ws = openpyxl.load_workbook(TIDY, read_only=True)["Anggaran"]
    codes = {row[0] for row in ws.iter_rows(values_only=True) if row and isinstance(row[0], str)}
    assert {"051", "001", "6077", "6042"} <= codes
