"""Quantities: how many people (or things) a phrase counts, as a range, and what happened to them.

    >>> [(q.as_written, q.low, q.high, q.noun, q.category) for q in find_quantities(
    ...     "A monitoring group put the toll at no fewer than 19.")]
    [('no fewer than 19', 19, None, None, 'killed')]

A `Quantity` is the phrase as written ("no fewer than 19 soldiers"), the range it
asserts {low, high}, the noun it counts, and the casualty category the context gives
it (killed, wounded, captured, or None).

Conventions for {low, high} (the words of the bounds and the vague words, with their
figures, are data: src/marsad/data/vague_quantities.yaml):

- "40", "seven", "twenty-one", "a hundred", "1,200", "a dozen", "two dozen"  -> N..N
- "at least 12", "no fewer than 19", "30 or more", "30+"                  -> N..null
- "more than 30", "over 30"                                                -> N+1..null (strict)
- "up to 80", "as many as 80", "no more than 80"                            -> null..N (low unknown)
- "nearly 40", "almost 40", "fewer than 40", "under 40"                     -> null..N-1 (strict)
- "around 40", "about 40", "some 40", "an estimated 40", "40 or so"         -> N..N, approximate=True
- "between 10 and 15", "10 to 15", "10-15", "two or three"                  -> 10..15
- "the toll rose from 10 to 15"                                             -> 15..15 (the new figure only)
- vague words ("a number of" 1, "several" 3, "dozens" 24, "scores" 40, "hundreds" 200 ...)
                                                                            -> low..null, vague=True;
  never a high bound. A bound word before a vague word or a range keeps only "approximate".
- "a soldier", "an elderly woman" (an article and one person)               -> 1..1, only when the
  context makes it a casualty ("a soldier was killed"), else it is not reported
- "a colonel and two of his guards", "a woman and her two sons"             -> 3..3 (one phrase, summed);
  "an elder and his son" -> 2..2. Separate people ("a teacher and four pupils") stay separate.

What is not a quantity: years ("in 2014", "the 2019 attack"), dates ("3 March", "March 3"),
times ("3 pm", "3:30", "0600 local time"), distances, weights, money, percentages, durations
("three days", "10 years"), ages ("a 45-year-old", "aged 12", "Ahmed, 45,"), ordinals and
labels ("5th", "Brigade 93", "Resolution 2254", "Highway 4", "Su-24", "M23"), hyphenated
compounds ("a 30-day ceasefire"), "one of the deadliest", "one day", "no one"; and a number
that counts nothing visible unless the context makes it a casualty ("killed 12", "the toll
rose to 12") or a force size ("numbering about 300").

Categories: "killed" (killed, dead, died, bodies, martyrs, death toll, executed, shot dead,
lost, neutralised ...), "wounded" (wounded, injured, hurt), "captured" (captured, abducted,
kidnapped, seized, taken prisoner/hostage, hostages). Arrested, detained, missing, and
"killed or wounded"/"casualties" give no category, nor do freed/released/rescued hostages
(the event is the release). Only counts of people get a category; "captured two villages"
is a quantity of villages with none. Where the category comes from, in order: a passive
predicate after the phrase ("40 soldiers were killed", "19 dead", "40 soldiers and members
of allied militias were killed"), a noun that is itself a casualty ("14 bodies"), the
nearest active verb or casualty noun before it in the clause ("killing seven", "the death
toll rose to 12") unless another verb intervenes or the phrase is the subject of its own
verb ("..., and thousands fled"; "..., a spokesman said"), then a noun that implies capture
("12 hostages"). Coordinated phrases share a predicate ("12 soldiers and three civilians
were killed"); "including"/"among them" shares the total's ("eight were killed, including
three of the attackers"). "one elder said", "a police officer said" are sources, not counts.

Nouns are lower-cased as written, except that police words become "police" and "persons"
"people"; a summed phrase counts "people".
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from marsad.annotate.spans import SENTENCE_REACH, Taken
from marsad.model import Mention

RULE = "quantities.v1"
DEFAULT_CONVENTIONS = Path(__file__).resolve().parent.parent / "data" / "vague_quantities.yaml"
BOUND_KINDS = ("at_least", "more_than", "up_to", "less_than", "approximately")


class BadConventions(ValueError):
    """The quantity conventions file is malformed; the message names the entry."""


@dataclass
class Quantity:
    """A quantity phrase in a text, the range it asserts and what it counts."""

    start: int
    end: int
    text: str  # the whole phrase as written: "no fewer than 19 soldiers"
    low: int | None
    high: int | None
    as_written: str  # the quantity words: "no fewer than 19", "dozens"
    noun: str | None  # what is counted, lower case: "soldiers", "people", "police"
    category: str | None  # "killed" | "wounded" | "captured" | None
    vague: bool
    rule: str  # e.g. "quantities.v1:at_least"
    approximate: bool = False  # "around 40", "some 40": the figure as claimed, hedged

    def to_mention(self) -> Mention:
        return Mention(
            start=self.start, end=self.end, text=self.text, kind="quantity",
            resolved={"low": self.low, "high": self.high, "noun": self.noun, "category": self.category,
                      "vague": self.vague, "approximate": self.approximate, "as_written": self.as_written},
            evidence=self.rule,
        )


@dataclass(frozen=True)
class VagueWord:
    phrase: str
    low: int
    high: int | None = None
    needs_person: bool = False
    comment: str = ""


@dataclass
class Conventions:
    """Vague words and bound words, and the scanner built from them (see load_conventions)."""

    vague: dict[str, VagueWord]
    before: dict[str, str]  # "at least" -> "at_least"
    after: dict[str, str]  # "or more" -> "at_least"
    pattern: re.Pattern = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.pattern = _build_pattern(self)


# -- loading the conventions ---------------------------------------------------------------


def load_conventions(path: str | Path | None = None) -> Conventions:
    """The conventions in `path` (default: the packaged vague_quantities.yaml), loaded once."""
    return _load_conventions(str(path or DEFAULT_CONVENTIONS))


@functools.cache
def _load_conventions(path: str) -> Conventions:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BadConventions(f"{path}: cannot read quantity conventions ({exc})") from exc
    vague: dict[str, VagueWord] = {}
    for phrase, entry in (data.get("vague") or {}).items():
        if not isinstance(entry, dict) or not isinstance(entry.get("low"), int):
            raise BadConventions(f"{path}: vague word {phrase!r} needs an integer 'low'")
        high = entry.get("high")
        if high is not None and (not isinstance(high, int) or high < entry["low"]):
            raise BadConventions(f"{path}: vague word {phrase!r}: 'high' must be null or an integer >= low")
        key = " ".join(str(phrase).lower().split())
        vague[key] = VagueWord(key, entry["low"], high, bool(entry.get("needs_person")), entry.get("comment", ""))
    bounds = {}
    for side in ("before", "after"):
        bounds[side] = {}
        for kind, phrases in (data.get(side) or {}).items():
            if kind not in BOUND_KINDS:
                raise BadConventions(f"{path}: {side}: unknown bound {kind!r} (one of {', '.join(BOUND_KINDS)})")
            for phrase in phrases or ():
                bounds[side][" ".join(str(phrase).lower().split())] = kind
    return Conventions(vague=vague, before=bounds["before"], after=bounds["after"])


# -- numbers ---------------------------------------------------------------------------------

_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_SMALL.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
               "ninety": 90})
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_B100 = rf"(?:(?:{_TENS})(?:[-\s](?:{_ONES}))?|{_TEENS}|{_ONES})"
_B1000 = rf"(?:(?:a|{_ONES})\s+hundred(?:\s+(?:and\s+)?{_B100})?|{_B100})"
_WORDNUM = (rf"(?:{_B1000}\s+(?:thousand|million)(?:\s+(?:and\s+)?{_B1000})?|a\s+(?:thousand|million)"
            rf"|(?:half\s+a|a|{_ONES})\s+dozen|{_B1000})")
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s+(?:million|thousand|billion))?"
_NUM = rf"(?:{_DIGITS}|{_WORDNUM})"


def number_value(words: str) -> int | None:
    """ "1,200" -> 1200, "1.5 million" -> 1500000, "twenty-one" -> 21, "half a dozen" -> 6."""
    s = words.lower().strip()
    if s[:1].isdigit():
        m = re.fullmatch(r"([\d,]+(?:\.\d+)?)\s*(million|thousand|billion)?", s)
        if not m:
            return None
        try:
            value = Decimal(m.group(1).replace(",", ""))
        except InvalidOperation:
            return None
        value *= {"million": 10**6, "thousand": 10**3, "billion": 10**9}.get(m.group(2) or "", 1)
        return int(value) if value == value.to_integral_value() else None
    half = s.startswith("half")
    total = current = 0
    for token in re.split(r"[\s-]+", s):
        if token in _SMALL:
            current += _SMALL[token]
        elif token == "a":
            current = max(current, 1) if current else 1
        elif token == "hundred":
            current = (current or 1) * 100
        elif token == "dozen":
            current = (current or 1) * 12
        elif token in ("thousand", "million"):
            total += (current or 1) * (1000 if token == "thousand" else 10**6)
            current = 0
    value = total + current
    return value // 2 if half else value


def _phrase_regex(phrase: str) -> str:
    return r"\s+".join(re.escape(w) for w in phrase.split())


def _alternation(phrases) -> str:
    return "|".join(_phrase_regex(p) for p in sorted(phrases, key=len, reverse=True))


def _build_pattern(conv: Conventions) -> re.Pattern:
    after = []
    for phrase in sorted(conv.after, key=len, reverse=True):
        if phrase.startswith("+"):
            after.append(r"\s?\+")
        elif phrase.startswith("-"):
            after.append(re.escape(phrase))
        else:
            after.append(r"\s+" + _phrase_regex(phrase))
    return re.compile(
        rf"""(?<![\w$£€#@/.:+\-])
        (?:(?P<mod>{_alternation(conv.before)})\s+)?
        (?:(?P<vague>{_alternation(conv.vague)})
          |(?P<between>between)\s+(?P<b1>{_NUM})\s+and\s+(?P<b2>{_NUM})
          |(?:(?P<from>from)\s+)?(?P<r1>{_NUM})(?:\s*[-–—]\s*(?=\d)|\s+(?:to|or)\s+)(?P<r2>{_NUM})
          |(?P<n>{_NUM}))
        (?P<post>{'|'.join(after) or '(?!)'})?
        (?![\w])""",
        re.I | re.X,
    )


# -- lexicons --------------------------------------------------------------------------------
# Counted nouns for people. Singular forms matter for "a soldier" and "one civilian".
_PERSON_SINGULAR = """
soldier trooper serviceman servicewoman officer policeman policewoman gendarme guard bodyguard escort fighter
militant insurgent rebel jihadist terrorist gunman militiaman commander colonel general brigadier captain
lieutenant sergeant corporal civilian man woman child boy girl baby infant toddler teenager youth student
schoolgirl schoolboy pupil teacher farmer herder herdsman shepherd fisherman trader merchant vendor driver
passenger worker doctor nurse medic paramedic journalist reporter photographer cameraman elder chief imam
cleric priest pastor official mayor governor judge lawyer activist villager resident worshipper pilgrim
contractor engineer employee volunteer pilot peacekeeper member leader prisoner hostage detainee captive
person individual citizen refugee migrant son daughter brother sister father mother husband wife relative
attacker assailant bomber recruit conscript adviser advisor mercenary sniper agent informant defector
deserter spokesman tourist patient suspect
""".split()
_IRREGULAR_PLURALS = {
    "man": "men", "woman": "women", "child": "children", "policeman": "policemen", "policewoman": "policewomen",
    "serviceman": "servicemen", "servicewoman": "servicewomen", "gunman": "gunmen", "militiaman": "militiamen",
    "herdsman": "herdsmen", "fisherman": "fishermen", "cameraman": "cameramen", "spokesman": "spokesmen",
    "youth": "youths", "person": "persons", "wife": "wives", "baby": "babies", "militia": "militias",
    "deputy": "deputies", "mercenary": "mercenaries", "refugee": "refugees",
}
_PERSON_PLURAL_ONLY = """
people police troops personnel staff crew forces others kids families civilians villagers residents dead
wounded injured bodies corpses fatalities casualties victims locals nationals foreigners elderly adults
militia sons daughters siblings relatives mourners protesters demonstrators worshippers pilgrims hostages
captives abductees detainees inmates prisoners displaced idps christians muslims shiites sunnis yazidis
alawites hazaras marines paratroopers commandos airmen sailors cadets martyrs guests kidnappers abductors bandits
raiders pirates smugglers criminals robbers extremists separatists islamists guerrillas combatants guardsmen
operatives cadres supporters followers congregants shoppers customers spectators miners labourers laborers
motorists commuters travellers travelers pedestrians bystanders passers-by onlookers athletes monks nuns
missionaries staffers lawmakers politicians candidates voters ministers diplomats prosecutors convicts newborns
minors orphans widows tribesmen clansmen nomads pastoralists peasants
""".split()


def _plural(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


_PERSON_SINGULAR_SET = frozenset(_PERSON_SINGULAR)
_PERSON = frozenset(_PERSON_SINGULAR) | frozenset(_plural(w) for w in _PERSON_SINGULAR) | frozenset(_PERSON_PLURAL_ONLY)
_NOUN_NORMAL = {"policemen": "police", "policeman": "police", "policewomen": "police", "policewoman": "police",
                "persons": "people"}
_PERSON_NORMAL = frozenset(_NOUN_NORMAL.get(w, w) for w in _PERSON)

# Nouns that are themselves a casualty: strong ones outrank a verb before the phrase.
_STRONG_NOUN_CATEGORY = {"dead": "killed", "bodies": "killed", "corpses": "killed", "fatalities": "killed",
                         "deaths": "killed", "martyrs": "killed", "wounded": "wounded", "injured": "wounded"}
_WEAK_NOUN_CATEGORY = {"hostages": "captured", "hostage": "captured", "captives": "captured",
                       "captive": "captured", "abductees": "captured"}
_CASUALTY_ADJ = {"dead": "killed", "killed": "killed", "slain": "killed", "wounded": "wounded",
                 "injured": "wounded"}

_STOP = frozenset("""
a an the and or but nor of in on at by for from to into onto with without near inside outside during after before
since until across along around against among between over under as than that which who whom whose when where
while this these those its their his her our my your were was is are be been being had have has will would could
should may might must did do does said say says told reportedly also including yesterday today tonight overnight
earlier later last more each apiece respectively both all other such so then there here it they he she we you
them us out up down off per about some only just still not no next ago again alone altogether total killed slain
died dead wounded injured hurt missing than less fewer according
""".split())

# Trigger words. Passive forms follow the counted phrase ("40 soldiers were killed");
# active forms and casualty nouns come before it ("killing seven", "the death toll rose to 12").
_FOLLOW_TRIGGERS = {
    "killed": """killed dead died slain executed beheaded massacred murdered assassinated perished martyred
        lynched neutralised neutralized eliminated shot\\s+dead gunned\\s+down burned\\s+to\\s+death
        burnt\\s+to\\s+death hacked\\s+to\\s+death stabbed\\s+to\\s+death beaten\\s+to\\s+death to\\s+death
        lost\\s+their\\s+lives succumbed\\s+to shot\\s+and\\s+killed""",
    "wounded": """wounded injured hurt maimed hospitali[sz]ed sustained\\s+injuries suffered\\s+injuries
        shot\\s+and\\s+wounded""",
    "captured": """captured abducted kidnapped seized snatched taken\\s+hostage taken\\s+prisoner taken\\s+captive
        held\\s+hostage held\\s+captive hostage prisoner captive""",
    None: """killed\\s+or\\s+wounded killed\\s+and\\s+wounded killed\\s+or\\s+injured killed\\s+and\\s+injured
        dead\\s+or\\s+wounded dead\\s+and\\s+wounded dead\\s+or\\s+injured dead\\s+and\\s+injured""",
}
_PRECEDE_TRIGGERS = {
    "killed": """kill kills killed killing slew slaying massacred massacring massacre\\s+of slaughtered
        slaughtering executed executing executions?\\s+of beheaded beheading murdered murdering assassinated
        assassinating shot\\s+dead shooting\\s+dead gunned\\s+down gunning\\s+down mowed\\s+down
        claimed\\s+the\\s+lives\\s+of claiming\\s+the\\s+lives\\s+of death\\s+toll toll deaths\\s+of
        death\\s+of bodies\\s+of killings?\\s+of dead lost losing neutrali[sz]ed neutrali[sz]ing eliminated
        eliminating""",
    "wounded": """wound wounds wounded wounding injure injures injured injuring hurt hurting maimed maiming""",
    "captured": """capture captures captured capturing capture\\s+of abduct abducts abducted abducting
        abduction\\s+of kidnap kidnaps kidnapped kidnapping kidnapping\\s+of seized seizing snatched""",
    None: """killed\\s+or\\s+wounded killed\\s+and\\s+wounded killed\\s+or\\s+injured killed\\s+and\\s+injured
        dead\\s+or\\s+wounded dead\\s+and\\s+wounded arrested arresting arrest\\s+of detained detaining
        detention\\s+of rescued rescuing freed freeing released releasing evacuated evacuating deployed
        deploying displaced displacing recruited recruiting treated treating trained training sent
        dispatched surrendered repatriated""",
}


def _trigger_regex(table: dict) -> tuple[str, dict]:
    words = []
    for category, spec in table.items():
        words += [(w, category) for w in spec.split()]
    words.sort(key=lambda wc: len(wc[0]), reverse=True)
    groups = {f"t{i}": cat for i, (_, cat) in enumerate(words)}
    alternation = "|".join(f"(?P<t{i}>{w})" for i, (w, _) in enumerate(words))
    return alternation, groups


_FOLLOW_ALT, _FOLLOW_CATS = _trigger_regex(_FOLLOW_TRIGGERS)
_TRIGGER_WORDS = frozenset(w for table in (_FOLLOW_TRIGGERS, _PRECEDE_TRIGGERS) for spec in table.values()
                           for w in spec.split() if w.isalpha()) - {"wounded", "injured"}
_PRECEDE_ALT, _PRECEDE_CATS = _trigger_regex(_PRECEDE_TRIGGERS)

# Words allowed between the counted phrase and its passive predicate.
_FILLER = r"""(?:were|was|had|have|has|been|are|is|be|being|got|get|reportedly|also|later|subsequently|all|both
    |allegedly|believed|confirmed|reported|said|feared|thought|to|now|initially|then|among|the|those|already
    |apparently|seriously|critically|severely|lightly|slightly|fatally|badly|mortally|each|may|might|could
    |would|found|more|others|people|in\s+all|in\s+total|altogether|so\s+far|presumed|likely|allegedly)"""
# A short prepositional or coordinated phrase may sit between a phrase and its predicate
# ("40 volunteers for the defence of the homeland were killed", "40 soldiers and members
# of allied militias were killed").
# An auxiliary must follow, so that "killed 17 policemen, and posted photographs of seized
# weapons" does not read as policemen seized.
_PP = (r"(?:(?:of|for|from|in|with|on|at|near|and)\s+(?:[A-Za-z][\w'’-]*\s+){1,6}?"
       r"(?=(?:were|was|had|have|has|are|is|been)\s))?")
_FOLLOW = re.compile(rf"\s*,?\s*{_PP}(?P<fill>(?:{_FILLER}\s+){{0,6}}?)(?:{_FOLLOW_ALT})(?![\w])", re.I | re.X)
_PRECEDE = re.compile(rf"(?<![\w-])(?:{_PRECEDE_ALT})(?![\w-])", re.I)
# A bare participle straight after a phrase is passive ("12 soldiers killed in an ambush",
# "three killed and five wounded") only when no object follows it: "50 militants killed 12
# soldiers" is not 50 killed.
_PASSIVE_NEXT = re.compile(
    r"\s*(?:[,.;:!?)\"”’'—–-]|$)|\s+(?:in|on|at|by|during|near|when|while|after|before|and|or|as|since|overnight|"
    r"yesterday|today|tonight|last|this|early|late|earlier|later|outside|inside|across|along|around|following|amid|"
    r"with|without|including|so|according|over|under|from|between|among|into|to|for|there|here|too|also|each|"
    r"instantly|immediately|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|be|been|being|got|get)\s+(?:\w+ly\s+)?$", re.I)
_CLAUSE_BREAK = re.compile(r"[.;:!?]|\b(?:said|says|told|according|when|while|after|before|but|although|"
                           r"because|whereas|since|until|as)\b", re.I)

# -- what is not a count ---------------------------------------------------------------------
_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
           r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)")
_UNITS = re.compile(
    r"""\s*(?:of\s+)?(?:%|percent\b|per\s*cent\b|percentage\s+points?\b|pc\b
    |km2?\b|kms\b|kilomet(?:re|er)s?\b|miles?\b|met(?:re|er)s?\b|m\b|cm\b|mm\b|feet\b|ft\b|yards?\b|nautical\b
    |kg\b|kilograms?\b|grams?\b|tonnes?\b|tons?\b|litres?\b|liters?\b|barrels?\b(?!\s+bombs?)|gallons?\b|hectares?\b
    |acres?\b|sq\b|square\b|degrees?\b|°|calibre\b|caliber\b
    |dollars?\b|euros?\b|pounds?\b|naira\b|shillings?\b|dinars?\b|riyals?\b|lira\b|birr\b|francs?\b|cfa\b
    |afghanis?\b|rupees?\b|hryvnias?\b|r[ou]bles?\b|yuan\b|cents?\b|usd\b
    |years?\b|yrs?\b|months?\b|weeks?\b|days?\b|hours?\b|hrs?\b|minutes?\b|mins?\b|seconds?\b|decades?\b
    |centur(?:y|ies)\b|nights?\b|mornings?\b|evenings?\b|afternoons?\b|times\b|am\b|pm\b|a\.m\.|p\.m\.
    |gmt\b|utc\b|local\s+time\b|o['’]clock\b|votes?\b|seats?\b|points?\b|goals?\b)""",
    re.I | re.X,
)
_AFTER_EXCLUDE = re.compile(rf"-[A-Za-z]|[:/.]\d|\s*(?:of\s+)?{_MONTHS}\b(?!\s+(?:be|have|also)\b)")
_BEFORE_CURRENCY = re.compile(r"(?:[$£€#]|\b(?:US\$?|USD|EUR|GBP|No\.|no\.|nos\.))\s*$")
_BEFORE_MONTH = re.compile(rf"\b{_MONTHS}\.?\s*$")
_BEFORE_AGE = re.compile(r"\b(?:aged?|ages)\s+$", re.I)
_BEFORE_NAME_COMMA = re.compile(r"[A-Za-z][\w'’-]*,\s*$")
# Words that make the number after them a name ("brigade 93", "route 4"), capitalised or not.
_LABELS = re.compile(
    r"\b(?:brigade|division|regiment|battalion|corps|squadron|platoon|highway|route|motorway|resolution|article|"
    r"chapter|paragraph|sector|zone|kilomet(?:re|er)|flight|phase|page|section|tower|junction|"
    r"task\s+force)\s+$",
    re.I,
)
_CAPITALISED_BEFORE = re.compile(r"\b([A-Z][\w'’-]*)\s+$")
# Capitalised words that may stand before a number without making it a label.
# (Sentence-initial words, weekdays, headline verbs: "Killed 12 ...", "Monday 12 ...")
_CAP_OK = frozenset("""
A An The At Of In On By For To From With And But As Up Only Another Further All Those These Including Among While
When After Before Since Then Also Last Meanwhile Separately Reportedly Initially Overall Altogether Total Yesterday
Today Tonight Overnight Earlier Later Monday Tuesday Wednesday Thursday Friday Saturday Sunday It They He She We
Killing Killed Wounded Injured Abducted Kidnapped
""".split())
_ONE_BEFORE = re.compile(r"\b(?:the|this|that|which|no|every|each|any|some)\s+$", re.I)
_ONE_AFTER = re.compile(r"\s+(?:another|by|after|who|that|which|side|hand|way|thing|such|other|point|stage|"
                        r"occasion|reason|example|instance)\b|-", re.I)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_CUE_BEFORE = re.compile(r"\b(?:numbering|numbered|numbers|to\s+number|totall?ing|totall?ed)\s+$", re.I)
# A phrase followed by its own verb is a subject: a verb before it is not about it
# ("killed dozens of people, and thousands fled").
_SUBJECT_AFTER = re.compile(r"\s+(?:said|says|told|added|were|was|are|is|have|has|had|remain|remained|fled|"
                            r"escaped|returned|"
                            r"surrendered|survived|managed|joined|arrived|stayed|gathered|crossed|went|came|took|"
                            r"fought|attacked|stormed)\b", re.I)
_SPEAKER_AFTER = re.compile(r"\s+(?:said|says|told|added|explained|recalled|declined)\b", re.I)
# "killing dozens of civilians and driving hundreds of families": another verb intervenes.
_OTHER_VERB = re.compile(r"\band\s+(?!(?:armed|wounded|injured|unarmed|suspected|displaced)\b)[a-z]+(?:ing|ed)\b")
_INCLUDING_END = re.compile(r",\s*(?:including|among\s+them|among\s+whom|of\s+whom)\s+$", re.I)
_RISE_BEFORE = re.compile(r"\b(?:rose|risen|rising|climbed|increased|jumped|went\s+up|raised|raising|revised|grew|"
                          r"doubled|toll)\b[^.;]{0,40}$", re.I)

_TOKEN = re.compile(r"[ \t]+([A-Za-z][\w'’\-]*|\d[\w\-]*)")
_OF_DET = re.compile(r"\s+of\s+(?:(?P<det>the|his|her|their|its|our|those|these)\s+|(?P<pron>them|whom|us)\b)?", re.I)
_DET_ONLY = re.compile(r"\s+(?:(?P<det>the|his|her|their|its|our|those|these)\s+|(?P<pron>them|whom|us)\b)", re.I)
_ARTICLE = re.compile(r"(?<![\w-])(?:a|an)\s", re.I)
_ONE_COMPANION = re.compile(rf"\s+and\s+(?:his|her|their)\s+(?:[a-z][\w-]*\s+)?({'|'.join(_PERSON_SINGULAR)})\b",
                            re.I)
_COMPANIONS_GAP = re.compile(r"\s+and\s+(?:(?:his|her|their)\s+)?$", re.I)
_COORD_GAP = re.compile(r"\s*(?:,\s*)?(?:and|or|as\s+well\s+as|plus)?\s*$|\s*,?\s*(?:including|among\s+them|"
                        r"among\s+whom|of\s+whom)\s*$", re.I)


# -- finding quantities ----------------------------------------------------------------------


@dataclass
class _Candidate:
    start: int
    end: int
    as_written: str
    low: int | None
    high: int | None
    vague: bool
    kind: str  # exact | at_least | ... | range | vague | article | person_and_companions
    approximate: bool = False
    noun: str | None = None
    person: bool = True  # may count people: a person noun, "of them", or no noun at all
    of_them: bool = False  # "two of them", "many of whom"
    noun_category: str | None = None
    noun_strong: bool = False
    one: bool = False  # the numeral "one": needs a person noun or a category
    one_of: bool = False  # "one of the ...": needs a person noun and a category
    article: bool = False  # "a soldier": needs a category
    needs_person: bool = False
    cue: bool = False  # "numbering about 300": a force size without a noun
    speaker: bool = False  # followed by "said", "told" ...
    category: str | None = None
    category_from: str | None = None


def find_quantities(text: str, conventions: Conventions | None = None) -> list[Quantity]:
    """Every quantity phrase in `text`, in order, with its range, noun and casualty category."""
    conv = conventions or load_conventions()
    cands = [c for m in conv.pattern.finditer(text) if (c := _from_match(text, m, conv))]
    cands = sorted(cands + _articles(text, cands), key=lambda c: c.start)
    cands = _merge_companions(text, cands)
    precede = _Hits(_PRECEDE, text)
    for c in cands:
        c.speaker = bool(_SPEAKER_AFTER.match(text, c.end))
        c.category, c.category_from = _category(text, c, precede)
    _share_categories(text, cands)
    out = []
    for c in cands:
        if not _keep(c):
            continue
        out.append(Quantity(
            start=c.start, end=c.end, text=text[c.start:c.end], low=c.low, high=c.high, as_written=c.as_written,
            noun=c.noun, category=c.category, vague=c.vague, rule=f"{RULE}:{c.kind}", approximate=c.approximate,
        ))
    return out


def _keep(c: _Candidate) -> bool:
    """Whether a candidate is reported: it counts something visible, or the context makes it a casualty."""
    counts_people = c.person and (c.noun is not None or c.of_them)
    if (c.article or c.one) and c.speaker:
        return False  # "one elder said", "a police officer said": a source, not a count
    if c.article or c.kind == "person_and_companions":
        return c.category is not None
    if c.one_of:
        return counts_people and c.category is not None
    if c.needs_person or c.one:
        return counts_people or c.category is not None
    return c.noun is not None or c.of_them or c.category is not None or c.cue


def _from_match(text: str, m: re.Match, conv: Conventions) -> _Candidate | None:
    start, end = m.start(), m.end()
    mod = (m.group("mod") or "").lower()
    bound = conv.before.get(" ".join(mod.split())) if mod else None
    post = m.group("post")
    if post:
        post_key = " ".join(post.strip().lower().split())
        bound = conv.after.get(post_key) or conv.after.get(post_key.lstrip("-")) or bound
    core_start = m.start("vague") if m.group("vague") else (
        m.start("between") if m.group("between") else m.start("r1") if m.group("r1") else m.start("n"))
    if m.group("from"):
        core_start = m.start("from")
    first = next((g for g in ("b1", "r1", "n") if m.group(g)), None)
    digits = first is not None and m.group(first)[0].isdigit()
    # context that makes it a date, time, unit, money, age, label or ordinal
    if _excluded(text, start, core_start, end, digits, bound is not None):
        return None

    if m.group("vague"):
        word = conv.vague[" ".join(m.group("vague").lower().split())]
        cand = _Candidate(start, end, text[start:end], word.low, word.high, True, "vague",
                          approximate=bound == "approximately", needs_person=word.needs_person)
        if re.search(r"\b(?:how|so|too)\s+$", text[max(0, start - 6):start], re.I) and word.phrase == "many":
            return None
    elif m.group("b1") or m.group("r1"):
        g1, g2 = ("b1", "b2") if m.group("b1") else ("r1", "r2")
        low, high = number_value(m.group(g1)), number_value(m.group(g2))
        if low is None or high is None:
            return None
        if m.group("from") and _RISE_BEFORE.search(text[max(0, start - 60):start]):
            # "the toll rose from 10 to 15": the figure now is 15
            start = m.start(g2)
            cand = _Candidate(start, end, text[start:end], high, high, False, "exact")
        elif high <= low:
            return None
        else:
            cand = _Candidate(start, end, text[start:end], low, high, False, "range",
                              approximate=bound == "approximately")
        if _YEAR.fullmatch(m.group(g1)) and _YEAR.fullmatch(m.group(g2)):
            cand.kind = "years"
    else:
        n = number_value(m.group("n"))
        if n is None:
            return None
        low, high = n, n
        if bound == "at_least":
            high = None
        elif bound == "more_than":
            low, high = n + 1, None
        elif bound == "up_to":
            low = None
        elif bound == "less_than":
            low, high = None, n - 1
        cand = _Candidate(start, end, text[start:end], low, high, False, bound or "exact",
                          approximate=bound == "approximately")
        word = m.group("n").lower()
        cand.one = word == "one"
        cand.one_of = cand.one and re.match(r"\s+of\b", text[end:end + 4], re.I) is not None
        if cand.one and (_ONE_BEFORE.search(text[max(0, start - 12):start]) or _ONE_AFTER.match(text, end)):
            return None
        if digits and not post and _YEAR.fullmatch(m.group("n")):
            cand.kind = "years"
    cand.cue = bool(_CUE_BEFORE.search(text[max(0, start - 20):start]))  # "numbering about 300"
    _read_noun(text, cand, vague_of=bool(m.group("vague")) and m.group("vague").lower().endswith("of"))
    if cand.kind == "years":  # "in 2014", "the 2019 attack"; but "2000 soldiers" is a count
        if not cand.person or cand.noun not in _PERSON_NORMAL:
            return None
        cand.kind = "range" if m.group("b1") or m.group("r1") else (bound or "exact")
    if cand.noun is None and not cand.of_them and _SUBJECT_AFTER.match(text, cand.end):
        cand.cue = True  # "thousands fled", "12 were arrested": a count of people, as a subject
    return cand


def _excluded(text: str, start: int, core_start: int, end: int, digits: bool, has_bound: bool) -> bool:
    after = text[end:end + 30]
    if _UNITS.match(after) or _AFTER_EXCLUDE.match(after):
        return True
    before = text[max(0, start - 40):start]
    if before.endswith("(") and after.startswith(")"):
        return True
    if _BEFORE_AGE.search(before):
        return True
    if digits:
        if _BEFORE_CURRENCY.search(before) or _BEFORE_MONTH.search(before):
            return True
        if _BEFORE_NAME_COMMA.search(before) and re.match(r"\s*,", after) and len(text[core_start:end]) <= 3:
            return True  # an age in apposition: "Ahmed Ali, 45, was killed", "the cleric, 62,"
        if not has_bound and start == core_start:
            if _LABELS.search(before):
                return True
            cap = _CAPITALISED_BEFORE.search(before)
            if cap and cap.group(1) not in _CAP_OK:
                return True  # "Brigade 93", "Resolution 2254", "Tower 22"
    return False


def _read_noun(text: str, cand: _Candidate, vague_of: bool) -> None:
    """What the phrase counts: "of them", a person noun, or another noun; extends the phrase's end."""
    pos = cand.end
    of = (_DET_ONLY if vague_of else _OF_DET).match(text, pos)
    if of and of.group("pron"):
        cand.end, cand.of_them = of.end(), True
        return
    if of:
        pos = of.end() - 1  # keep the space before the next token
    tokens: list[re.Match] = []
    p = pos
    while len(tokens) < 4:
        t = _TOKEN.match(text, p)
        if not t:
            break
        tokens.append(t)
        p = t.end()
    run: list[re.Match] = []
    for i, t in enumerate(tokens):
        word = t.group(1)
        low = word.lower()
        nxt = tokens[i + 1].group(1).lower() if i + 1 < len(tokens) else ""
        if low in _CASUALTY_ADJ and not (of and not run):
            if nxt in _PERSON and nxt not in _STOP:
                cand.noun_category, cand.noun_strong = _CASUALTY_ADJ[low], True
                run.append(t)
                continue
            break
        modifier = (nxt in _PERSON and nxt not in _STOP and nxt not in _PERSON_SINGULAR_SET  # "25 displaced people"
                    and nxt not in ("displaced", "elderly", "martyrs")
                    and word[0].islower()
                    or low in _PERSON_SINGULAR_SET and low not in _PERSON_PLURAL_ONLY and cand.high != 1
                    and bool(nxt) and nxt not in _STOP)  # "two jihadist groups"
        if low in _PERSON and (low not in _STOP or (of and not run)) and not modifier:
            noun = _NOUN_NORMAL.get(low, low)
            if low in ("officer", "officers") and run and run[-1].group(1).lower() == "police":
                noun = "police"
            cand.noun, cand.end = noun, t.end()
            if low in _STRONG_NOUN_CATEGORY:
                cand.noun_category, cand.noun_strong = _STRONG_NOUN_CATEGORY[low], True
            elif low in _WEAK_NOUN_CATEGORY and not cand.noun_category:
                cand.noun_category = _WEAK_NOUN_CATEGORY[low]
            return
        if (low in _STOP and word[0].islower()) or low in ("taken", "held") or word[0].isdigit() or len(run) >= 3:
            break
        run.append(t)
    # no person noun: the first plural-looking word of the run, else a lone plain word
    for t in run:
        word = t.group(1)
        low = word.lower()
        if low.endswith(("ed", "ing", "ly")):
            continue
        if word[0].isupper():
            if len(word) > 3 and low.endswith("s") and not word.isupper() and not low.endswith("ss"):
                cand.noun, cand.end = low, t.end()  # "45 Palestinians", "14 Alawites"
                return
            continue
        if low.endswith("s") and not low.endswith(("ss", "ous", "is", "us")) and len(low) > 2:
            cand.noun, cand.end, cand.person = low, t.end(), False
            return
    if len(run) == 1:
        word = run[0].group(1)
        if word.islower() and not word.endswith(("ed", "ing", "ly")) and "-" not in word:
            cand.noun, cand.end, cand.person = word, run[0].end(), False


def _articles(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """ "a soldier", "an elderly woman", "a 45-year-old man": one person (kept only as a casualty)."""
    taken = Taken(len(text), ((c.start, c.end) for c in cands))
    out = []
    for m in _ARTICLE.finditer(text):
        if taken.covers(m.start()):
            continue
        p = m.end() - 1
        for _ in range(4):
            t = _TOKEN.match(text, p)
            if not t:
                break
            low = t.group(1).lower()
            if low in _PERSON_SINGULAR_SET:
                noun = _NOUN_NORMAL.get(low, low)
                if low == "officer" and text[m.end():t.start()].strip().lower().endswith("police"):
                    noun = "police"
                out.append(_Candidate(m.start(), t.end(), text[m.start():m.end()].strip(), 1, 1, False, "article",
                                      noun=noun, person=True, article=True))
                break
            after = _TOKEN.match(text, t.end())
            if low == "police" and after and after.group(1).lower() == "officer":
                p = t.end()
                continue
            if (low in _STOP and low not in ("wounded", "injured")) or low in _PERSON or low in _TRIGGER_WORDS:
                break
            p = t.end()
    return out


def _merge_companions(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """ "a colonel and two of his guards", "a woman and her two sons", "an elder and his son": one phrase,
    the counts summed."""
    out: list[_Candidate] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        one_more = _ONE_COMPANION.match(text, c.end) if (c.article or c.one) and c.noun else None
        if one_more and one_more.group(1).lower() in _PERSON_SINGULAR_SET and (
                i + 1 == len(cands) or cands[i + 1].start >= one_more.end()):
            out.append(_Candidate(c.start, one_more.end(), text[c.start:one_more.end()], 2, 2, False,
                                  "person_and_companions", noun="people"))
            i += 1
            continue
        if (i + 1 < len(cands) and (c.article or (c.one and c.noun in _PERSON_SINGULAR_SET))
                and cands[i + 1].person and cands[i + 1].noun):
            nxt = cands[i + 1]
            gap = text[c.end:nxt.start]
            if _COMPANIONS_GAP.fullmatch(gap) and (re.search(r"\b(?:his|her|their)\b", gap, re.I)
                                                   or re.search(r"\bof\s+(?:his|her|their)\b", text[nxt.start:nxt.end],
                                                                re.I)):
                phrase = text[c.start:nxt.end]
                low = 1 + nxt.low if nxt.low is not None else 1
                high = 1 + nxt.high if nxt.high is not None else None
                out.append(_Candidate(c.start, nxt.end, phrase, low, high, nxt.vague, "person_and_companions",
                                      approximate=nxt.approximate, noun="people", person=True))
                i += 2
                continue
        out.append(c)
        i += 1
    return out


class _Hits:
    """The matches of one pattern over the whole text, found in one pass, for the last one
    inside a window: one scan of the text instead of one per phrase."""

    def __init__(self, pattern: re.Pattern, text: str) -> None:
        self.matches = list(pattern.finditer(text))
        self.starts = [m.start() for m in self.matches]

    def last(self, start: int, end: int) -> list[re.Match]:
        """[the last match within start..end], or []."""
        i = bisect.bisect_left(self.starts, end) - 1
        while i >= 0 and self.starts[i] >= start:
            if self.matches[i].end() <= end:
                return [self.matches[i]]
            i -= 1
        return []


def _category(text: str, c: _Candidate, precede: _Hits) -> tuple[str | None, str | None]:
    """The casualty category of a phrase and where it came from (see the module docstring)."""
    if not c.person:
        return None, None
    m = _FOLLOW.match(text, c.end, _sentence_end(text, c.end))
    if m:
        category = _FOLLOW_CATS[m.lastgroup]
        active = (not m.group("fill") and m.group(m.lastgroup).lower().endswith("ed")
                  and not _PASSIVE_NEXT.match(text, m.end()))
        if not active:
            return category, "following"
    if c.noun_category and c.noun_strong:
        return c.noun_category, "noun"
    lo = max(0, c.start - 120)
    clause = text[lo:c.start]
    breaks = list(_CLAUSE_BREAK.finditer(clause))
    if breaks:
        clause_start = lo + breaks[-1].end()
    else:
        clause_start = lo
    hits = precede.last(clause_start, c.start)
    if hits and _SUBJECT_AFTER.match(text, c.end) and re.search(r",|\band\b", text[hits[-1].end():c.start]):
        hits = []
    if hits and _OTHER_VERB.search(text, hits[-1].end(), c.start):
        hits = []
    if hits:
        hit = hits[-1]
        if _PRECEDE_CATS[hit.lastgroup] is None and not text[hit.end():c.start].strip():
            c.cue = True  # "displaced 1.8 million", "arrested 10": people, though no noun is written
        if not _PASSIVE_BEFORE.search(text[max(0, hit.start() - 30):hit.start()]):
            category = _PRECEDE_CATS[hit.lastgroup]
            if category is not None:
                return category, "preceding"
        if c.noun_category and _PRECEDE_CATS[hit.lastgroup] is not None:
            return c.noun_category, "noun"
        return None, None  # "freed 12 hostages": the event is the release, not a capture
    if c.noun_category:
        return c.noun_category, "noun"
    return None, None


_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")


def _sentence_end(text: str, pos: int) -> int:
    limit = min(len(text), pos + SENTENCE_REACH)
    m = _SENTENCE_END.search(text, pos, limit)
    return m.end() if m else limit


def _share_categories(text: str, cands: list[_Candidate]) -> None:
    """ "12 soldiers and three civilians were killed": the first phrase shares the predicate of the second;
    "eight people were killed, including three of the attackers": the second shares the first's."""
    for i in range(len(cands) - 2, -1, -1):
        c, nxt = cands[i], cands[i + 1]
        if c.category is None and c.person and nxt.category and nxt.category_from in ("following", "shared"):
            if _COORD_GAP.fullmatch(text[c.end:nxt.start]):
                c.category, c.category_from = nxt.category, "shared"
    for prev, c in zip(cands, cands[1:]):
        if c.category is None and c.person and prev.category and _INCLUDING_END.search(text, prev.end, c.start):
            if _sentence_end(text, prev.end) >= c.start:
                c.category, c.category_from = prev.category, "shared"
