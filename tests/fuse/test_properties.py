"""Properties of fuse_claims over random claims: it never crashes and conserves every claim."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from marsad.fuse import claim_key, fuse_claims
from marsad.model import Claim, Place, Range, Source

hypothesis = pytest.importorskip("hypothesis", reason="pip install hypothesis (property tests)")
st = hypothesis.strategies

PLACES = [
    Place("Deir ez-Zor", 35.3359, 40.1408, geonameid=170794),
    Place("Al Mayadin", 35.0193, 40.4519, geonameid=169389),
    Place("Hajin", 34.6942, 40.8306, geonameid=8055525),
    Place("Al Bahrah", 34.7520, 40.7800, geonameid=172386),
    Place("Somewhere", None, None),
    Place("Edge", 35.4999, 39.9999),
    Place("Polar", 78.2, 15.6, geonameid=7),
]
SOURCES = [Source("Amaq", "perpetrator_media", "Islamic State"), Source("SOHR", "monitor"),
           Source("ministry", "official", "Government of Syria"), Source("SANA", "state_media", "Government of Syria"),
           Source("residents", "local_source"), Source("someone", None), Source("AFP", "wire")]
TYPES = [None, "Battles", "Explosions/Remote violence", "Violence against civilians", "Strategic developments"]
SUBS = [None, "Armed clash", "Non-state actor overtakes territory", "Air/drone strike", "Attack", "Other"]
ACTORS = [None, "Islamic State", "Military Forces of Syria", "Civilians"]
BASE = dt.date(2020, 3, 1)


@st.composite
def ranges(draw):
    low = draw(st.one_of(st.none(), st.integers(0, 500)))
    high = draw(st.one_of(st.none(), st.integers(low or 0, 1000)))
    return Range(low, high)


@st.composite
def claims(draw):
    first = draw(st.one_of(st.none(), st.integers(0, 10)))
    span = draw(st.sampled_from([0, 0, 0, 6, 30, 365]))
    start = draw(st.integers(0, 3000))
    return Claim(
        article_id=draw(st.sampled_from(["a", "b", "c", "d"])),
        quote=draw(st.sampled_from(["", "no casualties", "40 killed", "the attack was repelled"])),
        start=start, end=start + draw(st.integers(0, 200)),
        source=draw(st.sampled_from(SOURCES)),
        verb=draw(st.sampled_from([None, "said", "claimed", "denied"])),
        reported_by=draw(st.sampled_from([None, "Outlet A", "Outlet B"])),
        event_type=draw(st.sampled_from(TYPES)), sub_event_type=draw(st.sampled_from(SUBS)),
        actor1=draw(st.sampled_from(ACTORS)), actor2=draw(st.sampled_from(ACTORS)),
        assoc_actors=draw(st.lists(st.sampled_from(ACTORS[1:]), max_size=2)),
        place=draw(st.sampled_from([None, *PLACES])), place_as_written=draw(st.sampled_from([None, "the town", "Hajeen"])),
        geo_precision=draw(st.sampled_from([None, 1, 2, 3])),
        date_start=None if first is None else BASE + dt.timedelta(days=first),
        date_end=None if first is None else BASE + dt.timedelta(days=first + span),
        time_precision=draw(st.sampled_from([None, "day", "week", "month", "year"])),
        weapons=draw(st.lists(st.sampled_from(["mortar", "IED", "rifles"]), max_size=2)),
        killed=draw(ranges()), wounded=draw(ranges()), hedged=draw(st.booleans()),
        id=draw(st.one_of(st.none(), st.text("abcdef0123", min_size=1, max_size=6))),
    )


@hypothesis.settings(max_examples=200, deadline=None)
@hypothesis.given(st.lists(claims(), max_size=40), st.randoms(use_true_random=False))
def test_fuse_never_crashes_and_conserves_claims(batch, rnd):
    events = fuse_claims(batch)
    landed = [id(c) for e in events for c in e.claims]
    assert sorted(landed) == sorted(id(c) for c in batch)
    assert len({e.id for e in events}) == len(events)
    for e in events:
        assert e.status in ("single_source", "corroborated", "contested")
        for low, best, high in ((e.fatalities_low, e.fatalities_best, e.fatalities_high),
                                (e.wounded_low, e.wounded_best, e.wounded_high)):
            if low is not None:
                assert low <= best and (high is None or best <= high)
        if e.date_start is not None:
            assert e.date_start <= e.date_end
    shuffled = list(batch)
    rnd.shuffle(shuffled)
    again = fuse_claims(shuffled)
    assert (sorted(sorted(claim_key(c) for c in e.claims) for e in again)
            == sorted(sorted(claim_key(c) for c in e.claims) for e in events))


@hypothesis.settings(max_examples=80, deadline=None)
@hypothesis.given(st.lists(claims(), max_size=25))
def test_claims_of_one_event_never_lie_at_distinct_exact_places(batch):
    for e in fuse_claims(batch):
        exact = {c.place.geonameid for c in e.claims
                 if c.place is not None and c.geo_precision == 1 and c.place.geonameid in (8055525, 172386)}
        assert len(exact) <= 1, "Hajin and Al Bahrah are exact villages 8 km apart"


def test_random_claims_smoke():
    rng = random.Random(7)
    batch = [Claim(article_id=f"a{rng.randrange(50)}", quote="q", start=rng.randrange(1000), end=0,
                   source=rng.choice(SOURCES), place=rng.choice([None, *PLACES]), geo_precision=rng.choice([1, 2]),
                   date_start=BASE + dt.timedelta(days=rng.randrange(20)), event_type=rng.choice(TYPES))
             for _ in range(2000)]
    events = fuse_claims(batch)
    assert sum(len(e.claims) for e in events) == len(batch)
