"""Decide what a file is from its bytes, and refuse hostile containers before parsing.

The extension lies often (a CSV renamed .xlsx, an .xls saved as .xlsx). A zip bomb makes
python-calamine abort the process and makes any XML parser eat memory, so the zip's
directory is inspected — member sizes, ratios, count — before a parser sees it.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from decimal import Decimal

from ..findings import Number, phrase

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ZIP_EMPTY = b"PK\x05\x06"
ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
MAX_ZIP_VERSION = 63            # the newest "version needed to extract" the zip format defines (6.3)


@dataclass(frozen=True)
class Limits:
    """Bounds that keep one hostile file from taking the run down."""
    max_file_bytes: int = 200 * 1024 * 1024
    max_member_bytes: int = 256 * 1024 * 1024        # uncompressed size of one zip member
    max_total_bytes: int = 1024 * 1024 * 1024        # all members together
    max_ratio: int = 200                             # uncompressed / compressed, for big members
    max_members: int = 10_000
    max_cells: int = 2_000_000                       # cells kept per workbook
    max_merged_cells: int = 1_000_000                # merged cells expanded per workbook
    max_sheets: int = 500


def os_reason(e: OSError):
    """Why the operating system would not give us the file, in the catalog's words (no raw
    `[Errno 2]`): missing, not allowed, a folder; anything else as the system says it."""
    import errno
    key = {errno.ENOENT: "os.not_found", errno.EACCES: "os.no_permission", errno.EPERM: "os.no_permission",
           errno.EISDIR: "os.is_directory"}.get(e.errno or 0)
    return phrase(key) if key else (e.strerror or str(e))


class Refused(Exception):
    """The file is not read; `code` names why (message ids in messages.py). `code` is
    positional-only, so a message may have a parameter of that name (an exit code)."""

    def __init__(self, code: str, /, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def sniff(path: str, limits: Limits) -> str:
    """Return 'xlsx', 'xls' or 'ods'; raise Refused for anything else."""
    import os
    try:
        size = os.path.getsize(path)
    except OSError as e:
        raise Refused("file_unreadable", reason=os_reason(e)) from None
    if size == 0:
        raise Refused("file_empty")
    if size > limits.max_file_bytes:
        raise Refused("file_too_large", size=Number(Decimal(size)), limit=Number(Decimal(limits.max_file_bytes)))
    with open(path, "rb") as fh:
        head = fh.read(8)
    name = os.path.basename(str(path))
    if name.startswith("~$") and not (head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC)):
        # Excel writes `~$Laporan.xlsx` beside a workbook it has open: who opened it, nothing else
        raise Refused("lock_file", workbook=name[2:])
    if head.startswith(OLE_MAGIC):
        return _sniff_ole(path)
    if head.startswith(ZIP_MAGIC) or head.startswith(ZIP_EMPTY):
        return _sniff_zip(path, limits)
    raise Refused("not_spreadsheet", head=_describe(head))


def _describe(head: bytes):
    if head[:5] == b"%PDF-":
        return "PDF"
    if head[:5].lower() in (b"<?xml", b"<html", b"<!doc"):
        return "XML/HTML"
    try:
        head.decode("utf-8")
        return phrase("content.text")
    except UnicodeDecodeError:
        return phrase("content.binary")


def _sniff_ole(path: str) -> str:
    """OLE2 holds either a legacy .xls or an encrypted (password-protected) .xlsx."""
    with open(path, "rb") as fh:
        data = fh.read(8 * 1024 * 1024)
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        raise Refused("password_protected")
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    raise Refused("not_spreadsheet", head=phrase("content.ole2"))


def _sniff_zip(path: str, limits: Limits) -> str:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as e:
        raise Refused("corrupt_zip", reason=str(e)) from None
    with zf:
        infos = zf.infolist()
        check_zip_members(infos, limits)
        names = {i.filename for i in infos}
        if "xl/workbook.xml" in names or any(n.lower() == "xl/workbook.xml" for n in names):
            return "xlsx"
        if "xl/workbook.bin" in names:
            raise Refused("unsupported_format", fmt="xlsb")
        if "mimetype" in names:
            mime = zf.read("mimetype")[:100]
            if b"opendocument.spreadsheet" in mime:
                return "ods"
        if "word/document.xml" in names:
            raise Refused("not_spreadsheet", head="Word (.docx)")
        raise Refused("not_spreadsheet", head="zip")


def check_zip_members(infos, limits: Limits) -> None:
    """Refuse a zip whose directory promises too much; sizes come from the directory."""
    if len(infos) > limits.max_members:
        raise Refused("zip_bomb", reason=phrase("zip.members", n=len(infos)))
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.max_member_bytes:
            raise Refused("zip_bomb", reason=phrase("zip.member_size", name=info.filename, size=info.file_size))
        if info.compress_size and info.file_size > 1_000_000 \
                and info.file_size / info.compress_size > limits.max_ratio:
            raise Refused("zip_bomb", reason=phrase("zip.ratio", name=info.filename, ratio=info.file_size // info.compress_size))
        if info.flag_bits & 0x1:
            raise Refused("password_protected")
        if info.compress_type not in ZIP_METHODS:      # Excel and LibreOffice write stored or deflated
            raise Refused("corrupt_zip", reason=phrase("zip.method", name=info.filename[:100], method=info.compress_type))
        if info.extract_version > MAX_ZIP_VERSION:
            raise Refused("corrupt_zip", reason=phrase("zip.version", name=info.filename[:100], version=f"{info.extract_version / 10:.1f}"))
    if total > limits.max_total_bytes:
        raise Refused("zip_bomb", reason=phrase("zip.total", size=total))
