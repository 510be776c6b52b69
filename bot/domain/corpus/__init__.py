"""The reading corpus: catalog, documents, loading and search."""

from bot.domain.corpus.catalog import CatalogEntry, parse_catalog
from bot.domain.corpus.errors import CorpusError
from bot.domain.corpus.loader import Corpus, document_from_text, load_corpus, load_directory
from bot.domain.corpus.model import (
    COMMENTS_SECTION_TITLE,
    DEFAULT_WORDS_PER_MINUTE,
    CuratedPrompt,
    Document,
    DocumentKind,
    Paragraph,
    Section,
    count_words,
    reading_minutes,
)
from bot.domain.corpus.parser import parse_document

__all__ = [
    "COMMENTS_SECTION_TITLE",
    "DEFAULT_WORDS_PER_MINUTE",
    "CatalogEntry",
    "Corpus",
    "CorpusError",
    "CuratedPrompt",
    "Document",
    "DocumentKind",
    "Paragraph",
    "Section",
    "count_words",
    "document_from_text",
    "load_corpus",
    "load_directory",
    "parse_catalog",
    "parse_document",
    "reading_minutes",
]
