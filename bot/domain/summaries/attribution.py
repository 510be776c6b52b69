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

from bot.domain.summaries.apart import note_exchange, restates, separate_opponents
from bot.domain.summaries.attribution_result import Attribution, result
from bot.domain.summaries.camps import ThreadState
from bot.domain.summaries.cues import KEEPS_OWN
from bot.domain.summaries.labels import PROPOSAL
from bot.domain.summaries.placing import (
    ANSWERING_BACK,
    JOIN_SIMILARITY,
    LOGISTICS,
    move_out,
    place_objection,
    place_statement,
    place_third_way,
)
from bot.domain.summaries.prepare import PreparedMessage
from bot.domain.summaries.questions import choice_options
from bot.domain.summaries.scoring import (
    SparseVector,
    inverse_document_frequencies,
    tfidf,
)
from bot.domain.summaries.stance import (
    CUE_WORDS,
    Stance,
    asks_for_a_fact,
    grants_a_point_then_proposes,
    is_third_way,
    names_its_choice,
    stances,
)
from bot.domain.summaries.targets import reply_targets
from bot.domain.summaries.text import stem

SWITCH_MARGIN = 0.1  # a change of mind goes where its words point only this much more clearly
MIN_CONTENT_TERMS = 2  # "+1" or "agreed" carries no view of its own; fewer words found nothing
MIN_JOIN_TERMS = 1  # "Debt for me." still joins the position that talks of Debt
AGREEMENT_CHAIN = 3  # "+1" to a "+1" backs what the first one backed
MESSAGE_TERMS = 12  # strongest terms kept per message: bounds the cost of every comparison
_PROPOSING = re.compile(
    r"(?:^|(?<=\W))(?:we should|we must|we need to|let's|lets|we ought to)(?=\W|$)", re.I
)
# "Shall we read Fanon or Rodney?" asks what members want; "Is it a request or a rule?" asks
# for a fact.
_ASKS_PREFERENCE = re.compile(
    r"^\W*(?:(?:so|ok|okay|right)[,\s]+)?(?:shall we|should we|do we (?:want|go)|do you (?:want|"
    r"prefer)|would you rather|would people rather|which (?:one|do|would|should)|what do (?:you|"
    r"people|we) (?:prefer|want)|vote|preference|[\w'-]+(?: [\w'-]+){0,2} or [\w'-]+)",
    re.IGNORECASE,
)
ASSENT = re.compile(r"^\W*(?:yes|yeah|yep|sure|ok|okay|of course|will do|good idea)\W*", re.I)


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
            note_exchange(state, message, stance, target)
        _take(state, message, stance, target, vector)
    separate_opponents(state, message_stances, targets)
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
    substantive = _substantive(message, vector)
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
    if target is not None and _picks_an_option(state, message, target, vector):
        return
    if stance in (Stance.DISAGREE, Stance.NEUTRAL) and is_third_way(message.text):
        place_third_way(state, message, vector)
        return
    target_position = _position_answered(state, target)
    if stance is Stance.AGREE and substantive and grants_a_point_then_proposes(message.text):
        # Granting a point is not taking a side: the plan it puts is a view of its own.
        place_statement(state, message, vector, substantive, None, False)
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
                    or LOGISTICS.match(ASSENT.sub("", message.text, count=1))
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
            move_out(state, target_author, target_position)
            state.place(author, target_position, message.index, vector)
            return
        state.oppose(author, target_author, target_position)
        state.objections.append((message.index, target))
        barred = {target_position} if target_position is not None else set()
        place_objection(state, message, vector, barred, target_position, substantive)
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
    answers_back = stance is Stance.NEUTRAL and ANSWERING_BACK.search(message.text) is not None
    if (
        stance is Stance.NEUTRAL
        and target is not None
        and target_position is not None
        and _PROPOSING.search(message.text)
        and not restates(message, state.messages[target])
    ):
        # "The council takes months. Let's keep the pub room.": a plan of its own put to a
        # view is not that view, whatever words they share.
        place_statement(state, message, vector, substantive, barred=target_position)
        return
    leaning = target_position if _explicit_reply(message) and not answers_back else None
    unlinked = leaning is None and stance is Stance.NEUTRAL
    place_statement(state, message, vector, substantive, leaning, unlinked)


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
    if not _substantive(state.messages[target], vector):
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


def _picks_an_option(
    state: ThreadState, message: PreparedMessage, target: int, vector: SparseVector
) -> bool:
    """ "Fanon" in answer to "Shall we read Fanon or Rodney?": a stance for that option,
    shared with everyone who picks it, however few its words."""
    asked = state.messages[target]
    if not asked.sentences or not message.sentences or not message.sentences[0].terms:
        return False
    question = asked.sentences[-1]
    if not question.is_question or not _ASKS_PREFERENCE.match(question.text):
        return False
    options = choice_options(question.text)
    picked = message.sentences[0].terms[0]
    if picked not in options or len(options & set(message.terms)) > 1:
        return False
    author = message.message.author_id
    at = state.options.get((target, picked))
    if at is None or not state.allowed(author, at):
        at = state.open(message.index)
        state.options[(target, picked)] = at
    state.reconcile(author, at)
    state.place(author, at, message.index, vector)
    return True


def _substantive(message: PreparedMessage, vector: SparseVector) -> bool:
    """Whether a message says enough to be a view: two words with content, or one in a
    proposal ("We should walk out.")."""
    if len(vector) >= MIN_CONTENT_TERMS:
        return True
    return bool(vector) and any(
        not sentence.is_question and _PROPOSING.search(sentence.text)
        for sentence in message.sentences
    )


def _explicit_reply(message: PreparedMessage) -> bool:
    return message.message.reply_to_id is not None
