"""Machine-readable finding formats (issue 5): SARIF 2.1.0, JUnit XML, JSON Lines and
GitHub workflow annotations, on the seed sample and on small workbooks built here."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from lakip_lint.check import CheckResult, check_paths
from lakip_lint.cli import main
from lakip_lint.findings import Finding
from lakip_lint.outputs import findings_github, findings_jsonl, findings_junit, findings_sarif

ROOT = Path(__file__).resolve().parent.parent
SEED = "samples/bspji-pekanbaru-2023.xlsx"
SARIF_SCHEMA = ROOT / "schemas" / "sarif-schema-2.1.0.json"
FP = findings_sarif.FINGERPRINT


@pytest.fixture(scope="module")
def seed(request) -> CheckResult:
    # relative path as a user types it; the GX rules (LKP4xx) are slow and add nothing here
    request.getfixturevalue("monkeypatch_module").chdir(ROOT)
    return check_paths([SEED], {}, [], ["LKP4"])


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def sarif_validator():
    from jsonschema.validators import validator_for
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = validator_for(schema)           # the schema declares draft-04
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def assert_valid_sarif(doc: dict) -> None:
    errors = sorted(sarif_validator().iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


# ---------------------------------------------------------------- SARIF

def test_shipped_schema_is_the_official_one():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"] == findings_sarif.SCHEMA_URI
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")


def test_sarif_seed_validates_and_points_at_ikhtisar_b6(seed):
    doc = json.loads(findings_sarif.render(seed, "id"))
    assert_valid_sarif(doc)
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "lakip-lint" and driver["version"]
    rules = driver["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    assert len(run["results"]) == len(seed.findings)

    lkp201 = [r for r in run["results"] if r["ruleId"] == "LKP201"]
    assert lkp201
    res = next(r for r in lkp201
               if r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "Ikhtisar!B6")
    assert res["level"] == "error"
    assert rules[res["ruleIndex"]]["id"] == "LKP201"
    loc = res["locations"][0]
    assert loc["physicalLocation"]["artifactLocation"]["uri"] == SEED
    cell = loc["logicalLocations"][0]
    assert cell["kind"] == "cell" and cell["name"] == "B6"
    assert cell["properties"]["sheet"] == "Ikhtisar" and cell["properties"]["row"] == 6
    assert cell["properties"]["column"] == "B"
    assert [r["logicalLocations"][0]["fullyQualifiedName"] for r in res["relatedLocations"]] == ["'Tabel 6'!D5"]
    assert res["properties"]["expected"] == "7592226000" and res["properties"]["stated"] == "7952226000"
    assert res["properties"]["outcome"] == "failed"
    assert len(res["partialFingerprints"][FP]) == 64

    descriptor = rules[res["ruleIndex"]]
    assert descriptor["name"] == "revisi-berantai"
    assert descriptor["defaultConfiguration"]["level"] == "error"
    assert descriptor["shortDescription"]["text"] and descriptor["help"]["text"]


def test_sarif_levels_not_run_and_unique_fingerprints(seed):
    run = json.loads(findings_sarif.render(seed, "en"))["runs"][0]
    assert run["language"] == "en"
    by_level = {lvl: sum(1 for r in run["results"] if r["level"] == lvl) for lvl in ("error", "warning", "note")}
    assert by_level == {"error": seed.count("error"), "warning": seed.count("warning"), "note": seed.count("info")}
    not_run = [r for r in run["results"] if r.get("properties", {}).get("outcome") == "not_run"]
    assert not_run and all(r["level"] == "note" and r["properties"]["notRun"] for r in not_run)
    fps = [r["partialFingerprints"][FP] for r in run["results"]]
    assert len(set(fps)) == len(fps)
    # every reader notice code that occurs has a descriptor too
    ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in run["results"]} <= ids


def test_sarif_cli_writes_a_valid_file(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "hasil.sarif"
    res = CliRunner().invoke(main, ["check", SEED, "--format", "sarif", "--ignore", "LKP4", "-o", str(out)])
    assert res.exit_code == 1, res.output
    assert_valid_sarif(json.loads(out.read_text(encoding="utf-8")))


# ---------------------------------------------------------------- fingerprints

HEADER = ["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]
ROWS = [[1, "Meningkatnya layanan", "Jumlah layanan jasa industri", 100, 90, 90],
        [2, "Meningkatnya mutu", "Indeks kepuasan pelanggan", 80, 60, 90],      # 75 % stated as 90 %
        [3, "Meningkatnya PNBP", "Pertumbuhan PNBP layanan", 10, 12, 120]]


def capaian_workbook(path: Path, blank_rows_above: int = 0) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tabel 1"
    for r in [HEADER, *ROWS]:
        ws.append(r)
    if blank_rows_above:
        ws.insert_rows(1, blank_rows_above)
        ws["A1"] = "Tabel 1 Capaian Kinerja Tahun 2023"
    wb.save(path)
    return path


def capaian_results(path: Path) -> dict[str, dict]:
    run = json.loads(findings_sarif.render(check_paths([str(path)], {}, ["LKP241"], []), "id"))["runs"][0]
    return {r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]: r for r in run["results"]}


def test_fingerprint_survives_rows_inserted_above(tmp_path):
    before = capaian_results(capaian_workbook(tmp_path / "a.xlsx"))
    after = capaian_results(capaian_workbook(tmp_path / "b.xlsx", blank_rows_above=3))
    assert list(before) == ["'Tabel 1'!F3"], before
    assert list(after) == ["'Tabel 1'!F6"], after
    b, a = before["'Tabel 1'!F3"], after["'Tabel 1'!F6"]
    assert b["ruleId"] == a["ruleId"] == "LKP241"
    assert b["locations"][0]["logicalLocations"][0]["properties"]["row"] == 3
    assert a["locations"][0]["logicalLocations"][0]["properties"]["row"] == 6
    assert b["partialFingerprints"] == a["partialFingerprints"]


def test_fingerprint_recipe():
    f = Finding.of_text("LKP241", "error", "m", "m", "x.xlsx", sheet="Tabel 1", cell="'Tabel 1'!F7", table="Tabel 1",
                row_key="Indeks  kepuasan", column="capaian")
    moved = Finding.of_text("LKP241", "error", "other words", "other", "y.xlsx", sheet="Tabel 1", cell="'Tabel 1'!F9",
                    table="Tabel 1", row_key="indeks kepuasan", column="capaian")
    other_rule = Finding.of_text("LKP242", "error", "m", "m", "x.xlsx", sheet="Tabel 1", cell="'Tabel 1'!F7",
                         table="Tabel 1", row_key="Indeks kepuasan", column="capaian")
    fp = findings_sarif.fingerprints
    assert fp([f]) == fp([moved])                    # row number, file and wording do not count
    assert fp([f]) != fp([other_rule])
    # without a row key the cell is the identity; repeats in one workbook are numbered
    c1 = Finding.of_text("LKP201", "error", "a", "a", "x.xlsx", sheet="Ikhtisar", cell="Ikhtisar!B6")
    c2 = Finding.of_text("LKP201", "error", "a", "a", "x.xlsx", sheet="Ikhtisar", cell="Ikhtisar!B7")
    assert fp([c1]) != fp([c2])
    one, two = fp([c1, c1])
    assert two == one + ":2"


def test_sarif_uris(tmp_path):
    assert findings_sarif.artifact_uri("samples/laporan kinerja 2023.xlsx") == "samples/laporan%20kinerja%202023.xlsx"
    assert findings_sarif.artifact_uri("./a.xlsx") == "a.xlsx"
    assert findings_sarif.artifact_uri("/nowhere/x#1.xlsx").startswith("file:///")
    assert "%23" in findings_sarif.artifact_uri("/nowhere/x#1.xlsx")


# ---------------------------------------------------------------- JUnit

def test_junit_seed(seed):
    text = findings_junit.render(seed, "id")
    root = ET.fromstring(text.encode("utf-8"))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [SEED]
    suite = suites[0]
    cases = suite.findall("testcase")
    failures = suite.findall("testcase/failure")
    skipped = suite.findall("testcase/skipped")
    assert len(failures) == sum(1 for f in seed.findings if f.outcome != "not_run")
    assert int(suite.get("tests")) == len(cases)
    assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
    assert int(suite.get("skipped")) == len(skipped)
    assert int(suite.get("errors")) == 0
    assert root.get("tests") == suite.get("tests") and root.get("failures") == suite.get("failures")
    names = [c.get("name") for c in cases]
    assert len(names) == len(set(names))
    case = next(c for c in cases if c.get("name") == "LKP201 revisi-berantai")
    assert case.get("classname") == "revisi-dipa"
    fail = case.find("failure")
    assert fail.get("type") == "error" and fail.get("message").startswith("Ikhtisar!B6: ")
    assert "7592226000" in fail.text and "'Tabel 6'!D5" in fail.text
    # a rule that could not run at all in the workbook is skipped, not passed
    for s in skipped:
        case = next(c for c in cases if c.find("skipped") is s)
        code = case.get("name").split()[0]
        assert seed.stats[code].ran == 0


def test_junit_escapes_cell_text(tmp_path):
    f = Finding.of_text("LKP502", "warning", "'A < B & \"C\"' ditulis berbeda", "x", "lap <1>&.xlsx",
                sheet="Tabel 1", cell="'Tabel 1'!C8", row_key="A < B & C\x07")
    result = CheckResult(reports=[], findings=[f], stats={}, rules=[])
    root = ET.fromstring(findings_junit.render(result, "id").encode("utf-8"))
    suite = root.find("testsuite")
    assert suite.get("name") == "lap <1>&.xlsx"
    fail = suite.find("testcase/failure")
    assert fail.get("message") == "'Tabel 1'!C8: 'A < B & \"C\"' ditulis berbeda"
    assert "A < B & C\ufffd" in fail.text
    assert suite.get("failures") == "1" and suite.get("tests") == "1"


# ---------------------------------------------------------------- JSON Lines

def test_jsonl_matches_json_findings(seed, monkeypatch):
    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    as_json = runner.invoke(main, ["check", SEED, "--format", "json", "--ignore", "LKP4"])
    as_jsonl = runner.invoke(main, ["check", SEED, "--format", "jsonl", "--ignore", "LKP4"])
    assert as_jsonl.exit_code == as_json.exit_code == 1
    lines = as_jsonl.output.split("\n")
    assert lines[-1] == "" and all(lines[:-1])          # one newline after the last object, no blank lines
    objs = [json.loads(line) for line in lines[:-1]]
    assert objs == json.loads(as_json.output)["findings"]
    assert all(o["file"] == SEED for o in objs)
    assert findings_jsonl.render(seed, "id").count("\n") == len(seed.findings) - 1


def test_jsonl_empty_and_separators():
    assert findings_jsonl.render(CheckResult([], [], {}, []), "id") == ""
    f = Finding.of_text("LKP101", "warning", "teks\u2028baris\nbaru", "x", "a.xlsx", cell="Tabel!A1")
    text = findings_jsonl.render(CheckResult([], [f, f], {}, []), "id")
    assert len(text.splitlines()) == 2
    assert json.loads(text.splitlines()[0])["message"] == "teks\u2028baris\nbaru"


# ---------------------------------------------------------------- GitHub annotations

def test_github_escaping():
    assert findings_github.escape_data("50% naik\r\nbaris: a, b") == "50%25 naik%0D%0Abaris: a, b"
    assert findings_github.escape_property("50% naik\r\nbaris: a, b") == "50%25 naik%0D%0Abaris%3A a%2C b"
    # % first: an already-escaped-looking text must survive a round trip
    assert findings_github.escape_data("%0A") == "%250A"
    f = Finding.of_text("LKP241", "error", "tertulis 400%, seharusnya 500%\nperiksa: sel", "x",
                "lap, 2023: final.xlsx", sheet="Tabel 1", cell="'Tabel 1'!F7", name="capaian-rumus")
    line = findings_github.annotation(f, "id")
    assert line == ("::error file=lap%2C 2023%3A final.xlsx,title=LKP241 capaian-rumus::"
                    "'Tabel 1'!F7: tertulis 400%25, seharusnya 500%25%0Aperiksa: sel")
    assert "\n" not in line and "line=" not in line


def test_github_seed(seed):
    out = findings_github.render(seed, "id").split("\n")
    assert len(out) == len(seed.findings)
    by_kind = {k: sum(1 for line in out if line.startswith(f"::{k} ")) for k in ("error", "warning", "notice")}
    assert by_kind == {"error": seed.count("error"), "warning": seed.count("warning"), "notice": seed.count("info")}
    assert (f"::error file={SEED},title=LKP201 revisi-berantai::Ikhtisar!B6: ") in "\n".join(out)
    for line in out:
        props = line[2:].split("::", 1)[0].split(" ", 1)[1]   # the runner splits here, then on ","
        assert [p.split("=", 1)[0] for p in props.split(",")] == ["file", "title"]
