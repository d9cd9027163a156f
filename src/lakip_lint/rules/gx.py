"""Great Expectations adapter: column expectations of the rule files, executed by GX 1.x.

Rules of kind `expectation` state a GX expectation by its class name and its own
arguments (`ExpectColumnValuesToBeBetween`, `{column: nilai, min_value: 1, max_value: 4}`),
so anyone who knows GX can read and extend them. This module turns tables into one pandas
DataFrame per table kind, runs one suite per kind, and maps every unexpected row back to
the cell it came from.

- **Lazy.** Neither great_expectations nor pandas is imported until an expectation rule
  actually runs (importing GX costs seconds); the rest of the linter never pays for it.
- **Stacked.** All tables of one kind become one DataFrame (one row per data row), because
  one validation of a stacked frame is far cheaper than one per table. `validate` takes a
  list of (report, table) pairs, so tables of many workbooks can be stacked just the same.
- **Cell mapping by key, matching by configuration.** Each frame row carries hidden key
  columns (`__baris`: its position in the adapter's row list; `__tabel`: which table it
  comes from, for uniqueness within a table: `ExpectCompoundColumnsToBeUnique` on
  `[__tabel, no]`). GX returns them for every unexpected row (`result_format` COMPLETE with
  `unexpected_index_column_names`). Results are matched to rules by expectation type and
  arguments, never by their order.
- **Only declared arguments.** The rule schema lists the expectation classes a rule may
  name and, for each, exactly the arguments it may pass (`gx_<class>` in
  schemas/rules.schema.json). The loader refuses anything else, and `expectation_of`
  checks again before GX sees a spec, so a `row_condition` (which GX hands to pandas'
  `DataFrame.query`, an evaluator that runs code) can never reach GX, even from a rule
  built in code.
- **Patterns by RE2.** GX matches `regex` with Python's backtracking `re` (through pandas),
  where `(\\S*\\s?)*!` never ends; ExpectColumnValuesToMatchRegex is therefore evaluated
  here, with the same meaning (search within the text; empty cells not judged), by the
  linear-time engine of patterns.py.
- **Quiet.** An ephemeral context (nothing written anywhere), progress bars off, analytics
  off (GX_ANALYTICS_ENABLED=false), GX's loggers and warnings kept out of the output.

Values: numeric columns (catalog types amount, percent, index, …) hold `Value.number` as a
float; '-' in an amount column is a stated zero; N/A, '-' elsewhere and empty cells are
missing (null). A value that cannot be read as a number (text, ambiguous, error, formula
without cached value) is also null in the frame — GX would skip it silently, so it is
returned as `unreadable` and the kind reports it as not run. Text and code columns hold the
text as written (whitespace collapsed); empty cells are null.
"""
from __future__ import annotations

import json
import os
import threading
import weakref
from dataclasses import dataclass, field
from decimal import Decimal

from ..findings import Phrase, phrase
from ..model import Report, Row, Table, Value
from .model import Rule

ROW_KEY = "__baris"
TABLE_KEY = "__tabel"
HIDDEN = (ROW_KEY, TABLE_KEY)
COLUMN_ARGS = ("column", "column_A", "column_B", "column_list")
NUMERIC_TYPES = {"amount", "count", "percent", "index", "score", "indicator", "number", "year"}
UNREADABLE_KINDS = {"text", "ambiguous", "error", "formula_uncached", "date"}
RESULT_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": [ROW_KEY]}


class ExpectationError(ValueError):
    """A rule names an expectation GX does not have, or arguments GX refuses; its one
    argument is why, a catalog phrase."""


NATIVE = {"ExpectColumnValuesToMatchRegex"}     # evaluated here (RE2), never by GX


def declared_problem(spec: "Spec") -> Phrase | None:
    """None when the spec names a declared class with only declared arguments (the rule
    schema's gx_<class>), else what is wrong. Checked at load and again before GX runs."""
    import jsonschema

    from ..catalog import load_schema
    defs = load_schema("rules.schema.json")["$defs"]
    decl = defs.get("gx_" + spec.expectation)
    if decl is None:
        return phrase("reason.expectation_not_allowed", expectation=spec.expectation)
    schema = {"$defs": defs, **decl}
    err = next(iter(jsonschema.Draft202012Validator(schema).iter_errors(spec.kwargs)), None)
    return None if err is None else phrase("reason.expectation_arguments", expectation=spec.expectation,
                                           detail=err.message)


# -- what a rule states ----------------------------------------------------------------

@dataclass(frozen=True)
class Spec:
    """One expectation as a rule states it; equal specs are one expectation in the suite."""
    expectation: str       # GX class name, e.g. ExpectColumnValuesToBeBetween
    kwargs_json: str       # the GX arguments, canonical JSON (hashable)

    @classmethod
    def of(cls, rule: Rule) -> "Spec":
        p = rule.params
        return cls(p["expectation"], json.dumps(p.get("kwargs") or {}, sort_keys=True))

    @property
    def kwargs(self) -> dict:
        return json.loads(self.kwargs_json)

    @property
    def columns(self) -> list[str]:
        """The columns the expectation reads, in the order it names them."""
        kw = self.kwargs
        out: list[str] = []
        for arg in COLUMN_ARGS:
            v = kw.get(arg)
            out += v if isinstance(v, list) else ([v] if isinstance(v, str) else [])
        return out

    @property
    def shown_columns(self) -> list[str]:
        return [c for c in self.columns if c not in HIDDEN]


# -- what comes back -------------------------------------------------------------------

@dataclass
class RowRef:
    report: Report
    table: Table
    row: Row

    def value(self, column: str) -> Value | None:
        return self.row.get(column)

    def cell(self, column: str) -> str | None:
        """The cell of this row in `column`, even when the reader kept no value there."""
        v = self.row.get(column)
        if v is not None and v.cell:
            return v.cell
        col = self.table.column(column)
        if col is None or not col.cell or "!" not in col.cell:
            return None
        sheet, ref = col.cell.rsplit("!", 1)
        letters = "".join(ch for ch in ref if ch.isalpha())
        return f"{sheet}!{letters}{self.row.sheet_row}"


@dataclass
class Outcome:
    """One expectation over the stacked rows: which rows it judged, which failed, which
    could not be judged because a value was unreadable."""
    spec: Spec
    checked: list[RowRef] = field(default_factory=list)       # judged and passed
    failed: list[RowRef] = field(default_factory=list)        # GX's unexpected rows
    skipped: int = 0                                           # value missing / column absent
    unreadable: list[tuple[RowRef, str, Value]] = field(default_factory=list)
    error: Phrase | None = None                                # why it could not run (GX raised, …)


# -- GX, loaded on first use -----------------------------------------------------------

_GX: dict = {}


_GX_LOCK = threading.Lock()


def _gx():
    """The GX module, its expectations and one ephemeral batch definition, created once
    (thread-safe: screening imports GX in a background thread while workers read)."""
    if _GX:
        return _GX
    with _GX_LOCK:
        if not _GX:
            _load_gx()
    return _GX


def _load_gx() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import logging
    import warnings
    for name in ("great_expectations", "great_expectations.core", "great_expectations.data_context"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import great_expectations as gx
        import great_expectations.expectations as gxe
        import pandas as pd
        from great_expectations.data_context.types.base import ProgressBarsConfig
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        batch_definition = (context.data_sources.add_pandas("lakip")
                            .add_dataframe_asset("baris").add_batch_definition_whole_dataframe("semua"))
    _GX.update(gx=gx, gxe=gxe, pd=pd, context=context, batch_definition=batch_definition)


def expectation_of(spec: Spec):
    """The GX expectation object a spec names (raises ExpectationError when the spec is not
    declared, or when GX refuses it)."""
    problem = declared_problem(spec)
    if problem:
        raise ExpectationError(problem)
    gxe = _gx()["gxe"]
    cls = getattr(gxe, spec.expectation, None)
    if cls is None or not isinstance(cls, type):
        raise ExpectationError(phrase("reason.gx_unknown", expectation=spec.expectation))
    try:
        return cls(**spec.kwargs)
    except Exception as e:   # pydantic validation errors and the like
        raise ExpectationError(phrase("reason.gx_arguments", expectation=spec.expectation,
                                      detail=" ".join(str(e).split())[:200])) from e


def _config_key(type_: str, kwargs) -> str:
    return type_ + json.dumps({k: v for k, v in dict(kwargs).items() if k != "batch_id"},
                              sort_keys=True, default=str)


# -- tables → one DataFrame ------------------------------------------------------------

def _cell_value(v: Value | None, numeric: bool, col_type: str):
    """(frame value, unreadable?) for one cell."""
    if v is None or v.kind == "empty":
        return None, False
    if numeric:
        if v.kind == "number" and v.number is not None:
            return float(v.number), False
        if v.kind == "dash":
            return (0.0 if col_type == "amount" else None), False
        if v.kind == "na":
            return None, False
        return None, v.kind in UNREADABLE_KINDS or v.number is None
    if v.kind == "date" and v.date is not None:
        return v.date.isoformat(), False
    text = v.text if v.text is not None else v.raw
    text = " ".join(str(text).split()) if text is not None else ""
    return (text or None), False


@dataclass
class Frame:
    """The stacked rows of one table kind: a list of values per column (None for a missing
    value), the rows they came from, and which cells could not be read."""
    data: dict[str, list]                       # column -> values by row position
    refs: list[RowRef]
    unreadable: dict[str, list[tuple[int, Value]]]   # column -> (row position, value)
    present: dict[str, set[int]]                # column -> positions of tables that have it
    numeric: set[str] = field(default_factory=set)
    _missing: dict = field(default_factory=dict)
    _df: object = None

    @property
    def columns(self) -> list[str]:
        return list(self.data)

    @property
    def df(self):
        """The same rows as a pandas DataFrame, for Great Expectations (built on first use)."""
        if self._df is None:
            pd = _gx()["pd"]
            self._df = pd.DataFrame({k: (pd.Series(v, dtype="float64") if k in self.numeric
                                         else pd.Series(v, dtype="int64") if k in HIDDEN
                                         else pd.Series(v, dtype=object)) for k, v in self.data.items()})
        return self._df

    def missing(self, column: str) -> set[int]:
        """Row positions whose value in `column` is missing, computed once per column."""
        if column not in self._missing:
            if column not in self.data:
                return set()
            self._missing[column] = {i for i, v in enumerate(self.data[column]) if is_missing(v)}
        return self._missing[column]


def is_missing(v) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def build_frame(pairs: list[tuple[Report, Table]], columns: list[str] | None = None,
                row_kinds: tuple[str, ...] = ("data",)) -> Frame:
    """Stack the tables' rows: catalog columns plus the hidden keys (row, table)."""
    refs: list[RowRef] = []
    table_ids: list[int] = []
    for t_id, (report, table) in enumerate(pairs):
        for row in table.rows:
            if row.kind in row_kinds:
                refs.append(RowRef(report, table, row))
                table_ids.append(t_id)
    names: list[str] = []
    for _, table in pairs:
        for c in table.columns:
            if c.name not in names and (columns is None or c.name in columns):
                names.append(c.name)
    for wanted in columns or []:
        if wanted not in names and wanted not in HIDDEN:
            names.append(wanted)
    data: dict[str, list] = {ROW_KEY: list(range(len(refs))), TABLE_KEY: table_ids}
    unreadable: dict[str, list[tuple[int, Value]]] = {}
    present: dict[str, set[int]] = {}
    numeric_cols: set[str] = set()
    for name in names:
        col_vals: list = []
        for i, ref in enumerate(refs):
            col = ref.table.column(name)
            if col is None:
                col_vals.append(None)
                continue
            present.setdefault(name, set()).add(i)
            numeric = col.type in NUMERIC_TYPES
            if numeric:
                numeric_cols.add(name)
            v = ref.row.get(name)
            val, bad = _cell_value(v, numeric, col.type)
            if bad and v is not None:          # (a missing cell is never unreadable)
                unreadable.setdefault(name, []).append((i, v))
            col_vals.append(val)
        data[name] = col_vals
    for name in numeric_cols:                   # a float column holds floats (GX sees float64)
        data[name] = [float("nan") if v is None else v for v in data[name]]
    return Frame(data, refs, unreadable, present, numeric_cols)


# -- validation ------------------------------------------------------------------------

# the engine `check` and `watch` use: "native" evaluates the declared expectation classes
# here (no import of Great Expectations on a reviewer's path); "gx" runs them through GX
# (`check --engine gx`, `screen`). tests/test_conformance.py holds the two to the same
# failing rows on every rule of the pack and on random frames.
ENGINE = {"name": "native"}


def available() -> bool:
    """Is Great Expectations installed (the optional extra `lakip-lint[gx]`)? Asked without
    importing it."""
    import importlib.util
    return importlib.util.find_spec("great_expectations") is not None


def use_engine(name: str) -> None:
    """Evaluate expectations with "native" or "gx" from now on (this process)."""
    if name not in ("native", "gx"):
        raise ValueError(name)
    ENGINE["name"] = name


def validate(pairs: list[tuple[Report, Table]], specs: list[Spec], engine: str | None = None) -> dict[Spec, Outcome]:
    """Run every spec on the stacked rows of `pairs` (tables of one kind, from one report or
    many); return each spec's outcome. The native engine evaluates the classes it
    implements (NATIVE_CLASSES); any other declared class goes to GX, never skipped."""
    from . import expect
    engine = engine or ENGINE["name"]
    specs = list(dict.fromkeys(specs))
    outcomes = {s: Outcome(s) for s in specs}
    if not specs:
        return outcomes
    needed = sorted({c for s in specs for c in s.columns if c not in HIDDEN})
    frame = build_frame(pairs, needed)
    through_gx = []
    for s in specs:
        problem = declared_problem(s)
        if problem:
            outcomes[s].error = problem
        elif s.expectation in NATIVE or (engine == "native" and s.expectation in expect.NATIVE_CLASSES):
            if frame.refs:
                try:
                    unexpected = _regex_unexpected(frame, s) if s.expectation in NATIVE else expect.unexpected(frame, s)
                except expect.Refused as e:
                    outcomes[s].error = e.args[0]
                    continue
                _judge(outcomes[s], frame, unexpected, None)
        else:
            through_gx.append(s)
    if through_gx:
        _validate_gx(frame, through_gx, outcomes)
    return outcomes


def _validate_gx(frame: Frame, specs: list[Spec], outcomes: dict[Spec, Outcome]) -> None:
    """The specs through Great Expectations, in ONE validation of the frame (not installed:
    each spec could not run, and says why)."""
    if not available():
        for s in specs:
            outcomes[s].error = phrase("reason.gx_missing")
        return
    g = _gx()
    suite = g["gx"].ExpectationSuite(name="lakip-" + "-".join(sorted({r.table.kind for r in frame.refs[:1]})))
    by_key: dict[str, list[Spec]] = {}
    for s in specs:
        try:
            exp = expectation_of(s)
        except ExpectationError as e:
            outcomes[s].error = e.args[0]
            continue
        key = _config_key(exp.configuration.type, exp.configuration.kwargs)
        if key not in by_key:
            suite.add_expectation(exp)
        by_key.setdefault(key, []).append(s)
    if not by_key or not frame.refs:
        for s in specs:
            if outcomes[s].error is None:
                outcomes[s].skipped = len(frame.refs)
        return
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        batch = g["batch_definition"].get_batch(batch_parameters={"dataframe": frame.df})
        result = batch.validate(suite, result_format=RESULT_FORMAT)
    seen: set[str] = set()
    for r in result.results:
        cfg = r.expectation_config
        key = _config_key(cfg.type, cfg.kwargs)
        info = r.exception_info or {}
        error = (phrase("reason.gx_raised", detail=" ".join(str(info.get("exception_message")).split())[:200])
                 if info.get("raised_exception") else None)
        unexpected = {int(u[ROW_KEY]) for u in (r.result or {}).get("unexpected_index_list") or []
                      if isinstance(u, dict) and ROW_KEY in u}
        if error is None and not r.success and not unexpected and not (r.result or {}).get("unexpected_count"):
            error = phrase("reason.expectation_failed_no_rows")     # an aggregate expectation failed
        for s in by_key.get(key, []):
            seen.add(key)
            _judge(outcomes[s], frame, unexpected, error)
    for key, ss in by_key.items():
        if key not in seen:
            for s in ss:
                outcomes[s].error = phrase("reason.gx_no_result")


def _regex_unexpected(frame: Frame, spec: Spec) -> set[int]:
    """Rows whose present value in the column holds no match of the pattern (RE2)."""
    from . import patterns
    kw = spec.kwargs
    col, rx = kw["column"], patterns.compile_pattern(kw["regex"], ignore_case=False)
    if col not in frame.data:
        return set()
    out = set()
    for i, v in enumerate(frame.data[col]):
        if is_missing(v):
            continue
        if rx.search(str(v)[:patterns.MAX_TEXT]) is None:     # str() as GX's astype(str)
            out.add(i)
    return out


def _judge(out: Outcome, frame: Frame, unexpected: set[int], error: Phrase | None) -> None:
    if error:
        out.error = error
        return
    cols = out.spec.shown_columns
    bad_rows: set[int] = set()
    for c in cols:
        for i, v in frame.unreadable.get(c, []):
            if i not in bad_rows:
                out.unreadable.append((frame.refs[i], c, v))
            bad_rows.add(i)
    not_null = "NotBeNull" in out.spec.expectation
    missing = set().union(*(frame.missing(c) for c in cols)) if cols and not not_null else set()
    present = [frame.present.get(c, set()) for c in cols]
    for i, ref in enumerate(frame.refs):
        if i in bad_rows or any(i not in p for p in present):
            out.skipped += 1          # unreadable (reported) or the table has no such column
        elif i in unexpected:
            out.failed.append(ref)
        elif i not in missing:
            out.checked.append(ref)
        else:
            out.skipped += 1          # missing value: the expectation does not apply


# -- one validation per report and table kind ------------------------------------------

_CACHE: dict[int, tuple[weakref.ref, dict[tuple[str, Spec], Outcome]]] = {}


def _forget(ref) -> None:
    """A report was garbage-collected: drop its cached results (never another report's)."""
    cache = _CACHE
    if cache is None:            # interpreter shutdown
        return
    for key, (r, _) in list(cache.items()):
        if r is ref:
            del cache[key]


def outcome_for(report: Report, kind: str, spec: Spec, peers: list[Spec]) -> Outcome:
    """The outcome of `spec` on the tables of `kind` in `report`. The first call for a
    report and kind validates `spec` together with all `peers` (the other selected
    expectation rules of that kind) in one batch; later calls read the cached results."""
    entry = _CACHE.get(id(report))
    if entry is None or entry[0]() is not report:
        ref = weakref.ref(report, _forget)
        entry = (ref, {})
        _CACHE[id(report)] = entry
    cache = entry[1]
    if (kind, spec) not in cache:
        todo = [s for s in dict.fromkeys([spec, *peers]) if (kind, s) not in cache]
        pairs = [(report, t) for t in report.tables if t.kind == kind]
        for s, out in validate(pairs, todo).items():
            cache[(kind, s)] = out
    return cache[(kind, spec)]


def number_text(x) -> str:
    """25.0 → '25', 0.5 → '0.5' (limits named in messages)."""
    if isinstance(x, bool) or not isinstance(x, (int, float, Decimal)):
        return str(x)
    d = Decimal(str(x))
    return format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")


# -- a batch of reports ----------------------------------------------------------------

def warm() -> None:
    """Import Great Expectations now (thread-safe): a batch pays the import once, in a
    thread, while its workers read."""
    try:
        _gx()
    except Exception:        # noqa: BLE001 - the validation imports again and reports what fails
        pass


def validate_batch(reports: list[Report], specs_by_kind: dict[str, list[Spec]]) -> None:
    """Validate each table kind once for all `reports` together, and keep each report's
    share of the outcomes where `outcome_for` finds them: the expectation rules then run
    on each report as `check` runs them, and find their results already computed. A kind
    whose batch validation fails is left to each report's own validation."""
    entries: dict[int, tuple] = {}
    for r in reports:
        entries[id(r)] = (weakref.ref(r, _forget), {})
    for kind, specs in specs_by_kind.items():
        pairs = [(r, t) for r in reports for t in r.tables if t.kind == kind]
        if not pairs or not specs:
            continue
        try:
            outcomes = validate(pairs, list(dict.fromkeys(specs)))
        except Exception:        # noqa: BLE001 - per-report validation says what went wrong
            continue
        rows_of: dict[int, int] = {}
        for r, t in pairs:
            rows_of[id(r)] = rows_of.get(id(r), 0) + len(t.data_rows())
        for spec, out in outcomes.items():
            per = {rid: Outcome(out.spec, error=out.error) for rid in rows_of}
            for ref in out.checked:
                per[id(ref.report)].checked.append(ref)
            for ref in out.failed:
                per[id(ref.report)].failed.append(ref)
            for item in out.unreadable:
                per[id(item[0].report)].unreadable.append(item)
            for rid, o in per.items():
                o.skipped = max(0, rows_of[rid] - len(o.checked) - len(o.failed))
                entries[rid][1][(kind, spec)] = o
    _CACHE.update(entries)


def forget(report: Report) -> None:
    """Drop the outcomes kept for `report` (a batch frees them once its rules ran)."""
    _CACHE.pop(id(report), None)
