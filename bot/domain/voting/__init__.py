"""Votes: definitions, lifecycle, nominations, ballots, secret-ballot crypto, published files.

Counting lives in bot.domain.counting; docs/secret-ballots.md explains the secrecy design.
"""
