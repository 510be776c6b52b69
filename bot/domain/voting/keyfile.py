"""The master key's home outside the database: a 0600 key file, or an environment variable.

The file holds the key as 64 hex digits, so the same text can be moved into an environment
variable. Error messages never include key material.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
import stat
from pathlib import Path

from bot.domain.voting.errors import SecrecyError
from bot.domain.voting.secrecy import MASTER_KEY_SIZE, generate_master_key


def master_key_from_text(text: str) -> bytes:
    """Read a master key written as 64 hex digits or as base64 (standard or URL-safe)."""
    value = text.strip()
    try:
        if len(value) == 2 * MASTER_KEY_SIZE:
            key = bytes.fromhex(value)
        else:
            key = base64.b64decode(value.replace("-", "+").replace("_", "/"), validate=True)
    except (ValueError, binascii.Error):
        key = b""
    if len(key) != MASTER_KEY_SIZE:
        raise SecrecyError(
            f"A master key must be {MASTER_KEY_SIZE} bytes written as "
            f"{2 * MASTER_KEY_SIZE} hex digits or as base64."
        )
    return key


def _read_key_file(path: Path) -> bytes:
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise SecrecyError(
            f"The master key file {path} can be read by other users; run: chmod 600 {path}"
        )
    try:
        return master_key_from_text(path.read_text(encoding="ascii"))
    except (SecrecyError, UnicodeDecodeError) as error:
        raise SecrecyError(f"The master key file {path} is damaged: {error}") from error


def load_or_create_master_key(path: Path) -> bytes:
    """Read the key file, creating it (owner-only, 0600) with a new key if it is missing.
    Losing this file makes the secret ballots of votes still open uncountable: back it up
    apart from the database."""
    if path.exists():
        return _read_key_file(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = generate_master_key()
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return _read_key_file(path)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key.hex() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return key


# -- per-vote key files ------------------------------------------------------------------

VOTE_KEY_DIRECTORY = "vote-keys"
VOTE_KEY_SUFFIX = ".key"


def _fsync_directory(directory: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_key_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically (a 0600 temporary file, fsynced, renamed over the
    target, directory fsynced): a crash leaves the old file or the new one, never half."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def destroy_key_file(path: Path) -> bool:
    """Overwrite the file with random bytes (fsynced), then unlink it (directory fsynced).
    False when there was no file. On copy-on-write or wear-levelled storage the old blocks
    may survive the overwrite: the file is also sealed with the master key, see the doc."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return False
    with open(path, "r+b", buffering=0) as handle:
        handle.write(secrets.token_bytes(max(size, 1)))
        os.fsync(handle.fileno())
    path.unlink()
    _fsync_directory(path.parent)
    return True
