"""`lakip-lint watch`: the pre-submit hook on a shared drive (issue 6).

A folder tree is polled (network mounts do not deliver inotify events; `--native` only
wakes the loop earlier when watchdog is installed). A workbook counts as *arrived* when
its size and mtime have not changed for `settle` seconds; then its bytes are hashed and,
unless that path + content + rule pack was already checked, it is checked with the same
pipeline as `lakip-lint check`, and `NAME.lakip.html` / `NAME.lakip.json` are written
beside it (temporary file in the same folder, then `os.replace`) and one status line is
appended to the log.

The submitted file is only ever read. See docs/watch.md for the operator's view.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import __version__
from .check import WORKBOOK_SUFFIXES
from .atomic import write_atomically
from .outputs.lang import LANGS, say

REPORT_SUFFIXES = (".lakip.html", ".lakip.json")
STATE_FILE = ".lakip-lint-state.json"
LOCK_FILE = ".lakip-lint-watch.lock"      # one watcher per folder (held while it runs)
DEFAULT_LOG = "lakip-lint.log"
STATE_VERSION = 1

# Refusals that a file still being copied produces (no zip directory yet, zeros, a share
# that still holds the file open): retried once more before the file is called unreadable.
RETRY_REFUSALS = {"corrupt_zip", "not_spreadsheet", "file_empty", "file_unreadable", "corrupt_file"}

# The counts of a log line are the same in every language, so a script can read them
# (docs/watch.md), and count one per mistake as the report beside it does (a finding that
# follows from another is not counted again); the status word before them is the catalog's
# `watch.status.<status>`.
COUNTS = "error={error} warning={warning} info={info}"


@dataclass
class WatchOptions:
    directory: str
    interval: float = 5.0
    settle: float = 10.0
    native: bool = False
    once: bool = False
    log_path: str | None = None
    lang: str = "id"
    rule_dirs: tuple[str, ...] = ()
    verbose: bool = False               # tracebacks of internal errors to standard error


class _Abandon(BaseException):
    """Raised by the signal handler while a workbook is being checked: give it up."""


# ---------------------------------------------------------------- which files count

def is_candidate(name: str) -> bool:
    """A submitted workbook, not a lock file, temporary file, hidden file or our output."""
    low = name.lower()
    if not low.endswith(WORKBOOK_SUFFIXES):
        return False
    if name.startswith((".", "~")):          # .~lock.x.ods#, ~$x.xlsx, ~x.tmp, .hidden.xlsx
        return False
    if low.endswith(".tmp") or low.endswith(REPORT_SUFFIXES):
        return False
    return True


def report_paths(workbook: str) -> tuple[str, str]:
    """`laporan.xlsx` → `laporan.xlsx.lakip.html`, `laporan.xlsx.lakip.json` (the whole name is
    kept, so `laporan.xlsx` and `laporan.ods` in one folder never share a report)."""
    return workbook + ".lakip.html", workbook + ".lakip.json"


def scan(directory: str, errors: list | None = None) -> dict[str, os.stat_result]:
    """Relative path (with `/`) → stat of every candidate workbook under `directory`.
    Folders that could not be listed are appended to `errors` (a share gone offline must
    not look like every workbook deleted)."""
    out: dict[str, os.stat_result] = {}
    if errors is not None and not os.path.isdir(directory):
        errors.append(directory)
    for root, dirs, files in os.walk(directory, onerror=None if errors is None else errors.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "~")))
        for f in sorted(files):
            if not is_candidate(f):
                continue
            full = os.path.join(root, f)
            try:
                st = os.stat(full)
            except OSError:
                continue                     # vanished between listing and stat
            rel = os.path.relpath(full, directory).replace(os.sep, "/")
            out[rel] = st
    return out


def _sig(st: os.stat_result) -> tuple[int, int]:
    return st.st_size, st.st_mtime_ns


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ---------------------------------------------------------------- rule-pack fingerprint

def fingerprint(rule_dirs: tuple[str, ...], config: dict, lang: str, extra_files: list[str]) -> str:
    """What a check's outcome depends on besides the workbook: lakip-lint's version and its
    own files (code, table catalog, message catalogs: an upgrade that keeps the version
    number still counts), the built-in rule files, the --rules folders' files (names and
    bytes), the configuration found for the folder, the suppression file and the report
    language. Any change re-checks every workbook once."""
    from .rules.loader import builtin_rule_files, rule_files_in
    h = hashlib.sha256()
    h.update(f"lakip-lint {__version__}\0lang={lang}\0".encode())
    package = Path(__file__).resolve().parent
    files = sorted(f for f in package.rglob("*") if f.suffix in (".py", ".yaml", ".json") and f.is_file()
                   and "__pycache__" not in f.parts)
    files += builtin_rule_files()
    for d in rule_dirs:
        files += rule_files_in(d)
    files += [Path(f) for f in extra_files]
    for f in files:
        h.update(f.name.encode() + b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    h.update(json.dumps(config, sort_keys=True, default=str).encode())
    return h.hexdigest()


# ---------------------------------------------------------------- the watcher

@dataclass
class _Seen:
    sig: tuple[int, int]
    stable_since: float
    handled: tuple[int, int] | None = None     # signature last checked (or found already checked)
    refused_sig: tuple[int, int] | None = None  # signature that first looked unreadable
    refused_at: float = 0.0


@dataclass
class _Outcome:
    status: str                     # pass / fix / unreadable
    counts: dict = field(default_factory=dict)


class Watcher:
    def __init__(self, options: WatchOptions, stop: threading.Event):
        from .config import find_config
        from . import suppress
        self.o = options
        self.stop = stop
        self.lang = options.lang if options.lang in LANGS else "id"
        self.dir = options.directory
        self.log_path = options.log_path or os.path.join(self.dir, DEFAULT_LOG)
        self.state_path = os.path.join(self.dir, STATE_FILE)
        # configuration and suppressions are looked up from the watched folder upwards,
        # as `lakip-lint check` run inside that folder would
        self.config, config_path = find_config(Path(self.dir))
        self.suppressions = suppress.load(self.config, config_path, Path(self.dir))
        ignore_file = next((str(d / suppress.IGNORE_FILE) for d in [Path(self.dir).resolve(), *Path(self.dir).resolve().parents]
                            if (d / suppress.IGNORE_FILE).is_file()), None)
        self.rule_dirs = tuple(options.rule_dirs) + tuple(self.config.get("rules", []))
        from .rules import gx
        gx.use_engine(self.config.get("engine", "native"))
        self.select = _split(self.config.get("select", []))
        self.ignore = _split(self.config.get("ignore", []))
        from .rules import load_rules
        load_rules(self.rule_dirs)           # a broken rule file stops here (exit 2), not per workbook
        self.fp = fingerprint(self.rule_dirs, self.config, self.lang, [ignore_file] if ignore_file else [])
        self.state = self._load_state()
        self.seen: dict[str, _Seen] = {}
        self.missing_since: dict[str, float] = {}
        self.checking = False

    def full(self, rel: str) -> str:
        return os.path.join(self.dir, *rel.split("/"))

    # -- state file
    def _load_state(self) -> dict:
        try:
            with open(self.state_path, encoding="utf-8") as f:
                data = json.load(f)
            if data.get("version") == STATE_VERSION and isinstance(data.get("files"), dict):
                return data
        except (OSError, ValueError):
            pass
        return {"version": STATE_VERSION, "files": {}}

    def _save_state(self) -> None:
        self.state["fingerprint"] = self.fp
        write_atomically(self.state_path, json.dumps(self.state, indent=1, sort_keys=True, ensure_ascii=False) + "\n")

    def _already_checked(self, rel: str, sha: str) -> dict | None:
        entry = self.state["files"].get(rel)
        if not entry or entry.get("sha256") != sha or entry.get("fingerprint") != self.fp:
            return None
        full = self.full(rel)
        return entry if all(os.path.exists(p) for p in report_paths(full)) else None

    # -- log
    def log(self, rel: str, status: str, detail: str) -> None:
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        line = f"{stamp}\t{self.full(rel)}\t{say(f'watch.status.{status}', self.lang)}\t{detail}\n"
        with open(self.log_path, "a", encoding="utf-8") as f:
            f.write(line)
            f.flush()
            os.fsync(f.fileno())
        sys.stdout.write(line)
        sys.stdout.flush()

    def say(self, key: str, **kw) -> None:
        """The catalog's text `key` in the watcher's language, on standard error."""
        print(say(key, self.lang, **kw), file=sys.stderr, flush=True)

    # -- one scan of the daemon
    def poll(self) -> None:
        now = time.monotonic()
        errors: list = []
        found = scan(self.dir, errors)
        for rel, st in found.items():
            if self.stop.is_set():
                return
            sig = _sig(st)
            seen = self.seen.get(rel)
            self.missing_since.pop(rel, None)
            if seen is None or seen.sig != sig:
                handled = seen.handled if seen else None
                self.seen[rel] = _Seen(sig, now, handled)
                continue
            if seen.handled == sig or now - seen.stable_since < self.o.settle:
                continue
            try:
                self._settled(rel, seen, now)
            except OSError as e:             # the share hiccuped (state file, log): next poll
                print(f"lakip-lint watch: {e}", file=sys.stderr, flush=True)
        if errors:                           # part of the tree could not be listed: nothing is "gone"
            print(f"lakip-lint watch: {errors[0]}", file=sys.stderr, flush=True)
            return
        try:
            self._forget_missing(found, now)
        except OSError as e:
            print(f"lakip-lint watch: {e}", file=sys.stderr, flush=True)

    def _settled(self, rel: str, seen: _Seen, now: float, final: bool = False) -> _Outcome | None:
        """A workbook whose size and mtime held still long enough. `final`: no later look
        (--once), so a refusal is reported at once."""
        from .read.sniff import Limits, Refused, sniff
        full = self.full(rel)
        try:
            sniff(full, Limits())
        except Refused as e:
            if e.code in RETRY_REFUSALS and not final:
                if seen.refused_sig != seen.sig:
                    seen.refused_sig, seen.refused_at = seen.sig, now
                    return None              # may still be arriving: look again after another settle
                if now - seen.refused_at < self.o.settle:
                    return None
        except OSError:
            return None
        try:
            sha = sha256_file(full)
        except OSError:
            return None
        done = self._already_checked(rel, sha)
        if done is not None:
            seen.handled = seen.sig
            if done.get("size") != seen.sig[0] or done.get("mtime_ns") != seen.sig[1]:
                done["size"], done["mtime_ns"] = seen.sig
                self._save_state()
            return _Outcome(done.get("status", "pass"))
        return self._check(rel, full, sha, seen)

    def _check(self, rel: str, full: str, sha: str, seen: _Seen) -> _Outcome | None:
        from .check import apply_decisions, check_paths
        from .findings import SEVERITY_RANK
        from .outputs import renderer
        try:
            self.checking = True         # before saying so: a signal after the line abandons this check
            try:
                if self.o.verbose:
                    self.say("watch.checking", file=rel)
                _held()
                for s in self.suppressions:
                    s.used = 0
                result = check_paths([full], self.config, self.select, self.ignore, self.rule_dirs)
                apply_decisions(result, self.suppressions)
                html = renderer("html").render(result, self.lang)
                js = renderer("json").render(result, self.lang)
            finally:
                self.checking = False
            if self.o.verbose:
                for path, trace in result.tracebacks:
                    print(f"{path}:\n{trace}", file=sys.stderr, flush=True)
            st = os.stat(full)
            if _sig(st) != seen.sig or sha256_file(full) != sha:
                return None                  # changed while being checked: wait until it settles again
            readable = all(r.readable for r in result.reports)
            counts = {s: result.mistakes(s) for s in ("error", "warning", "info")}   # as the report beside it counts
            unchecked = any(f.code == "LKP011" for f in result.findings)
            status = ("failed" if result.tracebacks else "unreadable" if not readable else
                      "unchecked" if unchecked and result.worst() < SEVERITY_RANK["error"] else
                      "fix" if result.worst() >= SEVERITY_RANK["warning"] else "pass")
            html_path, json_path = report_paths(full)
            write_atomically(html_path, html)
            write_atomically(json_path, js)
            self.state["files"][rel] = {
                "sha256": sha, "fingerprint": self.fp, "size": seen.sig[0], "mtime_ns": seen.sig[1],
                "status": status, "counts": counts,
                "checked_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                "reports": {os.path.basename(p): hashlib.sha256(_bytes(t)).hexdigest()
                            for p, t in ((html_path, html), (json_path, js))},
            }
            self._save_state()
            seen.handled = seen.sig
            self.log(rel, status, COUNTS.format(**counts))
            return _Outcome(status, counts)
        except _Abandon:
            raise
        except Exception as e:  # noqa: BLE001 - one bad workbook must not stop the watcher
            if not os.path.exists(full):         # deleted (or renamed) while it was being checked
                self.seen.pop(rel, None)
                try:
                    self.log(rel, "removed", say("watch.gone", self.lang))
                except OSError:
                    pass
                return None
            seen.handled = seen.sig              # not retried until it changes (or a restart)
            if self.o.verbose:
                traceback.print_exc(file=sys.stderr)
            try:
                self.log(rel, "failed", " ".join(f"{type(e).__name__}: {e}".split())[:300])
            except OSError:
                pass
            return _Outcome("failed")

    def _forget_missing(self, found: dict, now: float, grace: bool = True) -> None:
        """A workbook gone for `settle` seconds (deleted, or renamed — the new name is a new
        workbook; Excel's save deletes and renames within a moment, hence the wait): its
        reports are removed, if they are still the ones we wrote. `grace` False (--once):
        gone now is gone."""
        for rel in list(self.seen):
            if rel not in found:
                self.seen.pop(rel)
        for rel in list(self.state["files"]):
            if rel in found:
                continue
            since = self.missing_since.setdefault(rel, now)
            if grace and now - since < self.o.settle:
                continue
            self._remove_reports(rel)
        for rel in list(self.missing_since):
            if rel not in self.state["files"]:
                del self.missing_since[rel]

    def _remove_reports(self, rel: str) -> None:
        entry = self.state["files"].pop(rel, None) or {}
        full = self.full(rel)
        ours = entry.get("reports", {})
        removed = 0
        for p in report_paths(full):
            try:
                with open(p, "rb") as f:
                    if hashlib.sha256(f.read()).hexdigest() != ours.get(os.path.basename(p)):
                        continue             # edited or not ours: left alone
                os.unlink(p)
                removed += 1
            except OSError:
                continue
        self._save_state()
        if removed:
            self.log(rel, "removed", say("watch.gone", self.lang))

    # -- --once
    def once(self) -> int:
        errors: list = []
        first = scan(self.dir, errors)
        wall = time.time()
        young = {rel for rel, st in first.items() if wall - st.st_mtime < self.o.settle}
        if young and not self.stop.is_set():
            self.stop.wait(self.o.settle)
        second = scan(self.dir, errors) if young else first
        worst = 0
        now = time.monotonic()
        for rel in sorted(first):
            if self.stop.is_set():
                break
            st = second.get(rel)
            if st is None:
                continue
            if rel in young and _sig(st) != _sig(first[rel]):
                self.say("watch.still_copying", path=self.full(rel))
                continue
            out = self._settled(rel, _Seen(_sig(st), now), now, final=True)
            if out is None:
                continue
            worst = max(worst, 0 if out.status == "pass" else 1)
        if not errors and not self.stop.is_set():
            self._forget_missing(second, now, grace=False)
        return worst


def _split(values) -> list[str]:
    values = [values] if isinstance(values, str) else values or []
    return [x.strip() for v in values for x in str(v).split(",") if x.strip()]


def _bytes(t: str | bytes) -> bytes:
    return t.encode("utf-8") if isinstance(t, str) else t


# ---------------------------------------------------------------- native events

def _start_native(directory: str, wake: threading.Event):
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
    except ImportError:
        return None

    class _Wake(FileSystemEventHandler):
        def on_any_event(self, event):
            wake.set()

    observer = Observer()
    observer.schedule(_Wake(), directory, recursive=True)
    observer.daemon = True
    observer.start()
    return observer


# ---------------------------------------------------------------- entry point

def _held() -> None:
    """A test seam: while the file named by LAKIP_LINT_TEST_HOLD exists (at most 30 s), a
    check that has started waits — a test can then signal the watcher *during* a check
    without guessing how long a check takes. Unset in normal use: returns at once."""
    hold = os.environ.get("LAKIP_LINT_TEST_HOLD")
    end = time.monotonic() + 30
    while hold and os.path.exists(hold) and time.monotonic() < end:
        time.sleep(0.02)


def run(options: WatchOptions, stop: threading.Event | None = None) -> int:
    """Watch until SIGINT/SIGTERM (or `stop` is set): exit 0. With `options.once`: one
    scan, exit 0 when every workbook passed, 1 when one needs fixing or is unreadable.
    2: the folder, configuration or a rule file is unusable, or another watcher holds it."""
    stop = stop or threading.Event()
    lang = options.lang if options.lang in LANGS else "id"
    if not os.path.isdir(options.directory):
        print(say("watch.no_dir", lang, dir=options.directory), file=sys.stderr)
        return 2
    try:
        lock = FolderLock(options.directory)
    except FolderLocked as e:
        print(say("watch.locked", lang, dir=options.directory, pid=f" (pid {e.pid})" if e.pid else ""), file=sys.stderr)
        return 2
    except OSError as e:
        print(say("watch.no_lock", lang, error=str(e)), file=sys.stderr)
        return 2
    try:
        return _run_locked(options, stop, lang)
    finally:
        lock.release()


class FolderLocked(Exception):
    def __init__(self, pid: str | None):
        super().__init__(pid)
        self.pid = pid


class FolderLock:
    """An exclusive, non-blocking lock on LOCK_FILE in the watched folder, held for the
    watcher's life (released by the OS if the process dies); the file holds the pid."""

    def __init__(self, directory: str):
        self.path = os.path.join(directory, LOCK_FILE)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _lock(self.fd)
        except OSError:
            try:
                pid = os.read(self.fd, 32).decode("ascii", "replace").strip() or None
            finally:
                os.close(self.fd)
            raise FolderLocked(pid) from None
        os.ftruncate(self.fd, 0)
        os.write(self.fd, str(os.getpid()).encode())

    def release(self) -> None:
        try:
            os.ftruncate(self.fd, 0)
        except OSError:
            pass
        os.close(self.fd)           # closing drops the lock


def _lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _run_locked(options: WatchOptions, stop: threading.Event, lang: str) -> int:
    # the handlers first, before anything slow (rules, configuration): a SIGTERM that comes
    # while the watcher starts stops it cleanly instead of killing it half-way
    current: dict = {}

    def on_signal(signum, frame):
        stop.set()
        w = current.get("watcher")
        if w is not None and w.checking:
            raise _Abandon()

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, on_signal)
    try:
        return _run_with_handlers(options, stop, lang, current)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _run_with_handlers(options: WatchOptions, stop: threading.Event, lang: str, current: dict) -> int:
    from .config import ConfigError
    from .rules import RuleFileError
    from . import suppress
    try:
        w = Watcher(options, stop)
    except (ConfigError, suppress.SuppressionError) as e:
        print(say("watch.config", lang, error=str(e)), file=sys.stderr)
        return 2
    except RuleFileError as e:
        print(say("cli.rule_file_invalid", lang, error=str(e)), file=sys.stderr)
        return 2
    current["watcher"] = w
    if stop.is_set():
        return 0
    wake = threading.Event()
    observer = None
    try:
        if options.once:
            return w.once()
        mode = say("watch.polling", lang)
        if options.native:
            observer = _start_native(options.directory, wake)
            if observer is None:
                w.say("watch.no_watchdog")
            else:
                mode = say("watch.native", lang)
        w.say("watch.watching", dir=options.directory, interval=f"{options.interval:g}", settle=f"{options.settle:g}",
              mode=mode, log=w.log_path)
        while not stop.is_set():
            started = time.monotonic()
            w.poll()
            # events only wake the loop sooner (at most every half second); a settling
            # file still needs the regular polls
            deadline = started + options.interval
            while not stop.is_set() and time.monotonic() < deadline:
                if observer is not None and wake.is_set() and time.monotonic() - started >= 0.5:
                    wake.clear()
                    break
                stop.wait(min(0.1, max(0.0, deadline - time.monotonic())))
        return 0
    except _Abandon:
        return 0
    finally:
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)
        if stop.is_set() and not options.once:
            w.say("watch.stopping")
