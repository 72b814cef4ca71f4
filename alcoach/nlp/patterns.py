"""A compact way to write spaCy Matcher patterns, so cue lists stay readable.

One pattern is a line of space-separated token specs:

    word          the token's lower-case form            {"LOWER": "word"}
    a|b|c         any of these lower-case forms          {"LOWER": {"IN": [...]}}
    @lemma        the token's lemma (a|b alternatives)   {"LEMMA": ...}
    POS:VERB      a part-of-speech tag (| alternatives)  {"POS": ...}
    TAG:VBG       a fine-grained tag                     {"TAG": ...}
    _             any single token                       {}

Any spec may end in an operator: `?` (optional), `*` (zero or more), `+` (one or more),
or `{0,3}` (between 0 and 3). spaCy splits contractions ("can't" -> "ca" "n't"), so use
lemmas there: `@can @not` matches "can't", "cannot" and "can not".
"""

from __future__ import annotations

import re

_OPERATOR = re.compile(r"(\?|\*|\+|\{\d*,\d*\})$")


def compile_token(spec: str) -> dict:
    operator = None
    found = _OPERATOR.search(spec)
    if found and len(spec) > len(found.group(1)):
        operator = found.group(1)
        spec = spec[: -len(operator)]
    token: dict
    if spec == "_":
        token = {}
    elif spec.startswith("@"):
        token = {"LEMMA": _one_or_in(spec[1:])}
    elif spec.startswith(("POS:", "TAG:")):
        attribute, value = spec.split(":", 1)
        token = {attribute: _one_or_in(value)}
    else:
        token = {"LOWER": _one_or_in(spec)}
    if operator:
        token["OP"] = operator
    return token


def compile_pattern(line: str) -> list[dict]:
    return [compile_token(spec) for spec in line.split()]


def _one_or_in(value: str) -> str | dict:
    options = value.split("|")
    return options[0] if len(options) == 1 else {"IN": options}
