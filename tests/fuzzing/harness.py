"""Run the real command line on fuzz cases under limits and classify each case.

A case passes when `lakip-lint check --format json` ends within `timeout` seconds and
`memory` bytes of address space, exits 0 or 1, prints valid JSON naming the file, writes
no traceback, reports no internal error (LKP010: a crash caught by the fault isolation is
still a crash to fix) and leaves the input byte-for-byte unchanged.

Cases run in chunks (one process reads many files, as a folder check does) for speed; a
chunk that fails in any way is re-run one case per process to attribute the failure, so
every verdict is per case.
"""
from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

SECONDS = 30
MEMORY = 2 << 30
VERDICTS = ("ok", "crash", "hang", "oom", "modified")


@dataclass
class Case:
    name: str            # file name, e.g. 'c00042.xlsx'
    data: bytes
    what: str            # the mutation


@dataclass
class Verdict:
    case: Case
    verdict: str
    detail: str = ""
    seconds: float = 0.0
    peak_mib: float = 0.0


@dataclass
class Run:
    verdicts: list[Verdict] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {v: 0 for v in VERDICTS}
        for x in self.verdicts:
            out[x.verdict] += 1
        return out

    def failures(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.verdict != "ok"]


def _limits(memory: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        os.setsid()
    return apply


def _sha(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def _invoke(paths: list[str], timeout: float, memory: int, extra: list[str]) -> tuple[str, str, int | None, float, float]:
    """(stdout, stderr, returncode or None on timeout, seconds, peak MiB of the child)."""
    cmd = [sys.executable, "-m", "lakip_lint.cli", "check", "--format", "json", "--fail-on", "error", *extra, *paths]
    start = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_limits(memory),
                            env={**os.environ, "PYTHONHASHSEED": "0"})
    try:
        out, err = proc.communicate(timeout=timeout)
        rc = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        out, err = proc.communicate()
        rc = None
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), rc, time.monotonic() - start,
            max(peak, before) / 1024)


def _process(paths: list[str], out: str, err: str, rc: int | None) -> tuple[str, str, dict | None]:
    """The verdict on the process as a whole, and its JSON document when it is sound."""
    if rc is None:
        return "hang", "timeout", None
    if "MemoryError" in err:
        return "oom", "MemoryError", None
    if rc not in (0, 1):
        return "crash", f"exit {rc}: {err.strip().splitlines()[-1:] or ''}", None
    if "Traceback" in err:
        return "crash", "traceback: " + (err.strip().splitlines()[-1] if err.strip() else ""), None
    try:
        doc = json.loads(out)
    except ValueError as e:
        return "crash", f"invalid JSON on stdout ({e})", None
    listed = [f.get("path") for f in doc.get("files", [])]
    if listed != paths:
        return "crash", f"files listed {len(listed)} of {len(paths)}", None
    return "ok", "", doc


def _per_file(path: str, doc: dict) -> tuple[str, str]:
    """A sound process may still hold an internal error (LKP010) for one file: a crash
    that fault isolation caught is a crash to fix all the same."""
    for f in doc.get("findings", []):
        if f.get("code") == "LKP010" and f.get("file") == path:
            msg = f.get("message", "")
            return ("oom" if "MemoryError" in msg else "crash"), "internal error: " + msg[:300]
    return "ok", ""


def run_cases(cases: list[Case], workdir: str, chunk: int = 40, jobs: int = 2, timeout: float = SECONDS,
              memory: int = MEMORY, extra: list[str] | None = None, progress=None) -> Run:
    extra = extra or []
    os.makedirs(workdir, exist_ok=True)
    paths, hashes = {}, {}
    for c in cases:
        p = os.path.join(workdir, c.name)
        with open(p, "wb") as f:
            f.write(c.data)
        paths[c.name] = p
        hashes[c.name] = hashlib.sha256(c.data).hexdigest()
    chunks = [cases[i:i + chunk] for i in range(0, len(cases), chunk)]
    results: dict[str, Verdict] = {}

    def one_chunk(group: list[Case]) -> None:
        ps = [paths[c.name] for c in group]
        out, err, rc, secs, peak = _invoke(ps, 20 + timeout * len(group) / 4, memory, extra)
        verdict, _, doc = _process(ps, out, err, rc)
        if doc is not None:
            for c in group:
                v, detail = _per_file(paths[c.name], doc)
                results[c.name] = Verdict(c, v, detail, secs / len(group), peak)
        else:                                      # attribute: one case per process
            for c in group:
                out, err, rc, secs, peak = _invoke([paths[c.name]], timeout, memory, extra)
                v, detail, doc = _process([paths[c.name]], out, err, rc)
                if doc is not None:
                    v, detail = _per_file(paths[c.name], doc)
                results[c.name] = Verdict(c, v, detail, secs, peak)
        for c in group:
            if _sha(paths[c.name]) != hashes[c.name]:
                results[c.name] = Verdict(c, "modified", "input changed", 0, 0)
        if progress:
            progress(len(group))

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
        list(ex.map(one_chunk, chunks))
    return Run([results[c.name] for c in cases])
