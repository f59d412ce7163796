"""Events as rows of UCDP's Georeferenced Event Dataset (GED), with its column names.

Conventions, as the GED codebook has them:
- type_of_violence: 3 one-sided violence (violence against civilians), 1 state-based
  (a state's forces on either side), 2 non-state (armed groups on both sides).
- side_a / side_b: the state's side first where one is involved; otherwise actor1, actor2.
- where_prec: 1 the exact place, 2 within 25 km of it, 4 a province, 6 the country
  (from marsad's geo precision 1 / 2 / 3, 3 meaning the country when the place is one).
- date_prec: 1 the day, 2 two to six days, 3 a week, 4 a month, 5 longer.
- best / low / high: the event's reconciled killed figures (low and high as marsad has
  them). Deaths by side are not told apart by marsad: all go to deaths_unknown, except
  in one-sided violence, where they go to deaths_civilians. An unknown figure is empty.
- source_article / source_office / source_date / source_headline: each article's URL
  (or id), outlet, publication date and title, ";"-separated in claim order.
- id: our event id (ev_...), so a row leads back to `marsad event`.
"""

from __future__ import annotations

from marsad.export import admin_name
from marsad.export.acled import countries, inter_code
from marsad.model import Article, Event

COLUMNS = [
    "id", "year", "type_of_violence", "side_a", "side_b", "source_article", "source_office", "source_date",
    "source_headline", "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude", "longitude", "country",
    "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best",
    "high", "low",
]


def type_of_violence(event: Event) -> int:
    if event.event_type == "Violence against civilians":
        return 3
    return 1 if 1 in (inter_code(event.actor1), inter_code(event.actor2)) else 2


def date_prec(event: Event) -> int:
    if event.date_start is None:
        return 5
    days = ((event.date_end or event.date_start) - event.date_start).days + 1
    return 1 if days == 1 else 2 if days <= 6 else 3 if days <= 7 else 4 if days <= 31 else 5


def where_prec(event: Event) -> int | None:
    place = event.place
    if event.geo_precision is None:
        return None
    if event.geo_precision == 3:
        return 6 if place is not None and (place.feature_code or "").startswith("PCL") else 4
    return event.geo_precision


def ucdp_row(event: Event, articles: dict[str, Article]) -> dict:
    place = event.place
    a1, a2 = event.actor1, event.actor2
    if inter_code(a2) == 1 and inter_code(a1) != 1:
        a1, a2 = a2, a1  # the state's side is side A
    seen = list(dict.fromkeys(c.article_id for c in event.claims))
    arts = [articles[i] for i in seen if i in articles]
    killed = event.fatalities_best
    one_sided = event.event_type == "Violence against civilians"
    cc = (place.country_code or "").upper() if place is not None else ""
    return {
        "id": event.id,
        "year": event.date_start.year if event.date_start else None,
        "type_of_violence": type_of_violence(event),
        "side_a": a1 or "",
        "side_b": a2 or "",
        "source_article": "; ".join(a.url or a.id for a in arts),
        "source_office": "; ".join(a.outlet or "" for a in arts),
        "source_date": "; ".join(a.published.isoformat() if a.published else "" for a in arts),
        "source_headline": "; ".join(a.title or "" for a in arts),
        "where_prec": where_prec(event),
        "where_coordinates": (place.name if place is not None else event.place_as_written) or "",
        "adm_1": admin_name(place, 1) or "",
        "adm_2": admin_name(place, 2) or "",
        "latitude": place.lat if place is not None else None,
        "longitude": place.lon if place is not None else None,
        "country": countries().get(cc, {}).get("name", ""),
        "date_prec": date_prec(event),
        "date_start": event.date_start.isoformat() if event.date_start else "",
        "date_end": (event.date_end or event.date_start).isoformat() if event.date_start else "",
        "deaths_a": None,
        "deaths_b": None,
        "deaths_civilians": killed if one_sided else None,
        "deaths_unknown": None if one_sided else killed,
        "best": killed,
        "high": event.fatalities_high,
        "low": event.fatalities_low,
    }
