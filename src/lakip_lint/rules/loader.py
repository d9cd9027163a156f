"""Load rule files (YAML) and validate them before any rule runs.

A broken rule file is a usage error: `RuleFileError` names the file, the line and what
is wrong, and the command exits 2. Rule files are untrusted data (a pack may come from a
shared folder), so validation has four layers:

1. **The file itself**: a regular file (never a FIFO, a device or a folder), opened without
   blocking, at most `MAX_FILE_BYTES`; at most `MAX_FILES` files per folder.
2. **The YAML**: read event by event before anything is built, so that anchors and aliases
   (rule files never need them; an alias bomb expands exponentially), nesting deeper than
   `MAX_NESTING`, more than `MAX_EVENTS` nodes or a scalar longer than `MAX_SCALAR` are
   refused at their line without expanding anything. Only the safe loader builds data.
3. **The JSON Schema** (schemas/rules.schema.json): each kind's parameters; an expectation
   names one of the classes the schema lists, with exactly the arguments declared for
   it (`row_condition`, `condition_parser` and anything else are refused).
4. **Meaning**: expressions parsed by our own evaluator (length and nesting limits),
   patterns compiled by the linear-time engine (patterns.py), columns and table kinds
   known to the catalog, ids and names unique, at most `MAX_RULES` rules in all.
"""
from __future__ import annotations

import math
import os
import stat
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from ..catalog import load_catalog, load_schema
from . import expr, patterns
from .model import Rule

EXPRESSION_KEYS = {"expect": "num", "when": "bool", "assert": "bool"}
MAX_FILE_BYTES = 1 << 20     # one rule file
MAX_FILES = 100              # rule files in one folder
MAX_RULES_PER_FILE = 500
MAX_RULES = 2000             # the built-in pack and every extra folder together
MAX_NESTING = 12             # YAML collections inside each other
MAX_EVENTS = 200_000         # YAML nodes in one file
MAX_YEAR_OFFSET = 100        # a window date's years from the fiscal year (fy-1-12-01)
MAX_SCALAR = 4000            # characters of one YAML value


class RuleFileError(Exception):
    def __init__(self, file: str, line: int | None, message: str):
        self.file, self.line, self.message = file, line, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


def builtin_rule_files() -> list[Path]:
    root = resources.files("lakip_lint").joinpath("rulepacks")
    return sorted((Path(str(p)) for p in root.iterdir() if p.name.endswith((".yaml", ".yml"))),
                  key=lambda p: p.name)


def rule_files_in(directory: str) -> list[Path]:
    d = Path(directory)
    if not d.is_dir():
        raise RuleFileError(directory, None, "folder aturan tidak ditemukan")
    files = []
    with os.scandir(d) as it:
        for entry in it:
            if entry.name.endswith((".yaml", ".yml")) and not entry.name.startswith("."):
                files.append(Path(entry.path))
                if len(files) > MAX_FILES:
                    raise RuleFileError(directory, None, f"lebih dari {MAX_FILES} berkas aturan dalam satu folder")
    return sorted(files, key=lambda p: p.name)


def read_rule_text(path: Path) -> str:
    """The text of a rule file: a regular file under the size limit, read without blocking
    (a FIFO or a device named *.yaml is refused, never opened for reading in earnest)."""
    shown = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise RuleFileError(shown, None, "bukan berkas biasa (folder, FIFO atau perangkat); ditolak")
        if st.st_size > MAX_FILE_BYTES:
            raise RuleFileError(shown, None, f"berkas aturan terlalu besar ({st.st_size} byte; batas {MAX_FILE_BYTES})")
        fd = os.open(path, flags)
    except OSError as e:
        raise RuleFileError(shown, None, f"tidak dapat dibaca: {e.strerror or e}")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):      # swapped between stat and open
            raise RuleFileError(shown, None, "bukan berkas biasa; ditolak")
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise RuleFileError(shown, None, f"berkas aturan terlalu besar (batas {MAX_FILE_BYTES} byte)")
    except OSError as e:
        raise RuleFileError(shown, None, f"tidak dapat dibaca: {e.strerror or e}")
    finally:
        os.close(fd)
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError as e:
        raise RuleFileError(shown, None, f"bukan teks UTF-8 (byte {e.start})")


def screen_yaml_events(text: str, shown: str) -> None:
    """Walk the YAML's events (nothing built, nothing expanded) and refuse what a rule file
    never needs: anchors, aliases, deep nesting, huge node counts, huge scalars."""
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    events = 0
    stack: list = []        # per open collection: [keys seen, next node is a key] (mapping) or None

    def node_done() -> None:
        if stack and stack[-1] is not None:
            stack[-1][1] = not stack[-1][1]

    for ev in yaml.parse(text, Loader=loader_cls):
        events += 1
        line = ev.start_mark.line + 1 if ev.start_mark else None
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            raise RuleFileError(shown, line, "anchor/alias YAML (&, *) tidak diizinkan dalam berkas aturan")
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([set(), True] if isinstance(ev, yaml.MappingStartEvent) else None)
            if len(stack) > MAX_NESTING:
                raise RuleFileError(shown, line, f"struktur bersarang lebih dari {MAX_NESTING} tingkat")
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            node_done()
        elif isinstance(ev, yaml.ScalarEvent):
            if len(ev.value) > MAX_SCALAR:
                raise RuleFileError(shown, line, f"nilai lebih dari {MAX_SCALAR} karakter")
            top = stack[-1] if stack else None
            if top is not None and top[1]:              # a mapping key: YAML keeps the last silently
                if ev.value in top[0]:
                    raise RuleFileError(shown, line, f"kunci '{ev.value[:40]}' ditulis dua kali")
                top[0].add(ev.value)
            node_done()
        if events > MAX_EVENTS:
            raise RuleFileError(shown, line, f"berkas aturan terlalu besar (lebih dari {MAX_EVENTS} simpul YAML)")


def _line_of(node, path) -> int | None:
    """Follow a JSON path through the composed YAML nodes to the line it sits on."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in path:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if k.value == key), None)
            if nxt is None:
                break
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
        line = node.start_mark.line + 1
    return line


def _parse(text: str):
    """One YAML pass (libyaml when present): the node tree for line numbers, and the data."""
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return root, data


def _non_finite(obj, path=()) -> list | None:
    """The path to the first .inf or .nan in the data (nesting is bounded by MAX_NESTING)."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return list(path)
    items = obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
    for k, v in items:
        found = _non_finite(v, (*path, k))
        if found is not None:
            return found
    return None


def load_file(path: Path) -> list[Rule]:
    import jsonschema
    shown = str(path)
    text = read_rule_text(path)
    try:
        screen_yaml_events(text, shown)
        root, data = _parse(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise RuleFileError(shown, mark.line + 1 if mark else None, f"YAML tidak sah: {getattr(e, 'problem', e)}")
    except RecursionError:
        raise RuleFileError(shown, None, "YAML bersarang terlalu dalam")
    bad = _non_finite(data)
    if bad is not None:
        raise RuleFileError(shown, _line_of(root, bad), f"{'/'.join(map(str, bad)) or '(akar)'}: angka tak hingga/NaN tidak diizinkan")
    if isinstance(data, dict) and isinstance(data.get("rules"), list) and len(data["rules"]) > MAX_RULES_PER_FILE:
        raise RuleFileError(shown, _line_of(root, ["rules"]),
                            f"lebih dari {MAX_RULES_PER_FILE} aturan dalam satu berkas ({len(data['rules'])})")
    validator = jsonschema.Draft202012Validator(load_schema("rules.schema.json"))
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        err = _most_specific(errors)
        path_txt = "/".join(str(p) for p in err.absolute_path) or "(akar)"
        raise RuleFileError(shown, _line_of(root, list(err.absolute_path)), f"{path_txt}: {err.message}")
    from ..read.generic import KIND as GENERIC
    kinds = {k.kind for k in load_catalog().kinds} | {"ikhtisar", GENERIC}
    rules = []
    for i, r in enumerate(data["rules"]):
        for t in r["tables"]:
            if t not in kinds:
                raise RuleFileError(shown, _line_of(root, ["rules", i, "tables"]), f"jenis tabel tidak dikenal: {t}")
        for key, text_, want in _expressions(r.get("params", {})):
            try:
                node = expr.parse(text_)
                got = expr.type_of(node)
            except expr.ExprError as e:
                raise RuleFileError(shown, _line_of(root, ["rules", i, "params"]), f"{r['id']}: {key}: {e}")
            if got != want:
                raise RuleFileError(shown, _line_of(root, ["rules", i, "params"]),
                                    f"{r['id']}: {key}: harus {'angka' if want == 'num' else 'syarat (perbandingan)'}: {text_}")
        problem = check_columns(r)
        if problem:
            raise RuleFileError(shown, _line_of(root, ["rules", i, "params"]), f"{r['id']}: {problem}")
        rules.append(Rule(id=r["id"], name=r["name"], title=r["title"], severity=r["severity"],
                          source=r["source"], kind=r["kind"], tables=r["tables"],
                          params=r.get("params", {}), message=r["message"], explain=r["explain"],
                          family=data.get("family", path.stem), file=shown,
                          line=_line_of(root, ["rules", i]) or 0, columns=r.get("columns", [])))
    return rules


def _most_specific(errors):
    """jsonschema reports oneOf failures at the parent; prefer the deepest real cause."""
    best = errors[-1]
    for e in errors:
        if e.context:
            deepest = max(e.context, key=lambda c: len(c.absolute_path))
            if len(deepest.absolute_path) >= len(best.absolute_path):
                best = deepest
    return best


def _expressions(obj, prefix=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in EXPRESSION_KEYS and isinstance(v, str):
                yield prefix + k, v, EXPRESSION_KEYS[k]
            else:
                yield from _expressions(v, prefix + k + ".")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _expressions(v, f"{prefix}{i}.")


COLUMN_KEYS = {"stated", "before", "after", "total", "of", "numerator", "denominator", "series", "column"}


def check_columns(rule: dict) -> str | None:
    """Every column a rule names exists in one of its table kinds (a misspelt column would
    otherwise make every row 'not applicable'); a date window is a real date."""
    import datetime as dt
    import re
    cat = load_catalog()
    kinds = {k.kind: k for k in cat.kinds}
    known = {"fy"}
    for t in rule["tables"]:
        if t in kinds:
            known |= {c.name for c in kinds[t].columns}
    params = rule.get("params", {})

    def base(name: str) -> str:
        return re.sub(r"\[.*\]$", "", name)

    def walk(obj, table_kinds):
        if isinstance(obj, dict):
            if "table" in obj:                      # a place: its columns belong to its own table kinds
                tk = obj["table"] if isinstance(obj["table"], list) else [obj["table"]]
                cols = set().union(*({c.name for c in kinds[k].columns} for k in tk if k in kinds))
                for key in ("column",):
                    if key in obj and base(obj[key]) not in cols:
                        return f"kolom '{obj[key]}' tidak ada di tabel {', '.join(tk)}"
                for key in ("match", "not_match", "has_row", "lacks_row"):
                    for c, pattern in (obj.get(key) or {}).items():
                        if c not in cols:
                            return f"kolom '{c}' tidak ada di tabel {', '.join(tk)}"
                        problem = patterns.check(pattern)
                        if problem:
                            return f"pola '{pattern}' tidak sah: {problem}"
                row = obj.get("row")
                if isinstance(row, dict) and "match" in row:
                    return walk({"table": obj["table"], "match": row["match"]}, table_kinds)
                return None
            if "fact" in obj:
                facts = {f["name"] for f in kinds["ikhtisar"].facts}
                return None if obj["fact"] in facts else f"fakta '{obj['fact']}' tidak dikenal"
            for k, v in obj.items():
                if k == "tables" and rule["kind"] == "same_entity":
                    for kind_name, spec in v.items():
                        cols = {c.name for c in kinds[kind_name].columns} if kind_name in kinds else set()
                        if kind_name not in kinds:
                            return f"jenis tabel tidak dikenal: {kind_name}"
                        for col in [spec["key"], *spec["fields"].values()]:
                            if base(col) not in cols:
                                return f"kolom '{col}' tidak ada di tabel {kind_name}"
                    continue
                if k in ("caption", "regex") and isinstance(v, str):     # patterns: RE2 or refused
                    problem = patterns.check(v)
                    if problem:
                        return f"pola '{v}' tidak sah: {problem}"
                if k in COLUMN_KEYS and isinstance(v, str) and base(v) not in known:
                    return f"kolom '{v}' tidak ada di tabel {', '.join(rule['tables'])}"
                if k == "columns" and isinstance(v, list):
                    for c in v:
                        if base(c) not in known:
                            return f"kolom '{c}' tidak ada di tabel {', '.join(rule['tables'])}"
                if k in EXPRESSION_KEYS and isinstance(v, str):
                    missing = expr.names(expr.parse(v)) - known - set((params.get("inputs") or {}))
                    if missing:
                        return f"{k}: kolom {', '.join(sorted(missing))} tidak ada di tabel {', '.join(rule['tables'])}"
                if k == "window" and isinstance(v, dict):
                    for end in ("from", "to"):
                        m = re.fullmatch(r"fy([-+]\d+)?-(\d{2})-(\d{2})", v[end])
                        try:
                            dt.date(2000, int(m.group(2)), int(m.group(3)))
                        except ValueError:
                            return f"window.{end}: tanggal tidak sah '{v[end]}'"
                        if abs(int(m.group(1) or 0)) > MAX_YEAR_OFFSET:     # fy+8000: no year to compute
                            return f"window.{end}: selisih tahun lebih dari {MAX_YEAR_OFFSET} '{v[end]}'"
                problem = walk(v, table_kinds)
                if problem:
                    return problem
        elif isinstance(obj, list):
            for v in obj:
                problem = walk(v, table_kinds)
                if problem:
                    return problem
        return None

    return walk(params, rule["tables"])


def load_rules(extra_dirs: tuple[str, ...] = ()) -> list[Rule]:
    """The built-in rule pack plus any extra folders; ids and names must be unique."""
    files = builtin_rule_files()
    for d in extra_dirs:
        files += rule_files_in(d)
    return _load(tuple(str(f) for f in files))


_KNOWN: dict[str, Rule] = {}


def rule_by_id(rule_id: str) -> Rule | None:
    """A rule loaded in this process, by id: where outputs find a finding's message template
    and title (a rule's words are part of its rule file)."""
    if rule_id not in _KNOWN:
        load_rules()
    return _KNOWN.get(rule_id)


@lru_cache(maxsize=8)
def _load(files: tuple[str, ...]) -> list[Rule]:
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for f in files:
        for r in load_file(Path(f)):
            if len(rules) >= MAX_RULES:
                raise RuleFileError(r.file, r.line, f"lebih dari {MAX_RULES} aturan seluruhnya")
            for key in (r.id, r.name):
                if key in seen:
                    other = seen[key]
                    raise RuleFileError(r.file, r.line, f"'{key}' sudah dipakai di {other.file}:{other.line}")
                seen[key] = r
            rules.append(r)
    _KNOWN.update((r.id, r) for r in rules)
    return rules
