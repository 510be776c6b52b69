"""Where a message puts its author when the pass finds no agreement to follow: an objection
joins the camp already against the same view or a position of its own, a statement joins the
position whose words it shares (in doubt, apart), and a third way stands against every view."""

from __future__ import annotations

import re

from bot.domain.summaries.camps import DraftPosition, ThreadState
from bot.domain.summaries.labels import PROPOSAL
from bot.domain.summaries.prepare import PreparedMessage, Sentence
from bot.domain.summaries.questions import answers_itself
from bot.domain.summaries.scoring import SparseVector
from bot.domain.summaries.stance import CUE_WORDS, concedes, proposes_instead

JOIN_SIMILARITY = 0.2  # a new statement joins a position sharing this much of its words
# ... but a statement with no link and no cue joins only when it has no word that may turn the
# shared words against the view, or opens with the view's words and says nearly the same.
RESTATING_SIMILARITY = 0.5
REPLY_LEANING = 0.15  # added to the similarity with the view a neutral reply answers
RECENT_OBJECTIONS = 300  # camps are read from this many latest objections: bounded cost
OPINION = re.compile(
    r"(?:^|(?<=\W))(?:should|shouldn't|must|need to|needs to|we need|you need|better|best|worse|"
    r"worst|prefer|rather|"
    r"think|believe|feel|reckon|vote|support|oppose|favou?r|important|matters?|essential|"
    r"crucial|too(?=\s+\w)|waste|worth|pointless|useless|good|bad|great|terrible|awful|want|would|i'd|"
    r"let's|lets|propose|suggest|argue|case for|for me|why not|can't|cannot|won't|never|always|"
    r"key|only|first|instead|no point|makes sense|has to|have to|ought|shall we|can we|"
    r"could we|how about|what about)(?=\W|$)",
    re.IGNORECASE,
)
LOGISTICS = re.compile(
    r"\W*(?:i'll|i will|i can|i could|i'm bringing|i am bringing|i've got|i have got|i have it|"
    r"i checked|i've checked|happy to|me and|on it|done|booked|see you)\b",
    re.IGNORECASE,
)
# "lmao the micra. I'll pick it up": a laugh or a nod before an offer.
_CHATTER = re.compile(
    r"^\W*(?:lol|lmao|haha\w*|ha|ok|okay|sure|yes|yeah|cool|nice|great|right|also|and|oh|ah)\b"
    r"[^.!?]{0,20}[.!?,]?\s*",
    re.IGNORECASE,
)
# Words that, in a statement with no link and no cue, may turn shared words against the view
# they come from ("Online gives everyone a vote, the AGM only those who can travel").
ANSWERING_BACK = re.compile(
    r"(?:^|(?<=\W))(?:not|no|never|nothing|none|nobody|only|without|instead|rather|than|worse|"
    r"against|but|yet|however|although|though)(?=\W|$)|n't(?=\W|$)",
    re.IGNORECASE,
)
# "Shall we move to Thursday?" proposes a view, it does not ask for information.
CONTRASTING = re.compile(
    r"(?:^|(?<=\W))(?:not|never|instead|rather|than|worse|against)(?=\W|$)|"
    r"n't(?=\W|$)",
    re.IGNORECASE,
)


def move_out(state: ThreadState, who: str, barred: int) -> None:
    """`who` leaves position `barred` for the one their placing message is most like, or for
    a position of their own."""
    joined = state.joined_at[who]
    vector = state.vectors.get(joined, {})
    candidates = {
        at: similarity
        for at, similarity in state.similarities(vector).items()
        if at != barred and state.allowed(who, at)
    }
    best = max(candidates, key=lambda at: candidates[at], default=None)
    if best is None or candidates[best] < JOIN_SIMILARITY:
        best = state.open(joined)
    state.place(who, best, joined, vector)


def place_third_way(state: ThreadState, message: PreparedMessage, vector: SparseVector) -> None:
    """Against every view so far: opposed to all their holders, in a position of its own
    unless its words match one that none of them holds."""
    author = message.message.author_id
    existing = set(state.held.values()) - {state.held.get(author)}
    for at in existing:
        for other in state.holders(at):
            if other != author:
                state.relate(author, other, -1)
    own = state.held.get(author)
    if own is not None and state.allowed(author, own):
        state.place(author, own, message.index, vector)
        return
    at = state.open(message.index)
    state.place(author, at, message.index, vector)


def place_objection(
    state: ThreadState,
    message: PreparedMessage,
    vector: SparseVector,
    barred: set[int],
    against: int | None,
    substantive: bool,
) -> None:
    author = message.message.author_id
    own = state.held.get(author)
    if own is not None and own not in barred and state.allowed(author, own):
        state.place(author, own, message.index, vector)
        return
    if against is not None:
        # An objection joins the camp already opposed to the same view, if there is one.
        camp = _opposing_camp(
            state, against, author, barred, backing=not proposes_instead(message.text)
        )
        if camp is not None:
            state.place(author, camp, message.index, vector)
            return
    # Compared with the positions only now: most objectors already hold a view.
    candidates = {
        at: similarity
        for at, similarity in (state.similarities(vector) if substantive else {}).items()
        if at not in barred and state.allowed(author, at)
    }
    best = max(candidates, key=lambda at: candidates[at], default=None)
    if best is not None and candidates[best] >= JOIN_SIMILARITY:
        state.place(author, best, message.index, vector)
        return
    at = state.open(message.index, None if substantive else against)
    state.place(author, at, message.index, vector)


def _rivals(state: ThreadState, position: int) -> set[int]:
    """Positions in objection with `position`, in either direction."""
    found: set[int] = set()
    for objection, target in state.objections[-RECENT_OBJECTIONS:]:
        sides = (
            state.position_of_message.get(objection),
            state.position_of_message.get(target),
        )
        if position in sides:
            found.update(side for side in sides if side is not None and side != position)
    return found


def _opposing_camp(
    state: ThreadState, against: int, author: str, barred: set[int], backing: bool
) -> int | None:
    """The position most often in objection with `against`: the fellow objectors to it, and,
    when `backing`, also the view `against` objected to (objecting to an objection backs what
    it answered, unless the message puts an alternative of its own: "Let's run a quiz instead")."""
    counts: dict[int, int] = {}
    for objection, target in state.objections[-RECENT_OBJECTIONS:]:
        objector = state.messages[objection].message.author_id
        target_author = state.messages[target].message.author_id
        sides = (state.held.get(objector), state.held.get(target_author))
        if sides[1] == against:
            other = sides[0]
        elif sides[0] == against and backing:
            other = sides[1]
        else:
            continue
        if other is None or other == against or other in barred:
            continue
        if _concedes(state, state.positions[other].founder):
            continue  # "Yes, but only with a quorum" is not the camp of a flat "no"

        counts[other] = counts.get(other, 0) + 1
    for at in sorted(counts, key=lambda at: (-counts[at], at)):
        if state.allowed(author, at):
            return at
    return None


def _concedes(state: ThreadState, index: int) -> bool:
    """`concedes` for a message of the thread, worked out once per message."""
    found = state.conceding.get(index)
    if found is None:
        found = index not in state.neutral and concedes(state.messages[index].text)
        state.conceding[index] = found
    return found


def _answers_a_question(state: ThreadState, message: PreparedMessage) -> bool:
    target = state.answered.get(message.index)
    if target is None:
        return False
    sentences = state.messages[target].sentences
    return bool(sentences) and sentences[-1].is_question


def place_statement(
    state: ThreadState,
    message: PreparedMessage,
    vector: SparseVector,
    substantive: bool,
    leaning: int | None = None,
    unlinked: bool = False,
    barred: int | None = None,
) -> None:
    author = message.message.author_id
    own = state.held.get(author)
    if own is not None:
        # Talking about another view (often to criticise it) is not joining it: people change
        # position only by saying so ("you've convinced me", "I agree with Ben").
        state.place(author, own, message.index, vector)
        return
    rivals = _rivals(state, leaning) if leaning is not None else set()
    guarded = unlinked and ANSWERING_BACK.search(message.text) is not None
    opening = _opening_term(message)
    similar = {
        at: similarity + (REPLY_LEANING if at == leaning else 0.0)
        for at, similarity in state.similarities(vector).items()
        if state.allowed(author, at)
        and at not in rivals
        and at != barred
        # "Fortnightly, please." never joins "monthly instead of fortnightly".
        and opening not in state.positions[at].rejected
        and (
            not guarded
            or (similarity >= RESTATING_SIMILARITY and _restates(message, state.positions[at]))
        )
    }
    best = max(similar, key=lambda at: similar[at], default=None)
    if (
        best is not None
        and similar[best] >= JOIN_SIMILARITY
        and (best == leaning or not CONTRASTING.search(message.text))
    ):
        # Shared words with a negation or a comparison ("not Capital", "worse than Capital")
        # may as well be against that view: in doubt, a position of its own.
        state.place(author, best, message.index, vector)
        return
    statements = [s for s in message.sentences if not s.is_question]
    opens_with_a_question = (
        message.sentences[0].is_question
        and not PROPOSAL.match(message.sentences[0].text)
        and not answers_itself(message.sentences, 0)
    )
    said = " ".join(sentence.text for sentence in statements)
    if (
        not substantive
        or not statements
        or (
            not OPINION.search(said)
            and (
                _offers(statements)
                or _answers_a_question(state, message)
                # "Is the hall accessible? The library has a lift": a question with its reason.
                or opens_with_a_question
            )
        )
    ):
        # Only a question, an offer ("I'll bring the snacks") or a plain answer to a question
        # founds no position.
        return
    at = state.open(message.index)
    state.place(author, at, message.index, vector)


def _offers(statements: list[Sentence]) -> bool:
    """Whether the first statement with words beyond a laugh or a nod offers or reports a
    task ("lmao the micra. I'll pick it up", "Sure. I can bring the urn")."""
    for sentence in statements:
        rest = _CHATTER.sub("", sentence.text, count=1)
        if len(rest.split()) < 3 and sentence is not statements[-1]:
            continue
        return LOGISTICS.match(rest) is not None
    return False


def _opening_term(message: PreparedMessage) -> str | None:
    """The first word with content of a message's first sentence: what a short answer names."""
    if not message.sentences:
        return None
    return next((term for term in message.sentences[0].terms if term not in CUE_WORDS), None)


def _restates(message: PreparedMessage, position: DraftPosition) -> bool:
    """Whether the message opens with the words of the position ("We must start with Capital,
    we cannot do without it" restates "We must start with Capital")."""
    opening = [term for term in message.sentences[0].terms if term not in CUE_WORDS][:2]
    return bool(opening) and all(term in position.centroid for term in opening)
