"""Publication dates from datelines: "2020/04/04", "April 4, 2020", "04.04.2020 | 18:59".

Only explicit calendar dates count; relative ones ("yesterday") belong to the
annotate stage, which resolves them *against* the publication date. Numeric
dates with the year last are read day first ("04.03.2020" is 4 March), as the
outlets of the theatres marsad covers write them, unless the first number cannot
be a day-of-month order (13/25/2020 is read month first).
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"

PATTERNS = [
    # 2020-04-04, 2020/04/04, 2020.04.04
    re.compile(r"(?P<year>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
    # 04.04.2020, 4/4/2020, 04-04-2020
    re.compile(r"\b(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<year>(?:19|20)\d\d)\b"),
    # April 4, 2020 / Sat, Apr. 4 2020
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    # 4 April 2020 / Saturday, 4th of April, 2020
    re.compile(_WEEKDAY + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
]
# What may surround the date on a dateline: labels, a time, a zone, separators.
_DATELINE_REST = re.compile(
    # [^\w\s] and \s never match the same character: with \W for the first (spaces are \W too),
    # a line of spaces that fails at its end backtracks through 2^n ways (a hang on 50 spaces).
    r"^(?:[^\w\s]|published|updated|posted|last|on|at|date|dateline|gmt|utc|[ap]\.?m\.?|t?\d{1,2}[:h]\d{2}(?::\d{2}(?:\.\d+)?)?|z"
    r"|[+-]\d{2}:?\d{2}|\s)*$",
    re.I,
)


def parse_date(text: str) -> tuple[dt.date, re.Match] | None:
    """The first explicit calendar date in `text`, with its match, or None."""
    best: tuple[dt.date, re.Match] | None = None
    for pattern in PATTERNS:
        for m in pattern.finditer(text):
            date = _to_date(m)
            if date and (best is None or m.start() < best[1].start()):
                best = (date, m)
                break
    return best


def _to_date(m: re.Match) -> dt.date | None:
    groups = m.groupdict()
    year = int(groups["year"])
    day = int(groups["d"])
    month = MONTHS[groups["month"].lower()] if groups.get("month") else int(groups["m"])
    if not groups.get("month") and month > 12 and day <= 12:
        day, month = month, day
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def dateline_date(line: str) -> dt.date | None:
    """The date of a line that is only a dateline ("04.04.2020 | 18:59"), else None."""
    if len(line) > 80:
        return None
    found = parse_date(line)
    if not found:
        return None
    date, m = found
    rest = line[: m.start()] + " " + line[m.end() :]
    return date if _DATELINE_REST.match(rest) else None


# A wire dateline at the start of a line: "BAMAKO (Reuters) -", "MOGADISHU, Somalia (AP) —",
# "BEIRUT, LEBANON —", "KABUL, Aug 20 (Reuters) -". The city is in capitals.
WIRE_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+){0,3})"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z'’.]+(?:[ -][A-Z][A-Za-z'’.]+){0,2}))?"
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^()\n]{1,40}\)\s*)?[-–—:]\s",
    re.M,
)
# How far into a text a dateline may stand (after a headline, a byline, a photo caption).
WIRE_DATELINE_REACH = 2000


def wire_dateline(text: str) -> re.Match | None:
    """The wire dateline near the start of `text`, if it has one (a city of three letters or more)."""
    m = WIRE_DATELINE.search(text[:WIRE_DATELINE_REACH])
    return m if m and len(re.sub(r"\W", "", m.group("city"))) >= 3 else None


def filed_from(text: str) -> str | None:
    """Where a report was filed, as its dateline writes it, in title case: "Bamako", "Beirut, Lebanon"."""
    m = wire_dateline(text)
    if not m:
        return None
    return ", ".join(x.title() for x in (m.group("city"), m.group("region")) if x)
