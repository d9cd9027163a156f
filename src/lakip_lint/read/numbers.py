"""Parse numbers as LAKIP reports type them, in Indonesian or English style.

A report writes `7.592.226`, `92,5`, `84,31 (Persen)`, `Rp. 7.680.590.000,-`, `-`,
`N/A`, and in the same table `7,680,058,359` or `84.31`.  A single separator followed
by exactly three digits (`7.260`, `16,896`) can be a thousands group or a decimal mark:
this module keeps both readings and leaves the choice to the column (see `resolve`).
Nothing here guesses.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal, InvalidOperation

# units written inside cells, mapped to a canonical unit name
UNIT_WORDS = {
    "persen": "persen", "%": "persen", "percent": "persen",
    "indeks": "indeks", "index": "indeks",
    "nilai": "nilai",
    "perusahaan": "perusahaan",
    "rp": "rupiah", "rupiah": "rupiah",
    "kali": "kali",
    # counts as other units write them (`2 perkara`, `11 Nagari`, `40 orang`)
    "perkara": "perkara", "orang": "orang", "nagari": "nagari", "desa": "desa", "unit": "unit",
    "dokumen": "dokumen", "laporan": "laporan", "kegiatan": "kegiatan", "surat": "surat", "sertifikat": "sertifikat",
    "sampel": "sampel", "pelanggan": "pelanggan", "paket": "paket", "koli": "koli",
}

DASHES = {"-", "–", "—", "--", "- -"}
NOT_APPLICABLE = {"n/a", "na", "n.a", "n.a.", "tidak ada", "#n/a"}

_PAREN_UNIT = re.compile(r"\(\s*([A-Za-z%]+)\s*\)\s*$")
_TRAIL_UNIT = re.compile(r"\s*([A-Za-z]+)\s*$")
_RP_PREFIX = re.compile(r"^\s*rp\s*\.?\s*", re.I)
_NUMBER_BODY = re.compile(r"^[+-]?\d[\d.,]*$")


@dataclass(frozen=True)
class Reading:
    """One way to read a number: its value and the decimals it was written with."""
    value: Decimal
    decimals: int


@dataclass(frozen=True)
class ParsedNumber:
    """What a text cell says as a number.

    kind: 'number' (one reading), 'ambiguous' (two readings), 'dash' (`-`),
    'na' (`N/A`), 'empty', or 'text' (not a number at all).
    """
    kind: str
    readings: list[Reading] = field(default_factory=list)
    unit: str | None = None
    percent_sign: bool = False
    # which separator roles the text proves, for column-level resolution:
    # e.g. {'.': 'thousands', ',': 'decimal'}
    evidence: dict[str, str] = field(default_factory=dict)
    ambiguous_sep: str | None = None
    words: str | None = None        # the amount in words written beside the figure (`(empat)`)

    @property
    def value(self) -> Decimal | None:
        return self.readings[0].value if self.kind == "number" else None

    @property
    def mixed(self) -> bool:
        """Ambiguous in one separator while the text proves the other groups thousands
        (`3.398.600,000`, `1,234.567`): read with both grouping thousands, no style writes it."""
        if self.kind != "ambiguous" or self.ambiguous_sep is None:
            return False
        return self.evidence.get("." if self.ambiguous_sep == "," else ",") == "thousands"

    @property
    def decimals(self) -> int | None:
        return self.readings[0].decimals if self.kind == "number" else None


_EMPTY = ParsedNumber("empty")


def _strip_unit(text: str) -> tuple[str, str | None, bool]:
    """Remove the unit words and signs around a number; return (body, unit, had_percent)."""
    unit = None
    pct = False
    s = text.strip()
    if _RP_PREFIX.match(s) and re.search(r"\d", s):
        s = _RP_PREFIX.sub("", s)
        unit = "rupiah"
    # ",-" / ".-" closing a rupiah amount
    s = re.sub(r"[.,]\s*-\s*$", "", s)
    m = _PAREN_UNIT.search(s)
    if m and m.group(1).lower() in UNIT_WORDS:
        unit = UNIT_WORDS[m.group(1).lower()]
        s = s[: m.start()].strip()
    if s.endswith("%"):
        pct = True
        unit = "persen"
        s = s[:-1].strip()
    m = _TRAIL_UNIT.search(s)
    if m and m.group(1).lower() in UNIT_WORDS and m.start() > 0:
        unit = UNIT_WORDS[m.group(1).lower()]
        s = s[: m.start()].strip()
        if s.endswith("%"):
            pct = True
            s = s[:-1].strip()
    return s, unit, pct


MAX_DIGITS = 24      # digits of one number text (a trillion rupiah has 13)
_NEGATIVE = re.compile(r"\(\s*([^()]+?)\s*\)")
_IN_WORDS = re.compile(r"\s*\(\s*[A-Za-z][A-Za-z\s]*\)\s*$")     # `(empat)`, `(satu juta rupiah)`


def _dec(digits: str) -> Decimal:
    return Decimal(digits)


def parse_number(text: str | None) -> ParsedNumber:
    """Read one cell's text. Never raises; never picks between two readings.

    The same texts recur in every report of a batch (`-`, `100`, `Rp`, labels), so the
    answer for a string is remembered; a ParsedNumber is frozen, sharing it is safe."""
    if text is None:
        return _EMPTY
    return _parse_text(str(text))


@lru_cache(maxsize=1 << 16)
def _parse_text(text: str) -> ParsedNumber:
    raw = text.strip()
    if raw == "":
        return ParsedNumber("empty")
    low = raw.lower()
    if raw in DASHES:
        return ParsedNumber("dash")
    if low in NOT_APPLICABLE:
        return ParsedNumber("na")
    neg = _NEGATIVE.fullmatch(raw)           # `(1.250,00)`, `(12.5)`: an accountant's minus
    # not `(3)`: a column number or a list item is written so, an accountant's minus has
    # separators, decimals or a long figure
    if neg and re.search(r"\d[.,]\d|\d{4}", neg.group(1)) and not re.fullmatch(r"(?:19|20)\d\d", neg.group(1)):
        inner = _parse_text(neg.group(1))
        if inner.kind in ("number", "ambiguous") and all(r.value >= 0 for r in inner.readings):
            return dataclasses.replace(inner, readings=[Reading(-r.value, r.decimals) for r in inner.readings])
    # `1.250,-` or a bare `1.250,`: the mark closing the figure is its decimal mark (none
    # written), so the other mark groups thousands
    closing_mark = re.search(r"\d\s*([.,])\s*-?\s*$", raw)
    closing = closing_mark.group(1) if closing_mark else None
    body, unit, pct = _strip_unit(raw)
    said = _IN_WORDS.search(body) if re.search(r"\d", body) else None
    if said:                                 # `4 (empat)`: the figure, its words kept to compare (terbilang)
        return dataclasses.replace(_parse_text(raw[:raw.rfind("(")].strip()),
                                   words=said.group(0).strip().strip("()").strip())
    if body in DASHES:
        return ParsedNumber("dash", unit=unit, percent_sign=pct)
    # a space typed inside the digits (`1.812, 71`, `2.805,5 9`) is layout, not meaning
    body = re.sub(r"(?<=[\d.,])\s+(?=\d)", "", body)
    # a dangling separator at the end (`1.892.191.`) is a typo
    body = body.rstrip(".,") if re.search(r"\d[.,]$", body) else body
    if not _NUMBER_BODY.match(body):
        return ParsedNumber("text", unit=unit, percent_sign=pct)
    if sum(ch.isdigit() for ch in body) > MAX_DIGITS:   # no report states 10^24 rupiah: not a number
        return ParsedNumber("text", unit=unit, percent_sign=pct)
    sign = ""
    if body[0] in "+-":
        sign, body = body[0].replace("+", ""), body[1:]
    dots, commas = body.count("."), body.count(",")
    try:
        if dots == 0 and commas == 0:
            return ParsedNumber("number", [Reading(_dec(sign + body), 0)], unit, pct)
        if dots and commas:
            last = max(body.rfind("."), body.rfind(","))
            dec_sep = body[last]
            grp_sep = "," if dec_sep == "." else "."
            int_part, frac = body[:last], body[last + 1:]
            if dec_sep in int_part or not _valid_groups(int_part, grp_sep):
                return ParsedNumber("text", unit=unit, percent_sign=pct)
            value = _dec(sign + int_part.replace(grp_sep, "") + "." + frac)
            if len(frac) == 3 and frac.isdigit():
                # `Rp 12.345.678,901`: three digits after the last mark of a grouped amount may be
                # one more group typed with the other mark; the column decides, or it is reported
                as_group = Reading(_dec(sign + int_part.replace(grp_sep, "") + frac), 0)
                return ParsedNumber("ambiguous", [as_group, Reading(value, 3)], unit, pct, ambiguous_sep=dec_sep,
                                    evidence={grp_sep: "thousands"})
            return ParsedNumber("number", [Reading(value, len(frac))], unit, pct,
                                evidence={grp_sep: "thousands", dec_sep: "decimal"})
        sep = "." if dots else ","
        count = dots or commas
        parts = body.split(sep)
        if count > 1:
            if not _valid_groups(body, sep):
                return ParsedNumber("text", unit=unit, percent_sign=pct)
            return ParsedNumber("number", [Reading(_dec(sign + "".join(parts)), 0)], unit, pct,
                                evidence={sep: "thousands"})
        int_part, frac = parts
        if int_part == "":
            int_part = "0"
        as_decimal = Reading(_dec(sign + int_part + "." + frac), len(frac))
        if len(frac) == 3 and 1 <= len(int_part) <= 3 and int_part != "0" and not int_part.startswith("0"):
            as_group = Reading(_dec(sign + int_part + frac), 0)
            if unit == "rupiah":             # `Rp 513.641,-`: rupiah are not written to three decimals
                return ParsedNumber("number", [as_group], unit, pct, evidence={sep: "thousands"})
            if closing is not None and closing != sep:   # `1.250,` / `1.250,-`
                return ParsedNumber("number", [as_group], unit, pct, evidence={sep: "thousands"})
            return ParsedNumber("ambiguous", [as_group, as_decimal], unit, pct, ambiguous_sep=sep)
        return ParsedNumber("number", [as_decimal], unit, pct, evidence={sep: "decimal"})
    except InvalidOperation:
        return ParsedNumber("text", unit=unit, percent_sign=pct)


# `140 kemampuan pengukuran`, `3 skema akreditasi`: a figure and, after it, what it counts
_COUNTED = re.compile(r"\s*([+-]?\d[\d.,]*)\s+([A-Za-z][A-Za-z/-]*(?:\s+[A-Za-z][A-Za-z/-]*){0,2})\s*")
# words after a figure that make it something other than a count of things: a scale
# (`5 juta`, `1,2 Trilyun`, `800 Milyard`, `2 K`) or a currency, which would read it orders of
# magnitude off; a date (`31 Maret`); a time (`10 hari kerja`, `3 bulan`: a duration, often
# lower-is-better, left unread as before); a range or a fraction (`3 dari 4`, `12 s/d 15`)
_NOT_COUNTED = re.compile(
    r"(?:r(?:p|b|ibu\w*|atus\w*|upiah)|j(?:t|uta)\w*|mil+i?y?ar\w*|tril+i?y?un\w*|[mtkb]|bn|mn|idr|usd|us|"
    r"dol+ar\w*|euro?|jan(?:uari)?|feb(?:ruari)?|mar(?:et)?|apr(?:il)?|mei|jun(?:i)?|jul(?:i)?|agu(?:stus)?|"
    r"agt|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|des(?:ember)?|january|february|march|may|june|july|"
    r"august|october|december|detik|menit|jam|hari|minggu|pekan|bulan|tahun|triwulan|semester|kali|"
    r"dari|sd|s/d|hingga|sampai|atau|dan|per)", re.I)


def parse_counted(text: str | None) -> ParsedNumber:
    """A figure followed by up to three words of what it counts (`140 kemampuan pengukuran`,
    `4 skema`), as target and realisation cells write it: the number, with those words as its
    unit; else what `parse_number` says. Only for a cell whose column holds figures — the
    column says the text is a figure, not the text alone (`2 Penguatan Implementasi` in a
    column of names is a name)."""
    p = parse_number(text)
    if p.kind != "text" or text is None:
        return p
    m = _COUNTED.fullmatch(str(text))
    if m is None or any(_NOT_COUNTED.fullmatch(x) for w in m.group(2).split()
                        for x in (w.strip("."), re.split(r"[-/.]", w)[0]) if x):
        return p
    figure = parse_number(m.group(1))
    if figure.kind not in ("number", "ambiguous"):
        return p
    return dataclasses.replace(figure, unit=" ".join(m.group(2).lower().split()))


def _valid_groups(int_text: str, sep: str) -> bool:
    """`7.592.226` has valid thousands groups; `7.59.226` does not."""
    parts = int_text.split(sep)
    if not parts[0] or len(parts[0]) > 3 or not parts[0].isdigit():
        return False
    return all(len(p) == 3 and p.isdigit() for p in parts[1:])


def clean_float(x: float) -> Decimal:
    """Excel stores 110.00000000000001 for 88/80*100; read the value it means.

    Excel shows 15 significant digits, so a float is rounded to 15 significant digits.
    """
    if x == 0:
        return Decimal(0)
    d = Decimal(repr(x))
    q = Decimal(format(x, ".15g"))
    return q.normalize() if q != d else d.normalize()


_UNITS = {"nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
          "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11}
_SCALES = {"ribu": 10 ** 3, "juta": 10 ** 6, "miliar": 10 ** 9, "milyar": 10 ** 9, "triliun": 10 ** 12}


def terbilang(words: str) -> Decimal | None:
    """The number an Indonesian amount in words says (`satu juta dua ratus lima puluh ribu
    rupiah` → 1250000), or None when the words are not one. Whole numbers only."""
    ws = [w for w in re.findall(r"[a-z]+", words.lower()) if w not in ("rupiah", "persen", "koma", "nol")]
    if not ws or len(ws) > 40:
        return None
    total, group, cur = 0, 0, 0
    for w in ws:
        if w in _UNITS:
            cur += _UNITS[w]
        elif w == "seratus":
            group += 100
        elif w == "seribu":
            if group or cur:
                return None
            total += 1000
        elif w == "belas":
            cur = (cur or 1) + 10
        elif w == "puluh":
            cur = (cur or 1) * 10
        elif w == "ratus":
            group += (cur or 1) * 100
            cur = 0
        elif w in _SCALES:
            if w == "ribu" and group == 0 and cur == 0:
                return None
            total += (group + cur) * _SCALES[w]
            group, cur = 0, 0
        else:
            return None
    return Decimal(total + group + cur)
