"""Rank sentences by centrality to the thread, then pick a non-redundant set (MMR).

Near-linear on purpose: every sentence is compared with one centroid, never with every other
sentence; redundancy is checked only within a capped candidate set.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.summaries.prepare import PreparedMessage, Sentence

SparseVector = dict[str, float]


@dataclass(frozen=True, slots=True)
class RankingWeights:
    """Weights of the sentence score, tuned on the ConvoSumm and QMSum validation splits."""

    centrality: float = 1.0
    first_in_message: float = 0.6
    thread_opener: float = 0.3
    early_position: float = 0.4
    short_penalty: float = 0.3
    # Prose is about half function words; a signature, header or code line has almost none.
    min_function_share: float = 0.2
    no_prose_penalty: float = 0.6
    min_terms: int = 4
    centroid_terms: int = 200
    candidates: int = 120
    mmr_lambda: float = 0.7
    repeat_author_penalty: float = 0.05
    same_message_penalty: float = 0.3


DEFAULT_WEIGHTS = RankingWeights()


@dataclass(frozen=True, slots=True)
class RankedSentence:
    sentence: Sentence
    score: float


def inverse_document_frequencies(messages: Sequence[PreparedMessage]) -> dict[str, float]:
    """IDF over messages: a term every message uses says little about any one of them."""
    frequencies: Counter[str] = Counter()
    for message in messages:
        frequencies.update(message.terms)
    total = len(messages)
    return {term: math.log((1 + total) / (1 + count)) + 1.0 for term, count in frequencies.items()}


def tfidf(terms: Sequence[str], idf: dict[str, float]) -> SparseVector:
    counts = Counter(terms)
    return {term: (1.0 + math.log(count)) * idf.get(term, 1.0) for term, count in counts.items()}


def norm(vector: SparseVector) -> float:
    return math.sqrt(sum(value * value for value in vector.values()))


def cosine(a: SparseVector, b: SparseVector, norm_a: float, norm_b: float) -> float:
    if not norm_a or not norm_b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return sum(value * b.get(term, 0.0) for term, value in a.items()) / (norm_a * norm_b)


def rank_sentences(
    messages: Sequence[PreparedMessage],
    limit: int,
    weights: RankingWeights = DEFAULT_WEIGHTS,
) -> list[RankedSentence]:
    """The best `limit` sentences, best first, each adding something the others do not say."""
    sentences = [sentence for message in messages for sentence in message.sentences]
    if not sentences or limit <= 0:
        return []
    idf = inverse_document_frequencies(messages)
    vectors = [tfidf(sentence.terms, idf) for sentence in sentences]
    centroid: Counter[str] = Counter()
    for vector in vectors:
        centroid.update(vector)
    centroid_vector: SparseVector = dict(centroid.most_common(weights.centroid_terms))
    centroid_norm = norm(centroid_vector)
    total = len(sentences)
    scored: list[tuple[float, int]] = []
    norms = [norm(vector) for vector in vectors]
    for index, sentence in enumerate(sentences):
        score = weights.centrality * cosine(
            vectors[index], centroid_vector, norms[index], centroid_norm
        )
        if sentence.index_in_message == 0:
            score += weights.first_in_message
        if sentence.message_index == 0:
            score += weights.thread_opener
        score += weights.early_position * (1.0 - sentence.position / total)
        if len(sentence.terms) < weights.min_terms:
            score -= weights.short_penalty
        words = sentence.text.count(" ") + 1
        if words - len(sentence.terms) < weights.min_function_share * words:
            score -= weights.no_prose_penalty
        scored.append((score, index))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    candidates = scored[: max(weights.candidates, limit)]
    return _select_diverse(candidates, sentences, vectors, norms, messages, limit, weights)


def _select_diverse(
    candidates: list[tuple[float, int]],
    sentences: Sequence[Sentence],
    vectors: Sequence[SparseVector],
    norms: Sequence[float],
    messages: Sequence[PreparedMessage],
    limit: int,
    weights: RankingWeights,
) -> list[RankedSentence]:
    chosen: list[RankedSentence] = []
    author_uses: Counter[str] = Counter()
    message_uses: Counter[int] = Counter()
    # redundancy[i]: highest similarity of candidate i to anything chosen so far, kept up to
    # date one choice at a time so selection costs candidates x limit, not more.
    remaining = [(score, index, 0.0) for score, index in candidates]
    while remaining and len(chosen) < limit:
        best_value = -math.inf
        best_at = 0
        for at, (score, index, redundancy) in enumerate(remaining):
            message_index = sentences[index].message_index
            author = messages[message_index].message.author_id
            value = (
                weights.mmr_lambda * score
                - (1.0 - weights.mmr_lambda) * redundancy
                - weights.repeat_author_penalty * author_uses[author]
                - weights.same_message_penalty * message_uses[message_index]
            )
            if value > best_value:
                best_value, best_at = value, at
        score, picked, _ = remaining.pop(best_at)
        chosen.append(RankedSentence(sentences[picked], score))
        message_uses[sentences[picked].message_index] += 1
        author_uses[messages[sentences[picked].message_index].message.author_id] += 1
        remaining = [
            (
                other_score,
                other,
                max(
                    redundancy, cosine(vectors[other], vectors[picked], norms[other], norms[picked])
                ),
            )
            for other_score, other, redundancy in remaining
        ]
    return chosen
