"""Lexical stance: what a message answers, and whether it agrees, objects or changes its mind.

The rules, each pinned by a small thread in tests/domain/summaries/test_attribution.py:

- a message answers its Discord reply reference, else the message it quotes ("> ..."), else the
  person it names ("@Ana", "Ana, ...", "I'm with Ana"), else the latest message by someone else;
- the last stance in a message wins ("I was against it, but you're right" agrees);
- a concession followed by "but" objects ("I agree it matters, but no" is opposition);
- "agree" words with the opposite meaning ("I couldn't agree less", "exactly the wrong book",
  "absolutely not") object.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum

from bot.domain.summaries.caseless import CaselessPattern as _Lexicon
from bot.domain.summaries.prepare import PreparedMessage
from bot.domain.summaries.text import stem

# Words that say how someone stands, not what they stand for.
CUE_WORDS = frozenset(
    stem(word)
    for word in """
    agree agreed agrees disagree disagreed exactly absolutely definitely totally point points
    fair good great valid strong said say says right wrong true convinced persuaded sure nope
    nah way honestly enough fully completely strongly obviously clearly mind changed change
    second seconded argument case view side camp idea back support oppose object objection
    mistake nonsense win won correct corrected stand count reflection thought thinking
    """.split()  # noqa: SIM905 - a word list reads better as text
)
STANCE_WINDOW_WORDS = 45  # cues are looked for in the opening of a message, where replies say it
RECENT_OTHERS = 4  # an unlinked message answers one of this many latest messages by others
CLEARER_BY = 1  # ... the latest one, unless an older one shares more of its words


class Stance(Enum):
    AGREE = "agree"
    DISAGREE = "disagree"
    CONVERT = "convert"  # "you've convinced me": a change of mind towards what it answers
    NEUTRAL = "neutral"


_DISAGREE = _Lexicon(
    r"(?:^|(?<=\W))(?:"
    r"(?:do not|don't|dont|can't|cannot|can not|couldn't|could not|won't|wouldn't|never|not|"
    r"hardly)\s+(?:really\s+|fully\s+|quite\s+|entirely\s+|totally\s+|at all\s+)?agree"
    r"(?!\s+more)|"
    r"couldn't agree less|could not agree less|agree to disagree|disagree|disagreed|"
    r"respectfully,? no|(?:hard|strong|big|firm) no|no from me|"
    r"not (?:so |that |too )?sure|not convinced|unconvinced|not buying|don't buy|not persuaded|"
    r"absolut\w* not|definit\w* not|certainly not|of course not|hell no|hard no|no way|"
    r"not at all|not really|not for me|nope|nah|"
    r"that's not|that is not|that isn't|thats not|you're wrong|you are wrong|"
    r"(?:is|are|'s|'re|was|were) (?:just |simply |plain |dead )?wrong|exactly (?:the )?wrong|"
    r"exactly backwards|backwards|i object|object to|objection|i oppose|strongly oppose|"
    r"opposed to|i'm against|i am against|against (?:this|that|it)|-1|👎|i doubt|"
    r"doubt (?:it|that)|come on|hold on|rather not|misses the point|miss the point|"
    r"beside the point|on the contrary|not the point|a stretch|not true|isn't true|not right|"
    r"isn't right|(?:bad|terrible|awful|poor) (?:idea|choice|move|plan)|mistake|nonsense|"
    r"(?:yeah|oh) right|i don't (?:think|want|like|support|see)|i do not (?:think|want|support)|"
    r"missing (?:it|the point)|not (?:a good|the right) (?:idea|choice)|"
    r"(?:^|[.!?]\s*)(?:oh )?(?:right|sure|great|yeah|wonderful|brilliant|lovely|fantastic|perfect|"
    r"marvellous|excellent),? because|sure,? if you want|"
    # Sarcasm: "nothing says solidarity like ...", "Sure, and we can all sleep when ...".
    r"nothing says \w+(?: \w+)? like|because (?:everyone|everybody|we all) (?:has|have) so much|"
    r"^\W*(?:oh )?(?:sure|yeah|right),? and (?:we|they|you|i) (?:can|could|might|will|should)|"
    # Hedged and reasoned objections: "I'd push back on that", "The trouble with that is".
    r"push back|see (?:it|this|things) differently|(?:say|is) the opposite|"
    r"not how i see it|(?:trouble|problem|issue) with (?:that|this|it) is|"
    r"(?:that|this|which) assumes|(?:you're|you are) missing|"
    r"(?:have|got|with) (?:some |serious |real |a few |my )?reservations|"
    r"(?:i'm|i am) (?:a bit |quite |a little |rather |very )?(?:wary|uneasy|sceptical|skeptical)|"
    r"not comfortable|so what|i worry|"
    # An objection put as a question: "Wouldn't a fee keep out ...?", "Why would we ...?"
    r"^\W*\w+(?: \w+)? (?:of|from|for|to|about) what\s*\?|"
    r"^\W*(?:but\s+)?(?:wouldn't|won't|doesn't|isn't|aren't|shouldn't|couldn't|don't) "
    r"[^?]{3,}\?|^\W*(?:but\s+)?why (?:would|should|must) (?:we|you|anyone|they) [^?]*\?|"
    r"(?:won't|will not|wouldn't|would not|doesn't|does not|can't|cannot|will never|would never)"
    r" work|not a chance|no chance|(?:can't|cannot|couldn't|could not|won't) (?:support|back)|"
    r"not (?:so |too |very |that |really )?(?:keen|convinced|on board|sold|a fan|happy)|"
    r"with (?:all due )?respect|counterpoint|no offen[cs]e|^\W*(?:really|seriously)\s*\?|"
    r"^\W*(?:meh|hmm+|um+)\b|just what we need|what could (?:possibly )?go wrong|"
    # Votes said in a word and votes taken back: "Against.", "back to no", "for now still no".
    r"^\W*(?:(?:strongly|firmly|totally|very much|still) )?(?:against|opposed|nay)\s*(?:[.!,]|$)|"
    r"(?:back|changing|switching|going) to (?:a )?no|"
    r"back to against|still against|"
    r"still (?:a )?no|(?:i'm|i am|i'll be|put me down as) (?:still )?a no|(?:i'm )?voting no|"
    r"i'll vote no|^\W*sure,[^.!?]{0,60}if you want|(?:i'll be |i'm |i am )?voting against|"
    r"i'll vote against|"
    r"went so well|(?:has|have|got) it backwards|don't see it that way|"
    r"(?:got to|must) be (?:kidding|joking)|are you (?:kidding|joking|serious)|kidding me|"
    r"how (?:is|would|does|will) (?:that|this|it) (?:be )?(?:fair|help|work|better)|"
    r"what's the point|who cares|since when|"
    r"(?:great|brilliant|wonderful|fantastic|lovely|perfect|genius) (?:plan|idea)\b[^.!?]{0,20}?"
    r",? and then|"
    r"^\W*(?:oh )?(?:great|sure|brilliant|wonderful|fantastic|perfect|lovely)(?: idea| plan)?,? "
    r"(?:let's|so|just|"
    r"another)"
    r")(?=\W|$)|"
    r"(?:^|[.!?;]\s+)(?:no|nope|nah)(?!\s+(?:one|doubt|matter|need|idea|wonder|problem|argument|"
    r"objection|complaints?))\b",
)
_CONVERT_STRONG = _Lexicon(
    r"(?:^|(?<=\W))(?:changed my mind|change my mind|convinced me|persuaded me|won me over|"
    r"you've convinced|you have convinced|i stand corrected|i take (?:it|that) back|"
    r"i was wrong|i've been persuaded|switching (?:my vote|sides)|i'll switch|i'm switching|"
    r"i now (?:think|agree)|(?:ok|okay|alright),? you(?:'re| are) right|you win|"
    # "I'll drop my objection", "fine, I'll stop being awkward".
    r"(?:drop|withdraw|withdrawing|dropping) my objection|stop being (?:awkward|difficult)|"
    r"coming (?:a)?round|come (?:a)?round|on reflection|on second thought|"
    r"thinking about it more|i've come to|i have come to|i'm persuaded|i am persuaded|"
    r"thinking (?:it|this) over|talked me (?:round|around|into it)|(?:i'm|i am) coming over|"
    # "Back to rotating.", "I'm switching to an elected chair", "flipping again".
    r"(?:^|(?<=[.!?])\s*)back to (?!(?:no|yes|against|for|the|square|work|it|basics)\b)\w+"
    r"\s*[.!]|"
    r"switching to|flipping (?:again|back)|(?:i've|i have) changed my mind)"
    r"(?=\W|$)",
)
# "Neither", "both of you are missing it": a third view, against every view so far.
_THIRD_WAY = _Lexicon(
    r"(?:^|(?<=\W))(?:neither|both of you|you're both|you are both|none of (?:these|those|them|"
    r"you)|both (?:options|ideas) are)(?=\W|$)",
)
# A rival proposal without an explicit cue ("Every fortnight is better") objects as well.
_RIVAL = _Lexicon(
    r"(?:^|(?<=\W))(?:(?:is|are|'s|would be|works) (?:much |far |way |a lot )?better|"
    r"i'd rather|i would rather|rather than|instead|i prefer|i'd prefer|prefer|"
    r"too (?:much|many|long|hard|expensive|risky|slow|big|dense|far|early|late|soon|often)|"
    r"\w+er than|,\s*not\s+\w+)"
    r"(?=\W|$)",
)
# "Hall it is.", "Formal ballot it is": a choice settled on.
_SETTLED = _Lexicon(
    r"(?:^|(?<=\W))(?!(?:what|that|this|so|as|here|there|how|where|who|which|if|is)\b)\w+ "
    r"it is\s*(?:[.!]|$)",
)
_FAINT = re.compile(r"(?:^|(?<=\W))at least(?=\W|$)", re.IGNORECASE)
# A closing sentence that sides with a named member: "... Same as Bea.", "... +1 Franz".
_NAMED_AGREEMENT_TAIL = re.compile(
    r"[.!?]\s+(?:same as|(?:i )?agree with|agreed with|i'm with|\+1(?: to)?)\s+"
    r"(?!(?:you|that|this|it|respect)\b)[A-Za-z][\w.-]*\s*[.!]?\s*$|"
    r"[.!?]\s+what [A-Za-z][\w.-]* said\s*[.!]?\s*$",
    re.IGNORECASE,
)
_ALONG = _Lexicon(r"(?:^|(?<=\W))(?:(?:too|as well)\s*(?:[.!]|$)|also|agree\w*)(?=\W|$)")
# Conceding to what was answered: "That's fair, I didn't know", "I hadn't thought of that".
_CONVERT_WEAK = _Lexicon(
    r"(?:^|(?<=\W))(?:fair enough|point taken|(?:that's|that is|thats) fair|"
    r"(?:hadn't|had not|never) (?:thought of|considered) (?:that|it))(?=\W|$)"
)
_AGREE = _Lexicon(
    r"(?:^|(?<=\W))(?:i (?:\w+ )?agree|agreed|agree|\+1|same here|"
    r"(?:good|fair|great|valid|strong|excellent) point|well said|well put|"
    r"that's right|that is right|thats right|(?:that's|that is|thats) (?:true|fair)|"
    r"(?:couldn't|could not|can't|cannot) agree more|(?:a )?yes from me|"
    r"looks? (?:good|great|fine|right)(?: to me)?|lgtm|"
    r"(?:seems?|sounds?) (?:sensible|reasonable|fair|fine)|"
    r"(?:i'm|i am) (?:also |now |quite |really |very |totally )?happy with (?:it|that|this)|"
    r"[a-z]+(?:'re|'s| are| is| was) (?:so |absolutely |"
    r"totally |completely |quite |dead |spot )?(?:right|on point|spot on)|has a point|"
    r"have a point|makes a (?:\w+ )?point|seconded|i second|seconding|me too|spot on|💯|👍|✅|"
    r"i'm with|i am with|with you|count me in|what \w+ said|my thoughts exactly|"
    r"couldn't have said it better|hear,? hear|preach|nailed it|so true|makes sense|"
    r"i'm in|i am in|i'd back|i back|i support|support (?:this|that|it)|i'm for|i am for|"
    r"gets my vote|my vote too|works for me|suits me|fine by me|i'm all for|love it|"
    r"(?:great|good|brilliant|excellent|lovely|smart|solid) (?:idea|plan|call|shout|choice|pick)|"
    r"makes? (?:the|a) (?:better|stronger|best|good|great|fair) (?:case|point|argument)|"
    r"\w+'s got it|(?:plan|idea|proposal|suggestion) (?:is|sounds|seems) (?:good|great|fine|right|"
    r"solid|sound|sensible|smart|smarter|better|stronger)|(?:has|have|got) a (?:real|fair|good|"
    r"valid|strong) point|(?:big|strong|huge|hell|absolute|a) yes|yes please|on board|sold|"
    r"go along with|sounds (?:good|great|right|fair)|(?:you've|you have|\w+ has) got a point|"
    r"(?:has|have|got) it right|i'd go with|i'll go with|i'd join|i'll join|in favou?r|"
    r"worth a (?:try|shot)|fine by me|ok by me|okay by me|i hear you|i see your point|"
    r"i take your point|i get your point|i get that|i see that|i understand|"
    # Hedged, negated-objection and naming agreements: "I suppose that could work", "Can't
    # argue with that", "I don't disagree", "Same as Leon", "like Orla says".
    r"ditto|100%|yes to (?:this|that)|exactly what i (?:was going to|wanted to|would) say|"
    r"my thoughts (?:too|exactly)|(?:can't|cannot|can not|couldn't) (?:argue with|fault|disagree)|"
    r"no (?:argument|objection)s?(?: from me| here)?|hard to (?:disagree|argue)|"
    r"(?:don't|do not|wouldn't) disagree|inclined to agree|"
    r"(?:suppose|guess|think) (?:that|it|this) (?:could|would|might|should) work|could work|"
    r"lean(?:ing)? towards?|"
    r"i (?:actually |really |quite )?like (?:the|this|that|your) (?:idea|plan)|"
    r"to add to (?:that|this)|building on|yes,? and|count me (?:with|in)|put me down for|"
    r"(?:^|(?<=[.!?])\s*)same as|(?:like|as) \w+ (?:says|said|put it|puts it)|for the reasons|"
    r"puts? it well|\w+ gets it\s*(?:[.!]|$)|"
    r"\w+ (?:has|had|said) it\s*(?:[.!]|$)|"
    r"(?:worry|concern|point|objection) is (?:fair|valid|right)|"
    r"why (?:didn't|haven't|hadn't) we [^?]*(?:sooner|before|earlier|years ago|ages ago))(?=\W|$)|"
    # Weak words agree only when they open a clause: "Exactly." but not "exactly the kind of".
    r"^\W*(?:support|supported|in favou?r|aye|for)\s*(?:[.!]|$)|"
    r"(?:back|changing|switching|going) to (?:a )?yes|(?:i'm|i am|put me down as) (?:now )?a yes|"
    r"(?:i'm |i am )?voting yes|i'll vote yes|"
    r"^\W*(?:exactly|absolutely|definitely|totally|true|indeed|yes|yeah|yep|yup|same|"
    r"sure|right|correct|of course)(?=\W|$)|^\W*(?:this|why not)\s*(?:[.!?]+\s|[.!?]*$)|"
    r",\s*(?:yes|exactly|absolutely|definitely)\s*[.!]",
)
_STRONG_CONTRAST = re.compile(
    r"(?:^|(?<=\W))(?:but|however|that said|even so|nevertheless|nonetheless|yet|still|"
    r"on the other hand)(?=\W|$)",
    re.IGNORECASE,
)
_WEAK_CONTRAST = re.compile(r"(?:^|(?<=\W))(?:though|although)(?=\W|$)", re.IGNORECASE)
_ANY_CONTRAST = re.compile(
    r"(?:^|(?<=\W))(?=(?:but|however|that said|even so|nevertheless|nonetheless|yet|still|"
    r"on the other hand|though|although)(?:\W|$))",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z0-9']+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
# A clause that runs on from a sentence begun after an earlier full stop.
_MID_SENTENCE = re.compile(r"[.!?]\s+[^.!?]*[^.!?\s]\W*$")
_ACKNOWLEDGING = re.compile(
    r"\W*(?:fine|ok|okay|sure|yes|yeah|yep|right|true|correct|noted|fair|great|thanks)\b"
    r"[^.!?]{0,30}[.!?]\s",
    re.IGNORECASE,
)
# After "though", a view of one's own ("though I think ...") objects; a caveat ("though I
# can't make every week") does not.
_COUNTER_VIEW = re.compile(
    r"(?:^|(?<=\W))(?:i (?:still |really )?(?:think|believe|reckon)|i'd|i would|should|"
    r"shouldn't|better|rather|prefer|instead|matters? more|more important)(?=\W|$)",
    re.IGNORECASE,
)
# A negation just before an agreement cue ("not really with you", "never on board").
_NEGATED = re.compile(
    r"(?:\bnot|n't|\bnever|\bhardly|\bno longer)(?:\s+(?:really|quite|so|that|very|at all|"
    r"entirely|fully|totally|exactly))?\s+$",
    re.IGNORECASE,
)
_CONTRAST_WORDS: tuple[str, ...] = ("but", "however", "that said", "even so", "neverthe")
_CONTRAST_WORDS += ("nonethe", "yet", "still", "on the other hand", "though")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
# "Also, seven works for me": a second point, about something else, after the message's stance.
_SIDE_POINT = re.compile(
    r"(?<=[.!?])\s+(?=(?:also|and also|plus|ps|p\.s\.|separately|on another note|as for|"
    r"unrelated(?:ly)?|on the (?:time|date|venue|other question))\b)",
    re.IGNORECASE,
)
# "This is what", "That assumes ...": an opening that points at what was just said.
_DEICTIC_OPENING = re.compile(r"^\W*(?:that|this|which|that's|thats|this is)\b", re.IGNORECASE)
# "I actually like the idea" after an objection: agreement with what the objection answered.
_BACK_TO_PROPOSAL = re.compile(
    r"(?:^|(?<=\W))(?:(?:the|this|that|your|his|her|their|original) "
    r"(?:idea|proposal|plan|suggestion)|actually)(?=\W|$)",
    re.IGNORECASE,
)
# "I still lean towards the centre": keeping one's own view, whatever it answers.
KEEPS_OWN = re.compile(
    r"(?:^|(?<=\W))still (?:\w+ )?(?:think|lean|prefer|believe|say|want|feel|reckon|back|"
    r"support|favou?r)(?=\W|$)",
    re.IGNORECASE,
)


# "We agree with them on nearly everything": agreement reported about others, not given.
_REPORTED_AGREEMENT = re.compile(
    r"(?:^|(?<=\W))(?:(?:they|he|she|people|everyone)\s+(?:\w+\s+){0,2}agree\w*|"
    r"agree\w*\s+with\s+(?:them|him|her|each other|the (?!point|idea|proposal|plan)))(?=\W|$)",
    re.IGNORECASE,
)


def _cue(clause: str) -> Stance | None:
    """The clause's stance: a change of mind first; otherwise the earliest cue, and an
    objection wherever it overlaps an agreement ("absolutely not", "couldn't agree less")."""
    if _CONVERT_STRONG.search(clause):
        return Stance.CONVERT
    disagree = _DISAGREE.search(clause)
    weak = _CONVERT_WEAK.search(clause)
    if weak is not None and _FAINT.search(clause):
        weak = None  # "fair enough, you've been consistent at least": respect, not agreement
    agree = _AGREE.search(clause) or weak or _SETTLED.search(clause)
    if agree is not None and "agree" in agree.group().lower():
        reported = _REPORTED_AGREEMENT.search(clause)
        if reported is not None and reported.start() <= agree.end() <= reported.end() + 1:
            agree = None
    if agree is not None and _NEGATED.search(clause, 0, agree.start()):
        # "I'm not on board", "we don't support this": an agreement word, negated.
        return Stance.DISAGREE
    if disagree is None:
        return Stance.AGREE if agree is not None else None
    if agree is None:
        return Stance.DISAGREE
    if agree.start() < disagree.start() and agree.end() >= disagree.end():
        # The objection word sits inside a longer agreement: "I don't disagree", "no argument
        # from me", "hard to disagree".
        return Stance.AGREE
    if disagree.start() < agree.end():
        return Stance.DISAGREE
    return Stance.AGREE


def classify_stance(text: str, is_reply: bool = True) -> Stance:
    """The stance a message takes towards what it answers.

    ``is_reply`` is kept for callers that know the message answers nothing: a plain statement
    with no cue is NEUTRAL either way.
    """
    del is_reply
    words = text.translate(_APOSTROPHES).split()
    opening = " ".join(words[:STANCE_WINDOW_WORDS])
    if _NAMED_AGREEMENT_TAIL.search(opening):
        return Stance.AGREE  # "Not at all, for me. Same as Bea.": it sides with Bea
    side = _SIDE_POINT.search(opening)
    if side is not None:
        main = _stance_of(opening[: side.start()])
        if main is not Stance.NEUTRAL:
            return main
    return _stance_of(opening)


def _stance_of(opening: str) -> Stance:
    lowered = opening.lower()
    if any(word in lowered for word in _CONTRAST_WORDS):
        clauses = [c for c in _ANY_CONTRAST.split(opening) if c.strip()]
    else:
        clauses = [opening] if opening.strip() else []
    if _ACKNOWLEDGING.match(opening):
        # "fine, minute it. the rest of us are voting yes", "Correct. Against.": after a word
        # that only acknowledges, each sentence is a clause and the last stance counts.
        clauses = [
            part for clause in clauses for part in _SENTENCE_END.split(clause) if part.strip()
        ]
    if not clauses:
        return Stance.NEUTRAL
    last: Stance | None = None
    last_at = -1
    for at, clause in enumerate(clauses):
        cue = _cue(clause)
        if cue is not None:
            last, last_at = cue, at
    if last is None:
        # "But ..." or "However ..." at the very start answers whatever came before it.
        if _STRONG_CONTRAST.match(clauses[0].strip()):
            return Stance.DISAGREE
        if (
            _RIVAL.search(opening)
            and not _ALONG.search(opening)
            and not opening.rstrip().endswith("?")
        ):
            # "What would you pick instead?" asks; "Every fortnight is better" objects.
            return Stance.DISAGREE
        return Stance.NEUTRAL
    if last in (Stance.AGREE, Stance.CONVERT):
        for previous, clause in zip(clauses[last_at:], clauses[last_at + 1 :], strict=False):
            stripped = clause.strip()
            if _MID_SENTENCE.search(previous) and not _COUNTER_VIEW.search(
                previous[previous.rfind(".") :] + clause
            ):
                # "Bea's right. ... A total isn't a list, but it's the first step": a "but"
                # inside a later sentence is part of the argument, not a retraction, unless
                # that sentence puts a view of its own ("I'd still go with £4 though").
                break
            # "Good point, but ..." concedes and then objects.
            clause_words = len(_WORD.findall(stripped.lower()))
            # "Fair enough, though I think open sessions ..." concedes as well.
            if (
                (_STRONG_CONTRAST.match(stripped) and clause_words > 1)
                or (_WEAK_CONTRAST.match(stripped) and _COUNTER_VIEW.search(stripped))
            ) and (last is Stance.AGREE or not _CONVERT_STRONG.search(clauses[last_at])):
                return Stance.DISAGREE
    return last


def _named_last(message: PreparedMessage) -> bool:
    """Whether the last clause of the message names someone next to its stance."""
    text = message.message.text.translate(_APOSTROPHES)
    contrasts = [m.start() for m in _STRONG_CONTRAST.finditer(text)]
    if not contrasts:
        return False
    tail = text[contrasts[-1] :]
    return _cue(tail) is not None and any(
        word.strip(".,!?'s").lower() in message.named_words for word in tail.split()
    )


def concedes(text: str) -> bool:
    """ "Yes, but only with a quorum": an objection that first grants part of what it answers.
    Its author's view is a qualified one, not the flat "no" of other objectors."""
    if classify_stance(text) is not Stance.DISAGREE:
        return False
    words = text.translate(_APOSTROPHES).split()
    opening = " ".join(words[:STANCE_WINDOW_WORDS])
    clauses = [c for c in _ANY_CONTRAST.split(opening) if c.strip()]
    return len(clauses) > 1 and _cue(clauses[0]) is Stance.AGREE


# "Put me down for publishing", "I'm for the waiver", "Housing Question gets my vote": a
# choice named in its own words, whatever message it follows.
_CHOICE = re.compile(
    r"(?:^|(?<=\W))(?:put me down (?:for|as)|(?:i'm|i am) (?:all )?for|i'd go with|i'll go with|"
    r"i vote for|i'm voting for|my vote (?:is|goes) (?:for|to)|i'd back|i would back|i'll back)"
    r"\s+(?:the |a |an )?(?!(?:it|that|this|them|him|her|those|these|you|what)\b|\w+'s\b)"
    r"[a-z0-9£$€]|"
    r"(?<!\bit )(?<!\bthat )(?<!\bthis )\b(?!(?:it|that|this)\b)[a-z]\w*\s+(?:gets|has) "
    r"(?:my vote|a yes)|\b(?!(?:what|that|this|so|as|here|there|how|where|who|which|if|is)\b)"
    r"[a-z]\w*\s+it is\s*(?:[.!]|$)",
    re.IGNORECASE,
)


# A question asking for a fact ("Has the reporter agreed ...?", "When is the deadline?"), as
# opposed to one that argues ("How is that fair?", "Wouldn't a fee keep people out?").
_ASKING = re.compile(
    r"\W*(?:has|have|is|are|was|were|does|do|did|will|can|could|may|when|where|who|which|"
    r"how (?:many|much|long|often|soon))\s",
    re.IGNORECASE,
)


def asks_for_a_fact(text: str) -> bool:
    return bool(_ASKING.match(text))


def names_its_choice(text: str) -> bool:
    """ "I'm for the dues waiver", but not "Luxemburg gets my vote too" (going along)."""
    words = text.translate(_APOSTROPHES).split()
    opening = " ".join(words[:STANCE_WINDOW_WORDS])
    return bool(_CHOICE.search(opening)) and not _ALONG.search(opening)


# "Matteo's right that turnout is the risk. So let's run an indicative ballot first": granting
# one point of what is answered, then putting a plan of one's own.
_GRANTS_A_POINT = re.compile(
    r"(?:^|(?<=\W))(?:(?:right|correct|fair|true) (?:that|about|on)|"
    r"(?:agree|agreed) (?:that|about|on)|point (?:about|on))(?=\W)",
    re.IGNORECASE,
)
_OWN_PLAN = re.compile(
    r"(?:^|(?<=\W))(?:so let's|let's|lets|we should|why not|instead|rather)(?=\W|$)", re.IGNORECASE
)


def grants_a_point_then_proposes(text: str) -> bool:
    granted = _GRANTS_A_POINT.search(text)
    return granted is not None and _OWN_PLAN.search(text, granted.end()) is not None


def proposes_instead(text: str) -> bool:
    """ "Let's run a quiz stall instead", "a picnic is better": the message puts its own
    alternative, not only an objection."""
    words = text.translate(_APOSTROPHES).split()
    return bool(_RIVAL.search(" ".join(words[:STANCE_WINDOW_WORDS])))


def is_third_way(text: str) -> bool:
    """ "Neither of those", "you're both wrong": against every view so far."""
    words = text.translate(_APOSTROPHES).split()
    return bool(_THIRD_WAY.search(" ".join(words[:STANCE_WINDOW_WORDS])))


def reply_targets(
    messages: Sequence[PreparedMessage], message_stances: Sequence[Stance] | None = None
) -> list[int | None]:
    """Which earlier message each one answers: its reply link, the message it quotes, the latest
    message of the person it names, else one of the latest messages by others (see
    `_closest_recent`); a change of mind answers the latest message that argued with its author."""
    index_by_id = {message.message.id: message.index for message in messages}
    latest_by: dict[str, int] = {}
    targets: list[int | None] = []
    answered_author: dict[int, str] = {}  # statement -> author of the message it answers
    for message in messages:
        author = message.message.author_id
        stance = message_stances[message.index] if message_stances is not None else None
        fallback = _closest_recent(messages, message, latest_by, stance)
        if fallback is not None and _DEICTIC_OPENING.match(message.text):
            fallback = max(index for other, index in latest_by.items() if other != author)
        if (
            stance is Stance.AGREE
            and fallback is not None
            and message_stances is not None
            and _BACK_TO_PROPOSAL.search(message.text)
        ):
            # "I actually like the idea", said after an objection to the idea (or after a "+1"
            # to that objection): it agrees with what was objected to.
            objected_to = _objected_to(fallback, message_stances, targets)
            fallback = fallback if objected_to is None else objected_to
        objected = targets[fallback] if fallback is not None else None
        if (
            stance is Stance.DISAGREE
            and fallback is not None
            and objected is not None
            and message_stances is not None
            and message_stances[fallback] is Stance.DISAGREE
            and messages[objected].message.author_id != author
            and not _DEICTIC_OPENING.match(message.text)
        ):
            # "No." just after someone else's objection piles on what that objection answered;
            # objecting to the objector would name them or reply to them.
            fallback = objected
        if stance is Stance.CONVERT:
            answered_me = _latest_answer_to(author, latest_by, answered_author)
            fallback = fallback if answered_me is None else answered_me
        reply_to = message.message.reply_to_id
        target: int | None
        if message.named and _named_last(message):
            # "Good point Ana, but Ben is right": the stance of the last clause is the one
            # that counts, and it names whom it answers.
            target = latest_by.get(message.named[-1], fallback)
        elif reply_to is not None:
            target = index_by_id.get(reply_to)
        elif message.quoted is not None:
            target = message.quoted
        else:
            spoken_to = [latest_by[a] for a in message.addressed if a in latest_by]
            # "Good point Ana, but Ben is right": the last name with a stance is the one meant.
            named = [latest_by[a] for a in message.named if a in latest_by]
            target = spoken_to[0] if spoken_to else named[-1] if named else fallback
            if stance is Stance.CONVERT and named and _IDEA_OF.search(message.message.text):
                # "Santi's half-hour idea answers Rhys's worry. Switching to that.": a change of
                # mind goes to the member whose idea it names first, not to the last name.
                target = named[0]
            if (_VOTE_YES if stance is Stance.AGREE else _VOTE_NO).search(
                message.text.translate(_APOSTROPHES)
            ) and stance in (Stance.AGREE, Stance.DISAGREE):
                # "the rest of us are voting yes", "Still no from me": a vote is on the motion
                # the thread is about, whoever spoke last or was named.
                target = _motion(messages, message.index, target)
        if target is not None and messages[target].message.author_id == author:
            target = None  # talking to oneself is not agreement
        targets.append(target)
        if target is not None and any(not s.is_question for s in message.sentences):
            answered_author[message.index] = messages[target].message.author_id
        latest_by[author] = message.index
    return targets


# A vote, which is on the thread's motion rather than on the last message.
_VOTE_YES = re.compile(
    r"(?:^|[.!?]\s*)(?:support|aye|in favou?r)\s*(?:[.!,]|$)|"
    r"(?:^|(?<=\W))(?:voting yes|vote yes|yes from me|(?:back|changing|switching|going) to "
    r"(?:a )?yes|(?:i'm|i am) (?:still |now )?a yes)(?=\W|$)",
    re.IGNORECASE,
)
_VOTE_NO = re.compile(
    r"(?:^|[.!?]\s*)(?:against|nay)\s*(?:[.!,]|$)|"
    r"(?:^|(?<=\W))(?:voting (?:no|against)|vote (?:no|against)|no from me|"
    r"(?:back|changing|switching|going) to (?:a )?no|still (?:a )?no|back to against|"
    r"still against|(?:i'm|i am) (?:still |now )?a no)(?=\W|$)",
    re.IGNORECASE,
)


def _motion(messages: Sequence[PreparedMessage], before: int, otherwise: int | None) -> int | None:
    """The thread's motion: its first message that states something, if someone else wrote it
    and it comes before message `before`; else `otherwise`."""
    for message in messages[:before]:
        if any(not sentence.is_question for sentence in message.sentences):
            if message.message.author_id == messages[before].message.author_id:
                return otherwise
            return message.index
    return otherwise


_IDEA_OF = re.compile(
    r"\b([A-Za-z][\w.-]*)'s (?:[\w-]+ ){0,2}(?:idea|plan|proposal|version|suggestion|option|"
    r"compromise|amendment)\b",
    re.IGNORECASE,
)


def _objected_to(
    index: int, message_stances: Sequence[Stance], targets: Sequence[int | None]
) -> int | None:
    """What the objection at `index` (or the objection a chain of agreements ending at `index`
    backs) answers; None when `index` is not on an objecting side."""
    for _ in range(3):
        stance = message_stances[index]
        target = targets[index]
        if target is None:
            return None
        if stance is Stance.DISAGREE:
            return target
        if stance is not Stance.AGREE:
            return None
        index = target
    return None


def _latest_answer_to(
    author: str, latest_by: dict[str, int], answered_author: dict[int, str]
) -> int | None:
    """The latest message by someone else that answered `author` ("you've talked me round")."""
    found = [
        index
        for other, index in latest_by.items()
        if other != author and answered_author.get(index) == author
    ]
    return max(found, default=None)


def _closest_recent(
    messages: Sequence[PreparedMessage],
    message: PreparedMessage,
    latest_by: dict[str, int],
    stance: Stance | None = None,
) -> int | None:
    """The latest message by someone else, unless the latest message of one of a few other
    people shares clearly more words with this one ("Essays, definitely" answers the essay
    proposal, not the last speaker). An agreement is not taken to answer a bare question."""
    author = message.message.author_id
    recent = sorted((index for other, index in latest_by.items() if other != author), reverse=True)[
        :RECENT_OTHERS
    ]
    if not recent:
        return None
    words = {term for term in message.terms if term not in CUE_WORDS}
    agreeing = stance in (Stance.AGREE, Stance.CONVERT)

    def shared(index: int) -> int:
        other = messages[index]
        if agreeing:
            return len(words & {t for s in other.sentences if not s.is_question for t in s.terms})
        return len(words & other.terms)

    latest_shared = shared(recent[0])
    best = recent[0]
    best_shared = latest_shared
    for index in recent[1:]:
        count = shared(index)
        if count > best_shared:
            best, best_shared = index, count
    if best_shared < latest_shared + CLEARER_BY:
        best = recent[0]
        if (
            agreeing
            and latest_shared == 0
            and not any(not s.is_question for s in messages[best].sentences)
            and not _ASKING.match(messages[best].text)
        ):
            # "Fine by me" after a bare question agrees with the view before it.
            statements = [
                i for i in recent if any(not s.is_question for s in messages[i].sentences)
            ]
            best = statements[0] if statements else best
    return best


def stances(messages: Sequence[PreparedMessage]) -> list[Stance]:
    return [classify_stance(message.text) for message in messages]
