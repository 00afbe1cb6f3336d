"""The search analyser, specified once: how text becomes the terms the index holds.

    fold -> join -> tokens -> section numbers -> stop words -> stem

- fold: Unicode compatibility decomposition (NFKD), marks removed (café -> cafe), lower case;
- join: a possessive "'s" is dropped ("officer's" -> "officer"); an apostrophe inside a word
  goes ("don't" -> "dont"); dotted initials are one word ("U.K." -> "uk");
- tokens: runs of letters and digits (Unicode categories L and N); everything else, hyphens
  included, separates words. Numbers are words ("999", "101", "mg11");
- section numbers: "s45", "S.45", "s 45", "ss 45", "sec. 45" and "section 45" are all
  "section", "45";
- stop words: lunr's English list;
- stem: the Porter stemmer (lunr.py's) for words of the letters a-z; other words as they are.

The browser does not stem: it folds, joins and tokenises a query the same way (three regular
expressions, search-engine.js `words`, tested against this module word for word over large
word lists) and then asks the index for each word's term. The index carries its own answer:
a table of every word it saw whose term differs from the word (in the shard of the word's
prefix), and the stop-word list in the manifest. So the term a query word makes is the term
the build made for that word, whatever the stemmer is."""
from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

from lunr.stemmer import stemmer
from lunr.stop_word_filter import WORDS as _LUNR_STOP_WORDS
from lunr.token import Token

STOP_WORDS: frozenset[str] = frozenset(_LUNR_STOP_WORDS)
VOCAB_WORD = re.compile(r"[a-z]{3,}")  # the words typo correction knows (search-engine.js: VOCAB_WORD)


def _category_class(initials: str) -> str:
    """A regular-expression class of every code point whose Unicode category starts with one
    of `initials` (Python's `re` has no \\p{...}; the browser uses \\p{L}, \\p{N}, \\p{M})."""
    ranges: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code))[0] in initials:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


_ALNUM = _category_class("LN")
_MARKS = re.compile(f"[{_category_class('M')}]+")
_APOSTROPHE = "'\u2019\u02bc"
_POSSESSIVE = re.compile(f"(?<=[{_ALNUM}])[{_APOSTROPHE}]s(?![{_ALNUM}])")
_INNER_APOSTROPHE = re.compile(f"(?<=[{_ALNUM}])[{_APOSTROPHE}](?=[{_ALNUM}])")
_INITIALS = re.compile(f"(?<![{_ALNUM}.])(?:[a-z]\\.)+[a-z](?![{_ALNUM}])\\.?")
_TOKEN = re.compile(f"[{_ALNUM}]+")
_SECTION_WORDS = ("s", "ss", "sec", "section")
_SECTION_JOINED = re.compile(r"(?:s|ss|sec|section)([0-9]{1,3}[a-z]?)")
_SECTION_NUMBER = re.compile(r"[0-9]{1,3}[a-z]?")
_STEMMED = re.compile(r"[a-z]+")


def fold(text: str) -> str:
    return _MARKS.sub("", unicodedata.normalize("NFKD", text)).lower()


def words(text: str) -> list[str]:
    """The words of a text, folded, before stop words and stemming (search-engine.js: words)."""
    text = fold(text)
    text = _POSSESSIVE.sub("", text)
    text = _INNER_APOSTROPHE.sub("", text)
    text = _INITIALS.sub(lambda found: found.group(0).replace(".", ""), text)
    found: list[str] = []
    tokens = _TOKEN.findall(text)
    for number, token in enumerate(tokens):
        joined = _SECTION_JOINED.fullmatch(token)
        if joined:
            found += ["section", joined.group(1)]
        elif token in _SECTION_WORDS and number + 1 < len(tokens) and _SECTION_NUMBER.fullmatch(tokens[number + 1]):
            found.append("section")
        else:
            found.append(token)
    return found


@lru_cache(maxsize=400_000)
def term(word: str) -> str | None:
    """A word's index term: None for a stop word; the Porter stem of a word of a-z letters."""
    if word in STOP_WORDS:
        return None
    if not _STEMMED.fullmatch(word):
        return word
    return str(stemmer(Token(word))) or None


def terms(text: str) -> list[str]:
    """The index terms of a text, in order."""
    return [found for word in words(text) if (found := term(word))]


_ENDINGS = ("s", "es", "ed", "d", "ing", "er", "ers")


def inflections(word: str) -> set[str]:
    """Other forms of a word that the stemmer makes the same term (for words of a-z): the
    index also says the term of these, so a query's "trafficked" finds a text's
    "trafficking" though the text never wrote "trafficked"."""
    if len(word) < 4 or not _STEMMED.fullmatch(word):
        return set()
    stems = {word}
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stems.add(word[: -len(ending)])
    stems |= {stem[:-1] for stem in list(stems) if stem.endswith("e")}
    stems |= {stem[:-1] + "y" for stem in list(stems) if stem.endswith("i")}
    forms = {stem + ending for stem in stems for ending in ("",) + _ENDINGS}
    forms |= {stem[:-1] + "ies" for stem in stems if stem.endswith("y")} | {stem[:-1] + "ied" for stem in stems if stem.endswith("y")}
    own = term(word)
    return {form for form in forms if form != word and form != own and term(form) == own}
