"""The package type-checks (mypy, configured in pyproject.toml).

Why a test: the checker has found what the other tests had not — a refusal for a crashed
.xls parser that raised TypeError instead (two values for `code`), a shared-string index
read by int() ('-1' was the last item), an annotated copy of a workbook without a styles
part that crashed on None. A value that may be None is narrowed before it is used; an
exception needs a reason on its line.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent


def test_the_package_type_checks():
    # its own process: mypy raises the cycle collector's threshold for the process it runs in
    res = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
                          "--no-incremental", "--no-error-summary"], cwd=ROOT, capture_output=True, text=True)
    errors = [line for line in res.stdout.splitlines() if ": error:" in line]
    assert res.returncode == 0 and not errors, "\n".join(errors) or res.stdout + res.stderr
