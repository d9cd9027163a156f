"""`lakip-lint screen`: BSKJI screening of many balai reports at once.

Every workbook is read and checked in a worker process (`--jobs`); a worker sends back a
small picklable summary (findings as dicts, per-rule counts, the few values the
cross-balai and year-over-year checks need, and the tables the Great Expectations rules
read), never a Report. The expectation rules (kind `expectation`, LKP4xx) then run in the
parent, stacked: one GX validation per table kind for the whole batch. Reference values
(`--reference`, LKP601) and last year's reports (`--previous`, LKP602/LKP603) add their
findings to each balai; `ringkasan.xlsx`, `index.html` and one page per balai
(`balai/<name>.html`) are written to OUT. A bad file never stops the run: it is a row
with status TIDAK TERBACA. Exit 0 when every workbook passes, 1 when any needs fixing or
could not be read, 2 on a usage or rule-file error.
"""
from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from .summary import Summary, summarise, worker_init

__all__ = ["ScreenOptions", "run", "Summary"]


@dataclass
class ScreenOptions:
    paths: list
    out: str
    jobs: int | None = None
    reference: str | None = None
    previous: str | None = None
    lang: str = "id"
    rule_dirs: tuple = ()


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


def _map(paths: list[str], jobs: int, rule_dirs: tuple, label: str, extract_only: bool = False,
         meanwhile=None) -> list[Summary]:
    """Summaries of `paths`, in order. `meanwhile` (if given) runs in a thread of this process
    once every worker is started — no fork happens after it begins."""
    bar = Progress(len(paths), label)
    out: list[Summary | None] = [None] * len(paths)
    if jobs <= 1 or len(paths) <= 1:
        worker_init(rule_dirs)
        for i, p in enumerate(paths):
            out[i] = summarise(p, extract_only)
            bar.step()
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=worker_init, initargs=(rule_dirs,)) as ex:
            futs = {ex.submit(summarise, p, extract_only): i for i, p in enumerate(paths)}
            if meanwhile is not None:
                threading.Thread(target=meanwhile, daemon=True).start()
            for fut in as_completed(futs):
                i = futs[fut]
                try:
                    out[i] = fut.result()
                except Exception as e:      # a worker that died: the file is still a row
                    out[i] = Summary.broken(paths[i], f"{type(e).__name__}: {e}")
                bar.step()
    bar.close()
    return out  # type: ignore[return-value]


def _warm_gx() -> None:
    try:
        from ..rules import gx
        gx._gx()
    except Exception:        # the stacked run imports again and reports what fails
        pass


def run(options: ScreenOptions) -> int:
    from ..check import collect
    from ..rules import RuleFileError, load_rules
    from . import compare, stacked, write
    try:
        rules = load_rules(options.rule_dirs)
    except RuleFileError as e:
        print(f"lakip-lint: berkas aturan tidak sah: {e}", file=sys.stderr)
        return 2
    missing = [p for p in options.paths if not os.path.exists(p)]
    for opt in (options.reference, options.previous):
        if opt and not os.path.exists(opt):
            missing.append(opt)
    if missing:
        print("lakip-lint: tidak ditemukan: " + ", ".join(missing), file=sys.stderr)
        return 2
    reference = None
    if options.reference:
        try:
            reference = compare.read_reference(options.reference)
        except compare.ReferenceError as e:
            print(f"lakip-lint: berkas referensi tidak sah: {e}", file=sys.stderr)
            return 2
    paths = collect(list(options.paths))
    out_real = os.path.realpath(options.out)
    paths = [p for p in paths if not os.path.realpath(p).startswith(out_real + os.sep)]
    jobs = max(1, options.jobs or os.cpu_count() or 1)
    # the parent waits while workers read: it imports Great Expectations then (~5 s)
    warm = _warm_gx if any(r.kind == "expectation" for r in rules) else None
    summaries = _map(paths, jobs, options.rule_dirs, "screen", meanwhile=warm)
    stacked.run_expectations(summaries, rules)
    previous = None
    if options.previous:
        prev_paths = collect([options.previous])
        previous = _map(prev_paths, jobs, options.rule_dirs, "previous", extract_only=True)
    for s in summaries:
        compare.identity(s)
        if reference is not None:
            compare.against_reference(s, reference)
        if previous is not None:
            compare.against_previous(s, previous)
        s.finish()
    os.makedirs(options.out, exist_ok=True)
    write.workbook(summaries, os.path.join(options.out, "ringkasan.xlsx"), options.lang)
    write.pages(summaries, rules, options.out, options.lang)
    write.dashboard(summaries, os.path.join(options.out, "index.html"), options.lang)
    bad = sum(1 for s in summaries if s.status != "LULUS")
    if options.lang == "en":
        print(f"{len(summaries)} reports screened: {len(summaries) - bad} pass (LULUS), {bad} need fixing or "
              f"unreadable; results in {options.out}", file=sys.stderr)
    else:
        print(f"{len(summaries)} laporan diperiksa: {len(summaries) - bad} LULUS, {bad} perlu perbaikan/tidak "
              f"terbaca; hasil di {options.out}", file=sys.stderr)
    return 1 if bad else 0
