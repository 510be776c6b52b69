"""Group messages into positions by lexical similarity, then count the people behind each.

One pass over the thread, each message compared with at most MAX_CLUSTERS running centroids
(leader clustering), so the cost grows linearly with the thread. A position reports distinct
people, not messages: one member posting twenty times is still one member.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.domain.summaries.model import Position, Quote
from bot.domain.summaries.prepare import PreparedMessage, Sentence
from bot.domain.summaries.scoring import (
    SparseVector,
    cosine,
    inverse_document_frequencies,
    norm,
    tfidf,
)
from bot.domain.summaries.stance import Stance, reply_targets, stances

MAX_CLUSTERS = 24
MAX_POSITIONS = 5
JOIN_SIMILARITY = 0.18
MIN_CONTENT_TERMS = 2  # "+1" or "agreed" carries no view of its own: it joins its target's
MESSAGE_TERMS = 12  # strongest terms kept per message: bounds the cost of every comparison
SUPPORTING_QUOTES = 2


@dataclass(slots=True)
class _Cluster:
    centroid: SparseVector = field(default_factory=dict)
    squared_norm: float = 0.0
    members: list[int] = field(default_factory=list)  # message indices
    supporters: list[int] = field(default_factory=list)  # content-free agreeing replies

    def add(self, index: int, vector: SparseVector) -> None:
        dot = sum(value * self.centroid.get(term, 0.0) for term, value in vector.items())
        self.squared_norm += 2.0 * dot + sum(value * value for value in vector.values())
        for term, value in vector.items():
            self.centroid[term] = self.centroid.get(term, 0.0) + value
        self.members.append(index)


@dataclass(slots=True)
class _Clustering:
    """Running clusters with an inverted index (term -> cluster -> weight) so that a message
    is compared only through the terms it has."""

    clusters: list[_Cluster] = field(default_factory=list)
    postings: dict[str, dict[int, float]] = field(default_factory=dict)

    def add(self, at: int, index: int, vector: SparseVector) -> int:
        if at == len(self.clusters):
            self.clusters.append(_Cluster())
        self.clusters[at].add(index, vector)
        for term, value in vector.items():
            weights = self.postings.setdefault(term, {})
            weights[at] = weights.get(at, 0.0) + value
        return at

    def best(self, vector: SparseVector, barred: int | None) -> int | None:
        """The most similar cluster if similar enough (or if no new one may be opened)."""
        dots: dict[int, float] = {}
        for term, value in vector.items():
            for at, weight in self.postings.get(term, {}).items():
                dots[at] = dots.get(at, 0.0) + value * weight
        vector_norm = norm(vector)
        best: int | None = None
        best_similarity = -1.0
        for at, dot in dots.items():
            cluster_norm = self.clusters[at].squared_norm ** 0.5
            if at == barred or not cluster_norm or not vector_norm:
                continue
            similarity = dot / (cluster_norm * vector_norm)
            if similarity > best_similarity:
                best, best_similarity = at, similarity
        if best_similarity >= JOIN_SIMILARITY:
            return best
        if len(self.clusters) < MAX_CLUSTERS:
            return None
        if best is None:  # nothing shared with any cluster: the last one takes the stragglers
            best = len(self.clusters) - 1 if barred != len(self.clusters) - 1 else 0
        return best


def find_positions(messages: Sequence[PreparedMessage]) -> tuple[Position, ...]:
    if not messages:
        return ()
    idf = inverse_document_frequencies(messages)
    targets = reply_targets(messages)
    message_stances = stances(messages)
    clustering = _Clustering()
    cluster_of: dict[int, int] = {}
    vectors: dict[int, SparseVector] = {}
    for message, stance, target in zip(messages, message_stances, targets, strict=True):
        statements = [sentence for sentence in message.sentences if not sentence.is_question]
        vector = _top_terms(tfidf([term for s in statements for term in s.terms], idf))
        if len(vector) < MIN_CONTENT_TERMS:
            # Asking is not holding a view; "+1" backs the view it answers, and repeating
            # someone's words word for word backs theirs.
            backed = message.echoes
            if backed is None and stance is Stance.AGREE:
                backed = target
            if backed is not None and backed in cluster_of:
                clustering.clusters[cluster_of[backed]].supporters.append(message.index)
            continue
        vectors[message.index] = vector
        # A message disagreeing with another must not be counted as holding its view.
        barred = (
            cluster_of.get(target) if stance is Stance.DISAGREE and target is not None else None
        )
        chosen = clustering.best(vector, barred)
        if chosen is None:
            chosen = len(clustering.clusters)
        cluster_of[message.index] = clustering.add(chosen, message.index, vector)
        if stance is Stance.AGREE and target is not None and target in cluster_of:
            # An agreeing reply with its own words still backs the view it answers.
            clustering.clusters[cluster_of[target]].supporters.append(message.index)
    positions = [_position(cluster, messages, vectors) for cluster in clustering.clusters]
    positions.sort(key=lambda position: (-position.people, -position.message_count))
    return tuple(positions[:MAX_POSITIONS])


def _top_terms(vector: SparseVector) -> SparseVector:
    if len(vector) <= MESSAGE_TERMS:
        return vector
    strongest = sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:MESSAGE_TERMS]
    return dict(strongest)


def _position(
    cluster: _Cluster, messages: Sequence[PreparedMessage], vectors: dict[int, SparseVector]
) -> Position:
    holders: dict[str, str] = {}
    for index in cluster.members + cluster.supporters:
        quote = messages[index].quote("")
        holders.setdefault(quote.author_id, quote.author_name)
    centroid_norm = cluster.squared_norm**0.5
    ranked = sorted(
        cluster.members,
        key=lambda index: (
            -cosine(vectors[index], cluster.centroid, norm(vectors[index]), centroid_norm),
            index,
        ),
    )
    statement = _statement(messages[ranked[0]], cluster, centroid_norm)
    supporting: list[Quote] = []
    seen_authors = {statement.author_id}
    for index in ranked[1:]:
        if len(supporting) >= SUPPORTING_QUOTES:
            break
        author = messages[index].message.author_id
        if author in seen_authors:
            continue
        seen_authors.add(author)
        supporting.append(_statement(messages[index], cluster, centroid_norm))
    return Position(
        statement=statement,
        holder_ids=tuple(holders),
        holder_names=tuple(holders.values()),
        message_count=len(cluster.members) + len(cluster.supporters),
        supporting_quotes=tuple(supporting),
    )


def _statement(message: PreparedMessage, cluster: _Cluster, centroid_norm: float) -> Quote:
    """The sentence of a message closest to the cluster's centroid."""

    def closeness(sentence: Sentence) -> float:
        vector = dict.fromkeys(sentence.terms, 1.0)
        return cosine(vector, cluster.centroid, norm(vector), centroid_norm)

    statements = [sentence for sentence in message.sentences if not sentence.is_question]
    best = max(statements or message.sentences, key=closeness)
    return message.quote(best.text)
