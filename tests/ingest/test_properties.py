"""Properties of the readers over generated inputs (hypothesis): every input is read or refused
by name, never crashed on; what is good in a batch comes out whatever is bad beside it; reading
the same bytes twice gives the same articles; metadata that is valid arrives intact.

    MARSAD_HYPOTHESIS_EXAMPLES=100000 pytest tests/ingest/test_properties.py   # a long run
"""

from __future__ import annotations

import datetime as dt
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.ingest import Draft, IngestOptions, UnreadableInput, finish, read_articles, read_data
from marsad.ingest.clean import article_id
from marsad.ingest.inputs import decode

EXAMPLES = int(os.environ.get("MARSAD_HYPOTHESIS_EXAMPLES", "100"))
OPTIONS = IngestOptions(max_input_bytes=100_000)
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

REPORT = "Gunmen attacked a checkpoint near Gao on Monday, killing five soldiers, the army said."
words = st.sampled_from(["Gunmen", "attacked", "Gao", "killing", "five", "soldiers", ",", ".", "\n", "\n\n", "said",
                         "Related Articles", "Tags:", "Share", "é", "ال", "--", "---", "#", "*", "<p>", "&amp;", "{", "\""])
prose = st.one_of(st.text(max_size=300), st.lists(words, max_size=60).map(" ".join))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
                    st.dates().map(str), st.sampled_from(["2021-14-25", "2021-02-30", "yesterday", "2021-03-14T10:00Z"]))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                                max_size=4), max_leaves=12)


def items(data: bytes, name: str) -> tuple[list, list[UnreadableInput]]:
    """Articles and refusals from one input, checking that no refusal is a crash in disguise."""
    articles, refused = [], []
    for item in read_data(data, name, OPTIONS):
        if isinstance(item, Draft):
            item = finish(item, OPTIONS)
        if isinstance(item, UnreadableInput):
            assert not item.reason.startswith("failed in"), item
            assert str(item).startswith(name), item
            refused.append(item)
        else:
            assert item.text.strip() and item.id == article_id(item.text)
            articles.append(item)
    return articles, refused


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from(["x.txt", "x.md", "x.html", "x.jsonl", "x.xml", "x.json", "x"]))
def test_any_bytes_are_read_or_refused_by_name(data, name):
    first, _ = items(data, name)
    again, _ = items(data, name)
    assert [a.id for a in first] == [a.id for a in again]


@SETTINGS
@given(st.binary(max_size=2000))
def test_decoding_gives_text_or_a_named_refusal(data):
    try:
        text, note = decode(data, "x.txt")
    except UnreadableInput as exc:
        assert str(exc).startswith("x.txt: ")
        return
    assert isinstance(text, str)
    try:
        data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        # Never silent when the bytes were not UTF-8, unless a byte-order mark said what they are.
        assert note or data.startswith((b"\xff\xfe", b"\xfe\xff"))
    else:
        assert note is None and text == data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")


@SETTINGS
@given(st.dictionaries(st.sampled_from(["title", "outlet", "url", "published", "date", "tags", "x"]), json_values,
                       max_size=6), prose)
def test_markdown_front_matter_of_any_values(meta, body):
    front = "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in meta.items()) + "---\n"
    articles, refused = items((front + REPORT + "\n\n" + body).encode("utf-8"), "x.md")
    assert len(articles) + len(refused) == 1
    published = meta.get("published") or meta.get("date")
    if articles and isinstance(published, str) and len(published) == 10:
        try:
            assert articles[0].published == dt.date.fromisoformat(published)
        except ValueError:
            pass


@SETTINGS
@given(st.dates(min_value=dt.date(1900, 1, 1)), st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1,
                                                        max_size=60).filter(str.strip))
def test_valid_front_matter_arrives_intact(published, title):
    front = f"---\npublished: {published.isoformat()}\ntitle: {json.dumps(title)}\noutlet: Wire\n---\n"
    [article], refused = items((front + REPORT).encode("utf-8"), "x.md")
    assert refused == []
    assert (article.published, article.title, article.outlet) == (published, " ".join(title.split()) or None, "Wire")


@SETTINGS
@given(st.lists(st.one_of(json_values.map(json.dumps), st.text(max_size=80)), max_size=8), st.integers(0, 8))
def test_a_json_lines_file_keeps_its_good_records_whatever_the_bad_ones(junk, at):
    good = [json.dumps({"title": f"report {i}", "text": REPORT.replace("five", str(i + 2))}) for i in range(3)]
    lines = junk[:at] + good + junk[at:]
    data = "\n".join(ln.replace("\n", " ") for ln in lines).encode("utf-8")
    articles, refused = items(data, "x.jsonl")
    titles = {a.title for a in articles}
    assert {"report 0", "report 1", "report 2"} <= titles
    for r in refused:
        assert r.origin.startswith("x.jsonl:")  # each bad record refused by its line


html_nodes = st.recursive(
    st.one_of(prose.map(lambda t: t.replace("<", "&lt;")), st.just(REPORT)),
    lambda inner: st.tuples(st.sampled_from(["p", "div", "nav", "footer", "article", "b", "script", "table", "li", "h1"]),
                            st.lists(inner, max_size=4)).map(lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"),
    max_leaves=20)


@SETTINGS
@given(html_nodes, st.booleans())
def test_any_web_page_is_read_or_refused_by_name(body, doctype):
    page = ("<!doctype html>" if doctype else "") + f"<html><head><title>t</title></head><body>{body}</body></html>"
    items(page.encode("utf-8"), "x.html")


# XML 1.0 has no place for control characters other than tab and line ends: a feed holding
# one is not a feed (refused whole, as binary or as not XML), which is not what is tested here.
xml_prose = prose.map(lambda t: "".join(ch for ch in t if ch in "\t\n\r" or (ch >= " " and not "\ud800" <= ch <= "\udfff"
                                                                        and ch not in "\ufffe\uffff")))


@SETTINGS
@given(st.lists(st.tuples(xml_prose, xml_prose, st.sampled_from(["Mon, 14 Jun 2021 08:00:00 +0000", "yesterday",
                                                         "Tue, 99 Jun 2021 08:00:00 +0000", ""])), max_size=5))
def test_any_feed_is_read_item_by_item(entries):
    from xml.sax.saxutils import escape

    body = "".join(f"<item><title>{escape(t)}</title><pubDate>{d}</pubDate><description>{escape(x)}</description></item>"
                   for t, x, d in entries)
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{body}</channel></rss>'
    articles, refused = items(feed.encode("utf-8"), "x.xml")
    assert len(articles) + len(refused) == max(1, len(entries))


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from([".txt", ".md", ".html", ".jsonl", ".xml"]), st.binary(max_size=300)),
                max_size=4))
def test_a_batch_goes_on_past_its_bad_inputs(tmp_path_factory, bad):
    folder = tmp_path_factory.mktemp("batch")
    for i, (suffix, data) in enumerate(bad):
        (folder / f"bad{i}{suffix}").write_bytes(data)
    (folder / "zz-good.txt").write_text(REPORT, encoding="utf-8")
    out = list(read_articles([str(folder)], OPTIONS))
    assert any(not isinstance(a, UnreadableInput) and a.origin.endswith("zz-good.txt") for a in out)
    assert all(not (isinstance(a, UnreadableInput) and a.reason.startswith("failed in")) for a in out)
