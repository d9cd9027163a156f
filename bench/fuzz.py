"""Fuzz campaign: seeded mutations of the samples through the real command line.

    python bench/fuzz.py --n 10000 --seed 7 [--jobs 2] [--chunk 40] [--keep DIR]

Every case must end within 30 s and 2 GiB of address space, exit 0 or 1 with valid JSON
naming the file, print no traceback, raise no internal error (LKP010) and leave the input
unchanged (tests/fuzzing/harness.py). Prints the verdict table and each failure with its
seed and mutation; `--keep DIR` copies failing cases there so that each becomes a
regression case (tests/fuzz_regressions/, run by tests/test_fuzz.py).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing.harness import Case, run_cases  # noqa: E402
from fuzzing.mutate import mutate  # noqa: E402

SAMPLES = ["bspji-pekanbaru-2023-bersih.xlsx", "bspji-pekanbaru-2023.xlsx",
           "bspji-pekanbaru-2023-rapi-bersih.xlsx", "bspji-pekanbaru-2023-rapi.xlsx"]
LYING = [".xlsx"] * 17 + [".xls", ".ods", ".xlsm"]


def cases(n: int, seed: int, start: int = 0) -> list[Case]:
    data = [(s, (ROOT / "samples" / s).read_bytes()) for s in SAMPLES]
    out = []
    for i in range(start, start + n):
        case_seed = seed * 1_000_003 + i
        name, src = data[i % len(data)]
        mutated, what = mutate(src, case_seed)
        ext = LYING[case_seed % len(LYING)]
        out.append(Case(f"s{seed}-c{i:05d}{ext}", mutated, f"{name} seed {case_seed}: {what}"))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=40)
    ap.add_argument("--keep", default=None, help="copy failing cases into this folder")
    a = ap.parse_args(argv)
    work = tempfile.mkdtemp(prefix="lakip-fuzz-")
    done = [0]
    start = time.monotonic()

    def progress(k):
        done[0] += k
        print(f"\r{done[0]}/{a.n} cases, {time.monotonic() - start:.0f} s", end="", file=sys.stderr, flush=True)

    try:
        run = run_cases(cases(a.n, a.seed), work, chunk=a.chunk, jobs=a.jobs, progress=progress)
        print(file=sys.stderr)
        counts = run.counts()
        print(f"cases {a.n}, seed {a.seed}, {time.monotonic() - start:.0f} s")
        print("| verdict | cases |\n|---|---|")
        for k, v in counts.items():
            print(f"| {k} | {v} |")
        slowest = max(run.verdicts, key=lambda v: v.seconds)
        print(f"slowest case alone or in its chunk: {slowest.seconds:.1f} s ({slowest.case.name}); "
              f"largest child process: {max(v.peak_mib for v in run.verdicts):.0f} MiB")
        for v in run.failures():
            print(f"{v.verdict}\t{v.case.name}\t{v.case.what}\t{v.detail}")
            if a.keep:
                os.makedirs(a.keep, exist_ok=True)
                shutil.copy(os.path.join(work, v.case.name), os.path.join(a.keep, v.case.name))
        return 1 if run.failures() else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
