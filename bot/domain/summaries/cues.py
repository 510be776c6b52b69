"""The cue words of stance: objection, agreement, change of mind, votes and choices.

Each lexicon is one case-insensitive pattern; `stance` decides what a message's cues add up to
and `targets` what it answers. Patterns are written in lower case (see `caseless`).
"""

from __future__ import annotations

import re

from bot.domain.summaries.caseless import CaselessPattern as Lexicon

DISAGREE = Lexicon(
    r"(?:^|(?<=\W))(?:"
    r"(?:do not|don't|dont|can't|cannot|can not|couldn't|could not|won't|wouldn't|never|not|"
    r"hardly)\s+(?:really\s+|fully\s+|quite\s+|entirely\s+|totally\s+|at all\s+)?agree"
    r"(?!\s+more)|"
    r"couldn't agree less|could not agree less|agree to disagree|disagree|disagreed|"
    r"respectfully,? no|(?:hard|strong|big|firm) no|no from me|"
    r"not (?:so |that |too )?sure|not convinced|unconvinced|not buying|don't buy|not persuaded|"
    r"absolut\w* not|definit\w* not|certainly not|of course not|hell no|hard no|no way|"
    r"not at all|not really|not for me|nope|nah|"
    r"not this (?:year|time|term|month|week|round)|"
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
    r"(?:^(?:but |and |so )?|[.!?;]\s+)(?:no|nope|nah)"
    r"(?!\s+(?:one|doubt|matter|need|idea|wonder|problem|argument|objection|complaints?))"
    r"(?![,\s]+(?:you're|youre|you are|ur|that's|thats|he's|she's) "
    r"(?:right|correct))\b|"
    # "yeah no", "yeah nah": a no said kindly.
    r"(?:^|(?<=\W))(?:yeah|yea|yes|yep) (?:no|nah)(?=\W|$)",
)
CONVERT_STRONG = Lexicon(
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
    r"switching to|flipping (?:again|back)|(?:i've|i have) changed my mind|"
    # "ok, that moves me", "Amara's point kills it for me".
    r"(?:that|this|which|it) (?:moves|sways) me|(?:kills|changes) it for me)"
    r"(?=\W|$)",
)
# "Neither", "both of you are missing it": a third view, against every view so far.
THIRD_WAY = Lexicon(
    r"(?:^|(?<=\W))(?:neither|both of you|you're both|you are both|none of (?:these|those|them|"
    r"you)|both (?:options|ideas) are)(?=\W|$)",
)
# A rival proposal without an explicit cue ("Every fortnight is better") objects as well.
RIVAL = Lexicon(
    r"(?:^|(?<=\W))(?:(?:is|are|'s|would be|works) (?:much |far |way |a lot )?better|"
    r"i'd rather|i would rather|rather than|instead|i prefer|i'd prefer|prefer|"
    r"too (?:much|many|long|hard|expensive|risky|slow|big|dense|far|early|late|soon|often)|"
    r"\w+er than|,\s*not\s+\w+)"
    r"(?=\W|$)",
)
# "Hall it is.", "Formal ballot it is": a choice settled on.
SETTLED = Lexicon(
    r"(?:^|(?<=\W))(?!(?:what|that|this|so|as|here|there|how|where|who|which|if|is)\b)\w+ "
    r"it is\s*(?:[.!]|$)",
)
FAINT = re.compile(r"(?:^|(?<=\W))at least(?=\W|$)", re.IGNORECASE)
# A closing sentence that sides with a named member: "... Same as Bea.", "... +1 Franz".
NAMED_AGREEMENT_TAIL = re.compile(
    r"[.!?]\s+(?:same as|(?:i )?agree with|agreed with|i'm with|\+1(?: to)?)\s+"
    r"(?!(?:you|that|this|it|respect)\b)[A-Za-z][\w.-]*\s*[.!]?\s*$|"
    r"[.!?]\s+what [A-Za-z][\w.-]* said\s*[.!]?\s*$",
    re.IGNORECASE,
)
ALONG = Lexicon(r"(?:^|(?<=\W))(?:(?:too|as well)\s*(?:[.!]|$)|also|agree\w*)(?=\W|$)")
# Conceding to what was answered: "That's fair, I didn't know", "I hadn't thought of that".
CONVERT_WEAK = Lexicon(
    r"(?:^|(?<=\W))(?:fair enough|point taken|(?:that's|that is|thats) fair|"
    r"(?:hadn't|had not|never) (?:thought of|considered) (?:that|it))(?=\W|$)"
)
AGREE = Lexicon(
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
    # "what Lena said", but not "what they said about the last review" (a report).
    r"i'm with|i am with|(?:i'm|im|i am) back (?:with|on)|with you|count me in|my thoughts exactly|"
    r"what \w+ said(?! (?:about|of|to|when|at|in|last|before|after|on)\b)|"
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
    r"worth a (?:try|shot)|fine by me|ok by me|okay by me|"
    r"i take your point|"
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
    # "I have no problem with that", "Intro-only I can live with", "I approve", "said it."
    r"no (?:problem|issue)s? with (?:that|this|it)|(?:i|we) (?:can|could) live with|i approve|"
    r"(?:^|(?<=[.!?])\s*)said it\s*(?:[.!]|$)|"
    r"why (?:didn't|haven't|hadn't) we [^?]*(?:sooner|before|earlier|years ago|ages ago))(?=\W|$)|"
    # Weak words agree only when they open a clause: "Exactly." but not "exactly the kind of".
    r"^\W*(?:support|supported|in favou?r|aye|for)\s*(?:[.!]|$)|"
    r"(?:back|changing|switching|going) to (?:a )?yes|(?:i'm|i am|put me down as) (?:now )?a yes|"
    r"(?:i'm |i am )?voting yes|i'll vote yes|"
    r"^\W*(?:exactly|absolutely|definitely|totally|true|indeed|yes|yeah|yep|yup|same|"
    r"sure|right|correct|of course)(?=\W|$)|^\W*(?:this|why not)\s*(?:[.!?]+\s|[.!?]*$)|"
    r",\s*(?:yes|exactly|absolutely|definitely)\s*[.!]",
)
STRONG_CONTRAST = re.compile(
    r"(?:^|(?<=\W))(?:but|however|that said|even so|nevertheless|nonetheless|yet|still|"
    r"on the other hand)(?=\W|$)",
    re.IGNORECASE,
)
WEAK_CONTRAST = re.compile(r"(?:^|(?<=\W))(?:though|although)(?=\W|$)", re.IGNORECASE)
ANY_CONTRAST = re.compile(
    r"(?:^|(?<=\W))(?=(?:but|however|that said|even so|nevertheless|nonetheless|yet|still|"
    r"on the other hand|though|although)(?:\W|$))",
    re.IGNORECASE,
)
WORD = re.compile(r"[a-z0-9']+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
# A clause that runs on from a sentence begun after an earlier full stop.
MID_SENTENCE = re.compile(r"[.!?]\s+[^.!?]*[^.!?\s]\W*$")
ACKNOWLEDGING = re.compile(
    r"\W*(?:fine|ok|okay|sure|yes|yeah|yep|right|true|correct|noted|fair|great|thanks)\b"
    r"[^.!?]{0,30}[.!?]\s",
    re.IGNORECASE,
)
# After "though", a view of one's own ("though I think ...") objects; a caveat ("though I
# can't make every week") does not.
COUNTER_VIEW = re.compile(
    r"(?:^|(?<=\W))(?:i (?:still |really )?(?:think|believe|reckon)|i'd|i would|should|"
    r"shouldn't|better|rather|prefer|instead|matters? more|more important)(?=\W|$)",
    re.IGNORECASE,
)
# A negation just before an agreement cue ("not really with you", "never on board").
NEGATED = re.compile(
    r"(?:\bnot|n't|\bnever|\bhardly|\bno longer)(?:\s+(?:really|quite|so|that|very|at all|"
    r"entirely|fully|totally|exactly))?\s+$",
    re.IGNORECASE,
)
CONTRAST_WORDS: tuple[str, ...] = ("but", "however", "that said", "even so", "neverthe")
CONTRAST_WORDS += ("nonethe", "yet", "still", "on the other hand", "though")
# Taking back how something was said, not what: "Yeah, fair, sorry. I meant the law, not you."
APOLOGY = re.compile(
    r"(?:^|(?<=\W))(?:(?:fair|ok|okay|yeah|yes),?\s+(?:sorry|apologies|my bad)|"
    r"(?:sorry|apologies|my bad)[,.!]*\s+i (?:meant|didn't mean|did not mean|wasn't|was not))"
    r"(?=\W|$)",
    re.IGNORECASE,
)
APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
# "Also, seven works for me": a second point, about something else, after the message's stance.
SIDE_POINT = re.compile(
    r"(?<=[.!?])\s+(?=(?:also|and also|plus|ps|p\.s\.|separately|on another note|as for|"
    r"unrelated(?:ly)?|on the (?:time|date|venue|other question))\b)",
    re.IGNORECASE,
)
# "This is what", "That assumes ...": an opening that points at what was just said.
DEICTIC_OPENING = re.compile(r"^\W*(?:that|this|which|that's|thats|this is)\b", re.IGNORECASE)
# "I actually like the idea" after an objection: agreement with what the objection answered.
BACK_TO_PROPOSAL = re.compile(
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
REPORTED_AGREEMENT = re.compile(
    r"(?:^|(?<=\W))(?:(?:they|he|she|people|everyone)\s+(?:\w+\s+){0,2}agree\w*|"
    r"agree\w*\s+with\s+(?:them|him|her|each other|the (?!point|idea|proposal|plan)))(?=\W|$)",
    re.IGNORECASE,
)

# "Put me down for publishing", "I'm for the waiver", "Housing Question gets my vote": a
# choice named in its own words, whatever message it follows.
CHOICE = re.compile(
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
ASKING = re.compile(
    r"\W*(?:has|have|is|are|was|were|does|do|did|will|can|could|may|when|where|who|which|"
    r"how (?:many|much|long|often|soon))\s",
    re.IGNORECASE,
)


# "Matteo's right that turnout is the risk. So let's run an indicative ballot first": granting
# one point of what is answered, then putting a plan of one's own.
GRANTS_A_POINT = re.compile(
    r"(?:^|(?<=\W))(?:(?:right|correct|fair|true) (?:that|about|on)|"
    r"(?:agree|agreed) (?:that|about|on)|point (?:about|on))(?=\W)",
    re.IGNORECASE,
)
OWN_PLAN = re.compile(
    r"(?:^|(?<=\W))(?:so let's|let's|lets|we should|why not|instead|rather)(?=\W|$)", re.IGNORECASE
)


# A vote, which is on the thread's motion rather than on the last message.
VOTE_YES = re.compile(
    r"(?:^|[.!?]\s*)(?:support|aye|in favou?r)\s*(?:[.!,]|$)|"
    r"(?:^|(?<=\W))(?:voting yes|vote yes|yes from me|(?:back|changing|switching|going) to "
    r"(?:a )?yes|(?:i'm|i am) (?:still |now )?a yes)(?=\W|$)",
    re.IGNORECASE,
)
VOTE_NO = re.compile(
    r"(?:^|[.!?]\s*)(?:against|nay)\s*(?:[.!,]|$)|"
    r"(?:^|(?<=\W))(?:voting (?:no|against)|vote (?:no|against)|no from me|"
    r"(?:back|changing|switching|going) to (?:a )?no|still (?:a )?no|back to against|"
    r"still against|(?:i'm|i am) (?:still |now )?a no)(?=\W|$)",
    re.IGNORECASE,
)


IDEA_OF = re.compile(
    r"\b([A-Za-z][\w.-]*)'s (?:[\w-]+ ){0,2}(?:idea|plan|proposal|version|suggestion|option|"
    r"compromise|amendment)\b",
    re.IGNORECASE,
)
