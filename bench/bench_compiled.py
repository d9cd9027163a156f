"""The reader compiled with mypyc against the reader as it ships (interpreted), and
python-calamine's raw read: what compiling would buy (issue: read ≤ 10× calamine).

    python bench/bench_compiled.py          # needs mypy (the test extra) and a C compiler

Builds a copy of the package in a temporary folder with `read/` (all but the .xls child)
and `labels.py` compiled, checks that it reads the samples exactly as the interpreted
package does (the `extract --format json` output), then times `read_cells` and
`read_report` of each sample in-process, median of 31, alternating the two builds. Nothing
here is installed or left behind; the project itself stays interpreted.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "samples" / "bspji-pekanbaru-2023.xlsx", ROOT / "samples" / "bspji-pekanbaru-2023-rapi.xlsx"]
ALL_SAMPLES = sorted((ROOT / "samples").glob("*.xlsx"))
COMPILED = [p for p in sorted((ROOT / "src" / "lakip_lint" / "read").glob("*.py")) if p.name != "calamine_reader.py"] \
    + [ROOT / "src" / "lakip_lint" / "labels.py"]

SETUP = """
from setuptools import setup
from mypyc.build import mypycify
setup(name="lakip-lint-compiled", ext_modules=mypycify(["--ignore-missing-imports"] + {mods!r}, opt_level="3"))
"""

# run in a child process per build: the figures of one workbook, and its reading as JSON
CHILD = r"""
import json, sys
sys.path.insert(0, sys.argv[2])                     # bench/: the shared timing and calamine read
from bench_read import calamine_all
from timing import median_of
import python_calamine
from lakip_lint.read import read_cells, read_report
from lakip_lint.read import rows
from lakip_lint.outputs.report_json import render
path = sys.argv[1]
def med(fn):
    for _ in range(3):
        fn()                                        # warm: imports, caches
    return median_of(fn, 31) * 1000
print(json.dumps({"compiled": rows.__file__.endswith((".so", ".pyd")),
                  "calamine": med(lambda: calamine_all(python_calamine, path)),
                  "cells": med(lambda: read_cells(path)), "report": med(lambda: read_report(path)),
                  "reading": render([read_report(path)], "id")}))
"""

def main() -> int:
    if importlib.util.find_spec("mypyc") is None:
        print("mypy (with mypyc) is not installed: pip install -e '.[test]'")
        return 0
    with tempfile.TemporaryDirectory(prefix="lakip-compiled-") as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(ROOT / "src" / "lakip_lint", src / "lakip_lint", symlinks=False,
                        ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))
        mods = [str(p.relative_to(ROOT / "src")) for p in COMPILED]
        (src / "setup_compiled.py").write_text(SETUP.format(mods=mods), encoding="utf-8")
        build = subprocess.run([sys.executable, "setup_compiled.py", "build_ext", "--inplace"], cwd=src,
                               capture_output=True, text=True)
        if build.returncode != 0:
            print("the compiled build failed (a C compiler is needed; mypyc's own report below):")
            print("\n".join((build.stdout + build.stderr).splitlines()[-20:]))
            return 1
        builds = {"interpreted": str(ROOT / "src"), "compiled": str(src)}
        same = True
        for path in ALL_SAMPLES:
            got = {name: _child(where, path) for name, where in builds.items()}
            if not got["compiled"]["compiled"]:
                print("the compiled copy was not the one imported")
                return 1
            if got["compiled"]["reading"] != got["interpreted"]["reading"]:
                same = False
                print(f"{path.name}: the compiled reader reads it differently")
        print(f"same reading of the {len(ALL_SAMPLES)} samples: {'yes' if same else 'NO'}")
        print(f"{'workbook':34} {'build':12} {'calamine':>9} {'cells':>8} {'read_report':>11} {'report/cal':>10}")
        for path in SAMPLES:
            for rnd in range(3):                      # alternating, three pairs
                for name, where in builds.items():
                    f = _child(where, path)
                    print(f"{path.name:34} {name:12} {f['calamine']:7.1f}ms {f['cells']:6.1f}ms "
                          f"{f['report']:9.1f}ms {f['report'] / f['calamine']:9.1f}×")
        return 0 if same else 1


def _child(pythonpath: str, path: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=pythonpath)
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(ROOT / "bench")], env=env,
                         capture_output=True, text=True, check=True, cwd=tempfile.gettempdir())
    return json.loads(out.stdout)


if __name__ == "__main__":
    sys.exit(main())
