"""rules.v1: claims from sentences by triggers, roles, attribution and context.

    claims = extract(article, annotation)        # -> list[Claim], in text order

For each sentence (marsad.extract.sentences):

1. Triggers (data/triggers.yaml) and weapons (data/weapons.yaml) say that something
   happened. A trigger is dropped when a modal, a forecast or a negation governs it
   ("could now try to cut", "analysts expect attacks", "did not attack"), when it sits
   in a comparison ("in one of the deadliest raids") -- it then joins the sentence's
   other triggers without starting an occurrence of its own -- and, for a change of
   territory, when what was taken is not a place ("seized weapons").
   A sentence with no trigger but a casualty figure ("put the toll at 19") still reports
   an occurrence.
2. Frames: the triggers of a sentence are one occurrence unless their dates disagree
   ("overran the town in June 2014 ... retook it in October 2017" is two). Each date,
   place, actor, figure and weapon of the sentence goes to the nearest frame.
3. Per frame: the type from its strongest trigger and the roles (a killing whose
   victims are civilians is Violence against civilians; a change of territory is the
   government's or a non-state actor's by the taker's kind); actor1 the actor before
   the verb (after "by" in the passive), actor2 the one after it or the victims; the
   place nearest the verb, preferring places inside the article's countries; the most
   precise date; figures summed per kind, leaving out subsets ("among them a colonel");
   the claimant and verb from the attribution nearest before the verb (or after it),
   else the outlet itself ("reported").
4. A frame with no place, no date and no figure is an elaboration ("the fighting lasted
   hours"), not an occurrence, and is dropped.
5. Across sentences: "the group", "the militants", "the attackers" are the last named
   armed group; "the town", "the city" the last place of the article's countries; a claim
   with no type of its own ("a monitor put the toll at 19") takes the type, and a claim
   with no place takes the place, of the claim before it ("the attack"); so does a toll
   with no doer and no date. A change of territory taken from nobody named was taken
   from the place's last taker in the article.

docs/events.md lists the finer rules (whose verb assigns the roles, blame, "its
fighters", apposition, the claimant's seat...), each with a test in tests/extract.
Every field's evidence (rule and span) is recorded in `Claim.evidence`.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from marsad.annotate import Annotation
from marsad.annotate.actors import ActorMention
from marsad.annotate.dates import DateExpr
from marsad.annotate.places import PlaceMention
from marsad.resolve.names import name_key
from marsad.annotate.quantities import Quantity
from marsad.annotate.sources import SourceIndex, load_sources
from marsad.annotate.weapons import WeaponMention
from marsad.extract.attribution import HEDGES, Attribution, find_attributions
from marsad.extract.sentences import Span, split_sentences
from marsad.extract.triggers import Trigger, find_triggers, load_triggers
from marsad.model import UNKNOWN_OUTLET, Article, Claim, Place, Range, Source

NAME = "rules.v1"

# Weapons as triggers: how strongly each suggested sub-type decides the type.
WEAPON_RANK = {
    "Suicide bomb": 60, "Chemical weapon": 58, "Remote explosive/landmine/IED": 50, "Air/drone strike": 45,
    "Shelling/artillery/missile attack": 42, "Grenade": 41, "Attack": 38, "Looting/property destruction": 4,  # below killing (10), as in triggers.yaml
    "Armed clash": 5, None: 30,
}
_GOVERNMENT_KINDS = {"state_forces", "external_forces"}
_MODAL = re.compile(
    r"\b(?:could|would|might|may|will|shall|can|cannot|must|plans? to|planned to|planning to|plotting|threatens? to|"
    r"threatened to|intends? to|intended to|vows? to|vowed to|aims? to|try to|tried to|trying to|seeks? to|"
    r"seeking to|eyeing|expected to|expects?|expecting|likely to|fears?|feared|warns?|warned|warning|risk of|"
    r"prepares? to|preparing to|ready to|not|never|n't|no longer|without|avoid|prevent|prevented|deter|if|unless|"
    r"ability to|able to|capable of|capacity to|capability to|threat of|danger of|fear of|"
    r"in a bid to)\b",
    re.I,
)
_COMPARISON = re.compile(
    r"\b(?:deadliest|largest|biggest|worst|heaviest|bloodiest|first|second|third|latest|last|most|series of|wave of|"
    r"spate of|what (?:it|they|he|she) called|called it|described as|since the)\s+(?:\S+\s+){0,3}$",
    re.I,
)
# "backed by coalition aircraft", "with the support of drones": help to another's action, not an occurrence.
_SUPPORT = re.compile(r"\b(?:backed by|supported by|with the support of|with support from|helped by|aided by|"
                      r"with the help of|alongside|along with|escorted by|with air support from)\s+(?:[^\s,;]+\s+){0,4}$",
                      re.I)
# Bare plurals that, in an article naming one armed group, mean that group: "Militants overran the town".
_GROUP_WORDS = re.compile(r"^(?:the\s+)?(?:militants|jihadists|insurgents|extremists|terrorists|fighters|"
                          r"terrorist groups?|jihadist groups?|militant groups?|the group|the organi[sz]ation|attackers|"
                          r"assailants)$", re.I)
_DROP_BEFORE_TRIGGER = re.compile(r"[.;:,!?]")
# A conflict's running toll, not an occurrence: "the violence, which has killed thousands",
# "an insurgency that has left 40,000 dead", "the war has displaced millions".
_RUNNING_TOLL = re.compile(
    r"\b(?:violence|conflict|insurgency|insurgencies|war|wars|crisis|unrest|rebellion|bloodshed|jihad|"
    r"fighting over the years)\b[^.;:!?]{0,20}?\b(?:has|have|had)\s+(?:also\s+|already\s+|since\s+)?$",
    re.I,
)
# Words allowed between a territory verb and the place it took: "overran the town of X".
_TERRITORY_GAP = re.compile(
    r"^(?:\s*(?:the|a|an|control|of|over|most|much|all|parts?|key|strategic|nearby|remaining|last|whole|entire|"
    r"rest|northern|southern|eastern|western|central|town|city|village|villages|district|districts|area|areas|"
    r"neighbourhoods?|neighborhoods?|positions?|base|bases|heights|hill|mountain|province|region|outskirts|"
    r"centre|center|from|back|in|at)\b)*\s*$",
    re.I,
)
_PLACE_NOUNS = (
    r"town|city|village|villages|district|area|base|airbase|air base|airport|camp|barracks|heights|hill|mountain|"
    r"field|oil field|gas field|checkpoint|checkpoints|post|outpost|garrison|province|region|crossing|border crossing|"
    r"bridge|positions|position|settlement|hamlet|locality|capital|provincial capital|port|island|islands"
)
_PLACE_COREF = re.compile(rf"\b(?:the|that|this)\s+(?:same\s+)?(?:{_PLACE_NOUNS})\b", re.I)
# "the fighting", "the attack", "this raid": a trigger that refers to an occurrence already told.
_ANAPHORIC = re.compile(r"\b(?:the|this|that|these|those|its|their|such)\s+(?:same\s+|deadly\s+|latest\s+|recent\s+|"
                        r"overnight\s+|night\s+|early\s+)?$", re.I)
# Habitual or continuing activity, not one occurrence: "has fought on", "often attack".
_HABITUAL = re.compile(r"\b(?:has|have|had been|often|usually|regularly|repeatedly|routinely|frequently|"
                       r"continues? to|continued to|keeps?|kept|since then|sometimes|occasionally|used to|would)\s+"
                       r"(?:\S+\s+){0,2}$", re.I)
_IT_OBJECT = re.compile(r"\s+(it)\b(?!\s+(?:was|is|had|has|would|will)\b)", re.I)
_COORDINATED = re.compile(r"^\s*(?:,\s*)?(?:and|,)\s+(?:the\s+|allied\s+)?$", re.I)
_NEW_CLAUSE = re.compile(r"[,;:]|\b(?:and|but|while|whereas|before|after|when|then)\b", re.I)
_BLAME_BEFORE = re.compile(
    r"\b(?:blamed|blaming|blames|accused|accusing|accuses|attributed\s+(?:\w+\s+){0,3}to|blamed\s+(?:\w+\s+){0,3}on|"
    r"(?:believed|suspected|thought|said)\s+to\s+(?:be|have\s+been)|identified\s+(?:\w+\s+)?as|claimed\s+by)"
    r"\s+(?:\S+\s+){0,4}$", re.I)
_BLAME_AFTER = re.compile(r"\s+(?:was|were|is|are|has been|have been|had been)\s+(?:widely\s+|also\s+)?"
                          r"(?:blamed|accused|suspected)\b", re.I)
_APPOSITION = re.compile(r"(?:,\s*|\s+of\s+)$")
_SPAN_DATE = re.compile(r"\s*(?:since|until|till|by|before|after|from)\b", re.I)
_POSSESSIVE = re.compile(r"\b(?:its|their|our)\s+$", re.I)
_QUOTED_NOUN = re.compile(r'\s*["“‘\']([^\W\d_][\w -]{1,30}?)["”’\']')
_VERB_ROLES = ("clash", "kill", "strike", "territory", "fell")
_CLAIMANT_SEAT = re.compile(r"\s+(?:in|at|from|based in)\s+(?:the\s+)?$", re.I)
_DEFINITE = re.compile(r"^(?:the|its|their|those|these)\b", re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|got|get)\s+(?:\w+\s+)?$", re.I)
_SUBSET = re.compile(r"\b(?:among them|among whom|including|of whom|of them|among the dead|among the victims)\s*$", re.I)
_CIVILIAN_NOUNS = re.compile(
    r"\b(?:civilians?|villagers?|residents|people|persons|women|children|girls|boys|worshippers|worshipers|farmers|"
    r"fishermen|herders|shepherds|passengers|students|pupils|traders|miners|displaced|mourners|guests|"
    r"family|families|men|christians|muslims|yazidis|shias?|shiites?|sunnis|hazaras|pilgrims|believers|teachers|"
    r"doctors|nurses|aid workers|humanitarian workers|journalists|patients|customers|shoppers|motorists|travellers|"
    r"travelers|worshippers|churchgoers|infants|babies|elderly)\b",
    re.I,
)
_NOT_CIVILIAN_NOUNS = re.compile(
    r"\b(?:soldiers?|troops|police|policemen|officers?|fighters?|militants?|militiamen|gunmen|attackers|"
    r"insurgents?|jihadists?|guards?|personnel|members|recruits|security|army|forces)\b",
    re.I,
)


@dataclass
class _Frame:
    triggers: list[Trigger]
    dates: list[DateExpr] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    coref_places: list[tuple[int, int, str]] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    weapons: list[WeaponMention] = field(default_factory=list)
    refers_back: bool = False  # only triggers such as "the fighting": it elaborates an earlier occurrence
    subject: tuple | None = None  # (actor1, mention) of an earlier verb of the sentence ("X broke ... and drove ...")
    subject_mention: ActorMention | None = None

    @property
    def head(self) -> Trigger:
        """The frame's verb: its strongest trigger that is not a weapon, else its strongest."""
        own = [t for t in self.triggers if t.role != "weapon"] or self.triggers
        return max(own, key=lambda t: (t.rank, -t.start))

    @property
    def start(self) -> int:
        return min(t.start for t in self.triggers)

    @property
    def end(self) -> int:
        return max(t.end for t in self.triggers)

    def distance(self, start: int, end: int) -> int:
        if end <= self.start:
            return self.start - end
        if start >= self.end:
            return start - self.end
        return 0


class _Index:
    """Mentions of one kind sorted by start, for the ones inside a span."""

    def __init__(self, items: list) -> None:
        self.items = sorted(items, key=lambda x: x.start)
        self.starts = [x.start for x in self.items]

    def within(self, start: int, end: int) -> list:
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end)
        return [x for x in self.items[i:j] if x.end <= end]


@dataclass
class _Context:
    """What earlier sentences established: the last named armed group, place and claimant."""

    countries: list[str]
    sources: SourceIndex | None = None
    last_group: ActorMention | None = None
    last_place: tuple[Place | None, str, int | None] | None = None  # place, as written, geo precision
    last_attribution: Attribution | None = None


def _weapon_trigger(w: WeaponMention) -> Trigger:
    event_type, sub = w.suggests
    role = "weapon"
    return Trigger(w.start, w.end, w.text, role, WEAPON_RANK.get(sub, 30), event_type, sub)


def _governed(text: str, sentence: Span, t: Trigger) -> bool:
    """A modal, forecast or negation among the few words before the trigger in its clause."""
    before = text[max(sentence.start, t.start - 60):t.start]
    cut = max((m.end() for m in _DROP_BEFORE_TRIGGER.finditer(before)), default=0)
    words = before[cut:].split()[-6:]
    return bool(_MODAL.search(" ".join(words)))


def _compared(text: str, sentence: Span, t: Trigger) -> bool:
    """In a comparison or a phrase of support: it describes another trigger's occurrence."""
    before = text[max(sentence.start, t.start - 50):t.start]
    return bool(_COMPARISON.search(before) or _SUPPORT.search(before))


def _place_after(text: str, t: Trigger, places: list[PlaceMention], corefs: list[tuple[int, int, str]]) -> bool:
    for start, _end in [(p.start, p.end) for p in places] + [(s, e) for s, e, _ in corefs]:
        if start >= t.end and start - t.end <= 60 and _TERRITORY_GAP.match(text[t.end:start]):
            return True
    return False


def _place_before(text: str, t: Trigger, places: list[PlaceMention], corefs: list[tuple[int, int, str]]) -> bool:
    spans = [(p.start, p.end) for p in places] + [(s, e) for s, e, _ in corefs]
    return any(e <= t.start and t.start - e <= 40 and "," not in text[e:t.start] for s, e in spans)


def _running_toll(text: str, sentence: Span, t: Trigger) -> bool:
    return bool(_RUNNING_TOLL.search(text[max(sentence.start, t.start - 60):t.start]))


def _keep(text: str, sentence: Span, t: Trigger, places, corefs) -> bool:
    if _governed(text, sentence, t) or _running_toll(text, sentence, t):
        return False
    if t.role == "territory":
        return _place_after(text, t, places, corefs)
    if t.role == "fell":
        return _place_before(text, t, places, corefs) or _place_after(text, t, places, corefs)
    return True


def _dates_overlap(a: list[DateExpr], b: list[DateExpr]) -> bool:
    if not a or not b:
        return True
    # "since 2001" spans years up to now: it tells two dated occurrences apart from nothing.
    a = [x for x in a if not _SPAN_DATE.match(x.text)] or a
    b = [y for y in b if not _SPAN_DATE.match(y.text)] or b
    for x in a:
        for y in b:
            if x.date_start and y.date_start and x.date_end and y.date_end:
                if x.date_start <= y.date_end and y.date_start <= x.date_end:
                    return True
            else:
                return True
    return False


def _nearest(frames: list[_Frame], start: int, end: int) -> _Frame:
    return min(frames, key=lambda f: (f.distance(start, end), 0 if f.end <= start else 1))


_PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}


def _best_date(frame: _Frame) -> DateExpr | None:
    usable = [d for d in frame.dates if d.resolved and d.date_start is not None]
    if not usable:
        return None
    return min(usable, key=lambda d: (_PRECISION_ORDER.get(d.precision or "year", 4),
                                      frame.distance(d.start, d.end)))


def _frames(text: str, sentence: Span, triggers: list[Trigger], dates: list[DateExpr]) -> list[_Frame]:
    """Group the sentence's triggers into occurrences; triggers in a comparison start none."""
    heads = [t for t in triggers if t.role != "weapon" and not _compared(text, sentence, t)] or triggers
    owned: dict[int, list[DateExpr]] = {i: [] for i in range(len(heads))}
    for d in dates:
        i = min(range(len(heads)), key=lambda k: (_span_gap(heads[k], d), 0 if heads[k].end <= d.start else 1))
        owned[i].append(d)
    frames: list[_Frame] = []
    dateless = []
    for i, t in enumerate(heads):
        if not owned[i] and (frames or len(heads) > 1):
            dateless.append(t)
        elif frames and _dates_overlap(frames[-1].dates, owned[i]):
            frames[-1].triggers.append(t)
            frames[-1].dates.extend(owned[i])
        else:
            frames.append(_Frame([t], list(owned[i])))
    if not frames:
        frames.append(_Frame([dateless.pop(0)]))
    for t in dateless + [t for t in triggers if t not in heads]:
        _nearest(frames, t.start, t.end).triggers.append(t)
    frames.sort(key=lambda f: f.start)
    return frames


def _subject_of(text: str, frames: list[_Frame], a: ActorMention) -> _Frame:
    """The frame an actor belongs to: the nearest, except that an actor in a new clause
    before a later verb is that verb's subject ("X seized it in 2014, and Y retook it")."""
    near = _nearest(frames, a.start, a.end)
    later = [f for f in frames if f.start >= a.end]
    if later and later[0] is not near and near.end <= a.start:
        last = max([near.end] + [d.end for d in near.dates if d.end <= a.start])
        if _NEW_CLAUSE.search(text[last:a.start]):
            return later[0]
    return near


def _span_gap(t: Trigger, d: DateExpr) -> int:
    return d.start - t.end if d.start >= t.end else t.start - d.end if d.end <= t.start else 0


def _resolve_actor(a: ActorMention, ctx: _Context, text: str = "", owner: str | None = None) -> str | None:
    if a.actor:
        return a.actor
    if owner and _POSSESSIVE.search(text[max(0, a.start - 8):a.start]):
        return owner  # "the PMF media office said four of its fighters were killed"
    if ctx.last_group is not None and (_DEFINITE.match(a.text) or _GROUP_WORDS.match(a.text)):
        return ctx.last_group.actor
    return None


def _actors(text: str, frame: _Frame, ctx: _Context, claimant_spans: list[tuple[int, int]],
            owner: str | None = None) -> tuple:
    """actor1, actor2 and their evidence; `owner` is the side the claimant speaks for, whose
    "its fighters" / "our men" these are."""
    usable = [a for a in frame.actors if not any(s <= a.start and a.end <= e for s, e in claimant_spans)
              and not _SUPPORT.search(text[max(0, a.start - 50):a.start])]
    # "accused the X militia of carrying out the attack", "X was blamed", "claimed by X": the doer.
    blamed = [a for a in usable if a.actor and a.actor != "Civilians"
              and (_BLAME_BEFORE.search(text[max(0, a.start - 60):a.start]) or _BLAME_AFTER.match(text, a.end))]
    usable = [a for a in usable if a not in blamed]
    head = _agent_verb(text, frame, usable)
    # An actor that holds the trigger word is its subject: "Iraqi aircraft struck", "a US drone hit".
    before = [a for a in usable if a.end <= head.start or a.start <= head.start < a.end]
    after = [a for a in usable if a.start >= head.start and a not in before]  # "drove the fighters out"
    passive = bool(_PASSIVE_BEFORE.search(text[max(0, head.start - 20):head.start]))
    by = [a for a in after if re.search(r"\bby\s+(?:\S+\s+){0,3}$", text[max(0, a.start - 35):a.start])]
    a1 = a2 = None
    if passive or by:
        a1 = next((a for a in by if a.actor), by[0]) if by else None  # "by fighters of the X": X
        a2 = ([a for a in before if a.actor] or before or [None])[-1]
    else:
        if head.role == "fell":
            a1 = after[0] if after else None
            a2 = None
        else:
            named_before = [a for a in before if a.actor or _DEFINITE.match(a.text)]
            a1 = (named_before or before or [None])[-1]
            # "government forces and the PMF retook it": the first of coordinated subjects leads.
            while a1 is not None and (prev := [a for a in named_before if a.end <= a1.start]) \
                    and _COORDINATED.match(text[prev[-1].end:a1.start]):
                a1 = prev[-1]
            a2 = ([a for a in after if a.actor] or after or [None])[0]
    name1 = _resolve_actor(a1, ctx, text, owner) if a1 else None
    name2 = _resolve_actor(a2, ctx, text, owner) if a2 else None
    if name1 is None and frame.subject and not (passive or by):
        name1, a1 = frame.subject  # the subject of the sentence's earlier verb
    blame_rule = None
    if blamed and (name1 is None or name1 == "Civilians" or (a1 is not None and a1.descriptive)):
        if name1 and name2 is None and name1 != blamed[0].actor:
            name2, a2 = name1, a1  # "three soldiers were killed in an ambush claimed by X"
        a1, name1, blame_rule = blamed[0], blamed[0].actor, "blamed"
    if name2 is None:
        victims = _victims(text, frame)
        if victims:
            name2, a2 = victims
    if name1 == "Civilians":  # civilians are the ones acted on: "villagers were ...", "residents fled ..."
        if name2 is None:
            name2, a2 = name1, a1
        name1, a1 = None, None
    if name1 and name1 == name2:
        name2, a2 = None, None
    ev = {}
    if a1 is not None and name1:
        rule = blame_rule or ("passive_by" if passive or by else "subject")
        ev["actor1"] = {"rule": f"{NAME}:{rule}", "span": [a1.start, a1.end]}
    if a2 is not None and name2:
        ev["actor2"] = {"rule": f"{NAME}:{'passive_subject' if passive else 'object'}", "span": [a2.start, a2.end]}
    frame.subject_mention = a1
    return name1, name2, ev, a1


def _agent_verb(text: str, frame: _Frame, actors: list[ActorMention]) -> Trigger:
    """The trigger whose subject names the actor: the frame's head, or an equally strong
    trigger with a named actor right before it ("Fighting continued, when Afghan forces
    ... clashed with ISKP fighters": "clashed", not "Fighting")."""
    head = frame.head
    if head.role in ("fixed", "weapon"):
        # "jets of the coalition struck ...": a noun names the weapon, the verb after it places the sides.
        verbs = [t for t in frame.triggers if t.start >= head.end and t.role in _VERB_ROLES]
        if verbs:
            head = verbs[0]
    ties = [t for t in frame.triggers if t.role == head.role and t.rank == head.rank]

    def subject_gap(t: Trigger) -> int | None:
        gaps = [t.start - a.end for a in actors if a.end <= t.start and a.actor
                and not re.search(r"[;:]", text[a.end:t.start])]
        return min(gaps) if gaps else None

    with_subject = [(g, t.start, t) for t in ties for g in [subject_gap(t)] if g is not None and g <= 80]
    if not with_subject or any(t is head for _, _, t in with_subject):
        return head
    return min(with_subject, key=lambda x: (x[0], x[1]))[2]


def _victims(text: str, frame: _Frame):
    """Civilians when the frame's casualty figures count civilians ("11 villagers were killed")."""
    for q in frame.quantities:
        # 'killed seven "Christians"': the noun may stand in quotation marks
        quoted = _QUOTED_NOUN.match(text, q.end)
        noun = q.noun or (quoted.group(1) if quoted else None)
        if q.category in ("killed", "wounded", "captured") and noun and q.high != 0:
            if _CIVILIAN_NOUNS.search(noun) and not _NOT_CIVILIAN_NOUNS.search(noun):
                return "Civilians", q
    return None


def _type(frame: _Frame, actor1_kind: str | None, actor2: str | None,
          has_subject: bool = True) -> tuple[str | None, str | None, str]:
    head = frame.head
    strongest = max(frame.triggers, key=lambda t: t.rank)
    if head.role in ("territory", "fell") and head.rank >= strongest.rank:
        if actor1_kind in _GOVERNMENT_KINDS:
            return "Battles", "Government regains territory", "territory:government"
        return "Battles", "Non-state actor overtakes territory", "territory:non_state"
    t = strongest
    if t.role == "strike" or (t.role == "weapon" and t.sub_event_type is None):
        subs = [w for w in frame.triggers if w is not t and w.event_type == t.event_type and w.sub_event_type]
        if subs:
            best = max(subs, key=lambda w: w.rank)
            return best.event_type, best.sub_event_type, f"{t.role}+{best.role}"
        if t.role == "strike":
            clash = [w for w in frame.triggers if w.role in ("clash", "kill")]
            if clash:
                t = max(clash, key=lambda w: w.rank)
            else:
                return "Explosions/Remote violence", "Remote explosive/landmine/IED", "strike:default_explosive"
        else:
            return t.event_type, "Remote explosive/landmine/IED", "weapon:default_explosive"
    if t.role in ("clash", "kill") or (t.role == "weapon" and t.event_type == "Battles"):
        only_deaths = t.role == "kill" and all(w.role == "kill" for w in frame.triggers)
        # A toll with no one doing and no date ("eight people had been killed, a police
        # spokesman said") is the toll of an occurrence told before, even when it counts civilians.
        if only_deaths and (actor2 != "Civilians" or not (has_subject or frame.dates)):
            return None, None, "kill:refers_back"
        if actor2 == "Civilians":
            return "Violence against civilians", "Attack", f"{t.role}:civilian_target"
        return "Battles", "Armed clash", t.role
    return t.event_type, t.sub_event_type, t.role


_HEAD_CATEGORY = (("wounded", re.compile(r"wound|injur", re.I)),
                  ("captured", re.compile(r"abduct|kidnap|captur|arrest|detain|hostage", re.I)),
                  ("killed", re.compile(r"kill|dead|died|slain|execut|neutrali|eliminat|martyr|massacr|murder", re.I)))


def _category(text: str, frame: _Frame, q: Quantity) -> str | None:
    """The quantity's own category, else the frame's casualty verb when the count is of people
    and the verb follows it in the passive ("36 militants of the group ... had been killed")."""
    if q.category or not q.noun or q.low is None:
        return q.category
    if not (_CIVILIAN_NOUNS.search(q.noun) or _NOT_CIVILIAN_NOUNS.search(q.noun)):
        return None
    verbs = [t for t in frame.triggers if t.role == "kill" and t.start >= q.end
             and _PASSIVE_BEFORE.search(text[max(0, t.start - 20):t.start])]
    if not verbs:
        return None
    return next((cat for cat, rx in _HEAD_CATEGORY if rx.search(verbs[0].text)), None)


def _figures(text: str, frame: _Frame) -> tuple[dict[str, Range], dict]:
    sums: dict[str, list[Quantity]] = {}
    for q in frame.quantities:
        category = _category(text, frame, q)
        if category not in ("killed", "wounded", "captured"):
            continue
        if _SUBSET.search(text[max(0, q.start - 25):q.start]):
            continue
        sums.setdefault(category, []).append(q)
    out: dict[str, Range] = {}
    ev = {}
    for cat, qs in sums.items():
        lows = [q.low for q in qs if q.low is not None]
        low = sum(lows) if lows else None
        high = sum(q.high for q in qs) if all(q.high is not None for q in qs) else None
        out[cat] = Range(low, high)
        ev[cat] = {"rule": f"{NAME}:sum" if len(qs) > 1 else qs[0].rule, "spans": [[q.start, q.end] for q in qs]}
    return out, ev


def _usable_place(p: PlaceMention, ctx: _Context) -> bool:
    """A resolved place below province level in the article's main country: what "the town" can mean."""
    r = p.resolution
    if r is None or r.place is None or (r.place.feature_code or "").startswith(("PCL", "ADM")) \
            or (r.geo_precision or 0) >= 3:
        return False
    return not ctx.countries or r.place.country_code == ctx.countries[0]


def _place(text: str, frame: _Frame, ctx: _Context, sentence_places: list[PlaceMention]) -> tuple[Place | None, str | None, int | None, dict]:
    head = frame.head
    cands: list[tuple] = []
    for p in frame.places:
        r = p.resolution
        precision = r.geo_precision if r else None
        in_country = r is not None and r.place is not None and (not ctx.countries or r.place.country_code == ctx.countries[0])
        country_only = r is not None and r.place is not None and (r.place.feature_code or "").startswith("PCL")
        rank = (
            0 if in_country and not country_only else 1 if r and r.place and not country_only else 2 if not r or not r.place else 3,
            # A name as the gazetteer spells it before a transliteration guess of a short word ("Bamenda
            # town" before "Down town"), and a town before the province, country or region around it
            # (a district, "fighting in Sirwah district", is where the text puts the event).
            int(r is not None and r.place is not None and bool(r.candidates) and len(name_key(p.name)) <= 4
                and not any(w.startswith(("+2 same name", "+2 called")) for w in r.candidates[0].reasons)),
            int((precision or 0) >= 3 and not (r and r.place and r.place.feature_code in ("ADM2", "ADM3"))),
            0 if p.start >= head.start else 1,
            frame.distance(p.start, p.end),
        )
        cands.append((rank, p.start, p.end, r.place if r else None, p.text, precision, p.rule))
    for s, e, written in frame.coref_places:
        if any(_APPOSITION.match(text, e, p.start) for p in frame.places):
            continue  # "the capital, Sanaa": the name that follows says which
        earlier = [p for p in sentence_places if p.end <= s and _usable_place(p, ctx)]
        antecedent = (earlier[-1].place, earlier[-1].text, earlier[-1].resolution.geo_precision) if earlier \
            else ctx.last_place
        if antecedent is not None:
            place, _as_written, precision = antecedent
            cands.append(((0, 0, int((precision or 0) >= 3), 0 if s >= head.start else 1, frame.distance(s, e)), s, e, place, written, precision,
                          f"{NAME}:place_coreference"))
    if not cands:
        return None, None, None, {}
    _, s, e, place, written, precision, rule = min(cands, key=lambda c: c[0])
    return place, written, precision, {"place": {"rule": rule, "span": [s, e]}}


def _claimant(frame: _Frame, atts: list[Attribution]) -> Attribution | None:
    if not atts:
        return None
    head = frame.head
    before = [a for a in atts if a.end <= head.start]
    if before:
        return before[-1]
    after = [a for a in atts if a.start >= head.end]
    return after[0] if after else atts[0]


@functools.cache
def _packaged_sources() -> SourceIndex:
    """The packaged sources file, to name claimants the annotation did not recognise."""
    return load_sources()


def extract(article: Article, annotation: Annotation) -> list[Claim]:
    """The claims of one article, in text order (see the module docstring)."""
    text = article.text
    lexicon = load_triggers()
    idx_trig = _Index(find_triggers(text, lexicon))
    idx_weap = _Index(annotation.weapons)
    idx_place = _Index(annotation.places)
    idx_actor = _Index(annotation.actors)
    idx_src = _Index(annotation.sources)
    idx_date = _Index(annotation.dates)
    idx_qty = _Index(annotation.quantities)
    ctx = _Context(countries=annotation.countries, sources=_packaged_sources())
    outlet = article.outlet or _host(article.url) or UNKNOWN_OUTLET
    claims: list[Claim] = []
    for sentence in split_sentences(text):
        s0, s1 = sentence
        places = idx_place.within(s0, s1)
        actors = idx_actor.within(s0, s1)
        sources = idx_src.within(s0, s1)
        dates = [d for d in idx_date.within(s0, s1) if d.resolved]
        quantities = idx_qty.within(s0, s1)
        weapons = idx_weap.within(s0, s1)
        corefs = [(m.start(), m.end(), m.group()) for m in _PLACE_COREF.finditer(text, s0, s1)
                  if not any(p.start <= m.start() < p.end for p in places)]
        # "militants seized it": the pronoun object of a change of territory is a place told before.
        corefs += [(m.start(1), m.end(1), m.group(1)) for t in idx_trig.within(s0, s1)
                   if t.role == "territory" for m in [_IT_OBJECT.match(text, t.end, s1)] if m]
        atts = find_attributions(text, sentence, sources, actors, ctx.last_attribution, ctx.sources)
        att_spans = [a.span for a in atts if a.span] + [(a.start, a.end) for a in atts]
        # Where the claimant sits is not where it happened: "the defence ministry in Kabul said".
        places = [p for p in places if not any(_CLAIMANT_SEAT.match(text, e, p.start) or s <= p.start < e
                                               for s, e in att_spans)]
        triggers = [t for t in idx_trig.within(s0, s1)
                    if not any(s <= t.start < e for s, e in att_spans)
                    and not any(p.start <= t.start < p.end for p in places)
                    and _keep(text, sentence, t, places, corefs)]
        triggers += [t for t in map(_weapon_trigger, weapons) if not _governed(text, sentence, t)]
        casualties = [q for q in quantities if q.category in ("killed", "wounded", "captured")]
        if not triggers and casualties and not any(_running_toll(text, sentence, t)
                                                    for t in idx_trig.within(s0, s1)):
            triggers = [Trigger(q.start, q.end, q.text, "kill", 1, "Battles", "Armed clash") for q in casualties[:1]]
        if triggers:
            triggers.sort(key=lambda t: t.start)
            frames = _frames(text, sentence, triggers, dates)
            for kind, items in (("places", places), ("quantities", quantities), ("weapons", weapons)):
                for item in items:
                    getattr(_nearest(frames, item.start, item.end), kind).append(item)
            for a in actors:
                _subject_of(text, frames, a).actors.append(a)
            for c in corefs:
                _nearest(frames, c[0], c[1]).coref_places.append(c)
            subject = None
            for frame in frames:
                frame.subject = subject
                if claims and _ANAPHORIC.search(text[max(s0, frame.head.start - 30):frame.head.start]):
                    frame.refers_back = True
                    frame.dates, frame.places, frame.coref_places = [], [], []
                claim = _claim(article, text, sentence, frame, atts, ctx, outlet, places)
                if claim is not None:
                    claims.append(claim)
                    subject = subject or (claim.actor1, frame.subject_mention)
        _remember(ctx, places, actors, atts)
    _refer_back(claims)
    _previous_holder(claims)
    return claims


def _claim(article: Article, text: str, sentence: Span, frame: _Frame, atts: list[Attribution], ctx: _Context,
           outlet: str, sentence_places: list[PlaceMention]) -> Claim | None:
    att = _claimant(frame, atts)
    claimant_spans = [a.span for a in atts if a.span]
    owner = att.source.affiliation if att is not None else None
    actor1, actor2, evidence, a1 = _actors(text, frame, ctx, claimant_spans, owner)
    event_type, sub_type, type_rule = _type(frame, a1.kind if a1 is not None and actor1 else None, actor2,
                                            has_subject=a1 is not None)
    figures, fig_ev = _figures(text, frame)
    place, written, precision, place_ev = _place(text, frame, ctx, sentence_places)
    date = _best_date(frame)
    head = frame.head
    if frame.refers_back:
        if not figures:
            return None  # "the fighting lasted hours": more about an occurrence told before
        event_type = sub_type = None
        type_rule = "refers_back"
    else:
        habitual = any(_HABITUAL.search(text[max(sentence.start, t.start - 40):t.start]) for t in frame.triggers)
        counted = [q for q in frame.quantities if q.category]
        if date is None and habitual and counted and all(q.vague for q in counted):
            return None  # "years of massacres that have killed thousands": a tally of a history
        if not (figures or date) and (not (place or written) or actor1 is None or habitual):
            return None  # an elaboration, a habit or a generality, not an occurrence
    evidence["event_type"] = {"rule": f"{NAME}:{type_rule}", "span": [head.start, head.end], "trigger": head.text}
    evidence.update(place_ev)
    for cat, ev in fig_ev.items():
        evidence[cat] = ev
    if date is not None:
        evidence["date"] = {"rule": date.rule, "span": [date.start, date.end]}
    if att is not None:
        source = Source(att.source.name, att.source.kind, att.source.affiliation)
        verb = att.verb
        evidence["source"] = {"rule": att.rule, "span": list(att.span) if att.span else None,
                              "verb_span": [att.start, att.end]}
    else:
        source = Source(outlet, "independent_media", None)
        verb = "reported"
        evidence["source"] = {"rule": f"{NAME}:unattributed", "span": None}
    s0, s1 = sentence
    weapons = []
    for w in frame.weapons:
        if w.canonical not in weapons:
            weapons.append(w.canonical)
    return Claim(
        article_id=article.id, quote=text[s0:s1], start=s0, end=s1, source=source, verb=verb,
        reported_by=outlet, event_type=event_type, sub_event_type=sub_type,
        actor1=actor1, actor2=actor2, place=place, place_as_written=written, geo_precision=precision,
        date_start=date.date_start if date else None, date_end=date.date_end if date else None,
        time_precision=date.precision if date else None, weapons=weapons,
        killed=figures.get("killed", Range()), wounded=figures.get("wounded", Range()),
        captured=figures.get("captured", Range()),
        hedged=verb == "claimed" or bool(HEDGES.search(text, s0, s1)), evidence=evidence, extractor=NAME,
    )


def _remember(ctx: _Context, places: list[PlaceMention], actors: list[ActorMention], atts: list[Attribution]) -> None:
    for a in actors:
        if a.actor and a.kind not in ("civilians", None) and a.kind not in _GOVERNMENT_KINDS \
                and not (a.kind or "").startswith("government"):
            ctx.last_group = a
    for p in places:
        if _usable_place(p, ctx):  # not "in what Washington later called a mistake"
            ctx.last_place = (p.place, p.text, p.resolution.geo_precision)
    if atts:
        ctx.last_attribution = atts[-1]


def _host(url: str | None) -> str | None:
    """The site an article came from, for an outlet nobody named: "www.example.org" -> "example.org"."""
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname if url and "://" in url else None
    return host.removeprefix("www.") if host else None


_CHANGES = ("Non-state actor overtakes territory", "Government regains territory", "Non-violent transfer of territory")


def _previous_holder(claims: list[Claim]) -> None:
    """A place taken from nobody the sentence names was taken from whoever the article
    last said took it: "militants seized it in June 2014, and troops retook it in 2015"."""
    def where(c: Claim):
        return c.place.geonameid or c.place.name if c.place is not None else c.place_as_written

    changes = sorted((c for c in claims if c.sub_event_type in _CHANGES and c.date_start and where(c)),
                     key=lambda c: (c.date_start, c.start))
    held: dict = {}
    for c in changes:
        before = held.get(where(c))
        if c.actor2 is None and before is not None and before.actor1 and before.actor1 != c.actor1:
            c.actor2 = before.actor1
            c.evidence["actor2"] = {"rule": f"{NAME}:previous_holder", "from": [before.start, before.end]}
        if c.actor1:
            held[where(c)] = c


def _refer_back(claims: list[Claim]) -> None:
    """Claims that lean on an earlier one ("the toll", "the attack") take its type and place;
    a group's own media is perpetrator media for what the group did, partisan otherwise."""
    for i, c in enumerate(claims):
        leans = c.event_type is None
        if c.event_type is None:
            ref = next((p for p in reversed(claims[:i]) if p.event_type), None) or \
                next((p for p in claims[i + 1:] if p.event_type), None)
            if ref is not None:
                c.event_type, c.sub_event_type = ref.event_type, ref.sub_event_type
                c.evidence["event_type"] = {**c.evidence.get("event_type", {}), "rule": f"{NAME}:refers_back",
                                            "from": [ref.start, ref.end]}
                if c.actor1 is None and ref.actor2 and c.actor2 != ref.actor2:
                    c.actor2 = None  # the victims counted are among the sides the occurrence names
                    c.evidence.pop("actor2", None)
            elif c.actor2 == "Civilians":
                c.event_type, c.sub_event_type = "Violence against civilians", "Attack"
            else:
                c.event_type, c.sub_event_type = "Battles", "Armed clash"
        vague = c.place is None and c.place_as_written is None or (leans and (c.geo_precision or 0) >= 3)
        if vague:
            ref = next((p for p in reversed(claims[:i]) if p.place is not None), None)
            if ref is not None:
                c.place, c.place_as_written, c.geo_precision = ref.place, ref.place_as_written, ref.geo_precision
                c.evidence["place"] = {"rule": f"{NAME}:context_place", "from": [ref.start, ref.end]}
        if c.source.kind in ("perpetrator_media", "partisan_media") and c.source.affiliation:
            actor1 = c.actor1 or next((p.actor1 for p in reversed(claims[:i]) if p.actor1), None)
            c.source.kind = "perpetrator_media" if c.source.affiliation == actor1 else "partisan_media"
