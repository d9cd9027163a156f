"""`extract --format json`: the Report as JSON (validated by schemas/report.schema.json)."""
from __future__ import annotations

import json

from ..model import Report
from .lang import message


def report_to_dict(report: Report, lang: str = "id") -> dict:
    return {
        "file": report.path,
        "format": report.format,
        "parser": report.parser,
        "fiscal_year": report.fiscal_year,
        "unit_name": report.unit_name,
        "sheets": list(report.sheets),
        "facts": {k: v.to_dict() for k, v in sorted(report.facts.items())},
        "tables": [
            {
                "kind": t.kind,
                "sheet": t.sheet,
                "ref": t.ref,
                "caption": t.caption,
                "number": t.number,
                "hidden_sheet": t.hidden_sheet,
                "columns": [{"name": c.name, "header": c.header, "cell": c.cell, "type": c.type,
                             "scale": c.scale} for c in t.columns],
                "rows": [
                    {"index": r.index, "sheet_row": r.sheet_row, "kind": r.kind, "label": r.label,
                     "section": r.section, "level": r.level, "parent": r.parent, "year": r.year,
                     "values": {k: v.to_dict() for k, v in r.values.items()}}
                    for r in t.rows
                ],
            }
            for t in report.tables
        ],
        "notices": [n.to_dict(message(n, lang)) for n in sorted(report.notices, key=lambda n: n.sort_key())],
    }


def render(reports: list[Report], lang: str = "id") -> str:
    data = [report_to_dict(r, lang) for r in reports]
    return json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2)
