"""Claims built by hand (real dataclasses) for the fusion tests."""

from __future__ import annotations

import datetime as dt

from marsad.model import Claim, Place, Range, Source

DEIR_EZZOR = Place("Deir ez-Zor", 35.3359, 40.1408, geonameid=170794, admin1="Deir ez-Zor", country_code="SY")
# About 8 km apart, both villages: distinct places when both are exact.
HAJIN = Place("Hajin", 34.6942, 40.8306, geonameid=8055525, country_code="SY")
AL_BAHRA = Place("Al Bahrah", 34.7520, 40.7800, geonameid=172386, country_code="SY")
MAYADIN = Place("Al Mayadin", 35.0193, 40.4519, geonameid=169389, country_code="SY")  # ~45 km from Deir ez-Zor
RAQQA = Place("Ar Raqqah", 35.9528, 39.0079, geonameid=172955, country_code="SY")

AMAQ = Source("Amaq", "perpetrator_media", "Islamic State")
SOHR = Source("Syrian Observatory for Human Rights", "monitor")
MINISTRY = Source("defence ministry", "official", "Government of Syria")
SANA = Source("SANA", "state_media", "Government of Syria")
REUTERS = Source("Reuters", "wire")
AFP = Source("AFP", "wire")


def day(y: int, m: int, d: int) -> dt.date:
    return dt.date(y, m, d)


def claim(article: str = "art1", start: int = 0, *, quote: str = "", source: Source = REUTERS,
          killed=(None, None), wounded=(None, None), when: dt.date | tuple | None = None,
          precision: str | None = None, place: Place | None = None, geo: int | None = 1, **fields) -> Claim:
    """A claim; `when` is a day or a (start, end) pair, `killed` a (low, high) pair."""
    if isinstance(when, tuple):
        first, last = when
    else:
        first = last = when
    if when is not None and precision is None:
        precision = "day" if first == last else "month"
    return Claim(
        article_id=article, quote=quote or f"{source.name} said something", start=start, end=start + 40,
        source=source, date_start=first, date_end=last, time_precision=precision if when is not None else None,
        place=place, geo_precision=geo if place is not None else None,
        killed=Range(*killed), wounded=Range(*wounded), **fields,
    )


APRIL_2 = dt.date(2020, 4, 2)


def headline_claims():
    """The agency's 40, the monitor's "no fewer than 19", the ministry's "repelled" — one article."""
    return [
        claim("art1", 0, source=AMAQ, verb="claimed", killed=(40, 40), when=APRIL_2, place=DEIR_EZZOR, geo=2,
              event_type="Battles", sub_event_type="Armed clash", actor1="Islamic State",
              actor2="Military Forces of Syria",
              quote="The group's news agency said 40 soldiers were killed at checkpoints near an oil field."),
        claim("art1", 120, source=SOHR, verb="said", killed=(19, None),
              quote="A monitoring group put the toll at no fewer than 19."),
        claim("art1", 200, source=MINISTRY, verb="said",
              quote="The defence ministry said the attack had been repelled."),
    ]
