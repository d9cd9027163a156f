"""Rule kinds: each module implements one way numbers must agree; rules are their data."""
from __future__ import annotations

from ..outcomes import adapt
from . import (category, chain, column_total, cross_table, cumulative, difference_column, expectation, fact_list,
               formula_audit,
               monotonic, near_duplicate, percent_column, rollup, row_formula, same_entity, sequence, total_column)

# kinds written as Params + check() (outcomes.py); the others still talk to the RuleRun
STYLED = [percent_column, difference_column, total_column, fact_list]

KINDS = {
    "row_formula": row_formula.run,
    "column_total": column_total.run,
    "rollup": rollup.run,
    "chain": chain.run,
    "cross_table": cross_table.run,
    "cumulative": cumulative.run,
    "monotonic": monotonic.run,
    "same_entity": same_entity.run,
    "category": category.run,
    "sequence": sequence.run,
    "near_duplicate": near_duplicate.run,
    "formula_audit": formula_audit.run,
    "expectation": expectation.run,
    **{m.NAME: adapt(m) for m in STYLED},
}
