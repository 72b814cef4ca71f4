"""A deterministic, tiered check for words that say someone may be at risk.

Reflection can surface distress. When this finds a concern, the coach stops challenging,
shows support resources and lets the member choose what happens next. It is deliberately
separate from the thinking-pattern classifier: crisis language is never a pattern to
challenge.

Tiers, most urgent first:
  immediate  intent or a plan to end one's life or harm oneself, means at hand, a time
             chosen, or being unable to keep oneself safe
  despair    hopelessness about going on, feeling a burden, wishing not to exist
  self_harm  harming oneself

Working life is full of violent and deathly idiom ("I'm drowning in emails", "that meeting
nearly finished me off", "we'll shoot the idea down", "the deadline is killing me"); none of
it is a concern. So the patterns below are about the writer's own life and body, and a
short list of guards removes negations ("I'm not suicidal"), other people ("a colleague's
suicide last year") and training or news ("suicide-prevention training").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from alcoach.nlp.text import clauses

OK, CONCERN = "ok", "concern"
IMMEDIATE, DESPAIR, SELF_HARM = "immediate", "despair", "self_harm"
TIERS = (IMMEDIATE, DESPAIR, SELF_HARM)
# How the coach responds (the same words as alcoach.bank.support's levels): immediate risk
# gets the full support; despair and self-harm a short, warm check-in.
POSSIBLE = "possible"


def level_of(tier: str | None) -> str | None:
    return None if tier is None else IMMEDIATE if tier == IMMEDIATE else POSSIBLE

_ME = r"(?:my\s?self|me)"
_I = r"(?:i|i'?m|i'?ve|i'?ll|i'?d|ive|im)"
_END_MY_LIFE = (
    r"(?:end(?:ed|ing)?|take|taking|took|taken)\s+my\s+(?:own\s+)?life|do(?:ing)?\s+my\s?self\s+in"
    r"|kill(?:ing)?\s+my\s?self|end(?:ing)?\s+it\s+all|end(?:ing)?\s+(?:things|it)\b(?!\s+(?:with|for|on|at|there))"
    r"|top(?:ping)?\s+my\s?self|hang(?:ing)?\s+my\s?self"
)
_MEANS = (
    r"(?:pills|tablets|meds|medication|paracetamol|painkillers|insulin|sleeping\s+pills|rope|hose|ligature|"
    r"gun|shotgun|rifle|knife|blade|razor|bridge|cliff|railway|train\s+line|fast\s+train|platform\s+edge|"
    r"roof|reservoir|motorway)"
)

# The writer within a few words before the risk word ("I've been feeling suicidal", "my
# self-harm", "me self-harming"), with no other person, and no word of working with it
# ("I see self-harm every shift", "I manage suicidal callers"), in between.
_FIRST_PERSON_BEFORE = (
    r"\b(?:i|i'?m|i'?ve|i'?d|ive|im|my|me|myself)\b"
    r"(?:\s+(?!(?:he|she|they|him|her|them|his|their|patients?|clients?|pupils?|students?|people"
    r"|of|about|with|for|from|around|after|on|in|at|see|saw|seen|assess\w*|manag\w*|deal\w*|support\w*)\b)"
    r"[\w']+){0,3}?\s+"
)

# "I'll do it" is a plan only beside the means or other signs of risk in the same answer
# (see _TEXT_PATTERNS).
_RISK_CONTEXT = (
    _MEANS + r"|drugs|dose|knives|goodbye|letters?|note'?s?|my\s+will|go\s+quietly|the\s+means"
    r"|not\s+(?:been\s+)?safe|trust\s+my\s?self|(?:tell|know)\b[^.!?]{0,20}\bbefore\s+i\s+go"
)
_DO_IT = (
    r"\b(?:going\s+to|gonna|i'?ll|i\s+will|decided\s+(?:i'?ll|to)|plan\s+to|when\s+i)\s+(?:probably\s+|finally\s+)?do\s+it\b"
    r"|\bdo\s+it\b[^.!?]{0,30}\b(?:tonight|tomorrow|when|once|after|before|there)\b"
)

_PATTERNS: dict[str, list[str]] = {
    IMMEDIATE: [
        # intent, a plan, a time
        r"\b(?:going|planning|plan|decided|ready|intend(?:ing)?|want(?:ing)?|mean(?:ing|t)?)\s+to\s+(?:"
        + _END_MY_LIFE
        + r")",
        r"\b(?:i'?ll|i\s+will|i'?m\s+going\s+to|im\s+going\s+to|gonna)\s+(?:" + _END_MY_LIFE + r")",
        r"\b(?:tonight|today|this\s+weekend|tomorrow)\b[^.!?]{0,40}\b(?:" + _END_MY_LIFE + r")",
        r"\b(?:" + _END_MY_LIFE + r")[^.!?]{0,30}\b(?:tonight|today|this\s+weekend|tomorrow)\b",
        r"\b(?:" + _END_MY_LIFE + r")\b",
        r"\bsu[i]?c[i]?ide\b(?=[^.!?]{0,40}\b(?:date|plan|tonight|every\s+day|picked|decided|method|how))",
        r"\b(?:picked|chosen|set)\s+(?:a|the)\s+date\b",
        r"\b(?:worked\s+out|know|planned|planning|thinking\s+about|looking\s+up|researching|googling)\s+"
        r"(?:exactly\s+)?how\s+(?:i'?d|i\s+would|i\s+will|i'?ll|to)\s+(?:do\s+it|die|end|kill)",
        r"\bhow\s+to\s+die\b",
        r"\bhow\s+many\s+(?:paracetamol|pills|tablets)\b",
        r"\bwould\s+be\s+enough\b[^.!?]{0,20}\bchecked\b|\benough\s+(?:pills|tablets|insulin)\b",
        r"\bnot\s+(?:to\s+)?be\s+alive\s+by\b",
        r"\bwon'?t\s+(?:survive|make\s+it\s+through)\s+(?:tonight|the\s+night|the\s+weekend)\b",
        r"\bdon'?t\s+think\s+i'?ll\s+(?:survive|make\s+it)\b",
        r"\bwon'?t\s+be\s+(?:here|around|alive)\s+(?:much\s+longer|anymore|any\s+more|by\s+(?:the|next|then|monday|friday)|when\s+the)",
        r"\bwon'?t\s+need\s+(?:any\s+of\s+it|them|it|anything)\b[^.!?]{0,20}$|\bwhere\s+i'?m\s+going\b",
        r"\b(?:gone|be\s+gone)\s+for\s+good\b",
        r"\bgiv(?:en|ing|e)\s+(?:away\s+)?(?:my|all\s+my)\s+(?:\w+\s+){0,3}(?:to|away)\b[^.!?]{0,60}\b(?:don'?t\s+need|won'?t\s+need|nothing\s+left)"
        r"|\bgiven\s+my\s+(?:dog|cat|pets?)\s+to\b",
        r"\bsorted\s+(?:out\s+)?my\s+will\b|\bupdated\s+my\s+(?:will|life\s+insurance)\b|\bpays?\s+out\b[^.!?]{0,40}\bwhen\s+i'?m\s+gone\b",
        r"\bwhen\s+i'?m\s+gone\b",
        r"\bsaid\s+goodbye\b[^.!?]{0,50}\bdidn'?t\s+know\b",
        r"\b(?:the|my|a)\s+(?:goodbye\s+|suicide\s+)?note\s+is\s+written\b|\bnote\s+(?:is\s+)?written\b|\b(?:goodbye|suicide)\s+(?:letter|note)s?\b",
        r"\bwritten\s+(?:my\s+)?(?:goodbye|farewell)\s+(?:letters?|notes?)",
        r"\beverything\s+is\s+ready\b",
        r"\b(?:wrote|written|writing|left)\s+(?:goodbye\s+)?letters?\s+(?:to|for)\s+(?:my\s+)?(?:kids|children|family|partner|wife|husband|mum|mother|dad|father|son|daughter|parents|sister|brother)\b",
        r"\b(?:have|got)\s+(?:the|a)\s+rope\b",
        r"\bcancelled\s+everything\b[^.!?]{0,40}\bwon'?t\s+need\b",
        r"\b(?:planning|planned|plan)\s+(?:my\s+)?suicide\b|\bmy\s+suicide\b|\bsuicide\s+is\s+the\s+only\b",
        r"\bmeaning\s+to\s+(?:walk\s+in|jump|step\s+off|drive\s+off)\b",
        r"\b(?:saving|saved|stockpil\w+|hoard\w+|collect\w+|lined\s+up|got\s+all)\s+(?:up\s+)?(?:all\s+)?(?:my\s+)?(?:tablets|pills|meds|medication|paracetamol|painkillers)",
        r"\b(?:have|got|bought|keep|kept)\s+(?:the\s+|a\s+|my\s+)?(?:pills|tablets|meds|rope|hose|gun|blade|knife|ligature)\b[^.!?]{0,40}\b(?:here|ready|by\s+the\s+bed|in\s+front\s+of\s+me|on\s+the\s+desk|car\s+exhaust|my\s+head|use\s+it|for\s+when)",
        # Means laid out and an intention to take them ("pills lined up at home, taking them
        # after the retro"); the intention keeps a ward's drug round out of it.
        r"\b(?:pills|tablets|meds|painkillers|paracetamol)\b[^.!?]{0,30}\b(?:lined\s+up|counted\s+out|laid\s+out)"
        r"\b[^\n]{0,60}\b(?:taking|take|swallow(?:ing)?)\s+(?:them|the\s+lot)\b",
        r"\bbought\s+(?:a\s+)?(?:rope|hose|ligature)\b",
        # The means in hand and the intention to take them ("got the tablets an ah'm takin them").
        r"\b(?:got|have|bought)\s+the\s+(?:tablets|pills|meds|painkillers)\s+an(?:d)?\s+(?:i'?m|ah'?m|i\s+am|i'?ll|ah'?ll)\s+"
        r"tak(?:in'?|ing|e)\s+(?:them|the\s+lot)\b",
        r"\b(?:putting|put|hold(?:ing)?)\s+(?:it|the\s+gun|a\s+gun)\s+to\s+my\s+head\b",
        r"\buse\s+it\s+on\s+" + _ME + r"\b",
        r"\b(?:standing|stand|stood|sat|sitting|hanging\s+around|walk(?:ed|ing)?)\b[^.!?]{0,40}\b(?:edge\s+of\s+the\s+platform|platform\s+edge|fast\s+train|cliff|bridge|roof|reservoir)\b[^.!?]{0,40}\b(?:jump|walk\s+in|waiting|meaning|nerve|don'?t\s+want\s+to\s+come\s+down)",
        r"\b(?:on|at)\s+the\s+(?:roof|edge|bridge)\b[^.!?]{0,40}\bdon'?t\s+want\s+to\s+come\s+(?:down|back)",
        r"\bturning\s+the\s+wheel\b|\bdrive\s+(?:off|into)\b[^.!?]{0,30}\b(?:on\s+purpose|deliberately|nearly\s+did)",
        r"\bworking\s+up\s+the\s+nerve\b",
        r"\bfinish\s+what\s+i\s+started\b",
        r"\b(?:can'?t|cannot|don'?t\s+know\s+if\s+i\s+can)\s+keep\s+" + _ME + r"\s+safe",
        r"\bnot\s+safe\s+(?:from|with|around|on\s+my\s+own|by\s+my\s?self|alone)\b",
        r"(?:^\W*|\bi\s+(?:\w+\s+)?|\bi'?m\s+)(?:can'?t|cannot|won'?t\s+be\s+able\s+to|not\s+able\s+to)\s+(?:stay|be|keep)\s+safe\s+(?:tonight|today|this\s+weekend|on\s+my\s+own|alone)\b",
        r"\bif\s+i\s+go\s+home\s+i'?ll\s+do\s+something\b",
        r"\bdon'?t\s+trust\s+" + _ME + r"\s+(?:near|around|with|on|at|not\s+to)",
        r"\b(?:jump|step|throw\s+my\s?self)\s+(?:off|in\s+front\s+of|under)\b",
        r"\bwithout\s+it\s+looking\s+deliberate\b",
        r"\bi\s+want\s+to\s+die\b[^.!?]{0,40}\bhow\b|\bwant\s+to\s+die\b[^.!?]{0,20}\b(?:tonight|today|now)\b",
        # "Suicidal" said of oneself; "suicidal thoughts" as the topic of a helpline's or a
        # ward's work is not ("calls involve suicidal feelings", "we ask about suicidal thoughts").
        _FIRST_PERSON_BEFORE + r"suicidal\b",
        r"(?:^|[.!?]\s+)\W*suicidal\b|\bsuicidal\s+(?:again|tonight|today|right\s+now|all\s+(?:week|day))\b",
        r"\b(?:want|wanna|going|ready)\s+to\s+(?:die|be\s+dead)\b(?!\s+(?:of|from|laughing|for|with)\b)",
        r"\b(?:be\s+)?better\s+off\s+dead\b",
        r"\b(?:put\s+an\s+end\s+to|end)\s+(?:the\s+pain|my\s+suffering|it\s+for\s+good|my\s+misery)\b",
        r"\bpermanent\s+solution\b|\bcheck(?:ing)?\s+out\s+(?:for\s+good|permanently)\b",
        r"\b(?:take|swallow|taking|swallowing)\s+(?:all\s+(?:of\s+)?(?:my|the)|the\s+lot\s+of|a\s+whole\s+(?:box|packet|bottle)\s+of|every\s+one\s+of\s+my)\s+(?:pills|tablets|meds|medication|paracetamol|painkillers)\b",
        r"\btak(?:e|ing)\s+the\s+(?:lot|whole\s+(?:box|packet|bottle))\b",
        r"\btook\s+(?:a\s+load|loads|lots|too\s+many|all|a\s+handful|a\s+bunch)\s+of\s+(?:my\s+)?(?:tablets|pills|meds)\b",
        r"\b(?:pills|tablets|meds|rope|hose|hosepipe|plan)\b[^.!?]{0,60}\btonight'?s\s+(?:the\s+night|when)\b"
        r"|\btonight'?s\s+when\b|\bit'?s\s+happening\s+(?:this|next|tonight|tomorrow)\b",
        r"\bnot\s+going\s+to\s+be\s+(?:around|here|alive)\b|\bbecause\s+i\s+won'?t\s+be\s+(?:here|around)\b",
        r"\bcan'?t\s+trust\s+my\s?self\b",
        r"\b(?:can'?t|cannot|not\s+sure\s+i\s+can|don'?t\s+think\s+i\s+can|unable\s+to)\s+keep\s+my\s?self\s+safe\b",
        r"\b(?:go|drive|jump)\s+off\s+(?:it|the\s+bridge|the\s+top|the\s+roof|the\s+car\s+park)\b",
        r"\bhow\s+much\s+(?:it\s+)?would\s+(?:take|be\s+enough)\b|\bhow\s+many\s+(?:of\s+my\s+)?(?:tablets|pills)\s+would\s+be\s+enough\b",
        r"\bfinish\s+(?:things|it\s+all|my\s?self\s+off)\b",
        r"\bpicked\s+(?:my|a|the)\s+(?:birthday|day|date|night)\b",
        r"\b(?:hose|hosepipe)\b[^.!?]{0,60}\b(?:car|exhaust|garage)\b|\b(?:car|garage)\b[^.!?]{0,60}\bhose(?:pipe)?\b",
        r"\b(?:given|giving)\s+(?:all\s+)?my\s+things\s+away\b|\bsaid\s+my\s+goodbyes\b",
        r"\bdon'?t\s+think\s+i'?m\s+(?:walking|coming|going)\s+(?:back\s+)?down\b",
        r"\blook\s+like\s+an\s+accident\b",
        r"\bgoing\s+to\s+jump\b(?!\s+(?:at|ship|in\s+and|on\s+the|the\s+queue|through))",
        r"\bthe\s+plan\s+is\b[^.!?]{0,40}\b(?:reservoir|bridge|cliff|pills|tablets|rope|train|roof|sea|river)\b",
        r"\b(?:can'?t\s+promise|not\s+sure)\s+i'?ll\s+(?:still\s+)?be\s+(?:alive|here|around)\b",
        r"\buse\s+(?:it|them)\s+on\s+my\s?self\b",
        r"\b(?:roof|top\s+level|top\s+floor|multi-?storey|edge|bridge|up\s+there|up\s+here|cliff|quay|pier|ledge)\b[^.!?]{0,80}\bjump\b(?!\s+(?:at|ship|in\s+and|through))",
        r"\b(?:quay|reservoir|river|sea|canal|lake|harbour|dock|weir)\b[^.!?]{0,80}\b(?:go\s+in|walk\s+in|where\s+to\s+go\s+in|jump\s+in|going\s+in)\b",
        r"\b(?:step|stepping|walk|walking)\s+(?:out\s+)?in\s+front\s+of\s+(?:a|one|the|an)\b",
        r"\bcut\s+deep\b|\bkms\b",
        r"\b(?:the\s+one\s+who|who)\s+finds\s+me\b|\bfinds?\s+my\s+body\b",
        r"\bplanning\s+to\s+take\s+(?:it|them)\b|\bwould\s+do\s+it\b[^.!?]{0,60}\b(?:tonight|taken|bag|home)\b",
        r"\bstop\s+my\s?self\s+(?:from\s+)?(?:acting\s+on\s+it|doing\s+it)\b|\bacting\s+on\s+(?:it|these\s+thoughts|the\s+thoughts)\s+tonight\b",
        r"\b(?:don'?t|do\s+not)\s+feel\s+safe\s+(?:with|around|by)\s+my\s?self\b",
        r"\bfinish(?:ing)?\s+my\s?self\s+off\b",
        r"\b(?:drown|gas|poison|electrocute)\s+my\s?self\b|\bwalk\s+into\s+the\s+(?:sea|river|lake|water)\b",
        r"\b(?:step|stepping|jump|jumping|throw\s+my\s?self)\s+(?:in\s+front\s+of|under|off|from)\s+(?:a|the)\b",
        r"\b(?:i'?ve|i\s+have)\s+(?:got\s+)?a\s+plan\b[^.!?]{0,40}\b(?:die|end|myself|life|it\s+all|not\s+be\s+here)|\bi\s+know\s+how\s+i'?(?:ll|d|m\s+going\s+to)\s+do\s+it\b",
        r"\b(?:my|arrange\s+my|plan\s+my|planning\s+my)\s+funeral\b|\bwhen\s+i'?m\s+dead\b|\bafter\s+i\s+die\b",
        r"\b(?:no\s+longer|don'?t)\s+want\s+to\s+(?:live|be\s+alive|be\s+here)\b[^.!?]{0,40}\b(?:tonight|plan|going\s+to|means|how)\b",
        r"\blast\s+(?:day|night|week)\s+(?:of\s+my\s+life|on\s+earth|alive)\b|\b(?:this\s+is|it'?s)\s+(?:my\s+)?goodbye\b",
        r"\b" + _I + r"\s+(?:\w+\s+){0,3}(?:overdos(?:e|ed|ing)|od'?d)\b",
        # Leaving for good, said sideways ("by the time you meet I'll have gone to be with Dad").
        r"\b(?:i'?ll\s+have|i'?ve|i\s+have|i\s+will\s+have)\s+gone\s+to\s+be\s+with\b",
        r"\b(?:say|said|saying)\s+(?:my\s+)?goodbyes?\b[^.!?]{0,50}\b(?:didn'?t|don'?t|doesn'?t|won'?t)\s+know\b",
        r"\blast\s+day\s+of\s+everything\b",
        # Cards or letters for children to open years from now: a parent not planning to be there.
        r"\b(?:cards?|letters?)\b[^.!?]{0,40}\bto\s+open\s+(?:when|on)\s+(?:they'?re|he'?s|she'?s|they\s+turn|their)\s+(?:\d+|eighteen|older|grown|wedding|21st|18th)",
        r"\b(?:nobody|no\s+one)\s+(?:has|will\s+have|'?ll\s+have|needs?)\s+to\s+(?:\w+\s+){1,2}me\b[^.!?]{0,30}\bever\s+again\b",
    ],
    SELF_HARM: [
        r"\b(?:cut|cutting|burn(?:ing|t|ed)?|hit(?:ting)?|punch(?:ing|ed)?|scratch(?:ing|ed)?|hurt(?:ing)?|harm(?:ing|ed)?|slap(?:ping|ped)?)\s+"
        + _ME
        + r"\b(?!\s+(?:while|chopping|shaving|cooking|by\s+accident|accidentally|on\s+(?:the|a)\s+"
        r"(?:oven|stove|iron|door|desk|cupboard|stapler|paper|printer|box|shelf|corner)))",
        r"\b(?:cut|cutting|cuts|burn|burned|burnt)\s+(?:on\s+)?(?:my|on\s+my)\s+(?:arms?|legs?|wrists?|thighs?|stomach|skin)\b",
        # "cut again" of oneself ("I cut again", "Cutting again."), not "the quota's been cut again".
        r"(?:^|[.!?]\s+|\b(?:i|i'?ve|i\s+have|i'?m|i\s+was|i'?ve\s+been|i\s+have\s+been|started)\s+|\bbeen\s+(?=cutting))"
        r"(?:cut|cutting)\s+again\b"
        r"|\bthe\s+urge\s+to\s+(?:cut|hurt|harm)\b|\bgave\s+in\b[^.!?]{0,20}\b(?:cut|urge)",
        r"\bthe\s+cuts\s+on\s+my\b",
        r"\bmarks\s+i'?ve\s+made\b|\bsees?\s+the\s+marks\b",
        r"\b(?:slammed|banged|hit|burned|burnt|cut|scratched|punched)\b[^.!?]{0,40}\b(?:deliberately|on\s+purpose)\b|\bso\s+i'?d\s+feel\s+something\b",
        r"\bwelts\b|\belastic\s+band\b[^.!?]{0,40}\b(?:hard|welts|hurt)\b",
        r"\bused\s+it\s+on\s+my\s+(?:arm|leg|wrist|thigh|skin)\b",
        r"\btook\s+(?:a\s+few\s+|some\s+)?extra\s+of\s+my\s+(?:pills|tablets|meds)\b",
        r"\b(?:cut|cutting|burn|burning|bruis\w+|scratch\w*)\s+(?:my\s+)?(?:arms?|legs?|wrists?|thighs?|skin|hands?)\b[^.!?]{0,30}\b(?:again|on\s+purpose|to\s+cope|to\s+feel|to\s+get\s+through|till|until|when)\b",
        r"\b(?:scars|razor|blade)s?\b[^.!?]{0,40}\b(?:my\s+(?:arms?|legs?|wrists?)|again|hide|sleeves)\b",
        r"\bpunch(?:ed|ing)?\s+(?:the\s+)?walls?\b[^.!?]{0,30}\b(?:bleed|bled|broke|until|till)\b",
        r"\b(?:to\s+cope|to\s+feel\s+something|to\s+get\s+through)\b[^.!?]{0,30}\b(?:cut|burn|hurt|harm)\b",
        # Self-harm said of oneself, or as a diary line with no subject ("Self-harmed again.");
        # "disclosures of self-harm", "risk assessments for self-harm" are the work, not the writer.
        _FIRST_PERSON_BEFORE + r"self[-\s]?(?:harm\w*|injur\w*)",
        r"(?:^|[.!?]\s+)\W*self[-\s]?(?:harm(?:ed|ing)|injur(?:ed|ing))\b"
        r"|\bself[-\s]?harm(?:ed|ing)?\s+again\b|\burges?\s+to\s+self[-\s]?harm",
        r"\b(?:starv\w+|punish\w*)\s+" + _ME,
        r"\bas\s+(?:a\s+)?punishment\b|\bto\s+teach\s+my\s?self\b|\bdidn'?t\s+(?:feel\s+(?:like\s+)?i\s+)?deserved?\s+to\s+eat\b",
        r"\bmade\s+my\s?self\s+sick\b",
        r"\bmarks?\s+on\s+my\s+(?:arms?|legs?|wrists?)\b|\bso\s+nobody\s+sees\s+the\s+marks\b",
        r"\b(?:till|until)\s+(?:it|they)\s+(?:bleeds?|bruises?)\b|\bdig\s+my\s+nails\b",
        r"\bkeep\s+a\s+(?:blade|razor)\b",
        r"\b(?:hit|bang(?:ed|ing)?|slam(?:med|ming)?)\s+my\s+(?:head|hand|fist)s?\s+(?:against|in|into)\b[^.!?]{0,40}\b(?:until|till|on\s+purpose|to\s+teach|calm|when\s+i\s+make)",
        r"\b(?:on|by)\s+purpose\b[^.!?]{0,10}$|\bburned\s+my\s+\w+\s+on\s+\w+\s+on\s+purpose\b|\bon\s+purpose\b",
        r"\bpulling\s+(?:out\s+)?my\s+hair\s+out\b[^.!?]{0,30}\b(?:clumps|bald)|\bbald\s+patches\b",
        r"\bbite\s+my\s+(?:arm|hand|lip)\s+(?:till|until)\b|\bcompass\s+point\s+on\s+my\b",
        r"\b(?:hit|hitting|bang|banging|banged)\s+my\s+head\s+(?:on|against)\s+the\s+wall\b[^.!?]{0,40}\b(?:many\s+times|over\s+and\s+over|again\s+and\s+again|it\s+helps?|when\s+i\s+am\s+alone|when\s+i'?m\s+alone)",
        r"\btak(?:e|es|ing|en)\s+(?:it|things|everything)\s+out\s+on\s+my\s+(?:own\s+)?(?:skin|body|arms?|legs?)\b",
        r"\bthe\s+thing\s+with\s+the\s+(?:nail\s+scissors|scissors|razor|blade|lighter|compass)\b|\bsomething\s+sharper\b",
        # "Been marking myself again": not "marking myself absent" or "as available".
        r"\bmark(?:ing|ed|s)?\s+my\s?self\b(?!\s+(?:as|absent|present|out|off|available|away|busy|sick|down|in|on|"
        r"late|ill|unavailable|complete|done|attending|safe|up|against|harshly|hard)\b)",
        r"\b(?:skip\w*|'?forget\w*'?|not\s+eat\w*|lunch|dinner|breakfast|meals?)\b[^.!?]{0,60}\bas\s+(?:a\s+)?(?:kind\s+of\s+)?(?:penalty|punishment)\b",
    ],
    DESPAIR: [
        r"\b(?:better\s+off|happier|easier|fine|better)\s+(?:without\s+me|if\s+i\s+(?:was|were)\s+(?:gone|dead|not\s+(?:here|around)|wasn'?t\s+(?:here|around)))",
        r"\b(?:happier|better\s+off|better|easier)\s+if\s+i\s+(?:wasn'?t|weren'?t)\s+(?:around|here)\b",
        r"\bcarry\s+on\s+(?:just\s+)?fine\s+without\s+me\b",
        r"\b(?:a|such\s+a|just\s+a)\s+burden\s+(?:to|on|for)\s+(?:everyone|them|my|people|the\s+family|others)",
        r"\bi'?m\s+(?:just\s+)?a\s+burden\b|\bwaste\s+of\s+space\b|\bjust\s+taking\s+up\s+space\b",
        r"\b(?:wish|wishing|want|wanting)\s+(?:i\s+)?(?:was|were|to\s+be|could\s+be)?\s*(?:dead|gone|not\s+here|not\s+alive|never\s+born)\b",
        r"\bwish\s+i'?d\s+never\s+been\s+born\b|\bnever\s+been\s+born\b",
        r"\b(?:don'?t|do\s+not|didn'?t)\s+want\s+to\s+(?:be\s+(?:here|alive|around)|live|exist|wake\s+up|go\s+on)\b",
        r"\b(?:wish|hope|hoping)\s+i\s+(?:just\s+)?(?:didn'?t|wouldn'?t|don'?t|won'?t)\s+wake\s+up\b",
        r"\bnot\s+wake\s+up\b[^.!?]{0,40}\b(?:at\s+all|ever|again)\b|\bsleep\s+and\s+(?:never\s+|not\s+)wake\b",
        r"\bwouldn'?t\s+mind\s+if\s+i\s+didn'?t\s+make\s+it\b|\bdon'?t\s+(?:really\s+)?care\s+(?:whether|if)\s+i\s+live\s+or\s+die\b",
        r"\bno\s+(?:reason|point)\s+(?:left\s+)?(?:in\s+)?(?:to\s+)?(?:living|live|being\s+alive|going\s+on|carrying\s+on|to\s+go\s+on|keep\s+going|to\s+keep\s+going)\b",
        r"\b(?:don'?t|can'?t)\s+see\s+the\s+point\s+in\s+(?:going\s+on|carrying\s+on|living)\b",
        r"\bnothing\s+(?:left\s+)?to\s+live\s+for\b|\btired\s+of\s+(?:being\s+alive|living|life)\b",
        r"\bcan'?t\s+(?:go|carry)\s+on\s+(?:any\s?more|living)\b|\bdon'?t\s+know\s+why\s+i\s+(?:carry|go)\s+on\b",
        r"\bcan'?t\s+see\s+(?:a|any)\s+(?:way\s+forward|future|point|light)\s*(?:at\s+all)?\s*(?:with|in|for)?\s*(?:anything|life|me|myself|anymore|any\s+more)\b",
        r"\bno\s+future\s+for\s+me\b|\bno\s+way\s+out\s+of\s+this\s+life\b",
        r"\bcan'?t\s+picture\s+my\s?self\s+(?:being\s+)?alive\b",
        r"\bwhat'?s\s+the\s+point\s+(?:of|in)\s+(?:any\s+of\s+it|anything|living|life|me|carrying\s+on|going\s+on)\b",
        r"\b(?:disappear|vanish)\b[^.!?]{0,30}\b(?:for\s+good|forever|for\s+ever|never\s+come\s+back|stop\s+existing)\b|\bstop\s+existing\b",
        r"\b(?:nobody|no\s+one)\s+would\s+(?:even\s+)?(?:miss|notice|care)\b[^.!?]{0,20}$|\bif\s+i\s+disappeared\b[^.!?]{0,30}\b(?:nobody|no\s+one)\b",
        r"\b(?:life|living)\s+(?:isn'?t|is\s+not)\s+worth\b|\blife\s+(?:feels|is)\s+pointless\b",
        r"\bhopeless\s+about\s+(?:everything|life|the\s+future|going\s+on)\b",
        r"\bhit\s+by\s+a\s+(?:bus|car|lorry|train)\b[^.!?]{0,40}\b(?:stop|over|end)\b",
        r"\bthoughts\s+about\s+dying\b|\bdeath\s+(?:seems|feels|would\s+be)\s+(?:like\s+)?a\s+relief\b",
        r"\bwish(?:es|ed)?\b[^.!?]{0,40}\bhad\s+(?:finished|killed)\s+me\b",
        r"\bonly\s+still\s+here\s+because\b|\bwouldn'?t\s+bother\b[^.!?]{0,5}$",
        r"\bif\s+i\s+(?:just\s+)?wasn'?t\s+here\b|\beasier\s+if\s+i\s+(?:just\s+)?(?:wasn'?t|weren'?t)\s+here\b",
        r"\bnothing\s+is\s+ever\s+going\s+to\s+get\s+better\b[^.!?]{0,60}\bstopped\s+believing\b",
        r"\b(?:don'?t\s+think\s+there'?s|there'?s\s+no|isn'?t)\s+(?:a\s+)?future\s+for\s+me\b",
        r"\b(?:don'?t|stopped)\s+(?:really\s+)?car(?:e|ing)\s+(?:whether|if)\s+i\s+live\s+or\s+die\b",
        r"\b(?:nobody|no\s+one)\s+would\s+(?:even\s+)?(?:miss\s+me|notice|care)\s+if\s+i\s+(?:was|were|wasn'?t|weren'?t|died|disappeared|vanished|killed)\b",
        r"\bnot\s+the\s+job\s*[-–—,]?\s*life\b|\bcan'?t\s+keep\s+doing\s+(?:life|this\s+life)\b",
        r"\bbetter\s+off\s+with\s+someone\s+else\b|\bbetter\s+off\s+if\s+i\s+(?:just\s+)?(?:wasn'?t|weren'?t)\b",
        r"\bdisappointed\s+(?:that\s+)?i'?m\s+still\s+(?:here|alive)\b",
        r"\bcan'?t\s+picture\s+my\s?self\s+(?:still\s+)?(?:being\s+)?(?:alive|here)\b",
        r"\bnothing\s+left\s+for\s+me\b|\bno\s+reason\s+to\s+keep\s+(?:trying|going|living)\b",
        r"\b(?:a\s+)?drain\s+on\s+(?:everyone|everybody|my\s+family|people)\b|\b(?:lighter|better|easier|happier)\s+without\s+me\b",
        r"\bdying\s+(?:wouldn'?t|would\s+not)\s+be\s+(?:the\s+worst|so\s+bad)\b",
        r"\b(?:don'?t|dont|can'?t|cant)\s+see\s+(?:a|any)\s+future\s+for\s+my\s?self\b",
        r"\b(?:don'?t|do\s+not|didn'?t)\s+(?:really\s+|actually\s+|even\s+)want\s+to\s+(?:be\s+(?:here|alive|around)|live|exist|wake\s+up|go\s+on)\b",
        r"\breason\s+to\s+live\b|\bworth\s+living\s+for\b",
        r"\b(?:nothing\s+but|just|only)\s+(?:a\s+)?dead\s+weight\b|\bdead\s+weight\s+(?:to|for|on)\s+(?:everyone|my\s+family|the\s+family|people|them)\b",
        r"\bdisappointed\s+(?:that\s+)?i\s+(?:woke\s+up|am\s+still|'m\s+still)\b|\bif\s+i\s+didn'?t\s+wake\s+up\b",
        r"\bdon'?t\s+have\s+to\s+keep\s+going\b|\bthinking\s+about\s+death\b|\bwish(?:ing)?\s+(?:death|it)\s+would\s+come\b",
        r"\b(?:tired|knackered|sick|done)\s+(?:of|with)\s+(?:life|living|being\s+alive)\b|\bwaking\s+up\s+any\s?more\b",
        r"\bin\s+this\s+world\s+much\s+longer\b",
        r"\bi\s+hate\s+my\s+life\b|\bwant\s+(?:it\s+all|everything)\s+to\s+(?:stop|end)\b|\bmake\s+it\s+(?:all\s+)?stop\b",
        r"\b(?:done|finished)\s+with\s+(?:life|living|everything|it\s+all)\b",
        r"\bi'?m\s+(?:completely\s+)?worthless\b|\bno\s+one\s+(?:would\s+)?care[s]?\s+if\s+i\b",
        r"\b(?:can'?t|cannot)\s+(?:go|carry|keep\s+going)\s+on\s+(?:like\s+this\s+)?(?:any\s?more|for\s+much\s+longer)\b(?![^.!?]{0,30}\b(?:at\s+work|in\s+this\s+job|with\s+this\s+(?:job|rota|project|team|workload)|doing\s+this\s+job)\b)",
        r"\b(?:not|never)\s+wake\s+up\b|\bsleep\s+(?:forever|for\s+ever)\b|\bjoin\s+my\s+(?:dad|mum|father|mother|brother|sister|son|daughter|wife|husband)\b",
        r"\bno\s+(?:way\s+out|point\s+in\s+(?:anything|any\s+of\s+it))\b(?![^.!?]{0,20}\b(?:of\s+this\s+(?:meeting|project|contract|job)|at\s+work)\b)",
        r"\bwish\s+i\s+(?:just\s+)?(?:hadn'?t|had\s+not)\s+woken\s+up\b",
        r"\bbetter\s+if\s+i\s+(?:am|was|were|'?m)\s+not\s+(?:existing|alive|here|around)\b",
        r"\bif\s+i\s+(?:just\s+)?(?:wasn'?t|weren'?t)\s+around\b",
        r"\b(?:like|want|wish)\s+to\s+(?:just\s+)?(?:fade|slip)\s+(?:out|away)\b",
        r"\bworth\s+more\b[^.!?]{0,40}\b(?:dead|as\s+a\s+payout|gone)\b|\blife\s+insurance\b[^.!?]{0,80}\bworth\s+more\b",
        r"\b(?:jealous|envious)\s+of\s+(?:people|those|anyone)\s+who\s+(?:die|get\s+(?:a\s+)?terminal|are\s+dying)",
        r"\bhoping\s+(?:it|the\s+\w+)\s+(?:would|will)\s+(?:come\s+back|be|turn\s+out)\s+(?:as\s+)?(?:something\s+bad|cancer|terminal|serious)\b",
    ],
}

# Patterns whose parts can fall in different sentences ("I've taken some home. I'm going to use it.").
_TEXT_PATTERNS: dict[str, list[str]] = {
    IMMEDIATE: [
        # "do it tonight" is a plan only beside the means or other signs of risk; alone it
        # is the everyday "I'll do it after lunch".
        r"\b(?:" + _RISK_CONTEXT + r")\b[^\n]{0,160}(?:" + _DO_IT + r")",
        r"(?:" + _DO_IT + r")[^\n]{0,160}\b(?:" + _RISK_CONTEXT + r")\b",
        r"\b(?:morphine|insulin|drugs|pills|tablets|meds|knife|blade|rope|gun)\b[^\n]{0,120}\bgoing\s+to\s+use\s+(?:it|them)\b",
        r"\b(?:reservoir|river|sea|canal|lake|quay|weir)\b[^\n]{0,120}\bwhere\s+to\s+go\s+in\b",
    ],
    SELF_HARM: [
        # "Old habits are back. The ones … with the razor."
        r"\bold\s+habits?\b[^\n]{0,80}\b(?:razor|blade|scissors|lighter)\b",
    ],
    DESPAIR: [
        r"\bi'?m\s+done\b[^\n]{0,10}[.!?]\s*not\s+with\s+the\s+job\b",
        r"\b(?:hopeless|hopeful|hope)\b[^\n]{0,80}\bmy\s+whole\s+life,?\s+not\b",
    ],
}

# Guards: a clause like these is not about the writer being at risk now.
_NEGATED = re.compile(
    r"\b(?:not|never|no\s+longer|wouldn'?t|would\s+never|don'?t\s+feel|i'?m\s+not\s+going\s+to)\s+(?:\w+\s+){0,2}"
    r"(?:suicidal|self[-\s]?harm\w*|(?:want\s+to\s+)?(?:kill|hurt|harm)\s+my\s?self)"
    r"|\b(?:don'?t|do\s+not|never)\s+want\s+to\s+die\b",
    re.IGNORECASE,
)
# About other people, or about the topic at work (training, policy, a helpline, a patient).
_OTHERS_OR_TOPIC = re.compile(
    r"\b(?:suicide|self[-\s]?harm|overdose)[-\s](?:prevention|awareness|training|policy|policies|risk|"
    r"assessments?|screening|protocol|audit|rates?|figures|statistics|course|module|session|team|line|helpline)\b"
    r"|\b(?:risks?\s+of|constant\s+watch\s+for)\s+(?:suicide|self[-\s]?harm\w*)\b"
    # Someone else's words quoted ("A resident said 'I just want to go to sleep'").
    r"|\b(?:a|the|one\s+of\s+(?:my|our|the))\s+(?:\w+\s+)?(?:residents?|patients?|clients?|pupils?|students?|prisoners?|"
    r"detainees?|tenants?|callers?|guests?|service\s+users?|colleagues?|man|woman|lad|girl)\s+(?:\w+\s+)?"
    r"(?:said|says|told\s+me|disclosed)\s*[,:]?\s*['\"\u2018\u201c]"
    r"|\b(?:patients?|residents?|clients?|pupils?|students?|prisoners?|detainees?|tenants?|callers?|service\s+users?|young\s+(?:man|woman|person|people)|"
    r"colleague|someone|a\s+man|a\s+woman|helpline|course|training|policy|inquiry|first\s+aid|the\s+unit|lesson|lessons|"
    r"teaching|pshe|curriculum|leaflet|poster|workshop|webinar|talk\s+on)\b"
    r"[^.!?]*\b(?:suicid\w*|self[-\s]?harm\w*|overdose|took\s+(?:an?\s+)?overdose|want\s+to\s+die|kill\s+themselves|end\s+their\s+li(?:fe|ves))"
    r"|\b(?:suicid\w*|self[-\s]?harm\w*|overdose)\b[^.!?]*\b(?:patients?|pupils?|clients?|helpline|course|policy|volunteers)\b"
    r"|\b(?:his|her|their|a\s+colleague'?s|a\s+patient'?s|my\s+colleague'?s|my\s+friend'?s|an?\s+\w+'s)\s+(?:suicide|self[-\s]?harm|overdose)\b",
    re.IGNORECASE,
)
_HYPERBOLE = re.compile(
    r"\b(?:i'?d|i\s+would)\s+rather\s+die\b|\bkill\s+me\s+now\b|\bshoot\s+me\b|\bthe\s+death\s+of\s+me\b"
    r"|\bkilling\s+me\b|\bkill(?:ed)?\s+(?:me|the|it|off)\b(?!\s*self)|\bdying\s+(?:to|for)\b|\bdead\s+on\s+my\s+feet\b"
    r"|\bdrop[-\s]dead\b|\bkilling\s+my\s?self\s+(?:to|over|trying)\b|\boverdos\w*\s+on\s+(?:coffee|caffeine|sugar|chocolate|biscuits|cake|tea|meetings|work|spreadsheets|jargon)\b|\b(?:is|was|be)\s+(?:pure\s+|career\s+|political\s+|absolute\s+)?suicide\b"
    r"|\bwon'?t\s+be\s+here\s+for\b[^.!?]*\b(?:because|as|on\s+(?:annual\s+)?leave|holiday)\b"
    # "If one more person says 'offline' I'm going to walk into the sea": a condition about
    # work, then the threat.
    r"|\bif\b[^.!?]{0,80}\b(?:one\s+more|once\s+more)\b[^.!?]{0,60}\bwalk\s+into\s+the\s+sea\b"
    r"(?![^.!?]{0,30}\b(?:tonight|today|tomorrow|this\s+weekend|for\s+real|seriously|i\s+mean\s+it)\b)"
    # "It hit me that …": a realisation, not a blow.
    r"|\b(?:it|that|this|which|what|reality|everything|the\s+\w+)\s+(?:\w+\s+)?hit\s+me\b"
    r"|\bhit\s+me\s+(?:that|like|hard|when|how|what|then|later|afterwards|properly|on\s+the\s+way|at\s+the|all\s+at\s+once)\b"
    # "no point carrying on with the mediation": a piece of work, not a life.
    r"|\bno\s+point\s+(?:in\s+)?(?:carrying|going)\s+on\s+with\s+(?:the|this|that|a|an|our|my)\s+(?!life\b|living\b)\w+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SafetyResult:
    tier: str | None  # None when there is no concern
    evidence: str = ""

    @property
    def status(self) -> str:
        return CONCERN if self.tier else OK


_COMPILED = {tier: [re.compile(p, re.IGNORECASE) for p in patterns] for tier, patterns in _PATTERNS.items()}
_COMPILED_TEXT = {
    tier: [re.compile(p, re.IGNORECASE) for p in patterns] for tier, patterns in _TEXT_PATTERNS.items()
}
# "Years ago I went through a spell of …, but I've been well for a long time."
_LONG_AGO = r"\b(?:years|a\s+long\s+time|ages)\s+(?:ago|back)\b"
_RECOVERED_PAST = re.compile(
    _LONG_AGO + r"[^.!?]{0,100}\b(?:but|and)\s+i'?(?:ve|m|\s+have|\s+am)\s+(?:been\s+)?"
    r"(?:well|fine|ok|okay|better|recovered|solid)\b",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    """Curly apostrophes made straight, so one pattern reads "I'm" however it was typed."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


# "Ten years ago I self-harmed. I'm well now …": the past told as past, the recovery in
# another sentence of the same answer.
_PAST_TIME = re.compile(
    _LONG_AGO
    + r"|\bback\s+(?:then|in\s+(?:19|20)\d\d)\b|\bwhen\s+i\s+was\s+(?:younger|a\s+teenager|at\s+uni)",
    re.IGNORECASE,
)
_WELL_NOW = re.compile(
    r"\bi'?(?:m|\s+am)\s+(?:well|fine|okay|ok|solid|better|in\s+a\s+good\s+place)\s+now\b|\b(?:got|had)\s+help\b[^.!?]{0,40}\b(?:well|fine|solid|better)\b",
    re.IGNORECASE,
)


def told_as_recovered_past(clause: str, text: str) -> bool:
    return bool(_PAST_TIME.search(clause) and _WELL_NOW.search(text))


def about_others_or_past(clause: str) -> bool:
    """A clause about other people or the topic at work, or a recovered past: not the
    writer's risk now."""
    return bool(_OTHERS_OR_TOPIC.search(clause) or _RECOVERED_PAST.search(clause))


def denies(clause: str) -> bool:
    """A plain denial anywhere in the clause ("I'm not suicidal")."""
    return bool(_NEGATED.search(clause))


def _overlaps(guard: re.Pattern[str], clause: str, found: re.Match[str]) -> bool:
    """True when an idiom or a negation overlaps the match itself ("overdosed on coffee",
    "I'm not suicidal"); one elsewhere in the clause ("… this job is killing me", "I don't
    want to die, I just need it to stop") does not cancel a real concern."""
    return any(hit.start() < found.end() and found.start() < hit.end() for hit in guard.finditer(clause))


_A_WORD = re.compile(r"[^\W\d_]{2}")


def check(text: str, about_someone_else: Callable[[int, int], bool] | None = None) -> SafetyResult:
    """The most urgent tier found in the text, with the words that showed it.

    `about_someone_else(start, end)`, when given (alcoach.nlp.risk_subject reads it from the
    parse), says whether the words at those offsets are said of another person or quoted
    from one ("he told me he'd been thinking of ending it"); such a match is passed over."""
    normalised = normalise(text)
    # A clause with no word in it ("...", a row of emoji) can say nothing; a paste of
    # thousands of them would otherwise cost every pattern once each.
    parts = [(offset, clause) for offset, clause in clause_offsets(normalised) if _A_WORD.search(clause)]
    for tier in TIERS:
        for offset, clause in parts:
            if about_others_or_past(clause) or told_as_recovered_past(clause, normalised):
                continue
            for pattern in _COMPILED[tier]:
                for found in pattern.finditer(clause):
                    if _overlaps(_HYPERBOLE, clause, found) or _overlaps(_NEGATED, clause, found):
                        continue
                    if about_someone_else and about_someone_else(offset + found.start(), offset + found.end()):
                        continue
                    return SafetyResult(tier, found.group(0).strip())
        for pattern in _COMPILED_TEXT.get(tier, []):
            for found in pattern.finditer(normalised):
                if not (about_someone_else and about_someone_else(found.start(), found.end())):
                    return SafetyResult(tier, found.group(0).strip())
    return SafetyResult(None)


def clause_offsets(text: str) -> list[tuple[int, str]]:
    """Each clause with where it starts in the text."""
    found, cursor = [], 0
    for clause in clauses(text):
        start = text.find(clause, cursor)
        found.append((max(start, 0), clause))
        cursor = max(start, 0) + len(clause)
    return found


def assess(text: str) -> str:
    """ "concern" when the text says the writer may be at risk, else "ok"."""
    return check(text).status
