"""Reader notices: code, slug, severity and the message in Indonesian and English.

Kept as data in one place so that every notice reads the same way in both languages.
"""
from __future__ import annotations

from .findings import Finding

# code, name, severity, Indonesian template, English template
NOTICES: dict[str, tuple[str, str, str, str, str]] = {
    "file_unreadable": ("LKP001", "file-unreadable", "error",
                        "Berkas tidak dapat dibuka: {reason}", "File cannot be opened: {reason}"),
    "file_empty": ("LKP001", "file-unreadable", "error",
                   "Berkas kosong (0 byte).", "File is empty (0 bytes)."),
    "file_too_large": ("LKP001", "file-unreadable", "error",
                       "Berkas terlalu besar ({size} byte; batas {limit}).",
                       "File too large ({size} bytes; limit {limit})."),
    "lock_file": ("LKP001", "file-unreadable", "error",
                  "Ini berkas kunci Excel (dibuat Excel selama '{workbook}' terbuka; isinya hanya nama "
                  "pembukanya), bukan laporan. Periksa '{workbook}' sendiri.",
                  "This is Excel's lock file (written while '{workbook}' is open; it holds only the name of "
                  "who opened it), not a report. Check '{workbook}' itself."),
    "not_spreadsheet": ("LKP001", "file-unreadable", "error",
                        "Bukan lembar kerja Excel/ODS (isinya {head}); ekstensi nama berkas tidak sesuai isi.",
                        "Not an Excel/ODS workbook (content is {head}); the file extension does not match."),
    "unsupported_format": ("LKP001", "file-unreadable", "error",
                           "Format {fmt} belum didukung; simpan ulang sebagai .xlsx.",
                           "Format {fmt} is not supported; save it again as .xlsx."),
    "corrupt_zip": ("LKP001", "file-unreadable", "error",
                    "Berkas rusak (arsip zip tidak utuh): {reason}", "Corrupt file (broken zip archive): {reason}"),
    "corrupt_xml": ("LKP001", "file-unreadable", "error",
                    "Berkas rusak: bagian {part} bukan XML yang sah ({reason}).",
                    "Corrupt file: part {part} is not valid XML ({reason})."),
    "corrupt_file": ("LKP001", "file-unreadable", "error",
                     "Berkas rusak atau tidak dapat dibaca: {reason}", "Corrupt or unreadable file: {reason}"),
    "password_protected": ("LKP001", "file-unreadable", "error",
                           "Berkas dilindungi kata sandi; buka proteksinya lalu periksa ulang.",
                           "File is password-protected; remove the protection and check again."),
    "zip_bomb": ("LKP001", "file-unreadable", "error",
                 "Berkas ditolak: isi arsip mengembang tidak wajar ({reason}), kemungkinan zip bomb.",
                 "File refused: archive inflates abnormally ({reason}), likely a zip bomb."),
    "xml_entities": ("LKP001", "file-unreadable", "error",
                     "Berkas ditolak: bagian {part} memuat deklarasi DTD/entitas (kemungkinan XML bomb).",
                     "File refused: part {part} declares a DTD/entities (likely an XML bomb)."),
    "parser_timeout": ("LKP001", "file-unreadable", "error",
                       "Pembacaan dihentikan setelah {seconds} detik.", "Reading stopped after {seconds} seconds."),
    "parser_crashed": ("LKP001", "file-unreadable", "error",
                       "Pembaca lembar kerja berhenti tidak normal (kode {code}); berkas kemungkinan rusak.",
                       "The spreadsheet parser stopped abnormally (code {code}); the file is probably corrupt."),
    "parser_memory": ("LKP001", "file-unreadable", "error",
                      "Berkas membutuhkan memori melebihi batas; kemungkinan berkas rusak atau berbahaya.",
                      "File needs more memory than allowed; probably corrupt or hostile."),
    "nothing_checked": ("LKP011", "not-checked", "warning",
                        "Tidak ada pemeriksaan yang dapat dijalankan pada berkas ini ({numbers} angka, tabel yang "
                        "dikenali: {tables}); berkas ini belum diperiksa, bukan lulus. Lihat apa yang terbaca dengan "
                        "`lakip-lint extract`.",
                        "No check could run on this workbook ({numbers} numbers, tables recognised: {tables}); it "
                        "was not checked, which is not a pass. See what was read with `lakip-lint extract`."),
    "likely_wrong_cell": ("LKP012", "likely-wrong-cell", "error",      # grouping.py: one wrong cell, several symptoms
                          "Nilai di {at} kemungkinan yang salah: {n} pemeriksaan yang membacanya tidak cocok "
                          "({codes}), sedangkan sel itu sendiri tidak diperiksa aturan lain. Periksa nilai ini lebih dulu.",
                          "The value in {at} is likely the wrong one: {n} checks that read it fail ({codes}), and "
                          "no other rule checks that cell itself. Check this value first."),
    "coverage_low": ("LKP011", "not-checked", "warning",
                     "Hanya {checked} dari {numbers} angka di berkas ini yang diperiksa ({share}; batas {minimum}); "
                     "tabel yang dikenali: {tables}. Sebagian besar angka belum diperiksa.",
                     "Only {checked} of {numbers} numbers in this workbook were checked ({share}; minimum "
                     "{minimum}); tables recognised: {tables}. Most numbers were not checked."),
    "terbilang_mismatch": ("LKP114", "figure-and-words-differ", "error",
                           "Angka '{raw}' tidak sama dengan terbilangnya: '{words}' berarti {said}.",
                           "The figure '{raw}' differs from its amount in words: '{words}' means {said}."),
    "years_missing": ("LKP115", "years-missing", "warning",
                      "Judul {label} menyebut tahun {span}, tetapi tabel tidak memuat tahun {missing}; "
                      "kolom atau baris tahun itu hilang, atau judulnya yang keliru.",
                      "The title of {label} names the years {span}, but the table holds no {missing}; "
                      "that year's column or row is missing, or the title is wrong."),
    "table_misread": ("LKP113", "table-misread", "warning",
                      "Tabel {label} tampaknya salah terbaca: {evidence_id} (kolom {column}); aturan yang membaca "
                      "tabel ini tidak dijalankan. Periksa judul kolom dan baris pertamanya (lakip-lint extract).",
                      "Table {label} looks misread: {evidence_en} (column {column}); the rules that read it were not "
                      "run. Check its headers and first rows (lakip-lint extract)."),
    "no_sheets": ("LKP002", "no-table", "error",
                  "Lembar kerja tidak memiliki sheet berisi data.", "The workbook has no sheet with data."),
    "no_tables": ("LKP002", "no-table", "error",
                  "Tidak ada tabel LAKIP yang dikenali di seluruh berkas.",
                  "No LAKIP table was recognised anywhere in the workbook."),
    "sheet_no_table": ("LKP003", "sheet-without-table", "warning",
                       "Sheet '{name}' berisi data tetapi tidak ada tabel yang dikenali (sel pertama {first}).",
                       "Sheet '{name}' holds data but no recognisable table (first cell {first})."),
    "unknown_table": ("LKP004", "unknown-table", "info",
                      "Tabel dengan judul kolom yang tidak dikenal katalog ({headers}); dibaca apa adanya.",
                      "Table with headers the catalog does not know ({headers}); read as is."),
    "missing_column": ("LKP005", "missing-column", "warning",
                       "Tabel {table} ({kind}) tidak memiliki kolom '{column}'.",
                       "Table {table} ({kind}) has no column '{column}'."),
    "duplicate_header": ("LKP006", "duplicate-header", "warning",
                         "Judul kolom '{header}' muncul dua kali untuk {column}; kolom ini tidak dipakai.",
                         "Header '{header}' appears twice for {column}; this column is not used."),
    "unreadable_number": ("LKP101", "unreadable-number", "warning",
                          "Nilai '{raw}' di kolom {column} tidak terbaca sebagai angka.",
                          "Value '{raw}' in column {column} cannot be read as a number."),
    "ambiguous_number": ("LKP102", "ambiguous-number", "warning",
                         "Angka '{raw}' ambigu ({a} atau {b}) dan kolomnya tidak memastikan pemisah ribuan/desimal.",
                         "Number '{raw}' is ambiguous ({a} or {b}) and its column does not settle the separator."),
    "formula_uncached": ("LKP103", "formula-without-value", "warning",
                         "Sel berisi rumus {formula} tanpa nilai tersimpan (disimpan oleh skrip?); tidak dibaca sebagai 0. Buka dan simpan ulang di Excel.",
                         "Cell holds formula {formula} with no cached value (saved by a script?); not read as 0. Open and save it in Excel."),
    "error_value": ("LKP104", "error-value", "warning",
                    "Sel berisi nilai galat {error}.", "Cell holds error value {error}."),
    "unreadable_date": ("LKP105", "unreadable-date", "warning",
                        "Tanggal '{raw}' tidak terbaca.", "Date '{raw}' cannot be read."),
    "hidden_sheet": ("LKP106", "hidden-sheet", "info",
                     "Sheet '{name}' tersembunyi; tabelnya tetap dibaca.", "Sheet '{name}' is hidden; its tables are read anyway."),
    "sheet_truncated": ("LKP107", "sheet-truncated", "warning",
                        "Sheet '{name}' terlalu besar; hanya sebagian sel yang dibaca.",
                        "Sheet '{name}' is too large; only part of its cells were read."),
    "annotated_copy": ("LKP108", "annotated-copy", "error",
                       "Berkas ini salinan beranotasi buatan lakip-lint, bukan laporan asli; periksa berkas aslinya.",
                       "This is an annotated copy written by lakip-lint, not the original report; check the original."),
    "unknown_fact": ("LKP110", "unknown-fact", "info",
                     "Baris Ikhtisar '{label}' tidak dikenali sebagai fakta; nilainya tidak diperiksa.",
                     "Ikhtisar row '{label}' is not a known fact; its value is not checked."),
    "empty_fact": ("LKP111", "empty-fact", "warning",
                   "Fakta Ikhtisar '{label}' tidak berisi nilai; aturan yang memakainya tidak dapat memeriksa.",
                   "Summary fact '{label}' has no value; rules using it cannot check it."),
    "internal_error": ("LKP010", "internal-error", "error",
                       "Kesalahan internal lakip-lint saat memeriksa berkas ini ({error}); berkas ini tidak diperiksa, "
                       "berkas lain tetap diperiksa. Laporkan ke pengembang (jejaknya: --verbose).",
                       "lakip-lint internal error while checking this file ({error}); this file was not checked, "
                       "the other files were. Please report it (trace: --verbose)."),
    "fiscal_year_invalid": ("LKP112", "fiscal-year-invalid", "warning",
                            "Tahun anggaran '{raw}' bukan tahun yang sah; tahun diambil dari judul tabel.",
                            "Fiscal year '{raw}' is not a valid year; the year is taken from the table captions."),
    "stray_header": ("LKP007", "stray-header", "warning",
                     "Judul kolom '{header}' di {at} bergeser satu kolom dari datanya; dibaca sebagai judul kolom {data}. "
                     "Pindahkan judul ke atas datanya.",
                     "Header '{header}' at {at} sits one column off its data; read as the header of column {data}. "
                     "Move the header over its data."),
    "unused_suppression": ("LKP009", "unused-suppression", "warning",
                           "Penekanan {rule} ({scope}) tidak cocok dengan temuan mana pun; hapus atau perbarui ({where}).",
                           "Suppression of {rule} ({scope}) matched no finding; remove or update it ({where})."),
    "unit_missing": ("LKP109", "scale-unknown", "info",
                     "Kolom {column} tidak menyebut skala; dibaca dengan skala bawaan {scale}.",
                     "Column {column} states no scale; read with the default scale {scale}."),
}


def notice(key: str, file: str, sheet: str | None = None, cell: str | None = None,
           table: str | None = None, **params) -> Finding:
    code, name, severity, tid, ten = NOTICES[key]
    return Finding(code=code, name=name, severity=severity,
                   message_id=tid.format(**params), message_en=ten.format(**params),
                   file=file, sheet=sheet, cell=cell, table=table)
