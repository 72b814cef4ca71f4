"""What the member commits to, in their own words: the part of the takeaway they act on.

A commitment is a decision in the first person to do something: "I'll ring Dave on Monday",
"we're going to trial it next week", "I've booked a slot with my sponsor", "my next step is
to ask her". What looks like one and is not:

- a prediction or a complaint: "I'll be the one picking up the pieces", "I'll end up
  working weekends", "I'll have to tell the client myself", "I'll just keep doing it";
- a condition or a doubt: "if he does it again I'll say something", "maybe I'll mention it",
  "I might ask her", "I won't be bullied";
- someone else's plan or expectation: "she's going to restructure the rota", "the team
  assume I'll fix it", "he said I'll need to";
- a wish, a question, a past action: "I'd like to", "should I go to HR?", "I rang him".

Two commitments in one sentence are kept apart ("I'll send it by Friday, and I'll ask her for
half an hour"); a lead-in ("Next step:", "Then") is left out. Read from the parse, so the
words kept are the member's own, whole.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from alcoach.nlp.hearing import Heard
from alcoach.nlp.voice import said_back

WILL = frozenset(["will", "'ll", "’ll", "shall"])
# "I'm going to", "I've decided to", "I plan to": the intention is the verb after "to".
INTENT_HEADS = frozenset("go plan intend decide commit aim promise".split())
# "I've booked a room", "we've set up a call": arranged already, still to happen.
ARRANGED = frozenset("book arrange schedule set".split())
# Verbs that, after "I'll", foretell rather than decide: "I'll be the one…", "I'll end up…",
# "I'll need to…", "we'll see", "I'll wait and see".
NOT_DECIDED = frozenset("be end need wait".split())
# Modal verbs that make it a possibility, a wish or a rule, not a decision.
NOT_YET = frozenset("might could would may should must 'd ’d can".split())
TENTATIVE = frozenset(["maybe", "perhaps", "possibly"])
CONDITIONS = frozenset(["if", "unless", "until", "till", "til"])
TO = frozenset(["to", "na", "ta"])  # "going to", "gonna" ("gon" "na"), "wanna"
# Said by, or about, someone else: "he said I'll…", "they assume I'll…", "I hope I'll…".
NOT_MINE = frozenset("say tell assume expect hope wish want promise claim think".split())
FIRST_PERSON = frozenset(["i", "we"])
STEP_NOUNS = frozenset("step action plan".split())
MAX_WORDS = 40
BEING = frozenset(["am", "'m", "’m", "m", "are", "'re", "’re"])
SOON = frozenset(
    "tomorrow tmrw tmw tonight monday tuesday wednesday thursday friday saturday sunday".split()
)
# "I'm working late on Friday", "I'm dreading Monday": what is happening to them, not a plan.
NOT_PLANS = frozenset("go be work dread worry feel hope think expect wonder get have start".split())
MAX_STEP_CHARS = 2000


def commitments(doc: Doc, original: str) -> tuple[Heard, ...]:
    """Each commitment in the answer: `source` the member's words, `said` from the verb on in
    the second person ("ring Dave on Monday")."""
    found: list[Heard] = []
    for token in doc:
        head = _committing(token)
        if head is None or _sentence_is_question(head):
            continue
        heard = _whole(token, head, original)
        if heard is not None and not any(heard.start < f.end and f.start < heard.end for f in found):
            found.append(heard)
    return tuple(found)


def next_step(doc: Doc, original: str) -> Heard | None:
    """An answer to "what is your next step?" said as an action with no "I": "Ring Dave on
    Monday.", "Then book the room." The first sentence only, and only if it is one."""
    sentence = next(iter(doc.sents), None)
    if sentence is None or sentence.text.rstrip().endswith("?"):
        return None
    words = [t for t in sentence if not t.is_punct and t.lower_ not in ("then", "first", "next", "so")]
    if len(words) < 2 or words[0].tag_ != "VB" or words[0].lemma_.lower() in NOT_DECIDED | {"have"}:
        return None
    if words[0].dep_ not in ("ROOT",) or any(c.dep_ in ("nsubj", "nsubjpass") for c in words[0].children):
        return None
    start, end = sentence.start_char, sentence.end_char
    source = original[start:end].strip()
    return Heard(source, said_back(words), start, start + len(source))


def as_step(nlp: Language, text: str) -> str | None:
    """The first sentence of an answer to "what is your next step?", when it is one: a
    commitment ("I'll ring Dave"), or an action said without "I" ("Ring Dave on Monday"; the
    small English model often reads a capitalised imperative as a name, so it is read again
    after "I will")."""
    doc = nlp(text[:MAX_STEP_CHARS])
    sentence = next(iter(doc.sents), None)
    if sentence is None or sentence.text.rstrip().endswith("?"):
        return None
    found = [c for c in commitments(doc, text) if c.start < sentence.end_char]
    if found:
        return found[0].source
    step = next_step(doc, text)
    if step is not None:
        return step.source
    first = sentence.text.strip()
    if len(first.split()) < 2:
        return None  # "Fine." is not a step, whatever "I will fine" parses as
    trial = "I will " + first[:1].lower() + first[1:].rstrip(".!")
    again = commitments(nlp(trial), trial)
    if again and again[0].start == 0 and again[0].end == len(trial):
        return first  # the whole sentence read as an action once "I will" is put before it
    return None


def _committing(verb: Token) -> Token | None:
    """The token that carries the subject of a commitment whose action is `verb`, or None."""
    if verb.pos_ not in ("VERB", "AUX") or verb.tag_ not in ("VB", "VBN", "VBG"):
        return None
    lemma = verb.lemma_.lower()
    children = {c.lower_ for c in verb.children}
    if verb.tag_ == "VB" and children & WILL and subject_is_member(verb):
        foretold = lemma in NOT_DECIDED or _have_to(verb) or _keeps_on(verb)
        if foretold or (lemma == "see" and not _has_object(verb)):  # "we'll see"
            return None
        return verb if _decided(verb) else None
    if verb.tag_ == "VB" and verb.dep_ == "xcomp" and children & TO:
        head = verb.head
        intending = head.lemma_.lower() in INTENT_HEADS and subject_is_member(head)
        if intending and (head.lemma_.lower() != "go" or head.tag_ == "VBG") and lemma not in NOT_DECIDED:
            return head if _decided(head) and not _keeps_on(verb) else None
        if head.lemma_ == "be" and _step_subject(head):
            return head if _decided(head) else None  # "my next step is to ask her"
    if verb.tag_ == "VBG" and subject_is_member(verb) and lemma not in NOT_PLANS and _soon(verb):
        # "Tomorrow I'm ringing Kas", "I'm meeting her on Friday": arranged, with its when.
        being = any(c.dep_ == "aux" and c.lower_ in BEING for c in verb.children)
        return verb if being and _decided(verb) else None
    if verb.tag_ == "VBN" and lemma in ARRANGED and subject_is_member(verb):
        has = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
        return verb if has and _decided(verb) else None
    return None


def _soon(verb: Token) -> bool:
    """A when in the clause that makes the present tense a plan: "tomorrow", "on Friday"."""
    words = {t.lower_ for t in verb.subtree}
    return bool(words & SOON) or ("next" in words and bool(words & {"week", "month", "time"}))


def _decided(head: Token) -> bool:
    """No negation, no modal of doubt, no condition, not someone else's plan or expectation."""
    for child in head.children:
        if child.dep_ == "neg" or child.lower_ in ("never", "not", "n't", "wo"):
            return False
        if child.dep_ == "aux" and child.lower_ in NOT_YET:
            return False
        if child.lower_ in TENTATIVE and child.i < head.i:
            return False  # "maybe I'll mention it"; "…maybe Friday" only hedges the day
        if child.dep_ == "advcl" and any(m.lower_ in CONDITIONS for m in child.children):
            return False
        if child.dep_ == "prep" and child.lower_ in ("until", "till", "til"):
            return False  # "I'll keep doing it until I burn out"
    sentence = head.sent
    if sentence[0].lower_ in CONDITIONS | TENTATIVE:
        return False
    reported = head.dep_ in ("ccomp", "xcomp", "conj") and head.head.lemma_.lower() in NOT_MINE
    if reported and not (head.head.lemma_.lower() == "think" and subject_is_member(head.head)):
        return False  # "I think I'll ring her" is the member's own; "they assume I'll fix it" is not
    if head.dep_ in ("acl", "advcl"):
        # "…so that I'll be ready" depends on something else; "One thing I decided: I will call
        # Marek" and "…, and I'm going to move it, I decided that" are misparsed main clauses.
        return not any(c.dep_ == "mark" for c in head.children)
    return head.dep_ not in ("relcl", "csubj")


def subject_is_member(verb: Token) -> bool:
    """ "I" or "we" is the verb's own subject."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in FIRST_PERSON for c in verb.children)


def _step_subject(be: Token) -> bool:
    subject = next((c for c in be.children if c.dep_ == "nsubj"), None)
    return subject is not None and subject.lemma_.lower() in STEP_NOUNS


def _have_to(verb: Token) -> bool:
    """ "I'll have to tell the client": an obligation foreseen, not a choice."""
    return verb.lemma_ == "have" and any(
        c.dep_ == "xcomp" and any(g.lower_ == "to" for g in c.children) for c in verb.children
    )


def _keeps_on(verb: Token) -> bool:
    """ "I'll just keep doing it", "I'll carry on covering": more of the same, not a step."""
    return verb.lemma_ in ("keep", "carry") and any(
        c.tag_ == "VBG" or c.lower_ == "on" for c in verb.children
    )


def _has_object(verb: Token) -> bool:
    return any(c.dep_ in ("dobj", "prep", "ccomp") for c in verb.children)


def _sentence_is_question(token: Token) -> bool:
    return token.sent.text.rstrip().endswith("?")


def _vague(action: list[Token]) -> bool:
    """ "I'll do it", "I'll try that": nothing in it to act on or to look back on."""
    words = [t for t in action if not t.is_punct]
    return len(words) <= 2 and all(t.lower_ in ("it", "that", "this", "so") for t in words[1:])


def _lead_in_end(head: Token, subject_start: int) -> int:
    """Where the commitment starts: with its "when" ("Next week I'm going to…") but after a
    lead-in ("Next step: I'll…", "Honestly, I'll…")."""
    start = min(head.left_edge.i, subject_start)
    for i in range(subject_start - 1, start - 1, -1):
        if head.doc[i].is_punct:
            return i + 1
    return start


def _whole(verb: Token, head: Token, original: str) -> Heard | None:
    """The commitment in the member's words: from its subject to the end of its clause,
    leaving out a second commitment joined on with its own "I"."""
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:  # "my next step is to ask her": from the step on
        subject = next(c for c in head.children if c.dep_ == "nsubj")
    own = {t.i for t in head.subtree}
    for token in head.subtree:
        if token is not head and token.dep_ == "conj" and _committing(token) is not None:
            own -= {t.i for t in token.subtree}  # "…, and I'll ask her": a commitment of its own
    start = _lead_in_end(head, subject.left_edge.i)
    end = start
    for i in range(start, head.sent.end):
        if i not in own:
            break
        end = i
    tokens = list(verb.doc[start : end + 1])
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc" or tokens[-1].is_space):
        tokens.pop()
    while tokens and (tokens[0].dep_ == "cc" or tokens[0].is_punct):
        tokens.pop(0)  # "And I will ask the buddy…"
    action = [t for t in tokens if t.i >= verb.i]
    if len(tokens) < 3 or len(tokens) > MAX_WORDS or _vague(action):
        return None
    after = tokens[-1].i + 1
    if after < len(verb.doc) and verb.doc[after].text in (".", "!") and after + 1 >= head.sent.end:
        tokens.append(verb.doc[after])  # kept as written, full stop and all, when it ends the sentence
    begin, finish = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return Heard(original[begin:finish], said_back(action), begin, finish)
