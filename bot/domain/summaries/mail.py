"""E-mail debris in a message: header fields, attachment notes and quoting whose line breaks
were lost ("... I agree. > >Hi, > >> By the way ..."), which is someone else's text.

Mailing-list archives and pasted mail arrive with their whitespace collapsed: the "> " that
began each quoted line then sits mid-text. Quoted text must never be read as the quoting
author's words, and header fields ("cc: list<list@w3.org>", "In-reply-to: Your message of
...") are not anybody's point.
"""

from __future__ import annotations

import re

QUOTED_LINE_CHARS = 100  # a mail line is at most about this long; so is a quoted one

# Quick pre-check: a text none of these appear in is left unchanged.
_HINTS = (">", ":", "@", "--", "ttachment")
_ADDRESS = r"(?:\[mailto:[^\]\s]*\]|<?(?:mailto:)?[\w.+%'-]+@[\w-]+(?:\.[\w-]+)+>?)"
_NAME = r"(?:\"[^\"]{1,60}\"\s*|(?-i:[A-Z][\w.'-]*,?\s*){0,4})"
_HEADER_FIELD = re.compile(
    # Address fields: "cc: Amaya List<www-amaya@w3.org>, ana@example.org".
    rf"\b(?:cc|bcc|to|from|reply-to)\s*:\s*(?:{_NAME}{_ADDRESS}\s*,?\s*)+"
    # Date fields: "Sent: Thursday, June 19, 2003 9:46 AM", "Date: Mon, 27 Jul 1998 10:26:30".
    r"|\b(?:date|sent)\s*:\s*(?:[\w,]+\s+){0,6}?\d{1,2}:\d{2}(?::\d{2})?"
    r"(?-i:\s*(?:[AaPp]\.?[Mm]\.?|[+-]\d{4}|\(?[A-Z]{2,5}\)?)(?!\w))*"
    # "In-reply-to: Your message of Fri, 23 Apr 1999 10:12:13 +0200." <id@host>"
    r"|\bin-reply-to\s*:\s*[^<>]{0,90}?(?:<[^<>\s]*>|(?=\s>|$))"
    r"|\bmessage-id\s*:\s*<[^<>\s]*>"
    # "ana@example.org (Ana Ortiz) wrote:", "jose.kahan@w3.org said:": what follows is quoted.
    rf"|{_ADDRESS}\s*(?:\([^()]{{0,60}}\)\s*)?(?:wrote|writes|said)\s*:"
    # "At 10:02 AM 5/27/97 -0400, Ana Ortiz wrote:"
    r"|\bat\s+\d{1,2}:\d{2}[^.!?<>]{0,80}?\b(?:wrote|writes|said)\s*:"
    # An address in angle brackets is never prose: "'Vadim' <vadim@example.ru>".
    rf"|<(?:mailto:)?[\w.+%'-]+@[\w-]+(?:\.[\w-]+)+>"
    # "text/html attachment: Minutes_1Apr03.htm"
    r"|\b[a-z]+/[\w.+-]+\s+attachment:\s*\S+",
    re.IGNORECASE,
)
# A quote marker: ">" (or "> >", ">>") after a space or at the start of the text.
_MARKER = re.compile(r"(?:(?<=\s)|^)>(?:\s?>)*(?=\s|[^\s=>-]|$)")
# A signature after "-- " at the very end: a short tail that is no sentence ("-- Ana, Acme").
_SIGNATURE = re.compile(r"(?:^|\s)--\s*(?=\w)(?:[^.!?\n]|[.!?](?!\s|$)){1,100}$")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*(?=\s|$)")


def strip_mail_debris(text: str) -> tuple[str, list[str]]:
    """The text without header fields, attachment notes and run-in quoted lines, and the quoted
    passages (whose author the caller may look for)."""
    if not any(hint in text for hint in _HINTS):
        return text, []
    if ":" in text or "@" in text or "attachment" in text:
        text = _HEADER_FIELD.sub(" ", text)
    if "--" in text:
        text = _SIGNATURE.sub("", text.rstrip())
    quotations: list[str] = []
    lines = text.split("\n")
    for at, line in enumerate(lines):
        markers = list(_MARKER.finditer(line))
        if len(markers) >= 2 or (markers and _lone_marker_quotes(line, markers[0])):
            lines[at] = _drop_run_in_quotes(line, markers, quotations)
    return "\n".join(lines), quotations


def _lone_marker_quotes(line: str, marker: re.Match[str]) -> bool:
    """One ">" mid-line quotes what follows, unless it compares numbers ("12 > 9")."""
    return marker.start() > 0 and not line[marker.end() :].lstrip()[:1].isdigit()


def _drop_run_in_quotes(line: str, markers: list[re.Match[str]], quotations: list[str]) -> str:
    """Each run of quoted lines starts at a marker and ends with the sentence that the last
    quoted line is part of: a sentence mixing quoted and own words is dropped whole."""
    kept: list[str] = []
    cursor = 0
    at = 0
    while at < len(markers):
        start = markers[at].start()
        last = at
        while (
            last + 1 < len(markers)
            and markers[last + 1].start() - markers[last].end() <= QUOTED_LINE_CHARS
        ):
            last += 1
        end_match = _SENTENCE_END.search(line, markers[last].end())
        end = end_match.end() if end_match else len(line)
        kept.append(line[cursor:start])
        quoted = _MARKER.sub(" ", line[start:end]).strip()
        if quoted:
            quotations.append(quoted)
        cursor = end
        at = last + 1
        while at < len(markers) and markers[at].start() < cursor:
            at += 1
    kept.append(line[cursor:])
    return " ".join(part.strip() for part in kept if part.strip())
