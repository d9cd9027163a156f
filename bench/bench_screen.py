"""Benchmark `lakip-lint screen` on generated balai workbooks.

    python bench/bench_screen.py [N] [--jobs 1,2] [--errors 1] [--dirty 0.5]

Generates N workbooks (bench/generate_balai.py), screens them once per --jobs value in a
child process (`lakip-lint screen`), and reports wall time, workbooks/second, peak RSS
(ru_maxrss of the children: the biggest single process, parent or worker) and how well
the injected errors were found:

- an injected error is *found* when a finding at error or warning level in its file
  names — as its cell or one of its related cells (ringkasan.xlsx, sheet Temuan) — the
  injected cell, its partner cell (a swap), another cell on the same sheet row, or a
  range containing it (the rectangle its cells span on that sheet: a total that no longer
  adds up names its own cell and the first and last of its parts; a broken chain names
  both ends);
- recall = found / injected; precision = findings (error/warning) in injected files that
  name an injected cell that way / all such findings in injected files; findings per found
  error = those naming findings / errors found, and primaries per found error = the same
  counting only findings that follow from no other ("Akibat dari" empty: what a reader
  filters to one row per mistake);
- findings at error or warning level in files without an injection should be zero.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def _row(cell: str | None):
    if not cell or "!" not in cell:
        return None
    sheet, ref = cell.rsplit("!", 1)
    m = re.match(r"\$?[A-Z]+\$?(\d+)", ref)
    return (sheet.strip("'"), int(m.group(1))) if m else None


def _boxes(cells: list[str]) -> dict[str, tuple[int, int, int, int]]:
    """Per sheet, the rectangle a finding's cells span (its cell and related cells: a total
    names its own cell and the first and last of the parts it adds)."""
    out: dict[str, list] = {}
    for c in cells:
        if not c or "!" not in c:
            continue
        sheet, ref = c.rsplit("!", 1)
        m = re.match(r"\$?([A-Z]+)\$?(\d+)$", ref)
        if not m:
            continue
        col = 0
        for ch in m.group(1):
            col = col * 26 + ord(ch) - 64
        out.setdefault(sheet.strip("'"), []).append((int(m.group(2)), col))
    return {s: (min(r for r, _ in p), max(r for r, _ in p), min(c for _, c in p), max(c for _, c in p))
            for s, p in out.items()}


def _names(cells: list[str], targets: set[str]) -> bool:
    """Does a finding with these cells name one of the injected cells: the cell itself, its
    sheet row, or a range (the finding's cells on that sheet) that contains it?"""
    boxes = _boxes(cells)
    rows = {_row(t) for t in targets}
    for t in targets:
        rc = _row(t)
        box = boxes.get(rc[0]) if rc else None
        col = _boxes([t]).get(rc[0]) if rc else None
        if box and col and box[0] <= rc[1] <= box[1] and box[2] <= col[2] <= box[3]:
            return True
    return any(c in targets or _row(c) in rows for c in cells)


def _targets(inj: dict) -> set[str]:
    """The cells one injection changed: the cell, a swap's partner, a cleared row's figures."""
    return {c for c in (inj["cell"], inj["partner"], *inj.get("cells", ())) if c}


def score(out: str, injected: dict) -> dict:
    from openpyxl import load_workbook

    from lakip_lint.outputs.lang import say
    wb = load_workbook(os.path.join(out, "ringkasan.xlsx"), read_only=True)
    sheet = wb[say("screen.sheet_findings", "id")]
    rows = sheet.iter_rows(values_only=True)
    head = {h: i for i, h in enumerate(next(rows))}
    col = lambda k: head[say(f"screen.col_{k}", "id")]       # noqa: E731
    loud = {say("severity.error", "id"), say("severity.warning", "id")}
    by_file: dict[str, list] = {}
    primary: dict[str, list] = {}           # per file: whether each finding is a primary (follows from none)
    for r in rows:
        if r[col("severity")] in loud:
            related = [c.strip() for c in (r[col("related")] or "").split(", ") if c.strip()]
            by_file.setdefault(os.path.basename(r[col("file")]), []).append([r[col("cell")]] + related)
            primary.setdefault(os.path.basename(r[col("file")]), []).append(not r[col("cause")])
    inj_files = {i["file"] for i in injected["injected"]}
    found = 0
    for i in injected["injected"]:
        if any(_names(cells, _targets(i)) for cells in by_file.get(i["file"], [])):
            found += 1
    hits = total_dirty = primaries = 0
    for f in inj_files:
        targets = set().union(*(_targets(i) for i in injected["injected"] if i["file"] == f))
        for cells, first in zip(by_file.get(f, []), primary.get(f, [])):
            total_dirty += 1
            hits += _names(cells, targets)
            primaries += first and _names(cells, targets)
    clean_findings = sum(len(v) for f, v in by_file.items() if f not in inj_files)
    n = len(injected["injected"])
    return {"injected": n, "found": found, "recall": found / n if n else None,
            "precision": hits / total_dirty if total_dirty else None,
            "findings_per_found": hits / found if found else None,
            "primaries_per_found": primaries / found if found else None,
            "findings_in_dirty": total_dirty, "findings_in_clean": clean_findings,
            "clean_files": len(injected["files"]) - len(inj_files)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--errors", type=int, default=1)
    ap.add_argument("--dirty", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--relaid", type=float, default=0.2, help="share of files in a re-laid layout")
    ap.add_argument("--no-rescale", action="store_true", help="keep the sample's amounts in every copy")
    ap.add_argument("--engine", default="gx", choices=["gx", "native"], help="screen's expectation engine")
    a = ap.parse_args(argv)
    from generate_balai import generate, prepare
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "balai")
        t = time.perf_counter()
        generate(a.n, src, a.seed, a.errors, a.dirty, prepare(), a.relaid, not a.no_rescale)
        print(f"generated {a.n} in {time.perf_counter() - t:.1f} s")
        with open(os.path.join(src, "injected.json"), encoding="utf-8") as fh:
            injected = json.load(fh)
        for jobs in [int(j) for j in a.jobs.split(",")]:
            out = os.path.join(tmp, f"out{jobs}")
            t = time.perf_counter()
            rc = subprocess.run([sys.executable, "-m", "lakip_lint.cli", "screen", src, "--out", out,
                                 "--jobs", str(jobs), "--engine", a.engine], stderr=subprocess.DEVNULL).returncode
            wall = time.perf_counter() - t
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            s = score(out, injected)
            print(f"jobs {jobs}: rc {rc}, wall {wall:.1f} s, {a.n / wall:.2f} workbooks/s, "
                  f"peak RSS (largest process so far) {peak:.0f} MiB, self {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
            print("  " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in s.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
