"""`caucus teller keygen|release` and `caucus tellers verify`: a teller's work, offline.

A teller makes their key pair on their own machine (`keygen`): the secret half stays in a file
only they can read; the public half is one line they give the organizers. When a teller vote
closes, the teller runs `release` on the vote's published dealing file: it opens their share
with their secret key, checks it against the published commitments, signs it for that vote,
and writes a release file to upload. `tellers verify` lets anyone check released parts against
the dealing file: each wrong one is named, and it says whether enough good ones are in.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from bot.cli.common import EXIT_USAGE


def register(subparsers: Any) -> None:
    teller = subparsers.add_parser("teller", help="a teller's key pair and share release, offline")
    actions = teller.add_subparsers(dest="teller_command", required=True, metavar="ACTION")
    keygen = actions.add_parser("keygen", help="make your teller key pair on this machine")
    keygen.add_argument(
        "--output", type=Path, default=Path("caucus-teller.key"), help="the secret key file"
    )
    keygen.set_defaults(handler=handle_keygen)
    release = actions.add_parser("release", help="release your share of a closed vote")
    release.add_argument("dealing", type=Path, help="the vote's published dealing file (.json)")
    release.add_argument(
        "--key", type=Path, default=Path("caucus-teller.key"), help="your secret key file"
    )
    release.add_argument("--output", type=Path, default=None, help="where to write the release")
    release.set_defaults(handler=handle_release)


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_USAGE


def handle_keygen(args: argparse.Namespace) -> int:
    from bot.domain.voting.tellers import generate_teller_keys

    path: Path = args.output
    secret = generate_teller_keys()
    try:
        # Created new and readable by its owner only; never overwrites an existing key.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return fail(f"{path} exists already; move it away or choose another --output")
    except OSError as error:
        return fail(f"cannot create {path}: {error.strerror}")
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secret.encode() + "\n")
    public = secret.public()
    print(f"Your secret teller key is in {path}. Keep it; nobody else should see it.")
    print("Give the organizers this public key (one line):")
    print()
    print(f"    {public.encode()}")
    print()
    print(f"Its fingerprint is {public.fingerprint}: check that the vote's announcement shows it.")
    return 0


def read_text_file(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"{what} {path} does not exist") from None
    except UnicodeDecodeError:
        raise ValueError(f"{what} {path} is not a text file") from None
    except OSError as error:
        raise ValueError(f"cannot read {what} {path}: {error.strerror}") from None


def load_dealing(path: Path) -> Any:
    from bot.domain.voting.teller_file import PublishedDealing

    text = read_text_file(path, "the dealing file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise ValueError(f"the dealing file {path} is not JSON") from None
    return PublishedDealing.from_json(data)


def handle_release(args: argparse.Namespace) -> int:
    from bot.domain.voting.teller_file import teller_number
    from bot.domain.voting.tellers import TellerError, TellerSecretKey, make_release

    try:
        published = load_dealing(args.dealing)
        secret = TellerSecretKey.decode(read_text_file(args.key, "the key file"))
        number = teller_number(published, secret)
        release = make_release(published.context, published.dealing, number, secret)
    except (ValueError, TellerError) as error:
        return fail(str(error))
    output: Path = args.output or Path(f"release-teller-{number}.txt")
    try:
        output.write_text(release.encode() + "\n", encoding="ascii")
    except OSError as error:
        return fail(f"cannot write {output}: {error.strerror}")
    name = published.tellers[number - 1].name
    print(f"Released teller {number}'s share ({name}) for {published.context}.")
    print(f"Upload {output} with /teller release in Discord (it opens nothing on its own).")
    return 0


def teller_label(published: Any, number: int) -> str:
    for teller in published.tellers:
        if teller.number == number:
            return f"teller {number} ({teller.name})"
    return f"teller {number}"
