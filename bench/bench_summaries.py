"""ROUGE of the thread digest against human summaries, next to three extractive baselines.

Run from the repository root: ``.venv/bin/python -m bench.bench_summaries [--limit N]``.

Each validation file is split in two: every third thread (index % 3 == 2) is kept aside and was
not used to tune the summarizer ("held-out"); the rest is what tuning looked at ("tune"). Both
are printed, so that tuning that does not carry over shows. The test splits of ConvoSumm and
QMSum are not in the repository.

Every extractive method names the author in front of each sentence the same way ("Ana: ...") and
is cut to the same word budget. Sentences are split by the same splitter for every method.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.domain.summaries import ThreadMessage, summarize_thread
from bot.domain.summaries.text import neutralise, split_sentences, truncate_words

DATA = Path(__file__).parent / "data"
DATASETS = (
    # file, word budget, whether author labels are personal names (shortened to a first name,
    # as a Discord display name would be) or role labels kept whole ("Project Manager")
    ("convosumm-email-val.jsonl", 67, True),
    ("qmsum-val.jsonl", 109, False),
)
# Transcript annotations of QMSum ({disfmarker}, {vocalsound}, {gap}): removed for every method.
_TRANSCRIPT_MARKUP = re.compile(r"\{\w+\}")


@dataclass(frozen=True, slots=True)
class Thread:
    id: str
    messages: tuple[ThreadMessage, ...]
    reference: str


def load_threads(path: Path, first_names: bool) -> list[Thread]:
    threads: list[Thread] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            messages = tuple(
                ThreadMessage(
                    id=f"{row['id']}-{number}",
                    author_id=item["author"],
                    author_name=display_name(item["author"], first_names),
                    text=_TRANSCRIPT_MARKUP.sub(" ", item["text"]),
                )
                for number, item in enumerate(row["messages"])
            )
            threads.append(Thread(row["id"], messages, row["summary"]))
    return threads


def display_name(author: str, first_name_only: bool) -> str:
    if not first_name_only:
        return author
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", author)
    return words[0].capitalize() if words else author


def thread_sentences(thread: Thread) -> Iterator[tuple[int, str, str]]:
    """(message number, author, sentence) for every sentence, in thread order."""
    for number, message in enumerate(thread.messages):
        for sentence in split_sentences(neutralise(message.text)):
            yield number, message.author_name, sentence


def fill_budget(ranked: Sequence[tuple[int, str]], max_words: int) -> str:
    """Best-ranked (order, rendered sentence) first while they fit, then shown in thread order."""
    chosen: list[tuple[int, str]] = []
    used = 0
    for order, rendered in ranked:
        words = len(rendered.split())
        if used + words > max_words:
            if max_words - used >= 6:
                chosen.append((order, truncate_words(rendered, max_words - used)))
            break
        chosen.append((order, rendered))
        used += words
    return truncate_words(" ".join(text for _, text in sorted(chosen)), max_words)


def ours(thread: Thread, max_words: int) -> str:
    return summarize_thread(thread.messages).to_plain_text(max_words)


def lead(thread: Thread, max_words: int) -> str:
    rendered = [f"{author}: {sentence}" for _, author, sentence in thread_sentences(thread)]
    return truncate_words(" ".join(rendered), max_words)


def first_sentence_of_each(thread: Thread, max_words: int) -> str:
    firsts: dict[int, str] = {}
    for number, author, sentence in thread_sentences(thread):
        firsts.setdefault(number, f"{author}: {sentence}")
    return truncate_words(" ".join(firsts[number] for number in sorted(firsts)), max_words)


class _RegexTokenizer:
    """sumy wants a tokenizer; NLTK's punkt data is not available offline, so split the same way
    as every other method here."""

    language = "english"
    _word = re.compile(r"[^\W_]+(?:'[^\W_]+)?")

    def to_sentences(self, paragraph: str) -> list[str]:
        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return self._word.findall(sentence)


def lexrank(thread: Thread, max_words: int) -> str:
    return fill_budget(lexrank_ranking(list(thread_sentences(thread))), max_words)


def lexrank_ranking(sentences: Sequence[tuple[int, str, str]]) -> list[tuple[int, str]]:
    """Sentences best first by sumy's LexRank scores, as (thread order, "Author: sentence")."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    if not sentences:
        return []
    tokenizer = _RegexTokenizer()
    dom = [SumySentence(text, tokenizer) for _, _, text in sentences]
    document = ObjectDocumentModel([Paragraph(dom)])
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    # The steps of LexRankSummarizer.__call__, keeping every score rather than the top k.
    words = [summarizer._to_words_set(sentence) for sentence in document.sentences]
    tf = summarizer._compute_tf(words)
    idf = summarizer._compute_idf(words)
    matrix = summarizer._create_matrix(words, summarizer.threshold, tf, idf)
    scores = summarizer.power_method(matrix, summarizer.epsilon)
    order = sorted(range(len(sentences)), key=lambda at: (-scores[at], at))
    return [(at, f"{sentences[at][1]}: {sentences[at][2]}") for at in order]


METHODS: dict[str, Callable[[Thread, int], str]] = {
    "ours": ours,
    "lead": lead,
    "first sentence of each message": first_sentence_of_each,
    "sumy LexRank": lexrank,
}


def score_dataset(threads: Sequence[Thread], max_words: int) -> dict[str, tuple[float, ...]]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    results: dict[str, tuple[float, ...]] = {}
    for name, method in METHODS.items():
        started = time.perf_counter()
        rows: list[tuple[float, float, float]] = []
        for thread in threads:
            digest = method(thread, max_words)
            assert len(digest.split()) <= max_words, (name, thread.id)
            scores = scorer.score(thread.reference, digest)
            rows.append(
                (
                    scores["rouge1"].fmeasure,
                    scores["rouge2"].fmeasure,
                    scores["rougeL"].fmeasure,
                )
            )
        means = tuple(100 * statistics.fmean(column) for column in zip(*rows, strict=True))
        results[name] = (*means, time.perf_counter() - started)
    return results


def split(threads: Sequence[Thread]) -> dict[str, list[Thread]]:
    """Every third thread is held out from tuning."""
    return {
        "tune": [thread for at, thread in enumerate(threads) if at % 3 != 2],
        "held-out": [thread for at, thread in enumerate(threads) if at % 3 == 2],
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N threads")
    parser.add_argument("--only-ours", action="store_true", help="skip the baselines")
    args = parser.parse_args(argv)
    if args.only_ours:
        for name in [name for name in METHODS if name != "ours"]:
            del METHODS[name]
    for file_name, budget, first_names in DATASETS:
        threads = load_threads(DATA / file_name, first_names)[: args.limit]
        for part, chosen in split(threads).items():
            print(
                f"\n{file_name} {part}: {len(chosen)} threads, {budget}-word budget "
                "(ROUGE F1 x 100)"
            )
            print(f"{'method':<32} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'seconds':>8}")
            for name, (r1, r2, rl, seconds) in score_dataset(chosen, budget).items():
                print(f"{name:<32} {r1:6.2f} {r2:6.2f} {rl:6.2f} {seconds:8.1f}")


if __name__ == "__main__":
    main()
