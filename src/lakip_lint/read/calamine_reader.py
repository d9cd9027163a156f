"""Legacy .xls and .ods through python-calamine, in a child process.

calamine reads what openpyxl cannot, fast; but it can abort the whole process on a hostile
file (no `except` catches SIGABRT) and its sheets are dense rectangles. So it runs in a
forked child with a memory cap and a timeout, and a sheet whose rectangle is too large is
refused before its rows are walked. On systems without fork it runs in-process.
"""
from __future__ import annotations

import datetime as _dt
import multiprocessing as mp
import math
import os
import pickle

from .grid import RawCell, RawSheet, RawWorkbook
from .numbers import clean_float
from .sniff import Limits, Refused

TIMEOUT_S = 60
MEMORY_BYTES = 2 * 1024 * 1024 * 1024


def read_with_calamine(path: str, fmt: str, limits: Limits) -> RawWorkbook:
    if "fork" not in mp.get_all_start_methods():
        return _read(path, fmt, limits)
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, path, fmt, limits), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(TIMEOUT_S):
            proc.kill()
            raise Refused("parser_timeout", seconds=TIMEOUT_S)
        try:
            payload = parent.recv_bytes()
        except EOFError:
            proc.join(5)
            raise Refused("parser_crashed", code=proc.exitcode) from None
    finally:
        parent.close()
        proc.join(5)
    kind, data = pickle.loads(payload)
    if kind == "refused":
        raise Refused(data[0], **data[1])
    return data


def _child(conn, path, fmt, limits):
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    except (ImportError, ValueError, OSError):
        pass
    try:
        result = ("ok", _read(path, fmt, limits))
    except Refused as e:
        result = ("refused", (e.code, e.params))
    except MemoryError:
        result = ("refused", ("parser_memory", {}))
    except BaseException as e:  # noqa: BLE001 - anything in the child becomes a clean refusal
        result = ("refused", ("corrupt_file", {"reason": f"{type(e).__name__}: {e}"}))
    conn.send_bytes(pickle.dumps(result))
    conn.close()
    os._exit(0)


def _read(path: str, fmt: str, limits: Limits) -> RawWorkbook:
    import python_calamine as pc
    try:
        # from a file object calamine detects the format by content, not by the (lying) extension
        wb = pc.CalamineWorkbook.from_filelike(open(path, "rb"))
    except pc.PasswordError:
        raise Refused("password_protected") from None
    except Exception as e:  # calamine raises its own error types per format
        raise Refused("corrupt_file", reason=str(e)) from None
    book = RawWorkbook(path=path, format=fmt, parser="calamine")
    budget = limits.max_cells
    for meta in wb.sheets_metadata[: limits.max_sheets]:
        if str(meta.typ).lower().endswith("chartsheet"):
            continue
        sheet = RawSheet(name=meta.name, hidden="visible" not in str(meta.visible).lower())
        try:
            cs = wb.get_sheet_by_name(meta.name)
        except Exception as e:
            raise Refused("corrupt_file", reason=str(e)) from None
        if cs.height * max(cs.width, 1) > limits.max_cells * 4:
            sheet.truncated = True
            book.sheets.append(sheet)
            continue
        r0, c0 = cs.start or (0, 0)
        for ri, row in enumerate(cs.iter_rows()):
            for ci, v in enumerate(row):
                if v is None or v == "":
                    continue
                if budget <= 0:
                    sheet.truncated = True
                    break
                budget -= 1
                sheet.cells[(r0 + ri + 1, c0 + ci + 1)] = _cell(v)
        try:
            for rng in cs.merged_cell_ranges or []:
                (a_r, a_c), (b_r, b_c) = rng
                sheet.merges.append((a_r + 1, a_c + 1, b_r + 1, b_c + 1))
        except Exception:
            pass
        book.sheets.append(sheet)
    return book


def _cell(v) -> RawCell:
    if isinstance(v, bool):
        return RawCell(v)
    if isinstance(v, float) and not math.isfinite(v):
        return RawCell(None, error="#NUM!")
    if isinstance(v, float):
        return RawCell(int(v) if v.is_integer() and abs(v) < 2**53 else clean_float(v))
    if isinstance(v, (_dt.datetime, _dt.date)):
        return RawCell(v, is_date=True)
    if isinstance(v, _dt.time):
        return RawCell(str(v))
    if isinstance(v, str) and v.startswith("#") and v.endswith(("!", "?", "A")) and len(v) < 9:
        return RawCell(None, error=v)
    return RawCell(v)
