"""The shape of an answer, with its content words taken out.

"The other deputies get through twice the casework I do" and "Grace's lot mostly stay out,
and she's half as experienced" share no telling word, but both set the member beside others
and come off worse; "she's got me down as the weak link" and "he thinks I'm precious" both
put a thought in someone else's head. What they share is structure: pronouns, modals,
comparatives, negation and the small verbs of thinking and saying, in a certain order.

`structure(doc)` keeps exactly those words and replaces every other content word by its
part-of-speech tag:

    "A good nurse ought to manage two bays"  ->  "a JJ NN ought to VB CD NNS"

The classifier reads pairs and triples of these symbols (`structure_ngrams`), which
generalise across workplaces where the words themselves do not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Content words become their tag (NN, VBD, JJR …)…
_ABSTRACTED = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
# … except the verbs that carry the patterns themselves: being, having, doing, thinking,
# knowing, feeling, saying, seeing, wanting, making, getting.
_KEPT_VERBS = frozenset({"be", "have", "do", "think", "know", "feel", "say", "see", "want", "make", "get"})
PUNCTUATION = "P"


def structure(doc: Doc) -> str:
    symbols = []
    for token in doc:
        if token.is_space:
            continue
        if token.pos_ == "PUNCT":
            symbols.append(PUNCTUATION)
        elif token.pos_ in _ABSTRACTED and token.lemma_.lower() not in _KEPT_VERBS:
            symbols.append(token.tag_)
        else:
            symbols.append(token.lower_)
    return " ".join(symbols)


def structure_ngrams(shape: str) -> list[str]:
    """Each pair and triple of neighbouring symbols (single symbols say too little)."""
    symbols = shape.split()
    pairs = [" ".join(symbols[i : i + 2]) for i in range(len(symbols) - 1)]
    triples = [" ".join(symbols[i : i + 3]) for i in range(len(symbols) - 2)]
    return pairs + triples
