import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PRINTED = ROOT / "samples" / "bspji-pekanbaru-2023.xlsx"
TIDY = ROOT / "samples" / "bspji-pekanbaru-2023-rapi.xlsx"


@pytest.fixture(scope="session")
def printed():
    from lakip_lint.read import read_report
    return read_report(str(PRINTED))


@pytest.fixture(scope="session")
def tidy():
    from lakip_lint.read import read_report
    return read_report(str(TIDY))


def table(report, number=None, kind=None, sheet=None):
    for t in report.tables:
        if number is not None and t.number != number:
            continue
        if kind is not None and t.kind != kind:
            continue
        if sheet is not None and t.sheet != sheet:
            continue
        return t
    raise AssertionError(f"table {number or kind} not found")
