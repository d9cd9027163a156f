"""Rule kinds: each module implements one way numbers must agree; rules are their data."""
from __future__ import annotations

from ..outcomes import adapt
from . import (batch, category, chain, column_total, cross_table, cumulative, difference_column, expectation, fact_list,
               formula_audit,
               monotonic, near_duplicate, percent_column, rollup, row_formula, same_entity, sequence, total_column)

# every kind is written as Params + check() (outcomes.py); adapt() makes each the engine's run(ctx)
STYLED = [row_formula, column_total, rollup, chain, cross_table, cumulative, monotonic, same_entity, category,
          sequence, near_duplicate, formula_audit, expectation,
          percent_column, difference_column, total_column, fact_list, batch]

KINDS = {m.NAME: adapt(m) for m in STYLED}
