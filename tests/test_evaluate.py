"""The quality gate's scorer: gold files read strictly, predictions matched and scored, floors checked.

Predictions are DESIGN §6 event dicts built from the gold itself, then spoiled one way
at a time, so each test shows what one kind of error does to the scores.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from marsad.evaluate import (
    FIELDS, METRICS, SPLITS, EvalError, FloorsError, GoldArticle, GoldError, GoldEvent, Range, Report, Tally,
    article_ids, check_floors, default_corpus, default_floors_path, figures_agree, load_gold, packaged_gold_dir,
    quote_hits, read_floors, score,
)

CORPUS = packaged_gold_dir().parent / "corpus"
GAZETTEER_DATA = Path(__file__).parent / "data" / "gazetteer"


@pytest.fixture(scope="module")
def gold() -> list[GoldArticle]:
    return load_gold(packaged_gold_dir())


@pytest.fixture(scope="module")
def ids() -> dict:
    return article_ids(CORPUS)


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _range(r: Range | None) -> dict:
    return {"low": r.low, "high": r.high} if r else {"low": None, "high": None}


def as_predicted(g: GoldEvent, article_id: str) -> dict:
    """A gold event as a system that got everything right would print it."""
    event_type, sub_event_type = g.types[0]
    return {
        "event_id": f"{article_id}-{g.id}",
        "event_date": _iso(g.date_start), "date_start": _iso(g.date_start), "date_end": _iso(g.date_end),
        "time_precision": g.precision, "event_type": event_type, "sub_event_type": sub_event_type,
        "actor1": g.actor1[0] if g.actor1 else None, "actor2": g.actor2[0] if g.actor2 else None,
        "location": {"name": g.place.name, "country_code": g.place.country_code, "lat": g.place.lat,
                     "lon": g.place.lon, "geo_precision": 1, "as_written": g.place.name},
        "claims": [
            {"source": c.claimant, "source_kind": c.kind, "article_id": article_id, "verb": c.verb,
             "quote": f"{c.claimant} {c.verb}", "killed": _range(c.killed), "wounded": _range(c.wounded),
             "captured": _range(c.captured)}
            for c in g.claims
        ],
    }


def perfect(articles: list[GoldArticle], ids: dict) -> list[dict]:
    return [as_predicted(g, ids[a.key]) for a in articles for g in a.events]


# Control and alias queries answered as the gold says.
RIGHT_ANSWERS = {"control_fn": lambda _aid, q: q.actor, "alias_fn": lambda _aid, q: q.place}


def first_with(articles: list[GoldArticle], has) -> GoldArticle:
    return next(a for a in articles if has(a))


# ── The packaged gold ────────────────────────────────────────────────────────


def test_packaged_gold_has_35_articles_split_into_dev_and_held_out_test(gold):
    assert len(gold) == 35
    assert len(load_gold(packaged_gold_dir(), split="dev")) == 23
    assert len(load_gold(packaged_gold_dir(), split="test")) == 12
    assert sum(len(a.events) for a in gold) == 140
    assert all(a.events and all(e.claims for e in a.events) for a in gold)


def test_every_gold_article_maps_to_the_id_ingest_gives_it(gold, ids):
    assert {a.key for a in gold} == set(ids)
    assert ids[("conflict-wire-digest.jsonl", 2)] != ids[("conflict-wire-digest.jsonl", 3)]
    assert ("frontline-desk-feed.xml", 4) in ids and ("somalia-afgooye-vbied.html", None) in ids


def test_the_corpus_of_a_gold_directory_is_the_corpus_beside_it(tmp_path):
    assert default_corpus(packaged_gold_dir()) == CORPUS
    with pytest.raises(EvalError, match="--corpus"):
        default_corpus(tmp_path)


# ── Malformed gold files are refused, naming the file and the key ───────────

VALID = {
    "article": "a.txt", "item": None, "title": "Attack near Gao", "split": "dev", "published": dt.date(2021, 3, 2),
    "events": [{
        "id": "e1", "date": {"start": dt.date(2021, 3, 1), "end": dt.date(2021, 3, 1)}, "precision": "day",
        "types": ["Battles / Armed clash"], "actor1": ["JNIM"], "actor2": ["Military Forces of Mali"],
        "place": {"name": "Gao", "country_code": "ML", "lat": 16.27, "lon": -0.04, "radius_km": 10},
        "claims": [{"claimant": "the army", "kind": "official", "verb": "said",
                    "killed": {"low": 5, "high": 5}, "wounded": None, "captured": None}],
    }],
    "control": [], "aliases": [], "not_events": [],
}


def write_gold(directory: Path, data: dict, name: str = "a.yaml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def spoiled(change) -> dict:
    data = copy.deepcopy(VALID)
    change(data)
    return data


@pytest.mark.parametrize(
    "change, key",
    [
        (lambda d: d.pop("split"), "split: missing"),
        (lambda d: d.update(split="train"), "split: 'train' is not one of dev, test"),
        (lambda d: d.update(uncodded=["x"]), "uncodded: unknown key"),
        (lambda d: d["events"][0].update(types=["Battles / Skirmish"]), "events[0].types[0]"),
        (lambda d: d["events"][0].update(types=[]), "events[0].types"),
        (lambda d: d["events"][0]["place"].update(radius_km=-1), "events[0].place.radius_km"),
        (lambda d: d["events"][0]["place"].pop("lat"), "events[0].place.lat: missing"),
        (lambda d: d["events"][0]["date"].update(start="March"), "events[0].date.start"),
        (lambda d: d["events"][0].update(claims=[]), "events[0].claims"),
        (lambda d: d["events"][0]["claims"][0].update(kind="blogger"), "events[0].claims[0].kind"),
        (lambda d: d["events"][0]["claims"][0].update(killed={"low": 9, "high": 2}), "events[0].claims[0].killed"),
        (lambda d: d["events"][0]["claims"][0].update(killed={"low": 9}), "events[0].claims[0].killed.high"),
        (lambda d: d.update(item=0), "item"),
        (lambda d: d["events"].append(copy.deepcopy(d["events"][0])), "events[1].id"),
        (lambda d: d.update(control=[{"place": "Gao", "country_code": "ML", "actor": "JNIM"}]), "control[0].at"),
    ],
)
def test_a_malformed_gold_file_is_refused_with_its_name_and_key(tmp_path, change, key):
    path = write_gold(tmp_path / "gold", spoiled(change), "mali-gao.yaml")
    with pytest.raises(GoldError) as exc:
        load_gold(tmp_path / "gold")
    assert str(path) in str(exc.value)
    assert key in str(exc.value)


def test_a_gold_file_that_is_not_yaml_is_refused_with_its_name(tmp_path):
    (tmp_path / "broken.yaml").write_text("article: [unclosed\n")
    with pytest.raises(GoldError, match="broken.yaml: not valid YAML"):
        load_gold(tmp_path)


def test_two_gold_files_for_one_article_are_refused(tmp_path):
    write_gold(tmp_path, VALID, "a.yaml")
    write_gold(tmp_path, VALID, "b.yaml")
    with pytest.raises(GoldError, match="already annotated in a.yaml"):
        load_gold(tmp_path)


def test_a_valid_gold_file_reads_into_dataclasses(tmp_path):
    write_gold(tmp_path, VALID)
    (article,) = load_gold(tmp_path)
    event = article.events[0]
    assert (article.key, article.split) == (("a.txt", None), "dev")
    assert event.types == [("Battles", "Armed clash")]
    assert event.claims[0].killed == Range(5, 5) and event.claims[0].wounded is None


# ── Scoring ──────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("split", SPLITS)
def test_perfect_predictions_score_one_on_every_metric(gold, ids, split):
    articles = [a for a in gold if a.split == split]
    report = score(perfect(articles, ids), articles, ids, **RIGHT_ANSWERS)
    assert report.split == split
    assert (report.tp, report.fp, report.fn) == (sum(len(a.events) for a in articles), 0, 0)
    assert report.metrics() == {m: 1.0 for m in METRICS}
    assert all(report.fields[f].total > 0 for f in FIELDS)


def test_dropping_an_event_lowers_recall_only(gold, ids):
    articles = [a for a in gold if a.split == "dev"]
    predicted = perfect(articles, ids)
    report = score(predicted[1:], articles, ids)
    n = len(predicted)
    assert (report.tp, report.fp, report.fn) == (n - 1, 0, 1)
    assert report.metrics()["event_recall"] == pytest.approx((n - 1) / n)
    assert report.metrics()["event_precision"] == 1.0
    assert any(e.startswith("missed ") for a in report.articles for e in a.errors)


def spurious(article_id: str, quote: str) -> dict:
    """An event far from anything in the gold, whose one claim quotes `quote`."""
    return {"event_id": "spurious", "date_start": "1990-01-01", "date_end": "1990-01-01", "event_type": "Battles",
            "sub_event_type": "Armed clash", "location": {"name": "Null Island", "lat": 0.0, "lon": 0.0},
            "claims": [{"source": "the outlet", "source_kind": "independent_media", "article_id": article_id,
                        "quote": quote}]}


def test_an_event_from_a_not_events_quote_is_a_false_positive_and_a_not_event_hit(gold, ids):
    article = first_with(gold, lambda a: any("..." in q for q in a.not_events))
    quote = next(q for q in article.not_events if "..." in q)
    predicted = perfect([article], ids) + [spurious(ids[article.key], f"Officials say {quote.replace('...', 'and')}.")]
    report = score(predicted, [article], ids)
    assert (report.fp, report.as_dict()["events"]["not_event_hits"]) == (1, 1)
    assert report.metrics()["event_precision"] < 1.0
    assert any("from a not_events quote" in e for e in report.articles[0].errors)


def test_an_event_matching_an_uncoded_quote_is_neither_credited_nor_penalised(gold, ids):
    article = first_with(gold, lambda a: a.uncoded)
    predicted = perfect([article], ids) + [spurious(ids[article.key], article.uncoded[0])]
    report = score(predicted, [article], ids)
    assert (report.tp, report.fp, report.fn, report.ignored) == (len(article.events), 0, 0, 1)
    assert report.metrics()["event_f1"] == 1.0


def test_a_wrong_type_lowers_type_accuracy_but_still_matches(gold, ids):
    articles = [a for a in gold if a.split == "dev"]
    predicted = perfect(articles, ids)
    predicted[0].update(event_type="Protests", sub_event_type="Peaceful protest")
    report = score(predicted, articles, ids)
    n = len(predicted)
    assert report.metrics()["event_type"] == pytest.approx((n - 1) / n)
    assert report.metrics()["sub_event_type"] == pytest.approx((n - 1) / n)
    assert report.metrics()["event_f1"] == 1.0


def test_an_actor_named_where_the_text_names_none_is_wrong(gold, ids):
    article, event = next((a, e) for a in gold for e in a.events if not e.actor1)
    predicted = [as_predicted(e, ids[article.key]) for e in article.events]
    predicted[article.events.index(event)]["actor1"] = "Islamic State"
    report = score(predicted, [article], ids)
    assert report.fields["actor1"].correct == report.fields["actor1"].total - 1


def test_an_actor_alias_counts_as_its_canonical_name(gold, ids):
    article, event = next((a, e) for a in gold for e in a.events if "Islamic State" in e.actor1)
    predicted = [as_predicted(e, ids[article.key]) for e in article.events]
    predicted[article.events.index(event)]["actor1"] = "ISIS"
    assert score(predicted, [article], ids).metrics()["actor1"] == 1.0


def test_a_place_outside_the_radius_is_wrong_yet_matches_by_name(gold, ids):
    article = first_with(gold, lambda a: len(a.events) == 1)
    (predicted,) = perfect([article], ids)
    predicted["location"].update(lat=predicted["location"]["lat"] + 3)  # about 330 km north
    report = score([predicted], [article], ids)
    assert (report.tp, report.metrics()["place"]) == (1, 0.0)


def test_a_wrong_or_invented_figure_lowers_figure_accuracy(gold, ids):
    article, event = next((a, e) for a in gold for e in a.events
                          if any(c.killed and c.killed.low for c in e.claims) and any(not c.has_figures for c in e.claims))
    aid = ids[article.key]
    predicted = [as_predicted(e, aid) for e in article.events]
    claims = predicted[article.events.index(event)]["claims"]
    with_figure = next(c for c, g in zip(claims, event.claims, strict=True) if g.killed and g.killed.low)
    without = next(c for c, g in zip(claims, event.claims, strict=True) if not g.has_figures)
    before = score(predicted, [article], ids).fields["figures"]
    with_figure["killed"] = {"low": 10_000, "high": 10_000}
    without["wounded"] = {"low": 3, "high": 3}
    after = score(predicted, [article], ids).fields["figures"]
    assert (after.correct, after.total) == (before.correct - 1, before.total + 1)


@pytest.mark.parametrize(
    "predicted, gold, agree",
    [
        (Range(12, 12), Range(12, None), True),   # "at least 12": 12 is in it
        (Range(12, None), Range(24, None), True),  # "dozens" read two ways still overlap
        (Range(30, 30), Range(31, None), False),  # "more than 30"
        (Range(0, 0), Range(1, None), False),  # "no casualties" is not "a number of"
        (None, None, True),
        (Range(3, 3), None, False),  # a figure the text does not give
        (None, Range(3, 3), False),
    ],
)
def test_figures_agree_when_their_ranges_overlap(predicted, gold, agree):
    assert figures_agree(predicted, gold) is agree


def test_an_undated_gold_event_needs_an_undated_prediction(gold, ids):
    article = first_with(gold, lambda a: a.published is None and len(a.events) == 1)  # nothing dates it
    (predicted,) = perfect([article], ids)
    assert score([predicted], [article], ids).metrics()["date"] == 1.0
    stamped = dict(predicted, date_start="2020-05-01", date_end="2020-05-01")  # a file's time stamp, say
    assert score([stamped], [article], ids).metrics()["date"] == 0.0


def test_an_event_dated_on_or_before_publication_accepts_an_undated_prediction(gold, ids):
    article, event = next((a, e) for a in gold for e in a.events if e.date_start is None and e.date_end is not None)
    predicted = [as_predicted(e, ids[article.key]) for e in article.events]
    predicted[article.events.index(event)].update(date_start=None, date_end=None, event_date=None)
    assert score(predicted, [article], ids).metrics()["date"] == 1.0


@pytest.mark.parametrize(
    "snippet, quote, hits",
    [
        ("the group is eyeing the provincial capital", "Analysts say the group is eyeing the provincial capital.", True),
        ("tens of thousands of people ... still live in camps",
         "Tens of thousands of people displaced by the war still live in camps.", True),
        ("arm", "The army said five were killed.", False),  # whole words only
        ("forecast of attacks", "Five soldiers were killed on Monday.", False),
    ],
)
def test_gold_quotes_are_found_in_claim_quotes_loosely(snippet, quote, hits):
    assert quote_hits(snippet, [quote]) is hits


def test_control_and_alias_answers_are_scored_when_given(gold, ids):
    article = first_with(gold, lambda a: a.control and a.aliases)
    predicted = perfect([article], ids)
    report = score(predicted, [article], ids, control_fn=lambda _aid, q: "Nobody",
                   alias_fn=lambda _aid, q: f"{q.place} Province")  # a feature word is not a different place
    assert report.metrics()["control"] == 0.0 and report.metrics()["aliases"] == 1.0
    unscored = score(predicted, [article], ids).metrics()
    assert unscored["control"] is None and unscored["aliases"] is None


def test_gold_naming_an_article_the_corpus_lacks_is_an_error(tmp_path, ids):
    write_gold(tmp_path, VALID)
    with pytest.raises(EvalError, match="a.txt"):
        score([], load_gold(tmp_path), ids)


# ── Floors ───────────────────────────────────────────────────────────────────


def report_with(split: str | None, **fields: tuple[int, int]) -> Report:
    tallies = {f: Tally(*fields.get(f, (1, 1))) for f in FIELDS}
    return Report(split, [], tallies, {"control": None, "aliases": Tally(1, 1)})


def write_floors(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "floors.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_the_packaged_floors_cover_every_metric_of_both_splits():
    floors = read_floors(default_floors_path())
    assert set(floors) == set(SPLITS)
    assert all(set(f) == set(METRICS) for f in floors.values())


def test_a_metric_under_its_floor_is_reported(tmp_path):
    path = write_floors(tmp_path, {"dev": {"actor1": 0.9, "date": 0.5, "aliases": 1.0}})
    assert check_floors(report_with("dev", actor1=(8, 10), date=(5, 10)), path) == ["actor1 0.80 < floor 0.90"]


def test_an_unscored_metric_fails_only_a_floor_above_zero(tmp_path):
    assert check_floors(report_with("dev"), write_floors(tmp_path, {"dev": {"control": 0.0}})) == []
    assert check_floors(report_with("dev"), write_floors(tmp_path, {"dev": {"control": 0.5}})) == [
        "control not scored < floor 0.50"]


def test_a_split_without_floors_is_an_error(tmp_path):
    path = write_floors(tmp_path, {"dev": {"date": 0.5}})
    with pytest.raises(FloorsError, match="no floors for split 'test'"):
        check_floors(report_with("test"), path)
    with pytest.raises(FloorsError, match="per split"):
        check_floors(report_with(None), path)


@pytest.mark.parametrize(
    "data, key",
    [
        ({"train": {"date": 0.5}}, "train"),
        ({"dev": {"dates": 0.5}}, "dev.dates"),
        ({"dev": {"date": 1.5}}, "dev.date"),
        ({"dev": {"date": "high"}}, "dev.date"),
        ({"dev": [0.5]}, "dev"),
    ],
)
def test_a_malformed_floors_file_is_refused_with_its_name_and_key(tmp_path, data, key):
    path = write_floors(tmp_path, data)
    with pytest.raises(FloorsError) as exc:
        read_floors(path)
    assert str(path) in str(exc.value) and f": {key}" in str(exc.value)


# ── marsad eval ──────────────────────────────────────────────────────────────

ARTICLE = ("Gunmen attack army post near Gao\n\n"
           "GAO, Mali, 2 March 2021 - Gunmen attacked an army post near Gao on Monday, killing five soldiers, "
           "the army said.\n")


@pytest.fixture
def eval_dirs(tmp_path):
    """gold/ beside corpus/, with one article whose only gold event no extractor can find."""
    from marsad.resolve.gazetteer import open_gazetteer

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    data = copy.deepcopy(VALID)
    data["title"] = "Gunmen attack army post near Gao"
    data["events"][0]["place"].update(name="Null Island", lat=0.0, lon=0.0, radius_km=1)
    write_gold(tmp_path / "gold", data)
    gaz = open_gazetteer(tmp_path / "g.sqlite", build=False)
    gaz.import_file(GAZETTEER_DATA / "XX.txt", admin1_codes=GAZETTEER_DATA / "admin1CodesASCII.txt")
    gaz.close()
    return tmp_path


def run_eval(root: Path, *args: str):
    """`marsad eval` on root/gold."""
    from marsad.cli import app

    return CliRunner().invoke(app, ["eval", str(root / "gold"), "--gazetteer", str(root / "g.sqlite"), *args])


def test_eval_scores_with_the_corpus_beside_the_gold_and_exits_0_over_its_floors(eval_dirs):
    floors = write_floors(eval_dirs, {"dev": {"event_recall": 0.0}})
    result = run_eval(eval_dirs, "--floors", str(floors), "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert list(payload) == ["dev"]
    assert payload["dev"]["events"]["gold"] == 1 and payload["dev"]["metrics"]["event_recall"] == 0.0
    assert payload["dev"]["under_floor"] == []


def test_eval_exits_1_naming_the_metrics_under_their_floors(eval_dirs):
    floors = write_floors(eval_dirs, {"dev": {"event_recall": 0.5, "date": 0.0}})
    result = run_eval(eval_dirs, "--floors", str(floors), "--details")
    assert result.exit_code == 1
    assert "event_recall" in result.stdout and "missed e1" in result.stdout
    assert "under its floor: dev: event_recall 0.00 < floor 0.50" in result.stderr
    assert "date" not in result.stderr


def test_eval_exits_2_on_a_malformed_gold_file_naming_it_and_the_key(eval_dirs):
    write_gold(eval_dirs / "gold", spoiled(lambda d: d["events"][0].update(types=["Battles / Skirmish"])))
    result = run_eval(eval_dirs, "--floors", str(write_floors(eval_dirs, {"dev": {}})))
    assert result.exit_code == 2
    assert "a.yaml" in result.stderr and "events[0].types[0]" in result.stderr


def test_eval_exits_2_on_a_malformed_floors_file_before_extracting(eval_dirs):
    result = run_eval(eval_dirs, "--floors", str(write_floors(eval_dirs, {"dev": {"f1": 0.5}})))
    assert result.exit_code == 2 and "dev.f1" in result.stderr


def test_eval_of_a_split_without_gold_articles_exits_2(eval_dirs):
    result = run_eval(eval_dirs, "--split", "test", "--floors", str(write_floors(eval_dirs, {"test": {}})))
    assert result.exit_code == 2 and "no gold articles in split test" in result.stderr


def test_claims_pair_with_the_closest_claimant_then_the_one_with_figures():
    from marsad.evaluate import GoldClaim, _pair_claims
    from marsad.model import Range

    gold = [GoldClaim("police spokesman", "official", "said", killed=Range(8, None))]
    lede = {"source": "police", "source_kind": "official", "killed": {"low": None, "high": None}}
    toll = {"source": "police spokesman", "source_kind": "official", "killed": {"low": 8, "high": None}}
    assert _pair_claims(gold, [lede, toll])[0] is toll
    assert _pair_claims(gold, [toll, lede])[0] is toll
    other = {"source": "police", "source_kind": "official", "killed": {"low": 8, "high": 8}}
    assert _pair_claims([GoldClaim("police", "official", "said", killed=Range(8, 8))], [toll, other])[0] is other
