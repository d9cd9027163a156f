"""Layout invariance: the same report in many layouts must give the same findings.

    python bench/layouts.py --n 300 [--seed 0] [--show 5] [--jobs 2]
    python bench/layouts.py --mutation 5      # mutation score on 5 re-layouts of the clean sample

Builds `n` seeded compositions of 2–5 variations (tests/layouts.py) of the seed report,
with its mistakes and corrected, checks each with every rule and prints, per variation and
overall, the share of compositions that hold (a) the corrected report is silent at
warning and above (the stray-header variation's one reading notice aside), (b) the report
with its mistakes gives the canonical sample's findings (rule, row, column, stated and
expected value), (c) the Ikhtisar facts read the same.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import layouts  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show", type=int, default=3, help="failures shown per variation")
    ap.add_argument("--jobs", type=int, default=1, help="compositions judged in parallel processes")
    ap.add_argument("--honoured", action="store_true",
                    help="compose only the variations the reader honours (not tests/layouts.py NOT_YET)")
    ap.add_argument("--mutation", type=int, default=0,
                    help="instead: the mutation test (tests/mutation.py) on this many re-layouts")
    a = ap.parse_args(argv)
    if a.mutation:
        return mutation_on_layouts(a.mutation, a.seed)
    from lakip_lint.rules import load_rules
    rules = load_rules()
    names = tuple(v for v in layouts.VARIATIONS if not (a.honoured and v in layouts.NOT_YET))
    comps = layouts.compositions(a.n, a.seed, names=names)
    start = time.monotonic()
    verdicts = []
    if a.jobs > 1:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(a.jobs) as pool:
            for i, v in enumerate(pool.map(_judge_one, comps, chunksize=2), 1):
                verdicts.append(v)
                print(f"\r{i}/{len(comps)} compositions, {time.monotonic() - start:.0f} s", end="", file=sys.stderr)
    else:
        for i, comp in enumerate(comps, 1):
            verdicts.append(_judge_one(comp, rules))
            print(f"\r{i}/{len(comps)} compositions, {time.monotonic() - start:.0f} s", end="", file=sys.stderr)
    print(file=sys.stderr)
    print(f"{len(comps)} compositions (seed {a.seed}), {time.monotonic() - start:.0f} s\n")
    print("| variation | compositions | (a) clean silent | (b) same findings | (c) same facts | all three |")
    print("|---|---|---|---|---|---|")
    rows = list(names) + ["overall"]
    for v in rows:
        vs = verdicts if v == "overall" else [x for x in verdicts if v in x.comp.variations]
        if not vs:
            continue
        n = len(vs)
        share = lambda pred: _share(sum(1 for x in vs if pred(x)), n)  # noqa: E731
        print(f"| {v} | {n} | {share(lambda x: x.clean_ok)} | {share(lambda x: x.same_findings)} | "
              f"{share(lambda x: x.same_facts)} | {share(lambda x: x.holds)} |")
    print()
    shown: set[str] = set()
    for v in layouts.VARIATIONS:
        bad = [x for x in verdicts if v in x.comp.variations and not x.holds and x.comp.name not in shown]
        for x in bad[: a.show]:
            shown.add(x.comp.name)
            print(f"- {x.comp.name}: " + "; ".join(x.detail[:4]))
    return 0 if all(x.holds for x in verdicts) else 1


def _share(k: int, n: int) -> str:
    """100 % only when all hold; otherwise one decimal and the count (299 of 300 is not 100 %)."""
    return "100 %" if k == n else f"{100 * k / n:.1f} % ({k}/{n})"


def _judge_one(comp, rules=None):
    """Build and judge one composition in a folder of its own (a worker process loads the
    rules once)."""
    global _RULES
    if rules is None:
        if _RULES is None:
            from lakip_lint.rules import load_rules
            _RULES = load_rules()
        rules = _RULES
    with tempfile.TemporaryDirectory(prefix="lakip-layouts-") as d:
        return layouts.judge(comp, Path(d), rules)


_RULES = None


def mutation_on_layouts(k: int, seed: int) -> int:
    """The mutation test on `k` re-layouts (3–5 honoured variations each) of the clean
    sample: the share of 120 single-cell mutations each catches."""
    import mutation
    honoured = tuple(v for v in layouts.VARIATIONS if v not in layouts.NOT_YET)
    print("| re-layout | caught | localised |\n|---|---|---|")
    worst = 1.0
    with tempfile.TemporaryDirectory(prefix="lakip-mut-") as d:
        for comp in layouts.compositions(k, seed=seed + 31, min_k=3, max_k=5, names=honoured):
            built = layouts.build(Path(d) / f"{comp.seed}.xlsx", comp, clean=True)
            res = mutation.run(mutation.DEFAULT_SEED, mutation.DEFAULT_N, jobs=2, path=str(built.path))
            caught = sum(o.caught for o in res.outcomes)
            worst = min(worst, res.score)
            print(f"| {comp.name} | {res.score:.3f} ({caught}/{len(res.outcomes)}) | {res.localised:.3f} |")
    return 0 if worst >= 0.90 else 1


if __name__ == "__main__":
    sys.exit(main())
