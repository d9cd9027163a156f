"""`watch` warm: what the watcher spends on one changed workbook once it is running.

    python bench/bench_watch.py [N]     # median of N (default 9) per sample; target ≤ 0,3 s

A Watcher is started on a scratch folder holding one sample (rules loaded, imports done),
one pass is made so nothing is cold, then each timed pass forgets that the workbook was
checked and runs the watcher's own `once()`: listing the folder, sniffing and hashing the
workbook, `check_paths`, the HTML and JSON reports written beside it, the state file and
the log line — everything the watcher does for a workbook dropped on the share.
"""
from __future__ import annotations

import contextlib
import io
import shutil
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_of  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "samples" / "bspji-pekanbaru-2023.xlsx", ROOT / "samples" / "bspji-pekanbaru-2023-rapi.xlsx"]
TARGET = 0.3


def main() -> None:
    from lakip_lint.watch import Watcher, WatchOptions
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    for sample in SAMPLES:
        with tempfile.TemporaryDirectory() as folder:
            shutil.copy(sample, Path(folder) / sample.name)
            watcher = Watcher(WatchOptions(directory=folder, settle=0.0), threading.Event())

            def one_pass() -> None:
                watcher.state["files"].clear()          # as if the workbook had just changed
                with contextlib.redirect_stdout(io.StringIO()):
                    watcher.once()
            one_pass()
            reports = sorted(p.name for p in Path(folder).iterdir() if p.name != sample.name)
            took = median_of(one_pass, n)
            print(f"{sample.name:34} {took * 1000:6.0f} ms per workbook (median of {n}; target ≤ {TARGET * 1000:.0f} ms) "
                  f"{'ok' if took <= TARGET else 'OVER'}  wrote: {', '.join(reports)}")


if __name__ == "__main__":
    main()
