"""Audit entries as sentences members can read: names instead of ids, words instead of JSON.

The entry itself (and its hash) stays exactly as recorded; only its rendering is friendly.
Actions this module does not know yet (added later, or by a newer version) still read as a
sentence: the action in words, then each detail as "key: value".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bot.domain.audit.entry import AS_ORGANIZER_KEY, AuditEntry

NameOf = Callable[[int | None], str]
_Render = Callable[[str, Mapping[str, Any], NameOf], str]

_KINDS = {
    "motion": "a motion",
    "poll_single": "a poll",
    "poll_approval": "an approval poll",
    "ranked_single": "a ranked vote",
    "election": "an election",
}
_ADJUSTMENTS = {
    "skip_week": "skipped the reading session of",
    "pause": "paused the reading plan from",
    "resume": "resumed the reading plan on",
}
_ID_KEYS = frozenset({"member", "candidate", "founders", "signers", "organizer"})


def _quoted(details: Mapping[str, Any], key: str = "title") -> str:
    return f"“{details.get(key, '?')}”"


def _member_id(value: object) -> int | None:
    text = str(value)
    return int(text) if text.isdigit() else None


def _people(values: object, name_of: NameOf) -> str:
    items = values if isinstance(values, list | tuple) else [values]
    names = [name_of(_member_id(v)) for v in items]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _vote_created(who: str, d: Mapping[str, Any], _: NameOf) -> str:
    ballot = "secret ballot" if d.get("secret") else "open ballot"
    kind = _KINDS.get(str(d.get("kind")), "a vote")
    text = f"{who} created vote #{d.get('vote')} {_quoted(d)}, {kind} by {ballot}"
    if d.get("eligible"):
        text += f", for members with the {' or '.join(map(str, d['eligible']))} role"
    return text + "."


def _vote_opened(who: str, d: Mapping[str, Any], _: NameOf) -> str:
    size = d.get("roll_size")
    text = f"Vote #{d.get('vote')} opened with {size} {'person' if size == 1 else 'people'}"
    text += " on the voter roll"
    if d.get("eligible"):
        text += f" (members with the {' or '.join(map(str, d['eligible']))} role)"
    return text + "."


def _vote_closed(who: str, d: Mapping[str, Any], _: NameOf) -> str:
    return (
        f"Vote #{d.get('vote')} {_quoted(d)} closed: {d.get('ballots')} of {d.get('roll_size')} "
        f"voted. {d.get('outcome', '')}".rstrip()
    )


def _vote_cancelled(who: str, d: Mapping[str, Any], _: NameOf) -> str:
    return f"{who} cancelled vote #{d.get('vote')} {_quoted(d)}: {d.get('reason', '')}".rstrip()


def _document_added(who: str, d: Mapping[str, Any], _: NameOf) -> str:
    plan = ", to the reading plan" if d.get("in_plan") else ""
    return f"{who} added the document {_quoted(d)} ({d.get('words', '?')} words{plan})."


def _plan_changed(who: str, d: Mapping[str, Any], _: NameOf) -> str:
    kind = str(d.get("kind"))
    if kind == "reschedule":
        return f"{who} moved reading session {d.get('session')} to {d.get('starts_at')}."
    verb = _ADJUSTMENTS.get(kind, f"changed the reading plan ({kind.replace('_', ' ')}) on")
    return f"{who} {verb} {d.get('on')}."


def _prompt_decided(who: str, d: Mapping[str, Any], _: NameOf) -> str:
    verb = "approved" if d.get("approved") else "turned down"
    return f"{who} {verb} prompt suggestion #{d.get('suggestion')}."


def _faction_created(who: str, d: Mapping[str, Any], name_of: NameOf) -> str:
    founders = _people(d.get("founders", []), name_of)
    return f"The faction {d.get('name')} was founded by {founders}."


def _faction(verb: str) -> _Render:
    def render(who: str, d: Mapping[str, Any], _: NameOf) -> str:
        return f"{who} {verb} the faction {d.get('name')}."

    return render


def _faction_dissolved(who: str, d: Mapping[str, Any], _: NameOf) -> str:
    if d.get("reason") == "last_member_left":
        return f"The faction {d.get('name')} ended: its last member left."
    return (
        f"The faction {d.get('name')} was dissolved by a vote of its members "
        f"({d.get('yes')} yes, {d.get('no')} no of {d.get('roll_size')})."
    )


def _document_submitted(who: str, d: Mapping[str, Any], _: NameOf) -> str:
    kind = str(d.get("kind", "document")).replace("_", " ")
    return f"{who} published the {kind} {_quoted(d)} for the faction {d.get('name')}."


def _document_proposed(who: str, d: Mapping[str, Any], _: NameOf) -> str:
    return f"{who} proposed {_quoted(d)} of the faction {d.get('name')} for the reading plan."


def _proposal_decided(who: str, d: Mapping[str, Any], _: NameOf) -> str:
    text = f"The reading proposal {_quoted(d)} was {d.get('outcome', 'decided')}"
    if "yes" in d:
        text += f" by a member vote ({d.get('yes')} yes, {d.get('no')} no of {d.get('roll_size')})"
    elif who != "Caucus":
        text += f" by {who}"
    return text + "."


def _endorsement(who: str, d: Mapping[str, Any], name_of: NameOf) -> str:
    verb = "endorses" if d.get("endorsed") else "does not endorse"
    candidate = name_of(_member_id(d.get("candidate")))
    return (
        f"The faction {d.get('name')} {verb} {candidate} in election #{d.get('election')} "
        f"({d.get('yes')} yes of {d.get('roll_size')} members)."
    )


def _vote_called(who: str, d: Mapping[str, Any], _: NameOf) -> str:
    purpose = "dissolving it" if d.get("purpose") == "dissolution" else "an endorsement"
    return (
        f"{who} called a member vote of the faction {d.get('about', '?')} on {purpose} "
        f"({d.get('roll_size')} members may vote)."
    )


def _report_drafted(who: str, d: Mapping[str, Any], _: NameOf) -> str:
    faction = f" in the name of {d['faction']}" if d.get("faction") else ""
    return f"{who} drafted minority report R{d.get('report')} on vote #{d.get('vote')}{faction}."


def _report_filed(who: str, d: Mapping[str, Any], name_of: NameOf) -> str:
    signers = _people(d.get("signers", []), name_of)
    report, vote = d.get("report"), d.get("vote")
    return f"Minority report R{report} on vote #{vote} was filed, signed by {signers}."


def _plain_value(key: str, value: object, name_of: NameOf) -> str:
    if key in _ID_KEYS:
        return _people(value, name_of)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _parts(d: Mapping[str, Any], name_of: NameOf) -> str:
    parts = [f"{k.replace('_', ' ')}: {_plain_value(k, v, name_of)}" for k, v in d.items()]
    return f" ({'; '.join(parts)})" if parts else ""


def _generic(who: str, action: str, d: Mapping[str, Any], name_of: NameOf) -> str:
    words = action.replace(".", " ").replace("_", " ")
    return f"{who} — {words}{_parts(d, name_of)}."


def _config_changed(who: str, d: Mapping[str, Any], name_of: NameOf) -> str:
    return f"{who} changed the configuration{_parts(d, name_of)}."


_RENDERERS: dict[str, _Render] = {
    "config.changed": _config_changed,
    "vote.created": _vote_created,
    "vote.opened": _vote_opened,
    "vote.closed": _vote_closed,
    "vote.cancelled": _vote_cancelled,
    "document.added": _document_added,
    "reading_plan.changed": _plan_changed,
    "prompt.decided": _prompt_decided,
    "faction.created": _faction_created,
    "faction.joined": _faction("joined"),
    "faction.left": _faction("left"),
    "faction.platform_updated": _faction("updated the platform of"),
    "faction.description_updated": _faction("updated the description of"),
    "faction.dissolved": _faction_dissolved,
    "faction.document_submitted": _document_submitted,
    "faction.document_proposed": _document_proposed,
    "faction.reading_proposal_decided": _proposal_decided,
    "faction.vote_called": _vote_called,
    "endorsement.decided": _endorsement,
    "minority_report.drafted": _report_drafted,
    "minority_report.filed": _report_filed,
}


def describe_entry(entry: AuditEntry, name_of: NameOf) -> str:
    """One sentence for ``entry``; ``name_of`` turns a member id (None: the bot) into a name."""
    who = name_of(entry.actor_id)
    details = {k: v for k, v in entry.details.items() if k != AS_ORGANIZER_KEY}
    render = _RENDERERS.get(entry.action)
    try:
        return (
            render(who, details, name_of)
            if render
            else _generic(who, entry.action, details, name_of)
        )
    except (TypeError, ValueError, KeyError):  # an entry older or newer than these renderers
        return _generic(who, entry.action, details, name_of)
