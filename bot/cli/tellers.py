"""`caucus tellers verify DEALING RELEASE...`: anyone checks tellers' released parts.

Each release is checked against the vote's published dealing file: signed by that teller's
key, for that vote, matching the published commitments. A wrong one is named with its
teller; the last line says whether enough good ones are in to open the ballots.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.cli.teller import fail, load_dealing, read_text_file, teller_label


def register(subparsers: Any) -> None:
    tellers = subparsers.add_parser(
        "tellers", help="check tellers' releases against a vote's dealing file"
    )
    checks = tellers.add_subparsers(dest="tellers_command", required=True, metavar="ACTION")
    verify = checks.add_parser("verify", help="check released parts against the dealing file")
    verify.add_argument("dealing", type=Path, help="the vote's published dealing file (.json)")
    verify.add_argument("releases", type=Path, nargs="*", help="release files to check")
    verify.set_defaults(handler=handle_verify)


def handle_verify(args: argparse.Namespace) -> int:
    from bot.domain.voting.tellers import Release, TellerError, WrongReleaseError, check_release

    try:
        published = load_dealing(args.dealing)
    except (ValueError, TellerError) as error:
        return fail(str(error))
    dealing = published.dealing
    print(
        f"{published.context}: {len(published.tellers)} tellers, any {dealing.threshold} "
        "can open the ballots."
    )
    for teller in published.tellers:
        print(f"  teller {teller.number}: {teller.name} (key {teller.key.fingerprint})")
    good: set[int] = set()
    status = 0
    for path in args.releases:
        try:
            release = Release.decode(read_text_file(path, "the release file"))
            check_release(published.context, dealing, published.teller_keys(), release)
        except WrongReleaseError as error:
            name = teller_label(published, error.teller)
            print(f"  {path}: WRONG — {name}: {error.reason}")
            status = 1
            continue
        except (ValueError, TellerError) as error:
            print(f"  {path}: unreadable — {error}")
            status = 1
            continue
        good.add(release.teller)
        print(f"  {path}: good — {teller_label(published, release.teller)}")
    enough = len(good) >= dealing.threshold
    verdict = "enough to open the ballots" if enough else "not enough to open the ballots"
    print(f"{len(good)} good release(s) of the {dealing.threshold} needed: {verdict}.")
    return status
