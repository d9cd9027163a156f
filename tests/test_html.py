"""`check --format html`: a self-contained page, well formed, escaped, deterministic, in both
languages — and one that a real browser (headless Chromium) renders with the findings table."""
from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from lakip_lint.check import CheckResult, check_paths
from lakip_lint.cli import main
from lakip_lint.findings import Finding
from lakip_lint.model import Report
from lakip_lint.outputs import findings_html, renderer
from lakip_lint.rules import RuleStats
from lakip_lint.rules.model import Rule

from conftest import PRINTED, chromium, widths_in_a_frame
from lakip_lint.outputs.lang import message

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HOSTILE = "<script>alert('x')</script>"


class Strict(HTMLParser):
    """html.parser plus the checks it does not make: every element closed, in order; scripts collected."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: Counter = Counter()
        self.scripts: list[str] = []
        self.refs: list[str] = []
        self.anchors: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"]] += 1
        for k in ("src", "href", "action", "data", "poster", "xlink:href"):
            if a.get(k) and not (tag == "a" and k == "href" and re.fullmatch(r"#f\d+", a[k])):
                self.refs.append(a[k])              # a link to another row of the page is no resource
        if tag == "a" and re.fullmatch(r"#f\d+", a.get("href") or ""):
            self.anchors.append(a["href"][1:])
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID and tag not in {"rect", "path", "line", "circle"}:
            self.errors.append(f"self-closed <{tag}/>")
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"]] += 1

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(page: str) -> Strict:
    p = Strict()
    p.feed(page)
    p.close()
    assert not p.errors, p.errors[:5]
    assert not p.stack, f"unclosed: {p.stack}"
    duplicated = [k for k, n in p.ids.items() if n > 1]
    assert not duplicated, duplicated
    return p


@pytest.fixture(scope="module")
def seed() -> CheckResult:
    # GX rules are slow to import and add nothing to what the page shows
    return check_paths([str(PRINTED)], {}, [], ["LKP4"])


@pytest.fixture(scope="module")
def page_id(seed) -> str:
    return findings_html.render(seed, "id")


@pytest.fixture(scope="module")
def page_en(seed) -> str:
    return findings_html.render(seed, "en")


def hostile_result() -> CheckResult:
    rule = Rule(id="LKP999", name="uji-<b>", title={"id": f"judul {HOSTILE}", "en": f"title {HOSTILE}"},
                severity="error", source="Permen <i>x</i>", kind="row_formula", tables=["t"], params={},
                message={"id": "", "en": ""},
                explain={"id": {"what": f"apa {HOSTILE}", "why": "why & <why>", "example": "<img src=x onerror=alert(1)>",
                                "fix": "perbaiki \"ini\""},
                         "en": {"what": f"what {HOSTILE}", "why": "w", "example": "e", "fix": "f"}})
    stats = RuleStats(rule)
    stats.counts.update({"passed": 2, "failed": 1})
    report = Report(path=f"evil{HOSTILE}.xlsx", format="xlsx", parser="xlsx", fiscal_year=2023,
                    unit_name=f"Balai {HOSTILE} & \"Co\"", sheets=[f"S{HOSTILE}"])
    sheet = f"S{HOSTILE}"
    finding = Finding.of_text(code="LKP999", severity="error", text_id=f"pesan {HOSTILE}", text_en=f"message {HOSTILE}",
                      file=report.path, sheet=sheet, cell=f"'{sheet}'!B6", table=f"Tabel {HOSTILE}",
                      related=[f"'{sheet}'!C7\"><script>alert(2)</script>"], expected="<1>", stated="2&3",
                      difference="</td></tr></table>", tolerance="0.5", name="uji-<b>", outcome="failed",
                      row_key=f"IK {HOSTILE}")
    not_run = Finding.of_text(code="LKP999", severity="info", text_id="tidak dapat", text_en="could not",
                      file=report.path, outcome="not_run", name="uji-<b>")
    return CheckResult([report], [finding, not_run], {rule.id: stats}, [rule])


# --- content -------------------------------------------------------------------------------

def test_cli_dispatches_html_and_writes_the_file(tmp_path):
    out = tmp_path / "report.html"
    r = CliRunner().invoke(main, ["check", str(PRINTED), "--format", "html", "--ignore", "LKP4", "-o", str(out)])
    assert r.exit_code == 1, r.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="findings"' in page
    assert renderer("html") is findings_html


def test_well_formed_and_self_contained(page_id, page_en):
    for page in (page_id, page_en):
        p = parse(page)
        assert p.refs == [], f"external or any resource reference: {p.refs}"
        assert p.anchors and all(p.ids[a] == 1 for a in p.anchors)     # every row link lands on one row
        assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
        assert "http://" not in page and "https://" not in page
        assert "@import" not in page and "url(" not in page
        assert "<link" not in page and "<iframe" not in page
        assert len(p.scripts) == 1 and p.scripts[0] == findings_html.JS
        assert "<svg" in page and 'id="chart"' in page


def test_title_names_unit_and_fiscal_year(page_id, seed):
    rep = seed.reports[0]
    title = re.search(r"<title>(.*?)</title>", page_id, re.S).group(1)
    assert rep.unit_name in title and str(rep.fiscal_year) in title
    assert re.search(r"<h1>[^<]*" + re.escape(rep.unit_name) + r"[^<]*2023</h1>", page_id)


def test_every_finding_is_a_row_with_code_cell_related_values_and_explanation(page_id, seed):
    rows = re.findall(r'<tr id="f(\d+)" data-cat="(\w+)" data-code="([^"]+)"[^>]*>(.*?)</tr>', page_id, re.S)
    assert len(rows) == len(seed.findings)
    rank = {c: i for i, c in enumerate(findings_html.CATEGORIES)}
    by_severity = sorted(seed.findings, key=lambda f: rank[findings_html.category(f)])   # errors first
    assert [code for _, _, code, _ in rows] == [f.code for f in by_severity]
    lkp201 = next(body for _, _, code, body in rows if code == "LKP201")
    assert "Ikhtisar!B6" in lkp201
    assert "&#x27;Tabel 6&#x27;!D5" in lkp201                 # related cell, quotes escaped
    assert "seharusnya" in lkp201 and "7.592.226.000" in lkp201 and "selisih" in lkp201   # as the messages write it
    assert '<p class="fix"><b>Cara memperbaiki:</b> Tulis 7.592.226.000 di B6' in lkp201
    assert "<details><summary>Penjelasan aturan</summary>" in lkp201
    assert "Cara memperbaiki" in lkp201 and "Mengapa penting" in lkp201
    assert 'class="badge sev-error"' in lkp201


def test_summary_by_severity_and_table(page_id, seed):
    """Counts mistakes, as the text output does: a finding that follows from another is
    listed (and linked) with it, not counted again."""
    mistakes = [f for f in seed.findings if not f.primary]
    assert len(mistakes) < len(seed.findings)
    cats = Counter(findings_html.category(f) for f in mistakes)
    for c in findings_html.CATEGORIES:
        assert re.search(rf'id="count-{c}"><b>{cats[c]}</b>', page_id), c
    assert cats["not_run"] > 0 and "Tidak dapat diperiksa" in page_id
    assert f'id="count-total"><b>{len(mistakes)}</b>' in page_id
    follows = len(seed.findings) - len(mistakes)
    assert re.search(rf'id="symptoms-note">{follows} temuan lain adalah akibatnya', page_id)
    assert page_id.count('data-follows="1"') == follows
    summary = re.search(r'<table id="table-summary">(.*?)</table>', page_id, re.S).group(1)
    per_table = Counter(f.table for f in mistakes)
    assert re.search(rf"<td class=\"tname\">Tabel 32</td>.*?<b>{per_table['Tabel 32']}</b>", summary)
    chart = re.search(r'<svg id="chart".*?</svg>', page_id, re.S).group(0)
    assert chart.count("<g>") == len(per_table)


def test_statistics_table_has_every_rule(page_id, seed):
    stats = re.search(r'<table id="statistics">(.*?)</table>', page_id, re.S).group(1)
    assert stats.count("<tr id=\"stat-") == len(seed.stats)
    st = seed.stats["LKP201"]
    row = re.search(r'<tr id="stat-LKP201">(.*?)</tr>', stats).group(1)
    nums = re.findall(r'<td class="n[^"]*">(\d+)</td>', row)
    assert nums == [str(st.ran), str(st.counts["passed"]), str(st.counts["failed"]),
                    str(st.counts["not_applicable"]), str(st.counts["not_run"])]
    assert "tdk dapat dijalankan" in page_id


def test_both_languages(page_id, page_en, seed):
    assert '<html lang="id">' in page_id and '<html lang="en">' in page_en
    assert "Temuan" in page_id and "Ringkasan menurut tingkat" in page_id and "Statistik per aturan" in page_id
    assert "Findings" in page_en and "Summary by severity" in page_en and "Statistics per rule" in page_en
    assert "Could not be checked" in page_en and "How to fix" in page_en
    for word in ("Ringkasan", "Penjelasan aturan", "Cara memperbaiki", "seharusnya"):
        assert word not in page_en
    f = next(f for f in seed.findings if f.code == "LKP201")
    assert findings_html._e(message(f, "en")) in page_en and findings_html._e(message(f, "id")) in page_id
    assert findings_html.render(seed, "fr") == page_id          # unknown language: Indonesian


def test_deterministic(seed, page_id):
    assert findings_html.render(seed, "id") == page_id
    again = check_paths([str(PRINTED)], {}, [], ["LKP4"])
    assert findings_html.render(again, "id").encode() == page_id.encode()
    assert not re.search(r"\b20\d\d-\d\d-\d\d[T ]\d\d:\d\d", page_id)


# --- hostile workbooks -----------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["id", "en"])
def test_workbook_text_is_escaped(lang):
    page = findings_html.render(hostile_result(), lang)
    p = parse(page)
    assert len(p.scripts) == 1 and p.scripts[0] == findings_html.JS
    for raw in ("<script>alert", "<img", "uji-<b>", "<i>x</i>", "<why>", '"ini"', "2&3"):
        assert raw not in page, raw
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page or lang == "en"
    assert "2&amp;3" in page and "&lt;1&gt;" in page
    # one findings row, intact, with the not-run notice in its own row
    assert len(re.findall(r'<tr id="f\d+"', page)) == 2
    assert 'data-cat="not_run"' in page
    # the policy only lets the page's own script run, even if escaping ever failed
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1)
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "default-src 'none'" in csp and script_src.startswith("'sha256-") and "unsafe" not in script_src


def test_no_findings_page():
    empty = CheckResult([Report(path="ok.xlsx", format="xlsx", parser="xlsx", fiscal_year=2024, unit_name="Balai")],
                        [], {}, [])
    page = findings_html.render(empty, "id")
    parse(page)
    assert "Tidak ada temuan." in page and 'id="findings"' not in page and "<svg" not in page
    assert "Balai \u2014 2024" in page


# --- a real browser ----------------------------------------------------------------------------

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def chromium_binary() -> str | None:
    return next((p for p in map(shutil.which, BROWSERS) if p), None)


def run_chromium(binary: str, tmp_path, *args: str) -> subprocess.CompletedProcess:
    cmd = [binary, "--headless", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage",
           "--no-first-run", "--no-default-browser-check", f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def browser():
    binary = chromium_binary()
    if binary is None:
        pytest.skip("no Chromium binary (chromium / chromium-browser / google-chrome) on PATH; "
                    ".ci/run installs Debian's `chromium` when apt is available")
    return binary


def test_renders_in_headless_chromium(browser, tmp_path, page_id):
    html = tmp_path / "report.html"
    html.write_text(page_id, encoding="utf-8")
    r = run_chromium(browser, tmp_path, "--dump-dom", html.as_uri())
    assert r.returncode == 0, r.stderr[-2000:]
    dom = r.stdout
    assert '<table id="findings">' in dom
    row = re.search(r'<tr id="f\d+" data-cat="error" data-code="LKP201">(.*?)</tr>', dom, re.S)
    assert row and "Ikhtisar!B6" in row.group(1)
    assert '<table id="statistics">' in dom and '<svg id="chart"' in dom
    # the page's script ran under its own Content-Security-Policy: the filter bar is shown
    assert re.search(r'<div class="controls" id="controls">', dom), "script blocked or failed"
    # one row per mistake until asked: the findings that follow from another are hidden
    follows = re.findall(r'<tr id="f\d+"[^>]*data-follows="1"[^>]*>', dom)
    assert follows and all(" hidden" in t for t in follows)
    shown = int(re.search(r'<span id="shown">(\d+)</span>', dom).group(1))
    assert shown == len(re.findall(r'<tr id="f\d+"', dom)) - len(follows)


def test_hostile_page_runs_no_injected_script(browser, tmp_path):
    html = tmp_path / "evil.html"
    html.write_text(findings_html.render(hostile_result(), "id"), encoding="utf-8")
    r = run_chromium(browser, tmp_path, "--dump-dom", html.as_uri())
    assert r.returncode == 0, r.stderr[-2000:]
    assert "<script>alert" not in r.stdout and "<img" not in r.stdout
    assert "&lt;script&gt;alert" in r.stdout


def test_screenshot(browser, tmp_path, page_id):
    html = tmp_path / "report.html"
    html.write_text(page_id, encoding="utf-8")
    png = tmp_path / "report.png"
    r = run_chromium(browser, tmp_path, f"--screenshot={png}", "--window-size=1280,1600",
                     "--hide-scrollbars", html.as_uri())
    assert r.returncode == 0, r.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


# -- readable on a phone and on a desktop (issue 16) ------------------------------------------

@pytest.mark.skipif(chromium() is None, reason="headless Chromium is not installed")
@pytest.mark.parametrize("width", [420, 1400])
def test_no_horizontal_scroll_in_chromium(tmp_path, width):
    """The report inside a frame of `width` px (headless windows are at least 500 px wide):
    the page is never wider than its viewport; findings are cards on narrow screens."""
    from click.testing import CliRunner
    from lakip_lint.cli import main
    from conftest import PRINTED
    page = tmp_path / "laporan.html"
    CliRunner().invoke(main, ["check", str(PRINTED), "--format", "html", "-o", str(page)])
    html = page.read_text(encoding="utf-8")
    assert "@media (max-width:720px)" in html
    scroll, client = widths_in_a_frame(html, width, tmp_path)
    assert client == width and scroll <= client
