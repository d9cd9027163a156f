"""Fault isolation and fuzzing in CI.

- every crash class found so far, rebuilt from the corrected sample with one change, runs
  through the real command line: valid JSON, no traceback, no internal error, the input
  unchanged, within 30 s and 2 GiB (tests/fuzzing/harness.py);
- every file saved by a campaign in tests/fuzz_regressions/ runs the same way;
- 300 fixed-seed mutations of the samples (tests/fuzzing/mutate.py) run the same way;
- a workbook that crashes the reader is one LKP010 finding and the files beside it are
  checked as usual.
"""
from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT
from fuzzing.harness import Case, run_cases
from fuzzing.mutate import _members, _pack
from lakip_lint.read.grid import col_letter
from lakip_lint.outputs.lang import message

CLEAN = ROOT / "samples" / "bspji-pekanbaru-2023-bersih.xlsx"
REGRESSIONS = ROOT / "tests" / "fuzz_regressions"


def _edit(change) -> bytes:
    infos, members = _members(CLEAN.read_bytes())
    change(members)
    return _pack([i.filename for i in infos], members)


def _set_cell(part: str, ref: str, cell_xml: str):
    def change(members):
        text = members[part].decode("utf-8")
        new, n = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', cell_xml, text, count=1, flags=re.S)
        assert n == 1, (part, ref)
        members[part] = new.encode("utf-8")
    return change


def _inline(part, ref, text):
    return _set_cell(part, ref, f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')


def _number(part, ref, v):
    return _set_cell(part, ref, f'<c r="{ref}"><v>{v}</v></c>')


def _declaration(part, encoding):
    def change(members):
        members[part] = re.sub(rb'encoding="[^"]*"', f'encoding="{encoding}"'.encode(), members[part], count=1)
    return change


def _merges(part, n, size):
    def change(members):
        refs = []
        for i in range(n):
            r, c = 1 + (i // 50) * (size + 1), 1 + (i % 50) * (size + 1)
            refs.append(f"{col_letter(c)}{r}:{col_letter(c + size - 1)}{r + size - 1}")
        body = f'<mergeCells count="{n}">' + "".join(f'<mergeCell ref="{x}"/>' for x in refs) + "</mergeCells>"
        members[part] = members[part].replace(b"</sheetData>", b"</sheetData>" + body.encode(), 1)
    return change



def _zip_header(member: str, field: str, value: int) -> bytes:
    import struct

    from fuzzing.mutate import _central_entries
    data = bytearray(CLEAN.read_bytes())
    central, local, _ = next(e for e in _central_entries(bytes(data)) if e[2] == member)
    if field == "method":
        struct.pack_into("<H", data, central + 10, value)
        struct.pack_into("<H", data, local + 8, value)
    else:
        struct.pack_into("<H", data, central + 6, value)
        struct.pack_into("<H", data, local + 4, value)
    return bytes(data)


IKHTISAR, TABEL1 = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"
CRASH_CLASSES = {
    "superscript-no": lambda: _edit(_inline(TABEL1, "A5", "²")),
    "digits-5000": lambda: _edit(_inline(TABEL1, "D5", "5" * 5000)),
    "fiscal-year-20233": lambda: _edit(_inline(IKHTISAR, "B5", "20233")),
    "fiscal-year-minus-zero": lambda: _edit(_number(IKHTISAR, "B5", "-0")),
    "unknown-encoding": lambda: _edit(_declaration(TABEL1, "ebcdic")),
    "zip-method-99": lambda: _zip_header(TABEL1, "method", 99),
    "zip-version-14.8": lambda: _zip_header(TABEL1, "version", 148),
    "nan-number": lambda: _edit(_number(TABEL1, "D5", "NaN")),
    "inf-number": lambda: _edit(_number(TABEL1, "E5", "inf")),
    "merges-1000x99x99": lambda: _edit(_merges(TABEL1, 1000, 99)),
}


def _assert_all_ok(run):
    bad = [(v.case.name, v.verdict, v.detail, v.case.what) for v in run.failures()]
    assert not bad, bad


def test_every_known_crash_class_is_handled(tmp_path):
    cases = [Case(f"{name}.xlsx", build(), name) for name, build in CRASH_CLASSES.items()]
    cases += [Case(p.name, p.read_bytes(), "regression " + p.name) for p in sorted(REGRESSIONS.glob("*"))
              if p.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods")]
    _assert_all_ok(run_cases(cases, str(tmp_path / "cases"), chunk=len(cases), jobs=1))


@pytest.mark.parametrize("name,code", [("fiscal-year-20233", "LKP112"), ("unknown-encoding", "LKP001"),
                                       ("zip-method-99", "LKP001"), ("zip-version-14.8", "LKP001"),
                                       ("nan-number", "LKP104")])
def test_crash_classes_become_reading_notices(tmp_path, name, code):
    from lakip_lint.read import read_report
    p = tmp_path / f"{name}.xlsx"
    p.write_bytes(CRASH_CLASSES[name]())
    report = read_report(str(p))
    assert code in {n.code for n in report.notices}, [(n.code, message(n, "id")) for n in report.notices]


def test_fixed_seed_smoke_of_300_mutations(tmp_path):
    import sys
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import fuzz as campaign
    finally:
        sys.path.remove(str(ROOT / "bench"))
    _assert_all_ok(run_cases(campaign.cases(300, seed=20261206), str(tmp_path / "cases"), chunk=50, jobs=2))


def test_a_crashing_workbook_is_one_finding_and_the_folder_is_still_checked(tmp_path, monkeypatch):
    """Fault isolation: the reader raising for one file (a bug nobody found yet) costs that
    file one LKP010 finding; the sample beside it gets its usual findings; exit 1."""
    import shutil

    from click.testing import CliRunner

    import lakip_lint.check as check_module
    from lakip_lint.cli import main
    folder = tmp_path / "masuk"
    folder.mkdir()
    shutil.copy(ROOT / "samples" / "bspji-pekanbaru-2023.xlsx", folder / "a-laporan.xlsx")
    shutil.copy(CLEAN, folder / "b-rusak.xlsx")
    real = check_module.read_report

    def reader(path, *a, **k):
        if path.endswith("b-rusak.xlsx"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, *a, **k)

    monkeypatch.setattr(check_module, "read_report", reader)
    r = CliRunner().invoke(main, ["check", "--ignore", "LKP4", "--format", "json", str(folder)])
    assert r.exit_code == 1, r.output
    doc = json.loads(r.stdout)
    by_file = {}
    for f in doc["findings"]:
        by_file.setdefault(f["file"].rsplit("/", 1)[-1], []).append(f["code"])
    assert by_file["b-rusak.xlsx"] == ["LKP010"]
    assert "LKP201" in by_file["a-laporan.xlsx"] and "LKP241" in by_file["a-laporan.xlsx"]
    assert [f["readable"] for f in doc["files"]] == [True, False]
    assert "Traceback" not in r.stderr
    verbose = CliRunner().invoke(main, ["check", "--ignore", "LKP4", "-v", str(folder / "b-rusak.xlsx")])
    assert "Traceback" in verbose.stderr and "RecursionError" in verbose.stderr
