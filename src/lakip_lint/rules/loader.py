"""Load rule files (YAML) and validate them before any rule runs.

A broken rule file is a usage error: `RuleFileError` names the file, the line and what
is wrong, and the command exits 2. Validation has three layers: the JSON Schema
(schemas/rules.schema.json, including each kind's parameters), expressions parsed by
the safe evaluator, and cross-file checks (unique ids and names, known table kinds).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from ..catalog import load_catalog, load_schema
from . import expr
from .model import Rule

EXPRESSION_KEYS = {"expect": "num", "when": "bool", "assert": "bool"}


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
    return sorted(list(d.glob("*.yaml")) + list(d.glob("*.yml")), key=lambda p: p.name)


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


def load_file(path: Path) -> list[Rule]:
    import jsonschema
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        root, data = _parse(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise RuleFileError(shown, mark.line + 1 if mark else None, f"YAML tidak sah: {getattr(e, 'problem', e)}")
    except (OSError, UnicodeDecodeError) as e:
        raise RuleFileError(shown, None, f"tidak dapat dibaca: {e}")
    validator = jsonschema.Draft202012Validator(load_schema("rules.schema.json"))
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        err = _most_specific(errors)
        path_txt = "/".join(str(p) for p in err.absolute_path) or "(akar)"
        raise RuleFileError(shown, _line_of(root, list(err.absolute_path)), f"{path_txt}: {err.message}")
    kinds = {k.kind for k in load_catalog().kinds} | {"ikhtisar"}
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
                        try:
                            re.compile(pattern)
                        except re.error as e:
                            return f"pola '{pattern}' tidak sah: {e}"
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


@lru_cache(maxsize=8)
def _load(files: tuple[str, ...]) -> list[Rule]:
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for f in files:
        for r in load_file(Path(f)):
            for key in (r.id, r.name):
                if key in seen:
                    other = seen[key]
                    raise RuleFileError(r.file, r.line, f"'{key}' sudah dipakai di {other.file}:{other.line}")
                seen[key] = r
            rules.append(r)
    return rules
