"""Turn an uploaded file into plain text: .txt and .md as they are, .pdf and .html extracted.

Uploads are hostile until proven otherwise: size-capped, binary refused, parsers' failures
turned into a message the organizer can act on.
"""

from __future__ import annotations

import io
import logging
from pathlib import PurePath

from bot.errors import UserError

MAX_UPLOAD_BYTES = 2_000_000
TEXT_KINDS = {".txt": "txt", ".md": "md", ".markdown": "md"}
EXTRACTED_KINDS = {".pdf", ".html", ".htm"}

log = logging.getLogger(__name__)


def upload_to_text(filename: str, data: bytes) -> tuple[str, str]:
    """Return (text, kind) where kind is 'txt' or 'md' for the corpus parser."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in TEXT_KINDS and suffix not in EXTRACTED_KINDS:
        raise UserError(f"I can read .txt, .md, .pdf and .html files, not {suffix or 'this file'}.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UserError(
            f"That file is {len(data) / 1e6:.1f} MB; the limit is {MAX_UPLOAD_BYTES / 1e6:.0f} MB."
        )
    if not data.strip():
        raise UserError("That file is empty.")
    if suffix in TEXT_KINDS:
        return _decode_text(data), TEXT_KINDS[suffix]
    if suffix == ".pdf":
        return _pdf_text(data), "txt"
    return _html_text(data), "txt"


def _decode_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise UserError("That file looks binary, not text. Upload a .txt, .md, .pdf or .html file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError("That file is not UTF-8 text. Save it as UTF-8 and try again.") from None


def _pdf_text(data: bytes) -> str:
    if not data.startswith(b"%PDF"):
        raise UserError("That file does not look like a PDF.")
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        log.info("unreadable PDF upload: %s", exc)
        raise UserError("I could not read that PDF (it may be damaged or encrypted).") from None
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise UserError("That PDF has no extractable text (it may be scanned images).")
    return text


def _html_text(data: bytes) -> str:
    import trafilatura

    html = data.decode("utf-8", errors="replace")
    text = trafilatura.extract(html, include_comments=False, include_tables=False)
    if not text or not text.strip():
        raise UserError("I found no article text in that HTML page.")
    return text
