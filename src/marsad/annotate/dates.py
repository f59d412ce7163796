"""Temporal expressions in news text, resolved against the publication date.

`find_dates(text, published)` finds every date expression in `text` and resolves
it to an inclusive interval `[date_start, date_end]` with a precision. Pure
regular expressions compiled at import; no network, no dateparser.

Spans
    The span includes the governing preposition and qualifiers when they belong
    to the expression: "on Tuesday", "late on Sunday", "at dawn on Saturday",
    "in April", "since 19 May", "between 3 and 5 March", "at 3 pm on Tuesday".
    Context words that do not change the interval (of, by, until, before, after,
    from, as of ...) license a bare month or year but are left out of the span.
    Where candidates overlap the longest wins (then the leftmost).

Precision
    The unit the expression is stated in: "day" (today, on Tuesday, 14 March,
    overnight, between 3 and 5 March, since 19 May, the past few days), "week"
    (last week, three weeks ago, the first week of May), "month" (in April, late
    September, earlier this month, the past few months, from June to August
    2016), "year" (in 2014, last year, mid-2019, summer 2015, the 1990s).
    Qualifiers narrow the interval, not the precision.

Conventions
    - Weeks are ISO weeks, Monday to Sunday. "this week" is the publication
      week, "last week" the one before it, "N weeks ago" the week containing
      published - 7N days.
    - Thirds: early/beginning/start = days 1-10 of a month, mid/middle = 11-20,
      late/end = 21 to the month's end; of a year: Jan-Apr, May-Aug, Sep-Dec; of
      a week: Mon-Tue, Wed-Thu, Fri-Sun; of a decade: 0-3, 4-6, 7-9.
      "first/second half of" a year = Jan-Jun / Jul-Dec, of a month = 1-15 / 16-end.
    - Weeks of a month: first = 1-7, second = 8-14, third = 15-21, fourth = 22-28,
      last/final = the last seven days.
    - Seasons (northern hemisphere, meteorological): spring Mar-May, summer
      Jun-Aug, autumn/fall Sep-Nov, winter Y = Dec Y to Feb Y+1.
    - A weekday ("on Tuesday", "late on Sunday", "Friday night") is the most
      recent such day on or before publication; "last Tuesday" strictly before;
      "next Tuesday" strictly after. Times of day do not shift the date
      ("Saturday night", "overnight on Saturday" = Saturday).
    - "today", "tonight", "this morning" = published; "yesterday", "last night" =
      published - 1; "overnight" alone = [published - 1, published].
    - A day and month without a year ("on March 3", "19 May"), a month without a
      year ("in April", "late September", "the first week of May") are the most
      recent such interval that starts on or before publication. "last January"
      is the most recent January strictly before the publication month; "this
      April" is April of the publication year; "next April" the first after.
    - "of last year" / "last year" = published year - 1; "of this year" = the
      published year; "the same year" / "that year" = the year of the previous
      date expression in the text (unresolved if there is none).
    - "the previous day" / "the day before" / "a day earlier" = the day before
      the last day-precision date found earlier in the text, else published - 1;
      "the next day" / "a day later" = the day after it (unresolved without one);
      "the same day" / "that day" = it, else published. "N days/weeks earlier or
      later" likewise; months and years shift the previous expression of any precision.
    - "N units ago": days = published - N; weeks, months, years = the whole
      calendar unit containing published - N units. Vague counts ("a few",
      "several") in "ago" mean 2 to 5 units ago; "a couple of" = 2.
    - "the past/last N units" (with "the", or with a count) = [published - N
      units, published]; "few", "several", "recent" = 3. "the past 24 hours" =
      [published - 1, published]. Without "the" or a count, "last week/month/year"
      is the previous calendar unit.
    - "earlier this month" = [1st of the month, published]; "later this week" =
      [published, the week's end]; "this month/year" the whole calendar unit.
    - A fortnight is two weeks ("a fortnight ago", "the past fortnight").
    - Holidays: Christmas (25 Dec), Christmas Eve, Orthodox Christmas (7 Jan),
      New Year's Eve/Day; Ramadan (the whole month, precision month), Eid al-Fitr
      (1-3 Shawwal) and Eid al-Adha (10-13 Dhu al-Hijjah), precision day. Islamic
      dates use the tabular (arithmetic) calendar, which can differ by a day from
      the observed month. Without a year: the most recent occurrence starting on or
      before publication ("last Ramadan": the most recent one already over). Bare
      "Ramadan"/"Christmas" need context ("during Ramadan", "since Christmas").
    - "since X" = [start of X, published].
    - Ranges ("between 3 and 5 March", "from June to August 2016", "2014-2017")
      are one interval; a missing year on the left comes from the right.
    - Numeric dates are day-first (14/03/2021) unless only month-first is valid
      (03/14/2021); ISO 2021-03-14 is read as such.
    - A bare month or year needs context (a preposition, "last", "early", a year
      suffix ...): "may" the verb, "March on the capital", "40 soldiers",
      "Resolution 2254", "Highway 4" and clock times alone are not dates, nor are
      recurrences ("every Sunday", "Friday prayers").

Without a publication date, absolute expressions still resolve; relative ones
come back with resolved=False, no dates and no precision (never guessed). An
expression that is resolved always has both dates.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Callable

from marsad.annotate.spans import Taken
from marsad.model import Mention

VERSION = "dates.v1"

_D = dt.timedelta


@dataclass
class DateExpr:
    """One temporal expression: its span in the text and the interval it denotes."""

    start: int
    end: int
    text: str
    date_start: dt.date | None
    date_end: dt.date | None
    precision: str | None  # "day" | "week" | "month" | "year"; None when unresolved
    resolved: bool
    rule: str

    def to_mention(self) -> Mention:
        return Mention(
            start=self.start,
            end=self.end,
            text=self.text,
            kind="date",
            resolved={
                "start": self.date_start.isoformat() if self.date_start else None,
                "end": self.date_end.isoformat() if self.date_end else None,
                "precision": self.precision,
                "resolved": self.resolved,
            },
            evidence=self.rule,
        )


# --------------------------------------------------------------------------- vocabulary

_MONTHS = {
    name.lower(): i for i, name in enumerate(calendar.month_name) if name
} | {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_NUMWORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "a couple": 2, "couple of": 2,
}
_VAGUE = {"a few", "few", "several", "some", "recent"}

_MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"


def _mon(g: str, abbr: bool = True) -> str:
    alt = rf"(?:{_MONTH_FULL})\b"
    if abbr:
        alt += rf"|(?:{_MONTH_ABBR})(?:\.|\b)"
    return rf"(?P<{g}>{alt})"


def _day(g: str) -> str:
    return rf"(?<![\d.,:/£$€])(?P<{g}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"


def _year(g: str) -> str:
    return rf"(?<![\d.,:/£$€#])(?P<{g}>(?:19|20)\d\d)(?!\d|[.,]\d|\s*%)"


_WD = r"(?<![Ee]very\s)(?<![Ee]ach\s)(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!\s+prayers?\b)"
_NUM = r"(?P<n>(?i:a\s+few|a\s+couple(?:\s+of)?|couple\s+of|several|few|some|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3}))"
_APPROX = r"(?:(?i:some|about|around|roughly|nearly|almost|more\s+than|less\s+than|over|just\s+over|at\s+least)\s+)?"
_CLOCK = r"at\s+(?:around\s+|about\s+|approximately\s+)?(?:\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}:\d\d)(?:\s+(?:local\s+time|GMT|UTC))?"
_TOD_PRE = (
    r"(?:(?P<tod1>(?i:" + _CLOCK + r"|at\s+dawn|at\s+dusk|at\s+daybreak|at\s+first\s+light|at\s+sunrise|at\s+sunset|"
    r"at\s+midnight|at\s+noon|at\s+night|(?:shortly\s+|just\s+)?before\s+dawn|(?:shortly\s+|just\s+)?after\s+(?:dawn|midnight)|"
    r"around\s+midnight|in\s+the\s+(?:early\s+|small\s+)?hours\s+of|in\s+the\s+(?:early\s+)?morning\s+of|early\s+in\s+the\s+morning\s+of|"
    r"in\s+the\s+(?:afternoon|evening)\s+of|on\s+the\s+(?:night|morning|evening|afternoon)\s+of|the\s+(?:night|morning|evening)\s+of|"
    r"late\s+at\s+night|late|early|earlier|later|overnight))\s+(?:on\s+)?)?"
)
_TOD_POST = r"(?:\s+(?P<tod2>(?i:night|morning|afternoon|evening|overnight|at\s+dawn|at\s+dusk|at\s+night)))?"
_REL = (
    r"(?:,?\s+(?:of\s+)?(?P<rel>(?i:last\s+year|this\s+year|next\s+year|the\s+same\s+year|that\s+same\s+year|that\s+year|"
    r"the\s+previous\s+year|the\s+year\s+before|the\s+following\s+year|the\s+year\s+after)))?"
)
_MPART = (
    r"(?:(?:(?i:the)\s+)?(?:(?P<wk>(?i:first|second|third|fourth|last|final))\s+week\s+of\s+|"
    r"(?P<part>(?i:early|late|mid|middle\s+of|end\s+of|beginning\s+of|start\s+of|first\s+half\s+of|second\s+half\s+of))(?:\s*-\s*|\s+)))?"
)
_YPART = (
    r"(?:(?:(?i:the)\s+)?(?P<yp>(?i:early|late|mid|middle\s+of|end\s+of|beginning\s+of|start\s+of|first\s+half\s+of|second\s+half\s+of|"
    r"(?:spring|summer|autumn|fall|winter)(?:\s+of)?))(?:\s*-\s*|\s+))?"
)
_THE_DAY = r"(?:(?i:the)\s+(?=\d{1,2}(?:st|nd|rd|th)\b|\d{1,2}\s+of\s))?"
_SEP = r"(?:\s*(?P<dash>[-–—])\s*|\s+(?P<sepw>(?i:to|and|until|till|through|thru))\s+)"
_RP = r"(?:(?P<rp>(?i:from|between))\s+)?"

_CTX_WORDS = r"as\s+of|prior\s+to|of|by|until|till|before|after|from|through|following"
_PREP_WORDS = r"on|in|at|during|over|throughout|since"

_COUNT_NOUNS = frozenset(
    "people persons individuals civilians deaths dead casualties victims cases incidents homes houses buildings "
    "families households refugees displaced km kilometres kilometers metres meters miles dollars euros tonnes tons "
    "votes hectares times".split()
)
_NOT_PLURAL = frozenset(
    "as was is has his its this thus across towards afterwards unless whereas perhaps always us yes less "
    "gas bus press process".split()
)

# part name -> (first day, last day or None for the month's end)
_MONTH_PARTS = {
    "early": (1, 10), "beginning of": (1, 10), "start of": (1, 10),
    "mid": (11, 20), "middle of": (11, 20),
    "late": (21, None), "end of": (21, None),
    "first half of": (1, 15), "second half of": (16, None),
}
_WEEK_OF_MONTH = {"first": (1, 7), "second": (8, 14), "third": (15, 21), "fourth": (22, 28)}
# part name -> (first month, last month); months past 12 belong to the next year
_YEAR_PARTS = {
    "early": (1, 4), "beginning of": (1, 4), "start of": (1, 4),
    "mid": (5, 8), "middle of": (5, 8),
    "late": (9, 12), "end of": (9, 12),
    "first half of": (1, 6), "second half of": (7, 12),
    "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 14),
}


def _norm(s: str | None) -> str:
    return " ".join(s.lower().split()) if s else ""


# --------------------------------------------------------------------------- date arithmetic


def _mend(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _month_iv(y: int, m: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, m, 1), dt.date(y, m, _mend(y, m))


def _add_months(d: dt.date, n: int) -> dt.date:
    k = d.year * 12 + d.month - 1 + n
    y, m = divmod(k, 12)
    return dt.date(y, m + 1, min(d.day, _mend(y, m + 1)))


def _week(d: dt.date) -> tuple[dt.date, dt.date]:
    mon = d - _D(days=d.weekday())
    return mon, mon + _D(days=6)


def _unit_iv(d: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    if unit == "day":
        return d, d
    if unit == "week":
        return _week(d)
    if unit == "month":
        return _month_iv(d.year, d.month)
    if unit == "decade":
        y0 = d.year - d.year % 10
        return dt.date(y0, 1, 1), dt.date(y0 + 9, 12, 31)
    return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)


def _shift(d: dt.date, unit: str, n: int) -> dt.date:
    if unit == "day":
        return d + _D(days=n)
    if unit == "week":
        return d + _D(days=7 * n)
    if unit == "month":
        return _add_months(d, n)
    if unit == "decade":
        return _add_months(d, 120 * n)
    return _add_months(d, 12 * n)


def _thirds(a: dt.date, b: dt.date, unit: str, which: str) -> tuple[dt.date, dt.date]:
    """Early / mid / late part of the calendar interval [a, b] of `unit`."""
    i = {"early": 0, "beginning": 0, "start": 0, "mid": 1, "middle": 1, "late": 2, "end": 2}[which]
    if unit == "month":
        lo, hi = ((1, 10), (11, 20), (21, None))[i]
        return a.replace(day=lo), a.replace(day=hi or _mend(a.year, a.month))
    if unit == "year":
        lo, hi = ((1, 4), (5, 8), (9, 12))[i]
        return dt.date(a.year, lo, 1), dt.date(a.year, hi, _mend(a.year, hi))
    lo, hi = ((0, 1), (2, 3), (4, 6))[i]  # week
    return a + _D(days=lo), a + _D(days=hi)


def _recent_md(pub: dt.date, m: int, d: int) -> dt.date:
    """Most recent (month, day) on or before `pub` (29 February: the last leap year)."""
    y = pub.year
    while True:
        if d <= _mend(y, m) and dt.date(y, m, d) <= pub:
            return dt.date(y, m, d)
        y -= 1


def _num(s: str | None) -> int | None:
    s = _norm(s)
    if not s:
        return 1
    if s in _VAGUE:
        return None
    return _NUMWORDS.get(s) or int(s)


# --------------------------------------------------------------------------- resolution state


class _State:
    __slots__ = ("pub", "last", "last_day")

    def __init__(self, pub: dt.date | None):
        self.pub = pub
        self.last: tuple[dt.date, dt.date] | None = None  # previous resolved expression
        self.last_day: tuple[dt.date, dt.date] | None = None  # previous day-precision one

    @property
    def last_year(self) -> int | None:
        return self.last[0].year if self.last else None


_Res = tuple[dt.date, dt.date, str] | None


def _rel_year(rel: str, st: _State) -> int | None:
    r = _norm(rel)
    pub = st.pub
    if r == "last year":
        return pub.year - 1 if pub else None
    if r == "this year":
        return pub.year if pub else None
    if r == "next year":
        return pub.year + 1 if pub else None
    if r in ("the same year", "that same year", "that year"):
        return st.last_year
    if r in ("the previous year", "the year before"):
        if st.last_year is not None:
            return st.last_year - 1
        return pub.year - 1 if pub else None
    if r in ("the following year", "the year after"):
        return st.last_year + 1 if st.last_year is not None else None
    return None


def _md_date(st: _State, m: int, d: int, y: str | None, rel: str | None) -> dt.date | None:
    if y:
        return dt.date(int(y), m, d)
    if rel:
        yy = _rel_year(rel, st)
        return dt.date(yy, m, d) if yy is not None and d <= _mend(yy, m) else None
    if st.pub is None:
        return None
    return _recent_md(st.pub, m, d)


# --------------------------------------------------------------------------- handlers


def _h_date(m: re.Match, st: _State) -> _Res:
    g = m.groupdict()
    d = _md_date(st, _MONTHS[g["m"].rstrip(".").lower()], int(g["d"]), g.get("y"), g.get("rel"))
    return (d, d, "day") if d else None


def _h_month(m: re.Match, st: _State) -> _Res:
    g = m.groupdict()
    mo = _MONTHS[g["m"].rstrip(".").lower()]
    part, wk, mod = _norm(g.get("part")), _norm(g.get("wk")), _norm(g.get("mod"))
    prec = "month"
    if wk:
        prec = "week"
        lo, hi = _WEEK_OF_MONTH.get(wk, (None, None))
    elif part:
        lo, hi = _MONTH_PARTS[part]
    else:
        lo, hi = 1, None
    y = int(g["y"]) if g.get("y") else None
    if y is None:
        pub = st.pub
        if g.get("rel"):
            y = _rel_year(g["rel"], st)
            if y is None:
                return None
        elif pub is None:
            return None
        elif mod in ("last", "past"):
            y = pub.year if mo < pub.month else pub.year - 1
        elif mod == "this":
            y = pub.year
        elif mod == "next":
            y = pub.year if mo > pub.month else pub.year + 1
        else:
            y = pub.year
            if dt.date(y, mo, lo or max(1, _mend(y, mo) - 6)) > pub:
                y -= 1
    end = _mend(y, mo)
    if lo is None:  # last week of the month
        lo, hi = end - 6, end
    return dt.date(y, mo, lo), dt.date(y, mo, hi or end), prec


def _h_year(m: re.Match, st: _State) -> _Res:
    g = m.groupdict()
    y = int(g["y"])
    yp = _norm(g.get("yp"))
    if yp.endswith(" of") and yp[:-3] in ("spring", "summer", "autumn", "fall", "winter"):
        yp = yp[:-3]
    if not yp:
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    a, b = _YEAR_PARTS[yp]
    yb, mb = (y + 1, b - 12) if b > 12 else (y, b)
    return dt.date(y, a, 1), dt.date(yb, mb, _mend(yb, mb)), "year"


def _h_decade(m: re.Match, st: _State) -> _Res:
    g = m.groupdict()
    y0 = int(g["dec"])
    lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(_norm(g.get("yp")), (0, 9))
    return dt.date(y0 + lo, 1, 1), dt.date(y0 + hi, 12, 31), "year"


def _h_weekday(m: re.Match, st: _State) -> _Res:
    pub = st.pub
    if pub is None:
        return None
    g = m.groupdict()
    wd = _WEEKDAYS[g["wd"].lower()]
    mod = _norm(g.get("mod"))
    back = (pub.weekday() - wd) % 7
    if mod in ("last", "past", "previous") and back == 0:
        back = 7
    if mod == "next":
        d = pub + _D(days=(wd - pub.weekday()) % 7 or 7)
    else:
        d = pub - _D(days=back)
    return d, d, "day"


_RELDAY = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "the day before yesterday": -2,
}


def _h_relday(m: re.Match, st: _State) -> _Res:
    pub = st.pub
    if pub is None:
        return None
    rd = _norm(m.group("rd"))
    if rd == "overnight":
        return pub - _D(days=1), pub, "day"
    d = pub + _D(days=_RELDAY[rd])
    return d, d, "day"


def _h_anaday(m: re.Match, st: _State) -> _Res:
    """the previous day, the next day, the same day ... relative to the last day-precision date."""
    a = _norm(m.group("ana"))
    if a.startswith(("later ", "earlier ")):  # later that day, earlier in the day
        off = 0
    elif "previous" in a or a.endswith(("before", "earlier", "prior")):
        off = -1
    elif "next" in a or "following" in a or a.endswith(("after", "later")):
        off = 1
    else:  # the same day, that night
        off = 0
    if st.last_day:
        base = st.last_day[1] if off > 0 else st.last_day[0]
    elif st.pub is not None and off <= 0:
        base = st.pub
    else:
        return None
    d = base + _D(days=off)
    return d, d, "day"


def _unit(s: str) -> str:
    s = s.lower()
    return s[:-1] if s.endswith("s") else s


def _fortnight(unit: str, n: int | None) -> tuple[str, int | None]:
    """A fortnight is two weeks."""
    if unit == "fortnight":
        return "week", (None if n is None else 2 * n)
    return unit, n


def _h_ago(m: re.Match, st: _State) -> _Res:
    pub = st.pub
    if pub is None:
        return None
    unit, n = _fortnight(_unit(m.group("unit")), _num(m.group("n")))
    prec = "year" if unit == "decade" else unit
    if n is None:  # a few / several: 2 to 5 units ago
        return _unit_iv(_shift(pub, unit, -5), unit)[0], _unit_iv(_shift(pub, unit, -2), unit)[1], prec
    if unit == "day":
        d = pub - _D(days=n)
        return d, d, "day"
    a, b = _unit_iv(_shift(pub, unit, -n), unit)
    return a, b, prec


def _h_later(m: re.Match, st: _State) -> _Res:
    unit, n = _fortnight(_unit(m.group("unit")), _num(m.group("n")))
    if n is None:
        return None
    direction = _norm(m.group("dir"))
    sign = -1 if direction in ("earlier", "before", "prior") else 1
    if unit in ("day", "week"):
        anchor = (st.last_day[1] if sign > 0 else st.last_day[0]) if st.last_day else None
    else:
        anchor = (st.last[1] if sign > 0 else st.last[0]) if st.last else None
    if anchor is None:
        if sign > 0 or st.pub is None:
            return None
        anchor = st.pub
    d = _shift(anchor, unit, sign * n)
    if unit == "day":
        return d, d, "day"
    a, b = _unit_iv(d, unit)
    return a, b, ("year" if unit == "decade" else unit)


def _h_past(m: re.Match, st: _State) -> _Res:
    """the past/last N units, last week/month/year, recent weeks."""
    pub = st.pub
    if pub is None:
        return None
    g = m.groupdict()
    unit = _unit(g["unit"])
    pm = _norm(g.get("pm"))
    if pm == "last" and not g.get("the") and not g.get("n"):  # calendar: last week/month/year
        if unit == "fortnight":
            return pub - _D(days=14), pub, "week"
        a, b = _unit_iv(_shift(pub, unit, -1), unit)
        return a, b, ("year" if unit == "decade" else unit)
    n = _num(g.get("n"))
    if n is None or pm == "recent":
        n = 3
    unit, n = _fortnight(unit, n)
    if unit == "hour":
        days = max(1, -(-n // 24))
        return pub - _D(days=days), pub, "day"
    return _shift(pub, unit, -n), pub, ("year" if unit == "decade" else unit)


def _h_cal(m: re.Match, st: _State) -> _Res:
    """this/next/earlier this/late last ... week/month/year."""
    pub = st.pub
    if pub is None:
        return None
    g = m.groupdict()
    unit = g["unit"].lower()
    cm = _norm(g["cm"]).replace("mid-", "mid ")
    words = cm.split()
    which = words[-1]  # this | current | next | coming | last | the | previous
    qual = words[0] if len(words) > 1 else ""
    if which in ("next", "coming"):
        ref = _shift(pub, unit, 1)
    elif which in ("last", "previous"):
        ref = _shift(pub, unit, -1)
    else:
        ref = pub
    a, b = _unit_iv(ref, unit)
    if qual == "earlier":
        return a, pub, unit
    if qual == "later":
        return pub, b, unit
    if qual in ("early", "mid", "late"):
        a, b = _thirds(a, b, unit, qual)
    return a, b, unit


def _h_partof(m: re.Match, st: _State) -> _Res:
    """the end of last year, the beginning of the month, the first half of this year."""
    g = m.groupdict()
    unit = g["unit"].lower()
    which = _norm(g["which"])
    po = _norm(g["po"])
    if which == "the previous" and st.last:
        ref = _shift(st.last[0], unit, -1)
    elif st.pub is None:
        return None
    elif which in ("next",):
        ref = _shift(st.pub, unit, 1)
    elif which in ("last", "the previous"):
        ref = _shift(st.pub, unit, -1)
    else:
        ref = st.pub
    a, b = _unit_iv(ref, unit)
    if po in ("first half", "second half"):
        if unit == "year":
            return (dt.date(a.year, 1, 1), dt.date(a.year, 6, 30), unit) if po == "first half" else (dt.date(a.year, 7, 1), b, unit)
        mid = a + (b - a) // 2
        return (a, mid, unit) if po == "first half" else (mid + _D(days=1), b, unit)
    a, b = _thirds(a, b, unit, po)
    return a, b, unit


def _h_anaunit(m: re.Match, st: _State) -> _Res:
    """the same year, that month, the following week, the previous month ..."""
    g = m.groupdict()
    unit = g["unit"].lower()
    w = _norm(g["aw"])
    off = 0
    if w in ("the previous", "the preceding") or g.get("bef"):
        off = -1
    elif w in ("the following", "the next") or g.get("aft"):
        off = 1
    ref = None
    if unit in ("day", "week") and st.last_day:
        ref = st.last_day[0]
    elif st.last:
        ref = st.last[0]
    if ref is None:
        if off < 0 and st.pub is not None:
            ref = st.pub
        else:
            return None
    a, b = _unit_iv(_shift(ref, unit, off), unit)
    return a, b, unit


def _h_weekend(m: re.Match, st: _State) -> _Res:
    pub = st.pub
    if pub is None:
        return None
    sat = pub - _D(days=(pub.weekday() - 5) % 7)
    if _norm(m.group("wm")) == "last" and pub.weekday() >= 5:
        sat -= _D(days=7)
    return sat, sat + _D(days=1), "day"


# --------------------------------------------------------------------------- holidays


def _hijri_to_date(y: int, m: int, d: int) -> dt.date:
    """The tabular (arithmetic) Islamic calendar; observed months may start a day earlier or later."""
    jd = d + math.ceil(29.5 * (m - 1)) + (y - 1) * 354 + (3 + 11 * y) // 30 + 1948439.5 - 1
    return dt.date.fromordinal(int(jd - 1721424.5))


def _islamic(gy: int, month: int, first: int, last: int | None) -> tuple[dt.date, dt.date]:
    """The first occurrence starting in Gregorian year `gy` of days first..last of a Hijri month."""
    h0 = round((gy - 622) * 33 / 32)
    for h in range(h0 - 2, h0 + 3):
        a = _hijri_to_date(h, month, first)
        if a.year == gy:
            b = _hijri_to_date(h, month + 1, 1) - _D(days=1) if last is None else _hijri_to_date(h, month, last)
            return a, b
    raise ValueError(gy)


_HOLIDAYS: dict[str, tuple[Callable[[int], tuple[dt.date, dt.date]], str]] = {
    "ramadan": (lambda y: _islamic(y, 9, 1, None), "month"),
    "eid al-fitr": (lambda y: _islamic(y, 10, 1, 3), "day"),
    "eid al-adha": (lambda y: _islamic(y, 12, 10, 13), "day"),
    "new year's eve": (lambda y: (dt.date(y, 12, 31),) * 2, "day"),
    "new year's day": (lambda y: (dt.date(y, 1, 1),) * 2, "day"),
    "christmas eve": (lambda y: (dt.date(y, 12, 24),) * 2, "day"),
    "christmas day": (lambda y: (dt.date(y, 12, 25),) * 2, "day"),
    "christmas": (lambda y: (dt.date(y, 12, 25),) * 2, "day"),
    "orthodox christmas": (lambda y: (dt.date(y, 1, 7),) * 2, "day"),
}


def _holiday_key(s: str) -> str:
    k = _norm(s).replace("\u2019", "'").replace("eid ul-", "eid al-").replace("eid el-", "eid al-").replace("eid al ", "eid al-")
    return k.replace("new year ", "new year's ").replace("new years ", "new year's ")


def _h_holiday(m: re.Match, st: _State) -> _Res:
    g = m.groupdict()
    occ, prec = _HOLIDAYS[_holiday_key(g["hol"])]
    if g.get("y"):
        y = int(g["y"])
    elif g.get("rel"):
        y = _rel_year(g["rel"], st)
        if y is None:
            return None
    elif st.pub is None:
        return None
    else:
        pub = st.pub
        strict = _norm(g.get("mod")) == "last"
        for y in (pub.year, pub.year - 1, pub.year - 2):
            a, b = occ(y)
            if (b < pub) if strict else (a <= pub):
                return a, b, prec
        return None
    a, b = occ(y)
    return a, b, prec


def _ck_holiday(m: re.Match, text: str) -> bool:
    g = m.groupdict()
    k = _holiday_key(g["hol"])
    return k.startswith("eid") or k.endswith(("eve", "day")) or bool(g.get("ctx") or g.get("prep") or g.get("mod") or g.get("rel") or g.get("y"))


def _h_range_days(m: re.Match, st: _State) -> _Res:
    g = m.groupdict()
    m1 = _MONTHS[(g.get("m1") or g.get("m")).rstrip(".").lower()]
    m2 = _MONTHS[(g.get("m2") or g.get("m1") or g.get("m")).rstrip(".").lower()]
    d1, d2 = int(g["d1"]), int(g["d2"])
    y1 = int(g["y1"]) if g.get("y1") else None
    y2 = int(g["y2"]) if g.get("y2") else (int(g["y"]) if g.get("y") else None)
    wrap = (m1, d1) > (m2, d2)
    if y2 is None and g.get("rel"):
        y2 = _rel_year(g["rel"], st)
        if y2 is None:
            return None
    if y2 is None and y1 is not None:
        y2 = y1 + 1 if wrap else y1
    if y2 is None:
        if st.pub is None:
            return None
        y1 = _recent_md(st.pub, m1, d1).year
        y2 = y1 + 1 if wrap else y1
    if y1 is None:
        y1 = y2 - 1 if wrap else y2
    a, b = dt.date(y1, m1, d1), dt.date(y2, m2, d2)
    return (a, b, "day") if a <= b else None


def _h_range_months(m: re.Match, st: _State) -> _Res:
    g = m.groupdict()
    m1 = _MONTHS[g["m1"].rstrip(".").lower()]
    m2 = _MONTHS[g["m2"].rstrip(".").lower()]
    y1 = int(g["y1"]) if g.get("y1") else None
    y2 = int(g["y2"]) if g.get("y2") else None
    wrap = m1 > m2
    if y2 is None and g.get("rel"):
        y2 = _rel_year(g["rel"], st)
        if y2 is None:
            return None
    if y2 is None and y1 is not None:
        y2 = y1 + 1 if wrap else y1
    if y2 is None:
        if st.pub is None:
            return None
        y1 = st.pub.year if m1 <= st.pub.month else st.pub.year - 1
        y2 = y1 + 1 if wrap else y1
    if y1 is None:
        y1 = y2 - 1 if wrap else y2
    a, b = dt.date(y1, m1, 1), dt.date(y2, m2, _mend(y2, m2))
    return (a, b, "month") if a <= b else None


def _h_range_years(m: re.Match, st: _State) -> _Res:
    y1, y2 = _range_years(m)
    return dt.date(y1, 1, 1), dt.date(y2, 12, 31), "year"


def _range_years(m: re.Match) -> tuple[int, int]:
    y1 = int(m.group("y1"))
    if m.group("y2"):
        return y1, int(m.group("y2"))
    y2 = y1 - y1 % 100 + int(m.group("yy"))
    return y1, y2


# --------------------------------------------------------------------------- checks


def _next_word(text: str, i: int) -> str:
    mm = _NEXT_WORD.match(text, i)
    return mm.group(1) if mm else ""


_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")


def _valid_dm(m: re.Match, dg: str = "d", mg: str = "m", yg: str = "y") -> bool:
    g = m.groupdict()
    mo = _MONTHS[g[mg].rstrip(".").lower()]
    d = int(g[dg])
    y = g.get(yg)
    return d <= (_mend(int(y), mo) if y else _mend(2000, mo))


def _ck_dm(m: re.Match, text: str) -> bool:
    return _valid_dm(m)


def _ck_md(m: re.Match, text: str) -> bool:
    if not _valid_dm(m):
        return False
    if m.group("y") or m.group("rel") or m.group("tod1"):
        return True
    w = _next_word(text, m.end())
    if w in _COUNT_NOUNS:
        return False
    # "In May 12 soldiers were killed": after "in", a number and a plural noun are a count, not a day
    # (while "the Sept. 11 attacks" keeps its date)
    plural = w.islower() and len(w) > 3 and w.endswith("s") and w not in _NOT_PLURAL
    return not (plural and _norm(m.group("prep")) in ("in", "during", "over", "throughout"))


def _ck_month(m: re.Match, text: str) -> bool:
    g = m.groupdict()
    return bool(g.get("ctx") or g.get("prep") or g.get("part") or g.get("wk") or g.get("mod") or g.get("rel"))


def _ck_year(m: re.Match, text: str) -> bool:
    g = m.groupdict()
    if not (g.get("ctx") or g.get("prep") or g.get("yp")):
        return False
    return _next_word(text, m.end()).lower() not in _COUNT_NOUNS


def _ck_range(m: re.Match, text: str) -> bool:
    g = m.groupdict()
    rp, sepw = _norm(g.get("rp")), _norm(g.get("sepw"))
    if not (rp or g.get("dash") or (g.get("y2") and sepw not in ("and",))):
        return False
    if sepw == "and" and rp != "between":
        return False
    return True


def _ck_range_dd(m: re.Match, text: str) -> bool:
    return _ck_range(m, text) and int(m.group("d1")) < int(m.group("d2")) and _valid_dm(m, "d2", "m")


def _ck_range_dmdm(m: re.Match, text: str) -> bool:
    return _ck_range(m, text) and _valid_dm(m, "d1", "m1", "y1") and _valid_dm(m, "d2", "m2", "y2")


def _ck_range_mdmd(m: re.Match, text: str) -> bool:
    g = m.groupdict()
    if not _ck_range(m, text):
        return False
    if not g.get("m2") and int(g["d1"]) >= int(g["d2"]):
        return False
    return _valid_dm(m, "d1", "m1", "y1") and _valid_dm(m, "d2", "m2" if g.get("m2") else "m1", "y2")


def _ck_range_mm(m: re.Match, text: str) -> bool:
    return _ck_range(m, text) and m.group("m1") != m.group("m2")


def _ck_range_yy(m: re.Match, text: str) -> bool:
    g = m.groupdict()
    if not (g.get("rp") or g.get("dash") or g.get("prep")):
        return False
    if _norm(g.get("sepw")) == "and" and _norm(g.get("rp")) != "between":
        return False
    y1, y2 = _range_years(m)
    return y1 < y2 <= y1 + 50


def _numeric(m: re.Match) -> dt.date | None:
    """dd/mm/yyyy (day-first unless only month-first is valid), or ISO yyyy-mm-dd."""
    g = m.groupdict()
    if g.get("iso"):
        y, mo, d = int(g["iso"]), int(g["a2"]), int(g["b2"])
    else:
        a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
        if a <= 12 < b:
            mo, d = a, b
        elif b <= 12:
            d, mo = a, b
        else:
            return None
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def _h_numeric(m: re.Match, st: _State) -> _Res:
    d = _numeric(m)
    return (d, d, "day") if d else None


def _ck_numeric(m: re.Match, text: str) -> bool:
    return _numeric(m) is not None


def _ck_anaunit(m: re.Match, text: str) -> bool:
    # a bare "the week/month/year" only with before/after ("the year before")
    return _norm(m.group("aw")) != "the" or bool(m.group("bef") or m.group("aft"))


# --------------------------------------------------------------------------- patterns


@dataclass(frozen=True)
class _Spec:
    name: str
    regex: re.Pattern
    handle: Callable[[re.Match, _State], _Res]
    check: Callable[[re.Match, str], bool] | None = None
    # a cheap gate: the text must hold a digit (if need_digit) and one of `words` (lower case)
    need_digit: bool = False
    words: frozenset[str] | None = None


def _pat(body: str, ctx: bool = False, prep: bool = True) -> re.Pattern:
    head = rf"(?:(?P<ctx>(?i:{_CTX_WORDS}))\s+)?" if ctx else ""
    p = rf"(?:(?P<prep>(?i:{_PREP_WORDS}))\s+)?" if prep else ""
    return re.compile(rf"(?<![\w-]){head}(?P<e>{p}{body})(?![\w])")


_DM = rf"{_THE_DAY}{_day('d')}\s+(?:of\s+)?{_mon('m')}"
_MD = rf"{_mon('m')}\s+{_THE_DAY}{_day('d')}"

_SPECS: list[_Spec] = [
    # absolute and partial calendar dates
    _Spec("dmy", _pat(rf"{_TOD_PRE}(?:{_WD},?\s+)?{_DM},?\s+{_year('y')}"), _h_date, _ck_dm),
    _Spec("mdy", _pat(rf"{_TOD_PRE}(?:{_WD},?\s+)?{_MD},?\s+{_year('y')}"), _h_date, _ck_dm),
    _Spec("day_month", _pat(rf"{_TOD_PRE}(?:{_WD},?\s+)?{_DM}(?P<y>){_REL}"), _h_date, _ck_dm),
    _Spec("month_day", _pat(rf"{_TOD_PRE}(?:{_WD},?\s+)?{_MD}(?P<y>){_REL}"), _h_date, _ck_md),
    _Spec(
        "numeric",
        _pat(
            r"(?:(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)(?![\d/.]\d)"
            r"|(?<![\d/.-])(?P<iso>(?:19|20)\d\d)-(?P<a2>\d{2})-(?P<b2>\d{2})(?!\d))"
        ),
        _h_numeric,
        _ck_numeric,
    ),
    _Spec("month_year", _pat(rf"{_MPART}{_mon('m')},?\s+(?:of\s+)?{_year('y')}"), _h_month),
    _Spec(
        "month",
        _pat(rf"{_MPART}(?:(?P<mod>(?i:last|this|next|past))\s+)?{_mon('m', abbr=False)}(?P<y>){_REL}", ctx=True),
        _h_month,
        _ck_month,
    ),
    _Spec("year", _pat(rf"{_YPART}{_year('y')}", ctx=True), _h_year, _ck_year),
    _Spec("decade", _pat(r"(?:(?i:the)\s+)?(?:(?P<yp>(?i:early|late|mid))(?:\s*-\s*|\s+))?(?P<dec>(?:19|20)\d0)'?s", ctx=True), _h_decade),
    # weekdays and days relative to publication
    _Spec("weekday", _pat(rf"{_TOD_PRE}(?:(?P<mod>(?i:last|this|next|past|previous))\s+)?{_WD}{_TOD_POST}"), _h_weekday),
    _Spec(
        "relday",
        _pat(
            rf"{_TOD_PRE}(?P<rd>(?i:today|tonight|this\s+morning|this\s+afternoon|this\s+evening|yesterday|last\s+night|"
            rf"the\s+day\s+before\s+yesterday|overnight)){_TOD_POST}"
        ),
        _h_relday,
    ),
    _Spec(
        "anaphoric_day",
        _pat(
            r"(?P<ana>(?i:the\s+previous\s+(?:day|night|evening|morning)|the\s+(?:day|night|evening)\s+before|"
            r"(?:a|one)\s+day\s+(?:earlier|before|prior)|the\s+(?:next|following)\s+(?:day|morning|night|evening)|"
            r"the\s+day\s+after|(?:a|one)\s+day\s+later|(?:the\s+same|that\s+same|that)\s+(?:day|night|morning|evening)|"
            r"(?:later|earlier)\s+(?:that|the\s+same)\s+(?:day|night)|(?:later|earlier)\s+in\s+the\s+day))"
        ),
        _h_anaday,
    ),
    _Spec("ago", _pat(rf"{_APPROX}{_NUM}\s+(?P<unit>(?i:days?|weeks?|fortnights?|months?|years?|decades?))\s+ago"), _h_ago),
    _Spec(
        "later",
        _pat(rf"{_APPROX}{_NUM}\s+(?P<unit>(?i:days?|weeks?|fortnights?|months?|years?))\s+(?P<dir>(?i:earlier|later|afterwards|(?:before|prior)(?=\s*[,.;:)]|\s*$)))"),
        _h_later,
    ),
    _Spec(
        "past",
        _pat(
            r"(?P<the>(?i:the)\s+)?(?P<pm>(?i:past|last))\s+(?:" + _NUM + r"\s+)?"
            r"(?P<unit>(?i:hours|days|weeks|fortnights|months|years|decades|week|fortnight|month|year|decade))"
        ),
        _h_past,
    ),
    _Spec("recent", _pat(r"(?P<pm>(?i:recent))\s+(?P<unit>(?i:days|weeks|months|years))"), _h_past),
    _Spec(
        "calendar",
        _pat(
            r"(?:(?i:the)\s+)?(?P<cm>(?i:(?:(?:earlier|later|early|mid|late)\s+|mid-)?(?:this|current|next|coming)|"
            r"(?:early|mid|late|earlier)\s+last|mid-last|(?:early|late)\s+next))\s+(?P<unit>(?i:week|month|year))"
        ),
        _h_cal,
    ),
    _Spec(
        "part_of",
        _pat(
            r"(?:(?i:the)\s+)?(?P<po>(?i:end|beginning|start|middle|first\s+half|second\s+half))\s+of\s+"
            r"(?P<which>(?i:last|this|next|the\s+previous|the\s+current|the))\s+(?P<unit>(?i:week|month|year))"
        ),
        _h_partof,
    ),
    _Spec(
        "anaphoric_unit",
        _pat(
            r"(?:(?i:later|earlier)\s+)?(?P<aw>(?i:the\s+same|that\s+same|that|the\s+previous|the\s+preceding|the\s+following|the))"
            r"\s+(?P<unit>(?i:week|month|year))(?:\s+(?:(?P<bef>(?i:before))|(?P<aft>(?i:after))))?"
        ),
        _h_anaunit,
        _ck_anaunit,
    ),
    _Spec(
        "holiday",
        _pat(
            r"(?:(?P<mod>(?i:last|this|next))\s+)?(?:(?i:the)\s+(?:(?i:holy|fasting)\s+)?(?i:month)\s+of\s+)?"
            r"(?P<hol>Ramadan|Eid\s+(?:al|ul|el)[- ](?:Fitr|Adha)|New\s+Year(?:['\u2019]s)?\s+(?:Eve|Day)|"
            r"(?:Orthodox\s+)?Christmas(?:\s+(?:Eve|Day))?)"
            rf"(?:,?\s+(?:of\s+)?{_year('y')})?{_REL}",
            ctx=True,
        ),
        _h_holiday,
        _ck_holiday,
    ),
    _Spec("weekend", _pat(r"(?P<wm>(?i:the\s+past|the|last|this))\s+(?i:weekend)"), _h_weekend),
    # ranges (one interval)
    _Spec(
        "range_days",
        _pat(rf"{_TOD_PRE}{_RP}{_THE_DAY}{_day('d1')}{_SEP}{_THE_DAY}{_day('d2')}\s+(?:of\s+)?{_mon('m')}(?:,?\s+{_year('y')})?{_REL}"),
        _h_range_days,
        _ck_range_dd,
    ),
    _Spec(
        "range_day_months",
        _pat(
            rf"{_TOD_PRE}{_RP}{_THE_DAY}{_day('d1')}\s+(?:of\s+)?{_mon('m1')}(?:,?\s+{_year('y1')})?{_SEP}"
            rf"{_THE_DAY}{_day('d2')}\s+(?:of\s+)?{_mon('m2')}(?:,?\s+{_year('y2')})?{_REL}"
        ),
        _h_range_days,
        _ck_range_dmdm,
    ),
    _Spec(
        "range_month_days",
        _pat(
            rf"{_TOD_PRE}{_RP}{_mon('m1')}\s+{_day('d1')}(?:,?\s+{_year('y1')})?{_SEP}"
            rf"(?:{_mon('m2')}\s+)?{_day('d2')}(?:,?\s+{_year('y2')})?{_REL}"
        ),
        _h_range_days,
        _ck_range_mdmd,
    ),
    _Spec(
        "range_months",
        _pat(rf"{_RP}{_mon('m1')}(?:,?\s+{_year('y1')})?{_SEP}{_mon('m2')}(?:,?\s+(?:of\s+)?{_year('y2')})?{_REL}"),
        _h_range_months,
        _ck_range_mm,
    ),
    _Spec(
        "range_years",
        _pat(rf"{_RP}{_year('y1')}{_SEP}(?:{_year('y2')}|(?P<yy>\d\d)(?!\d))"),
        _h_range_years,
        _ck_range_yy,
    ),
]


_MONTH_WORDS = frozenset(_MONTHS)
_WEEKDAY_WORDS = frozenset(_WEEKDAYS)
_UNIT_WORDS = frozenset("week month year weeks months years".split())
_GATES: dict[str, tuple[bool, frozenset[str] | None]] = {
    "dmy": (True, _MONTH_WORDS),
    "mdy": (True, _MONTH_WORDS),
    "day_month": (True, _MONTH_WORDS),
    "month_day": (True, _MONTH_WORDS),
    "numeric": (True, None),
    "month_year": (True, _MONTH_WORDS),
    "month": (False, _MONTH_WORDS),
    "year": (True, None),
    "decade": (True, None),
    "weekday": (False, _WEEKDAY_WORDS),
    "relday": (False, frozenset("today tonight morning afternoon evening yesterday night overnight".split())),
    "anaphoric_day": (False, frozenset("day night evening morning".split())),
    "ago": (False, frozenset(["ago"])),
    "later": (False, frozenset("earlier later afterwards before prior".split())),
    "past": (False, frozenset("past last".split())),
    "recent": (False, frozenset(["recent"])),
    "calendar": (False, _UNIT_WORDS),
    "part_of": (False, _UNIT_WORDS),
    "anaphoric_unit": (False, _UNIT_WORDS),
    "holiday": (False, frozenset("ramadan eid christmas new".split())),
    "weekend": (False, frozenset(["weekend"])),
    "range_days": (True, _MONTH_WORDS),
    "range_day_months": (True, _MONTH_WORDS),
    "range_month_days": (True, _MONTH_WORDS),
    "range_months": (False, _MONTH_WORDS),
    "range_years": (True, None),
}
_SPECS = [dataclasses.replace(sp, need_digit=_GATES[sp.name][0], words=_GATES[sp.name][1]) for sp in _SPECS]
_WORDS = re.compile(r"[a-z]+")
_DIGITS = re.compile(r"\d+")
# Each expression holds one of its gate words (or a digit): it is searched for only in windows
# around them, not through the whole text (a fifth of it, in news). An expression is far
# shorter than _MAX_MATCH characters (at most ~60 in practice); one that ends within _MARGIN of a
# window's cut is read again in the whole text.
_MAX_MATCH = 150
_MARGIN = 40


def _windows(anchors: list[int], n: int) -> list[tuple[int, int]]:
    """Merged stretches of text [anchor - _MAX_MATCH, anchor + _MAX_MATCH] around the anchors."""
    out: list[list[int]] = []
    for a in anchors:
        lo, hi = max(0, a - _MAX_MATCH), min(n, a + _MAX_MATCH)
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]
_PREP_GROUP = "prep"


# --------------------------------------------------------------------------- entry point


def find_dates(text: str, published: dt.date | None) -> list[DateExpr]:
    """Every temporal expression in `text`, resolved against `published` (see the module doc)."""
    if isinstance(published, dt.datetime):
        published = published.date()
    cands: list[tuple[int, int, int, re.Match]] = []
    at: dict[str, list[int]] = {}  # each lower-case word -> where it occurs
    for w in _WORDS.finditer(text.lower()):
        at.setdefault(w.group(), []).append(w.start())
    digits = [d.start() for d in _DIGITS.finditer(text)]
    for idx, spec in enumerate(_SPECS):
        if spec.need_digit and not digits:
            continue
        anchors = digits if spec.words is None else sorted(p for w in spec.words & at.keys() for p in at[w])
        search = spec.regex.search
        pos = 0
        for lo, hi in _windows(anchors, len(text)):
            pos = max(pos, lo)
            while True:
                m = search(text, pos, hi)
                if m is None:
                    break
                if hi < len(text) and m.end() > hi - _MARGIN:
                    # near the window's cut: read it in the whole text (a longer form, or a
                    # lookahead that fails) - but only a match that starts where one can
                    start = m.start()
                    if start + _MAX_MATCH > hi:
                        break
                    m = spec.regex.match(text, start)
                    if m is None:
                        pos = start + 1
                        continue
                if spec.check is None or spec.check(m, text):
                    s, e = m.span("e")
                    if m.group(_PREP_GROUP) and text.startswith(("'s", "\u2019s"), e):
                        s = m.end(_PREP_GROUP)  # "in today's attack": the preposition governs the noun
                        while text[s].isspace():
                            s += 1
                    cands.append((s, e, idx, m))
                    pos = max(m.end(), m.start() + 1)
                else:
                    pos = m.start() + 1
    cands.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
    taken = Taken(len(text))
    chosen = []
    for c in cands:
        if taken.overlaps(c[0], c[1]):
            continue
        taken.add(c[0], c[1])
        chosen.append(c)
    chosen.sort(key=lambda c: c[0])

    st = _State(published)
    out: list[DateExpr] = []
    for s, e, idx, m in chosen:
        spec = _SPECS[idx]
        try:
            res = spec.handle(m, st)
        except (ValueError, OverflowError):
            continue
        rule = f"{VERSION}:{spec.name}"
        if res is not None and _norm(m.group(_PREP_GROUP)) == "since":
            rule += "+since"
            res = (res[0], published, res[2]) if published is not None and res[0] <= published else None
        if res is None:
            out.append(DateExpr(s, e, text[s:e], None, None, None, False, rule))
            continue
        a, b, prec = res
        out.append(DateExpr(s, e, text[s:e], a, b, prec, True, rule))
        st.last = (a, b)
        if prec == "day":
            st.last_day = (a, b)
    return out
