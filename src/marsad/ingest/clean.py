"""Cleaning: boilerplate removal from plain text, Unicode normalisation, article ids.

Reports reach us with the page around them: "Related Articles" lists of other
headlines, tags, comment counts, donation appeals, share prompts, section labels,
bylines, photo captions. None of it is the story, and related headlines in
particular describe *other* attacks, so they must never reach extraction.

`clean_text` works line by line. Every rule is a named, compiled pattern so an
analyst can see why a line went (`explain_clean` lists the dropped lines with the
rule that dropped each). All offsets used later are into the cleaned text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

# Headers that open a list of other stories. Everything after one, up to the next
# line that reads as article prose, is dropped.
RELATED_HEADER = re.compile(
    r"^\W*(related( articles?| stories| news| content| coverage| posts| reading)?|read (more|also|next)"
    r"( on this)?|see also|more (from|on|stories|news|in)\b.*|also (read|on|in)\b.*|you (may|might) also like"
    r"|recommended( for you| stories| articles)?|most (read|popular|viewed|shared)|trending( now)?"
    r"|latest (news|stories|articles)|top stories|further reading|what to read next|in other news"
    r"|editor'?s picks?|popular (stories|posts|articles))\W*$",
    re.IGNORECASE,
)
# One-line pointers to other stories: "Related: Five killed in Kabul blast".
RELATED_LINE = re.compile(
    r"^\W*(related|read (more|also|next)|see also|also read|recommended|more)\s*[:|>»\-–—]\s*\S",
    re.IGNORECASE,
)

# Words that may follow the name on a byline: "By Jane Doe, Euphrates Monitor staff".
_BYLINE_WORDS = (
    "in|for|of|the|and|at|staff|writer|writers|correspondent|correspondents|reporter|reporters|editor|contributor"
    "|contributing|senior|special|chief|bureau|desk|news|reporting|additional"
)

# Single lines that are page furniture, each with its reason.
BOILERPLATE = {
    "tags": re.compile(r"^\W*(tags?|tagged( with| as)?|topics?|keywords?|filed under|categor(y|ies))\s*[:|]", re.I),
    "comments": re.compile(
        r"^\W*(\d+\s+comments?|comments?\s*\(?\d*\)?|leave a (comment|reply)|add (a )?comment|post a comment"
        r"|comments are closed|show comments|view comments|join the (discussion|conversation)|\d+\s+responses?)\W*$",
        re.I,
    ),
    "donation": re.compile(
        r"^\W*(support (our|independent|this) (journalism|reporting|work)|donate( now| today)?\b|make a donation"
        r"|become a (member|supporter|patron)|subscribe( now| today| to our newsletter)?\b|sign up (for|to) (our|the)"
        r"|help us (keep|continue)|we rely on (readers|your support)|if you (value|appreciate|liked) (this|our))",
        re.I,
    ),
    # One or several prompts on a line: "Share this article   Follow us on Twitter   Print".
    "share": re.compile(
        r"^(\W*(share( this( article| story| post)?)?( on (facebook|twitter|x|whatsapp|telegram|linkedin|email))?"
        r"|click to (share|print|email)|follow us( on (facebook|twitter|x|telegram|instagram|youtube))?"
        r"|like us on facebook|tweet( this)?|email( this)?|print( this)?( article)?|copy link|whatsapp|facebook"
        r"|twitter|telegram|linkedin|reddit|pinterest|instagram|youtube)\W*)+$",
        re.I,
    ),
    "follow": re.compile(r"^\W*(follow|join) (us|our channel|the author)\b.{0,60}$", re.I),
    "copyright": re.compile(r"^\W*(©|\(c\)\s|copyright\b|all rights reserved)", re.I),
    "caption": re.compile(
        r"^\W*(photo|image|picture|file photo|caption|credit|photograph|video|watch|getty images|illustration)"
        r"\s*(credit)?\s*[:|/–—-]",
        re.I,
    ),
    "caption_credit": re.compile(
        r"\((photo|image|credit)?[:\s]*(afp|reuters|ap|getty( images)?|epa|anadolu|file|social media|handout"
        r"|supplied|courtesy[^)]*)\)\s*$",
        re.I,
    ),
    # "By Jane Doe, Staff Writer", "By Jane Doe and Ali Omar in Mogadishu"; not "By Sunday, troops had ..."
    "byline": re.compile(
        r"^\W*[Bb][Yy]\s+[A-Z][\w.'’-]+(\s+(?:[A-Z][\w.'’-]+|de|al|el|bin|van|von|and|in|&))*"
        r"(\s*[,|–—-]\s*(?:[A-Z][\w.'’&-]*|" + _BYLINE_WORDS + r")(\s+(?:[A-Z][\w.'’&-]*|" + _BYLINE_WORDS + r"))*)?"
        r"(\s+in\s+the\s+[A-Z][\w'’-]*(\s+[\w'’-]+){0,2})?\s*$"
    ),
    # "Sahel Dispatch — by Aisha Mustapha in Maiduguri"
    "outlet_byline": re.compile(
        r"^[A-Z][\w'’&.]*(\s+[A-Z][\w'’&.]*){0,4}\s*[|—–-]\s*[Bb]y\s+[A-Z][\w.'’-]+"
        r"(\s+(?:[A-Z][\w.'’-]+|de|al|el|bin|van|von|and|in|&))*\s*$"
    ),
    # "Khabour Voice newsroom", "Reuters staff", "Our correspondent in Gao"
    "staff_line": re.compile(
        r"^\W*([A-Z][\w'’&.-]*\s+){0,4}(newsroom|staff|desk|bureau|correspondents?|reporters?|editorial (team|board)"
        r"|news desk|staff writers?)(\s+in\s+[A-Z][\w'’-]*(\s+[A-Z][\w'’-]*)?)?\W*$",
        re.I,
    ),
    # "---", "* * *", "•••": separators with no words.
    "rule_line": re.compile(r"^[\W_]+$"),
    "updated": re.compile(r"^\W*(last )?(updated|published|posted|modified)( on| at)?\s*[:\s]\s*\S.{0,50}$", re.I),
    "reading_time": re.compile(r"^\W*\d+\s*(min(ute)?s?|mins?)\s*(read|reading)\W*$", re.I),
    "advertisement": re.compile(r"^\W*(advertisement|sponsored( content)?|ad)\W*$", re.I),
    "navigation": re.compile(r"^\W*(home|menu|search|skip to (main )?content|back to top|next article|previous article"
                             r"|log ?in|sign ?in|sign ?up|newsletter|close)\W*$", re.I),
}
# "World | Middle East", "Home > World > Africa", "Great Lakes Wire — Beni, North Kivu",
# "Tigris Courier — Kirkuk bureau": short capitalised parts joined by separators.
_SECTION_SEP = re.compile(r"\s*[|>»/•·›—–]\s*|\s+-\s+")
_SECTION_SMALL = {"and", "of", "the", "in", "&", "bureau", "desk", "newsroom", "staff", "news", "de", "al", "el"}


def _is_section_label(line: str) -> bool:
    parts = [p for p in _SECTION_SEP.split(line.strip()) if p]
    if len(parts) < 2 or len(line) > 80:
        return False
    for part in parts:
        words = part.replace(",", " ").split()
        if not words or len(words) > 4:
            return False
        if not all(w[:1].isupper() or w.lower() in _SECTION_SMALL for w in words):
            return False
    return True


# A line that reads as article prose: long enough and ending as sentences end.
PROSE = re.compile(r"^.{60,}[.!?\"'”’)]\s*$")


@dataclass(frozen=True)
class Dropped:
    line: str
    rule: str


_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\t[ \t]*| [ \t]+")  # only runs that change: a single space stays as it is


def normalise_unicode(text: str) -> str:
    """NFC, unified newlines and spaces, no control or zero-width characters."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        text = text.replace("\u00a0", " ").replace("\u2028", "\n").replace("\u2029", "\n\n")
        if _ZERO_WIDTH.search(text):
            text = _ZERO_WIDTH.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return _SPACES.sub(" ", text) if ("  " in text or "\t" in text) else text


def _looks_like_headline(line: str) -> bool:
    """Short, no sentence end: how a listed headline of another story looks."""
    return len(line) <= 160 and not PROSE.match(line)


def _combined(patterns: dict[str, re.Pattern]) -> re.Pattern:
    """All furniture rules as one alternation with a named group each (one pass per line)."""
    parts = []
    for name, p in patterns.items():
        flags = "i" if p.flags & re.I else "-i"
        body = p.pattern if name != "caption_credit" else r".*?" + p.pattern  # a search, made a match
        parts.append(f"(?P<{name}>(?{flags}:{body}))" if flags == "i" else f"(?P<{name}>{body})")
    return re.compile("|".join(parts))


FURNITURE = _combined(BOILERPLATE)


def _rule_for(line: str) -> str | None:
    if RELATED_LINE.match(line):
        return "related_line"
    m = FURNITURE.match(line)
    if m:
        return m.lastgroup if m.lastgroup in BOILERPLATE else next(k for k, v in m.groupdict().items() if v is not None)
    if _is_section_label(line):
        return "section_label"
    return None


def explain_clean(text: str, normalised: bool = False) -> tuple[str, list[Dropped]]:
    """The cleaned text and the lines dropped from it, each with the rule that dropped it."""
    lines = (text if normalised else normalise_unicode(text)).split("\n")
    kept: list[str] = []
    dropped: list[Dropped] = []
    in_related = False
    for line in lines:
        line = line.strip()
        if not line:
            kept.append("")
            continue
        if len(line) > 200:  # furniture is short; a long line is prose, and ends a related list
            in_related = False
            kept.append(line)
            continue
        if RELATED_HEADER.match(line):
            in_related = True
            dropped.append(Dropped(line, "related_header"))
            continue
        rule = _rule_for(line)
        if rule:
            dropped.append(Dropped(line, rule))
            continue
        if in_related:
            if _looks_like_headline(line):
                dropped.append(Dropped(line, "related_headline"))
                continue
            in_related = False
        kept.append(line)
    cleaned = "\n".join(kept)
    if "\n\n\n" in cleaned:
        cleaned = re.sub(r"\n{3,}", "\n\n", cleaned)
    return cleaned.strip(), dropped


def clean_text(text: str) -> str:
    """Article text without page furniture: paragraphs separated by blank lines."""
    return explain_clean(text)[0]


MARKDOWN_RULES = (
    # Bounded lengths keep a text full of "[" that never closes linear (each would scan to its end).
    (re.compile(r"!\[[^\]]{0,1000}\]\([^)]{0,2000}\)"), ""),  # images
    (re.compile(r"\[([^\]]{1,1000})\]\([^)]{0,2000}\)"), r"\1"),  # links keep their text
    (re.compile(r"^\s{0,3}#{1,6}\s+", re.M), ""),  # headings
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),  # block quotes
    (re.compile(r"^\s*([-*+]|\d+\.)\s+", re.M), ""),  # list markers
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])[*_]([^*_\n]+)[*_](?![\w*])"), r"\1"),  # italics
    (re.compile(r"^\s*([-*_]\s*){3,}$", re.M), ""),  # rules
    (re.compile(r"`([^`]*)`"), r"\1"),
)


def strip_markdown(text: str) -> str:
    """Markdown to plain text, keeping the words of links and emphasis."""
    for pattern, repl in MARKDOWN_RULES:
        text = pattern.sub(repl, text)
    return text


# Punctuation that varies between copies of one story (quotes, dashes, marks): spaces for the id.
_ID_PUNCT = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»‘’‚‛“”„‟‐‑‒–—―…·•"})


def article_id(text: str) -> str:
    """The id of an article: a hash of its text, case, spacing and punctuation aside.

    The same story from a .txt and from its web page gets the same id, so that
    re-ingesting it in another format adds nothing.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    norm = " ".join(text.casefold().translate(_ID_PUNCT).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:24]


_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ENGLISH = frozenset("the and of in to was were said that with".split())
_FRENCH = frozenset("le la les des et dans une selon qui été".split())


def guess_language(text: str) -> str | None:
    """"en", "fr" or "ar" where the text plainly is that language, else None."""
    sample = text[:1500]
    if not sample:
        return None
    if not sample.isascii() and len(_ARABIC.findall(sample)) > len(sample) * 0.3:
        return "ar"
    words = sample.lower().split()
    en = sum(map(_ENGLISH.__contains__, words))
    fr = sum(map(_FRENCH.__contains__, words))
    n = max(1, len(words))
    if en > fr and en / n > 0.05:
        return "en"
    if fr > en and fr / n > 0.05:
        return "fr"
    return None
