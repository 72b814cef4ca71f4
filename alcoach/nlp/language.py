"""Is this English? A small, offline check — alcoach's models read English only.

Counting common English function words is enough to tell a paragraph of English from
French, Welsh or Polish, and the share of Latin letters tells it from Chinese or Arabic.
Short answers ("Stuck.") are given the benefit of the doubt.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

MIN_WORDS = 4
MIN_FUNCTION_WORD_SHARE = 0.15
MIN_LATIN_SHARE = 0.6
# A word with its contraction ("doesn't", "I'm"): English's function words hide in them.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
CONTRACTED = frozenset(
    "doesn don isn wasn weren aren didn couldn wouldn shouldn won can haven hasn hadn".split()
)


def _function_word(word: str) -> bool:
    stem = re.split("['’]", word)[0]
    contracted = "'" in word or "’" in word
    return word in STOP_WORDS or (contracted and (stem in STOP_WORDS or stem in CONTRACTED))


def looks_english(text: str) -> bool:
    words = _WORD.findall(text.lower())
    letters = "".join(re.sub("['’]", "", word) for word in words)
    if not letters:
        return True
    latin = sum("a" <= ch <= "z" for ch in letters) / len(letters)
    if latin < MIN_LATIN_SHARE:
        return False
    # One-letter words ("i", "a") occur in many languages; they prove nothing.
    words = [word for word in words if len(word) > 1]
    if len(words) < MIN_WORDS:
        return True
    return sum(_function_word(word) for word in words) / len(words) >= MIN_FUNCTION_WORD_SHARE
