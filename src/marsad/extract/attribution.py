"""Who says so: the claimant and the attribution verb of each part of a sentence.

    found = find_attributions(text, sentence, sources, actors)   # -> [Attribution, ...]

An attribution is a reporting verb ("said", "claimed", "put the toll at", "according
to", ...) with the claimant it belongs to:

- after "according to", the source named next;
- a verb followed by its claimant ('..., said a tribal elder', '..., the ministry said')
  takes the source written right after it, or the one right before it at the end of
  the sentence;
- otherwise the first source of the clause before the verb, skipping sources inside a
  prepositional phrase ("in a statement carried by SANA", "on its Amaq channel");
  with none, a named actor right before the verb ("Islamic State claimed");
- a pronoun or "the agency", "the ministry" before the verb is the previous claimant.

The five verbs of DESIGN §3: claimed, reported, announced, denied, said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.annotate.actors import ActorMention
from marsad.annotate.sources import SourceIndex, SourceMention
from marsad.extract.sentences import Span
from marsad.model import Source

RULE = "attribution.v1"

VERBS: dict[str, list[str]] = {
    "claimed": ["claimed", "claims", "claim", "claiming", "claimed responsibility"],
    "denied": ["denied", "denies", "deny", "denying", "dismissed", "rejected", "refuted"],
    "announced": ["announced", "announces", "announcing"],
    "reported": ["reported", "reports", "reporting", "documented", "recorded", "counted", "put the toll at",
                 "puts the toll at", "put the death toll at", "puts the death toll at", "gave a toll of",
                 "gave a lower toll", "gave a higher toll", "gave a different toll", "according to", "citing"],
    "said": ["said", "says", "say", "saying", "told", "tells", "stated", "states", "added", "adds", "confirmed",
             "confirms", "quoted", "cited", "wrote", "posted", "tweeted", "acknowledged", "admitted", "insisted"],
}
_PHRASES = {phrase: canon for canon, phrases in VERBS.items() for phrase in phrases}
VERB_RE = re.compile(
    r"\b(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(_PHRASES, key=len, reverse=True))
    + r")\b",
    re.I,
)
HEDGES = re.compile(
    r"\b(?:allegedly|purportedly|reportedly|claimed|claims|unconfirmed|unverified|could not be (?:independently )?"
    r"(?:verified|confirmed)|said to have|supposedly)\b",
    re.I,
)
_PREPOSITION_BEFORE = re.compile(r"\b(?:by|on|via|from|to|of|in|with|at|its|their|his|her)\s+(?:the\s+|a\s+|an\s+)?\S*\s*$", re.I)
_PRONOUN_BEFORE = re.compile(
    r"\b(?:it|he|she|they|the (?:agency|ministry|group|statement|monitor|observatory|spokesman|spokeswoman|"
    r"spokesperson|official|army|military|police|governor|channel|outlet|organisation|organization))\s*(?:also\s+)?$",
    re.I,
)
_CLAUSE_BREAK = re.compile(r'[;:“”"]|\band that\b|\bwhile\b|\bwhereas\b|\bbut\b', re.I)
_NOBODY = re.compile(r"\b(?:no (?:group|one|organi[sz]ation|side|party|faction)|nobody|none)\s+(?:\w+\s+)?$", re.I)
_OWN_MEDIUM = re.compile(r"\b(?:by|via|through|on|in|from)\s+(?:its|their|the group's|the militants')\s+$", re.I)
_TAIL_CLAIMANT = re.compile(r',\s*((?:the|a|an)\s+[^,;:"“”]{2,60}?|[A-Z][^,;:"“”]{1,60}?)\s*$')
_OFFICIAL_KINDS = {"state_forces", "external_forces"}


@dataclass
class Attribution:
    start: int  # the reporting verb
    end: int
    verb: str  # one of claimed | reported | announced | denied | said
    source: Source
    span: tuple[int, int] | None  # where the claimant is written; None when carried over
    rule: str


def _actor_as_source(a: ActorMention) -> Source:
    kind = "official" if a.kind in _OFFICIAL_KINDS or (a.kind or "").startswith("government") else "partisan_media"
    return Source(name=a.actor or a.text, kind=kind, affiliation=a.actor)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def find_attributions(
    text: str,
    sentence: Span,
    sources: list[SourceMention],
    actors: list[ActorMention],
    previous: Attribution | None = None,
    index: SourceIndex | None = None,
) -> list[Attribution]:
    """The attributions of one sentence, in order; `previous` is the last claimant before it."""
    out: list[Attribution] = []
    quoted = [(m.start(), m.end()) for m in re.finditer(r'[“"][^”"]*[”"]', text[sentence.start:sentence.end])]
    quoted = [(s + sentence.start, e + sentence.start) for s, e in quoted]
    for m in VERB_RE.finditer(text, sentence.start, sentence.end):
        v0, v1 = m.start(), m.end()
        if _inside(quoted, v0, v1):
            continue  # a verb inside a quotation is the speaker's, not an attribution of this sentence
        if m.group()[0].isupper() and text[sentence.start:v0].strip(' "“‘\'('):
            continue  # a capital inside a sentence is a name: "the United States", "Reports Desk"
        if _NOBODY.search(text, sentence.start, v0):
            continue  # "No group claimed responsibility": nobody claims anything
        verb = _PHRASES[" ".join(m.group().lower().split())]
        found = _claimant(text, sentence, v0, v1, m.group().lower(), sources, actors, previous, index)
        if found is None:
            continue
        source, span, rule = found
        att = Attribution(v0, v1, verb, source, span, f"{RULE}:{rule}")
        out.append(att)
        previous = att
    return out


def _claimant(text, sentence, v0, v1, verb_text, sources, actors, previous, index):
    in_sentence = [s for s in sources if sentence.start <= s.start and s.end <= sentence.end]
    after = [s for s in in_sentence if s.start >= v1 and s.start - v1 <= 40 and not text[v1:s.start].strip(" ,").count(",")]
    if verb_text.startswith("according") or verb_text == "citing":
        if after:
            return after[0].source, (after[0].start, after[0].end), "according_to"
        named = [a for a in actors if v1 <= a.start <= v1 + 40 and a.actor and not a.descriptive]
        if named:
            return _actor_as_source(named[0]), (named[0].start, named[0].end), "according_to_actor"
        return None
    before_text = text[sentence.start:v0]
    # Post-posed: '..., said a tribal elder' / '"...," the ministry said.'
    if (re.search(r'[,“”"]\s*$', before_text) and after and len(text[v1:after[0].start].split()) <= 2
            and re.match(r'\s*(?:[,.;:”"]|$|in\b|on\b|who\b|told\b)', text[after[0].end:sentence.end])):
        return after[0].source, (after[0].start, after[0].end), "after_verb"
    # '..., police said.': the verb ends the sentence and its claimant stands right before it.
    if re.match(r'\s*[.!?"”]*\s*$', text[v1:sentence.end]):
        last = [s for s in in_sentence if s.end <= v0 and len(text[s.end:v0].split()) <= 1]
        if last:
            return last[-1].source, (last[-1].start, last[-1].end), "sentence_end"
        # '..., the local authority said.': a claimant no data file names, kept as written.
        tail = _TAIL_CLAIMANT.search(before_text)
        if tail and index is not None and len(tail.group(1).split()) <= 6:
            start = sentence.start + tail.start(1)
            end = sentence.start + tail.end(1)
            return index.mention(text, start, end).source, (start, end), "sentence_end_phrase"
    clause_start = sentence.start
    for b in _CLAUSE_BREAK.finditer(text, sentence.start, v0):
        clause_start = b.end()
    candidates = [
        s for s in in_sentence
        if clause_start <= s.start and s.end <= v0 and not _PREPOSITION_BEFORE.search(text[max(clause_start, s.start - 30):s.start])
        # "the government's Saba news agency said": the agency speaks, not its owner
        and not (re.match(r"['’]s?\s", text[s.end:s.end + 3]) and any(o.start > s.end and o.end <= v0 for o in in_sentence))
    ]
    if candidates:
        return candidates[0].source, (candidates[0].start, candidates[0].end), "subject"
    # "Islamic State, in a claim published by its Amaq news agency, said": the group speaks through its agency.
    own = [s for s in in_sentence if clause_start <= s.start and s.end <= v0
           and _OWN_MEDIUM.search(text[max(clause_start, s.start - 40):s.start])]
    if own:
        return own[0].source, (own[0].start, own[0].end), "own_medium"
    near = [a for a in actors if clause_start <= a.start and a.end <= v0 and len(text[a.end:v0].split()) <= 2]
    named = [a for a in near if a.actor and a.actor != "Civilians"]
    if named:
        return _actor_as_source(named[-1]), (named[-1].start, named[-1].end), "actor_subject"
    if previous is not None and _PRONOUN_BEFORE.search(text[clause_start:v0]):
        return previous.source, None, "previous_claimant"
    return _subject_phrase(text, clause_start, v0, actors, index)


_LEADING_ADVERBIAL = re.compile(r"^\s*(?:on|in|at|after|before|during|since|late|early|last|earlier|later|"
                                r"meanwhile|however|separately|also|but|and|then|yesterday|today)\b", re.I)


def _subject_phrase(text, clause_start, v0, actors, index):
    """The clause's subject when no known claimant heads it: "The Cabo Delgado Conflict
    Observatory, a research group ..., said" -> that name, with a kind guessed from its words."""
    offset = clause_start
    for segment in text[clause_start:v0].split(","):
        seg_start = offset
        offset += len(segment) + 1
        words = segment.split()
        if not words or _LEADING_ADVERBIAL.match(segment):
            continue
        if len(words) > 8 or not any(w[:1].isupper() for w in words):
            return None
        start = seg_start + len(segment) - len(segment.lstrip())
        end = seg_start + len(segment.rstrip())
        named = [a for a in actors if start <= a.start < end and a.actor and a.actor != "Civilians"]
        if named:
            return _actor_as_source(named[0]), (named[0].start, named[0].end), "subject_actor"
        if index is None:
            return None
        mention = index.mention(text, start, end)
        return mention.source, (start, end), "subject_phrase"
    return None
