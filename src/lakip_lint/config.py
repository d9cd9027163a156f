"""Configuration: `[tool.lakip-lint]` in pyproject.toml or a `lakip-lint.toml`, found from
the current folder upwards. Command-line options override it.

Keys: select, ignore (ids, names or id prefixes), fail-on, lang, format, rules (extra
rule folders), indikator_minimasi (patterns of minimising indicators),
batas_capaian (a unit's own cap on capaian, if it has one), min-coverage (the share
of a workbook's numbers checks must read, else LKP011; default 0.2).
"""
from __future__ import annotations

import tomllib
from pathlib import Path

KEYS = {"select", "ignore", "fail-on", "lang", "format", "rules", "indikator_minimasi", "batas_capaian",
        "min-coverage", "engine"}


class ConfigError(Exception):
    pass


def find_config(start: Path | None = None) -> tuple[dict, str | None]:
    here = (start or Path.cwd()).resolve()
    for d in [here, *here.parents]:
        own = d / "lakip-lint.toml"
        if own.is_file():
            return _read(own, own_file=True) or {}, str(own)      # (its own file: always a dict)
        py = d / "pyproject.toml"
        if py.is_file():
            data = _read(py, own_file=False)
            if data is not None:
                return data, str(py)
    return {}, None


def _read(path: Path, own_file: bool) -> dict | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: konfigurasi tidak sah: {e}")
    section = data if own_file else data.get("tool", {}).get("lakip-lint")
    if section is None:
        return None
    section = dict(section)
    unknown = set(section) - KEYS - {"suppress"}
    if unknown:
        raise ConfigError(f"{path}: kunci tidak dikenal: {', '.join(sorted(unknown))}")
    _validate(path, section)
    if "rules" in section:
        base = path.parent
        section["rules"] = [str((base / r).resolve()) for r in _list(section["rules"])]
    return section


def _validate(path: Path, section: dict) -> None:
    """Types and values checked before use: a wrong type must not silently change a check."""
    import jsonschema

    from .rules import patterns

    from .catalog import load_schema
    errors = list(jsonschema.Draft202012Validator(load_schema("config.schema.json")).iter_errors(section))
    if errors:
        e = errors[0]
        where = "/".join(str(p) for p in e.absolute_path) or "(akar)"
        raise ConfigError(f"{path}: {where}: {e.message}")
    for pattern in section.get("indikator_minimasi", []):
        problem = patterns.check(pattern)
        if problem:
            raise ConfigError(f"{path}: indikator_minimasi: pola tidak sah '{pattern}': {problem}")


def _list(x) -> list:
    return list(x) if isinstance(x, (list, tuple)) else [x]
