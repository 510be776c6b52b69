"""The summary as plain data, the one shape every rendering starts from.

``{"id", "positions": [{"label", "holders": [author, ...], "quotes": [{"author", "text"}]}],
"agreements": [{"point", "people": [...]}], "disagreements": [{"point", "for": [...],
"against": [...]}], "open_questions": [{"author", "text"}], "participation": {author: messages}}``
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.domain.summaries.model import Quote, ThreadSummary


def _quote(quote: Quote) -> dict[str, str]:
    return {"author": quote.author_name, "text": quote.text}


def as_structured(summary: ThreadSummary, thread_id: object = None) -> dict[str, object]:
    return {
        "id": thread_id,
        "positions": [
            {
                "label": position.label,
                "holders": list(position.holder_names),
                "quotes": [_quote(quote) for quote in position.quotes],
            }
            for position in summary.positions
        ],
        "agreements": [
            {"point": agreement.point, "people": list(agreement.agreeing_names)}
            for agreement in summary.agreements
        ],
        "disagreements": [
            {
                "point": dispute.point,
                "for": list(dispute.for_names),
                "against": list(dispute.against_names),
            }
            for dispute in summary.disagreements
        ],
        "open_questions": [_quote(item.question) for item in summary.open_questions],
        "participation": {share.author_name: share.messages for share in summary.participation},
    }
