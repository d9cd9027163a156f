"""`extract` as text: every table, its kind, rows and values with their cells."""
from __future__ import annotations

from ..catalog import load_catalog
from ..model import Report, Value, local_part
from .lang import message, say


def _show(v: Value, lang: str = "id") -> str:
    if v.kind == "number" and v.number is not None:
        s = format(v.number.normalize(), "f") if v.number == v.number.to_integral_value() else format(v.number, "f")
        return s + (" %" if v.unit == "persen" else "")
    if v.kind == "date":
        return v.date.isoformat() if v.date else (v.raw or "")
    if v.kind == "text":
        t = v.text or ""
        return t if len(t) <= 40 else t[:37] + "…"
    if v.kind == "ambiguous":
        return "?" + "|".join(str(a) for a in v.alternatives)
    if v.kind == "formula_uncached":
        return say("extract.formula_uncached", lang)
    return {"dash": "-", "na": "N/A", "empty": "·", "error": v.raw or "#ERR"}.get(v.kind, v.kind)


def render(reports: list[Report], lang: str = "id", values: bool = True) -> str:
    cat = load_catalog()
    out = []
    for report in reports:
        out.append(f"# {report.path}  [{report.format}, {report.parser}]"
                   + (f"  {say('extract.fiscal_year', lang, year=str(report.fiscal_year))}" if report.fiscal_year else "")
                   + (f"  {report.unit_name}" if report.unit_name else ""))
        for t in report.tables:
            title = cat.kind(t.kind).title.get(lang, t.kind) if t.kind in {k.kind for k in cat.kinds} else t.kind
            cap = f" — {t.caption}" if t.caption else ""
            out.append(f"\n## {t.ref}  {t.kind} ({title}){cap}")
            out.append("   " + " | ".join(f"{c.name}" + (f" ×{c.scale}" if c.scale != 1 else "") for c in t.columns))
            for r in t.rows:
                head = f"   r{r.sheet_row} {r.kind}"
                if r.level:
                    head += f" {r.level}"
                if values:
                    cells = ", ".join(f"{k}={_show(v, lang)} @{local_part(v.cell)}" for k, v in r.values.items()
                                      if v.kind != "empty")
                    out.append(f"{head}: {cells}")
        if report.facts:
            out.append(f"\n## {say('extract.facts', lang)}")
            for k, v in sorted(report.facts.items()):
                out.append(f"   {k} = {_show(v, lang)}  ({v.raw}) @{v.cell}")
        if report.notices:
            out.append(f"\n## {say('extract.notices', lang)}")
            for n in sorted(report.notices, key=lambda n: n.sort_key()):
                where = n.cell or n.sheet or ""
                out.append(f"   {n.file}:{where + ':' if where else ''} {n.code} {say(f'severity.{n.severity}', lang)} "
                           f"{message(n, lang)}")
        out.append("")
    return "\n".join(out)
