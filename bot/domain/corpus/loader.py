"""Load the corpus from disk (seeds/ plus an optional extra directory, each with a catalog.toml),
and build documents from uploaded text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bot.domain.corpus.catalog import CatalogEntry, parse_catalog
from bot.domain.corpus.errors import CorpusError
from bot.domain.corpus.model import Document, DocumentKind
from bot.domain.corpus.parser import parse_document

CATALOG_FILE = "catalog.toml"
MAX_TITLE_CHARS = 200


@dataclass(frozen=True, slots=True)
class Corpus:
    documents: tuple[Document, ...]

    def get(self, doc_id: str) -> Document:
        for document in self.documents:
            if document.id == doc_id:
                return document
        known = ", ".join(document.id for document in self.documents)
        raise CorpusError(f"unknown document {doc_id!r} (known: {known})")

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(document.id for document in self.documents)


def load_directory(directory: Path) -> tuple[Document, ...]:
    """Every document listed in `directory/catalog.toml`, in catalog order."""
    return tuple(_load_entry(directory, entry) for entry in catalog_entries(directory))


def catalog_entries(directory: Path) -> tuple[CatalogEntry, ...]:
    """The catalog of `directory`, checked (its files exist) but not parsed: enough to know
    the ids of a directory whose texts are known to parse, like the shipped seeds."""
    catalog = directory / CATALOG_FILE
    if not catalog.is_file():
        raise CorpusError(f"{directory}: no {CATALOG_FILE} here")
    try:
        text = catalog.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CorpusError(f"{catalog}: not UTF-8 text") from None
    return parse_catalog(text, source=str(catalog), directory=directory)


def corpus_ids(seeds_dir: Path, extra_dir: Path | None = None) -> tuple[str, ...]:
    """The ids `load_corpus` would give, with the same errors for `extra_dir`, parsing only
    the extra documents (the seeds' texts are the shipped ones, which tests parse)."""
    ids = [entry.id for entry in catalog_entries(seeds_dir)]
    if extra_dir is not None:
        seen = set(ids)
        for document in load_directory(extra_dir):
            if document.id in seen:
                raise CorpusError(f"{extra_dir}: document id {document.id!r} is already a seed id")
            seen.add(document.id)
            ids.append(document.id)
    return tuple(ids)


def load_corpus(seeds_dir: Path, extra_dir: Path | None = None) -> Corpus:
    """The seed documents, then those of `extra_dir` (ids must not clash)."""
    documents = list(load_directory(seeds_dir))
    if extra_dir is not None:
        seen = {document.id for document in documents}
        for document in load_directory(extra_dir):
            if document.id in seen:
                raise CorpusError(f"{extra_dir}: document id {document.id!r} is already a seed id")
            seen.add(document.id)
            documents.append(document)
    return Corpus(tuple(documents))


def _load_entry(directory: Path, entry: CatalogEntry) -> Document:
    return parse_document(entry, (directory / entry.file).read_bytes())


def slugify(title: str) -> str:
    """A catalog-style id from a title: 'Notes on the ISO Crisis!' -> 'notes-on-the-iso-crisis'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:60].rstrip("-") or "document"


def document_from_text(
    title: str,
    author: str,
    text: bytes | str,
    kind: DocumentKind | str,
    *,
    doc_id: str | None = None,
    date: str = "undated",
    source: str = "uploaded by a member",
) -> Document:
    """A document from uploaded .txt or .md content (the caller converts .pdf/.html to text).

    Headings are detected automatically; nothing is excluded and there are no comments."""
    clean_title = " ".join(title.split())
    if not clean_title:
        raise CorpusError("an uploaded document needs a title")
    if len(clean_title) > MAX_TITLE_CHARS:
        raise CorpusError(f"the title is longer than {MAX_TITLE_CHARS} characters")
    document_kind = DocumentKind.parse(kind)
    entry = CatalogEntry(
        id=doc_id or slugify(clean_title),
        file=f"upload.{document_kind.value}",
        title=clean_title,
        author=" ".join(author.split()) or "Unknown",
        date=date,
        source=source,
    )
    return parse_document(entry, text)
