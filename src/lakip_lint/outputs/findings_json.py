"""`check --format json`: findings, files and per-rule statistics; validates against
schemas/findings.schema.json."""
from __future__ import annotations

import json

from .. import __version__
from ..check import CheckResult, Coverage
from . import statistics
from .lang import message


def document(result: CheckResult, lang: str = "id") -> dict:
    return {
        "tool": "lakip-lint",
        "version": __version__,
        "lang": lang,
        "files": [{"path": r.path, "format": r.format, "readable": r.readable,
                   "fiscal_year": r.fiscal_year, "unit": r.unit_name, "tables": len(r.tables),
                   "coverage": coverage(result.coverage.get(r.path, Coverage()))}
                  for r in result.reports],
        "summary": {s: result.count(s) for s in ("error", "warning", "info")}
                   | {"not_run": sum(1 for f in result.findings if f.outcome == "not_run"),
                      "coverage": coverage(result.total_coverage())},
        "findings": [f.to_dict(message(f, lang)) for f in result.findings],
        "statistics": statistics.rows(result),
    }


def coverage(c: Coverage) -> dict:
    return {"numbers": c.numbers, "checked": c.checked, "share": round(c.share, 4)}


def render(result: CheckResult, lang: str = "id") -> str:
    return json.dumps(document(result, lang), ensure_ascii=False, indent=2)
