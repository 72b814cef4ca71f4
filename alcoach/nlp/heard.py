"""What a facilitator holds in mind after an answer: not only labels, but its content.

From the parse of one answer:

  people       who is in the story ("my deputy", "Priya", "the night team"), said back
               ("your deputy") with whether it reads as one person or a group
  feelings     feelings the member named for themselves ("stung", "ashamed")
  striking     their vivid phrases ("herding cats", "banging my head against a wall")
  assumption   a belief or expectation they stated ("finance won't move"), said back
  limit        a limit they put on themselves ("I can't push back on him"), with its
               freeing opposite ("you can push back on him")
  duty         a rule they hold themselves to ("I have to answer every email" -> "answer
               every email")
  insight      what they have come to see ("I realised I had never asked her" -> "you had
               never asked her")
  commitment   an action they intend, first person and future ("I'll ring Dave on
               Monday" -> "ring Dave on Monday")
  done         an action they took ("I finally talked to the night nurse")
  not_done     one they did not take ("didn't get round to talking to the locum")
  ask          what they want from their set
  asks_for_answers   whether they asked the coach to tell them what to do

Each item keeps the member's exact words (`source`, with its character span) beside the
form a question can use (`said`). Where the words do not read cleanly, the item is left
out: a question that cannot be built well is not built.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from alcoach.nlp import intentions
from alcoach.nlp.cue_rules import EMOTIONS
from alcoach.nlp.heard_patterns import REFRAMES
from alcoach.nlp.hearing import Heard, Hearing, Limit, Person
from alcoach.nlp.incisive import CHOICES, CLAUSE_BREAKS, SET_PHRASES, limiting_assumption
from alcoach.nlp.intentions import subject_is_member
from alcoach.nlp.voice import said_back

MAX_SAID_WORDS = 14
MAX_ASK_WORDS = 20
MAX_PERSON_WORDS = 5
MAX_STRIKING_WORDS = 7

# Nouns for people and groups at work; a noun phrase headed by one of these is someone in
# the story.
PERSON_NOUNS = frozenset(
    """
    manager managers boss bosses deputy deputies team teams colleague colleagues staff sponsor
    director directors head heads lead leads leader leaders supervisor supervisors partner
    partners client clients customer customers nurse nurses doctor doctors consultant consultants
    registrar registrars matron matrons pharmacist pharmacists sister teacher teachers head
    governor governors trustee trustees board chair chairs ceo cfo cto coo md hr finance union
    council councillor councillors member members officer officers sergeant sergeants inspector
    inspectors constable constables chief engineer engineers developer developers designer
    designers analyst analysts accountant accountants auditor auditors architect architects
    student students pupil pupils parent parents family families daughter son mother father
    husband wife carer carers resident residents patient patients tenant tenants volunteer
    volunteers worker workers crew crews shift shifts agency contractor contractors supplier
    suppliers vendor vendors owner owners founder founders investor investors executive
    executives exec execs leadership management principal principals dean deans professor
    professors lecturer lecturers researcher researchers coordinator coordinators admin
    receptionist receptionists clerk clerks porter porters paramedic paramedics firefighter
    firefighters driver drivers chef chefs cook cooks waiter waiters planner planners foreman
    surveyor surveyors solicitor solicitors lawyer lawyers barrister barristers judge
    secretary secretaries assistant assistants apprentice apprentices trainee trainees intern
    interns graduate graduates locum locums midwife midwives therapist therapists social worker
    workers peer peers counterpart counterparts predecessor successor everyone everybody nobody
    department departments group groups committee committees panel directorate dev devs fd md
    operator operators rep reps subbies subcontractor subcontractors pi pis legal engineering
    production reception ops exec execs buyers buyer marketing sales procurement estates
    caseworker caseworkers practitioner practitioners coordinator lads crew officers chef
    """.split()
)
# Words that sit in a person's phrase but do not make it one ("the team's budget" is a budget).
NOT_PEOPLE_HEADS = frozenset("budget rota plan meeting time process system".split())
GROUP_NOUNS = frozenset(
    "team teams staff board hr finance union council leadership management crew family department"
    " committee panel directorate agency group everyone everybody nobody".split()
)
SELF = frozenset("i me my we us our myself ourselves you your".split())

FEELING_WORDS = frozenset(EMOTIONS.split("|")) - {"fed", "sick", "fear", "stress"} | frozenset(
    "stung stings sting hurts rattled gutted irritation anger ashamed nervy wobbly numb"
    " sheepish defensive powerless invisible angry tearful awful horrible dreadful humbling knackering"
    " stunned tired traumatised traumatized sceptical skeptical humiliating lighter gutting"
    " heartbreaking exhausting draining scary terrifying".split()
)
FEELING_PHRASES = (
    "fed up",
    "wound up",
    "on edge",
    "sick of",
    "at the end of my tether",
    "let down",
    "close to tears",
    "in tears",
    "a knot in my stomach",
    "a knot in my chest",
    "a sinking feeling",
    "hot and shaky",
    "two inches tall",
    "such a lift",
    "hands were sweating",
    "hands were shaking",
    "burnt out",
    "burned out",
    "mixed feelings",
    "hard to hear",
    "worn out",
    "at a loss",
    "feel stupid",
    "felt stupid",
)
# "not worried", "never angry": a feeling denied is not a feeling named.
NEGATIONS = frozenset("not n't never no".split())

# Verbs whose clause is a belief or expectation ("I assume finance won't move").
BELIEF_VERBS = frozenset(
    "assume presume suppose reckon bet guess imagine expect believe think doubt suspect figure".split()
)
# "I'm sure that …", "I'm convinced …"
BELIEF_ADJECTIVES = frozenset("sure convinced certain positive".split())
# Insight: "I realised (that) …", "it turns out …", "it dawned on me …".
INSIGHT_VERBS = frozenset("realise realize realised realized notice discover learn see".split())
# Insight verbs that mean coming to know (not "see", which is also just seeing).
LEARNING_VERBS = INSIGHT_VERBS - {"see"}
INSIGHT_EVENTS = frozenset("dawn strike hit occur turn".split())
# Mind-reading and prediction words that make a clause about others an assumption
# ("they'd never agree", "she'll say no", "nobody will turn up").
EXPECTATION_MARKERS = frozenset("never always nobody everyone everybody no".split())

FIGURATIVE = frozenset(
    """
    wall walls brick eggshells eggshell plates cats fire fires firefighting firefight juggling juggle
    treadmill minefield rollercoaster roller hole battle battles war storm drowning sinking mountain
    uphill bubble circus nightmare zoo sponge cooker crash chickens elephant cliff tightrope
    bottleneck quicksand groundhog hamster wheel bomb plaster sticking ship swamp swamped maze
    tsunami avalanche landmine limbo vacuum vacuums echo chamber silo silos dumping ground rock
    punchbag scapegoat doormat carpet rug wilderness tunnel fog jigsaw puzzle tug mud treacle
    ladder lottery soap opera herding banging spinning
    """.split()
)
# A phrase the member put in quotation marks; an apostrophe inside a word is not a quote.
QUOTED = re.compile(r"(?:^|(?<=[\s(]))[\"“‘']([^\"“”‘’']{3,40})[\"”’'](?=[\s.,;:!?)]|$)")

# "I want", "I'd really like", "id like": what the member wants, however it is typed.
_I_LIKE = (
    r"(?:i(?: (?:actually|really|mostly|honestly|just))?"
    r"(?: want| need| would(?: really)? (?:like|value|appreciate)|['’]d(?: really)? (?:like|value|appreciate)"
    r"| value)|id like)"
)
_FROM_SET = r"from (?:the|my|this) (?:set|group)|from you all|from you lot|from all of you"
ASK_OPENERS = re.compile(
    rf"\b(?:what {_I_LIKE} (?:{_FROM_SET})(?: today| tonight| this time)?(?: is|:)"
    r"(?: simply| just| really)?|"
    rf"(?:{_FROM_SET}),? {_I_LIKE}|"
    r"i(?:'d| would)?(?: really)? (?:like|want|need) (?:the|my) set to|"
    r"(?:could|can|would) (?:the|my) (?:set|group) (?=help)|"
    r"it would help (?:me )?if (?:the|my) set could|"
    r"i(?:['’]d| would) (?:really )?(?:appreciate|value) (?=questions|challenge|help|some|ideas|views)|"
    r"i(?:'d| would)?(?: really)? (?:like|want|need) (?:some )?help (?:from (?:the|my) set )?"
    r"(?=with|to|seeing|thinking|working)|"
    # "Want other people's experience of…", "Want the set to ask me…": said without the "I".
    r"(?:^|(?<=[.!?] ))(?:want|would like|need)(?: the set to)? (?=other people|ideas|some |views|help|input|"
    r"questions|ask|push|challenge|tell me|check))",
    re.IGNORECASE,
)


def _heard(
    span: Span | list[Token], original: str, said: str | None = None, max_words: int = MAX_SAID_WORDS
) -> Heard | None:
    tokens = list(span)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].dep_ == "cc"):
        tokens.pop()
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens.pop(0)
    if not tokens or _ends_mid_way(tokens):
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    said = said_back(tokens) if said is None else said
    if not said or len(said.split()) > max_words or "\n" in said or "?" in said:
        return None
    if _unbalanced(said) or _open_quote(original[start:end]):
        return None
    return Heard(original[start:end], said, start, end)


# Words a clause cannot end on and still read whole when said back: "planning as", "the".
DANGLING = frozenset("as which who whom whose that than the a an to of with for".split())


def _ends_mid_way(tokens: list[Token]) -> bool:
    """ "I've started planning as" (cut before "if"), "half of the": said back, it garbles."""
    last = tokens[-1]
    if last.dep_ == "prt" or len(tokens) == 1:
        return False  # "sort it out" ends on a particle and reads whole
    return last.lower_ in DANGLING or last.pos_ in ("SCONJ", "CCONJ", "DET")


def _stands_alone(clause: list[Token]) -> bool:
    """A belief that can be asked about without the sentence around it: not "that was ever
    true" (what "that" is lives elsewhere), not "it clearly won't" (its verb is left out), not
    someone's words in quotation marks."""
    if not clause:
        return False
    subject = next((t for t in clause if t.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is not None and subject.lower_ in ("that", "this", "which", "what"):
        return False
    last = next((t for t in reversed(clause) if t.lower_ not in ("n't", "n’t", "not", "nt")), clause[-1])
    if last.pos_ == "AUX" or last.tag_ == "MD":
        return False
    return not any(t.text in ("'", "‘", "’", '"', "“", "”") for t in clause)


def _belief(clause: list[Token], original: str) -> Heard | None:
    return _heard(clause, original) if _stands_alone(clause) else None


def heard_span(span: Span, original: str) -> Heard | None:
    """A clause of the answer as something heard, if it has a subject and reads back cleanly."""
    if not any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in span) or not _stands_alone(list(span)):
        return None
    return _heard(span, original)


def _unbalanced(text: str) -> bool:
    return (
        text.count('"') % 2 == 1 or text.count("(") != text.count(")") or text.count("“") != text.count("”")
    )


def _open_quote(text: str) -> bool:
    """A single quotation mark opened and not closed ("… it was 'fine")."""
    opened = len(re.findall(r"(?:^|(?<=\s))['‘]", text))
    closed = len(re.findall(r"['’](?=\s|$|[.,;:!?])", text))
    return opened != closed and opened > 0


def _text(doc: Doc) -> str:
    """The parsed text, joined once per document (spaCy rebuilds `doc.text` on every call)."""
    text = doc.user_data.get("alcoach_text")
    if text is None:
        text = doc.user_data["alcoach_text"] = doc.text
    return text


def _sentence(token: Token) -> tuple[int, int]:
    """The token indices of the sentence a token is in. spaCy's `token.sent` scans the whole
    document each time it is asked; the bounds are worked out once per document here."""
    bounds = token.doc.user_data.get("alcoach_sentences")
    if bounds is None:
        bounds = [(sentence.start, sentence.end) for sentence in token.doc.sents]
        token.doc.user_data["alcoach_sentences"] = bounds
    return next(((a, b) for a, b in bounds if a <= token.i < b), (0, len(token.doc)))


def _clause_tokens(doc: Doc, start: int, limit: int = MAX_SAID_WORDS + 2) -> list[Token]:
    """From `start` to the end of its clause: a clause break, end punctuation or a dash."""
    tokens: list[Token] = []
    for token in doc[start:]:
        inside_word = token.text in ("-", "'", "’") and bool(tokens) and not tokens[-1].whitespace_
        if tokens and (token.lower_ in CLAUSE_BREAKS - {"and", "or"} or token.is_space):
            break
        if token.is_punct and not inside_word and token.text not in ("'", "’"):
            break
        if token.is_sent_start and tokens:
            break
        following = token.nbor(1) if token.i + 1 < len(doc) else None
        if tokens and token.lower_ in ("and", "or") and following is not None and following.dep_ == "nsubj":
            break  # "… get the rota out on time | and the whole team paid for it"
        tokens.append(token)
        if len(tokens) > limit:
            return []
    while len(tokens) > 1 and tokens[-1].lower_ in TRAILING:
        tokens.pop()  # "apply for the post in the end", "do it yet"
    if len(tokens) > 2 and " ".join(t.lower_ for t in tokens[-3:]) in ("in the end", "after all that"):
        tokens = tokens[:-3]
    return tokens


TRAILING_TIME = re.compile(
    r"\s+(?:(?:months|weeks|days|years|ages) ago|last (?:week|month|year|time)|yesterday|before now|sooner)$"
)
TRAILING = frozenset("yet again though anyway really either too honestly tbh lol".split())


# --- people ------------------------------------------------------------------------------


def _people(doc: Doc, original: str) -> tuple[Person, ...]:
    found: list[Person] = []
    seen: set[str] = set()
    for chunk in doc.noun_chunks:
        root = chunk.root
        if (
            root.lower_ in SELF
            or root.lower_ in ("nobody", "no one")
            or (root.pos_ == "PRON" and root.lower_ not in ("everyone", "everybody"))
        ):
            continue
        is_name = root.pos_ == "PROPN" and _reads_as_name(root)
        is_role = root.lower_ in PERSON_NOUNS and root.lower_ not in NOT_PEOPLE_HEADS
        if root.lower_ in ("head", "heads", "chief", "lead", "shift", "shifts", "member", "members"):
            # "my head", "the lead time": a role only as "head of …", "department head", "night shift".
            follows = doc[root.i + 1].lower_ if root.i + 1 < len(doc) else ""
            modified = any(c.dep_ in ("compound", "amod") for c in root.children)
            is_role = follows == "of" or (modified and root.lower_ not in ("head", "heads"))
        if not (is_name or is_role):
            continue
        if is_name and root.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "CARDINAL", "ORDINAL"):
            continue
        tokens = [t for t in chunk if not (t.is_punct or t.is_space)]
        # "the head of finance": keep a short "of" phrase with its noun.
        after = doc[chunk.end : chunk.end + 3]
        if len(after) >= 2 and after[0].lower_ == "of" and after[1].pos_ in ("NOUN", "PROPN"):
            tokens += [after[0], after[1]]
        if not tokens or len(tokens) > MAX_PERSON_WORDS or tokens[0].lower_ in ("a", "an", "any", "some"):
            continue
        if any(t.like_num or t.pos_ == "VERB" for t in tokens) or _describes_the_member(chunk):
            continue
        heard = _heard(tokens, original)
        if heard is None or heard.said.lower() in seen:
            continue
        seen.add(heard.said.lower())
        group = root.tag_ in ("NNS", "NNPS") or root.lower_ in GROUP_NOUNS
        said = heard.said if tokens[0].pos_ == "PROPN" else heard.said[:1].lower() + heard.said[1:]
        found.append(Person(heard.source, said, heard.start, heard.end, group))
    return tuple(found)


def _reads_as_name(token: Token) -> bool:
    """A name of someone (or an organisation), not a capitalised word: "Priya", "Legal" —
    not "Met" opening a sentence, nor "Year 4", nor "Attendance was…"."""
    if token.tag_ not in ("NNP", "NNPS"):
        return False
    if token.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    if token.ent_type_ or not token.is_title or token.lower_ in CALENDAR:
        return False
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if following is not None and following.like_num:
        return False
    # "Met the depot manager…", "Spoke to her…": a verb opening a sentence, not a name.
    return not (token.is_sent_start and following is not None and following.pos_ in ("DET", "ADP", "PRON"))


CALENDAR = frozenset(
    "january february march april may june july august september october november december monday"
    " tuesday wednesday thursday friday saturday sunday christmas easter".split()
)


def _describes_the_member(chunk: Span) -> bool:
    """The member's own role: "I'm a ward manager", "Plant manager, food factory.", "Lead
    pharmacist for medicines reconciliation." at the start of an answer."""
    root = chunk.root
    if root.dep_ == "attr" and any(c.lower_ in ("i", "we") for c in root.head.children if c.dep_ == "nsubj"):
        return True
    if chunk.start == 0 and root.dep_ not in ("nsubj", "nsubjpass"):
        end = chunk.end
        if end + 1 < len(chunk.doc) and chunk.doc[end].lower_ == "of":
            end += 2  # "Head of maths."
        following = chunk.doc[end] if end < len(chunk.doc) else None
        return (
            following is None or following.text in ",.:;-–—" or following.lower_ in ("for", "at", "in", "on")
        )
    return False


# --- feelings and striking phrases ---------------------------------------------------------


def _feeling_is_theirs(token: Token) -> bool:
    """A feeling the member names for themselves, not one they report in someone else
    ("she was furious", "the day staff are fed up")."""
    head = token
    for _ in range(3):
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            subject = subjects[0]
            someone_else = (
                subject.lower_ in OTHERS or subject.pos_ == "PROPN" or subject.lower_ in PERSON_NOUNS
            )
            return subject.i == token.i or not someone_else
        if head.head.i == head.i:
            break
        head = head.head
    return True


OTHERS = frozenset("he she they him her them his people everyone everybody".split())


def _feelings(doc: Doc, original: str) -> tuple[Heard, ...]:
    found: list[Heard] = []
    lowered = _text(doc).lower()
    for phrase in FEELING_PHRASES:
        at = lowered.find(phrase)
        if at >= 0:
            span = doc.char_span(at, at + len(phrase), alignment_mode="expand")
            if span is not None and _feeling_is_theirs(span.root):
                heard = _heard(span, original)
                if heard is not None:
                    found.append(heard)
    for token in doc:
        if token.lower_ not in FEELING_WORDS or not token.is_alpha:
            continue
        window = {t.lower_ for t in doc[max(token.i - 3, _sentence(token)[0]) : token.i]}
        if window & NEGATIONS and not window & {"but"}:
            continue
        if token.pos_ == "VERB" and token.lower_ in ("hurt", "hurts") and token.dep_ != "ROOT":
            continue
        if not _feeling_is_theirs(token):
            continue
        if any(f.start <= token.idx < f.end for f in found):
            continue
        heard = _heard([token], original, said=original[token.idx : token.idx + len(token.text)].lower())
        if heard is not None and heard.said not in {f.said for f in found}:
            found.append(heard)
    return tuple(sorted(found, key=lambda h: h.start))


# Whole idioms, heard whole ("a rock and a hard place", not "a rock").
IDIOMS = re.compile(
    r"\b(?:between a rock and a hard place|bang(?:ing)? (?:my|our) heads? against a (?:brick )?wall|"
    r"herding cats|spinning plates|walking on eggshells|treading water|going round in circles|"
    r"on the back foot|up against it|a poisoned chalice|the elephant in the room|a drop in the ocean|"
    r"in the firing line|a sticking plaster|robbing peter to pay paul|plate spinning|"
    r"swimming against the tide|pushing water uphill|head above water|a can of worms|"
    r"a house of cards|a ticking time bomb|a perfect storm|the tip of the iceberg)\b",
    re.IGNORECASE,
)


def _striking(doc: Doc, original: str) -> tuple[Heard, ...]:
    found: list[Heard] = []
    for match in IDIOMS.finditer(_text(doc)):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        heard = _heard(span, original) if span is not None else None
        if heard is not None:
            found.append(heard)
    for match in QUOTED.finditer(original[: len(_text(doc))]):
        inner = match.group(1).strip()
        opening = inner.split()[0].lower() if inner.split() else ""
        before = original[max(match.start() - 14, 0) : match.start()].lower()
        reported = re.search(r"\b(?:said|says|say|told|asked|replied|went|called)\b", before)
        if 1 <= len(inner.split()) <= 5 and opening not in QUOTE_NOT_A_PHRASE and not reported:
            found.append(Heard(inner, inner, match.start(1), match.start(1) + len(inner)))
    for token in doc:
        if token.lower_ not in FIGURATIVE or any(f.start <= token.idx < f.end for f in found):
            continue
        span = _figurative_span(token)
        if span is None:
            continue
        heard = _heard(span, original)
        if heard is not None and len(heard.said.split()) <= MAX_STRIKING_WORDS:
            found.append(heard)
    return tuple(sorted(found, key=lambda h: h.start))


# A quoted clause ("when things calm down", "I'll sort it") is not a phrase to explore as such.
QUOTE_NOT_A_PHRASE = frozenset("i we when if because what how why where who while until unless".split())


def _figurative_span(token: Token) -> list[Token] | None:
    """The phrase a figurative word sits in: its gerund phrase ("banging my head against a
    wall"), else its noun phrase ("a black hole"), without leading articles."""
    word = token
    for _ in range(4):
        if word.tag_ == "VBG":
            tokens = list(word.subtree)
            tokens = [t for t in tokens if t.i >= word.i]
            return _without_articles(tokens) if len(tokens) <= MAX_STRIKING_WORDS else None
        if word.head.i == word.i:
            break
        word = word.head
    if token.tag_ == "VBG":
        return [token]
    if token.pos_ in ("NOUN", "PROPN", "ADJ"):
        # The noun phrase it is in, with its article ("a black hole", "a nightmare").
        chunk = next((c for c in token.doc.noun_chunks if c.start <= token.i < c.end), None)
        if chunk is None:
            return [token] if token.pos_ == "NOUN" else None
        tokens = [t for t in chunk if t.pos_ not in ("PRON",) and t.dep_ != "poss"]
        return tokens if tokens and len(tokens) <= 4 else None
    return None


def _without_articles(tokens: list[Token]) -> list[Token]:
    while tokens and tokens[0].lower_ in ("a", "an", "the", "some", "this", "that", "like"):
        tokens = tokens[1:]
    return tokens


# --- beliefs, limits, rules ------------------------------------------------------------------




def _others_belief(verb: Token) -> bool:
    """What the member says others believe: "she thinks I'm after her job", "the lads think
    reporting gets you in trouble", "the front line see us as the department of no"."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects or subjects[0].lower_ in SELF | {"it", "this", "that", "which", "what"}:
        return False
    subject = subjects[0]
    someone = subject.lower_ in OTHERS or subject.lower_ in PERSON_NOUNS or subject.pos_ == "PROPN"
    if verb.lemma_.lower() == "see":
        return someone and any(c.lower_ == "as" for c in verb.children) and verb.tag_ != "VBD"
    complement = _complement(verb)
    if complement is None:
        return False
    about_me = any(t.lower_ in ("i", "me", "my", "we", "us") for t in complement.subtree)
    return about_me or (someone and verb.tag_ in ("VBZ", "VBP"))


def _complement(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i > verb.i), None)


def _complement_clause(doc: Doc, clause_root: Token, keep: frozenset[str] = frozenset()) -> list[Token]:
    """The clause under `clause_root`, without a leading "that", cut before a subordinate
    clause ("… because they never have", unless its word is in `keep`) or a comma."""
    start = clause_root.left_edge.i
    if doc[start].lower_ == "that" and doc[start].dep_ == "mark":
        start += 1
    clause: list[Token] = []
    for token in doc[start : clause_root.right_edge.i + 1]:
        if clause and (token.is_space or token.text in ",;:—–()" or token.is_sent_start):
            break
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if (
            clause
            and token.lower_ in ("and", "or")
            and not (following is not None and following.dep_ == "nsubj")
        ):
            clause.append(token)  # "I design things for days and expect nights to fit": one thought
            continue
        if clause and token.dep_ in ("mark", "cc") and token.lower_ in CLAUSE_BREAKS - keep:
            break
        clause.append(token)
    return clause


def _looking_back(token: Token) -> bool:
    """A belief the member held before and reports now: "I'd assumed…", "I thought…"."""
    had = any(c.lower_ in ("had", "'d") and c.dep_ == "aux" for c in token.children)
    return token.tag_ == "VBD" or (token.tag_ == "VBN" and had)


def _old_assumption(doc: Doc, original: str) -> Heard | None:
    for token in doc:
        if token.lemma_.lower() not in BELIEF_VERBS or token.pos_ != "VERB" or not subject_is_member(token):
            continue
        complement = _complement(token)
        if not _looking_back(token) or complement is None or complement.lemma_.lower() in LEARNING_VERBS:
            continue
        clause = _without_hedges(_complement_clause(doc, complement))
        if len(clause) >= 3 and any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in clause):
            heard = _belief(clause, original)
            if heard is not None and clause[0].lower_ not in WH_WORDS:
                return heard
    return None


def _without_hedges(tokens: list[Token]) -> list[Token]:
    """ "she obviously doesn't rate me" is tested as "she doesn't rate you"."""
    return [t for t in tokens if t.lower_ not in HEDGES or t.i == tokens[0].i]


def _assumption(doc: Doc, original: str) -> Heard | None:
    for token in doc:
        if token.lemma_.lower() in BELIEF_VERBS and subject_is_member(token) and _looking_back(token):
            continue  # held before, looked back on: heard as an old assumption
        belief = token.lemma_.lower() in BELIEF_VERBS and token.pos_ == "VERB" and subject_is_member(token)
        if token.lemma_.lower() in ("think", "reckon", "believe", "assume", "see") and _others_belief(token):
            # "the pharmacists think I'm a pushover": the member's reading of others' minds.
            subject = next(c for c in token.children if c.dep_ == "nsubj")
            clause = _complement_clause(doc, subject)[:0] or [
                t for t in _clause_tokens(doc, subject.left_edge.i, limit=MAX_SAID_WORDS)
            ]
            heard = _belief(clause, original) if clause else None
            if heard is not None:
                return heard
            continue
        sure = token.lower_ in BELIEF_ADJECTIVES and any(
            c.lower_ in ("i", "we") for c in token.head.children if c.dep_ == "nsubj"
        )
        if not (belief or sure):
            continue
        if any(c.dep_ == "neg" for c in token.children) and token.lemma_ != "doubt":
            continue
        complement = _complement(token)
        if complement is None or (complement.tag_ == "VB" and complement.dep_ == "xcomp"):
            continue
        if complement.lemma_.lower() in LEARNING_VERBS:
            continue  # "I think I learned that …" is an insight, heard as one
        # "I think she only said yes because it was Friday": the reason is part of the belief.
        clause = _without_hedges(_complement_clause(doc, complement, keep=frozenset(["because"])))
        if len(clause) > MAX_SAID_WORDS:
            clause = _without_hedges(_complement_clause(doc, complement))
        if len(clause) >= 2 and any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in clause):
            heard = _belief(clause, original)
            if heard is not None and clause[0].lower_ not in WH_WORDS:
                return heard
    return _expectation(doc, original) or _inference(doc, original)


HEDGES = frozenset("presumably probably obviously clearly surely apparently".split())


def _inference(doc: Doc, original: str) -> Heard | None:
    """A conclusion the member has drawn: "it must mean it's worse than it looks", "so
    presumably nobody reads it", "I'm obviously doing something wrong" (said without the hedge)."""
    for token in doc:
        if token.pos_ not in ("VERB", "AUX") or token.dep_ not in ("ROOT", "conj", "ccomp"):
            continue
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
        must = any(c.lower_ == "must" for c in token.children) and token.lemma_ in ("be", "mean")
        hedge = next((c for c in token.children if c.lower_ in HEDGES), None)
        if subject is None or not (must or hedge):
            continue
        clause = [t for t in _clause_tokens(doc, subject.left_edge.i) if hedge is None or t.i != hedge.i]
        if len(clause) >= 3:
            heard = _belief(clause, original)
            if heard is not None:
                return heard
    return None


def _expectation(doc: Doc, original: str) -> Heard | None:
    """A firm expectation about others, unhedged: "finance won't move", "they'd never agree"."""
    for token in doc:
        if token.pos_ not in ("VERB", "AUX") or token.dep_ not in ("ROOT", "ccomp", "conj", "advcl"):
            continue
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects or subjects[0].lower_ in SELF | {"it", "this", "that", "there", "what", "which"}:
            continue
        if token.dep_ == "ccomp" and token.head.lemma_ in ("say", "tell", "promise", "claim", "reply"):
            continue  # "he said he'd think about it": his words, not the member's expectation
        if token.dep_ == "ccomp" and token.head.lemma_.lower() in BELIEF_VERBS and _looking_back(token.head):
            continue  # "I'd assumed she'd see me as the enemy": an old assumption, heard as one
        auxiliaries = {c.lower_ for c in token.children if c.dep_ in ("aux", "neg")}
        future = auxiliaries & {"will", "'ll", "wo", "would", "'d"}
        marked = {c.lower_ for c in token.subtree} & EXPECTATION_MARKERS
        if not future or not (marked or "n't" in auxiliaries or "not" in auxiliaries):
            continue
        clause = _clause_tokens(doc, subjects[0].left_edge.i)
        if len(clause) >= 3:
            heard = _belief(clause, original)
            if heard is not None:
                return heard
    return None


DUTY_FORMS = (
    ("have", "to"),
    ("'ve", "got", "to"),
    ("have", "got", "to"),
    ("must",),
    ("should",),
    ("need", "to"),
    ("'m", "supposed", "to"),
    ("am", "supposed", "to"),
    ("'m", "expected", "to"),
    ("am", "expected", "to"),
    ("ought", "to"),
)


def _duty(doc: Doc, original: str) -> Heard | None:
    """A rule the member holds themselves to: "I have to answer every email" -> "have to answer
    every email"."""
    for token in doc:
        if token.lower_ not in ("i", "we"):
            continue
        for form in DUTY_FORMS:
            words = [t.lower_.replace("’", "'") for t in doc[token.i + 1 : token.i + 1 + len(form)]]
            if tuple(words) != form:
                continue
            start = token.i + 1 + len(form)
            if start >= len(doc) or (doc[start].lower_ in ("n't", "not", "have") and form == ("must",)):
                break
            verb = doc[start]
            if verb.pos_ not in ("VERB", "AUX") or verb.lemma_ in SET_PHRASES | CHOICES:
                break  # "I have to decide whether to stay" is a choice to make, not a rule held
            # Said back with the member's own modal: "should be able to…", "have to answer…".
            tokens = [*doc[token.i + 1 : start], *_clause_tokens(doc, start)]
            heard = _heard(tokens, original)
            if heard is not None:
                return heard
    return None


# --- insight, commitment, actions, asks --------------------------------------------------------


INSIGHT_OPENERS = re.compile(
    r"\b(?:(?:it )?turn(?:s|ed) out(?: that)?|what (?:struck|hit) me (?:was|is)(?: that)?|"
    r"what i (?:noticed|realised|realized|learned|learnt|saw|found) (?:was|is)(?: that)?|"
    r"the penny dropped(?: that)?|i (?:now )?see now(?: that)?|i was wrong (?:that|about))\s",
    re.IGNORECASE,
)


def _reframe(doc: Doc, original: str) -> Heard | None:
    match = REFRAMES.search(_text(doc))
    first = next((t for t in doc if match is not None and t.idx >= match.start()), None)
    if first is None:
        return None
    if first.lower_ in ("maybe", "perhaps") and first.i + 1 < len(doc):
        first = doc[first.i + 1]
    clause = _clause_tokens(doc, first.i, limit=MAX_SAID_WORDS)
    if len(clause) < 3 or clause[0].pos_ in ("AUX", "VERB"):
        return None  # "maybe is how we receive them" has no subject to say back
    return _heard(clause, original)


def _insight(doc: Doc, original: str) -> Heard | None:
    found = _insight_by_parse(doc, original) or _reframe(doc, original)
    if found is not None and _finite(doc, found):
        return found
    match = INSIGHT_OPENERS.search(_text(doc))
    after = next((t for t in doc if match is not None and t.idx >= match.end()), None)
    if after is None:
        return None
    clause = _clause_tokens(doc, after.i)
    if len(clause) >= 3 and any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in clause):
        heard = _heard(clause, original)
        return heard if heard is not None and _finite(doc, heard) else None
    return None


FINITE_TAGS = frozenset(["VBD", "VBZ", "VBP", "MD"])
WH_WORDS = frozenset("what how why where when which who whether".split())


def _finite(doc: Doc, heard: Heard) -> bool:
    """A clause that can follow "that …": it has a tensed verb and does not open with "how"."""
    span = doc.char_span(heard.start, heard.end, alignment_mode="expand")
    if span is None or span[0].lower_ in WH_WORDS:
        return False
    return any(t.tag_ in FINITE_TAGS for t in span)


def _insight_by_parse(doc: Doc, original: str) -> Heard | None:
    for token in doc:
        lemma = token.lemma_.lower()
        personal = lemma in INSIGHT_VERBS and subject_is_member(token) and token.tag_ in ("VBD", "VBN", "VBP")
        event = lemma in INSIGHT_EVENTS and any(c.lower_ in ("it", "what") for c in token.children)
        if lemma == "see" and not any(c.lower_ == "now" for c in token.children):
            personal = False
        if not (personal or event):
            continue
        complement = next(
            (c for c in token.subtree if c.dep_ in ("ccomp", "xcomp") and c.i > token.i and c.head == token),
            None,
        )
        if complement is None and event:
            complement = next((c for c in token.children if c.dep_ in ("ccomp", "advcl", "csubj")), None)
        if complement is None:
            # "I've never asked her. I realised that writing this down": the insight is what
            # came before.
            pointing = any(c.dep_ == "dobj" and c.lower_ in ("that", "this", "it") for c in token.children)
            previous = _previous_sentence(token)
            if personal and pointing and previous is not None:
                heard = heard_span(previous, original)
                if heard is not None:
                    return heard
            continue
        clause = _complement_clause(doc, complement)
        if lemma == "turn" and clause and clause[0].lower_ == "out":
            clause = clause[1:]
        if len(clause) >= 2 and any(t.dep_ in ("nsubj", "nsubjpass", "expl") for t in clause):
            heard = _heard(clause, original)
            if heard is not None:
                return heard
        elif personal and _previous_sentence(token) is not None:
            # "I realised that writing this down": the insight is the sentence before.
            heard = heard_span(_previous_sentence(token), original)  # type: ignore[arg-type]
            if heard is not None:
                return heard
    return None


def _previous_sentence(token: Token) -> Span | None:
    start, _ = _sentence(token)
    if start == 0:
        return None
    previous_start, previous_end = _sentence(token.doc[start - 1])
    return token.doc[previous_start:previous_end]


MATTERS = re.compile(
    r"\b(?:it|this|that)(?:'s| is)? (?:matters|important)(?: to me)?,? because |"
    r"\bwhat matters(?: most)?(?: to me)? (?:is|here is) |\bthe reason (?:it|this) matters is ",
    re.IGNORECASE,
)


def _matters(doc: Doc, original: str) -> Heard | None:
    """Why it matters to them, when they have said so: "It matters because things get missed"."""
    match = MATTERS.search(_text(doc))
    if match is None:
        return None
    after = next((t for t in doc if t.idx >= match.end()), None)
    if after is None:
        return None
    return _heard(_clause_tokens(doc, after.i, limit=40), original, said="-") or Heard(
        match.group(0), "-", match.start(), match.end()
    )




def _commitment(doc: Doc, original: str) -> Heard | None:
    """An intended action in the first person: "I'll ring Dave on Monday" -> "ring Dave on Monday"."""
    for token in doc:
        if token.pos_ not in ("VERB", "AUX") or token.tag_ != "VB" or not _intends(token):
            continue
        clause = _clause_tokens(doc, token.i, limit=MAX_ASK_WORDS)
        heard = _heard(clause, original, max_words=MAX_ASK_WORDS)
        if heard is not None and len(clause) >= 2:
            return heard
    return None


def _intends(verb: Token) -> bool:
    """The verb is what the member says they will do (not a wish, a doubt or someone else's plan)."""
    head = verb
    children = {c.lower_: c for c in verb.children}
    if verb.dep_ == "ccomp" and not subject_is_member(verb.head):
        return False  # "The team just assume I'll fix it" is their expectation, not a plan
    if verb.dep_ in ("ccomp", "conj") and verb.head.lemma_ in ("say", "tell", "promise", "claim", "keep"):
        return False  # "we say we'll plan better next year and never do": a routine, not a plan
    if any(c.lower_ == "never" for c in verb.subtree):
        return False
    negated = "n't" in children or "not" in children
    if subject_is_member(verb) and set(children) & intentions.WILL and not negated:
        return not _hedged(verb)
    # "I'm going to ring", "I've decided to ring", "I plan to ring"
    if verb.dep_ == "xcomp" and any(c.lower_ == "to" for c in verb.children):
        head = verb.head
        if head.lemma_ in intentions.INTENT_HEADS and subject_is_member(head):
            negated = any(c.dep_ == "neg" for c in head.children)
            return not negated and not _hedged(head) and (head.lemma_ != "go" or head.tag_ == "VBG")
    return False


def _hedged(verb: Token) -> bool:
    start, end = _sentence(verb)
    words = {t.lower_ for t in verb.doc[start:end]}
    return bool(words & {"maybe", "perhaps", "might", "if", "unless", "probably"})


# States, not actions taken: "I didn't know what to say" is not a task left undone, and "we
# used to be close" is not something the member did.
NOT_ACTIONS = frozenset(
    "feel be want say tell know understand like need use mean hope wish seem care".split()
)


def _done(doc: Doc, original: str) -> tuple[Heard | None, Heard | None]:
    done = not_done = None
    for token in doc:
        if token.pos_ not in ("VERB",) or not subject_is_member(token):
            continue
        negated = any(c.dep_ == "neg" for c in token.children)
        past = token.tag_ == "VBD" or any(
            c.lower_ in ("did", "have", "'ve", "had") and c.dep_ == "aux" for c in token.children
        )
        if not past or token.lemma_ in BELIEF_VERBS | INSIGHT_VERBS | NOT_ACTIONS:
            continue
        if token.dep_ == "ccomp" and token.head.lemma_.lower() in BELIEF_VERBS | INSIGHT_VERBS:
            continue  # "I realised I had never asked her" is the insight, not a task left undone
        if negated and not_done is None:
            # "I didn't get round to talking to the locum" -> "talk to the locum"
            target = token
            if token.lemma_ == "get" and any(c.lower_ == "round" for c in token.children):
                target = next((t for t in token.subtree if t.tag_ == "VBG"), token)
                tokens = _clause_tokens(doc, target.i)
                said = target.lemma_ + " " + said_back(tokens[1:]) if len(tokens) > 1 else None
            else:
                tokens = _clause_tokens(doc, token.i)
                said = token.lemma_ + " " + said_back(tokens[1:]) if len(tokens) > 1 else None
            if said and len(tokens) >= 2:
                said = TRAILING_TIME.sub("", said.strip())  # "ask months ago" -> "ask"
                not_done = _heard(tokens, original, said=said.strip())
        emphatic = any(c.lower_ == "did" and c.dep_ == "aux" for c in token.children)  # "I did talk to her"
        simple_past = token.tag_ == "VBD" or emphatic
        if not negated and done is None and token.dep_ in ("ROOT", "conj") and simple_past:
            subject = next(c for c in token.children if c.dep_ in ("nsubj", "nsubjpass"))
            tokens = _clause_tokens(doc, subject.i)
            if len(tokens) >= 3 and not {t.lower_ for t in tokens} & {"nothing", "never", "no", "anything"}:
                done = _heard(tokens, original)
    # A "didn't" with no subject: "Didn't get round to talking to the locum."
    if not_done is None:
        first = doc[0] if len(doc) else None
        negated = len(doc) > 1 and doc[1].lower_ in ("n't", "not")
        if first is not None and (first.lower_ in ("didnt", "didn't") or (first.lower_ == "did" and negated)):
            verb = first.head
            if verb.lemma_ == "get" and any(c.lower_ == "round" for c in verb.children):
                verb = next((t for t in verb.subtree if t.tag_ == "VBG"), verb)
            elif verb.lemma_ in ("manage", "try", "get", "have") and any(
                c.dep_ == "xcomp" for c in verb.children
            ):
                verb = next(c for c in verb.children if c.dep_ == "xcomp")
            tokens = _clause_tokens(doc, verb.i)
            if len(tokens) >= 2 and verb.pos_ == "VERB" and verb.lemma_ not in NOT_ACTIONS:
                not_done = _heard(tokens, original, said=(verb.lemma_ + " " + said_back(tokens[1:])).strip())
    return done, not_done


NOT_KNOWING_WORDS = frozenset(["sure", "unsure", "certain", "idea", "clue"])
# "I don't know what to do" asks for the answer; "where to start" is not yet a question to hold.
TOO_OPEN = frozenset(["what to do", "what to say", "where to start", "how to start", "what to think"])


NOT_KNOWING_LEAD = frozenset(
    "i we do did does am 'm ’m not n't n’t nt no have 've really honestly just".split()
)


def _unknown(doc: Doc, original: str) -> Heard | None:
    """What the member says they do not know, as a question they hold: "I don't know which
    risk is worse" -> "which risk is worse"; "not sure if it's my role" -> "whether it's
    your role". Read by the words, not the parse: spaCy hangs the clause on "am" as often as
    on "sure"."""
    for token in doc:
        lemma = token.lemma_.lower()
        if lemma != "unsure" and lemma not in NOT_KNOWING_WORDS and lemma != "know":
            continue  # the cheap test first: most words are none of these
        before = " ".join(t.lower_ for t in doc[max(token.i - 2, 0) : token.i])
        negated = bool(re.search(r"(?:^|\s)(?:n't|n’t|nt|not|no|never)$", before))  # "dont" is "do" "nt"
        if not (lemma == "unsure" or (negated and lemma in NOT_KNOWING_WORDS | {"know"})):
            continue
        first = token.i + 1
        while first < len(doc) and doc[first].lower_ in ("about", "of", "exactly", "really", "yet"):
            first += 1
        if first >= len(doc) or doc[first].lower_ not in WH_WORDS | {"if"}:
            continue
        clause = _clause_tokens(doc, first)
        words = " ".join(t.lower_ for t in clause)
        if len(clause) < 4 or words in TOO_OPEN:
            continue
        said = "whether " + said_back(clause[1:]) if clause[0].lower_ == "if" else said_back(clause)
        lead = token.i  # the words that say it is not known, so "why" quotes "I don't know where …"
        while lead > 0 and doc[lead - 1].lower_ in NOT_KNOWING_LEAD and token.i - lead < 4:
            lead -= 1
        heard = _heard([*doc[lead : token.i + 1], *clause], original, said=said)
        if heard is not None:
            return heard
    return None


def _ask(doc: Doc, original: str) -> Heard | None:
    match = ASK_OPENERS.search(_text(doc))
    if match is None:
        return None
    start = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
    if start is None:
        # The opener ends on a word boundary: the ask starts with the next token.
        start = next((doc[t.i : t.i + 1] for t in doc if t.idx >= match.end()), None)
        if start is None:
            return None
    # What someone wants from their set is worth hearing whole, even when it runs long.
    tokens = _clause_tokens(doc, start.start, limit=MAX_ASK_WORDS + 2)
    if tokens and tokens[0].lower_ == "to" and tokens[0].dep_ == "aux":
        tokens = tokens[1:]
    return _heard(tokens, original, max_words=MAX_ASK_WORDS) if len(tokens) >= 2 else None


def hear(doc: Doc, original: str, asks_for_answers: bool = False) -> Hearing:
    """What a facilitator would hold in mind from this answer; `original` is the member's
    text, the same length as the parsed copy."""
    limit = None
    found = limiting_assumption(doc)
    if found is not None:
        freeing, span = found
        heard = _heard(span, original)
        if heard is not None:
            limit = Limit(heard.source, heard.said, heard.start, heard.end, freeing)
    done, not_done = _done(doc, original)
    pronouns = tuple(
        dict.fromkeys(t.lower_ for t in doc if t.lower_ in ("she", "he", "they", "her", "him", "them"))
    )
    return Hearing(
        people=_people(doc, original),
        feelings=_feelings(doc, original),
        striking=_striking(doc, original),
        assumption=_assumption(doc, original),
        old_assumption=_old_assumption(doc, original),
        unknown=_unknown(doc, original),
        commitments=tuple(
            c for c in intentions.commitments(doc, original) if not ASK_OPENERS.search(c.source)
        ),  # "I'll say that what I'd like from the set is…" says the ask, heard as one
        limit=limit,
        duty=_duty(doc, original),
        insight=_insight(doc, original),
        commitment=_commitment(doc, original),
        done=done,
        not_done=not_done,
        ask=_ask(doc, original),
        matters=_matters(doc, original),
        asks_for_answers=asks_for_answers,
        pronouns=pronouns,
    )
