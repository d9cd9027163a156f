"""Mutation test of the rule pack (issue 4): see tests/mutation.py.

The issue asks for at least 90 % of single-cell mutations caught; CI fails below THRESHOLD.
"""
from collections import Counter

import mutation

THRESHOLD = 0.90      # share of mutants caught on the fixed seed (issue 4: at least 90 %); score at writing: 0.917 (110/120, seven kinds)


def test_shortcuts_change_no_outcome():
    """Replaying the clean reading of unchanged sheets and running only the rules that read
    the changed sheet give the same outcome as reading everything and running every rule."""
    import os
    from lakip_lint.read import Limits, report_from_book
    from lakip_lint.read.xlsx import read_xlsx
    from lakip_lint.rules import load_rules
    cwd = os.getcwd()
    os.chdir(mutation.ROOT)
    try:
        book = read_xlsx(mutation.CLEAN, Limits())
        report = report_from_book(book, mutation.CLEAN)
        covered, baseline = mutation.coverage(report, load_rules())
        mutants = mutation.draw_mutants(report, book, covered, mutation.DEFAULT_SEED, mutation.DEFAULT_N)
        picked = [next(m for m in mutants if m.kind == k) for k in mutation.KINDS]
        picked.append(next(m for m in mutants if m.remove_row is not None))
        picked.append(next(m for m in mutants if m.sheet == "Ikhtisar"))
        mutation._init(mutation.CLEAN, frozenset(baseline))
        fast = [mutation.evaluate(m) for m in picked]
        mutation._STATE["plain"] = True
        slow = [mutation.evaluate(m) for m in picked]
    finally:
        mutation._STATE.clear()
        os.chdir(cwd)
    assert fast == slow


def test_rule_pack_catches_mutants(capsys):
    res = mutation.run(mutation.DEFAULT_SEED, mutation.DEFAULT_N, jobs=2)
    kinds = Counter(m.kind for m in res.mutants)
    assert len(res.mutants) >= 100
    assert all(kinds[k] >= 15 for k in mutation.KINDS), kinds
    caught = sum(o.caught for o in res.outcomes)
    line = (f"mutation score {res.score:.3f} ({caught}/{len(res.outcomes)} caught, "
            f"localised {res.localised:.3f}; threshold {THRESHOLD}; {res.seconds:.0f} s)")
    with capsys.disabled():
        print("\n" + line)
        if res.score < THRESHOLD:
            print(mutation.render(res, verbose=True))
    assert res.score >= THRESHOLD, line
