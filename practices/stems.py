"""Unaccented French stems of a text (Snowball's French stemmer): what the embedded SQLite's
search of practices matches, for the index (``PracticePage.search_stems``) and for queries."""

import re
import unicodedata

import snowballstemmer

_stemmer = snowballstemmer.stemmer("french")
WORD = re.compile(r"\w+", re.UNICODE)


def unaccent(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def words(text):
    return [word for word in WORD.findall((text or "").lower()) if len(word) > 1 or word.isdigit()]


def stems(text):
    """The distinct unaccented French stems of ``text``, space-separated."""
    seen = dict.fromkeys(unaccent(stem) for stem in _stemmer.stemWords(words(text)))
    return " ".join(stem for stem in seen if stem)
