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
from dataclasses import dataclass, field

from bot.domain.summaries.model import AgreementKind, AgreementPoint, Disagreement, Position, Quote
from bot.domain.summaries.prepare import PreparedMessage, gist
from bot.domain.summaries.scoring import (
    SparseVector,
    cosine,
    inverse_document_frequencies,
    norm,
    tfidf,
)
from bot.domain.summaries.stance import (
    CUE_WORDS,
    Stance,
    is_third_way,
    reply_targets,
    stances,
)
from bot.domain.summaries.text import stem

JOIN_SIMILARITY = 0.2  # a new statement joins a position sharing this much of its words
SWITCH_MARGIN = 0.1  # a change of mind goes where its words point only this much more clearly
MIN_CONTENT_TERMS = 2  # "+1" or "agreed" carries no view of its own; fewer words found nothing
REPLY_LEANING = 0.15  # added to the similarity with the view a neutral reply answers
MIN_JOIN_TERMS = 1  # "Debt for me." still joins the position that talks of Debt
AGREEMENT_CHAIN = 3  # "+1" to a "+1" backs what the first one backed
MESSAGE_TERMS = 12  # strongest terms kept per message: bounds the cost of every comparison
SUPPORTING_QUOTES = 2
LABEL_WORDS = 8
MAX_CANDIDATES = 64  # positions compared with one message, most word-sharing first
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
# "Shall we move to Thursday?" proposes a view, it does not ask for information.
_PROPOSAL = re.compile(
    r"\W*(?:so,?\s+)?(?:shall we|should we|can we|could we|why don't we|why not|how about|"
    r"what about|let's|lets)\b",
    re.IGNORECASE,
)
_CONTRASTING = re.compile(
    r"(?:^|(?<=\W))(?:not|never|instead|rather|than|worse|against)(?=\W|$)|"
    r"n't(?=\W|$)",
    re.IGNORECASE,
)
_LABEL_PREFIX = re.compile(
    r"^(?:(?:and|so|well|ok|okay|look|honestly|personally|frankly|also|plus|again|still|"
    r"but|yes|yeah|no|nope|sure|right|exactly|agreed|absolutely|true|fine|then|now|"
    r"on reflection|fair enough|point taken|to be honest|in my view|for me|my vote is(?: for)?|"
    r"i (?:\w+ )?(?:think|believe|feel|reckon|propose|suggest|say|guess|agree|disagree)"
    r"(?: with \w+)?(?: that)?|i'd (?:say|argue|go with)|i'm (?:for|with \w+)|"
    r"you're right(?: that)?|\w+ is right(?: that)?|\w+ has a point)[\s,.:;!-]*)+",
    re.IGNORECASE,
)
_LABEL_CUT = re.compile(
    r"\s*(?:,|;|:|—|–| - |\(|\bbecause\b|\bsince\b|\bas long as\b|\bwhich\b|\bso that\b|"
    r"\bbut\b|\bthough\b|\balthough\b|\bwhereas\b|\bwhile\b)",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Position:
    founder: int  # message index the position started from
    against: int | None = None  # position it was opened against, when it had no words of its own
    centroid: SparseVector = field(default_factory=dict)
    squared_norm: float = 0.0
    messages: list[int] = field(default_factory=list)

    def add(self, index: int, vector: SparseVector) -> None:
        if vector:
            dot = sum(value * self.centroid.get(term, 0.0) for term, value in vector.items())
            self.squared_norm += 2.0 * dot + sum(value * value for value in vector.values())
            for term, value in vector.items():
                self.centroid[term] = self.centroid.get(term, 0.0) + value
        self.messages.append(index)


@dataclass(frozen=True, slots=True)
class Attribution:
    positions: tuple[Position, ...]
    agreements: tuple[AgreementPoint, ...]
    disagreements: tuple[Disagreement, ...]
    opposed: frozenset[frozenset[str]]  # pairs of author ids whose final relation is opposition
    stances: tuple[Stance, ...]  # per message
    targets: tuple[int | None, ...]  # per message: the message it answers


@dataclass(slots=True)
class _State:
    messages: Sequence[PreparedMessage]
    positions: list[_Position] = field(default_factory=list)
    postings: dict[str, dict[int, float]] = field(default_factory=dict)
    held: dict[str, int] = field(default_factory=dict)  # author -> position of their last stance
    joined_at: dict[str, int] = field(default_factory=dict)  # author -> message that placed them
    position_of_message: dict[int, int] = field(default_factory=dict)
    relation: dict[frozenset[str], int] = field(default_factory=dict)  # -1 opposed, +1 agreed
    objections: list[tuple[int, int]] = field(default_factory=list)  # (message, target message)
    answered: dict[int, int] = field(default_factory=dict)  # message -> message it answers
    vectors: dict[int, SparseVector] = field(default_factory=dict)

    members: dict[int, set[str]] = field(default_factory=dict)  # position -> its holders
    opponents: dict[str, set[str]] = field(default_factory=dict)  # author -> opposed authors

    def holders(self, at: int) -> set[str]:
        return self.members.get(at, set())

    def hold(self, author: str, at: int, index: int) -> None:
        """`author`'s stance is now position `at`, since message `index`."""
        previous = self.held.get(author)
        if previous is not None:
            self.members[previous].discard(author)
        self.held[author] = at
        self.members.setdefault(at, set()).add(author)
        self.joined_at[author] = index

    def opposed(self, a: str, b: str) -> bool:
        return b in self.opponents.get(a, ())

    def relate(self, a: str, b: str, value: int) -> None:
        self.relation[frozenset((a, b))] = value
        if value < 0:
            self.opponents.setdefault(a, set()).add(b)
            self.opponents.setdefault(b, set()).add(a)
        else:
            self.opponents.get(a, set()).discard(b)
            self.opponents.get(b, set()).discard(a)

    def allowed(self, author: str, at: int) -> bool:
        opponents = self.opponents.get(author)
        return not opponents or opponents.isdisjoint(self.holders(at))

    def place(self, author: str, at: int, index: int, vector: SparseVector) -> None:
        self.positions[at].add(index, vector)
        for term, value in vector.items():
            weights = self.postings.setdefault(term, {})
            weights[at] = weights.get(at, 0.0) + value
        self.position_of_message[index] = at
        if self.held.get(author) != at:
            self.hold(author, at, index)

    def open(self, founder: int, against: int | None = None) -> int:
        self.positions.append(_Position(founder, against))
        return len(self.positions) - 1

    def similarities(self, vector: SparseVector) -> dict[int, float]:
        dots: dict[int, float] = {}
        for term, value in vector.items():
            for at, weight in self.postings.get(term, {}).items():
                dots[at] = dots.get(at, 0.0) + value * weight
        vector_norm = norm(vector)
        best = sorted(dots.items(), key=lambda item: -item[1])[:MAX_CANDIDATES]
        found: dict[int, float] = {}
        for at, dot in best:
            position_norm = self.positions[at].squared_norm ** 0.5
            if position_norm and vector_norm:
                found[at] = dot / (position_norm * vector_norm)
        return found

    def oppose(self, author: str, target_author: str, target_position: int | None) -> None:
        """`author` objects to `target_author` and to everyone sharing that view."""
        others = {target_author}
        if target_position is not None:
            others.update(self.holders(target_position))
        for other in others - {author}:
            self.relate(author, other, -1)

    def reconcile(self, author: str, at: int) -> None:
        """Joining a view ends the opposition to the people who hold it."""
        for other in self.holders(at):
            if other != author:
                self.relate(author, other, 1)


def attribute(messages: Sequence[PreparedMessage]) -> Attribution:
    state = _State(messages)
    if not messages:
        return Attribution((), (), (), frozenset(), (), ())
    idf = inverse_document_frequencies(messages)
    names = _name_terms(messages)
    targets = reply_targets(messages)
    message_stances = stances(messages)
    for message, stance, target in zip(messages, message_stances, targets, strict=True):
        quoted = messages[message.quoted].terms if message.quoted is not None else frozenset()
        vector = _vector(message, idf, names | quoted)
        state.vectors[message.index] = vector
        if target is not None:
            state.answered[message.index] = target
        _take(state, message, stance, target, vector)
    _separate_opponents(state)
    return _result(state, message_stances, targets)


def _vector(message: PreparedMessage, idf: dict[str, float], names: frozenset[str]) -> SparseVector:
    terms = [
        term
        for sentence in message.sentences
        if not sentence.is_question or _PROPOSAL.match(sentence.text)
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
    state: _State,
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
            state.reconcile(author, chosen)
            state.place(author, chosen, message.index, vector)
            return
    if stance is Stance.DISAGREE and target is not None and target_author is not None:
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
    # A plain answer to a view, with no objection in it, leans towards that view.
    leaning = target_position if _explicit_reply(message) else None
    _place_statement(state, message, vector, substantive, leaning)


def _position_answered(state: _State, target: int | None) -> int | None:
    """The position of the message answered; for a "+1" to a "+1", the one that backed."""
    for _ in range(AGREEMENT_CHAIN):
        if target is None:
            return None
        at = state.position_of_message.get(target)
        if at is not None:
            return at
        author = state.messages[target].message.author_id
        if author in state.held:
            return state.held[author]
        target = state.answered.get(target)
    return None


def _found_from_proposal(state: _State, target: int) -> int | None:
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


def _place_third_way(state: _State, message: PreparedMessage, vector: SparseVector) -> None:
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
    state: _State,
    message: PreparedMessage,
    vector: SparseVector,
    barred: set[int],
    against: int | None,
    substantive: bool,
) -> None:
    author = message.message.author_id
    own = state.held.get(author)
    candidates = {
        at: similarity
        for at, similarity in (state.similarities(vector) if substantive else {}).items()
        if at not in barred and state.allowed(author, at)
    }
    if own is not None and own not in barred and state.allowed(author, own):
        state.place(author, own, message.index, vector)
        return
    if against is not None:
        # An objection joins the camp already opposed to the same view, if there is one.
        camp = _opposing_camp(state, against, author, barred)
        if camp is not None:
            state.place(author, camp, message.index, vector)
            return
    best = max(candidates, key=lambda at: candidates[at], default=None)
    if best is not None and candidates[best] >= JOIN_SIMILARITY:
        state.place(author, best, message.index, vector)
        return
    at = state.open(message.index, None if substantive else against)
    state.place(author, at, message.index, vector)


def _rivals(state: _State, position: int) -> set[int]:
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


def _opposing_camp(state: _State, against: int, author: str, barred: set[int]) -> int | None:
    """The position most often in objection with `against`, in either direction."""
    counts: dict[int, int] = {}
    for objection, target in state.objections[-RECENT_OBJECTIONS:]:
        objector = state.messages[objection].message.author_id
        target_author = state.messages[target].message.author_id
        sides = (state.held.get(objector), state.held.get(target_author))
        if against not in sides:
            continue
        other = sides[1] if sides[0] == against else sides[0]
        if other is None or other == against or other in barred:
            continue
        counts[other] = counts.get(other, 0) + 1
    for at in sorted(counts, key=lambda at: (-counts[at], at)):
        if state.allowed(author, at):
            return at
    return None


def _answers_a_question(state: _State, message: PreparedMessage) -> bool:
    target = state.answered.get(message.index)
    if target is None:
        return False
    sentences = state.messages[target].sentences
    return bool(sentences) and sentences[-1].is_question


def _explicit_reply(message: PreparedMessage) -> bool:
    return message.message.reply_to_id is not None


def _place_statement(
    state: _State,
    message: PreparedMessage,
    vector: SparseVector,
    substantive: bool,
    leaning: int | None = None,
) -> None:
    author = message.message.author_id
    own = state.held.get(author)
    rivals = _rivals(state, leaning) if leaning is not None else set()
    similar = {
        at: similarity + (REPLY_LEANING if at == leaning else 0.0)
        for at, similarity in state.similarities(vector).items()
        if state.allowed(author, at) and at not in rivals
    }
    best = max(similar, key=lambda at: similar[at], default=None)
    if own is not None:
        # Talking about another view (often to criticise it) is not joining it: people change
        # position only by saying so ("you've convinced me", "I agree with Ben").
        state.place(author, own, message.index, vector)
        return
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
    if (
        not substantive
        or not statements
        or (
            not _OPINION.search(message.text)
            and (_LOGISTICS.match(message.text) or _answers_a_question(state, message))
        )
    ):
        # Only a question, an offer ("I'll bring the snacks") or a plain answer to a question
        # founds no position.
        return
    at = state.open(message.index)
    state.place(author, at, message.index, vector)


def _separate_opponents(state: _State) -> None:
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


def _result(
    state: _State, message_stances: Sequence[Stance], targets: Sequence[int | None]
) -> Attribution:
    holders_of: dict[int, list[str]] = {}
    for author, at in state.held.items():
        holders_of.setdefault(at, []).append(author)
    order = sorted(
        holders_of,
        key=lambda at: (-len(holders_of[at]), min(state.joined_at[a] for a in holders_of[at])),
    )
    built: dict[int, Position] = {}
    labels_used: set[str] = set()
    for at in order:
        built[at] = _position(state, at, holders_of[at], built, labels_used)
    positions = tuple(built[at] for at in order)
    agreements = tuple(
        AgreementPoint(
            kind=AgreementKind.SHARED_VIEW,
            statement=position.statement,
            agreeing_ids=position.holder_ids,
            agreeing_names=position.holder_names,
            quotes=position.supporting_quotes,
            point=position.label,
        )
        for position in positions
        if position.people >= 2
    )
    disagreements = _disagreements(state, built)
    opposed = frozenset(pair for pair, value in state.relation.items() if value < 0)
    return Attribution(
        positions, agreements, disagreements, opposed, tuple(message_stances), tuple(targets)
    )


def _position(
    state: _State,
    at: int,
    holders: list[str],
    built: dict[int, Position],
    labels_used: set[str],
) -> Position:
    messages = state.messages
    position = state.positions[at]
    holding = set(holders)
    own = [index for index in position.messages if messages[index].message.author_id in holding]
    centroid_norm = position.squared_norm**0.5
    # One quote per holder (their message closest to the position's words), the founder first.
    best_of: dict[str, tuple[float, int]] = {}
    for index in own:
        if not messages[index].sentences:
            continue
        author = messages[index].message.author_id
        closeness = _closeness(messages[index], position, centroid_norm)
        if author not in best_of or closeness > best_of[author][0]:
            best_of[author] = (closeness, index)
    founder = position.founder
    founder_author = messages[founder].message.author_id
    if founder_author in holding and messages[founder].sentences:
        best_of[founder_author] = (2.0, founder)
    quoted = sorted((index for _, index in best_of.values()), key=lambda i: (i != founder, i))
    quotes = [_statement(messages[index], position, centroid_norm) for index in quoted]
    if not quotes:
        quotes = [gist(messages[founder])]
    names = {author: messages[state.joined_at[author]].quote("").author_name for author in holders}
    ordered = sorted(holders, key=lambda author: state.joined_at[author])
    label = _label(messages[founder])
    if position.against is not None:
        target = built.get(position.against)
        target_label = (
            target.label
            if target is not None
            else _label(messages[state.positions[position.against].founder])
        )
        label = f"against {target_label}" if target_label else label
    if not label or label.lower() in labels_used:
        label = _label(messages[quoted[0]]) if quoted else label
    if not label or label.lower() in labels_used:
        label = f"{label or 'the view'} ({names[ordered[0]]})"
    labels_used.add(label.lower())
    return Position(
        statement=quotes[0],
        holder_ids=tuple(ordered),
        holder_names=tuple(names[author] for author in ordered),
        message_count=len(own),
        supporting_quotes=tuple(quotes[1 : 1 + SUPPORTING_QUOTES]),
        label=label,
    )


def _closeness(message: PreparedMessage, position: _Position, centroid_norm: float) -> float:
    best = 0.0
    for sentence in message.sentences:
        vector = dict.fromkeys(sentence.terms, 1.0)
        best = max(best, cosine(vector, position.centroid, norm(vector), centroid_norm))
    return best


def _statement(message: PreparedMessage, position: _Position, centroid_norm: float) -> Quote:
    """The sentence of a message closest to the position's words (statements before questions)."""

    def closeness(sentence_terms: tuple[str, ...]) -> float:
        vector = dict.fromkeys(sentence_terms, 1.0)
        return cosine(vector, position.centroid, norm(vector), centroid_norm)

    statements = [sentence for sentence in message.sentences if not sentence.is_question]
    pool = statements or list(message.sentences)
    if not pool:
        return gist(message)
    best = max(pool, key=lambda sentence: closeness(sentence.terms))
    return message.quote(best.text)


def _label(message: PreparedMessage) -> str:
    """A few of the founding message's own words: its first statement with content, without
    the opening ("I think", "Agreed,") and cut before its reasons ("because ...")."""
    candidates = [
        s for s in message.sentences if not s.is_question or _PROPOSAL.match(s.text)
    ] or list(message.sentences)
    with_content = [s for s in candidates if sum(term not in CUE_WORDS for term in s.terms) >= 2]
    for sentence in with_content or candidates:
        text = _LABEL_PREFIX.sub("", sentence.text.strip())
        cut = _LABEL_CUT.search(text)
        if cut and len(text[: cut.start()].split()) >= 2:
            text = text[: cut.start()]
        words = text.split()[:LABEL_WORDS]
        label = " ".join(words).strip(" ,.;:!-—–")
        if label:
            return label[:1].upper() + label[1:]
    return ""


def _disagreements(state: _State, built: dict[int, Position]) -> tuple[Disagreement, ...]:
    messages = state.messages
    challenged: dict[int, tuple[int, set[int]]] = {}  # position -> (first objection, camps)
    for objection, target in state.objections:
        author = messages[objection].message.author_id
        target_author = messages[target].message.author_id
        if not state.opposed(author, target_author):
            continue  # they made up later
        against = state.held.get(target_author)
        camp = state.held.get(author)
        if against is None or camp is None or against == camp:
            continue
        if against not in built or camp not in built:
            continue
        _, camps = challenged.setdefault(against, (objection, set()))
        camps.add(camp)
    found: list[Disagreement] = []
    for at, (objection, camps) in challenged.items():
        point = built[at]
        against_ids: list[str] = []
        against_names: list[str] = []
        for camp in sorted(camps, key=lambda c: -built[c].people):
            for author_id, name in zip(
                built[camp].holder_ids, built[camp].holder_names, strict=True
            ):
                if author_id not in against_ids:
                    against_ids.append(author_id)
                    against_names.append(name)
        found.append(
            Disagreement(
                point=point.label,
                statement=point.statement,
                for_ids=point.holder_ids,
                for_names=point.holder_names,
                challenge=gist(messages[objection]),
                against_ids=tuple(against_ids),
                against_names=tuple(against_names),
            )
        )
    found.sort(key=lambda item: -(len(item.for_ids) + len(item.against_ids)))
    return tuple(found)
