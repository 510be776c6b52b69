"""From the finished attribution pass to what a summary shows: each position with its label,
holders and quotes, the agreements and the disagreements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.summaries.camps import DraftPosition, ThreadState
from bot.domain.summaries.labels import label_of
from bot.domain.summaries.model import AgreementKind, AgreementPoint, Disagreement, Position, Quote
from bot.domain.summaries.prepare import PreparedMessage, gist
from bot.domain.summaries.scoring import cosine, norm
from bot.domain.summaries.stance import Stance

SUPPORTING_QUOTES = 2


@dataclass(frozen=True, slots=True)
class Attribution:
    positions: tuple[Position, ...]
    agreements: tuple[AgreementPoint, ...]
    disagreements: tuple[Disagreement, ...]
    opposed: frozenset[frozenset[str]]  # pairs of author ids whose final relation is opposition
    stances: tuple[Stance, ...]  # per message
    targets: tuple[int | None, ...]  # per message: the message it answers


def result(
    state: ThreadState, message_stances: Sequence[Stance], targets: Sequence[int | None]
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
    state: ThreadState,
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
    label = label_of(messages[founder])
    if position.against is not None:
        target = built.get(position.against)
        target_label = (
            target.label
            if target is not None
            else label_of(messages[state.positions[position.against].founder])
        )
        label = f"against {target_label}" if target_label else label
    if not label or label.lower() in labels_used:
        label = label_of(messages[quoted[0]]) if quoted else label
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


def _closeness(message: PreparedMessage, position: DraftPosition, centroid_norm: float) -> float:
    best = 0.0
    for sentence in message.sentences:
        vector = dict.fromkeys(sentence.terms, 1.0)
        best = max(best, cosine(vector, position.centroid, norm(vector), centroid_norm))
    return best


def _statement(message: PreparedMessage, position: DraftPosition, centroid_norm: float) -> Quote:
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


def _disagreements(state: ThreadState, built: dict[int, Position]) -> tuple[Disagreement, ...]:
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
