"""Who holds which position, who agrees and who opposes whom: one pass over the thread.

Every member who takes a stance ends in exactly one position, the one of their *last* stance
(people change their minds; the loudest member still counts once). A message joins a position
through what it answers (agreeing joins the answered view, objecting may never join it) or, for
a new statement, through the words it shares with a position. People who oppose each other
(their latest exchange was an objection, or one objected to the other's camp) never share a
position, and so never share an agreement. Cost: each message is compared with the positions
through the terms it has (an inverted index), so the pass grows linearly with the thread.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.domain.summaries.attribution_result import PROPOSAL, Attribution, result
from bot.domain.summaries.camps import DraftPosition, ThreadState
from bot.domain.summaries.prepare import PreparedMessage
from bot.domain.summaries.scoring import (
    SparseVector,
    inverse_document_frequencies,
    tfidf,
)
from bot.domain.summaries.stance import (
    CUE_WORDS,
    KEEPS_OWN,
    Stance,
    asks_for_a_fact,
    concedes,
    grants_a_point_then_proposes,
    is_third_way,
    names_its_choice,
    proposes_instead,
    reply_targets,
    stances,
)
from bot.domain.summaries.text import stem

JOIN_SIMILARITY = 0.2  # a new statement joins a position sharing this much of its words
# ... but a statement with no link and no cue joins only when it has no word that may turn the
# shared words against the view, or opens with the view's words and says nearly the same.
RESTATING_SIMILARITY = 0.5
SWITCH_MARGIN = 0.1  # a change of mind goes where its words point only this much more clearly
MIN_CONTENT_TERMS = 2  # "+1" or "agreed" carries no view of its own; fewer words found nothing
REPLY_LEANING = 0.15  # added to the similarity with the view a neutral reply answers
MIN_JOIN_TERMS = 1  # "Debt for me." still joins the position that talks of Debt
AGREEMENT_CHAIN = 3  # "+1" to a "+1" backs what the first one backed
MESSAGE_TERMS = 12  # strongest terms kept per message: bounds the cost of every comparison
RECENT_OBJECTIONS = 300  # camps are read from this many latest objections: bounded cost

_OPINION = re.compile(
    r"(?:^|(?<=\W))(?:should|shouldn't|must|need|needs|better|best|worse|worst|prefer|rather|"
    r"think|believe|feel|reckon|vote|support|oppose|favou?r|important|matters?|essential|"
    r"crucial|too|waste|worth|pointless|useless|good|bad|great|terrible|awful|want|would|i'd|"
    r"let's|lets|propose|suggest|argue|case for|for me|why not|can't|cannot|won't|never|always|"
    r"key|only|first|instead|no point|makes sense|has to|have to|ought|shall we|can we|"
    r"could we|how about|what about)(?=\W|$)",
    re.IGNORECASE,
)
_LOGISTICS = re.compile(
    r"\W*(?:i'll|i will|i can|i could|i'm bringing|i am bringing|i've got|i have got|i have it|"
    r"i checked|i've checked|happy to|me and|on it|done|booked|see you)\b",
    re.IGNORECASE,
)
_ASSENT = re.compile(r"^\W*(?:yes|yeah|yep|sure|ok|okay|of course|will do|good idea)\W*", re.I)
# Words that, in a statement with no link and no cue, may turn shared words against the view
# they come from ("Online gives everyone a vote, the AGM only those who can travel").
_ANSWERING_BACK = re.compile(
    r"(?:^|(?<=\W))(?:not|no|never|nothing|none|nobody|only|without|instead|rather|than|worse|"
    r"against|but|yet|however|although|though)(?=\W|$)|n't(?=\W|$)",
    re.IGNORECASE,
)
# "Shall we move to Thursday?" proposes a view, it does not ask for information.
_CONTRASTING = re.compile(
    r"(?:^|(?<=\W))(?:not|never|instead|rather|than|worse|against)(?=\W|$)|"
    r"n't(?=\W|$)",
    re.IGNORECASE,
)


def attribute(messages: Sequence[PreparedMessage]) -> Attribution:
    state = ThreadState(messages)
    if not messages:
        return Attribution((), (), (), frozenset(), (), ())
    idf = inverse_document_frequencies(messages)
    names = _name_terms(messages)
    message_stances = stances(messages)
    targets = reply_targets(messages, message_stances)
    state.neutral.update(
        at for at, stance in enumerate(message_stances) if stance is Stance.NEUTRAL
    )
    for message, stance, target in zip(messages, message_stances, targets, strict=True):
        quoted = messages[message.quoted].terms if message.quoted is not None else frozenset()
        vector = _vector(message, idf, names | quoted)
        state.vectors[message.index] = vector
        if target is not None:
            state.answered[message.index] = target
        _take(state, message, stance, target, vector)
    _separate_opponents(state)
    return result(state, message_stances, targets)


def _vector(message: PreparedMessage, idf: dict[str, float], names: frozenset[str]) -> SparseVector:
    terms = [
        term
        for sentence in message.sentences
        if not sentence.is_question or PROPOSAL.match(sentence.text)
        for term in sentence.terms
        if term not in CUE_WORDS and term not in names
    ]
    vector = tfidf(terms, idf)
    if len(vector) <= MESSAGE_TERMS:
        return vector
    return dict(sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:MESSAGE_TERMS])


def _name_terms(messages: Sequence[PreparedMessage]) -> frozenset[str]:
    found: set[str] = set()
    for message in messages:
        for word in message.message.author_name.lower().split():
            found.add(stem(word))
    return frozenset(found)


def _take(
    state: ThreadState,
    message: PreparedMessage,
    stance: Stance,
    target: int | None,
    vector: SparseVector,
) -> None:
    author = message.message.author_id
    substantive = len(vector) >= MIN_CONTENT_TERMS
    target_author = state.messages[target].message.author_id if target is not None else None
    if (
        stance is Stance.NEUTRAL
        and target is not None
        and (
            (message.addressed and target_author in message.addressed)
            or (message.quoted == target and message.message.reply_to_id is None)
        )
        and state.messages[target].sentences
        and not state.messages[target].sentences[-1].is_question
        and len(vector) >= MIN_JOIN_TERMS
    ):
        # "Kai, the tenants are our neighbours": a statement put to someone by name, or under a
        # quote of their words, with no agreement in it, argues back. In doubt, apart: a camp
        # wrongly split is a smaller harm than words put in someone's mouth.
        stance = Stance.DISAGREE
    if stance in (Stance.DISAGREE, Stance.NEUTRAL) and is_third_way(message.text):
        _place_third_way(state, message, vector)
        return
    target_position = _position_answered(state, target)
    if stance is Stance.AGREE and substantive and grants_a_point_then_proposes(message.text):
        # Granting a point is not taking a side: the plan it puts is a view of its own.
        _place_statement(state, message, vector, substantive, None, False)
        return
    if stance is Stance.AGREE and substantive and names_its_choice(message.text):
        # "I'm for the waiver": the words name the view, not the message it follows.
        similar = {
            at: value
            for at, value in state.similarities(vector).items()
            if state.allowed(author, at)
        }
        best = max(similar, key=lambda at: similar[at], default=None)
        if best is None or similar[best] < JOIN_SIMILARITY:
            best = state.open(message.index)
        state.reconcile(author, best)
        state.place(author, best, message.index, vector)
        return
    if stance in (Stance.AGREE, Stance.CONVERT) and target is not None:
        if target_position is None:
            target_position = _found_from_proposal(state, target)
        if target_position is not None:
            chosen = target_position
            if stance is Stance.CONVERT and substantive:
                # "On reflection the Manifesto is better": the words say where they went.
                similar = state.similarities(vector)
                best = max(similar, key=lambda at: similar[at], default=None)
                if (
                    best is not None
                    and similar[best] >= JOIN_SIMILARITY
                    and similar[best] > similar.get(chosen, 0.0) + SWITCH_MARGIN
                ):
                    chosen = best
            own = state.held.get(author)
            if (
                stance is Stance.AGREE
                and own is not None
                and own != chosen
                and (
                    KEEPS_OWN.search(message.text)
                    or _LOGISTICS.match(_ASSENT.sub("", message.text, count=1))
                )
                and state.allowed(author, own)
            ):
                # "I still lean towards the centre": a nod to the other side keeps one's view.
                # So does "Yes, I'll ask the front desk": taking on a task is not a change of side.
                state.place(author, own, message.index, vector)
                return
            state.reconcile(author, chosen)
            state.place(author, chosen, message.index, vector)
            return
    if stance is Stance.DISAGREE and target is not None and target_author is not None:
        if (
            target_position is not None
            and state.held.get(author) == target_position
            and state.joined_at[author] < state.joined_at.get(target_author, -1)
        ):
            # "Sefa, a separate meeting is just more work": objecting to someone placed in
            # one's own, earlier view says that they were misplaced there, not oneself.
            state.relate(author, target_author, -1)
            state.objections.append((message.index, target))
            _move_out(state, target_author, target_position)
            state.place(author, target_position, message.index, vector)
            return
        state.oppose(author, target_author, target_position)
        state.objections.append((message.index, target))
        barred = {target_position} if target_position is not None else set()
        _place_objection(state, message, vector, barred, target_position, substantive)
        return
    if len(vector) < MIN_JOIN_TERMS:
        own = state.held.get(author)
        if own is not None and any(not s.is_question for s in message.sentences or ()):
            state.positions[own].messages.append(message.index)  # counted, adds no words
        elif own is not None and message.echoes is not None:
            state.positions[own].messages.append(message.index)  # a repeat still counts
        return
    # A plain answer to a view, with no objection in it, leans towards that view when it is a
    # Discord reply. Without a link or a cue, sharing words with a view is as often an answer
    # against it ("Online gives everyone a vote" after "the AGM, not online"): in doubt, apart.
    answers_back = stance is Stance.NEUTRAL and _ANSWERING_BACK.search(message.text) is not None
    leaning = target_position if _explicit_reply(message) and not answers_back else None
    unlinked = leaning is None and stance is Stance.NEUTRAL
    _place_statement(state, message, vector, substantive, leaning, unlinked)


def _move_out(state: ThreadState, who: str, barred: int) -> None:
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


def _position_answered(state: ThreadState, target: int | None) -> int | None:
    """The position of the message answered; for a "+1" to a "+1", the one that backed. A bare
    question stands for no view: "Yes, she offered" answers it, and joins nobody."""
    for _ in range(AGREEMENT_CHAIN):
        if target is None:
            return None
        sentences = state.messages[target].sentences
        if (
            (target in state.neutral or asks_for_a_fact(state.messages[target].text))
            and sentences
            and all(sentence.is_question for sentence in sentences)
            and not PROPOSAL.match(sentences[0].text)
        ):
            return None
        at = state.position_of_message.get(target)
        if at is not None:
            return at
        author = state.messages[target].message.author_id
        if author in state.held:
            return state.held[author]
        if target in state.neutral and PROPOSAL.match(state.messages[target].text):
            return None  # "what about 6:45?" puts a view of its own: it backs nothing
        target = state.answered.get(target)
    return None


def _found_from_proposal(state: ThreadState, target: int) -> int | None:
    """Agreeing with a proposal nobody had taken up yet ("Shall we ...?" "Yes!") makes it a
    position, held by its author unless they already hold another."""
    vector = state.vectors.get(target, {})
    if len(vector) < MIN_CONTENT_TERMS:
        return None
    proposer = state.messages[target].message.author_id
    at = state.open(target)
    state.positions[at].add(target, vector)
    for term, value in vector.items():
        weights = state.postings.setdefault(term, {})
        weights[at] = weights.get(at, 0.0) + value
    state.position_of_message[target] = at
    if proposer not in state.held:
        state.hold(proposer, at, target)
    return at


def _place_third_way(state: ThreadState, message: PreparedMessage, vector: SparseVector) -> None:
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


def _place_objection(
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


def _explicit_reply(message: PreparedMessage) -> bool:
    return message.message.reply_to_id is not None


def _place_statement(
    state: ThreadState,
    message: PreparedMessage,
    vector: SparseVector,
    substantive: bool,
    leaning: int | None = None,
    unlinked: bool = False,
) -> None:
    author = message.message.author_id
    own = state.held.get(author)
    if own is not None:
        # Talking about another view (often to criticise it) is not joining it: people change
        # position only by saying so ("you've convinced me", "I agree with Ben").
        state.place(author, own, message.index, vector)
        return
    rivals = _rivals(state, leaning) if leaning is not None else set()
    guarded = unlinked and _ANSWERING_BACK.search(message.text) is not None
    opening = _opening_term(message)
    similar = {
        at: similarity + (REPLY_LEANING if at == leaning else 0.0)
        for at, similarity in state.similarities(vector).items()
        if state.allowed(author, at)
        and at not in rivals
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
        and (best == leaning or not _CONTRASTING.search(message.text))
    ):
        # Shared words with a negation or a comparison ("not Capital", "worse than Capital")
        # may as well be against that view: in doubt, a position of its own.
        state.place(author, best, message.index, vector)
        return
    statements = [s for s in message.sentences if not s.is_question]
    opens_with_a_question = message.sentences[0].is_question and not PROPOSAL.match(
        message.sentences[0].text
    )
    if (
        not substantive
        or not statements
        or (
            not _OPINION.search(message.text)
            and (
                _LOGISTICS.match(message.text)
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


def _separate_opponents(state: ThreadState) -> None:
    """The promise, kept even if a rule above ever slipped: opponents never share a position.
    The member who joined later moves out to a position of their own."""
    for at in range(len(state.positions)):
        holders = sorted(state.holders(at), key=lambda author: state.joined_at[author])
        kept: list[str] = []
        for author in holders:
            if any(state.opposed(author, other) for other in kept):
                moved = state.open(state.joined_at[author])
                state.hold(author, moved, state.joined_at[author])
                state.positions[moved].messages.append(state.joined_at[author])
                continue
            kept.append(author)
