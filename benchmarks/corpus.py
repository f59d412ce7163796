"""A synthetic corpus of conflict news reports for the benchmarks: seeded, deterministic.

    articles = generate(5000, seed=7)          # list[Report], every one distinct
    write_text(articles, "/tmp/x/text")        # one .txt per report, page furniture included
    write_html(articles, "/tmp/x/html")        # the same reports as full web pages

Each report mixes a theatre, its places and armed actors, an event, tolls written the
way reporters write them ("at least 12", "dozens"), sources that disagree, dates and
background, and carries the page furniture marsad must clean away: section labels,
bylines, datelines, share prompts, captions, "Related Articles" lists, tags, comment
counts, donation appeals and copyright lines. Plain-text reports are 1.5-5 KB.

None of it is real reporting: names of outlets, reporters and witnesses are made up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import random
from dataclasses import dataclass, field
from pathlib import Path

MIN_BYTES = 1500
MAX_BYTES = 5000

THEATRES = {
    "syria": dict(
        region="Middle East", country="Syria",
        places=["Deir Ezzor", "al-Mayadin", "Abu Kamal", "Palmyra", "Idlib", "Raqqa", "Hasakah", "Qamishli",
                "Daraa", "Hama", "the Homs countryside", "al-Bab", "Manbij", "Ariha", "Saraqeb", "Jisr al-Shughur"],
        attackers=["Islamic State fighters", "Islamic State cells", "HTS fighters", "unidentified gunmen",
                   "Turkish-backed factions", "a jihadist group"],
        forces=["the Syrian army", "pro-government militias", "the Syrian Democratic Forces", "Kurdish-led forces",
                "Russian military police", "the National Defence Forces"],
        air=["Russian jets", "Syrian government aircraft", "US-led coalition aircraft", "Turkish drones"],
        outlets=["Euphrates Monitor", "Levant Wire", "Badia Post", "Orontes Daily"],
        monitor="the Syria Casualty Watch", state="the state news agency SANA",
        claim="Amaq", desert="the Badia desert", month_words=["Wilayat al-Khayr", "Wilayat al-Sham"],
    ),
    "sahel": dict(
        region="Africa", country="Mali",
        places=["Ménaka", "Gao", "Mopti", "Ségou", "Kidal", "Tessit", "Ansongo", "Boni", "Djenné", "Niono",
                "Diafarabé", "Tombouctou", "Bandiagara", "Léré", "Dioura", "Hombori"],
        attackers=["JNIM fighters", "Islamic State Sahel militants", "gunmen on motorbikes", "armed men",
                   "jihadist fighters", "suspected JNIM militants"],
        forces=["the Malian armed forces (FAMa)", "Russian mercenaries", "Dozo hunters", "a self-defence militia",
                "Malian soldiers", "the national guard"],
        air=["Malian air force drones", "Turkish-made Bayraktar drones", "army helicopters", "Malian jets"],
        outlets=["Sahel Wire", "Niger Bend Post", "Bamako Courier", "Le Sahélien"],
        monitor="the Sahel Conflict Observatory", state="the state broadcaster ORTM",
        claim="az-Zallaqa", desert="the Liptako-Gourma", month_words=["the three-border area", "the inner delta"],
    ),
    "burkina": dict(
        region="Africa", country="Burkina Faso",
        places=["Djibo", "Dori", "Fada N'Gourma", "Kaya", "Ouahigouya", "Diapaga", "Arbinda", "Gorom-Gorom",
                "Solenzo", "Barsalogho", "Titao", "Sebba", "Kongoussi", "Pama"],
        attackers=["JNIM fighters", "Ansarul Islam militants", "Islamic State Sahel militants", "armed men",
                   "suspected jihadists", "gunmen"],
        forces=["the Burkinabè army", "Volunteers for the Defence of the Homeland (VDP)", "gendarmes",
                "a rapid intervention battalion", "the national police", "VDP auxiliaries"],
        air=["army drones", "Burkinabè air force helicopters", "military aircraft"],
        outlets=["Faso Monitor", "Ouaga Daily", "Le Burkinabè", "Sahel Wire"],
        monitor="the Sahel Conflict Observatory", state="the state broadcaster RTB",
        claim="az-Zallaqa", desert="the Sahel region", month_words=["the Centre-Nord", "the Est region"],
    ),
    "lake_chad": dict(
        region="Africa", country="Nigeria",
        places=["Maiduguri", "Gwoza", "Monguno", "Bama", "Damboa", "Konduga", "Dikwa", "Ngala", "Rann",
                "Marte", "Damasak", "Baga", "Malam Fatori", "Chibok", "Askira", "Kukawa"],
        attackers=["Boko Haram fighters", "ISWAP militants", "jihadists", "suspected Boko Haram insurgents",
                   "ISWAP fighters in gun trucks", "insurgents"],
        forces=["the Nigerian army", "the Civilian Joint Task Force (CJTF)", "troops of Operation Hadin Kai",
                "the Multinational Joint Task Force", "police mobile units", "vigilantes"],
        air=["Nigerian Air Force jets", "air force helicopters", "fighter jets of the air component"],
        outlets=["Borno Chronicle", "Lake Chad Post", "Sahara Reporters Desk", "Northeast Daily"],
        monitor="the Nigeria Security Tracker", state="the News Agency of Nigeria",
        claim="Amaq", desert="the Sambisa forest", month_words=["the Lake Chad islands", "the Timbuktu Triangle"],
    ),
    "somalia": dict(
        region="Africa", country="Somalia",
        places=["Mogadishu", "Baidoa", "Beledweyne", "Kismayo", "Afgooye", "Marka", "Jowhar", "Galkayo",
                "Bulo Burde", "Mahas", "Dhusamareb", "Bardhere", "Jilib", "Wanlaweyn", "Balcad", "Elasha Biyaha"],
        attackers=["al-Shabaab fighters", "al-Shabaab militants", "a suicide bomber", "gunmen", "militants",
                   "al-Shabaab's Amniyat unit"],
        forces=["the Somali National Army", "African Union troops", "ma'awisley clan militias", "Danab special forces",
                "Jubaland forces", "police"],
        air=["US AFRICOM aircraft", "Turkish drones", "Somali air force drones"],
        outlets=["Horn Observer", "Mogadishu Times", "Shabelle Wire", "Somali Dispatch"],
        monitor="the Horn Conflict Monitor", state="the state news agency SONNA",
        claim="Shahada News", desert="the Shabelle valley", month_words=["Middle Shabelle", "Hiiraan"],
    ),
    "yemen": dict(
        region="Middle East", country="Yemen",
        places=["Marib", "Taiz", "Hodeidah", "al-Bayda", "Shabwa", "Abyan", "Saada", "Aden", "al-Jawf",
                "Hajjah", "al-Dhale", "Lahj", "Mukalla", "Harib", "Sirwah", "Hays"],
        attackers=["Houthi forces", "AQAP militants", "Houthi fighters", "gunmen", "suspected al-Qaeda members",
                   "Houthi drones"],
        forces=["government forces", "the Giants Brigades", "Southern Transitional Council forces",
                "tribal fighters", "the Security Belt forces", "the coalition"],
        air=["Saudi-led coalition aircraft", "coalition warplanes", "US drones", "Houthi drones"],
        outlets=["Arabia Wire", "Aden Observer", "Sanaa Monitor", "Red Sea Post"],
        monitor="the Yemen Data Watch", state="the Houthi-run Saba news agency",
        claim="al-Malahim", desert="the desert east of Marib", month_words=["the Marib front", "the west coast"],
    ),
    "afpak": dict(
        region="Asia", country="Pakistan",
        places=["Peshawar", "Bannu", "Quetta", "North Waziristan", "Dera Ismail Khan", "Khyber", "Bajaur",
                "Lakki Marwat", "Tank", "Kech", "Turbat", "Zhob", "Mastung", "Kurram", "Mir Ali", "Chitral"],
        attackers=["TTP militants", "a suicide bomber", "IS-K fighters", "Baloch separatists", "gunmen on a motorbike",
                   "militants"],
        forces=["security forces", "the Frontier Corps", "police", "the army", "counter-terrorism police",
                "Levies personnel"],
        air=["army helicopters", "military aircraft", "drones"],
        outlets=["Frontier Post Desk", "Khyber Wire", "Indus Monitor", "Quetta Times"],
        monitor="the Pakistan Conflict Tracker", state="the military's media wing ISPR",
        claim="Umar Media", desert="the tribal districts", month_words=["Khyber Pakhtunkhwa", "Balochistan"],
    ),
    "drc": dict(
        region="Africa", country="DR Congo",
        places=["Goma", "Beni", "Butembo", "Bunia", "Rutshuru", "Masisi", "Djugu", "Oicha", "Kiwanja",
                "Sake", "Mambasa", "Irumu", "Lubero", "Kalehe", "Kitchanga", "Mutwanga"],
        attackers=["ADF rebels", "M23 rebels", "CODECO militiamen", "Mai-Mai fighters", "armed men",
                   "suspected ADF fighters"],
        forces=["the Congolese army (FARDC)", "UN peacekeepers", "Wazalendo militias", "Ugandan troops",
                "the national police", "MONUSCO blue helmets"],
        air=["Congolese Sukhoi jets", "army helicopters", "drones"],
        outlets=["Kivu Monitor", "Great Lakes Wire", "Ituri Post", "Goma Dispatch"],
        monitor="the Kivu Security Tracker", state="the army spokesman's office",
        claim="Amaq", desert="the Virunga park", month_words=["North Kivu", "Ituri"],
    ),
    "mozambique": dict(
        region="Africa", country="Mozambique",
        places=["Mocímboa da Praia", "Palma", "Macomia", "Muidumbe", "Ancuabe", "Quissanga", "Meluco",
                "Nangade", "Mueda", "Chiúre", "Metuge", "Montepuez", "Mucojo", "Quiterajo"],
        attackers=["insurgents", "Islamic State Mozambique fighters", "al-Shabaab insurgents", "armed men",
                   "jihadists", "suspected insurgents"],
        forces=["Mozambican troops", "Rwandan forces", "the local force", "SAMIM troops", "police",
                "the Mozambique Defence Armed Forces"],
        air=["helicopter gunships", "Rwandan aircraft", "military helicopters"],
        outlets=["Cabo Ligado Desk", "Zitamar Wire", "Pemba Post", "Mozambique Monitor"],
        monitor="the Cabo Delgado Observatory", state="the state broadcaster TVM",
        claim="Amaq", desert="the Messalo river valley", month_words=["Cabo Delgado", "Niassa"],
    ),
}

EVENTS = [
    # (verb phrase, noun phrase, what was hit)
    ("ambushed a convoy of {force} on the road between {place} and {place2}", "ambush", "convoy"),
    ("attacked an army checkpoint on the outskirts of {place}", "checkpoint attack", "checkpoint"),
    ("detonated a roadside bomb under a vehicle carrying {force} near {place}", "roadside bomb", "vehicle"),
    ("stormed the weekly market in {place}", "market attack", "market"),
    ("raided the village of {village}, some {km} kilometres from {place}", "village raid", "village"),
    ("fired mortar rounds at a base of {force} in {place}", "mortar attack", "base"),
    ("attacked a camp for displaced people near {place}", "camp attack", "camp"),
    ("overran a military post at {village}, north of {place}", "attack on a post", "post"),
    ("abducted travellers from a bus on the {place}-{place2} road", "abduction", "bus"),
    ("set off a car bomb outside a police station in {place}", "car bomb", "police station"),
    ("clashed with {force} for several hours around {place}", "clashes", "positions"),
    ("shelled residential areas of {place}", "shelling", "neighbourhood"),
]

TOLLS = [
    "at least {n}", "no fewer than {n}", "more than {n}", "up to {n}", "nearly {n}", "around {n}",
    "dozens of", "scores of", "several", "a number of", "{n}", "at least {n}",
]
VICTIMS = ["civilians", "soldiers", "villagers", "fighters", "members of the security forces", "people",
           "militiamen", "police officers", "worshippers", "traders", "displaced people", "herders"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WHEN = ["late on {day}", "on {day}", "early on {day}", "overnight into {day}", "on {day} afternoon",
        "at dawn on {day}", "on {day} evening", "shortly before noon on {day}"]
FIRST = ["Amina", "Omar", "Rania", "Jean-Paul", "Halima", "Moussa", "Fatima", "Abdi", "Sara", "Ibrahim",
         "Aïcha", "Yusuf", "Leila", "Hassan", "Nadia", "Karim", "Mariam", "Samuel", "Zainab", "Ali", "Grace",
         "Ousmane", "Hamza", "Noura", "Tomás", "Esperança"]
LAST = ["Yusuf", "Haddad", "Mbuyi", "Farah", "Traoré", "Diallo", "Osman", "Khan", "Ndlovu", "Said", "Kaboré",
        "Ouédraogo", "Musa", "Abdullahi", "Mensah", "Al-Amin", "Sow", "Kamara", "Nkurunziza", "Shah", "Bakr",
        "Machava", "Cossa", "Hussein", "Baloch", "Ilunga"]
ROLES = ["Staff Writer", "Correspondent", "Senior Correspondent", "Reporter", "Security Editor",
         "West Africa Editor", "Special Correspondent"]
WITNESS_ROLES = ["a trader", "a farmer", "a schoolteacher", "a local councillor", "a nurse", "a driver",
                 "a youth leader", "an elder", "a shopkeeper", "a student", "an imam", "a herder"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
SHARE = ["Share this article   Follow us on Twitter   Print", "Share on Facebook", "Share on WhatsApp",
         "Click to share", "Share this story", "Copy link", "Tweet this", "Email this"]
DONATE = ["Support our journalism. Donate today.", "Subscribe to our newsletter for the latest updates.",
          "We rely on readers like you. Become a supporter.", "Sign up for our daily briefing"]
FOLLOW = ["Follow us on Telegram", "Join our channel on WhatsApp for breaking news", "Follow us on X"]


@dataclass
class Report:
    slug: str
    theatre: str
    outlet: str
    title: str
    published: dt.date
    time: str
    byline: str
    section: str
    paragraphs: list[str]
    caption: str
    related: list[str]
    tags: list[str]
    comments: int
    dateline_style: int
    furniture: list[str] = field(default_factory=list)  # extra one-liners (share, donate, follow)
    crlf: bool = False

    def text(self) -> str:
        """The plain-text page, as a copy-paste or a scraper's dump would give it."""
        lines = [self.title, _dateline(self.published, self.time, self.dateline_style), self.section, "",
                 self.byline, ""]
        if self.furniture:
            lines += [self.furniture[0], ""]
        for i, p in enumerate(self.paragraphs):
            lines += [p, ""]
            if i == 1:
                lines += [self.caption, ""]
            if i == 2 and len(self.paragraphs) > 4:
                lines += ["Advertisement", ""]
        lines += ["Related Articles"] + [f"- {h}" for h in self.related] + [""]
        lines += ["Tags: " + ", ".join(self.tags), "", f"{self.comments} Comments", ""]
        lines += [x for f in self.furniture[1:] for x in (f, "")]
        lines.append(f"© {self.published.year} {self.outlet}. All rights reserved.")
        text = "\n".join(lines) + "\n"
        return text.replace("\n", "\r\n") if self.crlf else text

    def html(self) -> str:
        """The same report as a full web page: head, navigation, article, sidebar, footer."""
        e = html.escape
        iso = f"{self.published.isoformat()}T{self.time}:00+00:00"
        nav = "".join(f'<li><a href="/{s.lower()}/">{s}</a></li>' for s in
                      ("Home", "World", "Africa", "Middle East", "Asia", "Opinion", "Video", "Newsletter"))
        paras = "\n".join(f"<p>{e(p)}</p>" for p in self.paragraphs[:2])
        paras += (f'\n<figure><img src="/img/{self.slug}.jpg" alt="{e(self.caption[:60])}">'
                  f"<figcaption>{e(self.caption)}</figcaption></figure>\n")
        paras += "\n".join(f"<p>{e(p)}</p>" for p in self.paragraphs[2:])
        related = "".join(f'<li><a href="/news/{_slug(h)}">{e(h)}</a></li>' for h in self.related)
        tags = "".join(f'<a rel="tag" href="/tag/{_slug(t)}">{e(t)}</a> ' for t in self.tags)
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(self.title)} | {e(self.outlet)}</title>
<meta name="description" content="{e(self.paragraphs[0][:150])}">
<meta property="og:site_name" content="{e(self.outlet)}">
<meta property="og:title" content="{e(self.title)}">
<meta property="og:type" content="article">
<meta property="og:url" content="https://{_slug(self.outlet)}.example.org/news/{self.slug}">
<meta property="article:published_time" content="{iso}">
<meta property="article:section" content="{e(self.section)}">
<link rel="canonical" href="https://{_slug(self.outlet)}.example.org/news/{self.slug}">
<link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "{self.slug}"}});</script>
</head>
<body class="article-page">
<header class="site-header"><a class="logo" href="/">{e(self.outlet)}</a>
<nav class="main-nav"><ul>{nav}</ul></nav>
<form class="search" action="/search"><input name="q" placeholder="Search"></form></header>
<div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/world/">{e(self.section)}</a></div>
<main>
<article class="story">
<h1>{e(self.title)}</h1>
<p class="byline">{e(self.byline)} &middot; <time datetime="{iso}">{self.published.strftime('%d %B %Y')}</time></p>
<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">WhatsApp</a> <a href="#">Copy link</a></div>
{paras}
<div class="tags">Tags: {tags}</div>
</article>
<aside class="sidebar">
<section class="related"><h2>Related Articles</h2><ul>{related}</ul></section>
<section class="newsletter"><h2>Newsletter</h2><p>{e(DONATE[len(self.slug) % len(DONATE)])}</p>
<form><input type="email" placeholder="Your email"><button>Sign up</button></form></section>
<section class="most-read"><h2>Most read</h2><ol>{related}</ol></section>
</aside>
</main>
<div class="comments"><h3>{self.comments} Comments</h3><p>Comments are closed.</p></div>
<footer class="site-footer"><p>&copy; {self.published.year} {e(self.outlet)}. All rights reserved.</p>
<ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy</a></li>
<li><a href="/terms">Terms of use</a></li></ul></footer>
<script src="/static/app.js" async></script>
</body>
</html>
"""


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())[:80]


def _dateline(d: dt.date, time: str, style: int) -> str:
    return [
        f"{d.year}/{d.month:02d}/{d.day:02d}",
        f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
        f"{d.day:02d}.{d.month:02d}.{d.year} | {time}",
        f"Published: {d.day} {MONTHS[d.month - 1]} {d.year}",
        f"{DAYS[d.weekday()]}, {d.day} {MONTHS[d.month - 1]} {d.year}",
        f"Updated {d.isoformat()} {time} GMT",
    ][style]


def _toll(rng: random.Random) -> str:
    t = rng.choice(TOLLS)
    small = [2, 3, 4] if t == "{n}" or t.startswith("at least") else []
    return t.format(n=rng.choice(small + [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 19, 20, 22, 25, 27, 30,
                                          31, 34, 40, 45, 50, 60, 70, 100]))


def _village(rng: random.Random) -> str:
    a = rng.choice(["Tin", "Kol", "Bir", "Dar", "Mar", "Kaf", "Sab", "Wad", "Bou", "Nya", "Kil", "Mal", "Gar", "Tal"])
    b = rng.choice(["-Akoff", "-Hamma", "ima", "adji", "ouma", "oua", "ilo", " al-Gharbi", "kassa", "amba", "erou",
                    "ey", "-Kadi", "ara", "ugu"])
    return a + b


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _paragraphs(rng: random.Random, th: dict, ev: tuple, ctx: dict) -> list[str]:
    """Lede first, then body paragraphs in a shuffled but plausible order."""
    f = ctx
    lede = rng.choice([
        "{Attackers} {verb} {when}, killing {toll} {victims}, {source1}.",
        "{toll_cap} {victims} were killed {when} when {attackers} {verb}, {source1}.",
        "{Attackers} {verb} {when}, in one of the deadliest attacks in {area} this year, leaving {toll} {victims} dead.",
        "{toll_cap} {victims} died and {wounded} others were wounded after {attackers} {verb} {when}, {source1}.",
    ]).format(**f)
    pool = [
        "{Monitor_cap}, which tracks the conflict through a network of sources on the ground, put the toll at "
        "{toll2} {victims2}, among them {special}. Earlier reports had given a figure of {toll3}.",
        "In a statement carried by {state}, {officials} said {force} had \"repelled an attack by terrorist groups\" "
        "near {place} and killed a number of the attackers. It gave no figure for its own losses.",
        "{Claim} news agency said the group's fighters had killed {toll4} {victims2} and seized weapons, vehicles "
        "and ammunition before withdrawing towards {desert}. The claim could not be independently verified.",
        "\"We heard shooting from the {dir} side at around {hour} o'clock, then explosions,\" said {witness}, "
        "{wrole} who fled with {kin} to {place2}. \"By the morning there were bodies on the road and the "
        "soldiers had left.\"",
        "Residents of {village} reached by telephone said the fighting lasted several hours and that ambulances "
        "were still ferrying the wounded to the hospital in {place2} on {day2} morning. Mobile networks in the "
        "area were cut for much of the night.",
        "A local official, speaking on condition of anonymity because he was not authorised to talk to the press, "
        "said {toll5} people were missing and that {count} houses had been burned. \"Many families have taken "
        "the road to {place2},\" he said.",
        "The attack came {gap} after {attackers2} killed {toll6} {victims3} in a similar raid near {place3}, "
        "and {gap2} after {force} said the district was back under control.",
        "{Place_cap} has changed hands several times since {year0}. {Force2_cap} drove the militants out of the "
        "town in {month0} {year1}, but the group has fought on as an insurgency from hideouts in {desert}, "
        "striking convoys and isolated posts and retreating before reinforcements arrive.",
        "Analysts warned that the group could now try to cut the road between {place} and {place3}, the main "
        "supply line for {force} in {area}. \"They are testing the defences, and they are finding them thin,\" "
        "said {analyst}, a researcher who follows the insurgency.",
        "The United Nations said more than {displaced},000 people had been displaced in {area} since {month0}, "
        "and that aid convoys had been unable to reach {place3} for {weeks} weeks because of insecurity on the "
        "roads.",
        "{Air_cap} later struck what {officials} described as militant positions east of {place}, killing "
        "{toll7} fighters, according to {source_short}. Residents said {count2} civilians were among the dead.",
        "Hospital sources in {place2} said they had received {wounded2} wounded, {critical} of them in critical "
        "condition, and appealed for blood donations. Doctors said many of the injured were women and children.",
        "It was the {nth} attack on {force} in the {region_word} in {month1} alone, according to a count by "
        "{monitor}, which said at least {monthly} people had been killed in the province over the same period.",
        "{Officials_cap} imposed a curfew on {place} from {hour2} pm and closed the roads leading to {place2} "
        "and {place3} while troops searched nearby villages.",
        "No group had claimed responsibility by {day2} evening, but {attackers3} are active in the area and have "
        "carried out a string of similar attacks in recent months.",
        "{Witness2}, {wrole2} from {village}, said the attackers arrived on about {bikes} motorbikes and "
        "{trucks} pick-up trucks and went from house to house. \"They were looking for men who worked with the "
        "army,\" she said.",
    ]
    rng.shuffle(pool)
    k = rng.randint(5, len(pool))
    return [lede] + [p.format(**f) for p in pool[:k]]


def _related_headline(rng: random.Random, th: dict) -> str:
    return rng.choice([
        "{toll} killed in {ev} near {place}",
        "{actor} says it detained {n} suspected militants near {place}",
        "Displaced families return to {place} after months away",
        "{Force} retakes {place} after week of fighting",
        "Who controls the roads of {area}?",
        "Drone strike hits convoy outside {place}",
        "UN warns of hunger as fighting spreads in {area}",
    ]).format(
        toll=rng.choice(["Five", "Twelve", "Dozens", "At least 20", "Three soldiers", "Seven civilians"]),
        ev=rng.choice(["blast", "ambush", "raid", "attack", "clashes"]), place=rng.choice(th["places"]),
        actor=rng.choice(th["forces"]).replace("the ", "").capitalize(), n=rng.randint(3, 60),
        Force=rng.choice(th["forces"]).replace("the ", "").capitalize(), area=rng.choice(th["month_words"]),
    )


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def make_report(rng: random.Random, index: int) -> Report:
    key = rng.choice(sorted(THEATRES))
    th = THEATRES[key]
    place, place2, place3 = rng.sample(th["places"], 3)
    force, force2 = rng.sample(th["forces"], 2)
    attackers, attackers2, attackers3 = (rng.choice(th["attackers"]) for _ in range(3))
    published = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(8 * 365))
    event_day = published - dt.timedelta(days=rng.choice([0, 1, 1, 1, 2, 3]))
    verb, noun, target = rng.choice(EVENTS)
    village = _village(rng)
    toll = _toll(rng)
    victims = rng.choice(VICTIMS)
    monitor = th["monitor"]
    src1 = rng.choice([
        f"according to {monitor}", "residents and local officials said", f"{force} said in a statement",
        "security sources told reporters", "a hospital source said", "local media reported",
        f"said {_person(rng)}, a spokesman for the regional governor",
    ])
    ctx = dict(
        place=place, place2=place2, place3=place3, Place_cap=_cap(place), force=force, Force2_cap=_cap(force2),
        attackers=attackers, Attackers=_cap(attackers), attackers2=attackers2, attackers3=attackers3,
        village=village, km=rng.randint(5, 90), area=rng.choice(th["month_words"]),
        when=rng.choice(WHEN).format(day=DAYS[event_day.weekday()]), day2=DAYS[published.weekday()],
        toll=toll, toll_cap=_cap(toll), victims=victims, victims2=rng.choice(VICTIMS),
        victims3=rng.choice(VICTIMS), toll2=_toll(rng), toll3=_toll(rng), toll4=_toll(rng), toll5=_toll(rng),
        toll6=_toll(rng), toll7=_toll(rng), wounded=rng.randint(2, 80), wounded2=rng.randint(3, 120),
        critical=rng.randint(1, 15), source1=src1, Monitor_cap=_cap(monitor), monitor=monitor, state=th["state"],
        officials=rng.choice(["the defence ministry", "the army", "the governor's office", "the interior ministry"]),
        Officials_cap=rng.choice(["The authorities", "The military", "The governor", "Local authorities"]),
        Claim=_cap(th["claim"]) + ("'s" if not th["claim"].endswith("s") else "'"), desert=th["desert"],
        dir=rng.choice(["northern", "southern", "eastern", "western"]), hour=rng.choice(
            ["two", "three", "four", "five", "six", "ten", "eleven"]), hour2=rng.randint(5, 9),
        witness=_person(rng), Witness2=_person(rng), wrole=rng.choice(WITNESS_ROLES),
        wrole2=rng.choice(WITNESS_ROLES), kin=rng.choice(["his family", "her children", "his brothers", "neighbours"]),
        count=rng.randint(4, 200), count2=rng.randint(2, 15), gap=rng.choice(
            ["two days", "less than a week", "a fortnight", "three weeks", "a month"]),
        gap2=rng.choice(["days", "a week", "only weeks", "a month"]),
        year0=rng.randint(2008, 2017), year1=rng.randint(2012, 2018), month0=rng.choice(MONTHS),
        month1=MONTHS[published.month - 1], analyst=_person(rng), displaced=rng.randint(2, 400),
        weeks=rng.randint(2, 12), Air_cap=_cap(rng.choice(th["air"])), source_short=rng.choice(
            [monitor, "residents", "the army", "local media"]), nth=rng.choice(
            ["second", "third", "fourth", "fifth", "sixth"]), region_word=rng.choice(["province", "region", "area"]),
        monthly=rng.randint(20, 400), bikes=rng.choice([10, 20, 30, 50, 100]), trucks=rng.randint(2, 12),
        special=rng.choice(["a lieutenant colonel", "two children", "a local chief", "three women", "a doctor",
                            "the district commissioner", "a village imam"]),
        verb=verb.format(force=force, place=place, place2=place2, village=village, km=rng.randint(5, 90)),
    )
    paragraphs = _paragraphs(rng, th, (verb, noun, target), ctx)
    title = rng.choice([
        "{toll_cap} {victims} killed in {noun} near {place}",
        "{Attackers} kill {toll} in {place} {noun}",
        "{noun_cap} in {place} leaves conflicting tolls",
        "{toll_cap} dead as {attackers} hit {target} near {place}",
        "{Country}: {noun} near {place} kills {toll} {victims}",
    ]).format(toll_cap=_cap(toll), toll=toll, victims=victims, noun=noun, noun_cap=_cap(noun), place=place,
              Attackers=_cap(attackers), attackers=attackers, target=target, Country=th["country"])
    outlet = rng.choice(th["outlets"])
    byline = rng.choice([
        f"By {_person(rng)}, {rng.choice(ROLES)}",
        f"By {_person(rng)} in {place2}",
        f"By {_person(rng)} and {_person(rng)}",
        f"By {_person(rng)}",
    ])
    section = rng.choice([f"{th['region']} | {th['country']}", f"Home > {th['region']} > {th['country']}",
                          f"World | {th['region']}", f"{th['country']} / Security"])
    caption = rng.choice([
        f"Photo: {_cap(force)} on patrol near {place}. (AFP)",
        f"Image: The road to {place2}, where the convoy was attacked. (Reuters)",
        f"File photo: Residents of {place} gather at the scene of an earlier attack. (Handout)",
        f"Photo credit: {outlet} / {_person(rng)}",
    ])
    related = [_related_headline(rng, th) for _ in range(rng.randint(2, 5))]
    tags = [th["country"], place, _cap(rng.choice(th["attackers"])), noun.title(), "Security"]
    furniture = rng.sample(SHARE, 1) + rng.sample(DONATE, rng.randint(0, 1)) + rng.sample(FOLLOW, rng.randint(0, 1))
    return Report(
        slug=f"{published.isoformat()}-{_slug(title)[:50]}-{index}", theatre=key, outlet=outlet, title=title,
        published=published, time=f"{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}", byline=byline,
        section=section, paragraphs=paragraphs, caption=caption, related=related, tags=tags,
        comments=rng.randint(0, 240), dateline_style=rng.randrange(6), furniture=furniture,
        crlf=rng.random() < 0.1,
    )


def _fit(report: Report, rng: random.Random) -> Report | None:
    """Trim or reject a report so its plain text is 1.5-5 KB."""
    target = rng.randint(MIN_BYTES + 200, MAX_BYTES - 100)
    while len(report.text().encode("utf-8")) > target and len(report.paragraphs) > 3:
        report.paragraphs.pop()
    size = len(report.text().encode("utf-8"))
    return report if MIN_BYTES <= size <= MAX_BYTES else None


def generate(n: int, seed: int = 7) -> list[Report]:
    """`n` distinct reports (distinct by body text), the same for the same seed."""
    rng = random.Random(seed)
    reports: list[Report] = []
    seen: set[str] = set()
    i = 0
    while len(reports) < n:
        i += 1
        report = _fit(make_report(rng, i), rng)
        if report is None:
            continue
        key = hashlib.sha256("\n".join(report.paragraphs).lower().encode()).hexdigest()
        if key in seen:
            continue
        seen.add(key)
        reports.append(report)
    return reports


def _path(root: Path, r: Report, i: int, suffix: str) -> Path:
    # Archived as outlets' exports usually are: theatre/year-month/slug.
    return root / r.theatre / f"{r.published:%Y-%m}" / f"{i:05d}-{r.slug[:60]}{suffix}"


def write_text(reports: list[Report], root: str | Path) -> int:
    """One .txt per report under `root`; returns total bytes written."""
    return _write(reports, Path(root), ".txt", lambda r: r.text())


def write_html(reports: list[Report], root: str | Path) -> int:
    """One .html page per report under `root`; returns total bytes written."""
    return _write(reports, Path(root), ".html", lambda r: r.html())


def _write(reports: list[Report], root: Path, suffix: str, render) -> int:
    total = 0
    for i, r in enumerate(reports):
        path = _path(root, r, i, suffix)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = render(r).encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return total


def main(argv: list[str] | None = None) -> None:
    """python corpus.py --n 5000 --text DIR [--html DIR]: write a corpus, print its sizes as JSON."""
    import argparse
    import json

    p = argparse.ArgumentParser(description="Write a synthetic corpus of conflict news reports.")
    p.add_argument("--n", type=int, default=5000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--text", help="directory for the .txt files")
    p.add_argument("--html", help="directory for the .html pages")
    opts = p.parse_args(argv)
    reports = generate(opts.n, seed=opts.seed)
    sizes = {"articles": len(reports)}
    sizes["text_bytes"] = write_text(reports, opts.text) if opts.text else 0
    sizes["html_bytes"] = write_html(reports, opts.html) if opts.html else 0
    print(json.dumps(sizes))


if __name__ == "__main__":
    main()
