"""`check` as text: one line per finding, like compilers and linters print them.

    samples/x.xlsx:'Tabel 6'!D5: LKP201 error <message>
        terkait: 'Tabel 6'!G4
"""
from __future__ import annotations

from decimal import Decimal

from ..check import CheckResult
from ..findings import Number
from .lang import count, message, say, tolerance

COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def render(result: CheckResult, lang: str = "id", colour: bool = False, quiet: bool = False,
           min_rank: int = 0) -> str:
    import click
    from ..findings import SEVERITY_RANK
    lines = []
    by_key = {(f.file, f.ident): f for f in result.findings}
    for f in result.findings:
        if SEVERITY_RANK[f.severity] < min_rank or f.outcome == "not_run" or f.primary:
            continue            # could not run: summary and --statistics; a symptom: under its primary
        where = f.cell or f.sheet or ""
        sev = f.severity
        word = say(f"severity.{sev}", lang)
        shown = click.style(word, fg=COLOURS[sev], bold=sev == "error") if colour else word
        code = click.style(f.code, bold=True) if colour else f.code
        lines.append(f"{f.file}:{where + ':' if where else ''} {code} {shown} {message(f, lang)}")
        if f.related and not quiet:
            lines.append("    " + say("text.related", lang, cells=", ".join(f.related)))
        if f.symptoms and not quiet:
            also = [by_key.get((f.file, k)) for k in f.symptoms]
            shown_also = ", ".join(f"{x.cell} ({x.code})" for x in also if x is not None)
            lines.append("    " + say("text.also_seen", lang, cells=shown_also))
        if f.tolerance is not None and not quiet:
            lines.append("    " + say("text.tolerance", lang, tolerance=tolerance(f, lang)))
    if not quiet:
        lines.append(summary(result, lang))
    return "\n".join(lines)


def summary(result: CheckResult, lang: str) -> str:
    """Counts mistakes: a symptom listed under its primary finding is not counted again."""
    e, w, i = (result.mistakes(s) for s in ("error", "warning", "info"))
    not_run = sum(1 for f in result.findings if f.outcome == "not_run")
    symptoms = sum(1 for f in result.findings if f.primary)
    cov = result.total_coverage()
    text = say("text.summary", lang, findings=count("finding", e + w + i, lang),
               errors=count("error", e, lang), warnings=count("warning", w, lang),
               infos=count("info", i, lang), files=count("file", len(result.reports), lang),
               checked=Number(Decimal(cov.checked)), numbers=count("number", cov.numbers, lang),
               share=f"{100 * cov.share:.0f} %", not_run=count("check", not_run, lang))
    if symptoms:
        text += " " + say("text.symptoms", lang, findings=count("more_finding", symptoms, lang))
    if result.suppressed or result.baselined:
        text += " " + say("text.not_shown", lang, suppressed=result.suppressed, baselined=result.baselined)
    return text
