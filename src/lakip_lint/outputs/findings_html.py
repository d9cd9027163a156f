"""`check --format html`: one self-contained page a reviewer can open or mail around.

No network and no external assets: the style is inline, the chart is inline SVG and the
small script (filter by severity, search, sort by column) only adds to a page that reads
completely without it. Everything that comes from a workbook — unit names, sheet names,
messages quoting cell texts — is escaped. The same result gives the same bytes: no
timestamps, no random ids, every ordering fixed.
"""
from __future__ import annotations

import base64
import hashlib
from html import escape

from .. import __version__
from ..check import CheckResult
from ..findings import Finding
from . import statistics
from .fix import fix_text, shown
from .lang import count, message, say

# display categories: a check that could not run is shown apart from informational notices
CATEGORIES = ("error", "warning", "info", "not_run")

SEVERITIES = ("error", "warning", "info")


def labels(lang: str) -> dict:
    """The page's words in `lang`, from the catalog (`html.*`, `explain.*`, `severity.*`)."""
    word = {s: say(f"severity.{s}", lang) for s in SEVERITIES}
    return {
        "title": say("html.title", lang),
        "files": say("html.files", lang),
        "file": say("html.file", lang), "unit": say("html.unit", lang), "year": say("html.year", lang),
        "tables": say("html.tables", lang),
        "unknown": say("html.unknown", lang), "unreadable": say("html.unreadable", lang),
        "summary": say("html.summary", lang),
        "cat": {**{s: w[:1].upper() + w[1:] for s, w in word.items()}, "not_run": say("html.not_run", lang)},
        "badge": {**word, "not_run": say("html.badge_not_run", lang)},
        "short": {**word, "not_run": say("html.short_not_run", lang)},
        "follows": say("html.follows", lang), "badge_follows": say("html.badge_follows", lang),
        "total": say("html.total", lang),
        "by_table": say("html.by_table", lang), "table": say("html.table", lang),
        "no_table": say("html.no_table", lang),
        "chart": say("html.chart", lang), "chart_desc": say("html.chart_desc", lang),
        "findings": say("html.findings", lang), "none": say("html.none", lang),
        "code": say("html.code", lang), "severity": say("html.severity", lang),
        "location": say("html.location", lang), "related": say("html.related", lang),
        "message": say("html.message", lang), "values": say("html.values", lang),
        "expected": say("html.expected", lang), "stated": say("html.stated", lang),
        "difference": say("html.difference", lang), "tolerance": say("html.tolerance", lang),
        "explain": say("html.explain", lang),
        "what": say("explain.what", lang), "why": say("explain.why", lang), "example": say("explain.example", lang),
        "fix": say("explain.fix", lang), "source": say("explain.source", lang),
        "stats": say("html.stats", lang), "stats_note": say("html.stats_note", lang),
        "filter": say("html.filter", lang), "search": say("html.search", lang), "shown": say("html.shown", lang),
        "sort_hint": say("html.sort_hint", lang),
        "generated": say("html.generated", lang),
    }


COLOURS = {"error": "#c62828", "warning": "#ef6c00", "info": "#1565c0", "not_run": "#757575"}

CSS = """
:root{--fg:#1a1a1a;--muted:#5f6368;--line:#d0d4d9;--bg:#fff;--band:#f4f6f8}
*{box-sizing:border-box}
body{font:15px/1.45 "DejaVu Sans",system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--fg);
background:var(--bg);margin:0 auto;max-width:1400px;padding:16px 24px 40px}
h1{font-size:1.6em;margin:.2em 0 .1em}h2{font-size:1.2em;margin:1.6em 0 .5em;border-bottom:2px solid var(--line);padding-bottom:.2em}
.sub{color:var(--muted);margin:0 0 .6em}
table{border-collapse:collapse;width:100%;margin:.4em 0}
th,td{border:1px solid var(--line);padding:5px 8px;vertical-align:top;text-align:left}
th{background:var(--band);font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:nth-child(even){background:#fafbfc}
code,.mono{font-family:"DejaVu Sans Mono",ui-monospace,Menlo,Consolas,monospace;font-size:.92em}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:.4em 0}
.card{border:1px solid var(--line);border-left:6px solid var(--c);border-radius:6px;padding:8px 14px;min-width:170px}
.card b{display:block;font-size:1.8em;line-height:1.1}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;color:#fff;font-size:.85em;white-space:nowrap;background:var(--c)}
.sev-error{--c:#c62828}.sev-warning{--c:#ef6c00}.sev-info{--c:#1565c0}.sev-not_run{--c:#757575}
.zero{color:#9aa0a6}
.vals{margin:0;display:grid;grid-template-columns:auto 1fr;gap:0 8px}
.vals dt{color:var(--muted)}.vals dd{margin:0;font-variant-numeric:tabular-nums}
details{margin-top:4px}summary{cursor:pointer;color:#1a4f8b}
details section{margin:4px 0 0 0;padding:4px 10px;border-left:3px solid var(--line);background:var(--band)}
details h4{margin:.4em 0 .1em;font-size:.95em}details p{margin:0 0 .3em;white-space:pre-wrap}
#findings td.msg{min-width:22em;width:48%}
#findings td.code code,#findings td.sev,#findings td.loc code,#findings td.rel code{white-space:nowrap}
#findings td.vcell{min-width:15em}#findings td.code{min-width:10em}#findings td.loc{min-width:9em}
.vals dt{white-space:nowrap}.vals dd{overflow-wrap:anywhere}
.pair{display:flex;flex-wrap:wrap;gap:8px 32px;align-items:flex-start}
.pair>section{flex:1 1 500px;min-width:0}
.pair>section.chart{flex:1 1 560px}
#table-summary td,#table-summary th{padding:2px 8px}#table-summary th{white-space:nowrap}
#table-summary th.n{border-top:3px solid var(--c)}#table-summary td.n,#table-summary th.n{width:1%}
svg{max-width:100%;height:auto}
.controls{margin:.4em 0;display:flex;flex-wrap:wrap;gap:14px;align-items:center}
.controls[hidden]{display:none}
th.sortable{cursor:pointer}th.sortable::after{content:" \\2195";color:#9aa0a6}
footer{margin-top:2em;color:var(--muted);font-size:.85em}
svg text{font-family:"DejaVu Sans",Arial,sans-serif}
.fix{margin:.35em 0 0;padding:3px 8px;background:#eef6ee;border-left:3px solid #2e7d32}
@media print{.controls{display:none}details{display:block}}
@media (max-width:720px){
body{padding:10px 10px 30px;font-size:14px}
.pair>section,.pair>section.chart{flex:1 1 100%}
#file-list,#table-summary,#statistics{display:block;overflow-x:auto;max-width:100%}
#findings,#findings tbody{display:block}#findings thead{display:none}
#findings tr{display:block;border:1px solid var(--line);border-radius:8px;margin:0 0 12px;padding:6px 10px;background:#fff}
#findings td{display:block;border:0;padding:2px 0;min-width:0!important;width:auto!important}
#findings td.n{display:none}
#findings td.code,#findings td.sev,#findings td.loc{display:inline-block;margin-right:10px}
#findings td.rel:empty,#findings td.vcell:empty{display:none}
#findings td code{white-space:normal!important;overflow-wrap:anywhere}
.vals{grid-template-columns:auto 1fr}
.cards .card{min-width:0;flex:1 1 40%}
}
"""

# Sorting and filtering only; nothing here reads workbook data as code.
JS = """
(function(){
var t=document.getElementById('findings');if(!t)return;
var c=document.getElementById('controls');c.hidden=false;
var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows),q=document.getElementById('q'),
boxes=c.querySelectorAll('input[type=checkbox]'),out=document.getElementById('shown');
function apply(){var on={},n=0,s=q.value.toLowerCase();
for(var i=0;i<boxes.length;i++)on[boxes[i].value]=boxes[i].checked;
rows.forEach(function(r){var v=on[r.getAttribute('data-cat')]&&(on.follows||!r.hasAttribute('data-follows'))
&&(!s||r.textContent.toLowerCase().indexOf(s)>=0);
r.hidden=!v;if(v)n++;});out.textContent=n;}
for(var i=0;i<boxes.length;i++)boxes[i].addEventListener('change',apply);
q.addEventListener('input',apply);apply();
var ths=t.tHead.rows[0].cells;
Array.prototype.forEach.call(ths,function(th,k){if(!th.hasAttribute('data-sort'))return;
th.className+=' sortable';th.tabIndex=0;var dir=1;
function sort(){rows.sort(function(a,b){var x=a.cells[k].getAttribute('data-key')||a.cells[k].textContent,
y=b.cells[k].getAttribute('data-key')||b.cells[k].textContent;
var nx=parseFloat(x),ny=parseFloat(y);
var r=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);return r*dir;});
rows.forEach(function(r){body.appendChild(r);});dir=-dir;}
th.addEventListener('click',sort);th.addEventListener('keydown',function(e){if(e.key==='Enter')sort();});});
})();
"""


def _script_hash() -> str:
    """The page's policy allows exactly its own script: nothing injected could run even if escaping failed."""
    return "sha256-" + base64.b64encode(hashlib.sha256(JS.encode("utf-8")).digest()).decode("ascii")


def _e(value) -> str:
    return escape("" if value is None else str(value), quote=True)


def category(f: Finding) -> str:
    return "not_run" if f.outcome == "not_run" else (f.severity if f.severity in CATEGORIES else "info")


def _table_key(f: Finding, multi: bool, L: dict) -> str:
    name = f.table or L["no_table"]
    return f"{f.file}: {name}" if multi else name


def _by_table(result: CheckResult, L: dict) -> list[tuple[str, dict]]:
    """Per table, counts of mistakes by category, in the order the findings first name the table."""
    multi = len({f.file for f in result.findings}) > 1 or len(result.reports) > 1
    out: dict[str, dict] = {}
    for f in result.findings:
        if f.primary:
            continue                  # counted with the finding it follows from
        counts = out.setdefault(_table_key(f, multi, L), {c: 0 for c in CATEGORIES})
        counts[category(f)] += 1
    return list(out.items())


def _location(f: Finding) -> str:
    if f.cell:
        return f.cell
    if f.sheet:
        return f.sheet
    return ""


def _files(result: CheckResult, L: dict) -> str:
    rows = []
    for r in result.reports:
        rows.append(
            f"<tr><td class=\"mono\">{_e(r.path)}</td><td>{_e(r.unit_name or L['unknown'])}</td>"
            f"<td class=\"n\">{_e(r.fiscal_year or L['unknown'])}</td>"
            f"<td class=\"n\">{_tables_read(result, r) if r.readable else _e(L['unreadable'])}</td></tr>")
    return (f"<h2 id=\"files\">{_e(L['files'])}</h2>\n<table id=\"file-list\"><thead><tr><th>{_e(L['file'])}</th>"
            f"<th>{_e(L['unit'])}</th><th class=\"n\">{_e(L['year'])}</th><th class=\"n\">{_e(L['tables'])}</th>"
            f"</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>")


def _tables_read(result: CheckResult, report) -> int:
    """As counted when the workbook was checked (a screened submission carries only the
    tables the batch still needs)."""
    cov = result.coverage.get(report.path)
    return cov.tables if cov is not None and cov.tables else len(report.tables)


def _summary(result: CheckResult, L: dict, lang: str) -> str:
    """Counts mistakes, as the text output does: a finding that follows from another is
    listed with it, not counted again."""
    counts = {c: result.mistakes(c) for c in CATEGORIES if c != "not_run"}
    counts["not_run"] = sum(1 for f in result.findings if f.outcome == "not_run" and not f.primary)
    cards = "".join(
        f"<div class=\"card sev-{c}\" id=\"count-{c}\"><b>{counts[c]}</b>{_e(L['cat'][c])}</div>" for c in CATEGORIES)
    follows = sum(1 for f in result.findings if f.primary)
    note = (f"<p class=\"sub\" id=\"symptoms-note\">"
            f"{_e(say('text.symptoms', lang, findings=count('more_finding', follows, lang)))}</p>" if follows else "")
    return (f"<h2 id=\"summary\">{_e(L['summary'])}</h2>\n<div class=\"cards\">{cards}"
            f"<div class=\"card\" style=\"--c:#1a1a1a\" id=\"count-total\"><b>{sum(counts.values())}</b>"
            f"{_e(L['total'])}</div></div>{note}")


def _table_summary(groups: list[tuple[str, dict]], L: dict) -> str:
    head = "".join(f"<th class=\"n sev-{c}\" title=\"{_e(L['cat'][c])}\">{_e(L['short'][c])}</th>" for c in CATEGORIES)
    rows = []
    for name, counts in groups:
        cells = "".join(f"<td class=\"n{' zero' if not counts[c] else ''}\">{counts[c]}</td>" for c in CATEGORIES)
        rows.append(f"<tr><td class=\"tname\">{_e(name)}</td>{cells}<td class=\"n\"><b>{sum(counts.values())}</b></td></tr>")
    return (f"<h2 id=\"by-table\">{_e(L['by_table'])}</h2>\n<table id=\"table-summary\"><thead><tr>"
            f"<th>{_e(L['table'])}</th>{head}<th class=\"n\">{_e(L['total'])}</th></tr></thead><tbody>\n"
            + "\n".join(rows) + "\n</tbody></table>")


def _chart(groups: list[tuple[str, dict]], L: dict) -> str:
    """Horizontal stacked bars, one per table, most findings first (ties keep report order)."""
    if not groups:
        return ""
    ordered = sorted(enumerate(groups), key=lambda ig: (-sum(ig[1][1].values()), ig[0]))
    label_w, bar_w, row_h, top = 230, 330, 22, 34
    biggest = max(sum(c.values()) for _, (_, c) in ordered)
    unit = bar_w / biggest
    height = top + row_h * len(ordered) + 10
    width = label_w + bar_w + 50
    parts = [f"<svg id=\"chart\" role=\"img\" width=\"{width}\" "
             f"height=\"{height}\" viewBox=\"0 0 {width} {height}\" aria-labelledby=\"chart-title chart-desc\">",
             f"<title id=\"chart-title\">{_e(L['chart'])}</title><desc id=\"chart-desc\">{_e(L['chart_desc'])}</desc>"]
    # legend
    x: float = 10
    for c in CATEGORIES:
        parts.append(f"<rect x=\"{x}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{COLOURS[c]}\"/>"
                     f"<text x=\"{x + 16}\" y=\"16\" font-size=\"12\">{_e(L['cat'][c])}</text>")
        x += 28 + 7 * len(L["cat"][c])
    for i, (_, (name, counts)) in enumerate(ordered):
        y = top + i * row_h
        short = name if len(name) <= 32 else name[:31] + "\u2026"
        parts.append(f"<g><title>{_e(name)}: {sum(counts.values())}</title>"
                     f"<text x=\"{label_w - 8}\" y=\"{y + 14}\" font-size=\"12\" text-anchor=\"end\">{_e(short)}</text>")
        x = float(label_w)
        for c in CATEGORIES:
            if counts[c]:
                w = counts[c] * unit
                parts.append(f"<rect x=\"{x:.1f}\" y=\"{y + 3}\" width=\"{w:.1f}\" height=\"{row_h - 6}\" "
                             f"fill=\"{COLOURS[c]}\"><title>{_e(L['cat'][c])}: {counts[c]}</title></rect>")
                x += w
        parts.append(f"<text x=\"{x + 5:.1f}\" y=\"{y + 14}\" font-size=\"12\">{sum(counts.values())}</text></g>")
    parts.append("</svg>")
    return f"<h2 id=\"chart-head\">{_e(L['chart'])}</h2>\n<figure style=\"margin:0\">" + "\n".join(parts) + "</figure>"


def _explanation(f: Finding, rules: dict, lang: str, L: dict) -> str:
    rule = rules.get(f.code)
    if rule is None:
        return ""
    ex = rule.explain.get(lang) or rule.explain.get("id") or {}
    parts = [f"<h4>{_e(rule.text('title', lang))}</h4>"]
    for key in ("what", "why", "example", "fix"):
        text = (ex.get(key) or "").strip()
        if text:
            parts.append(f"<h4>{_e(L[key])}</h4><p>{_e(text)}</p>")
    if rule.source:
        parts.append(f"<h4>{_e(L['source'])}</h4><p>{_e(rule.source)}</p>")
    return f"<details><summary>{_e(L['explain'])}</summary><section>{''.join(parts)}</section></details>"


def _values(f: Finding, L: dict, lang: str) -> str:
    items = [(L[k], shown(getattr(f, k), lang)) for k in ("expected", "stated", "difference", "tolerance")
             if getattr(f, k) is not None]
    if not items:
        return ""
    return "<dl class=\"vals\">" + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in items) + "</dl>"


def _fix_line(f: Finding, rules: dict, lang: str, L: dict) -> str:
    text = fix_text(f, rules, lang)
    return f"<p class=\"fix\"><b>{_e(L['fix'])}:</b> {_e(text)}</p>" if text else ""


def _findings(result: CheckResult, lang: str, L: dict) -> str:
    title = f"<h2 id=\"findings-head\">{_e(L['findings'])} ({len(result.findings)})</h2>"
    if not result.findings:
        return f"{title}\n<p id=\"no-findings\">{_e(L['none'])}</p>"
    multi = len(result.reports) > 1 or len({f.file for f in result.findings}) > 1
    rules = {r.id: r for r in result.rules}
    boxes = "".join(f"<label><input type=\"checkbox\" value=\"{c}\" checked> "
                    f"<span class=\"badge sev-{c}\">{_e(L['badge'][c])}</span></label>" for c in CATEGORIES)
    if any(f.primary for f in result.findings):     # one row per mistake unless asked
        boxes += (f"<label><input type=\"checkbox\" value=\"follows\"> "
                  f"<span class=\"badge\" style=\"--c:#5f6368\">{_e(L['badge_follows'])}</span></label>")
    controls = (f"<div class=\"controls\" id=\"controls\" hidden><span>{_e(L['filter'])}:</span>{boxes}"
                f"<label>{_e(L['search'])}: <input type=\"search\" id=\"q\"></label>"
                f"<span><span id=\"shown\">{len(result.findings)}</span> {_e(L['shown'])}</span>"
                f"<span class=\"sub\">{_e(L['sort_hint'])}</span></div>")
    file_head = f"<th data-sort>{_e(L['file'])}</th>" if multi else ""
    head = (f"<thead><tr><th class=\"n\" data-sort>#</th>{file_head}<th data-sort>{_e(L['code'])}</th>"
            f"<th data-sort>{_e(L['severity'])}</th><th data-sort>{_e(L['location'])}</th>"
            f"<th>{_e(L['related'])}</th><th>{_e(L['message'])}</th><th>{_e(L['values'])}</th></tr></thead>")
    rank = {c: i for i, c in enumerate(CATEGORIES)}
    rows = []
    # errors first, then warnings, notes and checks that could not run; check's order within each
    ordered = sorted(result.findings, key=lambda f: rank[category(f)])
    row_of = {(f.file, f.ident): i for i, f in enumerate(ordered, 1)}
    for i, f in enumerate(ordered, 1):
        cat = category(f)
        follows = ' data-follows="1"' if f.primary else ""
        file_cell = f"<td class=\"mono\">{_e(f.file)}</td>" if multi else ""
        name = f"<br><span class=\"sub\">{_e(f.name)}</span>" if f.name else ""
        related = "<br>".join(f"<code>{_e(r)}</code>" for r in f.related)
        table = "".join(f"<br><span class=\"sub\">{_e(x)}</span>" for x in (f.table, f.row_key) if x)
        rows.append(
            f"<tr id=\"f{i}\" data-cat=\"{cat}\" data-code=\"{_e(f.code)}\"{follows}>"
            f"<td class=\"n\">{i}</td>{file_cell}"
            f"<td class=\"code\"><code>{_e(f.code)}</code>{name}</td>"
            f"<td class=\"sev\" data-key=\"{rank[cat]}\"><span class=\"badge sev-{cat}\" title=\"{_e(L['cat'][cat])}\">{_e(L['short'][cat])}</span></td>"
            f"<td class=\"loc\" data-key=\"{i}\"><code>{_e(_location(f))}</code>{table}</td>"
            f"<td class=\"rel\">{related}</td>"
            f"<td class=\"msg\" data-label=\"{_e(L['message'])}\">{_e(message(f, lang))}{_fix_line(f, rules, lang, L)}"
            f"{_links(f, ordered, row_of, lang, L)}"
            f"{_explanation(f, rules, lang, L)}</td>"
            f"<td class=\"vcell\">{_values(f, L, lang)}</td></tr>")
    return (f"{title}\n{controls}\n<table id=\"findings\">{head}<tbody>\n" + "\n".join(rows) + "\n</tbody></table>")


def _links(f: Finding, ordered: list[Finding], row_of: dict, lang: str, L: dict) -> str:
    """A finding that follows from another links to it; one that others follow from lists
    them (`juga terlihat di: …`), each a link to its row."""
    def link(key) -> str:
        i = row_of.get((f.file, key))
        if i is None:
            return ""
        g = ordered[i - 1]
        return f"<a href=\"#f{i}\"><code>{_e(g.cell or g.sheet or '')}</code></a> ({_e(g.code)})"
    if f.primary:
        return f"<p class=\"sub\">{_e(L['follows'])}: {link(f.primary)}</p>"
    if f.symptoms:
        cells = ", ".join(x for x in (link(k) for k in f.symptoms) if x)
        text = _e(say("text.also_seen", lang, cells="\x00")).replace("\x00", cells)
        return f"<p class=\"sub\">{text}</p>"
    return ""


def _stats(result: CheckResult, lang: str, L: dict) -> str:
    rows = statistics.rows(result)
    if not rows:
        return ""
    head = statistics.head(lang)
    out = []
    for r in rows:
        nums = "".join(f"<td class=\"n{' zero' if not r[k] else ''}\">{r[k]}</td>"
                       for k in ("ran", "passed", "failed", "not_applicable", "not_run"))
        out.append(f"<tr id=\"stat-{_e(r['rule'])}\"><td><code>{_e(r['rule'])}</code></td><td>{_e(r['name'])}</td>{nums}</tr>")
    th = "".join(f"<th>{_e(h)}</th>" for h in head[:2]) + "".join(f"<th class=\"n\">{_e(h)}</th>" for h in head[2:])
    return (f"<h2 id=\"stats-head\">{_e(L['stats'])}</h2>\n<p class=\"sub\">{_e(L['stats_note'])}</p>\n"
            f"<table id=\"statistics\"><thead><tr>{th}</tr></thead><tbody>\n" + "\n".join(out) + "\n</tbody></table>")


def _heading(result: CheckResult, L: dict) -> tuple[str, str]:
    """Page title and h1: the unit and fiscal year of every file."""
    names = []
    for r in result.reports:
        unit = r.unit_name or r.path
        names.append(f"{unit} \u2014 {r.fiscal_year}" if r.fiscal_year else unit)
    seen = list(dict.fromkeys(names))
    return (f"{L['title']}: {'; '.join(seen)}" if seen else L["title"]), ("; ".join(seen) or L["title"])


def render(result: CheckResult, lang: str = "id") -> str:
    lang = "en" if lang == "en" else "id"
    L = labels(lang)
    groups = _by_table(result, L)
    page_title, h1 = _heading(result, L)
    body = "\n".join(s for s in (
        f"<header><p class=\"sub\">{_e(L['title'])}</p><h1>{_e(h1)}</h1></header>",
        _files(result, L),
        _summary(result, L, lang),
        (f"<div class=\"pair\"><section>{_table_summary(groups, L)}</section>"
         f"<section class=\"chart\">{_chart(groups, L)}</section></div>") if groups else "",
        _findings(result, lang, L),
        _stats(result, lang, L),
        f"<footer>{_e(L['generated'])} {_e(__version__)}</footer>",
    ) if s)
    return (
        "<!DOCTYPE html>\n"
        f"<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        f"style-src 'unsafe-inline'; script-src '{_script_hash()}'; img-src data:\">\n"
        f"<title>{_e(page_title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"{body}\n<script>{JS}</script>\n</body>\n</html>\n"
    )
