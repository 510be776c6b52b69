"""Reading untrusted uploads (.txt, .md, .pdf, .html) in a limited child process."""

from bot.services.extraction.sandbox import (
    DEFAULT_LIMITS,
    Batch,
    ExtractionLimits,
    Sandbox,
    UnreadableFile,
    Upload,
    check_upload,
)

__all__ = [
    "DEFAULT_LIMITS",
    "Batch",
    "ExtractionLimits",
    "Sandbox",
    "UnreadableFile",
    "Upload",
    "check_upload",
]
