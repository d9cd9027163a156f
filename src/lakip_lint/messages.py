"""Reader notices: code, slug and severity per message key.

The words of each notice live in the message catalogs (`outputs/lang/id.yaml`, `en.yaml`,
under `notice.<key>`); a notice here is a key and its typed parameters.
"""
from __future__ import annotations

from .findings import Finding

# message key (catalog: notice.<key>) -> code, name, severity
NOTICES: dict[str, tuple[str, str, str]] = {
    "file_unreadable": ("LKP001", "file-unreadable", "error"),
    "file_empty": ("LKP001", "file-unreadable", "error"),
    "file_too_large": ("LKP001", "file-unreadable", "error"),
    "lock_file": ("LKP001", "file-unreadable", "error"),
    "not_spreadsheet": ("LKP001", "file-unreadable", "error"),
    "unsupported_format": ("LKP001", "file-unreadable", "error"),
    "corrupt_zip": ("LKP001", "file-unreadable", "error"),
    "corrupt_xml": ("LKP001", "file-unreadable", "error"),
    "corrupt_file": ("LKP001", "file-unreadable", "error"),
    "password_protected": ("LKP001", "file-unreadable", "error"),
    "zip_bomb": ("LKP001", "file-unreadable", "error"),
    "xml_entities": ("LKP001", "file-unreadable", "error"),
    "parser_timeout": ("LKP001", "file-unreadable", "error"),
    "parser_crashed": ("LKP001", "file-unreadable", "error"),
    "parser_memory": ("LKP001", "file-unreadable", "error"),
    "nothing_checked": ("LKP011", "not-checked", "warning"),
    "likely_wrong_cell": ("LKP012", "likely-wrong-cell", "error"),
    "blank_row": ("LKP013", "blank-row", "warning"),
    "coverage_low": ("LKP011", "not-checked", "warning"),
    "terbilang_mismatch": ("LKP114", "figure-and-words-differ", "error"),
    "years_missing": ("LKP115", "years-missing", "warning"),
    "separators_mixed": ("LKP116", "separators-mixed", "warning"),
    "table_misread": ("LKP113", "table-misread", "warning"),
    "no_sheets": ("LKP002", "no-table", "error"),
    "no_tables": ("LKP002", "no-table", "error"),
    "sheet_no_table": ("LKP003", "sheet-without-table", "warning"),
    "unknown_table": ("LKP004", "unknown-table", "info"),
    "missing_column": ("LKP005", "missing-column", "warning"),
    "duplicate_header": ("LKP006", "duplicate-header", "warning"),
    "unreadable_number": ("LKP101", "unreadable-number", "warning"),
    "ambiguous_number": ("LKP102", "ambiguous-number", "warning"),
    "formula_uncached": ("LKP103", "formula-without-value", "warning"),
    "error_value": ("LKP104", "error-value", "warning"),
    "unreadable_date": ("LKP105", "unreadable-date", "warning"),
    "hidden_sheet": ("LKP106", "hidden-sheet", "info"),
    "sheet_truncated": ("LKP107", "sheet-truncated", "warning"),
    "annotated_copy": ("LKP108", "annotated-copy", "error"),
    "unknown_fact": ("LKP110", "unknown-fact", "info"),
    "empty_fact": ("LKP111", "empty-fact", "warning"),
    "internal_error": ("LKP010", "internal-error", "error"),
    "fiscal_year_invalid": ("LKP112", "fiscal-year-invalid", "warning"),
    "stray_header": ("LKP007", "stray-header", "warning"),
    "unused_suppression": ("LKP009", "unused-suppression", "warning"),
    "unit_missing": ("LKP109", "scale-unknown", "info"),
}


def notice(key: str, file: str, sheet: str | None = None, cell: str | None = None,
           table: str | None = None, **params) -> Finding:
    code, name, severity = NOTICES[key]
    return Finding(code=code, name=name, severity=severity, key=f"notice.{key}", params=params,
                   file=file, sheet=sheet, cell=cell, table=table)
