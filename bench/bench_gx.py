"""What the Great Expectations rules (LKP4xx, kind `expectation`) cost on the printed sample.

    python bench/bench_gx.py            # prints the figures recorded in bench/README.md

- warm: `run_rules` in-process on an already read report, all rules vs. `--ignore LKP4`
  (the GX result cache is cleared before every run, so each run validates again);
- GX alone: the import of great_expectations in a fresh process, one validation per table
  kind (what the linter does) vs. one validation per table;
- cold: `lakip-lint check` as a new process, with and without the GX rules.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_of  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PRINTED = ROOT / "samples" / "bspji-pekanbaru-2023.xlsx"


def cold(*args: str, n: int = 3) -> float:
    return median_of(lambda: subprocess.run([sys.executable, "-m", "lakip_lint.cli", *args],
                                            capture_output=True, cwd=ROOT), n)


def main() -> None:
    from lakip_lint.read import read_report
    from lakip_lint.rules import gx, load_rules, run_rules

    rules = load_rules()
    gx_rules = [r for r in rules if r.kind == "expectation"]
    other = [r for r in rules if r.kind != "expectation"]
    report = read_report(str(PRINTED))

    import_t = median_of(lambda: subprocess.run([sys.executable, "-c", "import great_expectations"],
                                                capture_output=True), 3)

    def run_all():
        gx._CACHE.clear()
        run_rules(report, rules, {}, {})

    run_all()                                     # GX imported and its context created once
    with_gx = median_of(run_all)
    without = median_of(lambda: run_rules(report, other, {}, {}))

    kinds = sorted({k for r in gx_rules for k in r.tables if report.of_kind(k)})
    specs = {k: [gx.Spec.of(r) for r in gx_rules if k in r.tables] for k in kinds}
    n_tables = sum(len(report.of_kind(k)) for k in kinds)
    stacked = median_of(lambda: [gx.validate([(report, t) for t in report.of_kind(k)], specs[k]) for k in kinds])
    per_table = median_of(lambda: [gx.validate([(report, t)], specs[k]) for k in kinds for t in report.of_kind(k)], 3)

    cold_all = cold("check", str(PRINTED), "-q")
    cold_wo = cold("check", str(PRINTED), "-q", "--ignore", "LKP4")

    print(f"{len(rules)} rules, {len(gx_rules)} of kind expectation; {len(kinds)} table kinds, {n_tables} tables")
    print(f"import great_expectations (fresh process)      {import_t * 1000:7.0f} ms")
    print(f"run_rules warm, all rules                      {with_gx * 1000:7.0f} ms")
    print(f"run_rules warm, --ignore LKP4                  {without * 1000:7.0f} ms")
    print(f"GX: one validation per table kind ({len(kinds):2d})        {stacked * 1000:7.0f} ms")
    print(f"GX: one validation per table ({n_tables:2d})             {per_table * 1000:7.0f} ms")
    print(f"lakip-lint check cold, all rules               {cold_all * 1000:7.0f} ms")
    print(f"lakip-lint check cold, --ignore LKP4           {cold_wo * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
