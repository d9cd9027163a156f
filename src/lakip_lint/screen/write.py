"""Screening outputs: ringkasan.xlsx (openpyxl), index.html (self-contained) and one page
per workbook under balai/ (the `html` findings format)."""
from __future__ import annotations

import html
import os
import re
from collections import Counter, defaultdict

from ..atomic import write_atomically
from ..check import CheckResult
from ..model import Report
from ..rules import RuleStats

STATUS_FILL = {"LULUS": "C6EFCE", "PERLU PERBAIKAN": "FFE699", "TIDAK TERBACA": "FFC7CE"}
L = {
    "id": {"title": "Penyaringan LAKIP BSKJI", "rank": "Peringkat balai (kesalahan lebih dulu)", "balai": "Balai",
           "year": "TA", "file": "Berkas", "errors": "Kesalahan", "warnings": "Peringatan", "info": "Info",
           "top": "3 aturan teratas", "status": "Status", "heat": "Peta panas aturan × balai",
           "rule": "Aturan", "report": "Laporan", "books": "laporan", "total": "Jumlah"},
    "en": {"title": "BSKJI LAKIP screening", "rank": "Balai ranking (errors first)", "balai": "Balai",
           "year": "FY", "file": "File", "errors": "Errors", "warnings": "Warnings", "info": "Info",
           "top": "Top 3 rules", "status": "Status", "heat": "Heat map rule × balai",
           "rule": "Rule", "report": "Report", "books": "reports", "total": "Total"},
}


def _e(x) -> str:
    return html.escape("" if x is None else str(x), quote=True)


def safe_name(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return s[:80] or "laporan"


def _atomic_save(wb, path: str) -> None:
    write_atomically(path, wb.save, suffix=".xlsx")


def workbook(summaries, path: str, lang: str = "id") -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    en = lang == "en"
    wb = Workbook()
    ws = wb.active
    ws.title = "Summary" if en else "Ringkasan"
    head = (["File", "Balai", "FY", "Errors", "Warnings", "Info", "Top 3 rules", "Status"] if en else
            ["Berkas", "Balai", "TA", "Kesalahan", "Peringatan", "Info", "3 aturan teratas", "Status"])
    ws.append(head)
    for s in summaries:
        ws.append([s.file, s.balai, s.year, s.count("error"), s.count("warning"), s.count("info"),
                   ", ".join(f"{c} ({n})" for c, n in s.top_rules()), s.status])
        ws.cell(ws.max_row, 8).fill = PatternFill("solid", fgColor=STATUS_FILL.get(s.status, "FFFFFF"))
    # rule × balai
    m = wb.create_sheet("Rule x balai" if en else "Aturan x balai")
    balais = sorted({s.balai for s in summaries})
    counts = defaultdict(Counter)
    for s in summaries:
        for f in s.findings:
            if f["severity"] in ("error", "warning"):
                counts[f["code"]][s.balai] += 1
    m.append(["Rule" if en else "Aturan"] + balais + ["Total" if en else "Jumlah"])
    for code in sorted(counts):
        m.append([code] + [counts[code].get(b, 0) for b in balais] + [sum(counts[code].values())])
    # all findings
    a = wb.create_sheet("Findings" if en else "Temuan")
    a.append(["Balai", "FY" if en else "TA", "File" if en else "Berkas", "Code" if en else "Kode",
              "Severity" if en else "Tingkat", "Cell" if en else "Sel", "Message" if en else "Pesan",
              "Expected" if en else "Diharapkan", "Stated" if en else "Tertulis",
              "Related cells" if en else "Sel terkait"])
    for s in summaries:
        for f in s.findings:
            a.append([s.balai, s.year, s.file, f["code"], f["severity"], f.get("cell"),
                      f["message_en"] if en else f["message_id"], _num(f.get("expected")), _num(f.get("stated")),
                      ", ".join(f.get("related") or [])])
    for sheet in (ws, m, a):
        for c in sheet[1]:
            c.font = Font(bold=True)
        sheet.freeze_panes = "B2" if sheet is m else "A2"
        sheet.auto_filter.ref = sheet.dimensions
    for col, w in zip("ABCDEFGH", (48, 28, 8, 10, 10, 8, 32, 18)):
        ws.column_dimensions[col].width = w
    _atomic_save(wb, path)


def _num(x):
    if x is None:
        return None
    try:
        f = float(x)
        return int(f) if f.is_integer() and abs(f) < 1e15 else f
    except (TypeError, ValueError):
        return x


def pages(summaries, rules, out: str, lang: str = "id") -> None:
    """Each workbook's own report (renderer('html')), from its summary."""
    from ..outputs import renderer
    r = renderer("html")
    os.makedirs(os.path.join(out, "balai"), exist_ok=True)
    used: set[str] = set()
    by_id = {x.id: x for x in rules}
    for s in summaries:
        base = safe_name(f"{s.balai}-{s.year}" if s.year else s.balai)
        name, i = base, 2
        while name in used:
            name, i = f"{base}-{i}", i + 1
        used.add(name)
        s.page = f"balai/{name}.html"
        findings = list(s.found)
        report = Report(path=s.file, format="xlsx", parser="-", fiscal_year=s.fiscal_year, unit_name=s.unit_name,
                        sheets=list(s.sheets), notices=[f for f in findings if f.code == "LKP001"])
        report.tables = [None] * s.n_tables          # the page shows only how many tables were found
        stats = {}
        for rid, counts in s.counts.items():
            if rid in by_id:
                st = RuleStats(by_id[rid])
                st.counts.update(counts)
                stats[rid] = st
        result = CheckResult([report], findings, stats, rules)
        text = r.render(result, lang)
        write_atomically(os.path.join(out, s.page), text)


CSS = """body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #ccc;padding:3px 6px;text-align:left}td.n,th.n{text-align:right}th{background:#f2f2f2}
.LULUS{background:#c6efce}.PERLU{background:#ffe699}.TIDAK{background:#ffc7ce}.heat td.n{min-width:2.2em}
.sub{color:#666}th.v{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}"""


def dashboard(summaries, path: str, lang: str = "id") -> None:
    T = L["en" if lang == "en" else "id"]
    per = defaultdict(list)
    for s in summaries:
        per[s.balai].append(s)
    ranking = sorted(per.items(), key=lambda kv: (-sum(s.count("error") for s in kv[1]),
                                                  -sum(s.count("warning") for s in kv[1]), kv[0]))
    rows = []
    for i, (balai, ss) in enumerate(ranking, 1):
        links = " ".join(f"<a href=\"{_e(s.page)}\" title=\"{_e(s.file)}\">{_e(s.year or os.path.basename(s.file))}</a>"
                         f" <span class=\"{_e(s.status.split()[0])}\">{_e(s.status)}</span>" for s in ss)
        top = Counter()
        for s in ss:
            top.update(dict(s.top_rules(10)))
        rows.append(f"<tr><td class=\"n\">{i}</td><td>{_e(balai)}</td><td class=\"n\">{sum(s.count('error') for s in ss)}</td>"
                    f"<td class=\"n\">{sum(s.count('warning') for s in ss)}</td><td class=\"n\">{sum(s.count('info') for s in ss)}</td>"
                    f"<td>{_e(', '.join(f'{c} ({n})' for c, n in sorted(top.items(), key=lambda kv: (-kv[1], kv[0]))[:3]))}</td>"
                    f"<td>{links}</td></tr>")
    rank = (f"<h2>{_e(T['rank'])}</h2><table id=\"ranking\"><thead><tr><th class=\"n\">#</th><th>{_e(T['balai'])}</th>"
            f"<th class=\"n\">{_e(T['errors'])}</th><th class=\"n\">{_e(T['warnings'])}</th><th class=\"n\">{_e(T['info'])}</th>"
            f"<th>{_e(T['top'])}</th><th>{_e(T['report'])}</th></tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>")
    counts = defaultdict(Counter)
    for s in summaries:
        for f in s.findings:
            if f["severity"] in ("error", "warning"):
                counts[f["code"]][s.balai] += 1
    balais = [b for b, _ in ranking]
    peak = max((n for c in counts.values() for n in c.values()), default=1) or 1
    hrows = []
    for code in sorted(counts):
        cells = []
        for b in balais:
            n = counts[code].get(b, 0)
            alpha = 0 if not n else 0.15 + 0.85 * n / peak
            cells.append(f"<td class=\"n\" style=\"background:rgba(192,0,0,{alpha:.2f})\" title=\"{_e(code)} — {_e(b)}: {n}\">"
                         f"{n or ''}</td>")
        hrows.append(f"<tr><th>{_e(code)}</th>{''.join(cells)}<td class=\"n\">{sum(counts[code].values())}</td></tr>")
    heat = (f"<h2>{_e(T['heat'])}</h2><table class=\"heat\" id=\"heatmap\"><thead><tr><th>{_e(T['rule'])}</th>"
            + "".join(f"<th class=\"v\">{_e(b)}</th>" for b in balais) + f"<th>{_e(T['total'])}</th></tr></thead><tbody>\n"
            + "\n".join(hrows) + "\n</tbody></table>")
    status = Counter(s.status for s in summaries)
    sub = f"{len(summaries)} {T['books']}: " + ", ".join(f"{k} {v}" for k, v in sorted(status.items()))
    page = ("<!DOCTYPE html>\n<html lang=\"" + ("en" if lang == "en" else "id") + "\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
            f"<title>{_e(T['title'])}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{_e(T['title'])}</h1>\n"
            f"<p class=\"sub\">{_e(sub)}</p>\n{rank}\n{heat}\n</body>\n</html>\n")
    write_atomically(path, page)
