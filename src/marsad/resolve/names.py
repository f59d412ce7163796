"""Keys that make place names comparable across transliterations and scripts.

    name_key("Deir ez-Zor") == name_key("Deir Ezzor") == "deirezzor"
    skeleton("Dayr az Zawr") == skeleton("Deir ez-Zor") == "drzr"
    name_keys("al-Bukamal") == {"albukamal", "bukamal"}

`name_key` removes what spelling conventions vary on without changing the name:
case, diacritics, hyphens, apostrophes and ayn/hamza marks, spaces. `skeleton`
goes further and keeps the first letter and the consonants, with the Arabic
transliteration pairs merged (q/k, kh/k, sh/s, dh/d/z, gh/g, th/t, ph/f) and
doubled letters collapsed: Deir/Dayr, Zor/Zawr, Raqqa/Raqqah, Maiduguri/Maidugiri
meet there. A skeleton match is weaker evidence than a key match, and the
geocoder scores it so.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Arabic definite articles as transliterated ("al-", "el-", "ar-", "ash-" ...).
ARTICLE = re.compile(r"^(?:a[ln]|el|[ae][dtrsz]|ash|esh|ath|adh|az|ul)[-\s'’‘`ʿʾ]+", re.I)
_MARKS = str.maketrans({c: None for c in "'’‘`ʿʾʻʼ´-‐‑‒–—.·"})
_NON_ALNUM = re.compile(r"[\W_]+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# Arabic letters that carry no distinction in names as people spell them.
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None, "ئ": "ي", "ؤ": "و"})
_ARABIC_DIACRITICS = re.compile(r"[\u064b-\u065f\u0670]")

_DIGRAPHS = [("kh", "k"), ("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"), ("gh", "g"), ("ph", "f"), ("ck", "k"),
             ("dj", "j"), ("ou", "u")]
_LETTERS = str.maketrans({"q": "k", "c": "k", "x": "ks"})
_VOWELS = re.compile(r"[aeiouyw]")
_DOUBLE = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, no diacritics, Arabic letter variants folded; spaces kept (memoised: names recur)."""
    if _ARABIC.search(text):
        text = _ARABIC_DIACRITICS.sub("", text.translate(_ARABIC_FOLD))
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold().replace("ß", "ss").replace("ı", "i").replace("ø", "o").replace("đ", "d").replace("ł", "l")


@functools.lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A name as letters and digits only: "Deir ez-Zor" -> "deirezzor"."""
    return _NON_ALNUM.sub("", fold(name).translate(_MARKS))


def name_keys(name: str) -> set[str]:
    """The key of a name, and of the name without a leading Arabic article."""
    keys = {name_key(name)}
    folded = fold(name).strip()
    bare = ARTICLE.sub("", folded)
    if bare != folded and len(name_key(bare)) >= 3:
        keys.add(name_key(bare))
    if folded.startswith("ال") and len(folded) > 4:  # Arabic script article
        keys.add(name_key(folded[2:]))
    keys.discard("")
    return keys


_ARTICLE_TOKENS = {"al", "el", "an", "ad", "at", "ar", "as", "az", "ash", "ath", "adh", "ul", "il"}
_TOKEN = re.compile(r"[^\W\d_]+|\d+")


def skeleton(name: str) -> str:
    """First letter plus consonants, transliteration pairs merged: "Dayr az Zawr" -> "drzr".

    Articles inside the name go ("Mu'addamiyat ash-Sham" ~ "Moadamiyat al-Sham"), and
    a leading vowel counts as "a" (Ein / Ayn / Ain).
    """
    tokens = _TOKEN.findall(re.sub(r"[-‐‑‒–—_]", " ", fold(name)).translate(_MARKS))
    if len(tokens) > 1:
        tokens = [t for t in tokens if t not in _ARTICLE_TOKENS] or tokens
    key = "".join(tokens)
    if not key or not key.isascii():
        return key
    for a, b in _DIGRAPHS:
        key = key.replace(a, b)
    key = key.translate(_LETTERS)
    if key.endswith("h") and len(key) > 3 and key[-2] in "aeiou":
        key = key[:-1]  # Raqqah / Raqqa
    head = "a" if key[0] in "aeiouy" else key[0]
    return _DOUBLE.sub(r"\1", head + _VOWELS.sub("", key[1:]))


def query_keys(name: str) -> set[str]:
    """The keys to look a written name up by: its keys, each with or without the final
    "h" of an Arabic feminine ending (Hawija / Hawijah, Raqqa / Raqqah, Ishaqi stays), and
    each with doubled letters written once (a shadda spelled or not: Shaddadi / Shadadi)."""
    out = set()
    for key in name_keys(name):
        out.add(key)
        if len(key) >= 4 and key.endswith("ah"):
            out.add(key[:-1])
        elif len(key) >= 3 and key.endswith("a"):
            out.add(key + "h")
    out |= {single for key in out if len(single := _DOUBLE.sub(r"\1", key)) >= 4}
    return out


def skeletons(name: str) -> set[str]:
    """Skeletons of a name, with and without a leading article."""
    out = {skeleton(name)}
    bare = ARTICLE.sub("", fold(name).strip())
    if bare and bare != fold(name).strip():
        out.add(skeleton(bare))
    out.discard("")
    return out


def usable_name(name: str) -> bool:
    """Names worth indexing: Latin or Arabic script, at least two letters."""
    key = name_key(name)
    if len(key) < 2:
        return False
    return key.isascii() or bool(_ARABIC.search(name))


# Words that name an administrative unit's kind, before or after its name, in English and French.
_ADMIN_KIND = (r"province|provincial|region|r[ée]gion|governorate|state|district|county|department|d[ée]partement|"
               r"division|prefecture|pr[ée]fecture|territory|territoire|circle|cercle|commune|municipality|"
               r"sub-?division|muhafazah|muhafazat|wilayat?|oblast|raion|rayon|zone|area")
_ADMIN_BEFORE = re.compile(rf"^(?:{_ADMIN_KIND})\s+(?:of\s+(?:the\s+)?|du\s+|de\s+la\s+|de\s+l['’]|des\s+|de\s+|d['’])?",
                           re.I)
_ADMIN_AFTER = re.compile(rf"\s+(?:{_ADMIN_KIND})$", re.I)


def admin_bare(name: str) -> str:
    """An administrative unit's name without the word for its kind: "Province du Soum" -> "Soum",
    "Borno State" -> "Borno", "North-West Province" -> "North-West" (the name itself otherwise)."""
    bare = _ADMIN_AFTER.sub("", _ADMIN_BEFORE.sub("", name.strip()))
    return bare if len(name_key(bare)) >= 3 else name
