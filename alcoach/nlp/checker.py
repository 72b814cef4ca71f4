"""The question checker: judges a question as an action-learning facilitator would.

Kinds, by precedence (the first that applies wins): statement, advice, leading, stacked,
closed, open. Each verdict comes with reasons that quote the words that made it.
The rules read spaCy's parse (auxiliary-first questions, tag questions, a modal with
"you" and an action verb) as well as the wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Token

from alcoach.nlp.checker_model import MODEL_NAME, CheckerModel, shipped_folder
from alcoach.nlp.text import for_models

if TYPE_CHECKING:
    from alcoach.nlp.embeddings import Embedder

NEGATIVE_AUXILIARIES = frozenset(
    "isn't aren't wasn't weren't don't doesn't didn't haven't hasn't hadn't can't couldn't won't"
    " wouldn't shouldn't mightn't mustn't".split()
)
AUXILIARIES = NEGATIVE_AUXILIARIES | frozenset(
    "is are was were am do does did have has had can could will would shall should may might must"
    " ca wo".split()
)
WH_WORDS = frozenset(["what", "how", "why", "who", "whom", "whose", "where", "when", "which", "whereabouts"])
# Invitations that work as open questions even without a question mark.
INVITATIONS = re.compile(
    r"^(tell (me|us)|say (a bit |a little )?more|describe|(talk|walk|take) (me|us) through|"
    r"help (me|us) understand|explain|share|paint (me |us )?a picture|give (me|us) (a sense|an example)|"
    r"let's (hear|look at)|i'?d like to hear|i'?m curious about)\b",
    re.IGNORECASE,
)
# Lead-ins that do not change what kind of question follows.
LEAD_IN = re.compile(r"^(?:(?:so|and|but|or|ok|okay|well|now|right|then|just|and so)\s*,?\s+)+", re.I)
# Subordinate openings: the question proper starts after the first comma.
CONDITIONAL_OPENING = re.compile(
    r"^(if|when(?! (do|does|did|is|are|was|were|will|would|can|could|have|has|had|should|might)\b)|"
    r"suppose|supposing|imagine|imagining|given|looking|thinking|as|after|before|now that|once|in|at|"
    r"from|for|with|without|of|out of|among|say)\b[^,?\u2014\u2013]*(,|\s[\u2014\u2013-])\s*",
    re.IGNORECASE,
)

# Each row: (regular expression, the reason in plain words). Patterns marked "^" look at the
# start of the question proper (after lead-ins like "So," and an opening "If …," clause).
# Specific courses of action: a question that names one carries the asker's solution.
ACTIONS = (
    r"(escalate|delegate|email|e-mail|ring|phone|call|text|write to|raise|refer|report|complain|resign|quit|"
    r"apply|book|block|hand|pass|swap|schedule|cancel|postpone|chase|contact|confront|involve|recruit|hire|"
    r"outsource|automate|restructure|reorganise|negotiate|send|forward|flag|arrange|propose|suggest|offer|"
    r"ask (her|him|them|your|the|for)|invite|speak to|speak with|meet with|word|draft|bring in|"
    r"take (it|this|that) (to|up with)|put [^?]{0,30} in writing|turn [^?]{0,20}down|say no|copy|cc|loop)\b"
)

ADVICE_RULES: list[tuple[str, str]] = [
    (r"^(have|had|haven't|hadn't) you (tried|considered|thought (about|of)|looked (at|into)|asked|"
     r"spoken to|talked to|explored|got|checked|run|raised|put)\b",
     "asks whether the member has tried a course of action"),
    (r"^(did|didn't) you (try|consider|think (about|of))\b",
     "asks whether the member has tried a course of action"),
    (r"^why (not|don't you|didn't you|wouldn't you|haven't you|won't you|can't you|couldn't you)\b",
     "proposes the action"),
    (r"^how about\b", "proposes an action"),
    (r"^(what|how) about (a|an|some|the|your|\w+ing)\b", "proposes something to do"),
    (r"^(perhaps|maybe|possibly)\b", "puts forward a course of action"),
    (r"^what if you\b(?! (knew|were|had known|could see|believed|thought|felt|found out|noticed|discovered))",
     '"what if you …" proposes an action'),
    (r"\b(would|could|might|will|wouldn't|couldn't|mightn't|won't|does|doesn't|can|can't|may) it "
     r"(help|be (better|worth|useful|good|wise|an idea|helpful|easier|best|sensible|smart)|make sense|pay)\b",
     "suggests that something would help"),
    (r"\b(is|isn't|would|wouldn't) (it|there) (be )?(worth|value in|a case for|any point in)\b",
     "suggests something is worth doing"),
    (r"\bworth (a try|trying|considering|\w+ing)\b", "suggests something is worth doing"),
    (r"^(could|couldn't|can|can't|should|shouldn't|would|wouldn't|might|may|will|won't|ca|wo)(n't)? you "
     r"(not )?(just |simply |perhaps |maybe |also |at least |possibly )?"
     r"(?!(say|tell|describe|explain|share|expand|recall|remember|picture|imagine|think of a)\b)\w+",
     'a modal with "you" and an action puts a course of action forward'),
    (r"^(?!(what|how|why|who|whom|whose|where|when|which|whereabouts|to what|in what)\b).*"
     r"\b(you|one) (should|ought to|need to|must(?! (have|be|feel))|could|might want to|may want to|"
     r"have to|'d better|had better)\b",
     "tells the member what they ought to do"),
    (r"\b(maybe|perhaps) (you|we) (could|should|might|can)\b", "puts forward an action"),
    (r"\bi('d| would) (suggest|recommend|advise)|my advice|if i were you\b", "gives advice"),
    (r"\b(one|an|another|the) (option|idea|thought|possibility|answer|way forward) (might|could|would|may) be "
     r"(to|for you to)\b", "puts forward a course of action"),
    # "What's stopping you from talking to HR?" names an action; "… from changing it?" or
    # "… from doing something about it?" leaves the action to the member.
    (r"\b((stopping|preventing|keeping) you from|(getting|standing) in the way of|holding you back from) "
     r"(?!(changing|doing|acting|moving|starting|getting|making|achieving|trying|taking|going|having) "
     r"(it|that|this|something|anything|things|a start|started|action|progress|there|on|ahead|forward)\b)\w+ing\b",
     "names the action the asker has in mind"),
    (r",?\s*(maybe|perhaps|possibly)\s*\?$", "puts forward a course of action"),
    (r"^(a|an|some) [^?]{1,60}\?$", "puts a proposal as a question"),
    (r"\bwhat difference (would|might|could|will) it make (to|if you) \w+", "floats an action"),
    (r"\b(you|yourself) (to )?(just|simply) (turn|say|tell|ask|go|walk|hand|drop|stop|refuse|decline|leave|"
     r"quit|book|send|email|call|ring|delegate|escalate|let|push|pull|cancel)\b",
     '"just"/"simply" with an action proposes it'),
    (r"\b(obvious|best|right|sensible|logical|easiest|simplest) (move|step|thing|option|solution|fix) "
     r"((is|would be|here is|surely is) )?to \w+",
     "names the answer the asker has in mind"),
    (r"\blook like (with|if you had) (a|an|another|more|fewer|less|no)\b", "floats a change the asker has in mind"),
    (r"\bwhat (would|might|could) happen if you (\w+ed|asked|told|spoke|talked|went|took|gave|let|made|said|"
     r"tried|stopped|started|put)\b",
     "builds a question around an action the asker has in mind"),
    (r"\bhow (would|do) you feel about (\w+ing)\b", "floats an action to react to"),
    (r"\b(wouldn't|won't|isn't) it be (better|easier|simpler|best|good|nice)\b", "suggests what would be better"),
    (r"\b(shouldn't|should) (you|we|i)\b", "asks whether they ought to act"),
    (r"\bany chance you (could|might)\b", "puts forward an action"),
    (r"\bwhy don't (you|we)\b", "proposes the action"),
    (r"\bwhat's wrong with (just )?\w+ing\b", "defends an action the asker has in mind"),
    (r"\b(downside|harm|risk|danger|problem) (of|in|with) (just |simply )?\w+ing\b",
     "defends an action the asker has in mind"),
    (r"\bhow would it be if you\b", "floats an action"),
    (r"\b(is|isn't) (there|it) (a|any) (way|chance|possibility) (you|to)\b", "floats an action"),
    (r"\bis there (scope|room|any way|a way|an option|a chance|mileage|any mileage|value) (to|for|in)\b",
     "floats an action"),
    (r"\b(is|isn't) it time (you|to|for)\b", "says it is time to act"),
    (r"\b(is|isn't)\s+(this|now|it)\s+the\s+(moment|time)\s+to\b", "says it is time to act"),
    (r"\b(is|would|could)\s+(a|an)\s+[^?]{1,50}\b(an\s+option|worth\s+(a\s+)?(try|considering)|possible)\b",
     "floats an option the asker has in mind"),
    (r"\bany\s+reason\s+(you|why\s+you)\s+(can't|couldn't|shouldn't|don't)\b", "presses for an action"),
    (r"\b(would|could|might|will)\s+[^?]{0,40}\b(respond|react|work|cope|do)\s+better\s+(to|with|if)\b",
     "suggests what would work better"),
    (r"^(could|would|might|can)\s+(the|a|an|your|someone)\s+[^?]{1,40}\bhelp\b", "suggests who could help"),
    (r"\bwhen (are|will) you (going to |gonna )?(just )?" + ACTIONS,
     "presses for an action the asker has in mind"),
    (r"\b(would|could|might|will|wouldn't|couldn't) (a|an|some|more|another|the idea of) [^?]{1,50}\b"
     r"(help|work|fix|solve|clear|sort|ease|make a difference|change things|go down)\b",
     "suggests something that would help"),
    (r"^how (would|might|could) (a|an|some|more|another) [^?]{1,50}\b(help|change|work|go down|land|affect)\b",
     "asks the member to weigh an action the asker has in mind"),
    (r"\b(could|should|might|can) (you|we) (just |simply |perhaps |maybe |not )?" + ACTIONS,
     "names an action the asker has in mind"),
    (r"\b(if|suppose|supposing|imagine) you (just |simply )?(copied|cc'd|looped|told|spoke|went|took|gave|let|made|said|sent|wrote|put|set|brought|stopped|"
     r"started|asked|blocked|booked|moved|handed|raised|escalated|delegated|emailed|rang|phoned|called|"
     r"cancelled|refused|declined|offered|arranged|challenged|confronted|dropped|quit|resigned|applied|pushed|"
     r"chased|swapped|shared|invited|involved|recruited|hired|scheduled|postponed|reported|complained)\b",
     "builds the question around an action the asker has in mind"),
]

LEADING_RULES: list[tuple[str, str]] = [
    (r"\bsurely\b", "carries the asker's answer"),
    (r"\b(obviously|clearly|of course|undoubtedly)\b", "presents the answer as obvious"),
    (r"\byou('d| would) (agree|say|admit)\b", "asks the member to agree"),
    (r"\bwouldn't you (say|agree)\b", "asks the member to agree"),
    (r"\bdon't you (think|feel|agree|believe|reckon)\b", 'a negative question expects "yes"'),
    (r"\bi('m| am) sure you\b", "tells the member what they think"),
    (r"\byou must (feel|have felt|be|have been)\b", "tells the member how they feel"),
    (r"\b(admit|confess) (it|that)\b", "pushes for an admission"),
    (r"^how (angry|upset|annoyed|frustrat\w*|awful|terrible|hard|difficult|bad|stressful|unfair|hurtful|"
     r"embarrass\w*|humiliat\w*|disappoint\w*|galling|infuriat\w*|exhausting|upsetting|painful|scary|"
     r"frightening|demoralising|devastating|crushing|gutting|overwhelming|hurt|isolating|lonely|draining|"
     r"worrying|maddening|insulting|unsettling|stressed|anxious|worried)\b",
     "presumes how the member felt"),
    (r"^how (badly|terribly|awfully|deeply|much did (it|that|this) (hurt|upset|sting|annoy))\b",
     "presumes how the member was affected"),
    (r"\bisn't (it|that) (true|obvious|clear|the case)\b", "presents the asker's view as fact"),
    (r"^how much (has|have|did|does|do) [^?]{1,40}\b(damage|damaged|hurt|harm|harmed|undermine|undermined|"
     r"knock|knocked|upset|ruin|ruined|affect|affected|set back)\b",
     "presumes the harm done"),
    (r"\bi('m| am) (guessing|betting|assuming|imagining)|\bi (bet|imagine|suppose|guess|expect) you\b|\bi bet\b",
     "tells the member what the asker supposes"),
    (r"\b(so|such an?) (defensive|rude|unfair|awful|terrible|bad|difficult|hard|useless|hopeless|disaster|"
     r"mess|nightmare|brutal|toxic|stubborn|lazy|incompetent|unreasonable|hostile|negative|painful|"
     r"stressful|reluctant|resistant|dismissive|obstructive|arrogant|closed|slow|shambles|chaotic|awkward)\b",
     "carries the asker's judgement"),
]

ADVICE_PATTERNS = [(re.compile(p, re.IGNORECASE), why) for p, why in ADVICE_RULES]
LEADING_PATTERNS = [(re.compile(p, re.IGNORECASE), why) for p, why in LEADING_RULES]

TAG_QUESTION = re.compile(
    r",\s*(?:(?:isn't|aren't|wasn't|weren't|don't|doesn't|didn't|won't|wouldn't|can't|couldn't|"
    r"haven't|hasn't|hadn't|shouldn't|is|are|was|were|do|does|did|will|would|can|could|has|have)"
    r"\s+(?:it|you|they|he|she|we|there|that|i)|right|yes|no|eh|ok|okay|yeah|correct|true|surely)"
    r"\s*\?\s*$",
    re.IGNORECASE,
)
STACK_JOIN = re.compile(
    r"(?:[,;]\s*(?:and|or|but|also|plus)?|\s[-\u2013\u2014]\s*|\band\b|\bor\b|\bbut\b|\balso\b|\bplus\b)\s*"
    r"(?:also\s+)?(?:then\s+)?"
    r"(what|how|why|who|where|when|which|(?<![,;] )(?:is|are|was|were|do|does|did|have|has|can|"
    r"could|will|would|should))(?:'s|'re)?\b\s*(?!not\b)(\w+)",
    re.IGNORECASE,
)
STACK_TAIL = re.compile(
    r"[,;\u2014\u2013-]\s*(and|or|but)?\s*(if so,?\s*|if not,?\s*)?(when|where|why|how|who|what|which)\s*\?\s*$",
    re.IGNORECASE,
)
# After a joining word, a wh-word starts a new question only when a verb or subject follows
# ("…and how did you feel?"), not in "know how it works" or "what and when".
CHOICE = re.compile(r",?\s+or\s+(?!not\b)(?!\w+ \w+ \w+ \w+ \w+)[^?]*\?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    text: str
    kind: str
    reasons: list[str] = field(default_factory=list)
    # Advice can hide in any kind: "You could ask the inspector." is a statement that advises.
    gives_advice: bool = False

    @property
    def is_open(self) -> bool:
        return self.kind == "open"


def _quote(text: str, limit: int = 60) -> str:
    text = text.strip()
    return f'"{text if len(text) <= limit else text[: limit - 1] + "…"}"'


LEARNED_REASONS = {
    "advice": "reads as a suggestion of what to do, like the advice questions the checker learned from",
    "leading": "reads as if it carries its own answer, like the leading questions the checker learned from",
}


class QuestionChecker:
    """Rules on the wording first; then, for a question the rules find open, the learned
    model on its meaning (when an embedder and the model are given)."""

    def __init__(self, nlp: Language, embedder: Embedder | None = None, model: CheckerModel | None = None) -> None:
        self._nlp = nlp
        self._embedder = embedder
        self._model = model

    @classmethod
    def with_model(cls, nlp: Language, embedder: Embedder) -> QuestionChecker:
        folder = shipped_folder(MODEL_NAME)
        return cls(nlp, embedder, CheckerModel.load(folder) if folder else None)

    def check(self, text: str) -> Verdict:
        clean = " ".join(for_models(text).split())
        if not clean:
            return Verdict(text, "statement", ["there is no text"])
        doc = self._nlp(clean)
        for judge in (_statement, _advice, _leading, _stacked, _closed):
            reasons = judge(clean, doc)
            if reasons:
                kind = judge.__name__.strip("_")
                advice = _advice(clean, doc) if kind == "statement" else []
                if kind == "statement" and not advice:
                    reflected = _reflection(clean, doc)
                    if reflected:
                        return Verdict(text, "reflection", reflected)
                return Verdict(text, kind, reasons + advice, gives_advice=kind == "advice" or bool(advice))
        if self._model is not None and self._embedder is not None:
            # The model judges the question itself; a preamble or a reflection before it
            # ("You feel like a visitor in your own department. What would …?") is context.
            asked = " ".join(_question_proper(part) for part in _question_parts(clean)) or clean
            concern = self._model.concern(asked, self._embedder.encode_one(asked))
            if concern is not None:
                kind, probability = concern
                return Verdict(text, kind, [f"{_quote(clean)} {LEARNED_REASONS[kind]} ({probability:.0%})"])
        return Verdict(text, "open", ["invites the member to think and describe in their own words"])


_CLITIC = re.compile(r"'(s|re|ll|d|ve|m)$")


# Spoken and typed fast: "whats going on for you?", "hows that been?".
_UNAPOSTROPHISED = {"whats": "what", "hows": "how", "wheres": "where", "whos": "who", "whys": "why", "whens": "when"}


def _first_word(text: str) -> str:
    """The opening word, lower-case, without punctuation or a clitic ("What's" -> "what")."""
    words = text.split()
    if not words:
        return ""
    word = _CLITIC.sub("", words[0].lower().strip(",.;:!?\"()[]"))
    return _UNAPOSTROPHISED.get(word, word)


# Where one sentence ends and the next begins inside a turn: a full stop, "!" or an ellipsis
# and a space ("You said everyone knows it. What's the evidence…?").
_SENTENCE_END = re.compile(r"(?:(?<=[.!])|\.{2,}|…)\s+")


def _question_proper(part: str) -> str:
    """The question sentence of a turn part, without the preamble or reflection before it:
    "Mike goes to your director, never to you. What do you make of that?" is judged by
    "What do you make of that?"."""
    sentences = [piece for piece in _SENTENCE_END.split(part.strip()) if piece.strip()]
    return sentences[-1] if sentences else part


def _question_parts(clean: str) -> list[str]:
    """The question sentences, each up to and including its question mark. A question typed
    without one ("what do you want from today") is taken whole."""
    parts = [part.strip() for part in re.findall(r"[^?]*\?", clean) if part.strip(" ?")]
    if not parts and (_first_word(LEAD_IN.sub("", clean)) in WH_WORDS | AUXILIARIES):
        return [clean]
    return parts


def _core(question: str) -> str:
    """The question without what comes before it: a preamble or a reflection, lead-ins
    ("So, …"), an opening condition ("If you knew X, …")."""
    core = LEAD_IN.sub("", _question_proper(question))
    opened = CONDITIONAL_OPENING.match(core)
    if opened and opened.end() < len(core):
        core = core[opened.end() :]
    first = _first_word(core)
    if first not in WH_WORDS and first not in AUXILIARIES and not INVITATIONS.match(core):
        # "Given everything you've told us, …, what feels like the real problem?" and
        # "That wall you mentioned - whereabouts is it?": the question proper comes last.
        later = list(re.finditer(r"(?:,|\s[-\u2013\u2014])\s*(?=(?:what|how|why|who|where|when|which|whereabouts)\b)", core, re.I))
        if later:
            core = core[later[-1].end() :]
    return core


_SUBJECTS = frozenset(
    "you i we he she they it there that this anyone anybody someone somebody anything the your my our their his her".split()
)


def _statement(clean: str, doc: Doc) -> list[str]:
    if "?" in clean or INVITATIONS.match(LEAD_IN.sub("", clean)):
        return []
    opening = LEAD_IN.sub("", clean)
    first = _first_word(opening)
    second = _first_word(opening.split(" ", 1)[1]) if " " in opening else ""
    subordinate = first in WH_WORDS and second in ("i", "we", "he", "she", "they")  # "When I ran a depot …"
    # "did you ask her" is a question typed without "?"; "have a think" is an instruction.
    inverted = first in AUXILIARIES and second in _SUBJECTS
    if (first in WH_WORDS and not subordinate) or inverted:
        return []  # a question that lost its question mark
    return [f"{_quote(clean)} asks nothing: it has no question in it"]


# A turn that hands back what the member said: it opens on a reflecting frame ("It sounds
# like…", "So you…", "Part of you…") or describes the member in the second person. One that
# tells them what to do, speaks of the asker, reassures, or generalises is a statement.
REFLECTING_OPENING = re.compile(
    r"^(?:(?:so|and|right|ok|okay|mm+|hm+|yeah|um)\W+)*(?:it sounds|sounds|it seems|seems|it feels|"
    r"what i'?m hearing|i'?m hearing|i hear|what i hear|if i'?ve (?:got|understood)|let me (?:check|summarise|"
    r"summarize|see if)|you(?:'ve| have| are|'re| were| feel| felt| said| say| mentioned| described| told|"
    r"'d| would| keep| want| don't| do| can| can't| got|r)?\b|your\b|part of you|what \w+ said|for you\b)",
    re.IGNORECASE,
)
NOT_REFLECTING = re.compile(
    r"\b(?:i|i'm|i've|i'd|my|me|we|let's|let us)\b(?! (?:hear|hearing)\b)|\b(?:should|ought|need to|must|"
    r"have to|don't worry|never|always|everywhere|usually|these days|honestly|in my experience|take your time|"
    r"please|no rush|being (?:far |too |very )?(?:hard|harsh))\b",
    re.IGNORECASE,
)


_LEAD_WORDS = frozenset(["so", "and", "but", "right", "ok", "okay", "well", "now", "then", "just", "mm", "um"])


def _instruction(token: Token) -> bool:
    """A verb first with no subject of its own: an instruction ("have a think", "take a minute")."""
    if token.tag_ == "VB":
        return True
    return token.pos_ in ("VERB", "AUX") and token.tag_ == "VBP" and not any(
        child.dep_ in ("nsubj", "nsubjpass", "expl") for child in token.children
    )


def _reflection(clean: str, doc: Doc) -> list[str]:
    # "So the handover keeps running over…": a summary of what was said.
    opening = REFLECTING_OPENING.match(clean) or re.match(r"^so\b", clean, re.IGNORECASE)
    # A reflection may also open on the member's own topic: "Corridor care every day, and
    # you're the one doing the apologising."
    if opening is None and not re.search(r"\byou(?:'re|'ve| are| have|r)?\b", clean, re.IGNORECASE):
        return []
    if NOT_REFLECTING.search(clean):
        return []
    first = next((token for token in doc if token.lower_ not in _LEAD_WORDS and not token.is_punct), None)
    if first is not None and _instruction(first):  # "So, take a minute and decide…"
        return []
    return [f"{_quote(clean)} reflects what the member said back to them, without a question"]


def _advice(clean: str, doc: Doc) -> list[str]:
    reasons = []
    for part in _question_parts(clean) or [clean]:
        core = _core(part)
        for pattern, why in ADVICE_PATTERNS:
            # Anchored rules read the question proper; the rest also read its opening clause.
            anchored = pattern.pattern.startswith("^")
            found = pattern.search(core) or (None if anchored else pattern.search(part))
            if found:
                reasons.append(f"{_quote(found.group(0))} {why}")
                break
        else:
            reasons += _modal_you_action(core, doc)
    return reasons


COMMUNICATION_VERBS = frozenset(
    ["say", "tell", "describe", "explain", "share", "remember", "recall", "imagine", "picture", "expand"]
)
SOFTENERS = frozenset(["just", "simply", "perhaps", "maybe", "also", "possibly", "not"])


def _modal_you_action(core: str, doc: Doc) -> list[str]:
    """The parse view of advice: a modal, then "you", then an action verb, opening a clause."""
    for token in doc:
        opens_clause = token.i == 0 or doc[token.i - 1].text in (",", ";", ":", "?", ".")
        if token.tag_ != "MD" or not opens_clause:
            continue
        rest = [t for t in doc[token.i + 1 : token.i + 5] if t.lower_ not in SOFTENERS]
        is_action = len(rest) >= 2 and rest[0].lower_ == "you" and rest[1].pos_ == "VERB"
        if is_action and rest[1].lemma_ not in COMMUNICATION_VERBS:
            phrase = doc[token.i : rest[1].i + 1].text
            return [f'{_quote(phrase)}: a modal with "you" and an action proposes it']
    return []


def _leading(clean: str, doc: Doc) -> list[str]:
    reasons = []
    for pattern, why in LEADING_PATTERNS:
        found = pattern.search(clean)
        if found:
            reasons.append(f"{_quote(found.group(0))} {why}")
    found_by_pattern = bool(reasons)  # "don't you think…" is already explained; say it once
    for part in _question_parts(clean):
        first = _first_word(_core(part))
        negative = first in NEGATIVE_AUXILIARIES or (first in ("ca", "wo") and "n't" in part)
        if negative and not found_by_pattern:
            reasons.append(f'{_quote(part)} is a negative question: it expects "yes"')
        tag = TAG_QUESTION.search(part)
        if tag:
            reasons.append(f"{_quote(tag.group(0))} is a tag that asks for agreement")
    return reasons


def _stacked(clean: str, doc: Doc) -> list[str]:
    parts = _question_parts(clean)
    if len(parts) > 1:
        return [f"{len(parts)} questions in one turn: {'; '.join(_quote(p, 40) for p in parts)}"]
    for part in map(_core, parts):
        tail = STACK_TAIL.search(part)
        if tail and _joins_two_questions(part, tail.start()):
            return [f"{_quote(tail.group(0))} asks a second question"]
        for join in STACK_JOIN.finditer(part):
            word, following = join.group(1).lower(), join.group(2).lower()
            if word in WH_WORDS and following in ("and", "or", "if", "it", "to"):
                continue
            if _joins_two_questions(part, join.start()):
                return [f"{_quote(join.group(0))} starts a second question"]
    return []


def _joins_two_questions(part: str, at: int) -> bool:
    before = part[:at].strip()
    # The first half must already be a question of its own (wh-word or auxiliary first).
    first = _first_word(_core(before))
    opens = first in WH_WORDS or first in AUXILIARIES or first in ("in", "to") or INVITATIONS.match(before)
    return bool(opens) and len(before.split()) >= 2


# Questions whose answer is a number, a date or a score: closed, whatever their first word.
# ("When did you first notice…?" and "How often have your predictions come true?" invite
# reflection and stay open.)
FACT_QUESTION = re.compile(
    r"^(?:(?:so|and|right|ok|okay|um|erm|just)\W+)*(?:how (?:many|long|old)\b|on a scale\b|"
    r"when (?:is|was|are|were|'s) (?:it|the|that|this|he|she|they|your)\b|when will (?:it|the|that|he|she|they)\b)",
    re.IGNORECASE,
)


def _closed(clean: str, doc: Doc) -> list[str]:
    for part in _question_parts(clean) or [clean]:
        core = _core(part)
        words = core.split()
        if not words:
            continue
        fact = FACT_QUESTION.match(_question_proper(part))
        if fact:
            return [f"{_quote(fact.group(0))} asks for a number, a date or a score"]
        first = _first_word(core)
        if first in AUXILIARIES:
            return [f'{_quote(" ".join(words[:4]))} can be answered "yes" or "no"']
        if first in ("any", "anything", "anyone", "anybody", "is", "ok", "okay", "right"):
            return [f'{_quote(" ".join(words[:3]))} can be answered "yes" or "no"']
        choice = CHOICE.search(core)
        if choice and (first in ("which", "what", "who") or "," in core):
            return [f"{_quote(choice.group(0).strip(' ,?'))} offers options to pick from"]
        if (
            first not in WH_WORDS
            and not INVITATIONS.match(core)
            and not re.match(
                r"^(to what|in what|on what|from what|at what|by what|for what|of what|with what|"
                r"how come|in which|to which|on which|from which|of which|with whom|to whom|for whom)\b",
                core,
                re.IGNORECASE,
            )
        ):
            return [f"{_quote(part)} has no open question word; it asks for a yes or a no"]
    return []
