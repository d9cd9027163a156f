"""`screen`'s dashboard (index.html) and one page per submitted file (berkas/<name>.html).

The dashboard opens with the ranking — one row per submitted file, worst first (errors,
then warnings, then the least checked): file, balai, year, status, counts, its three most
frequent problems by rule title and a link to its page — under an inline SVG bar chart of
errors per file; the rules × files matrix (by rule title, shaded by errors only) follows.
Self-contained (no network), escaped, deterministic; rows become cards under 720 px.
Each file's page is `check --format html` of that file.
"""
from __future__ import annotations

import os
import re
from html import escape

from .. import __version__
from ..check import CheckResult
from ..submissions import Submission, superseded, top_problems
from .lang import plural, say, title

STATUS_CLASS = {"TIDAK TERBACA": "unread", "PERLU PERBAIKAN": "fix", "TIDAK DIPERIKSA": "unchecked",
                "LULUS": "pass"}

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:1rem;color:#212121;
max-width:1400px}
h1{font-size:1.4rem;margin:.2rem 0 .6rem}h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
p.lead{margin:.2rem 0 1rem;color:#424242}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e0e0e0;padding:.35rem .5rem;
text-align:left;vertical-align:top}th{background:#f5f5f5;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.st{display:inline-block;padding:.05rem .4rem;border-radius:.25rem;font-size:.85em;font-weight:600}
.st.fix{background:#f8d7da;color:#842029}.st.pass{background:#d4edda;color:#0f5132}
.st.unchecked{background:#fff3cd;color:#664d03}.st.unread{background:#9e9e9e;color:#fff}
tr.old td{color:#757575}ul.pr{margin:0;padding-left:1.1rem}
svg{max-width:100%;height:auto}.mx td.c{text-align:center}
.mx td.e1{background:#f5b7b1}.mx td.e2{background:#e6786f}.mx td.e3{background:#c0392b;color:#fff}
.wide{overflow-x:auto}footer{margin-top:2rem;color:#757575;font-size:.85em}
@media (max-width:720px){
 table.rank thead{display:none}table.rank,table.rank tbody,table.rank tr,table.rank td{display:block;width:auto}
 table.rank tr{border:1px solid #e0e0e0;border-radius:.4rem;margin:0 0 .7rem;padding:.3rem .5rem}
 table.rank td{border:0;padding:.15rem 0}table.rank td.n{text-align:left}
 table.rank td[data-label]:before{content:attr(data-label) ": ";font-weight:600}
}
"""


def _e(x) -> str:
    return escape("" if x is None else str(x), quote=True)


def page_name(s: Submission, used: set[str]) -> str:
    """A file's page: its file name made safe, unique in the batch."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", os.path.splitext(os.path.basename(s.path))[0]).strip("-.") or "berkas"
    name, i = base, 2
    while name.lower() in used:
        name, i = f"{base}-{i}", i + 1
    used.add(name.lower())
    return f"berkas/{name}.html"


def write(ranked: list[Submission], rules, out: str, lang: str = "id") -> None:
    """index.html and every file's page, atomically."""
    from ..atomic import write_atomically
    os.makedirs(os.path.join(out, "berkas"), exist_ok=True)
    used: set[str] = set()
    pages = {s.path: page_name(s, used) for s in ranked}
    for s in ranked:
        write_atomically(os.path.join(out, pages[s.path]), file_page(s, rules, lang))
    write_atomically(os.path.join(out, "index.html"), dashboard(ranked, rules, pages, lang))


def file_page(s: Submission, rules, lang: str) -> str:
    from ..rules import RuleStats
    from . import renderer
    by_id = {r.id: r for r in rules}
    stats = {}
    for rid, counts in s.counts.items():
        if rid in by_id:
            st = RuleStats(by_id[rid])
            st.counts.update(counts)
            stats[rid] = st
    result = CheckResult([s.report], s.findings, stats, rules, coverage={s.report.path: s.coverage})
    return renderer("html").render(result, lang)


def chart(ranked: list[Submission], lang: str) -> str:
    """Errors per file, worst on top: an inline SVG bar chart with its numbers written
    (the files ranked: a superseded copy is listed in the table, not charted)."""
    old = superseded(ranked)
    rows = [s for s in ranked if s.readable and s.path not in old]
    if not rows:
        return ""
    bar_h, gap, label_w, width = 18, 6, 230, 640
    most = max((s.count("error") for s in rows), default=0) or 1
    h = len(rows) * (bar_h + gap) + 10
    parts = [f'<svg role="img" viewBox="0 0 {width} {h}" width="{width}" height="{h}" '
             f'aria-label="{_e(say("screen.chart_title", lang))}">',
             f"<title>{_e(say('screen.chart_title', lang))}</title>"]
    for i, s in enumerate(rows):
        y = 5 + i * (bar_h + gap)
        n = s.count("error")
        w = int((width - label_w - 50) * n / most)
        name = f"{s.balai} {s.year or ''}".strip()
        short = name if len(name) <= 30 else name[:29] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="12">{_e(short)}</text>')
        if w:
            parts.append(f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="#c62828"/>')
        parts.append(f'<text x="{label_w + w + 4}" y="{y + 13}" font-size="12">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def dashboard(ranked: list[Submission], rules, pages: dict[str, str], lang: str) -> str:
    old = superseded(ranked)
    counted = [s for s in ranked if s.path not in old]
    bad = sum(1 for s in counted if s.status != "LULUS")
    L = lambda k, **p: _e(say(f"screen.{k}", lang, **p))       # noqa: E731
    head = ["rank", "file", "balai", "year", "status", "errors", "warnings", "checked", "problems"]
    rows = []
    for i, s in enumerate(ranked, 1):
        cls = ' class="old"' if s.path in old else ""
        probs = "".join(f"<li>{_e(title(c, lang))} ({n}×)</li>" for c, n in top_problems(s))
        notes = []
        if s.path in old:
            notes.append(say("screen.superseded_by", lang, file=os.path.basename(old[s.path].path)))
        if s.readable and not s.named:
            notes.append(say("screen.balai_from_file", lang))
        note = "".join(f"<br><small>{_e(n)}</small>" for n in notes)
        cov = f"{100 * s.coverage.share:.0f} %" if s.coverage.numbers else "–"
        cells = [
            ("rank", "" if s.path in old else str(i), "n"),
            ("file", f'<a href="{_e(pages[s.path])}">{_e(os.path.basename(s.path))}</a>{note}', ""),
            ("balai", _e(s.balai), ""),
            ("year", _e(s.year or "–"), "n"),
            ("status", f'<span class="st {STATUS_CLASS[s.status]}">{_e(s.status)}</span>', ""),
            ("errors", str(s.count("error")), "n"),
            ("warnings", str(s.count("warning")), "n"),
            ("checked", cov, "n"),
            ("problems", f'<ul class="pr">{probs}</ul>' if probs else "–", ""),
        ]
        tds = "".join(f'<td{" class=" + chr(34) + c + chr(34) if c else ""} data-label="{L("col_" + k)}">{v}</td>'
                      for k, v, c in cells)
        rows.append(f"<tr{cls}>{tds}</tr>")
    ths = "".join(f'<th scope="col">{L("col_" + k)}</th>' for k in head)
    files = [s for s in ranked if s.readable and s.path not in old]
    codes = sorted({f.code for s in files for f in s.findings if f.severity == "error" and not f.primary
                    and f.outcome != "not_run"})
    mx = []
    for code in codes:
        counts = []
        for s in files:
            n = sum(1 for f in s.findings if f.code == code and f.severity == "error" and not f.primary
                    and f.outcome != "not_run")
            shade = "" if not n else " e1" if n == 1 else " e2" if n < 4 else " e3"
            counts.append(f'<td class="c{shade}">{n or ""}</td>')
        mx.append(f'<tr><th scope="row">{_e(title(code, lang))} <small>{_e(code)}</small></th>{"".join(counts)}</tr>')
    mx_head = "".join(f'<th scope="col">{_e(s.balai)} {_e(s.year or "")}</th>' for s in files)
    matrix = (f'<h2>{L("matrix_title")}</h2><p class="lead">{L("matrix_lead")}</p><div class="wide">'
              f'<table class="mx"><thead><tr><th scope="col">{L("col_rule")}</th>{mx_head}</tr></thead>'
              f'<tbody>{"".join(mx)}</tbody></table></div>') if codes else ""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{L("title")}</title><style>{CSS}</style></head><body>'
            f'<h1>{L("title")}</h1>'
            f'<p class="lead">{L("lead", n=len(ranked), bad=bad, passed=len(counted) - bad)}'
            f'{" " + _e(plural("screen.lead_superseded", len(old), lang)) if old else ""}</p>'
            f'<h2>{L("chart_title")}</h2>{chart(ranked, lang)}'
            f'<h2>{L("ranking")}</h2><table class="rank"><thead><tr>{ths}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>{matrix}'
            f'<footer>lakip-lint {_e(__version__)}</footer></body></html>\n')
