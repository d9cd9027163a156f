"""Row heights for wrapped text in sheets we write (the Temuan sheet, ringkasan.xlsx):
LibreOffice and Excel do not grow a row for wrapped text a program wrote, so a row must say
how tall it is, or its lines print over the next row."""
from __future__ import annotations

LINE_PT = 15          # one line of 11-pt text


def wrapped_lines(text, width: float) -> int:
    """How many lines `text` takes in a column `width` characters wide."""
    w = max(1, int(width))
    return sum(max(1, -(-len(line) // w)) for line in str(text).split("\n"))


def row_height(values, widths, wraps) -> float:
    """Points for a row whose wrapping cells (`wraps[i]`) hold `values[i]` in columns
    `widths[i]` characters wide."""
    lines = max((wrapped_lines(v, w) for v, w, wrap in zip(values, widths, wraps) if wrap and v not in (None, "")),
                default=1)
    return LINE_PT * lines + 3
