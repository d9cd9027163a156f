"""`check` as text: one line per finding, like compilers and linters print them.

    samples/x.xlsx:'Tabel 6'!D5: LKP201 error <message>
        terkait: 'Tabel 6'!G4
"""
from __future__ import annotations

from decimal import Decimal

from ..check import CheckResult
from ..rules.numfmt import fmt

SEV = {"id": {"error": "error", "warning": "peringatan", "info": "info"},
       "en": {"error": "error", "warning": "warning", "info": "info"}}
COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def render(result: CheckResult, lang: str = "id", colour: bool = False, quiet: bool = False,
           min_rank: int = 0) -> str:
    import click
    from ..findings import SEVERITY_RANK
    lines = []
    by_key = {(f.file, f.key): f for f in result.findings}
    for f in result.findings:
        if SEVERITY_RANK[f.severity] < min_rank or f.outcome == "not_run" or f.primary:
            continue            # could not run: summary and --statistics; a symptom: under its primary
        where = f.cell or f.sheet or ""
        sev = f.severity
        word = SEVERITY_WORDS[lang].get(sev, sev)
        shown = click.style(word, fg=COLOURS[sev], bold=sev == "error") if colour else word
        code = click.style(f.code, bold=True) if colour else f.code
        lines.append(f"{f.file}:{where + ':' if where else ''} {code} {shown} {f.message(lang)}")
        if f.related and not quiet:
            lines.append(("    terkait: " if lang == "id" else "    related: ") + ", ".join(f.related))
        if f.symptoms and not quiet:
            also = [by_key.get((f.file, k)) for k in f.symptoms]
            shown_also = ", ".join(f"{x.cell} ({x.code})" for x in also if x is not None)
            lines.append(("    juga terlihat di: " if lang == "id" else "    also seen at: ") + shown_also)
        if f.tolerance is not None and not quiet:
            tol = fmt(Decimal(f.tolerance), lang)
            lines.append(f"    toleransi ±{tol} (ketelitian angka yang ditulis)" if lang == "id"
                         else f"    tolerance ±{tol} (precision of the stated figure)")
    if not quiet:
        lines.append(summary(result, lang))
    return "\n".join(lines)


def summary(result: CheckResult, lang: str) -> str:
    """Counts mistakes: a symptom listed under its primary finding is not counted again."""
    e, w, i = (sum(1 for f in result.findings if f.severity == s and not f.primary) for s in ("error", "warning", "info"))
    n = len(result.reports)
    not_run = sum(1 for f in result.findings if f.outcome == "not_run")
    symptoms = sum(1 for f in result.findings if f.primary)
    extra_en = extra_id = ""
    if result.suppressed or result.baselined:
        extra_en = f" Not shown: {result.suppressed} suppressed, {result.baselined} in the baseline."
        extra_id = f" Tidak ditampilkan: {result.suppressed} ditekan, {result.baselined} sudah ada di baseline."
    shown = len(result.findings) - not_run - symptoms
    if symptoms:
        extra_id = f" {symptoms} temuan lain adalah akibatnya (juga terlihat di …)." + extra_id
        extra_en = f" {_n(symptoms, 'more finding')} follow{'s' if symptoms == 1 else ''} from these (also seen at …)." + extra_en
    cov = result.total_coverage()
    pct = f"{100 * cov.share:.0f} %"
    if lang == "en":
        ne, nw = e - _nr(result, 'error'), w - _nr(result, 'warning')
        return (f"{_n(shown, 'finding')} ({_n(ne, 'error')}, {_n(nw, 'warning')}, "
                f"{i - _nr(result, 'info')} info) in {_n(n, 'file')}; {fmt(Decimal(cov.checked), lang)} of "
                f"{fmt(Decimal(cov.numbers), lang)} numbers checked ({pct}); {_n(not_run, 'check')} could not run "
                f"(--statistics lists them).{extra_en}")
    return (f"{shown} temuan ({e - _nr(result, 'error')} galat, {w - _nr(result, 'warning')} peringatan, "
            f"{i - _nr(result, 'info')} info) di {n} berkas; {fmt(Decimal(cov.checked), lang)} dari "
            f"{fmt(Decimal(cov.numbers), lang)} angka diperiksa ({pct}); {not_run} pemeriksaan tidak dapat "
            f"dijalankan (lihat --statistics).{extra_id}")


SEVERITY_WORDS = {"id": {"error": "galat", "warning": "peringatan", "info": "info"},
                  "en": {"error": "error", "warning": "warning", "info": "info"}}


def _n(count: int, noun: str) -> str:
    """`1 finding`, `2 findings` (English)."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _nr(result: CheckResult, severity: str) -> int:
    return sum(1 for f in result.findings if f.outcome == "not_run" and f.severity == severity)
