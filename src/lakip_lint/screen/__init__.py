"""`lakip-lint screen`: BSKJI screening of many submitted reports at once — the same
pipeline as `check`, plus the rules across files.

1. Every workbook is checked in a worker process (`--jobs`) by `check.check_one`, exactly
   as `check` checks it (screen/worker.py); the worker returns a Submission.
2. The expectation rules (kind `expectation`) run here once per table kind for the whole
   batch (`gx.validate_batch`), then per submission as `check` runs them: the import of
   Great Expectations is paid once, in a thread, while the workers read.
3. The batch rules (kind `batch`, LKP601–606: reference values, last year's report,
   identity, duplicates) run over the submissions (rules/batch.py).
4. The outputs write `ringkasan.xlsx`, `index.html` and one page per file
   (outputs/screen_xlsx.py, outputs/screen_html.py): one row per submitted file, worst first.

A bad file never stops the run: it is a row with status TIDAK TERBACA. Exit 0 when every
workbook passes, 1 when any needs fixing, was not checked or could not be read, 2 on a
usage or rule-file error.
"""
from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from ..submissions import Submission, ranking, superseded
from .worker import batch_collection, submit, worker_init

__all__ = ["ScreenOptions", "run", "Submission"]


@dataclass
class ScreenOptions:
    paths: list
    out: str
    jobs: int | None = None
    reference: str | None = None
    previous: str | None = None
    lang: str = "id"
    rule_dirs: tuple = ()
    engine: str | None = None   # expectation rules: "gx" (once per batch), "native"; None: gx when installed


class Progress:
    """A bar on stderr, only when stderr is a terminal."""

    def __init__(self, total: int, label: str):
        self.total, self.label, self.done = total, label, 0
        self.on = total > 0 and hasattr(sys.stderr, "isatty") and sys.stderr.isatty()

    def step(self, n: int = 1) -> None:
        self.done += n
        if self.on:
            width = 30
            fill = int(width * self.done / self.total)
            sys.stderr.write(f"\r{self.label} [{'#' * fill}{'.' * (width - fill)}] {self.done}/{self.total}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.on:
            sys.stderr.write("\n")
            sys.stderr.flush()


def check_many(paths: list[str], jobs: int, rule_dirs: tuple, label: str, meanwhile=None) -> list[Submission]:
    """Submissions of `paths`, in order. `meanwhile` (if given) runs in a thread of this
    process once every worker is started — no fork happens after it begins."""
    from ..check import crashed_report
    bar = Progress(len(paths), label)
    out: list[Submission | None] = [None] * len(paths)
    if jobs <= 1 or len(paths) <= 1:
        worker_init(rule_dirs)
        if meanwhile is not None:
            meanwhile()
        for i, p in enumerate(paths):
            out[i] = submit(p)
            bar.step()
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=worker_init, initargs=(rule_dirs,)) as ex:
            futs = {ex.submit(submit, p): i for i, p in enumerate(paths)}
            if meanwhile is not None:
                threading.Thread(target=meanwhile, daemon=True).start()
            for fut in as_completed(futs):
                i = futs[fut]
                try:
                    out[i] = fut.result()
                except Exception as e:      # noqa: BLE001 - a worker that died: the file is still a row
                    report, trace = crashed_report(paths[i], e)
                    out[i] = Submission(path=paths[i], report=report, findings=list(report.notices), trace=trace)
                bar.step()
    bar.close()
    return out  # type: ignore[return-value]


def run_expectations(subs: list[Submission], rules, engine: str = "gx") -> None:
    """The expectation rules on every readable submission, validated once per table kind
    for the batch; findings and counts as `check` gives them."""
    from ..rules import gx, run_rules
    gx.use_engine(engine)          # gx: a batch pays the import once and Great Expectations itself judges
    gx_rules = [r for r in rules if r.kind == "expectation"]
    todo = [s for s in subs if s.readable]
    if gx_rules and todo:
        kinds = sorted({t for r in gx_rules for t in r.tables if t != "ikhtisar"})
        gx.validate_batch([s.report for s in todo],
                          {k: [gx.Spec.of(r) for r in gx_rules if k in r.tables] for k in kinds})
        for s in todo:
            stats: dict = {}
            s.findings.extend(run_rules(s.report, gx_rules, {}, stats))
            for rid, st in stats.items():
                s.counts[rid] = st.counts
            gx.forget(s.report)
    for s in subs:
        s.report.tables = []          # the expectation rules' tables are no longer needed


def run(options: ScreenOptions) -> int:
    from ..check import collect
    from ..outputs.lang import say
    from ..rules import RuleFileError, gx, load_rules
    from .reference import ReferenceError, read_reference
    lang = options.lang
    try:
        rules = load_rules(options.rule_dirs)
    except RuleFileError as e:
        print(say("cli.rule_file_invalid", lang, error=str(e)), file=sys.stderr)
        return 2
    missing = [p for p in [*options.paths, options.reference, options.previous] if p and not os.path.exists(p)]
    if missing:
        print("lakip-lint: " + say("cli.not_found", lang, paths=", ".join(missing)), file=sys.stderr)
        return 2
    reference = None
    if options.reference:
        try:
            reference = read_reference(options.reference)
        except ReferenceError as e:
            print("lakip-lint: " + say("screen.reference_invalid", lang, reason=e.describe(lang)), file=sys.stderr)
            return 2
    out_real = os.path.realpath(options.out)
    paths = [p for p in collect(list(options.paths)) if not os.path.realpath(p).startswith(out_real + os.sep)]
    jobs = max(1, options.jobs or os.cpu_count() or 1)
    engine = options.engine
    if engine is None:                  # GX when the extra is installed; else natively, and said
        engine = options.engine = "gx" if gx.available() else "native"
        if engine == "native":
            print("lakip-lint: " + say("screen.gx_native", lang), file=sys.stderr)
    warm = gx.warm if engine == "gx" and any(r.kind == "expectation" for r in rules) else None
    with batch_collection():
        return _screen(options, rules, reference, paths, jobs, warm, engine)


def _screen(options: ScreenOptions, rules, reference, paths: list[str], jobs: int, warm, engine: str) -> int:
    from ..check import collect, ordered
    from ..outputs.lang import plural, say
    from ..rules.batch import Batch, run_batch
    lang = options.lang
    subs = check_many(paths, jobs, options.rule_dirs, "screen", meanwhile=warm)
    run_expectations(subs, rules, engine)
    previous = None
    if options.previous:
        previous = check_many(collect([options.previous]), jobs, options.rule_dirs, "previous")
    run_batch(rules, Batch(subs, reference, previous))
    for s in subs:
        s.findings = ordered(s.findings, [s.report])
    from ..outputs import screen_html, screen_xlsx
    os.makedirs(options.out, exist_ok=True)
    ranked = ranking(subs)
    screen_xlsx.write(ranked, rules, os.path.join(options.out, "ringkasan.xlsx"), lang)
    screen_html.write(ranked, rules, options.out, lang)
    old = superseded(subs)
    counted = [s for s in subs if s.path not in old]
    bad = sum(1 for s in counted if s.status != "LULUS")
    print(say("screen.done", lang, n=len(subs), passed=len(counted) - bad, bad=bad, out=options.out)
          + (" " + plural("screen.lead_superseded", len(old), lang) if old else ""), file=sys.stderr)
    return 1 if bad else 0
