"""lakip-lint watch driven for real: a temporary share, the watcher polling it in a thread
(or a subprocess for signals), files arriving slowly, locks, corrupt files, renames, updates."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from lakip_lint.watch import STATE_FILE, WatchOptions, is_candidate, run, scan

from conftest import ROOT

SAMPLE = ROOT / "samples" / "bspji-pekanbaru-2023.xlsx"
CLEAN = ROOT / "samples" / "bspji-pekanbaru-2023-bersih.xlsx"
INTERVAL, SETTLE = 0.2, 0.6


def sha(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def wait_for(predicate, timeout=15.0, what="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def log_lines(share):
    p = share / "lakip-lint.log"
    return p.read_text(encoding="utf-8").splitlines() if p.exists() else []


def codes(report_path) -> set[str]:
    return {f["code"] for f in json.loads(report_path.read_text(encoding="utf-8"))["findings"]}


def lines_for(share, name):
    return [ln.split("\t") for ln in log_lines(share) if ln.split("\t")[1] == str(share / name)]


@pytest.fixture
def share(tmp_path):
    d = tmp_path / "share"
    d.mkdir()
    # configuration is found from the watched folder upwards (a file there is what the tests exercise)
    (d / "lakip-lint.toml").write_text('ignore = ["LKP4"]\n', encoding="utf-8")
    return d


@pytest.fixture
def watcher(share):
    stop = threading.Event()
    result = {}
    th = threading.Thread(target=lambda: result.setdefault(
        "rc", run(WatchOptions(str(share), INTERVAL, SETTLE, False, False, None, "id", ()), stop)), daemon=True)
    th.start()
    yield share
    stop.set()
    th.join(timeout=10)
    assert not th.is_alive() and result["rc"] == 0


def test_candidates():
    assert is_candidate("laporan.xlsx") and is_candidate("LAPORAN.XLS") and is_candidate("a.ods")
    for name in ("~$laporan.xlsx", ".~lock.laporan.ods#", "laporan.tmp", "~laporan.tmp", ".laporan.xlsx",
                 "laporan.xlsx.lakip.json", "laporan.xlsx.lakip.html", "laporan.csv", "lakip-lint.log", STATE_FILE):
        assert not is_candidate(name), name


def test_share_offline_is_not_everything_deleted(tmp_path):
    errors = []
    assert scan(str(tmp_path / "tidak-ada"), errors) == {} and errors    # so no report is removed


def test_slow_copy_is_not_read_early_and_locks_are_ignored(watcher):
    share = watcher
    data = SAMPLE.read_bytes()
    target = share / "laporan.xlsx"
    # lock and temp files of the kinds Excel / LibreOffice leave, next to it
    (share / "~$laporan.xlsx").write_bytes(os.urandom(165))
    (share / ".~lock.laporan.xlsx#").write_bytes(b"x")
    (share / "~laporan.tmp").write_bytes(os.urandom(100))
    (share / ".tersembunyi.xlsx").write_bytes(os.urandom(100))
    parts = 5
    step = len(data) // parts + 1
    for i in range(parts):           # pauses longer than the interval, shorter than settle
        with open(target, "ab") as f:
            f.write(data[i * step:(i + 1) * step])
        time.sleep(0.35)
        assert not lines_for(share, "laporan.xlsx"), "read while still being copied"
    assert target.read_bytes() == data
    wait_for(lambda: (share / "laporan.xlsx.lakip.json").exists(), what="report")
    wait_for(lambda: lines_for(share, "laporan.xlsx"), what="status line")     # logged just after the report
    time.sleep(4 * INTERVAL + SETTLE)  # no second report for the same content
    lines = lines_for(share, "laporan.xlsx")
    assert len(lines) == 1
    stamp, path, status, counts = lines[0]
    assert status == "PERLU PERBAIKAN" and "T" in stamp
    # counted one per mistake, as the HTML report beside it counts: not the findings that
    # follow from another (the sample has some), nor the checks that could not run
    found = json.loads((share / "laporan.xlsx.lakip.json").read_text(encoding="utf-8"))["findings"]
    want = {s: sum(1 for f in found if f["severity"] == s and "primary" not in f and f.get("outcome") != "not_run")
            for s in ("error", "warning", "info")}
    assert counts == "error={error} warning={warning} info={info}".format(**want)
    assert want["error"] < sum(1 for f in found if f["severity"] == "error")
    assert "TIDAK TERBACA" not in "\n".join(log_lines(share))
    assert "LKP201" in codes(share / "laporan.xlsx.lakip.json")
    assert "<html" in (share / "laporan.xlsx.lakip.html").read_text(encoding="utf-8").lower()
    # nothing written for the lock / temp / hidden files, and no temporary files left behind
    names = sorted(p.name for p in share.iterdir())
    assert names == sorted([".lakip-lint-state.json", ".lakip-lint-watch.lock", ".tersembunyi.xlsx", ".~lock.laporan.xlsx#", "lakip-lint.log",
                            "lakip-lint.toml", "laporan.xlsx", "laporan.xlsx.lakip.html", "laporan.xlsx.lakip.json",
                            "~$laporan.xlsx", "~laporan.tmp"])
    assert len(log_lines(share)) == 1
    assert sha(target) == hashlib.sha256(data).hexdigest()


def test_corrupt_file_reported_once_settled_and_watcher_continues(watcher):
    share = watcher
    bad = share / "rusak.xlsx"
    bad.write_bytes(b"PK\x03\x04" + os.urandom(4000))     # looks like the start of a zip, never completes
    before = sha(bad)
    t0 = time.monotonic()
    wait_for(lambda: lines_for(share, "rusak.xlsx"), what="unreadable line")
    assert time.monotonic() - t0 >= SETTLE       # never called corrupt before it settled
    (status, counts), = [ln[2:] for ln in lines_for(share, "rusak.xlsx")]
    assert status == "TIDAK TERBACA" and counts == "error=1 warning=0 info=0"
    assert codes(share / "rusak.xlsx.lakip.json") == {"LKP001"}
    # still running: a good workbook arriving afterwards is checked
    shutil.copyfile(CLEAN, share / "bersih.xlsx")
    wait_for(lambda: lines_for(share, "bersih.xlsx"), what="clean line")
    assert lines_for(share, "bersih.xlsx")[0][2] == "LULUS"
    assert len(lines_for(share, "rusak.xlsx")) == 1
    assert sha(bad) == before and sha(share / "bersih.xlsx") == sha(CLEAN)


def test_unexpected_error_is_logged_and_watcher_continues(share, monkeypatch):
    import lakip_lint.check as check
    real = check.check_paths

    def flaky(paths, *args, **kw):
        if paths[0].endswith("meledak.xlsx"):
            raise RuntimeError("boom\tbaris dua")
        return real(paths, *args, **kw)
    monkeypatch.setattr(check, "check_paths", flaky)
    stop = threading.Event()
    th = threading.Thread(target=run, args=(WatchOptions(str(share), INTERVAL, SETTLE, False, False, None, "en", ()),
                                            stop), daemon=True)
    th.start()
    try:
        shutil.copyfile(CLEAN, share / "meledak.xlsx")
        wait_for(lambda: lines_for(share, "meledak.xlsx"), what="failure line")
        shutil.copyfile(CLEAN, share / "baik.xlsx")
        wait_for(lambda: lines_for(share, "baik.xlsx"), what="next workbook")
    finally:
        stop.set()
        th.join(timeout=10)
    (line,) = lines_for(share, "meledak.xlsx")
    assert line[2] == "CHECK FAILED" and line[3] == "RuntimeError: boom baris dua"
    assert lines_for(share, "baik.xlsx")[0][2] == "PASSED"
    assert not (share / "meledak.xlsx.lakip.json").exists()
    assert "meledak.xlsx" not in json.loads((share / STATE_FILE).read_text(encoding="utf-8"))["files"]


def test_rename_rechecks_under_new_name_and_removes_old_reports(watcher):
    share = watcher
    shutil.copyfile(SAMPLE, share / "a.xlsx")
    wait_for(lambda: (share / "a.xlsx.lakip.json").exists(), what="first report")
    (share / "masuk").mkdir()
    os.rename(share / "a.xlsx", share / "masuk" / "b.xlsx")
    wait_for(lambda: (share / "masuk" / "b.xlsx.lakip.json").exists() and not (share / "a.xlsx.lakip.json").exists(),
             what="report under the new name, old one removed")
    # the watcher logs the removal just after it deletes the reports: wait for the line too
    wait_for(lambda: len(lines_for(share, "a.xlsx")) >= 2 and lines_for(share, "masuk/b.xlsx"),
             what="removal and the new name's status logged")
    assert not (share / "a.xlsx.lakip.html").exists()
    assert lines_for(share, "masuk/b.xlsx")[0][2] == "PERLU PERBAIKAN"
    assert [ln[2] for ln in lines_for(share, "a.xlsx")] == ["PERLU PERBAIKAN", "LAPORAN DIHAPUS"]
    state = json.loads((share / STATE_FILE).read_text(encoding="utf-8"))
    assert list(state["files"]) == ["masuk/b.xlsx"]
    assert state["files"]["masuk/b.xlsx"]["sha256"] == sha(SAMPLE)
    report = json.loads((share / "masuk" / "b.xlsx.lakip.json").read_text(encoding="utf-8"))
    assert report["files"][0]["path"].endswith("b.xlsx")
    assert sha(share / "masuk" / "b.xlsx") == sha(SAMPLE)


def test_update_rechecks_touch_does_not(watcher):
    share = watcher
    target = share / "laporan.xlsx"
    shutil.copyfile(SAMPLE, target)
    wait_for(lambda: lines_for(share, "laporan.xlsx"), what="first check")
    first = codes(share / "laporan.xlsx.lakip.json")
    target.write_bytes(CLEAN.read_bytes())          # corrected workbook saved over it
    wait_for(lambda: len(lines_for(share, "laporan.xlsx")) == 2, what="re-check")
    assert [ln[2] for ln in lines_for(share, "laporan.xlsx")] == ["PERLU PERBAIKAN", "LULUS"]
    second = codes(share / "laporan.xlsx.lakip.json")
    assert "LKP201" in first and "LKP201" not in second
    # same bytes, new mtime: the content hash was checked already
    os.utime(target, (time.time() + 5, time.time() + 5))
    time.sleep(SETTLE + 6 * INTERVAL)
    assert len(lines_for(share, "laporan.xlsx")) == 2
    assert sha(target) == sha(CLEAN)


def test_once_exit_codes_settle_and_state(share, capsys):
    shutil.copy2(CLEAN, share / "bersih.xlsx")       # old mtime: no waiting
    opts = WatchOptions(str(share), INTERVAL, SETTLE, False, True, None, "en", ())
    assert run(opts) == 0
    assert [ln[2] for ln in lines_for(share, "bersih.xlsx")] == ["PASSED"]
    shutil.copyfile(SAMPLE, share / "baru.xlsx")     # fresh mtime: looked at twice, settle apart
    t0 = time.monotonic()
    assert run(opts) == 1
    assert time.monotonic() - t0 >= SETTLE
    assert [ln[2] for ln in lines_for(share, "baru.xlsx")] == ["NEEDS FIXING"]
    n = len(log_lines(share))
    assert run(opts) == 1 and len(log_lines(share)) == n     # nothing re-checked, still not all passed
    (share / "baru.xlsx").unlink()
    assert run(opts) == 0
    assert not (share / "baru.xlsx.lakip.json").exists()
    assert lines_for(share, "baru.xlsx")[-1][2] == "REPORTS REMOVED"
    # a different rule pack (language is part of the fingerprint) checks again
    assert run(WatchOptions(str(share), INTERVAL, SETTLE, False, True, None, "id", ())) == 0
    assert [ln[2] for ln in lines_for(share, "bersih.xlsx")] == ["PASSED", "LULUS"]


def test_sigterm_stops_subprocess_promptly(share):
    shutil.copy2(CLEAN, share / "bersih.xlsx")
    log = share.parent / "watch.log"
    proc = subprocess.Popen([sys.executable, "-m", "lakip_lint.cli", "watch", str(share), "--interval", str(INTERVAL),
                             "--settle", str(SETTLE), "--native", "--log", str(log)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: log.exists() and "LULUS" in log.read_text(encoding="utf-8"), timeout=30, what="report")
        t0 = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=5) == 0
        assert time.monotonic() - t0 < 3
    finally:
        if proc.poll() is None:
            proc.kill()
    err = proc.stderr.read()
    assert "memantau" in err and "berhenti" in err
    assert "watchdog" in err                             # --native without watchdog: said so, polled
    assert not (share / "lakip-lint.log").exists()       # --log elsewhere respected


def test_sigterm_while_checking_abandons_the_file(share, tmp_path):
    """SIGTERM during a check abandons that file: no report, no temporary file, the input
    untouched. The watcher is held inside the check (LAKIP_LINT_TEST_HOLD) and the test
    signals it once the watcher says it is checking: events, no guessed durations."""
    import os
    import queue
    import threading
    shutil.copy2(SAMPLE, share / "laporan.xlsx")
    hold = tmp_path / "hold"
    hold.write_text("x")
    proc = subprocess.Popen([sys.executable, "-m", "lakip_lint.cli", "watch", str(share), "--interval", "0.1",
                             "--settle", "0.1", "--verbose"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "LAKIP_LINT_TEST_HOLD": str(hold)})
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stderr], daemon=True).start()
    try:
        end = time.monotonic() + 60
        while "memeriksa laporan.xlsx" not in lines.get(timeout=max(0.1, end - time.monotonic())):
            pass
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        hold.unlink(missing_ok=True)
        if proc.poll() is None:
            proc.kill()
    leftovers = [p.name for p in share.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    assert not (share / "laporan.xlsx.lakip.json").exists() and not (share / "lakip-lint.log").exists()
    assert sha(share / "laporan.xlsx") == sha(SAMPLE)


def test_a_second_watcher_on_the_same_folder_says_so_and_exits_2(watcher):
    share = watcher
    wait_for(lambda: (share / ".lakip-lint-watch.lock").exists(), what="the lock file")
    r = subprocess.run([sys.executable, "-m", "lakip_lint.cli", "watch", str(share), "--once", "--settle", "0"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "sudah dipantau oleh proses lain" in r.stderr and f"pid {os.getpid()}" in r.stderr
    assert "Traceback" not in r.stderr
    assert not log_lines(share)


def test_the_lock_is_released_when_the_watcher_stops(share):
    assert run(WatchOptions(str(share), INTERVAL, 0.0, False, True, None, "id", ())) == 0
    assert run(WatchOptions(str(share), INTERVAL, 0.0, False, True, None, "id", ())) == 0


def test_a_file_deleted_while_being_checked_is_logged_as_removed_without_traceback(share, monkeypatch, capfd):
    import lakip_lint.check as check_module
    real = check_module.check_paths
    target = share / "laporan.xlsx"
    shutil.copy(SAMPLE, target)

    def deleting(paths, *a, **k):
        os.unlink(target)                 # the author pulls the file back mid-check
        return real(paths, *a, **k)

    monkeypatch.setattr(check_module, "check_paths", deleting)
    rc = run(WatchOptions(str(share), INTERVAL, 0.0, False, True, None, "id", ()))
    err = capfd.readouterr().err
    assert "Traceback" not in err and "FileNotFoundError" not in err
    rows = lines_for(share, "laporan.xlsx")
    assert [r[2] for r in rows] == ["LAPORAN DIHAPUS"], rows
    assert not (share / "laporan.xlsx.lakip.json").exists()
    assert rc == 0


def test_a_workbook_nothing_could_check_is_not_checked_not_passed(share):
    """LKP011: the hook writes TIDAK DIPERIKSA, never LULUS, for a workbook no rule could check."""
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (("Uraian", "Nilai"), ("Pagu DIPA 2023", "Rp 12.345.678.000,-"), ("Realisasi RM", "Rp 10.000.000,-")):
        ws.append(row)
    path = share / "ringkasan.xlsx"
    wb.save(path)
    os.utime(path, (time.time() - 3600, time.time() - 3600))      # settled long ago
    assert run(WatchOptions(str(share), INTERVAL, SETTLE, False, True, None, "id", ())) == 1
    assert [ln[2] for ln in lines_for(share, "ringkasan.xlsx")] == ["TIDAK DIPERIKSA"]
    assert "LKP011" in codes(share / "ringkasan.xlsx.lakip.json")


def test_an_upgrade_that_keeps_the_version_number_checks_again(tmp_path, monkeypatch):
    """The fingerprint covers lakip-lint's own code and catalogs, not only its version: a
    reader or counting fix with the version unchanged re-checks every workbook once."""
    from lakip_lint import watch
    package = tmp_path / "lakip_lint"
    (package / "read").mkdir(parents=True)
    (package / "watch.py").write_text("# watcher\n")
    (package / "read" / "numbers.py").write_text("UNIT_WORDS = {}\n")
    monkeypatch.setattr(watch, "__file__", str(package / "watch.py"))
    before = watch.fingerprint((), {}, "id", [])
    assert watch.fingerprint((), {}, "id", []) == before
    (package / "read" / "numbers.py").write_text("UNIT_WORDS = {'skema': 'skema'}\n")
    assert watch.fingerprint((), {}, "id", []) != before
