"""How lakip-lint does on the corpus of other units' real reports.

    python corpus/evaluate.py [--layout printed|native|both] [--verbose]

For each transcribed report (corpus/reports/*.yaml), both workbooks built by build.py are
checked with the full rule pack, in process, as `lakip-lint check` would:

- **found**: each of the report's real defects has a finding at warning or error level
  that names the defect's cell (as its cell, a related cell or a cell it read);
- **silent**: the corrected twin gives no finding at warning or error level;
- **other**: findings on the published report that name no listed defect (either a
  defect the transcription missed, or a false alarm: read them).

Exit 1 when a defect is missed or a corrected twin is not silent.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import build  # noqa: E402
from lakip_lint.outputs.lang import message

LOUD = ("warning", "error")


def defect_cell(report: dict, defect: dict) -> str:
    sheet, first, c0 = build.layout_of(report)[defect["table"]]
    r, c = defect["cell"]
    from lakip_lint.read.grid import col_letter
    return f"{sheet}!{col_letter(c0 + c - 1)}{first + r - 1}"


def _plain(cell: str | None) -> str | None:
    if not cell or "!" not in cell:
        return cell
    sheet, ref = cell.rsplit("!", 1)
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return f"{sheet}!{ref.replace('$', '')}"


def names(finding, cell: str) -> bool:
    cells = {_plain(c) for c in [finding.cell, *(finding.related or []), *(getattr(finding, "reads", None) or [])]}
    return cell in cells


@dataclass
class ReportResult:
    id: str
    layout: str
    defects: list[tuple[dict, str, bool]] = field(default_factory=list)   # (defect, cell, found)
    loud_corrected: list = field(default_factory=list)
    other: list = field(default_factory=list)
    checked: tuple[int, int] = (0, 0)

    @property
    def ok(self) -> bool:
        return all(f for _, _, f in self.defects) and not self.loud_corrected


def check_workbook(path: Path):
    from lakip_lint.check import check_paths
    return check_paths([str(path)], {}, [], [])


def evaluate(layout: str = "printed", ids: list[str] | None = None, out_dir: Path | None = None) -> list[ReportResult]:
    tmp = None
    if out_dir is None:
        tmp = tempfile.TemporaryDirectory()
        out_dir = Path(tmp.name)
    try:
        results = []
        for rep, published, fixed in build.build(out_dir / layout, layout, ids):
            res = ReportResult(rep["id"], layout)
            got = check_workbook(published)
            loud = [f for f in got.findings if f.severity in LOUD]
            cells = []
            for d in rep.get("defects", []):
                cell = defect_cell(rep, d)
                cells.append(cell)
                res.defects.append((d, cell, any(names(f, cell) for f in loud)))
            res.other = [f for f in loud if not any(names(f, c) for c in cells)]
            again = check_workbook(fixed)
            res.loud_corrected = [f for f in again.findings if f.severity in LOUD]
            cov = again.total_coverage()
            res.checked = (cov.checked, cov.numbers)
            results.append(res)
        return results
    finally:
        if tmp is not None:
            tmp.cleanup()


def render(results: list[ReportResult], verbose: bool = False) -> str:
    lines = [f"{'report':28} {'layout':8} {'defects':>7} {'found':>5} {'corrected':>9} {'other':>5}"]
    for r in results:
        found = sum(1 for _, _, f in r.defects if f)
        lines.append(f"{r.id:28} {r.layout:8} {len(r.defects):7} {found:5} "
                     f"{('silent' if not r.loud_corrected else str(len(r.loud_corrected)) + ' loud'):>9} {len(r.other):5}")
        if verbose or not r.ok:
            for d, cell, f in r.defects:
                if not f:
                    lines.append(f"    MISSED {cell} {d['relation']}: {d['why']}")
            for f in r.loud_corrected:
                lines.append(f"    CORRECTED LOUD {f.cell} {f.code} {message(f, 'id')}")
            if verbose:
                for f in r.other:
                    lines.append(f"    other {f.cell} {f.code} {message(f, 'id')}")
    total = sum(len(r.defects) for r in results)
    found = sum(1 for r in results for _, _, f in r.defects if f)
    silent = sum(1 for r in results if not r.loud_corrected)
    lines.append(f"defects found {found}/{total}; corrected twins silent {silent}/{len(results)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--layout", choices=["printed", "native", "both"], default="both")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("ids", nargs="*")
    a = ap.parse_args(argv)
    layouts = ["printed", "native"] if a.layout == "both" else [a.layout]
    results = [r for lay in layouts for r in evaluate(lay, a.ids or None)]
    print(render(results, a.verbose))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
