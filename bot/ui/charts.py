"""Count charts as PNG bytes (matplotlib's Agg canvas, no pyplot and no global state).

STV and IRV counts get each candidate's total per stage (with the quota, when there is
one); every other count gets a bar per option.
"""

from __future__ import annotations

import io

from bot.services.voting.outcome import VoteOutcome

WIDTH_INCHES = 8
HEIGHT_INCHES = 4.5
DPI = 100
MAX_LABEL = 28


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def count_chart(outcome: VoteOutcome, title: str) -> bytes | None:
    """The chart for a result, or None when there is nothing to draw (no ballots)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if outcome.ballots == 0 or not (outcome.stages or outcome.totals):
        return None
    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    if outcome.stages:
        stages = [stage.number for stage in outcome.stages]
        names = [name for name, _ in outcome.stages[0].totals]
        for name in names:
            totals = [dict(stage.totals).get(name, 0.0) for stage in outcome.stages]
            marker = "o" if name in outcome.winners else "."
            axes.plot(stages, totals, marker=marker, label=_short(name))
        if outcome.quota is not None:
            axes.axhline(outcome.quota, linestyle="--", color="grey", label="Quota")
        axes.set_xlabel("Stage")
        axes.set_xticks(stages)
        axes.set_ylabel("Votes")
        axes.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    else:
        labels = [_short(name) for name, _ in outcome.totals]
        values = [votes for _, votes in outcome.totals]
        winners = {winner.casefold() for winner in outcome.winners}
        colours = [
            "#b22234" if name.casefold() in winners else "#888888" for name, _ in outcome.totals
        ]
        axes.barh(labels[::-1], values[::-1], color=colours[::-1])
        axes.set_xlabel("Votes")
    axes.set_title(_short(title))
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
