"""Reading speed on the bundled samples: which parser, and what `extract` costs.

    python bench/bench_read.py          # prints a table; numbers recorded in bench/README.md

Compares, per workbook: the project's streaming xlsx reader, openpyxl (values + formulas
need two loads), python-calamine (values only); then the whole `read_report` in-process
and `lakip-lint extract` as a cold process.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_of  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "samples" / "bspji-pekanbaru-2023.xlsx", ROOT / "samples" / "bspji-pekanbaru-2023-rapi.xlsx"]


def main() -> None:
    import openpyxl
    import python_calamine
    from lakip_lint.read import Limits, read_report
    from lakip_lint.read.xlsx import read_xlsx
    print(f"{'workbook':34} {'lakip-xlsx':>10} {'openpyxl×2':>10} {'calamine':>9} {'read_report':>11} {'cold CLI':>9}"
          f" {'cells/cal':>9} {'report/cal':>10}")
    for path in SAMPLES:
        own = median_of(lambda: read_xlsx(str(path), Limits()), 9)
        opx = median_of(lambda: (openpyxl.load_workbook(path, data_only=True), openpyxl.load_workbook(path)), 3)
        cal = median_of(lambda: calamine_all(python_calamine, path), 9)
        rep = median_of(lambda: read_report(str(path)), 9)
        cold = median_of(lambda: subprocess.run([sys.executable, "-m", "lakip_lint.cli", "extract", str(path)],
                                              capture_output=True), 3)
        print(f"{path.name:34} {own*1000:8.1f}ms {opx*1000:8.0f}ms {cal*1000:7.1f}ms {rep*1000:9.1f}ms {cold*1000:7.0f}ms"
              f" {own/cal:8.1f}× {rep/cal:9.1f}×")


def calamine_all(python_calamine, path: Path) -> list:
    """calamine's raw read: the workbook opened once, every sheet to Python values."""
    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    return [wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names]


if __name__ == "__main__":
    main()
