"""Rule kinds: each module implements one way numbers must agree; rules are their data."""
from __future__ import annotations

from . import (category, chain, column_total, cross_table, cumulative, expectation, formula_audit, monotonic,
               near_duplicate, rollup, row_formula, same_entity, sequence)

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
}
