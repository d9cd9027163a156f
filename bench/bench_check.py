"""What `check` costs on the bundled samples: reading vs. running the rule pack, warm and cold.

    python bench/bench_check.py         # prints a table; figures recorded in bench/README.md
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_of  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("bspji-pekanbaru-2023*.xlsx"))


def main() -> None:
    from lakip_lint.read import read_report
    from lakip_lint.rules import load_rules, run_rules
    rules = load_rules()
    print(f"{len(rules)} rules")
    print(f"{'workbook':42} {'read':>7} {'rules':>7} {'findings':>8} {'cold CLI':>9}")
    for path in SAMPLES:
        report = read_report(str(path))
        read_t = median_of(lambda: read_report(str(path)))
        rules_t = median_of(lambda: run_rules(report, rules, {}, {}))
        n = len(run_rules(report, rules, {}, {})) + len(report.notices)
        cold = median_of(lambda: subprocess.run([sys.executable, "-m", "lakip_lint.cli", "check", str(path), "-q"],
                                                capture_output=True), 3)
        print(f"{path.name:42} {read_t * 1000:6.0f}ms {rules_t * 1000:6.0f}ms {n:8d} {cold * 1000:8.0f}ms")


if __name__ == "__main__":
    main()
