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
    for name in ("bspji-pekanbaru-2023.xlsx", "bspji-pekanbaru-2023-rapi.xlsx"):
        assert hashlib.sha256((work / name).read_bytes()).digest() == hashlib.sha256((ROOT / "samples" / name).read_bytes()).digest()
