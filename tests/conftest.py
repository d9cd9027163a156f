import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PRINTED = ROOT / "samples" / "bspji-pekanbaru-2023.xlsx"
TIDY = ROOT / "samples" / "bspji-pekanbaru-2023-rapi.xlsx"


@pytest.fixture(scope="session")
def printed():
    from lakip_lint.read import read_report
    return read_report(str(PRINTED))


@pytest.fixture(scope="session")
def tidy():
    from lakip_lint.read import read_report
    return read_report(str(TIDY))


def table(report, number=None, kind=None, sheet=None):
    for t in report.tables:
        if number is not None and t.number != number:
            continue
        if kind is not None and t.kind != kind:
            continue
        if sheet is not None and t.sheet != sheet:
            continue
        return t
    raise AssertionError(f"table {number or kind} not found")


def chromium():
    """A headless Chromium on PATH, or None."""
    import shutil
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def widths_in_a_frame(html: str, width: int, tmp_path) -> tuple[int, int]:
    """(scrollWidth, clientWidth) of `html` shown in an iframe `width` px wide in headless
    Chromium (its windows are at least 500 px wide, so narrower screens need a frame)."""
    import re
    import subprocess
    probe = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html).replace(
        "</body>", '<script>window.addEventListener("load",function(){parent.postMessage('
                   'document.documentElement.scrollWidth+","+document.documentElement.clientWidth,"*");});'
                   "</script></body>")
    (tmp_path / "probe.html").write_text(probe, encoding="utf-8")
    (tmp_path / "frame.html").write_text(
        f'<!DOCTYPE html><html><body style="margin:0"><iframe src="probe.html" style="width:{width}px;'
        'height:900px;border:0"></iframe><script>window.addEventListener("message",function(e){'
        'document.body.setAttribute("data-sw",e.data);});</script></body></html>', encoding="utf-8")
    out = subprocess.run([chromium(), "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                          f"--window-size={max(width, 500) + 40},900", "--virtual-time-budget=5000",
                          "--allow-file-access-from-files", "--dump-dom", (tmp_path / "frame.html").as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    m = re.search(r'data-sw="(\d+),(\d+)"', out)
    assert m, out[-500:]
    return int(m.group(1)), int(m.group(2))
