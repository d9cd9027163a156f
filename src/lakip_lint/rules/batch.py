"""Rules across submitted files (kind `batch`): run after every file of a batch was checked.

A `BatchRun` is the RuleRun of one batch rule on one submission: it finds, compares and
reports exactly like any rule (tolerance.judge / same, typed message parameters, the
rule's own message), and it can also see the other submissions of the batch, the
reference values BSKJI published (`--reference`) and last year's submissions
(`--previous`). The findings belong to the submission they are about.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import Finding
from .engine import RuleRun, RuleStats
from .model import Rule


@dataclass
class Batch:
    """What batch rules read besides the submission at hand."""
    submissions: list = field(default_factory=list)     # submissions.Submission, every file of the batch
    reference: list | None = None                       # reference rows (screen/reference.py), or None
    previous: list | None = None                        # last year's submissions, or None


class BatchRun(RuleRun):
    def __init__(self, rule: Rule, submission, batch: Batch, stats: RuleStats):
        super().__init__(rule, submission.report, {}, stats)
        self.submission = submission
        self.batch = batch


def run_batch(rules: list[Rule], batch: Batch) -> None:
    """Every batch rule on every submission; findings and counts are added to the
    submission they are about."""
    from .kinds import KINDS
    for rule in (r for r in rules if r.kind == "batch"):
        for sub in batch.submissions:
            stats = RuleStats(rule)
            ctx = BatchRun(rule, sub, batch, stats)
            try:
                KINDS[rule.kind](ctx)
            except Exception as e:   # noqa: BLE001 - a kind's bug is reported for this file, not hidden
                from ..findings import phrase
                ctx.not_run(phrase("reason.internal", error=f"{type(e).__name__}: {e}"))
            sub.findings.extend(ctx.findings)
            sub.counts.setdefault(rule.id, type(stats.counts)()).update(stats.counts)


def findings_of(batch: Batch) -> list[Finding]:
    return [f for s in batch.submissions for f in s.findings]
